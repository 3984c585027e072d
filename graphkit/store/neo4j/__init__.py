"""The Neo4j store: connection (``session``), writes, reads (``store``), the user-Cypher
sandbox (``user_cypher``) and the Bolt check (``probe``)."""

from graphkit.store.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
