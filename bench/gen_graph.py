"""Build a deterministic synthetic actor graph for the API benchmark and load test.

The graph goes through the store's own batched writes (``GraphStore.write_batch``),
so it has exactly the shape real ingestion produces: actors with aliases, aggregated
relationships with weights and dates, evidence and articles. Degrees are skewed (a few
hubs, a long tail) like a news graph, so depth-2 neighbourhoods hit the node cap.

Sizes: ``small`` ~1k actors / 20k relations (CI smoke), ``large`` 10k actors / 500k
relations (the figures in the README).

Usage: ``python bench/gen_graph.py --size small|large [--store memory]``
(Neo4j from ``GRAPHKIT_NEO4J_*``; the graph there is replaced; ``--clear`` only empties it).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from graphkit.models import Actor, Article, Extraction, Relation
from graphkit.ontology import default_ontology
from graphkit.store.base import GraphStore

SIZES: dict[str, tuple[int, int]] = {
    "tiny": (200, 2_000),
    "small": (1_000, 20_000),
    "large": (10_000, 500_000),
}
KINDS = ("state", "organization", "person", "group", "body")
MODALITIES = ("asserted",) * 6 + ("reported",) * 3 + ("planned", "speculated", "denied")
PER_ARTICLE = 100
START = date(2023, 1, 1)


def actor(i: int) -> Actor:
    """The ``i``-th synthetic actor (ids and names are stable across runs)."""
    kind = KINDS[i % len(KINDS)]
    return Actor(
        id=f"A{i:05d}",
        name=f"Actor {i:05d}",
        kind=kind,  # type: ignore[arg-type]
        aliases=[f"Alias {i:05d}", f"X{i:05d}"],
        country=f"C{i % 150:02d}" if kind != "organization" else None,
    )


def extractions(
    n_actors: int, n_relations: int, seed: int = 7, per_article: int = PER_ARTICLE
) -> Iterator[Extraction]:
    """Synthetic articles of ``per_article`` relations each, ``n_relations`` in all."""
    rng = random.Random(seed)
    onto = default_ontology()
    types = sorted(onto.types)
    actors = [actor(i) for i in range(n_actors)]
    # Zipf-like popularity: actor i is drawn with weight 1/(i+1)^0.8 (hubs first).
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(n_actors)))
    n_articles = (n_relations + per_article - 1) // per_article
    made = 0
    for a in range(n_articles):
        count = min(per_article, n_relations - made)
        published = START + timedelta(days=a % 900)
        rels: list[tuple[Actor, str, Actor, str]] = []
        for _ in range(count):
            src, tgt = rng.choices(actors, cum_weights=cum, k=2)
            while tgt.id == src.id:
                tgt = actors[rng.randrange(n_actors)]
            rels.append((src, rng.choice(types), tgt, rng.choice(MODALITIES)))
        sentences = [f"{s.name} {onto.label(t)} {g.name}." for s, t, g, _ in rels]
        text = " ".join(sentences)
        art = Article(
            id=f"syn-{a:06d}",
            text=text,
            title=f"Synthetic report {a:06d}",
            url=f"https://synthetic.example/{a:06d}",
            published=published,
            source="synthetic",
        )
        relations = []
        pos = 0
        for (src, rel_type, tgt, modality), sentence in zip(rels, sentences, strict=True):
            relations.append(
                Relation(
                    article_id=art.id,
                    type=rel_type,
                    predicate=onto.label(rel_type),
                    source=src,
                    target=tgt,
                    modality=modality,  # type: ignore[arg-type]
                    confidence=0.8,
                    sentence=sentence,
                    start=pos,
                    end=pos + len(sentence),
                    trigger=onto.label(rel_type).split()[0],
                )
            )
            pos += len(sentence) + 1
        used = {r.source.id: r.source for r in relations} | {
            r.target.id: r.target for r in relations
        }
        made += count
        yield Extraction(article=art, actors=list(used.values()), relations=relations)


def build(
    store: GraphStore,
    n_actors: int,
    n_relations: int,
    *,
    seed: int = 7,
    batch: int = 20,
    clear: bool = True,
    progress: bool = False,
) -> dict[str, Any]:
    """Write the synthetic graph into ``store`` in batches of ``batch`` articles."""
    if clear:
        store.clear()
        store.setup()
    started = time.perf_counter()
    pending: list[Extraction] = []
    done = 0
    for ex in extractions(n_actors, n_relations, seed):
        pending.append(ex)
        if len(pending) >= batch:
            store.write_batch(pending)
            done += sum(len(e.relations) for e in pending)
            pending = []
            if progress:
                rate = done / (time.perf_counter() - started)
                print(f"\r{done}/{n_relations} relations ({rate:.0f}/s)", end="", file=sys.stderr)
    if pending:
        store.write_batch(pending)
    if progress:
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    stats = store.stats()
    return {
        "actors": stats.actors,
        "relationships": stats.relationships,
        "evidence": stats.evidence,
        "articles": stats.articles,
        "build_seconds": round(seconds, 1),
        "evidence_per_s": round(stats.evidence / seconds) if seconds else 0,
    }


def ensure(
    store: GraphStore, size: str, *, seed: int = 7, progress: bool = False
) -> dict[str, Any]:
    """Build the graph of ``size`` unless ``store`` already holds exactly it."""
    n_actors, n_relations = SIZES[size]
    return ensure_counts(store, n_actors, n_relations, seed=seed, progress=progress)


def ensure_counts(
    store: GraphStore, n_actors: int, n_relations: int, *, seed: int = 7, progress: bool = False
) -> dict[str, Any]:
    """Build the graph of ``n_actors`` and ``n_relations`` unless ``store`` holds exactly it."""
    stats = store.stats()
    expected_articles = (n_relations + PER_ARTICLE - 1) // PER_ARTICLE
    probe = store.resolve_actor(f"A{n_actors - 1:05d}")
    if (
        stats.evidence == n_relations
        and stats.articles == expected_articles
        and probe is not None
        and store.resolve_actor(f"A{n_actors:05d}") is None
    ):
        return {
            "actors": stats.actors,
            "relationships": stats.relationships,
            "evidence": stats.evidence,
            "articles": stats.articles,
            "build_seconds": 0.0,
            "reused": True,
        }
    return build(store, n_actors, n_relations, seed=seed, progress=progress)


def open_bench_store(store_name: str = "neo4j") -> GraphStore:
    """The store the benchmarks use, configured from ``GRAPHKIT_*`` like the CLI."""
    from graphkit.config import Settings
    from graphkit.store import open_store

    return open_store(Settings(store=store_name))  # type: ignore[arg-type]


def run(size: str = "small") -> dict[str, Any]:
    """Build (or reuse) the synthetic graph of ``size`` in Neo4j and report its counts."""
    store = open_bench_store()
    try:
        return ensure(store, size, progress=sys.stderr.isatty())
    finally:
        store.close()


def build_bulk(
    n_actors: int, n_relations: int, *, seed: int = 7, batch: int = 20
) -> dict[str, Any]:
    """Write the synthetic graph through ``graphkit ingest --bulk``'s path
    (``graphkit.ingest.bulk``: import files, the offline import, the server's restart,
    the schema, the actors), all timed, into the local Neo4j ``GRAPHKIT_*`` name, which
    must be empty. Returns its counts, seconds and phases, or ``bulk_skipped`` and why
    when ``GRAPHKIT_*`` name another server (the import needs the local one offline).
    """
    from graphkit import server
    from graphkit.config import Settings
    from graphkit.ingest.bulk import bulk_ingest
    from graphkit.ingest.pipeline import BatchWriter
    from graphkit.ingest.report import IngestReport
    from graphkit.server.bulk_import import import_files
    from graphkit.store.neo4j.bulk_files import BulkPlan

    settings = Settings()
    config = settings.server_config()
    if not server.runs_at(config, settings.neo4j_uri):
        return {"bulk_skipped": f"{settings.neo4j_uri} is not the local Neo4j of {settings.home}"}
    project = server.launcher_project(settings.cache)

    def run(writer: BatchWriter) -> IngestReport:
        report = IngestReport()
        it = extractions(n_actors, n_relations, seed)
        while chunk := list(itertools.islice(it, batch)):
            report.add_write(writer.write_batch(chunk))
        return report

    def load(plan: BulkPlan) -> object:
        return import_files(config, project, plan)

    report = bulk_ingest(open_bench_store, run, load, settings.home / "bulk-import")
    if report.evidence != n_relations:
        raise RuntimeError(f"the bulk build wrote {report.evidence} evidence, not {n_relations}")
    store = open_bench_store()
    try:
        stats = store.stats()
    finally:
        store.close()
    return {
        "actors": stats.actors,
        "relationships": stats.relationships,
        "evidence": stats.evidence,
        "articles": stats.articles,
        "bulk_seconds": report.seconds,
        "bulk_phases": {k: round(v, 1) for k, v in report.phases.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--store", choices=["neo4j", "memory"], default="neo4j")
    parser.add_argument("--force", action="store_true", help="rebuild even if present")
    parser.add_argument("--clear", action="store_true", help="only empty the store")
    args = parser.parse_args(argv)
    store = open_bench_store(args.store)
    try:
        if args.clear:
            store.clear()
            print("bench store emptied")
            return 0
        if args.force:
            out = build(store, *SIZES[args.size], progress=True)
        else:
            out = ensure(store, args.size, progress=True)
    finally:
        store.close()
    for key, value in out.items():
        print(f"{key:<16} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
