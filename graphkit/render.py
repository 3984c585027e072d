"""Interactive HTML views of neighbourhoods and paths, built with pyvis and vis-network.

A view is one self-contained HTML page: vis-network's JS and CSS (vendored in
``graphkit/static``) are inlined, so the page works with no internet access and
references no external URL.

Safety: text from articles never reaches the page as markup. The Jinja template
autoescapes every string it prints; the graph data travels as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and the JS line
separators escaped as ``\\uXXXX`` (so ``</script>`` in an article cannot end the
block); and the browser code builds tooltips and the details panel with
``textContent`` only, never ``innerHTML``. Article links are kept only when their
scheme is http(s), so a ``javascript:`` URL cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from graphkit.models import ActorNode, Edge, EdgeFilter, EvidenceRecord, Subgraph
from graphkit.models import Path as GraphPath
from graphkit.ontology import Ontology, default_ontology
from graphkit.store.base import GraphStore, rel_key

STATIC_DIR = Path(__file__).resolve().parent / "static"

MAX_NODES = 300  # beyond this a browser view stops being readable and gets slow to lay out
EVIDENCE_PER_EDGE = 5  # sentences shown per edge; the API's evidence endpoint has the rest
LABELS_UP_TO = 150  # more edges than this and labels start with the toggle off
MAX_EVIDENCE_EDGES = 1200  # evidence is one store round trip per edge: bound them

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


def safe_url(url: str | None) -> str | None:
    """Keep a link only if it is http(s); ``javascript:`` and friends are dropped."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc. so text such as
    ``</script>`` or ``<!--`` cannot end or confuse the element; U+2028/2029 are
    escaped because older JS engines treat them as line ends.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# ------------------------------------------------------------------ assets


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str]:
    """vis-network JS/CSS and graphkit's own JS/CSS, read once per process."""
    read = lambda name: (STATIC_DIR / name).read_text(encoding="utf-8")  # noqa: E731
    return (
        read("vis-network.min.js"),
        read("vis-network.css"),
        read("view.js"),
        read("view.css"),
    )


