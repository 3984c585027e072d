"""Property tests: arbitrary text never crashes the extractor or the stream."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from graphkit.models import Article, Extraction, Reject

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(
    [
        "Russia",
        "attacked",
        "Ukraine",
        "NATO",
        "the",
        "alliance",
        "it",
        "its",
        "and",
        "not",
        "said",
        "President",
        "Yoon",
        "North",
        "Korean",
        "troops",
        "sanctions",
        "on",
        ",",
        ".",
        "\u201c",
        "\u2019s",
        "\x00",
        "\x07",
        "\u202e",
        "\ud7ff",
        "😀",
        "\n\n",
        "between",
        "of",
    ]
)


def article(key: str, text: str) -> Article | None:
    """The article, or None when the article rule refuses its text (empty, NUL, a lone
    surrogate): a clear per-item error, which the loaders turn into a reject."""
    try:
        return Article(id=key, text=text)
    except ValidationError as exc:
        assert [e["loc"] for e in exc.errors()] == [("text",)], exc
        return None


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(extractor, text):
    item = article("p", text)
    if item is None:
        return
    results = list(extractor.extract_many([item]))
    assert len(results) == 1
    r = results[0]
    if isinstance(r, Reject):
        assert r.reason and r.article_id == "p"
    else:
        assert isinstance(r, Extraction)
        for rel in r.relations:
            assert text[rel.start : rel.end] == rel.sentence


@SETTINGS
@given(st.lists(WORDS, min_size=1, max_size=300))
def test_word_salad_with_control_chars(extractor, words):
    text = " ".join(words)
    item = article("w", text)
    if item is None:
        return
    [r] = list(extractor.extract_many([item]))
    if isinstance(r, Extraction):
        for rel in r.relations:
            assert rel.source.id != rel.target.id
            assert 0.0 < rel.confidence <= 1.0
            assert text[rel.start : rel.end] == rel.sentence


def test_very_long_sentence(extractor):
    text = "Russia attacked Ukraine and " * 2000 + "NATO condemned Russia."
    [r] = list(extractor.extract_many([Article(id="long", text=text)]))
    assert isinstance(r, Extraction)
    assert any(x.type == "ASSAULT" for x in r.relations)


def test_bad_items_become_rejects_in_order(extractor):
    big = "x " * 600_000
    items = [
        Article(id="a", text="France condemned Russia."),
        Article(id="empty", text="   \n"),
        Article(id="big", text=big),
        Reject(path="in.jsonl", line=3, reason="malformed JSON"),
        Article(id="b", text="Spain praised Portugal."),
    ]
    out = list(extractor.extract_many(items, batch_size=2))
    assert [type(x).__name__ for x in out] == [
        "Extraction",
        "Reject",
        "Reject",
        "Reject",
        "Extraction",
    ]
    assert "empty" in out[1].reason
    assert "limit" in out[2].reason
    assert out[3].line == 3
    assert out[4].article.id == "b"
