"""Evidence spans: where in the article text a relation's sentence lies."""

from __future__ import annotations

from spacy.tokens import Span


def sentence_bounds(sent: Span) -> tuple[int, int, str]:
    """Character offsets of a sentence in the article text, without surrounding blanks."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return start, start + len(text), text
