"""Build, start, stop and inspect graphkit's local Neo4j (no Docker needed).

The server is a small Java program, a Maven project: an embedded Neo4j Community DBMS with a
Bolt connector on 127.0.0.1, built into a plain classpath (``target/graphkit-neo4j.jar`` +
``lib/*.jar``). A checkout builds it in place, in the repository's ``neo4j/``; an installed
package ships its pom and source and builds a copy in a per-user cache (``launcher_project``).
Everything the server keeps lives under ``<home>/neo4j/``::

    data/        the graph (survives restarts; crash-safe through Neo4j's transaction log)
    logs/        Neo4j's own debug.log
    auth.json    {"uri", "user", "password"}: the generated password, mode 0600
                 (delete it and restart to get a new password)
    neo4j.log    what the launcher printed (start-up, errors, the "ready" line)
    neo4j.pid    the Java process id while it runs
    supervisor.json  the supervisor's pid, restart policy and restart count while it runs
    neo4j.conf   optional: extra Neo4j settings, read at start when present

This module is a pure library: every path, port and size comes in as an argument. It does not
talk Bolt itself (driver imports stay in ``graphkit.store``); it waits for the launcher's
"ready" line plus an open TCP port. ``graphkit.store.neo4j.probe`` then checks that Neo4j
answers with the stored password.

The package: ``layout`` (the config and result records, where the files live), ``build``
(the launcher's Maven project, Java check, class-data archive), ``process`` (start,
stop, status, pids and ports) and ``supervisor`` (the process that runs the JVM and restarts
it when it dies on its own, e.g. of a heap-filling query). Every public name is importable
from ``graphkit.server``.
"""

from __future__ import annotations

from graphkit.server.build import (
    build,
    check_java,
    class_archive,
    launcher_jar,
    launcher_project,
    needs_build,
)
from graphkit.server.layout import (
    READY_MARKER,
    RESTART_POLICIES,
    ServerConfig,
    ServerState,
    StartResult,
    SupervisorState,
    auth_file,
    log_file,
    pid_file,
    server_dir,
    supervisor_file,
)
from graphkit.server.process import (
    ERROR_MARKER,
    JVM_FLAGS,
    MAIN_CLASS,
    java_command,
    port_open,
    running_pid,
    runs_at,
    start,
    status,
    stop,
    supervised_command,
    supervisor_state,
)

__all__ = [
    "ERROR_MARKER",
    "JVM_FLAGS",
    "MAIN_CLASS",
    "READY_MARKER",
    "RESTART_POLICIES",
    "ServerConfig",
    "ServerState",
    "StartResult",
    "SupervisorState",
    "auth_file",
    "build",
    "check_java",
    "class_archive",
    "java_command",
    "launcher_jar",
    "launcher_project",
    "log_file",
    "needs_build",
    "pid_file",
    "port_open",
    "running_pid",
    "runs_at",
    "server_dir",
    "start",
    "status",
    "stop",
    "supervised_command",
    "supervisor_file",
    "supervisor_state",
]
