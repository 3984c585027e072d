"""The user-Cypher sandbox: what a user's own query may do, and how long and how much.

A user query (``POST /cypher``, ``%%cypher``, ``graphkit.query.run_cypher``) passes three
gates before its rows come back:

1. **Text and parameters** (``graphkit.store.cypher_request``, before anything reaches
   Neo4j, on every store): at most
   ``MAX_CYPHER_CHARS`` characters and ``MAX_CYPHER_NESTING`` levels of brackets outside
   string literals and comments. Neo4j's parser recurses once per level and overflows
   its stack on a few thousand, never answering.
2. **Plan** (:func:`check_plan`, on the ``EXPLAIN`` plan, never the text, so a string
   literal that reads ``'LOAD CSV'`` is fine): an allow-list. The plan must be a read
   (``query_type == 'r'``) on the store's own database, hold no ``SHOW``/``TERMINATE``
   command and no ``LOAD CSV`` (Neo4j calls all of those reads), and call no procedure
   outside :data:`ALLOWED_PROCEDURES`. ``db.stats.*``, ``db.prepareForReplanning`` and
   ``TERMINATE TRANSACTIONS`` showed other users' queries, dropped plans and killed other
   users' transactions.
3. **Budget** (:func:`run`): planning and running share one deadline; both carry it as
   a server-side transaction timeout, and the caller gets an answer by then plus
   ``GRACE`` seconds even when Neo4j notices the timeout late (its planner checks for
   cancellation only now and then). The answer stops at ``row_cap`` rows or
   ``max_bytes`` bytes of JSON, whichever comes first, and says so (``CypherRows.truncated``).

Memory is bounded by the embedded Neo4j itself (``db.memory.transaction.max``, set by the
launcher from the heap), which fails the one query with ``MemoryPoolOutOfMemoryError``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import exceptions as nx4j

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.store.base import CypherRows
from graphkit.store.cypher_request import check_request
from graphkit.store.neo4j.session import plain

if TYPE_CHECKING:
    from graphkit.store.neo4j.writes import Neo4jWrites

log = logging.getLogger("graphkit.store")

# The procedures a read-only query may call: catalogue reads and full-text search.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    }
)
# How long past the deadline the caller waits for Neo4j to report the timeout itself.
GRACE = 2.0
# User queries running at once in this process, counting those given up on at their
# deadline that Neo4j has not cancelled yet: bounds the threads and connections they hold.
MAX_RUNNING = 8
# Records fetched per round trip: with 300 kB rows, the driver's default of 1,000 buffered
# 300 MB before the byte cap could stop anything.
FETCH_SIZE = 50

_running = threading.BoundedSemaphore(MAX_RUNNING)
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")  # ShowTransactions -> Show Transactions


def check_plan(query_type: str | None, plan: Mapping[str, Any], database: str) -> None:
    """Refuse any plan but a read of ``database`` by allowed operators and procedures.

    Raises:
        QueryRejected: naming what was refused.
    """
    if query_type != "r":
        kind = {"w": "writes", "rw": "writes", "s": "changes the schema or the server"}.get(
            str(query_type), f"is of type {query_type!r}"
        )
        raise errors.QueryRejected(f"read-only queries only: this query {kind}")
    stack = [plan]
    while stack:
        op = stack.pop()
        kind, _, where = str(op.get("operatorType", "")).partition("@")
        details = str((op.get("args") or {}).get("Details", ""))
        if where and where != database:
            raise errors.QueryRejected(f"queries may only read the {database!r} database")
        if kind.startswith(("Show", "Terminate")) or kind in ("AdministrationCommand", "LoadCSV"):
            command = "LOAD CSV" if kind == "LoadCSV" else _WORDS.sub(" ", kind).upper()
            raise errors.QueryRejected(f"{command} is not allowed in user queries")
        if kind.startswith("ProcedureCall") or kind == "SystemProcedureCall":
            name = details.split("(")[0].strip()
            if name not in ALLOWED_PROCEDURES:
                raise errors.QueryRejected(
                    f"procedure {name or '?'} is not allowed in user queries; allowed: "
                    + ", ".join(sorted(ALLOWED_PROCEDURES))
                )
        stack.extend(op.get("children") or [])


def _refusal(exc: nx4j.Neo4jError, timeout: float) -> errors.QueryRejected:
    """What the user is told when Neo4j stopped the query."""
    code = exc.code or ""
    if "TransactionTimedOut" in code:
        return errors.QueryRejected(_too_long(timeout))
    if "OutOfMemory" in code:
        return errors.QueryRejected(
            "the query needed more memory than one query may use (db.memory.transaction.max) "
            "and was stopped; aggregate or LIMIT sooner"
        )
    if code.endswith("ArgumentError") and "execution mode" in (exc.message or ""):
        return errors.QueryRejected(
            "PROFILE is not supported here: graphkit EXPLAINs every query itself and "
            "returns rows only; send the query without PROFILE"
        )
    message = (exc.message or str(exc)).strip().splitlines()
    return errors.QueryRejected(message[0] if message else code or "the server refused the query")


def _too_long(timeout: float) -> str:
    return (
        f"the query ran longer than {timeout:g}s (planning and running together) and was cancelled"
    )


def _size(row: Mapping[str, Any]) -> int:
    """Bytes ``row`` takes as JSON (what the API sends)."""
    return len(json.dumps(row, default=str))


def _collect(
    session: neo4j.Session,
    query: str,
    params: dict[str, Any],
    *,
    check: Callable[[str | None, Mapping[str, Any]], None] | None,
    timeout: float,
    deadline: float,
    row_cap: int,
    max_bytes: int,
    plain: Callable[[Any], Any],
) -> CypherRows:
    """EXPLAIN (and ``check``) then run ``query`` in ``session`` within ``deadline``."""
    try:
        summary = session.run(
            neo4j.Query("EXPLAIN " + query, timeout=max(deadline - time.monotonic(), 0.001)),
            params,
        ).consume()
        if check is not None:
            check(summary.query_type, summary.plan or {})
        left = deadline - time.monotonic()
        if left <= 0:
            raise errors.QueryRejected(_too_long(timeout))
        rows = CypherRows()
        used = 0
        for rec in session.run(neo4j.Query(query, timeout=left), params):
            if len(rows) >= row_cap:
                rows.truncated = "rows"
                break
            row = {k: plain(v) for k, v in rec.items()}
            used += _size(row)
            if used > max_bytes:
                rows.truncated = "bytes"
                break
            rows.append(row)
        return rows
    except (nx4j.ClientError, nx4j.TransientError) as exc:
        raise _refusal(exc, timeout) from exc


def run(
    open_session: Callable[..., contextlib.AbstractContextManager[neo4j.Session]],
    guard: Callable[[], contextlib.AbstractContextManager[None]],
    query: str,
    params: dict[str, Any],
    *,
    check: Callable[[str | None, Mapping[str, Any]], None] | None,
    timeout: float,
    row_cap: int,
    max_bytes: int,
    plain: Callable[[Any], Any],
) -> CypherRows:
    """Run a user query within one deadline, in a worker thread the caller stops waiting
    for at ``timeout + GRACE``.

    Args:
        open_session: opens a session, given ``fetch_size``.
        guard: translates driver errors (server gone, bad credentials).
        check: the plan check, or ``None`` for trusted write queries.
        plain: turns a driver value into a JSON-friendly one.

    Raises:
        QueryRejected: refused by ``check`` or the server, too slow, too many at once.
        StoreUnavailable: the server is gone.
    """
    began = time.monotonic()
    deadline = began + timeout
    if not _running.acquire(timeout=min(timeout, GRACE)):
        raise errors.QueryRejected(
            f"{MAX_RUNNING} user queries are already running; try again shortly"
        )
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            with guard(), open_session(fetch_size=FETCH_SIZE) as session:
                outcome["rows"] = _collect(
                    session,
                    query,
                    params,
                    check=check,
                    timeout=timeout,
                    deadline=deadline,
                    row_cap=row_cap,
                    max_bytes=max_bytes,
                    plain=plain,
                )
        except BaseException as exc:  # for the waiting caller (dropped if it gave up)
            outcome["error"] = exc
        finally:
            _running.release()

    worker = threading.Thread(target=work, name="graphkit-user-cypher", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0) + GRACE)
    if worker.is_alive():
        # Neo4j holds the same deadline as a transaction timeout and cancels the query
        # when it next checks; the thread then closes its session and frees its slot.
        log.warning("user Cypher still running %.1fs after its deadline", GRACE)
        raise errors.QueryRejected(_too_long(timeout))
    if "error" in outcome:
        raise outcome["error"]
    rows: CypherRows = outcome["rows"]
    return rows


def run_cypher(
    store: Neo4jWrites,
    query: str,
    params: dict[str, Any] | None,
    *,
    write: bool,
    timeout: float,
    row_cap: int,
    max_bytes: int,
) -> CypherRows:
    """Run user Cypher on ``store`` in this sandbox (``Neo4jStore.run_cypher``).

    Read-only unless ``write``: the ``EXPLAIN`` plan must pass ``check_plan`` and the
    query runs in a READ session. Planning and running share ``timeout``.

    Raises:
        ValidationError: the request is out of bounds (``graphkit.store.cypher_request``).
        QueryRejected: empty, malformed, not allowed, too slow, or refused by the server.
        StoreUnavailable: the server is gone.
    """
    if not query or not query.strip():
        raise errors.QueryRejected("the query is empty")
    query, params = check_request(query, params)
    access = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    check = functools.partial(check_plan, database=store.database)
    rows = run(
        lambda **extra: store._session(access, **extra),
        store._guard,
        query,
        params,
        check=None if write else check,
        timeout=timeout,
        row_cap=row_cap,
        max_bytes=max_bytes,
        plain=plain,
    )
    if write:
        # whatever it changed, snapshots of the graph are out of date now
        store._write(lambda tx: tx.run(load_query("bump_graph_version")).consume())
        store._snapshots.forget()
    return rows
