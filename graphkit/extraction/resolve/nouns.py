"""The word lists of actor resolution, read once from ``data/lexicon/nouns.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from graphkit.errors import ConfigError
from graphkit.extraction.datafile import read_mapping
from graphkit.ontology import default_ontology
from graphkit.resource import data_path

LEXICON_DIR = data_path("lexicon")
NOUNS_FILE = LEXICON_DIR / "nouns.yaml"
# agent nouns derived from CAMEO's Phoenix dictionary (scripts/convert_agents.py)
AGENTS_FILE = LEXICON_DIR / "agents.yaml"

_LIST_KEYS = (
    "civilian_nouns",
    "group_nouns",
    "generic_nouns",
    "pair_nouns",
    "stateish_nouns",
    "territory_nouns",
    "body_heads",
)
_PRONOUN_CLASSES = ("thing", "person", "any")


@dataclass(frozen=True)
class Nouns:
    """Lemma lists that tell which noun phrases stand for actors (see ``nouns.yaml``).

    Attributes:
        agent: lemma -> sector the phrase gives its actor (None keeps the actor's own);
            the curated ``agent_nouns`` merged over the CAMEO-derived ``agents.yaml``.
        phrases: multiword agents, as words ending in the head's lemma ("riot",
            "police") -> sector; they win over their head alone.
        curated: the curated single-word agent nouns (a name made of these and a
            demonym is a part of the state, not an organisation of its own).
        civilian: people who are no agents of their state ("farmers", "students").
        group: nouns next to which an unknown NORP entity is an armed/non-state group.
        generic: nouns that name their actors through "like"/"such as".
        pair: nouns whose "the two ..." refers to the last pair mentioned.
        stateish: pair nouns that mean states.
        territory: what only a state has ("its border" refers back to a state).
        body_heads: head words of names of state bodies.
        pronouns: pronoun -> what it can stand for ("thing", "person" or "any").
    """

    agent: dict[str, str | None]
    phrases: dict[tuple[str, ...], str | None]
    curated: frozenset[str]
    civilian: frozenset[str]
    group: frozenset[str]
    generic: frozenset[str]
    pair: frozenset[str]
    stateish: frozenset[str]
    territory: frozenset[str]
    body_heads: frozenset[str]
    pronouns: dict[str, str]

    @cached_property  # read once per candidate noun: computed once per word-list load
    def phrase_len(self) -> int:
        """Words in the longest multiword agent."""
        return max((len(k) for k in self.phrases), default=1)


def load_nouns(path: Path | None = None, agents: Path | None = AGENTS_FILE) -> Nouns:
    """Read a nouns file and, optionally, the derived agents file, curated entries winning.

    Args:
        path: the curated word lists (default: the packaged ``data/lexicon/nouns.yaml``).
        agents: the derived agent nouns (default: ``data/lexicon/agents.yaml``); None or
            a missing file reads none.

    Raises:
        ConfigError: if a file is unreadable, not a mapping, lacks a list, or gives an
            agent noun a sector the ontology does not know.
    """
    path = path or NOUNS_FILE
    raw = _read(path)
    sectors = set(default_ontology().sectors)
    curated = _agent_map(raw.get("agent_nouns"), sectors, path, "agent_nouns")
    merged: dict[str, str | None] = {}
    if agents is not None and agents.is_file():
        merged.update(_agent_map(_read(agents).get("agents"), sectors, agents, "agents"))
    merged.update(curated)
    agent = {k: v for k, v in merged.items() if " " not in k}
    phrases = {tuple(k.split()): v for k, v in merged.items() if " " in k}
    lists = {key: _word_set(raw.get(key), path, key) for key in _LIST_KEYS}
    pronouns: dict[str, str] = {}
    groups = raw.get("pronouns")
    if not isinstance(groups, dict) or set(groups) - set(_PRONOUN_CLASSES):
        raise ConfigError(
            f"nouns file {path}: 'pronouns' must map {'/'.join(_PRONOUN_CLASSES)} to lists"
        )
    for cls, words in groups.items():
        for w in _word_set(words, path, f"pronouns.{cls}"):
            pronouns[w] = cls
    return Nouns(
        agent=agent,
        phrases=phrases,
        curated=frozenset(k for k in curated if " " not in k),
        civilian=lists["civilian_nouns"],
        group=lists["group_nouns"],
        generic=lists["generic_nouns"],
        pair=lists["pair_nouns"],
        stateish=lists["stateish_nouns"],
        territory=lists["territory_nouns"],
        body_heads=lists["body_heads"],
        pronouns=pronouns,
    )


@cache
def default_nouns() -> Nouns:
    """The packaged word lists, loaded once per process."""
    return load_nouns()


def _agent_map(value: Any, sectors: set[str], path: Path, key: str) -> dict[str, str | None]:
    if not isinstance(value, dict):
        raise ConfigError(f"nouns file {path}: {key!r} must map lemmas to sectors")
    out: dict[str, str | None] = {}
    for word, sector in value.items():
        if not isinstance(word, str) or not word.strip():
            raise ConfigError(f"nouns file {path}: {key!r} has a key that is not a word")
        if sector is not None and sector not in sectors:
            raise ConfigError(
                f"nouns file {path}: {key}.{word} has sector {sector!r}, "
                f"not one of the ontology's {sorted(sectors)}"
            )
        out[" ".join(word.lower().split())] = sector
    return out


def _word_set(value: Any, path: Path, key: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ConfigError(f"nouns file {path}: {key!r} must be a list of words")
    return frozenset(w.strip().lower() for w in value)


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, "lexicon file")
