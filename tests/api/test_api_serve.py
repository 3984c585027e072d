"""``graphkit serve`` run as a user would: a real uvicorn process on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
from conftest import closed_port, serve


def test_serve_memory_store_on_loopback(tmp_path: Path) -> None:
    env = {"GRAPHKIT_HOME": str(tmp_path), "GRAPHKIT_API_KEY": "k"}
    with serve(env, "--store", "memory") as base:
        assert base.startswith("http://127.0.0.1:")
        assert httpx.get(base + "/ready").json()["store"] == "memory"
        assert httpx.get(base + "/stats").json()["actors"] == 0
        r = httpx.get(base + "/actors", params={"q": "x", "limit": 0})
        assert r.status_code == 422
        assert httpx.get(base + "/openapi.json").json()["info"]["title"] == "graphkit"
        # CORS is closed by default: no allow-origin header for a foreign origin
        r = httpx.get(base + "/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_serve_starts_while_neo4j_is_down(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_STORE": "neo4j",
        "GRAPHKIT_NEO4J_URI": f"bolt://127.0.0.1:{closed_port()}",
        "GRAPHKIT_NEO4J_PASSWORD": "whatever",
    }
    with serve(env) as base:
        assert httpx.get(base + "/health").status_code == 200
        r = httpx.get(base + "/ready")
        assert r.status_code == 503
        assert "Neo4j" in r.json()["message"]
        r = httpx.get(base + "/actors/PRK/neighbourhood")
        assert r.status_code == 503
        assert "Traceback" not in r.text


def test_serve_cors_only_for_configured_origins(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_CORS_ORIGINS": '["https://analyst.example"]',
    }
    with serve(env, "--store", "memory") as base:
        ok = httpx.get(base + "/health", headers={"Origin": "https://analyst.example"})
        assert ok.headers.get("access-control-allow-origin") == "https://analyst.example"
        bad = httpx.get(base + "/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in bad.headers
