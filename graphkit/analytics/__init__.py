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

The package: ``report`` (the answer models), ``graph`` (the networkx graphs and the
betweenness budget), ``centrality``, ``community`` and ``bridge``.
"""

from __future__ import annotations

from graphkit.analytics.bridge import bridges
from graphkit.analytics.centrality import centrality
from graphkit.analytics.community import communities
from graphkit.analytics.graph import (
    BETWEENNESS_BUDGET,
    DEFAULT_SEED,
    MIN_PIVOTS,
    betweenness_pivots,
    to_networkx,
    to_weighted_graph,
)
from graphkit.analytics.report import (
    MEASURES,
    BridgeActor,
    BridgeEdge,
    BridgeReport,
    CentralityMeasure,
    CentralityReport,
    CentralityRow,
    Community,
    CommunityReport,
)

__all__ = [
    "BETWEENNESS_BUDGET",
    "DEFAULT_SEED",
    "MEASURES",
    "MIN_PIVOTS",
    "BridgeActor",
    "BridgeEdge",
    "BridgeReport",
    "CentralityMeasure",
    "CentralityReport",
    "CentralityRow",
    "Community",
    "CommunityReport",
    "betweenness_pivots",
    "bridges",
    "centrality",
    "communities",
    "to_networkx",
    "to_weighted_graph",
]
