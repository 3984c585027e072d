"""``graphkit serve`` run as a user would: a real uvicorn process on loopback."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
from helpers import GRAPHKIT, free_port, neo4j_env, serve

from graphkit.config import Settings
from graphkit.store.base import GraphStore
from tests.store.fixture_graph import both_articles


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
        "GRAPHKIT_NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
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


def refused_serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``graphkit serve --store memory *args``, which must exit with code 2 at once."""
    out = subprocess.run(
        [str(GRAPHKIT), "serve", "--store", "memory", *args],
        env={**os.environ, "GRAPHKIT_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "graphkit API on" not in out.stdout  # refused before anything starts
    return out


def test_serve_workers_need_the_neo4j_store(tmp_path: Path) -> None:
    out = refused_serve(tmp_path, "--workers", "2")
    assert "GRAPHKIT_API_WORKERS" in out.stderr + out.stdout


def test_serve_refuses_an_unknown_log_level(tmp_path: Path) -> None:
    out = refused_serve(tmp_path, "--log-level", "chatty")
    assert "--log-level must be one of" in out.stderr


def test_serve_two_workers_answer_from_their_snapshots(
    tmp_path: Path, neo4j_store: GraphStore, neo4j_settings: Settings
) -> None:
    neo4j_store.write_batch(both_articles())
    env = neo4j_env(tmp_path, neo4j_settings)
    log: list[str] = []
    with serve(env, "--workers", "2", "--log-level", "info", log=log) as base:
        # fresh connections land on either worker; each builds its own snapshot
        deadline = time.monotonic() + 60
        while True:
            states = {httpx.get(base + "/ready").json()["traversal"] for _ in range(12)}
            if states == {"snapshot"}:
                break
            assert states <= {"snapshot", "building"}, states
            assert time.monotonic() < deadline, "no snapshot after 60 s"
            time.sleep(0.5)
        for _ in range(6):
            nb = httpx.get(base + "/actors/Pyongyang/neighbourhood", params={"depth": 1}).json()
            assert nb["focus"] == "PRK"
            assert {(e["source"], e["type"], e["target"]) for e in nb["edges"]} >= {
                ("PRK", "MOBILIZE", "RUS"),
                ("KOR", "HOSTILE_TO", "PRK"),
            }
            path = httpx.get(base + "/paths", params={"from": "NATO", "to": "RUS"}).json()
            ids = [n["id"] for n in path["paths"][0]["nodes"]]
            assert (ids[0], ids[-1]) == ("NATO", "RUS")
    # graphkit's own messages reach the server log, in uvicorn's format
    assert "INFO:     traversal snapshot ready:" in log[0]
