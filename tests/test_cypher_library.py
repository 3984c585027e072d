"""Every ``cypher/*.cypher`` file: documented and valid on the real Neo4j.

(That each ships in the wheel is checked by ``tests/test_wheel.py``.)

* Each file's header names all of its ``$parameters``.
* Each file is EXPLAINed by Neo4j (planned, never executed) with sample parameters
  taken from its header, so a syntax error or a typo in a label fails here.
* The analyst queries run on a small hand-written graph (``cypher_fixture``) and their
  rows are checked against answers computed from the fixture's facts in Python.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import cypher_fixture as fx
import networkx as nx
import pytest

from graphkit.cypher_files import (
    fragment_names,
    included_fragments,
    load_fragment,
    load_query,
    parameters,
    query_names,
    query_parameters,
)
from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]

ANALYST_QUERIES = [
    "count_pair_modalities",
    "find_bloc_paths",
    "find_common_neighbours",
    "find_mutual_hostility",
    "find_supporters",
    "list_pair_timeline",
    "list_reported_never_asserted",
    "list_strongest_edges",
    "rank_actors_by_degree",
]


def header(name: str, text: str | None = None) -> str:
    lines = (load_query(name) if text is None else text).splitlines()
    out = []
    for line in lines:
        if not line.lstrip().startswith("//"):
            break
        out.append(line)
    return "\n".join(out)


def sample_value(name: str, head: str) -> Any:
    """A sample for ``$name``: the header's ``e.g.`` value, else null.

    Null plans with any type, so statements whose headers describe rather than exemplify
    their parameters (the stores' own) still plan.
    """
    line = next((ln for ln in head.splitlines() if re.search(rf"\${name}\b", ln)), "")
    example = re.search(r"e\.g\.\s*(.+?)\s*$", line)
    if example:
        try:
            return json.loads(example.group(1))
        except json.JSONDecodeError:
            pass
    return None


# Placeholders that are not integers, with a value the store really substitutes.
PLACEHOLDER_SAMPLES = {"{SELECTOR}": "ALL SHORTEST", "{TYPE}": "CONSULT"}


def fill_placeholders(name: str) -> str:
    """The statement with the ``{PLACEHOLDER}``s its header documents filled in.

    A few store statements take validated ints (e.g. a quantifier bound) or fixed
    keywords (a path selector) where Neo4j allows no parameter; the store substitutes
    them before running. Integers get 1, the rest a sample the store would use.
    """
    text = load_query(name)
    for placeholder in set(re.findall(r"\{[A-Z][A-Z_]*\}", header(name))):
        text = text.replace(placeholder, PLACEHOLDER_SAMPLES.get(placeholder, "1"))
    return text


# ------------------------------------------------------------------ the files


def test_library_is_not_empty_and_analyst_files_exist() -> None:
    names = query_names()
    assert set(ANALYST_QUERIES) <= set(names)


@pytest.mark.parametrize("name", query_names())
def test_file_is_named_and_documented(name: str) -> None:
    assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", name), f"{name}: not <verb>_<noun>"
    head = header(name)
    assert head, f"{name}.cypher has no // header comment"
    for param in query_parameters(name):
        assert re.search(rf"\${param}\b", head), f"{name}.cypher: header does not name ${param}"
    body = "\n".join(ln for ln in load_query(name).splitlines() if not ln.lstrip().startswith("//"))
    # one statement per file: no `;` except, at most, a trailing one
    assert ";" not in body.strip().rstrip(";"), f"{name}.cypher holds more than one statement"


@pytest.mark.parametrize("name", fragment_names())
def test_fragment_is_documented_and_included(name: str) -> None:
    assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", name), f"fragment/{name}: not <verb>_<noun>"
    text = load_fragment(name)
    head = header(name, text)
    assert head, f"fragment/{name}.cypher has no // header comment"
    params = parameters(text)
    assert params, f"fragment/{name}.cypher uses no parameters"
    for param in params:
        assert re.search(rf"\${param}\b", head), f"fragment/{name}: header does not name ${param}"
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    assert ";" not in body, f"fragment/{name}.cypher holds a statement end"
    assert "{{" not in body, f"fragment/{name}.cypher includes another fragment"
    users = [q for q in query_names() if name in included_fragments(q)]
    assert users, f"fragment/{name}.cypher is included by no query"


@pytest.mark.parametrize("name", [q for q in query_names() if included_fragments(q)])
def test_includes_resolve_and_are_documented(name: str) -> None:
    text = load_query(name)
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    assert "{{" not in body, f"{name}.cypher: an include is left"
    for fragment in included_fragments(name):
        # the fragment's conditions are in the statement, as it wrote them
        for line in load_fragment(fragment).splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                assert line.strip() in body, f"{name}.cypher lacks {fragment}: {line}"
        for param in parameters(load_fragment(fragment)):
            assert re.search(rf"\${param}\b", header(name)), (
                f"{name}.cypher: header does not name ${param} of fragment/{fragment}"
            )


def test_filter_fragments_are_the_one_edge_and_evidence_filters() -> None:
    # every statement that filters edges or evidence includes a fragment rather than
    # repeat it: filter_edges on relationships, filter_evidence on pieces of evidence
    filtering = [q for q in query_names() if "$excludeTypes" in load_query(q)]
    assert sorted(filtering) == sorted(
        q for q in query_names() if {"filter_edges", "filter_evidence"} & set(included_fragments(q))
    )
    assert {
        "list_dyad_evidence",
        "count_actor_evidence",
        "list_actor_evidence",
        "export_evidence",
    } == {q for q in query_names() if "filter_evidence" in included_fragments(q)}
    assert {"expand_neighbours", "find_edges_among", "find_paths", "export_relationships"} <= set(
        filtering
    )
    for q in query_names():
        raw = (ROOT / "cypher" / f"{q}.cypher").read_text(encoding="utf-8")
        assert "$excludeTypes IS NULL" not in raw, f"{q}.cypher repeats the edge filter"
    with pytest.raises(KeyError, match="no query file"):
        load_fragment("find_nothing")


@pytest.mark.parametrize("name", query_names())
def test_file_plans_on_neo4j(name: str, neo4j_store: GraphStore) -> None:
    head = header(name)
    params = {p: sample_value(p, head) for p in query_parameters(name)}
    # EXPLAIN plans without executing, so the store's own write statements are safe here
    neo4j_store.run_cypher("EXPLAIN " + fill_placeholders(name), params, write=True)
    assert neo4j_store.stats().actors == 0


# Shipping every file in the wheel: tests/test_wheel.py.


# ------------------------------------------------------- analyst queries on data


@pytest.fixture
def graph(neo4j_store: GraphStore) -> GraphStore:
    fx.load(neo4j_store)
    return neo4j_store


def run(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    assert set(params) == set(query_parameters(name)), "test passes every parameter"
    return store.run_cypher(load_query(name), params)


def test_find_supporters(graph: GraphStore) -> None:
    expected = Counter((s, t, o) for _, s, t, o, _m in fx.FACTS if t in ("SUPPORT", "AID"))
    rows = run(graph, "find_supporters", minWeight=1, limit=50)
    assert {(r["source"], r["type"], r["target"]): r["weight"] for r in rows} == dict(expected)
    weights = [r["weight"] for r in rows]
    assert weights == sorted(weights, reverse=True)
    strong = run(graph, "find_supporters", minWeight=2, limit=50)
    assert {(r["source"], r["type"], r["target"]) for r in strong} == {
        k for k, n in expected.items() if n >= 2
    }


def test_count_pair_modalities_either_way(graph: GraphStore) -> None:
    expected = Counter((t, m) for _, s, t, o, m in fx.FACTS if {s, o} == {"PRK", "RUS"})
    for a, b in (("PRK", "RUS"), ("RUS", "PRK")):
        rows = run(graph, "count_pair_modalities", actorA=a, actorB=b)
        assert {(r["type"], r["modality"]): r["evidence"] for r in rows} == dict(expected)


def test_list_pair_timeline_is_in_date_order(graph: GraphStore) -> None:
    facts = [f for f in fx.FACTS if {f[1], f[3]} == {"PRK", "RUS"}]
    rows = run(graph, "list_pair_timeline", actorA="RUS", actorB="PRK", limit=100)
    assert len(rows) == len(facts)
    titles = [r["article"] for r in rows]
    expected_titles = sorted((fx.ARTICLES[f[0]] for f in facts), key=lambda t: t[1])
    assert titles == [t for t, _ in expected_titles]
    assert all(r["sentence"] for r in rows)


def test_list_reported_never_asserted(graph: GraphStore) -> None:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for _, s, _t, o, m in fx.FACTS:
        seen[s][m] += 1
        seen[o][m] += 1
    expected = {a for a, c in seen.items() if c["reported"] and not c["asserted"]}
    rows = run(graph, "list_reported_never_asserted", limit=50)
    assert {r["id"] for r in rows} == expected
    assert expected  # the fixture has such an actor (IRN), so the test can fail


def test_rank_actors_by_degree(graph: GraphStore) -> None:
    degree: Counter[str] = Counter()
    for s, _t, o in fx.rel_keys():
        degree[s] += 1
        degree[o] += 1
    rows = run(graph, "rank_actors_by_degree", limit=50)
    assert {r["id"]: r["degree"] for r in rows} == dict(degree)
    assert rows[0]["degree"] == max(degree.values())


def test_list_strongest_edges(graph: GraphStore) -> None:
    weights = fx.weights()
    rows = run(graph, "list_strongest_edges", actorId="RUS", limit=3)
    touching = sorted((n for k, n in weights.items() if "RUS" in k.split("|")[::2]), reverse=True)
    assert [r["weight"] for r in rows] == touching[:3]


def test_find_common_neighbours(graph: GraphStore) -> None:
    g = nx.Graph([(s, o) for s, _t, o in fx.rel_keys()])
    expected = (set(g["KOR"]) & set(g["UKR"])) - {"KOR", "UKR"}
    rows = run(graph, "find_common_neighbours", actorA="KOR", actorB="UKR", limit=50)
    assert {r["id"] for r in rows} == expected
    assert expected


def test_find_mutual_hostility(graph: GraphStore) -> None:
    hostile = {"ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}
    directed = {(s, o) for s, t, o in fx.rel_keys() if t in hostile}
    expected = {tuple(sorted(p)) for p in directed if (p[1], p[0]) in directed}
    rows = run(graph, "find_mutual_hostility", minWeight=1, limit=50)
    assert {(r["actorA"], r["actorB"]) for r in rows} == expected
    assert expected


def test_find_bloc_paths(graph: GraphStore) -> None:
    g = nx.Graph([(s, o) for s, _t, o in fx.rel_keys()])
    rows = run(graph, "find_bloc_paths", blocA=["PRK", "IRN"], blocB=["USA"], limit=10)
    assert {(r["fromActor"], r["toActor"]) for r in rows} == {("PRK", "USA"), ("IRN", "USA")}
    for r in rows:
        assert r["hops"] == nx.shortest_path_length(g, r["fromActor"], r["toActor"])
        assert len(r["actors"]) == r["hops"] + 1
