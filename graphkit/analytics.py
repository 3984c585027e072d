"""Network analytics over graphs exported from a store: centrality, communities, bridges.

Every function takes either a ``Subgraph`` (already exported) or a ``GraphStore`` plus an
``EdgeFilter`` (exported here with ``store.export(filt)``), so the CLI and the API make one
call each. Answers are pydantic models, serialisable with ``model_dump(mode="json")``.

Graph construction choices, and why:

* ``to_networkx`` keeps everything: a ``MultiDiGraph`` with one edge per aggregated
  relationship, keyed by relation type, carrying every ``Edge`` field.
* ``to_weighted_graph`` collapses types and directions into one weighted link per actor pair
  (weight = pieces of evidence). Edges whose every piece of evidence is negated ("has avoided
  making any accusations") are left out by default: they say the link does *not* exist.
  With ``directed=True``, symmetric relations (``ALLY_OF``, ``CONSULT`` ...) point both ways,
  because the store keeps them once, in id order, which says nothing about direction.
* Betweenness counts hops, not weights: a path of well-evidenced links is not "shorter".
  PageRank and Louvain use the evidence weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

import networkx as nx
from networkx.algorithms.community import louvain_communities, modularity
from pydantic import BaseModel, Field

from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import EdgeFilter, Subgraph
from graphkit.ontology import default_ontology

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

CentralityMeasure = Literal["degree", "strength", "betweenness", "pagerank"]
MEASURES: tuple[str, ...] = ("degree", "strength", "betweenness", "pagerank")
DEFAULT_SEED = 42
# Exact betweenness runs one BFS per actor: O(actors x links). Past this many edge visits
# it samples source actors instead (seeded, so answers stay reproducible) and says so.
BETWEENNESS_BUDGET = 1_000_000
MIN_PIVOTS = 50
T = TypeVar("T")


# ------------------------------------------------------------------- answers


class CentralityRow(BaseModel):
    """One actor's centrality scores."""

    rank: int
    id: str
    name: str
    kind: str
    degree: int = Field(description="distinct neighbours in the filtered graph")
    strength: int = Field(description="pieces of evidence on the actor's links")
    degree_centrality: float
    betweenness: float
    pagerank: float


class CentralityReport(BaseModel):
    """The top actors by one centrality measure."""

    measure: str
    nodes: int
    edges: int
    betweenness_sources: int = Field(
        default=0, description="actors betweenness was computed from (all of them unless sampled)"
    )
    approximate: bool = Field(default=False, description="betweenness was estimated from a sample")
    rows: list[CentralityRow] = Field(default_factory=list)


class Community(BaseModel):
    """One community found by Louvain, members strongest first."""

    index: int
    size: int
    members: list[str]
    names: list[str]
    internal_weight: int = Field(description="evidence on links inside the community")


class CommunityReport(BaseModel):
    """A partition of the actors into communities."""

    algorithm: str = "louvain"
    seed: int
    resolution: float
    modularity: float
    nodes: int
    edges: int
    communities: list[Community] = Field(default_factory=list)


class BridgeEdge(BaseModel):
    """A link that connects two communities (or two blocs)."""

    source: str
    target: str
    source_name: str
    target_name: str
    types: list[str]
    weight: int
    betweenness: float = Field(description="edge betweenness (between the blocs, in bloc mode)")
    is_bridge: bool = Field(description="removing it disconnects its component")
    communities: list[int] = Field(default_factory=list)


class BridgeActor(BaseModel):
    """An actor that connects communities (or lies between two blocs)."""

    id: str
    name: str
    kind: str
    betweenness: float
    communities: list[int] = Field(
        default_factory=list, description="communities its neighbours belong to"
    )
    articulation: bool = Field(description="removing it disconnects its component")


