"""Neighbourhoods and paths through Cypher: what ``Neo4jStore`` answers while no
current snapshot is cached, or with snapshots off.

``find_paths.cypher`` holds ``{MAX_HOPS}`` and ``{SELECTOR}``: Neo4j 5.26 takes no
parameter for a quantifier bound nor for ``SHORTEST k``, so ``_cypher_paths``
substitutes a fixed selector string and Python ints its caller has range-checked
(``traversal.check_paths``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.models import ActorNode, Edge, EdgeFilter, Subgraph
from graphkit.store import record
from graphkit.store.base import GraphStore, PathMode
from graphkit.store.neo4j.writes import Neo4jWrites
from graphkit.store.traversal import bfs_rings, cap_edges


class CypherTraversal(Neo4jWrites, GraphStore):
    """Actor lookups by id, and traversals, answered by Cypher queries."""

    def _nodes(self, ids: Sequence[str]) -> dict[str, ActorNode]:
        rows = self._read("find_actors", ids=list(ids))
        return {r["props"]["id"]: record.actor_node(r["props"], r["degree"]) for r in rows}

    def _require(self, *ids: str) -> dict[str, ActorNode]:
        found = self._nodes(ids)
        for actor_id in ids:
            if actor_id not in found:
                suggestions = [n.id for n, _ in self.search_actors(actor_id, 3)]
                raise errors.UnknownActor(actor_id, suggestions)
        return found

    def _cypher_neighbourhood(
        self, actor_id: str, depth: int, filt: EdgeFilter, limit: int, cap: int
    ) -> Subgraph:
        """The neighbourhood from the Cypher files (arguments checked by the caller)."""
        fparams = record.filter_params(filt)

        # Neo4j aggregates, ranks and caps each ring, and ranks and caps the edges, so
        # only the rows kept cross the wire: decoding rows is what the Python driver is
        # slow at (thousands of edges among a hub-heavy neighbourhood took seconds).
        def expand(frontier: list[str], visited: list[str], cap: int) -> list[tuple[str, int]]:
            rows = self._read_values(
                "expand_neighbours", frontier=frontier, visited=visited, cap=cap, **fparams
            )
            return [(target, int(weight)) for target, weight in rows]

        rings, cut_nodes = bfs_rings(actor_id, depth, limit, expand)
        rows = self._read_values("find_edges_among", rings=rings, edgeLimit=cap + 1, **fparams)
        nodes = self._nodes(list(rings))
        if actor_id not in nodes:
            self._require(actor_id)  # raises UnknownActor, with suggestions
        kept, cut_edges = cap_edges([_edge_of(r) for r in rows], rings, cap)
        return Subgraph(
            nodes=[nodes[n] for n in rings if n in nodes],
            edges=kept,
            truncated=cut_nodes or cut_edges,
            focus=actor_id,
        )

    def _cypher_paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int,
        mode: PathMode,
        k: int,
        filt: EdgeFilter,
        directed: bool,
        symmetric: list[str],
        hops: dict[tuple[str, str], dict[tuple[str, str, str], Edge]],
    ) -> list[list[str]]:
        """Candidate node sequences from ``find_paths``; fills ``hops`` with their edges."""
        # ALL SHORTEST for the shortest modes. For k, SHORTEST n with n > k: Neo4j counts
        # parallel relationships and non-simple trails as different paths, which collapse
        # into fewer node sequences. (SHORTEST k GROUPS would be exact but returns every
        # path of each length: minutes on a dense graph.) Ties at the k-th length are
        # thus broken by Neo4j's search order, not by weight as in MemoryStore.
        selector = "ALL SHORTEST" if mode != "k" else f"SHORTEST {min(int(k) * 5, 100)}"
        query = load_query("find_paths")
        query = query.replace("{MAX_HOPS}", str(int(max_hops))).replace("{SELECTOR}", selector)
        params = {
            "source": source_id,
            "target": target_id,
            "directed": directed,
            "symmetric": symmetric,
            **record.filter_params(filt),
        }
        rows = self._read_text(query, params)
        candidates = []
        for row in rows:
            ids = row["ids"]
            candidates.append(ids)
            for (u, v), rel in zip(itertools.pairwise(ids), row["rels"], strict=False):
                e = row_edge(rel)
                hops[(u, v)][(e.source, e.type, e.target)] = e
        return candidates


def row_edge(row: Mapping[str, Any]) -> Edge:
    return record.edge(row["source"], row["target"], row["type"], row["props"])


_EDGE_COLUMNS = (
    "weight",
    "predicates",
    "modalities",
    "modes",
    "negated",
    "firstSeen",
    "lastSeen",
    "articles",
    "sources",
)


def _edge_of(row: Sequence[Any]) -> Edge:
    """An ``Edge`` from a ``find_edges_among`` row: source, target, type, then the columns
    ``_EDGE_COLUMNS`` name."""
    return record.edge(row[0], row[1], row[2], dict(zip(_EDGE_COLUMNS, row[3:], strict=True)))
