"""``graphkit analytics``: centrality, communities and bridges, as tables or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from graphkit.cli.common import (
    FILTER,
    JSON,
    STORE,
    TOP,
    filter_options,
    handle_errors,
    opened_store,
    store_settings,
)

if TYPE_CHECKING:
    from graphkit.models import EdgeFilter

analytics_app = typer.Typer(
    help="Network analytics on the (filtered) graph: centrality, communities, bridges.",
    no_args_is_help=True,
)

_SEED = typer.Option(42, "--seed", help="Louvain random seed (same seed, same answer)")

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
@filter_options("types", "modality", "since", "until", "min_sources")
def analytics_centrality_command(
    by: str = typer.Option("pagerank", help="degree, strength, betweenness or pagerank"),
    filt: EdgeFilter = FILTER,
    top: int = TOP,
    store: str | None = STORE,
    as_json: bool = JSON,
) -> None:
    """The most central actors, ranked by one measure, with all measures shown."""
    from graphkit import analytics

    with opened_store(store_settings(store=store)) as graph:
        report = analytics.centrality(graph, filt, by=by, top=top)
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
@filter_options("types", "modality", "since", "until", "min_sources")
def analytics_communities_command(
    filt: EdgeFilter = FILTER,
    top: int = TOP,
    seed: int = _SEED,
    resolution: float = typer.Option(1.0, help="above 1: smaller communities; below 1: larger"),
    min_size: int = typer.Option(2, min=1, help="leave out smaller communities"),
    store: str | None = STORE,
    as_json: bool = JSON,
) -> None:
    """Communities of actors (Louvain on the evidence-weighted graph), largest first."""
    from graphkit import analytics

    with opened_store(store_settings(store=store)) as graph:
        report = analytics.communities(
            graph, filt, seed=seed, resolution=resolution, min_size=min_size
        )
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
@filter_options("types", "modality", "since", "until", "min_sources")
def analytics_bridges_command(
    bloc_a: list[str] | None = typer.Option(None, "--bloc-a", help="first bloc: ids/names (a,b)"),
    bloc_b: list[str] | None = typer.Option(None, "--bloc-b", help="second bloc: ids/names"),
    filt: EdgeFilter = FILTER,
    top: int = TOP,
    seed: int = _SEED,
    store: str | None = STORE,
    as_json: bool = JSON,
) -> None:
    """Links and actors connecting communities, or (with --bloc-a/--bloc-b) two blocs."""
    from graphkit import analytics

    with opened_store(store_settings(store=store)) as graph:
        report = analytics.bridges(
            graph, filt, bloc_a=bloc_a or None, bloc_b=bloc_b or None, top=top, seed=seed
        )
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
