"""The HTML views: labels, styling, caps, offline assets and escaping (no browser here).

Browser behaviour (drawing, tooltips, filters, XSS not running) is checked with real
chromium in ``tests/api/test_view_browser.py``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from cli_runner import graphkit
from view_fixture import XSS_SENTENCE, fixture_extractions

from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import ActorNode, Edge, EvidenceRecord, Subgraph
from graphkit.render import (
    EVIDENCE_PER_EDGE,
    FAMILY_STYLE,
    FOCUS_COLOUR,
    KIND_STYLE,
    edge_key,
    edge_label,
    render_subgraph,
    safe_url,
    script_json,
)
from graphkit.render.network import corroboration
from graphkit.view import view_neighbourhood, view_paths

ROOT = Path(__file__).resolve().parents[1]
DATA_RE = re.compile(r'<script type="application/json" id="gk-data">(.*?)</script>', re.S)


def payload(html: str) -> dict:
    """The graph data a page carries (what the browser code reads)."""
    match = DATA_RE.search(html)
    assert match, "page carries no graph data"
    return json.loads(match.group(1))


def node(i: str, kind: str = "state", degree: int = 1, name: str | None = None) -> ActorNode:
    return ActorNode(id=i, name=name or i, kind=kind, degree=degree)


def edge(s: str, t: str, rel_type: str, **kw: object) -> Edge:
    kw.setdefault("predicate", rel_type.lower())
    return Edge(source=s, target=t, type=rel_type, **kw)  # type: ignore[arg-type]


def record(e: Edge, sentence: str, **kw: object) -> EvidenceRecord:
    base: dict[str, object] = {
        "id": sentence[:8],
        "source": e.source,
        "target": e.target,
        "type": e.type,
        "predicate": e.predicate,
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "trigger": sentence.split()[0],
        "modality": "asserted",
        "negated": False,
        "confidence": 0.9,
        "article_id": "a1",
        "article_title": "An article",
        "article_url": "https://example.org/a1",
        "published": date(2024, 10, 28),
    }
    base.update(kw)
    return EvidenceRecord(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    ("rel_type", "predicate", "modality", "negated", "expected"),
    [
        ("REQUEST", "requests briefing", "asserted", False, "requests briefing"),
        ("ALLY_OF", "ally of", "speculated", False, "alliance speculated"),
        ("PARTNER_OF", "partner of", "planned", False, "partnership planned"),
        ("ALLY_OF", "ally of", "asserted", False, "ally of"),
        ("LEADER_OF", "leads", "reported", False, "leads (reported)"),
        ("MOBILIZE", "sends troops", "reported", False, "sends troops (reported)"),
        ("ACCUSE", "accuses", "asserted", True, "accuses (negated)"),
        ("SANCTION", "", "conditional", False, "sanctions (conditional)"),
    ],
)
def test_edge_label_combines_predicate_and_modality(
    rel_type: str, predicate: str, modality: str, negated: bool, expected: str
) -> None:
    e = edge("A", "B", rel_type, predicate=predicate, modality=modality, negated=negated)
    assert edge_label(e) == expected


def test_safe_url_keeps_only_http_links() -> None:
    assert safe_url("https://example.org/x?a=1") == "https://example.org/x?a=1"
    assert safe_url(" http://example.org ") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>",
        "/relative",
        "",
        None,
    ):
        assert safe_url(bad) is None


def test_script_json_cannot_close_the_script_element() -> None:
    data = {"s": "</script><script>alert(1)</script> <!-- & \u2028"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


# ------------------------------------------------------------------ page


def seed_like() -> tuple[Subgraph, dict[str, list[EvidenceRecord]]]:
    nodes = [
        node("NATO", "organization", 6, "NATO"),
        node("KOR", "state", 8, "South Korea"),
        node("PRK", "state", 5, "North Korea"),
        node("mark-rutte", "person", 2, "Mark Rutte"),
        node("pentagon", "body", 1, "Pentagon"),
    ]
    edges = [
        edge("NATO", "KOR", "REQUEST", predicate="requests briefing", weight=2),
        edge("KOR", "NATO", "PARTNER_OF", weight=2),
        edge("KOR", "NATO", "CONSULT", weight=1),
        edge("KOR", "NATO", "COOPERATE", modality="planned", modalities=["planned"]),
        edge("KOR", "PRK", "HOSTILE_TO"),
        edge("KOR", "PRK", "ACCUSE", negated=True),
        edge("mark-rutte", "NATO", "LEADER_OF"),
    ]
    evidence = {
        edge_key(edges[0]): [
            record(edges[0], f"NATO requested briefing number {i}") for i in range(8)
        ],
        edge_key(edges[5]): [record(edges[5], XSS_SENTENCE, article_url="javascript:alert(1)")],
    }
    return Subgraph(nodes=nodes, edges=edges, focus="KOR"), evidence


def test_parallel_edges_all_drawn_with_distinct_curves() -> None:
    sub, evidence = seed_like()
    data = payload(render_subgraph(sub, evidence, title="t"))
    between = [e for e in data["edges"] if {e["from"], e["to"]} == {"KOR", "NATO"}]
    assert len(between) == 4
    assert len({e["id"] for e in between}) == 4
    curves = {
        (
            e["smooth"]["type"] if e["from"] == "KOR" else _flip(e["smooth"]["type"]),
            e["smooth"]["roundness"],
        )
        for e in between
    }
    assert len(curves) == 4, f"parallel edges overlap: {curves}"


def _flip(curve: str) -> str:
    return "curvedCCW" if curve == "curvedCW" else "curvedCW"


def test_styles_follow_kind_family_modality_and_focus() -> None:
    sub, evidence = seed_like()
    data = payload(render_subgraph(sub, evidence, title="t"))
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["KOR"]["color"]["background"] == FOCUS_COLOUR["background"]
    assert nodes["KOR"]["size"] > max(n["size"] for i, n in nodes.items() if i != "KOR")
    assert nodes["KOR"]["borderWidth"] > nodes["PRK"]["borderWidth"]
    assert nodes["PRK"]["color"]["background"] == KIND_STYLE["state"][0]
    assert nodes["mark-rutte"]["shape"] == KIND_STYLE["person"][1]
    assert nodes["NATO"]["size"] > nodes["pentagon"]["size"]  # sized by degree
    request = edges["NATO|REQUEST|KOR"]
    assert request["color"]["color"] == FAMILY_STYLE["verbal_conflict"][1]
    assert request["label"] == "requests briefing"
    assert request["dashes"] is False and request["arrows"]["to"]["enabled"] is True
    partner = edges["KOR|PARTNER_OF|NATO"]
    assert partner["color"]["color"] == FAMILY_STYLE["standing"][1]
    assert partner["width"] < request["width"]  # same weight, standing drawn thinner
    assert partner["arrows"]["to"]["enabled"] is False  # symmetric
    assert (
        edges["mark-rutte|LEADER_OF|NATO"]["arrows"]["to"]["type"]
        != request["arrows"]["to"]["type"]
    )
    assert edges["KOR|COOPERATE|NATO"]["dashes"]  # planned, not asserted
    assert edges["KOR|COOPERATE|NATO"]["label"] == "cooperate (planned)"
    assert (
        edges["KOR|ACCUSE|PRK"]["dashes"] != edges["KOR|COOPERATE|NATO"]["dashes"]
    )  # negated differs


def test_evidence_is_capped_and_links_sanitised() -> None:
    sub, evidence = seed_like()
    info = payload(render_subgraph(sub, evidence, title="t"))["info"]["edges"]
    shown = info["NATO|REQUEST|KOR"]["evidence"]
    assert len(shown) == EVIDENCE_PER_EDGE
    assert shown[0]["url"] == "https://example.org/a1" and shown[0]["published"] == "2024-10-28"
    assert info["KOR|ACCUSE|PRK"]["evidence"][0]["url"] is None  # javascript: dropped
    assert info["KOR|ACCUSE|PRK"]["evidence"][0]["sentence"] == XSS_SENTENCE  # text kept, as data


def test_article_text_never_appears_as_markup() -> None:
    sub, evidence = seed_like()
    html = render_subgraph(
        sub, evidence, title="<script>t()</script>", note='<img src=x onerror="n()">'
    )
    assert "window.__xss" in html  # the text is there, as data ...
    for raw in ("<script>window.__xss", "<img src=x", "<script>t()", "javascript:alert"):
        assert raw not in html  # ... but never as markup
    assert "&lt;script&gt;t()&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;n()&#34;&gt;" in html
    # one JSON block, one vis-network, one page script: nothing else opens a script
    # (vis-network's bundle holds one "<script>" string literal of its own)
    vis_js = (ROOT / "graphkit" / "static" / "vis-network.min.js").read_text(encoding="utf-8")
    assert html.count("<script") == 3 + vis_js.count("<script")


def test_page_is_offline() -> None:
    sub, evidence = seed_like()
    html = render_subgraph(sub, evidence, title="t")
    assert re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I) is None
    assert re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html, re.I) is None
    for host in ("cdnjs", "jsdelivr", "unpkg", "googleapis", "bootstrap"):
        assert host not in html.lower()
    assert "vis.Network" in html and "vis-network" in html  # vis-network is inlined


def test_node_cap_keeps_focus_and_says_so() -> None:
    n = 450
    nodes = [node(f"N{i:03d}", degree=n - i) for i in range(n)]
    edges = [edge(f"N{i:03d}", f"N{i + 1:03d}", "CONSULT") for i in range(n - 1)]
    sub = Subgraph(nodes=nodes, edges=edges, focus="N449")
    html = render_subgraph(sub, {}, title="big", max_nodes=300)
    data = payload(html)
    ids = {x["id"] for x in data["nodes"]}
    assert len(ids) == 300 and "N449" in ids
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert "Showing 300 of 450 actors" in html


def test_store_truncation_is_noted_and_small_graphs_are_not() -> None:
    sub, evidence = seed_like()
    assert "node limit cut" not in render_subgraph(sub, evidence, title="t")
    sub.truncated = True
    assert "node limit cut" in render_subgraph(sub, evidence, title="t")


def test_empty_subgraph_renders() -> None:
    data = payload(render_subgraph(Subgraph(), {}, title="nothing"))
    assert data["nodes"] == [] and data["edges"] == []


# ------------------------------------------------------------------ with a store


@pytest.fixture
def loaded(store):  # type: ignore[no-untyped-def]
    store.write_batch(fixture_extractions())
    return store


def test_view_neighbourhood_from_store(loaded) -> None:  # type: ignore[no-untyped-def]
    html = view_neighbourhood(loaded, "South Korea", depth=1)
    data = payload(html)
    ids = {n["id"] for n in data["nodes"]}
    assert {"KOR", "NATO", "PRK", "USA", "yoon-suk-yeol"} <= ids
    assert data["info"]["focus"] == ["KOR"]
    accuse = data["info"]["edges"]["KOR|ACCUSE|PRK"]
    sentences = {ev["sentence"] for ev in accuse["evidence"]}
    assert XSS_SENTENCE in sentences
    assert all(ev["url"] is None for ev in accuse["evidence"] if "__xss" in ev["sentence"])
    assert "South Korea: neighbourhood (1 hop)" in html


def test_views_carry_evidence_dates_for_the_slicer(loaded) -> None:  # type: ignore[no-untyped-def]
    html = view_neighbourhood(loaded, "South Korea", depth=1)
    edges = payload(html)["info"]["edges"]
    assert edges["KOR|ACCUSE|PRK"]["dates"] == ["2024-10-28", "2024-10-28", "2024-11-02"]
    assert edges["KOR|ACCUSE|PRK"]["dated"] == 3
    assert all(len(e["dates"]) == e["dated"] for e in edges.values())
    assert 'id="gk-time-from"' in html and 'id="gk-time-to"' in html
    paths = payload(view_paths(loaded, "Mark Rutte", "Kim Jong Un", max_hops=5))
    assert all(e["dates"] for e in paths["info"]["edges"].values())
    # a page drawn without dates has no slicer
    assert 'id="gk-time-from"' not in render_subgraph(Subgraph(), {}, title="nothing")


def test_view_neighbourhood_by_alias_and_unknown(loaded) -> None:  # type: ignore[no-untyped-def]
    assert payload(view_neighbourhood(loaded, "pyongyang"))["info"]["focus"] == ["PRK"]
    with pytest.raises(UnknownActor) as err:
        view_neighbourhood(loaded, "Nort Korea")
    assert "North Korea" in err.value.suggestions
    with pytest.raises(ValidationError):
        view_neighbourhood(loaded, "NATO", depth=9)


def test_view_paths_from_store(loaded) -> None:  # type: ignore[no-untyped-def]
    html = view_paths(loaded, "Mark Rutte", "Kim Jong Un", max_hops=5)
    data = payload(html)
    ids = [n["id"] for n in data["nodes"]]
    assert "mark-rutte" in ids and "kim-jong-un" in ids
    assert set(data["info"]["focus"]) == {"mark-rutte", "kim-jong-un"}
    assert data["edges"], "a path exists in the fixture"
    assert "Paths: Mark Rutte → Kim Jong Un" in html
    listed = data["paths"]
    assert (
        listed and listed[0]["nodes"][0] == "mark-rutte" and listed[0]["nodes"][-1] == "kim-jong-un"
    )
    drawn = {e["id"] for e in data["edges"]}
    assert all(key in drawn for p in listed for key in p["edges"])


# ------------------------------------------------------------------ CLI (in-process)


def test_cli_writes_view_file(tmp_path: Path) -> None:
    from graphkit.store.memory import MemoryStore

    graph = tmp_path / "graph.json"
    mem = MemoryStore(graph)
    mem.setup()
    mem.write_batch(fixture_extractions())
    mem.close()
    env = {
        "GRAPHKIT_STORE": "memory",
        "GRAPHKIT_MEMORY_PATH": str(graph),
        "GRAPHKIT_HOME": str(tmp_path / "home"),
    }
    out = tmp_path / "kor.html"
    run = graphkit("view", "actor", "South Korea", "-o", str(out), "--depth", "2", env=env)
    assert run.returncode == 0, run.stderr
    data = payload(out.read_text(encoding="utf-8"))
    assert data["info"]["focus"] == ["KOR"]
    assert "RUS" in {n["id"] for n in data["nodes"]}  # two hops away

    out2 = tmp_path / "paths.html"
    run = graphkit("view", "paths", "NATO", "Russia", "-o", str(out2), env=env)
    assert run.returncode == 0, run.stderr
    assert set(payload(out2.read_text(encoding="utf-8"))["info"]["focus"]) == {"NATO", "RUS"}

    bad = graphkit("view", "actor", "Nort Korea", "-o", str(tmp_path / "x.html"), env=env)
    assert bad.returncode != 0
    assert "North Korea" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.html").exists()


def test_evidence_many_matches_evidence_per_edge(loaded) -> None:  # type: ignore[no-untyped-def]
    from graphkit.store.base import GraphStore, rel_key

    edges = [(e.source, e.type, e.target) for e in loaded.export().edges]
    assert len(edges) > 20
    many = loaded.evidence_many(edges, limit=2)
    assert many == GraphStore.evidence_many(loaded, edges, limit=2)  # the one-call-per-edge default
    assert set(many) == {rel_key(*e) for e in edges}
    assert all(1 <= len(v) <= 2 for v in many.values())
    assert len(many["KOR|ACCUSE|PRK"]) == 2  # three pieces of evidence, capped
    assert loaded.evidence_many([], limit=2) == {}


def test_corroboration_reads_sources_and_articles() -> None:
    def edge(articles: int, sources: int) -> Edge:
        return Edge(
            source="A",
            target="B",
            type="CONSULT",
            predicate="consults",
            articles=articles,
            sources=sources,
        )

    assert corroboration(edge(9, 4)) == "reported by 4 sources in 9 articles"
    assert corroboration(edge(1, 1)) == "reported by 1 source in 1 article"
    assert corroboration(edge(2, 0)) == "reported in 2 articles (outlet unknown)"
    assert corroboration(edge(0, 0)) is None  # an edge without counts says nothing


def test_tooltip_and_details_carry_corroboration() -> None:
    sub = Subgraph(
        nodes=[ActorNode(id=x, name=x, kind="state") for x in ("A", "B")],
        edges=[
            Edge(
                source="A",
                target="B",
                type="CONSULT",
                predicate="consults",
                weight=12,
                articles=9,
                sources=4,
            )
        ],
    )
    html = render_subgraph(sub, {}, title="t")
    info = payload(html)["info"]["edges"]["A|CONSULT|B"]
    assert info["corroboration"] == "reported by 4 sources in 9 articles"
    assert (info["articles"], info["sources"]) == (9, 4)
    # the page script puts it in the edge's meta line (tooltip and details panel), as text
    script = (ROOT / "graphkit" / "static" / "view.js").read_text(encoding="utf-8")
    assert "if (e.corroboration) bits.push(e.corroboration);" in script
    assert ".innerHTML" not in script


def test_cli_view_min_sources(tmp_path: Path) -> None:
    from graphkit.store.memory import MemoryStore

    graph = tmp_path / "graph.json"
    mem = MemoryStore(graph)
    mem.write_batch(fixture_extractions())  # every article is the one outlet "fixture"
    mem.close()
    env = {
        "GRAPHKIT_STORE": "memory",
        "GRAPHKIT_MEMORY_PATH": str(graph),
        "GRAPHKIT_HOME": str(tmp_path / "home"),
    }
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    run = graphkit("view", "actor", "South Korea", "-o", str(one), "--min-sources", "1", env=env)
    assert run.returncode == 0, run.stderr
    edges = payload(one.read_text(encoding="utf-8"))["info"]["edges"]
    assert edges and all(e["sources"] == 1 for e in edges.values())
    assert all(e["corroboration"].startswith("reported by 1 source in") for e in edges.values())
    run = graphkit("view", "actor", "South Korea", "-o", str(two), "--min-sources", "2", env=env)
    assert run.returncode == 0, run.stderr
    page = two.read_text(encoding="utf-8")
    assert payload(page)["info"]["edges"] == {}
    assert "reported by at least 2 sources" in page  # the filter note says why
    bad = graphkit("view", "paths", "NATO", "Russia", "--min-sources", "-1", env=env)
    assert bad.returncode != 0 and "min_sources" in bad.stderr
