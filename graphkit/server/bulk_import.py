"""Load import files into the local Neo4j with ``neo4j-admin database import full``.

The import tool writes Neo4j's store files directly, bypassing transactions, so the
database must be offline: ``import_files`` stops the local server, runs the tool (the
one in the launcher's own classpath, ``org.neo4j.cli.AdminTool``) over the ``neo4j``
database, and starts the server again, whether or not the import succeeded. It replaces
that database: callers check that it is empty first (``graphkit.ingest.bulk``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.errors import StoreUnavailable
from graphkit.server.build import build
from graphkit.server.layout import ServerConfig, server_dir
from graphkit.server.process import JVM_FLAGS, start, stop

if TYPE_CHECKING:
    from graphkit.store.neo4j.bulk_files import BulkPlan

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
DATABASE = "neo4j"  # Community's one user database
_IMPORTED = re.compile(r"^\s*(\d+) (nodes|relationships|properties)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ImportResult:
    """What the import tool reported, and how long it took (the server's restart apart)."""

    nodes: int
    relationships: int
    properties: int
    seconds: float
    log: Path


def import_command(
    config: ServerConfig,
    project: Path,
    nodes: Mapping[str, Sequence[Path]],
    relationships: Sequence[tuple[str | None, Sequence[Path]]],
    report: Path,
    *,
    array_delimiter: str,
    multiline: bool = True,
) -> list[str]:
    """The command line of the import tool for these file groups (header file first);
    ``array_delimiter`` separates list items, ``multiline`` when a field may hold a line
    break (slower to read).

    Raises:
        ValueError: a path holds a comma, which separates the files of a group.
    """
    java = shutil.which(config.java) or config.java
    args = [
        java,
        f"-Xmx{config.heap}",
        *(f for f in JVM_FLAGS if f.startswith("--add-")),
        "-cp",
        str(project / "lib" / "*"),
        ADMIN_CLASS,
        "database",
        "import",
        "full",
        DATABASE,
        "--overwrite-destination=true",
        f"--multiline-fields={'true' if multiline else 'false'}",
        f"--array-delimiter={array_delimiter}",
        f"--report-file={report}",
    ]
    for label, files in nodes.items():
        args.append(f"--nodes={label}={_joined(files)}")
    for rel_type, files in relationships:
        args.append(f"--relationships={rel_type + '=' if rel_type else ''}{_joined(files)}")
    return args


def _joined(files: Sequence[Path]) -> str:
    for f in files:
        if "," in str(f):
            raise ValueError(f"import file {f}: a path with a comma cannot be imported")
    return ",".join(str(f) for f in files)


def import_files(
    config: ServerConfig,
    project: Path,
    plan: BulkPlan,
    *,
    log: Path | None = None,
    timeout: float = 300.0,
) -> ImportResult:
    """Stop the local Neo4j, import ``plan``'s files into its ``neo4j`` database, start it
    again.

    Args:
        config: the local server (its home, heap and Java).
        project: the launcher's Maven project (``launcher_project``).
        plan: the files (``BulkFiles.finish``); the tool's report goes to its folder.
        log: where the tool's output goes (kept after the files are removed); default
            ``<home>/bulk-import.log``.
        timeout: seconds to wait for the server to stop, and again to start.

    Raises:
        StoreUnavailable: the import failed (the message holds the tool's last lines;
            the database is then empty, as it was) or the server did not start again.
    """
    log = log or Path(config.home) / "bulk-import.log"
    build(project, java=config.java)
    cmd = import_command(
        config,
        project,
        plan.nodes,
        plan.relationships,
        plan.folder / "import.report",
        array_delimiter=plan.array_delimiter,
        multiline=plan.multiline,
    )
    neo4j_home = server_dir(config.home).resolve()
    env = os.environ | {"NEO4J_HOME": str(neo4j_home), "NEO4J_CONF": str(neo4j_home)}
    stop(config.home, timeout=timeout)
    began = time.monotonic()
    try:
        with log.open("wb") as out:
            code = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env
            ).returncode
        seconds = time.monotonic() - began
        text = log.read_text(encoding="utf-8", errors="replace")
        if code != 0 or "IMPORT DONE" not in text:
            _drop_database(neo4j_home)
            tail = "\n".join(line for line in text.splitlines() if line.strip()[:1] != ".")[-2000:]
            raise StoreUnavailable(f"the bulk import failed (exit {code}); {log}:\n{tail}")
    finally:
        start(config, project=project, timeout=timeout)
    found = {kind: int(n) for n, kind in _IMPORTED.findall(text)}
    return ImportResult(
        nodes=found.get("nodes", 0),
        relationships=found.get("relationships", 0),
        properties=found.get("properties", 0),
        seconds=round(seconds, 3),
        log=log,
    )


def _drop_database(neo4j_home: Path) -> None:
    """Remove what a failed import left of the database; Neo4j creates it empty at start."""
    for part in ("databases", "transactions"):
        shutil.rmtree(neo4j_home / "data" / part / DATABASE, ignore_errors=True)
