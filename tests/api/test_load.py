"""A bounded load test: 16 concurrent clients against a real ``graphkit serve`` on loopback.

A mix of depth-2 neighbourhoods, shortest paths and searches over a synthetic graph,
for ``GRAPHKIT_LOAD_SECONDS`` (default 60). Every request must succeed; the p99 latency
is reported (``-s`` shows it; it is also recorded as a junit property).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from helpers import serve

from graphkit.store.base import GraphStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from gen_graph import extractions

pytestmark = pytest.mark.slow

CLIENTS = 16
ACTORS, RELATIONS = 150, 1500
SECONDS = float(os.environ.get("GRAPHKIT_LOAD_SECONDS", "60"))


def _env_for(store: GraphStore, tmp_path: Path) -> dict[str, str]:
    if store.name == "memory":
        path = tmp_path / "graph.json"
        store.save(path)  # type: ignore[attr-defined]
        return {"GRAPHKIT_STORE": "memory", "GRAPHKIT_MEMORY_PATH": str(path)}
    return {"GRAPHKIT_STORE": "neo4j"}  # the same server the neo4j fixture uses (env)


def test_sixteen_clients_no_errors(
    store: GraphStore, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    batch = list(extractions(ACTORS, RELATIONS, seed=3, per_article=50))
    for i in range(0, len(batch), 5):
        store.write_batch(batch[i : i + 5])
    env = _env_for(store, tmp_path)
    latencies: list[float] = []
    errors: list[str] = []
    per_client = [0] * CLIENTS
    lock = threading.Lock()

    with serve(env) as base:

        def client(n: int) -> None:
            rng = random.Random(n)
            deadline = time.monotonic() + SECONDS
            with httpx.Client(base_url=base, timeout=30) as c:
                while time.monotonic() < deadline:
                    # two different actors: a path from an actor to itself is a 422
                    i, j = rng.sample(range(ACTORS), 2)
                    a, b = f"A{i:05d}", f"A{j:05d}"
                    roll = rng.random()
                    if roll < 0.4:
                        url, params = f"/actors/{a}/neighbourhood", {"depth": 2, "limit": 100}
                    elif roll < 0.7:
                        url, params = "/paths", {"from": a, "to": b, "max_hops": 4}
                    else:
                        url, params = "/actors", {"q": f"Actor {a[1:]}", "limit": 10}
                    t0 = time.perf_counter()
                    try:
                        r = c.get(url, params=params)
                        ok = r.status_code == 200
                        why = f"{r.status_code} {url} {r.text[:200]}"
                    except httpx.HTTPError as exc:
                        ok, why = False, f"{type(exc).__name__} {url}"
                    dt = time.perf_counter() - t0
                    with lock:
                        per_client[n] += 1
                        if ok:
                            latencies.append(dt)
                        else:
                            errors.append(why)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    total = sum(per_client)
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 1 else p50
    summary = {
        "backend": store.name,
        "seconds": SECONDS,
        "clients": CLIENTS,
        "requests": total,
        "errors": len(errors),
        "rps": round(total / SECONDS, 1),
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
    }
    record_property("load", json.dumps(summary))
    print("\nload:", json.dumps(summary))
    assert not errors, errors[:5]
    assert all(n > 0 for n in per_client), per_client
