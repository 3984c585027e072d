"""The wheel as a user gets it: built outside the checkout, installed into a fresh virtualenv.

Every other test runs against the editable install, which maps the repository's folders into
the package and so cannot notice a file the wheel leaves out. Here the sdist, and the wheel
built from it, come from a copy of the sources in a temporary directory (nothing is written
into the checkout). Their contents are held to the repository's ``cypher/``, ``data/``,
``api/`` and launcher files, and the installed commands run from a directory outside the
repository: extraction, the public ``graphkit.extract()``, the embedded Neo4j built into a
per-user cache, ingestion of the shipped samples, and the API.

How long the out-of-tree install and the first Neo4j build take is written to
``tests/artifacts/wheel.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import free_port, wait_for_health

import graphkit

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SAMPLE = ROOT / "data" / "articles" / "000_seed_nato_south_korea.md"

# What the build needs from the checkout; everything else (tests, bench, notebooks) stays out.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "NOTICE", "graphkit", "api", "cypher", "data")
# The launcher's Maven project without its build output.
LAUNCHER_SOURCES = ("pom.xml", "src")
# repository folder -> where its files live in the wheel
MAPPED = {"api": "graphkit/api", "cypher": "graphkit/cypher", "data": "graphkit/data"}
BUILD_OUTPUT = ("__pycache__", "*.pyc", "*.egg-info", "build", "dist")


def _copy_sources(dest: Path) -> None:
    ignore = shutil.ignore_patterns(*BUILD_OUTPUT)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    for name in LAUNCHER_SOURCES:
        src = ROOT / "neo4j" / name
        target = dest / "neo4j" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=ignore)
        else:
            shutil.copy2(src, target)


def _run(cmd: list[str], timeout: float, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload, no-any-return]


def _record(**figures: float) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "wheel.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    data.update({k: round(v, 2) for k, v in figures.items()})
    path.write_text(json.dumps(data, indent=2) + "\n")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it, from a copy of the sources (as PyPI gets them).

    ``python -m build`` builds the wheel from the unpacked sdist, so a file the sdist leaves
    out is missing from the wheel too. The checkout is left untouched.
    """
    before = sorted(p.name for p in ROOT.iterdir())
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("dist")
    _copy_sources(src)
    began = time.monotonic()
    proc = _run([sys.executable, "-m", "build", "--outdir", str(out), str(src)], timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    built = next(out.glob("graphkit-*.whl"))
    _record(
        wheel_build_seconds=time.monotonic() - began, wheel_megabytes=built.stat().st_size / 1e6
    )
    assert sorted(p.name for p in ROOT.iterdir()) == before, "the build wrote into the checkout"
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    """The wheel ``python -m build`` made from the sdist."""
    return next(dist.glob("graphkit-*.whl"))


def _repository_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_wheel_holds_every_shipped_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = []
    for repo_folder, packaged in MAPPED.items():
        for rel in _repository_files(ROOT / repo_folder):
            if f"{packaged}/{rel}" not in names:
                missing.append(f"{repo_folder}/{rel}")
    for rel in _repository_files(ROOT / "graphkit"):
        if f"graphkit/{rel}" not in names:
            missing.append(f"graphkit/{rel}")
    launcher = {"pom.xml"} | {
        f"src/{rel}" for rel in _repository_files(ROOT / "neo4j" / "src") if rel.endswith(".java")
    }
    missing += [f"neo4j/{rel}" for rel in launcher if f"graphkit/launcher/{rel}" not in names]
    assert not missing, f"the wheel leaves out {sorted(missing)}"
    # the launcher ships as source: its 120 MB of Neo4j jars are built on the user's machine
    assert not [n for n in names if n.endswith((".jar", ".class"))]
    assert wheel.stat().st_size < 10_000_000


def test_wheel_installs_only_the_graphkit_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert zf.read(top_level).decode().split() == ["graphkit"]
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        licenses = {n.rsplit("/", 1)[-1] for n in names if ".dist-info/licenses/" in n}
    assert {n.split("/", 1)[0] for n in names} == {
        "graphkit",
        wheel.name.split("-py3")[0] + ".dist-info",
    }
    assert f"\nVersion: {graphkit.__version__}\n" in metadata
    assert {"LICENSE", "NOTICE"} <= licenses  # NOTICE carries the PETRARCH2 and PLOVER terms


def test_sdist_holds_the_launcher_and_the_licences(dist: Path) -> None:
    sdist = next(dist.glob("graphkit-*.tar.gz"))
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    java = {f"neo4j/src/{rel}" for rel in _repository_files(ROOT / "neo4j" / "src")}
    assert {"pyproject.toml", "README.md", "LICENSE", "NOTICE", "neo4j/pom.xml"} | java <= names
    assert not [n for n in names if n.startswith(("neo4j/target", "neo4j/lib"))]


def test_repository_has_no_symlinks() -> None:
    skip = {".git", ".venv", ".graphkit", "node_modules", "target", "lib", "build", "dist"}
    links = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(".egg-info")]
        links += [
            str(Path(dirpath, n).relative_to(ROOT))
            for n in dirnames + filenames
            if Path(dirpath, n).is_symlink()
        ]
    assert not links


