"""Dyad timelines and event exports on the synthetic graph, against baselines measured in the
same run.

* ``dyad``: ``graphkit.timeline.dyad_timeline`` between the two highest-degree actors that
  share relationships, on the Neo4j store, a few hundred calls (target p99 < 100 ms at
  ``large``); the baseline is the store read it makes (``GraphStore.dyad_evidence``), so
  the ratio is what resolving the actors and bucketing cost on top. The API route
  (``GET /dyads/{a}/{b}/timeline``, one client at a time, one server process) too. Both
  sides resolve actors from the traversal snapshot, as the API does.
* ``export``: every evidence row as CSV (``graphkit.export.stream``, written to a file)
  and as Parquet (``graphkit.export.export``): seconds and peak RSS growth during the
  export. The baselines write the same rows with pyarrow directly
  (``pyarrow.csv.write_csv`` / ``pyarrow.parquet.write_table``) from a table already in
  memory; reading the rows from the store into that table is timed as well.

Usage: ``python bench/bench_timeline.py --size small|large`` (Neo4j from
``GRAPHKIT_NEO4J_*``; builds the graph with ``gen_graph`` unless it is already there).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import LoadClient, free_port, pct, start_server, stop_server
from benchlib import print_results
from gen_graph import ensure
from graphkit.api.main import freeze_big_snapshot

from graphkit import export as gk_export
from graphkit.config import Settings
from graphkit.models import EdgeFilter
from graphkit.store import open_store
from graphkit.store.base import GraphStore
from graphkit.timeline import dyad_timeline

CALLS = {"tiny": 30, "small": 60, "large": 300}  # dyad timelines per side
HUB_CANDIDATES = 30  # gen_graph draws low-numbered actors most: the hubs are among these
INTERVAL = "week"
TARGET_P99_MS = 100.0


def _status_kb(field: str) -> int:
    """A ``/proc/self/status`` figure (VmRSS, VmHWM) in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


