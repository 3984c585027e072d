"""Communities: Louvain partitions of the weighted actor graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
from networkx.algorithms.community import louvain_communities, modularity

from graphkit.analytics.graph import DEFAULT_SEED, _subgraph, to_weighted_graph
from graphkit.analytics.report import Community, CommunityReport
from graphkit.errors import ValidationError
from graphkit.models import EdgeFilter, Subgraph

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore


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
