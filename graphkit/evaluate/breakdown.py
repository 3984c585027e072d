"""Where extraction fails: each missed gold item and each wrong system triple, classified.

A missed core gold item is, in this order of precedence:

- ``confused``: the system relates the same two actors in that article, with another
  type (or the right type in the wrong direction, labelled "TYPE reversed");
- ``argument``: both actors appear in the article's system output, but never related;
- ``actor``: one or both actors never appear in the article's system output, so the
  gazetteer, mention resolution or the argument rules lost them.

Gold items are grouped by their first listed type. A system triple that matches no gold
item is either about a pair the gold relates (with another type or direction) or about a
pair the gold does not relate at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphkit.evaluate.matching import SAME, Matcher, actor_id

CONFUSED = "confused"
ARGUMENT = "argument"
ACTOR = "actor"


@dataclass
class Miss:
    """Why one core gold item was not found."""

    category: str
    confused_as: list[str] = field(default_factory=list)
    missing_sides: list[str] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """A short label for an error line, e.g. ``confused: AGREE, CONSULT``."""
        if self.category == CONFUSED:
            return f"confused: {', '.join(self.confused_as)}"
        if self.category == ACTOR:
            return "actor: " + ", ".join(
                f"{side} {name}"
                for side, name in zip(self.missing_sides, self.missing_names, strict=True)
            )
        return "argument: both actors found, not related"


@dataclass
class GoldTypeRow:
    """Recall and the kinds of miss for the core gold items of one type."""

    type: str
    core: int = 0
    found: int = 0
    confused: int = 0
    argument: int = 0
    actor: int = 0
    actor_sides: dict[str, int] = field(default_factory=dict)
    confused_as: dict[str, int] = field(default_factory=dict)
    missing_actors: dict[str, int] = field(default_factory=dict)

    def add(self, miss: Miss | None) -> None:
        """Count one core item: found (``None``) or missed for the given reason."""
        self.core += 1
        if miss is None:
            self.found += 1
            return
        if miss.category == CONFUSED:
            self.confused += 1
            _bump(self.confused_as, miss.confused_as)
        elif miss.category == ARGUMENT:
            self.argument += 1
        else:
            self.actor += 1
            side = "both" if len(miss.missing_sides) == 2 else miss.missing_sides[0]
            _bump(self.actor_sides, [side])
            _bump(self.missing_actors, miss.missing_names)


@dataclass
class SystemTypeRow:
    """Precision errors among the distinct system triples of one type."""

    type: str
    triples: int = 0
    unmatched: int = 0
    gold_pair: int = 0
    no_gold_pair: int = 0


@dataclass
class Breakdown:
    """Per-type recall with miss reasons, and per-type precision errors."""

    gold: list[GoldTypeRow] = field(default_factory=list)
    system: list[SystemTypeRow] = field(default_factory=list)


def _bump(counts: dict[str, int], keys: list[str]) -> None:
    for k in keys:
        counts[k] = counts.get(k, 0) + 1


def _sorted(counts: dict[str, int]) -> dict[str, int]:
    # most frequent first, then by name, so that reports are stable run to run
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def diagnose(m: Matcher, g: dict[str, Any], scope: list[dict[str, Any]]) -> Miss:
    """Classify a missed gold item against the system relations of its article.

    Args:
        m: the matcher of this scoring run.
        g: the missed gold item.
        scope: the system relations the item may be matched against (its article's).
    """
    labels: set[str] = set()
    for r in scope:
        how = m.orientation(g, r)
        if not how:
            continue
        either = bool(g.get("symmetric")) or r["type"] in m.symmetric
        labels.add(r["type"] if SAME in how or either else f"{r['type']} reversed")
    if labels:
        return Miss(CONFUSED, confused_as=sorted(labels))
    actors = {actor_id(r[side]) for r in scope for side in ("source", "target")}
    sides = [side for side in ("source", "target") if not m.names(g, g[side], actors)]
    if not sides:
        return Miss(ARGUMENT)
    return Miss(ACTOR, missing_sides=sides, missing_names=[g[side] for side in sides])


def build(
    m: Matcher,
    core: list[dict[str, Any]],
    misses: list[Miss | None],
    gold: list[dict[str, Any]],
    triples: list[tuple[dict[str, Any], bool]],
) -> Breakdown:
    """Tabulate the diagnoses of one scoring run.

    Args:
        m: the matcher of the run.
        core: the core gold items.
        misses: for each core item, ``None`` if found, else its :class:`Miss`.
        gold: all gold items (core and optional), for the precision side.
        triples: each distinct system triple (one representative line) and whether it
            matched a gold item.
    """
    rows: dict[str, GoldTypeRow] = {}
    for g, miss in zip(core, misses, strict=True):
        group = (g.get("types") or ["?"])[0]
        rows.setdefault(group, GoldTypeRow(group)).add(miss)
    for row in rows.values():
        row.confused_as = _sorted(row.confused_as)
        row.actor_sides = _sorted(row.actor_sides)
        row.missing_actors = _sorted(row.missing_actors)
    sys_rows: dict[str, SystemTypeRow] = {}
    for r, ok in triples:
        errors = sys_rows.setdefault(r["type"], SystemTypeRow(r["type"]))
        errors.triples += 1
        if ok:
            continue
        errors.unmatched += 1
        if any(m.same_article(g, r) and m.orientation(g, r) for g in gold):
            errors.gold_pair += 1
        else:
            errors.no_gold_pair += 1
    return Breakdown(
        gold=sorted(rows.values(), key=lambda x: (-x.core, x.type)),
        system=sorted(sys_rows.values(), key=lambda x: (-x.unmatched, -x.triples, x.type)),
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in counts.items())


def tables(b: Breakdown) -> list[tuple[str, list[str], list[list[str]]]]:
    """The breakdown as (title, columns, rows) tables of text, narrow enough for 80 columns.

    The counts, the details of the misses (which types the confused items got, which
    actors were lost) and the precision errors are three separate tables.
    """
    counts: list[list[str]] = []
    details: list[list[str]] = []
    for row in b.gold:
        sides = [str(row.actor_sides.get(k, 0)) for k in ("source", "target", "both")]
        counts.append(
            [row.type, str(row.core), str(row.found), str(row.confused), str(row.argument), *sides]
        )
        if row.confused_as:
            details.append([row.type, "confused as", _counts(row.confused_as)])
        if row.missing_actors:
            details.append([row.type, "actor missing", _counts(row.missing_actors)])
    if b.gold:
        totals = [
            sum(getattr(r, f) for r in b.gold) for f in ("core", "found", "confused", "argument")
        ]
        totals += [
            sum(r.actor_sides.get(k, 0) for r in b.gold) for k in ("source", "target", "both")
        ]
        counts.append(["total", *map(str, totals)])
    errors = [
        [r.type, str(r.triples), str(r.unmatched), str(r.gold_pair), str(r.no_gold_pair)]
        for r in b.system
    ]
    # headers carry their own line breaks so that count columns stay narrow in 80 columns
    return [
        (
            "Core gold items by (first) type: found, and why the rest were missed",
            ["gold type", "core", "found", "confused", "argument", "actor\nsrc", "actor\ntgt",
             "actor\nboth"],
            counts,
        ),
        ("Missed core items in detail", ["gold type", "miss", "what"], details),
        (
            "Precision errors by system type",
            ["system type", "triples", "unmatched", "gold pair,\nwrong type", "pair not\nin gold"],
            errors,
        ),
    ]  # fmt: skip
