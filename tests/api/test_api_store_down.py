"""When Neo4j goes away, every data route answers 503 within about two seconds.

Observed before: neighbourhoods failed fast but search, /stats and POST /articles took
8-17 s to answer 503 while the driver retried. The server here is a real ``graphkit
serve`` over a Neo4j of the test's own, killed with SIGKILL while the API runs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import API_KEY
from helpers import free_port, serve
from helpers import own_neo4j as start_own_neo4j
from store.fixture_graph import both_articles

from graphkit import server

# a call that finds the server gone is retried for GRAPHKIT_NEO4J_TIMEOUT (2 s) with
# the driver's backoff (1 s, then 2 s); every later one fails at once
FIRST_LIMIT, NEXT_LIMIT = 4.0, 1.0
ARTICLE = {"text": "Russia accused Ukraine of shelling the border town.", "title": "t"}

DATA_ROUTES: list[tuple[str, str, dict[str, object]]] = [
    ("GET", "/stats", {}),
    ("GET", "/actors", {"q": "korea"}),
    ("GET", "/actors/PRK", {}),
    ("GET", "/actors/PRK/neighbourhood", {"depth": 2}),
    ("GET", "/paths", {"from": "PRK", "to": "RUS"}),
    ("GET", "/relations", {"source": "PRK"}),
    ("GET", "/relations/evidence", {"source": "PRK", "target": "RUS", "type": "COOPERATE"}),
    ("GET", "/analytics/centrality", {"by": "betweenness"}),
    ("GET", "/analytics/communities", {}),
    ("GET", "/analytics/bridges", {}),
    ("GET", "/view/actors/PRK", {}),
    ("GET", "/view/paths", {"from": "PRK", "to": "RUS"}),
    ("POST", "/articles", {}),
    ("POST", "/cypher", {}),
]


def call(c: httpx.Client, method: str, path: str, params: dict[str, object]) -> httpx.Response:
    if method == "POST":
        body = ARTICLE if path == "/articles" else {"query": "MATCH (a:Actor) RETURN count(a)"}
        return c.post(path, json=body, headers={"X-API-Key": API_KEY})
    return c.get(path, params=params)


def assert_all_503(base: str, first_limit: float) -> list[tuple[str, float]]:
    """Every data route, one after the other: 503 naming Neo4j, each within its limit."""
    timings = []
    with httpx.Client(base_url=base, timeout=60) as c:
        for i, (method, path, params) in enumerate(DATA_ROUTES):
            t0 = time.perf_counter()
            r = call(c, method, path, params)
            took = time.perf_counter() - t0
            timings.append((path, round(took, 2)))
            assert r.status_code == 503, (path, r.status_code, r.text[:300])
            assert r.json()["error"] == "store_unavailable", (path, r.text[:300])
            assert took < (first_limit if i == 0 else NEXT_LIMIT), (path, timings)
        assert c.get("/health").status_code == 200
    return timings


def test_closed_port_every_data_route_503_at_once(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_STORE": "neo4j",
        "GRAPHKIT_NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
        "GRAPHKIT_NEO4J_PASSWORD": "whatever",
        "GRAPHKIT_API_KEY": API_KEY,
    }
    with serve(env) as base:
        assert_all_503(base, NEXT_LIMIT)


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A Neo4j of this test's own (it gets killed), holding the fixture articles.

    Unsupervised (``GRAPHKIT_NEO4J_RESTART=never``): the test needs it to stay down.
    """
    with start_own_neo4j(
        tmp_path, restart="never", seed=lambda store: store.write_batch(both_articles())
    ) as env:
        yield env


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_neo4j_killed_under_load_every_data_route_503_within_seconds(
    own_neo4j: dict[str, str], tmp_path: Path
) -> None:
    env = {**own_neo4j, "GRAPHKIT_API_KEY": API_KEY}
    home = Path(env["GRAPHKIT_HOME"])
    with serve(env, timeout=120) as base:
        with httpx.Client(base_url=base, timeout=60) as c:
            assert c.get("/ready").status_code == 200
            # the first ingest loads the extraction model (seconds): done before the kill,
            # as on a server that has been ingesting
            for method, path, params in [*DATA_ROUTES[:5], DATA_ROUTES[-2]]:
                r = call(c, method, path, params)
                assert r.status_code == 200, (path, r.text[:300])
        pid = server.running_pid(home)
        assert pid is not None
        # kill it while requests are in flight: those answer 503 within the first limit
        with ThreadPoolExecutor(8) as pool:
            futures = [
                pool.submit(lambda: httpx.get(base + "/actors", params={"q": "russia"}, timeout=60))
                for _ in range(16)
            ]
            os.kill(pid, signal.SIGKILL)
            t0 = time.perf_counter()
            statuses = {f.result().status_code for f in futures}
            in_flight = time.perf_counter() - t0
        assert statuses <= {200, 503}, statuses
        assert in_flight < FIRST_LIMIT * 2, in_flight
        timings = assert_all_503(base, FIRST_LIMIT)
        print(f"\nin flight at the kill: {in_flight:.2f} s; after:", timings, file=sys.stderr)
        r = httpx.get(base + "/ready", timeout=10)
        assert r.status_code == 503
