"""The one ingestion code path: articles -> hash check -> extraction -> batched writes.

``graphkit ingest`` and the API's ``POST /articles`` both call ``ingest``.

Why it is idempotent and resumable:

* article keys are deterministic (``Article.key_for``) and so are evidence keys
  (``Relation.evidence_id``); stores MERGE on them;
* before extraction, each batch of articles is checked against the stored content
  hashes (``GraphStore.article_hashes``), so a re-run skips what is already stored
  without paying for extraction;
* every batch is written by one ``GraphStore.write_batch`` call, one transaction: a
  run that dies mid-way leaves whole batches behind, never half an article, and
  running the same command again finishes the job.

The extraction engine is a parameter (``extractor``): worker processes on this machine
(``iter_extractions``) or a Dask cluster (``graphkit.ingest.distributed``); the hash
check, the writes, the rejects and the report above are the same for both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Protocol

from graphkit.errors import StoreUnavailable
from graphkit.ingest.progress import IngestProgress
from graphkit.ingest.report import IngestReport
from graphkit.models import Article, Extraction, Reject, WriteSummary

Extractor = Callable[..., Iterator[Extraction | Reject]]


class BatchWriter(Protocol):
    """What ingestion writes to: every ``GraphStore``, or a bulk import's files
    (``graphkit.store.neo4j.bulk_files.BulkFiles``)."""

    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each of ``article_ids`` that is stored."""
        ...

    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        """Write one batch as one unit; what it wrote."""
        ...


