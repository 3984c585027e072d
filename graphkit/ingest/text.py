"""Text and Markdown articles: optional YAML front matter, optional ``# Title`` line."""

from __future__ import annotations

from typing import Any

import yaml

from graphkit.ingest.item import (
    _input_id,
    _ItemError,
    _make_article,
    _optional_str,
    _parse_date,
)
from graphkit.models import Article


def _text_article(text: str, label: str, default_url: str | None = None) -> Article:
    """A ``.txt``/``.md`` article: optional front matter, optional ``# Title`` line."""
    meta: dict[str, Any] = {}
    body = text
    if body.startswith("---"):
        first_nl = body.find("\n")
        if first_nl >= 0 and body[:first_nl].strip() == "---":
            meta, body = _front_matter(body[first_nl + 1 :])
    title = _optional_str(meta, "title")
    stripped = body.lstrip("\r\n")
    first_line, _, rest = stripped.partition("\n")
    if first_line.startswith("# "):
        title = title or first_line[2:].strip() or None
        body = rest
    return _make_article(
        body,
        title=title,
        url=_optional_str(meta, "url", "link") or default_url,
        published=_parse_date(meta.get("published", meta.get("date"))),
        source=_optional_str(meta, "source"),
        input_id=_input_id(meta),
    )


def _front_matter(after_open: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (already past the opening ``---``) from the body."""
    lines = after_open.split("\n")
    for i, line in enumerate(lines):
        if line.strip() in ("---", "..."):
            block = "\n".join(lines[:i])
            body = "\n".join(lines[i + 1 :])
            break
    else:
        raise _ItemError("front matter opened with '---' is never closed")
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        raise _ItemError(f"bad front matter: {str(exc).splitlines()[0]}") from None
    except ValueError as exc:
        # YAML reads 2024-02-30 as a date and datetime refuses it
        raise _ItemError(f"bad front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise _ItemError("front matter must be 'key: value' lines")
    return {str(k).lower(): v for k, v in meta.items()}, body
