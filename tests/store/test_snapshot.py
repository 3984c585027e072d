"""The traversal snapshot (``graphkit.store.snapshot``) answers exactly as the stores do.

Against ``MemoryStore`` (no server needed) and against Neo4j's own Cypher answers
(``snapshot_mode="off"``), on random hub-heavy graphs, over every filter, depth,
limit and path mode the snapshot serves; then that Neo4jStore never answers from a
snapshot older than the graph.
"""

from __future__ import annotations

import gc
import itertools
import time
import weakref
from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.config import Settings
from graphkit.models import Actor, EdgeFilter, EncodedSubgraph, Extraction
from graphkit.ontology import default_ontology
from graphkit.store import open_store, record
from graphkit.store.base import GraphStore
from graphkit.store.memory import MemoryStore
from graphkit.store.snapshot import Snapshot, day_number
from graphkit.store.snapshot.cache import STAMP_TTL
from graphkit.store.traversal import edge_cap
from tests.store.fixture_graph import ART_1, KOR, PRK, article_one, random_graph, rel

FILTERS = [
    EdgeFilter(),
    EdgeFilter(min_weight=2),
    EdgeFilter(min_sources=2),
    EdgeFilter(min_sources=3, min_weight=2),
    EdgeFilter(types=["CONSULT", "ALLY_OF", "AID"]),
    EdgeFilter(exclude_types=["CONSULT", "COOPERATE"]),
    EdgeFilter(modality=["reported", "denied"]),
    EdgeFilter(since=date(2023, 9, 1)),
    EdgeFilter(until=date(2024, 3, 1)),
    EdgeFilter(since=date(2023, 6, 1), until=date(2024, 6, 1), modality=["asserted"]),
]
SYMMETRIC = sorted(default_ontology().symmetric)


def queries(seed: int) -> Iterator[tuple[str, str, EdgeFilter, int, int, int | None]]:
    """(focus, other actor, filter, depth, limit, edge limit) cases for one graph."""
    import random

    rng = random.Random(seed)
    for i, filt in enumerate(FILTERS * 3):
        a, b = rng.sample(range(40), 2)
        # low numbers are the hubs: half the cases start there
        if i % 2:
            a = rng.randrange(4)
        if a == b:
            b = (b + 5) % 40
        yield (
            f"r{a:03d}",
            f"r{b:03d}",
            filt,
            1 + i % 3,
            rng.choice([3, 8, 25, 200]),
            rng.choice([None, 2, 10]),
        )


def memory_graph(seed: int) -> MemoryStore:
    store = MemoryStore()
    store.setup()
    store.write_batch(random_graph(seed))
    return store


def test_day_number_orders_like_dates() -> None:
    days = [date(2023, 12, 31), date(2024, 1, 1), date(2024, 2, 29), date(2024, 10, 22)]
    assert [day_number(d) for d in days] == sorted(day_number(d) for d in days)
    assert day_number(date(2024, 10, 22)) == 20241022


def test_empty_graph_has_no_neighbours_and_no_paths() -> None:
    snap = Snapshot([{"id": "a", "name": "A"}], {name: [] for name in _columns()}, None)
    assert snap.neighbourhood("a", 2, EdgeFilter(), 10, 30).edges == []
    assert snap.node("a") is not None and snap.node("a").degree == 0  # type: ignore[union-attr]
    assert snap.node("missing") is None


