"""The sessions store: JSON Lines with a schema header, written so that nothing is ever lost.

Layout of `sessions.jsonl`:
    line 1   {"legday": "sessions", "schema": 2}
    line 2+  one entry per line: the contract's history shape, except that the sets are one
             compact string (model.encode_sets), plus "_hw", the latest entry date at or
             above that line. Appends may be back-dated, so the file is not sorted; `_hw` lets
             the cron path (legday.tail) read only the tail: once it meets a line whose `_hw`
             is older than the window it needs, no line above can be in that window.
    Schema 1 (sets as a list of objects) is still read; its first write makes it schema 2.

Safety rules (see docs/RELIABILITY.md): appends are one write() + fsync; rewrites go to a temp
file in the same directory, fsync, os.replace, fsync of the directory; the previous file is
kept as a rotating backup first; every write holds an inter-process lock; a file that cannot
be read is never written; a newer schema is refused for writing; a torn last line (a crash
mid-append) is moved to a side file and reported, never dropped silently.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time as _time
from _thread import get_ident
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from legday.errors import StoreError, UsageError
from legday.model import Entry, RestMark, encode_sets
from legday.paths import BACKUP_DIR as BACKUP_DIR_NAME
from legday.paths import Paths, ensure_private_dir
from legday.tail import decode_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# 2: sets stored as one string per entry (see model.encode_sets); schema 1 files are
# read as they are and rewritten as schema 2 on their first write.
SCHEMA_VERSION = 2
SESSIONS_HEADER = {"legday": "sessions", "schema": SCHEMA_VERSION}
REST_HEADER_KIND = "rest-weeks"
REST_SCHEMA_VERSION = 1
BACKUPS_KEPT = 5
LOCK_TIMEOUT_ENV = "LEGDAY_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0

# Lock files this process holds, per thread. flock is per open file, so a second
# write_lock() in the same thread (a load that meets a torn tail inside a transaction)
# would otherwise wait on itself until the timeout.
_HELD_LOCKS: set[tuple[str, int]] = set()

Warn = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


class Snapshot:
    """Everything in the store at one moment. `entries` decodes every entry; the hot
    commands ask for less (`leg_days`, `exercise_names`, `entries_where`)."""

    __slots__ = ("rows", "rest_marks", "schema", "max_date")

    def __init__(
        self,
        entries: EntryRows | Iterable[Entry],
        rest_marks: Iterable[RestMark],
        schema: int = SCHEMA_VERSION,
        max_date: date | None = None,
    ) -> None:
        self.rows = entries if isinstance(entries, EntryRows) else EntryRows.of(entries)
        self.rest_marks = tuple(rest_marks)
        self.schema = schema
        self.max_date = max(self.rows.dates, default=None) if max_date is None else max_date

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.rows.all()

    @property
    def leg_days(self) -> frozenset[date]:
        return frozenset(self.rows.dates)

    @property
    def exercise_names(self) -> set[str]:
        return set(self.rows.names)

    def entries_where(
        self, *, since: date | None = None, names: Collection[str] | None = None
    ) -> list[Entry]:
        """The entries dated `since` or later and named one of `names`, in file order;
        only those are decoded."""
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


# ---------------------------------------------------------------------------- low-level I/O


def _fsync_dir(path: Path) -> None:
    # The rename itself must reach the disk, or a crash can bring the old file back.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _io_error(action: str, path: Path, exc: OSError) -> StoreError:
    reason = exc.strerror or str(exc)
    return StoreError(f"cannot {action} {path}: {reason}; nothing was changed.")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a reader sees the old or the new file, never
    a mix, and a crash leaves the old one in place."""
    ensure_private_dir(path.parent)
    tmp_name = None
    try:
        fd, tmp_name = _mkstemp(path)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise _io_error("write", path, exc) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _mkstemp(path: Path) -> tuple[int, str]:
    import tempfile  # only writers pay for it

    # mkstemp creates the file 0600 whatever the umask.
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _not_a_file(path) from None
    except OSError as exc:
        raise _io_error("read", path, exc) from None


def _not_a_file(path: Path) -> StoreError:
    return StoreError(
        f"{path} is a directory, not legday's file; move it away to continue "
        f"(backups of the file, if any, are in {path.parent / BACKUP_DIR_NAME})."
    )


