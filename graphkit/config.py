"""Settings, read from ``GRAPHKIT_*`` environment variables by the CLI and the API only.

The library never builds a ``Settings`` itself: callers pass one (or a store) in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from platformdirs import user_cache_path
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from graphkit.server.layout import ServerConfig


class Settings(BaseSettings):
    """Everything a user can configure, each as ``GRAPHKIT_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="GRAPHKIT_",
        env_file=None,
        extra="ignore",
        # a renamed setting still answers to its old name (validation_alias); its new
        # name stays usable in code, Settings(snapshot="sync"), and names it in errors
        validate_by_name=True,
        loc_by_alias=False,
    )

    store: Literal["neo4j", "memory"] = "neo4j"
    home: Path = Field(default=Path(".graphkit"), description="local state: Neo4j data, auth")
    cache: Path = Field(
        default_factory=lambda: user_cache_path("graphkit"),
        description="per-user build cache: the embedded Neo4j built from an installed package",
    )
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "512m"
    neo4j_pagecache: str = "128m"
    neo4j_restart: Literal["on-failure", "never"] = Field(
        default="on-failure",
        description="the embedded Neo4j's supervisor restarts a JVM that dies on its own "
        "(e.g. a query filled its heap), at most 5 times in 10 minutes; never: it stays down",
    )
    neo4j_timeout: float = Field(
        default=2.0,
        gt=0,
        le=120,
        description="seconds a store call waits for an unreachable Neo4j (connecting, "
        "waiting for a pooled connection, retrying) before it fails: the API answers 503",
    )
    snapshot: Literal["background", "sync", "off"] = Field(
        default="background",
        # GRAPHKIT_TRAVERSAL_INDEX was its name until issue #17; both are read
        validation_alias=AliasChoices("GRAPHKIT_SNAPSHOT", "GRAPHKIT_TRAVERSAL_INDEX"),
        description="neighbourhoods and paths from an in-memory snapshot of the graph: "
        "rebuilt in the background after writes (Cypher answers meanwhile), before "
        "answering (sync), or never (off)",
    )
    snapshot_shared: bool = Field(
        default=True,
        description="API with the neo4j store: its workers share one traversal snapshot "
        "per graph version, built once into files under GRAPHKIT_SNAPSHOT_DIR and mapped "
        "read-only by each; false: each worker builds its own in memory",
    )
    snapshot_dir: Path | None = Field(
        default=None,
        description="where the shared traversal snapshots are kept (default: "
        "GRAPHKIT_HOME/snapshot); one directory per database and graph version",
    )
    memory_path: Path | None = Field(default=None, description="file the memory store saves to")
    api_key: str | None = None
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = Field(default=1, ge=1, le=32, description="API server processes")
    api_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host header values the API answers (the defence against DNS "
        "rebinding; '*' allows any); empty means 127.0.0.1, localhost and "
        "GRAPHKIT_API_HOST",
    )
    api_limit_analytics: int = Field(
        default=2, ge=1, le=64, description="concurrent /analytics/* computations"
    )
    api_limit_cypher: int = Field(default=4, ge=1, le=64, description="concurrent POST /cypher")
    api_limit_views: int = Field(default=2, ge=1, le=64, description="concurrent /view/* pages")
    api_limit_exports: int = Field(default=2, ge=1, le=64, description="concurrent GET /export")
    analytics_cache_size: int = Field(
        default=32, ge=0, le=10_000, description="analytics answers kept per graph version"
    )
    cors_origins: list[str] = Field(default_factory=list)
    max_article_bytes: int = 1_000_000
    dask_scheduler: str | None = Field(
        default=None,
        description="Dask scheduler address (tcp://HOST:8786) for `graphkit ingest --engine "
        "dask`; unset starts a local cluster",
    )
    cypher_timeout: float = 10.0
    cypher_row_cap: int = 1000
    cypher_max_bytes: int = Field(
        default=4_000_000, ge=1, description="largest user-Cypher answer, in bytes of JSON"
    )

    def allowed_hosts(self) -> list[str]:
        """The Host header values the API answers: the configured ones, else loopback
        names and the bind address."""
        if self.api_allowed_hosts:
            return list(self.api_allowed_hosts)
        hosts = ["127.0.0.1", "localhost"]
        return hosts if self.api_host in hosts else [*hosts, self.api_host]

    def shared_snapshot_dir(self) -> Path | None:
        """Where API workers share their traversal snapshot, or ``None`` when they
        build their own (``snapshot_shared`` off, or the memory store: one process)."""
        if not self.snapshot_shared or self.store != "neo4j":
            return None
        return self.snapshot_dir or self.home / "snapshot"

    @property
    def auth_file(self) -> Path:
        """Where the embedded Neo4j writes its generated password (git-ignored)."""
        return self.home / "neo4j" / "auth.json"

    def server_config(self) -> ServerConfig:
        """The local Neo4j these settings describe (``graphkit neo4j start``)."""
        from graphkit.server.layout import ServerConfig

        return ServerConfig(
            home=self.home,
            port=self.neo4j_bolt_port,
            heap=self.neo4j_heap,
            pagecache=self.neo4j_pagecache,
            restart=self.neo4j_restart,
        )

    def resolved_password(self) -> str | None:
        """The configured password, else the one the embedded Neo4j generated."""
        if self.neo4j_password:
            return self.neo4j_password
        if self.auth_file.is_file():
            data = json.loads(self.auth_file.read_text(encoding="utf-8"))
            return str(data.get("password") or "") or None
        return None
