"""Fixtures for the extractor tests: one real extractor (real spaCy model) per session."""

from __future__ import annotations

from datetime import date

import pytest

from graphkit.extraction import Extractor
from graphkit.models import Article, Relation


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def rels(extractor: Extractor):
    """Extract a text (optionally dated) and return its relations."""

    def run(text: str, day: date | None = None) -> list[Relation]:
        art = Article(id="t", text=text, published=day)
        return extractor.extract(art).relations

    return run
