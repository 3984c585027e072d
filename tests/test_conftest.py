"""The rules tests/conftest.py adds to every run: the ``neo4j`` mark, no skip under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def collected(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The node ids ``pytest --collect-only`` selects with ``args``."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode in (0, 5), done.stdout[-2000:] + done.stderr[-2000:]
    return {line for line in done.stdout.splitlines() if "::" in line}


def test_not_neo4j_leaves_out_every_user_of_the_neo4j_fixture() -> None:
    files = ("tests/test_cypher_library.py", "tests/store/test_contract.py")
    everything = collected(*files)
    without = collected("-m", "not neo4j", *files)
    only = collected("-m", "neo4j", *files)
    # neo4j_store users (no hand-written mark any more) and the store fixture's neo4j leg
    fixture_users = {i for i in everything if "test_file_plans_on_neo4j" in i or "[neo4j" in i}
    assert fixture_users, sorted(everything)[:20]
    assert not fixture_users & without
    assert fixture_users <= only
    # the memory leg and the file checks that need no server still run without Neo4j
    assert any("[memory" in i for i in without)
    assert any("test_file_is_named_and_documented" in i for i in without)
    assert without | only == everything


def test_a_skip_fails_under_ci(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import pytest\n\n"
        "def test_skipped():\n    pytest.skip('no service')\n\n"
        "@pytest.mark.xfail(strict=True, reason='known')\n"
        "def test_expected_failure():\n    assert False\n"
    )
    # tests/conftest.py as a plugin: the probe lives outside tests/
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    base["PYTHONPATH"] = str(ROOT / "tests")
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "conftest", "-q"]
    cmd += ["-rfsx", "--rootdir", str(tmp_path), str(probe)]
    plain = subprocess.run(
        cmd, cwd=tmp_path, env=base, capture_output=True, text=True, timeout=120, check=False
    )
    assert plain.returncode == 0, plain.stdout
    assert "1 skipped, 1 xfailed" in plain.stdout
    ci = subprocess.run(
        cmd,
        cwd=tmp_path,
        env={**base, "CI": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ci.returncode == 1, ci.stdout
    assert "1 failed, 1 xfailed" in ci.stdout
    assert "skipped under CI" in ci.stdout and "no service" in ci.stdout
