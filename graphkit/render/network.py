"""The graph half of a view: styles, labels and the pyvis network a page draws."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from pyvis.network import Network

from graphkit.models import ActorNode, Edge, EvidenceRecord, Subgraph
from graphkit.ontology import Ontology, default_ontology
from graphkit.store.base import rel_key

MAX_NODES = 300  # beyond this a browser view stops being readable and gets slow to lay out
EVIDENCE_PER_EDGE = 5  # sentences shown per edge; the API's evidence endpoint has the rest
LABELS_UP_TO = 150  # more edges than this and labels start with the toggle off
DATES_PER_EDGE = 2000  # evidence dates per edge for the time slicer; older ones by first seen
MAX_EDGE_WIDTH = 8.0

KIND_STYLE: dict[str, tuple[str, str]] = {
    # kind -> (fill colour, shape); shapes repeat the colour's meaning for colour-blind readers
    "state": ("#4e79a7", "dot"),
    "organization": ("#76b7b2", "hexagon"),
    "person": ("#edc948", "triangle"),
    "group": ("#9c755f", "diamond"),
    "body": ("#a0cbe8", "square"),
}
UNKNOWN_KIND = ("#bab0ac", "dot")
FOCUS_COLOUR = {"background": "#ff6f3c", "border": "#1f1f1f"}

FAMILY_STYLE: dict[str, tuple[str, str]] = {
    # family -> (label, colour)
    "verbal_cooperation": ("verbal cooperation", "#59a14f"),
    "material_cooperation": ("material cooperation", "#1b5e20"),
    "verbal_conflict": ("verbal conflict", "#f28e2b"),
    "material_conflict": ("material conflict", "#c62828"),
    "standing": ("standing relation", "#8c8c8c"),
}


# ------------------------------------------------------------------ labels


def edge_key(edge: Edge) -> str:
    """The key the stores give an aggregated edge (``source|TYPE|target``)."""
    return rel_key(edge.source, edge.type, edge.target)


def edge_label(edge: Edge, ontology: Ontology | None = None) -> str:
    """The label drawn on an edge: predicate (or noun) plus modality when not asserted.

    ``ALLY_OF`` + ``speculated`` reads "alliance speculated"; an event reads
    "requests briefing (reported)"; negated evidence adds "negated".
    """
    onto = ontology or default_ontology()
    modality = edge.modality or "asserted"
    qualifiers: list[str] = []
    if edge.type in onto.standing:
        noun = onto.standing[edge.type].get("noun")
        if modality != "asserted" and noun:
            base = f"{noun} {modality}"
        else:
            base = onto.label(edge.type)
            if modality != "asserted":
                qualifiers.append(modality)
    else:
        base = edge.predicate or onto.label(edge.type)
        if modality != "asserted":
            qualifiers.append(modality)
    if edge.negated:
        qualifiers.append("negated")
    return f"{base} ({', '.join(qualifiers)})" if qualifiers else base


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def corroboration(edge: Edge) -> str | None:
    """How widely an edge is reported, for its tooltip and details panel: "reported by 4
    sources in 9 articles"; None for an edge without counts (written by an older graphkit
    and not filled in)."""
    if edge.articles <= 0:
        return None
    articles = _count(edge.articles, "article")
    if edge.sources <= 0:
        return f"reported in {articles} (outlet unknown)"
    return f"reported by {_count(edge.sources, 'source')} in {articles}"


def safe_url(url: str | None) -> str | None:
    """Keep a link only if it is http(s); ``javascript:`` and friends are dropped."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


# ------------------------------------------------------------------ building


def _focus_ids(focus: str | Sequence[str] | None, subgraph: Subgraph) -> list[str]:
    if focus is None:
        focus = subgraph.focus
    if focus is None:
        return []
    return [focus] if isinstance(focus, str) else list(focus)


def cap_nodes(
    nodes: list[ActorNode], edges: list[Edge], focus: list[str], cap: int
) -> tuple[list[ActorNode], list[Edge]]:
    """Keep ``cap`` nodes: the focus first, then the stores' order (nearest, strongest)."""
    if len(nodes) <= cap:
        return nodes, edges
    by_id = {n.id: n for n in nodes}
    kept: dict[str, ActorNode] = {f: by_id[f] for f in focus if f in by_id}
    for n in nodes:
        if len(kept) >= cap:
            break
        kept.setdefault(n.id, n)
    return list(kept.values()), [e for e in edges if e.source in kept and e.target in kept]


def _node_size(degree: int) -> float:
    return round(min(12 + 5 * math.sqrt(max(degree, 0)), 42), 1)


