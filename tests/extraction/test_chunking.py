"""Long texts parsed in pieces: the pieces join back exactly, and cuts fall on breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.extraction.chunking import CHUNK_CHARS, parse, split_text
from graphkit.extraction.nlp import get_nlp

PARAGRAPH = "Japan and South Korea agreed to resume talks on maritime borders. " * 40


@given(st.text(alphabet="ab .\n\t", max_size=3000), st.integers(min_value=2, max_value=400))
@settings(max_examples=200, deadline=None)
def test_pieces_join_back_and_fit(text: str, size: int) -> None:
    pieces = split_text(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)
    assert all(pieces[:-1])  # no empty piece but possibly the last of an empty text


def test_cuts_fall_on_paragraph_breaks() -> None:
    text = "\n\n".join([PARAGRAPH.strip()] * 30)
    pieces = split_text(text, 10_000)
    assert len(pieces) > 1
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert all(not p[0].isspace() for p in pieces)


def test_short_text_is_parsed_whole_and_long_text_keeps_offsets() -> None:
    nlp = get_nlp()
    short = PARAGRAPH
    assert len(short) <= CHUNK_CHARS
    assert [t.text for t in parse(nlp, short)] == [t.text for t in nlp(short)]
    long = "\n\n".join([PARAGRAPH.strip()] * 30)
    doc = parse(nlp, long, size=10_000)
    assert doc.text == long
    for sent in doc.sents:
        assert long[sent.start_char : sent.end_char] == sent.text
    # the same sentences as a whole parse: every cut is a paragraph break
    assert [s.text for s in doc.sents] == [s.text for s in nlp(long).sents]
