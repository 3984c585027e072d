"""Standing relations found beside the events: LEADER_OF / MEMBER_OF from titles and
appositions, PART_OF for state bodies, and MEMBER_OF for a group's known allegiance."""

from __future__ import annotations

from spacy.tokens import Span

from graphkit.extraction.evidence import sentence_bounds
from graphkit.extraction.gazetteer import Gazetteer
from graphkit.extraction.resolve import Affiliation, DocActors, Mention
from graphkit.models import Actor, Article, Relation


def standing_relations(
    art: Article, da: DocActors, gazetteer: Gazetteer, involved: set[str]
) -> list[Relation]:
    """LEADER_OF / MEMBER_OF from titles, PART_OF for state bodies."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for aff in da.affiliations:
        # a role known only from the gazetteer matters when the person acts in the text
        if aff.from_gazetteer and aff.source.id not in involved:
            continue
        key = (aff.source.id, aff.type, aff.target.id)
        if key in seen:
            continue
        seen.add(key)
        out.append(_standing_relation(art, aff, da))
    for m in da.mentions:
        actor = da.actors.get(m.actor.id, m.actor)
        if actor.kind != "body" or not actor.country or actor.country == actor.id:
            continue
        state = gazetteer.get(actor.country)
        key = (actor.id, "PART_OF", actor.country)
        if state is None or key in seen:
            continue
        seen.add(key)
        out.append(_part_of(art, da, m, actor, state.actor))
    out += _group_affiliations(art, da, gazetteer, seen)
    return out


def _group_affiliations(
    art: Article, da: DocActors, gazetteer: Gazetteer, seen: set[tuple[str, str, str]]
) -> list[Relation]:
    """MEMBER_OF between a group and the group it belongs to, named in one sentence.

    The gazetteer knows the allegiance ("al-Shabaab" -> "al-Qaeda"); the text must name
    both in one sentence ("al-Shabaab, an al-Qaeda affiliate") for it to count here.
    """
    out: list[Relation] = []
    by_sent: dict[int, set[str]] = {}
    for m in da.mentions:
        by_sent.setdefault(da.doc[m.start].sent.start, set()).add(m.actor.id)
    for m in da.mentions:
        entry = gazetteer.get(m.actor.id)
        if entry is None or not entry.affiliations:
            continue
        sent = da.doc[m.start].sent
        for parent in entry.affiliations:
            key = (m.actor.id, "MEMBER_OF", parent)
            target = gazetteer.get(parent)
            if key in seen or target is None or parent not in by_sent[sent.start]:
                continue
            seen.add(key)
            source = da.actors.get(m.actor.id, m.actor)
            trigger = da.doc[m.start : m.end].text
            out.append(
                _fact(art, sent, "MEMBER_OF", "affiliate of", source, target.actor, 0.7, trigger)
            )
    return out


def _part_of(art: Article, da: DocActors, m: Mention, actor: Actor, state: Actor) -> Relation:
    """PART_OF from a state body's mention to its state."""
    trigger = da.doc[m.start : m.end].text
    return _fact(art, da.doc[m.start].sent, "PART_OF", "part of", actor, state, 0.9, trigger)


def _standing_relation(art: Article, aff: Affiliation, da: DocActors) -> Relation:
    source = da.actors.get(aff.source.id, aff.source)
    label = "leads" if aff.type == "LEADER_OF" else "member of"
    predicate = f"{aff.role.lower()} of" if aff.role else label
    return _fact(
        art,
        aff.sent,
        aff.type,
        predicate,
        source,
        aff.target,
        aff.confidence,
        aff.trigger,
        role=aff.role,
    )


def _fact(
    art: Article,
    sent: Span,
    rel_type: str,
    predicate: str,
    source: Actor,
    target: Actor,
    confidence: float,
    trigger: str,
    role: str | None = None,
) -> Relation:
    """A standing relation stated as fact by one sentence."""
    start, end, text = sentence_bounds(sent)
    return Relation(
        article_id=art.id,
        type=rel_type,
        predicate=predicate,
        source=source,
        target=target,
        modality="asserted",
        confidence=confidence,
        sentence=text,
        start=start,
        end=end,
        trigger=trigger,
        role=role,
    )
