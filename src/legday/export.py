"""legday's own exports: JSON (everything needed to rebuild the store) and CSV (one row per set,
for spreadsheets). Pure: entries in, text out; the CLI writes it.

JSON: `{"format": "legday", "version": 1, "entries": [...], "rest_weeks": [...]}`, the entries in
the contract's history shape (Entry.to_json), in the order given.

CSV: the header below, one row per set, lines ending CRLF (RFC 4180); the entry's date,
exercise, note and id repeat on each of its rows so that every row stands on its own in a
spreadsheet. Booleans are `true`/`false`;
blank means none (no load, no reps, no RPE). Numbers are written as plain numerals: `-15`
for an assisted set is a number to a spreadsheet, not a formula, so it is never escaped.
Text cells (exercise, note, id) that a spreadsheet would run as a formula — starting with `=`,
`+`, `-`, `@`, a tab or a carriage return — get a leading `'`, as do text cells that already
start with `'`, so that the legday importer can take exactly one `'` off and get the text back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from legday.model import Entry, RestMark, Set

EXPORT_FORMAT = "legday"
EXPORT_VERSION = 1
CSV_HEADER = (
    "date",
    "exercise",
    "set",
    "reps",
    "seconds",
    "weight",
    "unit",
    "bodyweight",
    "warmup",
    "amrap",
    "rpe",
    "note",
    "id",
)
ESCAPE = "'"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_json(
    entries: Iterable[Entry], rest_marks: Iterable[RestMark], removed: Iterable[str] = ()
) -> str:
    """Everything needed to rebuild a store, as one JSON document (ends with a newline):
    with the ids of what was removed, so that merging it anywhere never brings them back."""
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "entries": [entry.to_json() for entry in entries],
        "rest_weeks": [mark.to_json() for mark in rest_marks],
        "removed": list(removed),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_csv(entries: Iterable[Entry]) -> str:
    """One row per set under CSV_HEADER, safe to open in a spreadsheet."""
    out = io.StringIO()
    # CRLF as RFC 4180 says; it also makes the csv module quote a lone CR inside a note,
    # which with a bare LF terminator it would leave unquoted and split the row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerows(_entry_rows(entry))
    return out.getvalue()


def escape_cell(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made inert with a leading `'`."""
    if text.startswith((*_FORMULA_STARTS, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of escape_cell."""
    return text[1:] if text.startswith(ESCAPE) else text


def format_number(value: float) -> str:
    """8.0 → "8", 102.5 → "102.5", -15.0 → "-15": the shortest text that reads back exactly."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _entry_rows(entry: Entry) -> Sequence[list[str]]:
    date = entry.date.isoformat()
    exercise = escape_cell(entry.exercise)
    note = "" if entry.note is None else escape_cell(entry.note)
    entry_id = escape_cell(entry.id)
    return [
        [date, exercise, str(number), *_set_cells(one_set), note, entry_id]
        for number, one_set in enumerate(entry.sets, start=1)
    ]


def _set_cells(one_set: Set) -> list[str]:
    return [
        _optional(one_set.reps),
        _optional(one_set.seconds),
        _optional(one_set.weight),
        one_set.unit or "",
        _flag(one_set.bodyweight),
        _flag(one_set.warmup),
        _flag(one_set.amrap),
        _optional(one_set.rpe),
    ]


def _optional(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return format_number(value)


def _flag(value: bool) -> str:
    return "true" if value else "false"
