"""The sandbox's own rules, without a server: text bounds and the plan allow-list.

The plans here have the shape Neo4j 5.26 returns from ``EXPLAIN`` (``operatorType``
with the database after ``@``, ``args.Details``, ``children``); the API tests in
tests/api/test_cypher_sandbox.py send the same queries to the real server.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphkit import errors, query
from graphkit.store.cypher_request import (
    MAX_CYPHER_CHARS,
    MAX_CYPHER_NESTING,
    check_request,
    check_text,
    nesting_depth,
)
from graphkit.store.memory import MemoryStore
from graphkit.store.neo4j.user_cypher import ALLOWED_PROCEDURES, check_plan


def op(
    kind: str, details: str = "", *children: dict[str, Any], db: str = "neo4j"
) -> dict[str, Any]:
    return {
        "operatorType": f"{kind}@{db}",
        "args": {"Details": details},
        "children": list(children),
    }


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("RETURN 1", 0),
        ("RETURN ((1))", 2),
        ("MATCH (a)-[r]->(b) RETURN {x: [a, (b)]}", 3),
        ("RETURN '((((' AS s", 0),
        ('RETURN "[[[\\"[[" AS s', 0),
        ("RETURN 'it\\'s (' AS s, (1)", 1),
        ("MATCH (`a((`) RETURN 1", 1),
        ("RETURN 1 // ((((\nRETURN (2)", 1),
        ("RETURN /* ((( */ (1)", 1),
        ("RETURN )))((", 2),  # stray closers do not go below zero
        ("RETURN '(((", 3),  # an unclosed literal or comment hides nothing
        ("RETURN /* (((", 3),
    ],
)
def test_nesting_depth_ignores_strings_names_and_comments(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_check_text_bounds_length_and_nesting_with_named_limits() -> None:
    assert check_text("  RETURN 1  ") == "RETURN 1"
    ok = "RETURN " + "(" * MAX_CYPHER_NESTING + "1" + ")" * MAX_CYPHER_NESTING
    assert check_text(ok) == ok
    with pytest.raises(
        errors.ValidationError, match=f"3000 levels deep \\(at most {MAX_CYPHER_NESTING}\\)"
    ):
        check_text("RETURN " + "(" * 3000 + "1" + ")" * 3000)
    with pytest.raises(errors.ValidationError, match=f"at most {MAX_CYPHER_CHARS}"):
        check_text("RETURN 1 " + " " * MAX_CYPHER_CHARS)
    for bad in ("", "   ", None, 3):
        with pytest.raises(errors.ValidationError, match="non-empty"):
            check_text(bad)


def test_facade_bounds_text_before_any_store() -> None:
    # the memory store runs no Cypher: a text refusal proves the check comes first
    with pytest.raises(errors.ValidationError, match="levels deep"):
        query.run_cypher(MemoryStore(), "RETURN " + "[" * 500 + "]" * 500)
    with pytest.raises(errors.CypherUnsupported):
        query.run_cypher(MemoryStore(), "RETURN 'LOAD CSV FROM x' AS s")


def test_every_store_bounds_the_request_itself() -> None:
    # the store, not only the facade, refuses a bad request: library callers are bounded too
    with pytest.raises(errors.ValidationError, match="64-bit"):
        MemoryStore().run_cypher("RETURN $n", {"n": 2**64})
    with pytest.raises(errors.ValidationError, match="params must be an object"):
        query.run_cypher(MemoryStore(), "RETURN 1", ["not", "a", "map"])  # type: ignore[arg-type]
    with pytest.raises(errors.ValidationError, match="non-empty"):
        MemoryStore().run_cypher("   ")
    assert check_request(" RETURN $x ", {"x": [1, {"y": "z"}]}) == (
        "RETURN $x",
        {"x": [1, {"y": "z"}]},
    )


def test_check_plan_accepts_reads_and_allowed_procedures() -> None:
    check_plan("r", op("ProduceResults", "n", op("AllNodesScan", "n")), "neo4j")
    for name in sorted(ALLOWED_PROCEDURES):
        check_plan("r", op("ProduceResults", "", op("ProcedureCall", f"{name}() :: (x)")), "neo4j")


@pytest.mark.parametrize(
    ("query_type", "plan", "message"),
    [
        ("w", op("Create"), "writes"),
        ("rw", op("SetProperty"), "writes"),
        ("s", op("AdministrationCommand", db="system"), "changes the schema or the server"),
        (None, op("ProduceResults"), "of type None"),
        ("r", op("ProduceResults", "", op("ShowTransactions")), "SHOW TRANSACTIONS"),
        ("r", op("TerminateTransactions", "transactions(x)"), "TERMINATE TRANSACTIONS"),
        ("r", op("ShowSettings"), "SHOW SETTINGS"),
        ("r", op("LoadCSV", "line"), "LOAD CSV"),
        (
            "r",
            op(
                "ProduceResults",
                "",
                op(
                    "SemiApply",
                    "",
                    op("AllNodesScan"),
                    op("ProcedureCall", "db.stats.retrieve($a) :: (data :: MAP)"),
                ),
            ),
            "db.stats.retrieve",
        ),
        ("r", op("ProcedureCall", "db.prepareForReplanning() :: ()"), "db.prepareForReplanning"),
        ("r", op("ProcedureCall", "db.labelsX() :: (x)"), "db.labelsX"),
        ("r", op("ProduceResults", db="system"), "only read the 'neo4j' database"),
    ],
)
def test_check_plan_refuses_everything_else(
    query_type: str | None, plan: dict[str, Any], message: str
) -> None:
    with pytest.raises(errors.QueryRejected, match=message):
        check_plan(query_type, plan, "neo4j")
