"""The GraphStore contract's evidence reads, on every backend: dyad rows, an actor's
counted rows, pages of event rows, actors by id. Expected answers come from the fixture
extractions themselves, never from a store."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from graphkit.models import EdgeFilter, Extraction, Relation
from graphkit.store.base import GraphStore
from store.fixture_graph import (
    ART_1,
    ART_2,
    KOR,
    NATO,
    PRK,
    RUS,
    article_one,
    both_articles,
    chain,
)

DATES = {ART_1.id: ART_1.published, ART_2.id: ART_2.published}


def relations(batch: list[Extraction]) -> list[Relation]:
    return [r for ex in batch for r in ex.relations]


def between(a: str, b: str) -> list[Relation]:
    return [r for r in relations(both_articles()) if {r.source.id, r.target.id} == {a, b}]


def touching(a: str) -> list[Relation]:
    return [r for r in relations(both_articles()) if a in (r.source.id, r.target.id)]


def test_dyad_evidence_either_way_with_dates_and_direction(store: GraphStore) -> None:
    store.write_batch(both_articles())
    want = {
        (r.evidence_id, DATES[r.article_id], r.type, r.source.id, r.target.id, r.negated)
        for r in between(NATO.id, KOR.id)
    }
    assert len(want) == 3  # two requests (one per article) and the partnership
    for a, b in ((NATO.id, KOR.id), (KOR.id, NATO.id)):
        rows = store.dyad_evidence(a, b, EdgeFilter(), 100)
        got = {(r.evidence_id, r.published, r.type, r.source, r.target, r.negated) for r in rows}
        assert got == want
        assert all(r.count == 1 for r in rows)
    assert store.dyad_evidence(NATO.id, PRK.id, EdgeFilter(), 100) == []
    assert len(store.dyad_evidence(NATO.id, KOR.id, EdgeFilter(), 2)) == 2


def test_dyad_evidence_of_an_undated_article_has_no_date(store: GraphStore) -> None:
    # Neo4j sends the date as text: a missing one must come back as None, not "null"
    undated = ART_1.model_copy(update={"id": "art-undated", "published": None})
    store.write_batch([article_one(undated)])
    rows = store.dyad_evidence(KOR.id, NATO.id, EdgeFilter(), 100)
    assert len(rows) == 2
    assert {r.published for r in rows} == {None}
    assert {r.type for r in rows} == {"REQUEST", "PARTNER_OF"}


@pytest.mark.parametrize(
    ("filt", "want"),
    [
        (EdgeFilter(types=["REQUEST"]), {"art-1", "art-2"}),
        (EdgeFilter(exclude_types=["REQUEST"]), {"art-1"}),
        (EdgeFilter(since=date(2024, 11, 1)), {"art-2"}),
        (EdgeFilter(until=date(2024, 10, 21)), {"art-1"}),
        (EdgeFilter(since=date(2025, 1, 1)), set()),
    ],
)
def test_dyad_evidence_filters_each_piece(
    store: GraphStore, filt: EdgeFilter, want: set[str]
) -> None:
    store.write_batch(both_articles())
    rows = store.dyad_evidence(NATO.id, KOR.id, filt, 100)
    expected = {
        r.evidence_id
        for r in between(NATO.id, KOR.id)
        if r.article_id in want
        and (filt.types is None or r.type in filt.types)
        and (filt.exclude_types is None or r.type not in filt.exclude_types)
    }
    assert {r.evidence_id for r in rows} == expected


def test_modality_filters_evidence_not_edges(store: GraphStore) -> None:
    store.write_batch(both_articles())
    # PRK-RUS: troops "reported" in one article, aid "speculated" in the other
    speculated = store.dyad_evidence(PRK.id, RUS.id, EdgeFilter(modality=["speculated"]), 100)
    assert {r.type for r in speculated} == {"AID"}
    want = {r.evidence_id for r in between(PRK.id, RUS.id) if r.modality == "speculated"}
    assert {r.evidence_id for r in speculated} == want


def test_actor_evidence_counts_every_piece_once(store: GraphStore) -> None:
    store.write_batch(both_articles())
    rows = store.actor_evidence(PRK.id, EdgeFilter())
    got: Counter[tuple[object, ...]] = Counter()
    for r in rows:
        assert r.evidence_id is None
        got[(r.published, r.type, r.source, r.target, r.negated)] += r.count
    want = Counter(
        (DATES[r.article_id], r.type, r.source.id, r.target.id, r.negated) for r in touching(PRK.id)
    )
    assert got == want
    assert any(r.negated for r in rows), "the fixture's negated sanction touches PRK"
    assert store.actor_evidence("nobody", EdgeFilter()) == []


def test_actor_evidence_groups_same_day_pieces(store: GraphStore) -> None:
    store.write_batch([chain(4)])  # c00 -> c01 -> c02 -> c03, one article
    rows = store.actor_evidence("c01", EdgeFilter())
    assert sorted((r.source, r.target, r.count) for r in rows) == [
        ("c00", "c01", 1),
        ("c01", "c02", 1),
    ]


def test_event_pages_cover_every_piece_once_in_id_order(store: GraphStore) -> None:
    batch = both_articles()
    store.write_batch(batch)
    pages = list(store.event_pages(EdgeFilter(), 4))
    assert all(len(p) <= 4 for p in pages)
    ids = [ev.id for page in pages for ev in page]
    assert ids == sorted(r.evidence_id for r in relations(batch))
    first = next(ev for page in pages for ev in page if ev.article_id == ART_1.id)
    assert first.article_title == ART_1.title and first.article_source == ART_1.source
    assert first.published == ART_1.published


def test_event_pages_filter_without_losing_later_pages(store: GraphStore) -> None:
    batch = both_articles()
    store.write_batch(batch)
    filt = EdgeFilter(types=["REQUEST"])
    ids = [ev.id for page in store.event_pages(filt, 2) for ev in page]
    assert ids == sorted(r.evidence_id for r in relations(batch) if r.type == "REQUEST")
    assert [ev for page in store.event_pages(EdgeFilter(), 10) for ev in page] != []
    assert [ev for page in store.event_pages(EdgeFilter(types=["PROTEST"]), 3) for ev in page] == []


def test_actor_nodes_by_exact_id(store: GraphStore) -> None:
    store.write_batch(both_articles())
    found = store.actor_nodes([PRK.id, KOR.id, "Pyongyang", "nobody"])
    assert set(found) == {PRK.id, KOR.id}
    assert found[PRK.id].name == PRK.name and found[KOR.id].country == "KOR"
    assert store.actor_nodes([]) == {}


def test_evidence_dates_in_one_read(store: GraphStore) -> None:
    store.write_batch(both_articles())
    undated = Extraction(
        article=ART_1.model_copy(update={"id": "art-undated", "published": None}),
        actors=[NATO, KOR],
        relations=[
            r.model_copy(update={"article_id": "art-undated", "evidence_id": None})
            for r in between(NATO.id, KOR.id)
            if r.type == "REQUEST"
        ],
    )
    store.write_batch([undated])
    assert len(store.evidence(NATO.id, "REQUEST", KOR.id)) == 4  # two of them undated
    request, partner = (NATO.id, "REQUEST", KOR.id), (KOR.id, "PARTNER_OF", NATO.id)
    got = store.evidence_dates([request, partner, (PRK.id, "AID", NATO.id)], 10)
    want_request = sorted(
        DATES[r.article_id] for r in between(NATO.id, KOR.id) if r.type == "REQUEST"
    )
    assert got["NATO|REQUEST|KOR"] == (2, want_request)  # the undated pieces left out
    assert got["KOR|PARTNER_OF|NATO"] == (1, [ART_1.published])
    assert got["PRK|AID|NATO"] == (0, [])  # no such relation
    # capped: the newest dates kept, the count still counts them all
    assert store.evidence_dates([request], 1) == {"NATO|REQUEST|KOR": (2, [ART_2.published])}
    assert store.evidence_dates([], 10) == {}


def test_pair_activity_counts_each_pair_since_a_day(store: GraphStore) -> None:
    store.write_batch(both_articles())
    for since, articles in ((ART_1.published, {ART_1.id, ART_2.id}), (ART_2.published, {ART_2.id})):
        assert since is not None
        want: Counter[tuple[str, str]] = Counter()
        for r in relations(both_articles()):
            if r.article_id in articles and r.source.id != r.target.id:
                a, b = sorted((r.source.id, r.target.id))
                want[(a, b)] += 1
        got = store.pair_activity(since)
        assert got == sorted((a, b, n) for (a, b), n in want.items())
    assert store.pair_activity(date(2030, 1, 1)) == []


def test_latest_articles_newest_first_undated_last(store: GraphStore) -> None:
    store.write_batch(both_articles())
    undated = ART_1.model_copy(update={"id": "art-undated", "published": None})
    store.write_batch([Extraction(article=undated, actors=[], relations=[])])
    got = store.latest_articles(10)
    assert [(a.id, a.published) for a in got] == [
        (ART_2.id, ART_2.published),
        (ART_1.id, ART_1.published),
        ("art-undated", None),
    ]
    assert (got[0].title, got[0].url, got[0].source) == (ART_2.title, ART_2.url, ART_2.source)
    assert [a.id for a in store.latest_articles(1)] == [ART_2.id]


def test_latest_actor_evidence_newest_first_each_piece_filtered(store: GraphStore) -> None:
    store.write_batch(both_articles())
    got = store.latest_actor_evidence(PRK.id, EdgeFilter(), 100)
    assert {r.id for r in got} == {r.evidence_id for r in touching(PRK.id)}
    keys = [(-(r.published or date.min).toordinal(), r.article_id, r.start) for r in got]
    assert keys == sorted(keys)  # newest article first
    assert got[0].article_title == ART_2.title and got[0].published == ART_2.published
    # each piece is filtered: until the first article's day, none of the second's
    early = store.latest_actor_evidence(PRK.id, EdgeFilter(until=ART_1.published), 100)
    assert early and {r.article_id for r in early} == {ART_1.id}
    want = {r.evidence_id for r in touching(PRK.id) if r.type == "AID"}
    assert {
        r.id for r in store.latest_actor_evidence(PRK.id, EdgeFilter(types=["AID"]), 100)
    } == want
    assert len(store.latest_actor_evidence(PRK.id, EdgeFilter(), 1)) == 1
    assert store.latest_actor_evidence("nobody", EdgeFilter(), 10) == []
