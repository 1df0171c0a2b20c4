"""FitNotes (Android): one row per set, a date and no time, and a Category per exercise.

Headers: old `Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time`; new
`Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time`, sometimes with a
trailing `Comment`. FitNotes does not quote commas inside exercise names
(`Overhead Press (Each Side, Dumbbells)`): the surplus fields of such a row belong to Exercise,
since every column right of it is fixed — except a trailing Comment, which may hold commas too.
"""

from __future__ import annotations

import re
from typing import ClassVar

from legday.importers.common import (
    BAD_ROW,
    NOT_LEG,
    SkipRow,
    TableReader,
    at_midnight,
    cell_at,
    make_set,
    parse_clock,
    parse_count,
    parse_decimal,
    parse_iso_day,
    stored_name,
    unit_word,
)
from legday.model import Set

FORMAT = "fitnotes"
EXAMPLE_HEADER = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"


class Reader(TableReader):
    format = FORMAT
    set_columns = ("reps", "time", "weight", "weight_unit")
    column_names: ClassVar[dict[str, str]] = {
        "date": "date",
        "exercise": "exercise",
        "category": "category",
        "weight": "weight",
        "weight unit": "weight_unit",
        "reps": "reps",
        "distance": "distance",
        "distance unit": "distance_unit",
        "time": "time",
        "comment": "comment",
    }
    weight_with_unit = re.compile(r"weight \((?P<unit>\w+)\)")
    required = ("date", "exercise", "category", "weight", "reps")

    def _locate(self, cols: dict[str, int]) -> None:
        self._date = cols["date"]
        self._exercise = cols["exercise"]
        self._category = cols["category"]
        self._weight = cols["weight"]
        self._reps = cols["reps"]
        self._distance = cols.get("distance")
        self._time = cols.get("time")
        self._comment = cols.get("comment")
        self._trailing_comment = self._comment == self._width - 1

    def add(self, fields: list[str]) -> None:
        fields = self._repair(fields)
        day = parse_iso_day(fields[self._date])
        if day is None:
            raise SkipRow(BAD_ROW)
        name = fields[self._exercise].strip()
        if not name:
            raise SkipRow(BAD_ROW)
        exercise = stored_name(name, fields[self._category].strip() or None)
        if exercise is None:
            raise SkipRow(NOT_LEG)
        start = at_midnight(day)
        draft = self.book.draft(
            day, name, id_parts=(day.isoformat(),), exercise=exercise, start=start
        )
        draft.add_note(cell_at(fields, self._comment))
        self._add_set(draft, fields)

    def _set_of(self, cells: list[str]) -> Set:
        reps, clock, weight, unit_cell = cells
        load, unit = self._load(weight, unit_cell)
        return make_set(reps=parse_count(reps), seconds=parse_clock(clock), load=load, unit=unit)

    def _repair(self, fields: list[str]) -> list[str]:
        """The row with an unquoted comma in the exercise name put back together."""
        surplus = len(fields) - self._width
        if surplus == 0:
            return fields
        if surplus < 0:
            if surplus == -1 and self._trailing_comment:
                return [*fields, ""]
            raise SkipRow(BAD_ROW)
        if not self._trailing_comment:
            return self._shifted(fields, surplus, with_comment=False)
        # With a trailing Comment the surplus may be in the name or in the comment: take the
        # first reading whose fixed columns make sense (numbers where numbers go).
        for in_name in range(surplus + 1):
            candidate = self._shifted(fields, in_name, with_comment=True)
            if self._plausible(candidate):
                return candidate
        raise SkipRow(BAD_ROW)

    def _shifted(self, fields: list[str], in_name: int, *, with_comment: bool) -> list[str]:
        first = self._exercise
        after_name = first + in_name + 1
        fixed = self._width - first - 1 - (1 if with_comment else 0)
        row = [*fields[:first], ",".join(fields[first:after_name])]
        row += fields[after_name : after_name + fixed]
        if with_comment:
            row.append(",".join(fields[after_name + fixed :]))
        return row

    def _plausible(self, fields: list[str]) -> bool:
        try:
            for index in (self._weight, self._reps, self._distance):
                parse_decimal(cell_at(fields, index))
            parse_clock(cell_at(fields, self._time))
        except SkipRow:
            return False
        unit = cell_at(fields, self._weight_unit)
        return not unit.strip() or unit_word(unit) is not None
