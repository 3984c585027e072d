"""Extraction on a Dask distributed cluster, for ``graphkit ingest --engine dask``.

The cluster only extracts. Everything else stays in ``graphkit.ingest.pipeline`` on the
client: the hash check (unchanged articles are never sent), the batched writes with
bounded concurrency, the per-item rejects, the progress bar and the report. Each
worker loads the model once, through ``ExtractorPlugin``, and runs
``graphkit.extraction.pipeline.extract_partition`` on partitions of articles: the step
the local worker processes run too, so both engines give the same graph.

Why it is resumable: a worker that dies takes its partitions with it and the scheduler
runs them again elsewhere (the nanny restarts the worker, and the plugin loads the
model into it); a partition that kills every worker it lands on becomes rejects. When
the scheduler goes away the run stops with ``EngineUnavailable``; what was written stays
written, and running the same command again skips it at the hash check.

``distributed`` is an optional dependency (``pip install 'graphkit[dask]'``): this module
imports it only when a cluster is asked for.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import islice
from typing import TYPE_CHECKING, Any

from graphkit.errors import ConfigError, GraphkitError
from graphkit.extraction.pipeline import DEFAULT_MAX_BYTES, Extractor, extract_partition
from graphkit.ingest.pipeline import BatchWriter, ingest
from graphkit.ingest.report import IngestReport
from graphkit.models import Article, Extraction, Reject

if TYPE_CHECKING:
    from distributed import Client

# the name the plugin is registered under on every worker
PLUGIN_NAME = "graphkit-extractor"
EXTRA_HINT = "pip install 'graphkit[dask]'"
# how long a run waits for a scheduler without workers to get one
WAIT_FOR_WORKERS_SECONDS = 60.0


class EngineUnavailable(GraphkitError):
    """The Dask scheduler cannot be reached, or went away during the run."""


def _distributed() -> Any:
    """The ``distributed`` module, or one clear error naming the extra that installs it."""
    try:
        import distributed
    except ImportError:
        raise ConfigError(f"--engine dask needs the distributed package: {EXTRA_HINT}") from None
    return distributed


def _plugin_base() -> type:
    """``distributed.WorkerPlugin`` when installed; ``object`` keeps this module importable."""
    try:
        from distributed import WorkerPlugin
    except ImportError:
        return object
    return WorkerPlugin


class ExtractorPlugin(_plugin_base()):  # type: ignore[misc]
    """Loads the extractor (spaCy model, gazetteer, lexicon) once per worker process.

    ``setup`` runs on every worker when the plugin is registered and on every worker
    that joins later, a restarted one included.
    """

    name = PLUGIN_NAME
    # registering again (the next run) replaces the plugin rather than being refused
    idempotent = False

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.extractor: Extractor | None = None

    def setup(self, worker: Any) -> None:
        from graphkit.extraction.pipeline import extractor_for

        # the process-wide model: a second run's plugin finds it loaded already
        self.extractor = extractor_for(self.max_bytes)

    def teardown(self, worker: Any) -> None:
        self.extractor = None


def extract_on_worker(chunk: list[Article | Reject], batch_size: int) -> list[Extraction | Reject]:
    """The Dask task: extract one partition with the worker's plugin-loaded extractor."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    extractor = getattr(plugin, "extractor", None)
    if extractor is None:
        raise RuntimeError(f"worker has no {PLUGIN_NAME} plugin set up")
    return extract_partition(extractor, chunk, batch_size)


