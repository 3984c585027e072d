"""The two ways ``Neo4jStore.write_batch`` aggregates a relationship give one answer: a
relationship a batch creates takes the aggregates of the batch's own evidence in its MERGE,
one that exists is re-counted from all its evidence."""

from __future__ import annotations

import pytest

from graphkit.models import Subgraph
from graphkit.store.base import GraphStore
from store.fixture_graph import article_one, article_two, both_articles

pytestmark = pytest.mark.neo4j


def _edges(store: GraphStore) -> list[dict[str, object]]:
    graph: Subgraph = store.export()
    return [e.model_dump() for e in graph.edges]


def test_created_and_recounted_relationships_agree(neo4j_store: GraphStore) -> None:
    neo4j_store.write_batch(both_articles())  # every relationship created in one batch
    at_once = _edges(neo4j_store)
    neo4j_store.clear()
    neo4j_store.write_batch([article_one()])
    neo4j_store.write_batch([article_two()])  # NATO-REQUEST-KOR exists now: re-counted
    one_by_one = _edges(neo4j_store)
    assert one_by_one == at_once
    request = [e for e in at_once if e["type"] == "REQUEST"]
    assert [e["weight"] for e in request] == [2]


def test_an_updated_article_recounts_what_it_no_longer_supports(
    neo4j_store: GraphStore,
) -> None:
    neo4j_store.write_batch(both_articles())
    shorter = article_two()
    shorter = shorter.model_copy(
        update={
            "article": shorter.article.model_copy(update={"text": shorter.article.text + " More."}),
            "relations": [r for r in shorter.relations if r.type != "REQUEST"],
        }
    )
    summary = neo4j_store.write_batch([shorter])
    assert summary.articles_updated == 1
    request = [e for e in _edges(neo4j_store) if e["type"] == "REQUEST"]
    assert [e["weight"] for e in request] == [1]
