"""JSON Lines articles: one JSON object per line, a bad line rejected with its number."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from graphkit.ingest.item import (
    _input_id,
    _ItemError,
    _make_article,
    _optional_str,
    _parse_date,
    _reason,
    _too_large,
)
from graphkit.models import Article, Reject


def _iter_jsonl(
    lines: Iterable[bytes], label: str, max_bytes: int, first_line: int = 1
) -> Iterator[Article | Reject]:
    """One article per line; a bad line becomes a ``Reject`` with its line number."""
    seen_any = False
    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        seen_any = True
        user_id: str | None = None
        try:
            if len(raw) > max_bytes:
                raise _ItemError(_too_large(len(raw), max_bytes))
            nul = raw.find(b"\x00")
            if nul >= 0:
                raise _ItemError(f"binary content (NUL byte at offset {nul} of the line)")
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise _ItemError(
                    f"not UTF-8 (byte 0x{raw[exc.start : exc.start + 1].hex()} "
                    f"at offset {exc.start} of the line)"
                ) from None
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _ItemError(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
            if not isinstance(obj, dict):
                raise _ItemError(f"expected a JSON object, got {type(obj).__name__}")
            if obj.get("id") is not None:
                user_id = _label_id(obj["id"])
            article = _json_article(obj)
        except Exception as exc:
            yield Reject(path=label, line=number, reason=_reason(exc), article_id=user_id)
            continue
        yield article
    if not seen_any:
        yield Reject(path=label, reason="empty")


def _label_id(value: Any) -> str | None:
    """An input id fit to label a reject (a Reject is written out as UTF-8 JSON)."""
    text = str(value).encode("utf-8", "replace").decode("utf-8")[:200]
    return text or None


def _json_article(obj: dict[str, Any]) -> Article:
    text = obj.get("text")
    if text is None:
        raise _ItemError("no 'text' field")
    if not isinstance(text, str):
        raise _ItemError(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise _ItemError("empty 'text'")
    return _make_article(
        text,
        title=_optional_str(obj, "title"),
        url=_optional_str(obj, "url"),
        published=_parse_date(obj.get("published")),
        source=_optional_str(obj, "source"),
        input_id=_input_id(obj),
    )


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
