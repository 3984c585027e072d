"""POST /articles: the real extractor and the real stores, behind the API key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import API_KEY, api_settings
from fastapi.testclient import TestClient
from graphkit.api.main import create_app

from graphkit.models import Article
from graphkit.store.base import GraphStore

KEY = {"X-API-Key": API_KEY}
ARTICLE = {
    "id": "api-1",
    "title": "Troops for Moscow",
    "text": "North Korea has sent troops to Russia, South Korea's spy agency said on Friday.",
    "url": "https://example.org/api-1",
    "published": "2024-12-01",
    "source": "example.org",
}
OTHER = {
    "title": "Briefing request",
    "text": "NATO asked Ukraine for a briefing on the front line.",
    "published": "2024-12-02",
}


@pytest.fixture
def small_client(graph: GraphStore) -> Iterator[TestClient]:
    """Articles of at most 2000 bytes, so request bodies over 8000 bytes are refused."""
    app = create_app(api_settings(api_key=API_KEY, max_article_bytes=2000), store=graph)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_writes_need_the_key(
    client: TestClient, keyless_client: TestClient, graph: GraphStore
) -> None:
    before = graph.stats()
    assert client.post("/articles", json=ARTICLE).status_code == 401
    assert client.post("/articles", json=ARTICLE, headers={"X-API-Key": "nope"}).status_code == 401
    r = keyless_client.post("/articles", json=ARTICLE, headers=KEY)
    assert r.status_code == 403 and "GRAPHKIT_API_KEY" in r.json()["message"]
    assert graph.stats() == before


def test_ingest_one_then_a_batch(client: TestClient, graph: GraphStore) -> None:
    before = graph.stats()
    r = client.post("/articles", json=ARTICLE, headers=KEY)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["articles_new"] == 1 and report["rejected"] == 0
    assert report["evidence"] >= 1
    assert graph.stats().articles == before.articles + 1

    # what was extracted is queryable, with the article as evidence
    ev = client.get(
        "/relations/evidence",
        params={"source": "North Korea", "target": "Russia", "type": "MOBILIZE"},
    ).json()["evidence"]
    assert "Troops for Moscow" in {e["article_title"] for e in ev}
    assert "https://example.org/api-1" in {e["article_url"] for e in ev}

    # a batch: the same article again (unchanged) plus a new one without an id
    r = client.post("/articles", json=[ARTICLE, OTHER], headers=KEY)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["articles_unchanged"] == 1 and report["articles_new"] == 1
    assert graph.stats().articles == before.articles + 2


@pytest.mark.parametrize(
    "body",
    [
        {"title": "no text"},
        {**ARTICLE, "text": ""},
        {**ARTICLE, "published": "yesterday"},
        {**ARTICLE, "colour": "red"},
        [],
        [ARTICLE] * 101,
        "just a string",
    ],
)
def test_bad_articles_are_422(client: TestClient, graph: GraphStore, body: object) -> None:
    before = graph.stats()
    r = client.post("/articles", json=body, headers=KEY)
    assert r.status_code == 422, r.text
    assert r.json()["message"]
    assert graph.stats() == before


def test_body_size_limit(small_client: TestClient, graph: GraphStore) -> None:
    before = graph.stats()
    huge = {**ARTICLE, "text": "North Korea sent troops. " * 400}  # ~10 kB
    r = small_client.post("/articles", json=huge, headers=KEY)
    assert r.status_code == 413
    assert "limit" in r.json()["message"]

    # streamed without a Content-Length: counted as it arrives
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    r = small_client.post(
        "/articles", content=chunks(), headers={**KEY, "Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert graph.stats() == before


def test_oversized_article_in_an_allowed_body_is_rejected_not_stored(
    small_client: TestClient, graph: GraphStore
) -> None:
    before = graph.stats()
    big = {**ARTICLE, "id": "big", "text": "Russia attacked Ukraine. " * 120}  # ~3 kB > 2000
    r = small_client.post("/articles", json=big, headers=KEY)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["rejected"] == 1 and report["articles_new"] == 0
    # the reject names the article by its key (URL-based, as `graphkit ingest` keys it)
    (reject,) = report["rejects"]
    assert reject["article_id"] == Article.key_for(big["text"], big["url"])
    assert "more than the limit" in reject["reason"]
    assert graph.stats() == before
