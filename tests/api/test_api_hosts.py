"""The Host allow-list (GRAPHKIT_API_ALLOWED_HOSTS): the defence against DNS rebinding.

A page on another site can point its own name at 127.0.0.1 and have the user's browser
read the local API; the browser then sends that site's name as ``Host``, which the API
refuses with 400 before any route runs.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from helpers import serve

from graphkit.config import Settings
from graphkit.store.memory import MemoryStore


def test_default_allows_loopback_names_and_the_bind_address() -> None:
    assert Settings(api_host="127.0.0.1").allowed_hosts() == ["127.0.0.1", "localhost"]
    assert "10.0.0.5" in Settings(api_host="10.0.0.5").allowed_hosts()
    assert Settings(api_allowed_hosts=["graph.internal"]).allowed_hosts() == ["graph.internal"]


def test_served_api_refuses_a_foreign_host_and_answers_loopback(tmp_path: Path) -> None:
    with serve({"GRAPHKIT_HOME": str(tmp_path)}, "--store", "memory") as base:
        port = base.rsplit(":", 1)[1]
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.evil.example"):
            for path in ("/health", "/stats", "/actors?q=x", "/"):
                r = httpx.get(base + path, headers={"Host": host})
                assert r.status_code == 400, (host, path, r.status_code)
                assert "Invalid host header" in r.text
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            assert httpx.get(base + "/stats", headers={"Host": host}).status_code == 200, host
        # a POST with a foreign Host is refused before the key is even looked at
        r = httpx.post(base + "/cypher", json={"query": "RETURN 1"}, headers={"Host": "a.example"})
        assert r.status_code == 400


def test_configured_hosts_replace_the_default(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_API_ALLOWED_HOSTS": '["graph.internal", "127.0.0.1"]',
    }
    with serve(env, "--store", "memory") as base:
        assert httpx.get(base + "/health", headers={"Host": "graph.internal"}).status_code == 200
        for refused in ("other.internal", "localhost"):  # the default list no longer applies
            assert httpx.get(base + "/health", headers={"Host": refused}).status_code == 400


def test_testclient_host_needs_configuring() -> None:
    # the default does not include TestClient's "testserver": fixtures allow it explicitly
    with TestClient(create_app(Settings(), store=MemoryStore())) as c:
        assert c.get("/health").status_code == 400
    allowed = Settings(api_allowed_hosts=["testserver"])
    with TestClient(create_app(allowed, store=MemoryStore())) as c:
        assert c.get("/health").status_code == 200
