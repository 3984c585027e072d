"""``graphkit ingest`` on both stores: in-process (``CliRunner``), and once as a real process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_runner import GRAPHKIT as GRAPHKIT
from cli_runner import ROOT, graphkit, graphkit_process

from graphkit.ingest import iter_articles
from graphkit.models import Article
from graphkit.store.base import GraphStore

ARTICLES = ROOT / "data" / "articles"
N_SAMPLES = sum(1 for item in iter_articles([ARTICLES]) if isinstance(item, Article))
SUMMARY = re.compile(r"articles: (\d+) new, (\d+) unchanged, (\d+) updated")


def summary(out: str) -> tuple[int, int, int]:
    found = SUMMARY.search(out)
    assert found, out
    return int(found[1]), int(found[2]), int(found[3])


@pytest.fixture
def mem_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # the default memory path (<home>/memory-graph.json) is what is under test
    monkeypatch.delenv("GRAPHKIT_MEMORY_PATH", raising=False)
    return {"GRAPHKIT_STORE": "memory", "GRAPHKIT_HOME": str(tmp_path / "home")}


def test_memory_store_persists_between_runs(mem_env: dict[str, str], tmp_path: Path) -> None:
    # the end-to-end run: the installed console script, two real processes
    first = graphkit_process("ingest", str(ARTICLES), env=mem_env)
    assert first.returncode == 0, first.stderr
    assert summary(first.stdout) == (N_SAMPLES, 0, 0)
    assert re.search(r"evidence: [1-9]", first.stdout)
    saved = tmp_path / "home" / "memory-graph.json"
    assert saved.is_file()

    again = graphkit_process("ingest", str(ARTICLES), env=mem_env)
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == (0, N_SAMPLES, 0)
    assert "evidence: 0" in again.stdout

    from graphkit.store.memory import MemoryStore

    store = MemoryStore(saved)
    store.setup()
    assert store.stats().articles == N_SAMPLES
    store.close()


def test_neo4j_store_and_rerun(neo4j_store: GraphStore) -> None:
    first = graphkit("ingest", str(ARTICLES), "--store", "neo4j", "--batch-size", "4")
    assert first.returncode == 0, first.stderr
    assert summary(first.stdout) == (N_SAMPLES, 0, 0)
    stats = neo4j_store.stats()
    assert stats.articles == N_SAMPLES and stats.evidence > 0
    again = graphkit("ingest", str(ARTICLES), "--store", "neo4j")
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == (0, N_SAMPLES, 0)
    assert neo4j_store.stats() == stats


def test_rejects_report_and_exit_code(mem_env: dict[str, str], tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Russia accused Ukraine of shelling the plant.", "utf-8")
    (inputs / "latin1.txt").write_bytes("caf\u00e9".encode("latin-1"))
    (inputs / "lines.jsonl").write_text('{"text": "China protested."}\n{broken\n', "utf-8")
    report = tmp_path / "rejects.jsonl"
    done = graphkit(
        "ingest", str(inputs), str(tmp_path / "missing.md"), "--rejects", str(report), env=mem_env
    )
    assert done.returncode == 1
    assert summary(done.stdout) == (2, 0, 0)  # the good items are still ingested
    assert "rejected: 3" in done.stdout
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert {(Path(r["path"]).name, r.get("line")) for r in rows} == {
        ("latin1.txt", None),
        ("lines.jsonl", 2),
        ("missing.md", None),
    }
    assert all(r["reason"] for r in rows)
    assert "not UTF-8 (byte 0xe9 at offset 3)" in done.stderr


def test_stdin_jsonl(mem_env: dict[str, str]) -> None:
    lines = "\n".join(
        json.dumps({"text": t, "url": f"https://x.example/{i}"})
        for i, t in enumerate(["Iran threatened Israel.", "India accused Pakistan of shelling."])
    )
    done = graphkit("ingest", "-", env=mem_env, stdin=lines.encode())
    assert done.returncode == 0, done.stderr
    assert summary(done.stdout) == (2, 0, 0)


def test_max_bytes_option(mem_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia accused Ukraine. " * 20, "utf-8")
    done = graphkit("ingest", str(tmp_path / "a.txt"), "--max-bytes", "100", env=mem_env)
    assert done.returncode == 1
    assert "too large" in done.stderr


def test_unreachable_store_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_STORE": "neo4j",
        "GRAPHKIT_HOME": str(tmp_path),
        "GRAPHKIT_NEO4J_URI": "bolt://127.0.0.1:9",
        "GRAPHKIT_NEO4J_PASSWORD": "unused",
    }
    done = graphkit("ingest", str(ARTICLES), env=env)
    assert done.returncode == 3, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: store unavailable"), done.stderr
    assert "Traceback" not in done.stderr


def test_bad_setting_exits_2(tmp_path: Path) -> None:
    # the exit code a shell sees, from a real process
    done = graphkit_process("ingest", str(ARTICLES), env={"GRAPHKIT_STORE": "sqlite"})
    assert done.returncode == 2
    assert "GRAPHKIT_STORE" in done.stderr
