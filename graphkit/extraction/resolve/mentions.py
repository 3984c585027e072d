"""Mentions: the spans that name actors, from the gazetteer and from spaCy entities.

Gazetteer matches (names, aliases, demonyms, capitals) come from precompiled phrase
matchers; PERSON, ORG and some NORP entities the gazetteer lacks become actors with
stable slug ids; a bare surname repeats the person named in full before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token
from spacy.util import filter_spans

from graphkit.extraction.gazetteer import FORM_DEMONYM
from graphkit.extraction.resolve.context import pick_ambiguous
from graphkit.extraction.resolve.persons import (
    ARTICLE_PARTICLES,
    NAME_SUFFIXES,
    ShortForms,
    extend_partial,
    role_name_spans,
)
from graphkit.extraction.resolve.types import Mention
from graphkit.models import Actor, slugify

if TYPE_CHECKING:
    from graphkit.extraction.resolve.refs import DocActors


def find_mentions(da: DocActors, matchers: tuple[Any, ...]) -> None:
    """Fill ``da.mentions``, ``da.mention_at`` and ``da.actors`` from the document."""
    doc = da.doc
    spans: list[Span] = []
    for matcher in matchers:
        for _, start, end in matcher(doc):
            span = doc[start:end]
            # gazetteer forms are proper names: "turkey" the bird or "chad" is no state
            if _proper(span):
                spans.append(span)
    gaz_spans = filter_spans(spans)
    taken = [False] * len(doc)
    in_gaz = [False] * len(doc)
    for s in gaz_spans:
        for i in range(s.start, s.end):
            in_gaz[i] = True
    # names after titles are persons whatever NER says; PERSON entities cut short
    # inside a name are made whole; the longest reading of overlapping spans wins
    roles = role_name_spans(da, in_gaz)
    ner = [
        extend_partial(e, in_gaz) if e.label_ == "PERSON" else e
        for e in doc.ents
        if e.label_ in ("PERSON", "ORG", "NORP")
    ]
    ner = [e for e in ner if not any(r.start < e.end and e.start < r.end for r in roles)]
    ents = sorted(filter_spans([*roles, *ner]), key=lambda e: e.start)
    overridden: set[tuple[int, int]] = set()
    for ent in ents:
        inside = [s for s in gaz_spans if s.start < ent.end and ent.start < s.end]
        if inside and _entity_wins(da, ent, inside):
            overridden.update((s.start, s.end) for s in inside)
    final: list[tuple[Span, Actor, str]] = []
    ambiguous: list[Span] = []
    for span in gaz_spans:
        if (span.start, span.end) in overridden:
            continue
        hit = da.gaz.lookup(span.text)
        if hit is None:
            if da.gaz.candidates(span.text):
                ambiguous.append(span)
            continue
        entry, form = hit
        actor = da.gaz.actor(entry.actor.id, da.day)
        final.append((span, actor, form))
        for i in range(span.start, span.end):
            taken[i] = True
    final += _hyphen_prefixes(da, taken)
    # "Congolese", "Korea": the one candidate the article's other names point to; an
    # unresolved one is no organisation or group either, whatever NER says
    final += pick_ambiguous(da, ambiguous, final)
    for span in ambiguous:
        for i in range(span.start, span.end):
            taken[i] = True
    forms = ShortForms()
    for span, actor, _ in final:
        if actor.kind == "person":
            forms.add(actor, actor.name, span.text)
            # a known person's every name word, as before: the gazetteer decides who
            # is known, and "Kim" or "Yoon" lead with the family name
            forms.add_words(actor, [t.text for t in span if t.is_alpha])
    # full names first, so that a short form before its full name still resolves
    ents.sort(key=lambda e: (not (e.label_ == "PERSON" and len(e) > 1), e.start))
    for ent in ents:
        toks = [
            t
            for t in ent
            if not (t.is_punct and t.text != "-")
            and t.tag_ != "POS"
            and t.lower_ not in ("the", "'s", "\u2019s")
        ]
        while toks and toks[-1].text == "-":
            toks.pop()
        if not toks or any(taken[t.i] for t in toks):
            continue
        span = doc[toks[0].i : toks[-1].i + 1]
        found = _ner_actor(da, span, ent.label_, forms)
        if found is None:
            continue
        final.append((span, found, "ner"))
        for i in range(span.start, span.end):
            taken[i] = True
        if found.kind == "person":
            forms.add(found, found.name)
    # a short form the tagger did not mark ("Later, Ruto criticized ...")
    for tok in doc:
        if taken[tok.i]:
            continue
        for end in range(min(len(doc), tok.i + 5), tok.i, -1):
            span = doc[tok.i : end]
            # the tagger may not call a rare surname PROPN: a capitalised word will do
            last = span[-1]
            if any(taken[i] for i in range(tok.i, end)) or not last.text[:1].isupper():
                continue
            person = forms.get(span.text)
            if person is not None:
                final.append((span, person, "ner"))
                for i in range(tok.i, end):
                    taken[i] = True
                break
    final.sort(key=lambda x: x[0].start)
    for span, actor, form in final:
        m = Mention(span.start, span.end, actor, form)
        da.mentions.append(m)
        for i in range(span.start, span.end):
            da.mention_at[i] = m
        da.actors.setdefault(actor.id, actor)


def _hyphen_prefixes(da: DocActors, taken: list[bool]) -> list[tuple[Span, Actor, str]]:
    """Names glued to a participle in one token ("U.S.-drafted", "EU-funded"): the
    tokenizer keeps them whole, so the token stands for the named actor as a modifier,
    as a demonym does. Marks the tokens taken."""
    out: list[tuple[Span, Actor, str]] = []
    for tok in da.doc:
        head, sep, rest = tok.text.rpartition("-")
        if taken[tok.i] or not sep or not head[:1].isupper() or not rest.islower():
            continue
        hit = da.gaz.lookup(head)
        if hit is None or hit[0].actor.kind == "person":
            continue
        out.append((da.doc[tok.i : tok.i + 1], da.gaz.actor(hit[0].actor.id, da.day), FORM_DEMONYM))
        taken[tok.i] = True
    return out


def _proper(span: Span) -> bool:
    """Whether a matched span is written as a name: its first word capitalised, after
    a leading "the" and any lower-case Arabic article ("al Shabaab", "al-Qaeda",
    "el-Sisi"), which running text writes in lower case before a capitalised name."""
    toks = list(span)
    i = 1 if len(toks) > 1 and toks[0].lower_ == "the" else 0
    while i < len(toks) - 1 and (toks[i].text in ARTICLE_PARTICLES or toks[i].text == "-"):
        i += 1
    first = toks[i].text[:1]
    return first.isupper() or not (first.isalpha() or first == "-")


def _entity_wins(da: DocActors, ent: Span, inside: list[Span]) -> bool:
    """Whether an NER entity replaces the gazetteer matches inside it.

    A longer person name beats a place or a bare surname inside it ("Jordan
    Bardella", "Abbas Araghchi" vs the alias "Abbas"); a party or company name beats
    a demonym inside it ("Georgian Dream"), unless the rest of it only names a part
    of that state ("Chinese Foreign Ministry" stays China's).
    """
    if not all(s.start >= ent.start and s.end <= ent.end and len(s) < len(ent) for s in inside):
        return False
    # NER's leading "the" and trailing "'s" are no part of a name: "the Tigray People's
    # Liberation Front" is the gazetteer's, whatever label NER gives it
    core = [t for t in ent if t.tag_ != "POS" and not (t.i == ent.start and t.lower_ == "the")]
    if any(s.start <= core[0].i and core[-1].i < s.end for s in inside):
        return False
    hits = [da.gaz.lookup(s.text) for s in inside]
    if ent.label_ == "PERSON":
        return all(
            h is None or h[0].actor.kind != "person" or len(s) == 1
            for h, s in zip(hits, inside, strict=True)
        )
    if ent.label_ == "ORG":
        covered = {i for s in inside for i in range(s.start, s.end)}
        # a possessive is no part of a name: the ORG "Azerbaijan's" is the state
        rest = [
            t
            for t in ent
            if t.i not in covered and not t.is_punct and t.lower_ != "the" and t.tag_ != "POS"
        ]
        if not rest:
            return False
        if rest[0].pos_ == "ADP" and all(t.i > max(covered) for t in rest):
            # "the Rapid Support Forces in Jeddah": NER ran on into a place phrase
            return False
        # "Chinese Coast Guard" is China's coast guard: the rest is one agent phrase
        if (*(t.lower_ for t in rest[:-1]), rest[-1].lemma_.lower()) in da.nouns.phrases:
            return False
        # derived agent nouns stay out: "Iraqi Airways" is an airline of its own
        agentive = da.nouns.curated | da.nouns.body_heads | da.gaz.titles.words
        return not all(t.lemma_.lower() in agentive or t.lower_ in agentive for t in rest)
    return False


def _ner_actor(da: DocActors, span: Span, label: str, forms: ShortForms) -> Actor | None:
    text = span.text.strip()
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return None
    person = forms.get(text)
    if person is not None:
        # a short form of a person named in full, whatever label NER gave it
        return person
    if label == "PERSON":
        # drop leading title words that NER sometimes folds into the name
        words = list(span)
        while words and words[0].lower_ in da.gaz.titles.words:
            words = words[1:]
        common = da.nouns.curated | da.nouns.body_heads
        if not words or all(_common_noun(t, common) for t in words):
            return None  # "member States": a common noun NER took for a name
        name = doc_text(words)
        # "Marcos Jr." is "Marcos": generational suffixes do not tell people apart here
        while len(words) > 1 and words[-1].lower_.rstrip(".") in NAME_SUFFIXES:
            words = words[:-1]
        base = doc_text(words)
        for text in dict.fromkeys((name, base)):
            person = forms.get(text)
            if person is not None:
                return person
            known = da.gaz.lookup(text)
            if known is not None and known[0].actor.kind == "person":
                return da.gaz.actor(known[0].actor.id, da.day)
        return Actor(id=slugify(name), name=name, kind="person", aliases=[name])
    if label == "ORG":
        if span.root.pos_ not in ("PROPN", "NOUN"):
            return None
        # "Defense" of "Defense Secretary X" is part of a title, and a "Defense Ministry"
        # the gazetteer lacks is a state's organ, which its noun phrase resolves
        # ("Azerbaijan's Defense Ministry" -> AZE, GOV): neither is an organisation
        agentive = da.nouns.curated | da.nouns.body_heads | da.gaz.titles.words
        if all(t.lower_ in agentive or t.lemma_.lower() in agentive for t in span if t.is_alpha):
            return None
        return Actor(id=slugify(text), name=text, kind="organization", aliases=[text])
    # NORP outside the gazetteer: a group only when it heads or modifies a group noun
    head = span.root
    if head.lower_ in (t.lower_ for t in span) and head.dep_ in ("amod", "compound"):
        if head.head.lemma_.lower() not in da.nouns.group:
            return None
    elif head.pos_ not in ("PROPN", "NOUN"):
        return None
    return Actor(id=slugify(text), name=text, kind="group", aliases=[text])


def doc_text(words: list[Token]) -> str:
    """Tokens as the text writes them ("al-Burhan"), from the first to the last."""
    return words[0].doc[words[0].i : words[-1].i + 1].text.strip()


def _common_noun(t: Token, words: frozenset[str]) -> bool:
    """Whether a capitalised token is a common noun of ``words`` (proper nouns keep their
    plural as lemma: "States")."""
    low = t.lower_
    return low in words or t.lemma_.lower() in words or (low.endswith("s") and low[:-1] in words)
