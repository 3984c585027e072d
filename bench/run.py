"""Run every benchmark and write ``bench/results.json`` plus a short table.

Each ``bench/bench_*.py`` module exposes ``run(size) -> dict``. Every figure is a ratio
against a baseline measured in the same run, because these machines are shared and noisy.

Usage: ``python bench/run.py --size small|large [--only extract,writes,...]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "extract",
    "writes",
    "ingest",
    "dask",
    "api",
    "snapshot",
    "view",
    "analytics",
    "timeline",
    "traverse",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "large"], default="small")
    parser.add_argument("--only", default=",".join(BENCHES))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    results: dict[str, object] = {
        "size": args.size,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "benchmarks": {},
    }
    failed = 0
    for name in args.only.split(","):
        name = name.strip()
        print(f"==> bench {name} ({args.size})", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench_{name}")
            out = module.run(args.size)
        except Exception as exc:  # a broken bench must not hide the others' figures
            traceback.print_exc()
            out = {"error": f"{type(exc).__name__}: {exc}"}
            failed += 1
        out["seconds"] = round(time.perf_counter() - t0, 1)
        results["benchmarks"][name] = out  # type: ignore[index]
    (HERE / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print()
    print(f"{'benchmark':<10} figures")
    for name, out in results["benchmarks"].items():  # type: ignore[attr-defined]
        flat = ", ".join(f"{k}={v}" for k, v in out.items() if not isinstance(v, (dict, list)))
        print(f"{name:<10} {flat}")
    print(f"\nwrote {HERE / 'results.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
