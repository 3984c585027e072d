"""MemoryStore specifics: saving to and loading from its JSON file."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from graphkit.errors import StoreUnavailable
from graphkit.models import Actor
from graphkit.store.memory import MemoryStore
from store.fixture_graph import article_one, article_two, both_articles, chain


def snapshot(store: MemoryStore) -> tuple[object, ...]:
    sub = store.export()
    return (
        store.stats(),
        sorted(e.model_dump_json() for e in sub.edges),
        sorted(n.model_dump_json() for n in sub.nodes),
        [e.model_dump() for e in store.evidence("NATO", "REQUEST", "KOR")],
    )


def test_save_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    first = MemoryStore(path)
    first.write_batch(both_articles())
    # saved after every batch, not only on close
    assert path.is_file()
    before = snapshot(first)
    first.close()
    second = MemoryStore(path)
    assert snapshot(second) == before
    assert second.resolve_actor("dprk") is not None
    assert second.article_hashes(["art-1"]) == first.article_hashes(["art-1"])
    # a reloaded store still skips what it already holds
    assert second.write_batch(both_articles()).articles_unchanged == 2
    second.close()


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "graph.json"
    store = MemoryStore(path)
    store.write_batch([article_one()])
    store.write_batch([article_two()])
    store.close()
    assert [p.name for p in path.parent.iterdir()] == ["graph.json"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "graphkit-memory-store"
    assert len(data["articles"]) == 2


def test_corrupt_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="cannot load"):
        MemoryStore(path)
    assert path.read_text(encoding="utf-8") == "{not json"


def test_clear_saves_empty(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    store.write_batch(both_articles())
    store.clear()
    store.close()
    assert MemoryStore(path).stats().actors == 0


def test_concurrent_writers_converge() -> None:
    store = MemoryStore()
    batches = [both_articles(), [chain(6)], both_articles(), [chain(6)]]
    threads = [threading.Thread(target=store.write_batch, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    st = store.stats()
    assert (st.articles, st.evidence) == (3, 15 + 5)


def test_traversals_share_one_snapshot_until_the_next_change() -> None:
    store = MemoryStore()
    store.write_batch([chain(4)])
    snap = store._snapshot()
    assert [n.id for n in store.neighbourhood("c00", 3).nodes] == ["c00", "c01", "c02", "c03"]
    assert len(store.paths("c00", "c03", mode="k", k=2)) == 1
    assert store.resolve_actor("chain actor 02") is not None
    # queries read the snapshot the last change left; none builds another
    assert store._snapshot() is snap
    store.write_batch([chain(6)])
    assert store._snapshot() is not snap
    assert [n.id for n in store.neighbourhood("c03", 1).nodes] == ["c03", "c02", "c04"]
    assert store.paths("c00", "c05", max_hops=5)[0].edges[-1].target == "c05"
    store.upsert_actors([Actor(id="c09", name="Late Joiner", kind="person")])
    assert store.resolve_actor("late joiner") is not None
    store.clear()
    assert store.resolve_actor("c00") is None
