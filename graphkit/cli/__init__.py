"""The ``graphkit`` command line: a thin shell around the library.

Only this package (and ``api/``) reads the environment. Every command makes one
call into ``graphkit`` and turns ``GraphkitError`` into one clear line and a
non-zero exit code (see ``common.handle_errors``). One module per command group.
"""

from __future__ import annotations

import sys

import typer

from graphkit.cli.analytics import analytics_app
from graphkit.cli.export import export_command
from graphkit.cli.extract import extract_command, score_command
from graphkit.cli.ingest import ingest_command
from graphkit.cli.neo4j import neo4j_app
from graphkit.cli.serve import serve_command
from graphkit.cli.timeline import timeline_command
from graphkit.cli.view import view_app

__all__ = ["app", "main"]

app = typer.Typer(
    help="graphkit: a geopolitical actor-relationship knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


# commands first, then groups: the order `graphkit --help` lists them in
app.command("ingest")(ingest_command)
app.command("serve")(serve_command)
app.command("extract")(extract_command)
app.command("score")(score_command)
app.command("timeline")(timeline_command)
app.command("export")(export_command)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(view_app, name="view")
app.add_typer(analytics_app, name="analytics")

if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
