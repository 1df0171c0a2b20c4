"""The one place output is drawn: JSON documents, plain lines, and Rich views.

Rich costs tens of milliseconds to import, so it is imported inside the functions that draw
tables and charts (legday.render.views and friends); JSON and one-line messages never load it.
Data goes to stdout; messages (warnings, errors, confirmations of writes) go to stderr.
"""

from __future__ import annotations

import sys

from legday.habit import WEEKDAY_NAMES
from legday.safe_text import safe_text

# Nothing at the top that `remind` and `status` do not use (they import render.remind, so this
# package runs first): json, contextlib and collections are imported where they are needed.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from contextlib import AbstractContextManager
    from datetime import date
    from pathlib import Path
    from typing import Any

    from legday.actions import (
        ExercisesView,
        PrsView,
        RestChange,
        StatsView,
        StreakView,
    )
    from legday.configure import Settings
    from legday.gym import LogBatch
    from legday.model import Entry, Set, Unit
    from legday.paths import Paths
    from legday.store import UndoResult
    from legday.transfer import ImportSummary

SHORT_ID = 8
FIRST_LOG = "legday log squat 5x5@100kg"  # the command every empty view suggests


def emit_json(document: Any) -> None:
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def warning(message: str) -> None:
    # Warnings name files (a sync tool's conflict copy is named by whoever made it): shown,
    # never obeyed by the terminal.
    print(f"Warning: {safe_text(message)}", file=sys.stderr)


def exported(target: object) -> None:
    info(f"Exported to {target}.")


def info(message: str) -> None:
    print(message, file=sys.stderr)


def format_sets(sets: Sequence[Set]) -> str:
    """legday.sets' `format_sets`, loaded on first use: the set grammar imports legday.model,
    which the cron path (it imports legday.render.remind, and so this package) must not load.
    The first call puts the real function in this one's place, so later calls cost nothing."""
    from legday import sets as grammar

    globals()["format_sets"] = grammar.format_sets
    return grammar.format_sets(sets)


def day_name(day: date) -> str:
    """`Monday`: the English weekday name legday writes, whatever the locale."""
    return WEEKDAY_NAMES[day.weekday()].capitalize()


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("ry") else f"{count} {word}s"


