"""What every import reader shares: the parsed result, CSV reading, cell parsing, the grouping of
set rows into entries, deterministic ids, and which imported rest weeks a history lacks.

Pure: bytes or text in, data out. No disk, no clock.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import math
import operator
import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import ClassVar

from legday import catalog
from legday.config import UNIT_NAMES
from legday.dates import FIRST_DATE
from legday.errors import UsageError
from legday.model import Entry, RestMark, Set, Unit, encode_set

Progress = Callable[[int], None]

# How often the progress callback hears from a reader: often enough for a smooth bar,
# rarely enough to cost nothing on a 24,000-row file.
PROGRESS_EVERY = 1000


def forward_only(progress: Progress | None) -> Progress | None:
    """`progress` told only counts beyond the highest it has heard: a file read a second time
    (NotAdjacent) does not send the bar back to the start."""
    if progress is None:
        return None
    highest = -1

    def tell(rows_done: int) -> None:
        nonlocal highest
        if rows_done > highest:
            highest = rows_done
            progress(rows_done)

    return tell


# Why rows were skipped: the keys of ImportStream.skipped, shown to the user as they are.
NOT_LEG = "not a leg exercise"
REST_TIMER = "rest timer row"
NO_WORK = "no reps or time"
BAD_ROW = "bad row"
NO_UNIT = "weight without a unit"
UNKNOWN_UNIT = "unknown weight unit"
UNKNOWN_SET_ORDER = "unknown set order"
NOTE_WITHOUT_SETS = "note without sets"
DUPLICATE_ID = "duplicate id"
BAD_ENTRY = "bad entry"
BAD_REST_WEEK = "bad rest week"
IMPLAUSIBLE = "implausible number"
IN_THE_FUTURE = "date in the future"
BEFORE_FIRST_DATE = f"date before {FIRST_DATE.isoformat()}"

# Far beyond any real set, so nothing real is refused; what is beyond them is a broken cell,
# and keeping it would turn weekly volumes into infinities.
MAX_COUNT = 100_000  # reps, or seconds (a bit over a day)
MAX_LOAD = 10_000.0  # kg or lb


class SkipRow(Exception):  # noqa: N818 - a signal inside a reader, not an error the user sees
    """Raised while reading one row: the row is left out for `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------- merge


def merge_rest_marks(existing: Sequence[RestMark], incoming: Sequence[RestMark]) -> list[RestMark]:
    """The imported rest weeks the history does not have yet, each once: matched by id when
    both have one (a legday export), else by date."""
    ids = {mark.id for mark in existing if mark.id is not None}
    dates = {mark.date for mark in existing}
    added: list[RestMark] = []
    for mark in incoming:
        if (mark.id is not None and mark.id in ids) or mark.date in dates:
            continue
        dates.add(mark.date)
        added.append(mark)
    return added


# ---------------------------------------------------------------- text and CSV


# How much of a file is decoded at a time: big enough that the per-block cost vanishes, small
# enough that a million-row export is never held whole (80 MB of bytes, as much again of text).
BLOCK_BYTES = 1 << 20


def text_blocks(chunks: Iterable[bytes]) -> Iterator[str]:
    """The text of a UTF-8 file (with or without a byte-order mark) given as byte chunks of
    any size, decoded a block of whole lines at a time: a block always ends just after a
    newline (or at the end), so a line is never split between two blocks. Bytes that are not
    UTF-8 are refused with their offset, as a whole-file decode would name it."""
    pending = b""
    offset = 0  # of `pending` in the file, counted after any byte-order mark
    first = True
    for chunk in chunks:
        pending += chunk
        if first:
            if len(pending) < len(_BOM) and _BOM.startswith(pending):
                continue  # too short yet to tell a byte-order mark from text
            pending = pending.removeprefix(_BOM)
            first = False
        cut = pending.rfind(b"\n") + 1
        if cut:
            yield _decoded(pending[:cut], offset)
            offset += cut
            pending = pending[cut:]
    if first:
        pending = pending.removeprefix(_BOM)
    if pending:
        yield _decoded(pending, offset)


_BOM = b"\xef\xbb\xbf"


def _decoded(data: bytes, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UsageError(
            f"the file is not UTF-8 text (bad byte at offset {offset + err.start}): "
            "export it again from the app, or save it as UTF-8 CSV"
        ) from None


def first_visible(text: str) -> int:
    """Where the first character that is not white space is (len(text) when none is), found
    without copying the text: a million-row export is 80 MB of it."""
    return next((index for index, char in enumerate(text) if not char.isspace()), len(text))


def sniff_delimiter(text: str) -> str:
    """Strong writes `;` on Android and in its newest exports, `,` elsewhere: the header decides."""
    start = first_visible(text)
    end = text.find("\n", start)
    first_line = text[start : len(text) if end < 0 else end]
    return ";" if first_line.count(";") > first_line.count(",") else ","


# A line and its end as io.StringIO(text, newline="") gives them to the csv module: ended by
# \r\n, \r or \n, the last one possibly by nothing.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines_of(blocks: Iterable[str]) -> Iterator[str]:
    """The lines of the text in `blocks` (each a run of whole lines, see text_blocks) one at a
    time, each with its end. A StringIO of the text would hold a second copy of it at 4 bytes
    a character (320 MB for a million-row export) while it is read."""
    return itertools.chain.from_iterable(map(_block_lines, blocks))


# What str.splitlines ends a line at, besides \n: where none is, it splits as the csv module
# would be given lines by StringIO(newline=""), and much faster than the pattern.
_OTHER_LINE_ENDS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _block_lines(block: str) -> list[str]:
    if _OTHER_LINE_ENDS.search(block) is None:
        return block.splitlines(keepends=True)
    return [match.group() for match in _LINE.finditer(block)]


def normalize_header(cell: str) -> str:
    """Header cells compared without case, BOMs or extra spaces."""
    return " ".join(cell.replace("\ufeff", "").lower().split())


class Rows:
    """The data records of a CSV text given line by line (see lines_of), counted as they are
    read (rows_read, progress bar).

    Blank lines are not rows. A text the csv module cannot read (a field over its size
    limit) is a UsageError naming the line.
    """

    def __init__(
        self, lines: Iterable[str], delimiter: str, progress: Progress | None = None
    ) -> None:
        self._reader = csv.reader(lines, delimiter=delimiter)
        self._progress = progress
        self.count = 0

    def header(self) -> list[str] | None:
        """The first non-blank record, or None for a file with none."""
        try:
            for fields in self._reader:
                if any(cell.strip() for cell in fields):
                    return fields
        except csv.Error as err:
            raise self._unreadable(err) from None
        return None

    def __iter__(self) -> Iterator[list[str]]:
        progress = self._progress
        count = self.count
        try:
            for fields in self._reader:
                # Most rows start with a cell that is not blank: the full check for the rest.
                if not (fields and fields[0].strip()) and not any(c.strip() for c in fields):
                    continue
                count += 1
                self.count = count
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
                yield fields
        except csv.Error as err:
            raise self._unreadable(err) from None
        if progress is not None:
            progress(count)

    def _unreadable(self, err: csv.Error) -> UsageError:
        return UsageError(f"the file cannot be read as CSV at line {self._reader.line_num}: {err}")


# ---------------------------------------------------------------- cells

# Plain decimals only: no exponents, no "nan"/"inf", no "1_000", no non-ASCII digits, all of
# which float() would accept. A comma is a decimal separator (German exports: "102,5").
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


# The same few cells ("5", "100", "8.0") recur on most rows of an export: each distinct text is
# read once (10k-entry Strong import: about 15% less time).
@functools.lru_cache(maxsize=4096)
def parse_decimal(text: str) -> float | None:
    """A number as the apps write it ("8", "8.0", "102,5"); None when blank."""
    cell = text.strip()
    if not cell:
        return None
    if _DECIMAL.fullmatch(cell) is None:
        raise SkipRow(BAD_ROW)
    value = float(cell.replace(",", "."))
    if not math.isfinite(value):
        raise SkipRow(BAD_ROW)
    return value


def parse_count(text: str) -> int | None:
    """Reps or seconds: written as a float by some apps ("8.0"); 0 or blank means not recorded.
    A fraction is rounded to the nearest whole number (half-up)."""
    value = parse_decimal(text)
    if value is None:
        return None
    if value < 0:
        raise SkipRow(BAD_ROW)
    return check_count(math.floor(value + 0.5)) or None


def parse_load(text: str) -> float | None:
    """The load: 0 or blank means none recorded (apps write 0 for bodyweight and cardio)."""
    value = parse_decimal(text)
    if value is None or value == 0:
        return None
    return check_load(value)


def check_count(value: int) -> int:
    if value > MAX_COUNT:
        raise SkipRow(IMPLAUSIBLE)
    return value


def check_load(value: float) -> float:
    if abs(value) > MAX_LOAD:
        raise SkipRow(IMPLAUSIBLE)
    return value


def parse_rpe(text: str) -> float | None:
    """RPE kept when it is a number from 1 to 10; anything else is dropped, the set kept."""
    try:
        value = parse_decimal(text)
    except SkipRow:
        return None
    if value is None or not 1 <= value <= 10:
        return None
    return value


def parse_clock(text: str) -> int | None:
    """A duration written "H:MM:SS", "MM:SS" or as plain seconds; 0 or blank means none."""
    cell = text.strip()
    if not cell:
        return None
    if ":" not in cell:
        return parse_count(cell)
    parts = cell.split(":")
    if len(parts) > 3 or not all(part.isascii() and part.isdigit() for part in parts[1:]):
        raise SkipRow(BAD_ROW)
    head = parts[0] or "0"
    if not (head.isascii() and head.isdigit()):
        raise SkipRow(BAD_ROW)
    if any(len(part) > 6 for part in parts):
        raise SkipRow(IMPLAUSIBLE)
    seconds = 0
    for part in [head, *parts[1:]]:
        seconds = seconds * 60 + int(part)
    return check_count(seconds) or None


_UNIT_WORDS: dict[str, Unit] = {
    **UNIT_NAMES,
    "kilogram": "kg",
    "kilograms": "kg",
    "pound": "lb",
    "pounds": "lb",
}


def unit_word(text: str) -> Unit | None:
    """`kg`/`kgs` → "kg", `lb`/`lbs` → "lb"; None when the word is not a unit."""
    return _UNIT_WORDS.get(text.strip().lower())


def parse_unit(text: str) -> Unit | None:
    """A per-row unit cell: None when blank; a word that is no unit skips the row."""
    if not text.strip():
        return None
    unit = unit_word(text)
    if unit is None:
        raise SkipRow(UNKNOWN_UNIT)
    return unit


def make_set(
    *,
    reps: int | None,
    seconds: int | None,
    load: float | None,
    unit: Unit | None,
    warmup: bool = False,
    rpe: float | None = None,
) -> Set:
    """One imported set. A negative load can only mean an assisted bodyweight set."""
    if reps is None and seconds is None:
        raise SkipRow(NO_WORK)
    if load is not None and unit is None:
        raise SkipRow(NO_UNIT)
    return _shared_set(reps, seconds, load, unit, warmup, rpe)


# A Set is never changed once made, and an export repeats the same few sets: one object per
# distinct set (typed: 100 and 100.0 stay apart) keeps a million-row import's sets in a few
# thousand objects instead of a million.
@functools.lru_cache(maxsize=8192, typed=True)
def _shared_set(
    reps: int | None,
    seconds: int | None,
    load: float | None,
    unit: Unit | None,
    warmup: bool,
    rpe: float | None,
) -> Set:
    return Set(
        reps=reps,
        seconds=seconds,
        weight=load,
        unit=unit if load is not None else None,
        bodyweight=load is not None and load < 0,
        warmup=warmup,
        rpe=rpe,
    )


def stable_id(*parts: str) -> str:
    """32 lowercase hex characters that depend only on `parts`: the same file gives the same ids,
    so importing it again adds nothing."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def check_date(day: date, today: date | None) -> None:
    """`legday log`'s rules for a date, for every imported row: none before FIRST_DATE, none
    after `today` (the day of the import; None when the caller has no clock, as in tests of
    the pure readers). A row that breaks them is skipped with its reason."""
    if day < FIRST_DATE:
        raise SkipRow(BEFORE_FIRST_DATE)
    if today is not None and day > today:
        raise SkipRow(IN_THE_FUTURE)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# Every set row of a FitNotes export repeats its day: each distinct text is read once.
@functools.lru_cache(maxsize=4096)
def parse_iso_day(text: str) -> date | None:
    """A date written YYYY-MM-DD (spaces around it allowed); None for anything else."""
    cell = text.strip()
    if _ISO_DATE.fullmatch(cell) is None:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return None


def at_midnight(day: date) -> datetime:
    """The start of a day, for formats that record no time (local, no zone yet)."""
    return datetime.combine(day, time(0, 0))


def cell_at(fields: list[str], index: int | None) -> str:
    """The cell of an optional column: "" when the file has no such column."""
    return "" if index is None else fields[index]


# ---------------------------------------------------------------- leg exercises


# The catalogue's verdict (catalog.import_name) asked once per distinct name and category: a big
# export repeats the same few dozen names thousands of times.
stored_name = functools.lru_cache(maxsize=4096)(catalog.import_name)


# ---------------------------------------------------------------- grouping rows into entries


class NotAdjacent(Exception):  # noqa: N818 - a signal between the reader and its caller
    """A session's rows came back after another session's. Every app writes a session's rows
    together, so a streaming read (EntryBook with hold=False) gives each session's entries as
    soon as the next session starts; a file that breaks this is read again with hold=True."""


class Draft:
    """The sets and notes of one exercise in one session, while the file is being read."""

    __slots__ = ("session", "id_parts", "exercise", "start", "sets", "texts", "notes", "note_rows")

    def __init__(
        self, session: Hashable, id_parts: tuple[str, ...], exercise: str, start: datetime
    ) -> None:
        self.session = session
        self.id_parts = id_parts
        self.exercise = exercise
        self.start = start
        self.sets: list[Set] = []
        self.texts: list[str] = []  # each set as the store writes it
        self.notes: list[str] = []
        self.note_rows = 0  # rows that were only a note (Strong "Note" rows)

    def add_note(self, text: str) -> None:
        note = text.strip()
        if note and note not in self.notes:
            self.notes.append(note)


_NO_SESSION = object()


class EntryBook:
    """Collects set rows into one Entry per (session, exercise as named in the file), in the
    order the file first shows them.

    A session's own note (Strong "Workout Notes", Hevy "description") goes on the first entry
    of that session only: repeating it on every exercise would say it four times.

    Streaming (the default): when a row of another session arrives, the entries of the one
    before are finished and wait in `take()`, so a big file is never held whole; a row of a
    session already finished raises NotAdjacent. With `hold`, every session stays open to
    the end (any row order, everything in memory).
    """

    def __init__(
        self, source: str, tz: tzinfo, today: date | None = None, *, hold: bool = False
    ) -> None:
        self._source = source
        self._tz = tz
        self._today = today
        self._hold = hold
        self._drafts: dict[tuple[Hashable, str], Draft] = {}
        self._session_notes: dict[Hashable, str] = {}
        self._current: Hashable = _NO_SESSION
        self._finished: set[Hashable] = set()
        self.ready: list[tuple[Entry, str]] = []  # finished entries not taken yet
        self._used_ids: set[str] = set()
        self.skipped: Counter[str] = Counter()

    def draft(
        self,
        session: Hashable,
        name_in_file: str,
        *,
        id_parts: tuple[str, ...],
        exercise: str,
        start: datetime,
    ) -> Draft:
        check_date(start.date(), self._today)
        if session != self._current:
            self._enter(session)
        key = (session, name_in_file)
        found = self._drafts.get(key)
        if found is None:
            found = Draft(session, (*id_parts, name_in_file), exercise, start)
            self._drafts[key] = found
        return found

    def session_note(self, session: Hashable, text: str) -> None:
        note = text.strip()
        if not note:
            return
        if session != self._current:
            self._enter(session)
        if session not in self._session_notes:
            self._session_notes[session] = note

    def take(self) -> list[tuple[Entry, str]]:
        """The entries finished since the last call, each with its sets as stored."""
        taken, self.ready = self.ready, []
        return taken

    def finish(self) -> list[tuple[Entry, str]]:
        """At the end of the file: the entries of the sessions still open, and any not taken."""
        self._flush()
        return self.take()

    def _enter(self, session: Hashable) -> None:
        if not self._hold:
            if session in self._finished:
                raise NotAdjacent
            if self._current is not _NO_SESSION:
                self._finished.add(self._current)
            self._flush()
        self._current = session

    def _flush(self) -> None:
        noted_sessions: set[Hashable] = set()
        zoned: dict[datetime, datetime] = {}  # the sessions' starts in the time zone
        session_notes, source, ready = self._session_notes, self._source, self.ready
        for draft in self._drafts.values():
            if not draft.sets:
                if draft.note_rows:
                    self.skipped[NOTE_WITHOUT_SETS] += draft.note_rows
                continue
            notes = draft.notes
            session_note = session_notes.get(draft.session) if session_notes else None
            if session_note is not None and draft.session not in noted_sessions:
                noted_sessions.add(draft.session)
                if session_note not in notes:
                    notes = [*notes, session_note]
            start = draft.start
            logged_at = zoned.get(start)
            if logged_at is None:
                logged_at = zoned[start] = start.replace(tzinfo=self._tz)
            entry = Entry(
                id=self._unique_id(draft.id_parts),
                date=start.date(),
                exercise=draft.exercise,
                sets=tuple(draft.sets),
                logged_at=logged_at,
                note="; ".join(notes) if notes else None,
                source=source,
            )
            ready.append((entry, ";".join(draft.texts)))
        self._drafts.clear()
        session_notes.clear()

    def _unique_id(self, parts: tuple[str, ...]) -> str:
        # Two sessions can share a start time and a name (Strong's "Workout #" tells them
        # apart); the later one gets a numbered id, still the same on every import.
        used = self._used_ids
        candidate = stable_id(self._source, *parts)
        number = 1
        while candidate in used:
            number += 1
            candidate = stable_id(self._source, *parts, f"#{number}")
        used.add(candidate)
        return candidate


# How many distinct combinations of set cells a reader keeps (TableReader._made).
SET_CACHE_LIMIT = 1 << 16


class Cells:
    """Picks a row's cells at some columns, some of which the file may lack (None): `key`
    gives the cells of the columns the file has as one tuple, in one C call
    (operator.itemgetter), for use as a dict key; `full` gives a key's cells for every
    column asked for, "" for a missing one. At least two of the columns are always there
    (each use names two of its format's required columns)."""

    def __init__(self, indices: Sequence[int | None]) -> None:
        present = [index for index in indices if index is not None]
        assert len(present) > 1  # itemgetter of one index gives the cell, not a tuple
        self._blanks = [index is None for index in indices]
        self.key: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*present)

    def full(self, key: tuple[str, ...]) -> list[str]:
        found = iter(key)
        return ["" if blank else next(found) for blank in self._blanks]


class TableReader(ABC):
    """One app's reader of a one-row-per-set export (Strong, Hevy, FitNotes): `add` takes the
    fields of one row and collects entries in `book`. What every such reader shares is here:
    the book, the units of the loads, and a row's set, read by `_add_set`.

    An export repeats the same few sets ("5 reps at 100") on most of its rows, and parsing
    their cells per row was most of a big import: each distinct combination of the cells of
    `set_columns` is read once by `_set_of`, and its Set and stored text, the reason such a
    row is skipped, or None for a row that is only a note, kept in `_made` (to a bound, so a
    hostile file cannot grow it without end).
    """

    format: ClassVar[str]  # the entries' source, and the stream's format
    set_columns: ClassVar[tuple[str, ...]]  # the kinds of column `_set_of` reads, in its order
    # What `layout` reads a header with: normalised header cell → the kind of column it is;
    # the pattern of a `Weight (kg)` style cell, whose group `unit` is the unit; the kinds a
    # header of this app always has.
    column_names: ClassVar[dict[str, str]]
    weight_with_unit: ClassVar[re.Pattern[str]]
    required: ClassVar[tuple[str, ...]]

    @classmethod
    def layout(cls, header: list[str]) -> ColumnLayout | None:
        """Map header cells to column kinds through `column_names`; a `Weight (kg)` style cell
        is the weight column with its unit. None when a required column is missing: the header
        belongs to another app."""
        columns: dict[str, int] = {}
        header_unit: Unit | None = None
        for index, cell in enumerate(header):
            name = normalize_header(cell)
            kind = cls.column_names.get(name)
            if kind is None:
                with_unit = cls.weight_with_unit.fullmatch(name)
                if with_unit is None or unit_word(with_unit.group("unit")) is None:
                    continue
                kind, header_unit = "weight", unit_word(with_unit.group("unit"))
            columns.setdefault(kind, index)
        if not all(kind in columns for kind in cls.required):
            return None
        return ColumnLayout(columns=columns, width=len(header), header_unit=header_unit)

    def __init__(
        self, found: ColumnLayout, unit: Unit | None, tz: tzinfo, today: date | None, hold: bool
    ) -> None:
        self.book = EntryBook(self.format, tz, today, hold=hold)
        self._width = found.width  # of every row: the header's
        self._unit = found.header_unit or unit  # the file's: its header's, else --unit
        self._weight_unit = found.columns.get("weight_unit")
        self._set_columns = Cells([found.columns.get(kind) for kind in self.set_columns])
        self._set_cells = self._set_columns.key
        self._made: dict[tuple[str, ...], tuple[Set, str] | str | None] = {}
        self._locate(found.columns)

    @abstractmethod
    def _locate(self, cols: dict[str, int]) -> None:
        """Where the columns this reader reads itself are (`cols`: the layout's), and any state
        of its own; called once, by __init__."""

    @abstractmethod
    def add(self, fields: list[str]) -> None: ...

    @abstractmethod
    def _set_of(self, cells: list[str]) -> Set | None:
        """The set of a row's `set_columns` cells ("" for a column the file lacks); None for a
        row that holds a note and no set. Raises SkipRow for a row that is skipped."""

    def _add_set(self, draft: Draft, fields: list[str]) -> None:
        """The row's set onto `draft` (a note row only counted); raises SkipRow for a row
        whose set cells are skipped."""
        cells = self._set_cells(fields)
        try:
            made = self._made[cells]
        except KeyError:
            made = self._new_set(cells)
        if made is None:
            draft.note_rows += 1
        elif isinstance(made, str):
            raise SkipRow(made)
        else:
            draft.sets.append(made[0])
            draft.texts.append(made[1])

    def _new_set(self, cells: tuple[str, ...]) -> tuple[Set, str] | str | None:
        if len(self._made) >= SET_CACHE_LIMIT:
            self._made.clear()
        made: tuple[Set, str] | str | None
        try:
            one = self._set_of(self._set_columns.full(cells))
        except SkipRow as skip:
            made = skip.reason
        else:
            made = None if one is None else (one, encode_set(one))
        self._made[cells] = made
        return made

    def _load(self, weight: str, unit_cell: str) -> tuple[float | None, Unit | None]:
        """A row's load and its unit: the row's own Weight Unit cell where the file has that
        column, else the file's unit."""
        load = parse_load(weight)
        if load is not None and self._weight_unit is not None:
            return load, parse_unit(unit_cell) or self._unit
        return load, self._unit


@dataclass
class ImportStream:
    """What a file holds, read as it is iterated: (entry, its sets as stored or None) in file
    order, each id once. `rows_read`, `skipped` and `rest_marks` are complete once the
    iteration ends; `removed` is known from the start. Iterate it once."""

    format: str
    pairs: Iterator[tuple[Entry, str | None]] = field(default_factory=lambda: iter(()))
    rest_marks: list[RestMark] = field(default_factory=list)
    rows_read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Entry, str | None]]:
        return self.pairs


def stream_rows(rows: Rows, reader: TableReader) -> ImportStream:
    """Feed every row to `reader` as the stream is iterated, counting the rows it skips by
    reason, and hand on each entry as soon as its session is finished."""
    stream = ImportStream(reader.format)
    stream.pairs = _pairs(rows, reader, stream)
    return stream


def _pairs(rows: Rows, reader: TableReader, stream: ImportStream) -> Iterator[tuple[Entry, str]]:
    book, add = reader.book, reader.add
    for fields in rows:
        try:
            add(fields)
        except SkipRow as skip:
            book.skipped[skip.reason] += 1
        if book.ready:
            yield from book.take()
    yield from book.finish()
    stream.rows_read = rows.count
    stream.skipped = dict(book.skipped)


def require_unit(says_unit: bool, unit: Unit | None, app: str) -> None:
    """A file that never says kg or lb needs --unit: guessing would corrupt every load."""
    if not says_unit and unit is None:
        raise UsageError(
            f"this {app} export does not say whether its weights are kg or lb: "
            "pass --unit kg or --unit lb"
        )


@dataclass(frozen=True)
class ColumnLayout:
    """Where each column of a one-row-per-set export is, and the unit when the header names it."""

    columns: dict[str, int]
    width: int
    header_unit: Unit | None

    @property
    def says_unit(self) -> bool:
        return self.header_unit is not None or "weight_unit" in self.columns
