"""Run the local Neo4j: the Java command, start, stop, status, pids and ports."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from graphkit.errors import ConfigError, GraphkitError, StoreUnavailable
from graphkit.server.build import _adopt_class_archive, _class_data_flags, build, launcher_jar
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
    read_from,
    server_dir,
    supervisor_file,
)

MAIN_CLASS = "graphkit.neo4j.GraphkitNeo4j"
SUPERVISOR_MODULE = "graphkit.server.supervisor"
ERROR_MARKER = "graphkit-neo4j: error:"

# The JVM flags Neo4j 5.26's own launcher passes (``server.jvm.additional`` in its default
# neo4j.conf, plus -XX:+ExitOnOutOfMemoryError), less the profiling-only ones. Without the
# --add-opens Neo4j falls back to slower paths for direct buffers and logs warnings.
# -XX:+AlwaysPreTouch is left out on purpose: it would make the whole heap resident at once,
# and a small idle footprint matters more here than the first-touch page faults it avoids.
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.leakDetection.level=DISABLED",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

# Launcher exit codes (see GraphkitNeo4j.java) mapped to the setting a user should fix.
_EXIT_SETTING = {2: None, 3: "GRAPHKIT_NEO4J_BOLT_PORT", 4: "GRAPHKIT_HOME"}

_SIZE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")


def java_command(config: ServerConfig, project: Path) -> list[str]:
    """The command line that runs the launcher for ``config`` from the built ``project``."""
    for name, value in (
        ("GRAPHKIT_NEO4J_HEAP", config.heap),
        ("GRAPHKIT_NEO4J_PAGECACHE", config.pagecache),
    ):
        if not _SIZE.match(value):
            raise ConfigError(f"{value!r} is not a size like 512m or 1g", setting=name)
    if not 1 <= config.port <= 65535:
        raise ConfigError(f"port {config.port} is out of range", setting="GRAPHKIT_NEO4J_BOLT_PORT")
    java = shutil.which(config.java) or config.java
    # Our thin jar plus Neo4j's jars, no directories: class-data sharing only archives jars.
    classpath = os.pathsep.join([str(launcher_jar(project)), str(project / "lib" / "*")])
    return [
        java,
        f"-Xms{config.heap}",
        f"-Xmx{config.heap}",
        *JVM_FLAGS,
        *_class_data_flags(project),
        "-cp",
        classpath,
        MAIN_CLASS,
        "--home",
        str(config.neo4j_dir.resolve()),
        "--host",
        config.host,
        "--port",
        str(config.port),
        "--pagecache",
        config.pagecache,
    ]


def supervised_command(config: ServerConfig, java: list[str]) -> list[str]:
    """``java`` run under ``graphkit.server.supervisor`` with ``config``'s restart policy."""
    if config.restart not in RESTART_POLICIES:
        raise ConfigError(
            f"{config.restart!r} is not one of {', '.join(RESTART_POLICIES)}",
            setting="GRAPHKIT_NEO4J_RESTART",
        )
    home = str(Path(config.home).resolve())
    return [
        sys.executable,
        "-m",
        SUPERVISOR_MODULE,
        "--home",
        home,
        "--restart",
        config.restart,
        "--",
        *java,
    ]


def _alive(pid: int) -> bool:
    """True if ``pid`` is a live process (a zombie is not alive)."""
    try:
        # Reap it if it is our own exited child (tests start servers in-process).
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        # Field 3 is the state; an orphan zombie stays in the table if PID 1 never reaps it.
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        # No /proc (not Linux): os.kill above is all we can know.
        return not Path("/proc").is_dir()


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _option(args: list[str], name: str) -> str | None:
    """The value given to option ``name`` in a command line, if any."""
    return next((value for flag, value in itertools.pairwise(args) if flag == name), None)


