"""Building a snapshot: the arrays, from export rows or from a ``Subgraph``.

The relationships as columns (``EDGE_COLUMNS``), numbered in input order; actors
numbered by sorted id; adjacency as compressed lists (CSR) both ways, and once more
under each relationship's end of lower degree; list values (predicates, modes...)
interned. The models the arrays stand for (``node``, ``edges``) and the edge filter on
them (``_keep``) are here too, so every reader of the arrays is in this module.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from graphkit.models import ActorNode, Edge, EdgeFilter, Subgraph
from graphkit.ontology import default_ontology
from graphkit.store import record

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# The columns of ``export_snapshot.cypher``, one list each, position i for relationship i.
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
    "articleCounts",
    "sourceCounts",
)

NO_DATE = -1
_NO_FILTER = EdgeFilter()


def day_number(value: date) -> int:
    """A date as the integer ``YYYYMMDD``: ordered like dates, and cheap for Cypher to
    compute (``export_snapshot`` sends dates this way; decoding date objects is slow)."""
    return value.year * 10000 + value.month * 100 + value.day


@functools.lru_cache(maxsize=1 << 16)
def _date(day: int) -> date | None:
    if day == NO_DATE:
        return None
    return date(day // 10000, day // 100 % 100, day % 100)


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


# ``record.COMPARE`` on arrays: (column, encoded bound) -> which entries pass.
_COMPARE: dict[str, Callable[[IntArray, Any], BoolArray]] = {
    "in": lambda column, codes: np.isin(column, codes),
    "not_in": lambda column, codes: ~np.isin(column, codes),
    "overlaps": lambda column, bits: (column & bits) != 0,
    "at_least": lambda column, bound: column >= bound,
    "unknown_or_at_least": lambda column, day: (column == NO_DATE) | (column >= day),
    "unknown_or_at_most": lambda column, day: (column == NO_DATE) | (column <= day),
}


def _lower_forms(props: Mapping[str, Any]) -> list[str]:
    """Look-up keys of an actor whose stored ones are absent (``from_subgraph``)."""
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


# The arrays of a snapshot, each with its dtype: what ``files`` writes and maps back.
# 32-bit numbers where they fit (node and relationship numbers, weights, days as
# YYYYMMDD), so a relationship costs about 80 bytes in all (CSR lists included).
ARRAY_DTYPES: dict[str, type[np.generic]] = {
    "src": np.int32,
    "dst": np.int32,
    "type": np.int16,
    "weight": np.int32,
    "first": np.int32,
    "last": np.int32,
    "articles": np.int32,
    "sources": np.int32,
    "negated": np.bool_,
    "predicates": np.int32,
    "modality_lists": np.int32,
    "modes": np.int32,
    "degree": np.int64,
    "inc_ptr": np.int64,
    "inc_edge": np.int32,
    "inc_other": np.int32,
    "inc_weight": np.int32,
    "up_ptr": np.int64,
    "up_edge": np.int32,
    "up_other": np.int32,
    "up_weight": np.int32,
}


def _encode(
    actors: Iterable[Mapping[str, Any]], edges: Mapping[str, Sequence[Any]]
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """The arrays (``ARRAY_DTYPES``) and the small JSON-able rest (actors, ids, type
    names, interned lists) of a snapshot of these actors and ``EDGE_COLUMNS``."""
    lengths = {name: len(edges[name]) for name in EDGE_COLUMNS}
    if len(set(lengths.values())) > 1:
        # collect() drops nulls: a relationship deleted while it was read leaves a gap
        raise ValueError(f"edge columns of unequal length: {lengths}")
    props = {a["id"]: dict(a) for a in actors}
    sources, targets = list(edges["sources"]), list(edges["targets"])
    ids = sorted(set(props) | set(sources) | set(targets))
    index = {node: i for i, node in enumerate(ids)}
    n, m = len(ids), len(sources)
    types = sorted(set(edges["types"]))
    type_code = {t: i for i, t in enumerate(types)}
    lists = _Interned()
    codes = lists.code

    def column(name: str, values: Iterable[Any]) -> npt.NDArray[Any]:
        return np.fromiter(values, ARRAY_DTYPES[name], m)

    a: dict[str, npt.NDArray[Any]] = {
        "src": column("src", (index[x] for x in sources)),
        "dst": column("dst", (index[x] for x in targets)),
        "type": column("type", (type_code[t] for t in edges["types"])),
        "weight": column("weight", (int(w or 0) for w in edges["weights"])),
        "first": column("first", (NO_DATE if d is None else d for d in edges["firstSeen"])),
        "last": column("last", (NO_DATE if d is None else d for d in edges["lastSeen"])),
        "articles": column("articles", (int(x or 0) for x in edges["articleCounts"])),
        "sources": column("sources", (int(x or 0) for x in edges["sourceCounts"])),
        "negated": column("negated", (bool(x) for x in edges["negated"])),
        "predicates": column("predicates", (codes(x) for x in edges["predicates"])),
        "modality_lists": column("modality_lists", (codes(x) for x in edges["modalities"])),
        "modes": column("modes", (codes(x) for x in edges["modes"])),
    }
    src, dst, weight = a["src"].astype(np.int64), a["dst"].astype(np.int64), a["weight"]
    # both directions, for rings and undirected paths: entry i is (node, other, edge)
    both = np.concatenate([src, dst])
    a["inc_ptr"], order = _csr(both, n)
    a["inc_edge"] = np.concatenate([np.arange(m), np.arange(m)])[order].astype(np.int32)
    a["inc_other"] = np.concatenate([dst, src])[order].astype(np.int32)
    a["inc_weight"] = weight[a["inc_edge"]]
    a["degree"] = degree = np.bincount(both, minlength=n).astype(np.int64)
    # For edges among a set: each relationship listed once, under its end of lower
    # degree. A hub's list then holds only its links to bigger hubs, so the edges
    # among a hub-heavy neighbourhood are found without reading the hubs' thousands
    # of links to the long tail (the degree ordering of triangle counting).
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    low_is_src = rank[src] <= rank[dst]
    low = np.where(low_is_src, src, dst)
    a["up_ptr"], up_edge = _csr(low, n)
    a["up_edge"] = up_edge.astype(np.int32)
    a["up_other"] = np.where(low_is_src, dst, src)[up_edge].astype(np.int32)
    a["up_weight"] = weight[up_edge]
    used = np.unique(a["modality_lists"]).tolist()
    modalities = sorted({x for c in used for x in lists.values[c]})
    meta = {
        "actors": list(props.values()),
        "ids": ids,
        "types": types,
        "lists": [list(v) for v in lists.values],
        "modalities": modalities,
    }
    return a, meta


class SnapshotArrays:
    """Actors and aggregated relationships as arrays; nodes numbered by sorted id.

    The data of a ``Snapshot`` and the models read back from it; ``encode`` adds the
    JSON, ``traverse`` the neighbourhoods and paths.

    Numbering by sorted id makes "then by id" tie-breaks a comparison of integers.
    It never changes once built, so concurrent readers need no lock (the arrays may be
    read-only maps of a file, ``files``). Evidence and articles are not in it: they
    stay in the store.

    Args:
        actors: every actor's stored properties (``id``, ``name``, ``kind``...).
        edges: the columns ``EDGE_COLUMNS`` name, dates as ``YYYYMMDD`` ints or None.
        stamp: what the store compares to tell whether the snapshot is current.
    """

    def __init__(
        self, actors: Iterable[Mapping[str, Any]], edges: Mapping[str, Sequence[Any]], stamp: Any
    ) -> None:
        arrays, meta = _encode(actors, edges)
        self._attach(arrays, meta, stamp)
        # kept for ``parts`` (writing the files); a mapped snapshot keeps none of it
        self._meta: Mapping[str, Any] | None = meta

    @classmethod
    def from_parts(
        cls, arrays: Mapping[str, npt.NDArray[Any]], meta: Mapping[str, Any], stamp: Any
    ) -> Self:
        """A snapshot of arrays and metadata made before (``parts``), e.g. mapped from
        the file another process wrote."""
        snap = cls.__new__(cls)
        snap._attach(arrays, meta, stamp)
        snap._meta = None
        return snap

    def parts(self) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
        """The arrays (``ARRAY_DTYPES``) and the JSON-able rest, as ``from_parts`` takes
        (of a snapshot built here: one made ``from_parts`` keeps no actor properties).

        Raises:
            ValueError: this snapshot was made ``from_parts``.
        """
        if self._meta is None:
            raise ValueError("a snapshot made from parts has none to give")
        return {name: getattr(self, name) for name in ARRAY_DTYPES}, dict(self._meta)

    def _attach(
        self, arrays: Mapping[str, npt.NDArray[Any]], meta: Mapping[str, Any], stamp: Any
    ) -> None:
        """Take ``arrays`` as they are (never copied, so a file's map stays shared) and
        make the per-actor look-ups; nothing per relationship is made here."""
        self.stamp = stamp
        self.src: IntArray = arrays["src"]
        self.dst: IntArray = arrays["dst"]
        self.type: IntArray = arrays["type"]
        self.weight: IntArray = arrays["weight"]
        self.first: IntArray = arrays["first"]
        self.last: IntArray = arrays["last"]
        self.articles: IntArray = arrays["articles"]
        self.sources: IntArray = arrays["sources"]
        self.negated: BoolArray = arrays["negated"]
        self.predicates: IntArray = arrays["predicates"]
        self.modality_lists: IntArray = arrays["modality_lists"]
        self.modes: IntArray = arrays["modes"]
        self.degree: IntArray = arrays["degree"]
        self.inc_ptr: IntArray = arrays["inc_ptr"]
        self.inc_edge: IntArray = arrays["inc_edge"]
        self.inc_other: IntArray = arrays["inc_other"]
        self.inc_weight: IntArray = arrays["inc_weight"]
        self.up_ptr: IntArray = arrays["up_ptr"]
        self.up_edge: IntArray = arrays["up_edge"]
        self.up_other: IntArray = arrays["up_other"]
        self.up_weight: IntArray = arrays["up_weight"]
        self.size = int(self.src.size)
        self.least_weight = int(self.weight.min()) if self.size else 0
        self.ids: list[str] = list(meta["ids"])
        self.index: dict[str, int] = {node: i for i, node in enumerate(self.ids)}
        self.types: list[str] = list(meta["types"])
        self._list_values: list[tuple[str, ...]] = [tuple(v) for v in meta["lists"]]
        # one bit per modality name, so "any of these modalities" is a bitwise and; the
        # mask of each interned list, looked up per relationship when a filter asks
        self.modalities: list[str] = list(meta["modalities"])
        if len(self.modalities) > 62:
            raise ValueError(f"{len(self.modalities)} modality names; at most 62 fit a mask")
        bit = {name: 1 << i for i, name in enumerate(self.modalities)}
        self._list_mask = np.asarray(
            [sum(bit.get(x, 0) for x in set(v)) for v in self._list_values] or [0],
            dtype=np.int64,
        )
        # Per actor only what answers need, made once: its JSON (an ``ActorNode`` is
        # made from it when asked: pydantic models cost about 1 kB each, in every
        # worker), the lower-cased id and name that rank look-ups, and the look-up keys.
        degree = self.degree.tolist()
        self._node_bytes: dict[int, bytes] = {}
        self._lows: dict[str, tuple[str, str]] = {}
        # lower-cased id, name and aliases -> actors, as merge_actors.cypher keys them
        self._lookup: dict[str, list[str]] = defaultdict(list)
        for props in meta["actors"]:
            actor_id = props["id"]
            node = record.actor_node(props, degree[self.index[actor_id]])
            self._node_bytes[self.index[actor_id]] = node.__pydantic_serializer__.to_json(node)
            self._lows[actor_id] = (
                props.get("idLower") or str(actor_id).strip().lower(),
                props.get("nameLower") or str(props.get("name") or "").strip().lower(),
            )
            forms = props.get("aliasesLower") or _lower_forms(props)
            for form in dict.fromkeys(forms):
                self._lookup[form].append(actor_id)

    # ---------------------------------------------------------------- answers
    def node(self, actor_id: str) -> ActorNode | None:
        """The actor with its degree, as ``find_actors.cypher`` gives it; None if unknown."""
        number = self.index.get(actor_id)
        data = None if number is None else self._node_bytes.get(number)
        return None if data is None else ActorNode.model_validate_json(data)

    def resolve(self, ref: str) -> ActorNode | None:
        """The actor ``ref`` names, as ``GraphStore.resolve_actor`` finds it: exact and
        case-insensitive, id before name before alias, then the best connected."""
        low = ref.strip().lower()
        found = self._lookup.get(low)
        if not low or not found:
            return None

        def rank(actor_id: str) -> tuple[int, int, str]:
            id_low, name_low = self._lows[actor_id]
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

    def edges(self, numbers: Sequence[int]) -> list[Edge]:
        """Relationships ``numbers`` as ``Edge``s, made together (each column read once)."""
        at = np.asarray(numbers, dtype=np.int64)
        lists, ids, types = self._list_values, self.ids, self.types
        label = default_ontology().label
        out = []
        for (
            src,
            dst,
            type_code,
            weight,
            preds,
            mods,
            modes,
            negated,
            first,
            last,
            arts,
            outs,
        ) in zip(
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
            self.articles[at].tolist(),
            self.sources[at].tolist(),
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
                    articles=arts,
                    sources=outs,
                )
            )
        return out

    # ------------------------------------------------------------- filters
    def _keep(self, edges: IntArray, filt: EdgeFilter) -> BoolArray:
        """Which of ``edges`` pass ``filt``: the rules of ``record.FILTER_RULES``, read
        on the arrays (``record.passes`` reads them on property maps)."""
        keep = np.ones(edges.size, dtype=np.bool_)
        if self._unfiltered(filt):
            return keep
        for field, prop, comparison in record.FILTER_RULES:
            bound = getattr(filt, field)
            if bound is not None:
                keep &= _COMPARE[comparison](self._column(prop, edges), self._bound(prop, bound))
        return keep

    def _column(self, prop: str, edges: IntArray) -> IntArray:
        """The values at ``edges`` of a relationship property ``FILTER_RULES`` names,
        encoded as ``_bound`` encodes the filter's side."""
        if prop == "modalities":
            return self._list_mask[self.modality_lists[edges]]
        columns = {
            "type": self.type,
            "weight": self.weight,
            "sources": self.sources,
            "firstSeen": self.first,
            "lastSeen": self.last,
        }
        return columns[prop][edges]

    def _bound(self, prop: str, bound: Any) -> Any:
        """A filter's bound in the encoding of ``_column(prop)``: type codes, a modality
        bit mask, ``YYYYMMDD`` days."""
        if prop == "type":
            return self._codes(bound)
        if prop == "modalities":
            return sum(1 << i for i, m in enumerate(self.modalities) if m in set(bound))
        if prop in ("firstSeen", "lastSeen"):
            return day_number(bound)
        return bound

    def _unfiltered(self, filt: EdgeFilter) -> bool:
        """Whether ``filt`` lets every relationship through."""
        return filt == _NO_FILTER and self.least_weight >= filt.min_weight

    def _codes(self, names: Iterable[str]) -> IntArray:
        wanted = set(names)
        return np.asarray([i for i, t in enumerate(self.types) if t in wanted], dtype=np.int64)

    @classmethod
    def from_subgraph(cls, graph: Subgraph, stamp: Any = None) -> Self:
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
                    e.articles,
                    e.sources,
                ),
                strict=True,
            ):
                columns[name].append(value)
        actors = [n.model_dump(exclude={"degree"}) for n in graph.nodes]
        return cls(actors, columns, stamp)
