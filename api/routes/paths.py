"""Paths between two actors."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from graphkit import query
from graphkit.models import EdgeFilter

from ..deps import PathParams, StoreHolder, edge_filter, filter_params, get_holder, path_params
from ..schemas import PathOut, PathsOut, query_string
from ._common import errors, json_response

router = APIRouter(tags=["paths"])


@router.get(
    "/paths",
    response_model=PathsOut,
    summary="Paths between two actors (shortest, all shortest, or k shortest)",
    responses=errors(404, 422, 503),
)
def get_paths(
    pp: PathParams = Depends(path_params),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """Each path lists its nodes and its edges (type, predicate, modality, weight)."""
    with holder.use() as store:
        answer = query.find_paths(
            store, pp.source, pp.target, pp.max_hops, pp.mode, pp.k, filt, pp.directed
        )
    qs = query_string(
        {
            "from": answer.source.id,
            "to": answer.target.id,
            "max_hops": pp.max_hops,
            "mode": pp.mode,
            "k": pp.k if pp.mode == "k" else None,
            "directed": pp.directed,
            **filter_params(filt),
        }
    )
    return json_response(
        PathsOut(
            source=answer.source,
            target=answer.target,
            mode=pp.mode,
            paths=[PathOut(hops=p.hops, nodes=p.nodes, edges=p.edges) for p in answer.paths],
            view=f"/view/paths?{qs}",
        )
    )
