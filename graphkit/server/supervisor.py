"""Keep the local Neo4j up: restart its JVM when it dies on its own, as systemd would.

``graphkit neo4j start`` runs this module as a detached process::

    python -m graphkit.server.supervisor --home HOME --restart on-failure -- java ...

and it runs the Java command as its child. Why a supervisor: one query can fill Neo4j's heap
inside a single expression (a list comprehension's list is not counted by the transaction
memory limit), and the JVM then exits (``-XX:+ExitOnOutOfMemoryError``; a JVM that lives on
after an ``OutOfMemoryError`` has lost threads at random and is silently degraded). Without
a supervisor every route answers 503 until somebody restarts it by hand.

The rules, like systemd's ``Restart=on-failure``:

- Before the first "ready" line the child's exit is this process's exit, so ``start`` reports
  a bad port or a locked folder exactly as before.
- After it, an exit with a non-zero code or by a signal is restarted after a short, growing
  pause, at most ``MAX_RESTARTS`` times in ``WINDOW`` seconds (then it gives up: a crash loop
  is not hidden). A clean exit (0, or the JVM's answer to SIGTERM/SIGINT) is not restarted.
- SIGTERM, SIGINT or SIGHUP to this process stops the JVM cleanly and ends the supervision:
  that is how ``graphkit neo4j stop`` stops a supervised server.

Each exit and restart is a line in ``neo4j.log``; ``supervisor.json`` holds this process's
pid, the policy and the restart count for ``graphkit neo4j status``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from graphkit.server.layout import (
    READY_MARKER,
    RESTART_POLICIES,
    log_file,
    pid_file,
    read_from,
    server_dir,
    supervisor_file,
)

MAX_RESTARTS = 5
WINDOW = 600.0  # seconds
# pause before restart k (1-based): 0.5, 1, 2, 4, 8 s; the first is short because a heap
# exhaustion is a one-off and every route answers 503 until Neo4j is back
PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)
# exit statuses that mean "asked to stop": the JVM exits 128+signal after its shutdown hooks
CLEAN_EXITS = frozenset({0, 128 + signal.SIGTERM, 128 + signal.SIGINT, -signal.SIGTERM})


def describe_exit(code: int) -> str:
    """``code`` as a person reads it (the JVM's OOM exit, a signal, a plain code)."""
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    if code == 3:
        return "exited with code 3 (the JVM's exit on OutOfMemoryError; see neo4j.log)"
    return f"exited with code {code}"


class Supervisor:
    """Runs one Java command and restarts it according to ``policy``."""

    def __init__(self, home: Path, policy: str, command: list[str]) -> None:
        self.home = home
        self.folder = server_dir(home)
        self.policy = policy
        self.command = command
        self.stopping = False
        self.child: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.last_exit: str | None = None
        self.recent: deque[float] = deque()

    # ---------------------------------------------------------------- records

    def log(self, message: str) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        # stdout is neo4j.log, opened for appending by `start`, shared with the JVM
        sys.stdout.write(f"--- graphkit neo4j supervisor {stamp}: {message}\n")
        sys.stdout.flush()

    def record(self) -> None:
        state = {
            "pid": os.getpid(),
            "policy": self.policy,
            "restarts": self.restarts,
            "lastExit": self.last_exit,
            "jvmPid": self.child.pid if self.child else None,
        }
        path = supervisor_file(self.home)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    # ---------------------------------------------------------------- signals

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    # ---------------------------------------------------------------- running

    def launch(self) -> tuple[int, bool]:
        """Run the command once: its exit status, and whether it got ready first."""
        log = log_file(self.home)
        offset = log.stat().st_size if log.exists() else 0
        self.child = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, cwd=self.folder)
        pid_file(self.home).write_text(f"{self.child.pid}\n")
        self.record()
        if self.stopping:  # a stop that came while it was being started
            self.child.send_signal(signal.SIGTERM)
        while READY_MARKER not in read_from(log, offset):
            code = self.child.poll()
            if code is not None:  # it may have got ready just before it exited
                return code, READY_MARKER in read_from(log, offset)
            time.sleep(0.25)
        if self.restarts:
            self.log(f"Neo4j (pid {self.child.pid}) is ready again after restart {self.restarts}")
        return self.child.wait(), True

    def may_restart(self, code: int) -> bool:
        if self.stopping or self.policy == "never" or code in CLEAN_EXITS:
            return False
        now = time.monotonic()
        while self.recent and now - self.recent[0] > WINDOW:
            self.recent.popleft()
        return len(self.recent) < MAX_RESTARTS

    def pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.05)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        began = time.monotonic()
        code, ready = self.launch()
        ever_ready = ready
        while ever_ready and self.may_restart(code):
            self.restarts += 1
            self.recent.append(time.monotonic())
            self.last_exit = describe_exit(code)
            wait = PAUSES[min(len(self.recent), len(PAUSES)) - 1]
            self.log(
                f"Neo4j (pid {self.child.pid if self.child else '?'}) {self.last_exit} after "
                f"{time.monotonic() - began:.0f} s; restart {self.restarts} in {wait:g} s"
            )
            pid_file(self.home).unlink(missing_ok=True)
            self.record()
            self.pause(wait)
            if self.stopping:
                break
            began = time.monotonic()
            code, ready = self.launch()
        if ever_ready and not self.stopping and code not in CLEAN_EXITS:
            why = (
                "restarts are off (GRAPHKIT_NEO4J_RESTART=never)"
                if self.policy == "never"
                else f"{MAX_RESTARTS} restarts within {WINDOW:.0f} s: giving up"
            )
            self.log(f"Neo4j {describe_exit(code)}; not restarted: {why}")
        pid_file(self.home).unlink(missing_ok=True)
        supervisor_file(self.home).unlink(missing_ok=True)
        # before the first ready: the launcher's own code, which `start` turns into an error
        return code if code >= 0 else 128 - code


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``--home HOME --restart POLICY -- COMMAND...``."""
    parser = argparse.ArgumentParser(prog="python -m graphkit.server.supervisor")
    parser.add_argument("--home", required=True, type=Path, help="graphkit's home folder")
    parser.add_argument("--restart", choices=RESTART_POLICIES, default="on-failure")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to run")
    return Supervisor(args.home.resolve(), args.restart, command).run()


if __name__ == "__main__":
    sys.exit(main())
