"""legday's own exports read back (see legday.export): merged by id, every exercise kept.

JSON keeps everything, ids included. A JSON list of entries (`legday history --json`) is read
too. CSV carries no logged_at and no source: an entry read from CSV is logged at midnight of
its date in the given time zone, with source "legday". CSV rows without an id (added by hand
in a spreadsheet) get an id made from their date and exercise.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any, TypeVar

from legday.dates import FIRST_DATE
from legday.errors import UsageError
from legday.export import CSV_HEADER, EXPORT_FORMAT, EXPORT_VERSION, unescape_cell
from legday.importers.common import (
    BAD_ENTRY,
    BAD_REST_WEEK,
    BAD_ROW,
    BEFORE_FIRST_DATE,
    DUPLICATE_ID,
    NO_WORK,
    PROGRESS_EVERY,
    ImportStream,
    Progress,
    Rows,
    SkipRow,
    at_midnight,
    check_count,
    check_date,
    check_load,
    normalize_header,
    parse_iso_day,
    stable_id,
)
from legday.model import Entry, RestMark, Set, Unit, is_unit

FORMAT = "legday"
EXAMPLE_HEADER = ",".join(CSV_HEADER)
_T = TypeVar("_T")

EXAMPLE_JSON = '{"format": "legday", "version": 1, "entries": [...]}'


# ---------------------------------------------------------------- JSON


def read_json(
    text: str, *, progress: Progress | None = None, today: date | None = None
) -> ImportStream:
    try:
        document = json.loads(text)
    except RecursionError:
        raise UsageError("the file is not a legday export: its JSON is nested too deeply") from None
    except ValueError as err:
        raise UsageError(f"the file is not valid JSON: {err}") from None
    raw_entries, raw_marks = _unpack(document)
    counter = _Counter(progress)
    entries = _entries_from_json(raw_entries, counter, today)
    marks = _marks_from_json(raw_marks, counter)
    counter.finish()
    removed = _removed_ids(document)
    return ImportStream(FORMAT, _whole(entries), marks, counter.count, counter.skipped, removed)


def _removed_ids(document: Any) -> list[str]:
    """The ids the exporting store had removed (exports before schema 3 have none), so that
    importing the file anywhere never brings a deleted entry or rest week back."""
    removed = document.get("removed", []) if isinstance(document, dict) else []
    if not isinstance(removed, list) or not all(isinstance(item, str) for item in removed):
        raise UsageError("the legday export is damaged: 'removed' must be a list of ids")
    return list(removed)


def _unpack(document: Any) -> tuple[list[Any], list[Any]]:
    if isinstance(document, list):
        return document, []
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise UsageError(
            f"a JSON file that is not a legday export: expected {EXAMPLE_JSON} "
            "as written by `legday export --format json`"
        )
    version = document.get("version", EXPORT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UsageError("the legday export has no valid version number: export it again")
    if version > EXPORT_VERSION:
        raise UsageError(
            f"the file was written by a newer legday (export version {version}, this one reads "
            f"up to {EXPORT_VERSION}): upgrade legday to import it"
        )
    entries = document.get("entries", [])
    marks = document.get("rest_weeks", [])
    if not isinstance(entries, list) or not isinstance(marks, list):
        raise UsageError("the legday export is damaged: 'entries' and 'rest_weeks' must be lists")
    return entries, marks


@dataclass
class _Counter:
    progress: Progress | None
    count: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def parsed(self, raw: list[Any], build: Callable[[Any], _T], reason: str) -> Iterator[_T]:
        """What `build` makes of each item, each counted; an item it refuses (ValueError,
        TypeError) is skipped for `reason`."""
        for item in raw:
            self.count += 1
            if self.progress is not None and self.count % PROGRESS_EVERY == 0:
                self.progress(self.count)
            try:
                made = build(item)
            except (ValueError, TypeError):
                self.skip(reason)
            else:
                yield made

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.count)


def _entries_from_json(raw: list[Any], counter: _Counter, today: date | None) -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    for entry in counter.parsed(raw, Entry.from_json, BAD_ENTRY):
        try:
            check_date(entry.date, today)
        except SkipRow as skip:
            counter.skip(skip.reason)
            continue
        if entry.id in seen:
            counter.skip(DUPLICATE_ID)
        else:
            seen.add(entry.id)
            entries.append(entry)
    return entries


def _marks_from_json(raw: list[Any], counter: _Counter) -> list[RestMark]:
    marks: list[RestMark] = []
    seen: set[date] = set()
    for mark in counter.parsed(raw, RestMark.from_json, BAD_REST_WEEK):
        if mark.date < FIRST_DATE:
            # Only the floor: a rest week may be planned ahead, as `legday skip` allows.
            counter.skip(BEFORE_FIRST_DATE)
        elif mark.date not in seen:
            seen.add(mark.date)
            marks.append(mark)
    return marks


# ---------------------------------------------------------------- CSV


def is_csv_header(header: list[str]) -> bool:
    return tuple(normalize_header(cell) for cell in header) == CSV_HEADER


@dataclass
class _CsvEntry:
    day: date
    exercise: str
    note: str | None
    sets: list[tuple[int, Set]] = field(default_factory=list)


def read_csv(rows: Rows, *, tz: tzinfo, today: date | None = None) -> ImportStream:
    grouped: dict[str, _CsvEntry] = {}
    skipped: dict[str, int] = {}
    for fields in rows:
        try:
            _add_csv_row(grouped, fields, today)
        except SkipRow as skip:
            skipped[skip.reason] = skipped.get(skip.reason, 0) + 1
    entries = [
        Entry(
            id=entry_id,
            date=found.day,
            exercise=found.exercise,
            sets=tuple(one_set for _, one_set in sorted(found.sets, key=lambda pair: pair[0])),
            logged_at=at_midnight(found.day).replace(tzinfo=tz),
            note=found.note,
            source=FORMAT,
        )
        for entry_id, found in grouped.items()
    ]
    return ImportStream(FORMAT, _whole(entries), rows_read=rows.count, skipped=skipped)


def _whole(entries: list[Entry]) -> Iterator[tuple[Entry, None]]:
    """A file read whole as a stream's pairs: no entry's sets come as stored text."""
    return iter([(entry, None) for entry in entries])


def _add_csv_row(grouped: dict[str, _CsvEntry], fields: list[str], today: date | None) -> None:
    if len(fields) != len(CSV_HEADER):
        raise SkipRow(BAD_ROW)
    (day_text, exercise_cell, number, reps, seconds, weight, unit, bodyweight, warmup, amrap) = (
        fields[:10]
    )
    rpe, note_cell, id_cell = fields[10:]
    day = parse_iso_day(day_text)
    if day is None:
        raise SkipRow(BAD_ROW)
    check_date(day, today)
    # The name exactly as exported: stripping it would make the round trip rename an
    # exercise whose stored name has spaces around it (JSON keeps them, so must CSV).
    exercise = unescape_cell(exercise_cell)
    if not exercise.strip():
        raise SkipRow(BAD_ROW)
    load = _csv_number(weight)
    one_set = Set(
        reps=_csv_whole(reps),
        seconds=_csv_whole(seconds),
        weight=load,
        unit=_csv_unit(unit, needed=load is not None),
        bodyweight=_csv_flag(bodyweight),
        warmup=_csv_flag(warmup),
        amrap=_csv_flag(amrap),
        rpe=_csv_number(rpe),
    )
    if one_set.reps is None and one_set.seconds is None:
        raise SkipRow(NO_WORK)
    entry_id = unescape_cell(id_cell).strip() or stable_id(
        FORMAT, day.isoformat(), exercise.strip()
    )
    found = grouped.get(entry_id)
    if found is None:
        note = unescape_cell(note_cell)
        found = grouped[entry_id] = _CsvEntry(day, exercise, note if note.strip() else None)
    found.sets.append((_csv_whole(number) or 0, one_set))


_WHOLE = re.compile(r"[0-9]{1,9}")
_FLAGS = {"true": True, "false": False, "": False, "1": True, "0": False, "yes": True, "no": False}


def _csv_whole(text: str) -> int | None:
    cell = text.strip()
    if not cell:
        return None
    if _WHOLE.fullmatch(cell) is None:
        raise SkipRow(BAD_ROW)
    return check_count(int(cell))


def _csv_number(text: str) -> float | None:
    cell = text.strip()
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        raise SkipRow(BAD_ROW) from None
    if not math.isfinite(value):
        raise SkipRow(BAD_ROW)
    return check_load(value)


def _csv_unit(text: str, *, needed: bool) -> Unit | None:
    cell = text.strip().lower()
    if not needed:
        return None
    if not is_unit(cell):
        raise SkipRow(BAD_ROW)
    return cell


def _csv_flag(text: str) -> bool:
    flag = _FLAGS.get(text.strip().lower())
    if flag is None:
        raise SkipRow(BAD_ROW)
    return flag
