"""The fold: every op log's operations gathered, applied into the live entries and rest
weeks (a Snapshot), with each entry decoded only when asked for."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from legday import cache, legacy
from legday.errors import StoreError
from legday.model import Entry, RestMark, decode_sets, encode_sets, parse_aware_datetime
from legday.store.codec import (
    SCHEMA_VERSION,
    SOFT_REMOVAL,
    Source,
    checked_row,
    line_length,
    log_lines,
    read_header,
    valid_changes,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    # Where an entry's line is: (a log, offset in its text) or (a legacy file, line number).
    Where: TypeAlias = "tuple[Source, int] | tuple[Path, int] | None"
    # An entry as the rows cache keeps it (cache.read_rows): id, date, exercise, sets, note,
    # logged_at, source and edited_at as stored, then the log it came from and its offset.
    Cached: TypeAlias = tuple[str, str, str, str, "str | None", str, str, "str | None", str, int]

Key = tuple[int, str, int]  # (clock, device, seq): the order of operations across devices


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
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
        with without_cyclic_gc():
            return [self.entry(index) for index in indices]

    def all(self) -> tuple[Entry, ...]:
        if self._all is None:
            self._all = tuple(self.entries(range(len(self._items))))
        return self._all


class Snapshot:
    """Everything in the store at one moment. `entries` decodes every entry; the hot commands
    ask for less (`leg_days`, `exercise_names`, `entries_where`)."""

    __slots__ = (
        "rows",
        "rest_items",
        "schema",
        "sources",
        "own",
        "legacy",
        "conflicts",
        "max_clock",
        "removed",
        "soft_removed",
        "added_days",
        "set_aside_key",
        "own_state",
        "_leg_days",
        "_day_texts",
    )

    def __init__(
        self, rows: EntryRows, rest_items: dict[str, RestMark], schema: int = SCHEMA_VERSION
    ) -> None:
        self.rows = rows
        self.rest_items = rest_items
        self.schema = schema
        self.sources: list[Source] = []
        self.own: Source | None = None
        self.legacy = LegacyState()  # none read: a snapshot of the rows cache has none
        self.conflicts: list[str] = []
        self.max_clock = 0
        self.removed: frozenset[str] = frozenset()
        self.soft_removed: dict[str, list[str]] = {}
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
        try:
            index = self.rows.ids.index(entry_id)
        except ValueError:
            return None
        return self.rows.entry(index)

    def signature(self) -> cache.Signature:
        """The key of the files this snapshot was made from, as cache.current_signature
        gives it for the files as they are now."""
        keys = [source.key for source in self.sources if source.key is not None]
        return sorted(keys if self.set_aside_key is None else [*keys, self.set_aside_key])


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


class Fold:
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
            item = add.item
            entry = item if isinstance(item, Entry) else _decode_match(item, add.where)
            entry = _apply_edits(entry, sorted(edits, key=lambda edit: edit[0]))
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


_NOWHERE = Path()  # made once: two Path() per decoded entry were a fifth of `prs` at 10k


def _decode_match(match: re.Match[str], where: Where) -> Entry:
    try:
        return legacy.entry_from_match(match, 0, _NOWHERE, _NOWHERE)
    except StoreError:
        # Damage inside the line: decode again, now with its file and line in the message.
        path, line = locate(where)
        data_dir = path.parent.parent if path.parent.name == "devices" else path.parent
        return legacy.entry_from_match(match, line, path, data_dir / "backups")


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


def cached_row(item: re.Match[str] | Entry | Cached, where: Where) -> Cached:
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
        fields = dict(changes)  # only the editable fields: valid_changes checked them
        if "date" in fields:
            fields["date"] = date.fromisoformat(fields["date"])
        if "sets" in fields:
            fields["sets"] = decode_sets(fields["sets"])
        if edited_at is not None:
            fields["edited_at"] = datetime.fromisoformat(edited_at)
        entry = entry.replace(**fields)
    return entry


# ---------------------------------------------------------------------------- reading a log


def locate(where: Where) -> tuple[Path, int]:
    """The file and line number of an entry's line (counted only when a message needs it)."""
    if where is None:
        return Path("?"), 0
    place, position = where
    if isinstance(place, Source):
        return place.path, place.line_of(position)
    return place, position


