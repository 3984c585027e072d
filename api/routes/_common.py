"""Documented error answers shared by the routers."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel

from ..schemas import ErrorOut

_DESCRIPTIONS = {
    400: "Cypher query refused (not read-only, malformed, too slow) or the store has no Cypher",
    401: "missing or wrong X-API-Key",
    403: "writes and Cypher disabled: no GRAPHKIT_API_KEY configured",
    404: "unknown actor (with suggestions)",
    413: "request body too large",
    422: "invalid parameter (the message names it)",
    503: "the graph store is unavailable, or too many expensive requests at once (Retry-After)",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the given error codes."""
    return {code: {"model": ErrorOut, "description": _DESCRIPTIONS[code]} for code in codes}


def json_response(model: BaseModel) -> Response:
    """``model`` as a JSON response, serialised once, in Rust.

    For answers of hundreds of nodes and edges: FastAPI would dump the model to Python
    objects, validate those against ``response_model`` again and encode them with
    ``json``, three times the cost of the query itself. The route keeps declaring its
    ``response_model`` for the OpenAPI schema, and the model is already that type.
    """
    return Response(content=model.model_dump_json(), media_type="application/json")
