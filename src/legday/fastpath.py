"""`legday remind` without Typer or Rich: the cron path.

The console script sends `legday remind [--always] [--check] [--json]` here before importing
Typer; any other argument (--help, a typo) goes to the Typer app, which owns help and errors.
The Typer `remind` command calls `remind()` below, so both print exactly the same thing.

Cost stays flat with history size: only the entries of the last LOOKBACK_WEEKS weeks are read,
from the end of the sessions file (see store.read_tail).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta
from typing import Any

from legday.config import load_config
from legday.context import warn_to_stderr
from legday.errors import ExitCode, LegdayError
from legday.habit import HabitRules, day_of, due_status, week_start_of
from legday.paths import Paths, resolve_paths
from legday.reminders import reminder_for, status_line
from legday.store import Store

REMIND_FLAGS = frozenset({"--always", "--check", "--json"})
# A streak longer than this is reported as this long in remind's wording; reading further
# back would make cron's cost grow with history.
LOOKBACK_WEEKS = 53


def handles(argv: list[str]) -> bool:
    return bool(argv) and argv[0] == "remind" and all(arg in REMIND_FLAGS for arg in argv[1:])


def _recent_leg_days(store: Store, since: date) -> set[date]:
    tail = store.read_tail(since)
    if tail.complete:
        try:
            return {date.fromisoformat(row["date"]) for row in tail.rows}
        except ValueError:
            pass  # a damaged date: the full load below names its line
    return {entry.date for entry in store.load().entries if entry.date >= since}


def remind_status(paths: Paths, now: datetime) -> dict[str, Any]:
    """The contract's `remind --json` document for the store in `paths` at `now`."""
    config = load_config(paths.config_file)
    rules = HabitRules(goal=config.goal, week_start=config.week_start_index)
    today = day_of(now, config.day_start_time)
    store = Store(paths, warn_to_stderr)
    rest_dates = [mark.date for mark in store.load_rest_marks()]
    since = week_start_of(today, rules.week_start) - timedelta(weeks=LOOKBACK_WEEKS)
    status = due_status(_recent_leg_days(store, since), rest_dates, rules, today)
    reminder = reminder_for(today, config.reminders)
    if status.due:
        message = status_line(
            status.needed, status.days_left_in_week, status.week_end, status.streak_weeks
        )
    else:
        message = _not_due_line(
            status.leg_days_this_week, status.goal, status.streak_weeks, skipped=status.skipped
        )
    return {
        "due": status.due,
        "leg_days_this_week": status.leg_days_this_week,
        "goal": status.goal,
        "days_left_in_week": status.days_left_in_week,
        "message": message,
        "reminder": {"text": reminder.text, "source": reminder.source},
    }


def _not_due_line(done: int, goal: int, streak_weeks: int, *, skipped: bool) -> str:
    if skipped:
        return "Rest week: no leg day due. Enjoy it."
    days = "day" if done == 1 else "days"
    streak = (
        f" Streak: {streak_weeks} week{'s' if streak_weeks != 1 else ''}." if streak_weeks else ""
    )
    # "2 leg days (goal 1)", not "2 of 1 leg days": the goal may be beaten.
    return f"Leg day done this week: {done} leg {days} (goal {goal}).{streak}"


def remind(*, always: bool, check: bool, as_json: bool) -> int:
    """Print what cron should mail (nothing when the week is done) and return the exit code."""
    result = remind_status(resolve_paths(), datetime.now().astimezone())
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    elif result["due"] or always:
        reminder = result["reminder"]
        print(result["message"])
        print(f"{reminder['text']} ({reminder['source']})")
    return int(ExitCode.DUE) if check and result["due"] else int(ExitCode.OK)


def run(argv: list[str]) -> int:
    flags = set(argv[1:])
    try:
        return remind(
            always="--always" in flags, check="--check" in flags, as_json="--json" in flags
        )
    except LegdayError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return int(ExitCode.FAILURE)
    except Exception as exc:
        if os.environ.get("LEGDAY_DEBUG", "") not in ("", "0"):
            raise
        print(
            f"Error: unexpected failure ({type(exc).__name__}: {exc}); "
            "rerun with LEGDAY_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return int(ExitCode.FAILURE)
