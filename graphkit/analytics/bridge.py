"""Bridges: the links and actors that hold the graph, or two blocs, together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import networkx as nx

from graphkit.analytics.community import _describe, _partition
from graphkit.analytics.graph import (
    DEFAULT_SEED,
    _split,
    _subgraph,
    _top,
    betweenness_pivots,
    to_weighted_graph,
)
from graphkit.analytics.report import BridgeActor, BridgeEdge, BridgeReport
from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import EdgeFilter, Subgraph

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore


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
