"""Modality and negation of a trigger, read off its governing chain.

Starting at the trigger we climb head by head (at most ``MAX_STEPS``). At every node we
look at its function words (auxiliaries, adverbs, negation, ``if`` clauses, "according
to") and, above the trigger, at the node's own lemma as a governor of what is below it
("reports that ...", "speculation that ...", "expected to ...", "denied ...", "avoided
...", "X said that ..."). The nearest cue wins, with two refinements:

* a bare "would"/"should" is weak: a farther planned, speculated or reported cue
  overrides it ("hope that X would strengthen" is planned, "speculation that X would" is
  speculated);
* a denial anywhere on the chain makes the relation ``denied``;
* a bare "would" under the source's own statement is its plan ("Turkey said it would
  normalise relations"), under a third party's it stays reported;
* a question ("Will China invade Taiwan?") asserts nothing: it is speculated.

A conjunct verb with its own finite tense ("would defend X and called on Y") is not in the
scope of the first conjunct's auxiliaries and negation. The act a subject is accused of
("accused X of supplying arms") is an allegation, so reported; a noun that is the passive
subject of a planning verb ("talks are expected next week") is planned; a negated
ruling-out ("did not rule out cooperation") hedges rather than negates.

Negation counts when it sits on the trigger or on a governor reached only through
control complements and objects ("avoided making accusations", "refused to send
troops", "did not attack"); it does not leak out of a clause the trigger is embedded in
as a report ("X did not say that Y attacked").
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.lexicon import Cues

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
    is_noun_trigger = trigger.pos_ in ("NOUN", "PROPN")
    presupposed = (
        is_noun_trigger
        and _presupposed(trigger)
        # "the summit was postponed", "the president's visit was cancelled": the clause is
        # about the event itself, so its verb still counts
        and not (
            trigger.dep_ in ("nsubjpass", "nsubj")
            and trigger.head.lemma_.lower() in (cues.planned_passive_heads | cues.negation_verbs)
        )
    )
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in cues.planned_triggers:
        # "pledged $4.5 billion in aid", "promised a delegation": a commitment, not yet done
        found.append((0, _PRIORITY["planned"], "planned"))
    while True:
        is_noun = node.pos_ in ("NOUN", "PROPN")
        local: tuple[tuple[int, str], ...] | None = None
        if prev is not None and _own_tense(prev):
            # "said it would defend X and called on Y": "called" has its own tense, so the
            # first conjunct's auxiliaries and negation do not reach it
            local = _local_cues(node, cues, clause_scoped=False)
        elif cache is not None:
            local = cache.get(node.i)
        if local is None:
            local = _local_cues(node, cues)
            if cache is not None:
                cache[node.i] = local
        hedge = prev is not None and _rules_out(node, cues)
        for prio, cat in local:
            if cat == "negated":
                if hedge:
                    # "did not rule out cooperation": not excluding it leaves it possible
                    found.append((dist, _PRIORITY["speculated"], "speculated"))
                elif neg_open:
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
                elif hedge:
                    if not any(cat == "negated" for _, cat in local) and neg_open:
                        # "ruled out sending troops" excludes the act
                        negated = True
                elif lem in cues.negation_verbs and (
                    rel in ("xcomp", "pcomp", "prep", "dobj")
                    or (rel == "nsubjpass" and is_noun_trigger and prev is trigger)
                ):
                    # "cancelled the visit", and passive "the visit was cancelled"
                    if neg_open:
                        negated = True
                elif lem in cues.reported_verbs and rel in ("ccomp", "parataxis"):
                    sayers = subject_ids(_sayer(node)) if callable(subject_ids) else set()
                    if not (sayers and sayers & source_ids):
                        found.append((dist, _PRIORITY["reported"], "reported"))
                    else:
                        # the source's own word: it only turns a bare "would" into a plan
                        found.append((dist, _PRIORITY["weak"] + 1, "own_word"))
                elif (
                    lem in cues.reported_accusations
                    and rel == "prep"
                    and prev.lower_ in ("of", "for")
                ):
                    # "accused North Korea of supplying shells": the accuser's allegation
                    found.append((dist, _PRIORITY["reported"], "reported"))
                elif lem in cues.planned_passive_heads and rel in ("nsubjpass", "nsubj"):
                    # "talks are expected next week", "a visit is planned for May"
                    if is_noun_trigger:
                        found.append((dist, _PRIORITY["planned"], "planned"))
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
    modality = _decide(found)
    if modality != "denied" and _is_question(trigger):
        return "speculated", negated
    return modality, negated


def _own_tense(conjunct: Token) -> bool:
    """Whether a conjunct verb carries its own finite tense ("... and called on Beijing")."""
    return (
        conjunct.dep_ == "conj"
        and conjunct.pos_ in ("VERB", "AUX")
        and conjunct.tag_ in ("VBD", "VBZ", "VBP")
    )


def _sayer(verb: Token) -> Token:
    """The verb whose subject says it: a subjectless conjunct ("X welcomed it and said ...")
    shares the subject of the verb it is conjoined to."""
    node = verb
    for _ in range(3):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) or node.dep_ != "conj":
            return node
        node = node.head
    return node


def _rules_out(node: Token, cues: Cues) -> bool:
    """Whether a node is a ruling-out verb ("rule out", "exclude"): it negates what it
    governs, and negated itself it leaves it possible."""
    if node.pos_ not in ("VERB", "AUX"):
        return False
    lem = node.lemma_.lower()
    for entry in cues.rule_out_verbs:
        verb, _, particle = entry.partition(" ")
        if lem != verb:
            continue
        if not particle or any(
            c.dep_ in ("prt", "prep", "advmod") and c.lower_ == particle for c in node.children
        ):
            return True
    return False


def _is_question(trigger: Token) -> bool:
    """Whether the trigger's sentence is a yes/no question ("Will China invade Taiwan?").

    A wh-question presupposes its event ("Why has Egypt not condemned Israel?" tells that
    it has not), so only a question opened by an auxiliary is hypothetical.
    """
    quotes = ('"', "'", "\u201c", "\u201d", "\u2018", "\u2019")
    words = [t for t in trigger.sent if not t.is_space and t.text not in quotes]
    if not words or words[-1].text != "?":
        return False
    return words[0].pos_ == "AUX" or words[0].tag_ == "MD"


def _local_cues(node: Token, cues: Cues, clause_scoped: bool = True) -> tuple[tuple[int, str], ...]:
    """Cues carried by a node's function-word children, as ``(priority, category)``.

    With ``clause_scoped=False`` the auxiliaries and negation, which bind only the node's
    own clause, are left out (for a conjunct with its own tense below the node).
    """
    out: list[tuple[int, str]] = []
    is_noun = node.pos_ in ("NOUN", "PROPN")
    for c in node.children:
        dep = c.dep_
        low = c.lower_
        if not clause_scoped and (dep in ("aux", "auxpass", "neg") or low == "never"):
            continue
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
        elif dep in ("nsubj", "nsubjpass") and not is_noun and clause_scoped:
            if any(
                g.dep_ in ("preconj", "det") and g.lower_ in cues.negation_particles
                for g in c.children
            ):
                # "Neither China nor India condemned Russia": the negated subject negates
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
        if not stronger:
            return "conditional"
        # "NATO said it would send a delegation": a future in the source's own word
        return "planned" if stronger[0] == "own_word" else stronger[0]
    rest = [cat for _, _, cat in found if cat != "own_word"]
    return rest[0] if rest else "asserted"
