"""MemoryStore specifics: saving to and loading from its JSON file."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from graphkit.errors import StoreUnavailable
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
