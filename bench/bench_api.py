"""API latency vs the store called directly, on the synthetic graph, in the same run.

Two queries: a depth-2 neighbourhood (node cap 200) and a shortest path (up to 4 hops).
Each is run by 8 concurrent clients twice: through HTTP (httpx on loopback against a
real ``graphkit serve`` uvicorn process) and directly through the store (same
process, same driver). The figures are p50/p99 latencies and the API overhead ratio
(API / direct); targets: ratio <= 1.5x and API p99 < 100 ms.

Usage: ``python bench/bench_api.py --size small|large`` (Neo4j from ``GRAPHKIT_NEO4J_*``;
builds the graph with ``gen_graph`` unless it is already there).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_graph import SIZES, ensure, open_bench_store

from graphkit.models import EdgeFilter
from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
REQUESTS = {"tiny": 16, "small": 24, "large": 200}  # per query kind and side
DEPTH, NODE_CAP, MAX_HOPS = 2, 200, 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[str]:
    """``graphkit serve`` on loopback against the same Neo4j; waits until it is ready."""
    env = {**os.environ, "GRAPHKIT_STORE": "neo4j"}
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/graphkit"), "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"graphkit serve exited: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("graphkit serve did not become ready within 60 s")


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def concurrently(
    jobs: list[Any], call: Callable[[Any, Any], None], make: Callable[[], Any]
) -> dict:
    """Run ``call(ctx, job)`` over ``jobs`` from ``CLIENTS`` threads; return latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(jobs)

    def worker() -> None:
        ctx = make()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                t0 = time.perf_counter()
                try:
                    call(ctx, job)
                except Exception as exc:  # count, don't stop: the report shows them
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}"[:200])
                    continue
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
        finally:
            close = getattr(ctx, "close", None)
            if close is not None:
                close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"lat": latencies, "errors": errors, "wall": wall}


def pct(values: list[float], q: int) -> float:
    """The ``q``-th percentile in milliseconds."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def run(size: str = "small") -> dict[str, Any]:
    """Measure API vs direct latency for neighbourhoods and paths on graph ``size``."""
    store: GraphStore = open_bench_store()
    graph = ensure(store, size)
    n_actors = SIZES[size][0]
    rng = random.Random(11)
    n = REQUESTS[size]
    focus = [f"A{rng.randrange(n_actors):05d}" for _ in range(n)]
    pairs = [
        (f"A{rng.randrange(n_actors):05d}", f"A{rng.randrange(n_actors):05d}") for _ in range(n)
    ]
    filt = EdgeFilter()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(port)
    out: dict[str, Any] = {"size": size, "clients": CLIENTS, "requests": n, **graph}
    try:

        def api_client() -> httpx.Client:
            # generous: a client that gives up leaves the server busy with the abandoned
            # request, which would then slow the next phase down
            return httpx.Client(base_url=base, timeout=300)

        def api_nb(c: httpx.Client, actor: str) -> None:
            r = c.get(f"/actors/{actor}/neighbourhood", params={"depth": DEPTH, "limit": NODE_CAP})
            r.raise_for_status()

        def api_path(c: httpx.Client, pair: tuple[str, str]) -> None:
            r = c.get("/paths", params={"from": pair[0], "to": pair[1], "max_hops": MAX_HOPS})
            r.raise_for_status()

        def direct_nb(_: None, actor: str) -> None:
            store.neighbourhood(actor, depth=DEPTH, filt=filt, limit=NODE_CAP)

        def direct_path(_: None, pair: tuple[str, str]) -> None:
            store.paths(pair[0], pair[1], max_hops=MAX_HOPS, mode="shortest", filt=filt)

        # warm both sides (driver pools, query plans, page cache, uvicorn threads)
        warm = focus[: CLIENTS * 2]
        concurrently(warm, direct_nb, lambda: None)
        concurrently(warm, api_nb, api_client)

        errors: list[str] = []
        for name, direct, api, jobs in (
            ("neighbourhood", direct_nb, api_nb, focus),
            ("path", direct_path, api_path, pairs),
        ):
            # alternate halves so drift on a shared machine hits both sides alike
            half = len(jobs) // 2
            d1 = concurrently(jobs[:half], direct, lambda: None)
            a1 = concurrently(jobs[:half], api, api_client)
            a2 = concurrently(jobs[half:], api, api_client)
            d2 = concurrently(jobs[half:], direct, lambda: None)
            d_lat, a_lat = d1["lat"] + d2["lat"], a1["lat"] + a2["lat"]
            errors += d1["errors"] + d2["errors"] + a1["errors"] + a2["errors"]
            out[f"{name}_direct_p50_ms"] = round(pct(d_lat, 50), 1)
            out[f"{name}_direct_p99_ms"] = round(pct(d_lat, 99), 1)
            out[f"{name}_api_p50_ms"] = round(pct(a_lat, 50), 1)
            out[f"{name}_api_p99_ms"] = round(pct(a_lat, 99), 1)
            out[f"{name}_overhead_p50"] = round(pct(a_lat, 50) / pct(d_lat, 50), 2)
            out[f"{name}_overhead_p99"] = round(pct(a_lat, 99) / pct(d_lat, 99), 2)
            out[f"{name}_api_rps"] = round(len(a_lat) / (a1["wall"] + a2["wall"]), 1)
        out["errors"] = len(errors)
        if errors:
            out["first_error"] = errors[0]
    finally:
        stop_server(proc)
        store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(REQUESTS), default="small")
    args = parser.parse_args(argv)
    # SIGTERM (timeout, CI) unwinds through run()'s finally, which stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = run(args.size)
    width = max(len(k) for k in out)
    for key, value in out.items():
        print(f"{key:<{width}}  {value}")
    return 1 if out.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
