"""The habit maths: the date of "now", weeks, streaks, consistency and whether leg day is due.

Pure and stdlib-only: nothing here reads the clock or the disk, `today` is always a parameter
(the date of "now", see `day_of`). `legday remind` (the cron path) imports this module, so it
imports only `datetime` and `collections` and defines no dataclasses: `typing` and
`dataclasses` would cost more to import than everything remind does. Nothing is rounded here;
rendering rounds.

Conventions:
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
MAX_WEEKS = 10_000  # about 190 years: any longer window is a typo, not a question
# Rest weeks: a past week may be marked up to this many days after it ended (harsh and Loop
# allow none; a week's grace lets a Monday catch up on a sick Sunday, not revive old streaks).
REST_GRACE_DAYS = 7
MAX_REST_WEEKS = 52  # in one request: a longer break is a break, not a rest week
MAX_REST_DAYS_AHEAD = 366  # plan a holiday, not a decade


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
        stats caller adds "volume_kg" itself, e.g. `{**week.to_json(), "volume_kg": v}`): the
        fields, in their order, the dates as YYYY-MM-DD."""
        row = dict(zip(self._field_names, self._key(self), strict=True))
        row.update(start=self.start.isoformat(), end=self.end.isoformat())
        return row


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
        # A plain dict, not collections.Counter: collections costs the cron path ~1.5 ms.
        by_week: dict[date, int] = {}
        for day in past_leg_days:
            start = week_start_of(day, rules.week_start)
            by_week[start] = by_week.get(start, 0) + 1
        self.leg_days_by_week: Mapping[date, int] = by_week
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

    def streak_and_its_end(self) -> tuple[int, date]:
        """Weeks in the current streak (met weeks, rest weeks passed over, ending with this
        week if met, else last week) and the first day of the week that ended it. The walk back
        goes on only through met and skipped weeks, both finite in number, so it ends at the
        first week with neither. The answer depends only on leg days from that day on, which
        lets the cron path read a recent window (due_status)."""
        weeks = 1 if self.week(self.this_week).counts else 0
        start = self.this_week - WEEK
        while True:
            week = self.week(start)
            if week.counts:
                weeks += 1
            elif not week.skipped:
                return weeks, start
            start -= WEEK


# --- due or not -------------------------------------------------------------------------------


class DueStatus(Value):
    """Whether leg day is due this week, for `legday remind`.

    `due`: fewer leg days this week than the goal and the week is not a rest week. `needed`:
    leg days still to log this week (0 when not due). `days_left_in_week` counts today.
    `streak_weeks`: the current streak, decided by leg days from `streak_depends_from` on;
    every other field depends only on this week's leg days.
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


def due_status(
    leg_days: Collection[date], rest_dates: Collection[date], rules: HabitRules, today: date
) -> DueStatus:
    """This week's progress against the goal and the streak at stake.

    For the cron path: `leg_days` may hold only the dates from some day D onward, as long as D
    is no later than this week's start; the answer is then exact when
    `status.is_exact_given(D)`, and otherwise only `streak_weeks` may be too low (read further
    back and call again)."""
    calendar = Calendar(leg_days, rest_dates, rules, today)
    week = calendar.week(calendar.this_week)
    streak, depends_from = calendar.streak_and_its_end()
    due = not week.skipped and week.leg_days < rules.goal
    return DueStatus(
        due=due,
        leg_days_this_week=week.leg_days,
        goal=rules.goal,
        days_left_in_week=calendar.days_left_this_week(),
        needed=rules.goal - week.leg_days if due else 0,
        week_end=week.end,
        streak_weeks=streak,
        skipped=week.skipped,
        streak_depends_from=depends_from,
    )


# --- streaks ----------------------------------------------------------------------------------


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


class StreakSummary(Value):
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
        """The `streak --json` document: the fields, in their order, week_start as a weekday
        name and the dates as YYYY-MM-DD."""
        document = dict(zip(self._field_names, self._key(self), strict=True))
        document.update(
            as_of=self.as_of.isoformat(),
            week_start=WEEKDAY_NAMES[self.week_start],  # checked by HabitRules
            this_week=self.this_week.to_json(),
            last_leg_day=None if self.last_leg_day is None else self.last_leg_day.isoformat(),
        )
        return document


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
        current_streak_weeks=calendar.streak_and_its_end()[0],
        best_streak_weeks=_best_streak(calendar),
        last_leg_day=last,
        days_since_last=None if last is None else (today - last).days,
        total_leg_days=calendar.total_leg_days,
        days_left_in_week=calendar.days_left_this_week(),
    )


# --- week lists and stats ---------------------------------------------------------------------


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
    calendar = Calendar(leg_days, rest_dates, rules, today)
    return [calendar.week(this_week - span + index * WEEK) for index in range(count)]


class StatsSummary(Value):
    """What `legday stats` shows for a window of weeks (oldest first).

    Both numbers are over the window's *judged* weeks (`WeekStatus.judged`): started (the week
    of the first leg day ever or later), not skipped, and leaving out this week while it is in
    progress and not yet met (it has not had its chance yet). `average_per_week` = leg days in
    judged weeks / number of judged weeks (0.0 when none). `consistency` = met judged weeks /
    judged weeks, a fraction from 0 to 1 (None when none). Neither is rounded.
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
                f"{span} already met the goal ({week.leg_days} of {rules.goal} "
                f"leg day{'' if rules.goal == 1 else 's'})"
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
