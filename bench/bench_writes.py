"""Writes of the bench graph: today's ``Neo4jStore.write_batch`` against the writer before
issue #18 (``bench/baseline_writer``), in one run on one Neo4j.

Both legs write the graph ``gen_graph`` builds (hub-heavy actors, 100 relations an
article), in ``write_batch`` calls of the same number of articles, each from an empty
database:

* baseline: the old statements and schema, on the first ``sample`` pieces of evidence;
* new, sample: today's writer on the same first ``sample`` (the like-for-like ratio);
* new, full: today's writer building the whole graph (``gen_graph.build``). Its rate
  is an average over a graph growing to full size, so its ratio to the baseline's
  rate on the small start of the graph, if anything, flatters the baseline;
* bulk, full: the whole graph again, into the emptied database, through ``graphkit
  ingest --bulk``'s path (``graphkit.ingest.bulk``): import files, the offline
  ``neo4j-admin database import``, the server's restart, the schema and the actors'
  replay, all timed. Only when ``GRAPHKIT_*`` name the local embedded Neo4j (which the
  leg stops and starts); otherwise it is left out and says why.

Needs an empty Neo4j (it refuses to mix its synthetic graph with real data) and
clears it when done. Connection settings come from ``GRAPHKIT_NEO4J_*``.

``small`` is a smoke run for CI (2,000 evidence): on a graph that small, Neo4j planning
again as it grows dominates the baseline, so only ``large`` gives figures to quote.

Usage: ``python bench/bench_writes.py [--size small|large]``
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import baseline_writer
import gen_graph

from graphkit.models import Extraction
from graphkit.store.neo4j.store import Neo4jStore

SIZES: dict[str, dict[str, Any]] = {
    # the gen_graph size, the evidence of the baseline sample, articles per write_batch
    "small": {"graph": "tiny", "sample": 2_000, "batch": 20},
    "large": {"graph": "large", "sample": 40_000, "batch": 20},
}


def _batches(items: Iterable[Extraction], size: int) -> Iterable[list[Extraction]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _timed(
    store: Neo4jStore,
    write: Callable[[Sequence[Extraction]], Any],
    extractions: Iterable[Extraction],
    batch: int,
) -> tuple[float, int]:
    """Seconds to write ``extractions`` in batches, and the evidence the store then holds."""
    started = time.perf_counter()
    for chunk in _batches(extractions, batch):
        write(chunk)
    seconds = time.perf_counter() - started
    return seconds, store.stats().evidence


def run(size: str = "small", store: Neo4jStore | None = None) -> dict[str, Any]:
    """Run the benchmark; returns the figures (evidence/s of each leg, ratios).

    Args:
        size: ``small`` (CI smoke) or ``large`` (the 500k-evidence bench graph).
        store: an empty Neo4j store; default: the one ``GRAPHKIT_NEO4J_*`` names.
    """
    spec = SIZES[size]
    n_actors, n_relations = gen_graph.SIZES[spec["graph"]]
    sample, batch = spec["sample"], spec["batch"]
    own = store is None
    if store is None:
        store = store_from_env()
    if store.stats().actors:
        # checked before the try: its finally clears the graph, which must never be a real one
        if own:
            store.close()
        raise RuntimeError(
            "bench_writes needs an empty Neo4j (it writes and then deletes a synthetic "
            "graph): point GRAPHKIT_NEO4J_URI at a scratch server"
        )

    def first(n: int) -> Iterable[Extraction]:
        return itertools.islice(
            gen_graph.extractions(n_actors, n_relations), n // gen_graph.PER_ARTICLE
        )

    def leg(write: Callable[[Sequence[Extraction]], Any]) -> tuple[float, int]:
        # one untimed batch first: a schema change empties Neo4j's plan cache, and the
        # first plans of each writer's statements are a one-off cost, not a write rate
        _timed(store, write, first(batch * gen_graph.PER_ARTICLE), batch)
        store.clear()
        return _timed(store, write, first(sample), batch)

    bulk: dict[str, Any] = {"bulk_skipped": "a store was given (the leg restarts Neo4j)"}
    try:
        baseline_writer.setup(store)
        base_s, base_n = leg(lambda ex: baseline_writer.write_batch(store, ex))
        store.clear()
        store.setup()
        new_s, new_n = leg(store.write_batch)
        full = gen_graph.build(store, n_actors, n_relations, batch=batch)
        if base_n != sample or new_n != sample or full["evidence"] != n_relations:
            raise RuntimeError(
                f"wrote {base_n}, {new_n} and {full['evidence']} pieces of evidence, "
                f"expected {sample}, {sample} and {n_relations}"
            )
        base_rate, new_rate = base_n / base_s, new_n / new_s
        full_rate = full["evidence"] / full["build_seconds"]
        if own:
            store.clear()
            store.close()  # its bookmarks name the database the import replaces
            try:
                bulk = gen_graph.build_bulk(n_actors, n_relations, batch=batch)
            finally:
                store = store_from_env()
            if "bulk_seconds" in bulk:
                bulk["bulk_full_evidence_per_s"] = round(n_relations / bulk["bulk_seconds"])
                bulk["ratio_bulk"] = round(n_relations / bulk["bulk_seconds"] / base_rate, 2)
        return bulk | {
            "batch_articles": batch,
            "baseline_evidence": base_n,
            "baseline_evidence_per_s": round(base_rate),
            "new_sample_evidence_per_s": round(new_rate),
            "new_full_evidence": full["evidence"],
            "new_full_evidence_per_s": round(full_rate),
            "ratio_sample": round(new_rate / base_rate, 2),
            "ratio_full": round(full_rate / base_rate, 2),
            "relationships_in_graph": full["relationships"],
        }
    finally:
        store.clear()
        if own:
            store.close()


def store_from_env() -> Neo4jStore:
    """The shell's part: build the Neo4j store ``GRAPHKIT_NEO4J_*`` describes."""
    store = gen_graph.open_bench_store()
    if not isinstance(store, Neo4jStore):
        raise RuntimeError("bench_writes measures the Neo4j store")
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    out = run(args.size)
    print(f"{'leg':<16} {'evidence':>9} {'evidence/s':>11} {'ratio':>7}")
    print(f"{'baseline':<16} {out['baseline_evidence']:>9} {out['baseline_evidence_per_s']:>11}")
    print(
        f"{'new, same sample':<16} {out['baseline_evidence']:>9} "
        f"{out['new_sample_evidence_per_s']:>11} {out['ratio_sample']:>7}"
    )
    print(
        f"{'new, full graph':<16} {out['new_full_evidence']:>9} "
        f"{out['new_full_evidence_per_s']:>11} {out['ratio_full']:>7}"
    )
    if "bulk_seconds" in out:
        print(
            f"{'bulk, full graph':<16} {out['new_full_evidence']:>9} "
            f"{out['bulk_full_evidence_per_s']:>11} {out['ratio_bulk']:>7}"
        )
        print("bulk phases: " + ", ".join(f"{k} {v} s" for k, v in out["bulk_phases"].items()))
    else:
        print(f"bulk leg left out: {out['bulk_skipped']}")
    print(f"({out['batch_articles']} articles of 100 relations per write_batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
