"""What every ``graphkit`` command shares: errors, settings, the store, shared options.

Only the CLI (and ``api/``) reads the environment: ``load_settings`` is where it does.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
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
EXCLUDE_TYPES = typer.Option(None, "--exclude-type", help="leave out these relation types")
MIN_WEIGHT = typer.Option(1, "--min-weight", help="least pieces of evidence per edge")
MIN_SOURCES = typer.Option(
    0, "--min-sources", help="least distinct outlets reporting an edge (0: no filter)"
)
TOP = typer.Option(10, "--top", min=0, help="rows to show (0 for all)")
JSON = typer.Option(False, "--json", help="print the full answer as JSON")

# where a command's shared filter options go: ``filt: EdgeFilter = FILTER`` (filter_options)
FILTER: Any = None
# the edge filter's options, in the order --help lists them: name -> (type, option)
_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "types": (list[str] | None, TYPES),
    "exclude_types": (list[str] | None, EXCLUDE_TYPES),
    "modality": (list[str] | None, MODALITY),
    "since": (str | None, SINCE),
    "until": (str | None, UNTIL),
    "min_weight": (int, MIN_WEIGHT),
    "min_sources": (int, MIN_SOURCES),
}


def filter_options(*names: str) -> Callable[[F], F]:
    """Give a command the shared edge-filter options ``names`` (default: all of them).

    The command declares one parameter ``filt``; typer sees the options in its place, and
    the command receives them as one checked ``EdgeFilter`` (``query.make_filter``), so a
    filter option is declared, parsed and checked in one place for every command.
    """
    chosen = names or tuple(_FILTER_OPTIONS)
    unknown = set(chosen) - set(_FILTER_OPTIONS)
    if unknown:
        raise ValueError(f"no shared filter option {sorted(unknown)}")

    def decorate(func: F) -> F:
        sig = inspect.signature(func)
        if "filt" not in sig.parameters:
            raise TypeError(f"{func.__name__} takes no filt parameter")
        options = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=kind)
            for name in chosen
            for kind, opt in [_FILTER_OPTIONS[name]]
        ]
        params: list[inspect.Parameter] = []
        for param in sig.parameters.values():
            if param.name == "filt":
                params.extend(options)
            else:
                params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from graphkit.query import make_filter

            kwargs["filt"] = make_filter(**{name: kwargs.pop(name) for name in chosen})
            return func(*args, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        # typer reads annotations through get_type_hints: the options' types are objects
        wrapper.__annotations__ = {
            **{k: v for k, v in func.__annotations__.items() if k != "filt"},
            **{name: _FILTER_OPTIONS[name][0] for name in chosen},
        }
        return wrapper  # type: ignore[return-value]

    return decorate
