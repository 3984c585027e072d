"""The local Neo4j's records (config, start result, state) and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

READY_MARKER = "graphkit-neo4j ready"  # the launcher's line once Bolt listens
# GRAPHKIT_NEO4J_RESTART: what the supervisor does when the JVM dies on its own
RESTART_POLICIES = ("on-failure", "never")


@dataclass(frozen=True)
class ServerConfig:
    """How to run one local Neo4j.

    Attributes:
        home: graphkit's state folder (``GRAPHKIT_HOME``); Neo4j's files go to ``home/neo4j``.
        port: Bolt port on ``host``.
        heap: JVM heap, e.g. ``512m`` (``-Xms``/``-Xmx``).
        pagecache: Neo4j page cache, e.g. ``128m``.
        host: listen address; loopback only unless you mean it.
        java: the ``java`` executable (name on PATH or a path).
        restart: ``on-failure`` (a JVM that dies on its own is restarted, see
            ``graphkit.server.supervisor``) or ``never``.
    """

    home: Path
    port: int = 7687
    heap: str = "512m"
    pagecache: str = "128m"
    host: str = "127.0.0.1"
    java: str = "java"
    restart: str = "on-failure"

    @property
    def neo4j_dir(self) -> Path:
        """Neo4j's home: data, logs, auth file, pid file."""
        return server_dir(self.home)

    @property
    def uri(self) -> str:
        """The Bolt URI clients connect to."""
        return f"bolt://{self.host}:{self.port}"


@dataclass(frozen=True)
class StartResult:
    """What ``start`` did."""

    pid: int
    uri: str
    already_running: bool
    seconds: float
    auth_file: Path
    log_file: Path


@dataclass(frozen=True)
class ServerState:
    """What ``status`` sees of the process (whether Bolt answers: ``store.neo4j.probe``)."""

    pid: int | None
    port: int | None
    log_file: Path
    auth_file: Path
    supervisor: SupervisorState | None = None

    @property
    def running(self) -> bool:
        """True while the launcher's Java process is alive."""
        return self.pid is not None


@dataclass(frozen=True)
class SupervisorState:
    """What ``supervisor.json`` says while a supervisor watches the JVM."""

    pid: int
    policy: str
    restarts: int
    last_exit: str | None


def server_dir(home: Path) -> Path:
    """The folder under graphkit's home that holds everything Neo4j keeps."""
    return Path(home) / "neo4j"


def log_file(home: Path) -> Path:
    """The launcher's console log."""
    return server_dir(home) / "neo4j.log"


def pid_file(home: Path) -> Path:
    """Holds the Java process id while the server runs."""
    return server_dir(home) / "neo4j.pid"


def auth_file(home: Path) -> Path:
    """Where the generated password is stored (same path as ``Settings.auth_file``)."""
    return server_dir(home) / "auth.json"


def supervisor_file(home: Path) -> Path:
    """The supervisor's pid, restart policy and restart count while it runs."""
    return server_dir(home) / "supervisor.json"


def read_from(path: Path, offset: int) -> str:
    """What ``path`` holds past ``offset`` bytes ("" if it cannot be read)."""
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            return fh.read().decode(errors="replace")
    except OSError:
        return ""
