"""The query facade: one pure function per question a user can ask the graph.

The HTTP API, the views and the CLI call these with a ``GraphStore`` and raw-ish
parameters (strings, lists, ISO dates). Every function validates its parameters
(relation types and modalities against the ontology, hop limits as bounded ints)
*before* anything reaches a store, and raises a ``graphkit.errors`` exception with a
message a user can act on. Each API route calls exactly one function here, so the
CLI, the views and the API can never disagree about what a query means.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import (
    ActorNode,
    Edge,
    EdgeFilter,
    EncodedSubgraph,
    EvidenceRecord,
    Path,
    Stats,
    Subgraph,
)
from graphkit.ontology import default_ontology
from graphkit.store.base import CypherRows, GraphStore, PathMode
from graphkit.store.cypher_request import check_request

# Bounds every caller shares; the API publishes the same numbers in its OpenAPI schema.
MAX_REF_CHARS = 200
MAX_DEPTH = 3
MAX_HOPS = 6
MAX_K = 10
MAX_SEARCH_LIMIT = 100
MAX_NODE_LIMIT = 2000
MAX_RELATION_LIMIT = 1000
SUGGESTIONS = 5
# years a filter date may name: news of the graph's kind; anything else is a typo
DATE_RANGE = (1900, 2100)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PATH_MODES: tuple[str, ...] = ("shortest", "all_shortest", "k")


class SearchHit(BaseModel):
    """One ranked answer of an actor search."""

    actor: ActorNode
    score: float = Field(description="match quality, higher is better")


class ActorDetail(BaseModel):
    """An actor with its strongest relationships."""

    actor: ActorNode
    relations: list[Edge] = Field(default_factory=list)


class PathAnswer(BaseModel):
    """The resolved ends of a path query and the paths found, shortest first."""

    source: ActorNode
    target: ActorNode
    paths: list[Path] = Field(default_factory=list)


# ------------------------------------------------------------------ helpers


def _int_in(name: str, value: object, low: int, high: int) -> int:
    """``value`` as an int within ``[low, high]``; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{name} must be an integer between {low} and {high}, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ValidationError(
            f"{name} must be an integer between {low} and {high}, got {value!r}"
        ) from None
    if not low <= number <= high:
        raise ValidationError(f"{name} must be between {low} and {high}, got {number}")
    return number


def _ref(name: str, ref: object) -> str:
    """A cleaned actor reference or search string."""
    if not isinstance(ref, str) or not ref.strip():
        raise ValidationError(f"{name} must be a non-empty actor id, name or alias")
    ref = ref.strip()
    if len(ref) > MAX_REF_CHARS:
        raise ValidationError(
            f"{name} is too long ({len(ref)} characters; at most {MAX_REF_CHARS})"
        )
    if any(ord(c) < 32 for c in ref):
        raise ValidationError(f"{name} must not contain control characters")
    return ref


