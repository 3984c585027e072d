"""The FastAPI application: ``graphkit serve``, or uvicorn's factory
``graphkit.api.main:create_app``.

Settings are read from ``GRAPHKIT_*`` here and nowhere else in the API. The store is
opened on first use, so the app starts (and ``/health`` answers) even when Neo4j is
down; data routes then answer 503 with a clear message until it comes up.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from graphkit import __version__, query
from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.store.base import GraphStore

from . import errors
from .deps import StoreHolder
from .middleware import BodyLimit, CatchAll

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
    ".routes.view",
]

# A batch of articles may be a few times the size of the largest one.
BATCH_FACTOR = 4

DESCRIPTION = """\
Query a geopolitical actor-relationship graph built from news: who does what to whom,
with the sentences that say so.

* Actors are referred to by id, name or any alias (`PRK`, `North Korea`, `Pyongyang`).
* Filters (`types`, `exclude_types`, `modality`) accept repeated parameters and/or
  comma-separated values; relation types and modalities are checked against the ontology.
* `POST /articles` and `POST /cypher` need the `X-API-Key` header (GRAPHKIT_API_KEY).
"""


def warm_up(holder: StoreHolder) -> None:
    """Open the store and start its traversal snapshot; failures only mean a cold start."""
    try:
        with holder.use() as store:
            query.readiness(store)
    except GraphkitError:
        pass  # the store is down or misconfigured: routes answer 503 and say why
    except Exception as exc:
        log.warning("warming up the store failed: %r", exc)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the API.

    Args:
        settings: configuration; read from ``GRAPHKIT_*`` when omitted.
        store: an open store to serve (tests); the caller keeps ownership. When
            omitted, the store ``settings`` name is opened on first use and closed at
            shutdown.
    """
    settings = settings or Settings()

    def opener() -> GraphStore:
        from graphkit.store import open_store

        return open_store(settings)

    holder = StoreHolder(opener=opener, store=store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # start building the traversal snapshot now rather than on the first query; in
        # a thread, so that an unreachable store does not hold up the start (routes
        # answer 503 then)
        threading.Thread(target=warm_up, args=(holder,), daemon=True).start()
        try:
            yield
        finally:
            holder.close()

    app = FastAPI(
        title="graphkit",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store_holder = holder
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
    app.add_middleware(CatchAll)
    return app
