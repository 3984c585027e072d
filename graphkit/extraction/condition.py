"""When a trigger sense applies to a token: its dependency conditions, games, time phrases.

``Lexicon`` (``graphkit.extraction.lexicon``) finds a lemma's senses; ``_conditions_hold``
says whether one sense's particle, object, subject, modifier and preposition conditions hold
for a parsed token, and ``_sporting`` rules out triggers that report a game.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from graphkit.extraction.lexicon import Sense

# Prepositions that put a clash in a game: "beat Brazil in the final", "met at the Asia Cup".
# "during the World Cup" dates a real event and stays out.
_SPORT_PREPS = frozenset({"in", "at"})
# A scoreline written as one token ("2-1") or as three ("2", "-", "1").
_SCORE = re.compile(r"\d{1,2}[-\u2013]\d{1,2}")
_SCORE_PART = re.compile(r"\d{1,2}")


def _conditions_hold(s: Sense, tok: Token) -> bool:
    children = list(tok.children)
    if s.particle:
        parts = {
            c.lemma_.lower()
            for c in children
            if c.dep_ in ("prt", "prep", "dative", "agent") and not _time_phrase(c)
        }
        # "turned to North Korea" may attach "to" to an object or to a following verb
        if not parts & s.particle:
            return False
    if s.object:
        objs = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        # the passive subject is the object of the active verb: "troops were sent"
        lemmas: set[str] = set()
        for o in objs:
            lemmas.add(o.lemma_.lower())
            # "troop reinforcements" counts its compound, a hyphenated modifier does not:
            # "held live-fire drills" holds drills, not fire
            lemmas.update(
                c.lemma_.lower()
                for c in o.children
                if c.dep_ == "compound" and not any(p.text == "-" for p in c.children)
            )
            for c in o.children:
                if c.dep_ == "prep" and c.lemma_ in ("of", "in"):
                    lemmas.update(p.lemma_.lower() for p in c.children if p.dep_ == "pobj")
            lemmas.update(cj.lemma_.lower() for cj in o.conjuncts)
        if tok.dep_ == "compound" or tok.dep_ == "amod":
            lemmas.add(tok.head.lemma_.lower())
        if not lemmas & s.object:
            return False
    if s.subject and not _subject_lemmas(tok) & s.subject:
        return False
    # the parser may take a long titled name for a predicate ("called Brazilian
    # President-elect Lula" as oprd): a proper-noun oprd is still the object
    named = [c for c in children if c.dep_ in ("dobj", "oprd") and c.pos_ == "PROPN"]
    if s.object_proper and not named:
        # a name, not "called the election"; the parser's entity labels for names are
        # too unreliable ("Scholz" as GPE) to ask for PERSON
        return False
    if s.no_complement and any(
        c.dep_ in ("oprd", "xcomp", "ccomp") and c not in named for c in children
    ):
        # "called Lula" is a phone call, "called Lula a liar" or "called him to resign" not
        return False
    if s.modifier:
        mods = {
            c.lemma_.lower()
            for c in children
            if c.dep_ in ("amod", "compound", "nmod", "advmod", "npadvmod")
        }
        # "phone call" where call is the head, or "call" compounded into a bigger noun
        mods |= {c.text.lower() for c in children if c.dep_ in ("amod", "compound")}
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("AUX", "VERB"):
            # "relations have been hostile": the predicate adjective describes the noun
            mods |= {c.lemma_.lower() for c in tok.head.children if c.dep_ == "acomp"}
        if not mods & s.modifier:
            return False
    if s.prep_object or s.prep_target:
        ok = False
        for c in children:
            if c.dep_ != "prep":
                continue
            if s.prep_target and c.lemma_.lower() in s.prep_target:
                ok = True
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in s.prep_object:
                    ok = True
        if not ok:
            return False
    has_target_prep = any(c.dep_ == "prep" and c.lemma_.lower() in s.targets for c in children)
    return has_target_prep or not s.prep_object_any


def _sporting(tok: Token, words: frozenset[str]) -> bool:
    """Whether a trigger reports a game rather than an event between actors.

    Two signs, both read off the trigger's own dependents so that a real event elsewhere in
    the sentence is untouched: a scoreline on the trigger or its object ("beat Brazil 2-1",
    "whipped Bolivia 5-1"), or an "in"/"at" phrase naming a match ("meet in the final",
    "face Spain at the World Cup").
    """
    scope = [tok]
    for c in tok.children:
        scope.append(c)
        if c.dep_ in ("dobj", "npadvmod", "prep", "nummod", "advmod", "attr"):
            scope.extend(c.children)
        if words and c.dep_ == "prep" and c.lemma_.lower() in _SPORT_PREPS:
            for p in c.children:
                if p.dep_ == "pobj" and (p.lemma_.lower() in words or p.lower_ in words):
                    return True
    return any(_scoreline(t) for t in scope)


def _scoreline(t: Token) -> bool:
    """Whether a token is (part of) a scoreline: "2-1" or "2 - 1" (one- or two-digit sides)."""
    if _SCORE.fullmatch(t.text):
        return True
    if not _SCORE_PART.fullmatch(t.text):
        return False
    doc = t.doc
    after = t.i + 2 < len(doc) and doc[t.i + 1].text in ("-", "\u2013")
    if after and _SCORE_PART.fullmatch(doc[t.i + 2].text):
        return True
    before = t.i >= 2 and doc[t.i - 1].text in ("-", "\u2013")
    return before and bool(_SCORE_PART.fullmatch(doc[t.i - 2].text))


def _subject_lemmas(tok: Token) -> set[str]:
    """Lemmas of a verb's subject and its compounds ("Russian troops", "army units").

    A verb without a subject of its own (an infinitive or a conjunct) looks at the verb it
    depends on, as the argument rules do: "troops began to leave", "troops crossed and left".
    """
    node = tok
    for _ in range(3):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            out: set[str] = set()
            for c in subj:
                for t in (c, *c.conjuncts):
                    out.add(t.lemma_.lower())
                    out.update(x.lemma_.lower() for x in t.children if x.dep_ == "compound")
            return out
        if node.dep_ not in ("xcomp", "conj") or node.head is node:
            break
        node = node.head
    return set()


# Words that make a prepositional phrase a date or a time ("on Monday", "on 5 March"),
# for parses that leave the object without a DATE/TIME entity label.
_TIME_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "week",
        "month",
        "year",
        "occasion",
        "anniversary",
        "eve",
    }
)


def _time_phrase(prep: Token) -> bool:
    """Whether a preposition only dates the event: "called Lula on Monday".

    A date or time adjunct is no verb particle, so "on Monday" must not turn "call"
    into "call on" (REQUEST) nor "at night" into "fire at". A particle proper (``prt``)
    never dates anything.
    """
    if prep.dep_ == "prt":
        return False
    pobjs = [p for p in prep.children if p.dep_ == "pobj"]
    if not pobjs:
        return False
    return all(
        p.ent_type_ in ("DATE", "TIME")
        or p.lemma_.lower() in _TIME_WORDS
        or p.lower_ in _TIME_WORDS
        or (p.like_num and any(c.lower_ in _TIME_WORDS for c in p.children))
        for p in pobjs
    )
