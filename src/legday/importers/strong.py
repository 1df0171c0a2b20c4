"""Strong: one row per set, four header layouts and localised headers (see FORMATS.md).

| layout | where the unit is |
|---|---|
| A0 (2017), A (2019–2025) | nowhere: the user says (`--unit`) |
| B (Android, `;`) | a `Weight Unit` column, per row (`kg` / `lbs`) |
| C (2025–26, `;`, all quoted, `Workout #`) | the weight header: `Weight (kg)` / `Weight (lbs)` |

Columns are found by name (English or German), so their order does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import date, datetime, tzinfo

from legday.importers.common import (
    BAD_ROW,
    NOT_LEG,
    REST_TIMER,
    UNKNOWN_SET_ORDER,
    ColumnLayout,
    EntryBook,
    ImportStream,
    LegNames,
    Rows,
    SetCache,
    SkipRow,
    StartTimes,
    cell_at,
    find_columns,
    make_set,
    parse_count,
    parse_load,
    parse_rpe,
    parse_unit,
    require_unit,
    stream_rows,
)
from legday.model import Set, Unit

FORMAT = "strong"
EXAMPLE_HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,..."

# Header cell (normalised) → what the column holds. German names as Strong writes them.
_COLUMN_NAMES: dict[str, str] = {
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
_WEIGHT_WITH_UNIT = re.compile(r"(?:weight|gewicht) \((?P<unit>\w+)\)")
_REQUIRED = ("date", "exercise", "set_order", "weight", "reps")


def layout(header: list[str]) -> ColumnLayout | None:
    """The layout of a Strong header, or None when the header is not Strong's."""
    return find_columns(header, _COLUMN_NAMES, _WEIGHT_WITH_UNIT, _REQUIRED)


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


def read(
    rows: Rows,
    found: ColumnLayout,
    *,
    unit: Unit | None,
    tz: tzinfo,
    today: date | None = None,
    hold: bool = False,
) -> ImportStream:
    require_unit(found.says_unit, unit, "Strong")
    reader = _StrongReader(found, unit, tz, today, hold)
    return stream_rows(rows, reader, FORMAT)


class _StrongReader:
    def __init__(
        self, found: ColumnLayout, unit: Unit | None, tz: tzinfo, today: date | None, hold: bool
    ) -> None:
        self.book = EntryBook(FORMAT, tz, today, hold=hold)
        self._legs = LegNames()
        self._sets = SetCache()
        self._width = found.width
        self._unit = found.header_unit or unit
        self._start = StartTimes(parse_start)
        self._kinds: dict[str, str] = {}
        cols = found.columns
        self._date = cols["date"]
        self._exercise = cols["exercise"]
        self._set_order = cols["set_order"]
        self._weight = cols["weight"]
        self._reps = cols["reps"]
        self._weight_unit = cols.get("weight_unit")
        self._workout_number = cols.get("workout_number")
        self._workout_name = cols.get("workout_name")
        self._seconds = cols.get("seconds")
        self._rpe = cols.get("rpe")
        self._notes = cols.get("notes")
        self._workout_notes = cols.get("workout_notes")

    def add(self, fields: list[str]) -> None:
        if len(fields) != self._width:
            raise SkipRow(BAD_ROW)
        start = self._start(fields[self._date])
        kind = self._kind(fields[self._set_order])
        if kind == _REST:
            raise SkipRow(REST_TIMER)
        name = fields[self._exercise].strip()
        if not name:
            raise SkipRow(BAD_ROW)
        exercise = self._legs.stored_name(name)
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
        draft = self.book.draft(
            session,
            name,
            id_parts=(start.isoformat(), workout_name),
            exercise=exercise,
            start=start,
        )
        draft.add_note(cell_at(fields, self._notes))
        if kind == _NOTE:
            draft.note_rows += 1
            return
        weight = fields[self._weight]
        unit_cell = cell_at(fields, self._weight_unit)
        seconds = cell_at(fields, self._seconds)
        rpe = cell_at(fields, self._rpe)
        reps = fields[self._reps]
        key = (reps, seconds, weight, unit_cell, kind, rpe)
        made = self._sets.get(key)
        if made is None:
            made = self._sets.make(
                key, lambda: self._set(reps, seconds, weight, unit_cell, kind, rpe)
            )
        draft.add_set(made)

    def _set(
        self, reps: str, seconds: str, weight: str, unit_cell: str, kind: str, rpe: str
    ) -> Set:
        load = parse_load(weight)
        row_unit = self._unit
        if load is not None and self._weight_unit is not None:
            row_unit = parse_unit(unit_cell) or self._unit
        return make_set(
            reps=parse_count(reps),
            seconds=parse_count(seconds),
            load=load,
            unit=row_unit,
            warmup=kind == _WARMUP,
            rpe=parse_rpe(rpe),
        )

    def _kind(self, text: str) -> str:
        try:
            return self._kinds[text]
        except KeyError:
            kind = self._kinds[text] = _set_kind(text)
            return kind
