"""The core of the habit maths: the date of "now", weeks, the current streak and whether leg day
is due. `legday.habit` builds the rest (best streak, week lists, stats, hints) on this module.

This is the part `legday remind` (the cron path) needs, so it imports only `datetime` and
`collections` and defines no dataclasses: `typing` and `dataclasses` would cost more to import
than everything remind does. Pure: nothing here reads the clock or the disk.

Conventions (shared with legday.habit):
- Weekdays are ints as `date.weekday()` gives them: 0 = Monday ... 6 = Sunday.
- `leg_days` are the distinct dates with at least one entry; `rest_dates` are the dates the
  user named with `legday skip`: the week containing each (under the rules' `week_start`) is a
  skipped week. Both may be any collection (set, list, dict keys); duplicates are harmless.
- Leg days after `today` are ignored everywhere (they cannot be logged, but an import or a
  hand-edited store could hold one, and a future date must not make a streak). Rest marks
  after the end of this week are ignored too.
- A week's `met` is the plain fact "at least `goal` leg days", also for a skipped week: the
  `skipped` flag is what tells that the week does not count towards anything.
- Weeks before the week of the first leg day ever are not `started`: the habit had not begun,
  so they are neither met nor missed, and no average or consistency counts them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from legday.errors import UsageError
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from typing import Any

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MIN_GOAL = 1
MAX_GOAL = 7
# Every week legday looks at, and the week before it, must start on a real date (0001-01-01 is
# a Monday, so a Sunday-start week containing it would begin in year 0).
EARLIEST_DAY = date(1, 1, 15)
_LATEST_DAY_START = time(11, 59, 59, 999_999)
_DAY = timedelta(days=1)
WEEK = timedelta(days=7)


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
    check_week_start(week_start)
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
    check_week_start(weekday)
    return WEEKDAY_NAMES[weekday]


def check_week_start(week_start: int) -> None:
    """UsageError unless `week_start` is a weekday int (0–6)."""
    if isinstance(week_start, bool) or not isinstance(week_start, int) or not 0 <= week_start <= 6:
        raise UsageError(
            f"week_start must be a weekday from 0 (Monday) to 6 (Sunday), not {week_start!r} "
            "(e.g. legday config set week_start monday)"
        )


# --- rules and week status --------------------------------------------------------------------


class HabitRules(Value):
    """What counts as a met week: `goal` leg days (1–7) in a week starting on `week_start`."""

    __slots__ = ("goal", "week_start")

    def __init__(self, goal: int = 1, week_start: int = 0) -> None:
        if isinstance(goal, bool) or not isinstance(goal, int):
            raise UsageError(
                f"goal must be a whole number of leg days per week, not {goal!r} "
                "(e.g. legday config set goal 2)"
            )
        if not MIN_GOAL <= goal <= MAX_GOAL:
            raise UsageError(
                f"goal must be from {MIN_GOAL} to {MAX_GOAL} leg days per week, not {goal} "
                "(e.g. legday config set goal 2)"
            )
        check_week_start(week_start)
        self.goal = goal
        self.week_start = week_start


class WeekStatus(Value):
    """One week: its first and last day, how many leg days it holds, whether the goal was
    reached (`met`), whether the user marked it as rest (`skipped`), whether it contains
    today (`in_progress`) and whether the habit had begun by then (`started`: the week of the
    first leg day ever, or a later one)."""

    __slots__ = ("start", "end", "leg_days", "met", "skipped", "in_progress", "started")

    def __init__(
        self,
        start: date,
        end: date,
        leg_days: int,
        met: bool,
        skipped: bool,
        in_progress: bool,
        started: bool,
    ) -> None:
        self.start = start
        self.end = end
        self.leg_days = leg_days
        self.met = met
        self.skipped = skipped
        self.in_progress = in_progress
        self.started = started

    @property
    def counts(self) -> bool:
        """The week adds one to a streak."""
        return self.met and not self.skipped

    @property
    def breaks(self) -> bool:
        """The week ends a streak: missed, not rest, and over (a week in progress never breaks)."""
        return not self.met and not self.skipped and not self.in_progress

    @property
    def judged(self) -> bool:
        """The week is one that consistency and the average count: started, not rest, and
        over or already met (a week in progress has not had its chance yet)."""
        return self.started and not self.skipped and not (self.in_progress and not self.met)

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
            "started": self.started,
        }


class Calendar:
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
        first = min(past_leg_days, default=None)
        # With no leg day yet, no week has started (this one starts with the first log). Only
        # exact when `leg_days` is the whole history; the cron path, which reads a window, never
        # asks.
        self.first_week = None if first is None else week_start_of(first, rules.week_start)
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
            started=self.first_week is not None and start >= self.first_week,
        )

    def days_left_this_week(self) -> int:
        """Days from today to the end of this week, today included."""
        return (self.this_week + timedelta(days=6) - self.today).days + 1

    def current_streak(self) -> CurrentStreak:
        # Walk back from this week; only met and skipped weeks let the walk go on, and both
        # are finite in number, so the walk ends at the first week with neither.
        weeks = 1 if self.week(self.this_week).counts else 0
        start = self.this_week - WEEK
        while True:
            week = self.week(start)
            if week.counts:
                weeks += 1
            elif not week.skipped:
                return CurrentStreak(weeks=weeks, depends_from=start)
            start -= WEEK


# --- the current streak -----------------------------------------------------------------------


class CurrentStreak(Value):
    """The current streak and how much history decided it.

    `depends_from` is the first day of the missed week that ends the streak when walking back
    from this week. The answer depends only on leg days from that date on (and on the rest
    marks), so a caller that read leg days completely only from some date D onward (the cron
    fast path reads a recent window) has the exact answer when `is_exact_given(D)`; otherwise
    it must read further back and ask again.
    """

    __slots__ = ("weeks", "depends_from")

    def __init__(self, weeks: int, depends_from: date) -> None:
        self.weeks = weeks
        self.depends_from = depends_from

    def is_exact_given(self, complete_since: date) -> bool:
        """Whether leg days complete from `complete_since` on were enough for this answer."""
        return self.depends_from >= complete_since


def current_streak(
    leg_days: Collection[date], rest_dates: Collection[date], rules: HabitRules, today: date
) -> CurrentStreak:
    """Consecutive met weeks, skipped weeks passed over, ending with this week if it is met,
    otherwise with last week. Costs one step per week of the streak (plus rest weeks in it),
    not per week of history. See `CurrentStreak` for passing only a recent window of leg days."""
    return Calendar(leg_days, rest_dates, rules, today).current_streak()


# --- due or not -------------------------------------------------------------------------------


class DueStatus(Value):
    """Whether leg day is due this week, for `legday remind`.

    `due`: fewer leg days this week than the goal and the week is not a rest week. `needed`:
    leg days still to log this week (0 when not due). `days_left_in_week` counts today.
    `streak_weeks`: the current streak, decided by leg days from `streak_depends_from` on (see
    `CurrentStreak`); every other field depends only on this week's leg days.
    """

    __slots__ = (
        "due",
        "leg_days_this_week",
        "goal",
        "days_left_in_week",
        "needed",
        "week_end",
        "streak_weeks",
        "skipped",
        "streak_depends_from",
    )

    def __init__(
        self,
        due: bool,
        leg_days_this_week: int,
        goal: int,
        days_left_in_week: int,
        needed: int,
        week_end: date,
        streak_weeks: int,
        skipped: bool,
        streak_depends_from: date,
    ) -> None:
        self.due = due
        self.leg_days_this_week = leg_days_this_week
        self.goal = goal
        self.days_left_in_week = days_left_in_week
        self.needed = needed
        self.week_end = week_end
        self.streak_weeks = streak_weeks
        self.skipped = skipped
        self.streak_depends_from = streak_depends_from

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
    calendar = Calendar(leg_days, rest_dates, rules, today)
    week = calendar.week(calendar.this_week)
    streak = calendar.current_streak()
    due = not week.skipped and week.leg_days < rules.goal
    return DueStatus(
        due=due,
        leg_days_this_week=week.leg_days,
        goal=rules.goal,
        days_left_in_week=calendar.days_left_this_week(),
        needed=rules.goal - week.leg_days if due else 0,
        week_end=week.end,
        streak_weeks=streak.weeks,
        skipped=week.skipped,
        streak_depends_from=streak.depends_from,
    )
