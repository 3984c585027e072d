"""API memory with one shared traversal snapshot against one per worker, in the same run.

``graphkit serve --workers N`` for N in 1, 2, 4, three ways each: workers mapping one
shared snapshot file (``GRAPHKIT_SNAPSHOT_SHARED=true``, the default; a fresh directory
per server, so one worker builds it there), each worker building its own in memory
(``false``, the baseline), and no snapshot (``GRAPHKIT_SNAPSHOT=off``, what the API
costs without one). Each server is measured once every worker's snapshot is current and
a warm-up of neighbourhoods and paths has gone through it. Memory is summed over the
server's processes: RSS counts a shared page once per process that maps it, PSS (from
``/proc/PID/smaps_rollup``) divides it among them, so summed PSS is the honest total.
"Snapshot memory" is a server's PSS less the one without a snapshot, per million
relationships (the target: about 150 MB, whatever the worker count).

Usage: ``python bench/bench_snapshot.py --size small|large [--workers 1,2,4]`` (Neo4j
from ``GRAPHKIT_NEO4J_*``; builds the graph with ``gen_graph`` unless it is there).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sys
import tempfile
from collections.abc import Iterator
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
    peak_rss_mb,
    process_tree,
    server_log,
    start_server,
    stop_server,
)
from benchlib import print_results
from gen_graph import SIZES, ensure, open_bench_store

WARM = {"tiny": 40, "small": 80, "large": 400}  # warm-up requests of each kind
MODES = {
    # name: environment of the server
    "shared": {"GRAPHKIT_SNAPSHOT": "background", "GRAPHKIT_SNAPSHOT_SHARED": "true"},
    "own": {"GRAPHKIT_SNAPSHOT": "background", "GRAPHKIT_SNAPSHOT_SHARED": "false"},
    "off": {"GRAPHKIT_SNAPSHOT": "off", "GRAPHKIT_SNAPSHOT_SHARED": "false"},
}


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set (``start_server`` passes it on), then as before."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def memory_mb(pid: int) -> dict[str, float]:
    """RSS and PSS (MB) summed over process ``pid`` and its descendants."""
    total = {"rss": 0.0, "pss": 0.0}
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key in ("Rss", "Pss"):
                        total[key.lower()] += int(rest.split()[0]) / 1024
        except (OSError, ValueError):
            pass
    return {k: round(v, 1) for k, v in total.items()}


def measure(mode: str, workers: int, n_actors: int, n: int, snapshot_dir: Path) -> dict[str, Any]:
    """Start a server in ``mode`` with ``workers`` on the synthetic graph of ``n_actors``,
    warm it with ``n`` neighbourhoods and ``n`` paths, and read its memory."""
    rng = random.Random(5)
    if mode == "off":
        # through Cypher alone a big graph's neighbourhood takes seconds: a few requests
        # are enough to bring in what a serving process holds besides a snapshot
        n = min(n, CLIENTS)
    focus = [f"A{rng.randrange(n_actors):05d}" for _ in range(n)]
    # two different actors: a path from an actor to itself is a 422
    pairs = [tuple(f"A{i:05d}" for i in rng.sample(range(n_actors), 2)) for _ in range(n)]
    env = {**MODES[mode], "GRAPHKIT_SNAPSHOT_DIR": str(snapshot_dir)}
    port = free_port()
    with environment(env):
        proc = start_server(port, workers)
    try:

        def nb(c: LoadClient, actor: str) -> None:
            c.get(f"/actors/{actor}/neighbourhood", {"depth": DEPTH, "limit": NODE_CAP})

        def path(c: LoadClient, pair: tuple[str, str]) -> None:
            c.get("/paths", {"from": pair[0], "to": pair[1], "max_hops": MAX_HOPS})

        warm_nb = concurrently(focus, nb, lambda: LoadClient(port))
        warm_path = concurrently(pairs, path, lambda: LoadClient(port))
        mem = memory_mb(proc.pid)
        log = server_log(proc)
        ready = log.count("traversal snapshot ready")
        if mode != "off" and ready != workers:
            # a worker without its snapshot (a failed build) would flatter the figure
            warm_nb["errors"].append(f"{ready} snapshots ready in {workers} workers")
        files = sorted(p.name for p in snapshot_dir.glob("*") if p.is_dir())
        return {
            f"{mode}_{workers}w_rss_mb": mem["rss"],
            f"{mode}_{workers}w_pss_mb": mem["pss"],
            f"{mode}_{workers}w_worker_peak_rss_mb": max(peak_rss_mb(proc.pid), default=0.0),
            f"{mode}_{workers}w_snapshots_ready": ready,
            f"{mode}_{workers}w_snapshots_written": log.count("traversal snapshot written"),
            f"{mode}_{workers}w_snapshot_dirs": len(files),
            f"{mode}_{workers}w_errors": len(warm_nb["errors"]) + len(warm_path["errors"]),
            **(
                {f"{mode}_{workers}w_first_error": (warm_nb["errors"] + warm_path["errors"])[0]}
                if warm_nb["errors"] or warm_path["errors"]
                else {}
            ),
        }
    finally:
        stop_server(proc)


def run(
    size: str = "small",
    workers: tuple[int, ...] = (1, 2, 4),
    modes: tuple[str, ...] = ("off", "own", "shared"),
) -> dict[str, Any]:
    """Memory of the API over ``workers`` processes, shared vs own snapshot vs none."""
    store = open_bench_store()
    try:
        graph = ensure(store, size)
    finally:
        store.close()
    rels = graph["relationships"]
    out: dict[str, Any] = {"size": size, **graph}
    for n in workers:
        for mode in modes:
            with tempfile.TemporaryDirectory(prefix="graphkit-snap-") as tmp:
                out.update(measure(mode, n, SIZES[size][0], WARM[size], Path(tmp)))
            print(f"  {mode:<6} {n} workers: PSS {out[f'{mode}_{n}w_pss_mb']} MB", flush=True)
        off = out.get(f"off_{n}w_pss_mb")
        for mode in ("own", "shared"):
            if off is not None and mode in modes:
                extra = out[f"{mode}_{n}w_pss_mb"] - off
                out[f"{mode}_{n}w_snapshot_mb_per_m_rels"] = round(extra / rels * 1e6, 1)
        if "own" in modes and "shared" in modes:
            out[f"pss_own_over_shared_{n}w"] = round(
                out[f"own_{n}w_pss_mb"] / out[f"shared_{n}w_pss_mb"], 2
            )
    out["errors"] = sum(v for k, v in out.items() if k.endswith("_errors"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--workers", default="1,2,4", help="API worker counts, comma-separated")
    parser.add_argument(
        "--modes", default="off,own,shared", help="of off, own, shared; comma-separated"
    )
    args = parser.parse_args(argv)
    modes = tuple(m.strip() for m in args.modes.split(","))
    if not set(modes) <= set(MODES):
        parser.error(f"--modes: each of {', '.join(MODES)}")
    # SIGTERM (timeout, CI) unwinds through measure()'s finally, which stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = run(args.size, tuple(int(w) for w in args.workers.split(",")), modes)
    print_results(out)
    return 1 if out.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
