"""The server's C heap: keeping the memory of finished expensive requests from staying.

A view page or an analytics answer builds tens of megabytes of short-lived buffers in a
request thread. glibc serves them from that thread's arena and, after the first large
free, raises its mmap threshold (up to 32 MB), so later large buffers come from the
arenas too and their freed pages stay resident. Under a flood of such requests the
server's RSS grew by about a third and stayed there.

Two remedies, both glibc-only (elsewhere they do nothing):

* :func:`tune_malloc`, once at start: a fixed mmap threshold (which also turns off the
  dynamic raise), so every buffer of ``MMAP_THRESHOLD`` or more is its own mapping and
  goes back to the system when freed; and at most ``ARENAS`` arenas, so free memory is
  not scattered over one arena per thread of the pool.
* :func:`give_back_memory`, after each expensive request: ``malloc_trim`` returns the
  free pages left inside the arenas.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
M_ARENA_MAX = -8
MMAP_THRESHOLD = 256 * 1024
ARENAS = 2

_malloc_trim: Callable[[int], int] | None = None
_mallopt: Callable[[int, int], int] | None = None
try:
    _libc = ctypes.CDLL("libc.so.6")
    _malloc_trim, _mallopt = _libc.malloc_trim, _libc.mallopt
except (OSError, AttributeError):
    pass


def tune_malloc() -> bool:
    """Fix glibc's mmap threshold and cap its arenas; True if glibc took both."""
    if _mallopt is None:
        return False
    return bool(_mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(_mallopt(M_ARENA_MAX, ARENAS))


def give_back_memory() -> None:
    """Return the C heap's free pages to the system after an expensive request."""
    if _malloc_trim is not None:
        _malloc_trim(0)
