"""Titles and appositions: who leads or belongs to which actor, as the text says.

"NATO Secretary-General Mark Rutte" (a title before the name) and "Lindsey Graham, a
member of the Senate Armed Services Committee" (an apposition) yield LEADER_OF /
MEMBER_OF affiliations; a known leader named without a title gets the gazetteer role
valid on the article's date, flagged as not stated in the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from graphkit.extraction.resolve.types import Affiliation, Mention
from graphkit.models import Actor

if TYPE_CHECKING:
    from graphkit.extraction.resolve.refs import DocActors

# (relation, organisation, displayed role, confidence) a title gives its person
TitleFact = tuple[str, Actor, str, float]
# Member titles that alone say "of a state's government": "Defence Minister X" with no
# country named is a minister of the article's main state. A bare "senator", "envoy" or
# "spokesman" is as often another state's or an organisation's, so those need it named.
STATE_MEMBER_HEADS = frozenset({"minister"})
# Leader titles as often of a party, a movement, an army or an organisation as of a state.
NOT_STATE_LEADERS = frozenset(
    {
        "leader",
        "chief",
        "head",
        "commander",
        "chair",
        "chairman",
        "chairwoman",
        "director general",
        "director-general",
        "secretary general",
        "secretary-general",
        "army chief",
    }
)
SALIENT_CONFIDENCE = 0.6
_FORMER = frozenset({"former", "ex", "ex-", "late", "then"})


def find_affiliations(da: DocActors) -> None:
    """Fill ``da.affiliations`` (and ``leader_of``/``leads``) from every person mention."""
    seen_person: set[str] = set()
    for m in da.mentions:
        if m.actor.kind != "person":
            continue
        sent = da.doc[m.start].sent
        found = title_before(da, m)
        if found is None or found[3] <= SALIENT_CONFIDENCE:
            # an apposition naming the organisation beats a guess from the article
            found = title_apposition(da, m) or found
        if found is not None:
            rel, target, role, conf = found
            add_affiliation(
                da, m.actor, rel, target, role, sent, da.doc[m.start : m.end].text, conf
            )
        elif m.actor.id not in seen_person and m.actor.id in da.gaz.entries:
            # a known leader without a title in the text: the role valid on the date
            known = da.gaz.role_on(m.actor.id, da.day)
            if known is not None and known.of in da.gaz.entries:
                target = da.gaz.actor(known.of, da.day)
                add_affiliation(
                    da,
                    m.actor,
                    known_relation(da, known.title),
                    target,
                    known.title,
                    sent,
                    da.doc[m.start : m.end].text,
                    0.6,
                    from_gazetteer=True,
                )
        seen_person.add(m.actor.id)


def known_relation(da: DocActors, title: str) -> str:
    """The standing relation a gazetteer role's title implies: a minister or a spokesman
    is a MEMBER_OF the state, a president or a secretary-general its LEADER_OF (a title
    no list knows, as "Supreme Leader" or "Emir", leads)."""
    words = [w for w in title.lower().replace("-", " - ").split() if w]
    for n in range(len(words)):
        rel = da.gaz.titles.relation(" ".join(words[n:]).replace(" - ", "-"))
        if rel:
            return rel
    return "LEADER_OF"


def add_affiliation(
    da: DocActors,
    person: Actor,
    rel: str,
    target: Actor,
    role: str | None,
    sent: Span,
    trigger: str,
    conf: float,
    from_gazetteer: bool = False,
) -> None:
    """Record that ``person`` leads or belongs to ``target``; a person without a country
    gets the target's (the state itself, or the state an organisation belongs to)."""
    if person.id == target.id:
        return
    if from_gazetteer and any(a.source.id == person.id and a.type == rel for a in da.affiliations):
        return
    da.affiliations.append(
        Affiliation(person, rel, target, role, sent, trigger, conf, from_gazetteer)
    )
    if rel == "LEADER_OF":
        da.leader_of.setdefault(target.id, person.id)
        da.leads.setdefault(person.id, target.id)
    current = da.actors.get(person.id, person)
    if current.country is None and rel in ("LEADER_OF", "MEMBER_OF"):
        # a state's minister is of that state; a committee's member of the committee's
        country = target.id if target.kind == "state" else target.country
        if country:
            da.replace_actor(current.model_copy(update={"country": country}))


