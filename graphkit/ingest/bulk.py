"""A first backfill through Neo4j's bulk import: ``graphkit ingest SOURCES --bulk``.

The transactional writer tops out at a few thousand pieces of evidence a second on one
Neo4j primary (``docs/scaling.md``). Into an empty graph, the same run can instead write
import files (``BulkFiles``, with the answers ``write_batch`` gives), load them with
``neo4j-admin database import full`` while the server is offline, and finish through
the transactional writer, which then owns the graph as after any ingest:

1. refuse a graph that holds anything (the import replaces the database);
2. run the ingest, extraction engine and rejects as usual, into the files;
3. import them (the caller's ``load``: stop, import, start);
4. create the schema (``setup``), replay each batch's actors through ``upsert_actors``
   (their aliases and look-up keys have one definition), and write the later versions of
   articles the run saw twice through ``write_batch``.

A re-run without ``--bulk`` then finds every article unchanged.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graphkit.errors import ConfigError
from graphkit.ingest.pipeline import BatchWriter, write_with_rejects
from graphkit.ingest.report import IngestReport
from graphkit.models import Actor, Extraction
from graphkit.store.base import GraphStore
from graphkit.store.neo4j.bulk_files import BulkFiles, BulkPlan


def bulk_ingest(
    open_store: Callable[[], GraphStore],
    run: Callable[[BatchWriter], IngestReport],
    load: Callable[[BulkPlan], object],
    folder: Path,
    say: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest into an empty graph through import files (see the module doc).

    Args:
        open_store: opens the graph (it is closed again before the import).
        run: the ingest itself, e.g. ``lambda w: ingest(w, items)``, writing to ``w``.
        load: imports a plan's files into the offline database and starts it again
            (``graphkit.server.bulk_import.import_files``).
        folder: scratch space for the files (emptied first, removed after a success).
        say: called with a line as each phase after the files begins (the CLI prints it).

    Returns:
        The run's report; ``actors`` and the later versions of articles are counted
        after the import, as the store wrote them; ``seconds`` includes the import.

    Raises:
        ConfigError: the graph is not empty.
        StoreUnavailable: the import failed (the files stay in ``folder``), or the store
            went away.
    """
    started = time.perf_counter()
    store = open_store()
    try:
        stats = store.stats()
    finally:
        store.close()
    if stats.actors or stats.articles:
        raise ConfigError(
            f"--bulk imports into an empty graph, and this one holds {stats.articles} "
            f"articles and {stats.actors} actors; ingest without --bulk to add to it"
        )
    shutil.rmtree(folder, ignore_errors=True)
    files = BulkFiles(folder)
    report = run(files)
    plan = files.finish()
    phases = report.phases
    phases["files"] = time.perf_counter() - started
    if not plan.counts.get("articles"):
        shutil.rmtree(folder, ignore_errors=True)
        return report
    tell = say or (lambda line: None)
    counts = ", ".join(f"{n:,} {kind}" for kind, n in plan.counts.items())
    tell(f"bulk: importing {counts} (Neo4j is offline meanwhile)")
    _timed(phases, "import", lambda: load(plan))
    tell("bulk: creating the schema")
    store = _timed(phases, "schema", open_store)
    try:
        _timed(phases, "schema", store.setup, add=True)
        tell(f"bulk: merging the actors of {len(plan.actor_batches):,} batches")
        report.actors = _timed(phases, "actors", lambda: _replay_actors(store, plan.actor_batches))
        if plan.deferred:
            _timed(phases, "later versions", lambda: _write_later(store, plan.deferred, report))
    finally:
        _timed(phases, "close", store.close)
    _timed(phases, "close", lambda: shutil.rmtree(folder, ignore_errors=True), add=True)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


T = TypeVar("T")
# actors merged in one transaction of the replay, at most (one batch may hold more)
ACTORS_PER_TRANSACTION = 10_000


def _timed(phases: dict[str, float], name: str, step: Callable[[], T], add: bool = False) -> T:
    began = time.perf_counter()
    try:
        return step()
    finally:
        phases[name] = (phases.get(name, 0.0) if add else 0.0) + time.perf_counter() - began


def _write_later(store: GraphStore, later: list[Extraction], report: IngestReport) -> None:
    """Write the later versions of articles, one at a time: a third follows a second."""
    for ex in later:
        summary, rejects = write_with_rejects(store, [ex])
        report.add_write(summary)
        for rej in rejects:
            report.add_reject(rej)


def _replay_actors(store: GraphStore, batches: list[list[Actor]]) -> int:
    """Merge each batch's actors in turn, as ``write_batch`` did batch after batch.

    Consecutive batches go in one transaction while no actor comes twice in it: rows of
    distinct actors do not see each other, so one merge of them is the merges in turn.
    """
    written = 0
    pending: dict[str, Actor] = {}
    for batch in batches:
        if len(pending) >= ACTORS_PER_TRANSACTION or any(a.id in pending for a in batch):
            written += store.upsert_actors(list(pending.values()))
            pending = {}
        pending.update((a.id, a) for a in batch)
    if pending:
        written += store.upsert_actors(list(pending.values()))
    return written
