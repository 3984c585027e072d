"""The word lists of the argument rules, read once from ``data/lexicon/arguments.yaml``,
and the type sets the rules use."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from graphkit.errors import ConfigError
from graphkit.extraction.datafile import read_mapping, word_set
from graphkit.resource import data_path

ARGUMENTS_FILE = data_path("lexicon", "arguments.yaml")

MAX_CLIMB = 8
# Types whose target may be the subject of a clausal complement ("requested that X ...",
# "agreed that X will join", "welcomed that X had signed").
CLAUSAL_TARGET_TYPES = frozenset({"REQUEST", "AGREE", "SUPPORT"})
# Material acts whose purpose clause is part of the act ("sending troops to support X").
MATERIAL_TYPES = frozenset({"MOBILIZE", "AID", "ASSAULT", "COOPERATE"})
# Nominal events whose agent is inferred from the clause only when they are its object.
STRICT_NOMINAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "AID"})
# Help whose blocking is a sanction ("halted aid to X").
MATERIAL_HELP_TYPES = frozenset({"AID", "COOPERATE"})
# Stances toward an event named as their object ("condemned the invasion", "welcomed the
# deal"): the event is not the stance-taker's own.
STANCE_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "PROTEST"})
# Acts that several subjects with no other party do with each other ("A and B agreed").
JOINT_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Nominal acts whose complement clause names their target ("a demand that X withdraw").
CLAUSAL_NOUN_TYPES = frozenset({"ACCUSE", "REQUEST", "AGREE", "SUPPORT"})
# Acts coded to the state of the civilians who do them, or to whom they are done.
CIVILIAN_SOURCE_TYPES = frozenset({"PROTEST"})
CIVILIAN_TARGET_TYPES = frozenset({"COERCE", "ASSAULT", "SANCTION", "AID"})
# Acts whose object noun names a partner through "with" ("agreed to talks with X").
PARTNERED_TYPES = frozenset({"AGREE", "REJECT", "SUPPORT", "CONSULT", "COOPERATE"})
# Types whose complement clause is wanted, not done ("demanded that X withdraw").
DEMAND_TYPES = frozenset({"REQUEST", "THREATEN"})


@dataclass(frozen=True)
class ArgumentWords:
    """Lemma lists of the argument rules; ``arguments.yaml`` documents each one."""

    object_control: frozenset[str]
    relational_nouns: frozenset[str]
    relative_pronouns: frozenset[str]
    blocking_verbs: frozenset[str]
    instrument_nouns: frozenset[str]
    topic_verbs: frozenset[str]
    quantity_nouns: frozenset[str]
    place_nouns: frozenset[str]
    place_preps: frozenset[str]
    light_nouns: frozenset[str]
    complaint_preps: frozenset[str]
    addressee_preps: frozenset[str]
    speech_nouns: frozenset[str]
    command_verbs: frozenset[str]
    goal_nouns: frozenset[str]
    measure_nouns: frozenset[str]
    measure_preps: frozenset[str]
    exchange_nouns: frozenset[str]
    exchange_preps: frozenset[str]
    stopping_nouns: frozenset[str]
    breaking_verbs: frozenset[str]
    particle_hosts: frozenset[str]


def load_words(path: Path | None = None) -> ArgumentWords:
    """Read an arguments file.

    Raises:
        ConfigError: if the file is unreadable, lacks a list, or has an unknown key.
    """
    path = path or ARGUMENTS_FILE
    raw = read_mapping(path, "word-list file")
    names = [f.name for f in fields(ArgumentWords)]
    unknown = sorted(set(raw) - set(names))
    if unknown:
        raise ConfigError(f"{path}: unknown word lists {unknown}")
    return ArgumentWords(**{n: word_set(raw.get(n), path, n) for n in names})


@cache
def default_words() -> ArgumentWords:
    """The packaged word lists, loaded once per process."""
    return load_words()
