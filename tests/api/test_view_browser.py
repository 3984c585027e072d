"""The HTML views in a real headless chromium, served by a real uvicorn process.

The server runs ``graphkit.api.main:create_app`` as a subprocess on a free loopback port over
each store backend, loaded with the view fixture graph (the seed article plus an
article whose title, URL, sentence and one actor name carry script payloads).
Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright; nothing is downloaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from helpers import free_port, wait_for_health
from view_fixture import XSS_ACTOR_NAME, XSS_SENTENCE, XSS_TITLE, fixture_extractions

from graphkit.config import Settings
from graphkit.store.base import GraphStore

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = "body[data-gk-ready='1']"


@dataclass
class Server:
    base: str
    backend: str
    reload: Any = None  # callable re-loading the fixture graph before a test (neo4j leg)


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "graphkit.api.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_health(
            proc,
            f"http://127.0.0.1:{port}",
            what="uvicorn",
            output=lambda: log.read_text(errors="replace"),
        )
    except AssertionError:
        proc.terminate()
        raise
    return proc


@pytest.fixture(scope="module")
def server(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """uvicorn serving the fixture graph from the ``backend`` store."""
    tmp = tmp_path_factory.mktemp(f"view-{backend}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env["GRAPHKIT_HOME"] = str(tmp / "home")
    reload = None
    if backend == "memory":
        from graphkit.store.memory import MemoryStore

        graph_file = tmp / "graph.json"
        mem = MemoryStore(graph_file)
        mem.setup()
        mem.write_batch(fixture_extractions())
        mem.close()
        env.update(GRAPHKIT_STORE="memory", GRAPHKIT_MEMORY_PATH=str(graph_file))
    else:
        neo: GraphStore = request.getfixturevalue("_neo4j_session_store")
        settings: Settings = request.getfixturevalue("neo4j_settings")

        def reload() -> None:
            # other modules' tests clear the shared database between ours
            neo.clear()
            neo.write_batch(fixture_extractions())

        reload()
        env.update({k: v for k, v in os.environ.items() if k.startswith("GRAPHKIT_NEO4J")})
        env.update(GRAPHKIT_STORE="neo4j", GRAPHKIT_NEO4J_URI=settings.neo4j_uri)
        password = settings.resolved_password()
        if password:
            env["GRAPHKIT_NEO4J_PASSWORD"] = password
    port = free_port()
    proc = _start(env, port, tmp / "uvicorn.log")
    try:
        yield Server(base=f"http://127.0.0.1:{port}", backend=backend, reload=reload)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A page plus everything it logged, requested and tried to pop up."""

    page: Any
    base: str
    backend: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests that left the test server."""
        allowed = urlsplit(self.base).netloc
        return [
            u
            for u in self.requests
            if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u).netloc != allowed
        ]

    def open_view(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        csp = response.headers.get("content-security-policy", "")
        assert "connect-src 'self'" in csp
        self.page.wait_for_selector(READY, state="attached", timeout=60_000)


@pytest.fixture
def watched(server: Server, browser: Any) -> Iterator[Watched]:
    if server.reload:
        server.reload()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    w = Watched(page=page, base=server.base, backend=server.backend)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: w.requests.append(r.url))

    def on_dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield w
    context.close()


def assert_clean(w: Watched) -> None:
    assert w.errors == [], w.errors
    assert w.outside() == [], w.outside()
    assert w.dialogs == []
    assert w.page.evaluate("window.__xss") is None, "an article payload ran"


def canvas_ink(page: Any) -> dict[str, int]:
    """Size of the graph canvas and how many of its pixels are not background."""
    return page.evaluate(
        """() => {
        const c = document.querySelector('#gk-network canvas');
        if (!c) return {width: 0, height: 0, ink: 0};
        const ctx = c.getContext('2d');
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
        }
        return {width: c.width, height: c.height, ink: ink};
    }"""
    )


TOOLTIP_TEXT = """(want) => {
    const t = document.querySelector('div.vis-tooltip');
    return !!t && t.offsetParent !== null && t.textContent.includes(want);
}"""


def poll(page: Any, script: str, arg: Any, timeout: float = 10.0) -> bool:
    """Evaluate ``script(arg)`` until it is truthy or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(script, arg):
            return True
        page.wait_for_timeout(100)
    return False


