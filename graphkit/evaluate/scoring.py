"""Recall, precision, modality accuracy and negation errors of one scoring run."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError
from graphkit.evaluate.breakdown import Breakdown, Miss, build, diagnose
from graphkit.evaluate.matching import Matcher, actor_id


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
    per_article: bool = False
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    breakdown: Breakdown = field(default_factory=Breakdown)

    def summary(self) -> dict[str, Any]:
        """The figures without the error lists and the breakdown."""
        d = asdict(self)
        for name in ("missed", "extra", "breakdown"):
            d.pop(name)
        return d

    def to_json(self) -> dict[str, Any]:
        """The figures with the breakdown, as ``graphkit score --json`` prints them."""
        return {**self.summary(), "breakdown": asdict(self.breakdown)}


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


def _triple_key(m: Matcher, r: dict[str, Any]) -> tuple[str, ...]:
    s, t = actor_id(r["source"]), actor_id(r["target"])
    # symmetric types count once per unordered pair
    key = (*sorted((s, t)), r["type"]) if r["type"] in m.symmetric else (s, r["type"], t)
    # the same triple from two articles is two claims, each right or wrong on its own
    return (str(r.get("article_id")), *key) if m.per_article else key


def _scope(m: Matcher, sys_rows: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    by_article: dict[Any, list[dict[str, Any]]] = {}
    if m.per_article:
        for r in sys_rows:
            by_article.setdefault(r.get("article_id"), []).append(r)
    return by_article


def score(system: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]]) -> Score:
    """Score system relation lines against gold items (see :mod:`graphkit.evaluate`)."""
    sys_rows = [r for r in system if r.get("source") and r.get("target") and r.get("type")]
    gold_rows = list(gold)
    m = Matcher(sys_rows, gold_rows)
    by_article = _scope(m, sys_rows)
    core = [g for g in gold_rows if g.get("core")]
    matched = modality_ok = 0
    missed: list[str] = []
    misses: list[Miss | None] = []
    for g in core:
        hits = [r for r in sys_rows if m.match(g, r)]
        if hits:
            matched += 1
            modality_ok += any(r.get("modality") in g.get("modality", []) for r in hits)
            misses.append(None)
            continue
        scope = (
            by_article.get(g.get("article"), []) if m.per_article and g.get("article") else sys_rows
        )
        miss = diagnose(m, g, scope)
        misses.append(miss)
        arrow = f"{g['source']} -{'/'.join(g['types'])}-> {g['target']}"
        missed.append(f"{g.get('id')}: {arrow}  [{miss.describe()}]  | {g.get('evidence', '')}")
    triples: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in sys_rows:
        triples.setdefault(_triple_key(m, r), r)
    judged = [(k, r, any(m.match(g, r) for g in gold_rows)) for k, r in triples.items()]
    extra = [" ".join(k) for k, _, ok in judged if not ok]
    neg_errors = sum(
        1
        for g in gold_rows
        if g.get("negated")
        for r in sys_rows
        if g.get("evidence", "") in (r.get("sentence") or "")
        and m.match(g, r)
        and not r.get("negated")
    )
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
        per_article=m.per_article,
        missed=missed,
        extra=extra,
        breakdown=build(m, core, misses, gold_rows, [(r, ok) for _, r, ok in judged]),
    )


def score_files(system_path: str | Path, gold_path: str | Path) -> Score:
    """Score a system JSON Lines file against a gold JSON Lines file.

    Raises:
        InputError: if either file is unreadable or malformed.
    """
    return score(load_jsonl(system_path), load_jsonl(gold_path))
