"""Liveness, readiness and graph counts."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from graphkit import __version__, query
from graphkit.models import Stats

from ..deps import StoreHolder, get_holder
from ..schemas import HealthOut, ReadyOut
from ._common import errors

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, summary="The process is up")
def health() -> HealthOut:
    """Answers whenever the process runs, whether or not the store does."""
    return HealthOut(status="ok", version=__version__)


@router.get("/ready", response_model=ReadyOut, summary="The store answers", responses=errors(503))
def ready(holder: StoreHolder = Depends(get_holder)) -> ReadyOut:
    """200 when the graph store answers a ping, else 503 with the reason. `traversal`
    says whether neighbourhoods and paths come from a current snapshot yet."""
    with holder.use() as store:
        return ReadyOut(status="ready", store=store.name, traversal=query.readiness(store))


@router.get("/stats", response_model=Stats, summary="Graph counts", responses=errors(503))
def stats(holder: StoreHolder = Depends(get_holder)) -> Stats:
    """Actors, relationships, evidence and articles, by actor kind and relation type."""
    with holder.use() as store:
        return query.stats(store)
