"""Centrality: degree, strength, betweenness and PageRank of every actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from graphkit.analytics.graph import (
    DEFAULT_SEED,
    _subgraph,
    betweenness_pivots,
    to_weighted_graph,
)
from graphkit.analytics.report import MEASURES, CentralityReport, CentralityRow
from graphkit.errors import ValidationError
from graphkit.models import EdgeFilter, Subgraph

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore


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


def _pagerank(sub: Subgraph) -> dict[str, float]:
    """Evidence-weighted PageRank on the directed graph: being supported, aided, allied counts."""
    dg = to_weighted_graph(sub, directed=True)
    if dg.number_of_nodes() == 0:
        return {}
    return dict(nx.pagerank(dg, weight="weight"))
