"""End-to-end ingestion benchmark: synthetic corpus -> extraction -> Neo4j.

Figures (each a ratio against a baseline measured in the same run):

* ``extract_aps``: bare extraction (``iter_extractions``, no store), articles/s: the baseline;
* ``ingest_w1_aps`` / ``ingest_w2_aps``: full ingest with 1 and 2 extraction workers,
  articles/s and relation instances (evidence) per second, and their ratio to bare
  extraction; the 2-worker time includes spawning the workers (each loads the model),
  which dominates on small corpora and on a busy 2-core machine;
* ``rerun_aps``: the same corpus again (every article unchanged, skipped by the hash
  check before extraction) and its speed-up over the first run;
* ``rss_mb_small`` / ``rss_mb_large``: peak RSS of a ``graphkit ingest`` process on two
  corpus sizes; ``rss_ratio`` near 1 means memory stays flat as the corpus grows.

It EMPTIES the Neo4j named by ``GRAPHKIT_NEO4J_*``; ``scripts/bench.sh`` runs it against
a Neo4j of its own. Usage: ``python bench/bench_ingest.py [--size small|large]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from benchlib import print_results  # noqa: E402
from gen_corpus import write_corpus  # noqa: E402

from graphkit.config import Settings  # noqa: E402
from graphkit.ingest import ingest, iter_articles  # noqa: E402
from graphkit.store import open_store  # noqa: E402

SIZES = {"small": (100, 400), "large": (1000, 4000)}

# Runs `graphkit ingest` as a child and reports the child's peak RSS (kB on Linux).
_RSS_PROBE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if done.returncode not in (0, 1):
    sys.exit(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else 0.0


def _peak_rss_mb(corpus: Path, workers: int = 1) -> float:
    cmd = [
        sys.executable,
        "-c",
        _RSS_PROBE,
        str(ROOT / ".venv" / "bin" / "graphkit"),
        "ingest",
        str(corpus),
        "--store",
        "neo4j",
        "--workers",
        str(workers),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=dict(os.environ))
    return round(int(out.stdout.strip().splitlines()[-1]) / 1024, 1)


def run(size: str = "small") -> dict[str, object]:
    """Measure ingestion throughput and memory; return the figures."""
    from graphkit.extraction import iter_extractions

    n_small, n_large = SIZES[size]
    settings = Settings(store="neo4j")
    store = open_store(settings)
    results: dict[str, object] = {"articles": n_small, "rss_sizes": [n_small, n_large]}
    try:
        with tempfile.TemporaryDirectory(prefix="gk-bench-ingest-") as tmp:
            small = Path(tmp) / "small.jsonl"
            large = Path(tmp) / "large.jsonl"
            write_corpus(n_small, small, seed=11)
            write_corpus(n_large, large, seed=12)

            # Baseline: extraction alone, no store.
            articles = [a for a in iter_articles([small]) if not hasattr(a, "reason")]
            # Load the model first: every figure below is steady-state throughput, except
            # workers=2, whose time includes starting the worker processes (each loads it).
            list(iter_extractions(articles[:1]))
            t0 = time.perf_counter()
            extracted = list(iter_extractions(articles, workers=1, batch_size=64))
            t_extract = time.perf_counter() - t0
            results["extract_aps"] = _rate(len(articles), t_extract)
            results["relations_per_article"] = round(
                sum(len(getattr(x, "relations", [])) for x in extracted) / max(len(articles), 1), 2
            )

            for workers in (1, 2):
                store.clear()
                report = ingest(store, iter_articles([small]), workers=workers, batch_size=64)
                assert report.articles_new == n_small, report.model_dump(exclude={"rejects"})
                results[f"ingest_w{workers}_aps"] = _rate(report.articles_new, report.seconds)
                results[f"ingest_w{workers}_rps"] = _rate(report.evidence, report.seconds)
                results[f"ingest_w{workers}_vs_extract"] = round(
                    results[f"ingest_w{workers}_aps"] / results["extract_aps"],  # type: ignore[operator]
                    2,
                )
            results["w2_vs_w1"] = round(
                results["ingest_w2_aps"] / results["ingest_w1_aps"],  # type: ignore[operator]
                2,
            )

            rerun = ingest(store, iter_articles([small]), workers=1, batch_size=64)
            assert rerun.articles_unchanged == n_small
            results["rerun_aps"] = _rate(rerun.articles_unchanged, rerun.seconds)
            results["rerun_speedup"] = round(
                results["rerun_aps"] / results["ingest_w1_aps"],  # type: ignore[operator]
                1,
            )

            store.clear()
            results["rss_mb_small"] = _peak_rss_mb(small)
            store.clear()
            results["rss_mb_large"] = _peak_rss_mb(large)
            results["rss_ratio"] = round(
                results["rss_mb_large"] / results["rss_mb_small"],  # type: ignore[operator]
                2,
            )
    finally:
        store.clear()
        store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingestion benchmark")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    results = run(args.size)
    print_results(results)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
