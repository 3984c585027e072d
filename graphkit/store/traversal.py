"""Traversal rules both stores share: how a neighbourhood is ordered and cut, and
how candidate paths are ranked, so the two backends give the same answers."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

from graphkit.errors import ValidationError
from graphkit.models import Edge

MAX_DEPTH = 3
MAX_HOPS = 6
MAX_K = 20
PATH_MODES = ("shortest", "all_shortest", "k")

# (from id, to id, weight) for each filtered edge touching the frontier, either direction
Expand = Callable[[list[str]], Iterable[tuple[str, str, int]]]


def check_neighbourhood(depth: int, limit: int) -> None:
    """Raises ``ValidationError`` for a depth outside 1..3 or a limit below 1."""
    if not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise ValidationError(f"depth must be an integer from 1 to {MAX_DEPTH}, got {depth!r}")
    if not isinstance(limit, int) or limit < 1:
        raise ValidationError(f"limit must be a positive integer, got {limit!r}")


def check_paths(source_id: str, target_id: str, max_hops: int, mode: str, k: int) -> None:
    """Raises ``ValidationError`` for parameters a path query cannot take.

    ``max_hops`` ends up inside the Cypher pattern (a quantifier cannot be a
    parameter), so it must be a genuine int in range, never a string.
    """
    if type(max_hops) is not int or not 1 <= max_hops <= MAX_HOPS:
        raise ValidationError(f"max_hops must be an integer from 1 to {MAX_HOPS}, got {max_hops!r}")
    if mode not in PATH_MODES:
        raise ValidationError(f"mode must be one of {', '.join(PATH_MODES)}, got {mode!r}")
    if type(k) is not int or not 1 <= k <= MAX_K:
        raise ValidationError(f"k must be an integer from 1 to {MAX_K}, got {k!r}")
    if source_id == target_id:
        raise ValidationError("a path needs two different actors")


def bfs_order(focus: str, depth: int, expand: Expand) -> list[str]:
    """Actors within ``depth`` hops of ``focus``: nearest first, then by weight, then id.

    An actor's weight is the total weight of the edges that reach it from the
    previous ring, so strongly linked neighbours come before incidental ones.
    """
    dist: dict[str, int] = {focus: 0}
    score: dict[str, int] = {focus: 0}
    frontier = [focus]
    for d in range(1, depth + 1):
        if not frontier:
            break
        ring: list[str] = []
        for _, to, weight in expand(frontier):
            if to not in dist:
                dist[to] = d
                score[to] = 0
                ring.append(to)
            if dist[to] == d:
                score[to] += int(weight)
        frontier = ring
    return sorted(dist, key=lambda n: (dist[n], -score[n], n))


def rank_paths(
    node_paths: Iterable[Sequence[str]],
    strongest: Callable[[str, str], Edge | None],
    mode: str,
    k: int,
) -> list[tuple[list[str], list[Edge]]]:
    """Rank candidate node sequences: fewest hops, then heaviest, then by ids.

    Each hop shows the strongest edge joining its two actors. Non-simple and
    duplicate sequences are dropped. ``shortest`` keeps the first, ``all_shortest``
    every path of the minimum length, ``k`` the first ``k``.
    """
    seen: set[tuple[str, ...]] = set()
    ranked: list[tuple[tuple[object, ...], list[str], list[Edge]]] = []
    for seq in node_paths:
        nodes = tuple(seq)
        if nodes in seen or len(set(nodes)) != len(nodes):
            continue
        seen.add(nodes)
        edges = [strongest(u, v) for u, v in itertools.pairwise(nodes)]
        if any(e is None for e in edges):
            continue
        hops = [e for e in edges if e is not None]
        ranked.append(((len(hops), -sum(e.weight for e in hops), nodes), list(nodes), hops))
    ranked.sort(key=lambda item: item[0])
    out = [(nodes, edges) for _, nodes, edges in ranked]
    if not out:
        return []
    if mode == "shortest":
        return out[:1]
    if mode == "all_shortest":
        return [p for p in out if len(p[1]) == len(out[0][1])]
    return out[:k]


def pick_strongest(candidates: Iterable[Edge]) -> Edge | None:
    """The heaviest edge among parallel candidates (ties by type)."""
    best: Edge | None = None
    for e in candidates:
        if best is None or (-e.weight, e.type) < (-best.weight, best.type):
            best = e
    return best
