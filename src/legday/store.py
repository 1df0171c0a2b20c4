"""The store: one append-only operation log per device, folded into the history.

Layout of the data dir (docs/RELIABILITY.md has the guarantees and the test of each):
    devices/<device>.jsonl   this device's op log; no other device ever writes it
    devices/<other>.jsonl    other machines' logs, brought by `legday sync` or a synced folder
    sessions.jsonl, rest_weeks.json   the single-file store of earlier legday (schema 1 and 2),
                             read as they are until this device's first write migrates them
    backups/                 the files as they were before each replacement
    .legday-cache-<device>.days   leg days for remind/status (legday.cache), derived

An op log is a header `{"legday": "ops", "schema": 3, "device": NAME}` and one operation per
line, each appended with one write() and fsync, never changed afterwards:
    add      an entry (the contract's history shape, sets as one compact string)
    remove   an entry or a rest week, by id; `rid` names this removal so it can be undone
    restore  cancels the removal `rid` (what `undo` of a delete appends)
    edit     new values of some fields of an entry (`set`), with the old ones (`was`)
    rest     a rest week: id, date, reason
    commit   closes a group: the lines carrying the same "g" take effect together or not at
             all (an import, a several-exercise log, a rename)
Every line has `seq` (this device's count) and `clock` (a Lamport clock: one more than any
clock seen in any log when it was written). The fold is the union of all logs: an entry is
there if some log adds it and no log removes it (removal wins, whatever the order); edits of
one entry apply in (clock, device, seq) order; adding or removing the same thing twice changes
nothing, so a log seen twice (a sync tool's conflict copy) folds to the same history.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from legday import autosync, cache, files, legacy, set_aside
from legday.device import current_device, is_device_name
from legday.errors import StoreError, UsageError
from legday.exit import write_when_done
from legday.model import Entry, RestMark, decode_sets, encode_sets, parse_aware_datetime
from legday.paths import Paths, ensure_private_dir
from legday.render import store_notes as notes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    # Where an entry's line is: (a log, offset in its text) or (a legacy file, line number).
    Where: TypeAlias = "tuple[Source, int] | tuple[Path, int] | None"
    # An entry as the rows cache keeps it (cache.read_rows): id, date, exercise, sets, note,
    # logged_at, source and edited_at as stored, then the log it came from and its offset.
    Cached: TypeAlias = tuple[str, str, str, str, "str | None", str, str, "str | None", str, int]

SCHEMA_VERSION = 3
HEADER_KIND = "ops"
OP_KINDS = frozenset({"add", "remove", "restore", "edit", "rest", "commit"})
EDITABLE = ("date", "exercise", "sets", "note")
# The mark of a removal written by undoing an import: a later import may restore it.
SOFT_REMOVAL = "undo import"
# Groups that `undo` does not revert: the migration of the old single-file store.
FINAL_GROUPS = frozenset({"migrate"})
# Groups `undo` passes over: a merged conflict copy restates operations made elsewhere.
PASSED_OVER_GROUPS = frozenset({"merge"})

Warn = Callable[[str], None]
Key = tuple[int, str, int]  # (clock, device, seq): the order of operations across devices


_TEXT = r'[^"\\\x00-\x1f]'
_DATE = r"\d{4}-\d\d-\d\d"
# An add line exactly as legday writes it when no text needs a JSON escape (almost always):
# checked and split by this one expression, and decoded into an Entry only when needed.
_ADD_LINE = re.compile(
    rf'^\{{"op":"add","seq":(?P<seq>\d{{1,18}}),"clock":(?P<clock>\d{{1,18}}),'
    rf'"id":"(?P<id>{_TEXT}+)","date":"(?P<date>{_DATE})","exercise":"(?P<exercise>{_TEXT}+)",'
    rf'"sets":"(?P<sets>[0-9a-z.,;+-]+)","note":(?P<note>null|"{_TEXT}*"),'
    rf'"logged_at":"(?P<logged_at>{_TEXT}+)","source":"(?P<source>{_TEXT}*)"'
    rf'(?:,"g":"(?P<g>{_TEXT}+)")?\}}$',
    re.MULTILINE,
)
CONFLICT_MARKERS = (".sync-conflict-", "conflicted copy", "conflict")


def _ignore(_message: str) -> None:
    return None


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Folding or decoding a store makes many small objects and no cycles; the cyclic
    collector's full passes over them made the cost per entry grow with the store (at 100k
    entries a load took 1.4 s with it, 0.9 s without; docs/PERFORMANCE.md). Reference
    counting still frees everything; the collector is back on when the block ends.

    What the block made is then frozen (gc.freeze): left in the youngest generation, the next
    allocation after it started a pass over every one of them, and later passes again (about
    60 ms of `log` at 10k entries, a quarter of it). A command runs in a process of its own,
    so the only cost is that a cycle which was garbage already is never collected."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def new_id() -> str:
    # 128 random bits as 32 hex digits, like uuid4().hex (uuid costs a few ms to import).
    return os.urandom(16).hex()


def is_conflict_copy(file_name: str) -> bool:
    """A sync tool's copy of a device log (Syncthing `.sync-conflict-`, Dropbox `(conflicted
    copy ...)`, iCloud `NAME 2.jsonl`): any .jsonl in devices/ that is not `<device>.jsonl`."""
    stem = file_name.removesuffix(".jsonl")
    return not is_device_name(stem) or any(marker in stem for marker in CONFLICT_MARKERS)


# ---------------------------------------------------------------------------- the history


class EntryRows:
    """The live entries in fold order: every entry's id, date and exercise at once, the whole
    Entry on demand (`entry`, `entries`, `all`). Lines were checked for shape when read;
    decoding one that is damaged inside raises StoreError naming its file and line."""

    __slots__ = (
        "ids",
        "dates",
        "names",
        "_items",
        "_where",
        "_all",
        "_sources",
        "own_end",
        "_cached",
    )

    def __init__(self) -> None:
        # Where this device's next added entries go in fold order (the fold reads the logs in
        # name order, and a new entry takes its place after everything first seen in the logs
        # up to this device's own); None when the rows did not come from a fold.
        self.own_end: int | None = None
        self.ids: list[str] = []
        self.dates: list[date] = []
        self.names: list[str] = []
        self._items: list[re.Match[str] | Entry | Cached] = []
        self._where: list[Where] = []  # None for a cached row: its own last fields say
        self._sources: dict[str, Source] = {}  # the logs cached rows name, by name
        self._all: tuple[Entry, ...] | None = None
        # Rows from the rows cache: the cached tuples as they were read, kept beside any that
        # get decoded, so writing the cache again (after `log`) needs no encoding.
        self._cached: list[Cached] | None = None

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> EntryRows:
        rows = cls()
        for entry in entries:
            rows.add(entry.id, entry.date, entry.exercise, entry, None)
        return rows

    def __len__(self) -> int:
        return len(self._items)

    def add(
        self,
        entry_id: str,
        day: date,
        name: str,
        item: re.Match[str] | Entry | Cached,
        where: Where,
    ) -> None:
        self.ids.append(entry_id)
        self.dates.append(day)
        self.names.append(name)
        self._items.append(item)
        self._where.append(where)

    def entry(self, index: int) -> Entry:
        item = self._items[index]
        if isinstance(item, Entry):
            return item
        if isinstance(item, tuple):
            source = self._sources.get(item[8])
            where = None if source is None else (source, item[9])
            entry = _decode_cached(item, self.dates[index], where)
            self._where[index] = where  # the decoded row still knows its line (_write_rows)
        else:
            entry = _decode_match(item, self._where[index])
        self._items[index] = entry
        return entry

    def undecoded(self, index: int) -> Cached | None:
        """The stored texts of row `index` (the rows cache's tuple) while it is not decoded
        yet, else None: a reader that needs only texts (the JSON export) skips the Entry."""
        item = self._items[index]
        return item if isinstance(item, tuple) else None

    def entries(self, indices: Iterable[int]) -> list[Entry]:
        with _without_cyclic_gc():
            return [self.entry(index) for index in indices]

    def all(self) -> tuple[Entry, ...]:
        if self._all is None:
            self._all = tuple(self.entries(range(len(self._items))))
        return self._all

    def index_of(self, entry_id: str) -> int | None:
        try:
            return self.ids.index(entry_id)
        except ValueError:
            return None


class Source:
    """One file the fold read: where it is, what it was (for the cache key), whose it is."""

    __slots__ = (
        "path",
        "name",
        "device",
        "own",
        "text",
        "key",
        "valid_end",
        "size",
        "complete",
        "last_seq",
        "last_clock",
        "schema",
        "chars",
    )

    def __init__(self, path: Path, name: str, own: bool) -> None:
        self.path = path
        self.name = name  # relative to the data dir, as in the cache key
        self.device = ""
        self.own = own
        self.text = ""
        self.key: list[Any] | None = None
        self.valid_end = 0  # characters of `text` up to the last complete, committed line
        self.size = 0  # bytes read
        self.complete = 0  # bytes up to the last newline
        self.last_seq = 0
        self.last_clock = 0
        self.schema = SCHEMA_VERSION
        self.chars = 0  # characters of `text` (kept when the text is not: the rows cache)

    def line_of(self, offset: int) -> int:
        text = self.text
        if not text and offset:
            # A source known from the rows cache keeps no text: read it for this one message.
            read = files.read_regular(self.path)
            text = "" if read is None else read[0].decode("utf-8", "replace")
        return text.count("\n", 0, offset) + 1

    @property
    def has_leftover(self) -> bool:
        """A torn last line or an unfinished group at the end: an interrupted write."""
        return self.complete < self.size or self.valid_end < len(self.text)

    @property
    def valid_bytes(self) -> int:
        return len(self.text[: self.valid_end].encode("utf-8"))


class Snapshot:
    """Everything in the store at one moment. `entries` decodes every entry; the hot commands
    ask for less (`leg_days`, `exercise_names`, `entries_where`)."""

    __slots__ = (
        "rows",
        "rest_items",
        "schema",
        "max_date",
        "sources",
        "own",
        "legacy",
        "conflicts",
        "max_clock",
        "removed",
        "soft_removed",
        "device",
        "added_days",
        "set_aside_key",
        "own_state",
        "_leg_days",
        "_day_texts",
    )

    def __init__(
        self,
        entries: EntryRows | Iterable[Entry],
        rest_marks: Iterable[RestMark] | dict[str, RestMark] = (),
        schema: int = SCHEMA_VERSION,
    ) -> None:
        self.rows = entries if isinstance(entries, EntryRows) else EntryRows.of(entries)
        if isinstance(rest_marks, dict):
            self.rest_items: dict[str, RestMark] = rest_marks
        else:
            self.rest_items = {f"rest-{i}": mark for i, mark in enumerate(rest_marks)}
        self.schema = schema
        self.max_date = max(self.rows.dates, default=None)
        self.sources: list[Source] = []
        self.own: Source | None = None
        self.legacy: _LegacyState | None = None
        self.conflicts: list[str] = []
        self.max_clock = 0
        self.removed: frozenset[str] = frozenset()
        self.soft_removed: dict[str, list[str]] = {}
        self.device = ""
        self.added_days: set[str] = set()  # leg days added by commits since this load
        self.set_aside_key: list[Any] | None = None  # of this device's legday.set_aside list
        # (last seq, last clock, characters) of this device's log, from the rows cache
        self.own_state: tuple[int, int, int] | None = None
        self._leg_days: frozenset[date] | None = None
        self._day_texts: frozenset[str] | None = None

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.rows.all()

    @property
    def rest_marks(self) -> list[RestMark]:
        return list(self.rest_items.values())

    @property
    def leg_days(self) -> frozenset[date]:
        if self._leg_days is None:
            self._leg_days = frozenset(self.rows.dates)  # the rows never change once folded
        return self._leg_days

    def forget_derived(self) -> None:
        """After rows were added: what was worked out from the rows before is made again."""
        self._leg_days = self._day_texts = None
        self.max_date = max(self.rows.dates, default=None)

    def day_texts(self) -> frozenset[str]:
        """The leg days as ISO dates (for the cache), made once per snapshot."""
        if self._day_texts is None:
            self._day_texts = frozenset(day.isoformat() for day in self.leg_days)
        return self._day_texts

    @property
    def exercise_names(self) -> set[str]:
        return set(self.rows.names)

    def entries_where(
        self, *, since: date | None = None, names: Collection[str] | None = None
    ) -> list[Entry]:
        """The entries dated `since` or later and named one of `names`, in fold order; only
        those are decoded."""
        return self.rows.entries(self.indices_where(since=since, names=names))

    def indices_where(
        self, *, since: date | None = None, names: Collection[str] | None = None
    ) -> list[int]:
        dates, exercise_names = self.rows.dates, self.rows.names
        return [
            index
            for index in range(len(dates))
            if (since is None or dates[index] >= since)
            and (names is None or exercise_names[index] in names)
        ]

    def entry_by_id(self, entry_id: str) -> Entry | None:
        index = self.rows.index_of(entry_id)
        return None if index is None else self.rows.entry(index)

    def signature(self) -> cache.Signature:
        keys = [source.key for source in self.sources if source.key is not None]
        return keys if self.set_aside_key is None else [*keys, self.set_aside_key]


# ---------------------------------------------------------------------------- the fold


class _Add:
    __slots__ = ("key", "item", "where", "day", "name")

    def __init__(
        self,
        key: Key,
        item: re.Match[str] | Entry,
        where: Where,
        day: date,
        name: str,
    ) -> None:
        self.key = key
        self.item = item
        self.where = where
        self.day = day
        self.name = name


class _Fold:
    """The operations of every log, gathered; `snapshot()` applies them."""

    def __init__(self) -> None:
        self.adds: dict[str, _Add] = {}
        self.removals: dict[str, str] = {}  # rid → the id it removes
        self.restored: set[str] = set()
        self.soft: set[str] = set()  # removals written by undoing an import
        self.edits: dict[str, list[tuple[Key, dict[str, Any], str | None]]] = {}
        self.marks: dict[str, tuple[Key, RestMark]] = {}
        self.dates: dict[str, date] = {}
        self.own_boundary: int | None = None  # len(adds) once this device's log was read

    def day(self, text: str) -> date:
        day = self.dates.get(text)
        if day is None:
            day = self.dates[text] = date.fromisoformat(text)
        return day

    def add(self, entry_id: str, add: _Add) -> None:
        known = self.adds.get(entry_id)
        if known is None or add.key < known.key:
            self.adds[entry_id] = add  # the same entry added twice is one entry

    def removed_ids(self) -> frozenset[str]:
        return frozenset(
            target for rid, target in self.removals.items() if rid not in self.restored
        )

    def soft_removed(self) -> dict[str, list[str]]:
        """Entries removed only by undoing an import: id → the removals a new import of the
        same entries restores (a deliberate re-import brings them back; a delete never)."""
        hard = {
            target
            for rid, target in self.removals.items()
            if rid not in self.restored and rid not in self.soft
        }
        found: dict[str, list[str]] = {}
        for rid in self.soft - self.restored:
            target = self.removals[rid]
            if target not in hard:
                found.setdefault(target, []).append(rid)
        return found

    def rows(self, removed: frozenset[str]) -> EntryRows:
        rows = EntryRows()
        boundary = len(self.adds) if self.own_boundary is None else self.own_boundary
        for index, (entry_id, add) in enumerate(self.adds.items()):
            if index == boundary:
                rows.own_end = len(rows)
            if entry_id in removed:
                continue
            edits = self.edits.get(entry_id)
            if edits is None:
                rows.add(entry_id, add.day, add.name, add.item, add.where)
                continue
            entry = _apply_edits(_decoded(add), sorted(edits, key=lambda edit: edit[0]))
            rows.add(entry_id, entry.date, entry.exercise, entry, add.where)
        if rows.own_end is None:
            rows.own_end = len(rows)
        return rows

    def rest_items(self, removed: frozenset[str]) -> dict[str, RestMark]:
        live = [(key, mid, mark) for mid, (key, mark) in self.marks.items() if mid not in removed]
        return {
            mid: RestMark(mark.date, mark.reason, mark.marked_at, id=mid)
            for _key, mid, mark in sorted(live, key=lambda item: item[0])
        }


def _decoded(add: _Add) -> Entry:
    if isinstance(add.item, Entry):
        return add.item
    return _decode_match(add.item, add.where)


_NOWHERE = Path()  # made once: two Path() per decoded entry were a fifth of `prs` at 10k


def _decode_match(match: re.Match[str], where: Where) -> Entry:
    try:
        return legacy.entry_from_match(match, 0, _NOWHERE, _NOWHERE)
    except StoreError:
        # Damage inside the line: decode again, now with its file and line in the message.
        path, line = locate(where)
        backup_dir = path.parent.parent / "backups" if path.parent.name == "devices" else None
        return legacy.entry_from_match(match, line, path, backup_dir or path.parent / "backups")


def _decode_cached(item: Cached, day: date, where: Where) -> Entry:
    """The Entry of a row from the rows cache. Its texts are those of the line (or of a valid
    edited Entry), so this decodes exactly as the fold would; damage inside the sets takes the
    same full checks, naming the same file and line."""
    entry_id, _day, exercise, sets, note, logged_at, source, edited_at = item[:8]
    if exercise.strip():
        try:
            # By position: keywords cost a Python call about three times as much.
            return Entry(
                entry_id,
                day,
                exercise,
                decode_sets(sets),
                parse_aware_datetime(logged_at),
                note,
                source,
                None if edited_at is None else datetime.fromisoformat(edited_at),
            )
        except (ValueError, TypeError, OverflowError):
            pass
    path, line = locate(where)
    row = {"id": entry_id, "date": _day, "exercise": exercise, "sets": sets, "note": note}
    row.update(logged_at=logged_at, source=source)
    return legacy.entry_from_row(row, line, path, path.parent.parent / "backups")


def _cached_row(item: re.Match[str] | Entry | Cached, where: Where) -> Cached:
    """What the rows cache keeps of one live entry: the texts of its line, so a cached entry
    decodes lazily exactly as the fold's would (an edited one is already an Entry)."""
    name, offset = (where[0].name, where[1]) if where and isinstance(where[0], Source) else ("", 0)
    if isinstance(item, tuple):
        return item
    if isinstance(item, Entry):
        edited = None if item.edited_at is None else item.edited_at.isoformat()
        return (
            item.id,
            item.date.isoformat(),
            item.exercise,
            encode_sets(item.sets),
            item.note,
            item.logged_at.isoformat(),
            item.source,
            edited,
            name,
            offset,
        )
    note = item["note"]
    return (
        item["id"],
        item["date"],
        item["exercise"],
        item["sets"],
        None if note == "null" else note[1:-1],
        item["logged_at"],
        item["source"],
        None,
        name,
        offset,
    )


def _apply_edits(entry: Entry, edits: list[tuple[Key, dict[str, Any], str | None]]) -> Entry:
    for _key, changes, edited_at in edits:
        fields: dict[str, Any] = {}
        if "date" in changes:
            fields["date"] = date.fromisoformat(changes["date"])
        if "exercise" in changes:
            fields["exercise"] = changes["exercise"]
        if "sets" in changes:
            fields["sets"] = decode_sets(changes["sets"])
        if "note" in changes:
            fields["note"] = changes["note"]
        if edited_at is not None:
            fields["edited_at"] = datetime.fromisoformat(edited_at)
        entry = entry.replace(**fields)
    return entry


# ---------------------------------------------------------------------------- reading a log


def _where(source: Source, offset: int) -> Where:
    return (source, offset)


def locate(where: Where) -> tuple[Path, int]:
    """The file and line number of an entry's line (counted only when a message needs it)."""
    if where is None:
        return Path("?"), 0
    place, position = where
    if isinstance(place, Source):
        return place.path, place.line_of(position)
    return place, position


def _header(raw: str, source: Source, backup_dir: Path) -> None:
    try:
        header = json.loads(raw.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        header = None
    schema = header.get("schema") if isinstance(header, dict) else None
    device = header.get("device") if isinstance(header, dict) else None
    if (
        not isinstance(header, dict)
        or header.get("legday") != HEADER_KIND
        or isinstance(schema, bool)
        or not isinstance(schema, int)
        or not isinstance(device, str)
    ):
        problem = 'missing the header {"legday": "ops", "schema": 3, "device": NAME}'
        raise legacy.corrupt(source.path, 1, problem, backup_dir)
    source.schema = schema
    source.device = device
    # A compacted log keeps the seq and clock it had reached, so numbers are never reused.
    for name in ("compacted", "clock"):
        value = header.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise legacy.corrupt(source.path, 1, f"'{name}' must be a whole number", backup_dir)
    source.last_seq, source.last_clock = header.get("compacted", 0), header.get("clock", 0)


def _lines(text: str, start: int) -> Iterator[tuple[int, re.Match[str] | None, str]]:
    """(offset, canonical add match or None, line) for every line of text[start:], in order."""
    position = start
    for match in _ADD_LINE.finditer(text, start):
        if match.start() > position:
            yield from _plain_lines(text, position, match.start())
        yield match.start(), match, ""
        position = match.end() + 1
    if position < len(text):
        yield from _plain_lines(text, position, len(text))


def _plain_lines(text: str, start: int, end: int) -> Iterator[tuple[int, None, str]]:
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip():
            yield offset, None, line
        offset += len(line) + 1


def _read_log(source: Source, data: bytes, fold: _Fold, backup_dir: Path) -> None:
    """Gather the operations of one op log into `fold`. Raises StoreError naming the line of
    any damage; a torn last line or an unfinished group at the end is left out (and noted in
    `source.valid_end` for this device's next write to set aside)."""
    source.size = len(data)
    complete = data[: data.rfind(b"\n") + 1]
    source.complete = len(complete)
    try:
        text = complete.decode("utf-8")
    except UnicodeDecodeError as exc:
        number = complete.count(b"\n", 0, exc.start) + 1
        raise legacy.corrupt(source.path, number, "not valid UTF-8", backup_dir) from None
    source.text = text
    source.chars = len(text)
    header_end = text.find("\n")
    if header_end < 0:
        if data:
            raise legacy.corrupt(source.path, 1, "the header line is incomplete", backup_dir)
        return
    _header(text[:header_end], source, backup_dir)
    source.valid_end = header_end + 1
    # Operations of an open group wait here until its commit line: an add as (id, _Add), any
    # other operation as the function that applies it.
    group: list[tuple[str, _Add] | Callable[[], None]] = []
    group_id: str | None = None
    device, add_to_fold = source.device, fold.add
    for offset, match, line in _lines(text, header_end + 1):
        op_group: str | None
        apply: tuple[str, _Add] | Callable[[], None]
        if match is not None:  # the common case, kept light: no JSON, no closure
            op_group, seq_text, clock_text, entry_id = match.group("g", "seq", "clock", "id")
            seq, clock = int(seq_text), int(clock_text)
            apply = (entry_id, _add_of(source, fold, match, offset, (clock, device, seq)))
        else:
            row = _row(source, offset, line, backup_dir)
            op_group = row.get("g")
            seq, clock = row["seq"], row["clock"]
            apply = _op_from_row(source, fold, row, offset, backup_dir)
        if seq > source.last_seq:
            source.last_seq = seq
        if clock > source.last_clock:
            source.last_clock = clock
        if op_group is None:
            group, group_id = [], None  # an unfinished group before this line never happened
            if isinstance(apply, tuple):
                add_to_fold(*apply)
            else:
                apply()
            source.valid_end = offset + _line_length(text, offset)
        elif apply is _commit_marker:
            if op_group == group_id:
                for pending in group:
                    if isinstance(pending, tuple):
                        add_to_fold(*pending)
                    else:
                        pending()
            group, group_id = [], None
            source.valid_end = offset + _line_length(text, offset)
        else:
            if op_group != group_id:
                group, group_id = [], op_group
            group.append(apply)
    if not text[source.valid_end :].strip():
        source.valid_end = len(text)  # blank lines at the end are no interrupted write


def _line_length(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return (len(text) if end < 0 else end + 1) - offset


def _commit_marker() -> None:
    return None


def _row(source: Source, offset: int, line: str, backup_dir: Path) -> dict[str, Any]:
    try:
        row = json.loads(line)
        well_formed = isinstance(row, dict) and ("\\u" not in line or legacy.encodable(row))
    except (ValueError, RecursionError):
        well_formed = False
    if well_formed and row.get("op") in OP_KINDS:
        seq, clock, group = row.get("seq"), row.get("clock"), row.get("g")
        if (
            type(seq) is int
            and type(clock) is int
            and seq >= 0
            and clock >= 0
            and (group is None or type(group) is str)
        ):
            return dict(row)
    # Something is off: the slow path names the line and what is wrong with it.
    number = source.line_of(offset)
    row = legacy.decode_line(line.encode("utf-8"), number, source.path, backup_dir)
    if not isinstance(row, dict):
        raise legacy.corrupt(source.path, number, "an operation must be a JSON object", backup_dir)
    kind, seq, clock = row.get("op"), row.get("seq"), row.get("clock")
    if kind not in OP_KINDS and source.schema <= SCHEMA_VERSION:
        problem = f"unknown operation {kind!r}"
        raise legacy.corrupt(source.path, number, problem, backup_dir)
    for name, value in (("seq", seq), ("clock", clock)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problem = f"'{name}' must be a whole number"
            raise legacy.corrupt(source.path, number, problem, backup_dir)
    group = row.get("g")
    if group is not None and not isinstance(group, str):
        raise legacy.corrupt(source.path, number, "'g' must be a string", backup_dir)
    return row


def _add_of(source: Source, fold: _Fold, match: re.Match[str], offset: int, key: Key) -> _Add:
    day_text, name = match.group("date", "exercise")
    day = fold.dates.get(day_text)
    if day is None:
        try:
            day = fold.day(day_text)
        except ValueError:
            problem = f"'date' must be a YYYY-MM-DD date, not {day_text!r}"
            where = source.line_of(offset)
            raise legacy.corrupt(source.path, where, problem, source.path.parent) from None
    return _Add(key, match, (source, offset), day, name)


def _op_from_row(
    source: Source, fold: _Fold, row: dict[str, Any], offset: int, backup_dir: Path
) -> Callable[[], None]:
    kind = row["op"]
    key: Key = (row["clock"], source.device, row["seq"])

    def bad(problem: str) -> StoreError:
        return legacy.corrupt(source.path, source.line_of(offset), problem, backup_dir)

    if kind == "commit":
        return _commit_marker
    if kind == "add":
        try:
            entry = Entry.from_json(row)
        except (ValueError, TypeError, OverflowError):
            number = source.line_of(offset)  # counted only for the message
            entry = legacy.entry_from_row(row, number, source.path, backup_dir)
        add = _Add(key, entry, _where(source, offset), entry.date, entry.exercise)
        return lambda: fold.add(entry.id, add)
    target, rid = row.get("id"), row.get("rid")
    if kind == "remove":
        if not isinstance(target, str) or not isinstance(rid, str):
            raise bad("a removal needs string 'id' and 'rid'")
        soft = row.get("why") == SOFT_REMOVAL

        def remove() -> None:
            fold.removals[rid] = target
            if soft:
                fold.soft.add(rid)

        return remove
    if kind == "restore":
        if not isinstance(rid, str):
            raise bad("a restore needs a string 'rid'")
        return lambda: fold.restored.add(rid)
    if kind == "edit":
        changes, edited_at = row.get("set"), row.get("edited_at")
        if not isinstance(target, str) or not _valid_changes(changes):
            raise bad("an edit needs a string 'id' and 'set' of date, exercise, sets or note")
        if edited_at is not None and not isinstance(edited_at, str):
            raise bad("'edited_at' must be a string")
        assert isinstance(changes, dict)
        edit: tuple[Key, dict[str, Any], str | None] = (key, changes, edited_at)
        return lambda: fold.edits.setdefault(target, []).append(edit)
    if kind == "rest":
        try:
            mark = RestMark.from_json(row)
        except (ValueError, TypeError) as exc:
            raise bad(str(exc)) from None
        if not isinstance(target, str):
            raise bad("a rest week needs a string 'id'")

        def add_mark() -> None:
            fold.marks.setdefault(target, (key, mark))

        return add_mark
    return lambda: None  # a newer legday's operation: read around it


def _valid_changes(changes: Any) -> bool:
    if not isinstance(changes, dict) or not changes or not set(changes) <= set(EDITABLE):
        return False
    try:
        if "date" in changes:
            date.fromisoformat(changes["date"])
        if "sets" in changes:
            decode_sets(changes["sets"])
    except (ValueError, TypeError):
        return False
    exercise, note = changes.get("exercise", "x"), changes.get("note")
    return isinstance(exercise, str) and bool(exercise.strip()) and isinstance(note, str | None)


# ---------------------------------------------------------------------------- the legacy files


class _LegacyState:
    """The single-file store of earlier legday, as read."""

    __slots__ = ("sessions", "rest", "sessions_source", "rest_source")

    def __init__(self) -> None:
        self.sessions: legacy.LegacySessions | None = None
        self.rest: list[RestMark] = []
        self.sessions_source: Source | None = None
        self.rest_source: Source | None = None

    @property
    def present(self) -> bool:
        return self.sessions_source is not None or self.rest_source is not None


def _legacy_into(fold: _Fold, state: _LegacyState, backup_dir: Path) -> None:
    sessions = state.sessions
    source = state.sessions_source
    if sessions is not None and source is not None:
        for line in sessions.lines:
            key: Key = (0, "", line.number)
            where = _fixed_where(source.path, line.number)
            if line.match is not None:
                match = line.match
                add = _Add(key, match, where, fold.day(match["date"]), match["exercise"])
                fold.add(match["id"], add)
            else:
                entry = legacy.entry_from_row(line.row, line.number, source.path, backup_dir)
                fold.add(entry.id, _Add(key, entry, where, entry.date, entry.exercise))
    taken: set[str] = set()
    for index, mark in enumerate(state.rest):
        mid = legacy.legacy_mark_id(mark, taken)
        fold.marks.setdefault(mid, ((0, "", index), mark))


def _fixed_where(path: Path, line: int) -> Where:
    return (path, line)


# ---------------------------------------------------------------------------- serialising


def _line(row: dict[str, Any]) -> bytes:
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        raise _not_utf8() from None


def _not_utf8() -> UsageError:
    # Undecodable bytes in argv arrive as lone surrogates; storing them would make the
    # whole file unreadable, so the change is refused as bad input.
    return UsageError(
        "the text holds bytes that are not valid UTF-8; retype the name and note. "
        "Nothing was stored."
    )


def add_op(entry: Entry) -> dict[str, Any]:
    # Entry.to_json's fields in its order, the sets in their stored form; written out rather
    # than taken from to_json, whose dict per set an import of a million sets made and threw
    # away. edited_at is kept when set: an edited entry carried by an export keeps it.
    row = {
        "op": "add",
        "id": entry.id,
        "date": entry.date.isoformat(),
        "exercise": entry.exercise,
        "sets": encode_sets(entry.sets),
        "note": entry.note,
        "logged_at": entry.logged_at.isoformat(timespec="seconds"),
        "source": entry.source,
    }
    if entry.edited_at is not None:
        row["edited_at"] = entry.edited_at.isoformat(timespec="seconds")
    return row


def remove_op(target: str) -> dict[str, Any]:
    return {"op": "remove", "id": target, "rid": new_id()}


def rest_op(mark_id: str, mark: RestMark) -> dict[str, Any]:
    row = mark.to_json()
    row["id"] = mark_id
    return {"op": "rest", **row}


def edit_op(entry: Entry, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The operation that changes `entry`'s fields to `changes` (values as stored: ISO date,
    compact sets), remembering the old values so `undo` can put them back."""
    current = add_op(entry)
    was = {name: current[name] for name in changes}
    return {
        "op": "edit",
        "id": entry.id,
        "set": changes,
        "was": was,
        "edited_at": now.isoformat(timespec="seconds"),
    }


def _header_line(device: str) -> bytes:
    header = {"legday": HEADER_KIND, "schema": SCHEMA_VERSION, "device": device}
    return json.dumps(header, separators=(", ", ": ")).encode() + b"\n"


def _with_order(op: dict[str, Any], seq: int, clock: int) -> dict[str, Any]:
    """`op` with seq and clock right after "op" (the order the add-line pattern expects)."""
    ordered: dict[str, Any] = {"op": op["op"], "seq": seq, "clock": clock}
    ordered.update((name, value) for name, value in op.items() if name != "op")
    return ordered


# A text json.dumps writes as it is, between quotes (ensure_ascii=False escapes only these).
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def add_line(
    entry: Entry,
    sets: str,
    seq: int,
    clock: int,
    group: str,
    logged_at: str | None = None,
    day: str | None = None,
) -> bytes:
    """The line `_line` writes for the add of `entry` (`sets` as stored; `logged_at` and
    `day`, its time and date as written, when the caller has them) in group `group`, byte for
    byte, without building two dicts and a JSON encoding per entry: an import writes a
    quarter of a million of them.
    Sets, times, dates and group ids never need an escape; the texts a file brings may."""
    note = entry.note
    plain = f"{entry.id}{entry.exercise}{entry.source}{note or ''}"
    if entry.edited_at is not None or _NEEDS_ESCAPE.search(plain) is not None:
        op = add_op(entry)
        op["sets"] = sets
        row = _with_order(op, seq, clock)
        row["g"] = group
        return _line(row)
    stamp = entry.logged_at.isoformat(timespec="seconds") if logged_at is None else logged_at
    note_text = "null" if note is None else f'"{note}"'
    text = (
        f'{{"op":"add","seq":{seq},"clock":{clock},"id":"{entry.id}",'
        f'"date":"{entry.date.isoformat() if day is None else day}",'
        f'"exercise":"{entry.exercise}",'
        f'"sets":"{sets}","note":{note_text},'
        f'"logged_at":"{stamp}","source":"{entry.source}","g":"{group}"}}\n'
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise _not_utf8() from None


# ---------------------------------------------------------------------------- undo


class Operation:
    """One undoable operation of this device: a single line or a committed group."""

    __slots__ = ("handle", "ops", "what", "undoes")

    def __init__(
        self, handle: int, ops: list[dict[str, Any]], what: str, undoes: int | None
    ) -> None:
        self.handle = handle  # seq of its last line
        self.ops = ops
        self.what = what
        self.undoes = undoes


class UndoResult:
    """What `undo` reverted: which operation, and the entries and rest weeks it touched."""

    __slots__ = ("what", "removed", "restored", "reverted", "marks_removed", "marks_restored")

    def __init__(self, what: str) -> None:
        self.what = what
        self.removed: list[Entry] = []
        self.restored: list[Entry] = []
        self.reverted: list[Entry] = []  # edits put back: the entries, as they are again
        self.marks_removed: list[RestMark] = []
        self.marks_restored: list[RestMark] = []


def own_operations(text: str, start: int) -> list[Operation]:
    """This device's operations in order, from its log's text after the header."""
    operations: list[Operation] = []
    group: list[dict[str, Any]] = []
    group_id: str | None = None
    for _offset, match, line in _lines(text, start):
        if match is not None:
            op: dict[str, Any] = {"op": "add", "seq": int(match["seq"]), "id": match["id"]}
            op_group = match["g"]
        else:
            op = json.loads(line)
            op_group = op.get("g")
        if op_group is None:
            group, group_id = [], None
            operations.append(Operation(op["seq"], [op], op["op"], op.get("undo")))
        elif op["op"] == "commit":
            if op_group == group_id:
                what = str(op.get("what", "change"))
                operations.append(Operation(op["seq"], group, what, op.get("undo")))
            group, group_id = [], None
        else:
            if op_group != group_id:
                group, group_id = [], op_group
            group.append(op)
    return operations


def last_undoable(operations: list[Operation], floor: int) -> Operation | None:
    undone: set[int] = set()
    for operation in reversed(operations):
        if operation.handle <= floor or operation.what in FINAL_GROUPS:
            return None
        if operation.what in PASSED_OVER_GROUPS:
            continue
        if operation.undoes is not None:
            undone.add(operation.undoes)
        elif operation.handle not in undone:
            return operation
    return None


def inverse(op: dict[str, Any], snapshot: Snapshot, result: UndoResult) -> dict[str, Any] | None:
    kind = op["op"]
    if kind == "add":
        entry = snapshot.entry_by_id(op["id"])
        if entry is not None:
            result.removed.append(entry)
        return remove_op(op["id"])
    if kind == "remove":
        return {"op": "restore", "rid": op["rid"], "id": op["id"]}
    if kind == "restore":
        return remove_op(op["id"])
    if kind == "edit":
        entry = snapshot.entry_by_id(op["id"])
        if entry is not None:
            result.reverted.append(entry)
        return {"op": "edit", "id": op["id"], "set": op["was"], "was": op["set"]}
    if kind == "rest":
        mark = snapshot.rest_items.get(op["id"])
        if mark is not None:
            result.marks_removed.append(mark)
        return remove_op(op["id"])
    return None


# ---------------------------------------------------------------------------- the store


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _quiet(snapshot: Snapshot) -> bool:
    """Whether a fold of these files warns of nothing but conflict copies: no torn or
    unfinished end anywhere (those are warned of, or set aside, by each fold) and no legacy
    file. Only then may a reader take the cache for the fold (cache.read_days)."""
    legacy_files = snapshot.legacy is not None and (
        snapshot.legacy.sessions_source is not None or snapshot.legacy.rest_source is not None
    )
    return not legacy_files and not any(source.has_leftover for source in snapshot.sources)


class Store:
    """The op logs of one data dir, and the one log this device writes."""

    def __init__(self, paths: Paths, warn: Warn = _ignore, device: str | None = None) -> None:
        self.paths = paths
        self.warn = warn
        self._device = device
        self._warned: set[str] = set()
        # Set inside a transaction on a data dir that does not exist yet: the lock is taken
        # only by the first commit (see transaction).
        self._late_lock: contextlib.ExitStack | None = None
        self._read: tuple[cache.Signature, Snapshot] | None = None  # what `read` answered
        self._quiet_read: Snapshot | None = None  # `read`'s, when no warning but conflicts

    @property
    def device(self) -> str:
        if self._device is None:
            self._device = current_device()
        return self._device

    @property
    def _backup_dir(self) -> Path:
        return Path(self.paths.backup_dir)

    @property
    def own_file(self) -> Path:
        return Path(self.paths.device_file(self.device))

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warn(message)

    # -- reading

    def load(self) -> Snapshot:
        with _without_cyclic_gc():
            return self._load()

    def _load(self) -> Snapshot:
        fold = _Fold()
        backup_dir = self._backup_dir
        state = self._read_legacy()
        _legacy_into(fold, state, backup_dir)
        sources: list[Source] = [s for s in (state.sessions_source, state.rest_source) if s]
        conflicts: list[str] = []
        own = None
        aside, aside_info = set_aside.read(self.paths.data_dir, self.device)
        for path in self._log_paths():
            name = f"devices/{path.name}"
            own_path = path.name == self.own_file.name
            if fold.own_boundary is None and path.name > self.own_file.name:
                fold.own_boundary = len(fold.adds)  # where this device's log would be read
            source = Source(path, name, own_path)
            read = files.read_regular(path)
            if read is None:
                continue
            data, info = read
            source.key = cache.file_key(name, info)
            if not own_path and path.name in aside:
                data = set_aside.without(data, aside[path.name])
            _read_log(source, data, fold, backup_dir)
            sources.append(source)
            if own_path:
                own = source
                fold.own_boundary = len(fold.adds)
            elif is_conflict_copy(path.name):
                conflicts.append(path.name)
            elif source.has_leftover:
                self._warn_once(notes.foreign_torn_end(path))
        removed = fold.removed_ids()
        snapshot = Snapshot(fold.rows(removed), fold.rest_items(removed))
        snapshot.schema = max((s.schema for s in sources), default=SCHEMA_VERSION)
        if state.sessions is not None:
            snapshot.schema = max(snapshot.schema, state.sessions.schema)
        snapshot.sources, snapshot.own, snapshot.legacy = sources, own, state
        snapshot.conflicts, snapshot.removed, snapshot.device = conflicts, removed, self.device
        snapshot.soft_removed = fold.soft_removed()
        if aside_info is not None:
            snapshot.set_aside_key = cache.file_key(cache.set_aside_name(self.device), aside_info)
        snapshot.max_clock = max((s.last_clock for s in sources), default=0)
        for name in conflicts:
            self._warn_once(notes.conflict_copy(name))
        self._note_leftovers(snapshot)
        return snapshot

    def read(self) -> Snapshot:
        """The snapshot for a command that only reads (history, stats, prs, exercises,
        calendar, last, show, export): from the rows cache when it matches the files and its
        fold warned of nothing but conflict copies (warned of here the same), else from a
        fold, which remakes it. Its sources keep no text, so it must never be committed to;
        writers use `load` or `transaction`."""
        data_dir = self.paths.data_dir
        current = cache.current_signature(data_dir, self.device)
        if current is not None and self._read is not None and self._read[0] == current:
            return self._read[1]  # `history` asks twice: once for the page, once to count
        snapshot = self._rows_snapshot(current)
        if snapshot is not None:
            for name in snapshot.conflicts:
                self._warn_once(notes.conflict_copy(name))
            quiet = True  # the rows are only kept from a quiet fold
        else:
            snapshot = self.load()
            if sorted(snapshot.signature()) != current:
                return snapshot  # a file changed while it was read: nothing to remember
            quiet = _quiet(snapshot)
            if quiet:
                self._write_rows(snapshot)
        if current is not None:
            self._read = (current, snapshot)
            self._quiet_read = snapshot if quiet else None
        return snapshot

    def read_answer(self, key: Any) -> Any | None:
        """What a read command kept with `keep_answer` for `key` (what its answer depends on
        besides the store), while the files are those it was computed from; else None. The
        conflict copies its read mentioned are mentioned again."""
        data_dir = self.paths.data_dir
        current = cache.current_signature(data_dir, self.device)
        found = cache.read_answer(data_dir, self.device, current, key)
        if found is None:
            return None
        conflicts, answer = found
        for name in conflicts:
            self._warn_once(notes.conflict_copy(name))
        return answer

    def keep_answer(self, key: Any, snapshot: Snapshot, answer: Any) -> None:
        """Keep `answer`, computed from `snapshot` (what `read` answered, from a fold that
        warned of nothing but conflict copies) for `read_answer`; else nothing is kept."""
        if self._read is None or self._quiet_read is not snapshot:
            return
        data_dir = self.paths.data_dir
        signature = self._read[0]
        cache.write_answer(data_dir, self.device, signature, key, snapshot.conflicts, answer)

    def _write_rows(self, snapshot: Snapshot) -> None:
        """Keep the fold's result for the next reader (only a quiet fold of the files as they
        still are, so a reader that takes it has nothing left to warn of)."""
        rows = snapshot.rows
        if rows._cached is not None and len(rows._cached) == len(rows):
            self._write_rows_of(snapshot, tuple(rows._cached))  # as read, plus what was added
            return
        # One string object per distinct date, name, set text and source: marshal writes a
        # repeat as a reference, which loads about a quarter faster (10k entries).
        shared: dict[str, str] = {}
        one = shared.setdefault
        entries = tuple(
            (
                entry_id,
                one(day, day),
                one(name, name),
                one(sets, sets),
                note,
                logged_at,
                one(source, source),
                edited_at,
                one(log_name, log_name),
                offset,
            )
            for (
                entry_id,
                day,
                name,
                sets,
                note,
                logged_at,
                source,
                edited_at,
                log_name,
                offset,
            ) in map(_cached_row, rows._items, rows._where)
        )
        self._write_rows_of(snapshot, entries)

    def _write_rows_of(self, snapshot: Snapshot, entries: tuple[Cached, ...]) -> None:
        rows = snapshot.rows
        marks = tuple(
            (mid, mark.date.isoformat(), mark.reason, _iso(mark.marked_at))
            for mid, mark in snapshot.rest_items.items()
        )
        soft = {target: list(rids) for target, rids in snapshot.soft_removed.items()}
        own = snapshot.own
        own_state = (0, 0, 0) if own is None else (own.last_seq, own.last_clock, own.chars)
        payload = (
            entries,
            marks,
            tuple(sorted(snapshot.removed)),
            soft,
            snapshot.schema,
            snapshot.max_clock,
            tuple(snapshot.conflicts),
            rows.own_end,
            own_state,
        )
        cache.write_rows(self.paths.data_dir, self.device, snapshot.signature(), payload)

    def _rows_snapshot(self, signature: cache.Signature | None) -> Snapshot | None:
        """The snapshot the rows cache holds for the files whose key is `signature`, or None."""
        with _without_cyclic_gc():
            cached = cache.read_rows(self.paths.data_dir, self.device, signature)
            return None if cached is None else self._snapshot_of_rows(cached)

    def _snapshot_of_rows(self, cached: tuple[Any, ...]) -> Snapshot | None:
        """The snapshot `_write_rows` stored, or None when the file holds anything else."""
        try:
            entries, marks, removed, soft, schema, max_clock, conflicts, own_end, own = cached
            rows = EntryRows()
            rows.own_end = (
                own_end if type(own_end) is int and 0 <= own_end <= len(entries) else None
            )
            rows.ids = list(map(itemgetter(0), entries))
            day_texts = list(map(itemgetter(1), entries))
            days = {text: date.fromisoformat(text) for text in set(day_texts)}
            rows.dates = list(map(days.__getitem__, day_texts))
            rows.names = list(map(itemgetter(2), entries))
            for name in set(map(itemgetter(8), entries)):
                if name:
                    rows._sources[name] = Source(Path(self.paths.data_dir, name), name, False)
            rows._items = list(entries)
            rows._cached = list(entries)
            rows._where = [None] * len(entries)
            rest = {
                mid: RestMark(
                    date.fromisoformat(day),
                    reason,
                    None if marked is None else datetime.fromisoformat(marked),
                    id=mid,
                )
                for mid, day, reason, marked in marks
            }
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            return None
        if not all(isinstance(item, tuple) and len(item) == 10 for item in entries):
            return None
        snapshot = Snapshot(rows, rest, schema)
        snapshot.removed = frozenset(removed)
        snapshot.soft_removed = soft
        snapshot.max_clock = max_clock
        snapshot.conflicts = list(conflicts)
        snapshot.device = self.device
        if isinstance(own, tuple) and len(own) == 3 and all(type(n) is int for n in own):
            snapshot.own_state = own
        return snapshot

    def leg_and_rest_days(self) -> tuple[frozenset[date], frozenset[date]]:
        """Every leg day and rest day, for a command that needs nothing else (`streak`): from
        the derived cache when it matches the files and its fold warned of nothing but
        conflict copies (warned of here the same), else from a fold, which remakes it. At 10k
        entries that spares a fold of about 20 ms for one small JSON file."""
        cached = cache.read_days(self.paths.data_dir, self.device, quiet=True)
        if cached is not None:
            legs, rest, conflicts = cached
            try:
                days = frozenset(map(date.fromisoformat, legs))
                rest_days = frozenset(map(date.fromisoformat, rest))
            except ValueError:
                pass  # not what legday writes: the fold below answers
            else:
                for name in conflicts:
                    self._warn_once(notes.conflict_copy(name))
                return days, rest_days
        snapshot = self.load()
        self.remember(snapshot)
        return snapshot.leg_days, frozenset(mark.date for mark in snapshot.rest_marks)

    def _log_paths(self) -> list[Path]:
        try:
            with os.scandir(self.paths.devices_dir) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if entry.name.endswith(".jsonl") and not entry.name.startswith(".")
                )
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise files.not_a_regular_file(self.paths.devices_dir) from None
        except OSError as exc:
            raise files.io_error("read", self.paths.devices_dir, exc) from None
        return [Path(self.paths.devices_dir, name) for name in names]

    def _read_legacy(self) -> _LegacyState:
        state = _LegacyState()
        backup_dir = self._backup_dir
        sessions_path = Path(self.paths.sessions_file)
        read = files.read_regular(sessions_path)
        if read is not None:
            data, info = read
            state.sessions = legacy.parse_sessions(data, sessions_path, backup_dir)
            source = Source(sessions_path, "sessions.jsonl", False)
            source.key = cache.file_key(source.name, info)
            # `complete` short of `size` is what marks a torn end: the legacy file keeps no
            # text, so only these two byte counts tell whether its last line is whole.
            source.size = len(data)
            source.complete = len(data) - len(state.sessions.torn)
            source.schema = state.sessions.schema
            state.sessions_source = source
        rest_path = Path(self.paths.rest_weeks_file)
        read = files.read_regular(rest_path)
        if read is not None:
            data, info = read
            state.rest = legacy.parse_rest_weeks(data, rest_path, backup_dir)
            source = Source(rest_path, "rest_weeks.json", False)
            source.key = cache.file_key(source.name, info)
            source.size = source.complete = len(data)
            state.rest_source = source
        return state

    def _note_leftovers(self, snapshot: Snapshot) -> None:
        """An interrupted write of this device (or of legacy legday) left a torn line: set it
        aside when the lock is free at once (never waiting: readers need no lock), else say
        that it is left out."""
        leftovers = [s for s in self._repairable(snapshot) if s.has_leftover]
        if not leftovers:
            return
        fd = files.try_lock(self.paths.lock_file)
        if fd is None:
            if not Path(self.paths.lock_file).exists() or not os.access(
                self.paths.data_dir, os.W_OK
            ):
                for source in leftovers:
                    self._warn_once(notes.torn_end_left(source.path))
            return  # a writer holds the lock: its append may be in flight
        try:
            for source in leftovers:
                self._set_aside(source)
        finally:
            os.close(fd)

    def _repairable(self, snapshot: Snapshot) -> list[Source]:
        """The files whose torn end this device may set aside: its own log and the legacy
        file, unless a newer legday wrote them (its file is left exactly as it is)."""
        found = [snapshot.own] if snapshot.own is not None else []
        state = snapshot.legacy
        if state is not None and state.sessions_source is not None:
            found.append(state.sessions_source)
        for source in found:
            if source.schema > SCHEMA_VERSION and source.has_leftover:
                self._warn_once(notes.newer_torn_end(source.path))
        return [source for source in found if source.schema <= SCHEMA_VERSION]

    def _set_aside(self, source: Source) -> None:
        """Move the bytes after the last complete operation to a side file, then cut them off.
        Re-read under the lock: only what is still there is a leftover."""
        path = source.path
        read = files.read_regular(path)
        if read is None:
            return
        data, _info = read
        valid = self._valid_prefix(source, data)
        if len(data) <= valid:
            return
        leftover = data[valid:]
        side = path.with_name(f"{path.name}.torn-{legacy.timestamp_now()}")
        try:
            fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                files.write_all(fd, leftover if leftover.endswith(b"\n") else leftover + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
            with open(files.real_target(path), "r+b") as handle:
                handle.truncate(valid)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise files.io_error("set aside the incomplete end of", path, exc) from None
        source.size = source.complete = valid
        source.text = source.text[: source.valid_end]
        self.warn(notes.torn_end_moved(path, side, len(leftover)))

    def _valid_prefix(self, source: Source, data: bytes) -> int:
        """How many bytes of `data` (the file re-read under the lock) are complete operations."""
        if source.name == "sessions.jsonl":
            sessions = legacy.parse_sessions(data, source.path, self._backup_dir)
            return len(data) - len(sessions.torn)
        fresh = Source(source.path, source.name, source.own)
        _read_log(fresh, data, _Fold(), self._backup_dir)
        return fresh.valid_bytes

    def remember(self, snapshot: Snapshot) -> None:
        """Remake the derived cache from `snapshot` when it no longer matches the files (remind
        and status call it after a fold, so the next cron run is fast again). Best effort."""
        data_dir = self.paths.data_dir
        signature = snapshot.signature()
        if sorted(signature) == cache.current_signature(data_dir, self.device):
            known = cache.read_days(data_dir, self.device, quiet=_quiet(snapshot))
            if known is not None:
                return
            self._write_cache(snapshot, signature)

    def _write_cache(self, snapshot: Snapshot, signature: cache.Signature) -> None:
        cache.write_days(
            self.paths.data_dir,
            self.device,
            signature,
            sorted(snapshot.day_texts()),
            [mark.date.isoformat() for mark in snapshot.rest_marks],
            snapshot.conflicts,
            quiet=_quiet(snapshot),
        )

    # -- writing

    @contextlib.contextmanager
    def transaction(self, *, adds_only: bool = False) -> Iterator[Snapshot]:
        """Hold the write lock and yield the store as it is now (for read-modify-write).

        `adds_only`: the caller only adds entries (`log`, `again`), so the snapshot may come
        from the rows cache instead of a fold, under the lock and on the same terms as a
        reader takes it (see `_cached_for_adds`).

        In a home with no data dir yet, the lock is taken on the nearest folder above it that
        exists and the (empty) store is read, so that a refused command leaves nothing behind,
        not even the data dir or the lock file; the first commit then makes the dir and takes
        its lock too, and makes sure nothing arrived in between."""
        if self._late_lock is None and not os.path.lexists(self.paths.data_dir):
            with files.folder_lock(_nearest_folder(Path(self.paths.data_dir))):
                if not os.path.lexists(self.paths.data_dir):  # still none: this one is first
                    with contextlib.ExitStack() as late_lock:
                        self._late_lock = late_lock
                        try:
                            yield self.load()
                        finally:
                            self._late_lock = None
                    return
        with files.file_lock(self.paths.lock_file):
            snapshot = (self._cached_for_adds() if adds_only else None) or self.load()
            yield snapshot

    def _cached_for_adds(self) -> Snapshot | None:
        """The snapshot the rows cache holds for the files as they are now, made fit for adding
        entries: its sources are the files of the key (this device's log with its last seq,
        clock and length, from the same fold), none with a torn end or a legacy file (the
        cache is only written after a fold that had neither). None when the cache does not
        match exactly: the caller folds. At 10k entries this spares `log` a fold of ~60 ms.
        The trust is a reader's (name, size, mtime, ctime and inode of every file), and this
        device's log cannot change under us: only this device appends to it, under the lock
        we hold."""
        data_dir = self.paths.data_dir
        current = cache.current_signature(data_dir, self.device)
        if not current:
            return None  # unreadable, or an empty store: nothing to spare
        snapshot = self._rows_snapshot(current)
        if snapshot is None or snapshot.own_state is None or snapshot.rows.own_end is None:
            return None
        own_name = f"devices/{self.own_file.name}"
        aside_name = cache.set_aside_name(self.device)
        for key in current:
            name = key[0]
            if name == aside_name:
                snapshot.set_aside_key = key
                continue
            if not name.startswith("devices/"):
                return None  # a legacy file: the fold migrates it
            source = Source(Path(self.paths.data_dir, name), name, name == own_name)
            source.key, source.size = key, key[1]
            source.complete = source.size
            if source.own:
                source.last_seq, source.last_clock, source.chars = snapshot.own_state
                snapshot.own = source
            snapshot.sources.append(source)
        if snapshot.own is None and snapshot.own_state != (0, 0, 0):
            return None  # the cache knew a log of this device that is gone: fold
        for name in snapshot.conflicts:
            self._warn_once(notes.conflict_copy(name))
        return snapshot

    def _take_late_lock(self, snapshot: Snapshot) -> None:
        """The lock of the data dir a transaction in a new home put off, taken before its
        first write. The store can have changed only if another writer locked a different
        folder (one made in between above the data dir): then nothing is written."""
        late_lock, self._late_lock = self._late_lock, None
        if late_lock is None:
            return
        late_lock.enter_context(files.file_lock(self.paths.lock_file))
        if self.load().signature() != snapshot.signature():
            raise StoreError(
                f"{self.paths.data_dir} was written by another legday while this one ran; "
                "nothing was stored: run the command again."
            )

    def _refuse_newer(self, snapshot: Snapshot) -> None:
        if snapshot.schema > SCHEMA_VERSION:
            newest = max(snapshot.sources, key=lambda s: s.schema, default=None)
            where = newest.path if newest is not None else self.paths.data_dir
            raise StoreError(
                f"{where} was written by a newer legday (schema {snapshot.schema}, this one "
                f"knows {SCHEMA_VERSION}); upgrade legday to write to it."
            )

    def commit(
        self,
        snapshot: Snapshot,
        ops: Sequence[dict[str, Any]],
        *,
        what: str | None = None,
        undoes: int | None = None,
    ) -> int:
        """Append `ops` to this device's log as one operation (call inside `transaction`, with
        the snapshot it gave): one line, or with several ops (or `what`) a committed group.
        Returns the operation's handle (the seq of its last line)."""
        self._refuse_newer(snapshot)
        if not ops:
            raise AssertionError("nothing to commit")
        self._take_late_lock(snapshot)
        if self._would_repair(snapshot):
            # Text that cannot be stored is refused before the migration or a torn end set
            # aside writes anything (the lines are made again, numbered, below).
            for op in ops:
                _line(op)
            snapshot.rows.own_end = None  # the rows no longer follow the files' fold order
        self._prepare(snapshot)
        rows = self._numbered(snapshot, ops, what=what, undoes=undoes)
        data = b"".join(_line(row) for row in rows)
        assert snapshot.own is not None  # _numbered made it
        fresh = self._needs_header(snapshot)
        chars_before = 0 if fresh else snapshot.own.chars
        info = self._append(snapshot, data)
        handle: int = rows[-1]["seq"]
        self._after_write(snapshot, ops, info)
        if all(op["op"] == "add" for op in ops):
            self._keep_rows(snapshot, data, fresh, chars_before)
        else:
            snapshot.rows.own_end = None
        autosync.note_write(self.paths)
        return handle

    def _keep_rows(self, snapshot: Snapshot, data: bytes, fresh: bool, chars_before: int) -> None:
        """After adding entries: put them into `snapshot`'s rows where a fold of the files now
        would (read from the appended lines by the fold's own code), and keep those rows for
        the next command, keyed by the files as they now are. Only for rows that still follow
        the fold's order (no repair or other change in this transaction) and a quiet store."""
        own, rows = snapshot.own, snapshot.rows
        assert own is not None
        header = _header_line(self.device)
        text_of_header = len(header.decode("utf-8"))
        added_chars = len(data.decode("utf-8"))
        own.chars = chars_before + (text_of_header if fresh else 0) + added_chars
        at = rows.own_end
        if at is None or not _quiet(snapshot):
            return
        base = 0 if fresh else chars_before - text_of_header
        appended, fold = Source(own.path, own.name, True), _Fold()
        _read_log(appended, header + data, fold, self._backup_dir)
        new = fold.rows(frozenset())
        items = [
            _cached_row(item, (own, base + (where[1] if where else 0)))
            for item, where in zip(new._items, new._where, strict=True)
        ]
        rows.ids[at:at] = new.ids
        rows.dates[at:at] = new.dates
        rows.names[at:at] = new.names
        rows._items[at:at] = items
        rows._where[at:at] = [None] * len(items)
        if rows._cached is not None:
            rows._cached[at:at] = items
        rows._sources.setdefault(own.name, own)
        rows._all, rows.own_end = None, at + len(items)
        snapshot.forget_derived()
        # Written when the command ends (once, however many commits it made), and only if
        # the rows still follow the files then: a later change of another kind in the same
        # transaction leaves them behind (own_end None), and then nothing is kept.
        path = cache.rows_file(self.paths.data_dir, self.device)
        write_when_done(path, lambda: self._write_kept_rows(snapshot))

    def _write_kept_rows(self, snapshot: Snapshot) -> None:
        if snapshot.rows.own_end is not None and _quiet(snapshot):
            self._write_rows(snapshot)

    def _needs_header(self, snapshot: Snapshot) -> bool:
        """Whether the next append starts this device's log (header first): none yet, or a
        0-byte file (made by hand, or a sync tool's placeholder)."""
        own = snapshot.own
        return own is None or own.size == 0 or not self.own_file.exists()

    def _numbered(
        self,
        snapshot: Snapshot,
        ops: Sequence[dict[str, Any]],
        *,
        what: str | None,
        undoes: int | None,
    ) -> list[dict[str, Any]]:
        seq = snapshot.own.last_seq if snapshot.own is not None else 0
        clock = snapshot.max_clock
        rows = []
        grouped = len(ops) > 1 or what is not None
        group_id = new_id()[:12] if grouped else None
        for op in ops:
            seq, clock = seq + 1, clock + 1
            row = _with_order(op, seq, clock)
            if group_id is not None:
                row["g"] = group_id
            elif undoes is not None:
                row["undo"] = undoes
            rows.append(row)
        if group_id is not None:
            seq, clock = seq + 1, clock + 1
            commit: dict[str, Any] = {"op": "commit", "seq": seq, "clock": clock}
            commit.update({"g": group_id, "what": what or "change", "n": len(ops)})
            if undoes is not None:
                commit["undo"] = undoes
            rows.append(commit)
        if snapshot.own is None:
            snapshot.own = Source(self.own_file, f"devices/{self.own_file.name}", True)
            snapshot.sources.append(snapshot.own)
        snapshot.own.last_seq, snapshot.own.last_clock = seq, clock
        snapshot.max_clock = clock
        return rows

    def _would_repair(self, snapshot: Snapshot) -> bool:
        """Whether `_prepare` has more to do than remove stale temp files."""
        migrating = snapshot.legacy is not None and snapshot.legacy.present
        return migrating or any(source.has_leftover for source in self._repairable(snapshot))

    def _prepare(self, snapshot: Snapshot) -> None:
        """Before this device appends: remove what killed writers left, set aside a torn end,
        and move the legacy single-file store into this device's log (once)."""
        files.remove_stale_temps(self.own_file)
        cache.remove_stale_temps(self.paths.data_dir, self.device)
        for source in self._repairable(snapshot):
            if source.has_leftover:
                self._set_aside(source)
        if snapshot.legacy is not None and snapshot.legacy.present:
            self._migrate(snapshot)

    def _migrate(self, snapshot: Snapshot) -> None:
        state = snapshot.legacy
        assert state is not None
        # Every legacy entry is carried over; an id some log already adds folds to one entry.
        ops: list[dict[str, Any]] = []
        if state.sessions is not None:
            for line in state.sessions.lines:
                ops.append(_migrated_add(line))
        taken: set[str] = set()
        for mark in state.rest:
            ops.append(rest_op(legacy.legacy_mark_id(mark, taken), mark))
        if ops:
            rows = self._numbered(snapshot, ops, what="migrate", undoes=None)
            info = self._append(snapshot, b"".join(_line(row) for row in rows))
            self._own_key(snapshot, info)
        for source in (state.sessions_source, state.rest_source):
            if source is not None:
                self._retire(source.path)
                snapshot.sources.remove(source)
        snapshot.legacy = None
        self.warn(notes.migrated(self.own_file, self.paths.backup_dir))

    def _retire(self, path: Path) -> None:
        """Keep a legacy file as a backup and take it out of the data dir."""
        backup_dir = self._backup_dir
        try:
            ensure_private_dir(backup_dir)
            if path.is_symlink():
                self.warn(notes.legacy_link_left(path, os.path.realpath(path)))
            pending = backup_dir / f"{path.name}{files.PENDING_BACKUP}"
            if path.is_symlink():
                # The backup is the bytes as they were, not a link another machine changes.
                files.atomic_write(pending, path.read_bytes())
                path.unlink()
            else:
                os.replace(path, pending)
            files.rotate_backups(backup_dir, path.name)
            files.fsync_dir(path.parent)
        except OSError as exc:
            raise files.io_error("move the old store file", path, exc) from None

    def _append(self, snapshot: Snapshot, data: bytes) -> os.stat_result:
        path = self.own_file
        if self._needs_header(snapshot):
            files.atomic_write(path, _header_line(self.device) + data, through_link=True)
            return os.stat(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise files.io_error("append to", path, exc) from None
        try:
            try:
                size_before = os.fstat(fd).st_size
                files.write_all(fd, data)
                os.fsync(fd)
            except OSError as exc:
                # A full disk can take part of the lines: cut them off again so the file is
                # exactly as it was (we hold the lock, so nobody appended after us).
                with contextlib.suppress(OSError, UnboundLocalError):
                    os.ftruncate(fd, size_before)
                    os.fsync(fd)
                raise files.io_error("append to", path, exc) from None
            return os.fstat(fd)
        finally:
            os.close(fd)

    def _own_key(self, snapshot: Snapshot, info: os.stat_result) -> None:
        own = snapshot.own
        assert own is not None
        own.key = cache.file_key(own.name, info)
        own.size = own.complete = info.st_size

    def _after_write(
        self, snapshot: Snapshot, ops: Sequence[dict[str, Any]], info: os.stat_result
    ) -> None:
        only_adds = all(op["op"] == "add" for op in ops)
        self._after_append(snapshot, info, [op["date"] for op in ops] if only_adds else None)

    def _after_append(
        self, snapshot: Snapshot, info: os.stat_result, added_days: Iterable[str] | None
    ) -> None:
        """Keep the cache right: for adds (a log, an import; `added_days` their dates) the
        new days are known; anything else (None) folds the store once more, under the lock."""
        self._own_key(snapshot, info)
        if added_days is not None and "*" not in snapshot.added_days:
            snapshot.added_days.update(added_days)
            days = snapshot.day_texts() | snapshot.added_days
            cache.write_days(
                self.paths.data_dir,
                self.device,
                snapshot.signature(),
                sorted(days),
                [mark.date.isoformat() for mark in snapshot.rest_marks],
                snapshot.conflicts,
                quiet=_quiet(snapshot),
            )
        else:
            snapshot.added_days.add("*")  # this snapshot no longer tells the cache anything
            self.remember(self.load())

    @contextlib.contextmanager
    def group(self, snapshot: Snapshot, what: str) -> Iterator[GroupWriter]:
        """One committed group appended as it is made (an import of any size): call inside
        `transaction`. Its lines go to the log in blocks as they come; the commit line that
        makes them count is written only when the block ends without an error, after the
        rest is on the disk. An error or Ctrl-C cuts the log back to what it was; a kill
        leaves a group without its commit, which never happened (the next write sets it
        aside). Nothing added: nothing written. `writer.handle` is the operation's handle."""
        writer = GroupWriter(self, snapshot, what)
        try:
            yield writer
        except BaseException:
            writer.abandon()
            raise
        writer.finish()

    # -- the operations commands use

    def add_entries(self, snapshot: Snapshot, entries: Sequence[Entry], what: str = "log") -> int:
        """Commit `entries`; `snapshot` then holds them too (see `_keep_rows`)."""
        ops = [add_op(entry) for entry in entries]
        return self.commit(snapshot, ops, what=None if len(ops) == 1 else what)

    def remove_ids(self, snapshot: Snapshot, ids: Sequence[str], what: str = "delete") -> int:
        ops = [remove_op(target) for target in ids]
        return self.commit(snapshot, ops, what=None if len(ops) == 1 else what)

    def add_rest_marks(self, snapshot: Snapshot, marks: Sequence[RestMark]) -> int:
        ops = [rest_op(new_id(), mark) for mark in marks]
        return self.commit(snapshot, ops, what=None if len(ops) == 1 else "skip")

    def undo(self, snapshot: Snapshot) -> UndoResult:
        """Revert this device's last operation not yet undone, by appending its inverse."""
        self._refuse_newer(snapshot)
        own = snapshot.own
        if own is None or not own.text:
            raise UsageError("nothing to undo: this device has made no change yet.")
        header_end = own.text.find("\n") + 1
        floor = _compacted_floor(own.text[:header_end])
        operation = last_undoable(own_operations(own.text, header_end), floor)
        if operation is None:
            raise UsageError("nothing to undo: this device has no change left to take back.")
        result = UndoResult(operation.what)
        inverses = [inverse(op, snapshot, result) for op in reversed(operation.ops)]
        ops = [op for op in inverses if op is not None]
        if operation.what == "import":
            for op in ops:
                if op["op"] == "remove":
                    op["why"] = SOFT_REMOVAL
        if not ops:
            raise UsageError("nothing to undo: that change cannot be taken back.")
        single = len(operation.ops) == 1 and len(ops) == 1
        what = None if single else f"undo {operation.what}"
        self.commit(snapshot, ops, what=what, undoes=operation.handle)
        after = self.load()
        # Report reverted entries as they are now, back to their values before the edit.
        result.reverted = [after.entry_by_id(entry.id) or entry for entry in result.reverted]
        for op in ops:
            if op["op"] == "restore":
                entry = after.entry_by_id(op["id"])
                if entry is not None:
                    result.restored.append(entry)
                elif op["id"] in after.rest_items:
                    result.marks_restored.append(after.rest_items[op["id"]])
        return result

    def settle(self) -> None:
        """Do now what this device's next write would do first (remove killed writers' temp
        files, set aside a torn end, move a legacy store into this device's log), so that
        `legday sync` sends a log in order and never the old single-file store. A store of a
        newer schema is left as it is."""
        with self.transaction() as snapshot:
            if snapshot.schema <= SCHEMA_VERSION:
                self._prepare(snapshot)

    def compact(self) -> tuple[int, int]:
        """Fold away this device's operations that no longer change anything: adds and edits
        of entries some log removed for good, and rest weeks removed. Removals are kept (they
        stop the same entry coming back from another device or an export). The file is
        replaced atomically, the old one kept as a backup; undo cannot reach behind it.
        Returns (lines before, lines after)."""
        with self.transaction() as snapshot:
            self._refuse_newer(snapshot)
            self._prepare(snapshot)
            own = snapshot.own
            if own is None or not own.text:
                return 0, 0
            text = own.text
            header_end = text.find("\n") + 1
            kept, total = self._kept_lines(text, header_end, snapshot.removed)
            header = json.loads(text[:header_end])
            header["compacted"], header["clock"] = own.last_seq, own.last_clock
            data = (json.dumps(header, separators=(", ", ": ")) + "\n" + "".join(kept)).encode()
            files.atomic_write(self.own_file, data, backup_dir=self._backup_dir, through_link=True)
            autosync.note_write(self.paths)
            self.remember(self.load())
            return total, len(kept)

    def _kept_lines(self, text: str, start: int, removed: frozenset[str]) -> tuple[list[str], int]:
        kept: list[str] = []
        total = 0
        live_groups: set[str] = set()
        for offset, match, line in _lines(text, start):
            total += 1
            raw = text[offset : offset + _line_length(text, offset)]
            if match is not None:
                target, group, kind = match["id"], match["g"], "add"
            else:
                row = json.loads(line)
                target, group, kind = row.get("id"), row.get("g"), row["op"]
            if kind in ("add", "edit", "rest") and target in removed:
                continue
            if kind == "commit":
                if group not in live_groups:
                    continue
            elif group is not None:
                live_groups.add(group)
            kept.append(raw if raw.endswith("\n") else raw + "\n")
        return kept, total


class GroupWriter:
    """A group being appended to this device's log (Store.group)."""

    FLUSH_BYTES = 1 << 20  # written to the file in blocks of about this size

    def __init__(self, store: Store, snapshot: Snapshot, what: str) -> None:
        store._refuse_newer(snapshot)
        self._store = store
        self._snapshot = snapshot
        self._what = what
        self._path = store.own_file
        self._fd: int | None = None
        self._created = False  # the log did not exist: abandoning removes it again
        self._size_before = 0
        self._seq = 0
        self._clock = 0
        self._group = new_id()[:12]
        self._buffer: list[bytes] = []
        self._buffered = 0
        self._days: set[str] | None = set()  # the dates added; None once another op came
        self._logged_at: datetime | None = None
        self._stamp = ""
        self.count = 0
        self.handle: int | None = None

    def add_entry(self, entry: Entry, sets: str | None = None) -> None:
        """Append the add of `entry`; `sets`: its sets as stored, when the caller has them."""
        seq, clock = self._next()
        if entry.logged_at is not self._logged_at:  # one session's entries share it
            self._logged_at = entry.logged_at
            self._stamp = entry.logged_at.isoformat(timespec="seconds")
        text = encode_sets(entry.sets) if sets is None else sets
        day = entry.date.isoformat()
        self._push(add_line(entry, text, seq, clock, self._group, self._stamp, day))
        if self._days is not None:
            self._days.add(day)

    def add(self, op: dict[str, Any]) -> None:
        """Append any operation (an add, restore, edit, rest or remove)."""
        seq, clock = self._next()
        row = _with_order(op, seq, clock)
        row["g"] = self._group
        self._push(_line(row))
        if op["op"] != "add":
            self._days = None
        elif self._days is not None:
            self._days.add(op["date"])

    def _next(self) -> tuple[int, int]:
        if self._fd is None:
            self._open()
        self._seq += 1
        self._clock += 1
        self.count += 1
        return self._seq, self._clock

    def _open(self) -> None:
        store, snapshot, path = self._store, self._snapshot, self._path
        store._take_late_lock(snapshot)  # a new home: its lock, before the first byte
        snapshot.rows.own_end = None  # an import's rows are kept by the next reader's fold
        store._prepare(snapshot)
        own = snapshot.own
        self._seq = own.last_seq if own is not None else 0
        self._clock = snapshot.max_clock
        try:
            # A 0-byte log (made by hand, or a sync tool's placeholder) gets its header too.
            fresh = own is None or own.size == 0 or not path.exists()
            if fresh:
                self._created = not path.exists()
                files.atomic_write(path, _header_line(store.device), through_link=True)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            self._size_before = 0 if fresh else os.fstat(self._fd).st_size
        except OSError as exc:
            self.abandon()
            raise files.io_error("append to", path, exc) from None

    def _push(self, line: bytes) -> None:
        self._buffer.append(line)
        self._buffered += len(line)
        if self._buffered >= self.FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        assert self._fd is not None
        data = b"".join(self._buffer)
        self._buffer, self._buffered = [], 0
        try:
            files.write_all(self._fd, data)
        except OSError as exc:
            raise files.io_error("append to", self._path, exc) from None

    def finish(self) -> None:
        if self._fd is None:
            return  # nothing was added
        fd = self._fd
        try:
            self._seq += 1
            self._clock += 1
            commit = {"op": "commit", "seq": self._seq, "clock": self._clock, "g": self._group}
            commit.update({"what": self._what, "n": self.count})
            self._flush()
            os.fsync(fd)  # every line of the group on the disk before the line that commits it
            files.write_all(fd, _line(commit))
            os.fsync(fd)
            info = os.fstat(fd)
        except OSError as exc:
            self.abandon()
            raise files.io_error("append to", self._path, exc) from None
        os.close(fd)
        self._fd = None
        self._committed(info)

    def _committed(self, info: os.stat_result) -> None:
        store, snapshot = self._store, self._snapshot
        if snapshot.own is None:
            snapshot.own = Source(store.own_file, f"devices/{store.own_file.name}", True)
            snapshot.sources.append(snapshot.own)
        snapshot.own.last_seq, snapshot.own.last_clock = self._seq, self._clock
        snapshot.max_clock = self._clock
        self.handle = self._seq
        store._after_append(snapshot, info, self._days)
        autosync.note_write(store.paths)

    def abandon(self) -> None:
        """Cut the log back to what it was before this group (we hold the lock: nobody else
        appended), or remove it when the group made it."""
        fd, self._fd = self._fd, None
        self._buffer, self._buffered = [], 0
        if fd is None and not self._created:
            return
        with contextlib.suppress(OSError):
            if self._created:
                os.unlink(files.real_target(self._path))
            elif fd is not None:
                os.ftruncate(fd, self._size_before)
                os.fsync(fd)
        if fd is not None:
            os.close(fd)


def _compacted_floor(header_text: str) -> int:
    try:
        floor = json.loads(header_text).get("compacted", 0)
    except (ValueError, AttributeError):
        return 0
    return floor if isinstance(floor, int) and not isinstance(floor, bool) else 0


def _migrated_add(line: legacy.LegacyLine) -> dict[str, Any]:
    """An add operation carrying a legacy line as it was (unknown keys included; `_hw` no
    longer means anything)."""
    if line.match is not None:
        return {"op": "add", **legacy.row_of_match(line.match)}
    # A hand-written or schema 1 line (sets as a list) becomes the canonical form; the keys
    # this legday does not know are kept after the known ones.
    entry = Entry.from_json(line.row)  # checked when the file was read
    canonical = entry.to_json()
    canonical["sets"] = encode_sets(entry.sets)
    extra = {
        name: value
        for name, value in line.row.items()
        if name not in canonical and name not in ("_hw", "op")
    }
    return {"op": "add", **canonical, **extra}


def _nearest_folder(path: Path) -> Path:
    """The nearest folder at or above `path` that exists (the root at worst)."""
    for folder in path.parents:
        if folder.is_dir():
            return folder
    return Path(path.anchor or "/")


def write_lock(paths: Paths) -> contextlib.AbstractContextManager[None]:
    """The data dir's write lock (for writers of other files in it, such as config)."""
    return files.file_lock(paths.lock_file)


compacted_floor = _compacted_floor
