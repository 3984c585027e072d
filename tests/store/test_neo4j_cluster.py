"""Cluster readiness against the real server, reached through ``neo4j://`` routing (the
single Community server answers routing requests as its own router, reader and writer):
every store call opens its session in the access mode a cluster routes by, runs in a
managed (retried) transaction, and shares the store's bookmarks, so a store reads its
own writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from neo4j import exceptions as nx4j

from graphkit.config import Settings
from graphkit.store.base import GraphStore
from graphkit.store.neo4j import Neo4jStore
from store.fixture_graph import both_articles

pytestmark = pytest.mark.neo4j


class _Recorded:
    """A driver session that notes how each unit of work was run (then runs it)."""

    def __init__(self, session: neo4j.Session, mode: str, calls: list[tuple[str, str]]) -> None:
        self._session, self._mode, self._calls = session, mode, calls

    def __enter__(self) -> _Recorded:
        self._session.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._session.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        if name in {"execute_read", "execute_write", "run", "begin_transaction"}:
            self._calls.append((self._mode, name))
        return getattr(self._session, name)


@pytest.fixture
def routed(neo4j_settings: Settings, neo4j_store: GraphStore) -> Iterator[Neo4jStore]:
    uri = neo4j_settings.neo4j_uri.replace("bolt://", "neo4j://")
    assert uri.startswith("neo4j://127.0.0.1:")
    store = Neo4jStore.connect(
        uri,
        neo4j_settings.neo4j_user,
        neo4j_settings.resolved_password(),
        database=neo4j_settings.neo4j_database,
        snapshot_mode="off",
    )
    # clear() leaves labels graphkit does not write: the probes go by hand
    store.run_cypher("MATCH (p:Probe) DELETE p", write=True)
    yield store
    store.run_cypher("MATCH (p:Probe) DELETE p", write=True)
    store.close()


def _record(store: Neo4jStore) -> tuple[list[tuple[str, str]], list[Any]]:
    """Note every session ``store`` opens from now on: (mode, call) and its bookmark manager."""
    calls: list[tuple[str, str]] = []
    managers: list[Any] = []
    driver = store._driver
    open_session = driver.session

    def session(**config: Any) -> _Recorded:
        managers.append(config.get("bookmark_manager"))
        mode = config.get("default_access_mode")
        return _Recorded(open_session(**config), mode, calls)

    driver.session = session  # type: ignore[method-assign]
    return calls, managers


def test_routed_store_reads_its_own_writes_in_the_right_modes(routed: Neo4jStore) -> None:
    calls, managers = _record(routed)
    summary = routed.write_batch(both_articles())
    assert summary.evidence > 0
    # writes: a WRITE session, a managed (retried) transaction, and nothing else
    assert calls == [(neo4j.WRITE_ACCESS, "execute_write")]
    del calls[:]
    # read at once, through the router: the bookmarks make the read wait for the write
    stats = routed.stats()
    assert stats.evidence == summary.evidence
    assert stats.actors == 8
    assert [e.type for e in routed.evidence("NATO", "REQUEST", "KOR")] == ["REQUEST"] * 2
    edges = routed.neighbourhood("PRK", depth=1).edges
    assert any({e.source, e.target} == {"PRK", "RUS"} for e in edges)
    assert calls and all(c == (neo4j.READ_ACCESS, "execute_read") for c in calls), calls
    # one bookmark manager for every session of the store, holding the write's bookmark
    assert len({id(m) for m in managers}) == 1 and managers[0] is not None
    assert managers[0].get_bookmarks()


def test_the_server_refuses_a_write_in_a_read_session(routed: Neo4jStore) -> None:
    # what a READ session is for: a cluster may route it to a follower, which cannot write
    with routed._session(neo4j.READ_ACCESS) as session, pytest.raises(nx4j.ClientError) as info:
        session.execute_read(lambda tx: tx.run("CREATE (:Probe)").consume())
    assert info.value.code is not None and "AccessMode" in info.value.code
    assert routed.run_cypher("MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 0}]


def test_user_cypher_runs_in_the_mode_asked(routed: Neo4jStore) -> None:
    calls, _ = _record(routed)
    routed.run_cypher("MATCH (a:Actor) RETURN count(a) AS n")
    assert calls and {mode for mode, _ in calls} == {neo4j.READ_ACCESS}
    del calls[:]
    routed.run_cypher("CREATE (:Probe) RETURN 1 AS one", write=True)
    assert calls and {mode for mode, _ in calls} == {neo4j.WRITE_ACCESS}
    assert routed.run_cypher("MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 1}]
