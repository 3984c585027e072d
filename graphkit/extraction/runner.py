"""What ``graphkit extract`` does: load articles, extract, print, count failures.

Kept out of ``cli.py`` so the command stays one call; writes to the streams it is
given, so tests and other front ends can reuse it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TextIO

from graphkit.extraction.pipeline import DEFAULT_MAX_BYTES, iter_extractions
from graphkit.models import Article, Extraction, Reject

FORMATS = ("table", "jsonl")


@dataclass
class RunSummary:
    """Counts of one extraction run."""

    articles: int = 0
    relations: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"{self.articles} articles, {self.relations} relations, {self.failed} failed"


def reject_line(rej: Reject) -> str:
    """One clear error line naming the file (and line) of a rejected item."""
    where = f"{rej.path}:{rej.line}" if rej.line else rej.path
    return f"error: {where}: {rej.reason}"


def run_extract(
    paths: Sequence[str | Path],
    *,
    fmt: str = "table",
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    default_date: date | None = None,
    batch_size: int = 32,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: IO[bytes] | None = None,
) -> RunSummary:
    """Extract every article under ``paths`` and print the relations.

    ``jsonl`` writes exactly ``Relation.contract()`` per line; ``table`` prints one rich
    table per article. Each unusable item gets an error line on ``err``; the summary line
    ``N articles, M relations, K failed`` goes to ``err`` last.
    """
    from graphkit.ingest.loader import iter_articles

    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    summary = RunSummary()

    def articles() -> Iterator[Article | Reject]:
        for item in iter_articles(list(paths), max_bytes=max_bytes, stdin=stdin):
            if isinstance(item, Article) and item.published is None and default_date:
                item = item.model_copy(update={"published": default_date})
            yield item

    console = None
    if fmt == "table":
        from rich.console import Console

        console = Console(file=out, soft_wrap=False, width=160)
    for result in iter_extractions(
        articles(), workers=workers, batch_size=batch_size, max_bytes=max_bytes
    ):
        if isinstance(result, Reject):
            summary.failed += 1
            print(reject_line(result), file=err, flush=True)
            continue
        summary.articles += 1
        summary.relations += len(result.relations)
        if fmt == "jsonl":
            for line in result.contract_lines():
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
        else:
            _print_table(console, result)
    print(summary.line(), file=err, flush=True)
    return summary


def _print_table(console: object, ex: Extraction) -> None:
    from rich.table import Table

    title = ex.article.title or ex.article.id
    table = Table(title=f"{title} ({len(ex.relations)} relations)", show_lines=False)
    for col in ("type", "source", "target", "predicate", "modality", "neg", "conf", "trigger"):
        table.add_column(col)
    for r in ex.relations:
        table.add_row(
            r.type + (f"/{r.mode}" if r.mode else ""),
            r.source.name,
            r.target.name,
            r.predicate,
            r.modality,
            "yes" if r.negated else "",
            f"{r.confidence:.2f}",
            r.trigger,
        )
    console.print(table)  # type: ignore[attr-defined]
