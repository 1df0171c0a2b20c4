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
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from legday import autosync, cache, files, legacy, set_aside
from legday.device import current_device, is_device_name
from legday.errors import StoreError, UsageError
from legday.exit import write_when_done
from legday.model import Entry, RestMark, encode_sets
from legday.paths import REST_WEEKS_FILE, SESSIONS_FILE, Paths, ensure_private_dir
from legday.render import store_notes as notes
from legday.store.codec import (
    SCHEMA_VERSION,
    SOFT_REMOVAL,
    Source,
    add_line,
    add_op,
    compacted_floor,
    edit_op,
    encode_line,
    header_line,
    line_length,
    log_lines,
    migrated_add,
    new_id,
    remove_op,
    rest_op,
    with_order,
)
from legday.store.fold import (
    EntryRows,
    Fold,
    LegacyState,
    Snapshot,
    cached_row,
    legacy_into,
    read_alone,
    read_log,
    without_cyclic_gc,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from legday.store.fold import Cached

# What other modules take from the store; the format and the fold live in .codec and .fold.
__all__ = [
    "SCHEMA_VERSION",
    "SOFT_REMOVAL",
    "EntryRows",
    "GroupWriter",
    "Operation",
    "Snapshot",
    "Store",
    "UndoResult",
    "add_op",
    "edit_op",
    "is_conflict_copy",
    "new_id",
    "remove_op",
    "rest_op",
]

# Groups that `undo` does not revert: the migration of the old single-file store.
FINAL_GROUPS = frozenset({"migrate"})
# Groups `undo` passes over: a merged conflict copy restates operations made elsewhere.
PASSED_OVER_GROUPS = frozenset({"merge"})

Warn = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


def is_conflict_copy(file_name: str) -> bool:
    """A sync tool's copy of a device log (Syncthing `.sync-conflict-`, Dropbox `(conflicted
    copy ...)`, iCloud `NAME 2.jsonl`): any .jsonl in devices/ that is not `<device>.jsonl`,
    or whose name says "conflict"."""
    stem = file_name.removesuffix(".jsonl")
    return not is_device_name(stem) or "conflict" in stem


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


def own_operations(own: Source) -> tuple[list[Operation], int]:
    """This device's operations in order, from its log's text, and the seq up to which a
    compaction folded its lines away (no undo reaches behind it)."""
    text = own.text
    start = text.find("\n") + 1
    operations: list[Operation] = []
    group: list[dict[str, Any]] = []
    group_id: str | None = None
    for _offset, op in _operations(text, start):
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
    return operations, compacted_floor(text[:start])


def _operations(text: str, start: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(offset, operation) for every line of text[start:]; a canonical add as its op, seq,
    id and group only (all that undo and compaction look at)."""
    for offset, match, line in log_lines(text, start):
        if match is None:
            yield offset, json.loads(line)
        else:
            add = {"op": "add", "seq": int(match["seq"]), "id": match["id"], "g": match["g"]}
            yield offset, add


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


def inverses(
    ops: Iterable[dict[str, Any]], snapshot: Snapshot, result: UndoResult, *, soft: bool
) -> list[dict[str, Any]]:
    """The operations that take `ops` back, in the order given (one of a kind undo does not
    know: none). `soft`: their removals are soft, as an import's undo makes them (importing
    the file again brings the entries back)."""
    found = []
    for op in ops:
        undone = _inverse(op, snapshot, result)
        if undone is None:
            continue
        if soft and undone["op"] == "remove":
            undone["why"] = SOFT_REMOVAL
        found.append(undone)
    return found


def _inverse(op: dict[str, Any], snapshot: Snapshot, result: UndoResult) -> dict[str, Any] | None:
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
    return not snapshot.legacy.present and not any(s.has_leftover for s in snapshot.sources)


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

    def _warn_of_conflicts(self, names: Iterable[str]) -> None:
        for name in names:
            self._warn_once(notes.conflict_copy(name))

    # -- reading

    @without_cyclic_gc()
    def load(self) -> Snapshot:
        fold = Fold()
        backup_dir = self._backup_dir
        state = self._read_legacy()
        legacy_into(fold, state)
        sources: list[Source] = [s for s in (state.sessions_source, state.rest_source) if s]
        conflicts: list[str] = []
        own = None
        aside, aside_info = set_aside.read(self.paths.data_dir, self.device)
        for path in self._log_paths():
            name = f"devices/{path.name}"
            own_path = path.name == self.own_file.name
            if fold.own_boundary is None and path.name > self.own_file.name:
                fold.own_boundary = len(fold.adds)  # where this device's log would be read
            read = _read_source(path, name)
            if read is None:
                continue
            data, source = read
            if not own_path and path.name in aside:
                data = set_aside.without(data, aside[path.name])
            read_log(source, data, fold, backup_dir)
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
        snapshot.sources, snapshot.own, snapshot.legacy = sources, own, state
        snapshot.conflicts, snapshot.removed = conflicts, removed
        snapshot.soft_removed = fold.soft_removed()
        if aside_info is not None:
            snapshot.set_aside_key = cache.file_key(cache.set_aside_name(self.device), aside_info)
        snapshot.max_clock = max((s.last_clock for s in sources), default=0)
        self._warn_of_conflicts(conflicts)
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
            self._warn_of_conflicts(snapshot.conflicts)
        else:
            snapshot = self.load()
            if snapshot.signature() != current:
                return snapshot  # a file changed while it was read: nothing to remember
            if _quiet(snapshot):
                self._write_rows(snapshot)
        if current is not None:
            self._read = (current, snapshot)
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
        self._warn_of_conflicts(conflicts)
        return answer

    def keep_answer(self, key: Any, snapshot: Snapshot, answer: Any) -> None:
        """Keep `answer`, computed from `snapshot` (what `read` answered, from a fold that
        warned of nothing but conflict copies) for `read_answer`; else nothing is kept. A
        snapshot of the rows cache is quiet: it has no sources and no legacy files."""
        if self._read is None or self._read[1] is not snapshot or not _quiet(snapshot):
            return
        data_dir = self.paths.data_dir
        cache.write_answer(data_dir, self.device, self._read[0], key, snapshot.conflicts, answer)

    def _write_rows(self, snapshot: Snapshot) -> None:
        """Keep the fold's result for the next reader (only a quiet fold of the files as they
        still are, so a reader that takes it has nothing left to warn of)."""
        rows = snapshot.rows
        entries: tuple[Cached, ...]
        if rows._cached is not None and len(rows._cached) == len(rows):
            entries = tuple(rows._cached)  # as read, plus what was added
        else:
            # One string object per distinct date, name, set text and source: marshal writes
            # a repeat as a reference, which loads about a quarter faster (10k entries).
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
                ) in map(cached_row, rows._items, rows._where)
            )
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

    @without_cyclic_gc()
    def _rows_snapshot(self, signature: cache.Signature | None) -> Snapshot | None:
        """The snapshot `_write_rows` stored in the rows cache for the files whose key is
        `signature`; None when there is none or it holds anything else."""
        cached = cache.read_rows(self.paths.data_dir, self.device, signature)
        if cached is None:
            return None
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
                    rows._sources[name] = Source(Path(self.paths.data_dir, name), name)
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
            legs, rest, conflicts, _complete = cached
            try:
                days = frozenset(map(date.fromisoformat, legs))
                rest_days = frozenset(map(date.fromisoformat, rest))
            except ValueError:
                pass  # not what legday writes: the fold below answers
            else:
                self._warn_of_conflicts(conflicts)
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

    def _read_legacy(self) -> LegacyState:
        state = LegacyState()
        backup_dir = self._backup_dir
        read = _read_source(Path(self.paths.sessions_file), SESSIONS_FILE)
        if read is not None:
            data, source = read
            state.sessions = legacy.parse_sessions(data, source.path, backup_dir)
            # `complete` short of `size` is what marks a torn end: the legacy file keeps no
            # text, so only these two byte counts tell whether its last line is whole.
            source.complete = len(data) - len(state.sessions.torn)
            source.schema = state.sessions.schema
            state.sessions_source = source
        read = _read_source(Path(self.paths.rest_weeks_file), REST_WEEKS_FILE)
        if read is not None:
            data, source = read
            state.rest = legacy.parse_rest_weeks(data, source.path, backup_dir)
            state.rest_source = source
        return state

    def _note_leftovers(self, snapshot: Snapshot) -> None:
        """An interrupted write of this device (or of legacy legday) left a torn line: set it
        aside when the lock is free at once (never waiting: readers need no lock), else say
        that it is left out."""
        leftovers = self._leftovers(snapshot)
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

    def _leftovers(self, snapshot: Snapshot) -> list[Source]:
        """The files with a torn end this device may set aside: its own log and the legacy
        file, unless a newer legday wrote them (its file is left exactly as it is)."""
        found = [snapshot.own] if snapshot.own is not None else []
        if snapshot.legacy.sessions_source is not None:
            found.append(snapshot.legacy.sessions_source)
        for source in found:
            if source.schema > SCHEMA_VERSION and source.has_leftover:
                self._warn_once(notes.newer_torn_end(source.path))
        return [s for s in found if s.schema <= SCHEMA_VERSION and s.has_leftover]

    def _set_aside(self, source: Source) -> None:
        """Move the bytes after the last complete operation to a side file, then cut them off.
        Re-read under the lock: only what is still there is a leftover."""
        path = source.path
        read = files.read_regular(path)
        if read is None:
            return
        data, _info = read
        if source.name == SESSIONS_FILE:  # how many bytes are complete lines or operations
            valid = len(data) - len(legacy.parse_sessions(data, path, self._backup_dir).torn)
        else:
            valid = read_alone(path, data, self._backup_dir)[0].valid_bytes
        if len(data) <= valid:
            return
        leftover = data[valid:]
        side = path.with_name(f"{path.name}.torn-{legacy.timestamp_now()}")
        try:
            fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            files.write_durably(fd, leftover if leftover.endswith(b"\n") else leftover + b"\n")
            files.truncate_durably(path, valid)
        except OSError as exc:
            raise files.io_error("set aside the incomplete end of", path, exc) from None
        source.size = source.complete = valid
        source.text = source.text[: source.valid_end]
        self.warn(notes.torn_end_moved(path, side, len(leftover)))

    def remember(self, snapshot: Snapshot) -> None:
        """Remake the derived cache from `snapshot` when it no longer matches the files (remind
        and status call it after a fold, so the next cron run is fast again). Best effort."""
        data_dir = self.paths.data_dir
        matches = snapshot.signature() == cache.current_signature(data_dir, self.device)
        if matches and cache.read_days(data_dir, self.device, quiet=_quiet(snapshot)) is None:
            self._write_cache(snapshot, snapshot.day_texts())

    def _write_cache(self, snapshot: Snapshot, days: Iterable[str]) -> None:
        cache.write_days(
            self.paths.data_dir,
            self.device,
            snapshot.signature(),
            sorted(days),
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
            source = Source(Path(self.paths.data_dir, name), name)
            source.key, source.size = key, key[1]
            source.complete = source.size
            if name == own_name:
                source.last_seq, source.last_clock, source.chars = snapshot.own_state
                snapshot.own = source
            snapshot.sources.append(source)
        if snapshot.own is None and snapshot.own_state != (0, 0, 0):
            return None  # the cache knew a log of this device that is gone: fold
        self._warn_of_conflicts(snapshot.conflicts)
        return snapshot

    def _take_late_lock(self, snapshot: Snapshot) -> None:
        """The lock of the data dir a transaction in a new home put off, taken before its
        first write. The store can have changed only if another writer locked a different
        folder (one made in between above the data dir): then nothing is written."""
        late_lock, self._late_lock = self._late_lock, None
        if late_lock is None:
            return
        made = os.path.lexists(self.paths.data_dir)  # by a writer that locked another folder
        lock = files.file_lock if made else files.new_dir_lock
        late_lock.enter_context(lock(self.paths.lock_file))
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
        if snapshot.legacy.present or self._leftovers(snapshot):
            # Text that cannot be stored is refused before the migration or a torn end set
            # aside writes anything (the lines are made again, numbered, below).
            for op in ops:
                encode_line(op)
            snapshot.rows.own_end = None  # the rows no longer follow the files' fold order
        self._prepare(snapshot)
        rows = self._numbered(snapshot, ops, what=what, undoes=undoes)
        data = b"".join(encode_line(row) for row in rows)
        assert snapshot.own is not None  # _numbered made it
        fresh = self._needs_header(snapshot)
        chars_before = 0 if fresh else snapshot.own.chars
        info = self._append(snapshot, data)
        handle: int = rows[-1]["seq"]
        only_adds = all(op["op"] == "add" for op in ops)
        self._after_append(snapshot, info, [op["date"] for op in ops] if only_adds else None)
        if only_adds:
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
        header = header_line(self.device)
        text_of_header = len(header.decode("utf-8"))
        added_chars = len(data.decode("utf-8"))
        own.chars = chars_before + (text_of_header if fresh else 0) + added_chars
        at = rows.own_end
        if at is None or not _quiet(snapshot):
            return
        base = 0 if fresh else chars_before - text_of_header
        new = read_alone(own.path, header + data, self._backup_dir)[1].rows(frozenset())
        items = [
            cached_row(item, (own, base + (where[1] if where else 0)))
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
            row = with_order(op, seq, clock)
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
        self._advance(snapshot, seq, clock)
        return rows

    def _advance(self, snapshot: Snapshot, seq: int, clock: int) -> None:
        """This device's log now ends at `seq` and `clock` (made known to `snapshot`)."""
        if snapshot.own is None:
            snapshot.own = Source(self.own_file, f"devices/{self.own_file.name}")
            snapshot.sources.append(snapshot.own)
        snapshot.own.last_seq, snapshot.own.last_clock = seq, clock
        snapshot.max_clock = clock

    def _prepare(self, snapshot: Snapshot) -> None:
        """Before this device appends: remove what killed writers left, set aside a torn end,
        and move the legacy single-file store into this device's log (once)."""
        files.remove_stale_temps(self.own_file)
        # A compaction killed between its rename and its rotation left the old log as
        # NAME.pending, which `restore` does not list; it becomes NAME.1 now (one stat when
        # there is none).
        files.rotate_backups(self._backup_dir, self.own_file.name)
        cache.remove_stale_temps(self.paths.data_dir, self.device)
        for source in self._leftovers(snapshot):
            self._set_aside(source)
        if snapshot.legacy.present:
            self._migrate(snapshot)

    def _migrate(self, snapshot: Snapshot) -> None:
        state = snapshot.legacy
        # Every legacy entry is carried over; an id some log already adds folds to one entry.
        lines = [] if state.sessions is None else state.sessions.lines
        ops = [migrated_add(line) for line in lines]
        ops += [rest_op(mark_id, mark) for mark_id, mark in state.rest.items()]
        if ops:
            rows = self._numbered(snapshot, ops, what="migrate", undoes=None)
            info = self._append(snapshot, b"".join(encode_line(row) for row in rows))
            self._own_key(snapshot, info)
        for source in (state.sessions_source, state.rest_source):
            if source is not None:
                self._retire(source.path)
                snapshot.sources.remove(source)
        snapshot.legacy = LegacyState()  # nothing left to migrate
        self.warn(notes.migrated(self.own_file, self.paths.backup_dir))

    def _retire(self, path: Path) -> None:
        """Keep a legacy file as a backup and take it out of the data dir."""
        backup_dir = self._backup_dir
        try:
            ensure_private_dir(backup_dir)
            pending = files.pending_name(backup_dir, path.name)
            if path.is_symlink():
                self.warn(notes.legacy_link_left(path, os.path.realpath(path)))
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
            files.atomic_write(path, header_line(self.device) + data, through_link=True)
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

    def _after_append(
        self, snapshot: Snapshot, info: os.stat_result, added_days: Iterable[str] | None
    ) -> None:
        """Keep the cache right: for adds (a log, an import; `added_days` their dates) the
        new days are known; anything else (None) folds the store once more, under the lock."""
        self._own_key(snapshot, info)
        if added_days is not None and "*" not in snapshot.added_days:
            snapshot.added_days.update(added_days)
            self._write_cache(snapshot, snapshot.day_texts() | snapshot.added_days)
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
        operation = last_undoable(*own_operations(own))
        if operation is None:
            raise UsageError("nothing to undo: this device has no change left to take back.")
        result = UndoResult(operation.what)
        ops = inverses(reversed(operation.ops), snapshot, result, soft=operation.what == "import")
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
        for offset, op in _operations(text, start):
            total += 1
            raw = text[offset : offset + line_length(text, offset)]
            target, group, kind = op.get("id"), op.get("g"), op["op"]
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
        row = with_order(op, seq, clock)
        row["g"] = self._group
        self._push(encode_line(row))
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
            fresh = store._needs_header(snapshot)
            if fresh:
                self._created = not path.exists()
                files.atomic_write(path, header_line(store.device), through_link=True)
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
            files.write_all(fd, encode_line(commit))
            os.fsync(fd)
            info = os.fstat(fd)
        except OSError as exc:
            self.abandon()
            raise files.io_error("append to", self._path, exc) from None
        os.close(fd)
        self._fd = None
        store, snapshot = self._store, self._snapshot
        store._advance(snapshot, self._seq, self._clock)
        self.handle = self._seq
        store._after_append(snapshot, info, self._days)
        autosync.note_write(store.paths)

    def abandon(self) -> None:
        """Cut the log back to what it was before this group (we hold the lock: nobody else
        appended), or remove it when the group made it."""
        fd, self._fd = self._fd, None
        self._buffer, self._buffered = [], 0
        with contextlib.suppress(OSError):
            if self._created:
                os.unlink(files.real_target(self._path))
            elif fd is not None:
                os.ftruncate(fd, self._size_before)
                os.fsync(fd)
        if fd is not None:
            os.close(fd)


def _read_source(path: Path, name: str) -> tuple[bytes, Source] | None:
    """A file's bytes and its Source (keyed, whole: read_log then finds a log's complete
    end), or None when there is none."""
    read = files.read_regular(path)
    if read is None:
        return None
    data, info = read
    source = Source(path, name)
    source.key = cache.file_key(name, info)
    source.size = source.complete = len(data)
    return data, source


def _nearest_folder(path: Path) -> Path:
    """The nearest folder at or above `path` that exists (the root at worst)."""
    for folder in path.parents:
        if folder.is_dir():
            return folder
    return Path(path.anchor or "/")
