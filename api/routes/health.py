"""Liveness, readiness and graph counts.

``/health`` and ``/ready`` are ``async``: they are answered on the event loop and never
wait for the request thread pool, so they stay quick when a flood of requests fills it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from graphkit import __version__, query
from graphkit.models import Stats

from ..deps import StoreHolder, get_holder
from ..readiness import Readiness
from ..schemas import HealthOut, ReadyOut
from ._common import errors

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, summary="The process is up")
async def health() -> HealthOut:
    """Answers whenever the process runs, whether or not the store does."""
    return HealthOut(status="ok", version=__version__)


@router.get("/ready", response_model=ReadyOut, summary="The store answers", responses=errors(503))
async def ready(request: Request) -> ReadyOut:
    """200 when the graph store answered its latest ping (probed at most every second,
    in the background), else 503 with the reason. `traversal` says whether
    neighbourhoods and paths come from a current snapshot yet."""
    readiness: Readiness = request.app.state.readiness
    return await readiness.current()


@router.get("/stats", response_model=Stats, summary="Graph counts", responses=errors(503))
def stats(holder: StoreHolder = Depends(get_holder)) -> Stats:
    """Actors, relationships, evidence and articles, by actor kind and relation type."""
    with holder.use() as store:
        return query.stats(store)
