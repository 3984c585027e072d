"""Dask ingestion throughput against ``--workers 2`` local ingestion, same corpus, same run.

Figures:

* ``local_w2_aps``: ``ingest(..., workers=2)`` into Neo4j, articles/s; the time includes
  spawning the two worker processes (each loads the model): the baseline;
* ``dask_aps``: ``ingest_dask`` on a fresh ``LocalCluster`` of 2 single-threaded worker
  processes into the same, emptied Neo4j; the time includes starting the cluster and
  loading the model into its workers (``dask_cluster_s`` of it), as a user's run pays;
* ``dask_vs_local``: their ratio. Both engines extract with the same two cores, so about
  1x is expected on one machine: the point is that the Dask path runs on a real
  scheduler, which can span machines;
* ``dask_run_aps``: the Dask run alone, cluster already up with the model loaded;
* ``local_w2_writers2_aps``: the local engine with the Dask run's two concurrent writers
  (``--writers 2``), to tell the engine from the writes' concurrency.

It EMPTIES the Neo4j named by ``GRAPHKIT_NEO4J_*``; ``scripts/bench.sh`` runs it against
a Neo4j of its own. Usage: ``python bench/bench_dask.py [--size small|large]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import print_results  # noqa: E402
from gen_corpus import write_corpus  # noqa: E402

from graphkit.config import Settings  # noqa: E402
from graphkit.ingest import ingest, iter_articles  # noqa: E402
from graphkit.ingest.distributed import dask_client, ingest_dask  # noqa: E402
from graphkit.store import open_store  # noqa: E402

SIZES = {"small": 200, "large": 2000}
BATCH = 64


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else 0.0


def run(size: str = "small") -> dict[str, object]:
    """Measure local (2 worker processes) and Dask (2 workers) ingestion; return the figures."""
    n = SIZES[size]
    store = open_store(Settings(store="neo4j"))
    results: dict[str, object] = {"articles": n, "batch_size": BATCH}
    try:
        with tempfile.TemporaryDirectory(prefix="gk-bench-dask-") as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(n, corpus, seed=21)

            store.clear()
            t0 = time.perf_counter()
            local = ingest(store, iter_articles([corpus]), workers=2, batch_size=BATCH)
            t_local = time.perf_counter() - t0
            assert local.articles_new == n, local.model_dump(exclude={"rejects"})
            results["local_w2_aps"] = _rate(n, t_local)
            results["local_w2_eps"] = _rate(local.evidence, t_local)

            # the local engine with the Dask run's two writers: how much of a difference
            # is the writes' concurrency rather than the engine
            store.clear()
            t0 = time.perf_counter()
            both = ingest(store, iter_articles([corpus]), workers=2, batch_size=BATCH, writers=2)
            assert both.articles_new == n, both.model_dump(exclude={"rejects"})
            results["local_w2_writers2_aps"] = _rate(n, time.perf_counter() - t0)

            store.clear()
            t0 = time.perf_counter()
            with dask_client(None, workers=2) as client:
                client.wait_for_workers(2)
                results["dask_cluster_s"] = round(time.perf_counter() - t0, 2)
                dask = ingest_dask(store, iter_articles([corpus]), client, batch_size=BATCH)
                t_dask = time.perf_counter() - t0
                assert dask.articles_new == n, dask.model_dump(exclude={"rejects"})
                assert dask.evidence == local.evidence, (dask.evidence, local.evidence)
                results["dask_aps"] = _rate(n, t_dask)
                results["dask_eps"] = _rate(dask.evidence, t_dask)

                # steady state: the same cluster, the model loaded, an empty graph again
                store.clear()
                again = ingest_dask(store, iter_articles([corpus]), client, batch_size=BATCH)
                results["dask_run_aps"] = _rate(again.articles_new, again.seconds)
            results["dask_vs_local"] = round(
                results["dask_aps"] / results["local_w2_aps"],  # type: ignore[operator]
                2,
            )
            results["dask_vs_local_writers2"] = round(
                results["dask_aps"] / results["local_w2_writers2_aps"],  # type: ignore[operator]
                2,
            )
    finally:
        store.clear()
        store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dask vs local ingestion benchmark")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    results = run(args.size)
    print_results(results)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
