"""Argument reading shared by the verb and noun rules: subjects, objects, owners, places.

Everything here reads the dependency parse, never word order. A token stands for actors
through :class:`~graphkit.extraction.resolve.DocActors`; these helpers decide which tokens
of a clause are a trigger's arguments.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from graphkit.extraction.lexicon import Lexicon, Sense
from graphkit.extraction.relation.words import JOINT_TYPES, MAX_CLIMB, ArgumentWords, default_words
from graphkit.extraction.resolve import DocActors, Ref


def pobjs(tok: Token, preps: Container[str]) -> Iterator[Token]:
    """The objects of the prepositions hanging off ``tok`` whose lemma is in ``preps``."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lemma_.lower() in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p


@dataclass
class Candidate:
    """A trigger with its resolved arguments, before modality and output."""

    sense: Sense
    trigger: Token
    sources: list[Ref]
    targets: list[Ref]
    pairwise: list[Ref]
    inferred_source: bool
    explicit_target: bool


class ArgumentReader:
    """Finds the actor arguments of triggers in one resolved document."""

    def __init__(
        self, lexicon: Lexicon, actors: DocActors, words: ArgumentWords | None = None
    ) -> None:
        self.lex = lexicon
        self.da = actors
        self.words = words or default_words()
        # subjects of a verb, memoised: many triggers may climb to the same head
        self._subjects: dict[int, list[Ref]] = {}

    def subjects_of(self, verb: Token) -> list[Ref]:
        """Actor subjects of a verb (active or passive), computed once per verb."""
        got = self._subjects.get(verb.i)
        if got is None:
            got = [
                r
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubjpass", "csubj")
                for r in self._subject(verb, c)
            ]
            self._subjects[verb.i] = got
        return got

    def _subject(self, verb: Token, subj: Token) -> list[Ref]:
        if subj.lower_ in self.words.relative_pronouns and verb.dep_ == "relcl":
            return self.da.refs_with_conj(verb.head)
        refs = self.da.refs_with_conj(subj) or self._quantity(subj)
        if refs or subj.pos_ not in ("NOUN", "PROPN"):
            return refs
        if (
            subj.lemma_.lower() in self.words.instrument_nouns
            or self.lex.noun_sense(subj) is not None
        ):
            # an event or an instrument stands for its owner: "Israeli strikes killed X"
            return self._owner(subj)
        return []

    def _counted(self, tok: Token, numeric_pos: bool = True) -> list[Token]:
        """What a quantity counts: the "of" objects of "hundreds of X", "dozens of Y"."""
        counts = tok.like_num or (numeric_pos and tok.pos_ == "NUM")
        if not (counts or tok.lemma_.lower() in self.words.quantity_nouns):
            return []
        return list(pobjs(tok, ("of",)))

    def _quantity(self, tok: Token) -> list[Ref]:
        """Actors counted by a quantity: "hundreds of Pakistanis", "dozens of soldiers"."""
        return [r for p in self._counted(tok) for r in self.da.refs_with_conj(p)]

    def _civilians(self, tok: Token) -> list[Ref]:
        """The state of the civilians a noun names, directly or counted ("dozens of X")."""
        refs = self.da.civilian_refs(tok)
        if refs:
            return refs
        return [r for p in self._counted(tok, numeric_pos=False) for r in self.da.civilian_refs(p)]

    def _owner(self, noun: Token) -> list[Ref]:
        """Actors that own a noun: possessor, actor modifiers, ``by``/``from`` phrases."""
        out: list[Ref] = []
        for t in [noun, *noun.conjuncts]:
            for c in t.children:
                if c.dep_ in ("poss", "amod", "compound", "nmod"):
                    out += self.da.refs_at(c)
                elif c.dep_ == "prep" and c.lemma_.lower() in ("by", "from"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += self.da.refs_with_conj(p)
        return out

    def inherited_subject(self, tok: Token) -> list[Ref]:
        """The subject a verb shares with the verb or noun that governs it."""
        da = self.da
        node = tok
        goal_clause = False
        for _ in range(MAX_CLIMB):
            dep = node.dep_
            if dep not in ("xcomp", "advcl", "conj", "acl", "pcomp", "relcl", "ccomp"):
                return []
            head = node.head
            if dep == "pcomp" and head.pos_ == "ADP":
                prep = head
                head = head.head
                if prep.lemma_.lower() in ("of", "for") and head.pos_ == "VERB":
                    # "accused X of arming Y", "thanked X for helping": X does it
                    objs = [r for c in head.children if c.dep_ == "dobj" for r in self._loose(c)]
                    if objs:
                        return objs
            if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
                refs = da.refs_with_conj(head)
                if refs:
                    return refs
                hs = self.lex.noun_sense(head)
                if hs is not None:
                    src, _, _ = self._noun_parts(head, hs)
                    if src:
                        return src
                # "its commitment to defend X": the possessor acts
                owner = self._owner(head)
                if owner:
                    return owner
                if head.dep_ in ("dobj", "attr", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                    # "issued a statement condemning X": the issuer speaks
                    node = head.head
                    subj = self.subjects_of(node)
                    if subj:
                        return subj
                    continue
                return []
            if dep == "xcomp" and head.lemma_.lower() in self.words.object_control:
                for c in head.children:
                    # "asked X to send", "called on X to halt"
                    if c.dep_ == "dobj":
                        refs = da.refs_with_conj(c)
                    elif c.dep_ == "prep" and c.lemma_.lower() in ("on", "upon"):
                        refs = [
                            r for p in c.children if p.dep_ == "pobj" for r in da.refs_with_conj(p)
                        ]
                    else:
                        continue
                    if refs:
                        return refs
            if dep == "ccomp" and not goal_clause:
                # a complement clause has its own subject; without one, stop
                return []
            goal_clause = False
            subj = self.subjects_of(head)
            if subj:
                return subj
            if dep == "xcomp" and head.lemma_.lower() == "be" and self._abstract_subject(head):
                # "X said the important thing is to persuade Y": the sayer's aim
                goal_clause = True
            node = head
        return []

    def _abstract_subject(self, copula: Token) -> bool:
        """Whether a copula's subject is an aim or a task, not an actor ("the goal is to")."""
        return any(
            c.dep_ == "nsubj" and c.lemma_.lower() in self.words.goal_nouns for c in copula.children
        )

    def _loose(self, tok: Token, depth: int = 0) -> list[Ref]:
        """Actors of an argument noun, else of its actor modifiers ("Russian aggression").

        Then, for a noun naming no actor itself: a place's state ("villages in Kosovo"), an
        event's agent ("condemned the invasion by Russia"), the owner of words spoken
        ("rejected calls by France"), or the actors of what the noun is of or about
        ("imports of Lithuanian goods", "tariffs on Mexican goods").
        """
        for c in tok.children:
            if c.dep_ == "appos" and c.lemma_.lower() in self.words.place_nouns:
                # "Kiryat Shmona, an Israeli town": a place, standing for its state
                place = self._loose(c, depth + 1)
                if place:
                    return place
        refs = self.da.refs_with_conj(tok) or self._quantity(tok)
        if refs:
            return refs
        out: list[Ref] = []
        for t in [tok, *tok.conjuncts]:
            strong: list[Ref] = []
            weak: list[Ref] = []  # "its restrictions": a pronoun, mostly the actor itself
            for c in t.children:
                if c.dep_ in ("amod", "compound", "poss", "nmod"):
                    (weak if c.pos_ == "PRON" else strong).extend(self.da.refs_at(c))
            if strong or depth >= 2:
                out += strong or weak
                continue
            lemma = t.lemma_.lower()
            inner: list[Ref] = []
            if lemma in self.words.place_nouns:
                # "the village of X in southern Lebanon": the state over the village's name
                inner = [
                    r
                    for p in pobjs(t, self.words.place_preps)
                    for r in self._loose(p, depth + 1)
                    + self._prep_targets(p, self.words.place_preps)
                ]
                # "waters surrounding Taiwan", "positions held by Kosovar police"
                inner += self._acl_refs(t, depth)
                inner = [r for r in inner if r.actor.kind == "state"] or inner
            elif lemma in self.words.speech_nouns:
                inner = self._owner(t)
            elif self.lex.noun_sense(t) is not None:
                inner = self._event_agents(t)
            else:
                inner = [r for p in pobjs(t, ("of",)) for r in self._loose(p, depth + 1)]
                # "a cargo ship linked to Israel", "a tanker owned by Iran" (not the object
                # of a clause: "an attempt to kill X" is no attempt by or on X)
                inner += self._acl_refs(t, depth, objects=False)
                if lemma in self.words.measure_nouns:
                    # "restrictions on trade with X", "tariffs on Mexican goods"; other nouns'
                    # "on" is a topic ("intelligence on X's launches")
                    inner += [
                        r
                        for p in pobjs(t, self.words.measure_preps)
                        for r in self._loose(p, depth + 1)
                    ]
                elif lemma in self.words.exchange_nouns:
                    # "trade with Afghanistan", "flights to Russia": the other side
                    inner += self._prep_targets(t, self.words.exchange_preps)
            out += inner or weak
        return out

    def _acl_refs(self, noun: Token, depth: int, objects: bool = True) -> list[Ref]:
        """Actors a participle clause on a noun ties it to: its object, its by-agent, or
        what it is linked/bound to ("waters surrounding Taiwan", "held by Kosovar police")."""
        out: list[Ref] = []
        for c in noun.children:
            if c.dep_ != "acl" or (not objects and c.tag_ != "VBN"):
                continue
            for d in c.children:
                if d.dep_ == "dobj" and objects:
                    out += self._loose(d, depth + 1)
                elif d.dep_ == "agent" or (
                    d.dep_ == "prep" and d.lemma_.lower() in ("to", "for", "with")
                ):
                    out += [
                        r for p in d.children if p.dep_ == "pobj" for r in self._loose(p, depth + 1)
                    ]
        return out

    def _prep_targets(self, noun: Token, preps: frozenset[str]) -> list[Ref]:
        return [r for p in pobjs(noun, preps - {"of"}) for r in self._loose(p)]

    def _clause_targets(self, verb: Token, preps: frozenset[str]) -> list[Ref]:
        """Actors among a complement verb's objects and prepositional objects."""
        out: list[Ref] = []
        wanted = preps | self.lex.default_targets
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "iobj"):
                out += self._loose(c)
                out += self._prep_targets(c, wanted)
            elif c.dep_ in ("prep", "prt") and c.lemma_.lower() in wanted:
                out += [r for p in c.children if p.dep_ == "pobj" for r in self._loose(p)]
            elif c.dep_ == "ccomp" and verb.lemma_.lower() in self.words.object_control:
                # "to help the Philippines expand": the helped one, parsed as a subject
                out += [r for s in c.children if s.dep_ == "nsubj" for r in self._loose(s)]
        return out

    def _complaint_targets(self, children: list[Token], targets: list[Ref]) -> list[Ref]:
        """The accused of a complaint: what it is about, not whom it is addressed to."""
        about: list[Ref] = []
        addressed: set[str] = set()
        for c in children:
            if c.dep_ != "prep":
                continue
            p = c.lemma_.lower()
            objs = [x for x in c.children if x.dep_ == "pobj"]
            if p in self.words.complaint_preps:
                about += [r for x in objs for r in self._loose(x)]
                # "against Myanmar at the ICJ": the forum may hang off the accused
                addressed.update(
                    r.id
                    for x in objs
                    for y in pobjs(x, self.words.addressee_preps)
                    for r in self._loose(y)
                )
            elif p in self.words.addressee_preps:
                addressed.update(r.id for x in objs for r in self._loose(x))
                # "complained to the Council about X's build-up": the parse may hang the
                # topic off the addressee
                about += [
                    r
                    for x in objs
                    for y in pobjs(x, self.words.complaint_preps)
                    for r in self._loose(y)
                ]
        if not about:
            return targets
        return [t for t in about + targets if t.id not in addressed]

    def _event_agents(self, noun: Token) -> list[Ref]:
        """Who would carry out a nominal event that a request or threat names."""
        sense = self.lex.noun_sense(noun)
        if sense is None:
            return []
        sources, _, group = self._noun_parts(noun, sense)
        # "welcomed the agreement between A and B": both parties
        return sources or group

    def _noun_parts(self, tok: Token, sense: Sense) -> tuple[list[Ref], list[Ref], list[Ref]]:
        da = self.da
        carrier = tok.head if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") else tok
        relational = tok.lemma_.lower() in self.words.relational_nouns
        sources: list[Ref] = []
        targets: list[Ref] = []
        group: list[Ref] = []
        for c in carrier.children:
            if c is tok:
                continue
            dep = c.dep_
            if dep == "poss" or (
                dep in ("amod", "compound", "nmod") and da.mention_at[c.i] is not None
            ):
                refs = da.refs_at(c)
                if relational:
                    targets += refs
                else:
                    sources += refs
            elif dep == "prep":
                p = c.lemma_.lower()
                pobjs = [x for x in c.children if x.dep_ == "pobj"]
                if p in ("between", "among", "amongst"):
                    for x in pobjs:
                        group += da.refs_with_conj(x)
                elif p == "of":
                    refs = [r for x in pobjs for r in self._loose(x)]
                    if sense.of == "source":
                        sources += refs
                    elif "of" in sense.targets:
                        targets += refs
                    else:
                        # "the threat of tariffs on Mexican goods", "the threat of an attack
                        # on Taiwan": the target of what is threatened or demanded
                        targets += [
                            r
                            for x in pobjs
                            if x.lemma_.lower() in self.words.measure_nouns
                            or self.lex.noun_sense(x) is not None
                            for r in self._prep_targets(
                                x, self.lex.default_targets | self.words.measure_preps
                            )
                        ]
                elif p == "by":
                    sources += [r for x in pobjs for r in da.refs_with_conj(x)]
                elif p in sense.targets:
                    for x in pobjs:
                        got = self._loose(x)
                        if not got:
                            # "breakdown in relations with Moscow": one level deeper
                            got = self._prep_targets(x, sense.targets | {"with"})
                        targets += got
        if not group and not relational:
            pair = self._hyphen_pair(carrier)
            if len(pair) >= 2:
                # "the Israel-Hamas war", "US-China talks": the two sides, not source and target
                return [], [], pair
        if not targets and not group:
            for cj in carrier.conjuncts:
                targets += self._prep_targets(cj, sense.targets - {"of"})
        return sources, targets, group

    def _hyphen_pair(self, noun: Token) -> list[Ref]:
        """The actors of a hyphenated modifier chain before a noun ("Israel-Hamas")."""
        chain: list[Token] = []
        hyphen = False
        stack = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
        while stack:
            t = stack.pop()
            if t.i > noun.i:
                continue
            chain.append(t)
            for c in t.children:
                if c.dep_ in ("compound", "amod", "nmod", "conj"):
                    stack.append(c)
                elif c.dep_ == "punct" and c.text in ("-", "\u2013", "/"):
                    hyphen = True
        if not hyphen:
            return []
        refs: list[Ref] = []
        for t in sorted(chain, key=lambda t: t.i):
            if self.da.mention_at[t.i] is not None:
                refs += self.da.refs_at(t)
        return _dedupe(refs)

    def _finish(
        self,
        sense: Sense,
        tok: Token,
        sources: list[Ref],
        targets: list[Ref],
        group: list[Ref],
        inferred: bool,
        explicit_target: bool,
    ) -> Candidate | None:
        sources = _dedupe(sources)
        source_ids = {s.id for s in sources}
        # one actor acting on itself is no relation; several subjects may act on each other
        # when the text names them ("A and B accused each other"), but a pronoun that only
        # repeats the subjects ("A, B and C warned that they ...") pairs nobody
        targets = _dedupe(
            [t for t in targets if t.id not in source_ids or (len(sources) > 1 and not t.coref)]
        )
        group = _dedupe(group)
        # several subjects read off a pronoun ("they") are too weak to pair up on their own,
        # and co-mediators mediate between others, not with each other
        joint = sense.reciprocal or (
            sense.type in JOINT_TYPES
            and sense.mode != "mediate"
            and not all(r.coref for r in sources)
        )
        if not targets and not group and joint and len(sources) >= 2:
            # "Cambodia and Thailand agreed to a ceasefire": with each other
            group, sources = sources, []
        if not group and (not sources or not targets):
            return None
        return Candidate(sense, tok, sources, targets, group, inferred, explicit_target)


def _dedupe(refs: list[Ref]) -> list[Ref]:
    seen: set[str] = set()
    out: list[Ref] = []
    for r in refs:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out