def read_log(source: Source, data: bytes, fold: Fold, backup_dir: Path) -> None:
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
    read_header(text[:header_end], source, backup_dir)
    source.valid_end = header_end + 1
    # Operations of an open group wait here until its commit line: an add as (id, _Add), any
    # other operation as the function that applies it.
    group: list[tuple[str, _Add] | Callable[[], None]] = []
    group_id: str | None = None
    device, add_to_fold = source.device, fold.add
    for offset, match, line in log_lines(text, header_end + 1):
        op_group: str | None
        apply: tuple[str, _Add] | Callable[[], None]
        if match is not None:  # the common case, kept light: no JSON, no closure
            op_group, seq_text, clock_text, entry_id = match.group("g", "seq", "clock", "id")
            seq, clock = int(seq_text), int(clock_text)
            apply = (entry_id, _add_of(source, fold, match, offset, (clock, device, seq)))
        else:
            row = checked_row(source, offset, line, backup_dir)
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
            source.valid_end = offset + line_length(text, offset)
        elif apply is _commit_marker:
            if op_group == group_id:
                for pending in group:
                    if isinstance(pending, tuple):
                        add_to_fold(*pending)
                    else:
                        pending()
            group, group_id = [], None
            source.valid_end = offset + line_length(text, offset)
        else:
            if op_group != group_id:
                group, group_id = [], op_group
            group.append(apply)
    if not text[source.valid_end :].strip():
        source.valid_end = len(text)  # blank lines at the end are no interrupted write


def read_alone(path: Path, data: bytes, backup_dir: Path) -> tuple[Source, Fold]:
    """One log's bytes read as the fold reads them, on their own (doctor's checks): the
    source with its valid end, and what was gathered. Raises StoreError as read_log does."""
    source, fold = Source(path, path.name), Fold()
    read_log(source, data, fold, backup_dir)
    return source, fold


def _commit_marker() -> None:
    return None


def _add_of(source: Source, fold: Fold, match: re.Match[str], offset: int, key: Key) -> _Add:
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
    source: Source, fold: Fold, row: dict[str, Any], offset: int, backup_dir: Path
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
        add = _Add(key, entry, (source, offset), entry.date, entry.exercise)
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
        if not isinstance(target, str) or not valid_changes(changes):
            raise bad("an edit needs a string 'id' and 'set' of date, exercise, sets or note")
        if edited_at is not None and not isinstance(edited_at, str):
            raise bad("'edited_at' must be a string")
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


# ---------------------------------------------------------------------------- the legacy files


class LegacyState:
    """The single-file store of earlier legday, as read."""

    __slots__ = ("sessions", "rest", "sessions_source", "rest_source")

    def __init__(self) -> None:
        self.sessions: legacy.LegacySessions | None = None
        self.rest: dict[str, RestMark] = {}  # by the id each is migrated with
        self.sessions_source: Source | None = None
        self.rest_source: Source | None = None

    @property
    def present(self) -> bool:
        return self.sessions_source is not None or self.rest_source is not None


def legacy_into(fold: Fold, state: LegacyState) -> None:
    sessions = state.sessions
    source = state.sessions_source
    if sessions is not None and source is not None:
        for line in sessions.lines:
            key: Key = (0, "", line.number)
            where: Where = (source.path, line.number)
            item = line.item
            if isinstance(item, Entry):
                entry_id, add = item.id, _Add(key, item, where, item.date, item.exercise)
            else:
                day = fold.day(item["date"])
                entry_id, add = item["id"], _Add(key, item, where, day, item["exercise"])
            fold.add(entry_id, add)
    for index, (mid, mark) in enumerate(state.rest.items()):
        fold.marks.setdefault(mid, ((0, "", index), mark))
