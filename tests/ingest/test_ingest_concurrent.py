"""Concurrent first runs on a fresh Neo4j database (issue #16, row 9).

A fresh database has no constraints or indexes; every process's ``setup()`` races to
create them. Both must succeed, and the reports' "new" counts must add up to the
number of distinct articles: each process counts only what its own writes created.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import neo4j
import pytest
from test_ingest_cli import GRAPHKIT, ROOT, SUMMARY

from graphkit.config import Settings
from graphkit.store import open_store
from graphkit.store.base import GraphStore

N = 400


def _driver(settings: Settings) -> neo4j.Driver:
    auth = (settings.neo4j_user, settings.resolved_password() or "")
    return neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth)


def schema(settings: Settings) -> tuple[int, int]:
    """(constraints, indexes other than Neo4j's own look-ups) in the database."""
    with _driver(settings) as driver:
        constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        indexes, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        )
    return len(constraints), len(indexes)


def drop_schema(settings: Settings) -> None:
    """Make the database fresh: no constraints, no indexes but Neo4j's own look-ups."""
    with _driver(settings) as driver:
        records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        for row in records:
            driver.execute_query(f"DROP CONSTRAINT `{row['name']}`")
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        )
        for row in records:
            driver.execute_query(f"DROP INDEX `{row['name']}`")
    assert schema(settings) == (0, 0)


def setup_together(store: GraphStore, barrier: threading.Barrier) -> None:
    barrier.wait(timeout=60)
    store.setup()


@pytest.fixture
def fresh(neo4j_store: GraphStore, neo4j_settings: Settings) -> Iterator[GraphStore]:
    """An empty database without any schema; the schema is back afterwards."""
    drop_schema(neo4j_settings)
    try:
        yield neo4j_store
    finally:
        neo4j_store.setup()


def test_concurrent_setup_on_a_fresh_database(fresh: GraphStore, neo4j_settings: Settings) -> None:
    fresh.setup()
    complete = schema(neo4j_settings)
    for _ in range(3):
        drop_schema(neo4j_settings)
        stores = [open_store(neo4j_settings) for _ in range(4)]
        together = threading.Barrier(len(stores))
        try:
            with ThreadPoolExecutor(len(stores)) as pool:
                # list() re-raises the first exception any set-up raised
                list(pool.map(setup_together, stores, [together] * len(stores)))
        finally:
            for store in stores:
                store.close()
        assert schema(neo4j_settings) == complete


@pytest.mark.slow
def test_two_first_ingests_count_each_article_new_once(fresh: GraphStore, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    gen = ROOT / "bench" / "gen_corpus.py"
    subprocess.run([sys.executable, gen, "--n", str(N), "--out", corpus], check=True)
    runs = [
        subprocess.Popen(
            [GRAPHKIT, "ingest", str(corpus), "--store", "neo4j", "--batch-size", str(batch)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=dict(os.environ),
        )
        for batch in (16, 25)
    ]
    new = 0
    for proc in runs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        found = SUMMARY.search(out)
        assert found, out
        created, unchanged, updated = map(int, found.groups())
        assert updated == 0
        assert created + unchanged == N  # every article accounted for by each process
        new += created
    assert new == N
    assert fresh.stats().articles == N
    duplicates = fresh.run_cypher(
        "MATCH (a:Article) WITH a.id AS k, count(*) AS n WHERE n > 1 RETURN count(*) AS d"
    )
    assert duplicates[0]["d"] == 0
    # the lock property of merge_articles.cypher never stays behind
    keys = fresh.run_cypher("MATCH (a:Article) UNWIND keys(a) AS k RETURN collect(DISTINCT k) AS k")
    assert "writeLock" not in keys[0]["k"]
