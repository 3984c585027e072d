"""Corroboration on every aggregated relationship: ``articles`` and ``sources`` (distinct
outlets), kept right on every write and re-ingest, filled in for older graphs at
``setup()``, and the ``min_sources`` filter, on every backend (the contract's ``store``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graphkit.models import Actor, Article, Edge, EdgeFilter, Extraction
from graphkit.store import record
from graphkit.store.base import GraphStore
from graphkit.store.memory import MemoryStore
from store.fixture_graph import rel

A = Actor(id="AAA", name="Alphaland", kind="state")
B = Actor(id="BBB", name="Betaland", kind="state")
C = Actor(id="CCC", name="Gammaland", kind="state")
D = Actor(id="DDD", name="Deltaland", kind="state")


def report(
    article_id: str,
    source: str | None,
    url: str | None = None,
    pairs: tuple[tuple[Actor, Actor], ...] = ((A, B),),
    text: str = "",
) -> Extraction:
    """An article from ``source`` (or the host of ``url``) saying each pair consults."""
    art = Article(
        id=article_id,
        text=text or f"article {article_id}",
        url=url,
        source=source,
        published=date(2024, 5, 1),
    )
    rels = [
        rel(art, s, "CONSULT", t, f"{s.name} talks to {t.name} ({article_id}).", i * 50)
        for i, (s, t) in enumerate(pairs)
    ]
    return Extraction(article=art, actors=[A, B, C, D], relations=rels)


def counts(store: GraphStore) -> dict[tuple[str, str], tuple[int, int]]:
    """(source, target) -> (articles, sources) of every exported edge."""
    return {(e.source, e.target): (e.articles, e.sources) for e in store.export().edges}


@pytest.mark.parametrize(
    ("source", "url", "outlet"),
    [
        ("Reuters", "https://www.example.org/x", "Reuters"),  # the name wins over the URL
        ("  AP ", None, "AP"),
        (None, "https://www.Example.ORG/x", "example.org"),
        ("", "http://news.example.com:8080/a?b=1", "news.example.com"),
        (None, None, None),
        ("   ", None, None),
    ],
)
def test_outlet_is_the_source_else_the_host(
    source: str | None, url: str | None, outlet: str | None
) -> None:
    assert record.outlet(source, url) == outlet


def test_counts_follow_outlets_and_articles(store: GraphStore) -> None:
    store.write_batch([report("r1", "Reuters"), report("r2", "Reuters")])
    assert counts(store) == {("AAA", "BBB"): (2, 1)}  # two articles, one outlet
    store.write_batch([report("a1", "AP")])
    assert counts(store) == {("AAA", "BBB"): (3, 2)}
    # no source: the URL's host, without www., is the outlet
    store.write_batch(
        [report("e1", None, "https://www.example.org/x"), report("e2", "example.org")]
    )
    assert counts(store) == {("AAA", "BBB"): (5, 3)}
    # no source and no URL: the article counts, its outlet does not
    store.write_batch([report("n1", None)])
    assert counts(store) == {("AAA", "BBB"): (6, 3)}
    edge = store.relations("AAA", "BBB")[0]
    assert (edge.articles, edge.sources, edge.weight) == (6, 3, 6)


def test_unknown_outlet_only(store: GraphStore) -> None:
    store.write_batch([report("n1", None), report("n2", None)])
    assert counts(store) == {("AAA", "BBB"): (2, 0)}


def test_reingest_with_changed_source_updates_counts(store: GraphStore) -> None:
    store.write_batch([report("r1", "Reuters"), report("x1", "Reuters")])
    assert counts(store) == {("AAA", "BBB"): (2, 1)}
    # x1 edited: new text, now credited to AFP
    summary = store.write_batch([report("x1", "AFP", text="article x1, corrected")])
    assert summary.articles_updated == 1
    assert counts(store) == {("AAA", "BBB"): (2, 2)}
    # edited again, it no longer reports the pair: its article and outlet leave the count
    store.write_batch([report("x1", "AFP", pairs=((C, D),), text="article x1, rewritten")])
    assert counts(store) == {("AAA", "BBB"): (1, 1), ("CCC", "DDD"): (1, 1)}


def corroborated_graph(store: GraphStore) -> None:
    """A-B reported by two outlets; B-C and C-D by one outlet in two articles each."""
    store.write_batch(
        [
            report("r1", "Reuters", pairs=((A, B), (B, C), (C, D))),
            report("r2", "Reuters", pairs=((B, C), (C, D))),
            report("a1", "AP", pairs=((A, B),)),
        ]
    )


def test_min_sources_filters_every_traversal(store: GraphStore) -> None:
    corroborated_graph(store)
    two = EdgeFilter(min_sources=2)
    only_ab = {("AAA", "BBB"): (2, 2)}
    assert counts(store) == {**only_ab, ("BBB", "CCC"): (2, 1), ("CCC", "DDD"): (2, 1)}
    assert {(e.source, e.target): (e.articles, e.sources) for e in store.export(two).edges} == (
        only_ab
    )
    hood = store.neighbourhood("BBB", depth=2, filt=two)
    assert {n.id for n in hood.nodes} == {"AAA", "BBB"}
    assert [(e.source, e.target, e.sources) for e in hood.edges] == [("AAA", "BBB", 2)]
    encoded = store.neighbourhood_json("BBB", depth=2, filt=two)
    assert [Edge.model_validate(x) for x in json.loads(encoded.edges)] == hood.edges
    assert store.paths("AAA", "DDD") != []
    assert store.paths("AAA", "DDD", filt=two) == []
    assert [[n.id for n in p.nodes] for p in store.paths("AAA", "BBB", filt=two)] == [
        ["AAA", "BBB"]
    ]
    assert store.export(EdgeFilter(min_sources=3)).edges == []
    # min_sources=0 filters nothing; min_sources=1 drops only edges with no known outlet
    assert len(store.export(EdgeFilter(min_sources=0)).edges) == 3
    store.write_batch([report("n1", None, pairs=((A, D),))])
    assert ("AAA", "DDD") not in {
        (e.source, e.target) for e in store.export(EdgeFilter(min_sources=1)).edges
    }


def test_neo4j_fills_in_counts_of_an_older_graph(
    neo4j_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit.store.neo4j import writes

    corroborated_graph(neo4j_store)
    neo4j_store.write_batch([report("e1", None, "https://www.example.org/x", pairs=((C, D),))])
    want = counts(neo4j_store)
    assert want[("CCC", "DDD")] == (3, 2)
    # as a graph written before this change: no outlet on articles, no counts on edges
    neo4j_store.run_cypher(
        "MATCH (a:Article) REMOVE a.outlet WITH count(*) AS n "
        "MATCH (:Actor)-[r]->(:Actor) REMOVE r.articles, r.sources RETURN count(*) AS n",
        write=True,
    )
    stripped = neo4j_store.run_cypher(
        "MATCH (:Actor)-[r]->(:Actor) WHERE r.sources IS NULL RETURN count(r) AS n"
    )
    assert list(stripped) == [{"n": 3}]
    assert set(counts(neo4j_store).values()) == {(0, 0)}
    # small batches, so the fill-in pages through articles and relationships
    monkeypatch.setattr(writes, "FILL_BATCH", 2)
    neo4j_store.setup()
    assert counts(neo4j_store) == want
    outlets = neo4j_store.run_cypher("MATCH (a:Article) RETURN a.id AS id, a.outlet AS outlet")
    assert {r["id"]: r["outlet"] for r in outlets} == {
        "r1": "Reuters",
        "r2": "Reuters",
        "a1": "AP",
        "e1": "example.org",
    }
    corroborated = neo4j_store.export(EdgeFilter(min_sources=2)).edges
    assert {(e.source, e.target) for e in corroborated} == {("AAA", "BBB"), ("CCC", "DDD")}
    neo4j_store.setup()  # nothing left to fill: the same graph
    assert counts(neo4j_store) == want


def test_memory_fills_in_counts_of_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    corroborated_graph(store)
    store.write_batch([report("e1", None, "https://www.example.org/x", pairs=((C, D),))])
    want = counts(store)
    store.close()
    # as a file saved before this change: no outlet on articles, no counts on edges
    data = json.loads(path.read_text(encoding="utf-8"))
    for art in data["articles"]:
        del art["outlet"]
    for row in data["edges"]:
        del row["props"]["articles"], row["props"]["sources"]
    path.write_text(json.dumps(data), encoding="utf-8")
    reopened = MemoryStore(path)
    reopened.setup()
    assert counts(reopened) == want
    assert counts(reopened)[("CCC", "DDD")] == (3, 2)
    corroborated = reopened.export(EdgeFilter(min_sources=2)).edges
    assert {(e.source, e.target) for e in corroborated} == {("AAA", "BBB"), ("CCC", "DDD")}
    reopened.close()
