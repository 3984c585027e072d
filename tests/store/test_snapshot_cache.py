"""``SnapshotCache`` on its own: any store's stamp and build functions, no Neo4j.

The Neo4j store's use of it (background and sync builds, another process's writes) is
held to the Cypher answers in tests/store/test_snapshot.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass, field

from graphkit.store.snapshot.cache import STAMP_TTL, SnapshotCache


@dataclass
class Snap:
    stamp: Hashable
    ids: list[str] = field(default_factory=lambda: ["a", "b"])
    size: int = 1


class Graph:
    """A version counter standing for a store's graph, counting the cache's reads."""

    def __init__(self) -> None:
        self.version = 0
        self.stamp_reads = 0
        self.builds: list[Hashable] = []
        self.gate = threading.Event()
        self.gate.set()

    def stamp(self) -> Hashable:
        self.stamp_reads += 1
        return self.version

    def build(self, stamp: Hashable) -> Snap | None:
        self.gate.wait(10)
        self.builds.append(stamp)
        # what a store answers when the graph changed while it was read
        return Snap(stamp) if stamp == self.version else None


def test_sync_builds_once_per_change_and_calls_on_snapshot() -> None:
    graph, seen = Graph(), []
    cache = SnapshotCache(graph.stamp, graph.build, "sync", seen.append)
    first = cache.current()
    assert first is not None and first.stamp == 0
    assert cache.current() is first  # the stamp read is fresh: no read, no build
    assert graph.builds == [0]
    graph.version = 1
    cache.forget()  # what the store's own write does
    second = cache.current()
    assert second is not None and second.stamp == 1
    assert seen == [first, second]
    assert cache.state() == "snapshot"


def test_a_stamp_read_is_reused_for_the_ttl() -> None:
    graph = Graph()
    cache = SnapshotCache(graph.stamp, graph.build, "sync")
    assert cache.stamp() == 0
    graph.version = 1  # another process's write: unseen until the reading expires
    assert cache.stamp() == 0
    assert graph.stamp_reads == 1
    time.sleep(STAMP_TTL * 1.5)
    assert cache.stamp() == 1
    assert graph.stamp_reads == 2


def test_off_never_reads_nor_builds() -> None:
    graph = Graph()
    cache = SnapshotCache(graph.stamp, graph.build, "off")
    assert cache.current() is None
    assert cache.state() == "cypher"
    assert graph.builds == [] and graph.stamp_reads == 0


def test_background_answers_none_until_built_and_drops_a_changed_graph() -> None:
    graph, seen = Graph(), []
    cache = SnapshotCache(graph.stamp, graph.build, "background", seen.append)
    graph.gate.clear()  # hold the build thread
    assert cache.current() is None
    assert cache.state() == "building"
    graph.version = 1  # changes while the snapshot is read
    graph.gate.set()
    assert not cache.wait(10)  # the build saw version 0: dropped
    assert seen == []
    cache.forget()
    assert cache.current() is None  # starts a build of version 1
    assert cache.wait(10)
    built = cache.current()
    assert built is not None and built.stamp == 1
    assert seen == [built]