def ago(days: int) -> str:
    """`today`, `yesterday`, `3 days ago`."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def describe_entry(entry: Entry) -> str:
    """`squat 5×5 @ 100 kg` (the readable form of what was stored), safe for a terminal.

    Every human view shows user data (names, notes, reasons, reminders) through safe_text:
    a name imported with an ESC in it is shown as \x1b, never obeyed by the terminal."""
    return f"{safe_text(entry.exercise)} {format_sets(entry.sets)}"


# ---------------------------------------------------------------------------- entries


def saved(description: str) -> None:
    """Say what a command has stored before its report is printed: if stdout then fails, the
    exit point still tells the user it was stored (so a retry does not store it twice)."""
    from legday.exit import note_saved

    note_saved(description)


def _entry_words(entry: Entry) -> str:
    return f"{describe_entry(entry)} on {entry.date.isoformat()} [{entry.id[:SHORT_ID]}]"


def _entry_line(label: str, entry: Entry) -> str:
    return f"{label} {describe_entry(entry)} on {entry.date.isoformat()}  [{entry.id[:SHORT_ID]}]"


def week_progress_line(result: LogBatch) -> str:
    week = result.after.this_week
    goal = result.after.goal
    progress = f"This week: {plural(week.leg_days, 'leg day')} (goal {goal})"
    if week.skipped:
        return f"{progress} (a rest week)."
    streak = result.after.current_streak_weeks
    if result.goal_just_met:
        return f"{progress}: goal met! Streak: {plural(streak, 'week')}."
    if week.met:
        return f"{progress}: goal already met. Streak: {plural(streak, 'week')}."
    return f"{progress}; {result.after.days_left_in_week} days left."


def history_filters(exercise: str | None, since: str | None) -> str | None:
    """The filters of a `history` run as typed (`--exercise bench --since mon`), or None."""
    typed = (("--exercise", exercise), ("--since", since))
    given = [(option, value) for option, value in typed if value is not None]
    if not given:
        return None
    import shlex  # only for a filtered history that may come back empty

    return safe_text(" ".join(f"{option} {shlex.quote(value)}" for option, value in given))


def undone(result: UndoResult, *, as_json: bool) -> None:
    """What `undo` took back. An undone log reads as the delete of its entry (the same words
    and JSON); any other change is described by what it removed, restored and reverted."""
    if result.what == "add" and len(result.removed) == 1:
        removed(result.removed[0], as_json=as_json)
        return
    saved(f"undid {UNDO_NAMES.get(result.what, result.what)}")
    if as_json:
        weeks_restored = [mark.to_json() for mark in result.marks_restored]
        emit_json(
            {"undone": result.what, **undo_json(result), "rest_weeks_restored": weeks_restored}
        )
        return
    for line in undo_lines(result):
        print(line)


def undo_json(result: UndoResult) -> dict[str, Any]:
    """What an undo removed, restored and reverted, as `undo` and `import --undo` report it."""
    return {
        "removed": [entry.to_json() for entry in result.removed],
        "restored": [entry.to_json() for entry in result.restored],
        "reverted": [entry.to_json() for entry in result.reverted],
        "rest_weeks_removed": [mark.to_json() for mark in result.marks_removed],
    }


def undo_lines(result: UndoResult) -> list[str]:
    lines = [f"Undid {UNDO_NAMES.get(result.what, result.what)}."]
    for label, entries in (("Removed", result.removed), ("Restored", result.restored)):
        for entry in entries[:UNDO_LISTED]:
            lines.append(_entry_line(label, entry))
        if len(entries) > UNDO_LISTED:
            lines.append(f"{label} {len(entries) - UNDO_LISTED} more entries.")
    for entry in result.reverted[:UNDO_LISTED]:
        lines.append(f"Put back {describe_entry(entry)} as it was before the edit.")
    if len(result.reverted) > UNDO_LISTED:
        lines.append(f"Put back {len(result.reverted) - UNDO_LISTED} more entries.")
    for mark in result.marks_removed:
        lines.append(f"The week of {mark.date.isoformat()} is no longer a rest week.")
    for mark in result.marks_restored:
        lines.append(f"The week of {mark.date.isoformat()} is a rest week again.")
    return lines


UNDO_LISTED = 5
UNDO_NAMES = {
    "add": "the log",
    "remove": "the delete",
    "restore": "the undo of a delete",
    "edit": "the edit",
    "rest": "the rest week",
    "import": "the import",
    "log": "the log",
    "skip": "the rest week",
    "unskip": "the unskip",
    "delete": "the delete",
    "rename": "the rename",
}


def compacted(before: int, after: int) -> None:
    if before == after:
        print(f"Nothing to compact: all {before} operations of this device still count.")
        return
    print(f"Compacted this device's log from {before} to {after} operations (backup kept).")


def removed(entry: Entry, *, as_json: bool) -> None:
    saved(f"removed {_entry_words(entry)}")
    if as_json:
        emit_json(entry.to_json())
        return
    print(_entry_line("Removed", entry))


# ---------------------------------------------------------------------------- habit


def streak(view: StreakView, *, as_json: bool) -> None:
    if as_json:
        emit_json(view.summary.to_json())
        return
    from legday.render import habit_lines

    habit_lines.write(lambda marks, w: habit_lines.streak_rows(view, marks, w))


def stats(view: StatsView, *, as_json: bool, save: Path | None = None, force: bool = False) -> None:
    # The file first: when it cannot be written, stdout stays empty (no half-answered run).
    if save is not None:
        from legday.render import habit_views

        habit_views.save_stats(view, save, force=force)
    if as_json:
        emit_json(view.to_json())
        return  # nothing to draw: Rich stays unloaded without --save
    from legday.render import habit_lines

    habit_lines.write(lambda marks, w: habit_lines.stats_rows(view, marks, w))


def rest_change(change: RestChange, *, skipped: bool) -> None:
    """`The week of A to B is a rest week (holiday): ...`, or for a range `The 3 weeks from A
    to B are rest weeks (holiday; 1 already was): ...`; after unskip, which weeks count again."""
    span = f"{change.week_start.isoformat()} to {change.week_end.isoformat()}"
    if change.changed:
        saved(f"{'marked' if skipped else 'unmarked'} the week of {span} as a rest week")
    if not skipped:
        if change.weeks == 1:
            print(f"The week of {span} counts again.")
        else:
            verb = "counts" if change.weeks_changed == 1 else "count"
            print(f"{plural(change.weeks_changed, 'rest week')} from {span} {verb} again.")
        return
    reason = (
        safe_text(change.mark.reason) if change.mark is not None and change.mark.reason else None
    )
    already = "" if change.changed else " already"
    if change.weeks == 1:
        note = f" ({reason})" if reason else ""
        print(f"The week of {span} is{already} a rest week{note}: it won't break your streak.")
        return
    unchanged = change.weeks - change.weeks_changed
    notes = [reason] if reason else []
    if change.changed and unchanged:
        notes.append(f"{unchanged} already {'was' if unchanged == 1 else 'were'}")
    note = f" ({'; '.join(notes)})" if notes else ""
    print(
        f"The {change.weeks} weeks from {span} are{already} rest weeks{note}: "
        "they won't break your streak."
    )


# ---------------------------------------------------------------------------- strength


def prs(view: PrsView, *, as_json: bool) -> None:
    if as_json:
        emit_json([records.to_json() for records in view.records])
        return
    from legday.render import rich_plain

    if rich_plain.write_prs(view):
        return  # the bytes Rich writes into a pipe, without its import
    from legday.render import strength_views

    strength_views.prs(view)


def exercises(view: ExercisesView, *, as_json: bool) -> None:
    if as_json:
        emit_json(view.to_json())
        return
    from legday.render import rich_plain

    if rich_plain.write_exercises(view):
        return  # the bytes Rich writes into a pipe, without its import
    from legday.render import views

    views.exercises(view)


# ---------------------------------------------------------------------------- import / export


def import_progress(
    path: Path, *, enabled: bool
) -> AbstractContextManager[Callable[[int], None] | None]:
    """A progress bar on a terminal for big files (its `advance` function); None otherwise."""
    import contextlib

    if not enabled or not sys.stderr.isatty():
        return contextlib.nullcontext()
    from legday.render import views

    return views.progress_bar(path)


def import_summary(summary: ImportSummary, *, as_json: bool, home_unit: Unit) -> None:
    if not summary.dry_run and (summary.entries_added or summary.rest_weeks_added):
        saved(f"imported {plural(summary.entries_added, 'entry')}")
    if as_json:
        emit_json(summary.to_json())
        return
    verb = "Would add" if summary.dry_run else "Added"
    app = APP_NAMES.get(summary.format, summary.format)
    print(
        f"{verb} {plural(summary.entries_added, 'entry')} "
        f"({plural(summary.sets_added, 'set')}, {plural(summary.leg_days_added, 'new leg day')}) "
        f"from a {app} export."
    )
    if summary.entries_existing:
        print(f"Already there: {plural(summary.entries_existing, 'entry')}.")
    if summary.rest_weeks_added:
        print(f"Rest weeks added: {summary.rest_weeks_added}.")
    if summary.rows_skipped:
        reasons = ", ".join(
            skip_reason(why, count) for why, count in sorted(summary.skipped_reasons.items())
        )
        print(f"Skipped {plural(summary.rows_skipped, 'row')}: {reasons}.")
    if summary.dry_run:
        print("Dry run: nothing was written.")
    unit_hint = _unit_hint(summary, home_unit)
    if unit_hint:
        print(unit_hint)


# The apps as their makers spell them; legday's own format keeps its lower case.
APP_NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes", "legday": "legday"}
# Skip reasons (legday.importers.common) that are nouns, with their plurals; the others read
# the same after any count ("3 not a leg exercise", "2 no reps or time").
_REASON_PLURALS = {
    "rest timer row": "rest timer rows",
    "bad row": "bad rows",
    "weight without a unit": "weights without a unit",
    "unknown weight unit": "unknown weight units",
    "unknown set order": "unknown set orders",
    "note without sets": "notes without sets",
    "duplicate id": "duplicate ids",
    "bad entry": "bad entries",
    "bad rest week": "bad rest weeks",
    "implausible number": "implausible numbers",
    "date in the future": "dates in the future",
}


def skip_reason(why: str, count: int) -> str:
    """`3 rest timer rows`, `1 bad row`: a count of skipped rows and why, in good English."""
    if count != 1 and why in _REASON_PLURALS:
        return f"{count} {_REASON_PLURALS[why]}"
    if count != 1 and why.startswith("date before "):
        return f"{count} dates before {why.removeprefix('date before ')}"
    return f"{count} {why}"


def _unit_hint(summary: ImportSummary, home_unit: Unit) -> str | None:
    """Said once, when the entries just read weigh in another unit than the one legday shows:
    an lb export into a kg home should not leave the user wondering why numbers changed."""
    file_unit = summary.file_unit
    if file_unit is None or file_unit == home_unit or not summary.entries_added:
        return None
    return (
        f"This file's weights are in {file_unit}; legday shows them in {home_unit} (your "
        f"unit setting). To see {file_unit}: legday config set unit {file_unit}"
    )


# ---------------------------------------------------------------------------- settings, paths


def paths(resolved: Paths, device: str, *, as_json: bool) -> None:
    document = resolved.to_json(device)
    if as_json:
        emit_json(document)
        return
    width = max(len(key) for key in document)
    for key, value in document.items():
        print(f"{key:<{width}}  {value}")


def format_setting(value: Any) -> str:
    """A setting as config.toml would spell it (a bad value too), safe for a terminal."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = f"{value:g}"  # an increment of 5.0 reads as 5
    elif isinstance(value, str | int):
        text = str(value)
    else:
        import json

        text = json.dumps(value, ensure_ascii=False, default=str)
    return safe_text(text)


def config_table(settings: Settings, path: str, *, as_json: bool) -> None:
    """Every setting; a bad value as the file holds it, marked with what is wrong."""
    values, problems = settings.values, settings.problems
    if as_json:
        document = dict(values)
        if problems:
            document["invalid"] = dict(problems)
        emit_json(document)
        return
    width = max(len(key) for key in values)
    for key, value in values.items():
        line = f"{key:<{width}}  {format_setting(value)}"
        if key in problems:
            line += f"  <- bad: {problems[key]}; fix: {_fix_command(key)}"
        print(line)
    print(f"# {safe_text(path)}")


def _fix_command(key: str) -> str:
    if key == "reminders":
        return "edit reminders in this file"
    return f"legday config set {key} VALUE"


def config_value(value: Any) -> None:
    print(format_setting(value))


def setting_changed(key: str, value: Any, others_bad: Mapping[str, str]) -> None:
    """`config set` done: the new value on stdout, and what the file still needs fixing."""
    saved(f"set {key} = {format_setting(value)}")
    print(f"{key} = {format_setting(value)}")
    for other, problem in others_bad.items():
        info(f"Warning: {other} still holds a bad value ({problem}); fix: {_fix_command(other)}.")