def ingest(
    store: BatchWriter,
    items: Iterable[Article | Reject],
    *,
    workers: int = 1,
    batch_size: int = 64,
    progress: bool = False,
    total: int | None = None,
    max_bytes: int = 1_000_000,
    extractor: Extractor | None = None,
    writers: int = 1,
) -> IngestReport:
    """Extract and store every new or changed article of ``items``.

    Args:
        store: where the graph lives (already set up).
        items: articles and loader rejects, e.g. from ``iter_articles``; consumed lazily.
        workers: extraction processes (passed to ``iter_extractions``).
        batch_size: articles per hash check, per extraction batch and per write
            transaction.
        progress: draw a progress bar (articles/s, ETA) on stderr.
        total: expected number of items, for the bar's ETA (``count_items``).
        max_bytes: largest article text the extractor accepts.
        extractor: a function with the signature of
            ``graphkit.extraction.iter_extractions`` (default: that function).
        writers: write transactions in flight at once (threads; 1 writes in this thread).

    Returns:
        Counts of new, unchanged and updated articles, of actors, relations and
        evidence written, and every rejected item.

    Raises:
        StoreUnavailable: the store went away before or during the run. Batches
            written before that stay written; re-running resumes.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if writers < 1:
        raise ValueError("writers must be at least 1")
    if extractor is None:
        from graphkit.extraction import iter_extractions

        extractor = iter_extractions
    report = IngestReport()
    started = time.perf_counter()
    # The extractor may pull its input from another thread (a process pool's feeder) and
    # writes may run in writer threads, so the report (and the hash check) go through one
    # lock. Store calls themselves need none: both stores serve the API's threads.
    lock = threading.Lock()
    with IngestProgress(progress, total) as bar:
        to_extract = _changed_articles(store, items, batch_size, report, bar, lock)
        extractions = extractor(
            to_extract, workers=workers, batch_size=batch_size, max_bytes=max_bytes
        )
        try:
            _write_all(store, extractions, batch_size, report, bar, lock, writers)
        finally:
            close = getattr(extractions, "close", None)
            if close is not None:
                close()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _changed_articles(
    store: BatchWriter,
    items: Iterable[Article | Reject],
    batch_size: int,
    report: IngestReport,
    bar: IngestProgress,
    lock: threading.Lock,
) -> Iterator[Article]:
    """Articles that are not stored with the same content hash, checked a batch at a time.

    Loader rejects are recorded on the way. An article repeated within this run with
    the same text is counted unchanged here, since the earlier copy will be written.
    """
    sent: dict[str, str] = {}  # article key -> content hash already passed on this run
    pending: list[Article] = []

    def flush() -> Iterator[Article]:
        with lock:
            stored = store.article_hashes([a.id for a in pending])
        for article in pending:
            digest = article.content_hash
            if stored.get(article.id) == digest or sent.get(article.id) == digest:
                with lock:
                    report.articles_unchanged += 1
                bar.advance()
                continue
            sent[article.id] = digest
            yield article
        pending.clear()

    for item in items:
        if isinstance(item, Reject):
            _record_reject(item, report, bar, lock)
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


def _write_all(
    store: BatchWriter,
    extractions: Iterable[Extraction | Reject],
    batch_size: int,
    report: IngestReport,
    bar: IngestProgress,
    lock: threading.Lock,
    writers: int = 1,
) -> None:
    """Write extractions in batches, up to ``writers`` transactions at once.

    One article key never appears twice in a batch, nor in two batches in flight at
    once: a later version of an article waits until the earlier one is written, so it
    replaces it ("updated") as on a re-run, whatever the number of writers.
    """
    batch: list[Extraction] = []
    keys: set[str] = set()
    pool = ThreadPoolExecutor(writers, thread_name_prefix="graphkit-write") if writers > 1 else None
    in_flight: dict[Future[None], set[str]] = {}

    def write(chunk: list[Extraction]) -> None:
        summary, rejects = write_with_rejects(store, chunk)
        with lock:
            report.add_write(summary)
            report.batches += 1
            for rej in rejects:
                report.add_reject(rej)

    def settle(futures: Iterable[Future[None]]) -> None:
        for fut in futures:
            in_flight.pop(fut)
            fut.result()  # a writer's StoreUnavailable ends the run here

    def flush() -> None:
        chunk, chunk_keys = list(batch), set(keys)
        batch.clear()
        keys.clear()
        if pool is None:
            write(chunk)
            return
        if len(in_flight) >= writers:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            settle(done)
        in_flight[pool.submit(write, chunk)] = chunk_keys

    try:
        for item in extractions:
            if isinstance(item, Reject):
                _record_reject(item, report, bar, lock)
                continue
            # Extraction is the slow step, so the bar counts an article once it is extracted.
            bar.advance()
            key = item.article.id
            if key in keys:
                # A later version of an article already in this batch: write the earlier
                # one first so the later one replaces it ("updated"), as on a re-run.
                flush()
            if any(key in held for held in in_flight.values()):
                settle(list(in_flight))
            batch.append(item)
            keys.add(key)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        settle(list(in_flight))
    finally:
        if pool is not None:
            # on an outage, the other writers' batches finish or fail on their own
            pool.shutdown(wait=True)


def _record_reject(
    reject: Reject, report: IngestReport, bar: IngestProgress, lock: threading.Lock
) -> None:
    """Count an item that cannot be used; the bar moves on past it all the same."""
    with lock:
        report.add_reject(reject)
    bar.advance()


def write_with_rejects(
    store: BatchWriter, batch: list[Extraction]
) -> tuple[WriteSummary, list[Reject]]:
    """Write one batch; if it fails for anything but an outage, write its articles one
    by one so only the article the store refuses is rejected (with the store's reason)."""
    summary = WriteSummary()
    rejects: list[Reject] = []
    try:
        return store.write_batch(batch), rejects
    except StoreUnavailable:
        raise
    except Exception as exc:
        if len(batch) == 1:
            return summary, [_reject_write(batch[0], exc)]
    for ex in batch:
        try:
            summary.add(store.write_batch([ex]))
        except StoreUnavailable:
            raise
        except Exception as exc:
            rejects.append(_reject_write(ex, exc))
    return summary, rejects


def _reject_write(ex: Extraction, exc: Exception) -> Reject:
    return Reject(
        path=ex.article.url or ex.article.id,
        reason=f"write failed: {type(exc).__name__}: {exc}",
        article_id=ex.article.input_id or ex.article.id,
    )
