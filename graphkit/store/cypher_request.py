"""What a user's own Cypher request may carry, checked before it reaches any store.

Every store's ``run_cypher`` starts here (``GraphStore.run_cypher`` for stores that run no
Cypher, so a bad request gets the same answer everywhere): the text within
``MAX_CYPHER_CHARS`` characters and ``MAX_CYPHER_NESTING`` levels of brackets outside
string literals and comments (Neo4j's parser recurses once per level and overflows its
stack on a few thousand, never answering), and parameters the Bolt protocol can carry.
The plan allow-list and the time and size budget are the Neo4j sandbox's
(``graphkit.store.neo4j.user_cypher``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphkit.errors import ValidationError

MAX_CYPHER_CHARS = 20_000
# Real queries nest a handful of levels; Neo4j 5.26 plans 400 in 0.1 s and loses its
# parser thread to a StackOverflowError at about 3,000.
MAX_CYPHER_NESTING = 100
MAX_PARAM_NESTING = 32
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(_OPEN.values())
_INT64 = (-(2**63), 2**63 - 1)


def check_request(query: object, params: object) -> tuple[str, dict[str, Any]]:
    """The query stripped and the parameters as a dict, once both are within bounds.

    Raises:
        ValidationError: naming what was wrong (length, nesting, a parameter's value).
    """
    text = check_text(query)
    if params is not None and not isinstance(params, Mapping):
        raise ValidationError("params must be an object of named query parameters")
    for key, value in (params or {}).items():
        if not isinstance(key, str):
            raise ValidationError(f"parameter names must be strings, got {key!r}")
        check_param(key, value)
    return text, dict(params or {})


def check_param(name: str, value: object, depth: int = 0) -> None:
    """Refuse parameter values the Bolt protocol cannot carry (before the driver chokes)."""
    if depth > MAX_PARAM_NESTING:
        raise ValidationError(f"params.{name} is nested too deeply")
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise ValidationError(f"params.{name} is outside the 64-bit integer range")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_param(f"{name}[{i}]", item, depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(f"params.{name} has a non-string key {key!r}")
            check_param(f"{name}.{key}", item, depth + 1)
        return
    raise ValidationError(f"params.{name} has an unsupported type {type(value).__name__}")


def nesting_depth(query: str) -> int:
    """The deepest bracket nesting in ``query``, ignoring strings, quoted names and comments."""
    depth = deepest = 0
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c in "'\"`":
            # a literal or a quoted name: skip to its closing quote (backslash escapes it,
            # and in a quoted name a doubled backtick is a backtick). Unclosed, it hides
            # nothing: its brackets count (the query is malformed anyway).
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" and c != "`" else 1
            if j < n:
                i = j
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end >= 0:
                i = end + 1
        elif c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth = max(depth - 1, 0)
        i += 1
    return deepest


def check_text(query: object) -> str:
    """``query`` stripped, once it is a non-empty string within the length and nesting bounds.

    Raises:
        ValidationError: naming the bound that was exceeded.
    """
    if not isinstance(query, str) or not query.strip():
        raise ValidationError("query must be a non-empty Cypher string")
    if len(query) > MAX_CYPHER_CHARS:
        raise ValidationError(
            f"query is too long ({len(query)} characters; at most {MAX_CYPHER_CHARS})"
        )
    depth = nesting_depth(query)
    if depth > MAX_CYPHER_NESTING:
        raise ValidationError(
            f"query nests brackets {depth} levels deep (at most {MAX_CYPHER_NESTING})"
        )
    return query.strip()
