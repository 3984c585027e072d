"""The extractor: articles -> actors + typed, evidence-backed relations.

``extract(article)`` handles one article; ``Extractor.extract_many`` and
``iter_extractions`` stream many (with worker processes when asked). Rules are general
dependency-parse patterns; the words they react to live in ``data/lexicon`` and the
actors they know in ``data/gazetteer``.
"""

from __future__ import annotations

from graphkit.extraction.gazetteer import Gazetteer
from graphkit.extraction.lexicon import Lexicon
from graphkit.extraction.pipeline import Extractor, default_extractor, extract, iter_extractions

__all__ = ["Extractor", "Gazetteer", "Lexicon", "default_extractor", "extract", "iter_extractions"]
