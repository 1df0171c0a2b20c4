"""Hevy: one row per set, `,`, usually all quoted; `weight_kg` or `weight_lbs` names the unit.

Sessions are (start_time, title); `set_type` is normal, warmup, failure or dropset (the last
two are working sets); `exercise_notes` is the exercise's note, `description` the workout's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable
from datetime import datetime

from legday.importers import strong
from legday.importers.common import (
    BAD_ROW,
    NOT_LEG,
    ColumnLayout,
    SkipRow,
    TableReader,
    cell_at,
    make_set,
    normalize_header,
    parse_count,
    parse_load,
    parse_rpe,
    stored_name,
)
from legday.model import Set, Unit

FORMAT = "hevy"
EXAMPLE_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,..."
)

_WEIGHT_COLUMNS: dict[str, Unit] = {"weight_kg": "kg", "weight_lbs": "lb"}
_REQUIRED = ("title", "start_time", "exercise_title", "set_type", "reps")


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
# "15 Sep 2025, 07:48": English month names whatever the machine's locale (strptime's %b
# would follow the locale).
_HEVY_TIME = re.compile(r"([0-9]{1,2}) ([A-Za-z]{3,9}) ([0-9]{4}),? ([0-9]{1,2}):([0-9]{2})")


# Each distinct start_time read once, as Strong's (every set row repeats its workout's).
@functools.lru_cache(maxsize=4096)
def parse_start(text: str) -> datetime | None:
    """A Hevy start_time (local, no zone); ISO-like times are accepted too. None if unreadable."""
    match = _HEVY_TIME.fullmatch(text.strip())
    if match is None:
        return strong.parse_start(text)
    day, month_name, year, hour, minute = match.groups()
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute))
    except ValueError:
        return None


class Reader(TableReader):
    format = FORMAT
    set_columns = ("reps", "duration_seconds", "weight", "set_type", "rpe")

    @classmethod
    def layout(cls, header: list[str]) -> ColumnLayout | None:
        """Hevy's columns are named as their kinds are: each by its own name, and its "weight"
        the column of weight_kg or weight_lbs, whose name is the unit."""
        names = [normalize_header(cell) for cell in header]
        columns = {name: index for index, name in reversed(list(enumerate(names)))}
        if not all(name in columns for name in _REQUIRED):
            return None
        for weight_name, unit in _WEIGHT_COLUMNS.items():
            if weight_name in columns:
                columns["weight"] = columns[weight_name]
                return ColumnLayout(columns=columns, width=len(header), header_unit=unit)
        return None

    def _locate(self, cols: dict[str, int]) -> None:
        self._title = cols["title"]
        self._start_time = cols["start_time"]
        self._exercise = cols["exercise_title"]
        self._description = cols.get("description")
        self._exercise_notes = cols.get("exercise_notes")

    def add(self, fields: list[str]) -> None:
        if len(fields) != self._width:
            raise SkipRow(BAD_ROW)
        start = parse_start(fields[self._start_time])
        if start is None:
            raise SkipRow(BAD_ROW)
        title = fields[self._title].strip()
        session: Hashable = (start, title)
        self.book.session_note(session, cell_at(fields, self._description))
        name = fields[self._exercise].strip()
        if not name:
            raise SkipRow(BAD_ROW)
        exercise = stored_name(name)
        if exercise is None:
            raise SkipRow(NOT_LEG)
        draft = self.book.draft(
            session, name, id_parts=(start.isoformat(), title), exercise=exercise, start=start
        )
        draft.add_note(cell_at(fields, self._exercise_notes))
        self._add_set(draft, fields)

    def _set_of(self, cells: list[str]) -> Set:
        reps, seconds, weight, set_type, rpe = cells
        return make_set(
            reps=parse_count(reps),
            seconds=parse_count(seconds),
            load=parse_load(weight),
            unit=self._unit,
            warmup=set_type.strip().lower() == "warmup",
            rpe=parse_rpe(rpe),
        )
