"""Actor resolution: mentions, titles, noun phrases that stand for actors, coreference.

Given a parsed document, :class:`DocActors` answers one question for the relation rules:
*which actors does this token stand for?* It combines

* gazetteer matches (names, aliases, demonyms, capitals; precompiled phrase matchers);
* spaCy entities not in the gazetteer (PERSON, ORG, some NORP), turned into actors with
  stable slug ids;
* agentive noun phrases ("North Korean troops" -> PRK sector MIL, "the Russian
  government" -> RUS, "Pentagon officials" -> Pentagon, "President Yoon's office" -> Yoon);
* titles ("NATO Secretary-General Mark Rutte") and appositions ("Lindsey Graham, a member
  of the Senate Armed Services Committee"), which yield LEADER_OF / MEMBER_OF;
* a small, linear coreference pass: "the alliance", "the bloc", "the North", "the two
  countries", "the country", "these troops", and pronouns (it/its, he/his, they/their).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from graphkit.extract.gazetteer import FORM_CAPITAL, FORM_DEMONYM, FORM_METONYM, Gazetteer
from graphkit.models import Actor, slugify

# Nouns that denote an actor's people or organs: "<actor> troops" stands for the actor.
# The value is the sector the phrase gives the actor (None keeps the actor's own).
AGENT_NOUNS: dict[str, str | None] = {
    "government": "GOV",
    "administration": "GOV",
    "official": "GOV",
    "authority": "GOV",
    "leadership": "GOV",
    "cabinet": "GOV",
    "ministry": "GOV",
    "office": "GOV",
    "spokesman": "GOV",
    "spokeswoman": "GOV",
    "spokesperson": "GOV",
    "diplomat": "GOV",
    "delegation": "GOV",
    "envoy": "GOV",
    "regime": "GOV",
    "leader": "GOV",
    "minister": "GOV",
    "embassy": "GOV",
    "negotiator": "GOV",
    "representative": "GOV",
    "state": None,
    "troop": "MIL",
    "force": "MIL",
    "soldier": "MIL",
    "military": "MIL",
    "army": "MIL",
    "navy": "MIL",
    "pilot": "MIL",
    "warship": "MIL",
    "jet": "MIL",
    "unit": "MIL",
    "personnel": "MIL",
    "commander": "MIL",
    "general": "MIL",
    "marine": "MIL",
    "coastguard": "MIL",
    "guard": "MIL",
    "vessel": "MIL",
    "ship": "MIL",
    "mercenary": "MIL",
    "battalion": "MIL",
    "brigade": "MIL",
    "drone": "MIL",
    "missile": "MIL",
    "warplane": "MIL",
    "intelligence": "SPY",
    "service": "SPY",
    "spy": "SPY",
    "agency": None,
    "parliament": "LEG",
    "lawmaker": "LEG",
    "legislator": "LEG",
    "senator": "LEG",
    "police": "COP",
    "court": "JUD",
    "prosecutor": "JUD",
    "judge": "JUD",
    "media": "MED",
    "ally": None,
    "member": None,
    "people": None,
    "side": None,
    "rebel": "REB",
    "militant": "REB",
    "fighter": "REB",
    "militia": "REB",
    "insurgent": "REB",
    "company": "BUS",
    "firm": "BUS",
}
# NORP entities the gazetteer lacks become armed/non-state groups only next to these nouns.
GROUP_NOUNS = frozenset(
    {
        "rebel",
        "militant",
        "fighter",
        "militia",
        "insurgent",
        "separatist",
        "guerrilla",
        "group",
        "movement",
        "faction",
        "protester",
        "demonstrator",
        "community",
    }
)
# Generic nouns that name their actors through "like"/"such as": "countries like Syria".
GENERIC_NOUNS = frozenset(
    {
        "country",
        "state",
        "nation",
        "regime",
        "government",
        "power",
        "ally",
        "partner",
        "neighbor",
        "neighbour",
        "member",
        "democracy",
        "economy",
        "actor",
        "player",
    }
)
# Nouns whose "the two ..." / "both ..." refers to the last pair of states mentioned.
PAIR_NOUNS = frozenset(
    {
        "country",
        "regime",
        "nation",
        "side",
        "government",
        "state",
        "neighbor",
        "neighbour",
        "leader",
        "power",
        "capital",
        "ally",
        "rival",
        "adversary",
        "party",
    }
)
STATEISH_NOUNS = frozenset(
    {"country", "regime", "nation", "government", "state", "capital", "power"}
)
BODY_HEADS = frozenset(
    {
        "ministry",
        "committee",
        "council",
        "parliament",
        "assembly",
        "court",
        "agency",
        "department",
        "commission",
        "office",
        "senate",
        "congress",
        "guard",
        "command",
    }
)


@dataclass(frozen=True)
class Ref:
    """An actor a token stands for, with how we know it."""

    actor: Actor
    sector: str | None = None
    coref: bool = False

    @property
    def id(self) -> str:
        return self.actor.id

    def as_actor(self) -> Actor:
        """The actor as it goes on a relation: the phrase's sector overrides the actor's."""
        if self.sector and self.sector != self.actor.sector:
            return self.actor.model_copy(update={"sector": self.sector})
        return self.actor


@dataclass
class Mention:
    """A span of the document that names an actor."""

    start: int
    end: int
    actor: Actor
    form: str = "name"


@dataclass
class Affiliation:
    """A LEADER_OF / MEMBER_OF / PART_OF fact found in the text (or the gazetteer)."""

    source: Actor
    type: str
    target: Actor
    role: str | None
    sent: Span
    trigger: str
    confidence: float
    from_gazetteer: bool = False  # known role only, not stated in the text


@dataclass
class DocActors:
    """Actor resolution over one parsed document."""

    doc: Doc
    gaz: Gazetteer
    day: date | None = None
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
    def build(cls, doc: Doc, gaz: Gazetteer, day: date | None, nlp_matchers: tuple) -> DocActors:
        da = cls(doc=doc, gaz=gaz, day=day, mention_at=[None] * len(doc))
        da._find_mentions(nlp_matchers)
        da._find_affiliations()
        da._resolve_coreference()
        return da

    def _find_mentions(self, matchers: tuple) -> None:
        doc = self.doc
        spans: list[Span] = []
        for matcher in matchers:
            for _, start, end in matcher(doc):
                span = doc[start:end]
                first = span[1] if span[0].lower_ == "the" and len(span) > 1 else span[0]
                # gazetteer forms are proper names: "turkey" the bird or "chad" is no state
                if first.text[:1].isalpha() and not first.text[:1].isupper():
                    continue
                spans.append(span)
        gaz_spans = filter_spans(spans)
        taken = [False] * len(doc)
        ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP")]
        overridden: set[tuple[int, int]] = set()
        for ent in ents:
            inside = [s for s in gaz_spans if s.start < ent.end and ent.start < s.end]
            if inside and self._entity_wins(ent, inside):
                overridden.update((s.start, s.end) for s in inside)
        final: list[tuple[Span, Actor, str]] = []
        for span in gaz_spans:
            if (span.start, span.end) in overridden:
                continue
            hit = self.gaz.lookup(span.text)
            if hit is None:
                continue
            entry, form = hit
            actor = self.gaz.actor(entry.actor.id, self.day)
            final.append((span, actor, form))
            for i in range(span.start, span.end):
                taken[i] = True
        surnames: dict[str, Actor] = {}
        for span, actor, _ in final:
            if actor.kind == "person":
                for tok in span:
                    surnames.setdefault(tok.lower_, actor)
        for ent in ents:
            toks = [
                t
                for t in ent
                if not (t.is_punct or t.tag_ == "POS" or t.lower_ in ("the", "'s", "\u2019s"))
            ]
            if not toks or any(taken[t.i] for t in toks):
                continue
            span = doc[toks[0].i : toks[-1].i + 1]
            ner_actor = self._ner_actor(span, ent.label_, surnames)
            if ner_actor is None:
                continue
            actor = ner_actor
            final.append((span, actor, "ner"))
            for i in range(span.start, span.end):
                taken[i] = True
            if actor.kind == "person" and len(span) >= 2:
                # later bare "Aliyev" or "Yoon" is the same person
                for tok in (span[0], span[-1]):
                    surnames.setdefault(tok.lower_, actor)
        # a surname the tagger did not mark as an entity ("Later, Ruto criticized ...")
        for tok in doc:
            if not taken[tok.i] and tok.pos_ == "PROPN" and tok.lower_ in surnames:
                final.append((doc[tok.i : tok.i + 1], surnames[tok.lower_], "ner"))
                taken[tok.i] = True
        final.sort(key=lambda x: x[0].start)
        for span, actor, form in final:
            m = Mention(span.start, span.end, actor, form)
            self.mentions.append(m)
            for i in range(span.start, span.end):
                self.mention_at[i] = m
            self.actors.setdefault(actor.id, actor)

    def _entity_wins(self, ent: Span, inside: list[Span]) -> bool:
        """Whether an NER entity replaces the gazetteer matches inside it.

        A longer person name beats a place or a bare surname inside it ("Jordan
        Bardella", "Abbas Araghchi" vs the alias "Abbas"); a party or company name beats
        a demonym inside it ("Georgian Dream"), unless the rest of it only names a part
        of that state ("Chinese Foreign Ministry" stays China's).
        """
        if not all(s.start >= ent.start and s.end <= ent.end and len(s) < len(ent) for s in inside):
            return False
        hits = [self.gaz.lookup(s.text) for s in inside]
        if ent.label_ == "PERSON":
            return all(
                h is None or h[0].actor.kind != "person" or len(s) == 1
                for h, s in zip(hits, inside, strict=True)
            )
        if ent.label_ == "ORG":
            covered = {i for s in inside for i in range(s.start, s.end)}
            rest = [t for t in ent if t.i not in covered and not t.is_punct and t.lower_ != "the"]
            agentive = AGENT_NOUNS.keys() | BODY_HEADS | self.gaz.titles.words
            return bool(rest) and not all(
                t.lemma_.lower() in agentive or t.lower_ in agentive for t in rest
            )
        return False

    def _ner_actor(self, span: Span, label: str, surnames: dict[str, Actor]) -> Actor | None:
        text = span.text.strip()
        if len(text) < 2 or not any(c.isalpha() for c in text):
            return None
        if label == "PERSON":
            # drop leading title words that NER sometimes folds into the name
            words = [t for t in span]
            while words and words[0].lower_ in self.gaz.titles.words:
                words = words[1:]
            if not words:
                return None
            name = " ".join(t.text for t in words)
            if len(words) == 1 and words[0].lower_ in surnames:
                return surnames[words[0].lower_]
            known = self.gaz.lookup(name)
            if known is not None and known[0].actor.kind == "person":
                return self.gaz.actor(known[0].actor.id, self.day)
            return Actor(id=slugify(name), name=name, kind="person", aliases=[name])
        if label == "ORG":
            if span.root.pos_ not in ("PROPN", "NOUN"):
                return None
            return Actor(id=slugify(text), name=text, kind="organization", aliases=[text])
        # NORP outside the gazetteer: a group only when it heads or modifies a group noun
        head = span.root
        if head.lower_ in (t.lower_ for t in span) and head.dep_ in ("amod", "compound"):
            if head.head.lemma_.lower() not in GROUP_NOUNS:
                return None
        elif head.pos_ not in ("PROPN", "NOUN"):
            return None
        return Actor(id=slugify(text), name=text, kind="group", aliases=[text])

    # ---------------------------------------------------------------- titles
    def _find_affiliations(self) -> None:
        titles = self.gaz.titles
        seen_person: set[str] = set()
        for m in self.mentions:
            if m.actor.kind != "person":
                continue
            sent = self.doc[m.start].sent
            found = self._title_before(m) or self._title_apposition(m)
            if found is not None:
                rel, target, role, conf = found
                self._add_aff(
                    m.actor, rel, target, role, sent, self.doc[m.start : m.end].text, conf
                )
            elif m.actor.id not in seen_person and m.actor.id in self.gaz.entries:
                # a known leader without a title in the text: the role valid on the date
                known = self.gaz.role_on(m.actor.id, self.day)
                if known is not None and known.of in self.gaz.entries:
                    target = self.gaz.actor(known.of, self.day)
                    self._add_aff(
                        m.actor,
                        "LEADER_OF",
                        target,
                        known.title,
                        sent,
                        self.doc[m.start : m.end].text,
                        0.6,
                        from_gazetteer=True,
                    )
            seen_person.add(m.actor.id)
        del titles

    def _add_aff(
        self,
        person: Actor,
        rel: str,
        target: Actor,
        role: str | None,
        sent: Span,
        trigger: str,
        conf: float,
        from_gazetteer: bool = False,
    ) -> None:
        if person.id == target.id:
            return
        if from_gazetteer and any(
            a.source.id == person.id and a.type == rel for a in self.affiliations
        ):
            return
        self.affiliations.append(
            Affiliation(person, rel, target, role, sent, trigger, conf, from_gazetteer)
        )
        if rel == "LEADER_OF":
            self.leader_of.setdefault(target.id, person.id)
            self.leads.setdefault(person.id, target.id)
            if target.kind == "state" and person.country is None:
                updated = person.model_copy(update={"country": target.id})
                self._replace_actor(updated)

    def _replace_actor(self, actor: Actor) -> None:
        self.actors[actor.id] = actor
        for m in self.mentions:
            if m.actor.id == actor.id:
                m.actor = actor

    def _title_before(self, m: Mention) -> tuple[str, Actor, str, float] | None:
        """``NATO Secretary-General Mark Rutte``, ``EU foreign policy chief Kaja Kallas``.

        Walks left from the name over the noun-phrase premodifiers (title words and the
        nouns/adjectives between them) up to an actor mention; the title is the run of
        words ending right before the name and must end in a known title word.
        """
        doc = self.doc
        words = self.gaz.titles.words
        i = m.start - 1
        title_toks: list[Token] = []
        org: Actor | None = None
        while i >= 0 and m.start - i <= 6:
            t = doc[i]
            mm = self.mention_at[i]
            if mm is not None:
                if mm.actor.kind != "person" and title_toks:
                    org = mm.actor
                break
            if t.tag_ == "POS" and title_toks and i > 0:
                i -= 1
                continue
            if (
                t.lower_ in words
                or t.text in ("-", "\u2013")
                or (title_toks and t.pos_ in ("NOUN", "ADJ", "PROPN") and t.is_alpha)
            ):
                title_toks.insert(0, t)
                i -= 1
                continue
            break
        while title_toks and title_toks[0].text in ("-", "\u2013"):
            title_toks.pop(0)
        if not title_toks or title_toks[-1].lower_ not in words:
            return None
        role = _title_text(title_toks)
        rel = self.gaz.titles.relation(role) or self._title_relation_from_words(title_toks)
        if rel is None:
            return None
        role_disp = _display_title(title_toks)
        if org is not None:
            return rel, org, role_disp, 0.95
        role_g = self.gaz.role_on(m.actor.id, self.day)
        if role_g is not None and role_g.of in self.gaz.entries:
            return rel, self.gaz.actor(role_g.of, self.day), role_disp, 0.8
        if rel == "LEADER_OF" and m.actor.id not in self.gaz.entries:
            # "Prime Minister Irakli Kobakhidze" with no country named: the state the
            # article has mentioned most so far (a weak guess, hence low confidence)
            state = self._salient_state(m.start)
            if state is not None:
                return rel, state, role_disp, 0.6
        return None

    def _salient_state(self, before: int) -> Actor | None:
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for mm in self.mentions:
            if mm.start >= before:
                break
            if mm.actor.kind == "state":
                counts[mm.actor.id] = counts.get(mm.actor.id, 0) + 1
                first.setdefault(mm.actor.id, mm.start)
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], -first[k]))
        return self.actors.get(best)

    def _title_relation_from_words(self, toks: list[Token]) -> str | None:
        # "Foreign Minister" not listed as a whole still ends in a known title word
        for n in range(len(toks)):
            rel = self.gaz.titles.relation(_title_text(toks[n:]))
            if rel:
                return rel
        return None

    def _title_apposition(self, m: Mention) -> tuple[str, Actor, str, float] | None:
        """``Lindsey Graham, a member of the Senate Armed Services Committee``."""
        head = self.doc[m.end - 1]
        if self.mention_at[head.i] is not m:
            return None
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        for noun in cands:
            role_toks = [c for c in noun.children if c.dep_ == "compound"] + [noun]
            role = _title_text(role_toks)
            rel = self.gaz.titles.relation(role) or self.gaz.titles.relation(noun.lemma_)
            if rel is None:
                continue
            org = None
            for c in noun.children:
                if c.dep_ == "prep" and c.lemma_ in ("of", "for", "at", "in"):
                    for p in c.children:
                        mm = self.mention_at[p.i]
                        if p.dep_ == "pobj" and mm is not None and mm.actor.kind != "person":
                            org = mm.actor
                if c.dep_ in ("amod", "compound", "poss", "nmod"):
                    mm = self.mention_at[c.i]
                    if mm is not None and mm.actor.kind != "person":
                        org = mm.actor
            if org is not None:
                return rel, org, _display_title(role_toks), 0.9
        return None

    # ---------------------------------------------------------------- coreference
    def _resolve_coreference(self) -> None:
        doc = self.doc
        last_generic: dict[str, Ref] = {}
        last_np: dict[str, list[Ref]] = {}
        last_pair: list[Ref] = []
        pair_age = 0
        state_counts: dict[str, list] = {}
        last_person: Ref | None = None
        last_state: Ref | None = None
        prev_subject: list[Ref] = []
        prev_first: list[Ref] = []
        korea = False
        for sent in doc.sents:
            sent_refs: list[tuple[int, Ref]] = []
            # "the two countries" is a pair named together just before, otherwise the
            # article's two most mentioned states
            pair_now = last_pair
            if pair_age > 1 or not last_pair:
                top = sorted(state_counts.values(), key=lambda x: (-x[0], x[1]))
                pair_now = [x[2] for x in top[:2]] if len(top) >= 2 else last_pair
            for tok in sent:
                m = self.mention_at[tok.i]
                if m is not None and m.start == tok.i:
                    ref = Ref(m.actor)
                    sent_refs.append((tok.i, ref))
                    entry = self.gaz.get(m.actor.id)
                    if entry is not None:
                        for g in entry.generic:
                            last_generic[g.lower()] = ref
                    if m.actor.kind == "person":
                        last_person = ref
                    if m.actor.kind == "state":
                        last_state = ref
                        korea = korea or m.actor.id in ("PRK", "KOR")
                    if m.actor.kind in ("state", "group"):
                        entry_c = state_counts.setdefault(m.actor.id, [0, tok.i, ref])
                        entry_c[0] += 1
                    continue
                if m is not None:
                    continue
                if tok.pos_ == "NOUN" and tok.lemma_.lower() in AGENT_NOUNS:
                    got = self.np_refs(tok, use_coref=False)
                    if got:
                        last_np[tok.lemma_.lower()] = got
                        continue
                if not self._may_corefer(tok, last_np):
                    continue
                refs = self._coref_token(
                    tok,
                    sent,
                    sent_refs,
                    last_generic,
                    last_np,
                    pair_now,
                    last_person,
                    last_state,
                    prev_subject,
                    prev_first,
                    korea,
                )
                if refs:
                    self.coref[tok.i] = refs
                    sent_refs.append((tok.i, refs[0]))
                    if refs[0].actor.kind == "person" and len(refs) == 1:
                        last_person = refs[0]
            pair = self._sentence_pair(sent)
            pair_age += 1
            if pair:
                last_pair = pair
                pair_age = 0
            prev_subject = self._root_subject(sent)
            prev_first = [r for _, r in sent_refs[:1]]

    def _may_corefer(self, tok: Token, last_np: dict[str, list[Ref]]) -> bool:
        """Cheap filter: only pronouns and a few noun classes can refer back."""
        pos = tok.pos_
        if pos == "PRON":
            return tok.lower_ in _PRONOUNS
        if pos not in ("NOUN", "PROPN"):
            return False
        lemma = tok.lemma_.lower()
        return (
            lemma in self.gaz.generic
            or lemma in PAIR_NOUNS
            or lemma in last_np
            or tok.lower_ in ("north", "south")
        )

    def _coref_token(
        self,
        tok: Token,
        sent: Span,
        sent_refs: list[tuple[int, Ref]],
        last_generic: dict[str, Ref],
        last_np: dict[str, list[Ref]],
        last_pair: list[Ref],
        last_person: Ref | None,
        last_state: Ref | None,
        prev_subject: list[Ref],
        prev_first: list[Ref],
        korea: bool,
    ) -> list[Ref]:
        low = tok.lower_
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PRON":
            if low in ("it", "its", "itself"):
                want = "thing"
            elif low in ("he", "him", "his", "she", "her", "himself", "herself"):
                want = "person"
            elif low in ("they", "them", "their", "themselves"):
                want = "any"
            else:
                return []
            near = self._antecedent(tok, want)
            if near:
                return [_as_coref(r) for r in near]
            if want == "thing":
                cands = [r for r in prev_subject if r.actor.kind != "person"]
                if len(cands) == 1:
                    return [_as_coref(cands[0])]
                firsts = [r for r in prev_first if r.actor.kind != "person"]
                if firsts:
                    return [_as_coref(firsts[0])]
                # cataphora: "While it has long been an ally ..., South Korea must ..."
                window = range(tok.i + 1, min(sent.end, tok.i + 40))
                later = [
                    mm
                    for mm in (self.mention_at[i] for i in window)
                    if mm is not None and mm.actor.kind != "person"
                ]
                if later and tok.dep_ in ("nsubj", "nsubjpass"):
                    return [Ref(later[0].actor, coref=True)]
                return []
            if want == "person":
                return [_as_coref(last_person)] if last_person else []
            if len(prev_subject) > 1:
                return [_as_coref(r) for r in prev_subject]
            return [_as_coref(r) for r in last_pair]
        det = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
        nums = {c.lower_ for c in tok.children if c.dep_ == "nummod"}
        has_actor_mod = any(
            self.mention_at[c.i] is not None
            for c in tok.children
            if c.dep_ in ("amod", "compound", "poss", "nmod")
        )
        if has_actor_mod:
            return []
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and lemma in self.gaz.generic
            and det & {"the", "this", "that"}
        ):
            ref = last_generic.get(lemma)
            if ref is not None:
                return [_as_coref(ref)]
        if tok.pos_ == "PROPN" and low in ("north", "south") and "the" in det and korea:
            gid = "PRK" if low == "north" else "KOR"
            if gid in self.gaz.entries:
                return [Ref(self.gaz.actor(gid, self.day), coref=True)]
        if (
            tok.pos_ == "NOUN"
            and lemma in PAIR_NOUNS
            and (("two" in nums and det & {"the", "these", "those"}) or det & {"both"})
        ):
            pair = last_pair
            if lemma in STATEISH_NOUNS:
                pair = [self._led_state(r) for r in pair]
                if any(r.actor.kind == "group" for r in pair):
                    return []
            return [_as_coref(r) for r in pair] if len(pair) == 2 else []
        if (
            tok.pos_ == "NOUN"
            and lemma in ("country", "nation")
            and det == {"the"}
            and tok.tag_ == "NN"
        ):
            cands = [r for r in prev_subject if r.actor.kind == "state"]
            if len(cands) == 1:
                return [_as_coref(cands[0])]
            return [_as_coref(last_state)] if last_state else []
        if (
            tok.pos_ == "NOUN"
            and lemma in last_np
            and det & {"the", "these", "those", "this", "that"}
        ):
            return [_as_coref(r) for r in last_np[lemma]]
        return []

    def _antecedent(self, pron: Token, want: str) -> list[Ref]:
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
                if (
                    not has_subj
                    and head.dep_ in ("conj", "xcomp", "advcl")
                    and head.head is not head
                ):
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
                    refs = [r for r in self.refs_with_conj(arg) if _fits(r, want)]
                    if refs:
                        cands.append((arg.i, c.dep_ in ("nsubj", "nsubjpass"), refs))
                if cands:
                    if is_subject and any(sub for _, sub, _ in cands):
                        cands = [x for x in cands if x[1]]
                    return max(cands, key=lambda x: x[0])[2]
            node = head
        return []

    def _led_state(self, ref: Ref) -> Ref:
        if ref.actor.kind == "person" and ref.actor.id in self.leads:
            led = self.leads[ref.actor.id]
            actor = self.actors.get(led) or (
                self.gaz.actor(led, self.day) if led in self.gaz.entries else None
            )
            if actor is not None:
                return Ref(actor, coref=True)
        return ref

    def _sentence_pair(self, sent: Span) -> list[Ref]:
        """The last two actors coordinated in a sentence ("between Russia and North Korea")."""
        pair: list[Ref] = []
        for tok in sent:
            m = self.mention_at[tok.i]
            if m is None or tok.i != m.end - 1:
                continue
            conj = [c for c in tok.children if c.dep_ == "conj"]
            if len(conj) != 1 or list(
                conj[0].children and [c for c in conj[0].children if c.dep_ == "conj"]
            ):
                continue
            other = self.refs_at(conj[0], use_coref=False)
            if len(other) == 1 and other[0].id != m.actor.id:
                pair = [Ref(m.actor), other[0]]
        return pair

    def _root_subject(self, sent: Span) -> list[Ref]:
        root = sent.root
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self.refs_with_conj(c)
        return []

    def _clause_subject_refs(self, tok: Token) -> list[Ref]:
        node = tok.head
        for _ in range(8):
            if node.pos_ in ("VERB", "AUX"):
                for c in node.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        return self.refs_with_conj(c)
            if node.head is node:
                break
            node = node.head
        return []

    # ---------------------------------------------------------------- queries
    def refs_at(self, tok: Token, use_coref: bool = True) -> list[Ref]:
        """The actors a single token stands for (no coordination expansion)."""
        m = self.mention_at[tok.i]
        if m is not None:
            if m.form == FORM_DEMONYM and tok.i == m.end - 1 and tok.dep_ in ("amod", "compound"):
                # "North Korean" modifying a noun: the noun phrase decides (troops -> MIL)
                return [Ref(m.actor)]
            return [Ref(m.actor, sector=_form_sector(m))]
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
        if lemma in AGENT_NOUNS or lemma in self.gaz.titles.leader:
            sector = AGENT_NOUNS.get(lemma)
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "poss", "nmod"):
                    for r in self._modifier_refs(c, use_coref):
                        out.append(
                            r if sector is None else Ref(r.actor, sector=sector, coref=r.coref)
                        )
                elif c.dep_ == "prep" and c.lemma_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(self.refs_with_conj(p, use_coref))
            if lemma in self.gaz.titles.leader and out:
                # "the South Korean president" is the person leading that state, if known
                led = [self._leader_ref(r) for r in out]
                out = led
        if not out and lemma in GENERIC_NOUNS:
            for c in tok.children:
                if c.dep_ == "prep" and c.lemma_ in ("like", "as", "including"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(self.refs_with_conj(p, use_coref))
                        elif p.dep_ == "prep":
                            for q in p.children:
                                if q.dep_ == "pobj":
                                    out.extend(self.refs_with_conj(q, use_coref))
        self._np_cache[key] = out
        return out

    def _modifier_refs(self, c: Token, use_coref: bool) -> list[Ref]:
        m = self.mention_at[c.i]
        if m is not None:
            return [Ref(m.actor)]
        if use_coref and c.i in self.coref:
            return self.coref[c.i]
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
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


_PRONOUNS = frozenset(
    {
        "it",
        "its",
        "itself",
        "he",
        "him",
        "his",
        "she",
        "her",
        "himself",
        "herself",
        "they",
        "them",
        "their",
        "themselves",
    }
)


def _fits(r: Ref, want: str) -> bool:
    if want == "person":
        return r.actor.kind == "person"
    if want == "thing":
        return r.actor.kind != "person"
    return True


def _as_coref(r: Ref) -> Ref:
    return Ref(r.actor, sector=r.sector, coref=True)


def _form_sector(m: Mention) -> str | None:
    if m.form.startswith(FORM_METONYM):
        return m.form[len(FORM_METONYM) :] or None
    if m.form == FORM_CAPITAL and m.actor.kind == "state":
        return "GOV"
    return None


def _conjuncts(tok: Token) -> list[Token]:
    """Coordinated tokens, plus actor-like appositions in lists ("A, B, and C")."""
    out = list(tok.conjuncts)
    for t in [tok, *out]:
        for c in t.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and c not in out and c is not tok:
                out.append(c)
    return out


def _title_text(toks: list[Token]) -> str:
    text = ""
    for t in toks:
        if t.text in ("-", "–"):
            text += "-"
        elif text and not text.endswith("-"):
            text += " " + t.lower_
        else:
            text += t.lower_
    return text


def _display_title(toks: list[Token]) -> str:
    text = ""
    for t in toks:
        if t.text in ("-", "–"):
            text += "-"
        elif text and not text.endswith("-"):
            text += " " + t.text
        else:
            text += t.text
    return text
