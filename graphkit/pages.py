"""The actor and dyad pages: read the graph (timelines, evidence, roles), then render them.

The one place these pages touch the store; ``graphkit.render.timeline_page`` only draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from graphkit import timeline
from graphkit.models import Edge, EdgeFilter, EvidenceRecord
from graphkit.render.network import edge_key
from graphkit.render.timeline_page import (
    RoleRow,
    fill_link,
    render_actor_page,
    render_dyad_page,
)
from graphkit.store.base import GraphStore
from graphkit.view import filter_note

if TYPE_CHECKING:
    from graphkit.extraction.gazetteer import Gazetteer

LATEST_EVIDENCE = 30  # an actor page's evidence list
DYAD_EVIDENCE = 200  # a dyad page's evidence list; the JSON has the rest
PROFILE_COUNTERPARTS = 10
STANDING = ("LEADER_OF", "MEMBER_OF")
ROLES_PER_TYPE = 100
# evidence read per relation to find a dyad list's records: the newest are read first,
# so only a filter that skips this many newer pieces leaves the list short
DYAD_READ_CAP = 20_000


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    # imported here: the gazetteer module imports spaCy's types, which a page without
    # roles never needs; loading it reads the YAML files only (no spaCy pipeline)
    from graphkit.extraction.gazetteer import Gazetteer

    return Gazetteer.load()


def actor_roles(store: GraphStore, actor_id: str, link: str | None = None) -> list[RoleRow]:
    """An actor's roles: the gazetteer's date-bounded ones, then the graph's LEADER_OF and
    MEMBER_OF relations with the dates they were first and last seen.

    Args:
        store: the graph.
        actor_id: the actor's exact id.
        link: a link template with ``{actor}`` for the role's organisation, or ``None``.
    """
    rows: list[RoleRow] = []
    entry = _gazetteer().get(actor_id)
    standing: list[Edge] = []
    for rel_type in STANDING:
        standing += store.relations(source_id=actor_id, rel_type=rel_type, limit=ROLES_PER_TYPE)
    ids = {r.of for r in entry.roles} if entry else set()
    names = store.actor_nodes(sorted(ids | {e.target for e in standing}))
    for role in entry.roles if entry else ():
        node = names.get(role.of)
        rows.append(
            RoleRow(
                title=role.title,
                of=role.of,
                of_name=node.name if node else role.of,
                start=role.start,
                end=role.end,
                href=fill_link(link, actor=role.of) if node else None,
            )
        )
    for e in standing:
        node = names.get(e.target)
        rows.append(
            RoleRow(
                title=f"{e.type} (in the graph)",
                of=e.target,
                of_name=node.name if node else e.target,
                start=e.first_seen,
                end=e.last_seen,
                href=fill_link(link, actor=e.target),
            )
        )
    return rows


def _newest(records: Sequence[EvidenceRecord], cap: int) -> list[EvidenceRecord]:
    return sorted(
        records, key=lambda r: (r.published is not None, r.published, r.id), reverse=True
    )[:cap]


def view_actor_page(
    store: GraphStore,
    ref: str,
    interval: object = "week",
    filt: EdgeFilter | None = None,
    *,
    dyad_link: str | None = None,
    actor_link: str | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """An actor's page (what ``/view/actors/{actor}/profile`` serves).

    Args:
        store: the graph.
        ref: the actor's id, name or alias.
        interval: the timeline's period (day, week, month).
        filt: types, modality, since and until apply to each piece of evidence (the
            timeline's and the list's).
        dyad_link: link template for counterparts (``{actor}``, ``{other}``).
        actor_link: link template for the roles' organisations (``{actor}``).
        links: extra ``(href, text)`` links under the heading.

    Raises:
        UnknownActor: ``ref`` resolves to no actor (with suggestions).
        ValidationError: a bad interval or filter, or too many periods.
    """
    tl = timeline.actor_timeline(store, ref, interval, filt, PROFILE_COUNTERPARTS)
    actor_id = tl.actor.id
    evidence = store.latest_actor_evidence(actor_id, filt or EdgeFilter(), LATEST_EVIDENCE)
    ids = (
        {c.id for c in tl.counterparts}
        | {r.source for r in evidence}
        | {r.target for r in evidence}
    )
    names = {i: n.name for i, n in store.actor_nodes(sorted(ids)).items()}
    names[actor_id] = tl.actor.name
    return render_actor_page(
        tl,
        names=names,
        roles=actor_roles(store, actor_id, actor_link),
        evidence=evidence,
        note=filter_note(filt),
        links=links,
        dyad_link=dyad_link,
    )


def dyad_evidence_list(
    store: GraphStore, tl: timeline.DyadTimeline, cap: int | None = None
) -> list[EvidenceRecord]:
    """The newest ``cap`` (default ``DYAD_EVIDENCE``) pieces of a dyad timeline's evidence
    (its keys), as records.

    The keys come from the timeline (already filtered, newest first per period); the
    records from one ``evidence_many`` call over the relations between the two.
    """
    cap = DYAD_EVIDENCE if cap is None else cap
    keys: list[str] = []
    for period in reversed(tl.periods):
        keys += period.evidence
        if len(keys) >= cap:
            break
    wanted = set(keys[:cap])
    if not wanted:
        return []
    a, b = tl.source.id, tl.target.id
    edges = {edge_key(e): e for e in store.relations(a, b) + store.relations(b, a)}
    if not edges:
        return []
    # each relation's newest evidence, as much of it as the relation has (up to a cap)
    per_edge = min(DYAD_READ_CAP, max(e.weight for e in edges.values()))
    found = store.evidence_many([(e.source, e.type, e.target) for e in edges.values()], per_edge)
    records = [r for recs in found.values() for r in recs if r.id in wanted]
    return _newest(list({r.id: r for r in records}.values()), cap)


def view_dyad_page(
    store: GraphStore,
    actor_a: str,
    actor_b: str,
    interval: object = "week",
    filt: EdgeFilter | None = None,
    *,
    json_link: str | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """Two actors' page (what ``/view/dyads/{actor}/{other}`` serves).

    Args:
        store: the graph.
        actor_a: one actor's id, name or alias.
        actor_b: the other's.
        interval: the timeline's period (day, week, month).
        filt: types, modality, since and until apply to each piece of evidence.
        json_link: the timeline JSON, linked when the list is capped.
        links: extra ``(href, text)`` links under the heading.

    Raises:
        UnknownActor: an actor resolves to nothing (with suggestions).
        ValidationError: a bad interval or filter, the same actor twice, too much evidence.
    """
    tl = timeline.dyad_timeline(store, actor_a, actor_b, interval, filt)
    evidence = dyad_evidence_list(store, tl)
    return render_dyad_page(
        tl,
        evidence=evidence,
        total_listed=tl.total - tl.undated,
        note=filter_note(filt),
        links=links,
        more_href=json_link,
    )