def _is_ours(pid: int, program: str, home: Path) -> bool:
    """True if ``pid`` runs ``program`` (the launcher's main class, or the supervisor's
    module) with ``--home home`` (guards against a recycled pid)."""
    args = _cmdline(pid)
    if args is None:  # no /proc: trust the pid file
        return True
    return program in args and _option(args, "--home") == str(home.resolve())


def _port_of(pid: int) -> int | None:
    port = _option(_cmdline(pid) or [], "--port")
    return int(port) if port is not None and port.isdigit() else None


def supervisor_state(home: Path) -> SupervisorState | None:
    """The supervisor watching ``home``'s JVM, if one runs; removes a stale record."""
    path = supervisor_file(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pid = int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _alive(pid) and _is_ours(pid, SUPERVISOR_MODULE, Path(home)):
        return SupervisorState(
            pid=pid,
            policy=str(data.get("policy", "")),
            restarts=int(data.get("restarts") or 0),
            last_exit=data.get("lastExit"),
        )
    path.unlink(missing_ok=True)
    return None


def running_pid(home: Path) -> int | None:
    """The launcher's pid if it runs for ``home``; removes a stale pid file."""
    path = pid_file(home)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    if _alive(pid) and _is_ours(pid, MAIN_CLASS, server_dir(home)):
        return pid
    path.unlink(missing_ok=True)
    return None


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """True if something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def status(home: Path) -> ServerState:
    """What runs for ``home``: pid and port, or nothing."""
    pid = running_pid(home)
    return ServerState(
        pid=pid,
        port=_port_of(pid) if pid else None,
        log_file=log_file(home),
        auth_file=auth_file(home),
        supervisor=supervisor_state(home),
    )


def runs_at(config: ServerConfig, uri: str) -> bool:
    """True if the local Neo4j of ``config`` runs and ``uri`` names it (a bulk import
    needs that server, which it stops and starts)."""
    return running_pid(Path(config.home)) is not None and uri.rstrip("/") == config.uri


def start(config: ServerConfig, *, project: Path, timeout: float = 300.0) -> StartResult:
    """Start Neo4j in the background, under its supervisor, and wait until Bolt listens.

    Idempotent: if it already runs for ``config.home`` it is left alone (if its supervisor
    is restarting it, this waits for it to be ready).

    Args:
        config: home, port, memory sizes, restart policy.
        timeout: seconds to wait for the "ready" line.
        project: the launcher's Maven project (``launcher_project``), built first if needed.

    Returns:
        The JVM's pid, URI and how long start-up took.

    Raises:
        ConfigError: the port is taken by another program, a size or the restart policy is
            malformed, Java is missing, or the data folder is locked by another Neo4j.
        StoreUnavailable: Neo4j exited or did not get ready in time (message names the log).
    """
    home = Path(config.home)
    log = log_file(home)
    began = time.monotonic()
    if running_pid(home) is not None or supervisor_state(home) is not None:
        pid = _wait_running(home, config, began + timeout)
        return StartResult(
            pid=pid,
            uri=f"bolt://{config.host}:{_port_of(pid) or config.port}",
            already_running=True,
            seconds=time.monotonic() - began,
            auth_file=auth_file(home),
            log_file=log,
        )
    supervised_command(config, java_command(config, project))  # validates everything first
    if port_open(config.host, config.port):
        raise ConfigError(
            f"port {config.port} on {config.host} is already in use by another program",
            setting="GRAPHKIT_NEO4J_BOLT_PORT",
        )
    build(project, java=config.java)
    cmd = java_command(config, project)  # again: a rebuild drops the class archive

    server_dir(home).mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with log.open("ab") as out:
        offset = out.tell()
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        out.write(f"--- graphkit neo4j start {stamp}: {' '.join(cmd)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            supervised_command(config, cmd),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(server_dir(home)),
            # Its own session: Ctrl-C in the terminal that ran `graphkit neo4j start` must not
            # reach the server, which outlives the CLI.
            start_new_session=True,
        )

    deadline = began + timeout
    while True:
        text = read_from(log, offset)
        code = proc.poll()
        if code is not None:  # the supervisor exits with the launcher's code before "ready"
            pid_file(home).unlink(missing_ok=True)
            raise _start_failure(code, text, log)
        jvm = running_pid(home)
        if jvm is not None and READY_MARKER in text and port_open(config.host, config.port):
            return StartResult(
                pid=jvm,
                uri=config.uri,
                already_running=False,
                seconds=time.monotonic() - began,
                auth_file=auth_file(home),
                log_file=log,
            )
        if time.monotonic() > deadline:
            stop(home, timeout=30.0)
            raise StoreUnavailable(
                f"Neo4j did not get ready within {timeout:.0f}s and was stopped; see {log} "
                f"and {server_dir(home) / 'logs' / 'debug.log'}"
            )
        time.sleep(0.25)


def _wait_running(home: Path, config: ServerConfig, deadline: float) -> int:
    """The JVM's pid once it runs and listens (a supervisor may be restarting it)."""
    while True:
        pid = running_pid(home)
        if pid is not None and port_open(config.host, _port_of(pid) or config.port):
            return pid
        if pid is None and supervisor_state(home) is None:
            raise StoreUnavailable(
                f"Neo4j stopped while graphkit waited for it; see {log_file(home)}"
            )
        if time.monotonic() > deadline:
            raise StoreUnavailable(
                f"Neo4j is being restarted by its supervisor and did not get ready in time; "
                f"see {log_file(home)}"
            )
        time.sleep(0.25)


def _start_failure(code: int, text: str, log: Path) -> GraphkitError:
    """Turn the launcher's exit into one clear error."""
    reason = next(
        (
            line.split(ERROR_MARKER, 1)[1].strip()
            for line in text.splitlines()
            if ERROR_MARKER in line
        ),
        None,
    )
    if reason is None:
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("---")]
        reason = lines[-1].strip()[:300] if lines else "no output"
    if code in _EXIT_SETTING:
        return ConfigError(
            f"Neo4j did not start: {reason} (log: {log})", setting=_EXIT_SETTING[code]
        )
    return StoreUnavailable(f"Neo4j exited with code {code} while starting: {reason} (log: {log})")