# ------------------------------------------------------- the installed wheel, out of tree


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A fresh virtualenv outside the repository with only the wheel (and its dependencies)."""
    base = tmp_path_factory.mktemp("user")
    venv = base / "venv"
    began = time.monotonic()
    proc = _run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    assert proc.returncode == 0, proc.stderr
    proc = _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        timeout=1200,
        cwd=base,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    _record(install_seconds=time.monotonic() - began)
    yield {"venv": venv, "bin": venv / "bin", "work": base}


def _env(installed: dict[str, Path], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env.pop("PYTHONPATH", None)
    env["PATH"] = f"{installed['bin']}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@pytest.mark.slow
def test_installed_package_comes_from_the_wheel(installed: dict[str, Path]) -> None:
    proc = _run(
        [str(installed["bin"] / "python"), "-c", "import graphkit; print(graphkit.__file__)"],
        timeout=60,
        cwd=installed["work"],
        env=_env(installed),
    )
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).is_relative_to(installed["venv"])
    proc = _run(
        [str(installed["bin"] / "graphkit"), "--version"],
        timeout=60,
        cwd=installed["work"],
        env=_env(installed),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"graphkit {graphkit.__version__}"


@pytest.mark.slow
def test_installed_extract_matches_the_checkout(installed: dict[str, Path]) -> None:
    cmd = ["extract", str(SAMPLE), "--format", "jsonl"]
    ours = _run([str(ROOT / ".venv" / "bin" / "graphkit"), *cmd], timeout=300, cwd=ROOT)
    theirs = _run(
        [str(installed["bin"] / "graphkit"), *cmd],
        timeout=300,
        cwd=installed["work"],
        env=_env(installed),
    )
    assert ours.returncode == 0, ours.stderr
    assert theirs.returncode == 0, theirs.stderr
    assert theirs.stdout.count("\n") > 10
    assert theirs.stdout == ours.stdout


@pytest.mark.slow
def test_installed_extract_function_works_on_every_call(installed: dict[str, Path]) -> None:
    script = (
        "import graphkit\n"
        "text = 'NATO asked South Korea to send a delegation.'\n"
        "first = graphkit.extract(text)\n"
        "second = graphkit.extract(text)\n"
        "assert first == second, (first, second)\n"
        "print(sorted({r.type for r in second[1]}))\n"
    )
    proc = _run(
        [str(installed["bin"] / "python"), "-c", script],
        timeout=300,
        cwd=installed["work"],
        env=_env(installed),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "['REQUEST']"


def _get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.timeout(1500)
def test_installed_neo4j_ingest_and_serve(installed: dict[str, Path]) -> None:
    bolt, http = free_port(), free_port()
    home, cache = installed["work"] / "home", installed["work"] / "cache"
    env = _env(
        installed,
        GRAPHKIT_HOME=str(home),
        GRAPHKIT_CACHE=str(cache),
        GRAPHKIT_NEO4J_BOLT_PORT=str(bolt),
        GRAPHKIT_NEO4J_URI=f"bolt://127.0.0.1:{bolt}",
    )
    gk = str(installed["bin"] / "graphkit")
    work = installed["work"]
    began = time.monotonic()
    start = _run([gk, "neo4j", "start"], timeout=1200, cwd=work, env=env)
    _record(first_neo4j_build_and_start_seconds=time.monotonic() - began)
    serve: subprocess.Popen[bytes] | None = None
    try:
        assert start.returncode == 0, start.stdout + start.stderr[-3000:]
        # built into the per-user cache, not into site-packages or a checkout
        jars = list((cache / "neo4j-launcher").glob("*/target/graphkit-neo4j.jar"))
        assert len(jars) == 1, list(cache.rglob("*"))[:20]
        again = _run([gk, "neo4j", "build"], timeout=300, cwd=work, env=env)
        assert again.returncode == 0, again.stderr
        assert "is up to date" in again.stdout  # the build is reused

        ingest = _run([gk, "ingest", "--samples"], timeout=900, cwd=work, env=env)
        # exit 1 would only mean some sample was rejected; a crash would print no report
        assert ingest.returncode in (0, 1), ingest.stderr[-3000:]
        new = re.search(r"^articles: (\d+) new", ingest.stdout, re.MULTILINE)
        assert new and int(new.group(1)) >= 10, ingest.stdout + ingest.stderr[-3000:]
        assert "Traceback" not in ingest.stderr, ingest.stderr[-3000:]

        serve = subprocess.Popen(
            [gk, "serve", "--port", str(http), "--log-level", "warning"],
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{http}"
        wait_for_health(
            serve,
            base,
            timeout=120,
            output=lambda: serve.stderr.read().decode()[-2000:] if serve.stderr else "",
        )
        health = _get_json(f"{base}/health")
        assert health == {"status": "ok", "version": graphkit.__version__}
        hood = _get_json(f"{base}/actors/NATO/neighbourhood")
        names = {node["name"] for node in hood["nodes"]}  # type: ignore[attr-defined]
        assert {"NATO", "South Korea"} <= names
    finally:
        if serve is not None:
            serve.terminate()
            serve.wait(timeout=60)
        stop = _run([gk, "neo4j", "stop"], timeout=300, cwd=work, env=env)
    assert stop.returncode == 0, stop.stderr
    assert "Neo4j stopped" in stop.stdout
