"""The ``graphkit`` command line: a thin shell around the library.

Only this module (and ``api/``) reads the environment. Every command makes one
call into ``graphkit`` and turns ``GraphkitError`` into one clear line and a
non-zero exit code.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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

if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
