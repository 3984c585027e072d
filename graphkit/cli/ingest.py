"""``graphkit ingest``: load articles and write what they say to the graph."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from graphkit.cli.common import (
    STORE,
    fail,
    handle_errors,
    opened_store,
    store_settings,
)
from graphkit.errors import StoreUnavailable

if TYPE_CHECKING:
    from graphkit.config import Settings
    from graphkit.ingest.pipeline import BatchWriter
    from graphkit.ingest.report import IngestReport
    from graphkit.models import Article, Reject
    from graphkit.store.neo4j.bulk_files import BulkPlan

ENGINES = ("local", "dask")


@handle_errors
def ingest_command(
    paths: list[str] | None = typer.Argument(
        None,
        help="files, directories (recursive), http(s) URLs of pages or feeds, or - for stdin;"
        " formats: .txt .md .jsonl .html .rss .atom",
    ),
    samples: bool = typer.Option(
        False, "--samples", help="also ingest the sample articles that ship with graphkit"
    ),
    store: str | None = STORE,
    workers: int = typer.Option(
        1, min=1, help="extraction processes (with --engine dask: the local cluster's workers)"
    ),
    engine: str = typer.Option(
        "local", "--engine", help="local (worker processes here) or dask (a Dask cluster)"
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address, tcp://HOST:8786 (GRAPHKIT_DASK_SCHEDULER); "
        "default: a local cluster of --workers processes",
    ),
    writers: int | None = typer.Option(
        None, min=1, help="write transactions at once (default 1; 2 with --engine dask)"
    ),
    batch_size: int = typer.Option(64, min=1, help="articles per write transaction"),
    rejects: Path | None = typer.Option(
        None, help="where to write rejected items as JSONL (default <home>/ingest-rejects.jsonl)"
    ),
    max_bytes: int | None = typer.Option(
        None, min=1, help="largest article in bytes (GRAPHKIT_MAX_ARTICLE_BYTES)"
    ),
    bulk: bool = typer.Option(
        False,
        "--bulk",
        help="a first backfill into an empty graph through Neo4j's bulk import, many times "
        "faster; only the embedded Neo4j, which is stopped for the import and started again",
    ),
) -> None:
    """Load articles, extract actors and relations, and write them to the graph.

    Re-running is safe and fast: unchanged articles are skipped before extraction.
    With --engine dask, extraction runs on a Dask cluster (pip install 'graphkit[dask]').
    With --bulk, an empty graph is filled by neo4j-admin's import instead of transactions
    (later runs without --bulk add to it as usual).
    Exit code 1 if any item was rejected (the rest are still ingested), 2 for a
    configuration error, 3 if the store is unavailable, 70 for an internal error.
    """
    from graphkit.ingest import count_items, ingest, iter_articles, sample_dir

    paths = [*(paths or []), *([str(sample_dir())] if samples else [])]
    if not paths:
        raise fail("nothing to ingest: give paths or URLs, or --samples", 2)
    if engine not in ENGINES:
        raise fail(f"--engine {engine!r}: expected one of {', '.join(ENGINES)}", 2)
    if scheduler and engine != "dask":
        raise fail("--scheduler needs --engine dask", 2)
    # The driver logs every transaction retry; an outage is reported once, below.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    settings = store_settings(store=store)
    if settings.store == "memory" and settings.memory_path == settings.home / "memory-graph.json":
        # the default memory graph is saved to <home> when the store closes
        settings.home.mkdir(parents=True, exist_ok=True)
    limit = max_bytes or settings.max_article_bytes
    target = rejects or settings.home / "ingest-rejects.jsonl"
    if rejects is not None:
        # find out now, not after an hour of extraction, that the report cannot be written
        _check_writable(rejects)
    show_progress = sys.stderr.isatty()
    options: dict[str, Any] = {
        "batch_size": batch_size,
        "progress": show_progress,
        "total": count_items(paths) if show_progress else None,
        "max_bytes": limit,
    }

    def run(graph: BatchWriter) -> IngestReport:
        if engine == "dask":
            return _ingest_dask(
                graph,
                iter_articles(paths, max_bytes=limit),
                scheduler or settings.dask_scheduler,
                workers,
                # the import files take one batch at a time
                1 if bulk else writers or 2,
                options,
            )
        return ingest(
            graph,
            iter_articles(paths, max_bytes=limit),
            workers=workers,
            writers=1 if bulk else writers or 1,
            **options,
        )

    try:
        if bulk:
            report = _ingest_bulk(settings, run)
        else:
            with opened_store(settings, quiet_close=True) as graph:
                report = run(graph)
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc} (re-run the same command to resume)", 3) from None
    for line in report.summary_lines():
        typer.echo(line)
    if report.rejects:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # backslashreplace: a lone surrogate in a reason or path is written as the
            # JSON escape it came from, instead of failing the whole report
            with target.open("w", encoding="utf-8", errors="backslashreplace") as out:
                for rej in report.rejects:
                    row = rej.model_dump(exclude_none=True)
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise fail(
                f"{report.rejected} item(s) rejected, and the report cannot be written to "
                f"{target}: {exc.strerror or exc}"
            ) from None
        for rej in report.rejects[:10]:
            where = f"{rej.path}:{rej.line}" if rej.line else rej.path
            typer.echo(f"rejected {where}: {rej.reason}", err=True)
        more = f" ({len(report.rejects) - 10} more)" if len(report.rejects) > 10 else ""
        typer.echo(f"{report.rejected} item(s) rejected{more}; report: {target}", err=True)
        raise typer.Exit(1)


def _ingest_bulk(settings: Settings, run: Callable[[BatchWriter], IngestReport]) -> IngestReport:
    """The run through import files into the local Neo4j (``graphkit.ingest.bulk``)."""
    from graphkit import server
    from graphkit.ingest.bulk import bulk_ingest
    from graphkit.server.bulk_import import import_files
    from graphkit.store import open_store

    if settings.store != "neo4j":
        raise fail("--bulk needs the neo4j store (GRAPHKIT_STORE=neo4j)", 2)
    config = settings.server_config()
    if not server.runs_at(config, settings.neo4j_uri):
        raise fail(
            f"--bulk imports into the local Neo4j of {settings.home}, started with "
            f"`graphkit neo4j start` and named by GRAPHKIT_NEO4J_URI={config.uri}; "
            "for another server, ingest without --bulk",
            2,
        )
    project = server.launcher_project(settings.cache)

    def load(plan: BulkPlan) -> object:
        return import_files(config, project, plan)

    return bulk_ingest(
        lambda: open_store(settings),
        run,
        load,
        settings.home / "bulk-import",
        say=lambda line: typer.echo(line, err=True),
    )


def _ingest_dask(
    graph: BatchWriter,
    items: Iterable[Article | Reject],
    scheduler: str | None,
    workers: int,
    writers: int,
    options: dict[str, Any],
) -> IngestReport:
    """The run with extraction on a Dask cluster (exit 3 if the scheduler is gone)."""
    from graphkit.ingest.distributed import EngineUnavailable, dask_client, ingest_dask

    try:
        with dask_client(scheduler, workers) as client:
            # Dask logs (with tracebacks) every worker that comes and goes and every
            # reconnection attempt; what matters is reported once: rejects, or the lost
            # scheduler, below. Its loggers carry levels of their own (dask's config).
            for name in list(logging.root.manager.loggerDict):
                if name == "distributed" or name.startswith("distributed."):
                    logging.getLogger(name).setLevel(logging.CRITICAL)
            return ingest_dask(graph, items, client, writers=writers, **options)
    except EngineUnavailable as exc:
        raise fail(f"{exc} (re-run the same command to resume)", 3) from None


def _check_writable(path: Path) -> None:
    """Fail with one line (exit 2) unless ``path`` can be opened for writing."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        # append mode: probing must not empty an existing report
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise fail(f"--rejects {path}: cannot write: {exc.strerror or exc}", 2) from None