class BridgeReport(BaseModel):
    """Links and actors that hold communities, or two given blocs, together."""

    mode: Literal["communities", "blocs"]
    bloc_a: list[str] = Field(default_factory=list)
    bloc_b: list[str] = Field(default_factory=list)
    communities: list[Community] = Field(default_factory=list)
    approximate: bool = Field(default=False, description="betweenness was estimated from a sample")
    edges: list[BridgeEdge] = Field(default_factory=list)
    actors: list[BridgeActor] = Field(default_factory=list)


# ------------------------------------------------------------------ helpers


def _split(items: Iterable[str] | None) -> list[str] | None:
    if items is None:
        return None
    out = [part.strip() for item in items for part in str(item).split(",") if part.strip()]
    return out or None


def _subgraph(source: Subgraph | GraphStore, filt: EdgeFilter | None) -> Subgraph:
    if isinstance(source, Subgraph):
        return source
    return source.export(filt)


# ----------------------------------------------------------- graph builders


def to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """Every actor and aggregated relationship, as stored (one edge per type, keyed by it).

    Node attributes are the ``ActorNode`` fields; edge attributes the ``Edge`` fields.
    """
    g = nx.MultiDiGraph()
    for node in subgraph.nodes:
        g.add_node(node.id, **node.model_dump(exclude={"id"}))
    for edge in subgraph.edges:
        for end in (edge.source, edge.target):
            if end not in g:
                # an export names both ends of every edge; be lenient with partial subgraphs
                g.add_node(end, name=end, kind="unknown")
        g.add_edge(edge.source, edge.target, key=edge.type, **edge.model_dump())
    return g


def to_weighted_graph(
    subgraph: Subgraph, *, directed: bool = False, include_negated: bool = False
) -> nx.Graph:
    """One weighted link per actor pair: ``weight`` sums evidence, ``types`` lists the types.

    Args:
        subgraph: what to convert.
        directed: build a ``DiGraph``; symmetric relation types then point both ways.
        include_negated: keep edges whose every piece of evidence is negated.
    """
    onto = default_ontology()
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for node in subgraph.nodes:
        g.add_node(node.id, name=node.name, kind=node.kind)
    for edge in subgraph.edges:
        if edge.negated and not include_negated:
            continue
        if edge.source == edge.target:
            continue  # self-loops say nothing about how actors connect
        pairs = [(edge.source, edge.target)]
        if directed and onto.is_symmetric(edge.type):
            pairs.append((edge.target, edge.source))
        for u, v in pairs:
            for end in (u, v):
                if end not in g:
                    g.add_node(end, name=end, kind="unknown")
            if g.has_edge(u, v):
                data = g[u][v]
                data["weight"] += edge.weight
                if edge.type not in data["types"]:
                    data["types"].append(edge.type)
            else:
                g.add_edge(u, v, weight=edge.weight, types=[edge.type])
    return g


# --------------------------------------------------------------- centrality


