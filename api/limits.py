"""Bounded expensive work: concurrency limits per route group, and abandoning work
whose client has gone.

``/analytics/*``, ``/view/*`` and ``POST /cypher`` can each keep a CPU busy for seconds.
Each group holds at most ``GRAPHKIT_API_LIMIT_<GROUP>`` requests at once; one more is
answered 503 with ``Retry-After`` at once rather than queued, so a flood of them can
neither fill the thread pool the cheap routes run in nor pile up work nobody waits for.

What can and cannot be interrupted: a request whose client disconnected before its
turn is dropped without touching the store, and long routes call ``Work.check()``
between stages (after exporting the graph, before computing on it), which stops them
there. A Neo4j query or a networkx computation already running cannot be interrupted
from Python; it finishes (Cypher under its server-side timeout), holding its slot, and
its answer is discarded.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Mapping

import anyio.from_thread
from fastapi import Request
from starlette.exceptions import HTTPException

RETRY_AFTER_SECONDS = 1


class Busy(HTTPException):
    """A route group is at its limit: 503 with ``Retry-After``."""

    error = "busy"

    def __init__(self, group: str, limit: int) -> None:
        super().__init__(
            503,
            f"Too many {group} requests at once (at most {limit}, "
            f"GRAPHKIT_API_LIMIT_{group.upper()}); retry in a moment.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )


class ClientGone(HTTPException):
    """The client disconnected; nobody will read the answer."""

    error = "client_gone"

    def __init__(self) -> None:
        super().__init__(503, "The client went away; the request was abandoned.")


class Work:
    """What a limited route gets: a way to stop early if its client has gone."""

    def __init__(self, request: Request) -> None:
        self._request = request

    def check(self) -> None:
        """Raise ``ClientGone`` if the client disconnected (call from the route's thread).

        Raises:
            ClientGone: the client is gone.
        """
        if anyio.from_thread.run(self._request.is_disconnected):
            raise ClientGone()


class Limits:
    """One non-blocking semaphore per route group."""

    def __init__(self, sizes: Mapping[str, int]) -> None:
        self.sizes = dict(sizes)
        self._slots = {group: threading.BoundedSemaphore(n) for group, n in sizes.items()}

    def try_acquire(self, group: str) -> bool:
        """Take a slot if one is free; never waits (safe on the event loop)."""
        return self._slots[group].acquire(blocking=False)

    def release(self, group: str) -> None:
        self._slots[group].release()


def limited(group: str) -> Callable[[Request], AsyncIterator[Work]]:
    """A dependency that holds one of ``group``'s slots for the whole request.

    Async, so a full group is refused on the event loop without a thread; the slot
    is released when the route has finished, whether it answered or failed.
    """

    async def dependency(request: Request) -> AsyncIterator[Work]:
        limits: Limits = request.app.state.limits
        if not limits.try_acquire(group):
            raise Busy(group, limits.sizes[group])
        try:
            if await request.is_disconnected():
                raise ClientGone()
            yield Work(request)
        finally:
            limits.release(group)

    return dependency
