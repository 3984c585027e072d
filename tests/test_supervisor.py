"""The supervisor's rules, over a real child process that plays the launcher's part.

The child is a small Python program that prints the launcher's "ready" line and then exits
as told, so each rule (restart, give up, clean exit, stop) is checked in seconds; the real
JVM under the supervisor is `tests/test_server.py` (SIGKILL) and
`tests/api/test_cypher_sandbox.py` (a heap-filling query).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit import server
from graphkit.server import supervisor

CHILD = """
import os, signal, sys, time
launches = sys.argv[1]
with open(launches, "a") as fh:
    fh.write(f"{os.getpid()}\\n")
mode = sys.argv[2]
if mode == "fail-at-start":
    print("graphkit-neo4j: error: port taken", flush=True)
    sys.exit(3)
print("graphkit-neo4j ready bolt://127.0.0.1:1 pid=%d" % os.getpid(), flush=True)
if mode == "exit":
    sys.exit(int(sys.argv[3]))
if mode == "crash-once" and len(open(launches).read().split()) == 1:
    os.kill(os.getpid(), signal.SIGKILL)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
while True:
    time.sleep(0.1)
"""


def run_supervisor(
    home: Path, *mode: str, policy: str = "on-failure"
) -> tuple[subprocess.Popen[bytes], Path]:
    folder = server.server_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    script = home / "child.py"
    script.write_text(CHILD)
    launches = home / "launches"
    out = server.log_file(home).open("ab")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit.server.supervisor",
            "--home",
            str(home),
            "--restart",
            policy,
            "--",
            sys.executable,
            str(script),
            str(launches),
            *mode,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    out.close()
    return proc, launches


def launches_of(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def wait_until(predicate: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.05)


def log_of(home: Path) -> str:
    return server.log_file(home).read_text(errors="replace")


def test_an_exit_before_ready_is_passed_through_not_restarted(tmp_path: Path) -> None:
    proc, launches = run_supervisor(tmp_path, "fail-at-start")
    assert proc.wait(timeout=30) == 3  # `start` maps the launcher's code to the setting
    assert len(launches_of(launches)) == 1
    assert not server.pid_file(tmp_path).exists()
    assert not server.supervisor_file(tmp_path).exists()


def test_a_crash_after_ready_is_restarted_and_recorded(tmp_path: Path) -> None:
    proc, launches = run_supervisor(tmp_path, "crash-once")
    try:
        wait_until(lambda: "ready again after restart 1" in log_of(tmp_path), 30)
        first, second = launches_of(launches)
        state = json.loads(server.supervisor_file(tmp_path).read_text())
        assert state["restarts"] == 1 and state["jvmPid"] == second
        assert state["lastExit"] == "was killed by SIGKILL"
        assert server.pid_file(tmp_path).read_text().strip() == str(second)
        assert f"(pid {first}) was killed by SIGKILL" in log_of(tmp_path)
        watcher = server.supervisor_state(tmp_path)
        assert watcher is not None and watcher.pid == proc.pid and watcher.restarts == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 143  # the child's answer to SIGTERM
    assert len(launches_of(launches)) == 2  # a stop is not a crash: no third launch
    assert not server.supervisor_file(tmp_path).exists()


def test_a_crash_loop_gives_up_after_the_limit(tmp_path: Path) -> None:
    proc, launches = run_supervisor(tmp_path, "exit", "1")
    # the pauses before restarts 1..5 add up to 15.5 s
    assert proc.wait(timeout=120) == 1
    assert len(launches_of(launches)) == supervisor.MAX_RESTARTS + 1
    log = log_of(tmp_path)
    assert f"restart {supervisor.MAX_RESTARTS} in" in log
    assert "giving up" in log
    assert not server.supervisor_file(tmp_path).exists()


@pytest.mark.parametrize(("code", "policy"), [(0, "on-failure"), (143, "on-failure"), (1, "never")])
def test_a_clean_exit_or_restart_never_is_not_restarted(
    tmp_path: Path, code: int, policy: str
) -> None:
    proc, launches = run_supervisor(tmp_path, "exit", str(code), policy=policy)
    assert proc.wait(timeout=30) == code
    assert len(launches_of(launches)) == 1
    if policy == "never":
        assert "not restarted: restarts are off" in log_of(tmp_path)


def test_stop_during_the_pause_before_a_restart_ends_it(tmp_path: Path) -> None:
    proc, launches = run_supervisor(tmp_path, "exit", "1")
    wait_until(lambda: "restart 2 in 1 s" in log_of(tmp_path), 30)
    proc.send_signal(signal.SIGTERM)  # what `graphkit neo4j stop` sends
    proc.wait(timeout=30)
    assert len(launches_of(launches)) == 2
    assert not server.pid_file(tmp_path).exists()


def test_describe_exit_names_the_oom_exit_and_signals() -> None:
    assert "OutOfMemoryError" in supervisor.describe_exit(3)
    assert supervisor.describe_exit(-9) == "was killed by SIGKILL"
    assert supervisor.describe_exit(7) == "exited with code 7"
