"""The ``graphkit`` command line: a thin shell around the library.

Only this module (and ``api/``) reads the environment. Every command makes one
call into ``graphkit`` and turns ``GraphkitError`` into one clear line and a
non-zero exit code.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import typer
from pydantic import ValidationError as PydanticValidationError

from graphkit.config import Settings
from graphkit.errors import ConfigError, GraphkitError

app = typer.Typer(
    help="graphkit: a geopolitical actor-relationship knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="Run the embedded Neo4j (no Docker needed).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")

F = TypeVar("F", bound=Callable[..., Any])


def _print_version(value: bool) -> None:
    if value:
        from graphkit import __version__

        typer.echo(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="print graphkit's version and exit",
    ),
) -> None:
    """graphkit: a geopolitical actor-relationship knowledge graph."""


# exit code of an unexpected error (BSD's EX_SOFTWARE); see ``handle_errors``
INTERNAL_ERROR = 70


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line to stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr, no stack trace."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            hint = f" (check {exc.setting})" if exc.setting else ""
            raise fail(f"{exc}{hint}", 2) from None
        except GraphkitError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except Exception as exc:
            # a bug, not bad input: one line, and a code no expected outcome uses, so a
            # crash never looks like "some items rejected" (1)
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} (please report this)",
                INTERNAL_ERROR,
            ) from None

    return wrapper  # type: ignore[return-value]


def load_settings(**overrides: Any) -> Settings:
    """Read ``GRAPHKIT_*`` settings, naming the bad one on error."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        name = "GRAPHKIT_" + str(err["loc"][0]).upper() if err.get("loc") else "GRAPHKIT_*"
        raise fail(f"invalid setting {name}: {err['msg']}", 2) from None


# ---------------------------------------------------------------- commands
# Each command below is owned by one part of the code base; keep edits local.

# ------------------------------------------------------------ ingest (owner: ingest)


@app.command("ingest")
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
    store: str | None = typer.Option(None, help="neo4j or memory (GRAPHKIT_STORE)"),
    workers: int = typer.Option(1, min=1, help="extraction processes"),
    batch_size: int = typer.Option(64, min=1, help="articles per write transaction"),
    rejects: Path | None = typer.Option(
        None, help="where to write rejected items as JSONL (default <home>/ingest-rejects.jsonl)"
    ),
    max_bytes: int | None = typer.Option(
        None, min=1, help="largest article in bytes (GRAPHKIT_MAX_ARTICLE_BYTES)"
    ),
) -> None:
    """Load articles, extract actors and relations, and write them to the graph.

    Re-running is safe and fast: unchanged articles are skipped before extraction.
    Exit code 1 if any item was rejected (the rest are still ingested), 2 for a
    configuration error, 3 if the store is unavailable, 70 for an internal error.
    """
    import contextlib
    import json
    import logging

    from graphkit.errors import StoreUnavailable
    from graphkit.ingest import count_items, ingest, iter_articles, sample_dir
    from graphkit.store import open_store

    paths = [*(paths or []), *([str(sample_dir())] if samples else [])]
    if not paths:
        raise fail("nothing to ingest: give paths or URLs, or --samples", 2)
    # The driver logs every transaction retry; an outage is reported once, below.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    settings = load_settings(store=store)
    if settings.store == "memory" and settings.memory_path is None:
        # Persist the memory graph between invocations unless told otherwise.
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
        settings.home.mkdir(parents=True, exist_ok=True)
    limit = max_bytes or settings.max_article_bytes
    target = rejects or settings.home / "ingest-rejects.jsonl"
    if rejects is not None:
        # find out now, not after an hour of extraction, that the report cannot be written
        _check_writable(rejects)
    show_progress = sys.stderr.isatty()
    try:
        graph = open_store(settings)
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc}", 3) from None
    try:
        report = ingest(
            graph,
            iter_articles(paths, max_bytes=limit),
            workers=workers,
            batch_size=batch_size,
            progress=show_progress,
            total=count_items(paths) if show_progress else None,
            max_bytes=limit,
        )
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc} (re-run the same command to resume)", 3) from None
    finally:
        with contextlib.suppress(StoreUnavailable):
            graph.close()
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


# ------------------------------------------------------------ view (owner: views)

view_app = typer.Typer(
    help="Write interactive HTML views (self-contained, work offline).", no_args_is_help=True
)
app.add_typer(view_app, name="view")


