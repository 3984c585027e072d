"""``graphkit ingest --bulk``: a first backfill through neo4j-admin's import, on a Neo4j of
the module's own (the import stops and starts it), run as a user runs it.

The graph a bulk run leaves must be the graph the transactional writer leaves for the
same input, property for property; a run without ``--bulk`` afterwards finds nothing to
do; a graph that holds anything is refused and kept.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import ROOT, graphkit
from helpers import own_neo4j
from store.fixture_graph import article_one, article_two

from graphkit.config import Settings
from graphkit.ingest.bulk import bulk_ingest
from graphkit.ingest.pipeline import BatchWriter
from graphkit.ingest.report import IngestReport
from graphkit.server import ServerConfig, launcher_project
from graphkit.server.bulk_import import import_files
from graphkit.store.neo4j import Neo4jStore
from graphkit.store.neo4j.bulk_files import BulkPlan

pytestmark = pytest.mark.neo4j

ARTICLES = ROOT / "data" / "articles"
SUMMARY = re.compile(r"articles: (\d+) new, (\d+) unchanged, (\d+) updated")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with own_neo4j(tmp_path_factory.mktemp("bulk") / "home", restart="never", heap="512m") as found:
        yield found


def connect(env: dict[str, str]) -> Callable[[], Neo4jStore]:
    """Opens a new store on the module's Neo4j (after an import, a store that was open
    holds bookmarks of the database the import replaced)."""
    return lambda: Neo4jStore.connect(
        env["GRAPHKIT_NEO4J_URI"], "neo4j", env["GRAPHKIT_NEO4J_PASSWORD"]
    )


@contextlib.contextmanager
def fresh(env: dict[str, str]) -> Iterator[Neo4jStore]:
    """A store opened after an import (see ``connect``)."""
    graph = connect(env)()
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture
def store(env: dict[str, str]) -> Iterator[Neo4jStore]:
    graph = connect(env)()
    graph.setup()
    graph.clear()
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles, plus a JSON Lines file of our own: an article given twice
    with different texts (the later one counts), one with a line break inside a
    sentence, and a broken line (a reject)."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = [
        {
            "url": "https://own.example/summit",
            "title": "Summit",
            "published": "2024-03-01",
            "text": "Russia accused Ukraine of shelling the plant. China protested.",
        },
        {
            "url": "https://own.example/pact",
            "published": "2024-03-02",
            "text": "France signed a defence pact with\nGermany on Tuesday.",
        },
        {
            "url": "https://own.example/summit",
            "title": "Summit (updated)",
            "published": "2024-03-03",
            "text": "Russia accused Ukraine of shelling the plant. Iran threatened Israel.",
        },
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "{broken")
    (folder / "own.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def dump(store: Neo4jStore) -> dict[str, list[str]]:
    """Every node and relationship with all its properties (the graph-version counter
    apart, which counts transactions). An empty list and an absent list are alike for
    every reader (they coalesce), and the import stores no empty lists."""

    def plain(props: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in props.items() if v != []}, sort_keys=True, default=str)

    with store._driver.session() as session:
        nodes = [
            f"{sorted(r['labels'])} {plain(r['props'])}"
            for r in session.run(
                "MATCH (n) WHERE NOT n:GraphVersion RETURN labels(n) AS labels, "
                "properties(n) AS props"
            )
        ]
        rels = [
            f"{r['type']} {r['a']}->{r['b']} {plain(r['props'])}"
            for r in session.run(
                "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, "
                "properties(r) AS props"
            )
        ]
    return {"nodes": sorted(nodes), "relationships": sorted(rels)}


def ingest(env: dict[str, str], corpus: Path, *extra: str) -> tuple[int, str, str]:
    done = graphkit("ingest", str(ARTICLES), str(corpus), "--batch-size", "4", *extra, env=env)
    return done.returncode, done.stdout, done.stderr


def test_bulk_writes_the_graph_the_transactional_writer_writes(
    env: dict[str, str], store: Neo4jStore, corpus: Path
) -> None:
    code, out, err = ingest(env, corpus, "--bulk")
    assert code == 1, (out, err)  # the broken line is rejected; the rest is written
    assert "rejected: 1" in out and "own.jsonl:3" in err
    assert re.search(r"bulk: files [\d.]+s, import [\d.]+s, schema [\d.]+s, actors", out), out
    assert "bulk: importing" in err  # what it is doing while Neo4j is offline
    bulk_counts = SUMMARY.search(out)
    with fresh(env) as after:
        bulk = dump(after)
        assert after.stats().articles > 10 and after.stats().evidence > 0
        # the later version of the summit article replaced the first
        titles = {a.title for a in after.latest_articles(100)}
        assert "Summit (updated)" in titles and "Summit" not in titles
        after.clear()
        code, out, err = ingest(env, corpus)
        assert code == 1, (out, err)
        found = SUMMARY.search(out)
        assert found is not None and bulk_counts is not None
        assert found.groups() == bulk_counts.groups()
        assert dump(after) == bulk


def test_a_run_without_bulk_afterwards_changes_nothing(
    env: dict[str, str], store: Neo4jStore
) -> None:
    # the samples alone: a corpus holding two versions of one article updates it on every run
    first = graphkit("ingest", str(ARTICLES), "--bulk", env=env)
    assert first.returncode == 0, first.stderr
    written = SUMMARY.search(first.stdout)
    assert written is not None and int(written[1]) > 10
    with fresh(env) as after:
        before = dump(after)
        again = graphkit("ingest", str(ARTICLES), env=env)
        assert again.returncode == 0, again.stderr
        found = SUMMARY.search(again.stdout)
        assert found is not None and found.groups() == ("0", written[1], "0"), again.stdout
        assert "evidence: 0" in again.stdout
        assert dump(after) == before


def test_a_graph_that_holds_data_is_refused_and_kept(
    env: dict[str, str], store: Neo4jStore, corpus: Path
) -> None:
    assert ingest(env, corpus)[0] == 1
    before = dump(store)
    code, out, err = ingest(env, corpus, "--bulk")
    assert code == 2, (out, err)
    assert "--bulk imports into an empty graph" in err and "ingest without --bulk" in err
    assert dump(store) == before


def test_bulk_needs_the_local_neo4j(tmp_path: Path, corpus: Path) -> None:
    done = graphkit(
        "ingest",
        str(corpus),
        "--bulk",
        env={"GRAPHKIT_STORE": "memory", "GRAPHKIT_HOME": str(tmp_path)},
    )
    assert done.returncode == 2 and "--bulk needs the neo4j store" in done.stderr
    done = graphkit(
        "ingest",
        str(corpus),
        "--bulk",
        env={
            "GRAPHKIT_STORE": "neo4j",
            "GRAPHKIT_HOME": str(tmp_path),
            "GRAPHKIT_NEO4J_URI": "bolt://127.0.0.1:9",
            "GRAPHKIT_NEO4J_PASSWORD": "unused",
        },
    )
    assert done.returncode == 2 and "`graphkit neo4j start`" in done.stderr


def test_a_failed_import_says_why_and_leaves_an_empty_graph_that_answers(
    env: dict[str, str], tmp_path: Path
) -> None:
    header = tmp_path / "actors-header.csv"
    header.write_text("id:ID(Actor)\n", encoding="utf-8")
    rows = tmp_path / "actors-00001.csv"
    rows.write_text('"A"\n"A"\n', encoding="utf-8")  # the same node twice
    home = Path(env["GRAPHKIT_HOME"])
    config = ServerConfig(
        home=home, port=int(env["GRAPHKIT_NEO4J_BOLT_PORT"]), heap="512m", restart="never"
    )
    with pytest.raises(Exception, match="the bulk import failed") as failed:
        import_files(
            config,
            launcher_project(Settings().cache),
            BulkPlan(folder=tmp_path, nodes={"Actor": [header, rows]}, relationships=[]),
            log=tmp_path / "import.log",
        )
    assert "A" in str(failed.value) and "import.log" in str(failed.value)
    # the server is back, over an empty database (a new one: a driver's bookmarks of the
    # old one would wait for transactions it never had)
    with fresh(env) as after:
        after.setup()
        assert after.stats().actors == 0


def test_the_fixture_graph_through_bulk_equals_write_batch(
    env: dict[str, str], store: Neo4jStore, tmp_path: Path
) -> None:
    # sectors on mentions, a negated piece, symmetric types and a later version of an
    # article: the parts of write_batch a sample corpus may not reach
    longer = article_two().article.model_copy(
        update={"text": article_two().article.text + " More."}
    )
    batches = [
        [article_one()],
        [article_two()],
        [article_two().model_copy(update={"article": longer})],
    ]
    for batch in batches:
        store.write_batch(batch)
    expected = dump(store)
    store.clear()

    def run(writer: BatchWriter) -> IngestReport:
        report = IngestReport()
        for batch in batches:
            report.add_write(writer.write_batch(batch))
        return report

    home = Path(env["GRAPHKIT_HOME"])
    config = ServerConfig(
        home=home, port=int(env["GRAPHKIT_NEO4J_BOLT_PORT"]), heap="512m", restart="never"
    )

    def load(plan: BulkPlan) -> object:
        return import_files(
            config, launcher_project(Settings().cache), plan, log=tmp_path / "import.log"
        )

    report = bulk_ingest(connect(env), run, load, tmp_path / "files")
    assert (report.articles_new, report.articles_updated) == (2, 1)
    assert not (tmp_path / "files").exists()  # removed after a success
    with fresh(env) as after:
        assert dump(after) == expected
