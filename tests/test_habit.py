"""The habit maths on hand-made calendars, plus properties checked against a day-by-day oracle.

Reference calendar for most cases (weeks starting Monday): today is Wednesday 2025-03-12, so
this week is Mon 03-10 – Sun 03-16; earlier weeks start 03-03, 02-24, 02-17, 02-10, 02-03.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legday.errors import UsageError
from legday.habit import (
    HabitRules,
    check_rest_request,
    day_of,
    due_status,
    recent_weeks,
    rest_week_starts,
    stats_summary,
    streak_summary,
    week_start_of,
)
from legday.render.hints import next_step_hint

MONDAY, THURSDAY, SUNDAY = 0, 3, 6
WED_MAR_12 = date(2025, 3, 12)


def d(text: str) -> date:
    return date.fromisoformat(text)


def ds(*texts: str) -> set[date]:
    return {d(text) for text in texts}


# --- the date of "now" ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "starts_at", "expected"),
    [
        pytest.param(
            "2025-03-12T01:30", "04:00", "2025-03-11", id="01:30-belongs-to-evening-before"
        ),
        pytest.param("2025-03-12T03:59:59", "04:00", "2025-03-11", id="just-before-start"),
        pytest.param("2025-03-12T04:00", "04:00", "2025-03-12", id="exactly-at-start"),
        pytest.param("2025-03-12T23:59", "04:00", "2025-03-12", id="late-evening"),
        pytest.param("2025-03-12T00:00", "00:00", "2025-03-12", id="midnight-start"),
        pytest.param("2025-03-12T11:58", "11:59", "2025-03-11", id="latest-allowed-start"),
        pytest.param("2027-01-01T01:30", "04:00", "2026-12-31", id="back-across-new-year"),
        pytest.param("2024-03-01T02:00", "04:00", "2024-02-29", id="back-onto-leap-day"),
        pytest.param("2025-03-12T01:30+09:00", "04:00", "2025-03-11", id="wall-clock-of-aware"),
    ],
)
def test_day_of_shifts_early_hours_to_the_previous_date(
    moment: str, starts_at: str, expected: str
) -> None:
    assert day_of(datetime.fromisoformat(moment), time.fromisoformat(starts_at)) == d(expected)


def test_day_of_refuses_a_day_start_in_the_afternoon() -> None:
    with pytest.raises(UsageError, match="00:00 and 11:59"):
        day_of(datetime(2025, 3, 12, 13, 0), time(12, 0))


# --- weeks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week_start", "start", "end"),
    [
        pytest.param("2025-03-12", MONDAY, "2025-03-10", "2025-03-16", id="monday-week"),
        pytest.param("2025-03-10", MONDAY, "2025-03-10", "2025-03-16", id="on-its-first-day"),
        pytest.param("2025-03-16", MONDAY, "2025-03-10", "2025-03-16", id="on-its-last-day"),
        pytest.param("2025-03-12", SUNDAY, "2025-03-09", "2025-03-15", id="sunday-week"),
        pytest.param("2025-03-09", SUNDAY, "2025-03-09", "2025-03-15", id="sunday-itself"),
        pytest.param("2025-03-12", THURSDAY, "2025-03-06", "2025-03-12", id="thursday-week"),
        pytest.param("2024-02-29", MONDAY, "2024-02-26", "2024-03-03", id="leap-day"),
        pytest.param("2026-12-28", MONDAY, "2026-12-28", "2027-01-03", id="iso-week-53-start"),
        pytest.param("2027-01-01", MONDAY, "2026-12-28", "2027-01-03", id="iso-week-53-new-year"),
        pytest.param("2027-01-03", MONDAY, "2026-12-28", "2027-01-03", id="iso-week-53-end"),
        pytest.param("2027-01-01", SUNDAY, "2026-12-27", "2027-01-02", id="sunday-over-new-year"),
    ],
)
def test_week_bounds(day: str, week_start: int, start: str, end: str) -> None:
    assert week_start_of(d(day), week_start) == d(start)
    # The week's last day is still in it; the next day starts the next week.
    assert week_start_of(d(end), week_start) == d(start)
    after = d(end) + timedelta(days=1)
    assert week_start_of(after, week_start) == after


@pytest.mark.parametrize("week_start", [-1, 7, True])
def test_a_week_start_that_is_not_a_weekday_is_refused(week_start: int) -> None:
    with pytest.raises(UsageError, match="week_start"):
        week_start_of(WED_MAR_12, week_start)


@pytest.mark.parametrize(("goal", "week_start"), [(0, 0), (8, 0), (1, 7), (1, -1)])
def test_rules_out_of_range_are_refused_as_usage_errors(goal: int, week_start: int) -> None:
    with pytest.raises(UsageError):
        HabitRules(goal=goal, week_start=week_start)


def test_weeks_run_seamlessly_through_iso_week_53() -> None:
    weeks = recent_weeks(
        4,
        ds("2026-12-31", "2027-01-02", "2027-01-05"),
        set(),
        HabitRules(goal=2),
        today=d("2027-01-06"),
    )
    assert [(w.start, w.end) for w in weeks] == [
        (d("2026-12-14"), d("2026-12-20")),
        (d("2026-12-21"), d("2026-12-27")),
        (d("2026-12-28"), d("2027-01-03")),
        (d("2027-01-04"), d("2027-01-10")),
    ]
    # The two leg days either side of New Year make one week's goal of 2.
    assert [(w.leg_days, w.met, w.in_progress) for w in weeks] == [
        (0, False, False),
        (0, False, False),
        (2, True, False),
        (1, False, True),
    ]


def test_dates_before_the_supported_range_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="too early"):
        streak_summary(ds("0001-01-01"), set(), HabitRules(week_start=SUNDAY), WED_MAR_12)


# --- streaks on hand-made calendars -----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    leg_days: set[date]
    current: int
    best: int
    this_week_leg_days: int
    this_week_met: bool
    rest_dates: set[date] = field(default_factory=set)
    goal: int = 1
    week_start: int = MONDAY
    today: date = WED_MAR_12
    this_week_skipped: bool = False


STREAK_CASES = {
    "no history": Case(set(), current=0, best=0, this_week_leg_days=0, this_week_met=False),
    "week in progress not yet met keeps last week's streak": Case(
        ds("2025-02-18", "2025-02-25", "2025-03-04"), 3, 3, 0, False
    ),
    "this week met extends the streak": Case(
        ds("2025-02-18", "2025-02-25", "2025-03-04", "2025-03-11"), 4, 4, 1, True
    ),
    "several entries' dates in one week are one met week": Case(
        ds("2025-03-03", "2025-03-04", "2025-03-09", "2025-03-10", "2025-03-12"), 2, 2, 2, True
    ),
    "a missed last week breaks the streak": Case(ds("2025-02-18", "2025-02-25"), 0, 2, 0, False),
    "after a missed week this week starts again": Case(
        ds("2025-02-18", "2025-02-25", "2025-03-11"), 1, 2, 1, True
    ),
    "a skipped week inside a streak is passed over": Case(
        ds("2025-02-11", "2025-02-18", "2025-03-04"), 3, 3, 0, False, rest_dates=ds("2025-02-26")
    ),
    "a skipped week with a leg day does not count": Case(
        ds("2025-02-18", "2025-02-25", "2025-03-04"), 2, 2, 0, False, rest_dates=ds("2025-02-25")
    ),
    "a skipped week right after a missed one cannot revive": Case(
        ds("2025-02-11", "2025-02-18"), 0, 2, 0, False, rest_dates=ds("2025-03-05")
    ),
    "a skipped week after a missed one, then this week met": Case(
        ds("2025-02-11", "2025-02-18", "2025-03-10"), 1, 2, 1, True, rest_dates=ds("2025-03-05")
    ),
    "this week skipped keeps the streak": Case(
        ds("2025-02-25", "2025-03-04"),
        2,
        2,
        0,
        False,
        rest_dates=ds("2025-03-12"),
        this_week_skipped=True,
    ),
    "goal 2: one leg day leaves a week missed": Case(
        ds("2025-02-17", "2025-02-19")  # met
        | ds("2025-02-24", "2025-02-25", "2025-02-26")  # met
        | ds("2025-03-04")  # missed: 1 of 2
        | ds("2025-03-10", "2025-03-11"),  # this week met
        current=1,
        best=2,
        this_week_leg_days=2,
        this_week_met=True,
        goal=2,
    ),
    "goal 3": Case(
        ds("2025-02-10", "2025-02-12", "2025-02-14")  # met
        | ds("2025-02-17", "2025-02-18", "2025-02-19", "2025-02-20")  # met
        | ds("2025-02-24", "2025-02-25")  # missed: 2 of 3
        | ds("2025-03-03", "2025-03-05", "2025-03-07")  # met
        | ds("2025-03-10", "2025-03-11"),  # in progress: 2 of 3
        current=1,
        best=2,
        this_week_leg_days=2,
        this_week_met=False,
        goal=3,
    ),
    "sunday-start weeks": Case(
        # Sun-start weeks 02-23..03-01, 03-02..03-08 and 03-09..03-15 each hold one.
        ds("2025-03-01", "2025-03-02", "2025-03-09"),
        3,
        3,
        1,
        True,
        week_start=SUNDAY,
    ),
    "the same dates in monday-start weeks": Case(
        # Sat 03-01 and Sun 03-02 share the week of 02-24; Sun 03-09 is in the week of 03-03.
        ds("2025-03-01", "2025-03-02", "2025-03-09"),
        2,
        2,
        0,
        False,
    ),
    "thursday-start weeks, today the last day": Case(
        ds("2025-02-20", "2025-03-05", "2025-03-12"), 3, 3, 1, True, week_start=THURSDAY
    ),
    "a gap of years": Case(
        ds("2001-01-01", "2001-01-08", "2001-01-15", "2001-01-22", "2001-01-29")
        | ds("2025-03-04", "2025-03-11"),
        current=2,
        best=5,
        this_week_leg_days=1,
        this_week_met=True,
    ),
    "across iso week 53 into 2027": Case(
        ds("2026-12-22", "2026-12-31", "2027-01-02", "2027-01-05"),
        3,
        3,
        1,
        True,
        today=d("2027-01-06"),
    ),
    "leap week with goal 2": Case(
        ds("2024-02-20", "2024-02-22", "2024-02-29", "2024-03-02"),
        2,
        2,
        0,
        False,
        goal=2,
        today=d("2024-03-05"),
    ),
    "a future-dated leg day does not count": Case(ds("2025-03-04", "2025-03-14"), 1, 1, 0, False),
}


@pytest.mark.parametrize("case", STREAK_CASES.values(), ids=STREAK_CASES.keys())
def test_streaks(case: Case) -> None:
    rules = HabitRules(goal=case.goal, week_start=case.week_start)
    summary = streak_summary(case.leg_days, case.rest_dates, rules, case.today)
    assert (summary.current_streak_weeks, summary.best_streak_weeks) == (case.current, case.best)
    assert summary.this_week.leg_days == case.this_week_leg_days
    assert summary.this_week.met == case.this_week_met
    assert summary.this_week.skipped == case.this_week_skipped
    assert summary.this_week.in_progress
    assert summary.this_week.start <= case.today <= summary.this_week.end
    assert (
        due_status(case.leg_days, case.rest_dates, rules, case.today).streak_weeks == case.current
    )


def test_fifty_years_of_daily_leg_days_with_one_missed_week() -> None:
    first_monday, missed_monday = d("1975-01-06"), d("2000-01-03")
    every_day = {
        first_monday + timedelta(days=n) for n in range((WED_MAR_12 - first_monday).days + 1)
    }
    history = every_day - {missed_monday + timedelta(days=k) for k in range(7)}
    weeks_before = (missed_monday - first_monday).days // 7
    weeks_after = (d("2025-03-10") - missed_monday).days // 7  # up to and including this week
    summary = streak_summary(history, set(), HabitRules(goal=3), WED_MAR_12)
    assert (summary.current_streak_weeks, summary.best_streak_weeks) == (
        weeks_after,
        max(weeks_before, weeks_after),
    )
    assert summary.total_leg_days == len(every_day) - 7


def test_streak_json_has_the_contract_keys() -> None:
    summary = streak_summary(
        ds("2025-03-04", "2025-03-11"), set(), HabitRules(goal=1, week_start=SUNDAY), WED_MAR_12
    )
    data = summary.to_json()
    assert data == data | {
        "as_of": "2025-03-12",
        "goal": 1,
        "week_start": "sunday",
        "current_streak_weeks": 2,
        "best_streak_weeks": 2,
        "last_leg_day": "2025-03-11",
        "days_since_last": 1,
        "total_leg_days": 2,
    }
    assert data["this_week"] == data["this_week"] | {
        "start": "2025-03-09",
        "end": "2025-03-15",
        "leg_days": 1,
        "met": True,
        "skipped": False,
    }


def test_with_no_leg_day_yet_the_last_one_is_null() -> None:
    data = streak_summary(set(), set(), HabitRules(), WED_MAR_12).to_json()
    assert (data["last_leg_day"], data["days_since_last"], data["total_leg_days"]) == (
        None,
        None,
        0,
    )


@pytest.mark.parametrize(
    ("today", "week_start", "days_left"),
    [
        ("2025-03-10", MONDAY, 7),
        ("2025-03-12", MONDAY, 5),
        ("2025-03-16", MONDAY, 1),
        ("2025-03-15", SUNDAY, 1),
        ("2025-03-16", SUNDAY, 7),
    ],
)
def test_days_left_in_week_counts_today(today: str, week_start: int, days_left: int) -> None:
    rules = HabitRules(week_start=week_start)
    assert streak_summary(set(), set(), rules, d(today)).days_left_in_week == days_left
    assert due_status(set(), set(), rules, d(today)).days_left_in_week == days_left


# --- recent weeks and stats -------------------------------------------------------------------


def test_recent_weeks_end_with_this_week() -> None:
    weeks = recent_weeks(12, ds("2024-12-16", "2025-03-11"), set(), HabitRules(), WED_MAR_12)
    assert len(weeks) == 12
    assert weeks[0].start == d("2024-12-23")  # 11 weeks before 2025-03-10
    assert weeks[-1].start == d("2025-03-10")
    assert [w.in_progress for w in weeks] == [False] * 11 + [True]
    assert sum(w.leg_days for w in weeks) == 1  # 2024-12-16 is just outside the window


@pytest.mark.parametrize("count", [0, -3, 10_001])
def test_a_window_of_weeks_out_of_range_is_refused(count: int) -> None:
    with pytest.raises(UsageError, match="weeks"):
        recent_weeks(count, set(), set(), HabitRules(), WED_MAR_12)


STATS_CASES = {
    # Window of 4 weeks: 02-17, 02-24, 03-03, 03-10 (this week).
    "skipped and unmet in-progress weeks are left out": (
        ds("2025-02-17", "2025-02-19", "2025-02-25"),
        ds("2025-02-24"),
        1,
        [2, 1, 0, 0],
        (2 + 0) / 2,
        1 / 2,
    ),
    "this week counts once met": (
        ds("2025-02-17", "2025-02-19", "2025-02-25", "2025-03-11"),
        ds("2025-02-24"),
        1,
        [2, 1, 0, 1],
        (2 + 0 + 1) / 3,
        2 / 3,
    ),
    "goal 2 with this week half done": (
        ds("2025-02-17", "2025-02-18", "2025-02-24", "2025-03-03", "2025-03-04", "2025-03-10"),
        set(),
        2,
        [2, 1, 2, 1],
        (2 + 1 + 2) / 3,
        2 / 3,
    ),
    "every week a rest week": (
        ds("2025-02-18"),
        ds("2025-02-17", "2025-02-24", "2025-03-03", "2025-03-10"),
        1,
        [1, 0, 0, 0],
        0.0,
        None,
    ),
}


@pytest.mark.parametrize(
    ("leg_days", "rest_dates", "goal", "per_week", "average", "consistency"),
    STATS_CASES.values(),
    ids=STATS_CASES.keys(),
)
def test_stats(
    leg_days: set[date],
    rest_dates: set[date],
    goal: int,
    per_week: list[int],
    average: float,
    consistency: float | None,
) -> None:
    stats = stats_summary(4, leg_days, rest_dates, HabitRules(goal=goal), WED_MAR_12)
    assert [w.leg_days for w in stats.weeks] == per_week
    assert stats.average_per_week == pytest.approx(average)
    if consistency is None:
        assert stats.consistency is None
    else:
        assert stats.consistency == pytest.approx(consistency)


def test_a_user_whose_first_leg_day_is_today_is_fully_consistent() -> None:
    # Nothing before today: the eleven earlier weeks had not started, so they were not missed.
    stats = stats_summary(12, ds("2025-03-12"), set(), HabitRules(), WED_MAR_12)
    assert [w.started for w in stats.weeks] == [False] * 11 + [True]
    assert not any(w.met for w in stats.weeks[:-1])
    assert stats.consistency == 1.0
    assert stats.average_per_week == 1.0


def test_weeks_before_the_first_leg_day_count_for_nothing() -> None:
    # First leg day Tuesday 02-18 (week of 02-17); 02-24 missed; 03-03 met; this week open.
    stats = stats_summary(
        8, ds("2025-02-18", "2025-03-04", "2025-03-05"), set(), HabitRules(), WED_MAR_12
    )
    assert [w.started for w in stats.weeks] == [False] * 4 + [True] * 4
    assert stats.consistency == pytest.approx(2 / 3)
    assert stats.average_per_week == pytest.approx((1 + 0 + 2) / 3)


def test_the_first_leg_day_starts_its_whole_week() -> None:
    # Logged on Sunday 03-09: that week (from Monday 03-03) has started, the one before not.
    weeks = recent_weeks(3, ds("2025-03-09"), set(), HabitRules(), WED_MAR_12)
    assert [w.started for w in weeks] == [False, True, True]


def test_with_no_leg_day_yet_no_week_has_started() -> None:
    stats = stats_summary(4, set(), ds("2025-02-24"), HabitRules(), WED_MAR_12)
    assert not any(w.started for w in stats.weeks)
    assert stats.weeks[1].skipped  # a rest mark still shows as one
    assert (stats.consistency, stats.average_per_week) == (None, 0.0)


def test_a_leg_day_after_today_starts_nothing() -> None:
    stats = stats_summary(2, ds("2025-03-20"), set(), HabitRules(), WED_MAR_12)
    assert not any(w.started for w in stats.weeks)


def test_started_is_in_the_week_json() -> None:
    weeks = recent_weeks(2, ds("2025-03-11"), set(), HabitRules(), WED_MAR_12)
    assert [w.to_json()["started"] for w in weeks] == [False, True]
    assert weeks[0].to_json()["met"] is False


# --- rest requests ---------------------------------------------------------------------------


def test_rest_week_starts_cover_a_range_by_whole_weeks() -> None:
    # Wed 12-24 to Sat 01-03 touches the weeks of Monday 12-22 and Monday 12-29.
    weeks = rest_week_starts(d("2025-12-24"), d("2026-01-03"), MONDAY)
    assert weeks == [d("2025-12-22"), d("2025-12-29")]
    assert rest_week_starts(d("2025-12-24"), d("2025-12-24"), SUNDAY) == [d("2025-12-21")]


def test_a_rest_request_of_more_than_a_year_of_weeks_is_refused() -> None:
    with pytest.raises(UsageError, match="at most 52 rest weeks"):
        rest_week_starts(d("2025-01-01"), d("2026-01-01"), MONDAY)


REST_RULES = HabitRules(goal=2)


@pytest.mark.parametrize(
    "week_start",
    [
        pytest.param("2025-03-03", id="this-week-not-yet-met"),
        pytest.param("2025-03-10", id="next-week"),
        pytest.param("2026-03-09", id="a-year-ahead"),
        pytest.param("2025-02-24", id="last-week-7-days-after-its-end"),
    ],
)
def test_rest_may_be_planned_ahead_or_taken_within_the_grace(week_start: str) -> None:
    # Today is Sunday 03-09 with 1 of 2 leg days this week; last week ended Sunday 03-02.
    check_rest_request([d(week_start)], ds("2025-03-04"), REST_RULES, d("2025-03-09"))


@pytest.mark.parametrize(
    ("week_start", "today", "reason"),
    [
        pytest.param("2025-03-03", "2025-03-12", "already met the goal", id="met-last-week"),
        pytest.param("2025-03-10", "2025-03-12", "already met the goal", id="met-this-week"),
        pytest.param("2025-02-24", "2025-03-10", "ended more than 7 days ago", id="day-8"),
        pytest.param("2024-06-03", "2025-03-12", "until 2024-06-16", id="long-ago"),
        pytest.param("2026-03-23", "2025-03-12", "more than a year ahead", id="too-far-ahead"),
    ],
)
def test_a_rest_request_that_would_game_the_streak_is_refused(
    week_start: str, today: str, reason: str
) -> None:
    leg_days = ds("2025-03-03", "2025-03-05", "2025-03-10", "2025-03-11")
    with pytest.raises(UsageError, match=reason):
        check_rest_request([d(week_start)], leg_days, REST_RULES, d(today))


def test_a_range_is_refused_whole_naming_the_first_bad_week() -> None:
    # Next week and the week after are fine; this week is already met.
    weeks = [d("2025-03-24"), d("2025-03-17"), d("2025-03-10")]
    with pytest.raises(UsageError, match="week of 2025-03-10 to 2025-03-16 already met"):
        check_rest_request(weeks, ds("2025-03-10", "2025-03-11"), REST_RULES, WED_MAR_12)


# --- due or not -------------------------------------------------------------------------------


def test_due_when_this_week_is_short_of_the_goal() -> None:
    status = due_status(
        ds("2025-03-04", "2025-03-05", "2025-03-11"), set(), HabitRules(goal=2), WED_MAR_12
    )
    assert (status.due, status.leg_days_this_week, status.needed) == (True, 1, 1)
    assert (status.days_left_in_week, status.week_end, status.streak_weeks) == (
        5,
        d("2025-03-16"),
        1,
    )


def test_not_due_once_the_goal_is_met() -> None:
    status = due_status(ds("2025-03-10", "2025-03-11"), set(), HabitRules(goal=2), WED_MAR_12)
    assert (status.due, status.needed, status.streak_weeks) == (False, 0, 1)


def test_a_rest_week_is_never_due() -> None:
    status = due_status(set(), ds("2025-03-10"), HabitRules(goal=3), WED_MAR_12)
    assert (status.due, status.needed, status.skipped) == (False, 0, True)


def hint(
    leg_days: set[date], rules: HabitRules, today: date = WED_MAR_12, rest: set[date] | None = None
) -> str:
    return next_step_hint(streak_summary(leg_days, rest or set(), rules, today), rules)


SIX_WEEKS = {d("2025-01-27") + timedelta(weeks=n) for n in range(6)}  # up to 2025-03-03


def test_hint_when_a_streak_is_at_stake() -> None:
    assert hint(SIX_WEEKS, HabitRules()) == "1 more leg day by Sunday keeps your 6-week streak."


def test_hint_on_the_last_day_says_today() -> None:
    assert hint(SIX_WEEKS, HabitRules(), today=d("2025-03-16")) == (
        "1 more leg day today keeps your 6-week streak."
    )


def test_hint_names_the_last_day_of_a_sunday_start_week() -> None:
    assert "by Saturday" in hint(set(), HabitRules(week_start=SUNDAY))


def test_hint_when_the_goal_is_met() -> None:
    assert (
        hint(SIX_WEEKS | ds("2025-03-11"), HabitRules())
        == "Goal met this week — streak is 7 weeks."
    )
    assert hint(ds("2025-03-11"), HabitRules()) == "Goal met this week — streak is 1 week."


def test_hint_with_no_streak() -> None:
    assert hint(set(), HabitRules()) == "Log a leg day by Sunday to start a streak."
    assert hint(ds("2025-03-11"), HabitRules(goal=3)) == (
        "Log 2 more leg days by Sunday to start a streak."
    )


def test_hint_in_a_rest_week() -> None:
    text = hint(SIX_WEEKS, HabitRules(), rest=ds("2025-03-12"))
    assert text.startswith("Rest week") and "6-week streak" in text
    assert hint(set(), HabitRules(), rest=ds("2025-03-12")).startswith("Rest week")


def test_hint_when_the_goal_can_no_longer_be_reached() -> None:
    # Saturday, goal 3, nothing logged: two days left cannot hold three leg days.
    three = {day + timedelta(days=k) for day in SIX_WEEKS for k in range(3)}
    text = hint(three, HabitRules(goal=3), today=d("2025-03-15"))
    assert "out of reach" in text and "6-week streak" in text
    # Sunday, goal 2, one leg day logged today: no other day is left this week.
    assert "no day left" in hint(ds("2025-03-16"), HabitRules(goal=2), today=d("2025-03-16"))


# --- properties -------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
RULES = st.builds(HabitRules, goal=st.integers(1, 4), week_start=st.integers(0, 6))
LEG_DAYS = st.sets(DAYS, max_size=80)
REST_DATES = st.sets(DAYS, max_size=6)


def oracle(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date
) -> tuple[int, int]:
    """(current, best) counted the slow, obvious way: day by day over every week."""
    first = min(leg_days | rest_dates | {today}) - timedelta(days=7)
    while first.weekday() != rules.week_start:
        first -= timedelta(days=1)
    labels: list[str] = []
    start = first
    while start <= today:
        days = [start + timedelta(days=k) for k in range(7)]
        count = sum(1 for day in days if day in leg_days and day <= today)
        if any(day in rest_dates for day in days):
            labels.append("rest")
        elif count >= rules.goal:
            labels.append("met")
        elif today in days:
            labels.append("pending")
        else:
            labels.append("missed")
        start += timedelta(days=7)
    best = run = 0
    for label in labels:
        if label == "met":
            run += 1
            best = max(best, run)
        elif label == "missed":
            run = 0
    current = 0
    for label in reversed(labels):
        if label == "met":
            current += 1
        elif label == "missed":
            break
    return current, best


@settings(max_examples=150, deadline=None)
@given(LEG_DAYS, REST_DATES, RULES, DAYS)
def test_streaks_match_the_day_by_day_oracle(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date
) -> None:
    summary = streak_summary(leg_days, rest_dates, rules, today)
    expected = oracle(leg_days, rest_dates, rules, today)
    assert (summary.current_streak_weeks, summary.best_streak_weeks) == expected


@given(LEG_DAYS, REST_DATES, RULES, DAYS)
def test_current_streak_never_exceeds_best(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date
) -> None:
    summary = streak_summary(leg_days, rest_dates, rules, today)
    assert 0 <= summary.current_streak_weeks <= summary.best_streak_weeks


@given(LEG_DAYS, DAYS, REST_DATES, RULES, DAYS)
def test_adding_a_leg_day_never_lowers_the_best_streak(
    leg_days: set[date], extra: date, rest_dates: set[date], rules: HabitRules, today: date
) -> None:
    before = streak_summary(leg_days, rest_dates, rules, today).best_streak_weeks
    after = streak_summary(leg_days | {extra}, rest_dates, rules, today).best_streak_weeks
    assert after >= before


@given(LEG_DAYS, REST_DATES, RULES, DAYS)
def test_weeks_partition_the_leg_days(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date
) -> None:
    first = min(leg_days, default=today)
    count = max((today - first).days // 7 + 2, 1)  # back to the week of the first leg day
    weeks = recent_weeks(count, leg_days, rest_dates, rules, today)
    total = streak_summary(leg_days, rest_dates, rules, today).total_leg_days
    assert sum(w.leg_days for w in weeks) == total == sum(1 for day in leg_days if day <= today)
    for previous, week in itertools.pairwise(weeks):
        assert week.start == previous.end + timedelta(days=1)
    for week in weeks:
        assert week.start.weekday() == rules.week_start
        assert week.end - week.start == timedelta(days=6)
        assert week.leg_days == sum(
            1 for day in leg_days if week.start <= day <= min(week.end, today)
        )
        if week.met:
            assert week.leg_days >= rules.goal


@given(LEG_DAYS, REST_DATES, RULES, DAYS, st.integers(1, 30))
def test_only_weeks_from_the_first_leg_day_on_have_started(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date, count: int
) -> None:
    past = {day for day in leg_days if day <= today}
    for week in recent_weeks(count, leg_days, rest_dates, rules, today):
        assert week.started == any(day <= week.end for day in past)
        if not week.started:
            assert (week.leg_days, week.met, week.judged) == (0, False, False)


@given(LEG_DAYS, REST_DATES, RULES, DAYS, st.integers(1, 30))
def test_stats_fractions_stay_in_range(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date, count: int
) -> None:
    stats = stats_summary(count, leg_days, rest_dates, rules, today)
    assert len(stats.weeks) == count
    assert 0.0 <= stats.average_per_week <= 7.0
    assert stats.consistency is None or 0.0 <= stats.consistency <= 1.0


# --- a recent window of leg days (the cron path) ----------------------------------------------


def test_a_recent_window_is_enough_when_the_streak_started_inside_it() -> None:
    # Weekly since 2024-06-03, with a missed week of 2024-12-30 in between: streak of 10.
    history = {d("2024-06-03") + timedelta(weeks=n) for n in range(41)} - ds("2024-12-30")
    rules = HabitRules()
    full = due_status(history, set(), rules, WED_MAR_12)
    assert full.streak_weeks == 10
    window = d("2024-12-01")
    recent = due_status({day for day in history if day >= window}, set(), rules, WED_MAR_12)
    assert recent.is_exact_given(window)
    assert recent == full


def test_a_window_too_short_for_the_streak_says_so() -> None:
    history = {d("2024-06-03") + timedelta(weeks=n) for n in range(41)}
    window = d("2025-02-01")
    recent = due_status({day for day in history if day >= window}, set(), HabitRules(), WED_MAR_12)
    assert not recent.is_exact_given(window)
    assert recent.due == due_status(history, set(), HabitRules(), WED_MAR_12).due


@given(LEG_DAYS, REST_DATES, RULES, DAYS, st.integers(0, 400))
def test_a_recent_window_agrees_with_the_full_history(
    leg_days: set[date], rest_dates: set[date], rules: HabitRules, today: date, back: int
) -> None:
    # Any window that covers this week gives the same due status, and an exact streak
    # whenever it says so (otherwise the streak can only be too short).
    window = week_start_of(today, rules.week_start) - timedelta(days=back)
    full = due_status(leg_days, rest_dates, rules, today)
    recent = due_status({day for day in leg_days if day >= window}, rest_dates, rules, today)
    assert (recent.due, recent.needed, recent.leg_days_this_week) == (
        full.due,
        full.needed,
        full.leg_days_this_week,
    )
    assert recent.streak_weeks <= full.streak_weeks
    if recent.is_exact_given(window):
        assert recent.streak_weeks == full.streak_weeks
