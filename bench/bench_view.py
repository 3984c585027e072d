"""How long generating an interactive view takes, against baselines measured in the same run.

Builds a synthetic neighbourhood (``small``: 100 actors, ``large``: 300, the view cap),
about three typed edges per actor with parallel edges and two pieces of evidence each,
and times:

* ``render``: ``graphkit.render.render_subgraph`` (the whole self-contained page);
* ``json``: ``json.dumps`` of the same subgraph and evidence (the data alone);
* ``pyvis``: pyvis's own ``generate_html`` for the same nodes and edges (its default
  template, which loads vis-network from a CDN).

With ``--size large`` it also opens the page in headless chromium (if present) and
reports the seconds until the layout has settled and physics is off.

Usage: ``python bench/bench_view.py [--size small|large]``
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchlib import print_results

from graphkit.models import ActorNode, Edge, EvidenceRecord, Subgraph
from graphkit.ontology import default_ontology
from graphkit.render import edge_key, render_subgraph

SIZES = {"small": (100, 5), "large": (300, 9)}  # (actors, repetitions)
TARGET_SECONDS = 0.5


def synthetic(n_nodes: int, seed: int = 7) -> tuple[Subgraph, dict[str, list[EvidenceRecord]]]:
    """A neighbourhood-like graph: a hub, ~3 edges per actor, some parallel edges."""
    rng = random.Random(seed)
    onto = default_ontology()
    types = sorted(onto.types)
    kinds = list(onto.actor_kinds)
    nodes = [
        ActorNode(
            id=f"A{i:04d}", name=f"Actor {i}", kind=rng.choice(kinds), degree=rng.randint(1, 40)
        )
        for i in range(n_nodes)
    ]
    edges: dict[str, Edge] = {}
    modalities = list(onto.modalities)
    while len(edges) < 3 * n_nodes:
        a = 0 if rng.random() < 0.2 else rng.randrange(n_nodes)
        b = rng.randrange(n_nodes)
        if a == b:
            continue
        t = rng.choice(types)
        src, dst = (nodes[a].id, nodes[b].id)
        if onto.is_symmetric(t) and dst < src:
            src, dst = dst, src
        m = rng.choice(modalities)
        e = Edge(
            source=src,
            target=dst,
            type=t,
            predicate=onto.label(t),
            modality=m,
            modalities=[m],
            weight=rng.randint(1, 12),
            first_seen=date(2024, 10, 1),
            last_seen=date(2024, 11, 1),
        )
        edges.setdefault(edge_key(e), e)
    evidence = {
        k: [
            EvidenceRecord(
                id=f"{k}-{j}",
                source=e.source,
                target=e.target,
                type=e.type,
                predicate=e.predicate,
                sentence=f"{e.source} and {e.target}: a sentence of evidence number {j} " * 3,
                start=0,
                end=60,
                trigger="evidence",
                modality=e.modality,
                negated=False,
                confidence=0.8,
                article_id=f"art-{j}",
                article_title=f"Article {j}",
                article_url=f"https://example.org/{j}",
                published=date(2024, 10, 28),
            )
            for j in range(2)
        ]
        for k, e in edges.items()
    }
    return Subgraph(nodes=nodes, edges=list(edges.values()), focus=nodes[0].id), evidence


def _median_seconds(fn: Any, reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _pyvis_default(sub: Subgraph) -> str:
    from pyvis.network import Network

    net = Network(directed=True)
    for n in sub.nodes:
        net.add_node(n.id, label=n.name)
    for e in sub.edges:
        net.add_edge(e.source, e.target, label=e.predicate)
    return str(net.generate_html())


def _browser_ready_seconds(html: str) -> dict[str, float]:
    """Seconds from navigation until the page reports a settled layout, and its parts."""
    if not Path("/usr/bin/chromium").exists():
        return {}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "view.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-gk-ready='1']", state="attached", timeout=120_000)
            seconds = time.perf_counter() - t0
            body = page.locator("body")
            script_ms = int(body.get_attribute("data-gk-script-ms") or 0)
            layout_ms = int(body.get_attribute("data-gk-layout-ms") or 0)
            browser.close()
    return {
        "browser_ready_s": round(seconds, 2),
        "browser_parse_s": round(script_ms / 1000, 2),
        "browser_layout_s": round(layout_ms / 1000, 2),
    }


def run(size: str = "small") -> dict[str, Any]:
    """Time view generation for ``size`` and return the figures."""
    n_nodes, reps = SIZES[size]
    sub, evidence = synthetic(n_nodes)
    render_subgraph(sub, evidence, title="warm-up")  # reads and caches the vendored assets

    def data_json() -> str:
        return json.dumps(
            {
                "graph": sub.model_dump(mode="json"),
                "evidence": {
                    k: [r.model_dump(mode="json") for r in v] for k, v in evidence.items()
                },
            }
        )

    render_s = _median_seconds(lambda: render_subgraph(sub, evidence, title="bench"), reps)
    json_s = _median_seconds(data_json, reps)
    pyvis_s = _median_seconds(lambda: _pyvis_default(sub), reps)
    html = render_subgraph(sub, evidence, title="bench")
    out: dict[str, Any] = {
        "nodes": n_nodes,
        "edges": len(sub.edges),
        "render_ms": round(render_s * 1000, 1),
        "json_ms": round(json_s * 1000, 1),
        "pyvis_default_ms": round(pyvis_s * 1000, 1),
        "ratio_vs_json": round(render_s / json_s, 1),
        "ratio_vs_pyvis_default": round(render_s / pyvis_s, 2),
        "page_kb": round(len(html.encode("utf-8")) / 1024),
        "target_s": TARGET_SECONDS,
        "meets_target": render_s < TARGET_SECONDS,
    }
    if size == "large":
        out.update(_browser_ready_seconds(html))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args(argv)
    out = run(args.size)
    print_results(out)
    return 0 if out["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
