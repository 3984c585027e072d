"""``graphkit extract`` and ``score``: in-process (``CliRunner``), once as real processes."""

from __future__ import annotations

import json
import subprocess

from cli_runner import GRAPHKIT, ROOT, Ran, graphkit_bytes

from graphkit.models import Relation

SEED = ROOT / "data" / "articles" / "000_seed_nato_south_korea.md"
CONTRACT_KEYS = {
    "article_id",
    "type",
    "mode",
    "predicate",
    "source",
    "target",
    "modality",
    "negated",
    "confidence",
    "sentence",
    "start",
    "end",
    "trigger",
}


def run(*args: str, stdin: bytes | None = None) -> Ran[bytes]:
    return graphkit_bytes(*args, stdin=stdin)


def run_process(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([GRAPHKIT, *args], input=stdin, capture_output=True, timeout=300)


def test_jsonl_output_follows_the_contract(tmp_path):
    # the end-to-end run: the installed console script, as real processes
    proc = run_process("extract", "--format", "jsonl", str(SEED))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert len(lines) > 20
    for line in lines:
        obj = json.loads(line)
        assert CONTRACT_KEYS <= set(obj) <= CONTRACT_KEYS | {"role"}
        rel = Relation.model_validate(obj)
        assert rel.contract() == obj
        assert set(obj["source"]) == {"id", "name", "kind", "country", "sector", "wikidata"}
    assert proc.stderr.decode().strip().splitlines()[-1].endswith("relations, 0 failed")
    out = tmp_path / "seed.jsonl"
    out.write_bytes(proc.stdout)
    scored = run_process("score", "--json", str(out), str(ROOT / "tests/data/gold/seed-gold.jsonl"))
    assert scored.returncode == 0, scored.stderr
    figures = json.loads(scored.stdout)
    assert figures["recall"] >= 0.85 and figures["precision"] >= 0.8


def test_bad_inputs_reported_and_rest_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("France condemned Russia on Monday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Fran\xe7ais".encode("latin-1") + b" \xe9t\xe9 condemned")
    big = tmp_path / "big.txt"
    big.write_text("Spain praised Portugal. " * 100, encoding="utf-8")
    lines = tmp_path / "arts.jsonl"
    lines.write_text(
        json.dumps({"id": "a1", "text": "Japan praised Australia."})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "a3", "text": "Chile criticized Peru.", "published": "2024-01-02"})
        + "\n",
        encoding="utf-8",
    )
    proc = run(
        "extract",
        "--format",
        "jsonl",
        "--max-bytes",
        "1000",
        str(good),
        str(empty),
        str(binary),
        str(latin),
        str(big),
        str(lines),
    )
    assert proc.returncode == 1
    err = proc.stderr.decode()
    for path in (empty, binary, latin, big):
        assert f"error: {path}" in err, err
    assert f"error: {lines}:2" in err
    assert err.strip().splitlines()[-1] == "3 articles, 3 relations, 5 failed"
    rels = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    pairs = {(r["source"]["id"], r["type"], r["target"]["id"]) for r in rels}
    assert pairs == {("FRA", "ACCUSE", "RUS"), ("JPN", "SUPPORT", "AUS"), ("CHL", "ACCUSE", "PER")}


def test_input_ids_are_the_article_ids(tmp_path):
    """The input's own id is ``article_id``; the graph's key of the article is ``article_key``."""
    lines = tmp_path / "corpus.jsonl"
    lines.write_text(
        json.dumps({"id": "story-7", "text": "Japan praised Australia."})
        + "\n"
        + json.dumps({"id": 42, "text": "Chile criticized Peru."})
        + "\n"
        + json.dumps({"text": "Spain praised Portugal."})
        + "\n",
        encoding="utf-8",
    )
    front = tmp_path / "note.md"
    front.write_text("---\nid: memo-3\ntitle: A memo\n---\nFrance condemned Russia.\n")
    proc = run("extract", "--format", "jsonl", str(lines), str(front))
    assert proc.returncode == 0, proc.stderr
    rels = {r["source"]["id"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert rels["JPN"]["article_id"] == "story-7"
    assert rels["CHL"]["article_id"] == "42"
    assert rels["FRA"]["article_id"] == "memo-3"
    for sid in ("JPN", "CHL", "FRA"):
        assert rels[sid]["article_key"].startswith("txt:")
    # no id given: the key is the article id, and there is no separate key field
    assert rels["ESP"]["article_id"].startswith("txt:") and "article_key" not in rels["ESP"]


def test_stdin_and_date_and_table():
    text = b"President Yoon condemned North Korea."
    proc = run("extract", "--format", "jsonl", "--date", "2024-10-22", "-", stdin=text)
    assert proc.returncode == 0, proc.stderr
    rels = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert any(r["type"] == "LEADER_OF" and r["target"]["id"] == "KOR" for r in rels)
    table = run("extract", "-", stdin=text)
    assert table.returncode == 0
    assert "ACCUSE" in table.stdout.decode()


def test_bad_options():
    assert run("extract", "--format", "xml", str(SEED)).returncode == 2
    proc = run("extract", "--date", "22/10/2024", str(SEED))
    assert proc.returncode == 2 and b"--date" in proc.stderr


def test_workers_preserve_order_and_results():
    from graphkit.extraction import iter_extractions
    from graphkit.models import Article

    arts = [
        Article(id=f"a{i}", text=f"Country news {i}. France condemned Russia.") for i in range(7)
    ]
    arts.insert(3, Article(id="bad", text=" "))
    one = list(iter_extractions(arts, workers=1, batch_size=2))
    two = list(iter_extractions(arts, workers=2, batch_size=2))

    def ident(x: object) -> str:
        return x.article.id if hasattr(x, "article") else f"reject:{x.article_id}"

    assert [ident(x) for x in two] == [ident(x) for x in one]
    assert [ident(x) for x in two][3] == "reject:bad"
    assert [len(getattr(x, "relations", [])) for x in two] == [
        len(getattr(x, "relations", [])) for x in one
    ]
