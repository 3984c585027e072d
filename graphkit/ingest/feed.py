"""RSS and Atom feeds: one article per entry, parsed by feedparser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from graphkit.ingest.html import _html_main_text
from graphkit.ingest.item import _check_bytes, _ItemError, _make_article, _reason, _too_large
from graphkit.models import Article, Reject


def _iter_feed(data: bytes, label: str, max_bytes: int) -> Iterator[Article | Reject]:
    """One article per RSS/Atom entry, in document order; ``line`` is the entry number."""
    import feedparser

    try:
        _check_bytes(data)
    except _ItemError as exc:
        yield Reject(path=label, reason=str(exc))
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = f": {parsed.get('bozo_exception')}" if parsed.get("bozo") else ""
        if parsed.get("version"):
            yield Reject(path=label, reason=f"feed has no entries{why}")
        else:
            yield Reject(path=label, reason=f"not an RSS or Atom feed{why}")
        return
    feed_title = parsed.feed.get("title") if parsed.get("feed") else None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            article = _feed_article(entry, feed_title, max_bytes)
        except Exception as exc:
            yield Reject(path=label, line=number, reason=f"feed entry {number}: {_reason(exc)}")
            continue
        yield article


def _feed_article(entry: Any, feed_title: str | None, max_bytes: int) -> Article:
    fragments = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    raw = max(fragments, key=len) if fragments else entry.get("summary", "") or ""
    if len(raw.encode("utf-8", "replace")) > max_bytes:
        raise _ItemError(_too_large(len(raw.encode("utf-8", "replace")), max_bytes))
    text = _fragment_text(raw)
    if not text:
        raise _ItemError("no text (neither content nor summary)")
    published = None
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if stamp:
            published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            break
    return _make_article(
        text,
        title=(entry.get("title") or "").strip() or None,
        url=(entry.get("link") or "").strip() or None,
        published=published,
        source=feed_title,
    )


def _fragment_text(fragment: str) -> str:
    """Plain text of an entry's HTML fragment (feedparser has already sanitised it)."""
    import html

    if "<" not in fragment:
        return html.unescape(fragment).strip()
    import trafilatura

    page = f"<html><body><article>{fragment}</article></body></html>"
    text, _ = _html_main_text(page)
    if not text:
        # trafilatura's main-text heuristics drop short fragments; keep all text then.
        text = trafilatura.html2txt(page)
    return html.unescape(text).strip()