def centrality(
    source: Subgraph | GraphStore,
    filt: EdgeFilter | None = None,
    *,
    by: str = "pagerank",
    top: int = 10,
) -> CentralityReport:
    """The ``top`` actors by a centrality measure, with all measures alongside.

    Args:
        source: a subgraph, or a store to export one from (with ``filt``).
        filt: edge filter for the export.
        by: ``degree``, ``strength`` (evidence-weighted degree), ``betweenness`` or
            ``pagerank``.
        top: how many rows to return (``0`` for all).

    Raises:
        ValidationError: on an unknown measure or a negative ``top``.
    """
    if by not in MEASURES:
        raise ValidationError(f"unknown centrality measure {by!r}; expected one of {MEASURES}")
    if top < 0:
        raise ValidationError(f"top must be 0 (all) or positive, got {top}")
    sub = _subgraph(source, filt)
    g = to_weighted_graph(sub)
    report = CentralityReport(measure=by, nodes=g.number_of_nodes(), edges=g.number_of_edges())
    if g.number_of_nodes() == 0:
        return report
    degree_c = nx.degree_centrality(g) if g.number_of_nodes() > 1 else dict.fromkeys(g, 0.0)
    pivots = betweenness_pivots(g)
    betweenness = nx.betweenness_centrality(g, k=pivots, normalized=True, seed=DEFAULT_SEED)
    report.betweenness_sources = pivots or g.number_of_nodes()
    report.approximate = pivots is not None
    pagerank = _pagerank(sub)
    strength = dict(g.degree(weight="weight"))
    scores: dict[str, dict[str, float]] = {
        "degree": {n: float(d) for n, d in g.degree()},
        "strength": {n: float(s) for n, s in strength.items()},
        "betweenness": betweenness,
        "pagerank": pagerank,
    }
    key = scores[by]
    # ties broken by the other measures, then by id, so the order is stable
    ordered = sorted(
        g.nodes,
        key=lambda n: (-key[n], -pagerank.get(n, 0.0), -strength[n], n),
    )
    if top:
        ordered = ordered[:top]
    for rank, n in enumerate(ordered, start=1):
        attrs = g.nodes[n]
        report.rows.append(
            CentralityRow(
                rank=rank,
                id=n,
                name=str(attrs.get("name", n)),
                kind=str(attrs.get("kind", "")),
                degree=int(g.degree(n)),
                strength=int(strength[n]),
                degree_centrality=round(degree_c[n], 6),
                betweenness=round(betweenness[n], 6),
                pagerank=round(pagerank.get(n, 0.0), 6),
            )
        )
    return report


