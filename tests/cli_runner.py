"""Run ``graphkit`` commands in-process with Click's ``CliRunner`` (as sqlite-utils does).

``graphkit`` answers like ``subprocess.run`` (``returncode``, ``stdout``, ``stderr``) so a
test reads the same either way; ``graphkit_process`` is the real process, kept for the
few end-to-end runs (the console script, exit codes a shell sees).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.store.base import GraphStore
from graphkit.store.memory import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
GRAPHKIT = str(Path(sys.executable).parent / "graphkit")

T = TypeVar("T", str, bytes)


@dataclass
class Ran(Generic[T]):
    """What a run printed and how it exited, named as ``subprocess.CompletedProcess`` names it."""

    returncode: int
    stdout: T
    stderr: T


def graphkit(
    *args: str,
    env: Mapping[str, str | None] | None = None,
    stdin: bytes | str | None = None,
    cwd: Path = ROOT,
) -> Ran[str]:
    """``graphkit ARGS`` in this process, with ``env`` on top of the environment (None unsets)."""
    raw = graphkit_bytes(*args, env=env, stdin=stdin, cwd=cwd)
    return Ran(
        raw.returncode,
        raw.stdout.decode("utf-8", "replace"),
        raw.stderr.decode("utf-8", "replace"),
    )


def graphkit_bytes(
    *args: str,
    env: Mapping[str, str | None] | None = None,
    stdin: bytes | str | None = None,
    cwd: Path = ROOT,
) -> Ran[bytes]:
    """``graphkit`` with the output as bytes (for commands that write bytes)."""
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # handle_errors turns every exception into an exit: one getting here is a test bug
        raise result.exception
    return Ran(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def graphkit_process(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: int = 300,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """``graphkit ARGS`` as a real process of the installed console script."""
    return subprocess.run(
        [GRAPHKIT, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def store_env(
    store: GraphStore, tmp_path: Path, fill: Callable[[GraphStore], object]
) -> dict[str, str]:
    """``fill`` the graph the CLI will read, and the whole environment that points at it.

    The memory leg fills a saved file (the CLI opens its own store from it); the Neo4j leg
    fills the test server and passes its ``GRAPHKIT_NEO4J_*`` settings through.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env["GRAPHKIT_HOME"] = str(tmp_path / "home")
    if store.name == "memory":
        path = tmp_path / "graph.json"
        saved = MemoryStore(path)
        saved.setup()
        fill(saved)
        saved.close()  # the CLI reads what was saved
        env |= {"GRAPHKIT_STORE": "memory", "GRAPHKIT_MEMORY_PATH": str(path)}
    else:
        fill(store)
        env |= {k: v for k, v in os.environ.items() if k.startswith("GRAPHKIT_NEO4J_")}
        env |= {"GRAPHKIT_STORE": "neo4j", "GRAPHKIT_HOME": os.environ.get("GRAPHKIT_HOME", "")}
    return env


def graphkit_in(env: Mapping[str, str], *args: str) -> Ran[str]:
    """``graphkit ARGS`` with ``env`` as the whole ``GRAPHKIT_*`` environment (the rest unset)."""
    unset: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith("GRAPHKIT_") and k not in env
    }
    return graphkit(*args, env={**unset, **env})
