"""Two real API worker processes share one traversal snapshot per graph version."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from helpers import neo4j_env, serve

from graphkit.config import Settings
from graphkit.store.base import GraphStore
from tests.store.fixture_graph import both_articles
from tests.store.test_snapshot import with_a_threat


def wait_for_snapshots(base: str) -> None:
    """Until every worker answers from a current snapshot (connections land at random)."""
    deadline = time.monotonic() + 90
    while True:
        states = {httpx.get(base + "/ready").json()["traversal"] for _ in range(12)}
        if states == {"snapshot"}:
            return
        assert states <= {"snapshot", "building"}, states
        assert time.monotonic() < deadline, "no snapshot after 90 s"
        time.sleep(0.3)


def edge_types(base: str) -> set[str]:
    nb = httpx.get(base + "/actors/PRK/neighbourhood", params={"depth": 1}).json()
    return {e["type"] for e in nb["edges"]}


def test_two_workers_build_one_snapshot_and_swap_together(
    tmp_path: Path, neo4j_store: GraphStore, neo4j_settings: Settings
) -> None:
    neo4j_store.write_batch(both_articles())
    shared = tmp_path / "snapshots"
    env = {**neo4j_env(tmp_path, neo4j_settings), "GRAPHKIT_SNAPSHOT_DIR": str(shared)}
    log: list[str] = []
    with serve(env, "--workers", "2", "--log-level", "info", log=log) as base:
        wait_for_snapshots(base)
        first = [p for p in shared.iterdir() if p.is_dir()]
        assert len(first) == 1  # one version, one directory, for both workers
        made = (first[0] / "meta.json").stat().st_mtime_ns
        assert all("THREATEN" not in edge_types(base) for _ in range(6))
        # a write from another process: both workers move to the new version
        neo4j_store.write_batch([with_a_threat()])
        deadline = time.monotonic() + 90
        while not all("THREATEN" in edge_types(base) for _ in range(12)):
            assert time.monotonic() < deadline, "the workers kept the old graph"
            time.sleep(0.3)
        wait_for_snapshots(base)
        second = [p for p in shared.iterdir() if p.is_dir()]
        assert len(second) == 1 and second[0] != first[0]  # the old version is removed
        assert first[0].exists() is False
        assert (second[0] / "meta.json").stat().st_mtime_ns >= made
    lines = log[0].splitlines()
    written = [line.split(" to ")[-1] for line in lines if "snapshot written to" in line]
    mapped = [line.split(" from ")[-1] for line in lines if "snapshot mapped from" in line]
    # each version built once, by one worker; the other mapped the same files
    assert len(written) == len(set(written)) >= 2, log[0]
    assert set(mapped) <= set(written) and len(mapped) >= 2, log[0]
    assert {Path(w).name for w in written} >= {first[0].name, second[0].name}
