"""Dependency rules: from a trigger to its source and target actors.

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

from dataclasses import dataclass

from spacy.tokens import Span, Token

from graphkit.extract.lexicon import Lexicon, Sense
from graphkit.extract.resolve import DocActors, Ref

MAX_CLIMB = 8
# Verbs whose object is the subject of their infinitive complement: "asked X to send".
OBJECT_CONTROL = frozenset(
    {
        "request",
        "urge",
        "ask",
        "call",
        "allow",
        "help",
        "invite",
        "press",
        "encourage",
        "force",
        "order",
        "tell",
        "persuade",
        "permit",
        "enable",
        "implore",
        "pressure",
        "warn",
    }
)
# Types whose target may be the subject of a clausal complement ("requested that X ...").
CLAUSAL_TARGET_TYPES = frozenset({"REQUEST"})
# Relational nouns: the possessor is the other side ("its allies"), the subject of the
# copula or the apposition head is the source ("X is an ally of Y", "X, a partner of Y").
RELATIONAL_NOUNS = frozenset({"ally", "partner", "enemy", "adversary", "rival", "member"})
MATERIAL_TYPES = frozenset({"MOBILIZE", "AID", "ASSAULT", "COOPERATE"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
# Nominal events whose agent is inferred from the clause only when they are its object.
STRICT_NOMINAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "AID"})
# Verbs that stop or refuse what their object names: "blocked an aid package for X" is no
# aid; the blocker acts against the beneficiary instead (SANCTION for material help, REJECT
# for an accord or a proposal).
BLOCKING_VERBS = frozenset(
    {
        "block",
        "halt",
        "suspend",
        "freeze",
        "stop",
        "cut",
        "withhold",
        "cancel",
        "veto",
        "reject",
        "oppose",
        "deny",
        "end",
        "scrap",
        "revoke",
        "terminate",
        "delay",
        "obstruct",
        "prevent",
        "refuse",
        "stall",
        "torpedo",
        "derail",
    }
)
MATERIAL_HELP_TYPES = frozenset({"AID", "COOPERATE"})
# Types whose complement clause is wanted, not done
DEMAND_TYPES = frozenset({"REQUEST", "THREATEN"})
# Things that act for their owner as a verb's subject: "Israeli air strikes killed X",
# "Russian missiles hit Y", "a joint statement by X and Y condemned Z".
INSTRUMENT_NOUNS = frozenset(
    {
        "missile",
        "rocket",
        "drone",
        "shell",
        "bomb",
        "artillery",
        "aircraft",
        "warplane",
        "jet",
        "tank",
        "gunboat",
        "statement",
        "communique",
        "communiqué",
        "declaration",
        "resolution",
        "report",
        "letter",
        "note",
        "decision",
        "move",
        "decree",
        "order",
        "ruling",
        "ban",
    }
)
# Verbs whose object is what is talked about, not who takes part
TOPIC_VERBS = frozenset({"discuss", "debate", "review", "address", "examine", "consider"})
# Nouns that count the people of their "of": "hundreds of Pakistanis protested"
QUANTITY_NOUNS = frozenset(
    {
        "hundred",
        "thousand",
        "million",
        "dozen",
        "score",
        "ten",
        "number",
        "group",
        "crowd",
        "handful",
        "majority",
        "some",
        "many",
        "several",
        "most",
        "all",
        "none",
    }
)
# Places whose state a material act reaches: "struck positions in Lebanon"
PLACE_NOUNS = frozenset(
    {
        "village",
        "town",
        "city",
        "area",
        "region",
        "position",
        "target",
        "base",
        "territory",
        "province",
        "district",
        "outpost",
        "camp",
        "facility",
        "site",
        "infrastructure",
        "port",
        "airport",
        "outskirts",
        "suburb",
        "neighbourhood",
        "neighborhood",
        "stronghold",
        "installation",
        "waters",
        "airspace",
        "coast",
        "island",
        "border",
        "frontier",
        "embassy",
        "consulate",
    }
)
PLACE_PREPS = frozenset({"in", "of", "near", "along", "inside", "across", "with"})
# Nouns that only frame the event named by their "of" ("the signing of a deal")
LIGHT_NOUNS = frozenset(
    {
        "conclusion",
        "signing",
        "completion",
        "implementation",
        "start",
        "launch",
        "resumption",
        "series",
        "wave",
        "round",
        "number",
        "string",
        "spate",
        "extension",
        "renewal",
    }
)
# Prepositions that name what a complaint is about: "complained to the UN over X's raids"
# accuses X; the UN only hears the complaint.
COMPLAINT_PREPS = frozenset({"over", "about", "of", "regarding", "concerning"})
# Prepositions that name the addressee of speech, not the accused
ADDRESSEE_PREPS = frozenset({"to", "with", "before"})


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


class RuleEngine:
    """Applies the lexicon to one resolved document; linear in the number of tokens."""

    def __init__(self, lexicon: Lexicon, actors: DocActors) -> None:
        self.lex = lexicon
        self.da = actors
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
            if tok.i in consumed or self._content_of_demand(tok):
                continue
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
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.dep_ == "compound"):
            sense = self.lex.noun_sense(tok)
            if sense is not None and self._blocked(tok):
                return _blocked_sense(sense)
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
        outer = self.lex.verb_sense(node.head)
        return outer is not None and outer.type in DEMAND_TYPES

    def _blocked(self, tok: Token) -> bool:
        """Whether a nominal event is the object of a verb that stops or refuses it."""
        node = tok.head if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") else tok
        while node.dep_ == "conj" and node.head is not node:
            node = node.head
        return (
            node.dep_ in ("dobj", "nsubjpass")
            and node.head.pos_ == "VERB"
            and node.head.lemma_.lower() in BLOCKING_VERBS
        )

    def _purpose_of_material(self, tok: Token) -> bool:
        if tok.dep_ not in ("advcl", "acl", "xcomp"):
            return False
        head = tok.head
        hs = self.lex.verb_sense(head) if head.pos_ == "VERB" else self.lex.noun_sense(head)
        return hs is not None and hs.type in MATERIAL_TYPES

    # ---------------------------------------------------------------- verbs
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
        sources: list[Ref] = []
        targets: list[Ref] = []
        explicit_target = False
        if passive or participle:
            for c in children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            sources += da.refs_with_conj(p)
            if participle:
                theme = self._loose(tok.head)
            else:
                theme = [
                    r for c in children if c.dep_ == "nsubjpass" for r in self._subject(tok, c)
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
        inferred = False
        if not sources:
            sources = self.inherited_subject(tok)
            inferred = True
        for c in children:
            dep = c.dep_
            if dep in ("dobj", "iobj"):
                # "struck Hezbollah positions", "summoned the German ambassador"
                objs = self._loose(c)
                event_agents = []
                if tok.lemma_.lower() in TOPIC_VERBS:
                    # "discussed Iran's nuclear programme": a topic, not a party
                    objs = []
                elif not objs and sense.type in DEMAND_TYPES:
                    # "demanded the withdrawal of Russian troops": Russia is asked
                    objs = event_agents = self._event_agents(c)
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
        if sense.type in ("ACCUSE", "PROTEST"):
            targets = self._complaint_targets(children, targets)
        if not targets:
            # "threatened to cut off electricity to X", "agreed to reopen its borders to X":
            # the infinitive's arguments are the outer act's target
            for c in children:
                if c.dep_ == "xcomp" and c.pos_ == "VERB":
                    targets += self._clause_targets(c, sense.targets)
        if sense.object_actor and not targets:
            return None
        if not targets and sense.type in CLAUSAL_TARGET_TYPES:
            for c in children:
                if c.dep_ in ("ccomp", "xcomp"):
                    for s in c.children:
                        if s.dep_ in ("nsubj", "nsubjpass"):
                            targets += da.refs_with_conj(s)
        if sense.subject_kind and not any(r.actor.kind in sense.subject_kind for r in sources):
            return None
        return self._finish(sense, tok, sources, targets, [], inferred, explicit_target)

    def _complaint_targets(self, children: list[Token], targets: list[Ref]) -> list[Ref]:
        """The accused of a complaint: what it is about, not whom it is addressed to."""
        about: list[Ref] = []
        addressed: set[str] = set()
        for c in children:
            if c.dep_ != "prep":
                continue
            p = c.lemma_.lower()
            pobjs = [x for x in c.children if x.dep_ == "pobj"]
            if p in COMPLAINT_PREPS:
                about += [r for x in pobjs for r in self._loose(x)]
            elif p in ADDRESSEE_PREPS:
                addressed.update(r.id for x in pobjs for r in self._loose(x))
        if not about:
            return targets
        return about + [t for t in targets if t.id not in addressed]

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
        return out

    def _subject(self, verb: Token, subj: Token) -> list[Ref]:
        if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return self.da.refs_with_conj(verb.head)
        refs = self.da.refs_with_conj(subj) or self._quantity(subj)
        if refs or subj.pos_ not in ("NOUN", "PROPN"):
            return refs
        if subj.lemma_.lower() in INSTRUMENT_NOUNS or self.lex.noun_sense(subj) is not None:
            # an event or an instrument stands for its owner: "Israeli strikes killed X"
            return self._owner(subj)
        return []

    def _event_agents(self, noun: Token) -> list[Ref]:
        """Who would carry out a nominal event that a request or threat names."""
        sense = self.lex.noun_sense(noun)
        if sense is None:
            return []
        sources, _, _ = self._noun_parts(noun, sense)
        return sources

    def _quantity(self, tok: Token) -> list[Ref]:
        """Actors counted by a quantity: "hundreds of Pakistanis", "dozens of soldiers"."""
        if not (tok.pos_ == "NUM" or tok.like_num or tok.lemma_.lower() in QUANTITY_NOUNS):
            return []
        return [
            r
            for c in tok.children
            if c.dep_ == "prep" and c.lemma_.lower() == "of"
            for p in c.children
            if p.dep_ == "pobj"
            for r in self.da.refs_with_conj(p)
        ]

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
                if head.dep_ in ("dobj", "attr", "nsubjpass") and head.head.pos_ == "VERB":
                    # "issued a statement condemning X": the issuer speaks
                    node = head.head
                    subj = self.subjects_of(node)
                    if subj:
                        return subj
                    continue
                return []
            if dep == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
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
            if dep == "ccomp":
                # a complement clause has its own subject; without one, stop
                return []
            subj = self.subjects_of(head)
            if subj:
                return subj
            node = head
        return []

    # ---------------------------------------------------------------- nouns
    def _noun(self, tok: Token, sense: Sense) -> Candidate | None:
        sources, targets, group = self._noun_parts(tok, sense)
        inferred = False
        lemma = tok.lemma_.lower()
        relational = lemma in RELATIONAL_NOUNS
        if relational:
            if not sources:
                sources = self._copula_subject(tok)
        elif not sources and len(group) < 2:
            sources = self._enclosing_subject(tok, exclude={r.id for r in targets + group})
            inferred = True
            if sources and not self._inference_licensed(tok, sense, targets + group):
                return None
        if not targets and not group:
            amount = _amount_object(tok.head if tok.dep_ == "compound" else tok)
            if amount is not None:
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
        if group:
            if sources:
                targets += group
                group = []
            elif len(group) == 1:
                return None
        return self._finish(sense, tok, sources, targets, group, inferred, bool(targets))

    def _noun_parts(self, tok: Token, sense: Sense) -> tuple[list[Ref], list[Ref], list[Ref]]:
        da = self.da
        carrier = tok.head if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") else tok
        relational = tok.lemma_.lower() in RELATIONAL_NOUNS
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
        if (
            node.dep_ == "pobj"
            and node.head.lemma_.lower() == "of"
            and node.head.head.lemma_.lower() in LIGHT_NOUNS
        ):
            # "announced the conclusion of a deal": the deal is what the clause is about
            node = node.head.head
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

    # ---------------------------------------------------------------- helpers
    def _loose(self, tok: Token) -> list[Ref]:
        """Actors of an argument noun, else of its actor modifiers ("Russian aggression")."""
        for c in tok.children:
            if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS:
                # "Kiryat Shmona, an Israeli town": a place, standing for its state
                place = self._loose(c)
                if place:
                    return place
        refs = self.da.refs_with_conj(tok) or self._quantity(tok)
        if refs:
            return refs
        out: list[Ref] = []
        for t in [tok, *tok.conjuncts]:
            mods = [
                r
                for c in t.children
                if c.dep_ in ("amod", "compound", "poss", "nmod")
                for r in self.da.refs_at(c)
            ]
            if not mods and t.lemma_.lower() in PLACE_NOUNS:
                # "shelled villages in Kosovo", "the outskirts of Kyiv": the place's state;
                # "the village of X in southern Lebanon": the state over the village's name
                mods = [
                    r
                    for c in t.children
                    if c.dep_ == "prep" and c.lemma_.lower() in PLACE_PREPS
                    for p in c.children
                    if p.dep_ == "pobj"
                    for r in self._loose(p) + self._prep_targets(p, PLACE_PREPS)
                ]
                states = [r for r in mods if r.actor.kind == "state"]
                mods = states or mods
            out += mods
        return out

    def _prep_targets(self, noun: Token, preps: frozenset[str]) -> list[Ref]:
        out: list[Ref] = []
        for c in noun.children:
            if c.dep_ == "prep" and c.lemma_.lower() in preps and c.lemma_.lower() != "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += self._loose(p)
        return out

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
        targets = _dedupe(
            [t for t in targets if t.id not in {s.id for s in sources}]
            if len(sources) == 1
            else targets
        )
        group = _dedupe(group)
        if not targets and not group and sense.reciprocal and len(sources) >= 2:
            group, sources = sources, []
        if not group and (not sources or not targets):
            return None
        return Candidate(sense, tok, sources, targets, group, inferred, explicit_target)


def _amount_object(node: Token) -> Token | None:
    """The verb's object when a noun is the stuff of an amount: "$5 billion in aid"."""
    head = node.head
    if node.dep_ == "pobj" and head.lemma_.lower() in ("in", "of") and head.head is not head:
        obj = head.head
        if obj.dep_ == "dobj" and obj.head.pos_ == "VERB" and (
            obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children) or obj.like_num
        ):
            return obj
    return None


def _blocked_sense(sense: Sense) -> Sense | None:
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


def _dedupe(refs: list[Ref]) -> list[Ref]:
    seen: set[str] = set()
    out: list[Ref] = []
    for r in refs:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out
