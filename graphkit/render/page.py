"""The page half of a view: the self-contained HTML (assets, CSP, template) and small pages."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from graphkit.models import EvidenceRecord, Subgraph
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.render.network import (
    FAMILY_STYLE,
    FOCUS_COLOUR,
    KIND_STYLE,
    LABELS_UP_TO,
    MAX_EDGE_WIDTH,
    MAX_NODES,
    build_network,
    edge_key,
    safe_url,
)

if TYPE_CHECKING:
    from graphkit.overview import Overview

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


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
def environment() -> jinja2.Environment:
    """The autoescaping Jinja environment over ``graphkit/static`` every page renders with."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(STATIC_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    return environment().get_template("view.html")


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
    dates: Mapping[str, tuple[int, Sequence[date]]] | None = None,
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
        dates: per edge key, how many pieces of evidence are dated and the newest of
            their dates (``GraphStore.evidence_dates``): the time slicer narrows the drawn
            relations to evidence within a range; without them there is no slicer.

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
    for key, (dated, days) in (dates or {}).items():
        if key in meta["edges"]:
            meta["edges"][key]["dated"] = dated
            meta["edges"][key]["dates"] = [d.isoformat() for d in days]
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
        "maxEdgeWidth": MAX_EDGE_WIDTH,
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
        has_dates=any(e.get("dates") for e in meta["edges"].values()),
        show_labels=len(edges) <= LABELS_UP_TO,
        csp=_view_csp(),
        payload=Markup(script_json(payload)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        view_js=Markup(view_js),
        view_css=Markup(view_css),
    )


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


def render_landing(links: Sequence[tuple[str, str]] = (), overview: Overview | None = None) -> str:
    """The API's landing page: the graph's overview, actor search with suggestions as you
    type (via ``/actors?q=``), the two-actor form and links.

    Args:
        links: ``(href, text)`` links listed at the end.
        overview: counts, active actors and dyads, newest articles; ``None`` (the store
            is down) leaves those sections out.
    """
    script = (STATIC_DIR / "landing.js").read_text(encoding="utf-8")
    csp = page_csp(script)
    articles = []
    for art in overview.articles if overview else []:
        articles.append({"art": art, "url": safe_url(art.url)})
    return (
        environment()
        .get_template("landing.html")
        .render(
            csp=csp,
            links=list(links),
            script=Markup(script),
            overview=overview,
            articles=articles,
            quote=lambda v: quote(v, safe=""),
        )
    )