def _split(values: str | Iterable[str] | None) -> list[str] | None:
    """Accept repeated values and/or comma-separated ones: ``["A,B", "C"]`` -> ``[A, B, C]``."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = [part.strip() for value in values for part in str(value).split(",") if part.strip()]
    return out or None


def _date(name: str, value: date | str | None) -> date | None:
    """``value`` as a date, given as ``YYYY-MM-DD`` between ``DATE_RANGE``'s years.

    Stricter than ``date.fromisoformat``, which also takes ``20240131`` and week dates:
    a bare number is far likelier a mistake (``since=0``) than a date.
    """
    if value is None:
        return None
    if not isinstance(value, date):
        text = str(value).strip()
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise ValidationError(
                f"{name} must be a date as YYYY-MM-DD (e.g. 2024-01-31), got {shown!r}"
            ) from None
    low, high = DATE_RANGE
    if not low <= value.year <= high:
        raise ValidationError(f"{name} must be a year between {low} and {high}, got {value}")
    return value


def _rel_type(value: str) -> str:
    return default_ontology().check_type(value)


# ------------------------------------------------------------------ queries


def resolve(store: GraphStore, ref: str) -> ActorNode:
    """Find the actor a user means by id, name or any alias, case-insensitively.

    ``"North Korea"``, ``"PRK"`` and ``"Pyongyang"`` all resolve to the same actor.

    Raises:
        ValidationError: ``ref`` is empty, too long or holds control characters.
        UnknownActor: nothing matches exactly; ``suggestions`` lists close names.
    """
    ref = _ref("actor", ref)
    node = store.resolve_actor(ref)
    if node is None:
        hits = store.search_actors(ref, limit=SUGGESTIONS)
        raise UnknownActor(ref, suggestions=[hit.name for hit, _score in hits])
    return node


def make_filter(
    types: str | Iterable[str] | None = None,
    exclude_types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    min_weight: int | str = 1,
    min_sources: int | str = 0,
) -> EdgeFilter:
    """Build a validated edge filter from user input.

    Types and modalities may be given repeated and/or comma-separated, in any case.

    Raises:
        ValidationError: an unknown type or modality, a bad date, ``since`` after
            ``until``, ``min_weight`` below 1, or ``min_sources`` below 0 (0: any number
            of outlets).
    """
    onto = default_ontology()
    start, end = _date("since", since), _date("until", until)
    if start and end and start > end:
        raise ValidationError(f"since ({start}) must not be after until ({end})")
    return EdgeFilter(
        types=onto.check_types(_split(types)),
        exclude_types=onto.check_types(_split(exclude_types)),
        modality=onto.check_modalities(_split(modality)),
        since=start,
        until=end,
        min_weight=_int_in("min_weight", min_weight, 1, 1_000_000),
        min_sources=_int_in("min_sources", min_sources, 0, 1_000_000),
    )


def actor_detail(store: GraphStore, ref: str, strongest: int = 10) -> ActorDetail:
    """An actor (kind, country, aliases, degree) and its strongest relationships.

    Raises:
        UnknownActor: see :func:`resolve`.
    """
    node = resolve(store, ref)
    limit = _int_in("strongest", strongest, 1, MAX_RELATION_LIMIT)
    return ActorDetail(actor=node, relations=store.actor_edges(node.id, limit=limit))


def search(store: GraphStore, q: str, limit: int = 10) -> list[SearchHit]:
    """Actors ranked by how well their name or aliases match ``q`` (full-text and fuzzy).

    Raises:
        ValidationError: empty ``q`` or ``limit`` outside 1..100.
    """
    q = _ref("q", q)
    limit = _int_in("limit", limit, 1, MAX_SEARCH_LIMIT)
    return [SearchHit(actor=node, score=score) for node, score in store.search_actors(q, limit)]


def neighbourhood(
    store: GraphStore,
    ref: str,
    depth: int = 1,
    filt: EdgeFilter | None = None,
    limit: int = 100,
) -> Subgraph:
    """Actors within ``depth`` (1..3) hops of an actor and the edges among them.

    Raises:
        ValidationError: ``depth`` or ``limit`` out of bounds.
        UnknownActor: see :func:`resolve`.
    """
    node, depth, limit = _neighbourhood_args(store, ref, depth, limit)
    sub = store.neighbourhood(node.id, depth=depth, filt=filt or EdgeFilter(), limit=limit)
    if sub.focus is None:
        sub.focus = node.id
    return sub


def neighbourhood_json(
    store: GraphStore,
    ref: str,
    depth: int = 1,
    filt: EdgeFilter | None = None,
    limit: int = 100,
) -> EncodedSubgraph:
    """:func:`neighbourhood`, written as JSON (``GraphStore.neighbourhood_json``).

    Raises:
        ValidationError: ``depth`` or ``limit`` out of bounds.
        UnknownActor: see :func:`resolve`.
    """
    node, depth, limit = _neighbourhood_args(store, ref, depth, limit)
    found = store.neighbourhood_json(node.id, depth=depth, filt=filt or EdgeFilter(), limit=limit)
    return found if found.focus is not None else dataclasses.replace(found, focus=node.id)


def _neighbourhood_args(
    store: GraphStore, ref: str, depth: int, limit: int
) -> tuple[ActorNode, int, int]:
    """The focus actor and the checked depth and limit of a neighbourhood query."""
    depth = _int_in("depth", depth, 1, MAX_DEPTH)
    limit = _int_in("limit", limit, 1, MAX_NODE_LIMIT)
    return resolve(store, ref), depth, limit


def find_paths(
    store: GraphStore,
    from_ref: str,
    to_ref: str,
    max_hops: int = 4,
    mode: str = "shortest",
    k: int = 3,
    filt: EdgeFilter | None = None,
    directed: bool = False,
) -> PathAnswer:
    """Paths between two actors: the shortest, all shortest, or the ``k`` shortest.

    Raises:
        ValidationError: ``max_hops`` outside 1..6, ``k`` outside 1..10, unknown mode.
        UnknownActor: see :func:`resolve`.
    """
    max_hops = _int_in("max_hops", max_hops, 1, MAX_HOPS)
    k = _int_in("k", k, 1, MAX_K)
    if mode not in PATH_MODES:
        raise ValidationError(f"mode must be one of {', '.join(PATH_MODES)}, got {mode!r}")
    source = resolve(store, from_ref)
    target = resolve(store, to_ref)
    path_mode: PathMode = mode  # type: ignore[assignment]  # checked against PATH_MODES above
    found = store.paths(
        source.id,
        target.id,
        max_hops=max_hops,
        mode=path_mode,
        k=k,
        filt=filt or EdgeFilter(),
        directed=bool(directed),
    )
    return PathAnswer(source=source, target=target, paths=found)


def relations(
    store: GraphStore,
    source: str | None = None,
    target: str | None = None,
    type: str | None = None,
    limit: int = 100,
) -> list[Edge]:
    """Aggregated edges between the given actors, of the given type (all optional).

    Raises:
        ValidationError: unknown type or ``limit`` out of bounds.
        UnknownActor: an end does not resolve.
    """
    rel_type = _rel_type(type) if type else None
    limit = _int_in("limit", limit, 1, MAX_RELATION_LIMIT)
    source_id = resolve(store, source).id if source else None
    target_id = resolve(store, target).id if target else None
    return store.relations(source_id, target_id, rel_type, limit=limit)


def evidence(
    store: GraphStore, source: str, type: str, target: str, limit: int = 100
) -> list[EvidenceRecord]:
    """The sentences behind one edge, with modality and article (title, date, URL).

    Raises:
        ValidationError: unknown type or ``limit`` out of bounds.
        UnknownActor: an end does not resolve.
    """
    rel_type = _rel_type(_ref("type", type))
    limit = _int_in("limit", limit, 1, MAX_RELATION_LIMIT)
    source_id = resolve(store, source).id
    target_id = resolve(store, target).id
    return store.evidence(source_id, rel_type, target_id, limit=limit)


def readiness(store: GraphStore) -> str:
    """Ping the store; say how it answers traversals now (``GraphStore.snapshot_state``).

    Raises:
        StoreUnavailable: the store does not answer.
    """
    store.ping()
    return store.snapshot_state()


def stats(store: GraphStore) -> Stats:
    """Counts of actors, relationships, evidence and articles, by kind and type."""
    return store.stats()


def run_cypher(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None = None,
    timeout: float = 10.0,
    row_cap: int = 1000,
    max_bytes: int = 4_000_000,
) -> CypherRows:
    """Run a user's read-only Cypher query (``GraphStore.run_cypher``).

    The request is bounded first, on every store (``graphkit.store.cypher_request``); the
    Neo4j store then checks the ``EXPLAIN`` plan against its allow-list
    (``graphkit.store.neo4j.user_cypher``) and runs it within ``timeout``, stopping at
    ``row_cap`` rows or ``max_bytes`` bytes (``truncated`` on the result says which).

    Raises:
        ValidationError: empty, too long or too deeply nested query; bad params.
        CypherUnsupported: the store does not run Cypher.
        QueryRejected: the store refused the query (not allowed, syntax, timeout, memory).
    """
    # bounded here too, so every store answers a bad request alike (422), before its own
    # refusals (the Neo4j store calls an empty query a QueryRejected)
    text, checked = check_request(query, params)
    return store.run_cypher(
        text,
        checked,
        write=False,
        timeout=float(timeout),
        row_cap=int(row_cap),
        max_bytes=int(max_bytes),
    )
