"""A snapshot as files: one ``.npy`` per array and ``meta.json``, mapped back read-only.

Every process that maps the same files shares their pages through the page cache, so
API workers hold one copy of the arrays between them. ``meta.json`` is written last
and names each array's dtype, shape and CRC-32: a directory without it, or whose files
do not match it (truncated, overwritten), is refused with ``SnapshotFileError``.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from graphkit.errors import GraphkitError
from graphkit.store.snapshot.build import ARRAY_DTYPES
from graphkit.store.snapshot.traverse import Snapshot

# Bumped whenever the arrays or the metadata change meaning: older files are refused.
FORMAT = 1
META = "meta.json"


class SnapshotFileError(GraphkitError):
    """A snapshot directory that cannot be used: missing, partial or corrupt."""


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _crc(array: npt.NDArray[Any]) -> int:
    return zlib.crc32(np.ascontiguousarray(array).data)


def save(snapshot: Snapshot, directory: Path) -> None:
    """Write ``snapshot`` into the new directory ``directory`` (its parent must exist).

    The files are flushed to disk before ``meta.json`` is written, and it before this
    returns, so a directory renamed into place afterwards is complete.
    """
    directory.mkdir()
    arrays, meta = snapshot.parts()
    described: dict[str, dict[str, Any]] = {}
    for name, array in arrays.items():
        path = directory / f"{name}.npy"
        with path.open("wb") as f:
            np.save(f, np.ascontiguousarray(array), allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        described[name] = {
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "crc32": _crc(array),
        }
    body = {
        **meta,
        "format": FORMAT,
        "stamp": json.loads(json.dumps(snapshot.stamp, default=str)),
        "arrays": described,
    }
    (directory / META).write_text(json.dumps(body), encoding="utf-8")
    _fsync(directory / META)
    _fsync(directory)


def load(directory: Path, stamp: Any) -> Snapshot:
    """The snapshot in ``directory``, its arrays mapped read-only (``mmap_mode="r"``).

    Raises:
        SnapshotFileError: no ``meta.json``, another format or stamp, or an array file
            missing, truncated or not the one ``meta.json`` describes.
    """
    try:
        body = json.loads((directory / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotFileError(
            f"snapshot {directory}: {META} is missing or unreadable: {exc}"
        ) from exc
    if body.get("format") != FORMAT:
        raise SnapshotFileError(
            f"snapshot {directory}: format {body.get('format')!r}, this version reads {FORMAT}"
        )
    wanted = json.loads(json.dumps(stamp, default=str))
    if body.get("stamp") != wanted:
        raise SnapshotFileError(
            f"snapshot {directory}: made for graph version {body.get('stamp')!r}, not {wanted!r}"
        )
    described = body.get("arrays") or {}
    if set(described) != set(ARRAY_DTYPES):
        raise SnapshotFileError(f"snapshot {directory}: {META} does not list the arrays needed")
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, spec in described.items():
        path = directory / f"{name}.npy"
        try:
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            # a truncated file: numpy cannot map more than is there
            raise SnapshotFileError(f"snapshot file {path} is unreadable: {exc}") from exc
        if array.dtype.str != spec["dtype"] or list(array.shape) != spec["shape"]:
            raise SnapshotFileError(
                f"snapshot file {path} holds {array.dtype.str}{list(array.shape)}, "
                f"{META} says {spec['dtype']}{spec['shape']}"
            )
        if _crc(array) != spec["crc32"]:
            raise SnapshotFileError(f"snapshot file {path} is corrupt (CRC-32 mismatch)")
        arrays[name] = array
    return Snapshot.from_parts(arrays, body, stamp)
