"""Timelines: an actor's or a dyad's evidence per day, week or month."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from graphkit import timeline
from graphkit.models import EdgeFilter

from ..deps import StoreHolder, edge_filter, get_holder
from ._common import ACTOR, OTHER, errors, json_response

router = APIRouter(tags=["timelines"])

INTERVAL = Query("week", description="period length: day, week (ISO, from Monday) or month")


@router.get(
    "/dyads/{actor}/{other}/timeline",
    response_model=timeline.DyadTimeline,
    summary="How two actors' relationship changed: evidence per period, by type and quad class",
    responses=errors(404, 422, 503),
)
def get_dyad_timeline(
    actor: str = ACTOR,
    other: str = OTHER,
    interval: timeline.Interval = INTERVAL,
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """Each period counts the evidence between the two (either direction) by type and by
    quad class, with a cooperation-minus-conflict `balance` and the evidence keys behind
    it (newest first; `more` counts the rest). Periods without evidence are included, so a
    chart has no gaps. The filter applies to each piece of evidence: its type, modality and
    article date (`min_weight` is ignored)."""
    with holder.use() as store:
        answer = timeline.dyad_timeline(store, actor, other, interval, filt)
    return json_response(answer)


@router.get(
    "/actors/{actor}/timeline",
    response_model=timeline.ActorTimeline,
    summary="An actor's activity per period and its busiest counterparts",
    responses=errors(404, 422, 503),
)
def get_actor_timeline(
    actor: str = ACTOR,
    interval: timeline.Interval = INTERVAL,
    counterparts: int = Query(
        timeline.COUNTERPARTS, ge=1, le=50, description="counterparts listed per period"
    ),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """Per period: the actor's evidence by type and quad class, the balance, and its
    busiest counterparts; `counterparts` at the top level ranks them over the whole range."""
    with holder.use() as store:
        answer = timeline.actor_timeline(store, actor, interval, filt, counterparts)
    return json_response(answer)
