"""Actors: search, detail and neighbourhood."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from graphkit import query
from graphkit.models import EdgeFilter

from ..deps import StoreHolder, edge_filter, get_holder
from ..schemas import (
    ActorLinks,
    ActorOut,
    NeighbourhoodOut,
    SearchHitOut,
    SearchOut,
    actor_path,
)
from ._common import ACTOR, DEPTH, NODE_LIMIT, errors, neighbourhood_query

router = APIRouter(tags=["actors"])


@router.get(
    "/actors",
    response_model=SearchOut,
    summary="Search actors by name or alias",
    responses=errors(422, 503),
)
def search_actors(
    q: str = Query(
        ...,
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        description="name, alias or part of one; full-text and fuzzy",
        examples=["korea"],
    ),
    limit: int = Query(10, ge=1, le=query.MAX_SEARCH_LIMIT),
    holder: StoreHolder = Depends(get_holder),
) -> SearchOut:
    """Actors ranked by how well their names and aliases match `q`."""
    with holder.use() as store:
        hits = query.search(store, q, limit)
    return SearchOut(
        query=q,
        hits=[
            SearchHitOut(actor=h.actor, score=h.score, links=ActorLinks.for_actor(h.actor.id))
            for h in hits
        ],
    )


@router.get(
    "/actors/{actor}",
    response_model=ActorOut,
    summary="One actor: kind, country, aliases, degree, strongest relations",
    responses=errors(404, 422, 503),
)
def get_actor(
    actor: str = ACTOR,
    relations: int = Query(
        10, ge=1, le=query.MAX_RELATION_LIMIT, description="how many strongest relations"
    ),
    holder: StoreHolder = Depends(get_holder),
) -> ActorOut:
    """The actor with its strongest relationships and links to its neighbourhood and view."""
    with holder.use() as store:
        detail = query.actor_detail(store, actor, relations)
    return ActorOut(
        actor=detail.actor,
        relations=detail.relations,
        links=ActorLinks.for_actor(detail.actor.id),
    )


@router.get(
    "/actors/{actor}/neighbourhood",
    response_model=NeighbourhoodOut,
    summary="Actors within 1-3 hops and the edges among them",
    responses=errors(404, 422, 503),
)
def get_neighbourhood(
    actor: str = ACTOR,
    depth: int = DEPTH,
    limit: int = NODE_LIMIT,
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """The neighbourhood as nodes and edges; `truncated` tells whether `limit` cut it."""
    with holder.use() as store:
        # already JSON: making and dumping hundreds of edge models would cost more
        # than finding them
        found = query.neighbourhood_json(store, actor, depth, filt, limit)
    qs = neighbourhood_query(depth, limit, filt)
    view = f"/view/actors/{actor_path(found.focus or actor)}?{qs}"
    return Response(NeighbourhoodOut.encode(found, view), media_type="application/json")
