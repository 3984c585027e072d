"""HTML pages rendered in worker processes (``api/page_workers.py``): a real ``graphkit
serve`` over the real Neo4j answers each page as the library renders it in-process, errors
included, and keeps answering pages after the graph changes."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import httpx
import pytest
from helpers import neo4j_env, process_children, serve

from graphkit import view
from graphkit.config import Settings
from graphkit.models import EdgeFilter
from graphkit.store.base import GraphStore
from tests.store.fixture_graph import both_articles
from tests.store.test_snapshot import with_a_threat

pytestmark = [pytest.mark.neo4j, pytest.mark.timeout(600)]


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid``."""
    return process_children().get(pid, [])


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def same_page(a: str, b: str) -> bool:
    # pyvis names its canvas with a fresh id per page
    strip = re.compile(r"mynetwork[0-9a-f-]*|[0-9a-f]{32}")
    return strip.sub("", a) == strip.sub("", b)


def test_pages_come_from_workers_as_the_library_renders_them(
    tmp_path: Path, neo4j_store: GraphStore, neo4j_settings: Settings
) -> None:
    neo4j_store.write_batch(both_articles())
    env = neo4j_env(tmp_path, neo4j_settings)
    pids: list[int] = []
    with serve(env, pids=pids) as base:
        before = set(children_of(pids[0]))
        served = httpx.get(base + "/view/actors/PRK", params={"depth": 2}, timeout=120)
        assert served.status_code == 200, served.text[:300]
        assert "content-security-policy" in served.headers
        workers = [p for p in children_of(pids[0]) if p not in before]
        assert any("multiprocessing" in cmdline(p) for p in workers), workers
        local = view.view_neighbourhood(
            neo4j_store,
            "PRK",
            2,
            EdgeFilter(),
            100,
            link_base="/view/actors/{id}?depth=2&limit=100",
            evidence_link="/relations/evidence?source={source}&target={target}&type={type}",
        )
        assert same_page(served.text, local)
        assert "THREATEN" not in served.text

        paths = httpx.get(base + "/view/paths", params={"from": "PRK", "to": "RUS"}, timeout=60)
        assert paths.status_code == 200 and "Russia" in paths.text
        profile = httpx.get(base + "/view/actors/PRK/profile", timeout=60)
        assert profile.status_code == 200
        assert "North Korea" in profile.text
        dyad = httpx.get(base + "/view/dyads/PRK/RUS", timeout=60)
        assert dyad.status_code == 200 and "Russia" in dyad.text

        # the library's errors cross the process boundary as themselves
        unknown = httpx.get(base + "/view/actors/North%20Koreaa", timeout=60)
        assert unknown.status_code == 404
        assert "Did you mean" in unknown.text and "North Korea" in unknown.text
        bad = httpx.get(base + "/view/actors/PRK/profile", params={"interval": "fortnight"})
        assert bad.status_code == 422 and "fortnight" in bad.text

        # a write from another process: a worker's next page shows the new graph
        neo4j_store.write_batch([with_a_threat()])
        deadline = time.monotonic() + 90
        while "THREATEN" not in httpx.get(base + "/view/actors/PRK", timeout=60).text:
            assert time.monotonic() < deadline, "the page workers kept the old graph"
            time.sleep(0.5)


def test_workers_end_with_a_server_that_was_killed(
    tmp_path: Path, neo4j_store: GraphStore, neo4j_settings: Settings
) -> None:
    # each worker holds the write end of its pool's task queue, so none reads end-of-file
    # when the server dies: before their watch on the parent, they waited for ever
    neo4j_store.write_batch(both_articles())
    pids: list[int] = []
    with serve(neo4j_env(tmp_path, neo4j_settings), pids=pids) as base:
        assert httpx.get(base + "/view/actors/PRK", timeout=120).status_code == 200
        workers = [p for p in children_of(pids[0]) if "multiprocessing" in cmdline(p)]
        assert workers
        os.kill(pids[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{p}").exists() and "multiprocessing" in cmdline(p) for p in workers):
            assert time.monotonic() < deadline, "a page worker outlived its server"
            time.sleep(0.2)
