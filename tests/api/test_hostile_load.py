"""Hostile load: a flood of unauthenticated expensive requests must not take the API down.

A real ``graphkit serve`` on loopback over a real Neo4j holding a generated graph of a
few thousand actors (betweenness and Louvain take seconds on it). For
``GRAPHKIT_HOSTILE_SECONDS`` (default 30) 60 clients ask for analytics and views with
random parameters (so answers are rarely cached), asking again at once after an
answer and after a quarter of ``Retry-After`` when refused, while 8 honest clients
ask for neighbourhoods and searches and a separate process probes ``/health`` every
50 ms. The expensive routes run a few at a time and refuse the rest with 503
(``graphkit.api.limits``) and compute in worker processes (``graphkit.api.workers``);
the cheap routes are not behind those limits. Asserted: ``/health`` answers every probe
with a p99 under the issue's 200 ms, no honest request fails, the flood is refused rather
than queued, and the server's resident memory ends within 20 % of where it started (after
a warm-up of the largest pages; ``graphkit.api.memory`` keeps the large buffers of
finished pages from staying resident). The server's and its workers' memory together is
reported.

The figures (printed to the terminal, past pytest's capture) are the README's hostile-load row.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import process_children, serve

from graphkit.store.base import GraphStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from gen_graph import build

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ACTORS, RELATIONS = 3000, 24_000
HOSTILE, HONEST = 60, 8
HONEST_ACTORS = 1000  # the generator links every one of the first thousand actors
VIEWS_LIMIT = 2  # GRAPHKIT_API_LIMIT_VIEWS's default
SECONDS = float(os.environ.get("GRAPHKIT_HOSTILE_SECONDS", "30"))
HEALTH_P99_MS = 200.0  # the target
RSS_TOLERANCE = 0.20
# a refused hostile client asks again after a quarter of Retry-After (1 s): 60 of them
# still send a few hundred requests a second
REFUSED_PAUSE = 0.25
SETTLE_SECONDS = 60.0  # for the last admitted computations to end and memory to drop

# /health probed from another process, so that the test's own 70 client threads do not
# add their GIL waits to the figure
PROBE = """
import json, sys, time, httpx
base, seconds = sys.argv[1], float(sys.argv[2])
out, failed = [], 0
end = time.monotonic() + seconds
with httpx.Client(base_url=base, timeout=10) as c:
    while time.monotonic() < end:
        t0 = time.perf_counter()
        try:
            ok = c.get("/health").status_code == 200
        except httpx.HTTPError:
            ok = False
        out.append(time.perf_counter() - t0)
        failed += not ok
        time.sleep(0.05)
print(json.dumps({"latencies": out, "failed": failed}))
"""


def rss_kb(pid: int) -> int:
    """The process's resident set size (VmRSS) in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


def tree_rss_kb(pid: int) -> int:
    """VmRSS of ``pid`` and every process below it (the analytics and page workers)."""
    children = process_children()
    total, todo = 0, [pid]
    while todo:
        here = todo.pop()
        todo.extend(children.get(here, []))
        with contextlib.suppress(OSError, AssertionError):  # a worker exited meanwhile
            total += rss_kb(here)
    return total


def hostile_request(rng: random.Random) -> tuple[str, dict[str, object]]:
    """An expensive request with parameters that defeat the answer cache."""
    roll = rng.random()
    weight = rng.randint(1, 3)
    if roll < 0.3:
        return "/analytics/centrality", {"by": "betweenness", "top": 50, "min_weight": weight}
    if roll < 0.5:
        return "/analytics/communities", {"seed": rng.randrange(10**6), "min_weight": weight}
    if roll < 0.7:
        return "/analytics/bridges", {"seed": rng.randrange(10**6), "min_weight": weight}
    if roll < 0.85:
        actor = f"A{rng.randrange(50):05d}"  # hubs: the biggest pages
        return f"/view/actors/{actor}", {"depth": 3, "limit": 2000}
    a, b = rng.sample(range(ACTORS), 2)
    return "/view/paths", {"from": f"A{a:05d}", "to": f"A{b:05d}", "mode": "k", "k": 10}


