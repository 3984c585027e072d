"""API fixtures: the real app over each real store, loaded with the store fixture graph."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
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


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
        neo4j_uri=f"bolt://127.0.0.1:{closed_port()}",
        neo4j_password="irrelevant",
        api_key=API_KEY,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


ROOT = Path(__file__).resolve().parents[2]
GRAPHKIT = ROOT / ".venv" / "bin" / "graphkit"


@contextmanager
def serve(
    env: dict[str, str],
    *args: str,
    timeout: float = 60.0,
    log: list[str] | None = None,
    pids: list[int] | None = None,
) -> Iterator[str]:
    """Run ``graphkit serve`` as a user would; yield its base URL; stop it afterwards.

    Its output goes to ``log``, once it has stopped (pass ``--log-level`` in ``args``
    to see more than warnings; later options win). Its process id is appended to ``pids``.
    """
    port = closed_port()
    full_env = {**os.environ, **env}
    proc = subprocess.Popen(
        [str(GRAPHKIT), "serve", "--port", str(port), "--log-level", "warning", *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(proc.pid)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise AssertionError(
                    f"graphkit serve exited: {proc.stdout.read() if proc.stdout else ''}"
                )
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("graphkit serve did not answer /health in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not None and proc.stdout is not None:
            log.append(proc.stdout.read())
