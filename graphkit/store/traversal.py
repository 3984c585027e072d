"""Traversal rules both stores share: how a neighbourhood is ordered and cut, and
how candidate paths are ranked, so the two backends give the same answers."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from graphkit.errors import ValidationError
from graphkit.models import Edge
from graphkit.store.record import edge_order

MAX_DEPTH = 3
MAX_HOPS = 6
MAX_K = 20
PATH_MODES = ("shortest", "all_shortest", "k")

# A neighbourhood's edges are capped at this multiple of its node cap unless the caller
# says otherwise: a 200-actor view of hub-heavy news graphs otherwise carries thousands of
# edges, unreadable on screen and slow to fetch.
EDGE_LIMIT_FACTOR = 3

# An actor as a traversal names it: its id, or its number in a ``Snapshot``.
N = TypeVar("N", bound=Hashable)
# (frontier, visited, cap) -> the next ring as ``rank_ring`` returns it
ExpandRing = Callable[[list[N], list[N], int], Sequence[tuple[N, int]]]


def check_neighbourhood(depth: int, limit: int, edge_limit: int | None = None) -> None:
    """Raises ``ValidationError`` for a depth outside 1..3 or a limit or edge limit below 1."""
    if not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise ValidationError(f"depth must be an integer from 1 to {MAX_DEPTH}, got {depth!r}")
    if not isinstance(limit, int) or limit < 1:
        raise ValidationError(f"limit must be a positive integer, got {limit!r}")
    if edge_limit is not None and (not isinstance(edge_limit, int) or edge_limit < 1):
        raise ValidationError(f"edge_limit must be a positive integer, got {edge_limit!r}")


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


def bfs_rings(focus: N, depth: int, limit: int, expand: ExpandRing[N]) -> tuple[dict[N, int], bool]:
    """The actors of a neighbourhood with their ring (hops from ``focus``), in order.

    Order: nearest first, then by weight, then by id. An actor's weight is the total
    weight of the edges that reach it from the previous ring, so strongly linked
    neighbours come before incidental ones. At most ``limit`` actors are kept; the
    second value says whether the cap cut any. Expansion stops as soon as the cap is
    reached: further rings cannot change which actors are kept.
    """
    rings: dict[N, int] = {focus: 0}
    frontier = [focus]
    for d in range(1, depth + 1):
        if not frontier:
            break
        room = limit - len(rings)
        # one more than fits tells whether the cap cuts this ring
        ring = expand(frontier, list(rings), room + 1)
        if len(ring) > room:
            rings.update((node, d) for node, _ in ring[:room])
            return rings, True
        rings.update((node, d) for node, _ in ring)
        frontier = [node for node, _ in ring]
    return rings, False


def rank_ring(
    edges: Iterable[tuple[str, str, int]], visited: Collection[str], cap: int
) -> list[tuple[str, int]]:
    """The next ring from the filtered edges touching the frontier, ranked and capped.

    Args:
        edges: ``(frontier actor, other actor, weight)`` for every filtered edge
            touching the frontier, either direction.
        visited: actors already placed (the frontier among them); they are skipped.
        cap: how many to return at most.

    Returns:
        ``(actor, total weight from the frontier)``, heaviest first, then by id
        (the order ``expand_neighbours.cypher`` returns).
    """
    score: dict[str, int] = {}
    for _, other, weight in edges:
        if other not in visited:
            score[other] = score.get(other, 0) + int(weight)
    return sorted(score.items(), key=lambda item: (-item[1], item[0]))[: max(cap, 0)]


def edge_cap(limit: int, edge_limit: int | None) -> int:
    """The edge cap of a neighbourhood: ``edge_limit``, or ``EDGE_LIMIT_FACTOR`` x ``limit``."""
    return edge_limit if edge_limit is not None else EDGE_LIMIT_FACTOR * limit


def edge_rank(e: Edge, rings: Mapping[str, int]) -> tuple[Any, ...]:
    """Which edges a capped neighbourhood keeps first.

    Edges nearer the focus first (the ring of their nearer end), so that each kept
    actor stays linked towards the focus; then strongest first, then a stable order
    (``find_edges_among.cypher`` orders the same way).
    """
    return (min(rings[e.source], rings[e.target]), -e.weight, e.type, e.source, e.target)


def cap_edges(
    edges: Iterable[Edge], rings: Mapping[str, int], edge_limit: int
) -> tuple[list[Edge], bool]:
    """The first ``edge_limit`` edges by ``edge_rank``, and whether any were cut.

    The kept edges come back in ``edge_order`` (strongest first), as neighbourhoods
    list them.
    """
    ranked = sorted(edges, key=lambda e: edge_rank(e, rings))
    kept = sorted(ranked[:edge_limit], key=edge_order)
    return kept, len(ranked) > edge_limit


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
