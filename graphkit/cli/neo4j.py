"""``graphkit neo4j``: build, start, stop and check the embedded Neo4j."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from graphkit.cli.common import fail, handle_errors, load_settings
from graphkit.config import Settings

neo4j_app = typer.Typer(help="Run the embedded Neo4j (no Docker needed).", no_args_is_help=True)

_N4_HOME = typer.Option(
    None, "--home", help="state folder; Neo4j lives in <home>/neo4j (GRAPHKIT_HOME)"
)


def _neo4j_config(
    home: Path | None = None,
    port: int | None = None,
    heap: str | None = None,
    pagecache: str | None = None,
    restart: str | None = None,
) -> tuple[Settings, Any]:
    """Settings plus the ServerConfig they describe (command-line options win)."""
    settings = load_settings(
        home=home,
        neo4j_bolt_port=port,
        neo4j_heap=heap,
        neo4j_pagecache=pagecache,
        neo4j_restart=restart,
    )
    return settings, settings.server_config()


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
    restart: str | None = typer.Option(
        None,
        help="on-failure: restart a JVM that dies on its own; never (GRAPHKIT_NEO4J_RESTART)",
    ),
    timeout: float = typer.Option(300.0, min=1, help="seconds to wait until it is ready"),
) -> None:
    """Start the local Neo4j in the background (idempotent); Bolt on 127.0.0.1 only.

    A supervisor process runs it and restarts it if it dies on its own.
    """
    from graphkit import server
    from graphkit.errors import StoreUnavailable
    from graphkit.store.neo4j.probe import server_agent

    settings, config = _neo4j_config(home, port, heap, pagecache, restart)
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
    watcher = state.supervisor
    if not state.running:
        where = server.server_dir(settings.home)
        if watcher is not None and watcher.policy == "on-failure":
            raise fail(
                f"Neo4j is being restarted by its supervisor (pid {watcher.pid}, restart "
                f"{watcher.restarts}; it {watcher.last_exit}); see {state.log_file}",
                3,
            )
        raise fail(f"Neo4j is not running ({where}); start it with `graphkit neo4j start`", 3)
    uri = f"bolt://{config.host}:{state.port or config.port}"
    try:
        agent = server_agent(uri, settings.neo4j_user, settings.resolved_password())
    except StoreUnavailable as exc:
        raise fail(
            f"Neo4j runs (pid {state.pid}) but does not answer: {exc}; see {state.log_file}", 3
        ) from None
    typer.echo(f"{agent} running at {uri} (pid {state.pid})")
    if watcher is None:
        typer.echo("supervisor: none (a JVM that dies stays down)")
    else:
        since = f"; last: it {watcher.last_exit}" if watcher.last_exit else ""
        typer.echo(
            f"supervisor: pid {watcher.pid}, restart {watcher.policy}, "
            f"{watcher.restarts} restart(s){since}"
        )
    typer.echo(f"user: {settings.neo4j_user}; password in {state.auth_file}")
