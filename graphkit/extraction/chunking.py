"""Parse long texts in pieces, so spaCy's memory stays bounded whatever the article size.

spaCy's tagger, parser and NER hold working arrays for the whole text they are given:
a 1 MB article took about 3 GB at once. A text longer than ``CHUNK_CHARS`` is cut into
consecutive pieces at paragraph breaks (else line breaks, sentence ends, whitespace),
each piece is parsed on its own, one after the other, and the pieces' docs are joined
into one ``Doc`` whose text is exactly the original. Character offsets (evidence
``start``/``end``) therefore need no mapping, and everything after parsing (actors,
coreference, rules) still sees the whole article. A text of at most ``CHUNK_CHARS`` is
parsed whole, exactly as before.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# ~10k words: far above a news article, small enough that one piece's parse costs
# a few hundred megabytes at most
CHUNK_CHARS = 50_000
# where to cut, best first; each match is kept with the piece before it, so the next
# piece starts on a word and every sentence break stays where the full parse had it
_BREAKS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters that join back into it.

    Each cut is the last paragraph break in the second half of the piece's window,
    else the last line break, sentence end or whitespace there; a text without any
    is cut at ``size``.
    """
    if size < 2:
        raise ValueError("chunk size must be at least 2 characters")
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for pattern in _BREAKS:
            found = list(pattern.finditer(text, start + size // 2, end))
            if found:
                cut = found[-1].end()
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, text: str, size: int = CHUNK_CHARS) -> Doc:
    """``nlp(text)``, parsed a piece at a time when ``text`` is longer than ``size``."""
    if len(text) <= size:
        return nlp(text)
    # batch_size=1: one piece's working memory at a time, never several
    docs = list(nlp.pipe(split_text(text, size), batch_size=1))
    # the pieces end on their own whitespace, so no separator is added between them
    # the tensor (unused after parsing) would be a second copy of the pieces' arrays;
    # spaCy's stubs do not list ``exclude`` yet
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
