"""HTML views: the landing page, an actor's neighbourhood and the paths between two actors.

The view routes take exactly the parameters of their JSON twins
(``/actors/{actor}/neighbourhood`` and ``/paths``) through the same dependencies, and
each makes one call into ``graphkit.view`` (``graphkit.render`` for the static pages).
Pages are self-contained (vis-network inlined) and carry a Content-Security-Policy
header on top of their own ``<meta>`` policy, as defence in depth against article text
that tries to run script. Rendering a large neighbourhood takes a while, so the two
views run under the ``views`` concurrency limit (``graphkit.api.limits``), rendered in
worker processes (``graphkit.api.page_workers``) when the store allows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from graphkit import overview, render
from graphkit.errors import StoreUnavailable, UnknownActor, ValidationError
from graphkit.models import EdgeFilter

from ..deps import (
    PathParams,
    StoreHolder,
    edge_filter,
    filter_params,
    get_holder,
    path_params,
)
from ..limits import Work, limited
from ..page_workers import PageWorkers
from ..schemas import query_string
from ._common import ACTOR, DEPTH, NODE_LIMIT, OTHER, neighbourhood_query

router = APIRouter(tags=["views"])

CSP = (
    "default-src 'self' 'unsafe-inline' data:; connect-src 'self'; "
    "base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
)
DYAD_LINK = "/view/dyads/{actor}/{other}"
PROFILE_LINK = "/view/actors/{actor}/profile"
# a string, checked by the timeline (check_interval), so a bad one gets the 422 page
INTERVAL = Query("week", description="period length: day, week (ISO, from Monday) or month")
EVIDENCE_LINK = "/relations/evidence?source={source}&target={target}&type={type}"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ERROR_JSON = {"schema": {"$ref": "#/components/schemas/ErrorOut"}}


def _html() -> dict[str, Any]:
    # a fresh dict each time: FastAPI writes into the dicts it is given
    return {"text/html": {"schema": {"type": "string"}}}


def _ok() -> dict[int | str, dict[str, Any]]:
    return {200: {"content": _html(), "description": "an interactive HTML page"}}


def _view_errors() -> dict[int | str, dict[str, Any]]:
    """Documented errors: a page for unknown actors and ontology errors, JSON for the rest."""
    return {
        404: {"content": _html(), "description": "unknown actor: a page with suggestions"},
        422: {
            "content": {"application/json": dict(ERROR_JSON), **_html()},
            "description": "invalid parameter: JSON for malformed ones, a page for the rest",
        },
        503: {
            "content": {"application/json": dict(ERROR_JSON)},
            "description": "the graph store is unavailable",
        },
    }


def _workers(request: Request) -> PageWorkers:
    workers: PageWorkers = request.app.state.page_workers
    return workers


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _error_page(exc: UnknownActor | ValidationError) -> HTMLResponse:
    """Unknown actors and bad parameters as a page a browser user can act on."""
    if isinstance(exc, UnknownActor):
        links = [(f"/view/actors/{quote(s, safe='')}", s) for s in exc.suggestions]
        return _page(render.render_message("Unknown actor", str(exc), links), 404)
    return _page(render.render_message("Invalid parameter", str(exc)), 422)


@router.get(
    "/",
    response_class=HTMLResponse,
    summary="Landing page: the graph's overview, actor search and links",
    responses=_ok(),
)
def landing(holder: StoreHolder = Depends(get_holder)) -> HTMLResponse:
    """The graph's overview (counts, the most active actors and dyads over the latest 30
    days of data, the newest articles), actor search with suggestions, and links."""
    links = [
        ("/view/actors/NATO", "NATO's neighbourhood (view)"),
        ("/view/paths?from=North%20Korea&to=NATO", "Paths from North Korea to NATO (view)"),
        ("/stats", "Graph statistics (JSON)"),
        ("/docs", "API reference (OpenAPI)"),
    ]
    try:
        with holder.use() as store:
            summary: overview.Overview | None = overview.overview(store)
    except StoreUnavailable:
        summary = None  # the search and the links still work once the store is back
    return _page(render.render_landing(links, summary))


@router.get(
    "/view/actors/{actor}",
    response_class=HTMLResponse,
    summary="Interactive view of an actor's neighbourhood",
    responses={**_ok(), **_view_errors()},
)
def view_actor(
    request: Request,
    actor: str = ACTOR,
    depth: int = DEPTH,
    limit: int = NODE_LIMIT,
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("views")),
) -> HTMLResponse:
    """The neighbourhood of `/actors/{actor}/neighbourhood`, drawn: hover for evidence."""
    qs = neighbourhood_query(depth, limit, filt)
    # the holder (not a store dependency) so bad parameters get 422 even while the store
    # is down
    try:
        html = _workers(request).render(
            "neighbourhood",
            holder,
            work.check,
            actor,
            depth,
            filt,
            limit,
            link_base=f"/view/actors/{{id}}?{qs}",
            evidence_link=EVIDENCE_LINK,
        )
    except (UnknownActor, ValidationError) as exc:
        return _error_page(exc)
    return _page(html)


@router.get(
    "/view/paths",
    response_class=HTMLResponse,
    summary="Interactive view of the paths between two actors",
    responses={**_ok(), **_view_errors()},
)
def view_paths(
    request: Request,
    pp: PathParams = Depends(path_params),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("views")),
) -> HTMLResponse:
    """The paths of `/paths`, drawn on one page; both ends are highlighted."""
    try:
        html = _workers(request).render(
            "paths",
            holder,
            work.check,
            pp.source,
            pp.target,
            pp.max_hops,
            pp.mode,
            pp.k,
            filt,
            pp.directed,
            link_base="/view/actors/{id}",
            evidence_link=EVIDENCE_LINK,
        )
    except (UnknownActor, ValidationError) as exc:
        return _error_page(exc)
    return _page(html)


@router.get(
    "/view/actors/{actor}/profile",
    response_class=HTMLResponse,
    summary="An actor's page: facts, roles, timeline chart, counterparts, latest evidence",
    responses={**_ok(), **_view_errors()},
)
def view_profile(
    request: Request,
    actor: str = ACTOR,
    interval: str = INTERVAL,
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("views")),
) -> HTMLResponse:
    """The actor's kind, country, aliases and roles, its activity per period (the chart of
    `/actors/{actor}/timeline`), its top counterparts (linked to their dyad pages) and its
    latest evidence with article links."""
    try:
        html = _workers(request).render(
            "profile",
            holder,
            work.check,
            actor,
            interval,
            filt,
            dyad_link=DYAD_LINK,
            actor_link=PROFILE_LINK,
            links=[
                (f"/view/actors/{quote(actor, safe='')}", "neighbourhood view"),
                (
                    f"/actors/{quote(actor, safe='')}/timeline?"
                    + query_string({"interval": interval, **filter_params(filt)}),
                    "timeline (JSON)",
                ),
            ],
        )
    except (UnknownActor, ValidationError) as exc:
        return _error_page(exc)
    return _page(html)


@router.get(
    "/view/dyads/{actor}/{other}",
    response_class=HTMLResponse,
    summary="Two actors' page: their timeline by quad class and the evidence between them",
    responses={**_ok(), **_view_errors()},
)
def view_dyad(
    request: Request,
    actor: str = ACTOR,
    other: str = OTHER,
    interval: str = INTERVAL,
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
    work: Work = Depends(limited("views")),
) -> HTMLResponse:
    """The chart of `/dyads/{actor}/{other}/timeline` (stacked by quad class, with the
    cooperation-minus-conflict balance) and the evidence, newest first (capped; the JSON
    has all of it)."""
    a, b = quote(actor, safe=""), quote(other, safe="")
    json_link = f"/dyads/{a}/{b}/timeline?" + query_string(
        {"interval": interval, **filter_params(filt)}
    )
    try:
        html = _workers(request).render(
            "dyad",
            holder,
            work.check,
            actor,
            other,
            interval,
            filt,
            json_link=json_link,
            links=[
                (f"/view/actors/{a}/profile", f"{actor}: profile"),
                (f"/view/actors/{b}/profile", f"{other}: profile"),
            ],
        )
    except (UnknownActor, ValidationError) as exc:
        return _error_page(exc)
    return _page(html)
