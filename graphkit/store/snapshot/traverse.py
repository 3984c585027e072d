"""Neighbourhoods and paths on a snapshot: ``Snapshot``, the class the stores use.

The rules are those of ``traversal`` and of the Cypher files, so the answers are the
same: ``ring`` is ``expand_neighbours.cypher``, ``edges_among`` is
``find_edges_among.cypher``, and ``shortest_paths`` and ``_simple_paths`` yield the
candidates ``traversal.rank_paths`` ranks.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice

import networkx as nx
import numpy as np

from graphkit.models import Edge, EdgeFilter, EncodedSubgraph, Subgraph
from graphkit.models import Path as GraphPath
from graphkit.store.snapshot.build import IntArray, _gather
from graphkit.store.snapshot.encode import SnapshotEncoder
from graphkit.store.traversal import bfs_rings, pick_strongest, rank_paths


class Snapshot(SnapshotEncoder):
    """A read-only snapshot of the graph that answers neighbourhoods and paths.

    Built as ``SnapshotArrays`` is (``Snapshot(actors, edges, stamp)``, or
    ``Snapshot.from_subgraph``). It never changes once built, so concurrent readers
    need no lock.
    """

    # ---------------------------------------------------------- neighbourhood
    def ring(
        self, frontier: Sequence[int], visited: Sequence[int], cap: int, filt: EdgeFilter
    ) -> list[tuple[int, int]]:
        """The next ring of a neighbourhood, as ``expand_neighbours.cypher`` returns it.

        Actors (numbered as in ``ids``) outside ``visited`` joined to ``frontier`` by a
        filtered relationship (either direction), each with the total weight of those
        relationships; heaviest first, then by id; at most ``cap``.
        """
        if cap <= 0 or not frontier:
            return []
        pos = _gather(self.inc_ptr, np.asarray(frontier, dtype=np.int64))
        other = self.inc_other[pos]
        n = len(self.ids)
        outside = np.ones(n, dtype=np.bool_)
        outside[np.asarray(visited, dtype=np.int64)] = False
        keep = outside[other]
        if not self._unfiltered(filt):
            keep &= self._keep(self.inc_edge[pos], filt)
        other, weight = other[keep], self.inc_weight[pos[keep]]
        if other.size == 0:
            return []
        total = np.bincount(other, weights=weight, minlength=n)
        # with every weight >= 1 (the store drops weight-0 relationships) a total says
        # whether an actor was reached; otherwise count the reaching relationships
        reached = total if self.least_weight >= 1 else np.bincount(other, minlength=n)
        found = np.flatnonzero(reached)
        score = total[found].astype(np.int64)
        # heaviest, then lowest number (numbers follow ids), as one key; a hub's second
        # ring holds thousands of actors of which ``cap`` are kept: select, then sort
        key = -score * n + found
        if key.size > cap:
            key = key[np.argpartition(key, cap - 1)[:cap]]
        key.sort()
        return list(zip((key % n).tolist(), (-(key // n)).tolist(), strict=True))

    def edges_among(self, rings: Mapping[int, int], cap: int, filt: EdgeFilter) -> IntArray:
        """Filtered relationships with both ends in ``rings`` (actor number -> ring), in
        ``traversal.edge_rank`` order (nearer the focus, stronger, then type and ids);
        at most ``cap``.

        Returns relationship numbers (for ``edges``).
        """
        if not rings:
            return np.zeros(0, dtype=np.int64)
        ring_of = np.full(len(self.ids), -1, dtype=np.int64)
        nodes = np.fromiter(rings.keys(), np.int64, len(rings))
        ring_of[nodes] = np.fromiter(rings.values(), np.int64, len(rings))
        pos = _gather(self.up_ptr, nodes)
        # ring of each listed relationship's two ends, without looking its ends up
        owner_ring = np.repeat(ring_of[nodes], self.up_ptr[nodes + 1] - self.up_ptr[nodes])
        other_ring = ring_of[self.up_other[pos]]
        inside = np.flatnonzero(other_ring >= 0)
        pos = pos[inside]
        near = np.minimum(owner_ring[inside], other_ring[inside])
        if not self._unfiltered(filt):
            keep = self._keep(self.up_edge[pos], filt)
            pos, near = pos[keep], near[keep]
        # weights in list order: read where the lists are, not all over the edge arrays
        weight = self.up_weight[pos]
        if pos.size > cap > 0:
            # keep only what can make the cut on (near, -weight), ties included, before
            # the full sort: among hubs there are tens of thousands of candidates
            primary = near * (int(weight.max()) + 1) - weight
            bound = np.partition(primary, cap - 1)[cap - 1]
            top = primary <= bound
            pos, near, weight = pos[top], near[top], weight[top]
        edges = self.up_edge[pos]
        # type codes follow sorted type names, node numbers sorted ids: both rank as text
        order = np.lexsort((self.dst[edges], self.src[edges], self.type[edges], -weight, near))
        return edges[order[:cap]]

    # ------------------------------------------------------------------ paths
    def shortest_paths(
        self,
        source: str,
        target: str,
        max_hops: int,
        filt: EdgeFilter,
        *,
        directed: bool,
        symmetric: Iterable[str],
        best_only: bool,
    ) -> list[list[str]]:
        """Shortest node sequences from ``source`` to ``target`` of at most ``max_hops``.

        Hops follow filtered relationships: either way unless ``directed``, when only
        relationships of a ``symmetric`` type run both ways. With ``best_only`` the one
        path ``rank_paths`` would put first (heaviest, then by ids) is found without
        listing the others, which on a hub-heavy graph can number thousands;
        otherwise every shortest path is returned.
        """
        if source not in self.index or target not in self.index or source == target:
            return []
        sym_codes = self._codes(symmetric)
        s, t = self.index[source], self.index[target]
        arcs = _Arcs(self, filt, directed, sym_codes)
        fwd_frontier, bwd_frontier = np.asarray([s]), np.asarray([t])
        ds = np.full(len(self.ids), -1, dtype=np.int64)
        dt = np.full(len(self.ids), -1, dtype=np.int64)
        ds[s], dt[t] = 0, 0
        ls = lt = 0
        meet: IntArray = np.zeros(0, dtype=np.int64)
        while ls + lt < max_hops and fwd_frontier.size and bwd_frontier.size:
            # grow the side whose frontier touches fewer relationships
            if int(self.degree[fwd_frontier].sum()) <= int(self.degree[bwd_frontier].sum()):
                ls += 1
                fwd_frontier, meet = arcs.grow(fwd_frontier, ds, dt, ls, forward=True)
            else:
                lt += 1
                bwd_frontier, meet = arcs.grow(bwd_frontier, dt, ds, lt, forward=False)
            if meet.size:
                break
        if not meet.size:
            return []
        # the shortest-path DAG: layers from the meeting nodes back to each end
        hop_weight: dict[tuple[int, int], int] = {}
        layer = meet
        for level in range(ls, 0, -1):  # source side: hops from ds == level - 1 into layer
            found = arcs.between(np.flatnonzero(ds == level - 1), layer)
            hop_weight.update(found)
            layer = np.asarray(sorted({u for u, _ in found}), dtype=np.int64)
        layer = meet
        for level in range(lt, 0, -1):  # target side: hops from layer to dt == level - 1
            found = arcs.between(layer, np.flatnonzero(dt == level - 1))
            hop_weight.update(found)
            layer = np.asarray(sorted({v for _, v in found}), dtype=np.int64)
        forward_links: dict[int, list[int]] = defaultdict(list)
        for u, v in sorted(hop_weight):
            forward_links[u].append(v)
        if best_only:
            return [[self.ids[n] for n in _best_path(s, t, forward_links, hop_weight)]]
        return [[self.ids[n] for n in p] for p in _all_paths(s, t, forward_links)]

    def hops(
        self,
        paths: Iterable[Sequence[str]],
        filt: EdgeFilter,
        *,
        directed: bool,
        symmetric: Iterable[str],
    ) -> dict[tuple[str, str], dict[tuple[str, str, str], Edge]]:
        """Every filtered relationship each hop of ``paths`` may take, by hop, parallel
        ones included (``pick_strongest`` chooses among them)."""
        sym = set(symmetric)
        wanted: dict[int, set[int]] = {}
        for path in paths:
            for a, b in itertools.pairwise(path):
                wanted.setdefault(self.index[a], set()).add(self.index[b])
        arcs = _Arcs(self, filt, directed, self._codes(sym))
        out: dict[tuple[str, str], dict[tuple[str, str, str], Edge]] = defaultdict(dict)
        for node, targets in wanted.items():
            _, other, edges = arcs._entries(np.asarray([node]), forward=True)
            for i in sorted(set(edges[np.isin(other, sorted(targets))].tolist())):
                e = self.edge(i)
                out[(e.source, e.target)][(e.source, e.type, e.target)] = e
                if not directed or e.type in sym:
                    out[(e.target, e.source)][(e.source, e.type, e.target)] = e
        return out

    def neighbourhood(
        self, actor_id: str, depth: int, filt: EdgeFilter, limit: int, edge_limit: int
    ) -> Subgraph:
        """The neighbourhood ``GraphStore.neighbourhood`` describes (arguments checked
        by the caller; ``edge_limit`` is the resolved cap, ``traversal.edge_cap``)."""
        nodes, edges, truncated = self._neighbourhood(actor_id, depth, filt, limit, edge_limit)
        return Subgraph(
            nodes=[n for n in (self.node(self.ids[i]) for i in nodes) if n is not None],
            edges=self.edges(edges),
            truncated=truncated,
            focus=actor_id,
        )

    def neighbourhood_json(
        self, actor_id: str, depth: int, filt: EdgeFilter, limit: int, edge_limit: int
    ) -> EncodedSubgraph:
        """``neighbourhood``, encoded from the JSON kept for each edge and actor."""
        nodes, edges, truncated = self._neighbourhood(actor_id, depth, filt, limit, edge_limit)
        return EncodedSubgraph(
            nodes=self.nodes_json(nodes),
            edges=self.edges_json(edges),
            truncated=truncated,
            focus=actor_id,
        )

    def _neighbourhood(
        self, actor_id: str, depth: int, filt: EdgeFilter, limit: int, edge_limit: int
    ) -> tuple[list[int], list[int], bool]:
        """Actor and relationship numbers of a neighbourhood, in answer order, and
        whether a cap cut it."""
        focus = self.index.get(actor_id)
        if focus is None:
            return [], [], False
        rings, cut_nodes = bfs_rings(focus, depth, limit, lambda f, v, c: self.ring(f, v, c, filt))
        # edges_among ranks as traversal.cap_edges does: cut, then list strongest first
        # (record.edge_order: weight, type, source, target; numbers sort like the names)
        ranked = self.edges_among(rings, edge_limit + 1, filt)
        kept = ranked[:edge_limit]
        kept = kept[
            np.lexsort((self.dst[kept], self.src[kept], self.type[kept], -self.weight[kept]))
        ]
        return list(rings), kept.tolist(), cut_nodes or ranked.size > edge_limit

    def paths(
        self,
        source: str,
        target: str,
        max_hops: int,
        filt: EdgeFilter,
        *,
        best_only: bool,
        directed: bool,
        symmetric: Iterable[str],
        k: int | None = None,
    ) -> list[GraphPath]:
        """The shortest paths (``best_only``: the first ``rank_paths`` ranks), as
        ``GraphStore.paths`` gives them in its ``shortest``/``all_shortest`` modes; with
        ``k``, its ``k`` mode (``best_only`` then plays no part)."""
        sym = sorted(set(symmetric))
        if k is not None:
            arcs = _Arcs(self, filt, directed, self._codes(sym))
            candidates = self._simple_paths(source, target, max_hops, arcs, k)
        else:
            candidates = self.shortest_paths(
                source,
                target,
                max_hops,
                filt,
                directed=directed,
                symmetric=sym,
                best_only=best_only,
            )
        hops = self.hops(candidates, filt, directed=directed, symmetric=sym)
        mode = "k" if k is not None else "shortest" if best_only else "all_shortest"
        ranked = rank_paths(
            candidates, lambda a, b: pick_strongest(hops[(a, b)].values()), mode, k or 1
        )
        out = []
        for nodes, edges in ranked:
            actors = [self.node(n) for n in nodes]
            out.append(GraphPath(nodes=[a for a in actors if a is not None], edges=edges))
        return out

    def _simple_paths(
        self, source: str, target: str, max_hops: int, arcs: _Arcs, k: int
    ) -> list[list[str]]:
        """Node sequences for ``rank_paths`` in its ``k`` mode: the ``k`` shortest simple
        paths of at most ``max_hops`` along ``arcs``, completed with every path as long
        as the k-th so the ranking (not the generator's tie order) decides which ones
        are kept."""
        if source not in self.index or target not in self.index or source == target:
            return []
        owner, other, _ = arcs._entries(np.arange(len(self.ids), dtype=np.int64), forward=True)
        view: nx.Graph = nx.DiGraph() if arcs.directed else nx.Graph()
        view.add_nodes_from(range(len(self.ids)))
        view.add_edges_from(zip(owner.tolist(), other.tolist(), strict=True))
        s, t = self.index[source], self.index[target]
        out: list[list[int]] = []
        try:
            for p in islice(nx.shortest_simple_paths(view, s, t), 10_000):
                if len(p) - 1 > max_hops or (len(out) >= k and len(p) > len(out[-1])):
                    break
                out.append(p)
        except nx.NetworkXNoPath:
            return []
        return [[self.ids[n] for n in p] for p in out]


class _Arcs:
    """The hops a path may take under one filter and direction rule."""

    def __init__(
        self, snap: Snapshot, filt: EdgeFilter, directed: bool, sym_codes: IntArray
    ) -> None:
        self.t = snap
        self.filt = filt
        self.directed = directed
        self.sym = sym_codes

    def _entries(self, nodes: IntArray, forward: bool) -> tuple[IntArray, IntArray, IntArray]:
        """(node, other end, relationship) for each usable hop leaving (``forward``) or
        entering ``nodes``."""
        t = self.t
        pos = _gather(t.inc_ptr, nodes)
        edges, other = t.inc_edge[pos], t.inc_other[pos]
        owner = np.repeat(nodes, t.inc_ptr[nodes + 1] - t.inc_ptr[nodes])
        keep = t._keep(edges, self.filt) & (other != owner)
        if self.directed:
            # leaving a node along a relationship means being its start node, unless
            # the type is symmetric; entering means being its end node
            along = (t.src[edges] == owner) if forward else (t.dst[edges] == owner)
            keep &= along | np.isin(t.type[edges], self.sym)
        return owner[keep], other[keep], edges[keep]

    def grow(
        self, frontier: IntArray, mine: IntArray, theirs: IntArray, level: int, forward: bool
    ) -> tuple[IntArray, IntArray]:
        """One BFS layer from ``frontier``: the actors first reached (their distance in
        ``mine`` set to ``level``), and those of them the other search has reached."""
        _, other, _ = self._entries(frontier, forward)
        reached = np.unique(other)
        reached = reached[mine[reached] < 0]
        mine[reached] = level
        return reached, reached[theirs[reached] >= 0]

    def between(self, sources: IntArray, targets: IntArray) -> dict[tuple[int, int], int]:
        """Hops from any of ``sources`` to any of ``targets``, with the strongest weight
        of each pair. Reads the links of whichever side has fewer: next to a hub, the
        other side is usually a handful of actors."""
        t = self.t
        if sources.size == 0 or targets.size == 0:
            return {}
        if int(t.degree[sources].sum()) <= int(t.degree[targets].sum()):
            owner, other, edges = self._entries(sources, forward=True)
            wanted = np.zeros(len(t.ids), dtype=np.bool_)
            wanted[targets] = True
            hit = wanted[other]
            pairs = zip(owner[hit].tolist(), other[hit].tolist(), strict=True)
        else:
            owner, other, edges = self._entries(targets, forward=False)
            wanted = np.zeros(len(t.ids), dtype=np.bool_)
            wanted[sources] = True
            hit = wanted[other]
            pairs = zip(other[hit].tolist(), owner[hit].tolist(), strict=True)
        best: dict[tuple[int, int], int] = {}
        for pair, w in zip(pairs, t.weight[edges[hit]].tolist(), strict=True):
            if w > best.get(pair, -1):
                best[pair] = w
        return best


def _best_path(
    s: int, t: int, links: Mapping[int, list[int]], weight: Mapping[tuple[int, int], int]
) -> list[int]:
    """The heaviest path from ``s`` to ``t`` in the DAG, then the smallest by node numbers
    (``rank_paths`` order among paths of one length)."""
    best: dict[int, int] = {t: 0}

    def value(v: int) -> int:
        # iterative post-order: the DAG is at most six layers deep but may be wide
        stack = [v]
        while stack:
            u = stack[-1]
            if u in best:
                stack.pop()
                continue
            pending = [x for x in links.get(u, []) if x not in best]
            if pending:
                stack.extend(pending)
                continue
            best[u] = max(weight[(u, x)] + best[x] for x in links[u])
            stack.pop()
        return best[v]

    value(s)
    path = [s]
    while path[-1] != t:
        u = path[-1]
        path.append(min(x for x in links[u] if weight[(u, x)] + best[x] == best[u]))
    return path


def _all_paths(s: int, t: int, links: Mapping[int, list[int]]) -> list[list[int]]:
    """Every path from ``s`` to ``t`` in the DAG (all of them have the same length)."""
    out: list[list[int]] = []
    stack: list[tuple[int, list[int]]] = [(s, [s])]
    while stack:
        v, path = stack.pop()
        if v == t:
            out.append(path)
            continue
        for u in links.get(v, []):
            stack.append((u, [*path, u]))
    return out