POPUP_POINTS = """(id) => {
    // points on the edge where vis-network's own popup test (_checkShowPopup) picks it:
    // no visible node under the pointer, and it is the last visible edge within reach
    const net = window.graphkitView.network;
    const body = net.body;
    const edge = body.edges[id];
    const box = document.getElementById('gk-network').getBoundingClientRect();
    const out = [];
    for (let t = 0.05; t < 0.96; t += 0.025) {
        const c = edge.edgeType.getPoint(t);
        const r = {left: c.x, top: c.y, right: c.x, bottom: c.y};
        if (body.nodeIndices.some(i => body.nodes[i].isOverlappingWith(r))) continue;
        const hits = body.edgeIndices.filter(
            i => body.edges[i].connected && body.edges[i].isOverlappingWith(r));
        if (hits.length && hits[hits.length - 1] === id) {
            const dom = net.canvasToDOM(c);
            out.push({x: box.left + dom.x, y: box.top + dom.y});
        }
    }
    return out;
}"""


def hover_edge(page: Any, edge_id: str, want: str) -> bool:
    """Hover an edge where vis-network shows its tooltip, until the tooltip shows ``want``.

    Parallel edges run close together; if no point of the edge is clear of its
    siblings, the other relation families are filtered out first (as a reader would).
    """
    points = page.evaluate(POPUP_POINTS, edge_id)
    if not points:
        family = page.evaluate(f"window.graphkitView.info.edges[{edge_id!r}].family")
        for box in page.locator("input[name=family]").all():
            if box.get_attribute("value") != family:
                box.uncheck()
        points = page.evaluate(POPUP_POINTS, edge_id)
    assert points, f"no point of edge {edge_id} to hover"
    for point in points[len(points) // 2 :] + points[: len(points) // 2]:
        page.mouse.move(point["x"] + 1, point["y"])
        page.mouse.move(point["x"], point["y"])
        if poll(page, TOOLTIP_TEXT, want, timeout=3.0):
            return True
    return False


# ------------------------------------------------------------------ tests


def test_neighbourhood_view_draws_offline_and_safely(watched: Watched) -> None:
    w = watched
    w.open_view("/view/actors/South%20Korea?depth=2")
    page = w.page
    ink = canvas_ink(page)
    assert ink["width"] > 300 and ink["height"] > 300, ink
    assert ink["ink"] > 2000, f"canvas looks blank: {ink}"
    ids = page.evaluate("window.graphkitView.nodes.getIds()")
    assert {"KOR", "NATO", "PRK", "RUS", "shadow-group"} <= set(ids)

    # the hostile sentence is shown as text in the hover tooltip, and does not run
    assert hover_edge(page, "KOR|ACCUSE|PRK", "South Korea → North Korea"), "no edge tooltip"
    tip = page.locator("div.vis-tooltip")
    text = tip.inner_text()
    assert "window.__xss=1" in text  # visible as text ...
    assert tip.locator("script, img").count() == 0  # ... never as elements

    # the details panel lists the evidence; the javascript: link was dropped
    title = page.evaluate("window.graphkitView.edges.get('KOR|ACCUSE|PRK').title.textContent")
    assert XSS_SENTENCE[:40] in title
    assert "reported by 1 source in 2 articles" in title  # corroboration, in the tooltip
    page.evaluate("window.graphkitView.network.selectEdges(['KOR|ACCUSE|PRK'])")
    page.evaluate(
        "window.graphkitView.network.body.emitter.emit('click', "
        "{nodes: [], edges: ['KOR|ACCUSE|PRK']})"
    )
    details = page.locator("#gk-details")
    assert "window.__xss=2" in details.inner_text()
    assert "reported by 1 source in 2 articles" in details.inner_text()  # ... and the panel
    assert page.locator("a[href^='javascript']").count() == 0
    assert details.locator("a[href^='https://example.org/news/']").count() >= 1
    href = details.locator("a[href^='/relations/evidence']").get_attribute("href")
    full = httpx.get(w.base + href, timeout=30).json()
    assert XSS_SENTENCE in {ev["sentence"] for ev in full["evidence"]}

    # the hostile actor name is drawn as a label, nowhere as markup
    assert page.evaluate("window.graphkitView.nodes.get('shadow-group').label") == XSS_ACTOR_NAME
    assert page.locator("img").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.mouse.move(5, 5)
    page.screenshot(path=str(ARTIFACTS / f"view-south-korea-{w.backend}.png"))
    assert_clean(w)


def test_layout_settles_and_stops(watched: Watched) -> None:
    w = watched
    w.open_view("/view/actors/NATO?depth=2")
    get = "JSON.stringify(window.graphkitView.network.getPositions())"
    before = w.page.evaluate(get)
    w.page.wait_for_timeout(1500)
    assert w.page.evaluate(get) == before, "nodes kept moving after stabilisation"
    assert w.page.evaluate("window.graphkitView.network.physics.physicsEnabled") is False
    assert_clean(w)


def test_family_and_modality_filters_hide_edges(watched: Watched) -> None:
    w = watched
    w.open_view("/view/actors/South%20Korea?depth=2")
    page = w.page
    info = page.evaluate("window.graphkitView.info.edges")
    standing = {k for k, e in info.items() if e["family"] == "standing"}
    assert standing and len(standing) < len(info)
    hidden = "window.graphkitView.edges.get({filter: e => e.hidden}).map(e => e.id)"
    assert page.evaluate(hidden) == []

    page.locator("input[name=family][value=standing]").uncheck()
    assert set(page.evaluate(hidden)) == standing
    status = page.locator("#gk-filter-status").inner_text()
    assert f"{len(info) - len(standing)} of {len(info)} relations" in status

    page.locator("input[name=family][value=standing]").check()
    for m in ("reported", "planned", "conditional", "speculated", "denied"):
        page.locator(f"input[name=modality][value={m}]").uncheck()
    only_asserted = {k for k, e in info.items() if "asserted" in e["modalities"]}
    shown = set(info) - set(page.evaluate(hidden))
    assert shown == only_asserted
    # an actor left without visible relations is hidden too (the focus never is)
    hidden_nodes = page.evaluate(
        "window.graphkitView.nodes.get({filter: n => n.hidden}).map(n => n.id)"
    )
    assert "KOR" not in hidden_nodes
    assert "shadow-group" in hidden_nodes  # its only relation is speculated

    page.locator("#gk-labels").uncheck()
    sizes = page.evaluate("window.graphkitView.edges.get().map(e => e.font.size)")
    assert set(sizes) == {0}
    assert_clean(w)


def test_paths_view(watched: Watched) -> None:
    w = watched
    w.open_view("/view/paths?from=Mark%20Rutte&to=Kim%20Jong%20Un&max_hops=5")
    info = w.page.evaluate("window.graphkitView.info")
    assert set(info["focus"]) == {"mark-rutte", "kim-jong-un"}
    assert info["edges"], "the fixture has a path between them"
    assert canvas_ink(w.page)["ink"] > 500
    assert "Paths: Mark Rutte → Kim Jong Un" in w.page.locator("h1").inner_text()
    first = w.page.locator("#gk-paths button").first
    assert first.inner_text().startswith("Mark Rutte → ")
    assert first.inner_text().endswith(" → Kim Jong Un")
    first.click()
    selected = w.page.evaluate("window.graphkitView.network.getSelectedNodes()")
    assert {"mark-rutte", "kim-jong-un"} <= set(selected)
    assert w.page.locator("#gk-details h3").inner_text() == "Path 1"
    assert_clean(w)


def test_landing_search_links_to_views(watched: Watched) -> None:
    w = watched
    page = w.page
    response = page.goto(w.base + "/")
    assert response is not None and response.status == 200
    page.fill("#q", "shadow")
    page.click("#search button")
    link = page.locator("#results a").first
    link.wait_for(timeout=10_000)
    assert link.inner_text() == XSS_ACTOR_NAME  # shown as text
    assert page.locator("#results img").count() == 0
    page.fill("#q", "korea")
    page.click("#search button")
    page.locator("#results a[href='/view/actors/KOR']").wait_for(timeout=10_000)
    page.click("#results a[href='/view/actors/KOR']")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert "South Korea" in page.locator("h1").inner_text()
    assert_clean(w)


def test_unknown_actor_page_suggests(watched: Watched) -> None:
    w = watched
    response = w.page.goto(w.base + "/view/actors/Nort%20Korea")
    assert response is not None and response.status == 404
    assert "North Korea" in w.page.locator("body").inner_text()
    w.page.locator("a", has_text="North Korea").first.click()
    w.page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert w.page.evaluate("window.graphkitView.info.focus") == ["PRK"]
    # the 404 itself is logged by chromium as a failed resource; nothing else may be
    assert [e for e in w.errors if "404" not in e] == []
    assert w.outside() == [] and w.page.evaluate("window.__xss") is None


# ------------------------------------------------------------------ actor and dyad pages

CHART_INK = """() => {
    const c = document.getElementById('gk-chart');
    if (!c || c.hidden) return {drawn: 0, ink: 0};
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) ink++;
    return {drawn: Number(c.getAttribute('data-drawn') || 0), ink: ink};
}"""


def open_page(w: Watched, path: str) -> dict[str, int]:
    """Open an actor or dyad page, wait for its chart, and measure it."""
    response = w.page.goto(w.base + path)
    assert response is not None and response.status == 200, path
    assert "connect-src 'self'" in response.headers.get("content-security-policy", "")
    w.page.wait_for_selector("#gk-chart[data-drawn]", state="attached", timeout=60_000)
    w.page.wait_for_timeout(200)  # a responsive chart redraws once it has its size
    ink: dict[str, int] = w.page.evaluate(CHART_INK)
    return ink


def test_actor_page_draws_and_escapes(watched: Watched) -> None:
    w = watched
    ink = open_page(w, "/view/actors/shadow-group/profile?interval=day")
    assert ink["drawn"] > 0 and ink["ink"] > 500, ink
    page = w.page
    assert page.locator("h1").inner_text() == XSS_ACTOR_NAME  # the hostile name, as text
    evidence = page.locator("#gk-evidence li")
    assert evidence.count() == 1
    text = evidence.first.inner_text()
    assert XSS_TITLE in text and "window.__xss=1" in text  # title and sentence, literally
    assert page.locator("img, b, #gk-evidence script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0  # the javascript: URL dropped
    page.click("#gk-counterparts a[href='/view/dyads/shadow-group/PRK']")
    page.wait_for_selector("#gk-chart[data-drawn]", state="attached", timeout=60_000)
    assert "North Korea" in page.locator("h1").inner_text()
    assert_clean(w)


def test_actor_page_roles(watched: Watched) -> None:
    w = watched
    ink = open_page(w, "/view/actors/Kim%20Jong%20Un/profile")
    assert ink["drawn"] > 0 and ink["ink"] > 500, ink
    roles = w.page.locator("#gk-roles tbody tr")
    assert "Supreme Leader" in roles.first.inner_text()
    assert roles.first.locator("a[href='/view/actors/PRK/profile']").count() == 1
    assert_clean(w)


def test_dyad_page_draws_and_lists_newest_first(watched: Watched) -> None:
    w = watched
    ink = open_page(w, "/view/dyads/South%20Korea/North%20Korea?interval=day")
    assert ink["drawn"] == 6 and ink["ink"] > 500, ink  # 2024-10-28 to 2024-11-02
    page = w.page
    dates = page.locator("#gk-evidence li > span.gk-meta:first-child").all_inner_texts()
    assert dates and dates == sorted(dates, reverse=True)
    assert dates[0] == "2024-11-02"
    first = page.locator("#gk-evidence li").first
    assert first.locator("q").inner_text() == XSS_SENTENCE  # shown as text, not markup
    assert XSS_TITLE in first.inner_text()
    assert page.locator("img, b").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dyad-kor-prk-{w.backend}.png"), full_page=True)
    assert_clean(w)


def test_page_errors_in_browser(watched: Watched) -> None:
    w = watched
    response = w.page.goto(w.base + "/view/dyads/KOR/Nort%20Korea")
    assert response is not None and response.status == 404
    assert w.page.locator("a", has_text="North Korea").count() >= 1
    response = w.page.goto(w.base + "/view/dyads/KOR/PRK?interval=year")
    assert response is not None and response.status == 422
    assert "interval must be one of" in w.page.locator("body").inner_text()
    assert w.outside() == [] and w.dialogs == []


def test_time_slicer_hides_and_shows_edges(watched: Watched) -> None:
    w = watched
    w.open_view("/view/actors/South%20Korea?depth=2")
    page = w.page
    info = page.evaluate("window.graphkitView.info.edges")
    assert info["shadow-group|SUPPORT|PRK"]["dates"] == ["2024-11-02"]
    assert info["KOR|ACCUSE|PRK"]["dates"] == ["2024-10-28", "2024-10-28", "2024-11-02"]
    hidden = "window.graphkitView.edges.get({filter: e => e.hidden}).map(e => e.id)"
    edge = "(id) => { const e = window.graphkitView.edges.get(id); return [e.label, e.width]; }"
    full_label, full_width = page.evaluate(edge, "KOR|ACCUSE|PRK")
    status = page.locator("#gk-filter-status")
    total = len(info)
    assert f"{total} of {total} relations, from 2024-10-28 to 2024-11-02" in status.inner_text()

    # the range down to the seed article's day: the hostile article's relation goes
    page.locator("#gk-time-to").press("Home")
    assert page.locator("#gk-time-to-out").inner_text() == "2024-10-28"
    gone = set(page.evaluate(hidden))
    assert "shadow-group|SUPPORT|PRK" in gone and "KOR|ACCUSE|PRK" not in gone
    assert gone == {k for k, e in info.items() if "2024-10-28" not in e["dates"]}
    label, width = page.evaluate(edge, "KOR|ACCUSE|PRK")
    assert label == f"{full_label} (2)" and width < full_width  # 2 of its 3 pieces
    assert page.evaluate("window.graphkitView.nodes.get('shadow-group').hidden") is True
    shown = total - len(gone)
    assert f"{shown} of {total} relations, from 2024-10-28 to 2024-10-28" in status.inner_text()

    # and back to every date: all of it again
    page.locator("#gk-time-to").press("End")
    assert page.evaluate(hidden) == []
    assert page.evaluate(edge, "KOR|ACCUSE|PRK") == [full_label, full_width]
    assert page.evaluate("window.graphkitView.nodes.get('shadow-group').hidden") is False
    assert_clean(w)


def test_landing_overview_and_suggestions_as_you_type(watched: Watched) -> None:
    w = watched
    page = w.page
    response = page.goto(w.base + "/")
    assert response is not None and response.status == 200
    # the overview: the hostile article title is listed as text, its javascript: URL unlinked
    latest = page.locator("#gk-latest-articles li").first
    assert XSS_TITLE in latest.inner_text()
    assert latest.locator("a, img, b").count() == 0
    assert page.locator("#gk-active-dyads a[href='/view/dyads/KOR/PRK']").count() == 1
    assert "2024-10-04 to 2024-11-02" in page.locator("#gk-overview").inner_text()
    # typing (no submit) asks /actors?q= once the typing pauses, and lists suggestions
    page.locator("#q").press_sequentially("shad", delay=30)
    link = page.locator("#results a[href='/view/actors/shadow-group/profile']")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == XSS_ACTOR_NAME  # shown as text
    assert page.locator("#results img").count() == 0
    searches = [u for u in w.requests if "/actors?" in u]
    assert searches and all("q=shad" in u for u in searches[-1:])
    assert len(searches) < 4, searches  # debounced: not one request per key
    link.click()
    page.wait_for_selector("#gk-chart[data-drawn]", state="attached", timeout=60_000)
    assert page.locator("h1").inner_text() == XSS_ACTOR_NAME
    assert_clean(w)


def test_landing_dyad_button(watched: Watched) -> None:
    w = watched
    w.page.goto(w.base + "/")
    w.page.fill("input[name=from]", "Seoul")
    w.page.fill("input[name=to]", "Pyongyang")
    w.page.click("#dyad-button")
    w.page.wait_for_selector("#gk-chart[data-drawn]", state="attached", timeout=60_000)
    assert w.page.url.endswith("/view/dyads/Seoul/Pyongyang")
    assert w.page.locator("h1").inner_text() == "South Korea and North Korea"
    assert_clean(w)
