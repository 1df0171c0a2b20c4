"""legday's own exports: JSON (everything needed to rebuild the store) and CSV (one row per set,
for spreadsheets). Entries in, text out (`document` reads them from the store); the CLI
writes it.

JSON: `{"format": "legday", "version": 1, "entries": [...], "rest_weeks": [...], "removed":
[...]}`, the entries in the contract's history shape (Entry.to_json), in the order given, one
entry (rest week, removed id) per line (see export_json). Earlier versions wrote the same
document with json's indent=2; the importer reads both, as it reads any JSON layout.

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
from datetime import date, datetime
from typing import Any

from legday.errors import UsageError
from legday.model import Entry, RestMark, Set, decode_sets, parse_aware_datetime
from legday.store import EntryRows, Store

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


def document(store: Store, fmt: str) -> tuple[str, int]:
    """The export of `store` in `fmt` ("json" or "csv"), and how many rest weeks it leaves out
    (the CSV is a plain table of entries, for spreadsheets; the JSON carries rest weeks and
    removals too). Here rather than in `transfer`, so `export` never imports the importers."""
    if fmt not in ("json", "csv"):
        raise UsageError(f"unknown export format {fmt!r}; use csv or json.")
    snapshot = store.read()
    if fmt == "json":
        return export_json(snapshot.rows, snapshot.rest_marks, sorted(snapshot.removed)), 0
    return export_csv(snapshot.entries), len(snapshot.rest_items)


def export_json(
    entries: Iterable[Entry] | EntryRows,
    rest_marks: Iterable[RestMark],
    removed: Iterable[str] = (),
) -> str:
    """Everything needed to rebuild a store, as one JSON document (ends with a newline):
    with the ids of what was removed, so that merging it anywhere never brings them back.

    The layout (not part of the contract; any JSON reader reads it): the top level as
    json.dumps(indent=2) writes it, but every item of its lists on one line of its own, as
    json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) writes it. One entry per line
    diffs well, and json's C encoder writes it (with an indent json encodes in Python: 0.5 s
    for 10k entries)."""
    texts = _row_texts(entries) if isinstance(entries, EntryRows) else _entry_texts(entries)
    return (
        f'{{\n  "format": {_item(EXPORT_FORMAT)},\n  "version": {_item(EXPORT_VERSION)},\n'
        f'  "entries": {_list(texts)},\n'
        f'  "rest_weeks": {_list([_item(mark.to_json()) for mark in rest_marks])},\n'
        f'  "removed": {_list([_item(entry_id) for entry_id in removed])}\n}}\n'
    )


# json's C encoder for one list item on its line (no indent, so json never falls back to Python).
_item: Callable[[object], str] = json.JSONEncoder(
    ensure_ascii=False, separators=(", ", ": ")
).encode
# json's own C function for a string without ensure_ascii (what the encoder above calls).
_string: Callable[[str], str] = json.encoder.encode_basestring


def _list(texts: list[str]) -> str:
    """Items already encoded, one per line, as the value of a top-level key."""
    return "[\n    " + ",\n    ".join(texts) + "\n  ]" if texts else "[]"


def _entry_texts(entries: Iterable[Entry]) -> list[str]:
    return [_item(entry.to_json()) for entry in entries]


def _row_texts(rows: EntryRows) -> list[str]:
    """Each entry's line, from the texts of its stored line where it is still undecoded (the
    rows cache keeps them): no Entry, Set or datetime made for the 10k entries of a big store,
    each distinct set encoded once. Anything short of a clean row takes the Entry's way, which
    raises the store's own error for a damaged line."""
    sets_of: dict[str, str] = {}  # a stored set's (or sets') text → its JSON text
    days: dict[date, str] = {}
    texts = []
    for index, day in enumerate(rows.dates):
        fields = rows.undecoded(index)
        text = None if fields is None else _row_text(fields, day, days, sets_of)
        texts.append(_item(rows.entry(index).to_json()) if text is None else text)
    return texts


def _row_text(
    fields: tuple[Any, ...], day: date, days: dict[date, str], sets_of: dict[str, str]
) -> str | None:
    """What _item(entry.to_json()) writes for the entry these stored texts decode to, checked
    as the decoding checks them; None when they need the Entry's way (damage, an edit)."""
    entry_id, _day, exercise, sets, note, logged_at, source, edited_at = fields[:8]
    if edited_at is not None or not exercise.strip() or not sets:
        return None
    set_texts = sets_of.get(sets)  # the same sets recur whole too (4x15@37.5 every week)
    if set_texts is None:
        parts = sets.split(";")
        try:
            set_texts = ", ".join(map(sets_of.__getitem__, parts))
        except KeyError:
            if not _learn_sets(parts, sets_of):
                return None
            set_texts = ", ".join(map(sets_of.__getitem__, parts))
        sets_of[sets] = set_texts
    logged = _logged_text(logged_at)
    if logged is None:
        return None
    date_text = days.get(day)
    if date_text is None:
        date_text = days[day] = _string(day.isoformat())
    note_text = "null" if note is None else _string(note)
    return (
        f'{{"id": {_string(entry_id)}, "date": {date_text}, "exercise": {_string(exercise)}, '
        f'"sets": [{set_texts}], "note": {note_text}, '
        f'"logged_at": {logged}, "source": {_string(source)}}}'
    )


def _learn_sets(parts: list[str], sets_of: dict[str, str]) -> bool:
    """Each stored set's JSON text into `sets_of`, decoded (and so checked) as the store
    decodes it; False when one is damaged."""
    for part in parts:
        if part not in sets_of:
            try:
                (one,) = decode_sets(part)
            except ValueError:
                return False
            sets_of[part] = _set_text(one)
    return True


def _set_text(one: Set) -> str:
    """What _item(one.to_json()) writes, without making the encoder for each of thousands
    of sets (that costs more than the text itself). A Set's numbers are ints and finite
    floats, which json writes with their repr."""
    unit = "null" if one.unit is None else _string(one.unit)
    return (
        f'{{"reps": {_number(one.reps)}, "seconds": {_number(one.seconds)}, '
        f'"weight": {_number(one.weight)}, "unit": {unit}, '
        f'"bodyweight": {_TRUTH[one.bodyweight]}, "warmup": {_TRUTH[one.warmup]}, '
        f'"amrap": {_TRUTH[one.amrap]}, "rpe": {_number(one.rpe)}}}'
    )


_TRUTH = {True: "true", False: "false"}


def _number(value: float | None) -> str:
    return "null" if value is None else repr(value)


# The shape datetime.isoformat(timespec="seconds") writes with a zone, as the characters at
# 4, 7, ..., 22 of its 25: such a text that parses is already what the Entry would write, so it
# is kept (isoformat with a zone costs more than the rest of a line). "-00:00" and hour 24
# would read back otherwise.
_SHAPES = ("--T::+:", "--T::-:")


def _logged_text(text: str) -> str | None:
    """The JSON string of a stored logged_at as the Entry's would be written; None when it
    does not decode."""
    if len(text) == 25 and text[4::3] in _SHAPES and text[11:13] != "24" and text[19:] != "-00:00":
        try:
            datetime.fromisoformat(text)  # only checked, as the decoding checks it
        except ValueError:
            return None
        return '"' + text + '"'
    try:
        moment = parse_aware_datetime(text)
    except (ValueError, TypeError, OverflowError):
        return None
    return _string(moment.isoformat(timespec="seconds"))


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
