"""The landing page's overview over both real stores: counts, the most active actors and
dyads in the window back from the newest article date, and the newest articles."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from store.fixture_graph import ART_1, ART_2, both_articles

from graphkit.errors import ValidationError
from graphkit.models import Extraction
from graphkit.overview import overview
from graphkit.store.base import GraphStore


def test_overview_window_is_back_from_the_newest_article(store: GraphStore) -> None:
    store.write_batch(both_articles())
    assert ART_1.published and ART_2.published
    # 15 days back from the newest article (2024-11-05) leaves out the first (2024-10-21)
    days = (ART_2.published - ART_1.published).days
    ov = overview(store, days=days, top=3)
    assert ov.until == ART_2.published
    assert ov.since == ART_2.published - timedelta(days=days - 1)
    want: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for r in both_articles()[1].relations:
        if r.source.id != r.target.id:
            want[r.source.id] += 1
            want[r.target.id] += 1
            pairs[tuple(sorted((r.source.id, r.target.id)))] += 1  # type: ignore[index]
    top = sorted(want.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert [(a.actor.id, a.count) for a in ov.actors] == top
    top_pairs = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert [((d.source.id, d.target.id), d.count) for d in ov.dyads] == top_pairs
    assert [a.id for a in ov.articles] == [ART_2.id, ART_1.id]
    assert ov.stats.articles == 2
    # the whole range: the first article counts too
    wide = overview(store, days=days + 1)
    assert sum(a.count for a in wide.actors) > sum(a.count for a in ov.actors)


def test_overview_of_an_empty_graph_and_bad_bounds(store: GraphStore) -> None:
    ov = overview(store)
    assert (ov.until, ov.actors, ov.dyads, ov.articles) == (None, [], [], [])
    assert ov.stats.actors == 0
    with pytest.raises(ValidationError, match="days"):
        overview(store, days=0)
    with pytest.raises(ValidationError, match="top"):
        overview(store, top=1000)


def test_overview_ignores_undated_articles_for_the_window(store: GraphStore) -> None:
    store.write_batch(both_articles())
    undated = both_articles()[1]
    art = undated.article.model_copy(update={"id": "art-undated", "published": None})
    rels = [
        r.model_copy(update={"article_id": art.id, "evidence_id": None}) for r in undated.relations
    ]
    store.write_batch([Extraction(article=art, actors=undated.actors, relations=rels)])
    ov = overview(store, days=1)
    assert ov.since == ov.until == ART_2.published  # the undated article sets no window
    assert [a.id for a in ov.articles][-1] == "art-undated"
    # and its evidence is in no window: the counts are those of the dated article alone
    assert ov.actors == overview(store, days=1, articles=2).actors
    dated = sum(1 for r in undated.relations if r.source.id != r.target.id)
    assert sum(d.count for d in overview(store, days=1, top=100).dyads) == dated
