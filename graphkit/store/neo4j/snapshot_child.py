"""A shared snapshot's files written by a short-lived child process.

Reading a snapshot takes several times its arrays in Python objects (the export rows),
and a process's heap does not shrink back once they are freed: an API worker that built
the snapshot itself kept over 100 MB more than the workers that only map its files. A
fresh process (``spawn``: nothing of the worker's threads or connections is inherited)
connects on its own, reads the graph, writes the files and exits, taking that heap with
it; the worker then maps the files like every other.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Connection:
    """How the child reaches the same database (sent through a pipe, not argv)."""

    uri: str
    user: str
    password: str | None
    database: str
    timeout: float


def write_files(connection: Connection, stamp: Any, directory: str) -> bool:
    """In the child: the snapshot at ``stamp`` written into the new ``directory``;
    ``False`` if the graph changed while it was read (nothing is written then)."""
    from graphkit.store.neo4j.store import Neo4jStore
    from graphkit.store.snapshot import files

    store = Neo4jStore.connect(
        connection.uri,
        connection.user,
        connection.password,
        connection.database,
        snapshot_mode="off",
        timeout=connection.timeout,
    )
    try:
        snap = store.read_snapshot(stamp)
        if snap is None:
            return False
        files.save(snap, Path(directory))
        return True
    finally:
        store.close()


def write_in_child(connection: Connection, stamp: Any, directory: Path) -> bool:
    """``write_files`` in a fresh process, waited for; its errors are raised here."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(write_files, connection, stamp, str(directory)).result()