def _columns() -> tuple[str, ...]:
    from graphkit.store.snapshot import EDGE_COLUMNS

    return EDGE_COLUMNS


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_snapshot_answers_like_memory_store(seed: int) -> None:
    store = memory_graph(seed)
    snap = Snapshot.from_subgraph(store.export())
    checked = 0
    for focus, other, filt, depth, limit, edge_limit in queries(seed):
        want = store.neighbourhood(focus, depth, filt, limit, edge_limit)
        got = snap.neighbourhood(focus, depth, filt, limit, edge_cap(limit, edge_limit))
        assert got.model_dump() == want.model_dump(), (focus, filt, depth, limit)
        encoded = snap.neighbourhood_json(focus, depth, filt, limit, edge_cap(limit, edge_limit))
        assert encoded == EncodedSubgraph.of(want), (focus, filt, depth, limit)
        for mode, directed, hops in itertools.product(
            ("shortest", "all_shortest"), (False, True), (2, 4)
        ):
            want_paths = store.paths(focus, other, hops, mode, filt=filt, directed=directed)  # type: ignore[arg-type]
            got_paths = snap.paths(
                focus,
                other,
                hops,
                filt,
                best_only=mode == "shortest",
                directed=directed,
                symmetric=SYMMETRIC,
            )
            assert [p.model_dump() for p in got_paths] == [p.model_dump() for p in want_paths], (
                focus,
                other,
                mode,
                directed,
                hops,
                filt,
            )
            checked += bool(want_paths)
    assert checked > 20  # the cases found paths, not just empty answers


def test_snapshot_resolves_like_memory_store() -> None:
    store = memory_graph(4)
    store.write_batch([article_one()])  # actors with names and aliases
    snap = Snapshot.from_subgraph(store.export())
    refs = ["PRK", "prk", " North Korea ", "pyongyang", "DPRK", "Seoul", "r001", "RA7", "ra7"]
    refs += ["Random Actor 012", "nobody", "", "the Alliance", "mark-rutte", "Rutte"]
    for ref in refs:
        want = store.resolve_actor(ref)
        got = snap.resolve(ref)
        assert got == want, ref
    assert snap.resolve("Pyongyang") is not None


def test_snapshot_lists_strongest_relations_like_memory_store() -> None:
    store = memory_graph(6)
    snap = Snapshot.from_subgraph(store.export())
    for actor_id in ("r000", "r001", "r017", "r039", "nobody"):
        for limit in (1, 5, 50):
            assert snap.actor_edges(actor_id, limit) == store.actor_edges(actor_id, limit)


@pytest.fixture
def neo4j_random(neo4j_store: GraphStore) -> GraphStore:
    neo4j_store.write_batch(random_graph(5))
    return neo4j_store


def _answers(store: GraphStore, mode: str) -> list[object]:
    store.snapshot_mode = mode  # type: ignore[attr-defined]
    out: list[object] = []
    for focus, other, filt, depth, limit, edge_limit in queries(5):
        out.append(store.neighbourhood(focus, depth, filt, limit, edge_limit).model_dump())
        out.append(store.neighbourhood_json(focus, depth, filt, limit, edge_limit))
        out.append([e.model_dump() for e in store.actor_edges(focus, limit)])
        out.append(store.resolve_actor(f" {focus.upper()} "))
        for path_mode, directed in itertools.product(("shortest", "all_shortest"), (False, True)):
            found = store.paths(focus, other, 4, path_mode, filt=filt, directed=directed)  # type: ignore[arg-type]
            out.append([p.model_dump() for p in found])
    return out


def test_snapshot_answers_like_cypher(neo4j_random: GraphStore) -> None:
    try:
        from_snapshot = _answers(neo4j_random, "sync")
        assert neo4j_random.snapshot_state() == "snapshot"
        from_cypher = _answers(neo4j_random, "off")
        assert neo4j_random.snapshot_state() == "cypher"
    finally:
        neo4j_random.snapshot_mode = "sync"  # type: ignore[attr-defined]
    assert from_snapshot == from_cypher
    assert sum(1 for a in from_cypher if a) > 40  # most answers are not empty


