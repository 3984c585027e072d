"""Pages and feeds fetched over HTTP from a real local server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graphkit.ingest import count_items, iter_articles
from graphkit.models import Article, Reject

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib's own class attribute
        ".html": "text/html",
        ".rss": "application/rss+xml",
        ".jsonl": "application/x-ndjson",
        ".md": "text/markdown",
        "": "application/octet-stream",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(ARTICLES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_html_page_over_http(base_url: str) -> None:
    (page,) = list(iter_articles([f"{base_url}/030_south_china_sea_clash.html"]))
    local = next(iter(iter_articles([ARTICLES / "030_south_china_sea_clash.html"])))
    assert isinstance(page, Article) and isinstance(local, Article)
    assert page == local  # same page, same article and key, wherever it came from


def test_feed_over_http(base_url: str) -> None:
    items = list(iter_articles([f"{base_url}/050_sanctions_wire.rss"]))
    assert len(items) == 2 and all(isinstance(i, Article) for i in items)
    assert items[0].published == date(2025, 2, 24)  # type: ignore[union-attr]


def test_markdown_over_http_keeps_front_matter(base_url: str) -> None:
    (art,) = list(iter_articles([f"{base_url}/000_seed_nato_south_korea.md"]))
    assert isinstance(art, Article) and art.published == date(2024, 10, 22)
    assert art.url == f"{base_url}/000_seed_nato_south_korea.md"  # no url in front matter


def test_http_errors_are_rejects(base_url: str) -> None:
    missing, refused = list(iter_articles([f"{base_url}/nope.html", "http://127.0.0.1:9/x"]))
    assert isinstance(missing, Reject) and missing.reason == "cannot fetch: HTTP 404 File not found"
    assert isinstance(refused, Reject) and refused.reason.startswith("cannot fetch:")
    assert count_items([f"{base_url}/nope.html"]) == 1
