"""Paths between two actors."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from api.deps import StoreHolder, edge_filter, filter_params, get_holder
from api.routes._common import errors
from api.schemas import PathOut, PathsOut, query_string
from graphkit import query
from graphkit.models import EdgeFilter

router = APIRouter(tags=["paths"])


@router.get(
    "/paths",
    response_model=PathsOut,
    summary="Paths between two actors (shortest, all shortest, or k shortest)",
    responses=errors(404, 422, 503),
)
def get_paths(
    from_: str = Query(
        ...,
        alias="from",
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        description="start actor: id, name or alias",
        examples=["North Korea"],
    ),
    to: str = Query(
        ...,
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        description="end actor: id, name or alias",
        examples=["NATO"],
    ),
    max_hops: int = Query(4, ge=1, le=query.MAX_HOPS, description="longest path (1..6)"),
    mode: Literal["shortest", "all_shortest", "k"] = Query("shortest"),
    k: int = Query(3, ge=1, le=query.MAX_K, description="paths wanted when mode=k (1..10)"),
    directed: bool = Query(False, description="follow edges only source -> target"),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> PathsOut:
    """Each path lists its nodes and its edges (type, predicate, modality, weight)."""
    with holder.use() as store:
        answer = query.find_paths(store, from_, to, max_hops, mode, k, filt, directed)
    qs = query_string(
        {
            "from": answer.source.id,
            "to": answer.target.id,
            "max_hops": max_hops,
            "mode": mode,
            "k": k if mode == "k" else None,
            "directed": directed,
            **filter_params(filt),
        }
    )
    return PathsOut(
        source=answer.source,
        target=answer.target,
        mode=mode,
        paths=[PathOut(hops=p.hops, nodes=p.nodes, edges=p.edges) for p in answer.paths],
        view=f"/view/paths?{qs}",
    )
