"""Network analytics: centrality, communities and bridges of the (filtered) graph.

Each computation costs seconds on a large graph, so these routes run under the
``analytics`` concurrency limit (``graphkit.api.limits``) and their answers are cached
per graph version (``graphkit.analytics_cache``); they are computed in worker processes
(``graphkit.api.analytics_workers``).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from graphkit import analytics
from graphkit.analytics_cache import cached
from graphkit.models import EdgeFilter, Subgraph

from ..analytics_workers import AnalyticsWorkers
from ..deps import StoreHolder, edge_filter, get_holder
from ..limits import Work, limited
from ._common import errors

router = APIRouter(prefix="/analytics", tags=["analytics"])

MAX_TOP = 1000


def _answer(
    request: Request,
    holder: StoreHolder,
    work: Work,
    filt: EdgeFilter,
    kind: str,
    **kwargs: Any,
) -> Response:
    """The cached answer for these parameters, else one computed by a worker process
    (``graphkit.api.analytics_workers``), abandoned if the client goes away first."""
    # the request is the key: the kind, the filter and every parameter of the computation
    key = (kind, filt.model_dump_json(), json.dumps(kwargs, sort_keys=True))
    store = holder.get()
    version = store.graph_version()  # before the export: see analytics_cache.cached
    workers: AnalyticsWorkers = request.app.state.analytics_workers

    def export() -> Subgraph:
        with holder.use() as locked:
            sub = locked.export(filt)
        work.check()
        return sub

    def run() -> str:
        work.check()
        # kept as JSON: a tenth of the memory of the report's objects
        return workers.run(kind, filt, export, work.check, **kwargs)

    body = cached(request.app.state.analytics_cache, version, key, run)
    return Response(content=body, media_type="application/json")


@router.get(
    "/centrality",
    response_model=analytics.CentralityReport,
    summary="The most central actors (degree, strength, betweenness, PageRank)",
    responses=errors(422, 503),
)
def get_centrality(
    request: Request,
    by: analytics.CentralityMeasure = Query(
        "pagerank", description="measure to rank by; every row carries all of them"
    ),
    top: int = Query(10, ge=0, le=MAX_TOP, description="rows to return (0 for all)"),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("analytics")),
) -> Response:
    """Computed on the evidence-weighted graph of the edges that pass the filter."""
    return _answer(request, holder, work, filt, "centrality", by=by, top=top)


@router.get(
    "/communities",
    response_model=analytics.CommunityReport,
    summary="Communities of actors (Louvain, seeded so answers are reproducible)",
    responses=errors(422, 503),
)
def get_communities(
    request: Request,
    seed: int = Query(analytics.DEFAULT_SEED, ge=0, le=2**31 - 1, description="random seed"),
    resolution: float = Query(
        1.0, gt=0, le=100, description="above 1: smaller communities; below 1: larger"
    ),
    min_size: int = Query(1, ge=1, le=100_000, description="leave out smaller communities"),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("analytics")),
) -> Response:
    """Communities are numbered largest first; members are listed strongest first."""
    return _answer(
        request,
        holder,
        work,
        filt,
        "communities",
        seed=seed,
        resolution=resolution,
        min_size=min_size,
    )


@router.get(
    "/bridges",
    response_model=analytics.BridgeReport,
    summary="Links and actors that connect communities, or two blocs of actors",
    responses=errors(404, 422, 503),
)
def get_bridges(
    request: Request,
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
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("analytics")),
) -> Response:
    """Without blocs: links between Louvain communities. With both blocs: links and
    actors on the shortest paths from one bloc to the other."""
    return _answer(
        request,
        holder,
        work,
        filt,
        "bridges",
        bloc_a=bloc_a,
        bloc_b=bloc_b,
        top=top,
        seed=seed,
    )
