"""Graph stores: one contract (``GraphStore``), two backends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkit.store.base import GraphStore

if TYPE_CHECKING:
    from graphkit.config import Settings

__all__ = ["GraphStore", "open_store"]


def open_store(settings: Settings, *, setup: bool = True) -> GraphStore:
    """Build the store ``settings.store`` names, connected and (optionally) set up.

    Raises:
        ConfigError: a setting is wrong (names it).
        StoreUnavailable: the store cannot be reached.
    """
    store: GraphStore
    if settings.store == "memory":
        from graphkit.store.memory import MemoryStore

        store = MemoryStore(settings.memory_path)
    else:
        from graphkit.store.neo4j_store import Neo4jStore

        store = Neo4jStore.connect(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.resolved_password(),
            database=settings.neo4j_database,
            traversal_index=settings.traversal_index,
            timeout=settings.neo4j_timeout,
        )
    if setup:
        store.setup()
    return store
