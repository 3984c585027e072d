"""``graphkit view``: interactive HTML views written to a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from graphkit.cli.common import (
    FILTER,
    STORE,
    filter_options,
    handle_errors,
    opened_store,
    store_settings,
)

if TYPE_CHECKING:
    from graphkit.models import EdgeFilter

view_app = typer.Typer(
    help="Write interactive HTML views (self-contained, work offline).", no_args_is_help=True
)

_VIEW_OUTPUT = typer.Option(
    None, "-o", "--output", help="HTML file to write (default view-<name>.html; - for stdout)"
)
_OPEN = typer.Option(False, "--open", help="open the page in a browser")


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


@view_app.command("actor")
@handle_errors
@filter_options()
def view_actor_command(
    actor: str = typer.Argument(..., help="actor id, name or alias"),
    output: Path | None = _VIEW_OUTPUT,
    depth: int = typer.Option(1, help="hops around the actor (1-3)"),
    limit: int = typer.Option(100, help="most actors to fetch"),
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
    open_browser: bool = _OPEN,
) -> None:
    """Write an actor's neighbourhood as an interactive HTML page."""
    from graphkit.view import view_neighbourhood

    with opened_store(store_settings(store=store)) as graph:
        html = view_neighbourhood(graph, actor, depth=depth, filt=filt, limit=limit)
    _write_view(html, output, actor, open_browser)


@view_app.command("paths")
@handle_errors
@filter_options()
def view_paths_command(
    source: str = typer.Argument(..., help="actor the paths start from"),
    target: str = typer.Argument(..., help="actor the paths end at"),
    output: Path | None = _VIEW_OUTPUT,
    max_hops: int = typer.Option(4, help="longest path in hops (1-6)"),
    mode: str = typer.Option("shortest", help="shortest, all_shortest or k"),
    k: int = typer.Option(3, help="paths to find in mode k"),
    directed: bool = typer.Option(False, help="follow edge directions"),
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
    open_browser: bool = _OPEN,
) -> None:
    """Write the paths between two actors as an interactive HTML page."""
    from graphkit.view import view_paths

    with opened_store(store_settings(store=store)) as graph:
        html = view_paths(
            graph, source, target, max_hops=max_hops, mode=mode, k=k, filt=filt, directed=directed
        )
    _write_view(html, output, f"{source}-{target}", open_browser)


_INTERVAL = typer.Option("week", help="timeline period: day, week or month")


@view_app.command("profile")
@handle_errors
@filter_options()
def view_profile_command(
    actor: str = typer.Argument(..., help="actor id, name or alias"),
    output: Path | None = _VIEW_OUTPUT,
    interval: str = _INTERVAL,
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
    open_browser: bool = _OPEN,
) -> None:
    """Write an actor's page (facts, roles, timeline, counterparts, evidence) as HTML."""
    from graphkit.pages import view_actor_page

    with opened_store(store_settings(store=store)) as graph:
        html = view_actor_page(graph, actor, interval, filt)
    _write_view(html, output, f"profile-{actor}", open_browser)


@view_app.command("dyad")
@handle_errors
@filter_options()
def view_dyad_command(
    actor: str = typer.Argument(..., help="one actor"),
    other: str = typer.Argument(..., help="the other actor"),
    output: Path | None = _VIEW_OUTPUT,
    interval: str = _INTERVAL,
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
    open_browser: bool = _OPEN,
) -> None:
    """Write two actors' page (timeline by quad class, evidence) as HTML."""
    from graphkit.pages import view_dyad_page

    with opened_store(store_settings(store=store)) as graph:
        html = view_dyad_page(graph, actor, other, interval, filt)
    _write_view(html, output, f"dyad-{actor}-{other}", open_browser)
