"""The API freezes big traversal snapshots out of Python's garbage collector; the store
does not (tests/store/test_neo4j.py): the freeze is the application's choice."""

from __future__ import annotations

import gc
import time

import pytest
from conftest import api_settings
from fastapi.testclient import TestClient
from graphkit.api import main as api_main
from graphkit.api.main import create_app, freeze_big_snapshot
from store.fixture_graph import both_articles

from graphkit.store.base import GraphStore
from graphkit.store.memory import MemoryStore
from graphkit.store.snapshot import Snapshot


def test_a_small_snapshot_is_not_frozen() -> None:
    store = MemoryStore()
    store.write_batch(both_articles())
    snap = Snapshot.from_subgraph(store.export())
    assert len(snap.ids) + snap.size < api_main.FREEZE_AT
    frozen = gc.get_freeze_count()
    freeze_big_snapshot(snap)
    assert gc.get_freeze_count() == frozen


@pytest.mark.neo4j
def test_the_api_freezes_a_big_snapshot(
    neo4j_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    neo4j_store.write_batch(both_articles())
    monkeypatch.setattr(api_main, "FREEZE_AT", 1)  # the fixture graph is small
    frozen = gc.get_freeze_count()
    # no store passed in: the app opens its own, as `graphkit serve` does
    app = create_app(api_settings(store="neo4j", snapshot="sync"))
    try:
        with TestClient(app) as client:
            deadline = time.monotonic() + 60
            while client.get("/ready").json().get("traversal") != "snapshot":
                assert time.monotonic() < deadline, "no snapshot within 60 s"
                time.sleep(0.1)
            assert gc.get_freeze_count() > frozen
            own = app.state.store_holder.get()
            assert own is not neo4j_store
            snap = own.snapshot()
            assert snap is not None
            assert not any(o is snap for o in gc.get_objects())  # frozen: out of every generation
    finally:
        gc.unfreeze()
