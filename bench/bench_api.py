"""API latency vs the store called directly, on the synthetic graph, in the same run.

Two queries: a depth-2 neighbourhood (node cap 200) and a shortest path (up to 4 hops).
Each runs through HTTP (a stdlib client on loopback against a real ``graphkit serve``
with ``--workers`` processes) and directly: the same ``graphkit.query`` call the route
makes, in this process, same driver, same kind of traversal snapshot (both wait until
theirs is built). Twice: with 8 concurrent clients (the targets: API p99 < 100 ms and
API / direct <= 1.5x), and with one client at a time (HTTP's own cost). With 8 clients
the direct side is 8 threads of one interpreter against one API process per core, so
its ratio flatters the API. For reference, a
sample of the same queries also runs through Cypher alone (``snapshot_mode=off``).

Usage: ``python bench/bench_api.py --size small|large`` (Neo4j from ``GRAPHKIT_NEO4J_*``;
builds the graph with ``gen_graph`` unless it is already there).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import print_results
from gen_graph import SIZES, ensure
from graphkit.api.main import freeze_big_snapshot

from graphkit import query
from graphkit.config import Settings
from graphkit.models import EdgeFilter
from graphkit.store import open_store
from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
REQUESTS = {"tiny": 16, "small": 24, "large": 200}  # per query kind and side
DEPTH, NODE_CAP, MAX_HOPS = 2, 200, 4
# one API process per core: a Python process runs one request's Python at a time
WORKERS = min(2, os.cpu_count() or 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int = 1) -> subprocess.Popen[str]:
    """``graphkit serve`` on loopback against the same Neo4j; waits until it is ready.

    Its log goes to a temporary file (``server_log`` reads it).
    """
    env = {**os.environ, "GRAPHKIT_STORE": "neo4j"}
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/graphkit"),
            "serve",
            "--port",
            str(port),
            "--log-level",
            "info",
            "--no-access-log",
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"graphkit serve exited: {server_log(proc)}")
        try:
            # measure once neighbourhoods and paths come from the snapshot they will
            # come from in normal use, not during its build (in every worker: each
            # connection may reach another one)
            # (fresh connections land on workers at random: ask many times)
            states = {
                httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5).json().get("traversal")
                for _ in range(workers * 12)
            }
            if states and "building" not in states and None not in states and quiet(proc):
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("graphkit serve did not become ready within 600 s")


def process_tree(pid: int) -> dict[int, list[int]]:
    """Process ``pid`` and every descendant, each with its children (from ``/proc``;
    processes that are gone are left out)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return {}
    tree = {pid: children}
    for child in children:
        tree.update(process_tree(child))
    return tree


def cpu_seconds(pid: int) -> float:
    """CPU time of process ``pid`` and its descendants."""
    total = 0.0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError):
            pass
    return total


def peak_rss_mb(pid: int) -> list[float]:
    """Peak resident memory (``VmHWM``, MB) of the processes under ``pid`` that have no
    children of their own: the API workers, or the server itself when it runs alone."""
    out = []
    for p, children in process_tree(pid).items():
        if children:
            continue
        try:
            with open(f"/proc/{p}/status") as f:
                out += [
                    round(int(line.split()[1]) / 1024, 1) for line in f if line.startswith("VmHWM:")
                ]
        except (OSError, ValueError):
            pass
    return out


def quiet(proc: subprocess.Popen[str], window: float = 1.0) -> bool:
    """Whether the server's processes are idle: a worker no request has reached yet
    may still be building its snapshot, and would build it during the measurement."""
    before = cpu_seconds(proc.pid)
    time.sleep(window)
    return cpu_seconds(proc.pid) - before < 0.2 * window


def server_log(proc: subprocess.Popen[str]) -> str:
    """What ``graphkit serve`` has logged so far."""
    log = proc.log  # type: ignore[attr-defined]
    log.flush()
    log.seek(0)
    return str(log.read())


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.close()  # type: ignore[attr-defined]


class LoadClient:
    """One load-generating client: a kept-alive HTTP/1.1 connection from the standard
    library, reading every response in full. Far lighter than httpx, so that on a
    2-core machine the generator takes as little CPU from the server as it can."""

    def __init__(self, port: int) -> None:
        # generous: a client that gives up leaves the server busy with the abandoned
        # request, which would then slow the next phase down
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def get(self, path: str, params: dict[str, Any]) -> bytes:
        self.conn.request("GET", f"{path}?{urllib.parse.urlencode(params)}")
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
        return body

    def close(self) -> None:
        self.conn.close()


def concurrently(
    jobs: list[Any],
    call: Callable[[Any, Any], None],
    make: Callable[[], Any],
    clients: int = CLIENTS,
) -> dict:
    """Run ``call(ctx, job)`` over ``jobs`` from ``clients`` threads; return latencies."""
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
    threads = [threading.Thread(target=worker) for _ in range(clients)]
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


