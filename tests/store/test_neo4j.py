"""Neo4jStore specifics against the real server: connection errors, user Cypher,
concurrent writers, and the Cypher files themselves."""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphkit import errors
from graphkit.config import Settings
from graphkit.cypher_files import load_query, query_parameters
from graphkit.models import Article, Extraction
from graphkit.store import neo4j as neo4j_package
from graphkit.store.base import GraphStore
from graphkit.store.neo4j import Neo4jStore, writes
from graphkit.store.snapshot import Snapshot
from store.fixture_graph import KOR, NATO, article_one, both_articles, rel

pytestmark = pytest.mark.neo4j


def connect(settings: Settings, uri: str | None = None, **options: Any) -> Neo4jStore:
    return Neo4jStore.connect(
        uri or settings.neo4j_uri,
        settings.neo4j_user,
        settings.resolved_password(),
        database=settings.neo4j_database,
        **options,
    )


@pytest.fixture
def graph(neo4j_store: GraphStore) -> Iterator[GraphStore]:
    neo4j_store.write_batch(both_articles())
    yield neo4j_store


# ------------------------------------------------------------ connecting


def test_wrong_port_is_store_unavailable() -> None:
    with pytest.raises(errors.StoreUnavailable, match="GRAPHKIT_NEO4J_URI"):
        Neo4jStore.connect("bolt://127.0.0.1:1", "neo4j", "secret")


def test_missing_password_names_the_setting() -> None:
    with pytest.raises(errors.ConfigError) as info:
        Neo4jStore.connect("bolt://127.0.0.1:1", "neo4j", None)
    assert info.value.setting == "GRAPHKIT_NEO4J_PASSWORD"


def test_bad_uri_names_the_setting() -> None:
    with pytest.raises(errors.ConfigError) as info:
        Neo4jStore.connect("http//nowhere", "neo4j", "secret")
    assert info.value.setting == "GRAPHKIT_NEO4J_URI"


def test_wrong_password_is_auth_error(neo4j_settings: Settings, neo4j_store: GraphStore) -> None:
    with pytest.raises(errors.AuthError) as info:
        Neo4jStore.connect(neo4j_settings.neo4j_uri, neo4j_settings.neo4j_user, "not-the-password")
    assert info.value.setting == "GRAPHKIT_NEO4J_PASSWORD"


def test_neo4j_scheme_and_existing_driver(neo4j_settings: Settings, graph: GraphStore) -> None:
    routed = connect(neo4j_settings, neo4j_settings.neo4j_uri.replace("bolt://", "neo4j://"))
    try:
        assert routed.stats().actors == 8
    finally:
        routed.close()
    driver = neo4j.GraphDatabase.driver(
        neo4j_settings.neo4j_uri,
        auth=(neo4j_settings.neo4j_user, neo4j_settings.resolved_password() or ""),
    )
    with driver:
        store = Neo4jStore(driver, neo4j_settings.neo4j_database)
        found = store.resolve_actor("Pyongyang")
        assert found is not None and found.id == "PRK"


def test_query_time_outage_is_store_unavailable() -> None:
    driver = neo4j.GraphDatabase.driver(
        "bolt://127.0.0.1:1", auth=("neo4j", "x"), connection_timeout=1.0
    )
    store = Neo4jStore(driver, "neo4j", "bolt://127.0.0.1:1", retry_time=1.0)
    with pytest.raises(errors.StoreUnavailable):
        store.stats()
    with pytest.raises(errors.StoreUnavailable):
        store.write_batch(both_articles())
    store.close()


def test_setup_is_idempotent(neo4j_store: GraphStore) -> None:
    neo4j_store.setup()
    neo4j_store.setup()
    # SHOW commands are refused in the read-only sandbox; the trusted (write) path runs them
    shown = neo4j_store.run_cypher("SHOW INDEXES YIELD name RETURN name", write=True)
    names = {r["name"] for r in shown}
    assert {"actor_id", "evidence_id", "article_id", "actor_names", "evidence_rel_key"} <= names


# ------------------------------------------------------------ user Cypher


def test_run_cypher_converts_graph_values(graph: GraphStore) -> None:
    rows = graph.run_cypher(
        "MATCH p = (a:Actor {id: $id})-[r:REQUEST]->(b:Actor) RETURN a, r, p, a.name AS name,"
        " r.firstSeen AS first",
        {"id": "NATO"},
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "NATO"
    assert row["a"]["labels"] == ["Actor"] and row["a"]["properties"]["id"] == "NATO"
    assert row["r"]["type"] == "REQUEST" and row["r"]["properties"]["weight"] == 2
    assert row["r"]["start"] == row["a"]["id"]
    assert [n["properties"]["id"] for n in row["p"]["nodes"]] == ["NATO", "KOR"]
    assert row["first"] == "2024-10-21"


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (:Actor {id: 'X', name: 'X'})",
        "MERGE (a:Actor {id: 'NATO'}) SET a.name = 'hacked'",
        "MATCH (n) DETACH DELETE n",
        "MATCH (a:Actor {id: 'NATO'}) SET a.name = 'hacked' RETURN a",
        "CALL db.createLabel('Hacked')",
        "CREATE INDEX hacked IF NOT EXISTS FOR (n:Actor) ON (n.name)",
        "MATCH (a:Actor) WITH a LIMIT 1 REMOVE a.name",
        "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Line {text: line[0]})",
        "LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line",
        "CALL dbms.listConfig() YIELD name RETURN name",
        "MATCH (a:Actor) CALL dbms.components() YIELD name RETURN a, name",
    ],
)
def test_run_cypher_refuses_writes(graph: GraphStore, query: str) -> None:
    before = graph.stats()
    with pytest.raises(errors.QueryRejected):
        graph.run_cypher(query)
    assert graph.stats() == before
    nato = graph.resolve_actor("NATO")
    assert nato is not None and nato.name == "NATO"


