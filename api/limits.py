"""Bounded expensive work: concurrency limits per route group, and abandoning work
whose client has gone.

``/analytics/*``, ``/view/*`` and ``POST /cypher`` can each keep a CPU busy for seconds.
Each group holds at most ``GRAPHKIT_API_LIMIT_<GROUP>`` requests at once; one more is
answered 503 with ``Retry-After`` at once rather than queued, so a flood of them can
neither fill the thread pool the cheap routes run in nor pile up work nobody waits for.

What can and cannot be interrupted: a request whose client disconnected before its
turn is dropped without touching the store; an analytics request checks its client
between the export and the computation, analytics and pages check it every half second
while a worker computes, and work not yet started in a worker is cancelled. A Neo4j
query, a view being rendered or a networkx computation already running cannot be
interrupted from Python; it runs to its end (Cypher under its server-side timeout) and
its answer is discarded.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Mapping

import anyio.from_thread
from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import http_error
from .memory import give_back_memory

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
    """A count of requests in progress per route group, each capped at its size."""

    def __init__(self, sizes: Mapping[str, int]) -> None:
        self.sizes = dict(sizes)
        self._busy = dict.fromkeys(sizes, 0)
        self._lock = threading.Lock()

    def full(self, group: str) -> bool:
        """Whether ``group`` has no free slot now (a hint: ``try_acquire`` decides)."""
        return self._busy[group] >= self.sizes[group]

    def try_acquire(self, group: str) -> bool:
        """Take a slot if one is free; never waits (safe on the event loop)."""
        with self._lock:
            if self._busy[group] >= self.sizes[group]:
                return False
            self._busy[group] += 1
            return True

    def release(self, group: str) -> None:
        with self._lock:
            self._busy[group] -= 1


# Path prefixes of the limited groups, for ``RefuseWhenFull``.
GROUP_PREFIXES = (
    ("/analytics/", "analytics"),
    ("/view/", "views"),
    ("/cypher", "cypher"),
    ("/export", "exports"),
)


class RefuseWhenFull:
    """ASGI middleware: refuse a request to a full group before FastAPI parses it.

    The ``limited`` dependency is what holds a slot; this only spares a flood the cost
    of routing, validation and dependencies (about a millisecond each), which at
    hundreds of refused requests a second starved the event loop that ``/health``
    shares. It answers exactly what the dependency would.
    """

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope.get("path", "")
            for prefix, group in GROUP_PREFIXES:
                if path.startswith(prefix) and self.limits.full(group):
                    response = http_error(Busy(group, self.limits.sizes[group]))
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


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
            give_back_memory()

    return dependency
