"""The FastAPI application: ``graphkit serve``, or uvicorn's factory
``graphkit.api.main:create_app``.

Settings are read from ``GRAPHKIT_*`` here and nowhere else in the API. The store is
opened on first use, so the app starts (and ``/health`` answers) even when Neo4j is
down; data routes then answer 503 with a clear message until it comes up.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from graphkit import __version__
from graphkit.analytics_cache import AnswerCache
from graphkit.config import Settings
from graphkit.store.base import GraphStore

from . import errors
from .analytics_workers import AnalyticsWorkers
from .deps import StoreHolder
from .limits import Limits, RefuseWhenFull
from .memory import tune_malloc
from .middleware import BodyLimit, CatchAll
from .page_workers import PageWorkers
from .readiness import Readiness

if TYPE_CHECKING:
    from graphkit.store.snapshot import Snapshot

log = logging.getLogger("graphkit.api")

# Each module exposes ``router``; a new resource is one more line here. The names are
# relative to this package, which is ``graphkit.api`` once installed.
ROUTERS: list[str] = [
    ".routes.health",
    ".routes.actors",
    ".routes.paths",
    ".routes.relations",
    ".routes.articles",
    ".routes.cypher",
    ".routes.analytics",
    ".routes.timeline",
    ".routes.export",
    ".routes.view",
]

# Seconds a thread may hold the GIL while another waits (Python's default: 0.005).
GIL_SWITCH_INTERVAL = 0.001

# Snapshots of at least this many actors and relationships are frozen out of Python's
# garbage collector once built; below it, the full collection that comes first costs
# more than the pauses it saves.
FREEZE_AT = 50_000

# A batch of articles may be a few times the size of the largest one.
BATCH_FACTOR = 4

DESCRIPTION = """\
Query a geopolitical actor-relationship graph built from news: who does what to whom,
with the sentences that say so.

* Actors are referred to by id, name or any alias (`PRK`, `North Korea`, `Pyongyang`).
* Filters (`types`, `exclude_types`, `modality`) accept repeated parameters and/or
  comma-separated values; relation types and modalities are checked against the ontology.
* `POST /articles` and `POST /cypher` need the `X-API-Key` header (GRAPHKIT_API_KEY).
* `/analytics/*`, `/view/*` and `POST /cypher` run a few at a time; beyond that they
  answer 503 with `Retry-After` (GRAPHKIT_API_LIMIT_ANALYTICS, _VIEWS, _CYPHER).
"""


def freeze_big_snapshot(snapshot: Snapshot) -> None:
    """Freeze a big traversal snapshot out of the garbage collector (the store calls this).

    The snapshot lives until the graph changes. Frozen, its objects are left out of
    Python's full collections, which otherwise rescan them every thousand or so answers
    and stall every request for 0.1 s (10k actors). A server's choice, not the store's:
    a notebook's store is left alone.
    """
    if len(snapshot.ids) + snapshot.size >= FREEZE_AT:
        # The collection first, so that no garbage is frozen with it; a replaced
        # snapshot holds no cycles and is still freed by reference counting.
        gc.collect()
        gc.freeze()


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the API.

    Args:
        settings: configuration; read from ``GRAPHKIT_*`` when omitted.
        store: an open store to serve (tests); the caller keeps ownership. When
            omitted, the store ``settings`` name is opened on first use and closed at
            shutdown.
    """
    settings = settings or Settings()
    tune_malloc()  # before the request threads exist: they take their arenas at first use

    def opener() -> GraphStore:
        from graphkit.store import open_store

        # one snapshot per machine: workers map the files the first of them builds
        return open_store(
            settings,
            on_snapshot=freeze_big_snapshot,
            snapshot_dir=settings.shared_snapshot_dir(),
        )

    holder = StoreHolder(opener=opener, store=store)
    readiness = Readiness(holder)
    # workers reach Neo4j themselves; an in-process store's graph is sent to them
    workers = AnalyticsWorkers(
        settings.api_limit_analytics,
        settings if store is None and settings.store == "neo4j" else None,
    )
    page_workers = PageWorkers.for_app(settings, in_process_store=store is not None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The event loop (so /health) shares the GIL with the threads rendering views:
        # at Python's default 5 ms interval each wake-up of the loop could wait that long
        # behind every busy thread.
        previous = sys.getswitchinterval()
        sys.setswitchinterval(min(previous, GIL_SWITCH_INTERVAL))
        # the first readiness probe opens the store and starts building the traversal
        # snapshot now rather than on the first query; in a thread, so that an
        # unreachable store does not hold up the start (routes answer 503 then)
        readiness.probe_in_background()
        try:
            yield
        finally:
            sys.setswitchinterval(previous)
            workers.close()
            page_workers.close()
            holder.close()

    app = FastAPI(
        title="graphkit",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store_holder = holder
    app.state.readiness = readiness
    app.state.analytics_workers = workers
    app.state.page_workers = page_workers
    app.state.limits = limits = Limits(
        {
            "analytics": settings.api_limit_analytics,
            "cypher": settings.api_limit_cypher,
            "views": settings.api_limit_views,
            "exports": settings.api_limit_exports,
        }
    )
    app.state.analytics_cache = AnswerCache(settings.analytics_cache_size)
    errors.install(app)
    for name in ROUTERS:
        app.include_router(importlib.import_module(name, __package__).router)

    # Outermost last: CatchAll wraps everything so no stack trace ever reaches a client.
    app.add_middleware(BodyLimit, max_bytes=settings.max_article_bytes * BATCH_FACTOR)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["X-API-Key", "Content-Type"],
        )
    # A page on another site can resolve its own name to 127.0.0.1 (DNS rebinding) and
    # read this API from the user's browser; it cannot make the browser send our Host.
    app.add_middleware(RefuseWhenFull, limits=limits)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts())
    app.add_middleware(CatchAll)
    return app
