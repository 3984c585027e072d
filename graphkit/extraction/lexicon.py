"""The trigger lexicon and the modality cues, read from ``data/lexicon/``.

A trigger maps a verb or noun lemma (with optional dependency conditions such as a
particle, an object lemma or a modifier) to a relation type, a PLOVER mode and a short
predicate. Users extend ``triggers.yaml`` and ``modality.yaml`` without code changes.

Two kinds of trigger files are read: the hand-curated ``triggers.yaml`` and generated
lexicons (``*_triggers.yaml``, e.g. ``cameo_triggers.yaml`` made by
``scripts/convert_cameo.py``). For a lemma in both, the curated senses are tried first
and the generated ones only after them; ``trigger_exclusions.yaml`` vetoes generated
senses without editing generated data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from graphkit.errors import ConfigError
from graphkit.extraction.condition import _conditions_hold, _sporting
from graphkit.extraction.datafile import read_mapping
from graphkit.extraction.datafile import word as _word
from graphkit.ontology import default_ontology
from graphkit.resource import data_path

LEXICON_DIR = data_path("lexicon")

_SENSE_KEYS = {
    "type",
    "mode",
    "predicate",
    "particle",
    "object",
    "object_actor",
    "modifier",
    "prep_object",
    "prep_object_any",
    "prep_target",
    "targets",
    "of",
    "theme_is_source",
    "reciprocal",
    "subject_kind",
    "subject",
    "object_proper",
    "no_complement",
    "reverse",
}


GENERATED_GLOB = "*_triggers.yaml"
EXCLUSIONS_FILE = "trigger_exclusions.yaml"
_TRIGGER_KEYS = {"default_target_preps", "sport_words", "verbs", "nouns", "adjectives"}
_GENERATED_KEYS = {"verbs", "nouns"}


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word."""

    lemma: str
    type: str
    predicate: str
    mode: str | None = None
    particle: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    object_actor: bool = False
    modifier: frozenset[str] = frozenset()
    prep_object: frozenset[str] = frozenset()
    prep_object_any: bool = False
    prep_target: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    of: str = "target"
    theme_is_source: bool = False
    reciprocal: bool = False
    subject_kind: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    object_proper: bool = False
    no_complement: bool = False
    reverse: bool = False
    generated: bool = False

    @property
    def conditional(self) -> bool:
        """Whether the sense has a condition that a bare sense of the lemma lacks."""
        return bool(
            self.particle
            or self.object
            or self.modifier
            or self.prep_object
            or self.subject
            or self.object_proper
        )


