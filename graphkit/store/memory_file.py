"""The file ``MemoryStore`` saves to: JSON, written atomically, dates as ISO strings."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

FORMAT = "graphkit-memory-store"
FORMAT_VERSION = 1
_DATE_KEYS = ("published", "firstSeen", "lastSeen")


def write(target: Path, sections: dict[str, list[dict[str, Any]]]) -> None:
    """Write ``sections`` (actors, edges, articles, evidence) to ``target`` atomically:
    a temp file beside it, flushed to disk, then renamed over it."""
    data = {"format": FORMAT, "version": FORMAT_VERSION, **sections}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, default=_json_default, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: Path) -> dict[str, Any]:
    """The saved store at ``path``, dates still ISO strings (``dates`` turns them back).

    Raises:
        OSError: the file cannot be read.
        ValueError: it is not JSON, or not a saved memory store.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a graphkit memory store file")
    return data


def dates(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` with its saved dates (``published``, ``firstSeen``, ``lastSeen``) as dates."""
    for key in _DATE_KEYS:
        if props.get(key):
            props[key] = date.fromisoformat(props[key])
    return props


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot save {type(value).__name__}")
