"""What every ``graphkit`` command shares: errors, settings, the store, shared options.

Only the CLI (and ``api/``) reads the environment: ``load_settings`` is where it does.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click
import typer
from pydantic import ValidationError as PydanticValidationError

from graphkit.config import Settings
from graphkit.errors import ConfigError, GraphkitError, StoreUnavailable

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

F = TypeVar("F", bound=Callable[..., Any])

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


def store_settings(**overrides: Any) -> Settings:
    """``load_settings`` for a command that uses the graph.

    The memory store persists to ``<home>/memory-graph.json`` unless told otherwise, so
    ``ingest``, ``view``, ``analytics`` and ``serve`` all see one graph between invocations.
    """
    settings = load_settings(**overrides)
    if settings.store == "memory" and settings.memory_path is None:
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
    return settings


@contextlib.contextmanager
def opened_store(settings: Settings, *, quiet_close: bool = False) -> Iterator[GraphStore]:
    """Open the configured store (exit 3 if it is down) and close it afterwards.

    Args:
        settings: from ``store_settings``.
        quiet_close: ignore an outage while closing (ingest: the outage that stopped the
            run has been reported already).
    """
    from graphkit.store import open_store

    try:
        graph = open_store(settings)
    except StoreUnavailable as exc:
        raise fail(f"store unavailable: {exc}", 3) from None
    try:
        yield graph
    finally:
        if quiet_close:
            with contextlib.suppress(StoreUnavailable):
                graph.close()
        else:
            graph.close()


# ---------------------------------------------------------------- shared options
# Declared once: ``view`` and ``analytics`` (and ``ingest``/``serve`` for --store) take them.

STORE = typer.Option(None, "--store", help="neo4j or memory (GRAPHKIT_STORE)")
# both spellings work everywhere: --type (view's) and --types (analytics')
TYPES = typer.Option(None, "--type", "--types", help="only these relation types (repeat or a,b)")
MODALITY = typer.Option(None, "--modality", help="only evidence of these modalities")
SINCE = typer.Option(None, "--since", help="edges seen on or after this date (YYYY-MM-DD)")
UNTIL = typer.Option(None, "--until", help="edges seen on or before this date (YYYY-MM-DD)")
TOP = typer.Option(10, "--top", min=0, help="rows to show (0 for all)")
JSON = typer.Option(False, "--json", help="print the full answer as JSON")