def title_before(da: DocActors, m: Mention) -> TitleFact | None:
    """``NATO Secretary-General Mark Rutte``, ``EU foreign policy chief Kaja Kallas``.

    Walks left from the name over the noun-phrase premodifiers (title words and the
    nouns/adjectives between them) up to an actor mention; the title is the run of
    words ending right before the name and must end in a known title word.
    """
    doc = da.doc
    words = da.gaz.titles.words
    i = m.start - 1
    conf_text = 0.95
    if i > 0 and doc[i].text == "," and doc[i - 1].lower_ in words:
        # "the Iraqi prime minister, Mohammed ...": the title stands before the comma
        i -= 1
        conf_text = 0.9
    title_toks: list[Token] = []
    org: Actor | None = None
    while i >= 0 and m.start - i <= 6:
        t = doc[i]
        mm = da.mention_at[i]
        if mm is not None:
            if mm.actor.kind != "person" and title_toks:
                org = mm.actor
            break
        if t.tag_ == "POS" and title_toks and i > 0:
            i -= 1
            continue
        if (
            t.lower_ in words
            or t.text in ("-", "\u2013")
            or (title_toks and t.pos_ in ("NOUN", "ADJ", "PROPN") and t.is_alpha)
        ):
            title_toks.insert(0, t)
            i -= 1
            continue
        break
    while title_toks and title_toks[0].text in ("-", "\u2013"):
        title_toks.pop(0)
    if not title_toks or title_toks[-1].lower_ not in words:
        return None
    # "former Ecuadorian Vice President X", "ex-President X" holds no office now
    stop = da.mention_at[i] if i >= 0 else None
    left = stop.start - 1 if stop is not None else i
    before = [doc[j] for j in (left - 1, left) if j >= 0 and j < title_toks[0].i]
    if any(t.lower_ in _FORMER for t in [*before, *title_toks]):
        return None
    role = title_text(title_toks)
    rel = da.gaz.titles.relation(role) or _title_relation_from_words(da, title_toks)
    if rel is None:
        return None
    role_disp = display_title(title_toks)
    if org is not None:
        return rel, org, role_disp, conf_text
    role_g = da.gaz.role_on(m.actor.id, da.day)
    if role_g is not None and role_g.of in da.gaz.entries:
        return rel, da.gaz.actor(role_g.of, da.day), role_disp, 0.8
    guessable = (
        _state_member_title(da, title_toks)
        if rel == "MEMBER_OF"
        else _state_leader_title(da, title_toks)
    )
    if m.actor.id not in da.gaz.entries and guessable:
        # "Prime Minister Irakli Kobakhidze", "Defence Minister X" with no country
        # named: the state the article has mentioned most so far (a weak guess, hence
        # low confidence)
        state = salient_state(da, m.start)
        if state is not None:
            return rel, state, role_disp, SALIENT_CONFIDENCE
    return None


def _state_member_title(da: DocActors, toks: list[Token]) -> bool:
    """Whether a member title is a state office: any minister, or a portfolio secretary
    ("Defense Secretary"), not a bare "secretary" of a party or a company."""
    last = toks[-1].lower_
    if last in STATE_MEMBER_HEADS:
        return True
    return last == "secretary" and any(
        " " in (t := title_text(toks[n:])) and da.gaz.titles.relation(t) == "MEMBER_OF"
        for n in range(len(toks) - 1)
    )


def _state_leader_title(da: DocActors, toks: list[Token]) -> bool:
    """Whether a title leads a state when it leads anything ("President", "Prime
    Minister"); "leader", "chief" or "chairman" lead parties and groups as often."""
    for n in range(len(toks)):
        t = title_text(toks[n:])
        if da.gaz.titles.relation(t) == "LEADER_OF":
            return t not in NOT_STATE_LEADERS
    return False


def salient_state(da: DocActors, before: int) -> Actor | None:
    """The state mentioned most often before token ``before`` (earliest wins ties)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for mm in da.mentions:
        if mm.start >= before:
            break
        if mm.actor.kind == "state":
            counts[mm.actor.id] = counts.get(mm.actor.id, 0) + 1
            first.setdefault(mm.actor.id, mm.start)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return da.actors.get(best)


def _title_relation_from_words(da: DocActors, toks: list[Token]) -> str | None:
    # "Foreign Minister" not listed as a whole still ends in a known title word
    for n in range(len(toks)):
        rel = da.gaz.titles.relation(title_text(toks[n:]))
        if rel:
            return rel
    return None


def title_apposition(da: DocActors, m: Mention) -> TitleFact | None:
    """``Lindsey Graham, a member of the Senate Armed Services Committee``."""
    head = da.doc[m.end - 1]
    if da.mention_at[head.i] is not m:
        return None
    cands = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        cands.append(head.head)
    for noun in cands:
        # the title's own words right before its head ("prime minister", "vice
        # president"), not the actor modifying it ("Iraqi", "Venezuela's")
        role_toks = [noun]
        j = noun.i - 1
        while j >= 0 and da.mention_at[j] is None and da.doc[j].head.i == noun.i:
            if da.doc[j].dep_ not in ("compound", "amod") or not da.doc[j].is_alpha:
                break
            role_toks.insert(0, da.doc[j])
            j -= 1
        if any(t.lower_ in _FORMER for t in noun.subtree if t.i < noun.i):
            continue
        known = [
            n for n in range(len(role_toks)) if da.gaz.titles.relation(title_text(role_toks[n:]))
        ]
        if known:
            role_toks = role_toks[known[0] :]
        role = title_text(role_toks)
        rel = da.gaz.titles.relation(role) or da.gaz.titles.relation(noun.lemma_)
        if rel is None:
            continue
        org = None
        for c in noun.children:
            if c.dep_ == "prep" and c.lemma_ in ("of", "for", "at", "in"):
                for p in c.children:
                    mm = da.mention_at[p.i]
                    if p.dep_ == "pobj" and mm is not None and mm.actor.kind != "person":
                        org = mm.actor
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
                mm = da.mention_at[c.i]
                if mm is not None and mm.actor.kind != "person":
                    org = mm.actor
        if org is not None:
            return rel, org, display_title(role_toks), 0.9
    return None


def title_text(toks: list[Token]) -> str:
    """A title as the gazetteer lists it: lower case, hyphens kept tight."""
    return display_title(toks).lower()


def display_title(toks: list[Token]) -> str:
    """A title as the text writes it, hyphens kept tight."""
    text = ""
    for t in toks:
        if t.text in ("-", "–"):
            text += "-"
        elif text and not text.endswith("-"):
            text += " " + t.text
        else:
            text += t.text
    return text
