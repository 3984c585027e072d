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