def test_snapshot_read_in_pages_equals_one_read(
    neo4j_random: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the export reads the relationships of a page of actors per statement: a whole 5M
    # graph collected in one row passed Neo4j's per-query memory limit
    from graphkit.store.neo4j import store as neo4j_store_module

    stamp = neo4j_random._stamp()  # type: ignore[attr-defined]
    whole = neo4j_random.read_snapshot(stamp)  # type: ignore[attr-defined]
    monkeypatch.setattr(neo4j_store_module, "SNAPSHOT_PAGE_ACTORS", 3)
    paged = neo4j_random.read_snapshot(stamp)  # type: ignore[attr-defined]
    assert whole is not None and paged is not None
    assert paged.size == whole.size > 0
    for focus, _other, filt, depth, limit, edge_limit in queries(8):
        cap = edge_limit or 500
        one = whole.neighbourhood(focus, depth, filt, limit, cap).model_dump()
        assert paged.neighbourhood(focus, depth, filt, limit, cap).model_dump() == one


def with_a_threat() -> Extraction:
    """The first fixture article, edited to add a PRK -THREATEN-> KOR sentence."""
    article = article_one()
    sentence = "North Korea threatened South Korea."
    article.relations.append(rel(ART_1, PRK, "THREATEN", KOR, sentence, 400))
    article.article.text += " " + sentence
    return article


def test_snapshot_follows_every_write(neo4j_store: GraphStore) -> None:
    neo4j_store.write_batch([article_one()])
    before = neo4j_store.neighbourhood("PRK", 1, EdgeFilter(), 50)
    assert neo4j_store.snapshot_state() == "snapshot"
    # a new relation, through write_batch
    neo4j_store.write_batch([with_a_threat()])
    after = neo4j_store.neighbourhood("PRK", 1, EdgeFilter(), 50)
    assert {e.type for e in after.edges} - {e.type for e in before.edges} == {"THREATEN"}
    # a renamed actor, through upsert_actors
    neo4j_store.upsert_actors([Actor(id="PRK", name="DPRK (renamed)", kind="state")])
    named = {n.id: n.name for n in neo4j_store.neighbourhood("KOR", 1, EdgeFilter(), 50).nodes}
    assert named["PRK"] == "DPRK (renamed)"
    # a deletion made with Cypher
    neo4j_store.run_cypher("MATCH (:Actor {id: 'PRK'})-[r:THREATEN]->() DELETE r", write=True)
    gone = neo4j_store.neighbourhood("PRK", 1, EdgeFilter(), 50)
    assert "THREATEN" not in {e.type for e in gone.edges}
    assert not neo4j_store.paths("PRK", "KOR", 1, filt=EdgeFilter(types=["THREATEN"]))


def test_another_process_write_is_seen_within_the_stamp_ttl(
    neo4j_store: GraphStore, neo4j_settings: Settings
) -> None:
    neo4j_store.write_batch([article_one()])
    assert neo4j_store.snapshot_state() == "snapshot"
    # a second store on the same database: what another API worker or `graphkit
    # ingest` is; its write does not reach this store's stamp directly
    other = open_store(neo4j_settings)
    try:
        other.write_batch([with_a_threat()])
    finally:
        other.close()
    time.sleep(STAMP_TTL * 1.5)
    seen = neo4j_store.neighbourhood("PRK", 1, EdgeFilter(), 50)
    assert "THREATEN" in {e.type for e in seen.edges}
    assert neo4j_store.snapshot_state() == "snapshot"


def test_background_snapshot_never_answers_stale(neo4j_store: GraphStore) -> None:
    neo4j_store.snapshot_mode = "background"  # type: ignore[attr-defined]
    try:
        neo4j_store.write_batch([article_one()])
        # the graph changed: Cypher answers while the snapshot is rebuilt
        assert neo4j_store.snapshot_state() == "building"
        first = neo4j_store.neighbourhood("PRK", 2, EdgeFilter(), 50)
        assert neo4j_store.wait_for_snapshot(60)  # type: ignore[attr-defined]
        assert neo4j_store.snapshot_state() == "snapshot"
        assert neo4j_store.neighbourhood("PRK", 2, EdgeFilter(), 50) == first
        neo4j_store.write_batch([with_a_threat()])
        # the snapshot is stale now: the answer comes from Cypher and has the new edge
        fresh = neo4j_store.neighbourhood("PRK", 1, EdgeFilter(), 50)
        assert "THREATEN" in {e.type for e in fresh.edges}
    finally:
        neo4j_store.snapshot_mode = "sync"  # type: ignore[attr-defined]


def test_a_dropped_snapshot_is_freed_without_the_garbage_collector() -> None:
    # the API freezes big snapshots out of the collector: a replaced one must not
    # need it (no reference cycles) or every rebuild would leak the last one
    snap = Snapshot.from_subgraph(memory_graph(1).export())
    snap.neighbourhood_json("r000", 2, EdgeFilter(), 25, 75)
    snap.paths("r000", "r005", 4, EdgeFilter(), best_only=False, directed=False, symmetric=[])
    gone = weakref.ref(snap)
    gc.disable()
    try:
        del snap
        assert gone() is None
    finally:
        gc.enable()


def test_columns_of_unequal_length_are_refused() -> None:
    # what a relationship deleted while the export read it leaves (collect() drops nulls)
    columns: dict[str, list[object]] = {name: ["x"] for name in _columns()}
    columns["types"] = []
    with pytest.raises(ValueError, match="unequal length"):
        Snapshot([{"id": "x", "name": "X"}], columns, None)


# ------------------------------------------------- one filter rule, two readings

_TYPES = ["ALLY_OF", "CONSULT", "AID", "SANCTION"]
_MODALITIES = list(default_ontology().modalities)
# a week: edge dates and filter bounds often fall on the same day
_DAYS = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 1, 7)))
_EDGES = st.lists(
    st.tuples(
        st.sampled_from(_TYPES[:3]),  # the fourth type is one filters name but no edge has
        st.lists(st.sampled_from(_MODALITIES), max_size=3, unique=True),
        st.integers(0, 4),
        _DAYS,
        _DAYS,
        st.integers(0, 3),  # sources
    ),
    min_size=1,
    max_size=12,
)
_NAMES = st.one_of(st.none(), st.lists(st.sampled_from(_TYPES), max_size=3, unique=True))
_FILTERS = st.builds(
    EdgeFilter,
    types=_NAMES,
    exclude_types=_NAMES,
    modality=st.one_of(st.none(), st.lists(st.sampled_from(_MODALITIES), max_size=2, unique=True)),
    since=_DAYS,
    until=_DAYS,
    min_weight=st.integers(0, 5),
    min_sources=st.integers(0, 4),
)


