"""What every input format shares: one item's error, byte and text checks, dates, fields.

A format module (text, jsonl, html, feed) raises ``_ItemError`` for an unusable item;
the loader turns it, or anything else one item raises, into a ``Reject`` via ``_reason``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from graphkit.models import Article, validation_reason

# Share of control characters (other than tab/newline/CR/FF) above which a
# decodable file is treated as binary rather than text.
CONTROL_SHARE_LIMIT = 0.10
_SNIFF_BYTES = 4096


class _ItemError(Exception):
    """One item is unusable; carries the message that goes into its ``Reject``."""


def _reason(exc: Exception) -> str:
    """The ``Reject`` reason for anything raised while loading one item.

    Our own checks say exactly what is wrong; a failed article rule names its field;
    anything else (a library's ValueError on a date like 2024-02-30, an encoding
    error) is still one item's problem, reported with its type, never a crash.
    """
    if isinstance(exc, _ItemError):
        return str(exc)
    if isinstance(exc, PydanticValidationError):
        return validation_reason(exc)
    return f"{type(exc).__name__}: {exc}"


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size} bytes (limit {limit}; raise it with --max-bytes)"


# ------------------------------------------------------------ validation


def _check_bytes(data: bytes) -> None:
    """Reject empty and binary content early, with the offending offset."""
    if not data.strip():
        raise _ItemError("empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _ItemError(f"binary content (NUL byte at offset {nul})")


def _decode(data: bytes) -> str:
    """Decode strict UTF-8 (a BOM is allowed) or explain exactly where it fails."""
    _check_bytes(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise _ItemError(f"not UTF-8 (byte 0x{bad.hex()} at offset {exc.start})") from None
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and controls / len(sample) > CONTROL_SHARE_LIMIT:
        raise _ItemError(
            f"binary content ({controls} control characters in the first {len(sample)})"
        )
    if not text.strip():
        raise _ItemError("empty")
    return text


def _parse_date(value: Any, field: str = "published") -> date | None:
    """ISO date or datetime (string or YAML date) -> ``date``; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(stripped.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise _ItemError(f"invalid {field!r} date {value!r} (expected ISO format, e.g. 2024-10-22)")


def _optional_str(meta: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = meta.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _ItemError(f"{name!r} must be a string, got {type(value).__name__}")
        return str(value).strip() or None
    return None


def _make_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    input_id: str | None = None,
) -> Article:
    """Build an article keyed by ``Article.key_for`` (``graphkit.ingest.loader`` says why)."""
    text = text.strip()
    if not text:
        raise _ItemError("no article text")
    try:
        return Article(
            id=Article.key_for(text, url),
            text=text,
            title=title or None,
            url=url or None,
            published=published,
            source=source or None,
            input_id=input_id or None,
        )
    except PydanticValidationError as exc:  # the one article rule (graphkit.models)
        raise _ItemError(validation_reason(exc)) from None


def _input_id(meta: dict[str, Any]) -> str | None:
    """The input's own ``id`` (a number or a string), if it gives one."""
    value = meta.get("id")
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip() or None


def _lenient_date(value: Any) -> date | None:
    """Dates guessed from pages or feeds: a bad guess drops the date, not the article."""
    try:
        return _parse_date(value)
    except _ItemError:
        return None
