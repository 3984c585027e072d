"""How long network analytics take, against baselines measured in the same run.

Builds a seeded random actor graph (``small``: 300 actors / 1,200 relations,
``large``: 3,000 / 12,000) and times, with the median of a few repetitions:

* ``graph``: ``analytics.to_weighted_graph`` alone (the baseline every analysis pays);
* ``centrality``, ``communities``, ``bridges``: the full ``graphkit.analytics`` answers;
* ``exact_betweenness``: networkx's exact betweenness on the same graph, to show what
  the sampling past ``BETWEENNESS_BUDGET`` saves (and, in ``overlap_top10``, how many of
  the exact top-10 actors the sampled ranking keeps).

Usage: ``python bench/bench_analytics.py [--size small|large]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
from benchlib import print_results

from graphkit import analytics
from graphkit.models import ActorNode, Edge, Subgraph

SIZES = {"small": (300, 1_200, 3), "large": (3_000, 12_000, 1)}  # actors, relations, reps
TYPES = ["SUPPORT", "AID", "COOPERATE", "ACCUSE", "THREATEN", "ALLY_OF", "CONSULT"]


def synthetic(n_nodes: int, n_edges: int, seed: int = 11) -> Subgraph:
    """A random graph with a few hubs (preferential attachment), typed weighted edges."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n_nodes, max(1, n_edges // n_nodes), seed=seed)
    nodes = [ActorNode(id=f"A{i}", name=f"Actor {i}", kind="state") for i in base.nodes]
    edges = [
        Edge(
            source=f"A{min(u, v)}",
            target=f"A{max(u, v)}",
            type=rng.choice(TYPES),
            predicate="p",
            weight=rng.randint(1, 6),
        )
        for u, v in base.edges
    ]
    return Subgraph(nodes=nodes, edges=edges)


def _median_seconds(fn: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(size: str = "small") -> dict[str, Any]:
    """Time the analytics for ``size`` and return the figures."""
    n_nodes, n_edges, reps = SIZES[size]
    sub = synthetic(n_nodes, n_edges)
    g = analytics.to_weighted_graph(sub)
    base_s = _median_seconds(lambda: analytics.to_weighted_graph(sub), reps)
    cent_s = _median_seconds(lambda: analytics.centrality(sub, by="betweenness"), reps)
    comm_s = _median_seconds(lambda: analytics.communities(sub), reps)
    bridge_s = _median_seconds(lambda: analytics.bridges(sub), reps)
    exact_s = _median_seconds(lambda: nx.betweenness_centrality(g), 1)
    report = analytics.centrality(sub, by="betweenness", top=10)
    exact = nx.betweenness_centrality(g)
    exact_top = {n for n, _ in sorted(exact.items(), key=lambda kv: -kv[1])[:10]}
    return {
        "actors": g.number_of_nodes(),
        "links": g.number_of_edges(),
        "graph_ms": round(base_s * 1000, 1),
        "centrality_s": round(cent_s, 2),
        "communities_s": round(comm_s, 2),
        "bridges_s": round(bridge_s, 2),
        "centrality_vs_graph": round(cent_s / base_s, 1),
        "communities_vs_graph": round(comm_s / base_s, 1),
        "bridges_vs_graph": round(bridge_s / base_s, 1),
        "betweenness_sampled": report.approximate,
        "betweenness_sources": report.betweenness_sources,
        "exact_betweenness_s": round(exact_s, 2),
        "centrality_vs_exact_betweenness": round(cent_s / exact_s, 2),
        "overlap_top10": len(exact_top & {r.id for r in report.rows}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    out = run(args.size)
    print_results(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
