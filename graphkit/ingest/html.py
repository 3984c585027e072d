"""HTML pages: main text and metadata extracted by trafilatura."""

from __future__ import annotations

from typing import Any

from graphkit.ingest.item import _check_bytes, _ItemError, _lenient_date, _make_article
from graphkit.models import Article


def _html_article(data: bytes, label: str, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page, by trafilatura."""
    _check_bytes(data)
    text, meta = _html_main_text(data)
    if not text:
        raise _ItemError("no main text found in the HTML page")
    title = meta.get("title")
    # trafilatura keeps the page's headline as the first line; the title holds it already.
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :]
    return _make_article(
        text,
        title=title,
        # the page's own canonical URL, else the address it was fetched from
        url=meta.get("url") or url,
        published=_lenient_date(meta.get("date")),
        source=meta.get("sitename"),
    )


def _html_main_text(data: bytes | str) -> tuple[str, dict[str, Any]]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError, RecursionError) as exc:
        raise _ItemError(f"unparseable HTML: {exc}") from None
    if doc is None:
        return "", {}
    found: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return (found.get("text") or "").strip(), found
