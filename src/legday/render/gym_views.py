"""The words of the gym side: a `log` line's report, `last`, `show` and history pages (the
weekly trend is drawn by legday.render.strength_views). Plain lines here (no Rich at import),
written by legday.render.layout's `write_lines`, which only adds styles on a colour terminal,
so a pipe reads the same words.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from legday.render import (
    FIRST_LOG,
    SHORT_ID,
    _entry_words,
    ago,
    describe_entry,
    emit_json,
    plural,
    saved,
    week_progress_line,
)
from legday.render.hints import describe_record
from legday.render.layout import Line, table, write_lines
from legday.render.terminal import width_of
from legday.safe_text import safe_text
from legday.sets import format_set_specs, format_sets
from legday.strength import format_weight

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.gym import HistoryPage, LastView, LogBatch, ShowView, WeekFill
    from legday.model import Entry, Set

# Styles by kind of line; write_lines applies them on a colour terminal.
STORED = HEADING = "bold"
PROGRESS = PLAIN = ""
GOAL, RECORD, DIM = "bold green", "bold yellow", "dim"
REASONS = {
    "all_sets_hit": "every working set hit its reps last time: add {change}",
    "missed_a_set": "a set fell short of its reps last time: repeat the load",
    "missed_twice": "two sessions in a row fell short: deload 10 % and build back",
    "missed_twice_no_load": "two sessions in a row fell short: repeat them",
    "mixed_loads": "last time's sets were at different loads: repeat them",
    "no_working_sets": "last time had only warm-ups: repeat it",
}


# ---------------------------------------------------------------------------- log


def log_outcome(result: LogBatch | LastView, *, as_json: bool) -> None:
    from legday.gym import LastView

    if isinstance(result, LastView):
        last(result, as_json=as_json)
    else:
        log_batch(result, as_json=as_json)


def log_batch(batch: LogBatch, *, as_json: bool) -> None:
    for item in batch.items:
        saved(f"logged {_entry_words(item.entry)}")
    if as_json:
        documents = [entry.to_json() for entry in batch.entries]
        emit_json(documents[0] if len(documents) == 1 else documents)
        return
    write_lines(log_lines(batch))


def log_lines(batch: LogBatch) -> list[Line]:
    lines: list[Line] = []
    several = len(batch.items) > 1
    for item in batch.items:
        entry = item.entry
        when = "" if entry.date == batch.after.as_of else f" on {entry.date.isoformat()}"
        new = " (new exercise)" if item.new_exercise else ""
        text = f"Logged {describe_entry(entry)}{when}{new}  [{entry.id[:SHORT_ID]}]"
        lines.append([(text, STORED)])
    progress = week_progress_line(batch)
    lines.append([(progress, GOAL if batch.goal_just_met else PROGRESS)])
    if batch.fill is not None:
        lines.append([(fill_line(batch.fill), PROGRESS)])
    for item in batch.items:
        for record in item.records:
            words = describe_record(record, batch.unit)
            if several:
                words = f"{safe_text(item.entry.exercise)}: {words}"
            lines.append([(words, RECORD)])
    return lines


def fill_line(fill: WeekFill) -> str:
    """What a back-dated log did: `Fills the week of 2026-11-23: streak 8 → 9 weeks.`"""
    week = f"the week of {fill.week_start.isoformat()}"
    streak = f"streak {fill.streak_before} → {plural(fill.streak_after, 'week')}"
    if fill.streak_before == fill.streak_after:  # a week filled behind a missed one
        streak = f"streak stays {plural(fill.streak_after, 'week')}"
    if fill.skipped:
        return f"Added to {week} (a rest week): streak {plural(fill.streak_after, 'week')}."
    if fill.met and not fill.met_before:
        return f"Fills {week}: {streak}."
    if fill.met:
        return (
            f"Adds to {week} (goal already met, {plural(fill.leg_days, 'leg day')}): "
            f"streak {plural(fill.streak_after, 'week')}."
        )
    return (
        f"Adds to {week}: {fill.leg_days} of {fill.goal} leg days, not yet met; "
        f"streak {plural(fill.streak_after, 'week')}."
    )


# ---------------------------------------------------------------------------- last


def spec_text(sets: Sequence[Set]) -> str:
    """Sets as `log` takes them (`5x5@100kg`), or readable when the grammar cannot say them."""
    try:
        return " ".join(format_set_specs(sets))
    except ValueError:
        return format_sets(sets)


def last(view: LastView, *, as_json: bool) -> None:
    if as_json:
        emit_json(view.to_json())
        return
    write_lines(last_lines(view))


def last_lines(view: LastView) -> list[Line]:
    name = safe_text(view.exercise)
    lines: list[Line] = [[(f"{name}: last sessions", HEADING)]]
    for index, line in enumerate(view.sessions):
        label = "last" if index == 0 else "before"
        e1rm = "" if line.e1rm is None else f"  e1RM {format_weight(line.e1rm)} {view.unit}"
        text = (
            f"  {label:<6}  {line.entry.date.isoformat()}  {spec_text(line.entry.sets)}"
            f"{e1rm}  ({ago(line.days_ago)})"
        )
        lines.append([(text, PLAIN)])
        if line.entry.note:
            lines.append([(f"          note: {safe_text(line.entry.note)}", DIM)])
    suggestion = view.suggestion
    change = "" if suggestion.change is None else _change_text(suggestion.change, view)
    key = suggestion.reason
    if key == "missed_twice" and suggestion.change is None:
        key = "missed_twice_no_load"  # nothing to take 10 % off: the sets are repeated
    reason = REASONS[key].format(change=change or "one more rep or a few seconds")
    specs = spec_text(suggestion.sets)
    lines.append([(f"Today: {specs}", GOAL)])
    lines.append([(f"  ({reason})", DIM)])
    from legday.gym import command_name  # loaded already: it made the view

    typed = safe_text(command_name(view.exercise, specs.split()))
    lines.append([(f"  log it: legday log {typed} {specs}", DIM)])
    return lines


def _change_text(change: float, view: LastView) -> str:
    sets = view.suggestion.sets
    unit = next((s.unit for s in sets if s.unit is not None), view.unit)
    return f"{format_weight(abs(change))} {unit}"


# ---------------------------------------------------------------------------- show


def show(view: ShowView, *, as_json: bool) -> None:
    if as_json:
        emit_json(view.to_json())
        return
    write_lines(show_lines(view))


def show_lines(view: ShowView) -> list[Line]:
    if view.date is None:
        return [[(f"No leg days yet. Log one: {FIRST_LOG}", PLAIN)]]
    day = view.date.isoformat()
    if not view.entries:
        last_day = ""
        if view.last_leg_day is not None:
            last = view.last_leg_day.isoformat()
            last_day = f" The last leg day was {last}: legday show {last}"
        return [[(f"Nothing logged on {day}.{last_day}", PLAIN)]]
    lines: list[Line] = [[(f"Leg day {day} ({view.date.strftime('%A')})", HEADING)]]
    for entry in view.entries:
        lines.append(
            [
                (f"  {safe_text(entry.exercise)}", "bold"),
                (f"  {format_sets(entry.sets)}", PLAIN),
                (f"  [{entry.id[:SHORT_ID]}]", DIM),
            ]
        )
        if entry.note:
            lines.append([(f"    note: {safe_text(entry.note)}", DIM)])
    volume = format_weight(view.volume)
    lines.append(
        [(f"{plural(view.working_sets, 'working set')}, volume {volume} {view.unit}", PLAIN)]
    )
    for one in view.prs:
        words = describe_record(one.record, view.unit).removeprefix("New ")
        lines.append([(f"{safe_text(one.exercise)} {words}", RECORD)])
    return lines


# ---------------------------------------------------------------------------- history


def history_page(page: HistoryPage, *, as_json: bool, by_day: bool, filters: str | None) -> None:
    if as_json:
        emit_json([entry.to_json() for entry in page.entries])
        return
    if not page.entries and filters is not None:
        print(f"No entries match {filters}. `legday history` lists them all.")
        return
    if not page.entries:
        print(f"No entries yet. Log one: {FIRST_LOG}")
        return
    from legday.render import pager

    lines = by_day_lines(page.entries) if by_day else history_lines(page.entries)
    if page.more > 0:
        lines.append(
            [
                (
                    f"… {plural(page.more, 'more entry')} ({page.total} in all): "
                    "legday history --all, or --limit N",
                    DIM,
                )
            ]
        )
    if not pager.page(lines):
        write_lines(lines)


def history_lines(entries: Sequence[Entry]) -> list[Line]:
    """legday's own table: a list this plain needs Rich only to colour it on a terminal."""
    rows = [
        (e.date.isoformat(), safe_text(e.exercise), _sets_and_note(e), e.id[:SHORT_ID])
        for e in entries
    ]
    header = ("date", "exercise", "sets", "id")
    return table(
        header, rows, width=width_of(sys.stdout), wrap_column=2, styles=("", "", "", "dim")
    )


def _sets_and_note(entry: Entry) -> str:
    sets = format_sets(entry.sets)
    return f"{sets}  ({safe_text(entry.note)})" if entry.note else sets


def by_day_lines(entries: Sequence[Entry]) -> list[Line]:
    lines: list[Line] = []
    current = None
    for entry in entries:
        if entry.date != current:
            if current is not None:
                lines.append([])
            current = entry.date
            lines.append([(f"{current.isoformat()} ({current.strftime('%A')})", HEADING)])
        lines.append(
            [
                (f"  {safe_text(entry.exercise)}  {_sets_and_note(entry)}", PLAIN),
                (f"  [{entry.id[:SHORT_ID]}]", DIM),
            ]
        )
    return lines
