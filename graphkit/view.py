"""Views: read the graph (``graphkit.query``), then draw it (``graphkit.render``).

The one place a view touches the store: ``graphkit.render`` takes data and returns HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from graphkit import query
from graphkit.models import ActorNode, Edge, EdgeFilter, EvidenceRecord, Subgraph
from graphkit.models import Path as GraphPath
from graphkit.render.network import (
    DATES_PER_EDGE,
    EVIDENCE_PER_EDGE,
    MAX_NODES,
    cap_nodes,
    edge_key,
)
from graphkit.render.page import render_subgraph
from graphkit.store.base import GraphStore

MAX_EVIDENCE_EDGES = 1200  # evidence is one store round trip per edge: bound them


def collect_evidence(
    store: GraphStore, edges: Iterable[Edge], per_edge: int = EVIDENCE_PER_EDGE
) -> dict[str, list[EvidenceRecord]]:
    """Fetch up to ``per_edge`` pieces of evidence for each edge, keyed by edge key.

    Uses ``GraphStore.evidence_many``, which Neo4j answers in one round trip.
    """
    unique: dict[str, tuple[str, str, str]] = {}
    for e in edges:
        unique.setdefault(edge_key(e), (e.source, e.type, e.target))
    return store.evidence_many(list(unique.values()), limit=per_edge)


def collect_dates(
    store: GraphStore, edges: Iterable[Edge], per_edge: int = DATES_PER_EDGE
) -> dict[str, tuple[int, list[date]]]:
    """The evidence dates of the edges (for the time slicer), in one store round trip."""
    unique = {edge_key(e): (e.source, e.type, e.target) for e in edges}
    return store.evidence_dates(list(unique.values()), per_edge)


def paths_subgraph(paths: Iterable[GraphPath]) -> Subgraph:
    """The union of some paths' nodes and edges, in path order."""
    nodes: dict[str, ActorNode] = {}
    edges: dict[str, Edge] = {}
    for path in paths:
        for n in path.nodes:
            nodes.setdefault(n.id, n)
        for e in path.edges:
            edges.setdefault(edge_key(e), e)
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()))


def view_neighbourhood(
    store: GraphStore,
    ref: str,
    depth: int = 1,
    filt: EdgeFilter | None = None,
    limit: int = 100,
    *,
    link_base: str | None = None,
    evidence_link: str | None = None,
    evidence_per_edge: int = EVIDENCE_PER_EDGE,
) -> str:
    """The interactive page of an actor's neighbourhood (what ``/view/actors/{actor}`` serves).

    Raises:
        UnknownActor: ``ref`` resolves to no actor (with suggestions).
        ValidationError: ``depth`` or ``limit`` out of bounds.
    """

    sub = query.neighbourhood(store, ref, depth=depth, filt=filt, limit=limit)
    focus = sub.focus
    # fetch evidence only for the edges the node cap keeps: one store round trip each
    _kept, drawn = cap_nodes(sub.nodes, sub.edges, [focus] if focus else [], MAX_NODES)
    evidence = collect_evidence(store, drawn[:MAX_EVIDENCE_EDGES], evidence_per_edge)
    dates = collect_dates(store, drawn[:MAX_EVIDENCE_EDGES])
    name = next((n.name for n in sub.nodes if n.id == focus), ref)
    hops = "hop" if depth == 1 else "hops"
    return render_subgraph(
        sub,
        evidence,
        title=f"{name}: neighbourhood ({depth} {hops})",
        focus=focus,
        note=filter_note(filt),
        link_base=link_base,
        evidence_link=evidence_link,
        dates=dates,
    )


def view_paths(
    store: GraphStore,
    from_ref: str,
    to_ref: str,
    max_hops: int = 4,
    mode: str = "shortest",
    k: int = 3,
    filt: EdgeFilter | None = None,
    directed: bool = False,
    *,
    link_base: str | None = None,
    evidence_link: str | None = None,
    evidence_per_edge: int = EVIDENCE_PER_EDGE,
) -> str:
    """The interactive page of the paths between two actors (what ``/view/paths`` serves).

    Raises:
        UnknownActor: an end resolves to no actor.
        ValidationError: a parameter is out of bounds.
    """

    answer = query.find_paths(
        store, from_ref, to_ref, max_hops=max_hops, mode=mode, k=k, filt=filt, directed=directed
    )
    sub = paths_subgraph(answer.paths)
    if not sub.nodes:
        sub.nodes = [answer.source, answer.target]
    evidence = collect_evidence(store, sub.edges, evidence_per_edge)
    dates = collect_dates(store, sub.edges)
    n = len(answer.paths)
    if n:
        hops = sorted({p.hops for p in answer.paths})
        span = f"{hops[0]}" if len(hops) == 1 else f"{hops[0]}–{hops[-1]}"
        note = f"{n} path{'s' if n != 1 else ''} of {span} hop{'s' if hops[-1] != 1 else ''}."
    else:
        note = f"No path within {max_hops} hops with these filters."
    extra = filter_note(filt)
    return render_subgraph(
        sub,
        evidence,
        title=f"Paths: {answer.source.name} → {answer.target.name}",
        focus=[answer.source.id, answer.target.id],
        note=f"{note} {extra}" if extra else note,
        link_base=link_base,
        evidence_link=evidence_link,
        paths=answer.paths,
        dates=dates,
    )


def filter_note(filt: EdgeFilter | None) -> str | None:
    """A short human description of the filters applied, or ``None``."""
    if filt is None:
        return None
    bits: list[str] = []
    if filt.types:
        bits.append("types " + ", ".join(filt.types))
    if filt.exclude_types:
        bits.append("without " + ", ".join(filt.exclude_types))
    if filt.modality:
        bits.append("modality " + ", ".join(filt.modality))
    if filt.since:
        bits.append(f"since {filt.since.isoformat()}")
    if filt.until:
        bits.append(f"until {filt.until.isoformat()}")
    if filt.min_weight > 1:
        bits.append(f"at least {filt.min_weight} pieces of evidence")
    if filt.min_sources:
        bits.append(f"reported by at least {filt.min_sources} sources")
    return ("Filtered: " + "; ".join(bits) + ".") if bits else None
