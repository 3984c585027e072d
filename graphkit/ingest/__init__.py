"""Ingestion: files, feeds and standard input -> articles -> extraction -> the graph."""

from __future__ import annotations

from graphkit.ingest.loader import iter_articles

__all__ = ["iter_articles"]
