"""A read-only snapshot of actors and aggregated relationships, in numpy arrays.

Depth-2 neighbourhoods and shortest paths on a news graph run through hub actors
(states, alliances) with tens of thousands of relationships each. Cypher's slotted
runtime reads those one by one, a few microseconds each: close to a second per query
at 10k actors and 500k relationships, and the Python driver then decodes every row it
returns. Here the same work is a handful of vectorised operations over compressed
adjacency lists (CSR): a few milliseconds.

``Neo4jStore`` builds one from two export queries and uses it only while it matches
the graph (a version stamp every graphkit write changes, read at most every 100 ms). The
rules are those of ``traversal`` and of the Cypher files, so the answers are the same:
``ring`` is ``expand_neighbours.cypher``, ``edges_among`` is
``find_edges_among.cypher``, and ``shortest_paths`` yields the candidates
``traversal.rank_paths`` ranks. Evidence and articles are not in it.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from graphkit.models import ActorNode, Edge, EdgeFilter, EncodedSubgraph, Subgraph
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.traversal import bfs_rings, pick_strongest, rank_paths

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# The columns of ``export_topology.cypher``, one list each, position i for relationship i.
EDGE_COLUMNS = (
    "sources",
    "targets",
    "types",
    "weights",
    "predicates",
    "modalities",
    "modes",
    "negated",
    "firstSeen",
    "lastSeen",
)

NO_DATE = -1
# Edges kept as JSON per snapshot, about 400 bytes each. Bytes, not models: a cache of
# models churned by a graph bigger than it kept Python's full garbage collections
# busy, 0.3 s each at 100k edges, and those pauses made the slowest answers.
EDGE_JSON_CACHE = 200_000
_NO_FILTER = EdgeFilter()


def day_number(value: date) -> int:
    """A date as the integer ``YYYYMMDD``: ordered like dates, and cheap for Cypher to
    compute (``export_topology`` sends dates this way; decoding date objects is slow)."""
    return value.year * 10000 + value.month * 100 + value.day


@functools.lru_cache(maxsize=1 << 16)
def _date(day: int) -> date | None:
    if day == NO_DATE:
        return None
    return date(day // 10000, day // 100 % 100, day % 100)


def _json(model: BaseModel) -> bytes:
    return model.__pydantic_serializer__.to_json(model)


def _gather(ptr: IntArray, nodes: IntArray) -> IntArray:
    """Positions of the CSR slices ``ptr[n]:ptr[n+1]`` of every node, concatenated."""
    starts, ends = ptr[nodes], ptr[nodes + 1]
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(lens) + lens, lens)
    return offsets + np.arange(total, dtype=np.int64)


def _csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """``(ptr, order)``: entries sorted by ``keys`` (stable), sliced per key 0..n-1."""
    order = np.argsort(keys, kind="stable").astype(np.int64)
    counts = np.bincount(keys, minlength=n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr, order


def _lower_forms(props: Mapping[str, Any]) -> list[str]:
    """Look-up keys of an actor whose stored ones are absent (``Topology.from_subgraph``)."""
    forms = [props.get("id"), props.get("name"), *(props.get("aliases") or [])]
    return [str(f).strip().lower() for f in forms if f and str(f).strip()]


class _Interned:
    """Distinct list values (predicates, modes...) stored once, referred to by number."""

    def __init__(self) -> None:
        self.values: list[tuple[str, ...]] = []
        self._code: dict[tuple[str, ...], int] = {}

    def code(self, value: Sequence[str] | None) -> int:
        key = tuple(value or ())
        found = self._code.get(key)
        if found is None:
            found = self._code[key] = len(self.values)
            self.values.append(key)
        return found


class Topology:
    """Actors and aggregated relationships as arrays; nodes numbered by sorted id.

    Numbering by sorted id makes "then by id" tie-breaks a comparison of integers.
    It never changes once built, so concurrent readers need no lock. Evidence and
    articles are not in it: they stay in the store.

    Args:
        actors: every actor's stored properties (``id``, ``name``, ``kind``...).
        edges: the columns ``EDGE_COLUMNS`` name, dates as ``YYYYMMDD`` ints or None.
        stamp: what the store compares to tell whether the snapshot is current.
    """

    def __init__(
        self, actors: Iterable[Mapping[str, Any]], edges: Mapping[str, Sequence[Any]], stamp: Any
    ) -> None:
        self.stamp = stamp
        lengths = {name: len(edges[name]) for name in EDGE_COLUMNS}
        if len(set(lengths.values())) > 1:
            # collect() drops nulls: a relationship deleted while it was read leaves a gap
            raise ValueError(f"edge columns of unequal length: {lengths}")
        self.props: dict[str, Mapping[str, Any]] = {a["id"]: a for a in actors}
        sources, targets = list(edges["sources"]), list(edges["targets"])
        self.ids: list[str] = sorted(set(self.props) | set(sources) | set(targets))
        self.index: dict[str, int] = {node: i for i, node in enumerate(self.ids)}
        n, m = len(self.ids), len(sources)
        self.size = m
        self.types: list[str] = sorted(set(edges["types"]))
        type_code = {t: i for i, t in enumerate(self.types)}
        self.src = np.fromiter((self.index[x] for x in sources), np.int64, m)
        self.dst = np.fromiter((self.index[x] for x in targets), np.int64, m)
        self.type = np.fromiter((type_code[t] for t in edges["types"]), np.int64, m)
        self.weight = np.fromiter((int(w or 0) for w in edges["weights"]), np.int64, m)
        self.first = np.fromiter(
            (NO_DATE if d is None else d for d in edges["firstSeen"]), np.int64, m
        )
        self.last = np.fromiter(
            (NO_DATE if d is None else d for d in edges["lastSeen"]), np.int64, m
        )
        self.least_weight = int(self.weight.min()) if m else 0
        self.negated = np.fromiter((bool(x) for x in edges["negated"]), np.bool_, m)
        self._lists = _Interned()
        codes = self._lists.code
        self.predicates = np.fromiter((codes(x) for x in edges["predicates"]), np.int64, m)
        self.modality_lists = np.fromiter((codes(x) for x in edges["modalities"]), np.int64, m)
        self.modes = np.fromiter((codes(x) for x in edges["modes"]), np.int64, m)
        # one bit per modality name, so "any of these modalities" is a bitwise and
        used = np.unique(self.modality_lists).tolist()
        self.modalities: list[str] = sorted({x for c in used for x in self._lists.values[c]})
        if len(self.modalities) > 62:
            raise ValueError(f"{len(self.modalities)} modality names; at most 62 fit a mask")
        bit = {name: 1 << i for i, name in enumerate(self.modalities)}
        list_mask = np.zeros(max(len(self._lists.values), 1), dtype=np.int64)
        for c in used:
            list_mask[c] = sum(bit[x] for x in set(self._lists.values[c]))
        self.modmask = list_mask[self.modality_lists]
        # both directions, for rings and undirected paths: entry i is (node, other, edge)
        both = np.concatenate([self.src, self.dst])
        self.inc_ptr, order = _csr(both, n)
        self.inc_edge = np.concatenate([np.arange(m), np.arange(m)])[order]
        self.inc_other = np.concatenate([self.dst, self.src])[order]
        self.inc_weight = self.weight[self.inc_edge]
        self.degree = np.bincount(both, minlength=n)
        # For edges among a set: each relationship listed once, under its end of lower
        # degree. A hub's list then holds only its links to bigger hubs, so the edges
        # among a hub-heavy neighbourhood are found without reading the hubs' thousands
        # of links to the long tail (the degree ordering of triangle counting).
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((np.arange(n), self.degree))] = np.arange(n)
        low_is_src = rank[self.src] <= rank[self.dst]
        low = np.where(low_is_src, self.src, self.dst)
        self.up_ptr, self.up_edge = _csr(low, n)
        self.up_other = np.where(low_is_src, self.dst, self.src)[self.up_edge]
        self.up_weight = self.weight[self.up_edge]
        self._edge_json: dict[int, bytes] = {}
        # every actor's node and its JSON now: a few bytes each, and made once
        degree = self.degree.tolist()
        self._actors: dict[str, ActorNode] = {
            actor_id: record.actor_node(props, degree[self.index[actor_id]])
            for actor_id, props in self.props.items()
        }
        self._node_json: dict[int, bytes] = {
            self.index[actor_id]: _json(node) for actor_id, node in self._actors.items()
        }
        # lower-cased id, name and aliases -> actors, as merge_actors.cypher keys them
        self._lookup: dict[str, list[str]] = defaultdict(list)
        for actor_id, props in self.props.items():
            forms = props.get("aliasesLower") or _lower_forms(props)
            for form in dict.fromkeys(forms):
                self._lookup[form].append(actor_id)

    # ---------------------------------------------------------------- answers
    def node(self, actor_id: str) -> ActorNode | None:
        """The actor with its degree, as ``find_actors.cypher`` gives it; None if unknown."""
        return self._actors.get(actor_id)

    def resolve(self, ref: str) -> ActorNode | None:
        """The actor ``ref`` names, as ``GraphStore.resolve_actor`` finds it: exact and
        case-insensitive, id before name before alias, then the best connected."""
        low = ref.strip().lower()
        found = self._lookup.get(low)
        if not low or not found:
            return None

        def rank(actor_id: str) -> tuple[int, int, str]:
            props = self.props[actor_id]
            id_low = props.get("idLower") or str(props["id"]).strip().lower()
            name_low = props.get("nameLower") or str(props.get("name") or "").strip().lower()
            exact = 0 if id_low == low else 1 if name_low == low else 2
            return (exact, -int(self.degree[self.index[actor_id]]), actor_id)

        return self.node(min(found, key=rank))

    def actor_edges(self, actor_id: str, limit: int) -> list[Edge]:
        """The actor's relationships, strongest first (``find_actor_edges.cypher``)."""
        node = self.index.get(actor_id)
        if node is None or limit <= 0:
            return []
        edges = np.unique(self.inc_edge[self.inc_ptr[node] : self.inc_ptr[node + 1]])
        # type codes follow sorted type names, node numbers sorted ids: both rank as text
        order = np.lexsort(
            (self.dst[edges], self.src[edges], self.type[edges], -self.weight[edges])
        )
        return self.edges(edges[order[:limit]].tolist())

    def edge(self, i: int) -> Edge:
        """Relationship ``i`` as an ``Edge``: what ``record.edge`` makes of the stored
        properties."""
        return self.edges([i])[0]

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
        known = self._node_json
        return b"[" + b",".join([known[i] for i in numbers if i in known]) + b"]"

    def edges(self, numbers: Sequence[int]) -> list[Edge]:
        """Relationships ``numbers`` as ``Edge``s, made together (each column read once)."""
        at = np.asarray(numbers, dtype=np.int64)
        lists, ids, types = self._lists.values, self.ids, self.types
        label = default_ontology().label
        out = []
        for src, dst, type_code, weight, preds, mods, modes, negated, first, last in zip(
            self.src[at].tolist(),
            self.dst[at].tolist(),
            self.type[at].tolist(),
            self.weight[at].tolist(),
            self.predicates[at].tolist(),
            self.modality_lists[at].tolist(),
            self.modes[at].tolist(),
            self.negated[at].tolist(),
            self.first[at].tolist(),
            self.last[at].tolist(),
            strict=True,
        ):
            rel_type = types[type_code]
            predicates = list(lists[preds])
            modalities = list(lists[mods])
            out.append(
                Edge(
                    source=ids[src],
                    target=ids[dst],
                    type=rel_type,
                    predicate=predicates[0] if predicates else label(rel_type),
                    predicates=predicates,
                    modes=list(lists[modes]),
                    modalities=modalities,
                    modality=modalities[0] if modalities else "asserted",
                    negated=negated,
                    weight=weight,
                    first_seen=_date(first),
                    last_seen=_date(last),
                )
            )
        return out

    # ------------------------------------------------------------- filters
    def _keep(self, edges: IntArray, filt: EdgeFilter) -> BoolArray:
        """Which of ``edges`` pass ``filt`` (``record.passes`` and the Cypher filters)."""
        if self._unfiltered(filt):
            return np.ones(edges.size, dtype=np.bool_)
        keep = self.weight[edges] >= filt.min_weight
        if filt.types is not None:
            keep &= np.isin(self.type[edges], self._codes(filt.types))
        if filt.exclude_types is not None:
            keep &= ~np.isin(self.type[edges], self._codes(filt.exclude_types))
        if filt.modality is not None:
            bits = sum(1 << i for i, m in enumerate(self.modalities) if m in set(filt.modality))
            keep &= (self.modmask[edges] & bits) != 0
        if filt.since is not None:
            last = self.last[edges]
            keep &= (last == NO_DATE) | (last >= day_number(filt.since))
        if filt.until is not None:
            first = self.first[edges]
            keep &= (first == NO_DATE) | (first <= day_number(filt.until))
        return keep

    def _unfiltered(self, filt: EdgeFilter) -> bool:
        """Whether ``filt`` lets every relationship through."""
        return filt == _NO_FILTER and self.least_weight >= filt.min_weight

    def _codes(self, names: Iterable[str]) -> IntArray:
        wanted = set(names)
        return np.asarray([i for i, t in enumerate(self.types) if t in wanted], dtype=np.int64)

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
    ) -> list[GraphPath]:
        """The shortest paths (``best_only``: the first ``rank_paths`` ranks), as
        ``GraphStore.paths`` gives them in its ``shortest``/``all_shortest`` modes."""
        sym = sorted(set(symmetric))
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
        mode = "shortest" if best_only else "all_shortest"
        ranked = rank_paths(candidates, lambda a, b: pick_strongest(hops[(a, b)].values()), mode, 1)
        out = []
        for nodes, edges in ranked:
            actors = [self.node(n) for n in nodes]
            out.append(GraphPath(nodes=[a for a in actors if a is not None], edges=edges))
        return out

    @classmethod
    def from_subgraph(cls, graph: Subgraph, stamp: Any = None) -> Topology:
        """A snapshot of an exported graph (``GraphStore.export()``): every node and edge."""
        columns: dict[str, list[Any]] = {name: [] for name in EDGE_COLUMNS}
        for e in graph.edges:
            for name, value in zip(
                EDGE_COLUMNS,
                (
                    e.source,
                    e.target,
                    e.type,
                    e.weight,
                    e.predicates,
                    e.modalities,
                    e.modes,
                    e.negated,
                    day_number(e.first_seen) if e.first_seen else None,
                    day_number(e.last_seen) if e.last_seen else None,
                ),
                strict=True,
            ):
                columns[name].append(value)
        actors = [n.model_dump(exclude={"degree"}) for n in graph.nodes]
        return cls(actors, columns, stamp)


class _Arcs:
    """The hops a path may take under one filter and direction rule."""

    def __init__(
        self, topo: Topology, filt: EdgeFilter, directed: bool, sym_codes: IntArray
    ) -> None:
        self.t = topo
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
