"""legday's own exports: JSON (everything needed to rebuild the store) and CSV (one row per set,
for spreadsheets). The store's entries in, text out (`document_parts`); the CLI writes it
piece by piece.

JSON: `{"format": "legday", "version": 1, "entries": [...], "rest_weeks": [...], "removed":
[...]}`, the entries in the contract's history shape (Entry.to_json), in the store's order, one
entry (rest week, removed id) per line (see export_json_parts). Earlier versions wrote the same
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

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import chain

from legday.errors import UsageError
from legday.model import Entry, RestMark, Set, decode_set, parse_aware_datetime
from legday.store import EntryRows, Store

# `typing` (a few ms to import) and `csv` only where they are needed: a JSON export to stdout
# imports neither.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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


def document_parts(store: Store, fmt: str) -> tuple[Iterator[str], int]:
    """The export of `store` in `fmt` ("json" or "csv") as pieces that add up to its text, for
    writing to a stream one by one, and how many rest weeks it leaves out (the CSV is a plain
    table of entries, for spreadsheets; the JSON carries rest weeks and removals too). Here
    rather than in `transfer`, so `export` never imports the importers."""
    if fmt not in ("json", "csv"):
        raise UsageError(f"unknown export format {fmt!r}; use csv or json.")
    snapshot = store.read()
    if fmt == "json":
        rows, marks, removed = snapshot.rows, snapshot.rest_marks, sorted(snapshot.removed)
        return export_json_parts(rows, marks, removed), 0
    return iter([export_csv(snapshot.entries)]), len(snapshot.rest_items)


def export_json_parts(
    rows: EntryRows, rest_marks: Iterable[RestMark], removed: Iterable[str] = ()
) -> Iterator[str]:
    """Everything needed to rebuild a store, as one JSON document (ends with a newline):
    with the ids of what was removed, so that merging it anywhere never brings them back.

    The layout (not part of the contract; any JSON reader reads it): the top level as
    json.dumps(indent=2) writes it, but every item of its lists on one line of its own, as
    json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) writes it. One entry per line
    diffs well, and json's C encoder writes it (with an indent json encodes in Python: 0.5 s
    for 10k entries).

    In pieces of _PIECE entries each. Every entry's text is made (and
    so every damaged line found) before the first piece is handed out, so an error still
    comes before any output; the pieces are joined one at a time as they are asked for, so
    the whole document (7 MB at 10k entries) is never one string, nor one buffer of bytes.
    Memory is the cost here: each megabyte this process first touches costs about 1 ms on
    the benchmark machine, more than copying it."""
    lines = _row_lines(rows)
    rest = _list([_item(mark.to_json()) for mark in rest_marks])
    gone = _list([_item(entry_id) for entry_id in removed])
    return _pieces(lines, f',\n  "rest_weeks": {rest},\n  "removed": {gone}\n}}\n')


# json's C encoder for one list item on its line (no indent, so json never falls back to Python).
_item: Callable[[object], str] = json.JSONEncoder(
    ensure_ascii=False, separators=(", ", ": ")
).encode
# json's own C function for a string without ensure_ascii (what the encoder above calls).
_string: Callable[[str], str] = json.encoder.encode_basestring

_HEAD = f'{{\n  "format": {_item(EXPORT_FORMAT)},\n  "version": {_item(EXPORT_VERSION)},\n'
# Every entry's line starts with the separator that comes before it in the entries list.
_NEXT = ",\n    "
_FIRST = "[\n    "  # ... but the first one's is this, of the same length
# Entries per piece: some 40 KB, below glibc's threshold for a block of its own (128 KB), so
# each piece reuses the memory the one before it freed.
_PIECE = 64


def _list(texts: list[str]) -> str:
    """Items already encoded, one per line, as the value of a top-level key."""
    return _FIRST + _NEXT.join(texts) + "\n  ]" if texts else "[]"


def _pieces(lines: list[tuple[str, ...]], tail: str) -> Iterator[str]:
    """The document: each entry's line as the texts that make it, `tail` after the list."""
    yield _HEAD + '  "entries": '
    if lines:
        for start in range(0, len(lines), _PIECE):
            piece = "".join(chain.from_iterable(lines[start : start + _PIECE]))
            yield _FIRST[0] + piece[1:] if start == 0 else piece
        yield "\n  ]"
    else:
        yield "[]"
    yield tail


def _row_lines(rows: EntryRows) -> list[tuple[str, ...]]:
    """Each entry's line, from the texts of its stored line where it is still undecoded (the
    rows cache keeps them): no Entry, Set or datetime made for the 10k entries of a big store,
    each distinct set encoded once, and entries with the same sets share their text. Anything
    short of a clean row takes the Entry's way, which raises the store's own error for a
    damaged line."""
    one_set = _SetTexts()
    sets_of: dict[str, str] = {}  # a stored sets text → the JSON texts of its sets
    days: dict[date, str] = {}
    undecoded = rows.undecoded
    lines: list[tuple[str, ...]] = []
    for index, day in enumerate(rows.dates):
        fields = undecoded(index)
        line = None if fields is None else _row_line(fields, day, days, sets_of, one_set)
        lines.append((_NEXT, _item(rows.entry(index).to_json())) if line is None else line)
    return lines


def _row_line(
    fields: tuple[Any, ...],
    day: date,
    days: dict[date, str],
    sets_of: dict[str, str],
    one_set: _SetTexts,
) -> tuple[str, str, str] | None:
    """What _item(entry.to_json()) writes for the entry these stored texts decode to (after
    _NEXT), checked as the decoding checks them, in three texts: up to its sets, its sets,
    and after them; None when they need the Entry's way (damage, an edit)."""
    entry_id, _day, exercise, sets, note, logged_at, source, edited_at = fields[:8]
    if edited_at is not None or not exercise.strip() or not sets:
        return None
    set_texts = sets_of.get(sets)  # the same sets recur whole too (4x15@37.5 every week)
    if set_texts is None:
        try:
            set_texts = sets_of[sets] = ", ".join(map(one_set.__getitem__, sets.split(";")))
        except ValueError:  # a damaged set: the Entry's way names it
            return None
    logged = _logged_text(logged_at)
    if logged is None:
        return None
    date_text = days.get(day)
    if date_text is None:
        date_text = days[day] = _string(day.isoformat())
    note_text = "null" if note is None else _string(note)
    return (
        f'{_NEXT}{{"id": {_string(entry_id)}, "date": {date_text}, '
        f'"exercise": {_string(exercise)}, "sets": [',
        set_texts,
        f'], "note": {note_text}, "logged_at": {logged}, "source": {_string(source)}}}',
    )


class _SetTexts(dict[str, str]):
    """A stored set's text → its JSON text, each decoded (and so checked) as the store decodes
    it the first time it is asked for; ValueError for a damaged one. Learning a set as it is
    looked up spares the KeyError and second pass over the entry's sets that learning them
    after a failed look-up took, for each of the thousands of distinct sets at 10k entries."""

    __slots__ = ()

    def __missing__(self, part: str) -> str:
        text = self[part] = _set_text(decode_set(part))
        return text


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
    import csv
    import io

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
        _TRUTH[one_set.bodyweight],
        _TRUTH[one_set.warmup],
        _TRUTH[one_set.amrap],
        _optional(one_set.rpe),
    ]


def _optional(value: float | None) -> str:
    """Blank for none; else the shortest text that reads back exactly: 8.0 → "8", 102.5 →
    "102.5", -15.0 → "-15"."""
    if value is None:
        return ""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 2**53):
        return str(int(value))
    return repr(value)