@dataclass
class Cues:
    """Modality and negation cue words (lower-case lemmas)."""

    reported_adverbs: frozenset[str] = frozenset()
    reported_nouns: frozenset[str] = frozenset()
    reported_verbs: frozenset[str] = frozenset()
    reported_accusations: frozenset[str] = frozenset()
    speculated_aux: frozenset[str] = frozenset()
    speculated_adverbs: frozenset[str] = frozenset()
    speculated_adjectives: frozenset[str] = frozenset()
    speculated_nouns: frozenset[str] = frozenset()
    speculated_verbs: frozenset[str] = frozenset()
    conditional_aux: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    planned_aux: frozenset[str] = frozenset()
    planned_verbs: frozenset[str] = frozenset()
    planned_nouns: frozenset[str] = frozenset()
    planned_adjectives: frozenset[str] = frozenset()
    planned_infinitive_heads: frozenset[str] = frozenset()
    planned_triggers: frozenset[str] = frozenset()
    planned_passive_heads: frozenset[str] = frozenset()
    denied_verbs: frozenset[str] = frozenset()
    negation_particles: frozenset[str] = frozenset()
    negation_determiners: frozenset[str] = frozenset()
    negation_verbs: frozenset[str] = frozenset()
    rule_out_verbs: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    """Verb and noun triggers plus modality cues; build it with :meth:`load`."""

    verbs: dict[str, list[Sense]] = field(default_factory=dict)
    nouns: dict[str, list[Sense]] = field(default_factory=dict)
    # predicate adjectives: "X is hostile to Y", "X remains opposed to Y"
    adjectives: dict[str, list[Sense]] = field(default_factory=dict)
    default_targets: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    cues: Cues = field(default_factory=Cues)

    @classmethod
    def load(cls, directory: Path | None = None) -> Lexicon:
        """Read ``triggers.yaml``, the generated ``*_triggers.yaml`` and ``modality.yaml``.

        Curated senses of a lemma come first (conditional ones before the bare one, so
        "send troops" beats bare "send"), then the generated senses in the same order;
        so a curated sense always wins where both match. Generated senses listed in
        ``trigger_exclusions.yaml`` are left out.

        Args:
            directory: the lexicon directory (default: the packaged ``data/lexicon``).

        Returns:
            The loaded lexicon.

        Raises:
            ConfigError: on invalid YAML, an unknown key, or a type the ontology lacks.
        """
        directory = directory or LEXICON_DIR
        trig = _read(directory / "triggers.yaml")
        _check_keys(directory / "triggers.yaml", trig, _TRIGGER_KEYS)
        mod = _read(directory / "modality.yaml")
        lex = cls(
            default_targets=frozenset(_word(x) for x in trig.get("default_target_preps", [])),
            sport_words=frozenset(_word(x) for x in trig.get("sport_words", []) or []),
        )
        types = default_ontology().types
        lex._add(trig, types, generated=False)
        excl_path = directory / EXCLUSIONS_FILE
        exclusions = _exclusions(excl_path, _read(excl_path) if excl_path.exists() else {})
        for path in sorted(directory.glob(GENERATED_GLOB)):
            raw = _read(path)
            _check_keys(path, raw, _GENERATED_KEYS)
            lex._add(raw, types, generated=True, exclusions=exclusions)
        lex.cues = _cues(mod)
        return lex

    def _add(
        self,
        raw: dict[str, Any],
        types: frozenset[str],
        generated: bool,
        exclusions: dict[tuple[str, str], frozenset[str]] | None = None,
    ) -> None:
        """Append one trigger file's senses after those already loaded for each lemma."""
        exclusions = exclusions or {}
        sections = (("verbs", self.verbs), ("nouns", self.nouns), ("adjectives", self.adjectives))
        for section, store in sections:
            table = raw.get(section) or {}
            if not isinstance(table, dict):
                raise ConfigError(f"trigger section {section!r} must be a mapping")
            for lemma, spec in table.items():
                key = _word(lemma)
                specs = spec if isinstance(spec, list) else [spec]
                senses = [_sense(key, s, types, self.default_targets, generated) for s in specs]
                vetoed = exclusions.get((section, key), frozenset())
                senses = [s for s in senses if not _vetoed(s, vetoed)]
                if senses:
                    # conditional senses are tried first so "send troops" beats bare "send"
                    ordered = sorted(senses, key=lambda s: not s.conditional)
                    store[key] = store.get(key, []) + ordered

    # ---------------------------------------------------------------- matching
    def verb_sense(self, tok: Token) -> Sense | None:
        """The first sense of a verb trigger whose conditions hold for ``tok``."""
        senses = self.verbs.get(tok.lemma_.lower())
        if not senses:
            return None
        return self._first(senses, tok)

    def adjective_sense(self, tok: Token) -> Sense | None:
        """The first sense of a predicate-adjective trigger whose conditions hold."""
        senses = self.adjectives.get(tok.lemma_.lower()) or self.adjectives.get(tok.lower_)
        if not senses:
            return None
        return self._first(senses, tok)

    def noun_sense(self, tok: Token) -> Sense | None:
        """The first sense of a noun trigger whose conditions hold for ``tok``."""
        lemma = tok.lemma_.lower()
        senses = self.nouns.get(lemma)
        if not senses and lemma.endswith("s"):
            senses = self.nouns.get(tok.text.lower()[:-1])
        if not senses:
            return None
        return self._first(senses, tok)

    def _first(self, senses: list[Sense], tok: Token) -> Sense | None:
        if _sporting(tok, self.sport_words):
            # "Spain destroyed Costa Rica 7-0", "India and Pakistan meet in the final": a game
            # between national teams is no event between the states
            return None
        for s in senses:
            if _conditions_hold(s, tok):
                return s
        return None


def _vetoed(s: Sense, vetoed: frozenset[str]) -> bool:
    """Whether an exclusion entry (``*``, a type, or ``TYPE/mode``) covers a sense."""
    return bool(vetoed) and bool({"*", s.type, f"{s.type}/{s.mode}"} & vetoed)


