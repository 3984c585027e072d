"""``SnapshotCache``: keeps one snapshot of a store's graph current, for any store.

The cache never reads the graph itself. The store gives it two callables: ``stamp``
reads the graph's version (``find_graph_version`` for Neo4j), ``build`` makes a snapshot
for a stamp, or ``None`` if the graph changed while it was read. A snapshot is used
while its stamp matches one read less than ``STAMP_TTL`` seconds ago.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Sized
from typing import Generic, Literal, Protocol, TypeVar

log = logging.getLogger("graphkit.store")

SnapshotMode = Literal["background", "sync", "off"]
# How long a stamp read stays good for. This store's own writes forget the stamp at
# once, so only another process's write can go unseen, and for at most this long. Each
# read costs Neo4j about a millisecond of CPU: at 20 ms, two busy API workers spent a
# quarter of a 2-core machine on stamp reads.
STAMP_TTL = 0.1


class Stamped(Protocol):
    """What the cache needs of a snapshot: its stamp, and its size for the log."""

    @property
    def stamp(self) -> Hashable: ...

    @property
    def ids(self) -> Sized: ...

    @property
    def size(self) -> int: ...


S = TypeVar("S", bound=Stamped)


class SnapshotCache(Generic[S]):
    """The current snapshot of a graph, rebuilt (in a thread or at once) when it changed."""

    def __init__(
        self,
        stamp: Callable[[], Hashable],
        build: Callable[[Hashable], S | None],
        mode: SnapshotMode = "background",
        on_snapshot: Callable[[S], None] | None = None,
    ) -> None:
        """Hold no snapshot yet.

        Args:
            stamp: reads the graph's version now.
            build: a snapshot of the graph at this stamp, or ``None`` if it changed
                while being read.
            mode: ``background`` answers ``None`` while a snapshot is (re)built in a
                thread after the graph changed, ``sync`` builds it before answering,
                ``off`` never has one.
            on_snapshot: called with each snapshot once built (the API freezes big
                ones out of the garbage collector); a library user gets none.
        """
        self._read_stamp = stamp
        self._build = build
        self.mode: SnapshotMode = mode
        self._on_snapshot = on_snapshot
        self._snapshot: S | None = None
        self._build_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._checked: tuple[Hashable, float] = (None, 0.0)  # last stamp read, and when
        self._stamp_lock = threading.Lock()

    def stamp(self) -> Hashable:
        """The graph's stamp, read at most every ``STAMP_TTL`` seconds."""
        checked, when = self._checked
        if checked is not None and time.monotonic() - when < STAMP_TTL:
            return checked
        stamp = self._read_stamp()
        self._checked = (stamp, time.monotonic())
        return stamp

    def forget(self) -> None:
        """The graph changed here: the next traversal reads the stamp again."""
        self._checked = (None, 0.0)

    def _fresh(self, snapshot: S) -> bool:
        """Whether ``snapshot`` matched the stamp read less than ``STAMP_TTL`` ago."""
        checked, when = self._checked
        return snapshot.stamp == checked and time.monotonic() - when < STAMP_TTL

    def _build_now(self, stamp: Hashable) -> S | None:
        started = time.monotonic()
        snapshot = self._build(stamp)
        if snapshot is None:
            log.info("traversal snapshot dropped: the graph changed while it was read")
            return None
        self._snapshot = snapshot
        if self._on_snapshot is not None:
            self._on_snapshot(snapshot)
        log.info(
            "traversal snapshot ready: %d actors, %d relationships in %.1f s",
            len(snapshot.ids),
            snapshot.size,
            time.monotonic() - started,
        )
        return snapshot

    def _rebuild_in_background(self, stamp: Hashable) -> None:
        def run() -> None:
            # a failed rebuild only means answers keep coming from the store's queries
            try:
                self._build_now(stamp)
            except Exception as exc:
                log.warning("traversal snapshot build failed: %r", exc)

        with self._build_lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=run, name="graphkit-snapshot", daemon=True)
            self._thread.start()

    def current(self) -> S | None:
        """The snapshot if it matches the graph now, else ``None``.

        In ``sync`` mode an out-of-date snapshot is rebuilt first; in ``background`` a
        rebuild starts in a thread and this call returns ``None`` (the caller answers
        with its own queries meanwhile); ``off`` always returns ``None``.
        """
        if self.mode == "off":
            return None
        snapshot = self._snapshot
        if snapshot is not None and self._fresh(snapshot):
            return snapshot
        # one thread reads the stamp; those arriving meanwhile wait and take its reading
        # (under load, a read per waiting request cost more Neo4j CPU than the answers)
        with self._stamp_lock:
            snapshot = self._snapshot
            if snapshot is not None and self._fresh(snapshot):
                return snapshot
            stamp = self._read_stamp()
            self._checked = (stamp, time.monotonic())
        if snapshot is not None and snapshot.stamp == stamp:
            return snapshot
        if self.mode == "sync":
            with self._build_lock:
                return self._build_now(stamp)
        self._rebuild_in_background(stamp)
        return None

    def state(self) -> str:
        """``cypher`` (snapshots off), ``snapshot`` (a current one) or ``building``."""
        if self.mode == "off":
            return "cypher"
        return "snapshot" if self.current() is not None else "building"

    def wait(self, timeout: float = 120.0) -> bool:
        """Block until a background build, if any, ends; whether a snapshot is current."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        snapshot = self._snapshot
        return snapshot is not None and snapshot.stamp == self._read_stamp()
