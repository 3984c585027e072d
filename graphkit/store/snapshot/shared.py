"""One snapshot per graph version per machine, shared by every process through files.

``SharedSnapshots.get(stamp, write)`` maps ``<root>/<database>-<digest of stamp>/``
(``files``) if it is there. Otherwise it takes an exclusive ``fcntl.flock`` on
``<root>/<database>.lock``, so one process builds while the others wait, looks again
(another may have built it meanwhile), has it written into a temporary directory (the
Neo4j store does that in a child process) and renames it into place: a directory under
its final name is always complete. A build that died half-way leaves only a temporary
directory, removed by the next builder; a directory that fails ``files.load``
(truncated, corrupt) is removed and rebuilt. Versions other than the newest are removed
by the builder of the newest: a process still mapping one keeps its pages (Linux frees
them with the last map).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphkit.store.snapshot import files
from graphkit.store.snapshot.traverse import Snapshot

log = logging.getLogger("graphkit.store")

TEMP_PREFIX = ".tmp-"


def _release_freed_memory() -> None:
    """Give the heap freed by a build back to the system (glibc keeps it otherwise):
    the export rows of a big graph take several times the arrays while being read."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class SharedSnapshots:
    """Snapshots of one database, as files under ``root`` shared between processes."""

    def __init__(self, root: Path, database: str) -> None:
        """Keep the snapshots of ``database`` under ``root`` (created when needed)."""
        self.root = root
        self.database = database
        self.builds = 0  # snapshots this instance built (the others it mapped)
        self.loads = 0  # snapshots this instance mapped from files

    def path(self, stamp: Any) -> Path:
        """The directory of the snapshot at graph version ``stamp``."""
        text = json.dumps(stamp, default=str, sort_keys=True)
        return self.root / f"{self.database}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Exclusive, across processes, for building one of this database's snapshots;
        the kernel releases it if the holder dies."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / f"{self.database}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _load(self, path: Path, stamp: Any) -> Snapshot | None:
        """The snapshot mapped from ``path``; ``None`` if there is none or it is unusable
        (logged: the caller rebuilds it)."""
        if not path.is_dir():
            return None
        try:
            snap = files.load(path, stamp)
        except files.SnapshotFileError as exc:
            log.warning("traversal snapshot refused, rebuilding it: %s", exc)
            return None
        self.loads += 1
        log.info("traversal snapshot mapped from %s", path)
        _release_freed_memory()  # meta.json's actors, parsed into per-actor look-ups
        return snap

    def get(self, stamp: Any, write: Callable[[Any, Path], bool]) -> Snapshot | None:
        """The snapshot at ``stamp``, mapped from its files, written first if need be.

        Args:
            stamp: the graph version it must be made at.
            write: ``write(stamp, directory)`` writes the snapshot's files into the new
                ``directory`` (``files.save``), or answers ``False`` if the graph changed
                meanwhile; called only by the one process that builds it.

        Returns:
            The mapped snapshot, or ``None`` if ``write`` wrote none.
        """
        path = self.path(stamp)
        snap = self._load(path, stamp)
        if snap is not None:
            return snap
        with self._lock():
            snap = self._load(path, stamp)  # built by another process while we waited
            if snap is not None:
                return snap
            self._remove(path)  # unusable if it is there at all
            self._remove_temporary()
            self.root.mkdir(parents=True, exist_ok=True)
            temporary = self.root / f"{TEMP_PREFIX}{path.name}-{os.getpid()}-{uuid.uuid4().hex}"
            try:
                written = write(stamp, temporary)
            except BaseException:
                self._remove(temporary)
                raise
            if not written:
                self._remove(temporary)
                return None
            _release_freed_memory()
            os.rename(temporary, path)
            self.builds += 1
            log.info("traversal snapshot written to %s", path)
            self._remove_others(path)
            # map what was written, so this process shares the pages like the others
            return files.load(path, stamp)

    def _remove(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def _remove_temporary(self) -> None:
        """Temporary directories of builds that died (no one else builds: we hold the lock)."""
        for stale in self.root.glob(f"{TEMP_PREFIX}{self.database}-*"):
            log.info("removing an unfinished traversal snapshot: %s", stale)
            self._remove(stale)

    def _remove_others(self, newest: Path) -> None:
        """Every other version of this database's snapshot: the graph moved on."""
        mine = re.compile(rf"{re.escape(self.database)}-[0-9a-f]{{16}}")
        for old in self.root.iterdir():
            if old != newest and mine.fullmatch(old.name) and old.is_dir():
                self._remove(old)
