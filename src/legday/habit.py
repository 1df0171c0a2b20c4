"""The habit maths: the date of "now", weeks, streaks, consistency and whether leg day is due.

Pure and stdlib-only: nothing here reads the clock or the disk, `today` is always a parameter
(the date of "now", see `day_of`), and the cron fast path imports this module, so it imports
nothing heavy.

Conventions shared by every function:
- Weekdays are ints as `date.weekday()` gives them: 0 = Monday ... 6 = Sunday.
- `leg_days` are the distinct dates with at least one entry; `rest_dates` are the dates the
  user named with `legday skip`: the week containing each (under the rules' `week_start`) is a
  skipped week. Both may be any collection (set, list, dict keys); duplicates are harmless.
- Leg days after `today` are ignored everywhere (they cannot be logged, but an import or a
  hand-edited store could hold one, and a future date must not make a streak). Rest marks
  after the end of this week are ignored too.
- A week's `met` is the plain fact "at least `goal` leg days", also for a skipped week: the
  `skipped` flag is what tells that the week does not count towards anything.
- Nothing is rounded here; rendering rounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from legday.errors import UsageError

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MIN_GOAL = 1
MAX_GOAL = 7
MAX_WEEKS = 10_000  # about 190 years: any longer window is a typo, not a question
# Every week legday looks at, and the week before it, must start on a real date (0001-01-01 is
# a Monday, so a Sunday-start week containing it would begin in year 0).
EARLIEST_DAY = date(1, 1, 15)
_LATEST_DAY_START = time(11, 59, 59, 999_999)
_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)


# --- days and weeks ---------------------------------------------------------------------------


def day_of(moment: datetime, day_starts_at: time) -> date:
    """The date of "now": `moment`'s own (wall-clock) date, or the day before when its time of
    day is earlier than `day_starts_at` (00:00–11:59), so a 01:30 session belongs to the
    evening before when the day starts at 04:00."""
    starts_at = day_starts_at.replace(tzinfo=None)
    if starts_at > _LATEST_DAY_START:
        raise UsageError(
            f"day_starts_at must be between 00:00 and 11:59, not {starts_at:%H:%M} "
            "(e.g. legday config set day_starts_at 04:00)"
        )
    if moment.time() < starts_at:
        return moment.date() - _DAY
    return moment.date()


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the week that contains `day`, weeks starting on weekday `week_start`."""
    _check_week_start(week_start)
    if day < EARLIEST_DAY:
        raise UsageError(
            f"{day.isoformat()} is too early: legday handles dates from "
            f"{EARLIEST_DAY.isoformat()} on"
        )
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_end_of(day: date, week_start: int) -> date:
    """The last day of the week that contains `day` (six days after its start)."""
    return week_start_of(day, week_start) + timedelta(days=6)


def weekday_name(weekday: int) -> str:
    """The lower-case English name the JSON uses for a weekday int: 0 -> "monday"."""
    _check_week_start(weekday)
    return WEEKDAY_NAMES[weekday]


def _check_week_start(week_start: int) -> None:
    if isinstance(week_start, bool) or not isinstance(week_start, int) or not 0 <= week_start <= 6:
        raise UsageError(
            f"week_start must be a weekday from 0 (Monday) to 6 (Sunday), not {week_start!r} "
            "(e.g. legday config set week_start monday)"
        )


# --- rules and week status --------------------------------------------------------------------


@dataclass(frozen=True)
class HabitRules:
    """What counts as a met week: `goal` leg days (1–7) in a week starting on `week_start`."""

    goal: int = 1
    week_start: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.goal, bool) or not isinstance(self.goal, int):
            raise UsageError(
                f"goal must be a whole number of leg days per week, not {self.goal!r} "
                "(e.g. legday config set goal 2)"
            )
        if not MIN_GOAL <= self.goal <= MAX_GOAL:
            raise UsageError(
                f"goal must be from {MIN_GOAL} to {MAX_GOAL} leg days per week, not {self.goal} "
                "(e.g. legday config set goal 2)"
            )
        _check_week_start(self.week_start)