def _smooth(edges: list[Edge]) -> dict[str, dict[str, object]]:
    """Curvature per edge so parallel edges between one pair fan out instead of overlapping.

    Edges of a pair alternate sides with growing roundness. ``curvedCW`` bends
    relative to the edge's own direction, so a reversed edge takes ``curvedCCW`` to
    land on the same side as its forward twin.
    """
    groups: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in edges:
        groups[(min(e.source, e.target), max(e.source, e.target))].append(e)
    out: dict[str, dict[str, object]] = {}
    for (lo, _hi), group in groups.items():
        group.sort(key=lambda e: (e.type, e.source))
        for i, e in enumerate(group):
            side_cw = i % 2 == 0
            if e.source != lo:
                side_cw = not side_cw
            roundness = 0.12 + 0.18 * (i // 2) if len(group) > 1 else 0.08
            out[edge_key(e)] = {
                "enabled": True,
                "type": "curvedCW" if side_cw else "curvedCCW",
                "roundness": round(min(roundness, 0.9), 2),
            }
    return out


def _evidence_json(records: Iterable[EvidenceRecord]) -> list[dict[str, object]]:
    return [
        {
            "sentence": r.sentence,
            "trigger": r.trigger,
            "modality": r.modality,
            "negated": r.negated,
            "confidence": round(r.confidence, 2),
            "title": r.article_title or r.article_id,
            "url": safe_url(r.article_url),
            "published": r.published.isoformat() if r.published else None,
        }
        for r in records
    ]


def build_network(
    subgraph: Subgraph,
    evidence: Mapping[str, Sequence[EvidenceRecord]] | None = None,
    *,
    focus: str | Sequence[str] | None = None,
    max_nodes: int = MAX_NODES,
    evidence_per_edge: int = EVIDENCE_PER_EDGE,
) -> tuple[Network, dict[str, Any]]:
    """Lay the subgraph out as a pyvis ``Network`` plus the metadata the page needs.

    Returns:
        The network (vis node/edge dicts and options) and a dict with per-node and
        per-edge details (tooltip fields, evidence), ``shown``/``total`` node counts.
    """
    onto = default_ontology()
    evidence = evidence or {}
    focus_ids = _focus_ids(focus, subgraph)
    nodes, edges = cap_nodes(subgraph.nodes, subgraph.edges, focus_ids, max_nodes)
    node_ids = {n.id for n in nodes}
    edges = [e for e in edges if e.source in node_ids and e.target in node_ids]

    local_degree: dict[str, int] = defaultdict(int)
    for e in edges:
        local_degree[e.source] += 1
        local_degree[e.target] += 1

    # directed=True: pyvis drops a second edge between the same pair when undirected
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    node_info: dict[str, dict[str, object]] = {}
    for n in nodes:
        colour, shape = KIND_STYLE.get(n.kind, UNKNOWN_KIND)
        degree = n.degree or local_degree[n.id]
        is_focus = n.id in focus_ids
        style: dict[str, Any] = {
            "shape": shape,
            "color": {"background": colour, "border": "#3b3b3b"},
            "size": 44 if is_focus else _node_size(degree),
            "borderWidth": 4 if is_focus else 1,
            "font": {"size": 20 if is_focus else 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        }
        if is_focus:
            style["color"] = dict(FOCUS_COLOUR)
            if len(focus_ids) == 1:
                # a lone focus sits still in the middle while the layout settles around it;
                # the page unpins it afterwards so it can be dragged
                style.update(x=0, y=0, fixed={"x": True, "y": True})
        net.add_node(n.id, label=n.name, **style)
        node_info[n.id] = {
            "name": n.name,
            "kind": n.kind,
            "country": n.country,
            "sector": n.sector,
            "wikidata": n.wikidata,
            "aliases": n.aliases[:10],
            "degree": degree,
            "focus": is_focus,
        }

    smooth = _smooth(edges)
    edge_info: dict[str, dict[str, object]] = {}
    for e in edges:
        key = edge_key(e)
        family = onto.family(e.type)
        standing = family == "standing"
        family_label, colour = FAMILY_STYLE.get(family, FAMILY_STYLE["standing"])
        symmetric = onto.is_symmetric(e.type)
        asserted = (e.modality or "asserted") == "asserted"
        # width grows with the log of the evidence; the page's time slicer redraws it with
        # the same base and step from the count in its range
        width_base, width_step = (0.8, 0.8) if standing else (1.5, 1.2)
        width = width_base + width_step * math.log2(max(e.weight, 1))
        arrow_type = "vee" if standing else "arrow"
        label = edge_label(e, onto)
        net.add_edge(
            e.source,
            e.target,
            id=key,
            label=label,
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            width=round(min(width, MAX_EDGE_WIDTH), 2),
            dashes=[2, 6] if e.negated else (not asserted and [8, 6]),
            arrows={"to": {"enabled": not symmetric, "type": arrow_type, "scaleFactor": 0.7}},
            smooth=smooth[key],
            font={"size": 11, "color": "#333333", "strokeWidth": 3, "align": "middle"},
        )
        records = list(evidence.get(key, []))[:evidence_per_edge]
        edge_info[key] = {
            "source": e.source,
            "target": e.target,
            "type": e.type,
            "family": family,
            "familyLabel": family_label,
            "symmetric": symmetric,
            "label": label,
            "modality": e.modality,
            "modalities": e.modalities or [e.modality or "asserted"],
            "negated": e.negated,
            "weight": e.weight,
            "articles": e.articles,
            "sources": e.sources,
            "corroboration": corroboration(e),
            "modes": e.modes,
            "firstSeen": e.first_seen.isoformat() if e.first_seen else None,
            "lastSeen": e.last_seen.isoformat() if e.last_seen else None,
            "evidence": _evidence_json(records),
            "widthBase": width_base,
            "widthStep": width_step,
        }

    net.options = _options(len(nodes))
    meta = {
        "nodes": node_info,
        "edges": edge_info,
        "shown": len(nodes),
        "total": len(subgraph.nodes),
        "focus": focus_ids,
    }
    return net, meta


def _options(n_nodes: int) -> dict[str, object]:
    """vis-network options: settle with physics, then freeze (the page turns physics off)."""
    return {
        "autoResize": True,
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n_nodes > 150,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                # strong repulsion and long springs: parallel edges and their labels
                # need room between the pair they join
                "gravitationalConstant": -160,
                "centralGravity": 0.008,
                "springLength": 230,
                "springConstant": 0.04,
                "avoidOverlap": 0.6,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 400 if n_nodes <= 100 else 150,
                "updateInterval": 25,
                "fit": True,
            },
        },
        # a fixed seed: the same answer is laid out the same way on every load
        "layout": {"randomSeed": 20241028, "improvedLayout": n_nodes <= 150},
        "edges": {"selectionWidth": 2, "hoverWidth": 1},
        "nodes": {"scaling": {"label": {"enabled": False}}},
    }
