"""Analytics computed in worker processes, not in the server's threads.

Betweenness, Louvain and bridges are pure Python: seconds of CPU, millions of objects.
In a thread of the server they held the GIL and set off full garbage collections that
stalled the event loop, so ``/health`` took seconds under a flood, and the memory they
took stayed with the server. In a worker process they stall nobody, a worker that has
computed ``TASKS_PER_WORKER`` answers is replaced (giving its memory back), and an
answer nobody waits for any more is dropped before it starts.

With the Neo4j store a worker exports the graph itself, over its own connection (the
export is half the work); with an in-process store (the memory store, or a store handed
to ``create_app``) the server exports it and sends it to the worker as JSON.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pydantic import BaseModel

from graphkit import analytics
from graphkit.config import Settings
from graphkit.errors import UnknownActor
from graphkit.models import EdgeFilter, Subgraph
from graphkit.store.base import GraphStore

# A worker is replaced after this many answers: what a computation leaves behind in
# its heap goes back to the system with it.
TASKS_PER_WORKER = 8
# How often a request waiting for a worker checks that its client is still there.
POLL_SECONDS = 0.5

KINDS: dict[str, Callable[..., BaseModel]] = {
    "centrality": analytics.centrality,
    "communities": analytics.communities,
    "bridges": analytics.bridges,
}

# Workers run at this lower CPU priority (nice): on a small machine the scheduler then
# gives the server's event loop and the cheap routes the CPU first.
WORKER_NICENESS = 10

_worker_store: GraphStore | None = None  # in a worker: its own connection to Neo4j


def _start_worker() -> None:
    os.nice(WORKER_NICENESS)


def _store_in_worker(settings: Settings) -> GraphStore:
    global _worker_store
    if _worker_store is None:
        from graphkit.store import open_store

        # no traversal snapshot: a worker only exports
        _worker_store = open_store(settings.model_copy(update={"snapshot": "off"}))
    return _worker_store


def compute(
    kind: str,
    settings: Settings | None,
    filt_json: str,
    sub_json: str | None,
    kwargs: dict[str, Any],
) -> tuple[str, Any]:
    """In a worker: export (unless ``sub_json`` is given) and compute one answer.

    Returns ``("ok", report JSON)`` or ``("unknown_actor", (ref, suggestions))``; other
    errors are raised (and re-raised in the server by the executor).
    """
    store = None
    if sub_json is None:
        if settings is None:
            raise ValueError("a worker needs either a subgraph or settings to export one")
        store = _store_in_worker(settings)
        sub = store.export(EdgeFilter.model_validate_json(filt_json))
    else:
        sub = Subgraph.model_validate_json(sub_json)
    if kind == "bridges":
        kwargs = {**kwargs, "store": store}
    try:
        report = KINDS[kind](sub, **kwargs)
    except UnknownActor as exc:  # its message does not survive pickling: send the fields
        return "unknown_actor", (exc.ref, exc.suggestions)
    return "ok", report.model_dump_json()


class AnalyticsWorkers:
    """A pool of ``size`` worker processes, started on first use."""

    def __init__(self, size: int, settings: Settings | None) -> None:
        """``settings`` let workers open the store themselves (``None``: send graphs)."""
        self.size = size
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.size,
                    # not fork: the server has threads (and a Neo4j driver) of its own
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=TASKS_PER_WORKER,
                    initializer=_start_worker,
                )
            return self._pool

    def run(
        self,
        kind: str,
        filt: EdgeFilter,
        export: Callable[[], Subgraph] | None,
        still_wanted: Callable[[], None],
        **kwargs: Any,
    ) -> str:
        """Compute ``kind`` in a worker and return its report as the worker wrote it: JSON
        of the report model, which the server sends on without parsing it again.

        ``export`` is called here when the workers cannot export themselves;
        ``still_wanted`` is called while waiting and raises to abandon the request
        (a computation already started runs to its end; its answer is dropped).
        """
        sub_json = None
        if self.settings is None:
            if export is None:
                raise ValueError("no way to export the graph for the workers")
            sub_json = export().model_dump_json()
        future: Future[tuple[str, Any]] = self._executor().submit(
            compute, kind, self.settings, filt.model_dump_json(), sub_json, kwargs
        )
        while True:
            try:
                status, value = future.result(timeout=POLL_SECONDS)
                break
            except FutureTimeout:
                try:
                    still_wanted()
                except BaseException:
                    future.cancel()
                    raise
        if status == "unknown_actor":
            raise UnknownActor(*value)
        return str(value)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
