"""A generated graph of N relationships (default 5M) against a small one, in the same run.

For each graph (``gen_graph``'s generator, about 50 relationships per actor): the time
to write it, the time to build its traversal snapshot into files (export, arrays, write,
map), the snapshot's size, the API's memory (summed PSS over ``--workers`` processes
sharing the snapshot, less the same API without one, per million relationships), and
neighbourhood (depth 2, limit 200) and shortest-path (up to 4 hops) p50/p99 with 8
concurrent clients against the API (target: p99 < 100 ms). Ratios big / small come last.
The big graph is measured first (reused when Neo4j already holds exactly it); the small
one then replaces it.

Usage: ``python bench/bench_scale.py [--relationships 5000000] [--small 20000]
[--workers 2] [--bulk]`` (Neo4j from ``GRAPHKIT_NEO4J_*``; its graph is replaced; ``--bulk``
writes it through ``graphkit ingest --bulk``'s path, which restarts that Neo4j).
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import (
    CLIENTS,
    DEPTH,
    MAX_HOPS,
    NODE_CAP,
    LoadClient,
    concurrently,
    free_port,
    pct,
    start_server,
    stop_server,
)
from bench_snapshot import environment, measure
from benchlib import print_results
from gen_graph import build_bulk, ensure_counts, open_bench_store

from graphkit.config import Settings
from graphkit.store import open_store

RELS_PER_ACTOR = 50  # gen_graph's large graph: 10k actors, 500k relations
REQUESTS = 200  # of each kind, with CLIENTS concurrent clients
WARM = 100


def n_actors(relationships: int) -> int:
    return max(200, relationships // RELS_PER_ACTOR)


def snapshot_build(snapshot_dir: Path) -> dict[str, Any]:
    """Build the snapshot of the graph now in Neo4j into ``snapshot_dir``, timed."""
    store = open_store(Settings(store="neo4j", snapshot="sync"), snapshot_dir=snapshot_dir)
    try:
        started = time.perf_counter()
        snap = store.snapshot()  # type: ignore[attr-defined]
        seconds = time.perf_counter() - started
        if snap is None:
            raise RuntimeError("the graph changed while its snapshot was built")
        size = sum(p.stat().st_size for p in snapshot_dir.rglob("*.npy"))
        return {
            "snapshot_build_seconds": round(seconds, 1),
            "snapshot_file_mb": round(size / 2**20, 1),
            "snapshot_file_bytes_per_rel": round(size / max(snap.size, 1), 1),
        }
    finally:
        store.close()


def latencies(port: int, actors: int) -> dict[str, Any]:
    """Neighbourhood and path p50/p99 (ms) with ``CLIENTS`` clients against the API."""
    rng = random.Random(11)
    focus = [f"A{rng.randrange(actors):05d}" for _ in range(REQUESTS)]
    # two different actors: a path from an actor to itself is a 422
    pairs = [tuple(f"A{i:05d}" for i in rng.sample(range(actors), 2)) for _ in focus]

    def nb(c: LoadClient, actor: str) -> None:
        c.get(f"/actors/{actor}/neighbourhood", {"depth": DEPTH, "limit": NODE_CAP})

    def path(c: LoadClient, pair: tuple[str, str]) -> None:
        c.get("/paths", {"from": pair[0], "to": pair[1], "max_hops": MAX_HOPS})

    concurrently(focus[: CLIENTS * 2], nb, lambda: LoadClient(port))  # warm
    out: dict[str, Any] = {}
    errors = 0
    for name, call, jobs in (("neighbourhood", nb, focus), ("path", path, pairs)):
        done = concurrently(jobs, call, lambda: LoadClient(port))
        errors += len(done["errors"])
        if done["errors"]:
            out.setdefault("first_error", done["errors"][0])
        out[f"{name}_p50_ms"] = round(pct(done["lat"], 50), 1)
        out[f"{name}_p99_ms"] = round(pct(done["lat"], 99), 1)
    out["request_errors"] = errors
    return out


def measure_graph(relationships: int, workers: int, bulk: bool = False) -> dict[str, Any]:
    """Write a graph of ``relationships`` and measure it (module docstring); ``bulk``:
    write it through ``graphkit ingest --bulk``'s path instead (``gen_graph.build_bulk``)."""
    actors = n_actors(relationships)
    store = open_bench_store()
    try:
        if bulk:
            store.clear()
        else:
            graph = ensure_counts(store, actors, relationships, progress=sys.stderr.isatty())
    finally:
        store.close()
    if bulk:
        graph = build_bulk(actors, relationships)
        if "bulk_skipped" in graph:
            raise RuntimeError(f"--bulk: {graph['bulk_skipped']}")
    out: dict[str, Any] = {**graph}
    rels = graph["relationships"]
    with tempfile.TemporaryDirectory(prefix="graphkit-scale-") as tmp:
        out.update(snapshot_build(Path(tmp)))
        # the API on the snapshot just built (its workers map it), then without one
        mem = measure("shared", workers, actors, WARM, Path(tmp))
        off = measure("off", workers, actors, WARM, Path(tmp) / "unused")
        port = free_port()
        with environment({"GRAPHKIT_SNAPSHOT_SHARED": "true", "GRAPHKIT_SNAPSHOT_DIR": tmp}):
            proc = start_server(port, workers)
        try:
            out.update(latencies(port, actors))
        finally:
            stop_server(proc)
    pss, base = mem[f"shared_{workers}w_pss_mb"], off[f"off_{workers}w_pss_mb"]
    out["api_pss_mb"] = pss
    out["api_without_snapshot_pss_mb"] = base
    out["snapshot_mb_per_m_rels"] = round((pss - base) / rels * 1e6, 1)
    out["snapshot_seconds_per_m_rels"] = round(out["snapshot_build_seconds"] / rels * 1e6, 1)
    out["errors"] = (
        out.pop("request_errors") + mem[f"shared_{workers}w_errors"] + off[f"off_{workers}w_errors"]
    )
    return out


def run(
    relationships: int = 5_000_000, small: int = 20_000, workers: int = 2, bulk: bool = False
) -> dict[str, Any]:
    """The small graph, then the big one, then big / small ratios."""
    out: dict[str, Any] = {"workers": workers, "clients": CLIENTS}
    # the big graph first: a run after an interrupted one reuses it (``ensure_counts``)
    for label, n in (("big", relationships), ("small", small)):
        print(f"==> {label}: {n} relationships", file=sys.stderr, flush=True)
        for key, value in measure_graph(n, workers, bulk).items():
            out[f"{label}_{key}"] = value
    for key in (
        "neighbourhood_p50_ms",
        "neighbourhood_p99_ms",
        "path_p50_ms",
        "path_p99_ms",
        "snapshot_mb_per_m_rels",
        "snapshot_seconds_per_m_rels",
    ):
        out[f"ratio_{key}"] = round(out[f"big_{key}"] / out[f"small_{key}"], 2)
    out["errors"] = out["small_errors"] + out["big_errors"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=5_000_000)
    parser.add_argument("--small", type=int, default=20_000, help="the reference graph's size")
    parser.add_argument("--workers", type=int, default=2, help="API server processes")
    parser.add_argument(
        "--bulk", action="store_true", help="write the graphs through ingest --bulk's path"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = run(args.relationships, args.small, args.workers, args.bulk)
    print_results(out)
    return 1 if out.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
