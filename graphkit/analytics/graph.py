"""The networkx graphs analytics run on, and the budget of exact betweenness."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

import networkx as nx

from graphkit.models import EdgeFilter, Subgraph
from graphkit.ontology import default_ontology

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

DEFAULT_SEED = 42
# Exact betweenness runs one BFS per actor: O(actors x links). Past this many edge visits
# it samples source actors instead (seeded, so answers stay reproducible) and says so.
BETWEENNESS_BUDGET = 1_000_000
MIN_PIVOTS = 50
T = TypeVar("T")


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


def _top(items: list[T], top: int) -> list[T]:
    return items[:top] if top else items
