"""Property tests: whatever bytes arrive, the loaders yield Articles or clean Rejects."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.ingest import iter_articles
from graphkit.models import Article, Reject

# Surrogates cannot be written as UTF-8 at all; everything else is fair game,
# including control characters and the NUL byte.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
SUFFIXES = [".txt", ".md", ".jsonl", ".html", ".xml", ".rss", ".atom", ".dat"]
PROPS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(items: list[Article | Reject], max_bytes: int = 1_000_000) -> None:
    assert items, "every input yields at least one Article or Reject"
    for item in items:
        assert isinstance(item, Article | Reject)
        if isinstance(item, Article):
            assert item.text.strip(), "an article always has text"
            assert item.text == item.text.strip()
            assert len(item.text.encode("utf-8")) <= max_bytes
            assert item.id == Article.key_for(item.text, item.url)
        else:
            assert item.reason and "Traceback" not in item.reason


def load_file(suffix: str, data: bytes, max_bytes: int = 1_000_000) -> list[Article | Reject]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        return list(iter_articles([path], max_bytes=max_bytes))


@PROPS
@given(text=any_text, suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_unicode_files(text: str, suffix: str) -> None:
    check(load_file(suffix, text.encode("utf-8")))


@PROPS
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_files(data: bytes, suffix: str) -> None:
    check(load_file(suffix, data))


@PROPS
@given(text=any_text, max_bytes=st.integers(min_value=1, max_value=300))
def test_size_limit_is_honoured(text: str, max_bytes: int) -> None:
    items = load_file(".txt", text.encode("utf-8"), max_bytes=max_bytes)
    check(items, max_bytes=max_bytes)
    if len(text.encode("utf-8")) > max_bytes:
        assert isinstance(items[0], Reject) and "too large" in items[0].reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
article_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": any_text | json_values,
        "title": any_text | json_values,
        "url": any_text | json_values,
        "published": st.dates().map(str) | any_text | json_values,
        "source": any_text,
    },
)


@PROPS
@given(rows=st.lists(article_objects | json_values, min_size=1, max_size=6))
def test_jsonl_lines_never_crash_and_keep_line_numbers(rows: list[object]) -> None:
    data = "\n".join(json.dumps(r) for r in rows).encode("utf-8")
    items = list(iter_articles(["-"], stdin=io.BytesIO(data)))
    check(items)
    lines = [i.line for i in items if isinstance(i, Reject) and i.line is not None]
    assert all(1 <= n <= len(rows) for n in lines)


@st.composite
def nested_html(draw: st.DrawFn) -> str:
    depth = draw(st.integers(min_value=1, max_value=400))
    tags = [draw(st.sampled_from(["div", "span", "p", "section", "b", "table", "li"]))]
    tags *= depth
    inner = draw(any_text)
    closing = draw(st.booleans())  # unclosed tags are common in the wild
    body = "".join(f"<{t}>" for t in tags) + inner
    if closing:
        body += "".join(f"</{t}>" for t in reversed(tags))
    title = draw(any_text)
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"


@PROPS
@given(page=nested_html())
def test_deeply_nested_html(page: str) -> None:
    check(load_file(".html", page.encode("utf-8")))


@PROPS
@given(title=any_text, body=any_text, link=any_text)
def test_feed_entries_with_arbitrary_content(title: str, body: str, link: str) -> None:
    from xml.sax.saxutils import escape

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(body)}</description></item></channel></rss>"
    )
    check(load_file(".rss", feed.encode("utf-8")))
