"""The rule engine: from each trigger of a sentence to its source and target actors.

Everything here reads the dependency parse, never word order:

* verbs: subjects (``nsubj``) are sources; passive subjects are targets and the ``by``
  agent the source; direct objects, datives and the objects of the sense's prepositions
  are targets, including prepositions hanging off the object ("imposed sanctions on X",
  "provided aid to X"); coordination expands both sides; a verb without a subject takes
  the one of the verb governing it through ``xcomp``/``advcl``/``conj``/``pcomp``
  ("promised to dispatch"), or the object of an object-control verb ("requested X to
  send"); request/accuse-like verbs with no object take the subject of their clausal
  complement ("requested that X send").
* nouns (nominal events and relations): possessors, actor modifiers and ``by``-phrases are
  sources; the sense's prepositions give targets; ``between``/``among`` give a group that
  relates pairwise; relational nouns in predicate or apposition position take the
  copula's subject ("it has long been a key ally of the United States"). With no source
  in its own phrase a nominal event takes the nearest enclosing clause's actor subject.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from graphkit.extraction.lexicon import Sense
from graphkit.extraction.relation.arguments import Candidate, pobjs
from graphkit.extraction.relation.nominal import NominalRules, blocked_sense
from graphkit.extraction.relation.words import (
    CIVILIAN_SOURCE_TYPES,
    CIVILIAN_TARGET_TYPES,
    CLAUSAL_TARGET_TYPES,
    DEMAND_TYPES,
    MATERIAL_TYPES,
    PARTNERED_TYPES,
)
from graphkit.extraction.resolve import Ref


class RuleEngine(NominalRules):
    """Applies the lexicon to one resolved document; linear in the number of tokens."""

    def sentence(self, sent: Span) -> list[Candidate]:
        out: list[Candidate] = []
        senses: list[tuple[Token, Sense]] = []
        consumed: set[int] = set()
        for tok in sent:
            if self.da.mention_at[tok.i] is not None:
                continue
            sense = self._sense(tok)
            if sense is None:
                continue
            senses.append((tok, sense))
            if tok.pos_ == "VERB" and sense.object:
                # "strengthen cooperation and dialogue", "impose sanctions": the verb's
                # sense already covers its object nouns, which must not count again
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass"):
                        consumed.update(t.i for t in (c, *c.conjuncts))
        for tok, sense in senses:
            if tok.i in consumed or self._content_of_demand(tok) or self._denies_event(tok):
                continue
            if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
                cand = self._predicate(tok, sense)
            else:
                verbal = tok.pos_ in ("VERB", "AUX")
                cand = self._verb(tok, sense) if verbal else self._noun(tok, sense)
            if cand is not None:
                out.append(cand)
        return out

    def _sense(self, tok: Token) -> Sense | None:
        if tok.pos_ == "VERB":
            sense = self.lex.verb_sense(tok)
            if sense is not None and sense.type == "SUPPORT" and self._purpose_of_material(tok):
                # "sending troops to support Russia": a purpose clause of a material act
                return Sense(
                    lemma=sense.lemma,
                    type="AID",
                    predicate="supports militarily",
                    mode="military",
                    targets=sense.targets,
                )
            return sense
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.head.pos_ in ("AUX", "VERB"):
            return self.lex.adjective_sense(tok)
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.dep_ == "compound"):
            sense = self.lex.noun_sense(tok)
            if sense is not None and self._broken(tok):
                return None
            if sense is not None and self._blocked(tok):
                return blocked_sense(sense)
            return sense
        return None

    def _content_of_demand(self, tok: Token) -> bool:
        """Whether a verb only says what a request or a threat wants done.

        "demanded that Russia withdraw" is a REQUEST, not a RETREAT; "threatened to cut off
        gas" a THREATEN, not a SANCTION: the embedded act has not happened.
        """
        node = tok.head if tok.dep_ == "compound" and tok.pos_ != "VERB" else tok
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        wanted = ("ccomp", "xcomp") if tok.pos_ == "VERB" else ("dobj",)
        if node.dep_ not in wanted or node.head.pos_ != "VERB":
            return False
        if node.head.lemma_.lower() in self.words.command_verbs:
            # what an authority orders is done: "ordered the expulsion of the envoy"
            return False
        outer = self.lex.verb_sense(node.head)
        return outer is not None and outer.type in DEMAND_TYPES

    def _detached_origin(self, verb: Token, obj: Token) -> list[Ref]:
        """An agent noun's "from" the parser hung on the verb: "fighting militants from X"."""
        if not self.da.agent_of(obj)[0]:
            return []
        return [
            r
            for c in verb.children
            if c.dep_ == "prep" and c.lemma_.lower() == "from" and c.i == obj.right_edge.i + 1
            for p in c.children
            if p.dep_ == "pobj"
            for r in self.da.refs_with_conj(p)
        ]

    def _predicate(self, adj: Token, sense: Sense) -> Candidate | None:
        """A predicate adjective: the copula's subject toward the adjective's object."""
        copula = adj.head
        sources = self.subjects_of(copula) or self.inherited_subject(copula)
        # only an actor or its own act ("critical of China's crackdown"), never what a noun
        # reaches further ("opposed to sanctions on Russia" opposes no Russia)
        targets = [
            r
            for p in pobjs(adj, sense.targets)
            for r in self.da.refs_with_conj(p)
            or [r for m in p.children if m.dep_ in ("poss", "amod") for r in self.da.refs_at(m)]
        ]
        return self._finish(sense, adj, sources, targets, [], False, bool(targets))

    def _carried_targets(self, noun: Token, sense: Sense) -> list[Ref]:
        """The targets of an object event noun of the verb's own type."""
        ns = self.lex.noun_sense(noun)
        if ns is None or ns.type != sense.type:
            return []
        _, targets, _ = self._noun_parts(noun, ns)
        return targets

    def _denies_event(self, tok: Token) -> bool:
        """Whether a verb of denial only frames an event it denies.

        "denied holding talks with X" is talks, denied; "denied any alliance with X" an
        alliance, denied (modality marks both): the denial is no REJECT of its own.
        """
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.lex.cues.denied_verbs:
            return False
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp", "pcomp") and c.pos_ in ("VERB", "AUX"):
                return True
            if c.dep_ == "dobj" and (c.tag_ == "VBG" or self.lex.noun_sense(c) is not None):
                return True
        return False

    def _purpose_of_material(self, tok: Token) -> bool:
        if tok.dep_ not in ("advcl", "acl", "xcomp"):
            return False
        head = tok.head
        hs = self.lex.verb_sense(head) if head.pos_ == "VERB" else self.lex.noun_sense(head)
        return hs is not None and hs.type in MATERIAL_TYPES

    def _verb(self, tok: Token, sense: Sense) -> Candidate | None:
        da = self.da
        children = list(tok.children)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        # a participle modifying a noun, with a by-agent: "the claim, denied by X"
        participle = (
            not passive
            and tok.tag_ == "VBN"
            and tok.dep_ in ("acl", "amod")
            and any(c.dep_ == "agent" for c in children)
        )
        if (
            not passive
            and not participle
            and tok.tag_ == "VBN"
            and tok.dep_ == "acl"
            and not sense.theme_is_source
        ):
            # "migrants deported out of the US": a reduced passive names no agent, and the
            # main clause's subject is not it
            return None
        sources: list[Ref] = []
        targets: list[Ref] = []
        explicit_target = False
        if passive or participle:
            for c in children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            # "hit by Houthi drones": an instrument acts for its owner
                            sources += self._subject(tok, p)
            if participle:
                theme = self._loose(tok.head)
            else:
                # "a Saudi oil facility was hit": the facility's state is hit
                theme = [
                    r
                    for c in children
                    if c.dep_ == "nsubjpass"
                    for r in (self._subject(tok, c) or self._loose(c))
                ]
            if sense.theme_is_source:
                if not sources:
                    sources = theme
            else:
                targets += theme
                explicit_target = bool(theme)
        else:
            for c in children:
                if c.dep_ in ("nsubj", "csubj"):
                    sources += self._subject(tok, c)
        if not sources and sense.type in CIVILIAN_SOURCE_TYPES:
            # "Greek farmers protested": a protest is coded to the protesters' state
            sources = [r for c in children if c.dep_ == "nsubj" for r in self._civilians(c)]
        inferred = False
        if not sources:
            sources = self.inherited_subject(tok)
            inferred = True
        for c in children:
            dep = c.dep_
            if dep in ("dobj", "iobj") or (dep == "oprd" and c.pos_ == "PROPN"):
                # "struck Hezbollah positions", "summoned the German ambassador"
                objs = self._loose(c)
                event_agents = []
                if tok.lemma_.lower() in self.words.topic_verbs:
                    # "discussed Iran's nuclear programme": a topic, not a party
                    objs = []
                elif not objs and sense.type in DEMAND_TYPES:
                    # "demanded the withdrawal of Russian troops": Russia is asked
                    objs = event_agents = self._event_agents(c)
                elif not objs:
                    # "ordered the expulsion of X's envoy", "launched a boycott of Y's goods":
                    # the verb carries out its object's event, whose target is its own
                    objs = self._carried_targets(c, sense) or self._detached_origin(tok, c)
                if sense.theme_is_source:
                    if not sources:
                        sources = objs
                else:
                    targets += objs
                    explicit_target = explicit_target or bool(objs)
                if event_agents:
                    # the event's own phrases ("from Moldova") are not the addressee
                    continue
                targets += self._prep_targets(c, sense.targets)
                for cj in c.conjuncts:
                    targets += self._prep_targets(cj, sense.targets)
            elif dep == "dative":
                if c.pos_ == "ADP":
                    targets += [
                        r for p in c.children if p.dep_ == "pobj" for r in da.refs_with_conj(p)
                    ]
                else:
                    targets += da.refs_with_conj(c)
            elif dep in ("prep", "prt") and c.lemma_.lower() in sense.targets:
                targets += [r for p in c.children if p.dep_ == "pobj" for r in self._loose(p)]
            elif dep in ("prt", "advmod", "prep") and c.lemma_.lower() in self.words.particle_hosts:
                # "pulled out of X", "moved away from X": the preposition hangs off the particle
                targets += [
                    r
                    for q in c.children
                    if q.dep_ == "prep"
                    and (
                        q.lemma_.lower() in sense.targets
                        or (q.lemma_.lower() == "of" and "from" in sense.targets)
                    )
                    for p in q.children
                    if p.dep_ == "pobj"
                    for r in self._loose(p)
                ]
        if not targets and sense.type in CIVILIAN_TARGET_TYPES:
            # "detained two Canadian citizens", "attacked Cambodian fishermen": harm done
            # to a state's people is coded to the state
            targets = [
                r for c in children if c.dep_ in ("dobj", "nsubjpass") for r in self._civilians(c)
            ]
        if sense.type in ("ACCUSE", "PROTEST"):
            # the preposition may hang off the object: "filed a complaint against X at Y"
            frame = children + [g for c in children if c.dep_ == "dobj" for g in c.children]
            targets = self._complaint_targets(frame, targets)
        if not targets and sense.type in PARTNERED_TYPES:
            # "agreed to a prisoner exchange with X", "agreed on a ceasefire with X": the
            # partner of the act agreed to
            targets += [
                r
                for p in pobjs(tok, ("to", "on", "upon"))
                for q in [p, *(y for x in p.children if x.lemma_ == "of" for y in x.children)]
                for r in self._prep_targets(q, frozenset({"with"}))
            ]
        if not targets:
            # "threatened to cut off electricity to X", "agreed to reopen its borders to X":
            # the infinitive's arguments are the outer act's target; "warned that they
            # would impose sanctions on X": so are a threat's clause's
            wanted = ("xcomp", "ccomp") if sense.type == "THREATEN" else ("xcomp",)
            for c in children:
                if c.dep_ in wanted and c.pos_ in ("VERB", "AUX"):
                    targets += self._clause_targets(c, sense.targets)
        if not targets and len(sources) >= 2 and _reciprocal_object(children):
            # "Armenia and Azerbaijan accused each other": each of the other
            return self._finish(sense, tok, [], [], sources, inferred, True)
        if sense.object_actor and not targets:
            return None
        if not targets and (
            sense.type in CLAUSAL_TARGET_TYPES or tok.lemma_.lower() in self.words.object_control
        ):
            # "requested that X send"; "helped the Philippines expand its fleet" (the
            # parser makes the helped one the subject of a complement clause); never a
            # report hung on the verb ("X agreed ..., Y announced")
            for c in children:
                if (
                    c.dep_ in ("ccomp", "xcomp")
                    and c.i > tok.i
                    and c.lemma_.lower() not in self.lex.cues.reported_verbs
                ):
                    for s in c.children:
                        if s.dep_ in ("nsubj", "nsubjpass"):
                            targets += da.refs_with_conj(s)
        if sense.subject_kind and not any(r.actor.kind in sense.subject_kind for r in sources):
            return None
        if sense.reverse:
            # "a forum consisting of Canada, France, ...": the members are the sources
            sources, targets = targets, sources
        return self._finish(sense, tok, sources, targets, [], inferred, explicit_target)


def _reciprocal_object(children: list[Token]) -> bool:
    """Whether a verb's object is "each other" or "one another"."""
    for c in children:
        if c.dep_ not in ("dobj", "pobj") or c.lower_ not in ("other", "another"):
            continue
        before = c.doc[c.i - 1].lower_ if c.i > 0 else ""
        if before in ("each", "one") or any(d.lower_ in ("each", "one") for d in c.children):
            return True
    return False
