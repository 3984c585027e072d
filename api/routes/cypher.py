"""Read-only Cypher for analysts (API key)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends

from graphkit import query
from graphkit.config import Settings

from ..deps import StoreHolder, get_holder, get_settings, require_api_key
from ..limits import limited
from ..schemas import CypherIn, CypherOut
from ._common import errors

router = APIRouter(tags=["cypher"])


def _plain(value: Any) -> Any:
    """Make a row JSON-safe: whatever JSON cannot carry is shown as text."""
    return json.loads(json.dumps(value, default=str))


@router.post(
    "/cypher",
    response_model=CypherOut,
    summary="Run a read-only Cypher query (API key)",
    # the key first, so unauthenticated requests never take a slot
    dependencies=[Depends(require_api_key), Depends(limited("cypher"))],
    responses=errors(400, 401, 403, 413, 422, 503),
)
def post_cypher(
    body: CypherIn,
    settings: Settings = Depends(get_settings),
    holder: StoreHolder = Depends(get_holder),
) -> CypherOut:
    """The query is EXPLAINed first and refused unless its plan is a read of the graph
    (no SHOW/TERMINATE commands, no LOAD CSV, only the procedures db.labels,
    db.relationshipTypes, db.propertyKeys, db.schema.visualization and
    db.index.fulltext.queryNodes/queryRelationships). Planning and running share one
    server-side timeout (GRAPHKIT_CYPHER_TIMEOUT); the answer stops at
    GRAPHKIT_CYPHER_ROW_CAP rows or GRAPHKIT_CYPHER_MAX_BYTES bytes and says so in
    ``truncated``. A query too long or nesting brackets too deeply is refused (422)
    before it reaches Neo4j."""
    with holder.use() as store:
        rows = query.run_cypher(
            store,
            body.query,
            body.params,
            timeout=settings.cypher_timeout,
            row_cap=settings.cypher_row_cap,
            max_bytes=settings.cypher_max_bytes,
        )
    plain = [_plain(row) for row in rows]
    return CypherOut(count=len(plain), rows=plain, truncated=rows.truncated)
