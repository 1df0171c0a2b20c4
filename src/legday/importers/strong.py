"""Strong: one row per set, four header layouts and localised headers (see FORMATS.md).

| layout | where the unit is |
|---|---|
| A0 (2017), A (2019–2025) | nowhere: the user says (`--unit`) |
| B (Android, `;`) | a `Weight Unit` column, per row (`kg` / `lbs`) |
| C (2025–26, `;`, all quoted, `Workout #`) | the weight header: `Weight (kg)` / `Weight (lbs)` |

Columns are found by name (English or German), so their order does not matter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable
from datetime import datetime
from typing import ClassVar

from legday.importers.common import (
    BAD_ROW,
    NOT_LEG,
    REST_TIMER,
    UNKNOWN_SET_ORDER,
    Cells,
    Draft,
    SkipRow,
    TableReader,
    cell_at,
    make_set,
    parse_count,
    parse_rpe,
    stored_name,
)
from legday.model import Set

FORMAT = "strong"
EXAMPLE_HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,..."

# ---------------------------------------------------------------- dates

# "2025-06-03 20:23:00", also without seconds and in the 12-hour form some phones write
# ("2025-01-30 12:34:56\u202fpm", a narrow no-break space before the am/pm).
_ISO_TIME = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
    r"[ \u00a0\u202f]*(?:([aApP])\.?[mM]\.?)?"
)
# The day-first form of European locales: "30.01.2025 12:34:56".
_DOTTED_TIME = re.compile(
    r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}),? ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
)


# Every set row repeats its workout's start, and parsing dates is the slow part of a big
# import: each distinct text is read once.
@functools.lru_cache(maxsize=4096)
def parse_start(text: str) -> datetime | None:
    """The workout start as written (local time, no zone); None when unreadable."""
    cell = text.strip()
    match = _ISO_TIME.fullmatch(cell)
    if match is not None:
        year, month, day, hour, minute, second, half = match.groups()
    else:
        dotted = _DOTTED_TIME.fullmatch(cell)
        if dotted is None:
            return None
        day, month, year, hour, minute, second = dotted.groups()
        half = None
    clock_hour = int(hour)
    if half is not None:
        if not 1 <= clock_hour <= 12:
            return None
        clock_hour = clock_hour % 12 + (12 if half in "pP" else 0)
    try:
        return datetime(int(year), int(month), int(day), clock_hour, int(minute), int(second or 0))
    except ValueError:
        return None


# ---------------------------------------------------------------- set order

_WORKING, _WARMUP, _REST, _NOTE = "working", "warmup", "rest", "note"


# Each distinct Set Order cell read once (most files hold a dozen).
@functools.lru_cache(maxsize=256)
def _set_kind(cell: str) -> str:
    """Set Order: a number; W warm-up; D drop set and F failure (both working sets);
    "Rest Timer" rows; "Note" rows (layout C) whose text is in Notes."""
    code = cell.strip().lower()
    if code.isascii() and code.isdigit():
        return _WORKING
    if code == "w":
        return _WARMUP
    if code in ("d", "f"):
        return _WORKING
    if "timer" in code or "rest" in code or "pause" in code:
        return _REST
    if code in ("note", "notes", "notiz", "notizen"):
        return _NOTE
    raise SkipRow(UNKNOWN_SET_ORDER)


# ---------------------------------------------------------------- reading


class Reader(TableReader):
    """Rows in, entries into `book`. Most rows of an export repeat the row before but for the
    set: the same workout and exercise, one set further. Such a row goes straight to the
    previous row's draft (`_context`), and its set cells, seen before, to their Set
    (`TableReader._add_set`); only a row that differs takes every check, in the order that
    decides which skip reason a bad row is counted under."""

    format = FORMAT
    set_columns = ("set_order", "reps", "weight", "weight_unit", "seconds", "rpe")
    # Header cell (normalised) → what the column holds. German names as Strong writes them.
    column_names: ClassVar[dict[str, str]] = {
        "workout #": "workout_number",
        "workout-nr.": "workout_number",
        "date": "date",
        "datum": "date",
        "workout name": "workout_name",
        "workout-name": "workout_name",
        "trainingsname": "workout_name",
        "exercise name": "exercise",
        "name der übung": "exercise",
        "übungsname": "exercise",
        "set order": "set_order",
        "reihenfolge festlegen": "set_order",
        "satzreihenfolge": "set_order",
        "weight": "weight",
        "gewicht": "weight",
        "weight unit": "weight_unit",
        "gewichtseinheit": "weight_unit",
        "reps": "reps",
        "wiederh.": "reps",
        "wiederholungen": "reps",
        "rpe": "rpe",
        "seconds": "seconds",
        "sekunden": "seconds",
        "notes": "notes",
        "notizen": "notes",
        "workout notes": "workout_notes",
        "workout-notizen": "workout_notes",
        "trainingsnotizen": "workout_notes",
    }
    weight_with_unit = re.compile(r"(?:weight|gewicht) \((?P<unit>\w+)\)")
    required = ("date", "exercise", "set_order", "weight", "reps")

    def _locate(self, cols: dict[str, int]) -> None:
        self._written: dict[datetime, str] = {}  # each start as its entries' ids spell it
        self._date = cols["date"]
        self._exercise = cols["exercise"]
        self._set_order = cols["set_order"]
        self._workout_number = cols.get("workout_number")
        self._workout_name = cols.get("workout_name")
        self._notes = cols.get("notes")
        self._workout_notes = cols.get("workout_notes")
        # The cells that decide a row's draft.
        context = (self._date, self._exercise, self._workout_name, self._workout_number)
        self._context = Cells((*context, self._notes, self._workout_notes)).key
        self._last_context: tuple[str, ...] | None = None
        self._last_draft: Draft | None = None

    def add(self, fields: list[str]) -> None:
        if len(fields) != self._width:
            raise SkipRow(BAD_ROW)
        context = self._context(fields)
        if context == self._last_context:
            draft = self._last_draft
            assert draft is not None
        else:
            self._last_context = None
            draft = self._draft(fields)
            self._last_context, self._last_draft = context, draft
        self._add_set(draft, fields)

    def _draft(self, fields: list[str]) -> Draft:
        """The draft a row's sets go to, after every check of the cells that decide it."""
        start = parse_start(fields[self._date])
        if start is None:
            raise SkipRow(BAD_ROW)
        if _set_kind(fields[self._set_order]) == _REST:
            raise SkipRow(REST_TIMER)
        name = fields[self._exercise].strip()
        if not name:
            raise SkipRow(BAD_ROW)
        exercise = stored_name(name)
        workout_notes = cell_at(fields, self._workout_notes)
        if exercise is None and not workout_notes:
            raise SkipRow(NOT_LEG)
        workout_name = cell_at(fields, self._workout_name).strip()
        number = cell_at(fields, self._workout_number).strip()
        session: Hashable = (number or start, workout_name)
        # Strong writes the workout's note on its first row, often not a leg exercise's.
        self.book.session_note(session, workout_notes)
        if exercise is None:
            raise SkipRow(NOT_LEG)
        written = self._written.get(start)
        if written is None:
            written = self._written[start] = start.isoformat()
        draft = self.book.draft(
            session, name, id_parts=(written, workout_name), exercise=exercise, start=start
        )
        draft.add_note(cell_at(fields, self._notes))
        return draft

    def _set_of(self, cells: list[str]) -> Set | None:
        order, reps, weight, unit_cell, seconds, rpe = cells
        kind = _set_kind(order)
        if kind == _REST:
            raise SkipRow(REST_TIMER)
        if kind == _NOTE:
            return None
        load, unit = self._load(weight, unit_cell)
        return make_set(
            reps=parse_count(reps),
            seconds=parse_count(seconds),
            load=load,
            unit=unit,
            warmup=kind == _WARMUP,
            rpe=parse_rpe(rpe),
        )
