"""The Neo4j connection: the driver, sessions, retried transactions, error mapping.

Driver errors meaning "the server is gone" become ``StoreUnavailable``; bad
credentials become ``AuthError``. Once a call has found the server gone, later calls
are not retried until one succeeds, so every route answers 503 at once.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as nx4j
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as Neo4jPath

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.store.neo4j.probe import open_driver

T = TypeVar("T")

# concurrent MERGEs of one new key may trip a uniqueness constraint; the driver only
# retries transient errors, so these are retried here
CONFLICT_RETRIES = 5
# concurrent ingests deadlock now and then; the driver's retry window is kept short
DEADLOCK_RETRY_SECONDS = 30.0
_DOWN = (nx4j.ServiceUnavailable, nx4j.SessionExpired, nx4j.IncompleteCommit, OSError)


def connect_driver(uri: str, user: str, password: str | None, timeout: float) -> neo4j.Driver:
    """A driver to ``uri`` (``bolt://`` or ``neo4j://``); not yet checked to answer.

    Raises:
        ConfigError: no password, or a malformed URI.
    """
    if not password:
        raise errors.ConfigError(
            "No Neo4j password: set GRAPHKIT_NEO4J_PASSWORD, or start the embedded "
            "server with `graphkit neo4j start`, which writes one",
            setting="GRAPHKIT_NEO4J_PASSWORD",
        )
    return open_driver(uri, user, password, timeout)


class Neo4jSession:
    """A database reached through one driver: sessions and transactions, retried."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str, *, retry_time: float) -> None:
        self._driver = driver
        self.database = database
        self.uri = uri or "the configured URI"
        self.retry_time = retry_time
        # causal consistency in a cluster: each session starts from the bookmarks of the
        # store's earlier ones, so a read on a follower waits until it has this store's
        # own writes (an API worker reads what it just wrote); one server ignores them
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        # set when a call found the server gone, cleared by the next call that succeeds
        self._unreachable = False

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Translate driver errors into graphkit's."""
        try:
            yield
        except nx4j.AuthError as exc:
            raise errors.AuthError(
                f"Neo4j at {self.uri} refused the credentials: {exc.message}",
                setting="GRAPHKIT_NEO4J_PASSWORD",
            ) from exc
        except _DOWN as exc:
            self._unreachable = True
            raise errors.StoreUnavailable(
                f"Neo4j is not reachable at {self.uri} (check GRAPHKIT_NEO4J_URI; "
                "start it with `graphkit neo4j start`)"
            ) from exc
        except nx4j.DatabaseUnavailable as exc:
            raise errors.StoreUnavailable(
                f"Neo4j database {self.database!r} at {self.uri} is unavailable: {exc.message}"
            ) from exc
        except nx4j.ClientError as exc:
            if exc.code and exc.code.endswith("DatabaseNotFound"):
                raise errors.ConfigError(
                    f"Neo4j has no database {self.database!r}", setting="GRAPHKIT_NEO4J_DATABASE"
                ) from exc
            if exc.code is None:
                # a ClientError without a server code comes from the driver itself: the
                # pool found no connection within connection_acquisition_timeout
                self._unreachable = True
                raise errors.StoreUnavailable(
                    f"Neo4j at {self.uri} did not answer in time: {exc.message}"
                ) from exc
            raise
        else:
            self._unreachable = False

    def _session(self, access: str, **extra: Any) -> neo4j.Session:
        """A session in ``access`` mode (``neo4j.READ_ACCESS`` or ``WRITE_ACCESS``: a
        cluster routes the first to any member, the second to the leader), sharing the
        store's bookmarks so that it sees every write this store committed before."""
        return self._driver.session(
            database=self.database,
            default_access_mode=access,
            bookmark_manager=self._bookmarks,
            notifications_min_severity="OFF",
            # no retries while the server is known to be gone: fail fast, answer 503
            max_transaction_retry_time=0.0 if self._unreachable else self.retry_time,
            **extra,
        )

    def _read_text(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run the statement ``query`` in a managed (retried) read transaction."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, params)]

        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query in a managed (retried) read transaction."""
        return self._read_text(load_query(name), params)

    def _read_values(self, name: str, **params: Any) -> list[list[Any]]:
        """Like ``_read`` but each row as a list of values in column order (cheaper to
        decode than dicts, for queries returning thousands of rows)."""
        query = load_query(name)

        def work(tx: neo4j.ManagedTransaction) -> list[list[Any]]:
            return [r.values() for r in tx.run(query, params)]

        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction, retrying constraint races and deadlocks.

        The driver's own retries stop after ``retry_time`` (short, so that a server that is
        gone is reported at once); concurrent writers that keep deadlocking each other are
        given up to ``DEADLOCK_RETRY_SECONDS`` in all, since the server is there.
        """
        deadline = time.monotonic() + DEADLOCK_RETRY_SECONDS
        attempt = 0
        while True:
            try:
                with self._guard(), self._session(neo4j.WRITE_ACCESS) as session:
                    return session.execute_write(work)
            except nx4j.ConstraintError:
                # two writers MERGEd the same new key: the loser retries and now matches
                attempt += 1
                if attempt > CONFLICT_RETRIES:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * attempt)
            except nx4j.TransientError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.1, 0.5))

    def ping(self) -> None:
        """Return if the server answers.

        Raises:
            StoreUnavailable: otherwise.
        """
        with self._guard():
            self._driver.verify_connectivity()

    def close(self) -> None:
        """Close the driver; errors closing a driver to a gone server are ignored."""
        with contextlib.suppress(Exception):
            self._driver.close()


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a driver value: nodes, relationships and paths as dicts."""
    if isinstance(value, Node):
        return {
            "id": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: plain(v) for k, v in value.items()},
        }
    if isinstance(value, Relationship):
        return {
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": {k: plain(v) for k, v in value.items()},
        }
    if isinstance(value, Neo4jPath):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time temporal types
        return value.iso_format()
    return str(value)
