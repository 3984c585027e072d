"""Modality and negation of a trigger, read off its governing chain.

Starting at the trigger we climb head by head (at most ``MAX_STEPS``). At every node we
look at its function words (auxiliaries, adverbs, negation, ``if`` clauses, "according
to") and, above the trigger, at the node's own lemma as a governor of what is below it
("reports that ...", "speculation that ...", "expected to ...", "denied ...", "avoided
...", "X said that ..."). The nearest cue wins, with two refinements:

* a bare "would"/"should" is weak: a farther planned, speculated or reported cue
  overrides it ("hope that X would strengthen" is planned, "speculation that X would" is
  speculated);
* a denial anywhere on the chain makes the relation ``denied``.

Negation counts when it sits on the trigger or on a governor reached only through
control complements and objects ("avoided making accusations", "refused to send
troops", "did not attack"); it does not leak out of a clause the trigger is embedded in
as a report ("X did not say that Y attacked").
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extract.lexicon import Cues

MAX_STEPS = 10
# Dependency labels through which a governor's negation reaches the trigger.
NEG_PASS = frozenset(
    {
        "xcomp",
        "pcomp",
        "dobj",
        "pobj",
        "prep",
        "nsubj",
        "nsubjpass",
        "attr",
        "acomp",
        "compound",
        "oprd",
        "conj",
        "amod",
        "agent",
        "dative",
        "aux",
    }
)
# Strength order when two cues sit at the same distance.
_PRIORITY = {"denied": 0, "conditional": 1, "speculated": 2, "reported": 3, "planned": 4, "weak": 5}


def modality_of(
    trigger: Token,
    cues: Cues,
    source_ids: set[str],
    subject_ids: object = None,
    cache: dict[int, tuple[tuple[int, str], ...]] | None = None,
) -> tuple[str, bool]:
    """Return ``(modality, negated)`` for a trigger.

    Args:
        trigger: the trigger token.
        cues: modality and negation cue words.
        source_ids: ids of the relation's source actors; a verb of saying whose subject
            is the source itself ("NATO said it will ...") does not make a report.
        subject_ids: a callable ``Token -> set[str]`` giving the actor ids of a verb's
            subject (used for verbs of saying); ``None`` treats every sayer as a third party.
        cache: per-document memo of each node's function-word cues, so that many
            triggers under one head (a long coordination) scan its children once.
    """
    found: list[tuple[int, int, str]] = []
    negated = False
    neg_open = True
    node = trigger
    prev: Token | None = None
    dist = 0
    # A possessed or definite nominal ("its war effort", "the divide between A and B") is
    # presupposed: the cues of the clause around it do not apply to it, only its own.
    presupposed = trigger.pos_ in ("NOUN", "PROPN") and _presupposed(trigger)
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in cues.planned_triggers:
        # "pledged $4.5 billion in aid", "promised a delegation": a commitment, not yet done
        found.append((0, _PRIORITY["planned"], "planned"))
    while True:
        is_noun = node.pos_ in ("NOUN", "PROPN")
        local = cache.get(node.i) if cache is not None else None
        if local is None:
            local = _local_cues(node, cues)
            if cache is not None:
                cache[node.i] = local
        for prio, cat in local:
            if cat == "negated":
                if neg_open:
                    negated = True
            else:
                found.append((dist, prio, cat))
        if prev is not None:
            rel = prev.dep_
            lem = node.lemma_.lower()
            if is_noun:
                if rel in ("acl", "ccomp", "prep", "relcl", "appos"):
                    if lem in cues.reported_nouns:
                        found.append((dist, _PRIORITY["reported"], "reported"))
                    elif lem in cues.speculated_nouns:
                        found.append((dist, _PRIORITY["speculated"], "speculated"))
                    elif lem in cues.planned_nouns:
                        found.append((dist, _PRIORITY["planned"], "planned"))
            elif node.pos_ in ("VERB", "AUX", "ADJ"):
                if lem in cues.denied_verbs and rel in ("ccomp", "xcomp", "dobj", "pcomp", "prep"):
                    found.append((dist, _PRIORITY["denied"], "denied"))
                elif lem in cues.negation_verbs and rel in ("xcomp", "pcomp", "prep", "dobj"):
                    if neg_open:
                        negated = True
                elif lem in cues.reported_verbs and rel in ("ccomp", "parataxis"):
                    sayers = subject_ids(node) if callable(subject_ids) else set()
                    if not (sayers and sayers & source_ids):
                        found.append((dist, _PRIORITY["reported"], "reported"))
                elif lem in cues.speculated_verbs and rel in ("ccomp", "xcomp", "dobj"):
                    found.append((dist, _PRIORITY["speculated"], "speculated"))
                elif (lem in cues.planned_verbs and rel in ("xcomp", "ccomp", "dobj", "prep")) or (
                    lem in cues.planned_infinitive_heads and rel == "xcomp"
                ):
                    found.append((dist, _PRIORITY["planned"], "planned"))
        if node.head is node or dist >= MAX_STEPS or presupposed:
            break
        if node.dep_ not in NEG_PASS:
            neg_open = False
        prev = node
        node = node.head
        dist += 1
    return _decide(found), negated


def _local_cues(node: Token, cues: Cues) -> tuple[tuple[int, str], ...]:
    """Cues carried by a node's function-word children, as ``(priority, category)``."""
    out: list[tuple[int, str]] = []
    is_noun = node.pos_ in ("NOUN", "PROPN")
    for c in node.children:
        dep = c.dep_
        low = c.lower_
        if dep in ("aux", "auxpass"):
            if low in cues.speculated_aux:
                out.append((_PRIORITY["speculated"], "speculated"))
            elif low in cues.conditional_aux:
                out.append((_PRIORITY["weak"], "weak"))
            elif low in cues.planned_aux or c.lemma_.lower() in cues.planned_aux:
                out.append((_PRIORITY["planned"], "planned"))
        elif dep == "neg" or (dep == "advmod" and low == "never"):
            if low in cues.negation_particles:
                out.append((0, "negated"))
        elif dep == "det" and is_noun and low in cues.negation_determiners:
            out.append((0, "negated"))
        elif dep == "advmod":
            if low in cues.reported_adverbs:
                out.append((_PRIORITY["reported"], "reported"))
            elif low in cues.speculated_adverbs:
                out.append((_PRIORITY["speculated"], "speculated"))
        elif dep == "amod" and is_noun:
            if low in cues.speculated_adjectives:
                out.append((_PRIORITY["speculated"], "speculated"))
            elif low in cues.planned_adjectives:
                out.append((_PRIORITY["planned"], "planned"))
        elif (dep == "mark" and low in cues.conditional_marks) or (
            dep == "advcl"
            and any(g.dep_ == "mark" and g.lower_ in cues.conditional_marks for g in c.children)
        ):
            out.append((_PRIORITY["conditional"], "conditional"))
        elif dep == "prep" and c.lemma_.lower() in ("accord", "according"):
            out.append((_PRIORITY["reported"], "reported"))
    return tuple(out)


def _presupposed(noun: Token) -> bool:
    carrier = noun.head if noun.dep_ == "compound" else noun
    if carrier.dep_ in ("attr", "oprd"):
        # a predicate noun is what the clause asserts: "will become the 11th member of X"
        return False
    for c in carrier.children:
        if c.dep_ == "poss":
            return True
        if c.dep_ == "det" and c.lower_ == "the":
            return True
    return False


def _decide(found: list[tuple[int, int, str]]) -> str:
    if not found:
        return "asserted"
    if any(cat == "denied" for _, _, cat in found):
        return "denied"
    found.sort()
    first = found[0][2]
    if first == "weak":
        stronger = [cat for _, _, cat in found[1:] if cat not in ("weak",)]
        return stronger[0] if stronger else "conditional"
    return first
