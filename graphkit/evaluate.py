"""Score extracted relations against an analyst's gold file.

System lines are ``graphkit extract --format jsonl`` objects; gold lines are
``{"id", "core", "source", "target", "types", "symmetric", "modality", "negated"?,
"evidence"}`` with canonical actor names.

Matching works on actor pairs. An endpoint matches a gold name when any of its keys
(id, name, and for states the ISO3 code) equals one of the gold name's keys (the name,
and the id the gazetteer gives that name). A person also stands for what they lead
(LEADER_OF in the system output, or in the gold), except when the relation being matched
is itself a LEADER_OF. Symmetric types, or gold items marked symmetric, match in either
direction.

Figures: recall = matched core items / core items; precision = distinct system
(source, type, target) triples matching some gold item / all distinct triples (symmetric
types counted once per unordered pair); modality accuracy = matched core items with at
least one supporting instance of an accepted modality / matched core items; negation
errors = system instances that match a gold item marked negated, come from its evidence
sentence, and are not negated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError
from graphkit.ontology import default_ontology

LEADERSHIP = "LEADER_OF"


@dataclass
class Score:
    """The result of one scoring run."""

    recall: float
    precision: float
    f1: float
    modality_accuracy: float
    negation_errors: int
    core_gold: int
    core_matched: int
    system_triples: int
    unmatched_triples: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures without the error lists."""
        d = asdict(self)
        d.pop("missed")
        d.pop("extra")
        return d


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file into dicts.

    Raises:
        InputError: if the file cannot be read or a line is not a JSON object.
    """
    rows: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})", str(path)) from None
                if not isinstance(obj, dict):
                    raise InputError(f"{path}:{n}: expected a JSON object", str(path))
                rows.append(obj)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", str(path)) from None
    return rows


def _key(text: str | None) -> str:
    t = (text or "").lower().replace("\u2019", "'")
    t = re.sub(r"^the\s+", "", t.strip())
    return " ".join(re.findall(r"[a-z0-9]+", t))


class _Matcher:
    def __init__(self, system: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
        from graphkit.extract.gazetteer import Gazetteer

        self.gaz = Gazetteer.load()
        self.symmetric = default_ontology().symmetric
        self.keys: dict[str, set[str]] = {}
        self.leads: dict[str, set[str]] = {}
        for r in system:
            for side in ("source", "target"):
                a = r[side]
                aid = _aid(a)
                ks = self.keys.setdefault(aid, set())
                ks.update(k for k in (_key(a.get("id")), _key(a.get("name"))) if k)
                if a.get("kind") == "state" and a.get("country"):
                    ks.add(_key(a["country"]))
            if r.get("type") == LEADERSHIP:
                self.leads.setdefault(_aid(r["source"]), set()).add(_aid(r["target"]))
        self.gold_leads: dict[str, set[str]] = {}
        for g in gold:
            if LEADERSHIP in g.get("types", []):
                self.gold_leads.setdefault(_key(g["source"]), set()).add(g["target"])

    def gold_keys(self, name: str, expand: bool) -> set[str]:
        out = {_key(name)}
        hit = self.gaz.lookup(name)
        if hit is not None and hit[0].actor.kind == "state":
            out.add(_key(hit[0].actor.id))
        if expand:
            for led in self.gold_leads.get(_key(name), ()):
                out |= self.gold_keys(led, False)
        return out

    def sys_keys(self, aid: str, expand: bool) -> set[str]:
        out = set(self.keys.get(aid, {_key(aid)}))
        if expand:
            for led in self.leads.get(aid, ()):
                out |= self.keys.get(led, {_key(led)})
        return out

    def match(self, g: dict[str, Any], r: dict[str, Any]) -> bool:
        if r.get("type") not in g.get("types", []):
            return False
        s, t = _aid(r["source"]), _aid(r["target"])
        expansions = [False] if LEADERSHIP in g["types"] else [False, True]
        for expand in expansions:
            sk, tk = self.sys_keys(s, expand), self.sys_keys(t, expand)
            gs, gt = self.gold_keys(g["source"], expand), self.gold_keys(g["target"], expand)
            if sk & gs and tk & gt:
                return True
            either = g.get("symmetric") or r["type"] in self.symmetric
            if either and sk & gt and tk & gs:
                return True
        return False


def _aid(actor: dict[str, Any]) -> str:
    return str(actor.get("id") or actor.get("name") or "")


def score(system: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]]) -> Score:
    """Score system relation lines against gold items (see the module docstring)."""
    sys_rows = [r for r in system if r.get("source") and r.get("target") and r.get("type")]
    gold_rows = list(gold)
    m = _Matcher(sys_rows, gold_rows)
    core = [g for g in gold_rows if g.get("core")]
    matched = 0
    modality_ok = 0
    missed: list[str] = []
    for g in core:
        hits = [r for r in sys_rows if m.match(g, r)]
        if not hits:
            missed.append(f"{g.get('id')}: {g['source']} -{'/'.join(g['types'])}-> {g['target']}")
            continue
        matched += 1
        if any(r.get("modality") in g.get("modality", []) for r in hits):
            modality_ok += 1
    triples: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in sys_rows:
        s, t = _aid(r["source"]), _aid(r["target"])
        key = (*sorted((s, t)), r["type"]) if r["type"] in m.symmetric else (s, r["type"], t)
        triples.setdefault(key, r)
    extra = [" ".join(k) for k, r in triples.items() if not any(m.match(g, r) for g in gold_rows)]
    neg_errors = 0
    for g in gold_rows:
        if not g.get("negated"):
            continue
        for r in sys_rows:
            if (
                g.get("evidence", "") in (r.get("sentence") or "")
                and m.match(g, r)
                and not r.get("negated")
            ):
                neg_errors += 1
    recall = matched / len(core) if core else 0.0
    precision = (len(triples) - len(extra)) / len(triples) if triples else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        recall=round(recall, 3),
        precision=round(precision, 3),
        f1=round(f1, 3),
        modality_accuracy=round(modality_ok / matched, 3) if matched else 0.0,
        negation_errors=neg_errors,
        core_gold=len(core),
        core_matched=matched,
        system_triples=len(triples),
        unmatched_triples=len(extra),
        missed=missed,
        extra=extra,
    )


def score_files(system_path: str | Path, gold_path: str | Path) -> Score:
    """Score a system JSON Lines file against a gold JSON Lines file.

    Raises:
        InputError: if either file is unreadable or malformed.
    """
    return score(load_jsonl(system_path), load_jsonl(gold_path))
