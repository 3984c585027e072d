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

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from graphkit import analytics
from graphkit.config import Settings
from graphkit.models import EdgeFilter, Subgraph

from .workers import WorkerPool, store_in_worker

# A worker is replaced after this many answers: what a computation leaves behind in
# its heap goes back to the system with it.
TASKS_PER_WORKER = 8

KINDS: dict[str, Callable[..., BaseModel]] = {
    "centrality": analytics.centrality,
    "communities": analytics.communities,
    "bridges": analytics.bridges,
}


def compute(
    kind: str,
    settings: Settings | None,
    filt_json: str,
    sub_json: str | None,
    kwargs: dict[str, Any],
) -> str:
    """In a worker: export (unless ``sub_json`` is given) and compute one answer, as the
    report's JSON. Errors are raised (and re-raised in the server by the executor)."""
    store = None
    if sub_json is None:
        if settings is None:
            raise ValueError("a worker needs either a subgraph or settings to export one")
        store = store_in_worker(settings, snapshot=False)  # a worker only exports
        sub = store.export(EdgeFilter.model_validate_json(filt_json))
    else:
        sub = Subgraph.model_validate_json(sub_json)
    if kind == "bridges":
        kwargs = {**kwargs, "store": store}
    return KINDS[kind](sub, **kwargs).model_dump_json()


class AnalyticsWorkers:
    """A pool of ``size`` worker processes, started on first use."""

    def __init__(self, size: int, settings: Settings | None) -> None:
        """``settings`` let workers open the store themselves (``None``: send graphs)."""
        self.settings = settings
        self.pool = WorkerPool(size, TASKS_PER_WORKER)

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
        return self.pool.run(
            still_wanted, compute, kind, self.settings, filt.model_dump_json(), sub_json, kwargs
        )

    def close(self) -> None:
        self.pool.close()
