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

from graphkit.render.network import (
    EVIDENCE_PER_EDGE,
    FAMILY_STYLE,
    FOCUS_COLOUR,
    KIND_STYLE,
    MAX_NODES,
    build_network,
    edge_key,
    edge_label,
    safe_url,
)
from graphkit.render.page import (
    STATIC_DIR,
    page_csp,
    render_landing,
    render_message,
    render_subgraph,
    script_hash,
    script_json,
)

__all__ = [
    "EVIDENCE_PER_EDGE",
    "FAMILY_STYLE",
    "FOCUS_COLOUR",
    "KIND_STYLE",
    "MAX_NODES",
    "STATIC_DIR",
    "build_network",
    "edge_key",
    "edge_label",
    "page_csp",
    "render_landing",
    "render_message",
    "render_subgraph",
    "safe_url",
    "script_hash",
    "script_json",
]
