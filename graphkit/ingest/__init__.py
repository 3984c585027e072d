"""Ingestion: files, feeds and standard input -> articles -> extraction -> the graph."""

from __future__ import annotations

from graphkit.ingest.loader import count_items, iter_articles, sample_dir
from graphkit.ingest.pipeline import ingest
from graphkit.ingest.report import IngestReport

__all__ = ["IngestReport", "count_items", "ingest", "iter_articles", "sample_dir"]