class DaskExtractions:
    """An extractor for ``ingest``: partitions of articles extracted on a Dask cluster.

    Called like ``iter_extractions``; results come back in input order (so a later
    version of an article is still written after the earlier one) with at most
    ``2 x`` the cluster's threads partitions in flight, so client memory stays flat.

    Args:
        client: a connected ``distributed.Client``.
        workers_timeout: seconds to wait for a first worker when the cluster has none.
    """

    def __init__(self, client: Client, workers_timeout: float = WAIT_FOR_WORKERS_SECONDS) -> None:
        self.client = client
        self.workers_timeout = workers_timeout

    def __call__(
        self,
        articles: Iterable[Article | Reject],
        workers: int = 1,  # the cluster's size decides; kept for iter_extractions' signature
        batch_size: int = 32,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Iterator[Extraction | Reject]:
        distributed = _distributed()
        batch_size = max(1, int(batch_size))
        try:
            if not self.client.nthreads():
                # tasks would wait for a worker forever: say so instead
                try:
                    self.client.wait_for_workers(1, timeout=self.workers_timeout)
                except TimeoutError:
                    raise EngineUnavailable(
                        f"the dask scheduler has no workers after {self.workers_timeout:g} s"
                        " (start some: dask worker SCHEDULER_ADDRESS)"
                    ) from None
            self.client.register_plugin(ExtractorPlugin(max_bytes), name=PLUGIN_NAME)
            threads = sum(self.client.nthreads().values())
        except _engine_lost(distributed) as exc:
            raise EngineUnavailable(f"dask scheduler unavailable: {_one_line(exc)}") from exc
        window = max(2, 2 * threads)
        it = iter(articles)
        pending: deque[tuple[list[Article | Reject], Any]] = deque()

        def submit() -> bool:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return False
            try:
                future = self.client.submit(extract_on_worker, chunk, batch_size, pure=False)
            except _engine_lost(distributed) as exc:
                raise EngineUnavailable(f"dask scheduler went away: {_one_line(exc)}") from exc
            pending.append((chunk, future))
            return True

        more = True
        try:
            while more and len(pending) < window:
                more = submit()
            while pending:
                chunk, future = pending.popleft()
                yield from _result(future, chunk, distributed)
                if more:
                    more = submit()
        finally:
            # a run stopped early (an outage, ^C) leaves nothing running on the cluster
            with contextlib.suppress(Exception):
                self.client.cancel([f for _, f in pending])


def _result(
    future: Any, chunk: list[Article | Reject], distributed: Any
) -> list[Extraction | Reject]:
    """A partition's results; the partition's rejects if it could not be extracted."""
    try:
        return future.result()
    except _engine_lost(distributed) as exc:
        raise EngineUnavailable(f"dask scheduler went away: {_one_line(exc)}") from exc
    except Exception as exc:
        # KilledWorker (the partition killed every worker it ran on), or a task error
        # outside extract_partition's guards: its articles are rejected, the run goes on
        return [_lost(item, exc) for item in chunk]


def _engine_lost(distributed: Any) -> tuple[type[BaseException], ...]:
    """What the client raises once the scheduler is gone: the run stops, a rerun resumes."""
    return (
        OSError,  # CommClosedError among them
        TimeoutError,
        CancelledError,  # the scheduler cancelled (forgot) the futures as it went
        distributed.client.ClosedClientError,
    )


def _one_line(exc: BaseException) -> str:
    """Dask's messages run over several lines; an error here is reported on one."""
    return " ".join(str(exc).split())


def _lost(item: Article | Reject, exc: Exception) -> Reject:
    if isinstance(item, Reject):
        return item
    return Reject(
        path=item.url or item.id,
        reason=f"extraction failed on a dask worker: {type(exc).__name__}: {exc}",
        article_id=item.input_id or item.id,
    )


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster.

    Args:
        scheduler: a scheduler address (``tcp://HOST:8786``); None starts a
            ``LocalCluster`` of ``workers`` processes of one thread each, on 127.0.0.1,
            closed on exit.
        workers: processes of the local cluster.

    Raises:
        ConfigError: ``distributed`` is not installed.
        EngineUnavailable: the scheduler cannot be reached.
    """
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise EngineUnavailable(
                f"dask scheduler {scheduler} unavailable: {_one_line(exc)}"
            ) from None
        with client:
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # its HTTP endpoints (health, metrics, the dashboard) on loopback only
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def ingest_dask(
    store: BatchWriter,
    items: Iterable[Article | Reject],
    client: Client,
    *,
    writers: int = 2,
    workers_timeout: float = WAIT_FOR_WORKERS_SECONDS,
    **options: Any,
) -> IngestReport:
    """``ingest`` with extraction on the Dask cluster behind ``client``.

    Args:
        store: where the graph lives (already set up).
        items: articles and loader rejects (``iter_articles``).
        client: a connected ``distributed.Client`` (``dask_client``).
        writers: write transactions in flight at once.
        workers_timeout: seconds to wait for a first worker when the cluster has none.
        **options: the other options of ``ingest`` (batch_size, progress, total, max_bytes).

    Returns:
        The same report as a local run.

    Raises:
        StoreUnavailable: the store went away; written batches stay written.
        EngineUnavailable: the scheduler went away; re-running resumes.
    """
    extractor = DaskExtractions(client, workers_timeout)
    return ingest(store, items, extractor=extractor, writers=writers, **options)
