"""The local Neo4j launcher, driven as a user drives it: ``graphkit neo4j start|stop|status``.

Every test here runs its OWN Neo4j (a temporary home on a free port), never the session's
server, so it can be killed with ``kill -9`` without disturbing anything else. Starting a
JVM takes 30 s to several minutes on a busy two-core machine, so one server is shared by the
module and the durability test restarts it in place.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import free_port, leave_nothing_running
from store.fixture_graph import both_articles, chain

from graphkit import server
from graphkit.errors import AuthError
from graphkit.store.neo4j import Neo4jStore
from graphkit.store.neo4j.probe import bolt_answers, server_agent

pytestmark = [pytest.mark.neo4j, pytest.mark.slow, pytest.mark.timeout(1200)]

GRAPHKIT = str(Path(sys.executable).with_name("graphkit"))


@dataclass
class Instance:
    """One throwaway Neo4j: its home, port and the environment the CLI runs with."""

    home: Path
    port: int
    env: dict[str, str]

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> dict[str, str]:
        data: dict[str, str] = json.loads(server.auth_file(self.home).read_text(encoding="utf-8"))
        return data

    def cli(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GRAPHKIT, "neo4j", *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


def make_instance(tmp: Path) -> Instance:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env.update(
        GRAPHKIT_HOME=str(tmp),
        GRAPHKIT_NEO4J_BOLT_PORT=str(port),
        GRAPHKIT_NEO4J_URI=f"bolt://127.0.0.1:{port}",
        GRAPHKIT_NEO4J_HEAP="384m",
        GRAPHKIT_NEO4J_PAGECACHE="32m",
        # unsupervised: these tests kill the JVM and look at what a crash leaves; the
        # supervisor's own test asks for restarts
        GRAPHKIT_NEO4J_RESTART="never",
    )
    return Instance(home=tmp, port=port, env=env)


@pytest.fixture(scope="module")
def neo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    """A running Neo4j of our own, stopped (or killed) at the end whatever happens."""
    inst = make_instance(tmp_path_factory.mktemp("neo4j-home"))
    started = inst.cli("start", "--timeout", "500")
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield inst
    finally:
        inst.cli("stop", "--timeout", "60")
        leave_nothing_running(inst.home)


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The CLI's error output must be one line, with no stack trace."""
    err = proc.stderr.strip()
    assert "Traceback" not in err, err
    assert len(err.splitlines()) == 1, err
    return err


# ---------------------------------------------------------------- running server


def test_start_reports_uri_user_and_password_file(neo: Instance) -> None:
    again = neo.cli("start")
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stdout
    assert neo.uri in again.stdout
    assert "user: neo4j" in again.stdout
    assert str(server.auth_file(neo.home)) in again.stdout


