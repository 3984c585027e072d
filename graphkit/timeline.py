"""Time series over evidence: periods, buckets by type and quad class, and the
cooperation-minus-conflict balance analysts read off event data.

Pure functions over evidence rows; ``query.py`` fetches the rows from a store.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, TypeVar, cast

from pydantic import BaseModel, Field

from graphkit.errors import ValidationError
from graphkit.models import ActorNode, EdgeFilter, EvidenceRow
from graphkit.ontology import Ontology, default_ontology

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month")
# a chart of more bars than this is unreadable and its answer large: ask for a coarser
# interval or a narrower range instead
MAX_PERIODS = 1500
# evidence keys listed per bucket; the bucket's count is always exact
KEYS_PER_PERIOD = 50
# a dyad's evidence is read whole: past this many pieces, narrow the range or the types
MAX_DYAD_EVIDENCE = 200_000
COUNTERPARTS = 5
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
COOPERATION = frozenset(QUADS[:2])
CONFLICT = frozenset(QUADS[2:])


class Period(BaseModel):
    """One bucket of a timeline: the evidence published from ``start`` to ``end``."""

    start: date
    end: date = Field(description="last day of the period (inclusive)")
    total: int = Field(default=0, description="evidence in the period, negated included")
    negated: int = Field(default=0, description="evidence saying it did not happen")
    by_type: dict[str, int] = Field(default_factory=dict, description="not negated, by type")
    by_quad: dict[str, int] = Field(default_factory=dict)
    balance: int = Field(default=0, description="cooperation minus conflict events (quad classes)")
    evidence: list[str] = Field(default_factory=list, description="evidence keys, newest first")
    more: int = Field(default=0, description="evidence in this period beyond the keys listed")


class Counterpart(BaseModel):
    """An actor's partner in a period, with how much evidence joins them."""

    id: str
    count: int


class ActorPeriod(Period):
    """A period of one actor's activity, with its busiest counterparts."""

    counterparts: list[Counterpart] = Field(default_factory=list)


P = TypeVar("P", bound=Period)


class DyadTimeline(BaseModel):
    """How the relationship between two actors changed, period by period."""

    source: ActorNode
    target: ActorNode
    interval: Interval
    since: date | None = None
    until: date | None = None
    total: int = 0
    undated: int = Field(default=0, description="evidence from undated articles (in no period)")
    periods: list[Period] = Field(default_factory=list)


class ActorTimeline(BaseModel):
    """One actor's activity per period, and its top counterparts in each."""

    actor: ActorNode
    interval: Interval
    since: date | None = None
    until: date | None = None
    total: int = 0
    undated: int = 0
    counterparts: list[Counterpart] = Field(
        default_factory=list, description="busiest counterparts over the whole range"
    )
    periods: list[ActorPeriod] = Field(default_factory=list)


def check_interval(value: object) -> Interval:
    """The interval named by ``value`` (day, week or month).

    Raises:
        ValidationError: for anything else.
    """
    name = str(value).strip().lower() if value is not None else "week"
    if name not in INTERVALS:
        raise ValidationError(f"interval must be one of {', '.join(INTERVALS)}, not {value!r}")
    return cast(Interval, name)


def period_start(day: date, interval: Interval) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO's do)."""
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_end(start: date, interval: Interval) -> date:
    """The last day (inclusive) of the period that starts on ``start``."""
    if interval == "day":
        return start
    if interval == "week":
        return start + timedelta(days=6)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def period_starts(first: date, last: date, interval: Interval) -> list[date]:
    """Every period from the one holding ``first`` to the one holding ``last``.

    Raises:
        ValidationError: when that is more than ``MAX_PERIODS`` periods.
    """
    if last < first:
        return []
    if _count(first, last, interval) > MAX_PERIODS:
        raise ValidationError(
            f"{first.isoformat()} to {last.isoformat()} is more than {MAX_PERIODS} "
            f"{interval}s: choose a coarser interval or a narrower since/until"
        )
    out = []
    start = period_start(first, interval)
    while start <= last:
        out.append(start)
        start = period_end(start, interval) + timedelta(days=1)
    return out


def _count(first: date, last: date, interval: Interval) -> int:
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (period_start(last, "week") - period_start(first, "week")).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _span(
    rows: Sequence[EvidenceRow], since: date | None, until: date | None
) -> tuple[date, date] | None:
    """The days a timeline covers: the filter's range, closed by the data where it is open."""
    days = [r.published for r in rows if r.published is not None]
    first = since or (min(days) if days else None)
    last = until or (max(days) if days else None)
    if first is None or last is None:
        return None
    return first, last


def _fill(period: Period, rows: Sequence[EvidenceRow], onto: Ontology) -> None:
    # "did not attack" is no attack: negated evidence is counted, but not as its type
    by_type: Counter[str] = Counter()
    for r in rows:
        if not r.negated:
            by_type[r.type] += r.count
    by_quad: Counter[str] = Counter()
    for rel_type, n in by_type.items():
        by_quad[onto.family(rel_type)] += n
    period.total = sum(r.count for r in rows)
    period.negated = sum(r.count for r in rows if r.negated)
    period.by_type = dict(sorted(by_type.items()))
    period.by_quad = {q: by_quad[q] for q in (*QUADS, "standing") if by_quad[q]}
    period.balance = sum(by_quad[q] for q in COOPERATION) - sum(by_quad[q] for q in CONFLICT)
    keyed = [r for r in rows if r.evidence_id is not None]
    newest = sorted(keyed, key=lambda r: (r.published or date.min, r.evidence_id), reverse=True)
    period.evidence = [r.evidence_id for r in newest[:KEYS_PER_PERIOD] if r.evidence_id]
    period.more = max(0, len(keyed) - KEYS_PER_PERIOD)


