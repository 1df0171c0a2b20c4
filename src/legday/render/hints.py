"""Sentences about the habit and about records: the next-step hint under `streak`, and the
line each broken PR gets after a `log`. The core decides what happened; the words are here."""

from __future__ import annotations

from legday.render import day_name, plural
from legday.strength import format_weight

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.habit import HabitRules, StreakSummary
    from legday.model import Unit
    from legday.strength import RecordBroken


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
        return f"Goal met this week — streak is {plural(streak, 'week')}."
    needed = rules.goal - week.leg_days
    # A day that already has a leg day cannot add another one.
    open_days = summary.days_left_in_week - (1 if summary.last_leg_day == summary.as_of else 0)
    if needed > open_days:
        return _out_of_reach_hint(needed, open_days, streak)
    when = "today" if summary.days_left_in_week == 1 else f"by {day_name(week.end)}"
    if streak:
        return f"{plural(needed, 'more leg day')} {when} keeps your {streak}-week streak."
    if needed == 1 and week.leg_days == 0:
        return f"Log a leg day {when} to start a streak."
    return f"Log {plural(needed, 'more leg day')} {when} to start a streak."


def _out_of_reach_hint(needed: int, open_days: int, streak: int) -> str:
    left = "no day left" if open_days == 0 else f"only {plural(open_days, 'day')} left"
    reach = f"This week's goal is out of reach ({plural(needed, 'more leg day')}, {left})"
    if streak:
        return f"{reach}: your {streak}-week streak ends this week unless you mark it as rest."
    return f"{reach}: start a streak next week."


def describe_record(r: RecordBroken, unit: Unit) -> str:
    """One line for the user, e.g. "New e1RM PR: 123.3 kg, up from 118"."""
    label = "e1RM" if r.kind == "e1rm" else r.kind  # every other kind is named as it reads
    if r.kind == "reps":
        new = f"{r.new:.0f} reps"
        old = None if r.old is None else f"{r.old:.0f}"
    elif r.bodyweight and r.kind == "heaviest":
        new = f"bodyweight {_signed(r.new)} {unit}"
        old = None if r.old is None else _signed(r.old)
    else:
        new = f"{format_weight(r.new)} {unit}"
        old = None if r.old is None else format_weight(r.old)
    return f"New {label} PR: {new}" + ("" if old is None else f", up from {old}")


def _signed(x: float) -> str:
    text = format_weight(x)
    return text if text.startswith("-") else f"+{text}"