def _exclusions(path: Path, raw: dict[str, Any]) -> dict[tuple[str, str], frozenset[str]]:
    """``{(section, lemma): vetoed}`` from ``trigger_exclusions.yaml``.

    The file maps ``verbs``/``nouns`` to ``lemma: all`` (every generated sense) or
    ``lemma: [TYPE, TYPE/mode, ...]``.
    """
    _check_keys(path, raw, _GENERATED_KEYS)
    out: dict[tuple[str, str], frozenset[str]] = {}
    for section in ("verbs", "nouns"):
        table = raw.get(section) or {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {section!r} must be a mapping")
        for lemma, spec in table.items():
            if spec == "all":
                out[(section, _word(lemma))] = frozenset({"*"})
                continue
            if not isinstance(spec, list) or not all(isinstance(x, str) for x in spec):
                raise ConfigError(f"{path}: {lemma!r} must be 'all' or a list of TYPE[/mode]")
            out[(section, _word(lemma))] = frozenset(
                f"{x.split('/')[0].upper()}/{x.split('/')[1]}" if "/" in x else x.upper()
                for x in spec
            )
    return out


def _check_keys(path: Path, raw: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise ConfigError(f"{path.name}: unknown keys {sorted(unknown)}")


def _sense(
    lemma: str,
    spec: dict[str, Any],
    types: frozenset[str],
    default: frozenset[str],
    generated: bool = False,
) -> Sense:
    if not isinstance(spec, dict):
        raise ConfigError(f"trigger {lemma!r}: a sense must be a mapping, not {spec!r}")
    unknown = set(spec) - _SENSE_KEYS
    if unknown:
        raise ConfigError(f"trigger {lemma!r}: unknown keys {sorted(unknown)}")
    rtype = str(spec.get("type", "")).upper()
    if rtype not in types:
        raise ConfigError(f"trigger {lemma!r}: type {rtype!r} is not in the ontology")

    def fs(key: str) -> frozenset[str]:
        v = spec.get(key) or []
        return frozenset(_word(x) for x in (v if isinstance(v, list) else [v]))

    return Sense(
        lemma=lemma,
        type=rtype,
        predicate=str(spec.get("predicate") or lemma),
        mode=spec.get("mode"),
        particle=fs("particle"),
        object=fs("object"),
        object_actor=bool(spec.get("object_actor", False)),
        modifier=fs("modifier"),
        prep_object=fs("prep_object"),
        prep_object_any=bool(spec.get("prep_object_any", False)),
        prep_target=fs("prep_target"),
        targets=fs("targets") or default,
        of=str(spec.get("of", "target")),
        theme_is_source=bool(spec.get("theme_is_source", False)),
        reciprocal=bool(spec.get("reciprocal", False)),
        subject_kind=fs("subject_kind"),
        subject=fs("subject"),
        object_proper=bool(spec.get("object_proper", False)),
        no_complement=bool(spec.get("no_complement", False)),
        reverse=bool(spec.get("reverse", False)),
        generated=generated,
    )


def _cues(raw: dict[str, Any]) -> Cues:
    def get(section: str, key: str) -> frozenset[str]:
        return frozenset(_word(x) for x in (raw.get(section) or {}).get(key, []) or [])

    return Cues(
        reported_adverbs=get("reported", "adverbs"),
        reported_nouns=get("reported", "nouns"),
        reported_verbs=get("reported", "verbs"),
        reported_accusations=get("reported", "accusation_verbs"),
        speculated_aux=get("speculated", "auxiliaries"),
        speculated_adverbs=get("speculated", "adverbs"),
        speculated_adjectives=get("speculated", "adjectives"),
        speculated_nouns=get("speculated", "nouns"),
        speculated_verbs=get("speculated", "verbs"),
        conditional_aux=get("conditional", "auxiliaries"),
        conditional_marks=get("conditional", "marks"),
        planned_aux=get("planned", "auxiliaries"),
        planned_verbs=get("planned", "verbs"),
        planned_nouns=get("planned", "nouns"),
        planned_adjectives=get("planned", "adjectives"),
        planned_infinitive_heads=get("planned", "infinitive_heads"),
        planned_triggers=get("planned", "trigger_verbs"),
        planned_passive_heads=get("planned", "passive_heads"),
        denied_verbs=get("denied", "verbs"),
        negation_particles=get("negation", "particles"),
        negation_determiners=get("negation", "determiners"),
        negation_verbs=get("negation", "verbs"),
        rule_out_verbs=get("negation", "rule_out_verbs"),
    )


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, "lexicon file")
