"""Documented error answers shared by the routers."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorOut

_DESCRIPTIONS = {
    400: "Cypher query refused (not read-only, malformed, too slow) or the store has no Cypher",
    401: "missing or wrong X-API-Key",
    403: "writes and Cypher disabled: no GRAPHKIT_API_KEY configured",
    404: "unknown actor (with suggestions)",
    413: "request body too large",
    422: "invalid parameter (the message names it)",
    503: "the graph store is unavailable",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the given error codes."""
    return {code: {"model": ErrorOut, "description": _DESCRIPTIONS[code]} for code in codes}
