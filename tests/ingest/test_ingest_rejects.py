"""One bad item never stops ``graphkit ingest``: it is rejected with its reason, the rest
is stored, and nothing stored before is lost (issue #16, rows 8 and 13), on real Neo4j.

The CLI runs in-process (``CliRunner``); ``test_ingest_cli.graphkit`` is that runner.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from test_ingest_cli import graphkit, summary

from graphkit.config import Settings
from graphkit.models import TITLE_MAX_CHARS, Article
from graphkit.store.base import GraphStore

pytestmark = pytest.mark.neo4j
API_KEY = "rejects-test-key-5d1e"
EARLIER = "NATO condemned Russia for the missile strike on the port."


def neo4j_ingest(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    done = graphkit("ingest", *args, "--store", "neo4j", stdin=stdin)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def rows(report: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in report.read_text("utf-8").splitlines()]


def stored_ids(store: GraphStore, *texts: str) -> dict[str, str]:
    return store.article_hashes([Article.key_for(t) for t in texts])


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_date_and_lone_surrogate_are_rejected_rest_stored(
    neo4j_store: GraphStore, tmp_path: Path, workers: int
) -> None:
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(EARLIER, "utf-8")
    code, _, err = neo4j_ingest(str(earlier))
    assert code == 0, err

    inputs = tmp_path / "in"
    inputs.mkdir()
    good = [
        "China protested to Japan over the islands.",
        "Iran threatened Israel with retaliation.",
        "India and Pakistan agreed to resume talks.",
        "Turkey urged Greece to show restraint.",
    ]
    (inputs / "a_good.md").write_text(f"---\ntitle: Good\n---\n{good[0]}\n", "utf-8")
    (inputs / "b_bad_date.md").write_text(
        "---\ntitle: Leap day\npublished: 2024-02-30\n---\nEgypt criticised Ethiopia.\n", "utf-8"
    )
    (inputs / "c_good.txt").write_text(good[1], "utf-8")
    # a JSON escape of a lone surrogate: valid JSON, not encodable text
    (inputs / "d_lines.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": good[2]})
        + "\n"
        + '{"id": "surrogate-1", "text": "Cuba \\ud800 thanked Venezuela."}\n'
        + json.dumps({"id": "ok-2", "text": good[3]})
        + "\n",
        "utf-8",
    )
    report = tmp_path / "rejects.jsonl"
    code, out, err = neo4j_ingest(
        str(inputs), "--workers", str(workers), "--batch-size", "2", "--rejects", str(report)
    )
    assert code == 1, err  # 1: some items rejected, the others ingested
    assert summary(out) == (4, 0, 0)
    assert "rejected: 2" in out
    found = {(r["path"], r.get("line")): str(r["reason"]) for r in rows(report)}
    assert set(found) == {(str(inputs / "b_bad_date.md"), None), (str(inputs / "d_lines.jsonl"), 2)}
    assert "day is out of range for month" in found[(str(inputs / "b_bad_date.md"), None)]
    assert "lone surrogate U+D800" in found[(str(inputs / "d_lines.jsonl"), 2)]
    assert [r.get("article_id") for r in rows(report) if r.get("line") == 2] == ["surrogate-1"]
    # the good items are stored, and the article stored before is still there
    assert len(stored_ids(neo4j_store, EARLIER, *good)) == 5
    assert neo4j_store.stats().articles == 5


def test_stdin_first_line_over_max_bytes(neo4j_store: GraphStore) -> None:
    code, out, err = neo4j_ingest("-", "--max-bytes", "100", stdin=b"x" * 300 + b"\nmore\n")
    assert code == 1
    assert "rejected <stdin>: too large: over 100 bytes" in err
    assert "rejected: 1" in out
    assert neo4j_store.stats().articles == 0


def test_malformed_url_is_one_reject(neo4j_store: GraphStore, tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text(EARLIER, "utf-8")
    code, out, err = neo4j_ingest("http://[::1:bad/", str(ok))
    assert code == 1
    assert "rejected http://[::1:bad/: cannot fetch: Invalid IPv6 URL" in err
    assert summary(out) == (1, 0, 0)
    assert len(stored_ids(neo4j_store, EARLIER)) == 1


def test_unwritable_rejects_file_is_one_line_before_any_work(
    neo4j_store: GraphStore, tmp_path: Path
) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text(EARLIER, "utf-8")
    code, out, err = neo4j_ingest("--rejects", "/proc/version", str(ok))
    assert code == 2
    assert err.startswith("error: --rejects /proc/version: cannot write")
    assert len(err.strip().splitlines()) == 1
    assert out == ""
    assert neo4j_store.stats().articles == 0


@pytest.fixture
def api(neo4j_store: GraphStore) -> Iterator[TestClient]:
    # TestClient sends Host: testserver, which the API refuses unless allowed
    app = create_app(Settings(api_key=API_KEY, api_allowed_hosts=["testserver"]), store=neo4j_store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (
            "title",
            "T" * (TITLE_MAX_CHARS * 5),
            "invalid title: String should have at most 1000 characters",
        ),
        ("text", "Chile \u0000 thanked Peru.", "invalid text: NUL character U+0000 at offset 6"),
        ("source", "S" * 201, "invalid source: String should have at most 200 characters"),
    ],
    ids=["long-title", "nul", "long-source"],
)
def test_one_article_rule_for_files_and_api(
    neo4j_store: GraphStore, api: TestClient, tmp_path: Path, field: str, value: str, reason: str
) -> None:
    body = {"text": "Brazil praised Argentina.", field: value}
    lines = tmp_path / "one.jsonl"
    lines.write_text(json.dumps(body) + "\n", "utf-8")
    report = tmp_path / "rejects.jsonl"
    code, _, err = neo4j_ingest(str(lines), "--rejects", str(report))
    assert code == 1, err
    assert [r["reason"] for r in rows(report)] == [reason]
    answer = api.post("/articles", json=body, headers={"X-API-Key": API_KEY})
    assert answer.status_code == 422
    assert reason.split(": ", 1)[1].split(" at offset")[0] in answer.text
    assert neo4j_store.stats().articles == 0


def test_unexpected_error_is_one_line_never_exit_1(tmp_path: Path) -> None:
    # a memory-store file of the wrong shape fails inside the store, not on any article:
    # whatever the error, it must not read as "some items rejected" (exit 1)
    odd = tmp_path / "graph.json"
    odd.write_text("[1]", "utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text(EARLIER, "utf-8")
    env = {"GRAPHKIT_HOME": str(tmp_path / "home"), "GRAPHKIT_MEMORY_PATH": str(odd)}
    done = graphkit("ingest", str(ok), "--store", "memory", env=env)
    assert done.returncode not in (0, 1)
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    assert len(done.stderr.strip().splitlines()) == 1
