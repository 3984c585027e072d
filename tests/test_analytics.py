"""Analytics on hand-built graphs whose answers are known without running networkx.

Shapes used:
* a star: the centre lies on every path between leaves (normalised betweenness 1.0);
* two 4-cliques joined by one link: that link is the only bridge and the partition
  is the two cliques;
* a chain of SUPPORT edges: direction matters for PageRank (the end of the chain wins).

The same shapes go through both stores (``store`` fixture) to check ``store.export``
feeds analytics the same graph.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from cli_runner import Ran, graphkit_in, store_env
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from hypothesis import HealthCheck, settings

from graphkit import analytics
from graphkit.analytics import graph as analytics_graph
from graphkit.config import Settings
from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import (
    Actor,
    ActorNode,
    Article,
    Edge,
    EdgeFilter,
    Extraction,
    Relation,
    Subgraph,
)
from graphkit.query import make_filter
from graphkit.store.base import GraphStore, orient


def node(actor_id: str, name: str | None = None) -> ActorNode:
    return ActorNode(id=actor_id, name=name or f"Actor {actor_id}", kind="state")


def edge(s: str, t: str, rel_type: str = "COOPERATE", weight: int = 1, **kw: object) -> Edge:
    s, t = orient(s, rel_type, t)
    return Edge(source=s, target=t, type=rel_type, predicate="p", weight=weight, **kw)  # type: ignore[arg-type]


def graph(pairs: list[tuple[str, str]], rel_type: str = "COOPERATE") -> Subgraph:
    ids = sorted({x for p in pairs for x in p})
    return Subgraph(nodes=[node(i) for i in ids], edges=[edge(s, t, rel_type) for s, t in pairs])


STAR_LEAVES = ["L1", "L2", "L3", "L4", "L5"]
STAR = [("HUB", leaf) for leaf in STAR_LEAVES]
CLIQUE_A = ["A1", "A2", "A3", "A4"]
CLIQUE_B = ["B1", "B2", "B3", "B4"]
BARBELL = [
    *itertools.combinations(CLIQUE_A, 2),
    *itertools.combinations(CLIQUE_B, 2),
    ("A1", "B1"),
]


# ------------------------------------------------------------ pure functions


def test_to_networkx_keeps_every_typed_edge() -> None:
    sub = Subgraph(
        nodes=[node("X"), node("Y")],
        edges=[edge("X", "Y", "SUPPORT", 3), edge("X", "Y", "AID", 2), edge("Y", "X", "ACCUSE")],
    )
    g = analytics.to_networkx(sub)
    assert g.number_of_edges() == 3
    assert g["X"]["Y"]["AID"]["weight"] == 2
    assert g.nodes["X"]["name"] == "Actor X"
    simple = analytics.to_weighted_graph(sub)
    assert simple.number_of_edges() == 1
    assert simple["X"]["Y"]["weight"] == 6
    assert sorted(simple["X"]["Y"]["types"]) == ["ACCUSE", "AID", "SUPPORT"]


def test_negated_edges_are_left_out_unless_asked() -> None:
    sub = Subgraph(nodes=[node("X"), node("Y")], edges=[edge("X", "Y", "ACCUSE", negated=True)])
    assert analytics.to_weighted_graph(sub).number_of_edges() == 0
    assert analytics.to_weighted_graph(sub, include_negated=True).number_of_edges() == 1


def test_star_centre_is_most_central() -> None:
    report = analytics.centrality(graph(STAR), by="betweenness", top=3)
    assert report.nodes == 6 and report.edges == 5
    assert report.rows[0].id == "HUB"
    hub = report.rows[0]
    # every leaf-to-leaf path goes through the hub
    assert hub.betweenness == pytest.approx(1.0)
    assert hub.degree == len(STAR_LEAVES) and hub.degree_centrality == pytest.approx(1.0)
    assert all(r.betweenness == 0 for r in report.rows[1:])
    assert len(report.rows) == 3


def test_large_graphs_sample_betweenness(monkeypatch: pytest.MonkeyPatch) -> None:
    leaves = [f"L{i}" for i in range(200)]
    star = graph([("HUB", leaf) for leaf in leaves])
    exact = analytics.centrality(star, by="betweenness", top=1)
    assert not exact.approximate and exact.betweenness_sources == 201
    monkeypatch.setattr(analytics_graph, "BETWEENNESS_BUDGET", 2_000)
    sampled = analytics.centrality(star, by="betweenness", top=1)
    assert sampled.approximate
    assert sampled.betweenness_sources == analytics.MIN_PIVOTS
    # sampling estimates the scores but keeps the hub on top
    assert sampled.rows[0].id == "HUB"
    assert analytics.bridges(graph(BARBELL)).approximate is False


def test_centrality_top_zero_returns_all_and_ranks_are_ordered() -> None:
    report = analytics.centrality(graph(STAR), by="degree", top=0)
    assert len(report.rows) == 6
    assert [r.rank for r in report.rows] == list(range(1, 7))
    degrees = [r.degree for r in report.rows]
    assert degrees == sorted(degrees, reverse=True)


def test_strength_counts_evidence() -> None:
    sub = Subgraph(
        nodes=[node("X"), node("Y"), node("Z")],
        edges=[edge("X", "Y", weight=1), edge("Z", "Y", weight=7)],
    )
    rows = analytics.centrality(sub, by="strength", top=0).rows
    assert [r.id for r in rows] == ["Y", "Z", "X"]
    assert [r.strength for r in rows] == [8, 7, 1]


def test_pagerank_follows_direction_and_symmetry() -> None:
    chain = graph([("X", "Y"), ("Y", "Z")], rel_type="SUPPORT")
    ranked = [r.id for r in analytics.centrality(chain, by="pagerank").rows]
    # undirected, Y would lead; along SUPPORT edges the end of the chain collects the rank
    assert ranked == ["Z", "Y", "X"]
    allies = graph([("X", "Y")], rel_type="ALLY_OF")
    rows = analytics.centrality(allies, by="pagerank").rows
    assert rows[0].pagerank == pytest.approx(rows[1].pagerank)


def test_two_cliques_form_two_communities() -> None:
    report = analytics.communities(graph(BARBELL))
    assert [c.size for c in report.communities] == [4, 4]
    found = sorted(sorted(c.members) for c in report.communities)
    assert found == [CLIQUE_A, CLIQUE_B]
    assert report.modularity > 0.3
    # six links inside each clique
    assert [c.internal_weight for c in report.communities] == [6, 6]


def test_communities_are_reproducible_with_a_seed() -> None:
    g = graph(BARBELL + STAR + [("HUB", "A2")])
    first = analytics.communities(g, seed=7)
    second = analytics.communities(g, seed=7)
    assert first == second


def test_communities_of_edgeless_graph_are_singletons() -> None:
    report = analytics.communities(Subgraph(nodes=[node("X"), node("Y")]))
    assert [c.members for c in report.communities] == [["X"], ["Y"]]
    assert report.modularity == 0.0
    assert analytics.communities(Subgraph(nodes=[node("X")]), min_size=2).communities == []


def test_the_link_between_cliques_is_the_bridge() -> None:
    report = analytics.bridges(graph(BARBELL))
    assert report.mode == "communities"
    assert len(report.edges) == 1
    only = report.edges[0]
    assert (only.source, only.target) == ("A1", "B1")
    assert only.is_bridge
    assert sorted(only.communities) == [0, 1]
    assert {a.id for a in report.actors} == {"A1", "B1"}
    assert all(a.articulation for a in report.actors)


def test_bridges_between_two_blocs() -> None:
    # A1..A4 and B1..B4 are the blocs; M sits between them, and a longer detour exists
    detour = [("A2", "P"), ("P", "Q"), ("Q", "R"), ("R", "S"), ("S", "B2")]
    pairs = [*BARBELL[:-1], ("A1", "M"), ("M", "B1"), *detour]
    report = analytics.bridges(graph(pairs), bloc_a=CLIQUE_A, bloc_b=["b1", "Actor B2", *CLIQUE_B])
    assert report.mode == "blocs"
    assert report.bloc_b == CLIQUE_B
    # every bloc pair is at most 4 hops apart through M; the 5-hop detour is never shortest
    assert [a.id for a in report.actors] == ["M"]
    names = {(e.source, e.target) for e in report.edges}
    assert ("A1", "M") in names and ("B1", "M") in names
    assert ("P", "Q") not in names


def test_bloc_errors_are_specific() -> None:
    g = graph(BARBELL)
    with pytest.raises(ValidationError, match="both blocs"):
        analytics.bridges(g, bloc_a=["A1"])
    with pytest.raises(ValidationError, match="overlap"):
        analytics.bridges(g, bloc_a=["A1"], bloc_b=["A1", "B1"])
    with pytest.raises(UnknownActor) as err:
        analytics.bridges(g, bloc_a=["A1"], bloc_b=["Actor B9"])
    assert any("B" in s for s in err.value.suggestions)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValidationError, match="measure"):
        analytics.centrality(graph(STAR), by="fame")
    with pytest.raises(ValidationError, match="top"):
        analytics.centrality(graph(STAR), top=-1)
    with pytest.raises(ValidationError, match="resolution"):
        analytics.communities(graph(STAR), resolution=0)


def test_empty_graph_gives_empty_answers() -> None:
    empty = Subgraph()
    assert analytics.centrality(empty).rows == []
    assert analytics.communities(empty).communities == []
    assert analytics.bridges(empty).edges == []


# ------------------------------------------------------------- via the stores


def _actor(actor_id: str) -> Actor:
    return Actor(id=actor_id, name=f"Actor {actor_id}", kind="state")


def write_pairs(
    store: GraphStore,
    pairs: list[tuple[str, str]],
    rel_type: str = "COOPERATE",
    published: date = date(2024, 10, 21),
    article: str = "a1",
) -> None:
    text = " ".join(f"{s} works with {t}." for s, t in pairs)
    relations = []
    offset = 0
    for s, t in pairs:
        sentence = f"{s} works with {t}."
        relations.append(
            Relation(
                article_id=article,
                type=rel_type,
                predicate="cooperates with",
                source=_actor(s),
                target=_actor(t),
                sentence=sentence,
                start=offset,
                end=offset + len(sentence),
                trigger="works",
            )
        )
        offset += len(sentence) + 1
    actors = [_actor(i) for i in sorted({x for p in pairs for x in p})]
    store.write_batch(
        [
            Extraction(
                article=Article(id=article, text=text, published=published),
                actors=actors,
                relations=relations,
            )
        ]
    )


def test_store_export_feeds_centrality(store: GraphStore) -> None:
    write_pairs(store, STAR)
    report = analytics.centrality(store, EdgeFilter(), by="betweenness", top=1)
    assert report.nodes == 6
    assert report.rows[0].id == "HUB"
    assert report.rows[0].betweenness == pytest.approx(1.0)


def test_store_communities_and_bridges(store: GraphStore) -> None:
    write_pairs(store, BARBELL)
    found = sorted(sorted(c.members) for c in analytics.communities(store).communities)
    assert found == [CLIQUE_A, CLIQUE_B]
    report = analytics.bridges(store)
    assert [(e.source, e.target, e.is_bridge) for e in report.edges] == [("A1", "B1", True)]
    blocs = analytics.bridges(store, bloc_a=["Actor A2"], bloc_b=["B3"])
    assert {a.id for a in blocs.actors} == {"A1", "B1"}


def test_store_filters_reach_the_export(store: GraphStore) -> None:
    write_pairs(store, STAR, published=date(2024, 1, 5), article="old")
    write_pairs(store, [("X", "Y")], rel_type="SUPPORT", published=date(2024, 6, 1), article="new")
    only_new = analytics.centrality(store, make_filter(since=date(2024, 3, 1)), top=0)
    # whether the export keeps now-isolated actors is the store's choice; links are not
    assert only_new.edges == 1
    assert {r.id for r in only_new.rows if r.degree > 0} == {"X", "Y"}
    only_support = analytics.centrality(store, make_filter(types=["SUPPORT"]), top=0)
    assert only_support.edges == 1


# ------------------------------------------------------------ CLI, in-process (CliRunner)


@pytest.fixture
def cli_env(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, dict[str, str]]]:
    """A store holding the barbell graph, and the environment that points the CLI at it."""
    yield store, store_env(store, tmp_path, lambda s: write_pairs(s, BARBELL))


def graphkit(env: dict[str, str], *args: str) -> Ran[str]:
    return graphkit_in(env, "analytics", *args)


def test_cli_centrality_json(cli_env: tuple[GraphStore, dict[str, str]]) -> None:
    _, env = cli_env
    proc = graphkit(env, "centrality", "--by", "betweenness", "--top", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    report = analytics.CentralityReport.model_validate_json(proc.stdout)
    # the two ends of the only link between the cliques lie on every cross path
    assert {r.id for r in report.rows} == {"A1", "B1"}
    assert report.nodes == 8


def test_cli_table(cli_env: tuple[GraphStore, dict[str, str]]) -> None:
    _, env = cli_env
    proc = graphkit(env, "communities")
    assert proc.returncode == 0, proc.stderr
    assert "2 communities of 8 actors" in proc.stdout
    assert "Actor A1" in proc.stdout and "Actor B4" in proc.stdout


def test_cli_bloc_bridges_and_filters(cli_env: tuple[GraphStore, dict[str, str]]) -> None:
    _, env = cli_env
    proc = graphkit(env, "bridges", "--bloc-a", "A2,A3", "--bloc-b", "Actor B2", "--json")
    assert proc.returncode == 0, proc.stderr
    report = analytics.BridgeReport.model_validate_json(proc.stdout)
    assert report.mode == "blocs" and report.bloc_b == ["B2"]
    assert {a.id for a in report.actors} == {"A1", "B1"}
    none = graphkit(env, "centrality", "--types", "SUPPORT", "--json")
    assert none.returncode == 0, none.stderr
    assert analytics.CentralityReport.model_validate_json(none.stdout).edges == 0


def test_cli_errors_are_one_clear_line(cli_env: tuple[GraphStore, dict[str, str]]) -> None:
    _, env = cli_env
    proc = graphkit(env, "centrality", "--types", "LOVES")
    assert proc.returncode != 0
    assert "Unknown relation type 'LOVES'" in proc.stderr and "Traceback" not in proc.stderr
    proc = graphkit(env, "bridges", "--bloc-a", "A1", "--bloc-b", "Atlantis")
    assert proc.returncode != 0
    assert "Unknown actor 'Atlantis'" in proc.stderr


# ------------------------------------------------------------------------- API

TEST_HOSTS = ["testserver", "localhost"]  # the Host TestClient, and schemathesis, send


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    write_pairs(store, BARBELL)
    with TestClient(
        create_app(Settings(api_allowed_hosts=TEST_HOSTS), store=store),
        raise_server_exceptions=False,
    ) as c:
        yield c


def test_api_centrality(client: TestClient) -> None:
    resp = client.get("/analytics/centrality", params={"by": "betweenness", "top": 2})
    assert resp.status_code == 200, resp.text
    assert {r["id"] for r in resp.json()["rows"]} == {"A1", "B1"}


def test_api_communities(client: TestClient) -> None:
    resp = client.get("/analytics/communities", params={"seed": 3})
    assert resp.status_code == 200, resp.text
    found = sorted(sorted(c["members"]) for c in resp.json()["communities"])
    assert found == [CLIQUE_A, CLIQUE_B]


def test_api_bridges(client: TestClient) -> None:
    resp = client.get("/analytics/bridges")
    assert resp.status_code == 200, resp.text
    assert [(e["source"], e["target"]) for e in resp.json()["edges"]] == [("A1", "B1")]
    resp = client.get("/analytics/bridges", params=[("bloc_a", "A2"), ("bloc_b", "B3,B4")])
    assert resp.status_code == 200, resp.text
    assert {a["id"] for a in resp.json()["actors"]} == {"A1", "B1"}


def test_api_errors(client: TestClient) -> None:
    assert client.get("/analytics/centrality", params={"types": "LOVES"}).status_code == 422
    assert client.get("/analytics/centrality", params={"by": "fame"}).status_code == 422
    assert client.get("/analytics/communities", params={"resolution": 0}).status_code == 422
    resp = client.get("/analytics/bridges", params={"bloc_a": "A1"})
    assert resp.status_code == 422 and "both blocs" in resp.text
    resp = client.get("/analytics/bridges", params={"bloc_a": "A1", "bloc_b": "Atlantis"})
    assert resp.status_code == 404


# ------------------------------------------------------------ API fuzzing

FUZZ_EXAMPLES = int(os.environ.get("GRAPHKIT_SCHEMATHESIS_EXAMPLES", "25"))


@pytest.fixture
def analytics_schema(store: GraphStore) -> schemathesis.BaseSchema:
    write_pairs(store, BARBELL)
    app = create_app(Settings(api_allowed_hosts=TEST_HOSTS), store=store)
    return schemathesis.from_asgi("/openapi.json", app, force_schema_version="30").include(
        path_regex=r"^/analytics/"
    )


fuzz_schema = schemathesis.from_pytest_fixture("analytics_schema")


@fuzz_schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call_asgi()
    case.validate_response(response)


def test_cli_min_sources(cli_env: tuple[GraphStore, dict[str, str]]) -> None:
    # the barbell's one article names no outlet (no source, no URL): 0 sources per edge
    _, env = cli_env
    every = graphkit(env, "centrality", "--min-sources", "0", "--json")
    assert every.returncode == 0, every.stderr
    assert analytics.CentralityReport.model_validate_json(every.stdout).edges > 0
    for command in ("centrality", "communities", "bridges"):
        proc = graphkit(env, command, "--min-sources", "1", "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout).get("edges") in (0, [], None), command
    bad = graphkit(env, "centrality", "--min-sources", "-1")
    assert bad.returncode != 0
    assert "min_sources" in bad.stderr and "Traceback" not in bad.stderr
