"""Batched writes vs one relation per transaction, through ``Neo4jStore.write_batch``.

Both legs write the same shape of synthetic data (one relation per article, random
pairs among a pool of actors, random ontology types and modalities) into the same
Neo4j in one run:

* baseline: a sample of relations, each in its own ``write_batch`` call, i.e. one
  transaction per relation. It runs first, on the emptier graph, which if anything
  flatters it. When the sample is smaller than N, the time for all N is extrapolated
  from its rate and reported as such (``single_extrapolated``).
* batched: N relations in ``write_batch`` calls of ``batch`` relations (UNWIND, one
  transaction each).

Needs an empty Neo4j (it refuses to mix its synthetic graph with real data) and
clears it when done. Connection settings come from ``GRAPHKIT_NEO4J_*``.

Usage: ``python bench/bench_writes.py [--size small|large]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from graphkit.models import Actor, Article, Extraction, Relation
from graphkit.ontology import default_ontology
from graphkit.store.base import GraphStore

SIZES: dict[str, dict[str, int]] = {
    # relations written batched, baseline sample (one per transaction), relations per batch
    "small": {"relations": 5_000, "single": 1_000, "batch": 1_000, "actors": 500},
    "large": {"relations": 100_000, "single": 2_000, "batch": 2_000, "actors": 5_000},
}
KINDS = ("state", "organization", "person", "group", "body")


def synthetic(n: int, actors: int, prefix: str, seed: int) -> list[Extraction]:
    """``n`` one-relation articles over a pool of ``actors`` actors (deterministic)."""
    rng = random.Random(seed)
    onto = default_ontology()
    types = sorted(onto.types)
    pool = [
        Actor(
            id=f"bench-{i:05d}",
            name=f"Bench Actor {i:05d}",
            kind=KINDS[i % len(KINDS)],  # type: ignore[arg-type]
            aliases=[f"BA{i:05d}"],
        )
        for i in range(actors)
    ]
    start = date(2024, 1, 1)
    out = []
    for i in range(n):
        src, tgt = rng.sample(pool, 2)
        rel_type = rng.choice(types)
        sentence = f"{src.name} and {tgt.name}: {rel_type.lower()} ({prefix}{i})."
        art = Article(
            id=f"{prefix}{i:06d}",
            text=sentence,
            title=f"Synthetic {i}",
            published=start + timedelta(days=rng.randrange(365)),
        )
        rel = Relation(
            article_id=art.id,
            type=rel_type,
            predicate=onto.label(rel_type),
            source=src,
            target=tgt,
            modality=rng.choice(onto.modalities),  # type: ignore[arg-type]
            negated=rng.random() < 0.05,
            confidence=round(rng.uniform(0.4, 0.95), 2),
            sentence=sentence,
            start=0,
            end=len(sentence),
            trigger=rel_type.lower(),
        )
        out.append(Extraction(article=art, relations=[rel]))
    return out


def run(size: str = "small", store: GraphStore | None = None) -> dict[str, Any]:
    """Run the benchmark; returns the figures (rates, speedup, counts).

    Args:
        size: ``small`` (CI smoke) or ``large`` (real figures).
        store: an empty Neo4j store; default: the one ``GRAPHKIT_NEO4J_*`` names.
    """
    spec = SIZES[size]
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
    try:
        n, sample, batch = spec["relations"], spec["single"], spec["batch"]
        single_data = synthetic(sample, spec["actors"], "single:", seed=1)
        batched_data = synthetic(n, spec["actors"], "batched:", seed=2)

        t0 = time.perf_counter()
        for ex in single_data:
            store.write_batch([ex])
        single_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        for i in range(0, n, batch):
            store.write_batch(batched_data[i : i + batch])
        batched_s = time.perf_counter() - t0

        stats = store.stats()
        expected = sample + n
        if stats.evidence != expected:
            raise RuntimeError(f"wrote {stats.evidence} pieces of evidence, expected {expected}")
        single_rate = sample / single_s
        batched_rate = n / batched_s
        return {
            "relations": n,
            "batch": batch,
            "batched_s": round(batched_s, 2),
            "batched_rel_per_s": round(batched_rate, 1),
            "single_sample": sample,
            "single_s": round(single_s, 2),
            "single_rel_per_s": round(single_rate, 1),
            "single_extrapolated": sample < n,
            "single_s_for_all": round(n / single_rate, 1),
            "speedup": round(batched_rate / single_rate, 1),
            "relationships_in_graph": stats.relationships,
        }
    finally:
        store.clear()
        if own:
            store.close()


def store_from_env() -> GraphStore:
    """The shell's part: build the Neo4j store ``GRAPHKIT_NEO4J_*`` describes."""
    from graphkit.config import Settings
    from graphkit.store import open_store

    return open_store(Settings(store="neo4j"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    out = run(args.size)
    print(f"{'leg':<10} {'relations':>10} {'seconds':>9} {'rel/s':>9}")
    print(
        f"{'single':<10} {out['single_sample']:>10} {out['single_s']:>9} "
        f"{out['single_rel_per_s']:>9}"
    )
    print(
        f"{'batched':<10} {out['relations']:>10} {out['batched_s']:>9} "
        f"{out['batched_rel_per_s']:>9}"
    )
    note = " (single extrapolated from its sample)" if out["single_extrapolated"] else ""
    print(
        f"speedup x{out['speedup']}; all {out['relations']} one per transaction would take "
        f"~{out['single_s_for_all']}s{note}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
