"""Names whose actor depends on the article: ambiguous forms and bare body names.

* A form the gazetteer lists as ambiguous ("Congo", "Congolese", "Korea") names the
  one candidate the rest of the article points to: a mention of that actor or of an
  actor of that country (Kinshasa, M23, Kim Jong Un), or a listed place (Goma). When
  none or several do, it names no one: no actor beats a wrong one.
* A body named by a bare common name ("Congress", "the Senate", "National Security
  Council") is the gazetteer's body (the US Congress) only when the text does not say
  whose it is: "Peru's Congress", or an article about Peru that never names the United
  States, make it the named state's own body (PER with the body's sector).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from graphkit.extraction.gazetteer import FORM_CAPITAL, FORM_DEMONYM, FORM_METONYM
from graphkit.models import Actor

if TYPE_CHECKING:
    from graphkit.extraction.resolve.refs import DocActors

MAX_PLACE_TOKENS = 3  # "North Kivu", "Punggye - ri"


def pick_ambiguous(
    da: DocActors, spans: list[Span], found: list[tuple[Span, Actor, str]]
) -> list[tuple[Span, Actor, str]]:
    """The ambiguous spans that context resolves, as ``(span, actor, form)``.

    Args:
        da: the document being resolved.
        spans: spans whose text is an ambiguous gazetteer form.
        found: the unambiguous gazetteer mentions of the document.
    """
    if not spans:
        return []
    pointed: set[str] = set()
    for _, actor, _ in found:
        pointed.add(actor.id)
        if actor.country:
            pointed.add(actor.country)
    pointed.update(_places(da))
    out: list[tuple[Span, Actor, str]] = []
    for span in spans:
        cands = [c for c in da.gaz.candidates(span.text) if c in da.gaz.entries]
        hits = [c for c in cands if c in pointed]
        if len(hits) != 1:
            continue
        entry = da.gaz.entries[hits[0]]
        text = span.text.lower()
        if text in (c.lower() for c in entry.capitals):
            form = FORM_CAPITAL
        elif text in (d.lower() for d in entry.demonyms) or span[-1].dep_ in ("amod",):
            # "Congolese soldiers": a modifier, which its noun phrase resolves
            form = FORM_DEMONYM
        else:
            form = "name"
        out.append((span, da.gaz.actor(hits[0], da.day), form))
    return out


def _places(da: DocActors) -> set[str]:
    """States whose listed places the document names (one pass, short windows)."""
    places = da.gaz.places
    if not places:
        return set()
    doc = da.doc
    out: set[str] = set()
    for i, tok in enumerate(doc):
        if not tok.text[:1].isupper():
            continue
        for n in range(1, MAX_PLACE_TOKENS + 1):
            if i + n > len(doc):
                break
            code = places.get(doc[i : i + n].text.lower())
            if code is not None:
                out.add(code)
    return out


def localise_bodies(da: DocActors) -> None:
    """Give a body named by a bare common name to the state the text says it is of.

    A possessive or demonym on the name ("Peru's Congress", "the Peruvian Congress")
    decides; otherwise, when the article never names the body's own state (by name,
    capital, demonym, or an actor of that country), the state the sentence, else the
    article, names before it does.
    """
    if not any(m.actor.kind == "body" for m in da.mentions):
        return
    heads = da.nouns.body_heads
    home_named: dict[str, bool] = {}
    for k, m in enumerate(da.mentions):
        if m.actor.kind != "body" or not m.actor.country:
            continue
        span = da.doc[m.start : m.end]
        if not _bare(da, span, m.actor.country, heads):
            continue
        owner = _modifier_state(da, span)
        if owner is None:
            # the body's own other mentions say nothing of whose it is
            key = f"{m.actor.country}/{m.actor.id}"
            if key not in home_named:
                home_named[key] = any(
                    o.actor.id == m.actor.country
                    or (o.actor.country == m.actor.country and o.actor.id != m.actor.id)
                    for o in da.mentions
                )
            if home_named[key]:
                continue
            owner = _state_before(da, m.start)
        if owner is None or owner.id == m.actor.country:
            continue
        sector = m.actor.sector or "GOV"
        da.mentions[k].actor = owner
        da.mentions[k].form = f"{FORM_METONYM}{sector}"
        da.actors.setdefault(owner.id, owner)
    used = {m.actor.id for m in da.mentions}
    for aid in [a for a in da.actors if a not in used]:
        del da.actors[aid]


def _bare(da: DocActors, span: Span, country: str, heads: frozenset[str]) -> bool:
    """Whether a body's name is a common name any state's body may have: it ends in a
    body head word ("Congress", "Council") and no word of it names its country."""
    words = [t for t in span if t.is_alpha and t.lower_ != "the"]
    if not words or (words[-1].lemma_.lower() not in heads and words[-1].lower_ not in heads):
        return False
    entry = da.gaz.entries.get(country)
    if entry is None:
        return False
    own = {n.lower() for n in (entry.actor.name, *entry.actor.aliases)}
    own |= {"us", "u.s.", "uk", "u.k.", "white"}  # "US Congress", "White House NSC"
    return not any(t.lower_ in own for t in span) and span.text.lower() not in own


def _modifier_state(da: DocActors, span: Span) -> Actor | None:
    """The state of a possessive or demonym modifying the body's name."""
    head = span.root
    for c in head.children:
        if c.dep_ in ("poss", "amod", "compound") and not (span.start <= c.i < span.end):
            m = da.mention_at[c.i]
            if m is not None and m.actor.kind == "state":
                return m.actor
    return None


def _state_before(da: DocActors, start: int) -> Actor | None:
    """The nearest state named earlier in the sentence, else the article's most named."""
    sent = da.doc[start].sent
    best: Actor | None = None
    counts: dict[str, int] = {}
    firsts: dict[str, Actor] = {}
    for m in da.mentions:
        if m.start >= start:
            break
        if m.actor.kind != "state":
            continue
        if m.start >= sent.start:
            best = m.actor
        counts[m.actor.id] = counts.get(m.actor.id, 0) + 1
        firsts.setdefault(m.actor.id, m.actor)
    if best is not None:
        return best
    if not counts:
        return None
    return firsts[max(counts, key=lambda k: counts[k])]
