"""``graphkit export``: event rows (csv, jsonl, parquet) or the graph (graphml, gexf)."""

from __future__ import annotations

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


@handle_errors
@filter_options()
def export_command(
    fmt: str = typer.Option(
        ..., "--format", "-f", help="csv, jsonl or parquet (event rows); graphml or gexf (graph)"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="file to write"),
    filt: EdgeFilter = FILTER,
    store: str | None = STORE,
) -> None:
    """Export event rows (one per piece of evidence) or the aggregated graph to a file."""
    from graphkit import export

    checked = export.check_format(fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    with opened_store(store_settings(store=store)) as graph:
        report = export.export(graph, checked, output, filt)
    unit = "relationships" if checked in ("graphml", "gexf") else "event rows"
    typer.echo(f"wrote {report.rows} {unit} to {report.path}")
