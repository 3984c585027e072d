"""What the routers share: documented error answers and parameters declared once."""

from __future__ import annotations

from typing import Any

from fastapi import Path, Query, Response
from pydantic import BaseModel

from graphkit import query
from graphkit.models import EdgeFilter

from ..deps import filter_params
from ..schemas import ErrorOut, query_string


def _actor(description: str, example: str) -> Any:
    return Path(
        description=description,
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        examples=[example],
    )


ACTOR = _actor(
    "actor id, name or any alias, case-insensitive (`PRK`, `North Korea`, `Pyongyang`)", "PRK"
)
# a route's second actor (a dyad): one Path object per parameter, or FastAPI binds both to one
OTHER = _actor("the other actor: id, name or any alias, case-insensitive", "RUS")
# a neighbourhood's size: the JSON route and its view take the same two
DEPTH = Query(1, ge=1, le=query.MAX_DEPTH, description="hops from the actor (1..3)")
NODE_LIMIT = Query(100, ge=1, le=query.MAX_NODE_LIMIT, description="cap on nodes (nearest first)")

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


def neighbourhood_query(depth: int, limit: int, filt: EdgeFilter) -> str:
    """The query string that asks for the same neighbourhood again (view links)."""
    return query_string({"depth": depth, "limit": limit, **filter_params(filt)})
