"""Worker processes for the expensive routes: a pool, its worker-side store, the wait.

Analytics (``analytics_workers``) and HTML pages (``page_workers``) are pure Python that
keeps a CPU busy for a tenth of a second to seconds. In a thread of the server such work
holds the GIL that the event loop (so ``/health``) and the cheap routes need; in a worker
process it stalls nobody. Workers run at a lower CPU priority, are replaced after a number
of answers (giving their memory back), and a request whose client has gone stops waiting
and cancels work not yet started.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from graphkit.config import Settings
from graphkit.store.base import GraphStore

from .memory import give_back_memory, tune_malloc

T = TypeVar("T")

# How often a request waiting for a worker checks that its client is still there.
POLL_SECONDS = 0.5

# Workers run at this lower CPU priority (nice): on a small machine the scheduler then
# gives the server's event loop and the cheap routes the CPU first.
WORKER_NICENESS = 10

# How often a worker checks that the server that started it is still there.
PARENT_CHECK_SECONDS = 1.0

_stores: dict[str, GraphStore] = {}  # in a worker: its own connections, by settings


def _start_worker() -> None:
    os.nice(WORKER_NICENESS)
    tune_malloc()
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True
    ).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the server that started it has gone.

    A pool's workers each hold the write end of its task queue, so a worker of a server
    that was killed (or exited without a clean shutdown) never reads end-of-file and
    would wait for tasks, holding its memory, for ever.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _call(fn: Callable[..., T], *args: Any) -> T:
    """In a worker: ``fn(*args)``, then what it freed goes back to the system.

    A worker idles between floods holding whatever its last answers left in its heaps:
    a collection frees their cycles, ``malloc_trim`` the C heap's free pages.
    """
    try:
        return fn(*args)
    finally:
        gc.collect()
        give_back_memory()


def store_in_worker(settings: Settings, *, snapshot: bool) -> GraphStore:
    """In a worker: its store for ``settings``, opened on first use and kept.

    ``snapshot``: with the API's shared traversal snapshot (mapped from the files the
    server's processes share, ``Settings.shared_snapshot_dir``), else none at all.
    """
    key = settings.model_dump_json() + str(snapshot)
    store = _stores.get(key)
    if store is None:
        from graphkit.store import open_store

        if snapshot:
            # sync: a worker maps the snapshot the server's processes share before its
            # first answer (or waits for the build of a new version), instead of answering
            # from Cypher, which is slower than the build for the pages workers render
            mode = "sync" if settings.snapshot == "background" else settings.snapshot
            store = open_store(
                settings.model_copy(update={"snapshot": mode}),
                snapshot_dir=settings.shared_snapshot_dir(),
            )
        else:
            store = open_store(settings.model_copy(update={"snapshot": "off"}))
        _stores[key] = store
    return store


class WorkerPool:
    """``size`` spawned worker processes, started on first use."""

    def __init__(self, size: int, tasks_per_worker: int) -> None:
        self.size = size
        self.tasks_per_worker = tasks_per_worker
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.size,
                    # not fork: the server has threads (and a Neo4j driver) of its own
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=self.tasks_per_worker,
                    initializer=_start_worker,
                )
            return self._pool

    def run(self, still_wanted: Callable[[], None], fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; its result (or its exception, raised here).

        ``still_wanted`` is called while waiting and raises to abandon the request (work
        already started runs to its end; its answer is dropped).
        """
        future: Future[T] = self._executor().submit(_call, fn, *args)
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except FutureTimeout:
                try:
                    still_wanted()
                except BaseException:
                    future.cancel()
                    raise

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
