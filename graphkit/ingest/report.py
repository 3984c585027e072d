"""What one ingestion run did: counts and the rejected items."""

from __future__ import annotations

from pydantic import Field

from graphkit.models import Reject, WriteSummary


class IngestReport(WriteSummary):
    """Counts of one ``ingest`` run and every item it could not use.

    ``articles_*`` count articles seen (``unchanged`` includes those skipped by the
    content-hash check before extraction); whether a written article is new, updated or
    unchanged is what this run's own write transaction found, so concurrent runs of the
    same articles count each one new once between them. ``actors``, ``relations`` and
    ``evidence`` are what the store reports writing.
    """

    # articles_new ... evidence: the counts of WriteSummary, summed over the run's batches
    rejected: int = 0
    batches: int = 0
    seconds: float = 0.0
    rejects: list[Reject] = Field(default_factory=list)
    # a bulk run's phases (files, import, schema, actors, ...) -> seconds; empty otherwise
    phases: dict[str, float] = Field(default_factory=dict)

    @property
    def articles(self) -> int:
        """Articles that were usable (new + unchanged + updated)."""
        return self.articles_new + self.articles_unchanged + self.articles_updated

    def add_write(self, summary: WriteSummary) -> None:
        """Fold one ``write_batch`` summary into the totals."""
        self.add(summary)

    def add_reject(self, reject: Reject) -> None:
        self.rejects.append(reject)
        self.rejected += 1

    def summary_lines(self) -> list[str]:
        """Human-readable summary, one figure per line, as the CLI prints it."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        return [
            f"articles: {self.articles_new} new, {self.articles_unchanged} unchanged, "
            f"{self.articles_updated} updated",
            f"actors: {self.actors}",
            f"relations: {self.relations}",
            f"evidence: {self.evidence}",
            f"rejected: {self.rejected}",
            f"time: {self.seconds:.1f}s ({rate:.1f} articles/s)",
        ] + (
            ["bulk: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.phases.items())]
            if self.phases
            else []
        )
