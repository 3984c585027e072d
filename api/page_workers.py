"""HTML pages rendered in worker processes, not in the server's threads.

A neighbourhood view of a hub (3 hops, 2,000 actors) is 0.3-0.5 s of pure Python: the
traversal, pyvis's network, a few MB of JSON. Under a flood of such views, rendering held
the GIL for two thirds of the time (``py-spy record --gil``), and ``/health``, answered on
the event loop, waited behind it: its p99 was just over 200 ms. In a worker process a page
stalls nobody but its own client.

A worker opens the store itself, with the traversal snapshot the API's processes share
(``Settings.shared_snapshot_dir``: it maps the files, it does not build its own). Without
such a store (the memory store, a store handed to ``create_app``, or
``GRAPHKIT_SNAPSHOT_SHARED=false``, where each worker would build a whole snapshot of its
own) pages are rendered in the request's thread as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphkit import pages, view
from graphkit.config import Settings

from .deps import StoreHolder
from .workers import WorkerPool, store_in_worker

# A worker maps the snapshot again when it is replaced; pages leave less behind than
# analytics, so a worker lives longer.
TASKS_PER_WORKER = 32

PAGES: dict[str, Callable[..., str]] = {
    "neighbourhood": view.view_neighbourhood,
    "paths": view.view_paths,
    "profile": pages.view_actor_page,
    "dyad": pages.view_dyad_page,
}


def render(kind: str, settings: Settings, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """In a worker: the HTML of page ``kind``. Errors are raised (and re-raised in the
    server by the executor: ``UnknownActor`` and ``ValidationError`` as themselves)."""
    return PAGES[kind](store_in_worker(settings, snapshot=True), *args, **kwargs)


class PageWorkers:
    """Renders ``PAGES`` in ``size`` worker processes, or in the caller's thread."""

    def __init__(self, size: int, settings: Settings | None) -> None:
        """``settings``: the store workers open themselves; ``None``: render in-thread."""
        self.settings = settings
        self.pool = WorkerPool(size, TASKS_PER_WORKER)

    @staticmethod
    def for_app(settings: Settings, in_process_store: bool) -> PageWorkers:
        """Workers when they can share the server's store and snapshot, else in-thread."""
        shareable = (
            not in_process_store
            and settings.store == "neo4j"
            and (settings.snapshot_shared or settings.snapshot == "off")
        )
        return PageWorkers(settings.api_limit_views, settings if shareable else None)

    def render(
        self,
        kind: str,
        holder: StoreHolder,
        still_wanted: Callable[[], None],
        *args: Any,
        **kwargs: Any,
    ) -> str:
        """The HTML of page ``kind`` for ``args``: ``PAGES[kind](store, *args, **kwargs)``.

        Raises:
            UnknownActor, ValidationError: as the page function raises them.
            StoreUnavailable: the store cannot be reached.
            ClientGone: ``still_wanted`` found the client gone while a worker rendered.
        """
        if self.settings is None:
            # use() serialises access to the in-process memory store
            with holder.use() as store:
                return PAGES[kind](store, *args, **kwargs)
        # a store known to be down answers 503 here at once: a worker's own connection
        # would first wait out GRAPHKIT_NEO4J_TIMEOUT to learn it
        holder.get().ping()
        return self.pool.run(still_wanted, render, kind, self.settings, args, kwargs)

    def close(self) -> None:
        self.pool.close()