@settings(max_examples=300, deadline=None)
@given(edges=_EDGES, filt=_FILTERS)
def test_snapshot_filter_agrees_with_record_passes(
    edges: list[tuple[str, list[str], int, date | None, date | None, int]], filt: EdgeFilter
) -> None:
    # record.passes reads the filter rules on property maps, Snapshot._keep on arrays
    props = [
        {"weight": w, "modalities": mods, "firstSeen": first, "lastSeen": last, "sources": n}
        for _, mods, w, first, last, n in edges
    ]
    columns = {
        "sources": ["a"] * len(edges),
        "targets": [f"b{i}" for i in range(len(edges))],
        "types": [t for t, *_ in edges],
        "weights": [p["weight"] for p in props],
        "predicates": [[] for _ in edges],
        "modalities": [p["modalities"] for p in props],
        "modes": [[] for _ in edges],
        "negated": [False for _ in edges],
        "firstSeen": [day_number(p["firstSeen"]) if p["firstSeen"] else None for p in props],
        "lastSeen": [day_number(p["lastSeen"]) if p["lastSeen"] else None for p in props],
        "articleCounts": [p["sources"] for p in props],
        "sourceCounts": [p["sources"] for p in props],
    }
    snap = Snapshot([{"id": "a", "name": "A"}], columns, None)
    want = [record.passes(t, p, filt) for (t, *_), p in zip(edges, props, strict=True)]
    got = snap._keep(np.arange(len(edges), dtype=np.int64), filt).tolist()
    assert got == want
