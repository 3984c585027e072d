"""Timeline periods and buckets (pure functions; the store-backed calls are in
tests/test_query_timeline.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_runner import graphkit_in, store_env
from hypothesis import given
from hypothesis import strategies as st
from store.fixture_graph import both_articles

from graphkit.errors import UnknownActor, ValidationError
from graphkit.models import EdgeFilter, EvidenceRow
from graphkit.ontology import default_ontology
from graphkit.store.base import GraphStore
from graphkit.timeline import (
    INTERVALS,
    KEYS_PER_PERIOD,
    MAX_PERIODS,
    DyadTimeline,
    actor_periods,
    actor_timeline,
    bucket,
    check_interval,
    dyad_timeline,
    period_end,
    period_start,
    period_starts,
)

ONTO = default_ontology()


def row(key: str, day: date | None, rel_type: str = "CONSULT", src: str = "A", tgt: str = "B"):
    return EvidenceRow(evidence_id=key, published=day, type=rel_type, source=src, target=tgt)


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    sunday = date(2024, 3, 10)
    assert period_start(sunday, "week") == date(2024, 3, 4)
    assert period_end(date(2024, 3, 4), "week") == sunday
    assert period_start(date(2024, 3, 11), "week") == date(2024, 3, 11)
    assert period_start(date(2024, 2, 29), "month") == date(2024, 2, 1)
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert period_end(date(2023, 2, 1), "month") == date(2023, 2, 28)
    assert period_end(date(2024, 12, 1), "month") == date(2024, 12, 31)
    assert period_start(sunday, "day") == period_end(sunday, "day") == sunday


@given(st.dates(date(1950, 1, 1), date(2090, 12, 31)), st.sampled_from(INTERVALS))
def test_every_day_lies_in_its_period(day: date, interval: str) -> None:
    start = period_start(day, interval)  # type: ignore[arg-type]
    end = period_end(start, interval)  # type: ignore[arg-type]
    assert start <= day <= end
    # the next period starts the day after this one ends
    assert period_start(end + timedelta(days=1), interval) == end + timedelta(days=1)  # type: ignore[arg-type]


def test_period_starts_cover_the_range_with_no_gap() -> None:
    starts = period_starts(date(2024, 1, 31), date(2024, 4, 1), "month")
    assert starts == [date(2024, m, 1) for m in (1, 2, 3, 4)]
    assert period_starts(date(2024, 5, 2), date(2024, 5, 1), "day") == []


def test_too_many_periods_is_a_clear_error() -> None:
    start = date(2000, 1, 1)
    assert len(period_starts(start, start + timedelta(days=MAX_PERIODS - 1), "day")) == MAX_PERIODS
    with pytest.raises(ValidationError, match="coarser interval"):
        period_starts(start, start + timedelta(days=MAX_PERIODS), "day")


@pytest.mark.parametrize("bad", ["year", "", "weekly", 7])
def test_bad_interval(bad: object) -> None:
    with pytest.raises(ValidationError, match="interval must be one of day, week, month"):
        check_interval(bad)


def test_check_interval_is_case_blind_and_defaults_to_week() -> None:
    assert check_interval(" Month ") == "month"
    assert check_interval(None) == "week"


def test_buckets_count_by_type_and_quad_with_a_balance() -> None:
    rows = [
        row("e1", date(2024, 3, 4), "CONSULT"),  # verbal cooperation
        row("e2", date(2024, 3, 10), "AID"),  # material cooperation
        row("e3", date(2024, 3, 10), "ACCUSE"),  # verbal conflict
        row("e4", date(2024, 3, 25), "ASSAULT"),
        row("e5", date(2024, 3, 26), "ASSAULT"),
        row("e6", None, "ASSAULT"),
    ]
    periods, undated = bucket(rows, "week", ONTO)
    assert undated == 1
    assert [p.start for p in periods] == [date(2024, 3, d) for d in (4, 11, 18, 25)]
    first, second, _, last = periods
    assert first.total == 3 and first.by_type == {"ACCUSE": 1, "AID": 1, "CONSULT": 1}
    assert first.by_quad == {
        "verbal_cooperation": 1,
        "material_cooperation": 1,
        "verbal_conflict": 1,
    }
    assert first.balance == 1
    assert first.evidence == ["e3", "e2", "e1"]  # newest first, then by key
    assert second.total == 0 and second.evidence == [] and second.balance == 0
    assert last.balance == -2 and last.by_quad == {"material_conflict": 2}


def test_standing_relations_count_but_do_not_move_the_balance() -> None:
    (period,), _ = bucket([row("s", date(2024, 1, 1), "MEMBER_OF")], "month", ONTO)
    assert period.by_quad == {"standing": 1} and period.balance == 0 and period.total == 1


def test_since_and_until_bound_the_rows_and_keep_empty_periods() -> None:
    rows = [
        row("old", date(2023, 12, 31)),
        row("in", date(2024, 1, 15)),
        row("late", date(2024, 5, 1)),
    ]
    periods, _ = bucket(rows, "month", ONTO, since=date(2024, 1, 1), until=date(2024, 3, 31))
    assert [p.start.month for p in periods] == [1, 2, 3]
    assert [p.total for p in periods] == [1, 0, 0]


def test_an_empty_range_gives_no_periods() -> None:
    assert bucket([], "day", ONTO) == ([], 0)
    assert bucket([row("u", None)], "day", ONTO) == ([], 1)
    periods, _ = bucket([], "day", ONTO, since=date(2024, 1, 1), until=date(2024, 1, 3))
    assert [p.total for p in periods] == [0, 0, 0]


def test_keys_are_capped_but_the_count_is_exact() -> None:
    rows = [row(f"e{i:03d}", date(2024, 1, 1)) for i in range(KEYS_PER_PERIOD + 7)]
    (period,), _ = bucket(rows, "day", ONTO)
    assert period.total == KEYS_PER_PERIOD + 7
    assert len(period.evidence) == KEYS_PER_PERIOD and period.more == 7


def test_actor_periods_rank_counterparts_either_way() -> None:
    rows = [
        row("1", date(2024, 1, 1), src="A", tgt="B"),
        row("2", date(2024, 1, 2), src="C", tgt="A"),
        row("3", date(2024, 1, 3), src="C", tgt="A"),
        row("4", date(2024, 2, 3), src="A", tgt="D"),
    ]
    periods, _ = actor_periods("A", rows, "month", ONTO, counterparts=1)
    assert [(c.id, c.count) for c in periods[0].counterparts] == [("C", 2)]
    assert [(c.id, c.count) for c in periods[1].counterparts] == [("D", 1)]
    assert periods[0].total == 3


def test_negated_evidence_counts_but_not_as_its_type() -> None:
    rows = [
        EvidenceRow("n", date(2024, 1, 1), "ASSAULT", "A", "B", negated=True),
        EvidenceRow("y", date(2024, 1, 1), "CONSULT", "A", "B"),
    ]
    (period,), _ = bucket(rows, "day", ONTO)
    assert period.total == 2 and period.negated == 1
    assert period.by_type == {"CONSULT": 1} and period.balance == 1


def test_counted_rows_add_up_without_keys() -> None:
    rows = [
        EvidenceRow(None, date(2024, 1, 1), "ACCUSE", "A", "B", count=4),
        EvidenceRow(None, None, "ACCUSE", "A", "B", count=3),
    ]
    (period,), undated = bucket(rows, "month", ONTO)
    assert undated == 3 and period.total == 4 and period.balance == -4
    assert period.evidence == [] and period.more == 0


# ------------------------------------------------------------- over a store


def test_dyad_timeline_over_a_store(store: GraphStore) -> None:
    store.write_batch(both_articles())
    tl = dyad_timeline(store, "NATO", "Seoul", "week")
    assert (tl.source.id, tl.target.id, tl.interval) == ("NATO", "KOR", "week")
    # art-1 (Mon 2024-10-21): a request and the partnership; art-2 (Tue 2024-11-05): a request
    assert tl.periods[0].start == date(2024, 10, 21) and tl.periods[-1].start == date(2024, 11, 4)
    assert [p.total for p in tl.periods] == [2, 0, 1]
    assert tl.periods[0].by_type == {"PARTNER_OF": 1, "REQUEST": 1}
    assert tl.periods[0].by_quad == {"standing": 1, "verbal_conflict": 1}
    assert tl.periods[0].balance == -1
    assert tl.total == 3 and tl.undated == 0
    want = {r.evidence_id for r in both_articles()[1].relations if r.type == "REQUEST"}
    assert set(tl.periods[-1].evidence) == want


def test_dyad_timeline_filters_and_empty_ranges(store: GraphStore) -> None:
    store.write_batch(both_articles())
    only = dyad_timeline(store, "NATO", "KOR", "month", EdgeFilter(types=["REQUEST"]))
    assert [(p.start, p.total) for p in only.periods] == [
        (date(2024, 10, 1), 1),
        (date(2024, 11, 1), 1),
    ]
    late = EdgeFilter(since=date(2025, 1, 1), until=date(2025, 2, 28))
    empty = dyad_timeline(store, "NATO", "KOR", "month", late)
    assert [(p.start, p.total) for p in empty.periods] == [
        (date(2025, 1, 1), 0),
        (date(2025, 2, 1), 0),
    ]
    assert empty.total == 0
    assert dyad_timeline(store, "NATO", "PRK").periods == []


def test_dyad_timeline_refuses_bad_input(store: GraphStore) -> None:
    store.write_batch(both_articles())
    with pytest.raises(UnknownActor) as err:
        dyad_timeline(store, "NATO", "North Kore")
    assert "North Korea" in err.value.suggestions
    with pytest.raises(ValidationError, match="two different actors"):
        dyad_timeline(store, "PRK", "Pyongyang")
    with pytest.raises(ValidationError, match="interval must be one of"):
        dyad_timeline(store, "NATO", "KOR", "fortnight")


def test_actor_timeline_over_a_store(store: GraphStore) -> None:
    store.write_batch(both_articles())
    tl = actor_timeline(store, "Pyongyang", "month")
    assert tl.actor.id == "PRK" and tl.interval == "month"
    rels = [
        r for ex in both_articles() for r in ex.relations if "PRK" in (r.source.id, r.target.id)
    ]
    assert tl.total == len(rels) == sum(p.total for p in tl.periods)
    # the negated sanction is counted, but not as a sanction
    november = tl.periods[-1]
    assert november.negated == 1 and "SANCTION" not in november.by_type
    assert [c.id for c in tl.counterparts][:1] == ["RUS"]
    assert {c.id for p in tl.periods for c in p.counterparts} <= {"RUS", "KOR", "USA"}
    with pytest.raises(ValidationError, match="counterparts"):
        actor_timeline(store, "PRK", counterparts=0)
    with pytest.raises(UnknownActor):
        actor_timeline(store, "Atlantis")


# ------------------------------------------------------------------ CLI


def test_cli_timeline_dyad_json_and_table(store: GraphStore, tmp_path: Path) -> None:
    env = store_env(store, tmp_path, lambda s: s.write_batch(both_articles()))
    proc = graphkit_in(env, "timeline", "NATO", "South Korea", "--interval", "month", "--json")
    assert proc.returncode == 0, proc.stderr
    tl = DyadTimeline.model_validate_json(proc.stdout)
    assert [(p.start.month, p.total) for p in tl.periods] == [(10, 2), (11, 1)]
    table = graphkit_in(env, "timeline", "PRK", "--type", "AID,MOBILIZE")
    assert table.returncode == 0, table.stderr
    assert "North Korea, per week" in table.stdout and "2024-10-21" in table.stdout


def test_cli_timeline_errors_are_one_line(store: GraphStore, tmp_path: Path) -> None:
    env = store_env(store, tmp_path, lambda s: s.write_batch(both_articles()))
    unknown = graphkit_in(env, "timeline", "Atlantis")
    assert unknown.returncode == 1 and "Unknown actor 'Atlantis'" in unknown.stderr
    bad = graphkit_in(env, "timeline", "PRK", "RUS", "--interval", "year")
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: interval must be one of day, week, month, not 'year'"
