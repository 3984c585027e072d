"""``Neo4jStore``: the graph model in Neo4j, through the official driver.

Every statement lives in ``cypher/<verb>_<noun>.cypher`` (loaded with ``load_query``)
and takes parameters. Two kinds of value are ever placed into query text, both
validated first and both documented in their files:

* ``merge_relationships`` and ``lock_relationships`` hold ``{TYPE}``: a static type lets
  Neo4j expand only that type's relationships of a dense actor (a dynamic ``$(row.type)``
  reads them all). ``typed_query`` substitutes a type only once ``Ontology.check_types``
  accepted it and it is UPPER_SNAKE_CASE;
* ``find_paths.cypher`` holds ``{MAX_HOPS}`` and ``{SELECTOR}``: Neo4j 5.26 takes no
  parameter for a quantifier bound nor for ``SHORTEST k``, so ``paths()`` substitutes
  a fixed selector string and Python ints it has range-checked (``traversal.check_paths``).

Driver errors meaning "the server is gone" become ``StoreUnavailable``; bad
credentials become ``AuthError``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import logging
import random
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Literal, TypeVar

import neo4j
from neo4j import exceptions as nx4j
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as Neo4jPath

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.models import (
    Actor,
    ActorNode,
    Edge,
    EdgeFilter,
    EncodedSubgraph,
    EvidenceRecord,
    Extraction,
    Stats,
    Subgraph,
    WriteSummary,
)
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.store import record, user_cypher
from graphkit.store.base import CypherRows, GraphStore, PathMode, orient, rel_key
from graphkit.store.snapshot import Snapshot as Topology
from graphkit.store.traversal import (
    bfs_rings,
    cap_edges,
    check_neighbourhood,
    check_paths,
    edge_cap,
    pick_strongest,
    rank_paths,
)

T = TypeVar("T")
log = logging.getLogger("graphkit.store")

SETUP_QUERIES = (
    "create_actor_constraint",
    "create_article_constraint",
    "create_evidence_constraint",
    "create_evidence_key_index",
    "create_evidence_article_index",
    "create_actor_id_index",
    "create_actor_name_index",
    "create_actor_fulltext",
    "create_graph_version_constraint",
    "await_indexes",
)
TraversalIndex = Literal["background", "sync", "off"]
# How long a stamp read stays good for. This store's own writes forget the stamp at
# once, so only another process's write can go unseen, and for at most this long. Each
# read costs Neo4j about a millisecond of CPU: at 20 ms, two busy API workers spent a
# quarter of a 2-core machine on stamp reads.
STAMP_TTL = 0.1
# Snapshots of at least this many actors and relationships are frozen out of Python's
# garbage collector once built; below it, the full collection that comes first costs
# more than the pauses it saves.
FREEZE_AT = 50_000
# concurrent MERGEs of one new key may trip a uniqueness constraint; the driver only
# retries transient errors, so these are retried here
CONFLICT_RETRIES = 5
# concurrent ingests deadlock now and then; the driver's retry window is kept short
DEADLOCK_RETRY_SECONDS = 30.0
# schema creation racing another process's: deadlocks are retried this many times, and
# these answers mean the other process created the rule first
SETUP_RETRIES = 10
SCHEMA_EXISTS = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)
_DOWN = (nx4j.ServiceUnavailable, nx4j.SessionExpired, nx4j.IncompleteCommit, OSError)


class Neo4jStore(GraphStore):
    """The production store: a Neo4j 5 database reached over Bolt."""

    name = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = "neo4j",
        uri: str = "",
        *,
        retry_time: float = 8.0,
        traversal_index: TraversalIndex = "background",
    ) -> None:
        """Use an existing driver.

        Args:
            driver: an open ``neo4j.Driver``; ``close()`` closes it.
            database: the database to use.
            uri: the driver's URI, for error messages.
            retry_time: how long a transaction is retried on transient errors (deadlocks,
                a server briefly gone) before the error surfaces: short, so that an API
                answers 503 quickly when Neo4j is down.
            traversal_index: how neighbourhoods and shortest paths use a
                ``Topology`` snapshot of the graph: ``background`` answers with Cypher
                while a snapshot is (re)built in a thread after the graph changed,
                ``sync`` builds it before answering, ``off`` always uses Cypher.
        """
        self._driver = driver
        self.database = database
        self.uri = uri or "the configured URI"
        self.retry_time = retry_time
        self.traversal_index = traversal_index
        self._topology: Topology | None = None
        self._topology_lock = threading.Lock()
        self._topology_thread: threading.Thread | None = None
        self._checked: tuple[Any, float] = (None, 0.0)  # last stamp read, and when
        self._stamp_lock = threading.Lock()
        # set when a call found the server gone, cleared by the next call that succeeds
        self._unreachable = False

    @classmethod
    def connect(
        cls,
        uri: str,
        user: str,
        password: str | None,
        database: str = "neo4j",
        *,
        traversal_index: TraversalIndex = "background",
        timeout: float = 2.0,
    ) -> Neo4jStore:
        """Open a driver to ``uri`` (``bolt://`` or ``neo4j://``) and check it answers.

        ``timeout`` bounds how long a call waits for a server that is not there: opening
        a connection, waiting for one from the pool, and retrying a transaction (the
        driver retries transient errors, deadlocks and a lost server alike, with backoff,
        for this long). Once a call has found the server gone, later calls are not
        retried at all until one succeeds, so every route answers 503 at once.

        Raises:
            ConfigError: no password, or a malformed URI.
            AuthError: the server refused the credentials.
            StoreUnavailable: nothing answers at ``uri``.
        """
        if not password:
            raise errors.ConfigError(
                "No Neo4j password: set GRAPHKIT_NEO4J_PASSWORD, or start the embedded "
                "server with `graphkit neo4j start`, which writes one",
                setting="GRAPHKIT_NEO4J_PASSWORD",
            )
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=timeout,
                # the default is 60 s: a pool waiting on a server that does not answer
                # held requests that long
                connection_acquisition_timeout=timeout,
            )
        except (ValueError, nx4j.ConfigurationError) as exc:
            raise errors.ConfigError(
                f"Invalid Neo4j URI {uri!r}: {exc}", setting="GRAPHKIT_NEO4J_URI"
            ) from exc
        store = cls(driver, database, uri, retry_time=timeout, traversal_index=traversal_index)
        try:
            store.ping()
        except errors.GraphkitError:
            driver.close()
            raise
        return store

    # ------------------------------------------------------------ plumbing
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

    def _session(self, access: str = neo4j.WRITE_ACCESS, **extra: Any) -> neo4j.Session:
        return self._driver.session(
            database=self.database,
            default_access_mode=access,
            notifications_min_severity="OFF",
            # no retries while the server is known to be gone: fail fast, answer 503
            max_transaction_retry_time=0.0 if self._unreachable else self.retry_time,
            **extra,
        )

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query in a managed (retried) read transaction."""
        query = load_query(name)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, params)]

        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

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
                with self._guard(), self._session() as session:
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

    # ----------------------------------------------------------- lifecycle
    def setup(self) -> None:
        """Create the constraints and indexes; safe while another process does the same.

        Two first runs on a fresh database race to create the same schema: Neo4j may
        answer one with a deadlock (transient: retried) or with "an equivalent rule
        already exists" (the other process made it: done).
        """
        with self._guard(), self._session() as session:
            for name in SETUP_QUERIES:
                self._create_schema(session, name)

    def _create_schema(self, session: neo4j.Session, name: str) -> None:
        query = load_query(name)
        for attempt in range(SETUP_RETRIES + 1):
            try:
                session.run(query).consume()
                return
            except nx4j.TransientError:
                if attempt == SETUP_RETRIES:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
            except nx4j.ClientError as exc:
                if exc.code in SCHEMA_EXISTS:
                    return
                raise

    def ping(self) -> None:
        with self._guard():
            self._driver.verify_connectivity()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._driver.close()

    def clear(self) -> None:
        with self._guard(), self._session() as session:
            # CALL ... IN TRANSACTIONS needs an auto-commit transaction
            session.run(load_query("delete_graph_relationships")).consume()
            session.run(load_query("delete_graph")).consume()
        self._forget_stamp()

    # ------------------------------------------------------------- writes
    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        latest: dict[str, Extraction] = {}
        for ex in extractions:
            latest[ex.article.id] = ex  # the last occurrence of an article counts
        # validate every type up front: a bad batch writes nothing
        typed = {
            aid: [(r, record.check_relation(r)) for r in ex.relations] for aid, ex in latest.items()
        }

        def work(tx: neo4j.ManagedTransaction) -> WriteSummary:
            summary = WriteSummary()
            # new / unchanged / updated is what this transaction found under the
            # articles' locks, not a check made earlier: concurrent ingests of the same
            # articles then count each one new exactly once between them
            stored = {
                r["id"]: r["before"]
                for r in tx.run(
                    load_query("merge_articles"),
                    articles=[record.article_props(ex.article) for ex in latest.values()],
                )
            }
            fresh = [ex for aid, ex in latest.items() if stored.get(aid) != ex.article.content_hash]
            summary.articles_unchanged = len(latest) - len(fresh)
            updated = [ex.article.id for ex in fresh if stored.get(ex.article.id) is not None]
            summary.articles_updated = len(updated)
            summary.articles_new = len(fresh) - len(updated)
            if not fresh:
                return summary
            touched: dict[str, dict[str, str]] = {}
            if updated:
                for row in tx.run(load_query("find_article_evidence_keys"), ids=updated):
                    _touch(touched, row["source"], row["type"], row["target"])
                tx.run(load_query("delete_article_evidence"), ids=updated).consume()
            actors = record.batch_actors(
                [r for ex in fresh for r, _ in typed[ex.article.id]],
                [a for ex in fresh for a in ex.actors],
            )
            summary.actors = tx.run(
                load_query("merge_actors"), actors=[_actor_row(a) for a in actors]
            ).single(strict=True)["written"]
            evidence: dict[str, dict[str, Any]] = {}
            new_keys: dict[str, dict[str, str]] = {}
            for ex in fresh:
                for rel, rel_type in typed[ex.article.id]:
                    src, tgt = orient(rel.source.id, rel_type, rel.target.id)
                    key = _touch(new_keys, src, rel_type, tgt)
                    evidence.setdefault(rel.evidence_id, record.evidence_props(rel, rel_type, key))
            summary.evidence = tx.run(
                load_query("merge_evidence"), evidence=list(evidence.values())
            ).single(strict=True)["created"]
            # lock in a stable order so concurrent writers rarely deadlock (and retry if so)
            rids = _by_type(tx, "merge_relationships", "rels", new_keys)
            old_only = {k: v for k, v in touched.items() if k not in new_keys}
            if old_only:
                rids.update(_by_type(tx, "lock_relationships", "keys", old_only))
            keys = _sorted({**touched, **new_keys})
            # every touched relationship is locked now: counting its evidence sees all
            # committed writers, so concurrent batches converge
            found = {
                row["key"]: row["evidence"]
                for row in tx.run(
                    load_query("find_relationship_evidence"), keys=[k["key"] for k in keys]
                )
            }
            rows = [
                {
                    "rid": rids[k["key"]],
                    "props": record.aggregate(
                        (ev, record.to_date(ev["published"])) for ev in found.get(k["key"], [])
                    ),
                }
                for k in keys
                if k["key"] in rids
            ]
            summary.relations = tx.run(load_query("set_relationship_aggregates"), rows=rows).single(
                strict=True
            )["written"]
            tx.run(
                load_query("delete_empty_relationships"), rids=[r["rid"] for r in rows]
            ).consume()
            tx.run(load_query("bump_graph_version")).consume()
            return summary

        try:
            return self._write(work)
        finally:
            self._forget_stamp()

    def _forget_stamp(self) -> None:
        """The graph changed here: the next traversal reads the stamp again."""
        self._checked = (None, 0.0)

    def upsert_actors(self, actors: Sequence[Actor]) -> int:
        rows = [_actor_row(a) for a in record.batch_actors([], actors)]

        def work(tx: neo4j.ManagedTransaction) -> int:
            result = tx.run(load_query("merge_actors"), actors=rows).single(strict=True)
            tx.run(load_query("bump_graph_version")).consume()
            return int(result["written"])

        try:
            return self._write(work)
        finally:
            self._forget_stamp()

    # -------------------------------------------------------------- reads
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._read("find_article_hashes", ids=list(article_ids))
        return {r["id"]: r["contentHash"] for r in rows}

    def resolve_actor(self, ref: str) -> ActorNode | None:
        low = ref.strip().lower()
        if not low:
            return None
        topo = self.topology()
        if topo is not None:
            return topo.resolve(low)
        rows = self._read("find_actor", lower=low, phrase=record.phrase_query(low))
        return record.actor_node(rows[0]["props"], rows[0]["degree"]) if rows else None

    def search_actors(self, q: str, limit: int = 10) -> list[tuple[ActorNode, float]]:
        lucene = record.fulltext_query(q)
        if lucene is None or limit <= 0:
            return []
        rows = self._read("search_actors", query=lucene, limit=max(50, limit * 5))
        scored = []
        for row in rows:
            score = record.name_score(q, row["props"])
            if score >= record.SEARCH_THRESHOLD:
                scored.append((record.actor_node(row["props"], row["degree"]), score))
        scored.sort(key=lambda item: (-item[1], -item[0].degree, item[0].name, item[0].id))
        return scored[:limit]

    def _nodes(self, ids: Sequence[str]) -> dict[str, ActorNode]:
        rows = self._read("find_actors", ids=list(ids))
        return {r["props"]["id"]: record.actor_node(r["props"], r["degree"]) for r in rows}

    def _require(self, *ids: str) -> dict[str, ActorNode]:
        found = self._nodes(ids)
        for actor_id in ids:
            if actor_id not in found:
                suggestions = [n.id for n, _ in self.search_actors(actor_id, 3)]
                raise errors.UnknownActor(actor_id, suggestions)
        return found

    def actor_edges(self, actor_id: str, limit: int = 10) -> list[Edge]:
        topo = self.topology()
        if topo is not None:
            return topo.actor_edges(actor_id, limit)
        rows = self._read("find_actor_edges", id=actor_id, limit=limit)
        return [_edge(r) for r in rows]

    # ---------------------------------------------------------- traversal
    def _stamp(self) -> tuple[Any, ...]:
        """What a ``Topology`` snapshot is checked against (``find_graph_version``).

        An auto-commit query, not a managed transaction: BEGIN and COMMIT would double
        Neo4j's work for the read made most often, and a failed read needs no retry
        (the caller answers with Cypher or reads again next time).
        """
        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            record = session.run(load_query("find_graph_version")).single(strict=True)
            return tuple(record.values())

    def graph_version(self) -> tuple[Any, ...]:
        """The stamp (``find_graph_version``), read at most every ``STAMP_TTL`` seconds."""
        checked, when = self._checked
        if checked is not None and time.monotonic() - when < STAMP_TTL:
            return checked
        stamp = self._stamp()
        self._checked = (stamp, time.monotonic())
        return stamp

    def _build_topology(self, stamp: tuple[Any, ...]) -> Topology | None:
        """Snapshot the graph; ``None`` if it changed while the snapshot was read."""

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[Any], dict[str, Any]]:
            actors = [r["props"] for r in tx.run(load_query("export_actor_props"))]
            edges = tx.run(load_query("export_topology")).single(strict=True).data()
            return actors, edges

        started = time.monotonic()
        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            actors, edges = session.execute_read(work)
        try:
            # reads are not snapshot-isolated: a write committed meanwhile may leave a
            # deleted actor (None) or a gap in the columns; the stamp check says so too
            topo = Topology([a for a in actors if a is not None], edges, stamp)
        except ValueError:
            topo = None
        if topo is None or self._stamp() != stamp:
            log.info("traversal snapshot dropped: the graph changed while it was read")
            return None
        self._topology = topo
        if len(topo.ids) + topo.size >= FREEZE_AT:
            # The snapshot lives until the graph changes. Frozen, its objects are left
            # out of Python's full collections, which otherwise rescan them every
            # thousand or so answers and stall every request for 0.1 s (10k actors).
            # The collection first, so that no garbage is frozen with it; a replaced
            # snapshot holds no cycles and is still freed by reference counting.
            gc.collect()
            gc.freeze()
        log.info(
            "traversal snapshot ready: %d actors, %d relationships in %.1f s",
            len(topo.ids),
            topo.size,
            time.monotonic() - started,
        )
        return topo

    def _rebuild_in_background(self, stamp: tuple[Any, ...]) -> None:
        def run() -> None:
            # a failed rebuild only means answers keep coming from Cypher
            try:
                self._build_topology(stamp)
            except Exception as exc:
                log.warning("traversal snapshot build failed: %r", exc)

        with self._topology_lock:
            if self._topology_thread is not None and self._topology_thread.is_alive():
                return
            self._topology_thread = threading.Thread(
                target=run, name="graphkit-topology", daemon=True
            )
            self._topology_thread.start()

    def topology(self) -> Topology | None:
        """The traversal snapshot if it matches the graph now, else ``None``.

        With ``traversal_index="sync"`` an out-of-date snapshot is rebuilt first; with
        ``"background"`` a rebuild starts in a thread and this call returns ``None``
        (the caller answers with Cypher meanwhile); ``"off"`` always returns ``None``.
        """
        if self.traversal_index == "off":
            return None
        topo = self._topology
        if topo is not None and self._fresh(topo):
            return topo
        # one thread reads the stamp; those arriving meanwhile wait and take its reading
        # (under load, a read per waiting request cost more Neo4j CPU than the answers)
        with self._stamp_lock:
            topo = self._topology
            if topo is not None and self._fresh(topo):
                return topo
            stamp = self._stamp()
            self._checked = (stamp, time.monotonic())
        if topo is not None and topo.stamp == stamp:
            return topo
        if self.traversal_index == "sync":
            with self._topology_lock:
                return self._build_topology(stamp)
        self._rebuild_in_background(stamp)
        return None

    def traversal_state(self) -> str:
        if self.traversal_index == "off":
            return "cypher"
        return "snapshot" if self.topology() is not None else "building"

    def _fresh(self, topo: Topology) -> bool:
        """Whether ``topo`` matched the stamp read less than ``STAMP_TTL`` ago."""
        checked, when = self._checked
        return topo.stamp == checked and time.monotonic() - when < STAMP_TTL

    def wait_for_topology(self, timeout: float = 120.0) -> bool:
        """Block until a background snapshot build, if any, ends; whether one is current."""
        thread = self._topology_thread
        if thread is not None:
            thread.join(timeout)
        topo = self._topology
        return topo is not None and topo.stamp == self._stamp()

    def _neighbourhood_source(
        self, actor_id: str, depth: int, filt: EdgeFilter | None, limit: int, edge_limit: int | None
    ) -> tuple[Topology | None, EdgeFilter, int]:
        """Checked arguments of a neighbourhood: the current snapshot (``None``: answer
        with Cypher), the filter and the edge cap.

        Raises:
            ValidationError: a bad depth, limit, edge limit or filter.
            UnknownActor: the snapshot does not know ``actor_id`` (with suggestions).
        """
        check_neighbourhood(depth, limit, edge_limit)
        checked = record.check_filter(filt)
        topo = self.topology()
        if topo is not None and topo.node(actor_id) is None:
            self._require(actor_id)
        return topo, checked, edge_cap(limit, edge_limit)

    def neighbourhood_json(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> EncodedSubgraph:
        topo, filt, cap = self._neighbourhood_source(actor_id, depth, filt, limit, edge_limit)
        if topo is not None:
            return topo.neighbourhood_json(actor_id, depth, filt, limit, cap)
        return EncodedSubgraph.of(self._cypher_neighbourhood(actor_id, depth, filt, limit, cap))

    def neighbourhood(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> Subgraph:
        topo, filt, cap = self._neighbourhood_source(actor_id, depth, filt, limit, edge_limit)
        if topo is not None:
            return topo.neighbourhood(actor_id, depth, filt, limit, cap)
        return self._cypher_neighbourhood(actor_id, depth, filt, limit, cap)

    def _cypher_neighbourhood(
        self, actor_id: str, depth: int, filt: EdgeFilter, limit: int, cap: int
    ) -> Subgraph:
        """The neighbourhood from the Cypher files (arguments checked by the caller)."""
        fparams = record.filter_params(filt)

        # Neo4j aggregates, ranks and caps each ring, and ranks and caps the edges, so
        # only the rows kept cross the wire: decoding rows is what the Python driver is
        # slow at (thousands of edges among a hub-heavy neighbourhood took seconds).
        def expand(frontier: list[str], visited: list[str], cap: int) -> list[tuple[str, int]]:
            rows = self._read_values(
                "expand_neighbours", frontier=frontier, visited=visited, cap=cap, **fparams
            )
            return [(target, int(weight)) for target, weight in rows]

        rings, cut_nodes = bfs_rings(actor_id, depth, limit, expand)
        rows = self._read_values("find_edges_among", rings=rings, edgeLimit=cap + 1, **fparams)
        nodes = self._nodes(list(rings))
        if actor_id not in nodes:
            self._require(actor_id)  # raises UnknownActor, with suggestions
        kept, cut_edges = cap_edges([_edge_of(r) for r in rows], rings, cap)
        return Subgraph(
            nodes=[nodes[n] for n in rings if n in nodes],
            edges=kept,
            truncated=cut_nodes or cut_edges,
            focus=actor_id,
        )

    def paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int = 4,
        mode: PathMode = "shortest",
        k: int = 3,
        filt: EdgeFilter | None = None,
        directed: bool = False,
    ) -> list[GraphPath]:
        check_paths(source_id, target_id, max_hops, mode, k)
        filt = record.check_filter(filt)
        topo = self.topology() if mode != "k" else None
        if topo is None or topo.node(source_id) is None or topo.node(target_id) is None:
            self._require(source_id, target_id)
        symmetric = sorted(default_ontology().symmetric)
        if topo is not None:
            best_only = mode == "shortest"
            return topo.paths(
                source_id,
                target_id,
                max_hops,
                filt,
                best_only=best_only,
                directed=directed,
                symmetric=symmetric,
            )
        hops: dict[tuple[str, str], dict[tuple[str, str, str], Edge]] = defaultdict(dict)
        candidates = self._cypher_paths(
            source_id, target_id, max_hops, mode, k, filt, directed, symmetric, hops
        )
        ranked = rank_paths(candidates, lambda a, b: pick_strongest(hops[(a, b)].values()), mode, k)
        needed = sorted({n for nodes, _ in ranked for n in nodes})
        actors = self._nodes(needed) if needed else {}
        return [GraphPath(nodes=[actors[n] for n in nodes], edges=edges) for nodes, edges in ranked]

    def _cypher_paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int,
        mode: PathMode,
        k: int,
        filt: EdgeFilter,
        directed: bool,
        symmetric: list[str],
        hops: dict[tuple[str, str], dict[tuple[str, str, str], Edge]],
    ) -> list[list[str]]:
        """Candidate node sequences from ``find_paths``; fills ``hops`` with their edges."""
        # ALL SHORTEST for the shortest modes. For k, SHORTEST n with n > k: Neo4j counts
        # parallel relationships and non-simple trails as different paths, which collapse
        # into fewer node sequences. (SHORTEST k GROUPS would be exact but returns every
        # path of each length: minutes on a dense graph.) Ties at the k-th length are
        # thus broken by Neo4j's search order, not by weight as in MemoryStore.
        selector = "ALL SHORTEST" if mode != "k" else f"SHORTEST {min(int(k) * 5, 100)}"
        query = load_query("find_paths")
        query = query.replace("{MAX_HOPS}", str(int(max_hops))).replace("{SELECTOR}", selector)
        params = {
            "source": source_id,
            "target": target_id,
            "directed": directed,
            "symmetric": symmetric,
            **record.filter_params(filt),
        }

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, params)]

        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            rows = session.execute_read(work)
        candidates = []
        for row in rows:
            ids = row["ids"]
            candidates.append(ids)
            for (u, v), rel in zip(itertools.pairwise(ids), row["rels"], strict=False):
                e = _edge(rel)
                hops[(u, v)][(e.source, e.type, e.target)] = e
        return candidates

    def relations(
        self,
        source_id: str | None = None,
        target_id: str | None = None,
        rel_type: str | None = None,
        limit: int = 100,
    ) -> list[Edge]:
        onto = default_ontology()
        checked = onto.check_types([rel_type]) if rel_type else None
        rows = self._read(
            "find_relations",
            source=source_id,
            target=target_id,
            type=checked[0] if checked else None,
            symmetric=sorted(onto.symmetric),
            limit=limit,
        )
        return [_edge(r) for r in rows]

    def evidence(
        self, source_id: str, rel_type: str, target_id: str, limit: int = 100
    ) -> list[EvidenceRecord]:
        checked = default_ontology().check_type(rel_type)
        rows = self._read("find_evidence", key=rel_key(source_id, checked, target_id), limit=limit)
        out = [record.evidence_record(r["evidence"], r["article"]) for r in rows]
        out.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
        return out

    def evidence_many(
        self, edges: Sequence[tuple[str, str, str]], limit: int = 5
    ) -> dict[str, list[EvidenceRecord]]:
        # one round trip for all edges instead of one per edge (views fetch hundreds)
        keys: list[str] = []
        for source_id, rel_type, target_id in edges:
            keys.append(rel_key(source_id, default_ontology().check_type(rel_type), target_id))
        out: dict[str, list[EvidenceRecord]] = {k: [] for k in keys}
        if not keys:
            return out
        for row in self._read("find_evidence_many", keys=sorted(set(keys)), limit=limit):
            found = [record.evidence_record(r["evidence"], r["article"]) for r in row["rows"]]
            found.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
            out[row["key"]] = found
        return out

    def export(self, filt: EdgeFilter | None = None) -> Subgraph:
        checked = record.check_filter(filt)
        edges = [
            _edge(r) for r in self._read("export_relationships", **record.filter_params(checked))
        ]
        if filt is None:
            rows = self._read("export_actors")
            nodes = [record.actor_node(r["props"], r["degree"]) for r in rows]
        else:
            ids = sorted({e.source for e in edges} | {e.target for e in edges})
            found = self._nodes(ids)
            nodes = [found[i] for i in ids]
        return Subgraph(nodes=nodes, edges=sorted(edges, key=record.edge_order))

    def stats(self) -> Stats:
        (row,) = self._read("count_graph")
        kinds = {k: int(n) for k, n in row["kinds"]}
        types = {t: int(n) for t, n in row["types"]}
        return Stats(
            actors=sum(kinds.values()),
            relationships=sum(types.values()),
            evidence=int(row["evidence"]),
            articles=int(row["articles"]),
            actors_by_kind=dict(sorted(kinds.items())),
            relations_by_type=dict(sorted(types.items())),
        )

    # --------------------------------------------------------- user Cypher
    def run_cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float = 10.0,
        row_cap: int = 1000,
        max_bytes: int = 4_000_000,
    ) -> CypherRows:
        """Run user Cypher in the sandbox of ``graphkit.store.user_cypher``.

        Read-only unless ``write``: the ``EXPLAIN`` plan must pass ``user_cypher.check_plan``
        and the query runs in a READ session. Planning and running share ``timeout``.

        Raises:
            ValidationError: the query is too long or nested too deeply.
            QueryRejected: empty, malformed, not allowed, too slow, or refused by the server.
            StoreUnavailable: the server is gone.
        """
        if not query or not query.strip():
            raise errors.QueryRejected("the query is empty")
        query = user_cypher.check_text(query)
        access = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        check = functools.partial(user_cypher.check_plan, database=self.database)
        rows = user_cypher.run(
            lambda **extra: self._session(access, **extra),
            self._guard,
            query,
            params or {},
            check=None if write else check,
            timeout=timeout,
            row_cap=row_cap,
            max_bytes=max_bytes,
            plain=plain,
        )
        if write:
            # whatever it changed, snapshots of the graph are out of date now
            self._write(lambda tx: tx.run(load_query("bump_graph_version")).consume())
            self._forget_stamp()
        return rows


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


