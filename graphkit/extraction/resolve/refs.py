"""Reference look-up: which actors a token stands for, over one resolved document.

:class:`DocActors` builds the mentions, affiliations and coreference of a parsed
document (see :mod:`.mentions`, :mod:`.titles`, :mod:`.coref`) and answers the relation
rules' one question through :meth:`DocActors.refs_at`, :meth:`DocActors.refs_with_conj`
and :meth:`DocActors.np_refs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from graphkit.extraction.gazetteer import FORM_CAPITAL, FORM_DEMONYM, Gazetteer
from graphkit.extraction.resolve.context import localise_bodies
from graphkit.extraction.resolve.coref import resolve_coreference
from graphkit.extraction.resolve.mentions import find_mentions
from graphkit.extraction.resolve.nouns import Nouns, default_nouns
from graphkit.extraction.resolve.titles import find_affiliations
from graphkit.extraction.resolve.types import Affiliation, Mention, Ref, form_sector
from graphkit.models import Actor


@dataclass
class DocActors:
    """Actor resolution over one parsed document."""

    doc: Doc
    gaz: Gazetteer
    day: date | None = None
    nouns: Nouns = field(default_factory=default_nouns)
    mentions: list[Mention] = field(default_factory=list)
    mention_at: list[Mention | None] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    coref: dict[int, list[Ref]] = field(default_factory=dict)
    affiliations: list[Affiliation] = field(default_factory=list)
    leader_of: dict[str, str] = field(default_factory=dict)  # led actor id -> person id
    leads: dict[str, str] = field(default_factory=dict)  # person id -> led actor id
    _np_cache: dict[int, list[Ref]] = field(default_factory=dict)

    # ---------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        doc: Doc,
        gaz: Gazetteer,
        day: date | None,
        nlp_matchers: tuple[Any, ...],
        nouns: Nouns | None = None,
    ) -> DocActors:
        """Resolve the actors of a parsed document.

        Args:
            doc: the parsed article.
            gaz: the gazetteer.
            day: the article's date (decides which role a known person holds).
            nlp_matchers: the gazetteer's phrase matchers for ``doc``'s vocabulary.
            nouns: word lists (default: the packaged ``data/lexicon/nouns.yaml``).
        """
        da = cls(doc=doc, gaz=gaz, day=day, mention_at=[None] * len(doc))
        if nouns is not None:
            da.nouns = nouns
        find_mentions(da, nlp_matchers)
        localise_bodies(da)
        find_affiliations(da)
        resolve_coreference(da)
        return da

    def replace_actor(self, actor: Actor) -> None:
        """Put an updated actor (same id) in place of the old one everywhere."""
        self.actors[actor.id] = actor
        for m in self.mentions:
            if m.actor.id == actor.id:
                m.actor = actor

    # ---------------------------------------------------------------- queries
    def refs_at(self, tok: Token, use_coref: bool = True) -> list[Ref]:
        """The actors a single token stands for (no coordination expansion)."""
        m = self.mention_at[tok.i]
        if m is not None:
            if m.form == FORM_DEMONYM and tok.i == m.end - 1 and tok.dep_ in ("amod", "compound"):
                # "North Korean" modifying a noun: the noun phrase decides (troops -> MIL)
                return [Ref(m.actor)]
            return [Ref(m.actor, sector=form_sector(m))]
        if use_coref and tok.i in self.coref:
            return self.coref[tok.i]
        if tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            return self.np_refs(tok, use_coref)
        return []

    def refs_with_conj(self, tok: Token, use_coref: bool = True) -> list[Ref]:
        """Actors of a token and of every token coordinated (or listed) with it."""
        out: list[Ref] = []
        seen: set[str] = set()
        for t in [tok, *_conjuncts(tok)]:
            for r in self.refs_at(t, use_coref):
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(r)
        return out

    def np_refs(self, tok: Token, use_coref: bool = True) -> list[Ref]:
        """Actors a non-name noun phrase stands for ("North Korean troops", "countries like X")."""
        key = tok.i * 2 + int(use_coref)
        if key in self._np_cache:
            return self._np_cache[key]
        self._np_cache[key] = []
        lemma = tok.lemma_.lower()
        out: list[Ref] = []
        is_agent, sector = self.agent_of(tok)
        if is_agent or lemma in self.gaz.titles.leader:
            # "the Malian prime minister, Oumar Traore, ...": the apposed name says who
            named = self._apposed_person(tok)
            if named is not None:
                self._np_cache[key] = [named]
                return [named]
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "poss", "nmod"):
                    for r in self._modifier_refs(c, use_coref):
                        out.append(
                            r if sector is None else Ref(r.actor, sector=sector, coref=r.coref)
                        )
                elif c.dep_ == "prep" and c.lemma_ in ("of", "from"):
                    # "ministers of Iran", "militants from al Shabaab"
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(self.refs_with_conj(p, use_coref))
            if not out and sector not in _FIELD_SECTORS:
                # "the government in Kinshasa", "officials in Moscow": a seat of power
                # names whose organs they are; troops "in Syria" are anyone's
                out = self._seat_refs(tok, sector)
            if lemma in self.gaz.titles.leader and out:
                # "the South Korean president" is the person leading that state, if known
                out = [self._leader_ref(r) for r in out]
        if not out and not is_agent:
            # "Estonian government websites": what an agent compound's actor owns; the
            # demonym may hang off the compound or off the head
            owners = [
                c
                for c in tok.children
                if c.dep_ == "compound" and c.pos_ == "NOUN" and self.agent_of(c)[0]
            ]
            for c in owners:
                out.extend(self.np_refs(c, use_coref))
            if owners and not out:
                for c in tok.children:
                    if c.dep_ in ("amod", "poss") and self.mention_at[c.i] is not None:
                        out.extend(self._modifier_refs(c, use_coref))
        if not out and lemma in self.nouns.stateish:
            # "G7 countries", "EU member states": an organisation's members speak as it
            out = [
                Ref(m.actor)
                for c in tok.children
                if c.dep_ in ("compound", "nmod")
                and (m := self.mention_at[c.i]) is not None
                and m.actor.kind == "organization"
            ]
            if not out and use_coref:
                out = self._owner_state(tok)
        if not out and lemma in self.nouns.generic:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("like", "as", "including"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(self.refs_with_conj(p, use_coref))
                        elif p.dep_ == "prep":
                            for q in p.children:
                                if q.dep_ == "pobj":
                                    out.extend(self.refs_with_conj(q, use_coref))
        self._np_cache[key] = out
        return out

    def civilian_refs(self, tok: Token) -> list[Ref]:
        """The states whose people a civilian noun names ("Greek farmers", "protesters in
        Niamey", "Chinese and Korean students"); empty for any other token.

        Never part of :meth:`refs_at`: farmers are not their state's agents. Rules that
        code the people's state (a protest's source, the target of an arrest) ask here.
        """
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.nouns.civilian:
            return []
        out: list[Ref] = []
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss"):
                cands = self._modifier_refs(c, use_coref=False) if self.mention_at[c.i] else []
            elif c.dep_ == "prep" and c.lemma_ in ("in", "from"):
                # "in Niger", or a place of a state's: "in Niger's Tillaberi region"
                cands = []
                for p in c.children:
                    if p.dep_ == "pobj":
                        cands += self.refs_at(p) or self._place_owner(p)
            else:
                continue
            out += [Ref(r.actor) for r in cands if r.actor.kind == "state"]
        return list({r.id: r for r in out}.values())

    def _place_owner(self, place: Token) -> list[Ref]:
        """The states possessing or modifying a place noun ("Niger's Tillaberi region")."""
        out: list[Ref] = []
        for g in place.children:
            m = self.mention_at[g.i]
            if g.dep_ in ("poss", "compound", "amod") and m is not None and m.actor.kind == "state":
                out.append(Ref(m.actor))
        return out

    def agent_of(self, tok: Token) -> tuple[bool, str | None]:
        """Whether a noun names an actor's people or organs, and the sector it gives.

        A multiword agent ending in the noun wins over the noun alone ("riot police" ->
        COP, "air force" -> MIL); its other words are the noun's compound or adjective
        premodifiers right before it, as written ("Liberian riot police").
        """
        lemma = tok.lemma_.lower()
        nouns = self.nouns
        if nouns.phrases:
            words: list[str] = []
            j = tok.i - 1
            while j >= tok.left_edge.i and len(words) < nouns.phrase_len - 1:
                t = self.doc[j]
                if self.mention_at[j] is not None or not t.is_alpha:
                    break
                if t.dep_ not in ("compound", "amod"):
                    break
                words.insert(0, t.lower_)
                j -= 1
            for k in range(len(words), 0, -1):
                key = (*words[-k:], lemma)
                if key in nouns.phrases:
                    return True, nouns.phrases[key]
        if lemma in nouns.agent:
            return True, nouns.agent[lemma]
        return False, None

    def _owner_state(self, tok: Token) -> list[Ref]:
        """ "his country", "its nation": the state of the person (or the state) a
        possessive pronoun stands for."""
        out: list[Ref] = []
        for c in tok.children:
            if c.dep_ != "poss" or c.pos_ != "PRON":
                continue
            for r in self.coref.get(c.i, []):
                if r.actor.kind == "state":
                    out.append(Ref(r.actor, coref=True))
                    continue
                code = self.leads.get(r.id) if r.actor.kind == "person" else None
                code = code or (r.actor.country if r.actor.kind == "person" else None)
                if (
                    code
                    and code in self.gaz.entries
                    and self.gaz.entries[code].actor.kind == "state"
                ):
                    out.append(
                        Ref(self.actors.get(code) or self.gaz.actor(code, self.day), coref=True)
                    )
        return out

    def _seat_refs(self, tok: Token, sector: str | None) -> list[Ref]:
        """The state whose capital an agent noun's "in" phrase names, with its sector."""
        out: list[Ref] = []
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ != "in":
                continue
            for p in c.children:
                m = self.mention_at[p.i]
                if p.dep_ == "pobj" and m is not None and m.form == FORM_CAPITAL:
                    out.append(Ref(m.actor, sector=sector or form_sector(m)))
        return out

    def _apposed_person(self, tok: Token) -> Ref | None:
        for c in tok.children:
            m = self.mention_at[c.i]
            if c.dep_ == "appos" and m is not None and m.actor.kind == "person":
                return Ref(self.actors.get(m.actor.id, m.actor))
        return None

    def _modifier_refs(self, c: Token, use_coref: bool) -> list[Ref]:
        m = self.mention_at[c.i]
        if m is not None:
            # "Iranian and Saudi officials": coordinated modifiers hang off the first
            out = [Ref(m.actor)]
            for other in c.conjuncts:
                mm = self.mention_at[other.i]
                if mm is not None and mm.actor.id not in {r.id for r in out}:
                    out.append(Ref(mm.actor))
            return out
        if use_coref and c.i in self.coref:
            return self.coref[c.i]
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            return self.np_refs(c, use_coref)
        if c.dep_ == "amod" and c.lower_ in _FLAG_WORDS:
            # "a Greek-flagged tanker" is a ship of the flag state
            return [
                Ref(mm.actor)
                for g in c.children
                if (mm := self.mention_at[g.i]) is not None and mm.actor.kind == "state"
            ]
        if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and self.agent_of(c)[0]:
            # "Venezuelan National Guard soldiers": the demonym hangs off the compound
            return self.np_refs(c, use_coref)
        return []

    def _leader_ref(self, r: Ref) -> Ref:
        pid = self.leader_of.get(r.id)
        if pid and pid in self.actors:
            return Ref(self.actors[pid], coref=True)
        return Ref(r.actor, sector="GOV", coref=r.coref)

    def actor_list(self) -> list[Actor]:
        """Every actor the document mentions, once, in order of first mention."""
        seen: dict[str, Actor] = {}
        for m in self.mentions:
            seen.setdefault(m.actor.id, self.actors.get(m.actor.id, m.actor))
        for a in self.affiliations:
            seen.setdefault(a.target.id, a.target)
        return list(seen.values())


_FLAG_WORDS = frozenset({"flagged", "registered"})
# Sectors of people posted anywhere: "troops in Kyiv" may be a foreign force
_FIELD_SECTORS = frozenset({"MIL", "REB", "SPY"})


def _conjuncts(tok: Token) -> list[Token]:
    """Coordinated tokens, plus actor-like appositions in lists ("A, B, and C")."""
    out = list(tok.conjuncts)
    for t in [tok, *out]:
        for c in t.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c not in out and c is not tok:
                out.append(c)
    return out
