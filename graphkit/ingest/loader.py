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

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from graphkit import __version__
from graphkit.ingest.feed import _iter_feed
from graphkit.ingest.html import _html_article
from graphkit.ingest.item import _SNIFF_BYTES, _decode, _reason, _too_large
from graphkit.ingest.jsonl import _is_json_object, _iter_jsonl
from graphkit.ingest.text import _text_article
from graphkit.models import Article, Reject
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


def _lines(data: bytes) -> Iterator[bytes]:
    yield from data.splitlines(keepends=True)


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
