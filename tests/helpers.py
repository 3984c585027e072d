"""One free port and one start-and-poll for every test that runs a server of its own.

Imported as ``from helpers import ...``: pytest puts ``tests/`` on ``sys.path`` (its
``conftest.py`` has no package above it), as it does for ``view_fixture``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
GRAPHKIT = ROOT / ".venv" / "bin" / "graphkit"


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(
    proc: subprocess.Popen[Any],
    base: str,
    *,
    timeout: float = 60.0,
    what: str = "graphkit serve",
    output: Callable[[], str] | None = None,
) -> None:
    """Poll ``base + "/health"`` until it answers 200 while ``proc`` runs.

    Raises AssertionError if ``proc`` exits first (with ``output()``, read only then:
    reading a running process's pipe would block) or after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            said = output() if output is not None else ""
            raise AssertionError(f"{what} exited: {said}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not answer {base}/health in {timeout:.0f}s")
        time.sleep(0.2)


def stop_process(
    proc: subprocess.Popen[Any], *, sig: int = signal.SIGINT, timeout: float = 20.0
) -> None:
    """Send ``sig`` (Ctrl-C by default, as a user would), kill after ``timeout`` seconds."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def serve(
    env: dict[str, str],
    *args: str,
    timeout: float = 60.0,
    log: list[str] | None = None,
    pids: list[int] | None = None,
) -> Iterator[str]:
    """Run ``graphkit serve`` as a user would; yield its base URL; stop it afterwards.

    Its output goes to ``log``, once it has stopped (pass ``--log-level`` in ``args``
    to see more than warnings; later options win). Its process id is appended to ``pids``.
    """
    port = free_port()
    full_env = {**os.environ, **env}
    proc = subprocess.Popen(
        [str(GRAPHKIT), "serve", "--port", str(port), "--log-level", "warning", *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(proc.pid)
    try:
        wait_for_health(
            proc,
            base,
            timeout=timeout,
            output=lambda: proc.stdout.read() if proc.stdout else "",
        )
        yield base
    finally:
        stop_process(proc)
        if log is not None and proc.stdout is not None:
            log.append(proc.stdout.read())


@contextmanager
def own_neo4j(
    home: Path, *, restart: str, heap: str = "384m", seed: Callable[[Any], None] | None = None
) -> Iterator[dict[str, str]]:
    """A Neo4j of the caller's own, started with ``graphkit neo4j start`` as a user would.

    For tests that kill it or fill its heap, never the session's server. Yields the
    ``GRAPHKIT_*`` environment a ``graphkit`` command needs to use it (store included); calls
    ``seed(store)`` on a connected ``Neo4jStore`` first. Stopped, or killed, at the end.
    """
    import json

    from graphkit import server
    from graphkit.store.neo4j import Neo4jStore

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env.update(
        GRAPHKIT_HOME=str(home),
        GRAPHKIT_STORE="neo4j",
        GRAPHKIT_NEO4J_BOLT_PORT=str(port),
        GRAPHKIT_NEO4J_URI=f"bolt://127.0.0.1:{port}",
        GRAPHKIT_NEO4J_HEAP=heap,
        GRAPHKIT_NEO4J_PAGECACHE="32m",
        GRAPHKIT_NEO4J_RESTART=restart,
    )
    neo = [str(GRAPHKIT), "neo4j"]
    started = subprocess.run(
        [*neo, "start", "--timeout", "500"], env=env, capture_output=True, text=True, check=False
    )
    try:
        if started.returncode != 0:
            raise AssertionError(started.stdout + started.stderr)
        password = json.loads(server.auth_file(home).read_text())["password"]
        env["GRAPHKIT_NEO4J_PASSWORD"] = password
        if seed is not None:
            store = Neo4jStore.connect(env["GRAPHKIT_NEO4J_URI"], "neo4j", password)
            try:
                store.setup()
                seed(store)
            finally:
                store.close()
        yield env
    finally:
        subprocess.run([*neo, "stop", "--timeout", "60"], env=env, capture_output=True, check=False)
        leave_nothing_running(home)


def leave_nothing_running(home: Path) -> None:
    """Kill whatever a stop (or a failed test) left of ``home``'s JVM and its supervisor."""
    from graphkit import server

    watcher = server.supervisor_state(home)
    for pid in (watcher.pid if watcher else None, server.running_pid(home)):
        if pid is not None:
            os.kill(pid, signal.SIGKILL)


def neo4j_env(home: Path, settings: Any) -> dict[str, str]:
    """The ``GRAPHKIT_*`` a ``graphkit serve`` needs to use the session's Neo4j
    (``settings``: the ``neo4j_settings`` fixture), with its state in ``home``."""
    return {
        "GRAPHKIT_HOME": str(home),
        "GRAPHKIT_STORE": "neo4j",
        "GRAPHKIT_NEO4J_URI": settings.neo4j_uri,
        "GRAPHKIT_NEO4J_PASSWORD": settings.resolved_password() or "",
    }


def process_children() -> dict[int, list[int]]:
    """Every process's children, by parent pid, from one pass over ``/proc``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # it exited meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    return children