def bucket(
    rows: Iterable[EvidenceRow],
    interval: Interval,
    onto: Ontology,
    since: date | None = None,
    until: date | None = None,
) -> tuple[list[Period], int]:
    """Group dated evidence into consecutive periods, empty ones included.

    Returns:
        The periods, oldest first, and how many rows had no date.
    """
    return _bucket(rows, interval, onto, since, until, Period)


def _bucket(
    rows: Iterable[EvidenceRow],
    interval: Interval,
    onto: Ontology,
    since: date | None,
    until: date | None,
    kind: type[P],
) -> tuple[list[P], int]:
    kept = [
        r
        for r in rows
        if r.published is None
        or ((since is None or r.published >= since) and (until is None or r.published <= until))
    ]
    undated = sum(r.count for r in kept if r.published is None)
    span = _span(kept, since, until)
    if span is None:
        return [], undated
    groups: dict[date, list[EvidenceRow]] = {}
    for r in kept:
        if r.published is not None:
            groups.setdefault(period_start(r.published, interval), []).append(r)
    out = []
    for start in period_starts(*span, interval):
        period = kind(start=start, end=period_end(start, interval))
        _fill(period, groups.get(start, []), onto)
        out.append(period)
    return out, undated


def actor_periods(
    actor_id: str,
    rows: Iterable[EvidenceRow],
    interval: Interval,
    onto: Ontology,
    since: date | None = None,
    until: date | None = None,
    counterparts: int = COUNTERPARTS,
) -> tuple[list[ActorPeriod], int]:
    """An actor's periods, each with its ``counterparts`` busiest partners.

    Returns:
        The periods, oldest first, and how many rows had no date.
    """
    rows = list(rows)
    periods, undated = _bucket(rows, interval, onto, since, until, ActorPeriod)
    by_start = {p.start: p for p in periods}
    partners: dict[date, Counter[str]] = {}
    for r in rows:
        if r.published is None:
            continue
        start = period_start(r.published, interval)
        if start in by_start:
            other = r.target if r.source == actor_id else r.source
            partners.setdefault(start, Counter())[other] += r.count
    for start, counts in partners.items():
        by_start[start].counterparts = _ranked(counts, counterparts)
    return periods, undated


def _ranked(counts: Counter[str], top: int) -> list[Counterpart]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [Counterpart(id=k, count=n) for k, n in ranked]


def dyad_timeline(
    store: GraphStore,
    actor_a: str,
    actor_b: str,
    interval: object = "week",
    filt: EdgeFilter | None = None,
) -> DyadTimeline:
    """How the relationship between two actors changed: evidence per period, by type and
    quad class, with the cooperation-minus-conflict balance and the keys behind each bucket.

    The filter's evidence-level fields apply (types, modality, since, until).

    Raises:
        ValidationError: a bad interval or filter, the same actor twice, too many periods,
            or more than ``MAX_DYAD_EVIDENCE`` pieces of evidence.
        UnknownActor: an actor that does not resolve (with suggestions).
    """
    from graphkit import query

    step = check_interval(interval)
    filt = filt or EdgeFilter()
    source = query.resolve(store, actor_a)
    target = query.resolve(store, actor_b)
    if source.id == target.id:
        raise ValidationError(f"a dyad needs two different actors; both are {source.id!r}")
    rows = store.dyad_evidence(source.id, target.id, filt, MAX_DYAD_EVIDENCE + 1)
    if len(rows) > MAX_DYAD_EVIDENCE:
        raise ValidationError(
            f"more than {MAX_DYAD_EVIDENCE} pieces of evidence between {source.id} and "
            f"{target.id}: narrow since/until or the types"
        )
    periods, undated = bucket(rows, step, default_ontology(), filt.since, filt.until)
    return DyadTimeline(
        source=source,
        target=target,
        interval=step,
        since=filt.since,
        until=filt.until,
        total=sum(r.count for r in rows),
        undated=undated,
        periods=periods,
    )


def actor_timeline(
    store: GraphStore,
    actor: str,
    interval: object = "week",
    filt: EdgeFilter | None = None,
    counterparts: int = COUNTERPARTS,
) -> ActorTimeline:
    """An actor's activity per period and its busiest counterparts, per period and overall.

    Raises:
        ValidationError: a bad interval, filter or counterpart count, or too many periods.
        UnknownActor: the actor does not resolve (with suggestions).
    """
    from graphkit import query

    step = check_interval(interval)
    if not isinstance(counterparts, int) or not 1 <= counterparts <= 50:
        raise ValidationError(f"counterparts must be between 1 and 50, got {counterparts!r}")
    filt = filt or EdgeFilter()
    node = query.resolve(store, actor)
    rows = store.actor_evidence(node.id, filt)
    onto = default_ontology()
    periods, undated = actor_periods(
        node.id, rows, step, onto, filt.since, filt.until, counterparts
    )
    overall: Counter[str] = Counter()
    for r in rows:
        overall[r.target if r.source == node.id else r.source] += r.count
    return ActorTimeline(
        actor=node,
        interval=step,
        since=filt.since,
        until=filt.until,
        total=sum(r.count for r in rows),
        undated=undated,
        counterparts=_ranked(overall, counterparts),
        periods=periods,
    )
