"""graphkit: a geopolitical actor-relationship knowledge graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graphkit.models import Actor, Article, Relation


def extract(article: Article | str) -> tuple[list[Actor], list[Relation]]:
    """Extract actors and relations from one article (or a bare text).

    The spaCy model is loaded once per process, on first use.
    """
    from graphkit.extraction import extract as _extract

    return _extract(article)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext graphkit``: register the ``%%cypher`` cell magic."""
    from graphkit.notebook import load_ipython_extension as _load

    _load(ipython)