@dataclass(frozen=True)
class WeekStatus:
    """One week: its first and last day, how many leg days it holds, whether the goal was
    reached (`met`), whether the user marked it as rest (`skipped`) and whether it contains
    today (`in_progress`)."""

    start: date
    end: date
    leg_days: int
    met: bool
    skipped: bool
    in_progress: bool

    @property
    def counts(self) -> bool:
        """The week adds one to a streak."""
        return self.met and not self.skipped

    @property
    def breaks(self) -> bool:
        """The week ends a streak: missed, not rest, and over (a week in progress never breaks)."""
        return not self.met and not self.skipped and not self.in_progress

    def to_json(self) -> dict[str, Any]:
        """The contract's week keys (a superset of `streak`'s this_week and `stats`' weeks; the
        stats caller adds "volume_kg" itself, e.g. `{**week.to_json(), "volume_kg": v}`)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "leg_days": self.leg_days,
            "met": self.met,
            "skipped": self.skipped,
            "in_progress": self.in_progress,
        }


class _Calendar:
    """Leg days and rest marks grouped by week once, so every question after that costs one
    look-up per week (or per week with something in it) instead of one per day."""

    def __init__(
        self,
        leg_days: Collection[date],
        rest_dates: Collection[date],
        rules: HabitRules,
        today: date,
    ) -> None:
        self.rules = rules
        self.today = today
        self.this_week = week_start_of(today, rules.week_start)
        this_week_end = self.this_week + timedelta(days=6)
        # Distinct dates only, whatever the caller passed.
        past_leg_days = {day for day in leg_days if day <= today}
        self.total_leg_days = len(past_leg_days)
        self.last_leg_day = max(past_leg_days, default=None)
        self.leg_days_by_week: Mapping[date, int] = Counter(
            week_start_of(day, rules.week_start) for day in past_leg_days
        )
        self.rest_weeks = frozenset(
            week_start_of(day, rules.week_start) for day in rest_dates if day <= this_week_end
        )

    def week(self, start: date) -> WeekStatus:
        leg_days = self.leg_days_by_week.get(start, 0)
        return WeekStatus(
            start=start,
            end=start + timedelta(days=6),
            leg_days=leg_days,
            met=leg_days >= self.rules.goal,
            skipped=start in self.rest_weeks,
            in_progress=start == self.this_week,
        )

    def weeks(self, first_start: date, last_start: date) -> list[WeekStatus]:
        count = (last_start - first_start).days // 7 + 1
        return [self.week(first_start + index * _WEEK) for index in range(max(count, 0))]

    def current_streak(self) -> CurrentStreak:
        # Walk back from this week; only met and skipped weeks let the walk go on, and both
        # are finite in number, so the walk ends at the first week with neither.
        weeks = 1 if self.week(self.this_week).counts else 0
        start = self.this_week - _WEEK
        while True:
            week = self.week(start)
            if week.counts:
                weeks += 1
            elif not week.skipped:
                return CurrentStreak(weeks=weeks, depends_from=start)
            start -= _WEEK

    def best_streak(self) -> int:
        # Only weeks with a leg day or a rest mark can be anything but missed, so visiting
        # those in order (and treating any hole between two of them as missed) is enough.
        interesting = sorted(
            start
            for start in self.leg_days_by_week.keys() | self.rest_weeks
            if start <= self.this_week
        )
        best = run = 0
        previous: date | None = None
        for start in interesting:
            if previous is not None and start - previous > _WEEK:
                run = 0
            week = self.week(start)
            if week.counts:
                run += 1
                best = max(best, run)
            elif week.breaks:
                run = 0
            previous = start
        return best


# --- streaks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentStreak:
    """The current streak and how much history decided it.

    `depends_from` is the first day of the missed week that ends the streak when walking back
    from this week. The answer depends only on leg days from that date on (and on the rest
    marks), so a caller that read leg days completely only from some date D onward (the cron
    fast path reads a recent window) has the exact answer when `is_exact_given(D)`; otherwise
    it must read further back and ask again.
    """

    weeks: int
    depends_from: date

    def is_exact_given(self, complete_since: date) -> bool:
        """Whether leg days complete from `complete_since` on were enough for this answer."""
        return self.depends_from >= complete_since


def current_streak(
    leg_days: Collection[date], rest_dates: Collection[date], rules: HabitRules, today: date
) -> CurrentStreak:
    """Consecutive met weeks, skipped weeks passed over, ending with this week if it is met,
    otherwise with last week. Costs one step per week of the streak (plus rest weeks in it),
    not per week of history. See `CurrentStreak` for passing only a recent window of leg days."""
    return _Calendar(leg_days, rest_dates, rules, today).current_streak()


@dataclass(frozen=True)
class StreakSummary:
    """Everything `legday streak` shows. `days_left_in_week` counts today."""

    as_of: date
    goal: int
    week_start: int
    this_week: WeekStatus
    current_streak_weeks: int
    best_streak_weeks: int
    last_leg_day: date | None
    days_since_last: int | None
    total_leg_days: int
    days_left_in_week: int

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
    calendar = _Calendar(leg_days, rest_dates, rules, today)
    this_week = calendar.week(calendar.this_week)
    last = calendar.last_leg_day
    return StreakSummary(
        as_of=today,
        goal=rules.goal,
        week_start=rules.week_start,
        this_week=this_week,
        current_streak_weeks=calendar.current_streak().weeks,
        best_streak_weeks=calendar.best_streak(),
        last_leg_day=last,
        days_since_last=None if last is None else (today - last).days,
        total_leg_days=calendar.total_leg_days,
        days_left_in_week=_days_left(this_week, today),
    )


def _days_left(week: WeekStatus, today: date) -> int:
    return (week.end - today).days + 1


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
    calendar = _Calendar(leg_days, rest_dates, rules, today)
    return calendar.weeks(
        week_start_of(first, rules.week_start), week_start_of(last, rules.week_start)
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
    span = (count - 1) * _WEEK
    if this_week - EARLIEST_DAY < span:
        raise UsageError(
            f"{count} weeks before {today.isoformat()} reach before {EARLIEST_DAY.isoformat()}; "
            "ask for fewer weeks"
        )
    return weeks_between(this_week - span, today, leg_days, rest_dates, rules, today)


@dataclass(frozen=True)
class StatsSummary:
    """What `legday stats` shows for a window of weeks (oldest first).

    Both numbers are over the window's *qualifying* weeks: weeks not skipped, leaving out this
    week while it is in progress and not yet met (it has not had its chance yet).
    `average_per_week` = leg days in qualifying weeks / number of qualifying weeks (0.0 when
    none qualifies). `consistency` = met qualifying weeks / qualifying weeks, a fraction from 0
    to 1 (None when none qualifies). Neither is rounded.
    """

    weeks: list[WeekStatus]
    average_per_week: float
    consistency: float | None


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
    qualifying = [week for week in weeks if _qualifies(week)]
    if not qualifying:
        return StatsSummary(weeks=weeks, average_per_week=0.0, consistency=None)
    return StatsSummary(
        weeks=weeks,
        average_per_week=sum(week.leg_days for week in qualifying) / len(qualifying),
        consistency=sum(1 for week in qualifying if week.met) / len(qualifying),
    )


def _qualifies(week: WeekStatus) -> bool:
    return not week.skipped and not (week.in_progress and not week.met)


# --- due or not -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueStatus:
    """Whether leg day is due this week, for `legday remind`.

    `due`: fewer leg days this week than the goal and the week is not a rest week. `needed`:
    leg days still to log this week (0 when not due). `days_left_in_week` counts today.
    `streak_weeks`: the current streak, decided by leg days from `streak_depends_from` on (see
    `CurrentStreak`); every other field depends only on this week's leg days.
    """

    due: bool
    leg_days_this_week: int
    goal: int
    days_left_in_week: int
    needed: int
    week_end: date
    streak_weeks: int
    skipped: bool
    streak_depends_from: date

    def is_exact_given(self, complete_since: date) -> bool:
        """Whether leg days complete from `complete_since` on were enough for every field."""
        return self.streak_depends_from >= complete_since

    def to_json(self) -> dict[str, Any]:
        """The `remind --json` status keys; the caller adds "message" and "reminder"."""
        return {
            "due": self.due,
            "leg_days_this_week": self.leg_days_this_week,
            "goal": self.goal,
            "days_left_in_week": self.days_left_in_week,
            "needed": self.needed,
            "week_end": self.week_end.isoformat(),
            "streak_weeks": self.streak_weeks,
            "skipped": self.skipped,
        }


def due_status(
    leg_days: Collection[date], rest_dates: Collection[date], rules: HabitRules, today: date
) -> DueStatus:
    """This week's progress against the goal and the streak at stake.

    For the cron fast path: `leg_days` may hold only the dates from some day D onward, as long
    as D is no later than this week's start; the answer is then exact when
    `status.is_exact_given(D)`, and otherwise only `streak_weeks` may be too low (read further
    back and call again). Reading back to the start of the current streak is always enough.
    """
    calendar = _Calendar(leg_days, rest_dates, rules, today)
    week = calendar.week(calendar.this_week)
    streak = calendar.current_streak()
    due = not week.skipped and week.leg_days < rules.goal
    return DueStatus(
        due=due,
        leg_days_this_week=week.leg_days,
        goal=rules.goal,
        days_left_in_week=_days_left(week, today),
        needed=rules.goal - week.leg_days if due else 0,
        week_end=week.end,
        streak_weeks=streak.weeks,
        skipped=week.skipped,
        streak_depends_from=streak.depends_from,
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
