"""``Neo4jStore``: the graph model in Neo4j, through the official driver.

Every statement lives in ``cypher/<verb>_<noun>.cypher`` (loaded with ``load_query``)
and takes parameters; the two kinds of value ever placed into query text are checked
first (``writes.typed_query``, ``cypher_traversal``). The store is assembled from
``session`` (driver, transactions, errors), ``writes`` and ``cypher_traversal``;
``user_cypher`` runs users' own queries.

Neighbourhoods, paths and actor lookups come from a ``Snapshot`` snapshot of the graph
when a current one is cached (``graphkit.store.snapshot.cache``), else from Cypher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import neo4j

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.models import (
    ActorNode,
    Edge,
    EdgeFilter,
    EncodedSubgraph,
    Stats,
    Subgraph,
)
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import CypherRows, PathMode
from graphkit.store.neo4j import snapshot_child, user_cypher
from graphkit.store.neo4j.cypher_traversal import row_edge
from graphkit.store.neo4j.evidence import EvidenceReads
from graphkit.store.neo4j.session import connect_driver
from graphkit.store.snapshot import EDGE_COLUMNS, Snapshot, files
from graphkit.store.snapshot.cache import SnapshotCache, SnapshotMode
from graphkit.store.snapshot.shared import SharedSnapshots
from graphkit.store.traversal import (
    check_neighbourhood,
    check_paths,
    edge_cap,
    pick_strongest,
    rank_paths,
)

R = TypeVar("R")

# Actors whose relationships one ``export_snapshot`` statement reads: at about 50
# relationships an actor, a page of 100k relationships, well inside Neo4j's per-query
# memory limit whatever the number of actors.
SNAPSHOT_PAGE_ACTORS = 2000


class Neo4jStore(EvidenceReads):
    """The production store: a Neo4j 5 database reached over Bolt."""

    name = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = "neo4j",
        uri: str = "",
        *,
        retry_time: float = 8.0,
        snapshot_mode: SnapshotMode = "background",
        on_snapshot: Callable[[Snapshot], None] | None = None,
        snapshot_dir: Path | None = None,
    ) -> None:
        """Use an existing driver.

        Args:
            driver: an open ``neo4j.Driver``; ``close()`` closes it.
            database: the database to use.
            uri: the driver's URI, for error messages.
            retry_time: how long a transaction is retried on transient errors (deadlocks,
                a server briefly gone) before the error surfaces: short, so that an API
                answers 503 quickly when Neo4j is down.
            snapshot_mode: how neighbourhoods and shortest paths use a
                ``Snapshot`` snapshot of the graph: ``background`` answers with Cypher
                while a snapshot is (re)built in a thread after the graph changed,
                ``sync`` builds it before answering, ``off`` always uses Cypher.
            on_snapshot: called with each snapshot once built, in the thread that built
                it (the API freezes big ones out of the garbage collector).
            snapshot_dir: where processes on this machine share one snapshot per graph
                version as files (``SharedSnapshots``): built by one, mapped read-only
                by all. ``None``: each store builds its own in memory.
        """
        super().__init__(driver, database, uri, retry_time=retry_time)
        self.shared_snapshots = (
            SharedSnapshots(snapshot_dir, database) if snapshot_dir is not None else None
        )
        # set by ``connect``: a shared snapshot is then written by a child process
        self._child_connection: snapshot_child.Connection | None = None
        self._snapshots = SnapshotCache(
            self._stamp, self._build_snapshot, snapshot_mode, on_snapshot
        )

    @property
    def snapshot_mode(self) -> SnapshotMode:
        """``background``, ``sync`` or ``off`` (see ``__init__``); may be changed."""
        return self._snapshots.mode

    @snapshot_mode.setter
    def snapshot_mode(self, mode: SnapshotMode) -> None:
        self._snapshots.mode = mode

    @classmethod
    def connect(
        cls,
        uri: str,
        user: str,
        password: str | None,
        database: str = "neo4j",
        *,
        snapshot_mode: SnapshotMode = "background",
        on_snapshot: Callable[[Snapshot], None] | None = None,
        timeout: float = 2.0,
        snapshot_dir: Path | None = None,
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
        driver = connect_driver(uri, user, password, timeout)
        store = cls(
            driver,
            database,
            uri,
            retry_time=timeout,
            snapshot_mode=snapshot_mode,
            on_snapshot=on_snapshot,
            snapshot_dir=snapshot_dir,
        )
        store._child_connection = snapshot_child.Connection(uri, user, password, database, timeout)
        try:
            store.ping()
        except errors.GraphkitError:
            driver.close()
            raise
        return store

    # -------------------------------------------------------------- reads
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._read("find_article_hashes", ids=list(article_ids))
        return {r["id"]: r["contentHash"] for r in rows}

    def resolve_actor(self, ref: str) -> ActorNode | None:
        low = ref.strip().lower()
        if not low:
            return None
        snap = self.snapshot()
        if snap is not None:
            return snap.resolve(low)
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

    def actor_edges(self, actor_id: str, limit: int = 10) -> list[Edge]:
        snap = self.snapshot()
        if snap is not None:
            return snap.actor_edges(actor_id, limit)
        rows = self._read("find_actor_edges", id=actor_id, limit=limit)
        return [row_edge(r) for r in rows]

    # ----------------------------------------------------------- snapshot
    def _stamp(self) -> tuple[Any, ...]:
        """What a ``Snapshot`` snapshot is checked against (``find_graph_version``).

        An auto-commit query, not a managed transaction: BEGIN and COMMIT would double
        Neo4j's work for the read made most often, and a failed read needs no retry
        (the caller answers with Cypher or reads again next time).
        """
        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            row = session.run(load_query("find_graph_version")).single(strict=True)
            return tuple(row.values())

    def graph_version(self) -> Any:
        """The stamp (``find_graph_version``), read at most every ``STAMP_TTL`` seconds."""
        return self._snapshots.stamp()

    def _build_snapshot(self, stamp: Any) -> Snapshot | None:
        """The snapshot at ``stamp``: mapped from the shared files if configured (built
        into them first by whichever process gets there first), else read now."""
        if self.shared_snapshots is not None:
            return self.shared_snapshots.get(stamp, self._write_snapshot)
        return self.read_snapshot(stamp)

    def _write_snapshot(self, stamp: Any, directory: Path) -> bool:
        """The snapshot at ``stamp`` written into ``directory`` (``SharedSnapshots``), by
        a child process when this store knows how to connect; whether it was."""
        if self._child_connection is not None:
            return snapshot_child.write_in_child(self._child_connection, stamp, directory)
        snap = self.read_snapshot(stamp)
        if snap is None:
            return False
        files.save(snap, directory)
        return True

    def read_snapshot(self, stamp: Any) -> Snapshot | None:
        """Snapshot the graph; ``None`` if it changed while the snapshot was read."""

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[Any], dict[str, list[Any]]]:
            actors = [r["props"] for r in tx.run(load_query("export_actor_props"))]
            ids = sorted(a["id"] for a in actors if a is not None)
            edges: dict[str, list[Any]] = {name: [] for name in EDGE_COLUMNS}
            for start in range(0, len(ids), SNAPSHOT_PAGE_ACTORS):
                page = ids[start : start + SNAPSHOT_PAGE_ACTORS]
                row = tx.run(load_query("export_snapshot"), ids=page).single(strict=True)
                for name in EDGE_COLUMNS:
                    edges[name].extend(row[name])
            return actors, edges

        with self._guard(), self._session(neo4j.READ_ACCESS) as session:
            actors, edges = session.execute_read(work)
        try:
            # reads are not snapshot-isolated: a write committed meanwhile may leave a
            # deleted actor (None) or a gap in the columns; the stamp check says so too
            snap = Snapshot([a for a in actors if a is not None], edges, stamp)
        except ValueError:
            return None
        return snap if self._stamp() == stamp else None

    def snapshot(self) -> Snapshot | None:
        """The traversal snapshot if it matches the graph now, else ``None``.

        With ``snapshot_mode="sync"`` an out-of-date snapshot is rebuilt first; with
        ``"background"`` a rebuild starts in a thread and this call returns ``None``
        (the caller answers with Cypher meanwhile); ``"off"`` always returns ``None``.
        """
        return self._snapshots.current()

    def snapshot_state(self) -> str:
        return self._snapshots.state()

    def wait_for_snapshot(self, timeout: float = 120.0) -> bool:
        """Block until a background snapshot build, if any, ends; whether one is current."""
        return self._snapshots.wait(timeout)

    def _neighbourhood_source(
        self, actor_id: str, depth: int, filt: EdgeFilter | None, limit: int, edge_limit: int | None
    ) -> tuple[Snapshot | None, EdgeFilter, int]:
        """Checked arguments of a neighbourhood: the current snapshot (``None``: answer
        with Cypher), the filter and the edge cap.

        Raises:
            ValidationError: a bad depth, limit, edge limit or filter.
            UnknownActor: the snapshot does not know ``actor_id`` (with suggestions).
        """
        check_neighbourhood(depth, limit, edge_limit)
        checked = record.check_filter(filt)
        snap = self.snapshot()
        if snap is not None and snap.node(actor_id) is None:
            self._require(actor_id)
        return snap, checked, edge_cap(limit, edge_limit)

    def _neighbourhood(
        self,
        actor_id: str,
        depth: int,
        filt: EdgeFilter | None,
        limit: int,
        edge_limit: int | None,
        from_snapshot: Callable[[Snapshot, str, int, EdgeFilter, int, int], R],
        from_cypher: Callable[[Subgraph], R],
    ) -> R:
        """A neighbourhood from the snapshot if current, else from Cypher, in the form
        ``from_snapshot`` (or ``from_cypher`` given the Cypher answer) makes of it."""
        snap, filt, cap = self._neighbourhood_source(actor_id, depth, filt, limit, edge_limit)
        if snap is not None:
            return from_snapshot(snap, actor_id, depth, filt, limit, cap)
        return from_cypher(self._cypher_neighbourhood(actor_id, depth, filt, limit, cap))

    def neighbourhood_json(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> EncodedSubgraph:
        return self._neighbourhood(
            actor_id,
            depth,
            filt,
            limit,
            edge_limit,
            Snapshot.neighbourhood_json,
            EncodedSubgraph.of,
        )

    def neighbourhood(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> Subgraph:
        return self._neighbourhood(
            actor_id, depth, filt, limit, edge_limit, Snapshot.neighbourhood, lambda sub: sub
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
        snap = self.snapshot() if mode != "k" else None
        if snap is None or snap.node(source_id) is None or snap.node(target_id) is None:
            self._require(source_id, target_id)
        symmetric = sorted(default_ontology().symmetric)
        if snap is not None:
            best_only = mode == "shortest"
            return snap.paths(
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
        return [row_edge(r) for r in rows]

    def export(self, filt: EdgeFilter | None = None) -> Subgraph:
        checked = record.check_filter(filt)
        edges = [
            row_edge(r) for r in self._read("export_relationships", **record.filter_params(checked))
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
        """Run user Cypher in the sandbox of ``graphkit.store.neo4j.user_cypher``.

        Read-only unless ``write``: the ``EXPLAIN`` plan must pass ``user_cypher.check_plan``
        and the query runs in a READ session. Planning and running share ``timeout``.

        Raises:
            ValidationError: the query is too long or nested too deeply.
            QueryRejected: empty, malformed, not allowed, too slow, or refused by the server.
            StoreUnavailable: the server is gone.
        """
        return user_cypher.run_cypher(
            self,
            query,
            params,
            write=write,
            timeout=timeout,
            row_cap=row_cap,
            max_bytes=max_bytes,
        )
