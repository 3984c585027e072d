"""The traversal snapshot alone, at scale: neighbourhoods and paths without Neo4j or HTTP.

Builds ``Snapshot``s directly from generated columns shaped like ``gen_graph``'s graphs
(actor popularity Zipf-like, 1/(i+1)^0.8, so hubs first; about 50 relationships per actor;
the store's one relationship per source, type and target), a big one and a small one in
the same run, and times one call at a time of what the API's routes call on it:
``neighbourhood_json`` (depth 2, limit 200, the route's edge cap) and best-only
``paths`` (up to 4 hops, undirected) from random actors. Figures: build seconds, p50/p99
per kind, and big / small ratios. The API's own figures at the same sizes (``bench_scale``)
add HTTP, two server processes and eight concurrent clients on top of these.

Usage: ``python bench/bench_traverse.py [--relationships 5000000] [--small 20000]``
(``--size large`` means 5M, ``small`` 500k, as ``run.py`` passes them).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from benchlib import print_results

from graphkit.models import EdgeFilter
from graphkit.ontology import default_ontology
from graphkit.store.snapshot.traverse import Snapshot
from graphkit.store.traversal import edge_cap

PER_ACTOR = 50  # relationships per actor, as gen_graph's sizes
DEPTH, NODE_CAP, MAX_HOPS = 2, 200, 4
CALLS = 300
SIZES = {"small": 500_000, "large": 5_000_000}


def snapshot(n_relationships: int, seed: int = 7) -> tuple[Snapshot, list[str], float]:
    """A snapshot of about ``n_relationships``, its actor ids and its build seconds."""
    n = max(n_relationships // PER_ACTOR, 10)
    rng = np.random.default_rng(seed)
    popularity = 1.0 / (np.arange(n) + 1) ** 0.8
    p = popularity / popularity.sum()
    draws = int(n_relationships * 1.03)  # a few collapse into one relationship
    src, dst = rng.choice(n, size=draws, p=p), rng.choice(n, size=draws, p=p)
    types = sorted(default_ontology().types)
    kind = rng.integers(0, len(types), size=draws)
    keep = np.flatnonzero(src != dst)
    key = (src[keep] * n + dst[keep]) * len(types) + kind[keep]
    _, first = np.unique(key, return_index=True)
    pick = keep[first][:n_relationships]
    src, dst, kind = src[pick], dst[pick], kind[pick]
    m = len(pick)
    ids = [f"A{i:06d}" for i in range(n)]
    actors = [{"id": a, "name": f"Actor {a}", "kind": "state", "aliases": []} for a in ids]
    edges: dict[str, list[Any]] = {
        "sources": [ids[i] for i in src.tolist()],
        "targets": [ids[i] for i in dst.tolist()],
        "types": [types[i] for i in kind.tolist()],
        "weights": rng.integers(1, 4, size=m).tolist(),
        "predicates": [["said"]] * m,
        "modalities": [["asserted"]] * m,
        "modes": [["verbal"]] * m,
        "negated": [False] * m,
        "firstSeen": [20240101] * m,
        "lastSeen": [20240301] * m,
        "articleCounts": [1] * m,
        "sourceCounts": [1] * m,
    }
    began = time.perf_counter()
    snap = Snapshot(actors, edges, "bench")
    return snap, ids, time.perf_counter() - began


def timed(calls: list[Callable[[], object]]) -> dict[str, float]:
    """p50 and p99 in ms of ``calls``, one at a time."""
    took = []
    for call in calls:
        began = time.perf_counter()
        call()
        took.append(time.perf_counter() - began)
    q = statistics.quantiles(took, n=100)
    return {"p50_ms": round(statistics.median(took) * 1000, 2), "p99_ms": round(q[98] * 1000, 2)}


def measure(n_relationships: int) -> dict[str, Any]:
    snap, ids, build = snapshot(n_relationships)
    rng = random.Random(11)
    focus = [rng.choice(ids) for _ in range(CALLS)]
    pairs = [rng.sample(ids, 2) for _ in range(CALLS)]
    everything, cap = EdgeFilter(), edge_cap(NODE_CAP, None)
    for a in focus[:20]:  # warm: first touches of the arrays
        snap.neighbourhood_json(a, DEPTH, everything, NODE_CAP, cap)
    nb = timed(
        [
            lambda a=a: snap.neighbourhood_json(a, DEPTH, everything, NODE_CAP, cap)  # type: ignore[misc]
            for a in focus
        ]
    )
    path = timed(
        [
            lambda a=a, b=b: snap.paths(  # type: ignore[misc]
                a, b, MAX_HOPS, everything, best_only=True, directed=False, symmetric=[]
            )
            for a, b in pairs
        ]
    )
    return {
        "relationships": snap.size,
        "actors": len(ids),
        "build_s": round(build, 1),
        "neighbourhood": nb,
        "path": path,
    }


def run(size: str = "small", small: int = 20_000) -> dict[str, Any]:
    """The big graph of ``size`` (or a relationship count) against a ``small`` one."""
    n = SIZES[size] if size in SIZES else int(size)
    big, ref = measure(n), measure(small)
    out: dict[str, Any] = {"big": big, "small": ref}
    for kind in ("neighbourhood", "path"):
        for q in ("p50_ms", "p99_ms"):
            out[f"{kind}_{q[:3]}_ratio"] = round(big[kind][q] / max(ref[kind][q], 1e-6), 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--small", type=int, default=20_000, help="the reference graph's size")
    args = parser.parse_args(argv)
    print_results(run(str(args.relationships), args.small))
    return 0


if __name__ == "__main__":
    sys.exit(main())