def _view_store(store: str | None) -> Any:
    """Open the configured store for a view command (exit 3 if it is down)."""
    from graphkit.errors import StoreUnavailable
    from graphkit.store import open_store

    settings = load_settings(store=store)
    if settings.store == "memory" and settings.memory_path is None:
        # the same file `graphkit ingest` persists the memory graph to
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
    try:
        return open_store(settings)
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc}", 3) from None


def _write_view(html: str, output: Path | None, default_name: str, open_browser: bool) -> None:
    from graphkit.models import slugify

    if output is not None and str(output) == "-":
        sys.stdout.write(html)
        return
    target = output or Path(f"view-{slugify(default_name)}.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    typer.echo(f"wrote {target}")
    if open_browser:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


_VIEW_OUTPUT = typer.Option(
    None, "-o", "--output", help="HTML file to write (default view-<name>.html; - for stdout)"
)
_VIEW_TYPES = typer.Option(None, "--type", help="only these relation types (repeat or a,b)")
_VIEW_EXCLUDE = typer.Option(None, "--exclude-type", help="leave out these relation types")
_VIEW_MODALITY = typer.Option(None, "--modality", help="only evidence of these modalities")


@view_app.command("actor")
@handle_errors
def view_actor_command(
    actor: str = typer.Argument(..., help="actor id, name or alias"),
    output: Path | None = _VIEW_OUTPUT,
    depth: int = typer.Option(1, help="hops around the actor (1-3)"),
    limit: int = typer.Option(100, help="most actors to fetch"),
    types: list[str] | None = _VIEW_TYPES,
    exclude_types: list[str] | None = _VIEW_EXCLUDE,
    modality: list[str] | None = _VIEW_MODALITY,
    since: str | None = typer.Option(None, help="edges seen on or after this date (YYYY-MM-DD)"),
    until: str | None = typer.Option(None, help="edges seen on or before this date"),
    min_weight: int = typer.Option(1, help="least pieces of evidence per edge"),
    store: str | None = typer.Option(None, help="neo4j or memory (GRAPHKIT_STORE)"),
    open_browser: bool = typer.Option(False, "--open", help="open the page in a browser"),
) -> None:
    """Write an actor's neighbourhood as an interactive HTML page."""
    from graphkit.query import make_filter
    from graphkit.render import view_neighbourhood

    filt = make_filter(types, exclude_types, modality, since, until, min_weight)
    graph = _view_store(store)
    try:
        html = view_neighbourhood(graph, actor, depth=depth, filt=filt, limit=limit)
    finally:
        graph.close()
    _write_view(html, output, actor, open_browser)


@view_app.command("paths")
@handle_errors
def view_paths_command(
    source: str = typer.Argument(..., help="actor the paths start from"),
    target: str = typer.Argument(..., help="actor the paths end at"),
    output: Path | None = _VIEW_OUTPUT,
    max_hops: int = typer.Option(4, help="longest path in hops (1-6)"),
    mode: str = typer.Option("shortest", help="shortest, all_shortest or k"),
    k: int = typer.Option(3, help="paths to find in mode k"),
    directed: bool = typer.Option(False, help="follow edge directions"),
    types: list[str] | None = _VIEW_TYPES,
    exclude_types: list[str] | None = _VIEW_EXCLUDE,
    modality: list[str] | None = _VIEW_MODALITY,
    since: str | None = typer.Option(None, help="edges seen on or after this date (YYYY-MM-DD)"),
    until: str | None = typer.Option(None, help="edges seen on or before this date"),
    min_weight: int = typer.Option(1, help="least pieces of evidence per edge"),
    store: str | None = typer.Option(None, help="neo4j or memory (GRAPHKIT_STORE)"),
    open_browser: bool = typer.Option(False, "--open", help="open the page in a browser"),
) -> None:
    """Write the paths between two actors as an interactive HTML page."""
    from graphkit.query import make_filter
    from graphkit.render import view_paths

    filt = make_filter(types, exclude_types, modality, since, until, min_weight)
    graph = _view_store(store)
    try:
        html = view_paths(
            graph, source, target, max_hops=max_hops, mode=mode, k=k, filt=filt, directed=directed
        )
    finally:
        graph.close()
    _write_view(html, output, f"{source}-{target}", open_browser)


# ------------------------------------------------------------ serve (owner: api)


@app.command("serve")
@handle_errors
def serve_command(
    host: str | None = typer.Option(None, help="address to bind (GRAPHKIT_API_HOST, 127.0.0.1)"),
    port: int | None = typer.Option(None, min=1, max=65535, help="port (GRAPHKIT_API_PORT, 8000)"),
    store: str | None = typer.Option(None, help="neo4j or memory (GRAPHKIT_STORE)"),
    log_level: str = typer.Option("info", help="critical, error, warning, info, debug or trace"),
    access_log: bool = typer.Option(True, help="log every request (at info level)"),
    workers: int | None = typer.Option(
        None,
        min=1,
        max=32,
        help="server processes (GRAPHKIT_API_WORKERS, 1); Neo4j only: each keeps its own "
        "traversal snapshot",
    ),
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs). Binds 127.0.0.1 unless told otherwise.

    The server starts even if Neo4j is down; data routes answer 503 until it is up.
    """
    import copy

    import uvicorn
    import uvicorn.config

    from graphkit.api.main import create_app

    if log_level.lower() not in uvicorn.config.LOG_LEVELS:
        raise fail(f"--log-level must be one of {', '.join(uvicorn.config.LOG_LEVELS)}", 2)
    settings = load_settings(store=store, api_host=host, api_port=port, api_workers=workers)
    if settings.api_workers > 1 and settings.store == "memory":
        raise fail(
            "GRAPHKIT_API_WORKERS > 1 needs the neo4j store: each process would hold its own "
            "copy of the memory store",
            2,
        )
    if settings.store == "memory" and settings.memory_path is None:
        # The same file `graphkit ingest --store memory` writes, so both see one graph.
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
    base = f"http://{settings.api_host}:{settings.api_port}"
    typer.echo(f"graphkit API on {base}")
    typer.echo(f"  open {base}/                        search actors, open views")
    typer.echo(f"  open {base}/view/actors/NATO?depth=2  an interactive neighbourhood")
    typer.echo(f"  open {base}/docs                    every endpoint (OpenAPI)")
    if not settings.api_key:
        typer.echo("  POST /articles and /cypher are off until GRAPHKIT_API_KEY is set")
    # graphkit's own messages (snapshot builds, store failures) in uvicorn's format
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["graphkit"] = {
        "handlers": ["default"],
        "level": uvicorn.config.LOG_LEVELS[log_level.lower()],
        "propagate": False,
    }
    if settings.api_workers > 1:
        # worker processes build their app from GRAPHKIT_* like this one did
        os.environ["GRAPHKIT_STORE"] = settings.store
        uvicorn.run(
            "graphkit.api.main:create_app",
            factory=True,
            workers=settings.api_workers,
            host=settings.api_host,
            port=settings.api_port,
            log_level=log_level,
            log_config=log_config,
            access_log=access_log,
        )
        return
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_level=log_level,
        log_config=log_config,
        access_log=access_log,
    )


# ------------------------------------------------------------ analytics (owner: analytics)

analytics_app = typer.Typer(
    help="Network analytics on the (filtered) graph: centrality, communities, bridges.",
    no_args_is_help=True,
)
app.add_typer(analytics_app, name="analytics")

_AN_TYPES = typer.Option(None, "--types", "--type", help="only these relation types (a,b)")
_AN_MODALITY = typer.Option(None, "--modality", help="only evidence of these modalities")
_AN_SINCE = typer.Option(None, help="edges seen on or after this date (YYYY-MM-DD)")
_AN_UNTIL = typer.Option(None, help="edges seen on or before this date (YYYY-MM-DD)")
_AN_TOP = typer.Option(10, "--top", min=0, help="rows to show (0 for all)")
_AN_STORE = typer.Option(None, "--store", help="neo4j or memory (GRAPHKIT_STORE)")
_AN_JSON = typer.Option(False, "--json", help="print the full answer as JSON")
_AN_SEED = typer.Option(42, "--seed", help="Louvain random seed (same seed, same answer)")


def _analytics_store(store: str | None) -> Any:
    """Open the configured store for an analytics command (exit 3 if it is down)."""
    from graphkit.errors import StoreUnavailable
    from graphkit.store import open_store

    settings = load_settings(store=store)
    if settings.store == "memory" and settings.memory_path is None:
        # the same file `graphkit ingest --store memory` persists the graph to
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
    try:
        return open_store(settings)
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc}", 3) from None


_Table = tuple[str, list[str], list[list[str]]]


def _analytics_print(report: Any, as_json: bool, tables: list[_Table]) -> None:
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, columns, rows in tables:
        table = Table(title=title, title_justify="left")
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table if rows else f"{title}: nothing found")


@analytics_app.command("centrality")
@handle_errors
def analytics_centrality_command(
    by: str = typer.Option("pagerank", help="degree, strength, betweenness or pagerank"),
    types: list[str] | None = _AN_TYPES,
    modality: list[str] | None = _AN_MODALITY,
    since: str | None = _AN_SINCE,
    until: str | None = _AN_UNTIL,
    top: int = _AN_TOP,
    store: str | None = _AN_STORE,
    as_json: bool = _AN_JSON,
) -> None:
    """The most central actors, ranked by one measure, with all measures shown."""
    from graphkit import analytics
    from graphkit.query import make_filter

    filt = make_filter(types, None, modality, since, until)
    graph = _analytics_store(store)
    try:
        report = analytics.centrality(graph, filt, by=by, top=top)
    finally:
        graph.close()
    rows = [
        [
            str(r.rank),
            r.id,
            r.name,
            r.kind,
            str(r.degree),
            str(r.strength),
            f"{r.betweenness:.3f}",
            f"{r.pagerank:.3f}",
        ]
        for r in report.rows
    ]
    title = f"Centrality by {report.measure} ({report.nodes} actors, {report.edges} links)"
    cols = ["#", "id", "name", "kind", "degree", "evidence", "betweenness", "pagerank"]
    _analytics_print(report, as_json, [(title, cols, rows)])


@analytics_app.command("communities")
@handle_errors
def analytics_communities_command(
    types: list[str] | None = _AN_TYPES,
    modality: list[str] | None = _AN_MODALITY,
    since: str | None = _AN_SINCE,
    until: str | None = _AN_UNTIL,
    top: int = _AN_TOP,
    seed: int = _AN_SEED,
    resolution: float = typer.Option(1.0, help="above 1: smaller communities; below 1: larger"),
    min_size: int = typer.Option(2, min=1, help="leave out smaller communities"),
    store: str | None = _AN_STORE,
    as_json: bool = _AN_JSON,
) -> None:
    """Communities of actors (Louvain on the evidence-weighted graph), largest first."""
    from graphkit import analytics
    from graphkit.query import make_filter

    filt = make_filter(types, None, modality, since, until)
    graph = _analytics_store(store)
    try:
        report = analytics.communities(
            graph, filt, seed=seed, resolution=resolution, min_size=min_size
        )
    finally:
        graph.close()
    shown = report.communities[:top] if top else report.communities
    rows = [
        [
            str(c.index),
            str(c.size),
            str(c.internal_weight),
            ", ".join(c.names[:12]) + (f" (+{c.size - 12})" if c.size > 12 else ""),
        ]
        for c in shown
    ]
    title = (
        f"{len(report.communities)} communities of {report.nodes} actors "
        f"(modularity {report.modularity:.3f}, seed {report.seed})"
    )
    _analytics_print(report, as_json, [(title, ["#", "size", "evidence", "members"], rows)])


@analytics_app.command("bridges")
@handle_errors
def analytics_bridges_command(
    bloc_a: list[str] | None = typer.Option(None, "--bloc-a", help="first bloc: ids/names (a,b)"),
    bloc_b: list[str] | None = typer.Option(None, "--bloc-b", help="second bloc: ids/names"),
    types: list[str] | None = _AN_TYPES,
    modality: list[str] | None = _AN_MODALITY,
    since: str | None = _AN_SINCE,
    until: str | None = _AN_UNTIL,
    top: int = _AN_TOP,
    seed: int = _AN_SEED,
    store: str | None = _AN_STORE,
    as_json: bool = _AN_JSON,
) -> None:
    """Links and actors connecting communities, or (with --bloc-a/--bloc-b) two blocs."""
    from graphkit import analytics
    from graphkit.query import make_filter

    filt = make_filter(types, None, modality, since, until)
    graph = _analytics_store(store)
    try:
        report = analytics.bridges(
            graph, filt, bloc_a=bloc_a or None, bloc_b=bloc_b or None, top=top, seed=seed
        )
    finally:
        graph.close()
    where = "between the blocs" if report.mode == "blocs" else "between communities"
    edges = [
        [
            f"{e.source_name} ({e.source})",
            f"{e.target_name} ({e.target})",
            ",".join(e.types),
            str(e.weight),
            f"{e.betweenness:.3f}",
            "yes" if e.is_bridge else "",
        ]
        for e in report.edges
    ]
    actors = [
        [a.id, a.name, a.kind, f"{a.betweenness:.3f}", "yes" if a.articulation else ""]
        for a in report.actors
    ]
    _analytics_print(
        report,
        as_json,
        [
            (f"Links {where}", ["from", "to", "types", "evidence", "betweenness", "cut"], edges),
            (f"Actors {where}", ["id", "name", "kind", "betweenness", "cut vertex"], actors),
        ],
    )


# ------------------------------------------------------------ neo4j (owner: launcher)

_N4_HOME = typer.Option(
    None, "--home", help="state folder; Neo4j lives in <home>/neo4j (GRAPHKIT_HOME)"
)


def _neo4j_config(
    home: Path | None = None,
    port: int | None = None,
    heap: str | None = None,
    pagecache: str | None = None,
) -> tuple[Settings, Any]:
    """Settings plus the ServerConfig they describe (command-line options win)."""
    from graphkit.server import ServerConfig

    settings = load_settings(
        home=home, neo4j_bolt_port=port, neo4j_heap=heap, neo4j_pagecache=pagecache
    )
    config = ServerConfig(
        home=settings.home,
        port=settings.neo4j_bolt_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
    )
    return settings, config


@neo4j_app.command("build")
@handle_errors
def neo4j_build_command(
    force: bool = typer.Option(False, "--force", help="rebuild even if up to date"),
) -> None:
    """Build the embedded Neo4j with Maven (the first build downloads ~120 MB)."""
    from graphkit import server

    where = server.launcher_project(load_settings().cache)
    ran = server.build(where, force=force)
    typer.echo(f"built {where}" if ran else f"{where} is up to date")


@neo4j_app.command("start")
@handle_errors
def neo4j_start_command(
    home: Path | None = _N4_HOME,
    port: int | None = typer.Option(
        None, min=1, max=65535, help="Bolt port (GRAPHKIT_NEO4J_BOLT_PORT)"
    ),
    heap: str | None = typer.Option(None, help="JVM heap, e.g. 512m (GRAPHKIT_NEO4J_HEAP)"),
    pagecache: str | None = typer.Option(
        None, help="page cache, e.g. 128m (GRAPHKIT_NEO4J_PAGECACHE)"
    ),
    timeout: float = typer.Option(300.0, min=1, help="seconds to wait until it is ready"),
) -> None:
    """Start the local Neo4j in the background (idempotent); Bolt on 127.0.0.1 only."""
    from graphkit import server
    from graphkit.errors import StoreUnavailable
    from graphkit.store.neo4j.probe import server_agent

    settings, config = _neo4j_config(home, port, heap, pagecache)
    try:
        project = server.launcher_project(settings.cache)
        result = server.start(config, project=project, timeout=timeout)
        agent = server_agent(result.uri, settings.neo4j_user, settings.resolved_password())
    except StoreUnavailable as exc:
        raise fail(str(exc), 3) from None
    if result.already_running:
        typer.echo(f"{agent} is already running at {result.uri} (pid {result.pid})")
    else:
        typer.echo(f"{agent} ready at {result.uri} (pid {result.pid}, {result.seconds:.1f}s)")
    typer.echo(f"user: {settings.neo4j_user}")
    source = (
        "GRAPHKIT_NEO4J_PASSWORD" if settings.neo4j_password else f"{result.auth_file} (mode 0600)"
    )
    typer.echo(f"password: {source}")
    typer.echo(f"log: {result.log_file}")
    if settings.neo4j_uri.rstrip("/") != result.uri:
        typer.echo(
            f"note: GRAPHKIT_NEO4J_URI is {settings.neo4j_uri}; set it to {result.uri} "
            "so graphkit uses this server",
            err=True,
        )


@neo4j_app.command("stop")
@handle_errors
def neo4j_stop_command(
    home: Path | None = _N4_HOME,
    timeout: float = typer.Option(
        120.0, min=1, help="seconds to wait for a clean shutdown before killing"
    ),
) -> None:
    """Stop the local Neo4j cleanly (nothing committed is lost)."""
    from graphkit import server

    settings, _ = _neo4j_config(home)
    if server.stop(settings.home, timeout=timeout):
        typer.echo(f"Neo4j stopped ({server.server_dir(settings.home)})")
    else:
        typer.echo(f"Neo4j was not running ({server.server_dir(settings.home)})")


@neo4j_app.command("status")
@handle_errors
def neo4j_status_command(home: Path | None = _N4_HOME) -> None:
    """Exit 0 only if the local Neo4j runs and answers Bolt with the configured password."""
    from graphkit import server
    from graphkit.errors import StoreUnavailable
    from graphkit.store.neo4j.probe import server_agent

    settings, config = _neo4j_config(home)
    state = server.status(settings.home)
    if not state.running:
        where = server.server_dir(settings.home)
        raise fail(f"Neo4j is not running ({where}); start it with `graphkit neo4j start`", 3)
    uri = f"bolt://{config.host}:{state.port or config.port}"
    try:
        agent = server_agent(uri, settings.neo4j_user, settings.resolved_password())
    except StoreUnavailable as exc:
        raise fail(
            f"Neo4j runs (pid {state.pid}) but does not answer: {exc}; see {state.log_file}", 3
        ) from None
    typer.echo(f"{agent} running at {uri} (pid {state.pid})")
    typer.echo(f"user: {settings.neo4j_user}; password in {state.auth_file}")


# ------------------------------------------------------------ extract / score (owner: extract)


@app.command("extract")
@handle_errors
def extract_command(
    paths: list[str] = typer.Argument(
        ..., help=".txt/.md files, .jsonl article files, or - for stdin"
    ),
    format: str = typer.Option("table", "--format", help="table (default) or jsonl"),
    workers: int = typer.Option(1, min=1, help="extraction processes"),
    max_bytes: int = typer.Option(1_000_000, min=1, help="largest article accepted, in bytes"),
    date: str | None = typer.Option(
        None, help="publication date (YYYY-MM-DD) for articles without one"
    ),
) -> None:
    """Extract actors and relations and print them (jsonl = the extraction contract).

    Bad items get an error line on stderr and the rest are processed; exit code 1 if any
    item failed. The last stderr line is "N articles, M relations, K failed".
    """
    import datetime as _dt

    from graphkit.extraction.runner import FORMATS, run_extract

    if format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}", 2)
    day = None
    if date:
        try:
            day = _dt.date.fromisoformat(date)
        except ValueError:
            raise fail(f"--date must be YYYY-MM-DD, not {date!r}", 2) from None
    summary = run_extract(paths, fmt=format, workers=workers, max_bytes=max_bytes, default_date=day)
    if summary.failed:
        raise typer.Exit(1)


@app.command("score")
@handle_errors
def score_command(
    system: Path = typer.Argument(..., help="graphkit extract --format jsonl output"),
    gold: Path = typer.Argument(..., help="gold JSON Lines file"),
    as_json: bool = typer.Option(
        False, "--json", help="print the figures and the breakdown as one JSON object"
    ),
    show_errors: bool = typer.Option(
        False, "--show-errors", help="list missed gold items (with why) and extra triples"
    ),
    by_type: bool = typer.Option(
        False, "--by-type", help="tables of recall and miss reasons by gold type, errors by type"
    ),
) -> None:
    """Score extracted relations against a gold file (recall, precision, modality, negation).

    Matching is per article when the gold names articles and the system's article_id
    values are those ids (per_article=True), else global.
    """
    import json

    from graphkit.evaluate import score_files, tables

    result = score_files(system, gold)
    if show_errors:
        for line in result.missed:
            typer.echo(f"missed  {line}")
        for line in result.extra:
            typer.echo(f"extra   {line}")
    if as_json:
        typer.echo(json.dumps(result.to_json()))
        return
    typer.echo(" ".join(f"{k}={v}" for k, v in result.summary().items()))
    if by_type:
        from rich.console import Console
        from rich.table import Table

        console = Console()
        for title, columns, rows in tables(result.breakdown):
            table = Table(title=title, title_justify="left")
            for i, col in enumerate(columns):
                # counts right-aligned; type names kept whole; long lists fold, never vanish
                numeric = bool(rows) and all(row[i].isdigit() for row in rows)
                table.add_column(
                    col,
                    justify="right" if numeric else "left",
                    overflow="fold",
                    no_wrap=i == 0,
                )
            for row in rows:
                table.add_row(*row)
            console.print(table if rows else f"{title}: nothing to show")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
