"""``graphkit ingest --engine dask``: extraction on a Dask ``LocalCluster`` of 2 workers
(issue #18) gives the same graph, report and rejects as the local path, survives a killed
worker and a lost scheduler, and a re-run changes nothing.

One cluster serves the whole module (starting one and loading the model into its workers
costs seconds); the corpus is ``bench/gen_corpus.py``'s synthetic articles plus the samples.
The tests that start a cluster of their own (a lost scheduler, the CLI) or kill a worker
are marked slow.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import pytest
from cli_runner import GRAPHKIT, ROOT, graphkit
from helpers import free_port
from test_ingest_cli import summary

from graphkit.ingest import ingest, iter_articles, sample_dir
from graphkit.ingest.distributed import EngineUnavailable, dask_client, ingest_dask
from graphkit.models import Article, EdgeFilter, Reject
from graphkit.store.base import GraphStore
from graphkit.store.memory import MemoryStore

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import write_corpus

N_GENERATED = 120
BATCH = 8
POISON_TEXT = "President Vladimir Putin condemned NATO for the missile strike on the port."


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with dask_client(None, workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "corpus.jsonl"
    write_corpus(N_GENERATED, path)
    return path


@pytest.fixture(scope="module")
def corpus(corpus_file: Path) -> list[Article | Reject]:
    items = list(iter_articles([corpus_file, sample_dir()]))
    assert all(isinstance(i, Article) for i in items)
    return items


def graph_of(store: GraphStore) -> dict[str, list[Any]]:
    """Everything a user can read back: nodes, edges and every piece of evidence."""
    sub = store.export()
    evidence = [r.model_dump() for page in store.event_pages(EdgeFilter(), 500) for r in page]
    return {
        "nodes": sorted((n.model_dump() for n in sub.nodes), key=repr),
        "edges": sorted((e.model_dump() for e in sub.edges), key=repr),
        "evidence": sorted(evidence, key=repr),
    }


def memory() -> MemoryStore:
    store = MemoryStore()
    store.setup()
    return store


@pytest.fixture(scope="module")
def local_memory_graph(corpus: list[Article | Reject]) -> dict[str, list[Any]]:
    """The graph a local, one-process ingest of the corpus builds in the memory store."""
    store = memory()
    report = ingest(store, corpus, batch_size=BATCH)
    assert report.articles_new == len(corpus) and report.rejected == 0
    return graph_of(store)


def counts(report: Any) -> tuple[int, ...]:
    return (
        report.articles_new,
        report.articles_unchanged,
        report.articles_updated,
        report.actors,
        report.relations,
        report.evidence,
        report.rejected,
    )


@pytest.mark.neo4j
def test_same_graph_and_report_as_local_and_rerun_changes_nothing(
    neo4j_store: GraphStore, client: Any, corpus: list[Article | Reject]
) -> None:
    corpus = corpus[-64:]  # the samples among them: every format the loader reads
    local = ingest(neo4j_store, corpus, batch_size=BATCH)
    expected = graph_of(neo4j_store)
    assert expected["evidence"], "the corpus must produce evidence"
    neo4j_store.clear()

    dask = ingest_dask(neo4j_store, corpus, client, batch_size=BATCH)
    assert counts(dask) == counts(local)
    assert dask.articles_new == len(corpus)
    assert graph_of(neo4j_store) == expected

    again = ingest_dask(neo4j_store, corpus, client, batch_size=BATCH)
    assert counts(again) == (0, len(corpus), 0, 0, 0, 0, 0)
    assert graph_of(neo4j_store) == expected


@pytest.mark.slow
def test_killed_worker_mid_run_and_rerun_equal_a_clean_run(
    client: Any, corpus: list[Article | Reject], local_memory_graph: dict[str, list[Any]]
) -> None:
    before = client.run(os.getpid)
    victim = next(iter(before.values()))
    killed: list[int] = []

    def items() -> Iterator[Article | Reject]:
        # the client pulls more articles only as partitions come back: by item 48 some
        # are written and others are running on the workers
        for n, item in enumerate(corpus):
            if n == 48:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            yield item

    store = memory()
    report = ingest_dask(store, items(), client, batch_size=BATCH)
    assert killed == [victim]
    assert report.rejected == 0, report.rejects
    assert report.articles_new == len(corpus)
    assert graph_of(store) == local_memory_graph

    # the nanny restarted the worker; the plugin loaded the model into the new process
    client.wait_for_workers(2, timeout=120)
    after = client.run(os.getpid)
    assert victim not in after.values() and len(after) == 2

    again = ingest_dask(store, corpus, client, batch_size=BATCH)
    assert (again.articles_new, again.articles_unchanged, again.evidence) == (0, len(corpus), 0)
    assert graph_of(store) == local_memory_graph


@pytest.mark.slow
def test_lost_scheduler_stops_the_run_and_a_rerun_finishes_it(
    client: Any, corpus: list[Article | Reject], local_memory_graph: dict[str, list[Any]]
) -> None:
    store = memory()
    doomed = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    )
    doomed_client = distributed.Client(doomed)

    def items() -> Iterator[Article | Reject]:
        for n, item in enumerate(corpus):
            if n == 40:
                doomed.close()  # the scheduler and its worker go away mid-run
            yield item

    try:
        with pytest.raises(EngineUnavailable):
            ingest_dask(store, items(), doomed_client, batch_size=BATCH)
    finally:
        doomed_client.close()
        doomed.close()
    written = store.stats().articles
    assert written < len(corpus)

    resumed = ingest_dask(store, corpus, client, batch_size=BATCH)
    assert resumed.articles_unchanged == written
    assert resumed.articles_new == len(corpus) - written
    assert graph_of(store) == local_memory_graph


def test_a_cluster_without_workers_is_one_clear_error(corpus: list[Article | Reject]) -> None:
    with (
        distributed.LocalCluster(
            n_workers=0, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as empty,
        distributed.Client(empty) as lonely,
        pytest.raises(EngineUnavailable, match="has no workers after 1 s"),
    ):
        ingest_dask(memory(), corpus[:4], lonely, workers_timeout=1)


def test_bad_items_are_rejected_and_the_run_goes_on(
    client: Any, corpus: list[Article | Reject]
) -> None:
    big = Article(id="big", text="Iran threatened Israel. " * 100)
    # a date the model never allows: the extractor raises on the worker, inside extraction
    poison = Article.model_construct(
        id=Article.key_for(POISON_TEXT),
        text=POISON_TEXT,
        published="soon",
        url=None,
        title=None,
        source=None,
        input_id=None,
    )
    loader_reject = Reject(path="broken.jsonl", line=3, reason="not JSON")
    items: list[Article | Reject] = [
        *corpus[:20],
        big,
        loader_reject,
        poison,
        *corpus[20:40],
    ]
    local = ingest(memory(), items, batch_size=BATCH, max_bytes=1000)
    store = memory()
    report = ingest_dask(store, items, client, batch_size=BATCH, max_bytes=1000)

    assert report.articles_new == 40
    assert report.rejected == 3
    reasons = {r.path: r.reason for r in report.rejects}
    assert "more than the limit of 1000" in reasons["big"]
    assert reasons["broken.jsonl"] == "not JSON"
    assert reasons[poison.id].startswith("extraction failed: TypeError")
    assert sorted(report.rejects, key=repr) == sorted(local.rejects, key=repr)
    assert counts(report) == counts(local)
    assert store.stats().articles == 40


@pytest.mark.slow
def test_cli_engine_dask_then_local_rerun(tmp_path: Path) -> None:
    env = {
        "GRAPHKIT_STORE": "memory",
        "GRAPHKIT_HOME": str(tmp_path / "home"),
        "GRAPHKIT_MEMORY_PATH": None,
    }
    n = sum(1 for i in iter_articles([sample_dir()]) if isinstance(i, Article))
    first = graphkit(
        "ingest", "--samples", "--engine", "dask", "--workers", "2", "--batch-size", "4", env=env
    )
    assert first.returncode == 0, first.stderr
    assert summary(first.stdout) == (n, 0, 0)
    assert "evidence: 0" not in first.stdout
    # the graph a dask run saved is the local path's graph: a local re-run finds it all
    again = graphkit("ingest", "--samples", env=env)
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == (0, n, 0)


def test_cli_rejects_unknown_engine_and_scheduler_without_dask(tmp_path: Path) -> None:
    env = {"GRAPHKIT_STORE": "memory", "GRAPHKIT_HOME": str(tmp_path / "home")}
    bad = graphkit("ingest", "--samples", "--engine", "spark", env=env)
    assert bad.returncode == 2
    assert "expected one of local, dask" in bad.stderr
    lone = graphkit("ingest", "--samples", "--scheduler", "tcp://127.0.0.1:8786", env=env)
    assert lone.returncode == 2
    assert "--scheduler needs --engine dask" in lone.stderr


def test_engine_dask_without_distributed_fails_with_one_line_naming_the_extra(
    tmp_path: Path,
) -> None:
    # a real process in which `import distributed` fails, as where the extra is not installed
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from graphkit.cli import app\n"
        "app(['ingest', '--samples', '--engine', 'dask', '--store', 'memory'])\n"
    )
    env = {**os.environ, "GRAPHKIT_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: --engine dask needs the distributed package: pip install 'graphkit[dask]'"
    ]


def test_a_later_version_in_the_same_run_is_written_last(client: Any) -> None:
    url = "https://news.example/story"
    first = Article(id=url, url=url, text="Iran threatened Israel with retaliation.")
    later = Article(id=url, url=url, text="Iran and Israel agreed to resume talks.")
    fillers = [
        Article(id=f"f{i}", text=f"Turkey urged Greece to show restraint {i}.") for i in range(9)
    ]
    # batches of 2 and two writers: the versions land in different batches, and the later
    # one must wait for the earlier one to be written rather than race it
    items: list[Article | Reject] = [first, fillers[0], later, *fillers[1:]]
    store = memory()
    report = ingest_dask(store, items, client, batch_size=2, writers=2)
    assert (report.articles_new, report.articles_updated, report.rejected) == (10, 1, 0)
    assert store.article_hashes([url]) == {url: later.content_hash}


DASK = str(Path(sys.executable).parent / "dask")


def start(*args: str) -> subprocess.Popen[bytes]:
    """A ``dask`` process in a session of its own (the worker's nanny and its child die
    together with ``os.killpg``)."""
    return subprocess.Popen(
        [DASK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def dask_cluster() -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A real scheduler process and one worker process on loopback, as a user starts them."""
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = start("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard")
    worker = start(
        "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
        "--no-dashboard",
    )  # fmt: skip
    return address, [scheduler, worker]


