"""Several ``graphkit ingest`` processes at once, and a run killed mid-way, on real Neo4j.

Afterwards the graph must hold no duplicate actor, relationship, evidence or article
and equal the graph a single clean run builds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[2]
GRAPHKIT = str(ROOT / ".venv" / "bin" / "graphkit")
ARTICLES = ROOT / "data" / "articles"

pytestmark = [pytest.mark.slow]
N = 150  # articles in the interrupted run

DUPLICATE_QUERIES = {
    "actors": "MATCH (a:Actor) WITH a.id AS k, count(*) AS n WHERE n > 1 RETURN count(*) AS d",
    "relationships": (
        "MATCH (a:Actor)-[r]->(b:Actor) WITH a.id AS s, type(r) AS t, b.id AS o, count(*) AS n "
        "WHERE n > 1 RETURN count(*) AS d"
    ),
    "evidence": "MATCH (e:Evidence) WITH e.id AS k, count(*) AS n WHERE n > 1 RETURN count(*) AS d",
    "articles": "MATCH (a:Article) WITH a.id AS k, count(*) AS n WHERE n > 1 RETURN count(*) AS d",
}


def snapshot(store: GraphStore) -> tuple[object, ...]:
    stats = store.stats()
    edges = sorted((e.source, e.type, e.target, e.weight) for e in store.export().edges)
    return (stats.actors, stats.relationships, stats.evidence, stats.articles, edges)


def duplicates(store: GraphStore) -> dict[str, int]:
    return {name: store.run_cypher(q)[0]["d"] for name, q in DUPLICATE_QUERIES.items()}


def ingest_cmd(*paths: str | Path, batch: int = 4) -> list[str]:
    return [GRAPHKIT, "ingest", *map(str, paths), "--store", "neo4j", "--batch-size", str(batch)]


def clean_run(store: GraphStore, *paths: str | Path) -> tuple[object, ...]:
    store.clear()
    done = subprocess.run(ingest_cmd(*paths), capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    return snapshot(store)


@pytest.mark.parametrize("processes", [2, 4])
def test_concurrent_ingests_leave_no_duplicates(neo4j_store: GraphStore, processes: int) -> None:
    files = sorted(p for p in ARTICLES.iterdir() if not p.name.startswith("."))
    # Every process sees every article (maximum overlap) at the same time; batch
    # boundaries differ between processes, so their transactions overlap unevenly.
    runs = [
        subprocess.Popen(
            ingest_cmd(*files, batch=4 + 3 * (i % 2)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=dict(os.environ),
        )
        for i in range(processes)
    ]
    for proc in runs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "articles:" in out
    assert duplicates(neo4j_store) == dict.fromkeys(DUPLICATE_QUERIES, 0)
    together = snapshot(neo4j_store)
    assert together == clean_run(neo4j_store, *files)


def test_killed_run_resumes_without_duplicates(neo4j_store: GraphStore, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    gen = ROOT / "bench" / "gen_corpus.py"
    subprocess.run([sys.executable, gen, "--n", str(N), "--out", corpus], check=True)
    proc = subprocess.Popen(
        ingest_cmd(corpus, batch=10), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    deadline = time.monotonic() + 300
    while neo4j_store.stats().articles < 20:  # a few batches are in
        assert proc.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = neo4j_store.stats().articles
    assert 0 < partial < N
    assert partial % 10 == 0  # whole batches only: each is one transaction

    resumed = subprocess.run(
        ingest_cmd(corpus, batch=10), capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{N - partial} new, {partial} unchanged" in resumed.stdout
    assert duplicates(neo4j_store) == dict.fromkeys(DUPLICATE_QUERIES, 0)
    after_resume = snapshot(neo4j_store)
    assert after_resume == clean_run(neo4j_store, corpus)