def run(size: str = "small", workers: int = WORKERS) -> dict[str, Any]:
    """Measure API vs direct latency for neighbourhoods and paths on graph ``size``."""
    # the API's store, snapshot freeze included, so both sides answer alike
    store: GraphStore = open_store(Settings(store="neo4j"), on_snapshot=freeze_big_snapshot)
    graph = ensure(store, size)
    wait = getattr(store, "wait_for_snapshot", None)
    if wait is not None and store.snapshot_state() == "building":
        wait(600)
    n_actors = SIZES[size][0]
    rng = random.Random(11)
    n = REQUESTS[size]
    focus = [f"A{rng.randrange(n_actors):05d}" for _ in range(n)]
    pairs = [
        (f"A{rng.randrange(n_actors):05d}", f"A{rng.randrange(n_actors):05d}") for _ in range(n)
    ]
    filt = EdgeFilter()
    port = free_port()
    proc = start_server(port, workers)
    out: dict[str, Any] = {
        "size": size,
        "clients": CLIENTS,
        "requests": n,
        "api_workers": workers,
        **graph,
    }
    try:

        def api_client() -> LoadClient:
            return LoadClient(port)

        def api_nb(c: LoadClient, actor: str) -> None:
            c.get(f"/actors/{actor}/neighbourhood", {"depth": DEPTH, "limit": NODE_CAP})

        def api_path(c: LoadClient, pair: tuple[str, str]) -> None:
            c.get("/paths", {"from": pair[0], "to": pair[1], "max_hops": MAX_HOPS})

        # the calls the routes make, less HTTP
        def direct_nb(_: None, actor: str) -> None:
            query.neighbourhood_json(store, actor, DEPTH, filt, NODE_CAP)

        def direct_path(_: None, pair: tuple[str, str]) -> None:
            query.find_paths(store, pair[0], pair[1], MAX_HOPS, "shortest", filt=filt)

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
            # one client at a time: HTTP's own cost, without the 8 clients' queueing
            # (in-process threads share one interpreter; the API has a process per core)
            serial = jobs[: max(n // 2, 8)]
            d = concurrently(serial, direct, lambda: None, clients=1)
            a = concurrently(serial, api, api_client, clients=1)
            errors += d["errors"] + a["errors"]
            for q in (50, 99):
                out[f"{name}_serial_direct_p{q}_ms"] = round(pct(d["lat"], q), 1)
                out[f"{name}_serial_api_p{q}_ms"] = round(pct(a["lat"], q), 1)
                out[f"{name}_serial_overhead_p{q}"] = round(pct(a["lat"], q) / pct(d["lat"], q), 2)
        # reference: the same neighbourhoods through Cypher alone (snapshot_mode=off),
        # on a sample, to show what the snapshot buys
        cypher_store = getattr(store, "snapshot_mode", None)
        if cypher_store is not None:
            store.snapshot_mode = "off"  # type: ignore[attr-defined]
            try:
                sample = focus[: max(CLIENTS * 2, n // 5)]
                ref = concurrently(sample, direct_nb, lambda: None)
                out["neighbourhood_cypher_p50_ms"] = round(pct(ref["lat"], 50), 1)
                out["neighbourhood_cypher_p99_ms"] = round(pct(ref["lat"], 99), 1)
                ref = concurrently(pairs[: len(sample)], direct_path, lambda: None)
                out["path_cypher_p50_ms"] = round(pct(ref["lat"], 50), 1)
                out["path_cypher_p99_ms"] = round(pct(ref["lat"], 99), 1)
            finally:
                store.snapshot_mode = cypher_store  # type: ignore[attr-defined]
        out["traversal"] = store.snapshot_state()
        # one build per worker; more means a snapshot was rebuilt during the measurement
        # and some answers came from Cypher meanwhile
        log = server_log(proc)
        out["api_snapshot_builds"] = log.count("traversal snapshot ready")
        out["api_snapshots_dropped"] = log.count("traversal snapshot dropped")
        out["api_snapshot_failures"] = log.count("traversal snapshot build failed")
        out["api_worker_peak_rss_mb"] = max(peak_rss_mb(proc.pid), default=float("nan"))
        if out["api_snapshot_builds"] != workers:
            print(
                "\n".join(line for line in log.splitlines() if "traversal" in line),
                file=sys.stderr,
            )
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
    parser.add_argument("--workers", type=int, default=WORKERS, help="API server processes")
    args = parser.parse_args(argv)
    # SIGTERM (timeout, CI) unwinds through run()'s finally, which stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out = run(args.size, args.workers)
    print_results(out)
    return 1 if out.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
