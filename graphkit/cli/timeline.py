"""``graphkit timeline``: an actor's or a dyad's evidence per period, as a table or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from graphkit.cli.common import (
    FILTER,
    JSON,
    STORE,
    filter_options,
    handle_errors,
    opened_store,
    store_settings,
)

if TYPE_CHECKING:
    from graphkit.models import EdgeFilter
    from graphkit.timeline import ActorTimeline, DyadTimeline


@handle_errors
@filter_options("types", "exclude_types", "modality", "since", "until")
def timeline_command(
    actor: str = typer.Argument(..., help="actor id, name or alias"),
    other: str | None = typer.Argument(None, help="a second actor: the dyad's timeline"),
    interval: str = typer.Option("week", "--interval", help="day, week or month"),
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
    as_json: bool = JSON,
) -> None:
    """Evidence per period by quad class, with the cooperation-minus-conflict balance."""
    from graphkit import timeline

    with opened_store(store_settings(store=store)) as graph:
        if other is None:
            report: ActorTimeline | DyadTimeline = timeline.actor_timeline(
                graph, actor, interval, filt
            )
        else:
            report = timeline.dyad_timeline(graph, actor, other, interval, filt)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    _print(report)


def _print(report: ActorTimeline | DyadTimeline) -> None:
    from rich.console import Console
    from rich.table import Table

    from graphkit.timeline import QUADS, DyadTimeline

    if isinstance(report, DyadTimeline):
        title = f"{report.source.name} – {report.target.name}, per {report.interval}"
    else:
        title = f"{report.actor.name}, per {report.interval}"
    table = Table(title=title, title_justify="left")
    for col in (
        "period",
        "evidence",
        "verb. coop",
        "mat. coop",
        "verb. conf",
        "mat. conf",
        "balance",
    ):
        if col == "period":
            table.add_column(col, no_wrap=True, min_width=10)
        else:
            table.add_column(col, justify="right")
    busy = [p for p in report.periods if p.total]
    for p in busy:
        table.add_row(
            str(p.start),
            str(p.total),
            *(str(p.by_quad.get(q, 0)) for q in QUADS),
            f"{p.balance:+d}",
        )
    console = Console()
    console.print(table if busy else f"{title}: no dated evidence in this range")
    if report.undated:
        console.print(f"{report.undated} piece(s) of evidence from undated articles: in no period")
