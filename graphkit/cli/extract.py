"""``graphkit extract`` and ``graphkit score``: extraction without the graph, and its score."""

from __future__ import annotations

from pathlib import Path

import typer

from graphkit.cli.common import fail, handle_errors


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
