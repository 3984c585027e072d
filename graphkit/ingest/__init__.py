"""Ingestion: files, feeds and standard input -> articles -> extraction -> the graph."""

from __future__ import annotations

from collections.abc import Sequence

from graphkit.errors import ValidationError
from graphkit.ingest.loader import count_items, iter_articles, sample_dir
from graphkit.ingest.pipeline import ingest
from graphkit.ingest.report import IngestReport
from graphkit.models import Article
from graphkit.store.base import GraphStore

__all__ = [
    "IngestReport",
    "count_items",
    "ingest",
    "ingest_articles",
    "iter_articles",
    "sample_dir",
]


def ingest_articles(
    store: GraphStore,
    articles: Sequence[Article],
    *,
    batch_size: int = 64,
    max_bytes: int = 1_000_000,
) -> IngestReport:
    """Extract and store articles through the same pipeline as ``graphkit ingest``.

    Returns:
        The pipeline's report: new/unchanged/updated articles, what was written and
        every rejected article (empty, too large, ...) with its reason.

    Raises:
        ValidationError: no articles.
        StoreUnavailable: the store went away; batches written before stay written.
    """
    if not articles:
        raise ValidationError("no articles given")
    return ingest(
        store,
        list(articles),
        workers=1,
        batch_size=batch_size,
        progress=False,
        total=len(articles),
        max_bytes=max_bytes,
    )