_TYPE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def typed_query(name: str, rel_type: str) -> str:
    """Statement ``name`` with its ``{TYPE}`` placeholder set to ``rel_type``.

    Only a type the ontology holds, spelled in UPPER_SNAKE_CASE, ever reaches the text.

    Raises:
        ValidationError: for any other type.
    """
    checked = default_ontology().check_type(rel_type)
    if not _TYPE_NAME.match(checked):
        raise errors.ValidationError(f"relation type {rel_type!r} is not UPPER_SNAKE_CASE")
    return load_query(name).replace("{TYPE}", checked)


def _by_type(
    tx: neo4j.ManagedTransaction, name: str, param: str, keys: Mapping[str, dict[str, str]]
) -> dict[str, str]:
    """Run the typed statement ``name`` once per relationship type in ``keys`` (in type
    then key order, so concurrent writers take locks alike); map each key to its id."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for k in _sorted(keys):
        groups[k["type"]].append({"source": k["source"], "target": k["target"], "key": k["key"]})
    rids: dict[str, str] = {}
    for rel_type in sorted(groups):
        for row in tx.run(typed_query(name, rel_type), {param: groups[rel_type]}):
            rids[row["key"]] = row["rid"]
    return rids


def _touch(keys: dict[str, dict[str, str]], src: str, rel_type: str, tgt: str) -> str:
    """Record the stored (oriented) relationship ``src-rel_type-tgt``; return its key."""
    src, tgt = orient(src, rel_type, tgt)
    key = rel_key(src, rel_type, tgt)
    keys.setdefault(key, {"source": src, "type": rel_type, "target": tgt, "key": key})
    return key


def _sorted(keys: Mapping[str, dict[str, str]]) -> list[dict[str, str]]:
    return [keys[k] for k in sorted(keys)]


def _actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name or actor.id,
        "kind": actor.kind,
        "aliases": [a for a in actor.aliases if a],
        "country": actor.country,
        "sector": actor.sector,
        "wikidata": actor.wikidata,
    }


def _edge(row: Mapping[str, Any]) -> Edge:
    return record.edge(row["source"], row["target"], row["type"], row["props"])


_EDGE_COLUMNS = ("weight", "predicates", "modalities", "modes", "negated", "firstSeen", "lastSeen")


def _edge_of(row: Sequence[Any]) -> Edge:
    """An ``Edge`` from a ``find_edges_among`` row: source, target, type, then the columns
    ``_EDGE_COLUMNS`` name."""
    return record.edge(row[0], row[1], row[2], dict(zip(_EDGE_COLUMNS, row[3:], strict=True)))
