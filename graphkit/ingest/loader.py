"""Turn files, directories, feeds and standard input into ``Article`` records.

``iter_articles`` streams: it reads one file (or one JSON Lines line) at a time and
yields either an ``Article`` or a ``Reject`` saying why an item could not be used, so
one bad item never stops a run.

Formats (chosen by extension, sniffed when the extension says nothing):

* ``.txt`` / ``.md``: one article. Optional front matter between ``---`` lines
  (``title``, ``url``, ``published``/``date``, ``source``); a first line ``# Title``
  gives the title. Neither is part of the article text.
* ``.jsonl`` / ``.ndjson``: one article per line with ``text`` and optional ``id``,
  ``title``, ``url``, ``published`` (ISO date), ``source``.
* ``.html`` / ``.htm``: main text, title, date and URL extracted by trafilatura.
* ``.rss`` / ``.atom`` / ``.xml`` (or sniffed): one article per feed entry, parsed
  by feedparser.
* a directory: every supported file below it, recursively, in sorted order.
* an ``http://`` or ``https://`` URL: a page or feed, fetched and parsed by its
  content type (the fetched URL is the article's URL unless the page names one).
* ``-``: standard input, JSON Lines if its first line is a JSON object, else one
  text article.

Identity: an article's key is always ``Article.key_for(text, url)`` -- its URL where
it has one, otherwise a hash of its normalised text -- never an ``id`` the input
supplies. Keys therefore do not depend on which file or feed an article arrived
through, and re-ingesting the same article anywhere is recognised as the same one.
A supplied ``id`` labels rejects (``Reject.article_id``) and is kept as
``Article.input_id``, which ``graphkit extract`` writes as ``article_id``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from graphkit import __version__
from graphkit.models import Article, Reject, validation_reason
from graphkit.resource import data_path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

# A feed file holds many articles, so it may be much larger than one article;
# it still has to fit in memory because feedparser parses whole documents.
FEED_SIZE_FACTOR = 50
STDIN_LABEL = "<stdin>"
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


def sample_dir() -> Path:
    """The sample articles that ship with graphkit, one or more in each input format."""
    return data_path("articles")


def iter_articles(
    paths: Sequence[str | Path],
    max_bytes: int = 1_000_000,
    *,
    stdin: IO[bytes] | None = None,
    timeout: float = 30.0,
) -> Iterator[Article | Reject]:
    """Yield an ``Article`` or a ``Reject`` for every item under ``paths``, lazily.

    Args:
        paths: files, directories, ``http(s)://`` URLs of pages or feeds, or ``-``
            for standard input.
        max_bytes: largest article accepted, in bytes of UTF-8 text (for HTML
            pages, of the page). Larger items are rejected, not truncated.
        stdin: the byte stream ``-`` reads (default: the process's standard input).
        timeout: seconds to wait for a URL to answer.

    Yields:
        Articles in a deterministic order, and a ``Reject`` (path, reason, line) for
        each unusable item: missing or unreadable path, empty, binary, not UTF-8,
        too large, malformed JSON Lines line, JSON without text, bad date.
    """
    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(_iter_stream(stream, max_bytes), STDIN_LABEL)
            continue
        if _is_url(str(raw)):
            yield from _guarded(_iter_url(str(raw), max_bytes, timeout), str(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                if isinstance(found, Reject):
                    yield found
                else:
                    yield from _guarded(_iter_file(found, max_bytes), str(found))
        else:
            yield from _guarded(_iter_file(path, max_bytes), str(path))


def _guarded(items: Iterator[Article | Reject], label: str) -> Iterator[Article | Reject]:
    """The items of one file, URL or stream; an error that escapes the per-item checks
    rejects the rest of that source only, and the run goes on with the next one."""
    try:
        yield from items
    except Exception as exc:
        yield Reject(path=label, reason=_reason(exc))


def count_items(paths: Sequence[str | Path]) -> int | None:
    """Cheaply estimate how many items ``iter_articles(paths)`` will yield (for an ETA).

    Counts lines of JSON Lines files and entry tags of feeds without parsing them;
    returns None when standard input is among the paths.
    """
    total = 0
    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        if _is_url(str(raw)):
            total += 1
            continue
        files = _walk(path) if path.is_dir() else iter([path])
        for file in files:
            total += 1 if isinstance(file, Reject) else _count_file(file)
    return total


def _count_file(path: Path) -> int:
    kind = _kind_from_suffix(path)
    if kind not in ("jsonl", "feed", None):
        return 1
    needles = (b"\n",) if kind == "jsonl" else (b"<item", b"<entry")
    count = 0
    tail = b""
    # A tail one byte shorter than the longest needle catches tags split across
    # chunks without counting any tag twice.
    keep = max(len(n) for n in needles) - 1
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                count += sum(data.count(n) for n in needles)
                tail = data[-keep:] if keep else b""
    except OSError:
        return 1
    return max(count, 1)


def _walk(root: Path) -> Iterator[Path | Reject]:
    """Supported files below ``root`` in sorted path order, skipping hidden names.

    Directories are visited in place among their siblings (``a.md``, ``b/1.txt``,
    ``c.txt``), so the order depends only on the names. Symbolic links to
    directories are not followed, which rules out cycles.
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Reject(path=str(root), reason=f"cannot read directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path


# ------------------------------------------------------------------ files


def _iter_file(path: Path, max_bytes: int) -> Iterator[Article | Reject]:
    label = str(path)
    try:
        if not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield Reject(path=label, reason=reason)
            return
        if not path.is_file():
            yield Reject(path=label, reason="not a regular file")
            return
        size = path.stat().st_size
        kind = _kind_from_suffix(path)
        if kind == "jsonl":
            with path.open("rb") as handle:
                yield from _iter_jsonl(handle, label, max_bytes)
            return
        limit = max_bytes * FEED_SIZE_FACTOR if kind in ("feed", None) else max_bytes
        if size > limit:
            yield Reject(path=label, reason=_too_large(size, limit))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(path=label, reason=f"cannot read: {exc.strerror or exc}")
        return
    yield from _iter_bytes(data, kind, label, max_bytes)


def _iter_bytes(
    data: bytes, kind: str | None, label: str, max_bytes: int, url: str | None = None
) -> Iterator[Article | Reject]:
    """Parse one document already in memory; ``url`` is where it was fetched from."""
    if kind is None:
        kind = _sniff(data)
    if kind == "feed":
        yield from _iter_feed(data, label, max_bytes)
        return
    if len(data) > max_bytes:
        yield Reject(path=label, reason=_too_large(len(data), max_bytes))
        return
    if kind == "jsonl":
        yield from _iter_jsonl(_lines(data), label, max_bytes)
        return
    try:
        if kind == "html":
            yield _html_article(data, label, url)
        else:
            yield _text_article(_decode(data), label, default_url=url)
    except Exception as exc:
        yield Reject(path=label, reason=_reason(exc))


def _kind_from_suffix(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".rss", ".atom"):
        return "feed"
    # .xml may be a feed or anything else: decide from the content.
    return None


def _sniff(data: bytes) -> str:
    """Guess a format from the first bytes: feed, HTML, JSON Lines or text."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if b"<html" in head:
            return "html"
        return "feed"  # feedparser will say precisely why it is not a feed
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size} bytes (limit {limit}; raise it with --max-bytes)"


def _lines(data: bytes) -> Iterator[bytes]:
    yield from data.splitlines(keepends=True)


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
    """Build an article keyed by ``Article.key_for`` (the module docstring says why)."""
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


# ------------------------------------------------------------ text files


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


def _input_id(meta: dict[str, Any]) -> str | None:
    """The input's own ``id`` (a number or a string), if it gives one."""
    value = meta.get("id")
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip() or None


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


# ----------------------------------------------------------- JSON Lines


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


# ------------------------------------------------------------------ HTML


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


def _lenient_date(value: Any) -> date | None:
    """Dates guessed from pages or feeds: a bad guess drops the date, not the article."""
    try:
        return _parse_date(value)
    except _ItemError:
        return None


# ----------------------------------------------------------------- feeds


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


# ------------------------------------------------------------------- URLs

USER_AGENT = f"graphkit-ingest/{__version__} (+https://github.com/graphkit)"
_CONTENT_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": None,  # a feed or not: sniff
    "text/xml": None,
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "jsonl",
    "text/plain": "text",
    "text/markdown": "text",
}


def _is_url(raw: str) -> bool:
    return raw.startswith(("http://", "https://"))


def _iter_url(url: str, max_bytes: int, timeout: float) -> Iterator[Article | Reject]:
    """Fetch a page or feed over HTTP(S); network and HTTP errors become a ``Reject``."""
    import http.client
    import urllib.error
    import urllib.request

    limit = max_bytes * FEED_SIZE_FACTOR
    try:
        # a malformed address ("http://[::1:bad/") raises here, before any request
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        yield Reject(path=url, reason=f"cannot fetch: HTTP {exc.code} {exc.reason}")
        return
    except urllib.error.URLError as exc:
        yield Reject(path=url, reason=f"cannot fetch: {exc.reason}")
        return
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as exc:
        yield Reject(path=url, reason=f"cannot fetch: {exc}")
        return
    if len(data) > limit:
        yield Reject(path=url, reason=f"too large: over {limit} bytes")
        return
    kind = _CONTENT_KINDS.get(content_type)
    if kind is None:
        kind = _kind_from_suffix(Path(url.split("?", 1)[0]))
    yield from _iter_bytes(data, kind, url, max_bytes, url=url)


# ------------------------------------------------------------ stdin


def _iter_stream(stream: IO[bytes], max_bytes: int) -> Iterator[Article | Reject]:
    """Standard input: JSON Lines if its first line is a JSON object, else one article."""
    first = b""
    skipped = 0
    for raw in stream:
        if raw.strip():
            first = raw
            break
        skipped += 1
    if not first:
        yield Reject(path=STDIN_LABEL, reason="empty")
        return
    if _is_json_object(first):

        def lines() -> Iterator[bytes]:
            yield first
            yield from stream

        yield from _iter_jsonl(lines(), STDIN_LABEL, max_bytes, first_line=skipped + 1)
        return
    # the first line alone may be over the limit already (read(-n) would raise)
    data = first + stream.read(max(0, max_bytes + 1 - len(first)))
    if len(data) > max_bytes:
        yield Reject(path=STDIN_LABEL, reason=f"too large: over {max_bytes} bytes")
        return
    try:
        article = _text_article(_decode(data), STDIN_LABEL)
    except Exception as exc:
        yield Reject(path=STDIN_LABEL, reason=_reason(exc))
        return
    yield article


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