def _gone_within(pid: int, grace: float) -> bool:
    """Wait up to ``grace`` seconds for ``pid`` to exit. True if it did."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return not _alive(pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _gone_within(pid, 10.0)


def stop(home: Path, *, timeout: float = 120.0) -> bool:
    """Stop the Neo4j running for ``home``: clean shutdown, killed only after ``timeout``.

    A supervised server is stopped through its supervisor, which then does not restart it.

    Returns:
        True if a server (or its supervisor) was running and is now stopped, False if none was.
    """
    supervisor = supervisor_state(home)
    pid = running_pid(home)
    # the supervisor forwards SIGTERM to the JVM and exits once the JVM has
    target = supervisor.pid if supervisor is not None else pid
    if target is None:
        return False
    args = _cmdline(pid) if pid is not None else None
    with contextlib.suppress(ProcessLookupError):
        os.kill(target, signal.SIGTERM)
    killed = not _gone_within(target, timeout)
    if killed:
        for victim in (supervisor.pid if supervisor else None, running_pid(home), pid):
            if victim is not None:
                _kill(victim)
    elif pid is not None and not _gone_within(pid, 10.0):
        _kill(pid)  # the supervisor was gone but its JVM was not (cannot happen normally)
        killed = True
    pid_file(home).unlink(missing_ok=True)
    supervisor_file(home).unlink(missing_ok=True)
    if killed:
        with log_file(home).open("a", encoding="utf-8") as out:
            out.write(f"--- graphkit neo4j stop: no clean shutdown within {timeout:.0f}s, killed\n")
    else:
        _adopt_class_archive(args)
    return True
