"""Concurrency limits on expensive routes, and analytics answers cached per graph version."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import httpx
from conftest import API_KEY, api_settings
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from helpers import serve
from store.fixture_graph import both_articles

from graphkit.store.memory import MemoryStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from gen_graph import build


def test_a_full_group_answers_503_with_retry_after_and_cheap_routes_still_answer(
    tmp_path: Path,
) -> None:
    store = MemoryStore()
    build(store, 1500, 15_000, seed=5, clear=False)
    store.save(tmp_path / "graph.json")  # once: a path-backed store saves every batch
    env = {
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_STORE": "memory",
        "GRAPHKIT_MEMORY_PATH": str(tmp_path / "graph.json"),
        "GRAPHKIT_API_LIMIT_ANALYTICS": "1",
        "GRAPHKIT_API_KEY": API_KEY,
    }
    slow = ("/analytics/bridges", {"seed": 3})
    with serve(env) as base:
        # four different questions at the same moment: one slot, so one is computed and
        # the others are refused at once, not queued
        answers: list[httpx.Response | None] = [None] * 4
        go = threading.Barrier(4)

        def ask(i: int) -> None:
            go.wait()
            answers[i] = httpx.get(base + slow[0], params={"seed": 3 + i}, timeout=300)

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        cheap = httpx.get(base + "/actors", params={"q": "Actor 00001"}, timeout=30)
        for t in threads:
            t.join()
        got = [a for a in answers if a is not None]
        ok = [a for a in got if a.status_code == 200]
        refused = [a for a in got if a.status_code == 503]
        assert len(ok) + len(refused) == 4, [a.status_code for a in got]
        assert ok and refused, [a.status_code for a in got]
        for r in refused:
            assert r.json()["error"] == "busy"
            assert "GRAPHKIT_API_LIMIT_ANALYTICS" in r.json()["message"]
            assert r.headers["retry-after"] == "1"
            assert r.elapsed.total_seconds() < 1.0  # refused at once
        assert cheap.status_code == 200  # search is not behind the analytics limit
        first = ok[0]
        slow = (slow[0], {"seed": int(first.url.params["seed"])})
        # the slot is free again, and the same question is answered from the cache
        t0 = time.perf_counter()
        again = httpx.get(base + slow[0], params=slow[1], timeout=300)
        assert again.status_code == 200
        assert again.json() == first.json()
        assert time.perf_counter() - t0 < 1.0
        # a limit never applies across groups: views have their own
        view = httpx.get(base + "/view/actors/A00001", timeout=60)
        assert view.status_code == 200


def test_analytics_answers_are_cached_until_the_graph_changes() -> None:
    store = MemoryStore()
    articles = both_articles()
    store.write_batch(articles[:1])
    app = create_app(api_settings(), store=store)
    cache = app.state.analytics_cache
    with TestClient(app) as c:
        one = c.get("/analytics/centrality", params={"top": 0})
        assert one.status_code == 200
        assert (cache.hits, cache.misses) == (0, 1)
        assert c.get("/analytics/centrality", params={"top": 0}).json() == one.json()
        assert cache.hits == 1
        # other parameters are another answer
        assert c.get("/analytics/centrality", params={"top": 1}).status_code == 200
        assert cache.misses == 2
        store.write_batch(articles[1:])  # a new graph version: nothing old is served
        two = c.get("/analytics/centrality", params={"top": 0})
        assert cache.misses == 3
        assert two.json() != one.json()


def test_limits_are_settings() -> None:
    app = create_app(
        api_settings(
            api_limit_analytics=3, api_limit_views=5, api_limit_cypher=7, api_limit_exports=4
        )
    )
    assert app.state.limits.sizes == {"analytics": 3, "cypher": 7, "views": 5, "exports": 4}
