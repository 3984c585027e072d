"""Data-driven regression suite: hand-written news sentences and the relations they must give.

The cases live in ``tests/data/regression/*.yaml`` (one file per quad class, one for the
standing relations, one for actor recognition). Each case is::

    - id: ACCUSE-03            # <TYPE or group>-<NN>; `pytest -k ACCUSE` selects the group
      text: "China lodged a formal protest with Japan over ..."   # one or two sentences
      published: 2021-08-15    # optional: the article date (date-bounded leader roles)
      tags: [complaint]        # optional: argument-structure classes the case exercises
      expected:                # one mapping or a list of them
        - {source: CHN, target: JPN, type: ACCUSE, modality: asserted, negated: false}
      absent:                  # optional precision traps: relations that must NOT appear
        - {source: CHN, target: JPN, type: PROTEST}

Actors are matched by id (ISO3 for states, gazetteer ids for organisations and groups, the
slug of the full name for persons). Symmetric types (``symmetric: true`` standing relations
and ``symmetric_event_types`` in ``data/ontology.yaml``) match in either order. ``type`` and
``modality`` may be a list of accepted values where the codebook leaves the choice open.
Optional keys of an expected relation: ``source_sector``, ``target_sector``, ``role``.
An ``absent`` entry matches any produced relation that agrees with every key it gives
(``type`` and ``modality`` may be lists); a case may have only ``absent`` entries.

These cases were written against the contract (``../shared/spec/ontology.md`` and the PLOVER
codebook), not against the extractor's current behaviour: failures are work to do.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from graphkit.extraction import Extractor
from graphkit.models import Actor, Article, Relation

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "tests" / "data" / "regression"
ONTOLOGY = yaml.safe_load((ROOT / "data" / "ontology.yaml").read_text(encoding="utf-8"))

EVENT_TYPES: list[str] = [t for group in ONTOLOGY["quad_classes"].values() for t in group]
STANDING_TYPES: list[str] = list(ONTOLOGY["standing_relations"])
ALL_TYPES = set(EVENT_TYPES) | set(STANDING_TYPES)
MODALITIES: list[str] = list(ONTOLOGY["modalities"])
SYMMETRIC = {
    name for name, spec in ONTOLOGY["standing_relations"].items() if spec.get("symmetric")
} | set(ONTOLOGY.get("symmetric_event_types", []))

# Coverage the suite must keep (checked by test_coverage_minimums).
MIN_PER_EVENT_TYPE = 10
MIN_PER_STANDING_TYPE = 5
MIN_COMPOSITE_ACTOR_CASES = 8
MIN_UNKNOWN_PERSON_CASES = 8
MIN_PER_MODALITY = 5
MIN_NEGATED = 10
MIN_ABSENT = 15
MIN_PER_TAG = 2
REQUIRED_TAGS = ("infinitival", "nominal", "coordination", "complaint", "passive", "reporting")
DATE_RANGE = (date(2015, 1, 1), date(2026, 12, 31))

ID_RE = re.compile(r"^(?P<group>[A-Z][A-Z_]*(?:-[A-Z]+)?)-(?P<num>\d{2})$")
EXPECTED_KEYS = {
    "source",
    "target",
    "type",
    "modality",
    "negated",
    "source_sector",
    "target_sector",
    "role",
}
ABSENT_KEYS = {"source", "target", "type", "modality", "negated"}
CASE_KEYS = {"id", "text", "published", "tags", "expected", "absent"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    text: str
    published: date | None
    tags: tuple[str, ...]
    expected: tuple[dict[str, Any], ...]
    absent: tuple[dict[str, Any], ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    @property
    def group(self) -> str:
        m = ID_RE.match(self.id)
        return m.group("group") if m else self.id


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("cases", []):
            published = raw.get("published")
            if isinstance(published, str):
                published = date.fromisoformat(published)
            cases.append(
                Case(
                    id=str(raw.get("id")),
                    file=path.name,
                    text=str(raw.get("text", "")),
                    published=published,
                    tags=tuple(_as_list(raw.get("tags"))),
                    expected=tuple(_as_list(raw.get("expected"))),
                    absent=tuple(_as_list(raw.get("absent"))),
                    raw=raw,
                )
            )
    return cases


CASES = _load_cases()
# Cases the extractor is known to fail, each with the cause: they run as strict xfails, so a
# fix shows up as an XPASS failure until its line is removed from the file.
KNOWN_GAPS_FILE = CASES_DIR.parent / "known_gaps.yaml"
KNOWN_GAPS: dict[str, str] = {
    str(k): str(v)
    for k, v in (yaml.safe_load(KNOWN_GAPS_FILE.read_text(encoding="utf-8")) or {}).items()
}


def _params() -> list[Any]:
    out = []
    for c in CASES:
        marks = []
        if c.id in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=f"known gap: {KNOWN_GAPS[c.id]}"))
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


# ---------------------------------------------------------------- matching


def _endpoints_match(rel: Relation, source: str | None, target: str | None) -> bool:
    pairs = [(rel.source.id, rel.target.id)]
    if rel.type in SYMMETRIC:
        pairs.append((rel.target.id, rel.source.id))
    return any(
        (source is None or s == source) and (target is None or t == target) for s, t in pairs
    )


def _sectors_match(rel: Relation, exp: dict[str, Any]) -> bool:
    """Sector expectations follow the endpoint however a symmetric relation is stored."""
    want_src, want_tgt = exp.get("source_sector"), exp.get("target_sector")
    if want_src is None and want_tgt is None:
        return True
    by_id = {rel.source.id: rel.source.sector, rel.target.id: rel.target.sector}
    ok_src = want_src is None or by_id.get(exp["source"]) == want_src
    ok_tgt = want_tgt is None or by_id.get(exp["target"]) == want_tgt
    return ok_src and ok_tgt


def same_triple(rel: Relation, exp: dict[str, Any]) -> bool:
    """Right type(s) and endpoints, whatever the modality and polarity."""
    return rel.type in _as_list(exp["type"]) and _endpoints_match(rel, exp["source"], exp["target"])


def satisfies(rel: Relation, exp: dict[str, Any]) -> bool:
    """``rel`` is the expected relation in every respect the case states."""
    return (
        same_triple(rel, exp)
        and rel.modality in _as_list(exp["modality"])
        and rel.negated == bool(exp["negated"])
        and _sectors_match(rel, exp)
        and ("role" not in exp or rel.role == exp["role"])
    )


def matches_absent(rel: Relation, ab: dict[str, Any]) -> bool:
    if "type" in ab and rel.type not in _as_list(ab["type"]):
        return False
    if not _endpoints_match(rel, ab.get("source"), ab.get("target")):
        return False
    if "modality" in ab and rel.modality not in _as_list(ab["modality"]):
        return False
    return "negated" not in ab or rel.negated == bool(ab["negated"])


# ---------------------------------------------------------------- diagnosis

CAUSE_ACTOR = "actor not recognised"
CAUSE_TRIGGER = "missing trigger sense"
CAUSE_ARGUMENT = "wrong argument"
CAUSE_MODALITY = "wrong modality"
CAUSE_NEGATION = "negation"
CAUSE_DETAIL = "wrong sector/role"
CAUSE_PRECISION = "precision trap produced"


def fmt_relation(rel: Relation) -> str:
    arrow = "<->" if rel.type in SYMMETRIC else "->"
    mode = f"({rel.mode})" if rel.mode else ""
    extra = []
    if rel.negated:
        extra.append("NEGATED")
    if rel.role:
        extra.append(f"role={rel.role}")
    sectors = "/".join(s or "-" for s in (rel.source.sector, rel.target.sector))
    if sectors != "-/-":
        extra.append(f"sectors={sectors}")
    tail = (" " + " ".join(extra)) if extra else ""
    return (
        f"{rel.source.id} {arrow} {rel.target.id}  {rel.type}{mode}  {rel.modality}{tail}"
        f"  trigger={rel.trigger!r}"
    )


def fmt_expected(exp: dict[str, Any]) -> str:
    types = "|".join(_as_list(exp["type"]))
    mods = "|".join(_as_list(exp["modality"]))
    neg = " NEGATED" if exp["negated"] else ""
    extra = "".join(
        f" {k}={exp[k]}" for k in ("source_sector", "target_sector", "role") if k in exp
    )
    return f"{exp['source']} -> {exp['target']}  {types}  {mods}{neg}{extra}"


def diagnose(
    exp: dict[str, Any], relations: list[Relation], actors: list[Actor]
) -> tuple[str, str] | None:
    """None when ``exp`` is produced, else (cause, explanation)."""
    if any(satisfies(r, exp) for r in relations):
        return None
    triple = [r for r in relations if same_triple(r, exp)]
    if triple:
        mods = _as_list(exp["modality"])
        if not any(r.modality in mods for r in triple):
            got = ", ".join(sorted({r.modality for r in triple}))
            return CAUSE_MODALITY, f"produced with modality {got}, expected {'|'.join(mods)}"
        right_mod = [r for r in triple if r.modality in mods]
        if not any(r.negated == bool(exp["negated"]) for r in right_mod):
            return CAUSE_NEGATION, f"produced with negated={not exp['negated']}"
        return CAUSE_DETAIL, "produced, but the sector or role differs"
    known = {a.id for a in actors} | {r.source.id for r in relations}
    known |= {r.target.id for r in relations}
    missing = [x for x in (exp["source"], exp["target"]) if x not in known]
    if missing:
        return CAUSE_ACTOR, f"actor(s) {', '.join(missing)} not among the extracted actors"
    types = _as_list(exp["type"])
    same_type = [r for r in relations if r.type in types]
    if same_type:
        got = "; ".join(f"{r.source.id}->{r.target.id}" for r in same_type)
        return CAUSE_ARGUMENT, f"{'|'.join(types)} produced between other actors: {got}"
    other = [r for r in relations if _endpoints_match(r, exp["source"], exp["target"])]
    if other:
        got = ", ".join(sorted({r.type for r in other}))
        return CAUSE_TRIGGER, f"no {'|'.join(types)}; these endpoints got {got}"
    return CAUSE_TRIGGER, f"no {'|'.join(types)} relation at all"


def run_case(extractor: Extractor, case: Case) -> tuple[list[Relation], list[Actor]]:
    art = Article(id=f"regression-{case.id}", text=case.text, published=case.published)
    ex = extractor.extract(art)
    return ex.relations, ex.actors


def case_problems(
    case: Case, relations: list[Relation], actors: list[Actor]
) -> list[tuple[str, str]]:
    """(cause, message) for every unmet expectation of ``case``."""
    problems: list[tuple[str, str]] = []
    for exp in case.expected:
        found = diagnose(exp, relations, actors)
        if found:
            cause, why = found
            problems.append((cause, f"MISSING  {fmt_expected(exp)}\n           [{cause}] {why}"))
    for ab in case.absent:
        hits = [r for r in relations if matches_absent(r, ab)]
        for r in hits:
            problems.append(
                (CAUSE_PRECISION, f"UNWANTED {fmt_relation(r)}\n           (absent: {ab})")
            )
    return problems


# ---------------------------------------------------------------- the suite


@pytest.mark.parametrize("case", _params())
def test_regression_case(case: Case, extractor: Extractor) -> None:
    relations, actors = run_case(extractor, case)
    problems = case_problems(case, relations, actors)
    if problems:
        produced = "\n".join(f"    {fmt_relation(r)}" for r in relations) or "    (none)"
        lines = [
            f"{case.id} ({case.file}): {case.text!r}"
            + (f" [published {case.published}]" if case.published else ""),
            *(f"  {msg}" for _, msg in problems),
            "  produced relations:",
            produced,
        ]
        pytest.fail("\n".join(lines), pytrace=False)


# ---------------------------------------------------------------- meta-tests


def test_known_gaps_name_cases() -> None:
    """Every known gap names an existing case and gives its cause."""
    ids = {c.id for c in CASES}
    assert not set(KNOWN_GAPS) - ids, sorted(set(KNOWN_GAPS) - ids)
    assert all(reason.strip() for reason in KNOWN_GAPS.values())


def test_cases_are_well_formed() -> None:
    errors: list[str] = []
    ids = Counter(c.id for c in CASES)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for c in CASES:
        where = f"{c.file}:{c.id}"
        if not ID_RE.match(c.id):
            errors.append(f"{where}: id must look like TYPE-NN or GROUP-NAME-NN")
        if unknown := set(c.raw) - CASE_KEYS:
            errors.append(f"{where}: unknown keys {sorted(unknown)}")
        if not c.text.strip():
            errors.append(f"{where}: empty text")
        if c.published is not None and not (DATE_RANGE[0] <= c.published <= DATE_RANGE[1]):
            errors.append(f"{where}: published {c.published} outside {DATE_RANGE}")
        if not c.expected and not c.absent:
            errors.append(f"{where}: neither expected nor absent")
        if c.group in ALL_TYPES and (
            not c.expected or c.group not in _as_list(c.expected[0]["type"])
        ):
            errors.append(f"{where}: the first expected relation must be a {c.group}")
        for exp in c.expected:
            if missing := {"source", "target", "type", "modality", "negated"} - set(exp):
                errors.append(f"{where}: expected lacks {sorted(missing)}")
                continue
            if unknown := set(exp) - EXPECTED_KEYS:
                errors.append(f"{where}: unknown expected keys {sorted(unknown)}")
            errors += [
                f"{where}: unknown type {t}" for t in _as_list(exp["type"]) if t not in ALL_TYPES
            ]
            errors += [
                f"{where}: unknown modality {m}"
                for m in _as_list(exp["modality"])
                if m not in MODALITIES
            ]
            if not isinstance(exp["negated"], bool):
                errors.append(f"{where}: negated must be true or false")
        for ab in c.absent:
            if unknown := set(ab) - ABSENT_KEYS:
                errors.append(f"{where}: unknown absent keys {sorted(unknown)}")
            errors += [
                f"{where}: unknown absent type {t}"
                for t in _as_list(ab.get("type"))
                if t not in ALL_TYPES
            ]
    assert not errors, "\n".join(errors)


def test_coverage_minimums() -> None:
    """The suite cannot shrink silently: every type, modality and class keeps its cases."""
    groups = Counter(c.group for c in CASES)
    expected = [e for c in CASES for e in c.expected]
    modalities = Counter(m for e in expected for m in _as_list(e["modality"]))
    tags = Counter(t for c in CASES for t in c.tags)
    short: list[str] = []
    short += [
        f"{t}: {groups[t]} cases < {MIN_PER_EVENT_TYPE}"
        for t in EVENT_TYPES
        if groups[t] < MIN_PER_EVENT_TYPE
    ]
    short += [
        f"{t}: {groups[t]} cases < {MIN_PER_STANDING_TYPE}"
        for t in STANDING_TYPES
        if groups[t] < MIN_PER_STANDING_TYPE
    ]
    if groups["ACTOR-COMPOSITE"] < MIN_COMPOSITE_ACTOR_CASES:
        short.append(f"ACTOR-COMPOSITE: {groups['ACTOR-COMPOSITE']} < {MIN_COMPOSITE_ACTOR_CASES}")
    if groups["ACTOR-PERSON"] < MIN_UNKNOWN_PERSON_CASES:
        short.append(f"ACTOR-PERSON: {groups['ACTOR-PERSON']} < {MIN_UNKNOWN_PERSON_CASES}")
    short += [
        f"modality {m}: {modalities[m]} < {MIN_PER_MODALITY}"
        for m in MODALITIES
        if modalities[m] < MIN_PER_MODALITY
    ]
    negated = sum(1 for e in expected if e["negated"])
    if negated < MIN_NEGATED:
        short.append(f"negated expectations: {negated} < {MIN_NEGATED}")
    absent = sum(len(c.absent) for c in CASES)
    if absent < MIN_ABSENT:
        short.append(f"absent (precision) expectations: {absent} < {MIN_ABSENT}")
    short += [f"tag {t}: {tags[t]} < {MIN_PER_TAG}" for t in REQUIRED_TAGS if tags[t] < MIN_PER_TAG]
    assert not short, "regression suite below its coverage minimums:\n" + "\n".join(short)


def test_person_ids_are_name_slugs() -> None:
    """Unknown-person ids are the slug of a name written in the case text (models.slugify)."""
    from graphkit.models import slugify

    bad = []
    for c in CASES:
        if c.group != "ACTOR-PERSON":
            continue
        words = c.text.replace(",", " ").replace(".", " ").split()
        spans = {
            slugify(" ".join(words[i:j]))
            for i in range(len(words))
            for j in range(i + 1, min(i + 6, len(words)) + 1)
        }
        if c.expected[0]["source"] not in spans:
            bad.append(f"{c.id}: {c.expected[0]['source']}")
    assert not bad, bad
