"""API fixtures: the real app over each real store, loaded with the store fixture graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from helpers import free_port
from store.fixture_graph import both_articles

from graphkit.config import Settings
from graphkit.store.base import GraphStore

API_KEY = "test-key-7f3a9c"
# The Host FastAPI's TestClient sends, and schemathesis's over ASGI; the API answers
# only the hosts it is configured for (GRAPHKIT_API_ALLOWED_HOSTS).
TEST_HOST = "testserver"
TEST_HOSTS = [TEST_HOST, "localhost"]


def api_settings(**overrides: object) -> Settings:
    """Settings for an app driven in-process (TestClient, schemathesis): its Host allowed."""
    return Settings(**{"api_allowed_hosts": TEST_HOSTS, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    """Each backend's store holding the two fixture articles."""
    store.write_batch(both_articles())
    return store


@pytest.fixture
def client(graph: GraphStore) -> Iterator[TestClient]:
    """The app serving ``graph``, with an API key configured."""
    app = create_app(api_settings(api_key=API_KEY), store=graph)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def keyless_client(graph: GraphStore) -> Iterator[TestClient]:
    """The app with no API key configured: writes and Cypher are refused."""
    app = create_app(api_settings(api_key=None), store=graph)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def down_client() -> Iterator[TestClient]:
    """The app pointed at a Neo4j that is not there (a closed loopback port)."""
    settings = api_settings(
        store="neo4j",
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="irrelevant",
        api_key=API_KEY,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c
