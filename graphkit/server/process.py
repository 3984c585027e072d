"""Run the local Neo4j: the Java command, start, stop, status, pids and ports."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from graphkit.errors import ConfigError, GraphkitError, StoreUnavailable
from graphkit.server.build import _adopt_class_archive, _class_data_flags, build, launcher_jar
from graphkit.server.layout import (
    ServerConfig,
    ServerState,
    StartResult,
    auth_file,
    log_file,
    pid_file,
    server_dir,
)

MAIN_CLASS = "graphkit.neo4j.GraphkitNeo4j"
READY_MARKER = "graphkit-neo4j ready"
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


def _is_ours(pid: int, home: Path) -> bool:
    """True if ``pid`` runs the launcher on this home (guards against a recycled pid)."""
    args = _cmdline(pid)
    if args is None:  # no /proc: trust the pid file
        return True
    want = str(server_dir(home).resolve())
    return MAIN_CLASS in args and any(
        a == "--home" and b == want for a, b in itertools.pairwise(args)
    )


def _port_of(pid: int) -> int | None:
    args = _cmdline(pid) or []
    for flag, value in itertools.pairwise(args):
        if flag == "--port" and value.isdigit():
            return int(value)
    return None


def running_pid(home: Path) -> int | None:
    """The launcher's pid if it runs for ``home``; removes a stale pid file."""
    path = pid_file(home)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    if _alive(pid) and _is_ours(pid, home):
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
    )


def start(config: ServerConfig, *, project: Path, timeout: float = 300.0) -> StartResult:
    """Start Neo4j in the background and wait until Bolt listens.

    Idempotent: if it already runs for ``config.home`` it is left alone.

    Args:
        config: home, port, memory sizes.
        timeout: seconds to wait for the "ready" line.
        project: the launcher's Maven project (``launcher_project``), built first if needed.

    Returns:
        The pid, URI and how long start-up took.

    Raises:
        ConfigError: the port is taken by another program, a size is malformed, Java is missing,
            or the data folder is locked by another Neo4j.
        StoreUnavailable: Neo4j exited or did not get ready in time (message names the log).
    """
    home = Path(config.home)
    log = log_file(home)
    existing = running_pid(home)
    if existing is not None:
        port = _port_of(existing) or config.port
        return StartResult(
            pid=existing,
            uri=f"bolt://{config.host}:{port}",
            already_running=True,
            seconds=0.0,
            auth_file=auth_file(home),
            log_file=log,
        )
    cmd = java_command(config, project)  # validates sizes and port first
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
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(server_dir(home)),
            # Its own session: Ctrl-C in the terminal that ran `graphkit neo4j start` must not
            # reach the server, which outlives the CLI.
            start_new_session=True,
        )
    pid_file(home).write_text(f"{proc.pid}\n")

    deadline = began + timeout
    while True:
        text = _read_from(log, offset)
        code = proc.poll()
        if code is not None:
            pid_file(home).unlink(missing_ok=True)
            raise _start_failure(code, text, log)
        if READY_MARKER in text and port_open(config.host, config.port):
            return StartResult(
                pid=proc.pid,
                uri=config.uri,
                already_running=False,
                seconds=time.monotonic() - began,
                auth_file=auth_file(home),
                log_file=log,
            )
        if time.monotonic() > deadline:
            _terminate(proc.pid, grace=30.0)
            pid_file(home).unlink(missing_ok=True)
            raise StoreUnavailable(
                f"Neo4j did not get ready within {timeout:.0f}s and was stopped; see {log} "
                f"and {server_dir(home) / 'logs' / 'debug.log'}"
            )
        time.sleep(0.25)


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            return fh.read().decode(errors="replace")
    except OSError:
        return ""


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


def _terminate(pid: int, grace: float) -> bool:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL. True if it had to kill."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return False
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    for _ in range(100):
        if not _alive(pid):
            break
        time.sleep(0.1)
    return True


def stop(home: Path, *, timeout: float = 120.0) -> bool:
    """Stop the Neo4j running for ``home``: clean shutdown, killed only after ``timeout``.

    Returns:
        True if a server was running (and is now stopped), False if none was.
    """
    pid = running_pid(home)
    if pid is None:
        return False
    args = _cmdline(pid)
    killed = _terminate(pid, grace=timeout)
    pid_file(home).unlink(missing_ok=True)
    if killed:
        with log_file(home).open("a", encoding="utf-8") as out:
            out.write(f"--- graphkit neo4j stop: no clean shutdown within {timeout:.0f}s, killed\n")
    else:
        _adopt_class_archive(args)
    return True
