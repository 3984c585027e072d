"""A progress bar for ingestion runs (rich), or nothing at all.

The pipeline only calls ``advance``; whether a bar is drawn is the caller's choice
(the CLI draws one when stderr is a terminal), so library callers such as the API
never print.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Mean articles per second since the start (steady even when work arrives in batches)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("-- articles/s")
        return Text(f"{task.completed / elapsed:.1f} articles/s")


class IngestProgress:
    """Context manager: a rich bar with articles/s and ETA when enabled, else a no-op."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = total

    def __enter__(self) -> IngestProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                RateColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("ingest", total=self._total)
        return self

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done (written, skipped or rejected)."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)
