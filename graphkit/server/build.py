"""Build the Neo4j launcher: its Maven project, the Java check, the class-data archive."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from graphkit.errors import ConfigError, GraphkitError
from graphkit.resource import folder, package_root


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
