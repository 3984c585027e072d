"""Aggregated relations and the evidence behind them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from graphkit import query

from ..deps import StoreHolder, get_holder
from ..schemas import EvidenceOut, RelationsOut
from ._common import errors

router = APIRouter(tags=["relations"])

_TYPE = "relation type from the ontology, e.g. MOBILIZE, ALLY_OF (case-insensitive)"
_LIMIT = Query(100, ge=1, le=query.MAX_RELATION_LIMIT)


def _end(default: Any, role: str, example: str) -> Any:
    """The query parameter naming one end of a relation (``source`` or ``target``)."""
    return Query(
        default,
        description=f"{role} actor",
        examples=[example],
        min_length=1,
        max_length=query.MAX_REF_CHARS,
    )


@router.get(
    "/relations",
    response_model=RelationsOut,
    summary="Relations between actors, optionally of one type",
    responses=errors(404, 422, 503),
)
def get_relations(
    source: str | None = _end(None, "source", "PRK"),
    target: str | None = _end(None, "target", "RUS"),
    type: str | None = Query(None, description=_TYPE, min_length=1, max_length=40),
    limit: int = _LIMIT,
    holder: StoreHolder = Depends(get_holder),
) -> RelationsOut:
    """Aggregated edges (symmetric types match either way), strongest first."""
    with holder.use() as store:
        edges = query.relations(store, source, target, type, limit)
    return RelationsOut(count=len(edges), relations=edges)


@router.get(
    "/relations/evidence",
    response_model=EvidenceOut,
    summary="The sentences behind one relation",
    responses=errors(404, 422, 503),
)
def get_evidence(
    source: str = _end(..., "source", "PRK"),
    target: str = _end(..., "target", "RUS"),
    type: str = Query(..., description=_TYPE, min_length=1, max_length=40, examples=["MOBILIZE"]),
    limit: int = _LIMIT,
    holder: StoreHolder = Depends(get_holder),
) -> EvidenceOut:
    """Each sentence with its modality, negation, and article title, date and URL."""
    with holder.use() as store:
        records = query.evidence(store, source, type, target, limit)
    return EvidenceOut(count=len(records), evidence=records)
