"""Graph stores: one contract (``GraphStore``), two backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from graphkit.store.base import GraphStore

if TYPE_CHECKING:
    from pathlib import Path

    from graphkit.config import Settings
    from graphkit.store.snapshot import Snapshot

__all__ = ["GraphStore", "open_store"]


def open_store(
    settings: Settings,
    *,
    setup: bool = True,
    on_snapshot: Callable[[Snapshot], None] | None = None,
    snapshot_dir: Path | None = None,
) -> GraphStore:
    """Build the store ``settings.store`` names, connected and (optionally) set up.

    ``on_snapshot`` is called with each traversal snapshot a Neo4j store builds (the
    API freezes big ones out of the garbage collector); the memory store builds none.
    ``snapshot_dir`` makes a Neo4j store share its snapshot with the other processes
    using that directory (``graphkit.store.snapshot.shared``; the API passes
    ``Settings.shared_snapshot_dir()``); without it the snapshot is the store's own.

    Raises:
        ConfigError: a setting is wrong (names it).
        StoreUnavailable: the store cannot be reached.
    """
    store: GraphStore
    if settings.store == "memory":
        from graphkit.store.memory import MemoryStore

        store = MemoryStore(settings.memory_path)
    else:
        from graphkit.store.neo4j import Neo4jStore

        store = Neo4jStore.connect(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.resolved_password(),
            database=settings.neo4j_database,
            snapshot_mode=settings.snapshot,
            on_snapshot=on_snapshot,
            timeout=settings.neo4j_timeout,
            snapshot_dir=snapshot_dir,
        )
    if setup:
        store.setup()
    return store