def test_auth_file_is_private_and_its_password_works(neo: Instance) -> None:
    path = server.auth_file(neo.home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    auth = neo.auth
    assert auth["uri"] == neo.uri
    assert auth["user"] == "neo4j"
    assert len(auth["password"]) >= 24 and auth["password"] != "neo4j"
    assert server_agent(neo.uri, "neo4j", auth["password"]).startswith("Neo4j/5.26")
    # the default credentials never work, not even briefly after the first start
    assert not bolt_answers(neo.uri, "neo4j", "neo4j")


def test_status_answers_with_the_stored_password(neo: Instance) -> None:
    status = neo.cli("status")
    assert status.returncode == 0, status.stderr
    assert neo.uri in status.stdout
    assert str(server.running_pid(neo.home)) in status.stdout


def test_wrong_password_is_one_clear_line(neo: Instance) -> None:
    status = neo.cli("status", env={"GRAPHKIT_NEO4J_PASSWORD": "not-the-password"})
    assert status.returncode == 2
    line = one_error_line(status)
    assert "GRAPHKIT_NEO4J_PASSWORD" in line
    with pytest.raises(AuthError):
        server_agent(neo.uri, "neo4j", "not-the-password")


def test_bolt_listens_on_loopback_only(neo: Instance) -> None:
    # The JVM's listening sockets for our port: every one must be bound to 127.0.0.1.
    hex_port = f"{neo.port:04X}"
    listeners = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and local.endswith(":" + hex_port):
                listeners.append(local.split(":")[0])
    assert listeners, "nothing listens on the Bolt port"
    # 127.0.0.1, as IPv4 or as the IPv4-mapped IPv6 address ::ffff:127.0.0.1 (Java's dual stack)
    assert set(listeners) <= {"0100007F", "0000000000000000FFFF00000100007F"}, listeners


def test_kill_9_loses_no_committed_write(neo: Instance) -> None:
    extractions = [*both_articles(), chain(40)]
    store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
    try:
        store.setup()
        store.write_batch(extractions)
        before = store.stats()
    finally:
        store.close()
    want_actors = {a.id for ex in extractions for a in ex.actors} | {
        end.id for ex in extractions for r in ex.relations for end in (r.source, r.target)
    }
    assert before.actors == len(want_actors)
    assert before.articles == len(extractions)
    assert before.evidence == sum(len(ex.relations) for ex in extractions)

    pid = server.running_pid(neo.home)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while server.running_pid(neo.home) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server.running_pid(neo.home) is None

    down = neo.cli("status")
    assert down.returncode != 0
    assert "not running" in one_error_line(down)

    restarted = neo.cli("start", "--timeout", "500")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    assert "ready at" in restarted.stdout
    store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
    try:
        after = store.stats()
    finally:
        store.close()
    assert after == before


def _graph_snapshot(store: Neo4jStore) -> tuple[object, ...]:
    stats = store.stats()
    edges = sorted((e.source, e.type, e.target, e.weight) for e in store.export().edges)
    return (stats.actors, stats.relationships, stats.evidence, stats.articles, edges)


def test_neo4j_killed_mid_ingest_then_rerun_equals_a_clean_run(
    neo: Instance, tmp_path: Path
) -> None:
    """kill -9 of the Neo4j process during `graphkit ingest`: restart, rerun, compare."""
    root = Path(__file__).resolve().parents[1]
    corpus = tmp_path / "corpus.jsonl"
    n = 150
    subprocess.run(
        [sys.executable, root / "bench" / "gen_corpus.py", "--n", str(n), "--out", corpus],
        check=True,
    )
    ingest = [GRAPHKIT, "ingest", str(corpus), "--store", "neo4j", "--batch-size", "10"]
    store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
    try:
        store.setup()
        store.clear()
        run = subprocess.Popen(
            ingest, env=neo.env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 300
        while store.stats().articles < 20:  # a few batches are committed
            assert run.poll() is None, "the ingest finished before Neo4j could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        store.close()
    pid = server.running_pid(neo.home)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 3, err  # the store went away: one line, exit 3
    assert "Traceback" not in err

    restarted = neo.cli("start", "--timeout", "500")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    rerun = subprocess.run(
        ingest, env=neo.env, cwd=root, capture_output=True, text=True, timeout=900, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
    try:
        resumed = _graph_snapshot(store)
        assert resumed[3] == n
        store.clear()
        clean = subprocess.run(
            ingest, env=neo.env, cwd=root, capture_output=True, text=True, timeout=900, check=False
        )
        assert clean.returncode == 0, clean.stderr
        assert resumed == _graph_snapshot(store)  # nothing lost, nothing doubled
    finally:
        store.close()


def wait_for(predicate: Callable[[], bool], seconds: float) -> float:
    """Poll ``predicate`` until it holds; the seconds it took (AssertionError past them)."""
    began = time.monotonic()
    while not predicate():
        assert time.monotonic() - began < seconds, f"not within {seconds:.0f} s"
        time.sleep(0.2)
    return time.monotonic() - began


def test_supervisor_restarts_a_jvm_that_dies_and_stop_ends_it(neo: Instance) -> None:
    """Under ``GRAPHKIT_NEO4J_RESTART=on-failure`` (the default) a dead JVM comes back.

    A query that fills the heap ends the JVM (-XX:+ExitOnOutOfMemoryError); so would the
    kernel's OOM killer, whose SIGKILL this sends. Committed data is all there afterwards,
    `status` reports the restart, and `stop` stops it for good.
    """
    assert neo.cli("stop", "--timeout", "60").returncode == 0
    supervised = {"GRAPHKIT_NEO4J_RESTART": "on-failure"}
    started = neo.cli("start", "--timeout", "500", env=supervised)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        watcher = server.supervisor_state(neo.home)
        assert watcher is not None and watcher.policy == "on-failure" and watcher.restarts == 0
        store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
        try:
            store.setup()
            store.write_batch([chain(12)])
            before = store.stats()
        finally:
            store.close()
        first = server.running_pid(neo.home)
        assert first is not None
        os.kill(first, signal.SIGKILL)

        def back() -> bool:
            pid = server.running_pid(neo.home)
            return pid not in (None, first) and bolt_answers(neo.uri, "neo4j", neo.auth["password"])

        took = wait_for(back, 300)
        print(f"\nJVM SIGKILLed: answering again after {took:.1f} s", file=sys.stderr)
        store = Neo4jStore.connect(neo.uri, "neo4j", neo.auth["password"])
        try:
            assert store.stats() == before
        finally:
            store.close()
        status = neo.cli("status")
        assert status.returncode == 0, status.stderr
        assert "1 restart(s); last: it was killed by SIGKILL" in status.stdout
        log = server.log_file(neo.home).read_text(errors="replace")
        assert f"Neo4j (pid {first}) was killed by SIGKILL" in log
        assert "is ready again after restart 1" in log

        stopped = neo.cli("stop", "--timeout", "60")
        assert stopped.returncode == 0 and "Neo4j stopped" in stopped.stdout
        assert watcher.pid is not None
        wait_for(lambda: not Path(f"/proc/{watcher.pid}").exists(), 30)
        time.sleep(2)  # what a supervisor that missed the stop would take to restart it
        assert server.running_pid(neo.home) is None
        assert server.supervisor_state(neo.home) is None
        assert not server.port_open("127.0.0.1", neo.port)
    finally:
        neo.cli("stop", "--timeout", "60")
        leave_nothing_running(neo.home)
        # the module's server again, unsupervised, for the tests after this one
        again = neo.cli("start", "--timeout", "500")
        assert again.returncode == 0, again.stdout + again.stderr


# ---------------------------------------------------------------- no server needed


def test_status_fails_when_nothing_runs(tmp_path: Path) -> None:
    inst = make_instance(tmp_path)
    status = inst.cli("status")
    assert status.returncode == 3
    assert "not running" in one_error_line(status)
    stopped = inst.cli("stop")
    assert stopped.returncode == 0
    assert "was not running" in stopped.stdout


def test_port_taken_by_another_program_names_the_setting(tmp_path: Path) -> None:
    inst = make_instance(tmp_path)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", inst.port))
        squatter.listen()
        started = inst.cli("start")
    assert started.returncode == 2
    line = one_error_line(started)
    assert "GRAPHKIT_NEO4J_BOLT_PORT" in line and str(inst.port) in line
    assert server.running_pid(tmp_path) is None


@pytest.mark.parametrize(
    ("variable", "value"),
    [("GRAPHKIT_NEO4J_HEAP", "lots"), ("GRAPHKIT_NEO4J_PAGECACHE", "-5m")],
)
def test_bad_memory_size_names_the_setting(tmp_path: Path, variable: str, value: str) -> None:
    inst = make_instance(tmp_path)
    started = inst.cli("start", env={variable: value})
    assert started.returncode == 2
    assert variable in one_error_line(started)
    assert server.running_pid(tmp_path) is None


def test_a_password_starting_with_a_dash_is_set(tmp_path: Path) -> None:
    # generated passwords are base64url: 1 in 64 began with "-", which the initial-password
    # command took for an option, and the first start failed
    inst = make_instance(tmp_path)
    auth = server.auth_file(inst.home)
    auth.parent.mkdir(parents=True)
    auth.write_text(json.dumps({"uri": inst.uri, "user": "neo4j", "password": "-dash_first-1"}))
    auth.chmod(0o600)
    try:
        started = inst.cli("start", "--timeout", "500")
        assert started.returncode == 0, started.stdout + started.stderr
        status = inst.cli("status")
        assert status.returncode == 0, status.stdout + status.stderr
    finally:
        inst.cli("stop", "--timeout", "60")
        leave_nothing_running(inst.home)
