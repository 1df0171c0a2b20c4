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
from collections.abc import Callable, Iterable, Sequence

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
    # What json.dumps(document, indent=2, ensure_ascii=False) writes, byte for byte (the
    # tests compare them), without its pure-Python encoder: with an indent, json encodes
    # every value in Python, about 0.5 s for 10k entries. Here a set (5x5 is one Set five
    # times, and the same sets recur week after week) is encoded once per distinct object.
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "entries": _ENTRIES,
        "rest_weeks": [mark.to_json() for mark in rest_marks],
        "removed": list(removed),
    }
    head, tail = _dump(document, 0).split(_dump(_ENTRIES, 1))
    texts = _entry_texts(entries)
    body = "[\n" + ",\n".join(texts) + "\n  ]" if texts else "[]"
    return head + body + tail + "\n"


_ENTRIES = "entries-go-here"  # a mark where the entries are spliced in
_NEWLINE = "\n"


def _entry_texts(entries: Iterable[Entry]) -> list[str]:
    """Each entry as json.dumps writes it as an item of the document's "entries" (level 2):
    Entry.json_row's fields in its order (tests/test_export.py holds the two to the same
    bytes), each distinct set, date and time encoded once."""
    encode = _encode_string
    known: dict[int, str] = {}  # id of a Set (alive in its entry throughout) → its text
    days: dict[object, str] = {}  # a date → its encoded ISO text
    times: dict[object, str] = {}  # a time and its zone → its encoded ISO text
    texts = []
    for entry in entries:
        set_texts = []
        for item in entry.sets:
            text = known.get(id(item))
            if text is None:
                text = known[id(item)] = _flat(item.to_json(), 4)
            set_texts.append(text)
        sets = "[\n        " + ",\n        ".join(set_texts) + "\n      ]" if set_texts else "[]"
        day = days.get(entry.date)
        if day is None:
            day = days[entry.date] = encode(entry.date.isoformat())
        # Keyed with the zone too: equal instants in two offsets are written differently.
        moment = (entry.logged_at, entry.logged_at.tzinfo)
        logged = times.get(moment)
        if logged is None:
            logged = times[moment] = encode(entry.logged_at.isoformat(timespec="seconds"))
        note = "null" if entry.note is None else encode(entry.note)
        edited = entry.edited_at
        tail = (
            ""
            if edited is None
            else ',\n      "edited_at": ' + encode(edited.isoformat(timespec="seconds"))
        )
        texts.append(
            f'    {{\n      "id": {encode(entry.id)},\n      "date": {day},\n'
            f'      "exercise": {encode(entry.exercise)},\n'
            f'      "sets": {sets},\n      "note": {note},\n'
            f'      "logged_at": {logged},\n      "source": {encode(entry.source)}{tail}\n    }}'
        )
    return texts


def _flat(row: dict[str, object], level: int) -> str:
    """A dict of scalars (a set) as `_dump` writes it, in one pass."""
    if not row:
        return "{}"
    indent = _NEWLINE + "  " * (level + 1)
    items = [_encode_string(key) + ": " + _scalar(value) for key, value in row.items()]
    return "{" + indent + ("," + indent).join(items) + _NEWLINE + "  " * level + "}"


# json's own C function for a string without ensure_ascii (what json.dumps calls).
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


def _scalar(value: object) -> str:
    """A scalar as json.dumps writes it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is str:
        return _encode_string(value)
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and value == value and value not in (_INFINITY, -_INFINITY):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


_INFINITY = float("inf")


def _dump(value: object, level: int) -> str:
    """`value` as json.dumps(value, indent=2, ensure_ascii=False) writes it at depth `level`."""
    if isinstance(value, dict) and value:
        indent = _NEWLINE + "  " * (level + 1)
        items = (f"{_encode_string(k)}: {_dump(v, level + 1)}" for k, v in value.items())
        return "{" + indent + ("," + indent).join(items) + _NEWLINE + "  " * level + "}"
    if isinstance(value, list) and value:
        indent = _NEWLINE + "  " * (level + 1)
        items = (_dump(v, level + 1) for v in value)
        return "[" + indent + ("," + indent).join(items) + _NEWLINE + "  " * level + "]"
    return _scalar(value)


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
