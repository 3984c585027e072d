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
    neo4j.conf   optional: extra Neo4j settings, read at start when present

This module is a pure library: every path, port and size comes in as an argument. It does not
talk Bolt itself (driver imports stay in ``graphkit.store``); it waits for the launcher's
"ready" line plus an open TCP port. ``graphkit.store.neo4j.probe`` then checks that Neo4j
answers with the stored password.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graphkit.errors import ConfigError, GraphkitError, StoreUnavailable
from graphkit.resource import folder, package_root

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


@dataclass(frozen=True)
class ServerConfig:
    """How to run one local Neo4j.

    Attributes:
        home: graphkit's state folder (``GRAPHKIT_HOME``); Neo4j's files go to ``home/neo4j``.
        port: Bolt port on ``host``.
        heap: JVM heap, e.g. ``512m`` (``-Xms``/``-Xmx``).
        pagecache: Neo4j page cache, e.g. ``128m``.
        host: listen address; loopback only unless you mean it.
        java: the ``java`` executable (name on PATH or a path).
    """

    home: Path
    port: int = 7687
    heap: str = "512m"
    pagecache: str = "128m"
    host: str = "127.0.0.1"
    java: str = "java"

    @property
    def neo4j_dir(self) -> Path:
        """Neo4j's home: data, logs, auth file, pid file."""
        return server_dir(self.home)

    @property
    def uri(self) -> str:
        """The Bolt URI clients connect to."""
        return f"bolt://{self.host}:{self.port}"


@dataclass(frozen=True)
class StartResult:
    """What ``start`` did."""

    pid: int
    uri: str
    already_running: bool
    seconds: float
    auth_file: Path
    log_file: Path


@dataclass(frozen=True)
class ServerState:
    """What ``status`` sees of the process (not whether Bolt answers: see store/neo4j/probe.py)."""

    pid: int | None
    port: int | None
    log_file: Path
    auth_file: Path

    @property
    def running(self) -> bool:
        """True while the launcher's Java process is alive."""
        return self.pid is not None


def server_dir(home: Path) -> Path:
    """The folder under graphkit's home that holds everything Neo4j keeps."""
    return Path(home) / "neo4j"


def log_file(home: Path) -> Path:
    """The launcher's console log."""
    return server_dir(home) / "neo4j.log"


def pid_file(home: Path) -> Path:
    """Holds the Java process id while the server runs."""
    return server_dir(home) / "neo4j.pid"


def auth_file(home: Path) -> Path:
    """Where the generated password is stored (same path as ``Settings.auth_file``)."""
    return server_dir(home) / "auth.json"


