"""Noun rules: nominal events and relations ("Israeli air raids", "its allies").

Possessors, actor modifiers and ``by``-phrases are sources; the sense's prepositions give
targets; ``between``/``among`` and hyphenated pairs give a group that relates pairwise;
relational nouns in predicate or apposition position take the copula's subject ("it has
long been a key ally of the United States"). With no source in its own phrase a nominal
event takes the nearest enclosing clause's actor subject, when that is licensed.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.lexicon import Sense
from graphkit.extraction.relation.arguments import ArgumentReader, Candidate
from graphkit.extraction.relation.words import (
    CLAUSAL_NOUN_TYPES,
    MATERIAL_HELP_TYPES,
    MAX_CLIMB,
    STANCE_TYPES,
    STRICT_NOMINAL_TYPES,
)
from graphkit.extraction.resolve import Ref


class NominalRules(ArgumentReader):
    """The rules for noun triggers."""

    def _noun(self, tok: Token, sense: Sense) -> Candidate | None:
        sources, targets, group = self._noun_parts(tok, sense)
        inferred = False
        lemma = tok.lemma_.lower()
        relational = lemma in self.words.relational_nouns
        if relational:
            if not sources:
                sources = self._copula_subject(tok)
            if len(sources) >= 2 and not targets and not group:
                # "Russia and Belarus are close allies": allies of each other
                group, sources = sources, []
        if not targets and not group:
            targets = self._outer_targets(tok, sense)
        if not relational and not sources and len(group) < 2:
            sources = self._enclosing_subject(tok, exclude={r.id for r in targets + group})
            inferred = True
            if sources and not self._inference_licensed(tok, sense, targets + group):
                return None
        if group:
            if sources:
                targets += group
                group = []
            elif len(group) == 1:
                return None
        return self._finish(sense, tok, sources, targets, group, inferred, bool(targets))

    def _outer_targets(self, tok: Token, sense: Sense) -> list[Ref]:
        """Targets a nominal event takes from around it when its own phrase names none."""
        targets: list[Ref] = []
        node = tok.head if tok.dep_ == "compound" else tok
        amount = _amount_object(node)
        if amount is None and node.dep_ == "dobj" and node.head.pos_ == "VERB":
            amount = node  # "denied any alliance on Monday with Moscow"
        elif (
            amount is None
            and node.dep_ == "pobj"
            and node.head.lemma_.lower() in ("to", "into")
            and node.head.head.pos_ == "VERB"
        ):
            amount = node.head  # "go to war with X", "entered into talks with X"
        frame = self._light_frame(node)
        if frame is not None:
            # "a series of drills in waters surrounding X": the frame carries the place
            targets = self._prep_targets(frame, sense.targets)
        if amount is not None and not targets:
            # "pledged $5 billion in aid to Ukraine": the verb names the recipient
            verb = amount.head
            targets = [
                r
                for c in verb.children
                if c.dep_ in ("prep", "dative") and c.lemma_.lower() in sense.targets
                for p in c.children
                if p.dep_ == "pobj"
                for r in self._loose(p)
            ]
        if not targets and sense.type in CLAUSAL_NOUN_TYPES:
            # "India's accusation that it had sponsored the attack": the clause's subject
            targets = [
                r
                for c in tok.children
                if c.dep_ in ("acl", "ccomp")
                for s in c.children
                if s.dep_ in ("nsubj", "nsubjpass")
                for r in self.da.refs_with_conj(s)
            ]
        return targets

    def _light_frame(self, node: Token) -> Token | None:
        """The framing noun over an event named by its "of" ("a series of drills")."""
        head = node.head
        if node.dep_ == "pobj" and head.lemma_.lower() == "of":
            frame = head.head
            if frame.lemma_.lower() in self.words.light_nouns:
                return frame
        return None

    def _inference_licensed(self, tok: Token, sense: Sense, explicit: list[Ref]) -> bool:
        """Whether a nominal event may take an agent from the enclosing clause.

        A material event noun ("attacks", "sanctions", "aid") is the subject's act only
        as the object of its verb ("imposed sanctions", "could prompt sanctions"); in a
        prepositional phrase it merely names an event ("the treaty covers attacks on X").
        A reciprocal noun with no partner of its own ("cooperation", "agreement") relates
        its clause's subjects only as an object ("signed an agreement"), never under a
        preposition ("under the 2015 agreement").
        """
        node = tok.head if tok.dep_ == "compound" else tok
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        frame = self._light_frame(node)
        if frame is not None:
            # "announced the conclusion of a deal": the deal is what the clause is about
            node = frame
        if (
            node.dep_ == "dobj"
            and node.head.pos_ == "VERB"
            and node.head.lemma_.lower() not in self.lex.cues.denied_verbs
            and (outer := self.lex.verb_sense(node.head)) is not None
            and outer.type in STANCE_TYPES
        ):
            # "condemned the invasion", "welcomed the deal": the stance is the subject's
            # act, the event it is about may be anyone's
            return False
        as_object = node.dep_ in ("dobj", "attr", "oprd") or _amount_object(node) is not None
        if sense.type in STRICT_NOMINAL_TYPES and not as_object:
            return False
        return bool(explicit) or as_object

    def _copula_subject(self, tok: Token) -> list[Ref]:
        node = tok
        while node.dep_ == "conj":
            node = node.head
        if node.dep_ in ("attr", "oprd") and node.head.pos_ in ("AUX", "VERB"):
            verb = node.head
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return self._subject(verb, c)
        if node.dep_ == "appos":
            return self.da.refs_with_conj(node.head)
        return []

    def _enclosing_subject(self, tok: Token, exclude: set[str]) -> list[Ref]:
        """The agent of a nominal event: the nearest enclosing actor subject or possessor."""
        node = tok
        for _ in range(MAX_CLIMB):
            head = node.head
            if head is node:
                return []
            if head.pos_ in ("VERB", "AUX"):
                if node.dep_ not in ("nsubj", "nsubjpass", "csubj"):
                    subj = [r for r in self.subjects_of(head) if r.id not in exclude]
                    if subj:
                        return subj
                inh = [r for r in self.inherited_subject(head) if r.id not in exclude]
                if inh:
                    return inh
            elif head.pos_ in ("NOUN", "PROPN"):
                poss = [r for c in head.children if c.dep_ == "poss" for r in self.da.refs_at(c)]
                poss = [r for r in poss if r.id not in exclude]
                if poss:
                    return poss
            node = head
        return []

    def _broken(self, tok: Token) -> bool:
        """Whether a nominal event is the object of a verb that breaks it ("violated")."""
        node = tok.head if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") else tok
        return (
            node.dep_ in ("dobj", "nsubjpass")
            and node.head.lemma_.lower() in self.words.breaking_verbs
        )

    def _blocked(self, tok: Token) -> bool:
        """Whether a nominal event is the object of a verb that stops or refuses it."""
        node = tok.head if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") else tok
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        if (
            node.dep_ == "pobj"
            and node.head.lemma_.lower() == "of"
            and node.head.head.lemma_.lower() in self.words.stopping_nouns
        ):
            # "a cessation of hostilities", "the suspension of aid": the event is stopped
            return True
        return (
            node.dep_ in ("dobj", "nsubjpass")
            and node.head.pos_ == "VERB"
            and node.head.lemma_.lower() in self.words.blocking_verbs
        )


def _amount_object(node: Token) -> Token | None:
    """The verb's object when a noun is the stuff of an amount: "$5 billion in aid"."""
    head = node.head
    if node.dep_ == "pobj" and head.lemma_.lower() in ("in", "of") and head.head is not head:
        obj = head.head
        if (
            obj.dep_ == "dobj"
            and obj.head.pos_ == "VERB"
            and (obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children) or obj.like_num)
        ):
            return obj
    return None


def blocked_sense(sense: Sense) -> Sense | None:
    """What stopping a nominal event means: cutting help is a sanction, refusing an accord a
    rejection; stopping a hostile act ("blocked new sanctions") is no event between them."""
    if sense.type in MATERIAL_HELP_TYPES:
        new_type, mode, label = "SANCTION", "economic", "blocks"
    elif sense.type in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "RETREAT"):
        new_type, mode, label = "REJECT", "proposal", "rejects"
    else:
        return None
    return Sense(
        lemma=sense.lemma,
        type=new_type,
        predicate=f"{label} {sense.lemma}",
        mode=mode,
        targets=sense.targets,
        of=sense.of,
    )
