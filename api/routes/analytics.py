"""Network analytics: centrality, communities and bridges of the (filtered) graph."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from graphkit import analytics
from graphkit.models import EdgeFilter
from graphkit.store.base import GraphStore

from ..deps import edge_filter, get_store
from ._common import errors

router = APIRouter(prefix="/analytics", tags=["analytics"])

MAX_TOP = 1000


@router.get(
    "/centrality",
    response_model=analytics.CentralityReport,
    summary="The most central actors (degree, strength, betweenness, PageRank)",
    responses=errors(422, 503),
)
def get_centrality(
    by: analytics.CentralityMeasure = Query(
        "pagerank", description="measure to rank by; every row carries all of them"
    ),
    top: int = Query(10, ge=0, le=MAX_TOP, description="rows to return (0 for all)"),
    filt: EdgeFilter = Depends(edge_filter),
    store: GraphStore = Depends(get_store),
) -> analytics.CentralityReport:
    """Computed on the evidence-weighted graph of the edges that pass the filter."""
    return analytics.centrality(store, filt, by=by, top=top)


@router.get(
    "/communities",
    response_model=analytics.CommunityReport,
    summary="Communities of actors (Louvain, seeded so answers are reproducible)",
    responses=errors(422, 503),
)
def get_communities(
    seed: int = Query(analytics.DEFAULT_SEED, ge=0, le=2**31 - 1, description="random seed"),
    resolution: float = Query(
        1.0, gt=0, le=100, description="above 1: smaller communities; below 1: larger"
    ),
    min_size: int = Query(1, ge=1, le=100_000, description="leave out smaller communities"),
    filt: EdgeFilter = Depends(edge_filter),
    store: GraphStore = Depends(get_store),
) -> analytics.CommunityReport:
    """Communities are numbered largest first; members are listed strongest first."""
    return analytics.communities(store, filt, seed=seed, resolution=resolution, min_size=min_size)


@router.get(
    "/bridges",
    response_model=analytics.BridgeReport,
    summary="Links and actors that connect communities, or two blocs of actors",
    responses=errors(404, 422, 503),
)
def get_bridges(
    bloc_a: list[str] | None = Query(
        None,
        description="actors of the first bloc: ids, names or aliases (repeat or comma-separate)",
        examples=["PRK,RUS"],
        max_length=100,
    ),
    bloc_b: list[str] | None = Query(
        None, description="actors of the second bloc", examples=["KOR,NATO"], max_length=100
    ),
    top: int = Query(10, ge=0, le=MAX_TOP, description="rows per list (0 for all)"),
    seed: int = Query(analytics.DEFAULT_SEED, ge=0, le=2**31 - 1, description="random seed"),
    filt: EdgeFilter = Depends(edge_filter),
    store: GraphStore = Depends(get_store),
) -> analytics.BridgeReport:
    """Without blocs: links between Louvain communities. With both blocs: links and
    actors on the shortest paths from one bloc to the other."""
    return analytics.bridges(store, filt, bloc_a=bloc_a, bloc_b=bloc_b, top=top, seed=seed)
