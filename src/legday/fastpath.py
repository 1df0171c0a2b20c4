"""`legday remind` without Typer or Rich: the cron path.

The console script sends `legday remind [--always] [--check] [--json]` here before importing
Typer; any other argument (--help, a typo) goes to the Typer app, which owns help and errors.
The Typer `remind` command calls `remind()` below, so both print exactly the same thing.

Cost stays flat with history size: the leg days and rest days come from a small derived cache
(legday.cache) that every fold of the store keeps right, and that is trusted only while it
matches every source file exactly; so remind states the same streak as `streak`, however long.
Most of what remind costs is imports, so this path imports only light modules: no typing,
dataclasses, pathlib or tomllib, and the full store (legday.store, legday.model) only when the
cache does not match the files. tests/test_import_guard.py pins that.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime

from legday.cache import read_days
from legday.config import load_config
from legday.device import current_device
from legday.errors import ExitCode, LegdayError
from legday.paths import Locations, locate
from legday.reminders import reminder_for, status_line
from legday.safe_text import safe_text
from legday.weeks import HabitRules, day_of, due_status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from legday.store import Store

REMIND_FLAGS = frozenset({"--always", "--check", "--json"})


def handles(argv: list[str]) -> bool:
    return bool(argv) and argv[0] == "remind" and all(arg in REMIND_FLAGS for arg in argv[1:])


def _full_store(locations: Locations) -> Store:
    """The full loader, for when the cache does not match the files: it folds every log (and
    remakes the cache), naming the damaged file and line exactly as every other command does."""
    from legday.context import warn_to_stderr
    from legday.store import Store

    return Store(locations.to_paths(), warn_to_stderr)


def leg_and_rest_days(locations: Locations) -> tuple[set[date], list[date]]:
    """Every leg day and rest day in the store: from the cache when it matches the files
    exactly (legday.cache), else from a fold of the whole store."""
    device = current_device()
    cached = read_days(locations.data_dir, device)
    if cached is not None:
        try:
            legs, rest, conflicts = cached
            days = {date.fromisoformat(day) for day in legs}, [date.fromisoformat(d) for d in rest]
        except ValueError:
            pass  # not what legday writes: the fold below answers
        else:
            for name in conflicts:
                print(_conflict_warning(name), file=sys.stderr)
            return days
    store = _full_store(locations)
    snapshot = store.load()
    store.remember(snapshot)
    return set(snapshot.leg_days), [mark.date for mark in snapshot.rest_marks]


def _conflict_warning(name: str) -> str:
    return (
        f"Warning: devices/{name} is a sync tool's conflict copy; its changes are counted, and "
        "`legday doctor --fix` merges it and puts it away."
    )


def remind_status(locations: Locations, now: datetime) -> dict[str, Any]:
    """The contract's `remind --json` document for the files at `locations` at `now`."""
    config = load_config(locations.config_file)
    rules = HabitRules(goal=config.goal, week_start=config.week_start_index)
    today = day_of(now, config.day_start_time)
    leg_days, rest_dates = leg_and_rest_days(locations)
    status = due_status(leg_days, rest_dates, rules, today)
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
