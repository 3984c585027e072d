"""Known actors: states, organisations, armed groups, state bodies and leaders.

Everything lives in readable YAML under ``data/gazetteer/`` so users can extend it
without touching code. States get their ISO3 ids and the names pycountry knows; the
files add short names, demonyms, capitals and seats of power. Persons carry
date-bounded roles (``Yoon Suk Yeol`` led ``KOR`` from 2022-05-10 to 2025-04-04); the
role valid on an article's date decides whom a person leads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from graphkit.errors import ConfigError
from graphkit.models import Actor

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_DIR = DATA_DIR / "gazetteer"

# How a surface form refers to its actor; demonyms and capitals need different handling
# (a demonym modifies a noun, a capital is a metonym for the state).
FORM_NAME = "name"
FORM_DEMONYM = "demonym"
FORM_CAPITAL = "capital"
FORM_METONYM = "metonym:"  # followed by the sector the form gives its state


@dataclass(frozen=True)
class Role:
    """A title a person held in a state or organisation, for a span of time."""

    title: str
    of: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Entry:
    """One gazetteer actor with what the extractor needs beyond the ``Actor`` itself."""

    actor: Actor
    generic: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass
class Titles:
    """Role titles, lower-case, split by the standing relation they imply."""

    leader: frozenset[str] = frozenset()
    member: frozenset[str] = frozenset()

    def relation(self, title: str) -> str | None:
        t = title.lower()
        if t in self.leader:
            return "LEADER_OF"
        if t in self.member:
            return "MEMBER_OF"
        return None

    words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # every single word of some title, for scanning noun-phrase premodifiers
        out: set[str] = set()
        for t in self.leader | self.member:
            out.update(re.split(r"[\s-]+", t))
        self.words = frozenset(out)


@dataclass
class Gazetteer:
    """The actor gazetteer; build it with :meth:`load`."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    generic: dict[str, list[str]] = field(default_factory=dict)
    titles: Titles = field(default_factory=Titles)
    _matchers: dict[int, tuple[PhraseMatcher, PhraseMatcher]] = field(default_factory=dict)

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, directory: Path | None = None) -> Gazetteer:
        """Read every ``*.yaml`` file of the gazetteer directory.

        Raises:
            ConfigError: if a file is not valid YAML or an entry lacks ``id``/``name``.
        """
        directory = directory or GAZETTEER_DIR
        gaz = cls()
        for path in sorted(directory.glob("*.yaml")):
            try:
                raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ConfigError(f"gazetteer file {path} is not valid YAML: {exc}") from None
            try:
                gaz._add_file(raw)
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(f"gazetteer file {path}: bad entry ({exc})") from None
        return gaz

    def _add_file(self, raw: dict[str, Any]) -> None:
        for item in raw.get("states", []) or []:
            self._add_state(item)
        for item in raw.get("organizations", []) or []:
            self._add(item, "organization", sector=item.get("sector", "IGO"))
        for item in raw.get("groups", []) or []:
            item = {"generic": ["group", "movement", "militia", "organization"], **item}
            self._add(item, "group", sector=item.get("sector"))
        for item in raw.get("bodies", []) or []:
            if item.get("metonym"):
                # a state's own armed forces read as the state: "the IDF struck" -> ISR, MIL
                code = str(item["country"]).upper()
                for n in [item["name"], *item.get("aliases", [])]:
                    self._form(n, code, f"{FORM_METONYM}{item.get('sector') or 'GOV'}")
                continue
            self._add(item, "body", sector=item.get("sector"))
        for item in raw.get("persons", []) or []:
            self._add_person(item)
        if "leader" in raw or "member" in raw:
            self.titles = Titles(
                leader=self.titles.leader | {t.lower() for t in raw.get("leader", [])},
                member=self.titles.member | {t.lower() for t in raw.get("member", [])},
            )

    def _add_state(self, item: dict[str, Any]) -> None:
        code = str(item["id"]).upper()
        aliases = list(item.get("aliases", []))
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                # "Korea, Republic of" style names never occur in running text
                if value and "," not in value and "(" not in value:
                    aliases.append(re.sub(r"^the\s+", "", value, flags=re.I))
        demonyms = tuple(item.get("demonyms", []))
        capitals = tuple(item.get("capitals", []))
        actor = Actor(
            id=code,
            name=item["name"],
            kind="state",
            aliases=_unique([*aliases, *demonyms, *capitals]),
            country=code,
            wikidata=item.get("wikidata"),
        )
        entry = Entry(actor=actor, demonyms=demonyms, capitals=capitals)
        self._register(entry, [item["name"], *aliases])
        for d in demonyms:
            self._form(d, code, FORM_DEMONYM)
        for c in capitals:
            self._form(c, code, FORM_CAPITAL)

    def _add(self, item: dict[str, Any], kind: str, sector: str | None) -> None:
        actor = Actor(
            id=str(item["id"]),
            name=item["name"],
            kind=kind,  # type: ignore[arg-type]
            aliases=_unique(item.get("aliases", [])),
            country=item.get("country"),
            sector=sector,
            wikidata=item.get("wikidata"),
        )
        entry = Entry(actor=actor, generic=tuple(item.get("generic", [])))
        self._register(entry, [item["name"], *actor.aliases])
        for g in entry.generic:
            self.generic.setdefault(g.lower(), []).append(actor.id)

    def _add_person(self, item: dict[str, Any]) -> None:
        roles = tuple(
            Role(
                title=r["title"],
                of=str(r["of"]),
                start=_as_date(r.get("start")),
                end=_as_date(r.get("end")),
            )
            for r in item.get("roles", []) or []
        )
        actor = Actor(
            id=str(item["id"]),
            name=item["name"],
            kind="person",
            aliases=_unique(item.get("aliases", [])),
            wikidata=item.get("wikidata"),
        )
        entry = Entry(actor=actor, roles=roles)
        self._register(entry, [item["name"], *actor.aliases])

    def _register(self, entry: Entry, names: Iterable[str]) -> None:
        self.entries[entry.actor.id] = entry
        for n in names:
            self._form(n, entry.actor.id, FORM_NAME)

    def _form(self, text: str, actor_id: str, form: str) -> None:
        key = text.strip()
        if not key:
            return
        bucket = self.forms.setdefault(key.lower(), [])
        if (actor_id, form) not in bucket:
            bucket.append((actor_id, form))

    # ---------------------------------------------------------------- queries
    def actors(self) -> list[Actor]:
        """Every gazetteer actor, with countries of persons set from their latest role."""
        return [self.actor(aid) for aid in self.entries]

    def actor(self, actor_id: str, on: date | None = None) -> Actor:
        """The actor with this id; a person's ``country`` follows the role valid ``on``."""
        entry = self.entries[actor_id]
        if entry.actor.kind != "person":
            return entry.actor
        role = self.role_on(actor_id, on)
        country = None
        if role is not None:
            target = self.entries.get(role.of)
            country = target.actor.country if target else None
        return entry.actor.model_copy(update={"country": country})

    def get(self, actor_id: str) -> Entry | None:
        return self.entries.get(actor_id)

    def lookup(self, text: str) -> tuple[Entry, str] | None:
        """The entry a surface form names (first registered wins), and how it names it."""
        hits = self.forms.get(text.strip().lower())
        if not hits:
            return None
        for actor_id, form in hits:
            if actor_id in self.entries:
                return self.entries[actor_id], form
        return None

    def role_on(self, person_id: str, on: date | None) -> Role | None:
        """The role of a person valid on a date (the latest role when no date is known)."""
        entry = self.entries.get(person_id)
        if entry is None or not entry.roles:
            return None
        if on is None:
            return max(entry.roles, key=lambda r: r.start or date.min)
        valid = [r for r in entry.roles if r.valid_on(on)]
        return max(valid, key=lambda r: r.start or date.min) if valid else None

    def matchers(self, nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher]:
        """Phrase matchers over every surface form, built once per vocabulary.

        Acronyms and other all-capital forms ("US", "WHO") match case-sensitively so
        that the pronoun "us" or the question word "who" never become actors; every
        other form matches case-insensitively and the caller checks capitalisation.
        """
        key = id(nlp.vocab)
        if key not in self._matchers:
            lower = PhraseMatcher(nlp.vocab, attr="LOWER")
            orth = PhraseMatcher(nlp.vocab, attr="ORTH")
            seen_lower: list[str] = []
            seen_orth: list[str] = []
            originals: dict[str, str] = {}
            for entry in self.entries.values():
                a = entry.actor
                for text in (a.name, *a.aliases):
                    originals.setdefault(text.lower(), text)
            for low in self.forms:
                text = originals.get(low, low)
                if _is_acronym(text):
                    seen_orth.append(text)
                else:
                    seen_lower.append(low)
            lower.add("GAZ", [nlp.make_doc(t) for t in seen_lower])
            orth.add("GAZ", [nlp.make_doc(t) for t in seen_orth])
            self._matchers[key] = (lower, orth)
        return self._matchers[key]


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        if i and i not in seen:
            seen[i] = None
    return list(seen)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
