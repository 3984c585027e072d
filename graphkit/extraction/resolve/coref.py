"""A small, linear coreference pass over the document, sentence by sentence.

Resolves "the alliance", "the bloc" (the last actor with that generic noun), "the North"
(in a Korean context), "the two countries" / "both sides" (the last pair named together,
else the article's two most mentioned states), "the country", "these troops" (the last
agentive noun phrase with that head), and pronouns: it/its, he/his, they/their.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from graphkit.extraction.resolve.types import Ref, as_coref

if TYPE_CHECKING:
    from graphkit.extraction.resolve.refs import DocActors


@dataclass
class _Context:
    """What the pass remembers of the sentences read so far."""

    last_generic: dict[str, Ref] = field(default_factory=dict)
    last_np: dict[str, list[Ref]] = field(default_factory=dict)
    last_pair: list[Ref] = field(default_factory=list)
    last_person: Ref | None = None
    last_state: Ref | None = None
    prev_subject: list[Ref] = field(default_factory=list)
    prev_first: list[Ref] = field(default_factory=list)
    korea: bool = False


def resolve_coreference(da: DocActors) -> None:
    """Fill ``da.coref`` (token index -> the actors it refers back to)."""
    doc = da.doc
    ctx = _Context()
    pair_age = 0
    state_counts: dict[str, list[Any]] = {}
    for sent in doc.sents:
        sent_refs: list[tuple[int, Ref]] = []
        # "the two countries" is a pair named together just before, otherwise the
        # article's two most mentioned states
        pair_now = ctx.last_pair
        if pair_age > 1 or not ctx.last_pair:
            top = sorted(state_counts.values(), key=lambda x: (-x[0], x[1]))
            pair_now = [x[2] for x in top[:2]] if len(top) >= 2 else ctx.last_pair
        for tok in sent:
            m = da.mention_at[tok.i]
            if m is not None and m.start == tok.i:
                ref = Ref(m.actor)
                sent_refs.append((tok.i, ref))
                entry = da.gaz.get(m.actor.id)
                if entry is not None:
                    for g in entry.generic:
                        ctx.last_generic[g.lower()] = ref
                if m.actor.kind == "person":
                    ctx.last_person = ref
                if m.actor.kind == "state":
                    ctx.last_state = ref
                    ctx.korea = ctx.korea or m.actor.id in ("PRK", "KOR")
                if m.actor.kind in ("state", "group"):
                    entry_c = state_counts.setdefault(m.actor.id, [0, tok.i, ref])
                    entry_c[0] += 1
                continue
            if m is not None:
                continue
            if tok.pos_ == "NOUN" and da.agent_of(tok)[0]:
                got = da.np_refs(tok, use_coref=False)
                if got:
                    ctx.last_np[tok.lemma_.lower()] = got
                    continue
            if not _may_corefer(da, tok, ctx.last_np):
                continue
            refs = _coref_token(da, tok, sent, ctx, pair_now)
            if refs:
                da.coref[tok.i] = refs
                sent_refs.append((tok.i, refs[0]))
                if refs[0].actor.kind == "person" and len(refs) == 1:
                    ctx.last_person = refs[0]
        pair = _sentence_pair(da, sent)
        pair_age += 1
        if pair:
            ctx.last_pair = pair
            pair_age = 0
        ctx.prev_subject = _root_subject(da, sent)
        ctx.prev_first = [r for _, r in sent_refs[:1]]


def _may_corefer(da: DocActors, tok: Token, last_np: dict[str, list[Ref]]) -> bool:
    """Cheap filter: only pronouns and a few noun classes can refer back."""
    pos = tok.pos_
    if pos == "PRON":
        return tok.lower_ in da.nouns.pronouns
    if pos not in ("NOUN", "PROPN"):
        return False
    lemma = tok.lemma_.lower()
    return (
        lemma in da.gaz.generic
        or lemma in da.nouns.pair
        or lemma in last_np
        or tok.lower_ in ("north", "south")
    )


def _coref_token(
    da: DocActors, tok: Token, sent: Span, ctx: _Context, last_pair: list[Ref]
) -> list[Ref]:
    low = tok.lower_
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PRON":
        want = da.nouns.pronouns.get(low)
        if want is None:
            return []
        territorial = tok.dep_ == "poss" and tok.head.lemma_.lower() in da.nouns.territory
        if territorial:
            # "its border": a state's, and not the state modifying the pronoun's own
            # phrase ("a Russian buildup near its border"): the argument search first,
            # then the nearest other state named before it in the sentence
            near = [r for r in _antecedent(da, tok, want) if r.actor.kind == "state"]
            near = near or _nearest_state(da, tok, sent)
            return [as_coref(r) for r in near[:1]]
        near = _antecedent(da, tok, want)
        if near:
            return [as_coref(r) for r in near]
        if want == "thing":
            cands = [r for r in ctx.prev_subject if r.actor.kind != "person"]
            if len(cands) == 1:
                return [as_coref(cands[0])]
            firsts = [r for r in ctx.prev_first if r.actor.kind != "person"]
            if firsts:
                return [as_coref(firsts[0])]
            # cataphora: "While it has long been an ally ..., South Korea must ..."
            window = range(tok.i + 1, min(sent.end, tok.i + 40))
            later = [
                mm
                for mm in (da.mention_at[i] for i in window)
                if mm is not None and mm.actor.kind != "person"
            ]
            if later and tok.dep_ in ("nsubj", "nsubjpass"):
                return [Ref(later[0].actor, coref=True)]
            return []
        if want == "person":
            return [as_coref(ctx.last_person)] if ctx.last_person else []
        if len(ctx.prev_subject) > 1:
            return [as_coref(r) for r in ctx.prev_subject]
        return [as_coref(r) for r in last_pair]
    det = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
    nums = {c.lower_ for c in tok.children if c.dep_ == "nummod"}
    has_actor_mod = any(
        da.mention_at[c.i] is not None
        for c in tok.children
        if c.dep_ in ("amod", "compound", "poss", "nmod")
    )
    if has_actor_mod:
        return []
    if tok.pos_ in ("NOUN", "PROPN") and lemma in da.gaz.generic and det & {"the", "this", "that"}:
        ref = ctx.last_generic.get(lemma)
        if ref is not None:
            return [as_coref(ref)]
    if tok.pos_ == "PROPN" and low in ("north", "south") and "the" in det and ctx.korea:
        gid = "PRK" if low == "north" else "KOR"
        if gid in da.gaz.entries:
            return [Ref(da.gaz.actor(gid, da.day), coref=True)]
    if (
        tok.pos_ == "NOUN"
        and lemma in da.nouns.pair
        and (("two" in nums and det & {"the", "these", "those"}) or det & {"both"})
    ):
        pair = last_pair
        if lemma in da.nouns.stateish:
            pair = [_led_state(da, r) for r in pair]
            if any(r.actor.kind == "group" for r in pair):
                return []
        return [as_coref(r) for r in pair] if len(pair) == 2 else []
    if (
        tok.pos_ == "NOUN"
        and lemma in ("country", "nation")
        and det == {"the"}
        and tok.tag_ == "NN"
    ):
        cands = [r for r in ctx.prev_subject if r.actor.kind == "state"]
        if len(cands) == 1:
            return [as_coref(cands[0])]
        return [as_coref(ctx.last_state)] if ctx.last_state else []
    if lemma == "government" and tok.pos_ == "NOUN" and det == {"the"} and tok.tag_ == "NN":
        # "Farah said the government had ...": the speaker's own state, when this
        # clause's or the previous sentence's subject is a person with a country, or a
        # state itself ("Somalia expelled the envoy. The government said ...")
        for r in [*_clause_subjects(da, tok), *ctx.prev_subject]:
            country = r.actor.country if r.actor.kind in ("person", "state") else None
            if country and country in da.gaz.entries:
                return [Ref(da.gaz.actor(country, da.day), sector="GOV", coref=True)]
        return []
    if (
        tok.pos_ == "NOUN"
        and lemma in ctx.last_np
        and det & {"the", "these", "those", "this", "that"}
    ):
        return [as_coref(r) for r in ctx.last_np[lemma]]
    return []


def _antecedent(da: DocActors, pron: Token, want: str) -> list[Ref]:
    """The nearest earlier argument of an enclosing clause that fits the pronoun.

    Climbs from the pronoun clause by clause (a simplified Hobbs search): at each
    verb it considers the arguments that precede the pronoun and do not contain it;
    a subject pronoun prefers subjects, a possessive the nearest argument
    ("assist Russia in its war effort" -> Russia; "Hezbollah ... said its fighters"
    -> Hezbollah; "Turkey welcomed the treaty and said it would ..." -> Turkey).
    """
    is_subject = pron.dep_ in ("nsubj", "nsubjpass")
    node = pron
    for _ in range(10):
        head = node.head
        if head is node:
            return []
        if head.pos_ in ("VERB", "AUX"):
            cands: list[tuple[int, bool, list[Ref]]] = []
            args = [c for c in head.children if c is not node]
            has_subj = any(c.dep_ in ("nsubj", "nsubjpass") for c in args)
            if not has_subj and head.dep_ in ("conj", "xcomp", "advcl") and head.head is not head:
                args += [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            for c in args:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr"):
                    arg = c
                elif c.dep_ in ("prep", "agent"):
                    objs = [p for p in c.children if p.dep_ == "pobj"]
                    if not objs:
                        continue
                    arg = objs[0]
                else:
                    continue
                if arg.i >= pron.i or arg.left_edge.i <= pron.i <= arg.right_edge.i:
                    continue
                refs = [r for r in da.refs_with_conj(arg) if _fits(r, want)]
                if want == "any" and len(refs) == 1 and not _may_be_plural(refs[0], arg, pron):
                    # "they", "them" stand for several, a plural noun phrase ("Russian
                    # troops") or a group ("Hamas ... allow them"): not "in Gaza"
                    refs = []
                if refs:
                    cands.append((arg.i, c.dep_ in ("nsubj", "nsubjpass"), refs))
            if cands:
                if is_subject and any(sub for _, sub, _ in cands):
                    cands = [x for x in cands if x[1]]
                return max(cands, key=lambda x: x[0])[2]
        node = head
    return []


def _nearest_state(da: DocActors, pron: Token, sent: Span) -> list[Ref]:
    """The last state named before a pronoun in its sentence, skipping states that
    modify a phrase the pronoun is part of ("Russian" in "a Russian buildup near its
    border")."""
    own: set[int] = set()
    node = pron
    while node.head.i != node.i:
        node = node.head
        own.update(c.i for c in node.children if c.dep_ in ("amod", "compound", "poss", "nmod"))
    for i in range(pron.i - 1, sent.start - 1, -1):
        m = da.mention_at[i]
        if m is None or m.actor.kind != "state" or any(j in own for j in range(m.start, m.end)):
            continue
        return [Ref(m.actor)]
    return []


def _led_state(da: DocActors, ref: Ref) -> Ref:
    if ref.actor.kind == "person" and ref.actor.id in da.leads:
        led = da.leads[ref.actor.id]
        actor = da.actors.get(led) or (da.gaz.actor(led, da.day) if led in da.gaz.entries else None)
        if actor is not None:
            return Ref(actor, coref=True)
    return ref


def _sentence_pair(da: DocActors, sent: Span) -> list[Ref]:
    """The last two actors coordinated in a sentence ("between Russia and North Korea")."""
    pair: list[Ref] = []
    for tok in sent:
        m = da.mention_at[tok.i]
        if m is None or tok.i != m.end - 1:
            continue
        conj = [c for c in tok.children if c.dep_ == "conj"]
        if len(conj) != 1 or list(
            conj[0].children and [c for c in conj[0].children if c.dep_ == "conj"]
        ):
            continue
        other = da.refs_at(conj[0], use_coref=False)
        if len(other) == 1 and other[0].id != m.actor.id:
            pair = [Ref(m.actor), other[0]]
    return pair


def _root_subject(da: DocActors, sent: Span) -> list[Ref]:
    root = sent.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return da.refs_with_conj(c)
    return []


def _clause_subjects(da: DocActors, tok: Token) -> list[Ref]:
    """Actor subjects of the clauses above a token, nearest first (no coreference)."""
    out: list[Ref] = []
    node = tok
    for _ in range(8):
        if node.head is node:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i:
                    out += da.refs_with_conj(c, use_coref=False)
    return out


_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def _may_be_plural(r: Ref, arg: Token, pron: Token) -> bool:
    """Whether one actor may be what a plural pronoun stands for: a plural noun phrase,
    or a group or organisation (often plural in British usage), unless the pronoun
    needs two ("between them")."""
    if pron.head.lower_ == "between":
        return False
    return arg.tag_ in _PLURAL_TAGS or r.actor.kind in ("group", "organization")


def _fits(r: Ref, want: str) -> bool:
    if want == "person":
        return r.actor.kind == "person"
    if want == "thing":
        return r.actor.kind != "person"
    return True
