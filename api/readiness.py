"""What ``/ready`` answers: the store's last known state, probed off the event loop.

A probe (a ping and the snapshot state) waits on Neo4j, for up to
``GRAPHKIT_NEO4J_TIMEOUT`` when it is down, so it runs in a thread of its own, never in
the request thread pool that a flood of requests can fill, and ``/ready`` reports what
the latest probe found.
"""

from __future__ import annotations

import logging
import threading
import time

import anyio

from graphkit import query
from graphkit.errors import GraphkitError, StoreUnavailable

from .deps import StoreHolder
from .schemas import ReadyOut

log = logging.getLogger("graphkit.api")

# A probe answer is reused for this long.
FRESH_SECONDS = 1.0
# How long /ready waits for a probe under way: longer when nothing is known yet (the
# first answer after start), briefly otherwise, then the last known state is reported.
FIRST_WAIT, NEXT_WAIT = 5.0, 0.5
POLL = 0.02


class Readiness:
    """The latest probe of the store: a ``ReadyOut``, or the error that says why not."""

    def __init__(self, holder: StoreHolder) -> None:
        self._holder = holder
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._known: tuple[float, ReadyOut | GraphkitError] | None = None

    def probe_in_background(self) -> None:
        """Start a probe unless one is running; returns at once."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._probe, name="graphkit-ready", daemon=True)
            self._thread.start()

    def _probe(self) -> None:
        # also opens the store and starts its snapshot on the first call
        found: ReadyOut | GraphkitError
        try:
            with self._holder.use() as store:
                found = ReadyOut(status="ready", store=store.name, traversal=query.readiness(store))
        except GraphkitError as exc:
            found = exc  # the store is down or misconfigured: /ready says why
        except Exception as exc:
            log.warning("probing the store failed: %r", exc)
            found = StoreUnavailable(f"{type(exc).__name__}: {exc}")
        self._known = (time.monotonic(), found)

    def _fresh(self) -> ReadyOut | GraphkitError | None:
        known = self._known
        if known is not None and time.monotonic() - known[0] < FRESH_SECONDS:
            return known[1]
        return None

    async def current(self) -> ReadyOut:
        """The store's state: a fresh probe's, else the last known one; never blocks.

        Raises:
            GraphkitError: the store is unavailable (or nothing is known yet).
        """
        found = self._fresh()
        if found is None:
            self.probe_in_background()
            deadline = time.monotonic() + (FIRST_WAIT if self._known is None else NEXT_WAIT)
            while (found := self._fresh()) is None and time.monotonic() < deadline:
                await anyio.sleep(POLL)
        if found is None:
            if self._known is None:
                raise StoreUnavailable("the store has not answered a probe yet")
            found = self._known[1]
        if isinstance(found, GraphkitError):
            raise found.with_traceback(None)  # a re-raise would grow its traceback
        return found
