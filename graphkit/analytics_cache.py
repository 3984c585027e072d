"""Analytics answers kept per graph version (``GraphStore.graph_version``).

Centrality, communities and bridges cost seconds on a graph of thousands of actors and
depend only on the graph and the request's parameters, so an answer is kept until the
graph changes. Entries of an older version are dropped as soon as a newer one is seen;
within a version the least recently used entries go first once ``size`` are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class AnswerCache:
    """A small thread-safe LRU of answers, keyed by request, for one graph version."""

    def __init__(self, size: int = 32) -> None:
        """Keep at most ``size`` answers (0 turns caching off)."""
        self.size = size
        self._version: Hashable | None = None
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, version: Hashable | None, key: Hashable) -> object | None:
        """The answer kept for ``key`` at ``version``, else ``None``."""
        if version is None or self.size == 0:
            return None
        with self._lock:
            if version != self._version or key not in self._entries:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return self._entries[key]

    def put(self, version: Hashable | None, key: Hashable, answer: object) -> None:
        """Keep ``answer`` for ``key``; a new ``version`` forgets every older answer."""
        if version is None or self.size == 0:
            return
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            self._entries[key] = answer
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._version = None


def cached(
    cache: AnswerCache, version: Hashable | None, key: Hashable, compute: Callable[[], T]
) -> T:
    """``compute()``, or the answer kept for ``key`` at ``version``.

    ``version`` must be read *before* the graph is exported for ``compute``: a write
    landing in between then leaves the answer under the older version, never a stale
    answer under the newer one.
    """
    hit = cache.get(version, key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    answer = compute()
    cache.put(version, key, answer)
    return answer
