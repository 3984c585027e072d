"""A snapshot's answers as JSON bytes, made once per edge and actor and kept.

The bytes are what pydantic writes for the ``Edge`` and ``ActorNode`` models, so an
answer put together from them is the one ``EncodedSubgraph.of`` would make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy.typing as npt
from pydantic import BaseModel

from graphkit.store.snapshot.build import SnapshotArrays

# Edges kept as JSON per snapshot, about 400 bytes each. Bytes, not models: a cache of
# models churned by a graph bigger than it kept Python's full garbage collections
# busy, 0.3 s each at 100k edges, and those pauses made the slowest answers. It is
# per process (every API worker has its own), so it is bounded in edges, not as a
# share of the graph: about 25 MB per worker, which holds the edges among the hubs
# that come back in almost every neighbourhood.
EDGE_JSON_CACHE = 50_000


def _json(model: BaseModel) -> bytes:
    return model.__pydantic_serializer__.to_json(model)


class SnapshotEncoder(SnapshotArrays):
    """``SnapshotArrays`` with each edge's JSON kept once asked for (every actor's is
    made up front); built as ``SnapshotArrays`` is."""

    def _attach(
        self, arrays: Mapping[str, npt.NDArray[Any]], meta: Mapping[str, Any], stamp: Any
    ) -> None:
        super()._attach(arrays, meta, stamp)
        self._edge_json: dict[int, bytes] = {}

    def edges_json(self, numbers: Sequence[int]) -> bytes:
        """Relationships ``numbers`` as the JSON array pydantic writes for their
        ``Edge``s. Each edge's JSON is kept: the edges among hubs come back in almost
        every neighbourhood."""
        cache = self._edge_json
        missing = list(dict.fromkeys(i for i in numbers if i not in cache))
        if missing:
            if len(cache) + len(missing) > EDGE_JSON_CACHE:
                # a bound on memory; the hot edges come back quickly
                kept = {i: cache[i] for i in numbers if i in cache}
                cache.clear()
                cache.update(kept)
            cache.update(zip(missing, map(_json, self.edges(missing)), strict=True))
        return b"[" + b",".join([cache[i] for i in numbers]) + b"]"

    def nodes_json(self, numbers: Iterable[int]) -> bytes:
        """Actors ``numbers`` as the JSON array pydantic writes for their ``ActorNode``s
        (see ``node``); unknown ones are left out."""
        known = self._node_bytes
        return b"[" + b",".join([known[i] for i in numbers if i in known]) + b"]"