@contextmanager
def peak_rss_growth() -> Iterator[dict[str, float]]:
    """Yield a dict that holds, on exit, the peak RSS growth in MB over the block.

    The kernel's high-water mark is reset first (``/proc/self/clear_refs``), so VmHWM is
    the block's own peak; a thread sampling VmRSS every 5 ms backs it up where the reset
    is not allowed.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    start = _status_kb("VmRSS")
    peak = [start]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], _status_kb("VmRSS"))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out: dict[str, float] = {}
    try:
        yield out
    finally:
        done.set()
        thread.join()
        top = max(peak[0], _status_kb("VmHWM")) if reset else peak[0]
        out["mb"] = round((top - start) / 1024, 1)


def _timed(fn: Callable[[], object], n: int) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def hubs(store: GraphStore) -> tuple[str, str, int]:
    """The two highest-degree actors with evidence between them, and that evidence count."""
    ids = [f"A{i:05d}" for i in range(HUB_CANDIDATES)]
    nodes = list(store.actor_nodes(ids).values())
    pairs = sorted(
        ((a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]),
        key=lambda p: (-(p[0].degree + p[1].degree), p[0].id, p[1].id),
    )
    for a, b in pairs:  # the best-connected pair first: usually the first one shares
        shared = len(store.dyad_evidence(a.id, b.id, EdgeFilter(), 1_000_000))
        if shared:
            return a.id, b.id, shared
    raise RuntimeError("no two hub candidates share any evidence: is the graph built?")


def bench_dyad(store: GraphStore, size: str) -> dict[str, Any]:
    """p50/p99 of a dyad timeline between the hubs, in process and through the API."""
    a, b, shared = hubs(store)
    n = CALLS[size]
    filt = EdgeFilter()

    def timeline() -> object:
        return dyad_timeline(store, a, b, INTERVAL, filt)

    def read() -> object:
        return store.dyad_evidence(a, b, filt, 1_000_000)

    periods = len(dyad_timeline(store, a, b, INTERVAL, filt).periods)
    _timed(timeline, 10)  # warm: driver pool, query plans, page cache
    _timed(read, 10)
    tl = _timed(timeline, n)
    rd = _timed(read, n)
    out: dict[str, Any] = {
        "dyad": f"{a}-{b}",
        "dyad_evidence": shared,
        "dyad_periods": periods,
        "dyad_calls": n,
        "dyad_p50_ms": round(pct(tl, 50), 1),
        "dyad_p99_ms": round(pct(tl, 99), 1),
        "read_p50_ms": round(pct(rd, 50), 1),
        "read_p99_ms": round(pct(rd, 99), 1),
        "dyad_vs_read_p50": round(statistics.median(tl) / statistics.median(rd), 2),
        "dyad_target_p99_ms": TARGET_P99_MS,
        "dyad_meets_target": pct(tl, 99) < TARGET_P99_MS,
    }
    port = free_port()
    proc = start_server(port, 1)
    client = LoadClient(port)
    try:
        path = f"/dyads/{a}/{b}/timeline"

        def api() -> object:
            return client.get(path, {"interval": INTERVAL})

        _timed(api, 10)
        times = _timed(api, n)
    finally:
        client.close()
        stop_server(proc)
    out.update(
        api_p50_ms=round(pct(times, 50), 1),
        api_p99_ms=round(pct(times, 99), 1),
        api_vs_direct_p99=round(pct(times, 99) / pct(tl, 99), 2),
    )
    return out


def bench_export(store: GraphStore, tmp: Path) -> dict[str, Any]:
    """Time and memory of the CSV and Parquet exports against pyarrow's own writers."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    # the exports first, while this process is small: their RSS growth is their own
    with peak_rss_growth() as csv_mem:
        t0 = time.perf_counter()
        with (tmp / "stream.csv").open("w", encoding="utf-8", newline="") as fh:
            for chunk in gk_export.stream(store, "csv"):
                fh.write(chunk)
        csv_s = time.perf_counter() - t0
    with peak_rss_growth() as pq_mem:
        t0 = time.perf_counter()
        rows = gk_export.export(store, "parquet", tmp / "export.parquet").rows
        parquet_s = time.perf_counter() - t0
    # the baselines' rows, read from the store into one table in memory (timed apart)
    schema = gk_export._arrow_schema()
    t0 = time.perf_counter()
    batches, batch = [], []
    for row in gk_export.event_rows(store):
        batch.append(row)
        if len(batch) == gk_export.BATCH_ROWS:
            batches.append(pa.RecordBatch.from_pylist(batch, schema=schema))
            batch = []
    batches.append(pa.RecordBatch.from_pylist(batch, schema=schema))
    table = pa.Table.from_batches(batches, schema=schema)
    read_s = time.perf_counter() - t0
    if table.num_rows != rows:
        raise RuntimeError(f"Parquet export wrote {rows} rows, the store read {table.num_rows}")
    t0 = time.perf_counter()
    pacsv.write_csv(table, tmp / "pyarrow.csv")
    pa_csv_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pq.write_table(table, tmp / "pyarrow.parquet")
    pa_parquet_s = time.perf_counter() - t0
    return {
        "export_rows": rows,
        "csv_s": round(csv_s, 1),
        "csv_rows_per_s": round(rows / csv_s),
        "csv_rss_growth_mb": csv_mem["mb"],
        "csv_mb": round((tmp / "stream.csv").stat().st_size / 2**20, 1),
        "parquet_s": round(parquet_s, 1),
        "parquet_rss_growth_mb": pq_mem["mb"],
        "parquet_mb": round((tmp / "export.parquet").stat().st_size / 2**20, 1),
        "read_into_table_s": round(read_s, 1),
        "pyarrow_csv_s": round(pa_csv_s, 2),
        "pyarrow_parquet_s": round(pa_parquet_s, 2),
        "csv_vs_pyarrow": round(csv_s / pa_csv_s, 1),
        "parquet_vs_pyarrow": round(parquet_s / pa_parquet_s, 1),
        "csv_vs_read": round(csv_s / read_s, 2),
        "parquet_vs_read": round(parquet_s / read_s, 2),
    }


def run(size: str = "small") -> dict[str, Any]:
    """Build (or reuse) the graph of ``size`` and measure timelines and exports on it."""
    # the API's store and snapshot (actors resolve from it), as bench_api measures
    store: GraphStore = open_store(Settings(store="neo4j"), on_snapshot=freeze_big_snapshot)
    try:
        out: dict[str, Any] = {"size": size, **ensure(store, size)}
        wait = getattr(store, "wait_for_snapshot", None)
        if wait is not None and store.snapshot_state() == "building":
            wait(600)
        out.update(bench_dyad(store, size))
        with tempfile.TemporaryDirectory() as tmp:
            out.update(bench_export(store, Path(tmp)))
        return out
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(CALLS), default="small")
    args = parser.parse_args(argv)
    out = run(args.size)
    print_results(out)
    return 0 if out["dyad_meets_target"] or args.size != "large" else 1


if __name__ == "__main__":
    sys.exit(main())
