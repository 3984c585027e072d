"""``graphkit serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import os

import typer

from graphkit.cli.common import STORE, fail, handle_errors, store_settings


@handle_errors
def serve_command(
    host: str | None = typer.Option(None, help="address to bind (GRAPHKIT_API_HOST, 127.0.0.1)"),
    port: int | None = typer.Option(None, min=1, max=65535, help="port (GRAPHKIT_API_PORT, 8000)"),
    store: str | None = STORE,
    log_level: str = typer.Option("info", help="critical, error, warning, info, debug or trace"),
    access_log: bool = typer.Option(True, help="log every request (at info level)"),
    workers: int | None = typer.Option(
        None,
        min=1,
        max=32,
        help="server processes (GRAPHKIT_API_WORKERS, 1); Neo4j only: they share one "
        "traversal snapshot (GRAPHKIT_SNAPSHOT_DIR)",
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
    settings = store_settings(store=store, api_host=host, api_port=port, api_workers=workers)
    if settings.api_workers > 1 and settings.store == "memory":
        raise fail(
            "GRAPHKIT_API_WORKERS > 1 needs the neo4j store: each process would hold its own "
            "copy of the memory store",
            2,
        )
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