def betweenness_pivots(g: nx.Graph, budget: int | None = None) -> int | None:
    """How many source actors to sample for betweenness, or None for the exact answer.

    Exact betweenness costs about actors x links edge visits; when that exceeds
    ``budget``, sample ``budget / links`` sources (at least ``MIN_PIVOTS``).
    """
    budget = BETWEENNESS_BUDGET if budget is None else budget
    n, m = g.number_of_nodes(), max(g.number_of_edges(), 1)
    if n * m <= budget:
        return None
    k = max(MIN_PIVOTS, budget // m)
    return None if k >= n else int(k)


def _pagerank(sub: Subgraph) -> dict[str, float]:
    """Evidence-weighted PageRank on the directed graph: being supported, aided, allied counts."""
    dg = to_weighted_graph(sub, directed=True)
    if dg.number_of_nodes() == 0:
        return {}
    return dict(nx.pagerank(dg, weight="weight"))


# -------------------------------------------------------------- communities


def communities(
    source: Subgraph | GraphStore,
    filt: EdgeFilter | None = None,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    min_size: int = 1,
) -> CommunityReport:
    """Louvain communities on the evidence-weighted undirected graph, largest first.

    Args:
        source: a subgraph, or a store to export one from (with ``filt``).
        filt: edge filter for the export.
        seed: random seed, so the same graph always gives the same partition.
        resolution: above 1 favours smaller communities, below 1 larger ones.
        min_size: leave out communities smaller than this (isolated actors are size 1).

    Raises:
        ValidationError: on a non-positive resolution.
    """
    if resolution <= 0:
        raise ValidationError(f"resolution must be positive, got {resolution}")
    g = to_weighted_graph(_subgraph(source, filt))
    parts = _partition(g, seed, resolution)
    report = CommunityReport(
        seed=seed,
        resolution=resolution,
        modularity=round(_modularity(g, parts), 6),
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        communities=[c for c in _describe(g, parts) if c.size >= min_size],
    )
    return report


def _partition(g: nx.Graph, seed: int, resolution: float) -> list[set[str]]:
    if g.number_of_nodes() == 0:
        return []
    if g.number_of_edges() == 0:
        return [{n} for n in g.nodes]
    found = louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    # largest first, then by smallest member id: a stable numbering for the same partition
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def _modularity(g: nx.Graph, parts: list[set[str]]) -> float:
    if g.number_of_edges() == 0 or not parts:
        return 0.0
    return float(modularity(g, parts, weight="weight"))


def _describe(g: nx.Graph, parts: list[set[str]]) -> list[Community]:
    strength = dict(g.degree(weight="weight"))
    out = []
    for index, members in enumerate(parts):
        ordered = sorted(members, key=lambda n: (-strength[n], n))
        internal = g.subgraph(members).size(weight="weight")
        out.append(
            Community(
                index=index,
                size=len(members),
                members=ordered,
                names=[str(g.nodes[n].get("name", n)) for n in ordered],
                internal_weight=int(internal),
            )
        )
    return out


# ------------------------------------------------------------------ bridges


def bridges(
    source: Subgraph | GraphStore,
    filt: EdgeFilter | None = None,
    *,
    bloc_a: Sequence[str] | None = None,
    bloc_b: Sequence[str] | None = None,
    top: int = 10,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    store: GraphStore | None = None,
) -> BridgeReport:
    """What holds the graph together: links and actors between communities or two blocs.

    Without blocs, the graph is split into Louvain communities and the answer lists the
    links running between communities (by edge betweenness) and the actors whose
    neighbours span several communities (by betweenness). With ``bloc_a`` and ``bloc_b``
    (actor ids, names or aliases), it lists the links and actors on the shortest paths from
    one bloc to the other, scored by betweenness restricted to those paths.

    Every edge and actor also says whether removing it alone disconnects the graph
    (``nx.bridges`` / articulation points of the undirected graph).

    ``store`` resolves bloc members the exported subgraph does not name (when
    ``source`` is a subgraph already exported from it).

    Raises:
        ValidationError: if only one bloc is given, or they overlap, or ``top`` < 0.
        UnknownActor: if a bloc member is not in the graph.
    """
    if (bloc_a is None) != (bloc_b is None):
        raise ValidationError("give both blocs (bloc_a and bloc_b) or neither")
    if top < 0:
        raise ValidationError(f"top must be 0 (all) or positive, got {top}")
    sub = _subgraph(source, filt)
    if not isinstance(source, Subgraph):
        store = source
    g = to_weighted_graph(sub)
    cut_edges = {frozenset(e) for e in nx.bridges(g)} if g.number_of_edges() else set()
    cut_nodes = set(nx.articulation_points(g)) if g.number_of_edges() else set()

    if bloc_a is not None and bloc_b is not None:
        a = _resolve_bloc(bloc_a, sub, store)
        b = _resolve_bloc(bloc_b, sub, store)
        overlap = sorted(set(a) & set(b))
        if overlap:
            raise ValidationError(f"the blocs overlap: {', '.join(overlap)}")
        return _bloc_bridges(g, a, b, cut_edges, cut_nodes, top)

    parts = _partition(g, seed, resolution)
    member_of = {n: i for i, c in enumerate(parts) for n in c}
    pivots = betweenness_pivots(g)
    edge_b = (
        nx.edge_betweenness_centrality(g, k=pivots, normalized=True, seed=seed)
        if g.number_of_edges()
        else {}
    )
    node_b = (
        nx.betweenness_centrality(g, k=pivots, normalized=True, seed=seed)
        if g.number_of_nodes()
        else {}
    )
    edges = []
    for (u, v), score in edge_b.items():
        if member_of[u] == member_of[v]:
            continue
        comms = sorted((member_of[u], member_of[v]))
        edges.append(_bridge_edge(g, u, v, score, cut_edges, comms))
    actors = []
    for n in g.nodes:
        touched = sorted({member_of[m] for m in g.neighbors(n)} | {member_of[n]})
        if len(touched) < 2:
            continue
        actors.append(_bridge_actor(g, n, node_b[n], cut_nodes, touched))
    return BridgeReport(
        mode="communities",
        approximate=pivots is not None,
        communities=_describe(g, parts),
        edges=_top(sorted(edges, key=lambda e: (-e.betweenness, -e.weight, e.source)), top),
        actors=_top(sorted(actors, key=lambda x: (-x.betweenness, x.id)), top),
    )


def _bloc_bridges(
    g: nx.Graph,
    a: list[str],
    b: list[str],
    cut_edges: set[frozenset[str]],
    cut_nodes: set[str],
    top: int,
) -> BridgeReport:
    edge_b = nx.edge_betweenness_centrality_subset(g, sources=a, targets=b, normalized=False)
    node_b = nx.betweenness_centrality_subset(g, sources=a, targets=b, normalized=False)
    side = {n: 0 for n in a} | {n: 1 for n in b}
    edges = [
        _bridge_edge(g, u, v, score, cut_edges, sorted({side.get(u, -1), side.get(v, -1)} - {-1}))
        for (u, v), score in edge_b.items()
        if score > 0
    ]
    actors = [
        _bridge_actor(g, n, score, cut_nodes, [])
        for n, score in node_b.items()
        if score > 0 and n not in side
    ]
    return BridgeReport(
        mode="blocs",
        bloc_a=a,
        bloc_b=b,
        edges=_top(sorted(edges, key=lambda e: (-e.betweenness, -e.weight, e.source)), top),
        actors=_top(sorted(actors, key=lambda x: (-x.betweenness, x.id)), top),
    )


def _bridge_edge(
    g: nx.Graph,
    u: str,
    v: str,
    score: float,
    cut_edges: set[frozenset[str]],
    comms: list[int],
) -> BridgeEdge:
    u, v = sorted((u, v))
    data = g[u][v]
    return BridgeEdge(
        source=u,
        target=v,
        source_name=str(g.nodes[u].get("name", u)),
        target_name=str(g.nodes[v].get("name", v)),
        types=sorted(data["types"]),
        weight=int(data["weight"]),
        betweenness=round(float(score), 6),
        is_bridge=frozenset((u, v)) in cut_edges,
        communities=comms,
    )


def _bridge_actor(
    g: nx.Graph, n: str, score: float, cut_nodes: set[str], comms: list[int]
) -> BridgeActor:
    return BridgeActor(
        id=n,
        name=str(g.nodes[n].get("name", n)),
        kind=str(g.nodes[n].get("kind", "")),
        betweenness=round(float(score), 6),
        communities=comms,
        articulation=n in cut_nodes,
    )


def _top(items: list[T], top: int) -> list[T]:
    return items[:top] if top else items


def _resolve_bloc(refs: Sequence[str], sub: Subgraph, store: GraphStore | None) -> list[str]:
    """Actor ids for ``refs`` (ids, names or aliases), each present in the graph."""
    refs = _split(refs) or []
    if not refs:
        raise ValidationError("a bloc needs at least one actor")
    by_key: dict[str, str] = {}
    for node in sub.nodes:
        for label in (node.id, node.name, *node.aliases):
            by_key.setdefault(label.casefold(), node.id)
    present = {node.id for node in sub.nodes} | {
        end for e in sub.edges for end in (e.source, e.target)
    }
    out: list[str] = []
    for ref in refs:
        actor_id = by_key.get(ref.casefold())
        if actor_id is None and store is not None:
            found = store.resolve_actor(ref)
            actor_id = found.id if found else None
        if actor_id is None or actor_id not in present:
            raise UnknownActor(ref, _suggest(ref, sub))
        if actor_id not in out:
            out.append(actor_id)
    return out


def _suggest(ref: str, sub: Subgraph, limit: int = 3) -> list[str]:
    from rapidfuzz import process

    choices = {n.id: f"{n.name} ({n.id})" for n in sub.nodes}
    labels = {n.id: n.name for n in sub.nodes}
    hits = process.extract(ref, labels, limit=limit, score_cutoff=60)
    return [choices[key] for _, _, key in hits]