def kill(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.slow
@pytest.mark.neo4j
def test_scheduler_killed_mid_cli_run_then_rerun_equals_a_clean_run(
    neo4j_store: GraphStore, corpus_file: Path
) -> None:
    clean = ingest(neo4j_store, iter_articles([corpus_file]), batch_size=BATCH)
    expected = graph_of(neo4j_store)
    neo4j_store.clear()
    env = {**os.environ, "GRAPHKIT_STORE": "neo4j"}
    cmd = [GRAPHKIT, "ingest", str(corpus_file), "--engine", "dask", "--batch-size", str(BATCH)]

    address, procs = dask_cluster()
    try:
        run = subprocess.Popen(
            [*cmd, "--scheduler", address], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 240
        while neo4j_store.stats().articles < 2 * BATCH:
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "no batch written in 240 s"
            time.sleep(0.2)
        os.killpg(procs[0].pid, signal.SIGKILL)  # the scheduler, as a crash takes it
        out, err = run.communicate(timeout=180)
    finally:
        kill(procs)
    assert run.returncode == 3, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "dask scheduler went away" in lines[0], err
    assert "re-run the same command to resume" in lines[0]
    written = neo4j_store.stats().articles
    assert 0 < written < clean.articles_new

    address, procs = dask_cluster()
    try:
        rerun = subprocess.run(
            [*cmd, "--scheduler", address], env=env, capture_output=True, text=True, timeout=600,
            check=False,
        )  # fmt: skip
    finally:
        kill(procs)
    assert rerun.returncode == 0, rerun.stderr
    assert summary(rerun.stdout) == (clean.articles_new - written, written, 0)
    assert graph_of(neo4j_store) == expected