def test_run_cypher_allows_catalogue_procedures(graph: GraphStore) -> None:
    labels = {r["label"] for r in graph.run_cypher("CALL db.labels() YIELD label RETURN label")}
    assert {"Actor", "Evidence", "Article"} <= labels
    hits = graph.run_cypher(
        "CALL db.index.fulltext.queryNodes('actor_names', 'pyongyang') YIELD node "
        "RETURN node.id AS id"
    )
    assert hits == [{"id": "PRK"}]


def test_run_cypher_write_when_allowed(graph: GraphStore) -> None:
    rows = graph.run_cypher(
        "MATCH (a:Actor {id: 'NATO'}) SET a.sector = 'IGO' RETURN a.sector AS s", write=True
    )
    assert rows == [{"s": "IGO"}]


def test_run_cypher_row_cap_and_errors(graph: GraphStore) -> None:
    rows = graph.run_cypher("UNWIND range(1, 5000) AS x RETURN x", row_cap=100)
    assert [r["x"] for r in rows] == list(range(1, 101))
    with pytest.raises(errors.QueryRejected, match="Invalid input"):
        graph.run_cypher("MATCH (n RETURN n")
    with pytest.raises(errors.QueryRejected):
        graph.run_cypher("   ")
    with pytest.raises(errors.QueryRejected, match="longer than"):
        graph.run_cypher(
            "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7919 = -1 RETURN count(x)",
            timeout=0.5,
        )


# ------------------------------------------------------------ concurrency


def test_concurrent_writers_converge(neo4j_settings: Settings, neo4j_store: GraphStore) -> None:
    """Eight writers, each with its own article citing NATO -REQUEST-> KOR, plus the two
    fixture articles written by all of them at once: no duplicate, exact weights."""
    stores = [connect(neo4j_settings) for _ in range(4)]
    failures: list[BaseException] = []

    def writer(store: Neo4jStore, n: int) -> None:
        try:
            for i in range(n, 8, 4):
                art = Article(id=f"conc-{i}", text=f"request {i}", published=date(2024, 3, i + 1))
                r = rel(art, NATO, "REQUEST", KOR, f"NATO asks KOR ({i})", 0)
                store.write_batch([Extraction(article=art, relations=[r]), *both_articles()])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert failures == []
    st = neo4j_store.stats()
    assert (st.actors, st.relationships, st.articles, st.evidence) == (8, 12, 10, 15 + 8)
    (req,) = neo4j_store.relations("NATO", "KOR", "REQUEST")
    assert req.weight == 2 + 8
    assert req.first_seen == date(2024, 3, 1)
    dupes = neo4j_store.run_cypher(
        "MATCH (a:Actor) WITH a.id AS id, count(*) AS n WHERE n > 1 RETURN id"
    )
    assert dupes == []


# ------------------------------------------------------------ snapshots


def test_a_store_leaves_the_garbage_collector_alone(
    neo4j_settings: Settings, neo4j_store: GraphStore
) -> None:
    # freezing snapshots out of the collector is the API's choice (on_snapshot), not
    # the store's: a notebook's store builds one and freezes nothing
    neo4j_store.write_batch([article_one()])
    store = connect(neo4j_settings, snapshot_mode="sync")
    frozen = gc.get_freeze_count()
    try:
        assert store.snapshot_state() == "snapshot"
        assert store.snapshot() is not None
        assert gc.get_freeze_count() == frozen
    finally:
        store.close()


def test_on_snapshot_sees_each_snapshot_built(
    neo4j_settings: Settings, neo4j_store: GraphStore
) -> None:
    seen: list[Snapshot] = []
    store = connect(neo4j_settings, snapshot_mode="sync", on_snapshot=seen.append)
    try:
        neo4j_store.write_batch([article_one()])
        first = store.snapshot()
        assert first is not None
        assert seen == [first]
        assert store.snapshot() is first  # current: not built again
        store.write_batch(both_articles())
        second = store.snapshot()
        assert second is not None
        assert second is not first
        assert seen == [first, second]
    finally:
        store.close()


# ------------------------------------------------------------ Cypher files

_SOURCE = "\n".join(
    p.read_text(encoding="utf-8") for p in sorted(Path(neo4j_package.__file__).parent.glob("*.py"))
)
STORE_QUERIES = sorted(
    set(re.findall(r'(?:load_query|_read)\(\s*"([a-z_]+)"', _SOURCE)) | set(writes.SETUP_QUERIES)
)


@pytest.mark.parametrize("name", STORE_QUERIES)
def test_cypher_file_header_names_its_parameters(name: str) -> None:
    text = load_query(name)
    header = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("//"))
    assert header.startswith("// params:")
    for param in query_parameters(name):
        assert f"${param}" in header, f"{name}.cypher does not name ${param} in its header"