@pytest.fixture(scope="module")
def flood(
    _neo4j_session_store: GraphStore, request: pytest.FixtureRequest
) -> Iterator[dict[str, Any]]:
    """Run the flood once; every test below asserts one part of what it did."""
    neo4j_store = _neo4j_session_store
    neo4j_store.clear()
    build(neo4j_store, ACTORS, RELATIONS, seed=11, clear=False)
    pid: list[int] = []
    honest_latencies: list[float] = []
    honest_errors: list[str] = []
    hostile_status: dict[str, int] = {}
    rss_samples: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    env = {
        "GRAPHKIT_STORE": "neo4j",
        **{k: v for k, v in os.environ.items() if k.startswith("GRAPHKIT_API_LIMIT")},
    }
    with serve(env, pids=pid, timeout=120) as base:
        server = pid[0]
        with httpx.Client(base_url=base, timeout=120) as c:
            # the traversal snapshot honest clients are answered from, then one of each
            # expensive route, so that imports and first-use allocations count as start
            deadline = time.monotonic() + 300
            while c.get("/ready").json().get("traversal") != "snapshot":
                assert time.monotonic() < deadline, "no traversal snapshot in 300 s"
                time.sleep(0.5)
            for url, params in [
                ("/analytics/centrality", {"by": "betweenness"}),
                ("/analytics/communities", {}),
                ("/analytics/bridges", {}),
                ("/view/actors/A00000", {"depth": 2}),
                ("/view/paths", {"from": "A00001", "to": "A00002"}),
            ]:
                r = c.get(url, params=params)
                assert r.status_code == 200, (url, r.text[:300])
        rss_cold = rss_kb(server)
        # then the largest pages, as many at once as the views limit admits: the
        # working set the limits allow is part of the start; growth beyond it is not
        rng = random.Random(7)
        warm = [hostile_request(rng) for _ in range(400)]
        warm = [w for w in warm if w[0].startswith("/view/")][:VIEWS_LIMIT]
        with ThreadPoolExecutor(VIEWS_LIMIT) as pool:
            for r in pool.map(lambda w: httpx.get(base + w[0], params=w[1], timeout=300), warm):
                assert r.status_code in (200, 404), r.text[:300]
        rss_start = rss_kb(server)
        tree_start = tree_rss_kb(server)
        tree_samples: list[int] = []

        def hostile(n: int) -> None:
            rng = random.Random(1000 + n)
            with httpx.Client(base_url=base, timeout=120) as c:
                while not stop.is_set():
                    url, params = hostile_request(rng)
                    try:
                        key = str(c.get(url, params=params).status_code)
                    except httpx.HTTPError as exc:
                        key = type(exc).__name__
                    with lock:
                        hostile_status[key] = hostile_status.get(key, 0) + 1
                    if key == "503":
                        time.sleep(REFUSED_PAUSE)

        def honest(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=base, timeout=30) as c:
                while not stop.is_set():
                    i = rng.randrange(HONEST_ACTORS)
                    if rng.random() < 0.6:
                        url = f"/actors/A{i:05d}/neighbourhood"
                        params: dict[str, object] = {"depth": 2, "limit": 100}
                    else:
                        url, params = "/actors", {"q": f"Actor {i:05d}", "limit": 10}
                    t0 = time.perf_counter()
                    try:
                        r = c.get(url, params=params)
                        ok, why = r.status_code == 200, f"{r.status_code} {url} {r.text[:200]}"
                    except httpx.HTTPError as exc:
                        ok, why = False, f"{type(exc).__name__} {url}"
                    with lock:
                        if ok:
                            honest_latencies.append(time.perf_counter() - t0)
                        else:
                            honest_errors.append(why)
                    time.sleep(0.02)

        def sample_rss() -> None:
            while not stop.is_set():
                rss_samples.append(rss_kb(server))
                tree_samples.append(tree_rss_kb(server))
                time.sleep(0.5)

        probe = subprocess.Popen(
            [sys.executable, "-c", PROBE, base, str(SECONDS)], stdout=subprocess.PIPE, text=True
        )
        threads = [threading.Thread(target=hostile, args=(n,)) for n in range(HOSTILE)]
        threads += [threading.Thread(target=honest, args=(n,)) for n in range(HONEST)]
        threads.append(threading.Thread(target=sample_rss))
        for t in threads:
            t.start()
        probed = json.loads(probe.communicate(timeout=SECONDS + 120)[0])
        stop.set()
        for t in threads:
            t.join()
        # computations admitted last finish; memory they held is given back
        settle_until = time.monotonic() + SETTLE_SECONDS
        rss_end = rss_kb(server)
        while rss_end > rss_start * (1 + RSS_TOLERANCE) and time.monotonic() < settle_until:
            time.sleep(1)
            rss_end = rss_kb(server)
        tree_end = tree_rss_kb(server)
        while tree_end > tree_start * (1 + RSS_TOLERANCE) and time.monotonic() < settle_until:
            time.sleep(1)
            tree_end = tree_rss_kb(server)
        after = httpx.get(base + "/health", timeout=5)

    health = sorted(probed["latencies"])
    p99 = statistics.quantiles(health, n=100)[98] * 1000
    summary = {
        "seconds": SECONDS,
        "actors": ACTORS,
        "relations": RELATIONS,
        "health_probes": len(health),
        "health_failed": probed["failed"],
        "health_p50_ms": round(statistics.median(health) * 1000, 1),
        "health_p99_ms": round(p99, 1),
        "honest_requests": len(honest_latencies) + len(honest_errors),
        "honest_errors": len(honest_errors),
        "honest_p99_ms": round(statistics.quantiles(honest_latencies, n=100)[98] * 1000, 1)
        if len(honest_latencies) > 1
        else None,
        "honest_error_samples": honest_errors[:3],
        "hostile": dict(sorted(hostile_status.items())),
        "rss_cold_mb": round(rss_cold / 1024),
        "rss_start_mb": round(rss_start / 1024),
        "rss_peak_mb": round(max(rss_samples, default=rss_start) / 1024),
        "rss_end_mb": round(rss_end / 1024),
        # the server with its worker processes, reported
        "tree_rss_start_mb": round(tree_start / 1024),
        "tree_rss_peak_mb": round(max(tree_samples, default=tree_start) / 1024),
        "tree_rss_end_mb": round(tree_end / 1024),
    }
    # with pytest's capture suspended, so that a plain `make test` (CI) shows the figures
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\nhostile load:", json.dumps(summary), flush=True)
    yield {
        **summary,
        "after_status": after.status_code,
        "p99": p99,
        "honest_error_list": honest_errors,
        "served": len(honest_latencies),
        "rss_start": rss_start,
        "rss_end_kb": rss_end,
    }
    neo4j_store.clear()


def test_health_answers_every_probe(flood: dict[str, Any]) -> None:
    assert flood["after_status"] == 200
    assert flood["health_failed"] == 0, flood


def test_health_p99_stays_low(flood: dict[str, Any]) -> None:
    # The target. It was 205-217 ms while views were rendered in the server's
    # threads (they held the GIL two thirds of the time); 42-50 ms with page workers.
    assert flood["p99"] < HEALTH_P99_MS, flood


def test_honest_clients_get_no_errors(flood: dict[str, Any]) -> None:
    assert not flood["honest_error_list"], flood["honest_error_list"][:5]
    assert flood["served"] > HONEST * 10, flood  # they were served, not starved


def test_flood_is_refused_not_queued(flood: dict[str, Any]) -> None:
    hostile = flood["hostile"]
    assert hostile.get("503", 0) > hostile.get("200", 0), flood


def test_memory_returns_near_its_start(flood: dict[str, Any]) -> None:
    assert flood["rss_end_kb"] <= flood["rss_start"] * (1 + RSS_TOLERANCE), flood
