"""The actor and dyad pages over both real stores: their reads, the HTML, and the CLI."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from cli_runner import graphkit_in, store_env
from markupsafe import escape
from store.fixture_graph import both_articles

from graphkit import pages, query, timeline
from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import EdgeFilter
from graphkit.render.page import script_hash
from graphkit.render.timeline_page import page_assets
from graphkit.store.base import GraphStore


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    store.write_batch(both_articles())
    return store


def test_actor_roles_join_gazetteer_and_graph(graph: GraphStore) -> None:
    rows = pages.actor_roles(graph, "mark-rutte", "/p/{actor}")
    got = [(r.title, r.of, r.of_name, r.start, r.end, r.href) for r in rows]
    # the gazetteer's date-bounded roles; NLD is not in the graph, so it is not linked
    assert got[:2] == [
        ("Prime Minister", "NLD", "NLD", date(2010, 10, 14), date(2024, 7, 2), None),
        ("Secretary-General", "NATO", "NATO", date(2024, 10, 1), None, "/p/NATO"),
    ]
    # then the graph's LEADER_OF, with the dates it was first and last seen
    day = date(2024, 10, 21)
    assert got[2:] == [("LEADER_OF (in the graph)", "NATO", "NATO", day, day, "/p/NATO")]
    assert pages.actor_roles(graph, "RUS") == []


def test_dyad_evidence_list_follows_the_timeline(graph: GraphStore) -> None:
    tl = timeline.dyad_timeline(graph, "NATO", "KOR", "week")
    recs = pages.dyad_evidence_list(graph, tl)
    keys = {k for p in tl.periods for k in p.evidence}
    assert {r.id for r in recs} == keys and len(recs) == tl.total - tl.undated
    assert recs[0].published is not None and recs[0].published.isoformat() == "2024-11-05"
    assert [r.id for r in pages.dyad_evidence_list(graph, tl, cap=1)] == [recs[0].id]
    narrow = timeline.dyad_timeline(
        graph, "NATO", "KOR", "week", query.make_filter(until="2024-10-31")
    )
    assert {r.published.isoformat() for r in pages.dyad_evidence_list(graph, narrow)} == {
        "2024-10-21"
    }


def test_actor_page_html(graph: GraphStore) -> None:
    html = pages.view_actor_page(
        graph, "Pyongyang", "month", dyad_link="/d/{actor}/{other}", actor_link="/p/{actor}"
    )
    assert '<h1 id="gk-title">North Korea</h1>' in html
    assert 'href="/d/PRK/RUS"' in html  # the top counterpart, linked to the dyad page
    assert html.count("<li>") == len(graph.latest_actor_evidence("PRK", EdgeFilter(), 30))
    assert 'href="https://example.org/pyongyang-moscow"' in html
    # the two inline scripts are exactly the ones the page's CSP allows
    chart, draw, csp, _css = page_assets()
    assert script_hash(chart) in csp and script_hash(draw) in csp
    assert f'content="{escape(csp)}"' in html
    assert len(re.findall(r"<script>", html)) == 2
    payload = re.search(r'id="gk-data">(.*?)</script>', html, re.S)
    assert payload and '"interval":"month"' in payload.group(1)


def test_dyad_page_html_caps_its_list(graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    html = pages.view_dyad_page(graph, "NATO", "Seoul", "week", json_link="/j")
    assert "NATO and South Korea" in html and "gk-evidence-more" not in html
    monkeypatch.setattr(pages, "DYAD_EVIDENCE", 1)
    total = timeline.dyad_timeline(graph, "NATO", "KOR").total
    capped = pages.view_dyad_page(graph, "NATO", "KOR", json_link="/j")
    assert capped.count("<li>") == 1
    assert f"Showing the newest 1 of {total} pieces of evidence." in capped
    assert '<a href="/j">All of it (JSON)</a>' in capped


def test_page_errors(graph: GraphStore) -> None:
    with pytest.raises(UnknownActor) as unknown:
        pages.view_actor_page(graph, "North Kore")
    assert "North Korea" in unknown.value.suggestions
    with pytest.raises(ValidationError, match="interval"):
        pages.view_dyad_page(graph, "NATO", "KOR", "year")
    with pytest.raises(ValidationError, match="two different actors"):
        pages.view_dyad_page(graph, "PRK", "Pyongyang")


def test_cli_view_profile_and_dyad(store: GraphStore, tmp_path: Path) -> None:
    env = store_env(store, tmp_path, lambda s: s.write_batch(both_articles()))
    out = tmp_path / "p.html"
    proc = graphkit_in(env, "view", "profile", "PRK", "-o", str(out), "--interval", "month")
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "North Korea" in page and 'id="gk-chart"' in page
    assert "/view/dyads/" not in page  # an offline file links no server page
    dyad = graphkit_in(env, "view", "dyad", "NATO", "KOR", "-o", "-", "--type", "REQUEST")
    assert dyad.returncode == 0, dyad.stderr
    assert "NATO and South Korea" in dyad.stdout and "types REQUEST" in dyad.stdout
    bad = graphkit_in(env, "view", "dyad", "NATO", "Atlantis", "-o", "-")
    assert bad.returncode == 1 and "Unknown actor 'Atlantis'" in bad.stderr
