"""Dependency rules: from a trigger to its source and target actors.

``engine`` runs the rules over a sentence (the verb rules live there), ``nominal`` holds
the noun rules, ``arguments`` the argument reading both share, and ``words`` the word
lists of ``data/lexicon/arguments.yaml``.
"""

from __future__ import annotations

from graphkit.extraction.relation.arguments import Candidate
from graphkit.extraction.relation.engine import RuleEngine
from graphkit.extraction.relation.words import ArgumentWords, default_words, load_words

__all__ = ["ArgumentWords", "Candidate", "RuleEngine", "default_words", "load_words"]