# ---------------------------------------------------------------------------- the lock


def _lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextlib.contextmanager
def write_lock(paths: Paths) -> Iterator[None]:
    """Hold the inter-process lock of the data dir (flock: released by the kernel if the
    holder dies, so a crash never leaves a stale lock behind)."""
    key = (str(paths.lock_file), get_ident())
    if key in _HELD_LOCKS:
        yield  # already ours: nested use inside a transaction
        return
    try:
        ensure_private_dir(paths.data_dir)
        fd = os.open(paths.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _io_error("open the lock file", paths.lock_file, exc) from None
    try:
        _acquire(fd, paths.lock_file, _lock_timeout())
        _HELD_LOCKS.add(key)
        try:
            yield
        finally:
            _HELD_LOCKS.discard(key)
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
    deadline = _time.monotonic() + timeout
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if _time.monotonic() >= deadline:
                raise StoreError(
                    f"another legday is writing (lock {lock_path} held for over {timeout:g} s); "
                    "try again in a moment."
                ) from None
            _time.sleep(delay)  # polling keeps the timeout exact; flock has none of its own
            delay = min(delay * 2, 0.05)


# ---------------------------------------------------------------------------- parsing


def _corrupt(path: Path, line: int, problem: str, paths: Paths) -> StoreError:
    return StoreError(
        f"{path}, line {line}: {problem}. legday will not write to it until it is fixed; "
        f"backups of earlier versions are in {paths.backup_dir}."
    )


def _parse_header(raw: bytes, path: Path, paths: Paths) -> int:
    try:
        # A BOM left by a Windows editor is not damage.
        header = decode_json(raw.removeprefix(b"\xef\xbb\xbf"))
    except (ValueError, RecursionError):
        header = None
    if (
        not isinstance(header, dict)
        or header.get("legday") != "sessions"
        or isinstance(header.get("schema"), bool)
        or not isinstance(header.get("schema"), int)
    ):
        raise _corrupt(path, 1, 'missing the header {"legday": "sessions", "schema": N}', paths)
    schema: int = header["schema"]
    return schema


def _parse_entry_line(raw: bytes, number: int, path: Path, paths: Paths) -> Entry:
    try:
        row = decode_json(raw)
    except UnicodeDecodeError:
        raise _corrupt(path, number, "not valid UTF-8", paths) from None
    except json.JSONDecodeError as exc:
        raise _corrupt(path, number, f"not valid JSON ({exc.msg})", paths) from None
    except (ValueError, RecursionError):
        # Too deeply nested, or a number too long for int(): JSON refuses it too.
        raise _corrupt(path, number, "not valid JSON (a value is too large)", paths) from None
    if b"\\u" in raw and not _encodable(row):
        raise _corrupt(path, number, "a text holds a lone surrogate (\\uD800-\\uDFFF)", paths)
    return _entry_from_row(row, number, path, paths)


def _entry_from_row(row: Any, number: int, path: Path, paths: Paths) -> Entry:
    try:
        return Entry.from_json(row)
    except (ValueError, TypeError) as exc:
        raise _corrupt(path, number, str(exc), paths) from None
    except OverflowError:
        # model's float() of an integer weight or RPE beyond the float range.
        raise _corrupt(path, number, "a weight or RPE is too large a number", paths) from None


def _encodable(row: Any) -> bool:
    """False when some string in `row` cannot be written back as UTF-8 (a JSON escape such
    as \\ud800 decodes to a lone surrogate): loading it would make the next rewrite fail."""
    try:
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# A line exactly as `_serialise` writes it when no text needs a JSON escape (almost always).
# Such a line is checked and split by this one expression, and only decoded into an Entry
# when a command needs that entry; any other line (escapes, a hand edit, schema 1's list of
# set objects) goes through json and Entry.from_json at once.
_TEXT = r'[^"\\\x00-\x1f]'
_DATE = r"\d{4}-\d\d-\d\d"
# Anchored per line (MULTILINE), so it serves both a whole-file finditer and one line's
# fullmatch.
_CANONICAL_LINES = re.compile(
    rf'^\{{"id":"({_TEXT}+)","date":"({_DATE})","exercise":"({_TEXT}+)",'
    rf'"sets":"([0-9a-z.,;+-]+)","note":(null|"{_TEXT}*"),"logged_at":"({_TEXT}+)",'
    rf'"source":"({_TEXT}*)","_hw":"{_DATE}"\}}$',
    re.MULTILINE,
)


class EntryRows:
    """The entries of the sessions file in file order: every line's date and exercise at
    once, the whole Entry on demand (`entry`, `entries`, `all`). Lines were checked for shape
    when read; decoding one that is damaged inside raises StoreError naming its line."""

    __slots__ = ("dates", "names", "_items", "_numbers", "_path", "_paths", "_all")

    def __init__(self, path: Path, paths: Paths) -> None:
        self.dates: list[date] = []
        self.names: list[str] = []
        self._items: list[re.Match[str] | Entry] = []
        self._numbers: list[int] | None = []  # None: entry i is on line i + 2
        self._path = path
        self._paths = paths
        self._all: tuple[Entry, ...] | None = None

    @classmethod
    def of(cls, entries: Iterable[Entry], paths: Paths | None = None) -> EntryRows:
        where = paths or Paths(Path("."), Path("."))
        rows = cls(where.sessions_file, where)
        for number, entry in enumerate(entries, start=2):
            rows.add_entry(entry, number)
        return rows

    def __len__(self) -> int:
        return len(self._items)

    @classmethod
    def of_lines(
        cls, matches: list[re.Match[str]], dates: list[date], path: Path, paths: Paths
    ) -> EntryRows:
        """Rows for a file whose every entry line is canonical, line i + 2 being matches[i]."""
        rows = cls(path, paths)
        rows.dates = dates
        rows.names = [match[3] for match in matches]
        rows._items = list(matches)
        rows._numbers = None
        return rows

    def add_entry(self, entry: Entry, number: int) -> None:
        self._add(entry.date, entry.exercise, entry, number)

    def add_line(self, match: re.Match[str], day: date, number: int) -> None:
        self._add(day, match[3], match, number)

    def _add(self, day: date, name: str, item: re.Match[str] | Entry, number: int) -> None:
        assert self._numbers is not None, "rows made by of_lines are complete"
        self.dates.append(day)
        self.names.append(name)
        self._items.append(item)
        self._numbers.append(number)

    def _line_number(self, index: int) -> int:
        return index + 2 if self._numbers is None else self._numbers[index]

    def entry(self, index: int) -> Entry:
        item = self._items[index]
        if isinstance(item, Entry):
            return item
        note = item[5]
        row = {
            "id": item[1],
            "date": item[2],
            "exercise": item[3],
            "sets": item[4],
            "note": None if note == "null" else note[1:-1],
            "logged_at": item[6],
            "source": item[7],
        }
        entry = _entry_from_row(row, self._line_number(index), self._path, self._paths)
        self._items[index] = entry
        return entry

    def entries(self, indices: Iterable[int]) -> list[Entry]:
        return [self.entry(index) for index in indices]

    def all(self) -> tuple[Entry, ...]:
        if self._all is None:
            self._all = tuple(self.entries(range(len(self._items))))
        return self._all


def _parse_canonical(body: bytes, path: Path, paths: Paths) -> EntryRows | None:
    """All entry lines at once, when every one is canonical (as legday writes them); None
    when any is not, for the line-by-line path to sort out."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    matches = list(_CANONICAL_LINES.finditer(text))
    # A match never spans lines, so as many matches as lines means every line matched.
    if len(matches) != text.count("\n") + 1:
        return None
    texts = [match[2] for match in matches]
    days: dict[str, date] = {}
    for day_text in set(texts):
        try:
            days[day_text] = date.fromisoformat(day_text)
        except ValueError:
            number = texts.index(day_text) + 2
            problem = f"'date' must be a YYYY-MM-DD date, not {day_text!r}"
            raise _corrupt(path, number, problem, paths) from None
    return EntryRows.of_lines(matches, [days[day_text] for day_text in texts], path, paths)


def _parse_rows(lines: list[bytes], path: Path, paths: Paths) -> EntryRows:
    """Entry lines (the file without header and torn tail) → rows; StoreError on damage."""
    rows = EntryRows(path, paths)
    try:
        texts = b"\n".join(lines).decode("utf-8").split("\n")
    except UnicodeDecodeError:
        texts = None  # the per-line path below names the line
    days: dict[str, date] = {}
    for offset, raw in enumerate(lines):
        number = offset + 2
        match = None if texts is None else _CANONICAL_LINES.fullmatch(texts[offset])
        if match is None:
            if raw.strip():
                rows.add_entry(_parse_entry_line(raw, number, path, paths), number)
            continue
        day_text = match[2]
        day = days.get(day_text)
        if day is None:
            try:
                day = days[day_text] = date.fromisoformat(day_text)
            except ValueError:
                problem = f"'date' must be a YYYY-MM-DD date, not {day_text!r}"
                raise _corrupt(path, number, problem, paths) from None
        rows.add_line(match, day, number)
    return rows


def parse_sessions(data: bytes, path: Path, paths: Paths) -> tuple[int, EntryRows, bytes]:
    """Schema, entry rows and a torn tail. Raises StoreError naming the line of any damage."""
    if not data:
        raise _corrupt(path, 1, "the file is empty (it should at least hold its header)", paths)
    header_end, last_newline = data.find(b"\n"), data.rfind(b"\n")
    if header_end < 0:
        raise _corrupt(path, 1, "the header line is incomplete", paths)
    schema = _parse_header(data[:header_end], path, paths)
    torn = data[last_newline + 1 :]
    if header_end == last_newline:
        return schema, EntryRows(path, paths), torn
    body = data[header_end + 1 : last_newline]
    rows = _parse_canonical(body, path, paths)
    if rows is None:
        rows = _parse_rows(body.split(b"\n"), path, paths)
    return schema, rows, torn


def _serialise(entry: Entry, high_water: date) -> bytes:
    row = entry.to_json()
    row["sets"] = encode_sets(entry.sets)
    row["_hw"] = high_water.isoformat()
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # Undecodable bytes in argv arrive as lone surrogates; storing them would make
        # the whole file unreadable, so the entry is refused as bad input.
        raise UsageError(
            f"the entry for {entry.exercise.encode('utf-8', 'replace').decode()!r} holds bytes "
            "that are not valid UTF-8 text; retype the name and note. Nothing was stored."
        ) from None


def _header_bytes() -> bytes:
    return json.dumps(SESSIONS_HEADER, separators=(", ", ": ")).encode() + b"\n"


# ---------------------------------------------------------------------------- the store


class Store:
    """The sessions file and the rest-weeks file of one data dir."""

    def __init__(self, paths: Paths, warn: Warn = _ignore) -> None:
        self.paths = paths
        self.warn = warn

    # -- reading

    def load(self) -> Snapshot:
        rows, schema = self._load_entries()
        return Snapshot(rows, self.load_rest_marks(), schema)

    def _load_entries(self) -> tuple[EntryRows, int]:
        path = self.paths.sessions_file
        data = _read_bytes(path)
        if data is None:
            return EntryRows(path, self.paths), SCHEMA_VERSION
        schema, entries, torn = parse_sessions(data, path, self.paths)
        if torn:
            return self._load_after_torn_tail()
        return entries, schema

    def _load_after_torn_tail(self) -> tuple[EntryRows, int]:
        # An unterminated last line is either an append in flight or a crash's leftover.
        # Under the lock no append is in flight, so whatever is still torn is a leftover.
        with write_lock(self.paths):
            path = self.paths.sessions_file
            data = _read_bytes(path) or b""
            schema, entries, torn = parse_sessions(data, path, self.paths)
            if torn and schema <= SCHEMA_VERSION:
                self._set_aside(data, torn)
            elif torn:
                self.warn(f"the last line of {path} is incomplete; a newer legday owns this file.")
        return entries, schema

    def _set_aside(self, data: bytes, torn: bytes) -> None:
        path = self.paths.sessions_file
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        side = path.with_name(f"{path.name}.torn-{stamp}")
        try:
            fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                _write_all(fd, torn + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
            with path.open("r+b") as handle:
                handle.truncate(len(data) - len(torn))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _io_error("set aside the torn last line of", path, exc) from None
        self.warn(
            f"the last line of {path} was incomplete (an interrupted write); "
            f"it was moved to {side} ({len(torn)} bytes)."
        )

    def load_rest_marks(self) -> list[RestMark]:
        path = self.paths.rest_weeks_file
        data = _read_bytes(path)
        if data is None:
            return []
        try:
            doc = decode_json(data)
        except (ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", 1)
            raise _corrupt(path, line, "not valid JSON", self.paths) from None
        if not isinstance(doc, dict) or doc.get("legday") != REST_HEADER_KIND:
            raise _corrupt(path, 1, "not a legday rest-weeks file", self.paths)
        weeks = doc.get("weeks")
        if not isinstance(weeks, list):
            raise _corrupt(path, 1, "'weeks' must be a list", self.paths)
        try:
            return [RestMark.from_json(item) for item in weeks]
        except (ValueError, TypeError) as exc:
            raise _corrupt(path, 1, str(exc), self.paths) from None

    # -- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Snapshot]:
        """Hold the write lock and yield the store as it is now (for read-modify-write)."""
        with write_lock(self.paths):
            yield self.load()

    def _refuse_newer(self, snapshot: Snapshot) -> None:
        if snapshot.schema > SCHEMA_VERSION:
            raise StoreError(
                f"{self.paths.sessions_file} was written by a newer legday (schema "
                f"{snapshot.schema}, this one knows {SCHEMA_VERSION}); "
                "upgrade legday to write to it."
            )

    def append(self, snapshot: Snapshot, entry: Entry) -> None:
        """Append one entry (call inside `transaction`, with the snapshot it gave)."""
        self._refuse_newer(snapshot)
        path = self.paths.sessions_file
        if not path.exists() or snapshot.schema < SCHEMA_VERSION:
            # A first entry, or an older file: its header would not describe the new line,
            # so the whole file is written anew (once) in the current schema.
            self.rewrite(snapshot, [*snapshot.entries, entry])
            return
        high_water = entry.date if snapshot.max_date is None else max(snapshot.max_date, entry.date)
        line = _serialise(entry, high_water)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise _io_error("append to", path, exc) from None
        try:
            try:
                size_before = os.fstat(fd).st_size
            except OSError as exc:
                raise _io_error("append to", path, exc) from None
            try:
                _write_all(fd, line)
                os.fsync(fd)
            except OSError as exc:
                # A full disk can take part of the line: cut it off again so the file is
                # exactly as it was (we hold the lock, so nobody appended after us).
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size_before)
                    os.fsync(fd)
                raise _io_error("append to", path, exc) from None
        finally:
            os.close(fd)

    def rewrite(self, snapshot: Snapshot, entries: Iterable[Entry]) -> None:
        """Replace all entries at once (call inside `transaction`). The file is written in
        date order, so `_hw` equals each line's date and the cron path reads little."""
        self._refuse_newer(snapshot)
        ordered = sorted(entries, key=lambda e: (e.date, e.logged_at, e.id))
        chunks = [_header_bytes()]
        chunks.extend(_serialise(entry, entry.date) for entry in ordered)
        self._backup(self.paths.sessions_file)
        atomic_write(self.paths.sessions_file, b"".join(chunks))

    def write_rest_marks(self, snapshot: Snapshot, marks: Sequence[RestMark]) -> None:
        self._refuse_newer(snapshot)
        doc = {
            "legday": REST_HEADER_KIND,
            "schema": REST_SCHEMA_VERSION,
            "weeks": [mark.to_json() for mark in sorted(marks, key=lambda m: m.date)],
        }
        self._backup(self.paths.rest_weeks_file)
        atomic_write(self.paths.rest_weeks_file, (json.dumps(doc, indent=1) + "\n").encode())

    def _backup(self, path: Path) -> None:
        """Keep the file as it is now as `backups/NAME.1` (older ones shift to .2 ... .5).
        A hard link costs nothing: the rewrite replaces the name, never the old inode."""
        if not path.exists():
            return
        backup_dir = self.paths.backup_dir
        try:
            ensure_private_dir(backup_dir)
            for index in range(BACKUPS_KEPT - 1, 0, -1):
                older = backup_dir / f"{path.name}.{index}"
                if older.exists():
                    os.replace(older, backup_dir / f"{path.name}.{index + 1}")
            newest = backup_dir / f"{path.name}.1"
            try:
                os.link(path, newest)
            except OSError:
                import shutil

                shutil.copy2(path, newest)
        except OSError as exc:
            raise _io_error("back up", path, exc) from None