def launcher_project(cache: Path) -> Path:
    """The launcher's Maven project to build and run.

    From a checkout this is the repository's own ``neo4j/`` (its ``target/`` and ``lib/`` are
    git-ignored). An installed package's folder may be read-only and is shared by every user,
    so its pom and source are copied into ``cache`` once per version of them: an upgrade
    builds afresh, and every later start reuses the build.

    Args:
        cache: a per-user cache folder (the CLI passes ``Settings.cache``).
    """
    source = folder("launcher")
    if not source.is_relative_to(package_root()):
        return source
    shipped = sorted(
        [source / "pom.xml", *(source / "src").rglob("*.java")],
        key=lambda p: p.relative_to(source).as_posix(),
    )
    digest = hashlib.sha256()
    for path in shipped:
        digest.update(path.relative_to(source).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    project = Path(cache) / "neo4j-launcher" / digest.hexdigest()[:16]
    if (project / "pom.xml").is_file():
        return project
    # Copied to a temporary name and renamed, so a half-written copy is never built.
    tmp = project.with_name(f"{project.name}.{uuid.uuid4().hex}.tmp")
    for path in shipped:
        dest = tmp / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    try:
        os.replace(tmp, project)
    except OSError:  # another process put its copy in place first
        shutil.rmtree(tmp, ignore_errors=True)
        if not (project / "pom.xml").is_file():
            raise
    return project


# ------------------------------------------------------------------ build


def launcher_jar(project: Path) -> Path:
    """The launcher's own (thin) jar; Neo4j's jars are copied beside it into ``lib/``."""
    return project / "target" / "graphkit-neo4j.jar"


def needs_build(project: Path) -> bool:
    """True when the compiled launcher or its libraries are missing or older than the sources."""
    compiled = launcher_jar(project)
    lib = project / "lib"
    if not compiled.is_file() or not lib.is_dir() or not any(lib.glob("neo4j-*.jar")):
        return True
    built = compiled.stat().st_mtime
    sources = [project / "pom.xml", *(project / "src").rglob("*.java")]
    return any(src.stat().st_mtime > built for src in sources if src.is_file())


def build(
    project: Path,
    *,
    force: bool = False,
    mvn: str = "mvn",
    java: str = "java",
    timeout: float = 1800.0,
) -> bool:
    """Compile the launcher and copy Neo4j's jars into ``neo4j/lib`` with Maven.

    The first build downloads Neo4j (~120 MB) from Maven Central into ``~/.m2``.

    Args:
        project: the launcher's Maven project (``launcher_project``).
        force: build even when everything looks up to date.
        mvn: the Maven executable.
        java: the Java executable (must be 17 or newer).
        timeout: seconds to allow Maven.

    Returns:
        True if Maven ran, False if the build was already up to date.

    Raises:
        ConfigError: Java or Maven is missing or too old, or the project folder is missing.
        GraphkitError: Maven failed (its output tail is in the message).
    """
    if not (project / "pom.xml").is_file():
        raise ConfigError(f"the Neo4j launcher project is missing: {project / 'pom.xml'}")
    if not force and not needs_build(project):
        return False
    check_java(java)
    mvn_path = shutil.which(mvn)
    if mvn_path is None:
        raise ConfigError(
            f"Maven ({mvn}) is not installed; it builds the embedded Neo4j. "
            "Install it, e.g. `apt-get install maven`"
        )
    cmd = [mvn_path, "-q", "-B", "-f", str(project / "pom.xml"), "package"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GraphkitError(
            f"Maven build did not finish in {timeout:.0f}s: {' '.join(cmd)}"
        ) from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise GraphkitError(f"Maven build failed ({' '.join(cmd)}):\n{tail}")
    if needs_build(project):
        raise GraphkitError(f"Maven finished but {project}/target or {project}/lib is incomplete")
    class_archive(project).unlink(missing_ok=True)  # made for the old jars
    return True


def check_java(java: str = "java") -> int:
    """Return the Java feature version, raising ``ConfigError`` unless it is 17 or newer."""
    path = shutil.which(java)
    if path is None:
        raise ConfigError(
            f"Java ({java}) is not installed; the embedded Neo4j needs Java 17 or newer, "
            "e.g. `apt-get install openjdk-17-jdk-headless`"
        )
    done = subprocess.run([path, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        raise ConfigError(f"cannot tell the version of {path}: {done.stderr.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8" style
        major = int(match.group(2))
    if major < 17:
        raise ConfigError(f"{path} is Java {major}; the embedded Neo4j needs Java 17 or newer")
    return major


# ------------------------------------------------------------------ processes


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


def class_archive(project: Path) -> Path:
    """The class-data-sharing archive of Neo4j's classes (cuts start-up time by about 40%)."""
    return project / "target" / "graphkit-neo4j.jsa"


def _class_data_flags(project: Path) -> list[str]:
    """Use the class archive if there is one, else ask the JVM to write one when it exits.

    The archive is written to a unique temporary name; ``stop`` moves it into place once the
    JVM has exited on its own (a JVM killed while writing leaves only a partial temp file).
    A stale or mismatched archive is harmless: the JVM then ignores it.
    """
    archive = class_archive(project)
    quiet = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]  # CDS lists every class it skips
    jar = launcher_jar(project)
    if archive.is_file() and jar.is_file() and archive.stat().st_mtime < jar.stat().st_mtime:
        archive.unlink(missing_ok=True)  # made for an older build: the JVM would ignore it
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}", *quiet]
    if not archive.parent.is_dir():
        return []
    for stale in archive.parent.glob(f"{archive.name}.*.tmp"):
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    tmp = archive.with_name(f"{archive.name}.{uuid.uuid4().hex}.tmp")
    return [f"-XX:ArchiveClassesAtExit={tmp}", *quiet]


def _adopt_class_archive(args: list[str] | None) -> None:
    """After a clean exit, move the archive the JVM wrote at exit into place."""
    prefix = "-XX:ArchiveClassesAtExit="
    for arg in args or []:
        if arg.startswith(prefix):
            tmp = Path(arg[len(prefix) :])
            final = tmp.with_name(tmp.name.split(".jsa.", 1)[0] + ".jsa")
            if tmp.is_file() and tmp.stat().st_size > 0 and not final.exists():
                os.replace(tmp, final)
            tmp.unlink(missing_ok=True)


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
