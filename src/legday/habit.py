"""The habit maths: the date of "now", weeks, streaks, consistency and whether leg day is due.

Pure and stdlib-only: nothing here reads the clock or the disk, `today` is always a parameter
(the date of "now", see `day_of`). The core that the cron path needs (days, weeks, the current
streak, due or not) lives in `legday.weeks`, which stays cheap to import; it is re-exported
here, so callers import everything habit-related from this module. The conventions shared by
every function are in `legday.weeks`' docstring. Nothing is rounded here; rendering rounds.
"""

from __future__ import annotations

from datetime import date, timedelta

from legday.errors import UsageError
from legday.value import Value
from legday.weeks import (
    EARLIEST_DAY,
    MAX_GOAL,
    MIN_GOAL,
    WEEK,
    WEEKDAY_NAMES,
    Calendar,
    CurrentStreak,
    DueStatus,
    HabitRules,
    WeekStatus,
    current_streak,
    day_of,
    due_status,
    week_end_of,
    week_start_of,
    weekday_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Any

__all__ = [
    "EARLIEST_DAY",
    "MAX_GOAL",
    "MAX_WEEKS",
    "MIN_GOAL",
    "WEEKDAY_NAMES",
    "CurrentStreak",
    "DueStatus",
    "HabitRules",
    "StatsSummary",
    "StreakSummary",
    "WeekStatus",
    "check_rest_request",
    "current_streak",
    "day_of",
    "due_status",
    "next_step_hint",
    "recent_weeks",
    "rest_week_starts",
    "stats_summary",
    "streak_summary",
    "week_end_of",
    "week_start_of",
    "weekday_name",
    "weeks_between",
]

MAX_WEEKS = 10_000  # about 190 years: any longer window is a typo, not a question
# Rest weeks: a past week may be marked up to this many days after it ended (harsh and Loop
# allow none; a week's grace lets a Monday catch up on a sick Sunday, not revive old streaks).
REST_GRACE_DAYS = 7
MAX_REST_WEEKS = 52  # in one request: a longer break is a break, not a rest week
MAX_REST_DAYS_AHEAD = 366  # plan a holiday, not a decade


# --- weeks of a calendar ----------------------------------------------------------------------


def _weeks(calendar: Calendar, first_start: date, last_start: date) -> list[WeekStatus]:
    count = (last_start - first_start).days // 7 + 1
    return [calendar.week(first_start + index * WEEK) for index in range(max(count, 0))]


def _best_streak(calendar: Calendar) -> int:
    # Only weeks with a leg day or a rest mark can be anything but missed, so visiting
    # those in order (and treating any hole between two of them as missed) is enough.
    interesting = sorted(
        start
        for start in calendar.leg_days_by_week.keys() | calendar.rest_weeks
        if start <= calendar.this_week
    )
    best = run = 0
    previous: date | None = None
    for start in interesting:
        if previous is not None and start - previous > WEEK:
            run = 0
        week = calendar.week(start)
        if week.counts:
            run += 1
            best = max(best, run)
        elif week.breaks:
            run = 0
        previous = start
    return best


# --- streaks ----------------------------------------------------------------------------------


class StreakSummary(Value):
    """Everything `legday streak` shows. `days_left_in_week` counts today."""

    __slots__ = (
        "as_of",
        "goal",
        "week_start",
        "this_week",
        "current_streak_weeks",
        "best_streak_weeks",
        "last_leg_day",
        "days_since_last",
        "total_leg_days",
        "days_left_in_week",
    )

    def __init__(
        self,
        as_of: date,
        goal: int,
        week_start: int,
        this_week: WeekStatus,
        current_streak_weeks: int,
        best_streak_weeks: int,
        last_leg_day: date | None,
        days_since_last: int | None,
        total_leg_days: int,
        days_left_in_week: int,
    ) -> None:
        self.as_of = as_of
        self.goal = goal
        self.week_start = week_start
        self.this_week = this_week
        self.current_streak_weeks = current_streak_weeks
        self.best_streak_weeks = best_streak_weeks
        self.last_leg_day = last_leg_day
        self.days_since_last = days_since_last
        self.total_leg_days = total_leg_days
        self.days_left_in_week = days_left_in_week

    def to_json(self) -> dict[str, Any]:
        """The `streak --json` document (week_start as a weekday name, dates as YYYY-MM-DD)."""
        return {
            "as_of": self.as_of.isoformat(),
            "goal": self.goal,
            "week_start": weekday_name(self.week_start),
            "this_week": self.this_week.to_json(),
            "current_streak_weeks": self.current_streak_weeks,
            "best_streak_weeks": self.best_streak_weeks,
            "last_leg_day": None if self.last_leg_day is None else self.last_leg_day.isoformat(),
            "days_since_last": self.days_since_last,
            "total_leg_days": self.total_leg_days,
            "days_left_in_week": self.days_left_in_week,
        }


def streak_summary(
    leg_days: Collection[date], rest_dates: Collection[date], rules: HabitRules, today: date
) -> StreakSummary:
    """Current and best streak, this week's progress and the last leg day, as of `today`.
    The best streak is the longest run in the whole history, this week included if met."""
    calendar = Calendar(leg_days, rest_dates, rules, today)
    last = calendar.last_leg_day
    return StreakSummary(
        as_of=today,
        goal=rules.goal,
        week_start=rules.week_start,
        this_week=calendar.week(calendar.this_week),
        current_streak_weeks=calendar.current_streak().weeks,
        best_streak_weeks=_best_streak(calendar),
        last_leg_day=last,
        days_since_last=None if last is None else (today - last).days,
        total_leg_days=calendar.total_leg_days,
        days_left_in_week=calendar.days_left_this_week(),
    )


# --- week lists and stats ---------------------------------------------------------------------


def weeks_between(
    first: date,
    last: date,
    leg_days: Collection[date],
    rest_dates: Collection[date],
    rules: HabitRules,
    today: date,
) -> list[WeekStatus]:
    """Every week from the one containing `first` to the one containing `last`, oldest first
    (empty when `first` is after `last`)."""
    calendar = Calendar(leg_days, rest_dates, rules, today)
    return _weeks(
        calendar, week_start_of(first, rules.week_start), week_start_of(last, rules.week_start)
    )


def recent_weeks(
    count: int,
    leg_days: Collection[date],
    rest_dates: Collection[date],
    rules: HabitRules,
    today: date,
) -> list[WeekStatus]:
    """The last `count` weeks (1–10000), oldest first, ending with this week."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_WEEKS:
        raise UsageError(f"the number of weeks must be from 1 to {MAX_WEEKS}, not {count!r}")
    this_week = week_start_of(today, rules.week_start)
    span = (count - 1) * WEEK
    if this_week - EARLIEST_DAY < span:
        raise UsageError(
            f"{count} weeks before {today.isoformat()} reach before {EARLIEST_DAY.isoformat()}; "
            "ask for fewer weeks"
        )
    return weeks_between(this_week - span, today, leg_days, rest_dates, rules, today)


class StatsSummary(Value):
    """What `legday stats` shows for a window of weeks (oldest first).

    Both numbers are over the window's *judged* weeks (`WeekStatus.judged`): started (the week
    of the first leg day ever or later), not skipped, and leaving out this week while it is in
    progress and not yet met (it has not had its chance yet). `average_per_week` = leg days in
    judged weeks / number of judged weeks (0.0 when none). `consistency` = met judged weeks /
    judged weeks, a fraction from 0 to 1 (None when none). Neither is rounded.
    """

    __slots__ = ("weeks", "average_per_week", "consistency")

    def __init__(
        self, weeks: list[WeekStatus], average_per_week: float, consistency: float | None
    ) -> None:
        self.weeks = weeks
        self.average_per_week = average_per_week
        self.consistency = consistency


def stats_summary(
    weeks_count: int,
    leg_days: Collection[date],
    rest_dates: Collection[date],
    rules: HabitRules,
    today: date,
) -> StatsSummary:
    """Leg days per week over the last `weeks_count` weeks, with average and consistency
    (see `StatsSummary` for exactly what is averaged)."""
    weeks = recent_weeks(weeks_count, leg_days, rest_dates, rules, today)
    judged = [week for week in weeks if week.judged]
    if not judged:
        return StatsSummary(weeks=weeks, average_per_week=0.0, consistency=None)
    return StatsSummary(
        weeks=weeks,
        average_per_week=sum(week.leg_days for week in judged) / len(judged),
        consistency=sum(1 for week in judged if week.met) / len(judged),
    )


# --- rest weeks: which weeks a request names, and whether it may be granted -------------------


def rest_week_starts(first: date, last: date, week_start: int) -> list[date]:
    """The first days of the weeks from the one containing `first` to the one containing
    `last` (the weeks a `skip`/`unskip` of `first..last` names), oldest first."""
    start, end = week_start_of(first, week_start), week_start_of(last, week_start)
    count = (end - start).days // 7 + 1
    if count > MAX_REST_WEEKS:
        raise UsageError(
            f"{first.isoformat()}..{last.isoformat()} spans {count} weeks; mark at most "
            f"{MAX_REST_WEEKS} rest weeks at a time."
        )
    return [start + index * WEEK for index in range(count)]


def check_rest_request(
    week_starts: Collection[date], leg_days: Collection[date], rules: HabitRules, today: date
) -> None:
    """UsageError (exit 2) naming the first week of `week_starts` that may not become a rest
    week, and why: it already met the goal (a rest week is for a week that did not), it ended
    more than REST_GRACE_DAYS days ago (a missed week stays missed), or it starts more than
    MAX_REST_DAYS_AHEAD days from now. Weeks ahead are fine: a holiday can be planned."""
    calendar = Calendar(leg_days, (), rules, today)
    for start in sorted(week_starts):
        week = calendar.week(start)
        span = f"the week of {week.start.isoformat()} to {week.end.isoformat()}"
        if week.met:
            raise UsageError(
                f"{span} already met the goal ({week.leg_days} of {_plural(rules.goal, 'leg day')})"
                "; a rest week is for a week without enough leg days, and this one counts."
            )
        if (today - week.end).days > REST_GRACE_DAYS:
            raise UsageError(
                f"{span} ended more than {REST_GRACE_DAYS} days ago; a past week can be marked "
                f"as rest only until {REST_GRACE_DAYS} days after it ends (this one until "
                f"{(week.end + timedelta(days=REST_GRACE_DAYS)).isoformat()})."
            )
        if (week.start - today).days > MAX_REST_DAYS_AHEAD:
            raise UsageError(
                f"{span} is more than a year ahead; plan rest weeks at most "
                f"{MAX_REST_DAYS_AHEAD} days ahead."
            )


# --- the next step, in words ------------------------------------------------------------------


def next_step_hint(summary: StreakSummary, rules: HabitRules) -> str:
    """One line telling the user what to do next this week (`rules` are those the summary was
    computed with)."""
    week = summary.this_week
    streak = summary.current_streak_weeks
    if week.skipped:
        if streak:
            return f"Rest week: your {streak}-week streak is on hold, not broken."
        return "Rest week: no leg day needed. Next week can start a streak."
    if week.met:
        return f"Goal met this week — streak is {_plural(streak, 'week')}."
    needed = rules.goal - week.leg_days
    # A day that already has a leg day cannot add another one.
    open_days = summary.days_left_in_week - (1 if summary.last_leg_day == summary.as_of else 0)
    if needed > open_days:
        return _out_of_reach_hint(needed, open_days, streak)
    when = "today" if summary.days_left_in_week == 1 else f"by {_day_name(week.end)}"
    if streak:
        return f"{needed} more {_noun(needed, 'leg day')} {when} keeps your {streak}-week streak."
    if needed == 1 and week.leg_days == 0:
        return f"Log a leg day {when} to start a streak."
    return f"Log {needed} more {_noun(needed, 'leg day')} {when} to start a streak."


def _out_of_reach_hint(needed: int, open_days: int, streak: int) -> str:
    left = "no day left" if open_days == 0 else f"only {_plural(open_days, 'day')} left"
    reach = f"This week's goal is out of reach ({needed} more {_noun(needed, 'leg day')}, {left})"
    if streak:
        return f"{reach}: your {streak}-week streak ends this week unless you mark it as rest."
    return f"{reach}: start a streak next week."


def _day_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()].capitalize()


def _noun(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _plural(count: int, noun: str) -> str:
    return f"{count} {_noun(count, noun)}"
