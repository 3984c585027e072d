"""The ``%%cypher`` magic, driven through IPython's own shell in this process.

Queries go to the real Neo4j (the ``neo4j_store`` fixture), loaded with the small
``cypher_fixture`` graph; expected rows come from the fixture's facts in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import cypher_fixture as fx
import numpy as np
import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from graphkit import analytics, notebook
from graphkit.store.base import GraphStore


@pytest.fixture(scope="module")
def shell() -> Iterator[InteractiveShell]:
    sh = InteractiveShell.instance()
    sh.run_line_magic("load_ext", "graphkit")
    yield sh
    if hasattr(sh, notebook.STORE_ATTR):
        delattr(sh, notebook.STORE_ATTR)


@pytest.fixture
def neo4j(shell: InteractiveShell, neo4j_store: GraphStore) -> InteractiveShell:
    fx.load(neo4j_store)
    shell.user_ns["gk_store"] = neo4j_store
    shell.run_line_magic("cypher_connect", "gk_store")
    return shell


def cypher(shell: InteractiveShell, query: str, line: str = "") -> pd.DataFrame:
    return shell.run_cell_magic("cypher", line, query)


# --------------------------------------------------------------- pure helpers


def test_parameter_names_skip_strings_and_comments() -> None:
    q = "// uses $notme\nMATCH (a) WHERE a.id = $who AND a.name <> '$literal' RETURN $who, $n2"
    assert notebook.query_parameter_names(q) == ["who", "n2"]


def test_numpy_and_pandas_values_become_plain() -> None:
    value = {"n": np.int64(3), "xs": pd.Series(["a", "b"]), "s": {"y", "x"}, "d": date(2024, 1, 1)}
    plain = notebook.to_cypher_value(value)
    assert plain == {"n": 3, "xs": ["a", "b"], "s": ["x", "y"], "d": date(2024, 1, 1)}
    assert type(plain["n"]) is int
    with pytest.raises(UsageError, match="cannot pass"):
        notebook.to_cypher_value(object())


def test_missing_parameters_are_named() -> None:
    with pytest.raises(UsageError, match=r"\$absent"):
        notebook.collect_parameters("RETURN $present, $absent", None, {"present": 1})
    got = notebook.collect_parameters("RETURN $a, $b", {"a": 1}, {"a": 2, "b": 3})
    assert got == {"a": 1, "b": 3}  # explicit wins over the notebook's variables


def test_result_subgraph_recognises_actors_and_relationships() -> None:
    rows = [
        {
            "a": {"id": "PRK", "name": "North Korea", "kind": "state"},
            "path": [
                {"id": "PRK", "name": "North Korea", "kind": "state"},
                {"key": "PRK|AID|RUS", "weight": 2, "modalities": ["reported"]},
                {"id": "RUS", "name": "Russia", "kind": "state"},
            ],
            "n": 3,
        }
    ]
    sub = notebook.result_subgraph(rows)
    assert sorted(n.id for n in sub.nodes) == ["PRK", "RUS"]
    assert [(e.source, e.type, e.target, e.weight) for e in sub.edges] == [("PRK", "AID", "RUS", 2)]


# ---------------------------------------------------------------- the magics


def test_memory_store_is_refused_clearly(shell: InteractiveShell, memory_store: GraphStore) -> None:
    shell.user_ns["mem"] = memory_store
    with pytest.raises(UsageError, match="does not run Cypher"):
        cypher(shell, "RETURN 1 AS one", "--store mem")


def test_empty_cell_and_bad_store_variable(shell: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="empty"):
        cypher(shell, "   ")
    shell.user_ns["not_a_store"] = 42
    with pytest.raises(UsageError, match="not a GraphStore"):
        cypher(shell, "RETURN 1", "--store not_a_store")


def test_query_returns_a_dataframe(neo4j: InteractiveShell) -> None:
    frame = cypher(neo4j, "MATCH (a:Actor) RETURN a.id AS id, a.kind AS kind ORDER BY id")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["id", "kind"]
    assert frame["id"].tolist() == sorted(fx.ACTORS)


def test_nodes_come_back_as_dicts(neo4j: InteractiveShell) -> None:
    frame = cypher(neo4j, "MATCH (a:Actor {id: 'PRK'}) RETURN a")
    node = frame["a"].iloc[0]
    assert isinstance(node, dict)
    assert node["properties"]["name"] == "North Korea"
    assert "Actor" in node["labels"]


def test_parameters_come_from_notebook_variables(neo4j: InteractiveShell) -> None:
    neo4j.user_ns["min_weight"] = np.int64(2)
    frame = cypher(
        neo4j,
        "MATCH (s:Actor)-[r]->(t:Actor) WHERE r.weight >= $min_weight "
        "RETURN s.id AS s, type(r) AS t, t.id AS o ORDER BY s, t, o",
    )
    expected = sorted(tuple(k.split("|")) for k, n in fx.weights().items() if n >= 2)
    assert [tuple(r) for r in frame.itertuples(index=False)] == expected
    neo4j.user_ns["qp"] = {"min_weight": 100}
    assert cypher(
        neo4j, "MATCH ()-[r]->() WHERE r.weight >= $min_weight RETURN r", "--params qp"
    ).empty


def test_read_only_by_default(neo4j: InteractiveShell, neo4j_store: GraphStore) -> None:
    before = neo4j_store.stats().actors
    with pytest.raises(UsageError):
        cypher(neo4j, "CREATE (:Actor {id: 'ZZZ', name: 'Nowhere', kind: 'state'})")
    with pytest.raises(UsageError):
        cypher(neo4j, "MATCH (a:Actor {id: 'PRK'}) DETACH DELETE a")
    assert neo4j_store.stats().actors == before


def test_write_flag_allows_writes(neo4j: InteractiveShell, neo4j_store: GraphStore) -> None:
    neo4j.user_ns["new_id"] = "ZZZ"
    cypher(neo4j, "CREATE (:Actor {id: $new_id, name: 'Nowhere', kind: 'state'})", "--write")
    assert cypher(neo4j, "MATCH (a:Actor {id: 'ZZZ'}) RETURN a.name AS n")["n"].tolist() == [
        "Nowhere"
    ]


def test_out_assigns_a_variable(neo4j: InteractiveShell) -> None:
    cypher(neo4j, "MATCH (a:Actor) RETURN count(a) AS n", "-o counted")
    assert neo4j.user_ns["counted"]["n"].iloc[0] == len(fx.ACTORS)


def test_view_draws_the_answer(neo4j: InteractiveShell) -> None:
    with capture_output() as cap:
        frame = cypher(
            neo4j,
            "MATCH path = (:Actor {id: 'PRK'})-[:AID]->(:Actor {id: 'RUS'}) RETURN path",
            "--view --title 'PRK aid'",
        )
    assert len(frame) == 1
    html = cap.outputs[0].data["text/html"]
    assert html.startswith("<iframe srcdoc=")
    # the page inside carries both actors and the relation (HTML-escaped in srcdoc)
    assert "North Korea" in html and "Russia" in html and "AID" in html


def test_connect_from_settings(shell: InteractiveShell, neo4j_store: GraphStore) -> None:
    # builds Settings from the GRAPHKIT_* environment the tests run with
    with capture_output() as cap:
        shell.run_line_magic("cypher_connect", "--backend neo4j")
    assert "neo4j" in cap.stdout
    assert cypher(shell, "RETURN 1 AS one")["one"].tolist() == [1]
    assert notebook.current_store(shell) is not neo4j_store


def test_library_lists_the_analyst_queries() -> None:
    frame = notebook.library()
    assert "find_supporters" in frame["name"].tolist()
    assert (frame["purpose"].str.len() > 10).all()
    assert len(notebook.library(include_store=True)) >= len(frame)


def test_library_refuses_unknown_names(shell: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="no query file"):
        shell.run_line_magic("cypher_library", "find_nothing_here")


def test_library_query_takes_notebook_variables(neo4j: InteractiveShell) -> None:
    neo4j.user_ns.update(actorA="PRK", actorB="RUS")
    frame = neo4j.run_line_magic("cypher_library", "count_pair_modalities")
    expected = sum(1 for _, s, _t, o, _m in fx.FACTS if {s, o} == {"PRK", "RUS"})
    assert frame["evidence"].sum() == expected


def test_quoted_magic_arguments_lose_their_quotes() -> None:
    assert notebook._unquote('"North Korea: two hops"') == "North Korea: two hops"
    assert notebook._unquote("'PRK aid'") == "PRK aid"
    assert notebook._unquote("plain") == "plain"
    assert notebook._unquote("\"mixed'") == "\"mixed'"


def test_connect_memory_from_settings(
    shell: InteractiveShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHKIT_HOME", str(tmp_path))
    with capture_output() as cap:
        shell.run_line_magic("cypher_connect", "--backend memory")
    assert "memory store" in cap.stdout
    store = notebook.current_store(shell)
    assert store.name == "memory"
    with pytest.raises(UsageError, match="does not run Cypher"):
        cypher(shell, "RETURN 1")
    # the analytics API still works on it, through the same cached store
    assert analytics.centrality(store).nodes == 0
