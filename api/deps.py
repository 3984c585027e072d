"""FastAPI dependencies: the settings, the (lazily opened) store, and the API key check."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import APIKeyHeader

from graphkit import query
from graphkit.config import Settings
from graphkit.errors import GraphkitError, StoreUnavailable
from graphkit.models import EdgeFilter
from graphkit.store.base import GraphStore

log = logging.getLogger("graphkit.api")

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Needed for POST /articles and POST /cypher; the value of GRAPHKIT_API_KEY.",
)


class StoreHolder:
    """Opens the store on first use and retries on later requests if that failed.

    The app starts even when Neo4j is down; data routes then answer 503 until it is up.
    """

    def __init__(
        self,
        opener: Callable[[], GraphStore] | None = None,
        store: GraphStore | None = None,
    ) -> None:
        self._opener = opener
        self._store = store
        self._owned = store is None  # we close only what we opened
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()  # one ingest at a time keeps batches atomic
        # networkx graphs are not safe to read while another thread writes them
        self._memory_lock = threading.RLock()

    def get(self) -> GraphStore:
        """The open store.

        Raises:
            StoreUnavailable: it cannot be opened now (the message says why).
        """
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None:
                if self._opener is None:
                    raise StoreUnavailable("no store is configured")
                try:
                    self._store = self._opener()
                except GraphkitError:  # StoreUnavailable, or a ConfigError naming a setting
                    raise
                except Exception as exc:  # a driver error while connecting means "down"
                    log.warning("opening the store failed: %r", exc)
                    raise StoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
            return self._store

    @contextmanager
    def use(self) -> Iterator[GraphStore]:
        """The store, held exclusively when it is the in-process (memory) one.

        Neo4j handles concurrency itself; the memory store is one Python object, so
        readers and the ingesting writer take turns.
        """
        store = self.get()
        if store.name == "memory":
            with self._memory_lock:
                yield store
        else:
            yield store

    @contextmanager
    def writing(self) -> Iterator[GraphStore]:
        """The store for a write: one writer at a time, exclusive on the memory store."""
        with self.write_lock, self.use() as store:
            yield store

    def close(self) -> None:
        if self._store is not None and self._owned:
            try:
                self._store.close()
            finally:
                self._store = None


# Dependencies that never block are ``async def``: FastAPI runs a plain ``def`` one in
# its thread pool, a hand-off per dependency per request that costs more than the work.


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


async def get_holder(request: Request) -> StoreHolder:
    return request.app.state.store_holder


def get_store(holder: StoreHolder = Depends(get_holder)) -> GraphStore:
    """The graph store, or 503 if it cannot be reached.

    FastAPI solves dependencies before it validates query parameters, so with this
    dependency a request with bad parameters gets 503 while the store is down. The
    core routes take ``Depends(get_holder)`` and call ``holder.get()`` in their body
    instead, so parameter errors (422) always come first.
    """
    return holder.get()


async def require_api_key(
    key: str | None = Depends(api_key_header), settings: Settings = Depends(get_settings)
) -> None:
    """Let a request through only with the configured ``X-API-Key``.

    Without a configured key, writes and Cypher are refused outright: an open write
    endpoint on a shared machine is worse than a disabled one.
    """
    if not settings.api_key:
        raise HTTPException(
            403,
            "Writes and Cypher are disabled because no API key is configured; "
            "set GRAPHKIT_API_KEY and send it in the X-API-Key header.",
        )
    if not key or not secrets.compare_digest(key.encode(), settings.api_key.encode()):
        raise HTTPException(
            401,
            "Missing or wrong X-API-Key header.",
            headers={"WWW-Authenticate": "APIKey"},
        )


async def edge_filter(
    types: list[str] | None = Query(
        None,
        description="relation types to keep (repeat the parameter and/or comma-separate)",
        examples=["MOBILIZE,ASSAULT"],
        max_length=400,
    ),
    exclude_types: list[str] | None = Query(
        None, description="relation types to drop (repeatable, comma-separated)", max_length=400
    ),
    modality: list[str] | None = Query(
        None,
        description="modalities to keep: asserted, reported, planned, conditional, "
        "speculated, denied (repeatable, comma-separated)",
        max_length=200,
    ),
    # strings, checked by make_filter (YYYY-MM-DD only): a date parameter would take
    # since=0 as 1970-01-01
    since: str | None = Query(
        None, description="edges seen on or after this date (YYYY-MM-DD)", examples=["2024-01-31"]
    ),
    until: str | None = Query(
        None, description="edges seen on or before this date (YYYY-MM-DD)", examples=["2024-12-31"]
    ),
    min_weight: int = Query(1, ge=1, le=1_000_000, description="least pieces of evidence"),
    min_sources: int = Query(
        0,
        ge=0,
        le=1_000_000,
        description="least distinct outlets reporting an edge (corroboration; 0: no filter)",
    ),
) -> EdgeFilter:
    """The edge filter shared by neighbourhood and path queries, checked against the ontology."""
    return query.make_filter(types, exclude_types, modality, since, until, min_weight, min_sources)


def filter_params(filt: EdgeFilter) -> dict[str, object]:
    """The query parameters that rebuild ``filt`` (for view links)."""
    return {
        "types": ",".join(filt.types) if filt.types else None,
        "exclude_types": ",".join(filt.exclude_types) if filt.exclude_types else None,
        "modality": ",".join(filt.modality) if filt.modality else None,
        "since": filt.since.isoformat() if filt.since else None,
        "until": filt.until.isoformat() if filt.until else None,
        "min_weight": filt.min_weight if filt.min_weight != 1 else None,
        "min_sources": filt.min_sources or None,
    }


@dataclass(frozen=True)
class PathParams:
    """The path parameters shared by ``GET /paths`` and ``GET /view/paths``."""

    source: str
    target: str
    max_hops: int
    mode: Literal["shortest", "all_shortest", "k"]
    k: int
    directed: bool


async def path_params(
    from_: str = Query(
        ...,
        alias="from",
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        description="start actor: id, name or alias",
        examples=["North Korea"],
    ),
    to: str = Query(
        ...,
        min_length=1,
        max_length=query.MAX_REF_CHARS,
        description="end actor: id, name or alias",
        examples=["NATO"],
    ),
    max_hops: int = Query(4, ge=1, le=query.MAX_HOPS, description="longest path (1..6)"),
    mode: Literal["shortest", "all_shortest", "k"] = Query("shortest"),
    k: int = Query(3, ge=1, le=query.MAX_K, description="paths wanted when mode=k (1..10)"),
    directed: bool = Query(False, description="follow edges only source -> target"),
) -> PathParams:
    """Validated path parameters, declared once for the JSON and the view route."""
    return PathParams(from_, to, max_hops, mode, k, directed)
