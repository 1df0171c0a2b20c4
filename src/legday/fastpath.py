"""`legday remind` without Typer or Rich: the cron path.

The console script sends `legday remind [--always] [--check] [--json]` here before importing
Typer; any other argument (--help, a typo) goes to the Typer app, which owns help and errors.
The Typer `remind` command calls `remind()` below, so both print exactly the same thing.

Cost stays flat with history size: only the entries of the last LOOKBACK_WEEKS weeks are read,
from the end of the sessions file (see legday.tail). Most of what remind costs is imports, so
this path imports only light modules: no typing, dataclasses, pathlib or tomllib, and the full
store (legday.store, legday.model) only when the light readers meet something they will not
vouch for. tests/test_import_guard.py pins that.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta

from legday.config import load_config
from legday.errors import ExitCode, LegdayError
from legday.paths import Locations, locate
from legday.reminders import reminder_for, status_line
from legday.safe_text import safe_text
from legday.tail import read_rest_dates, read_tail
from legday.weeks import HabitRules, day_of, due_status, week_start_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from legday.store import Store

REMIND_FLAGS = frozenset({"--always", "--check", "--json"})
# A streak longer than this is reported as this long in remind's wording; reading further
# back would make cron's cost grow with history.
LOOKBACK_WEEKS = 53


def handles(argv: list[str]) -> bool:
    return bool(argv) and argv[0] == "remind" and all(arg in REMIND_FLAGS for arg in argv[1:])


def _full_store(locations: Locations) -> Store:
    """The full loader, for what the light readers will not vouch for: it names the damaged
    file and line (or sets a torn last line aside) exactly as every other command does."""
    from legday.context import warn_to_stderr
    from legday.store import Store

    return Store(locations.to_paths(), warn_to_stderr)


def _rest_dates(locations: Locations) -> list[date]:
    dates = read_rest_dates(locations.rest_weeks_file)
    if dates is not None:
        return dates
    return [mark.date for mark in _full_store(locations).load_rest_marks()]


def _recent_leg_days(locations: Locations, since: date) -> set[date]:
    rows = read_tail(locations.sessions_file, since)
    if rows is not None:
        try:
            return {date.fromisoformat(row["date"]) for row in rows}
        except ValueError:
            pass  # a damaged date: the full load below names its line
    return {entry.date for entry in _full_store(locations).load().entries if entry.date >= since}


def remind_status(locations: Locations, now: datetime) -> dict[str, Any]:
    """The contract's `remind --json` document for the files at `locations` at `now`."""
    config = load_config(locations.config_file)
    rules = HabitRules(goal=config.goal, week_start=config.week_start_index)
    today = day_of(now, config.day_start_time)
    since = week_start_of(today, rules.week_start) - timedelta(weeks=LOOKBACK_WEEKS)
    # A rest week before the window could only be skipped on the way to a week with no leg
    # days read: it never changes the count, and leaving it out keeps cron's cost flat.
    rest_dates = [day for day in _rest_dates(locations) if day >= since]
    status = due_status(_recent_leg_days(locations, since), rest_dates, rules, today)
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
    result = remind_status(locate(), datetime.now().astimezone())
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    elif result["due"] or always:
        reminder = result["reminder"]
        print(result["message"])
        # A custom reminder comes from config.toml: shown, never obeyed by the terminal.
        print(safe_text(f"{reminder['text']} ({reminder['source']})"))
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