def script_hash(source: str) -> str:
    """The CSP source expression (``'sha256-…'``) allowing one inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_csp(*scripts: str) -> str:
    """A Content-Security-Policy that lets only ``scripts`` run and nothing load from outside.

    Pages carry it in a ``<meta>`` element, so even a saved file refuses any script
    that escaping might have let through.
    """
    hashes = " ".join(script_hash(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'self'"
    )


@lru_cache(maxsize=1)
def _view_csp() -> str:
    vis_js, _vis_css, view_js, _view_css = _assets()
    return page_csp(vis_js, view_js)


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(STATIC_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("view.html")


# ------------------------------------------------------------------ building


def _focus_ids(focus: str | Sequence[str] | None, subgraph: Subgraph) -> list[str]:
    if focus is None:
        focus = subgraph.focus
    if focus is None:
        return []
    return [focus] if isinstance(focus, str) else list(focus)


def _cap_nodes(
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
    nodes, edges = _cap_nodes(subgraph.nodes, subgraph.edges, focus_ids, max_nodes)
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
        width = (0.8 if standing else 1.5) + (0.8 if standing else 1.2) * math.log2(
            max(e.weight, 1)
        )
        arrow_type = "vee" if standing else "arrow"
        label = edge_label(e, onto)
        net.add_edge(
            e.source,
            e.target,
            id=key,
            label=label,
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            width=round(min(width, 8), 2),
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
            "modes": e.modes,
            "firstSeen": e.first_seen.isoformat() if e.first_seen else None,
            "lastSeen": e.last_seen.isoformat() if e.last_seen else None,
            "evidence": _evidence_json(records),
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


# ------------------------------------------------------------------ pages


def render_subgraph(
    subgraph: Subgraph,
    evidence: Mapping[str, Sequence[EvidenceRecord]] | None = None,
    *,
    title: str,
    focus: str | Sequence[str] | None = None,
    note: str | None = None,
    link_base: str | None = None,
    evidence_link: str | None = None,
    paths: Sequence[GraphPath] = (),
    max_nodes: int = MAX_NODES,
) -> str:
    """Render a subgraph as a self-contained interactive HTML page.

    Args:
        subgraph: nodes and edges to draw (``subgraph.truncated`` adds a note).
        evidence: evidence records per edge key (``source|TYPE|target``), shown in
            tooltips and the details panel; at most ``EVIDENCE_PER_EDGE`` per edge.
        title: page heading (escaped).
        focus: actor id(s) to emphasise; defaults to ``subgraph.focus``.
        note: a line shown under the heading (escaped).
        link_base: when set (e.g. ``/view/actors/{id}?depth=1``), double-clicking an
            actor opens it with ``{id}`` replaced by the actor's URL-encoded id (appended
            when there is no ``{id}``); files written by the CLI leave it unset.
        evidence_link: when set, the details panel links each edge's full evidence:
            ``{source}``, ``{target}`` and ``{type}`` are replaced (URL-encoded).
        paths: paths drawn in the subgraph; the page lists them and highlights one
            when clicked.
        max_nodes: node cap; a visible note says when it cut the graph.

    Returns:
        The HTML page as a string.
    """
    net, meta = build_network(subgraph, evidence, focus=focus, max_nodes=max_nodes)
    notes = [note] if note else []
    if subgraph.truncated:
        notes.append(
            "The query's node limit cut this answer: narrow the filters or raise the limit "
            "to see the rest."
        )
    if meta["shown"] < meta["total"]:
        notes.append(
            f"Showing {meta['shown']} of {meta['total']} actors: views are capped at "
            f"{max_nodes} actors to stay readable."
        )
    nodes, edges, _heading, _h, _w, _options_json = net.get_network_data()
    families = [
        {"id": fam, "label": label, "colour": colour}
        for fam, (label, colour) in FAMILY_STYLE.items()
    ]
    kinds = [
        {"id": kind, "colour": colour, "shape": shape}
        for kind, (colour, shape) in KIND_STYLE.items()
    ]
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "info": meta,
        "families": families,
        "modalities": list(default_ontology().modalities),
        "linkBase": link_base,
        "evidenceLink": evidence_link,
        "paths": [
            {"nodes": [n.id for n in p.nodes], "edges": [edge_key(e) for e in p.edges]}
            for p in paths
        ],
    }
    vis_js, vis_css, view_js, view_css = _assets()
    return _template().render(
        title=title,
        notes=notes,
        n_nodes=meta["shown"],
        n_edges=len(edges),
        families=families,
        kinds=kinds,
        modalities=payload["modalities"],
        focus_colour=FOCUS_COLOUR["background"],
        link_hint=bool(link_base),
        has_paths=bool(paths),
        show_labels=len(edges) <= LABELS_UP_TO,
        csp=_view_csp(),
        payload=Markup(script_json(payload)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        view_js=Markup(view_js),
        view_css=Markup(view_css),
    )


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
    from graphkit import query

    sub = query.neighbourhood(store, ref, depth=depth, filt=filt, limit=limit)
    focus = sub.focus
    # fetch evidence only for the edges the node cap keeps: one store round trip each
    _kept, drawn = _cap_nodes(sub.nodes, sub.edges, [focus] if focus else [], MAX_NODES)
    evidence = collect_evidence(store, drawn[:MAX_EVIDENCE_EDGES], evidence_per_edge)
    name = next((n.name for n in sub.nodes if n.id == focus), ref)
    hops = "hop" if depth == 1 else "hops"
    return render_subgraph(
        sub,
        evidence,
        title=f"{name}: neighbourhood ({depth} {hops})",
        focus=focus,
        note=_filter_note(filt),
        link_base=link_base,
        evidence_link=evidence_link,
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
    from graphkit import query

    answer = query.find_paths(
        store, from_ref, to_ref, max_hops=max_hops, mode=mode, k=k, filt=filt, directed=directed
    )
    sub = paths_subgraph(answer.paths)
    if not sub.nodes:
        sub.nodes = [answer.source, answer.target]
    evidence = collect_evidence(store, sub.edges, evidence_per_edge)
    n = len(answer.paths)
    if n:
        hops = sorted({p.hops for p in answer.paths})
        span = f"{hops[0]}" if len(hops) == 1 else f"{hops[0]}–{hops[-1]}"
        note = f"{n} path{'s' if n != 1 else ''} of {span} hop{'s' if hops[-1] != 1 else ''}."
    else:
        note = f"No path within {max_hops} hops with these filters."
    extra = _filter_note(filt)
    return render_subgraph(
        sub,
        evidence,
        title=f"Paths: {answer.source.name} → {answer.target.name}",
        focus=[answer.source.id, answer.target.id],
        note=f"{note} {extra}" if extra else note,
        link_base=link_base,
        evidence_link=evidence_link,
        paths=answer.paths,
    )


def _filter_note(filt: EdgeFilter | None) -> str | None:
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
    return ("Filtered: " + "; ".join(bits) + ".") if bits else None


# ------------------------------------------------------------------ other pages

_MESSAGE_PAGE = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ title }} · graphkit</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px}
a{color:#0b57d0}</style></head>
<body><h1>{{ title }}</h1><p>{{ message }}</p>
{% if links %}<ul>{% for href, text in links %}<li><a href="{{ href }}">{{ text }}</a></li>
{% endfor %}</ul>{% endif %}<p><a href="/">graphkit home</a></p></body></html>
"""
)


def render_message(title: str, message: str, links: Sequence[tuple[str, str]] = ()) -> str:
    """A small script-free page for view errors (unknown actor, bad parameter)."""
    return _MESSAGE_PAGE.render(title=title, message=message, links=list(links))


def render_landing(links: Sequence[tuple[str, str]] = ()) -> str:
    """The API's landing page: actor search (via ``/actors?q=``) and links."""
    env = _template().environment
    script = (STATIC_DIR / "landing.js").read_text(encoding="utf-8")
    csp = page_csp(script)
    return env.get_template("landing.html").render(
        csp=csp, links=list(links), script=Markup(script)
    )
