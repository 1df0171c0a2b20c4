"""`legday doctor` and `legday restore`: find what is wrong with the files, and put it right
without losing a byte.

What doctor checks: every device log (its header and each line, read the way the store reads
them), the single-file store of earlier legday (sessions.jsonl, rest_weeks.json), config.toml,
the backups, and sync tools' conflict copies of device logs.

What `--fix` does, in this order, each step safe to repeat after a kill:
1. Unreadable lines of this device's log (or of sessions.jsonl) go to a side file
   `NAME.unreadable-STAMP` beside it, and the file is replaced without them (atomically, the old
   one kept in backups/). Another device's log is never written: its unreadable lines are
   listed in this machine's own set-aside list (legday.set_aside), which every fold here skips,
   and that device repairs its log itself.
2. A torn end of this device's log or of sessions.jsonl goes to `NAME.torn-STAMP`, as the store
   does on its next write. Another device's torn end is left alone: it may still be syncing.
3. An unreadable rest_weeks.json is moved aside whole to `rest_weeks.json.unreadable-STAMP`.
4. A conflict copy is merged: the operations it holds that no other log has are appended to
   this device's log as one `merge` group (edits restated so the history stays exactly as the
   fold showed it), then the copy is moved to backups/. Adds and removals are idempotent (the
   same id folds once), so nothing is counted twice; the copy itself is kept, so nothing is
   lost. `undo` passes over a merge.
Config problems are reported with the command that fixes them; doctor never edits config.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from legday import config, files, legacy, set_aside
from legday import store as st
from legday.errors import StoreError, UsageError
from legday.paths import Paths, ensure_private_dir
from legday.store import codec
from legday.store.fold import read_alone

# What a problem is (Problem.kind); render/repair.py has the words for each.
UNREADABLE_LINES = "unreadable lines"
FOREIGN_UNREADABLE_LINES = "foreign unreadable lines"
SET_ASIDE_HERE = "set aside here"
TORN_END = "torn end"
FOREIGN_TORN_END = "foreign torn end"
BAD_HEADER = "bad header"
UNREADABLE_FILE = "unreadable file"
NOT_A_FILE = "not a file"
CONFLICT_COPY = "conflict copy"
BAD_CONFIG = "bad config"
BAD_CONFIG_VALUE = "bad config value"

MERGE = "merge"
_ORDER_KEYS = ("seq", "clock", "g", "undo")
_PROBLEM = re.compile(r", line \d+: (?P<problem>.+?)\. legday will not write", re.DOTALL)
_BACKUP_NAME = re.compile(r"^(?P<name>.+)\.(?P<index>[1-9]\d*)$")


@dataclass
class Problem:
    """One thing doctor found. `damage`: it stops legday reading or writing (the exit code
    counts it unless fixed); otherwise it is a note. `side`: where --fix put what it moved
    (or the list it added to); a problem is fixed once it has one."""

    kind: str
    path: Path
    lines: list[int] = field(default_factory=list)
    detail: str = ""
    count: int = 0
    damage: bool = True
    side: Path | None = None

    @property
    def fixed(self) -> bool:
        return self.side is not None


@dataclass
class DoctorReport:
    checked: list[Path]
    problems: list[Problem]
    backups: int
    fix: bool
    # Backups that do not read as they are (often the damaged file --fix kept): restore
    # refuses them; they are counted, not problems, since nothing reads them.
    unreadable_backups: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def unfixed_damage(self) -> list[Problem]:
        return [p for p in self.problems if p.damage and not p.fixed]


# ---------------------------------------------------------------------------- reading files


def problem_of(exc: StoreError) -> str:
    """The reader's words for what is wrong with a line, without the advice around them."""
    found = _PROBLEM.search(exc.message)
    return found["problem"] if found else exc.message


def _split_lines(data: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (without their newline) and the torn end after the last newline."""
    end = data.rfind(b"\n") + 1
    body = data[:end]
    return (body[:-1].split(b"\n") if body else []), data[end:]


def _problem(read: Callable[[], object]) -> str | None:
    """What is wrong with what `read` reads, in the reader's words; None when it reads."""
    try:
        read()
    except StoreError as exc:
        return problem_of(exc)
    return None


def _log_line_problem(header: bytes, raw: bytes, path: Path, backup_dir: Path) -> str | None:
    """Why one operation line cannot be read (None when it can), checked alone: the line,
    closed by a commit of its group so that it is applied and every entry decoded."""
    try:
        text = raw.decode("utf-8")
        row = json.loads(text)
    except UnicodeDecodeError:
        return "not valid UTF-8"
    except (ValueError, RecursionError):
        row = None
    data = header + b"\n" + raw + b"\n"
    if isinstance(row, dict) and isinstance(row.get("g"), str):
        data += json.dumps({"op": "commit", "seq": 0, "clock": 0, "g": row["g"]}).encode() + b"\n"

    def decode_all() -> None:
        _source, fold = read_alone(path, data, backup_dir)
        fold.rows(fold.removed_ids()).all()

    return _problem(decode_all)


def _legacy_line_problem(header: bytes, raw: bytes, path: Path, backup_dir: Path) -> str | None:
    return _problem(lambda: legacy.parse_sessions(header + b"\n" + raw + b"\n", path, backup_dir))


@dataclass
class Scan:
    """One line-by-line read of a log or sessions.jsonl."""

    header_problem: str | None
    bad: dict[int, str]  # line number → what is wrong with it
    torn: bytes


def scan(path: Path, data: bytes, backup_dir: Path, *, legacy_file: bool = False) -> Scan:
    lines, torn = _split_lines(data)
    if not lines:
        if torn and not legacy_file:
            return Scan("the header line is incomplete", {}, torn)
        return Scan(None, {}, torn)
    header = lines[0]
    if legacy_file:
        header_problem = _problem(lambda: legacy.parse_sessions(header + b"\n", path, backup_dir))
        check = _legacy_line_problem
    else:
        header_problem = _problem(lambda: read_alone(path, header + b"\n", backup_dir))
        check = _log_line_problem
    bad: dict[int, str] = {}
    if header_problem is None:
        for number, raw in enumerate(lines[1:], start=2):
            if raw.strip():
                problem = check(header, raw, path, backup_dir)
                if problem is not None:
                    bad[number] = problem
    return Scan(header_problem, bad, torn)


def _read(path: Path) -> bytes | None:
    found = files.read_regular(path)
    return None if found is None else found[0]


# ---------------------------------------------------------------------------- doctor


class Doctor:
    def __init__(self, store: st.Store) -> None:
        # Its own store, silent: doctor reports conflict copies and torn ends in its words.
        self.store = st.Store(store.paths, device=store.device)
        self.paths: Paths = store.paths
        self.backup_dir = Path(self.paths.backup_dir)
        self.sessions = Path(self.paths.sessions_file)
        self.rest_weeks = Path(self.paths.rest_weeks_file)
        self.config_file = Path(self.paths.config_file)

    def logs(self) -> list[Path]:
        try:
            return sorted(  # in one folder, paths sort as their names do
                Path(entry.path)
                for entry in os.scandir(self.paths.devices_dir)
                if entry.name.endswith(".jsonl") and not entry.name.startswith(".")
            )
        except (FileNotFoundError, NotADirectoryError):
            return []

    def run(self, fix: bool) -> DoctorReport:
        checked: list[Path] = []
        problems: list[Problem] = []
        with files.file_lock(self.paths.lock_file) if fix else contextlib.nullcontext():
            for path in self.logs():
                checked.append(path)
                problems.extend(self._check_file(path, self._check_log, fix))
            # The single-file store of earlier legday.
            problems.extend(self._check_file(self.sessions, self._check_sessions, fix))
            problems.extend(self._check_file(self.rest_weeks, self._check_rest_weeks, fix))
            others = (self.sessions, self.rest_weeks, self.config_file)
            checked.extend(path for path in others if path.exists())
            problems.extend(self._check_copies(fix))
        problems.extend(self._check_config())
        backups = list_backups(self.paths)
        report = DoctorReport(checked, problems, len(backups), fix)
        for path, name in backups:
            why = backup_problem(path, name, self.backup_dir)
            if why is not None:
                report.unreadable_backups.append((path, why))
        return report

    def _check_file(
        self, path: Path, check: Callable[[Path, bytes, bool], Iterable[Problem]], fix: bool
    ) -> list[Problem]:
        """What `check` finds in the bytes of `path`: nothing when there is no such file, and
        only that it is no regular file when it is none."""
        try:
            data = _read(path)
        except StoreError as exc:
            return [Problem(NOT_A_FILE, path, detail=exc.message)]
        return [] if data is None else list(check(path, data, fix))

    # -- logs

    def _check_log(self, path: Path, data: bytes, fix: bool) -> list[Problem]:
        found = scan(path, data, self.backup_dir)
        own = path == self.store.own_file
        copy = st.is_conflict_copy(path.name)
        if found.header_problem is not None:
            return [Problem(BAD_HEADER, path, [1], found.header_problem)]
        problems: list[Problem] = []
        if found.bad and not own and not copy:
            data, unfixed = self._foreign_lines(path, data, found, fix, problems)
            if unfixed:
                return problems  # a log with unreadable lines left cannot say where it ends
        elif found.bad:
            problems.append(self._unreadable(path, data, found.bad, fix))
            if fix:
                data = _read(path) or b""
        if copy or (found.bad and not fix and own):
            # A copy's unfinished end is never applied (it is kept whole); and a log with
            # unreadable lines left in it cannot say where its last operation ends.
            return problems
        # The bytes at the end that are a torn line or an unfinished group.
        leftover = len(data) - read_alone(path, data, self.backup_dir)[0].valid_bytes
        if leftover:
            kind = TORN_END if own else FOREIGN_TORN_END
            problem = Problem(kind, path, count=leftover, damage=False)
            if fix and own:
                problem.side = self._set_aside_end(path, data, leftover)
            problems.append(problem)
        return problems

    def _foreign_lines(
        self, path: Path, data: bytes, found: Scan, fix: bool, problems: list[Problem]
    ) -> tuple[bytes, bool]:
        """Another device's unreadable lines: those this machine already skips are a note;
        the others are damage, which --fix lists as skipped here (that log is never written).
        Returns the log as the fold here reads it, and whether damage is left in it."""
        lines, _torn = _split_lines(data)
        device = self.store.device
        listed = set_aside.read(self.paths.data_dir, device)[0].get(path.name, frozenset())
        skipped = sorted(n for n in found.bad if set_aside.digest(lines[n - 1]) in listed)
        new = {n: why for n, why in found.bad.items() if n not in skipped}
        if skipped:
            problems.append(
                Problem(SET_ASIDE_HERE, path, skipped, count=len(skipped), damage=False)
            )
        if new:
            problem = _lines_problem(FOREIGN_UNREADABLE_LINES, path, new)
            if fix:
                raws = [lines[n - 1] for n in sorted(new)]
                problem.side = set_aside.add(self.paths.data_dir, device, path.name, raws)
                listed = listed | {set_aside.digest(raw) for raw in raws}
            problems.append(problem)
        return set_aside.without(data, listed), bool(new) and not fix

    def _unreadable(self, path: Path, data: bytes, bad: dict[int, str], fix: bool) -> Problem:
        """The unreadable lines of this device's log or of sessions.jsonl. --fix copies them
        to a side file, then replaces the file without them (the whole old file kept in
        backups/): every byte is still somewhere."""
        problem = _lines_problem(UNREADABLE_LINES, path, bad)
        if fix:
            lines, torn = _split_lines(data)
            aside = b"".join(lines[number - 1] + b"\n" for number in sorted(bad))
            side = self._side_file(path, "unreadable")
            _append_durably(side, aside)
            kept = [raw for number, raw in enumerate(lines, start=1) if number not in bad]
            body = b"".join(raw + b"\n" for raw in kept) + torn
            files.atomic_write(path, body, backup_dir=self.backup_dir, through_link=True)
            problem.side = side
        return problem

    def _set_aside_end(self, path: Path, data: bytes, leftover: int) -> Path:
        side = self._side_file(path, "torn")
        tail = data[len(data) - leftover :]
        _append_durably(side, tail if tail.endswith(b"\n") else tail + b"\n")
        try:
            files.truncate_durably(path, len(data) - leftover)
        except OSError as exc:
            raise files.io_error("set aside the incomplete end of", path, exc) from None
        return side

    def _side_file(self, path: Path, why: str) -> Path:
        return path.with_name(f"{path.name}.{why}-{legacy.timestamp_now()}")

    # -- the single-file store of earlier legday

    def _check_rest_weeks(self, path: Path, data: bytes, fix: bool) -> Iterator[Problem]:
        try:
            legacy.parse_rest_weeks(data, path, self.backup_dir)
        except StoreError as exc:
            problem = Problem(UNREADABLE_FILE, path, detail=problem_of(exc))
            if fix:
                side = self._side_file(path, "unreadable")
                os.replace(path, side)
                files.fsync_dir(path.parent)
                problem.side = side
            yield problem

    def _check_sessions(self, path: Path, data: bytes, fix: bool) -> Iterator[Problem]:
        found = scan(path, data, self.backup_dir, legacy_file=True)
        if found.header_problem is not None:
            yield Problem(BAD_HEADER, path, [1], found.header_problem)
            return
        if found.bad:
            yield self._unreadable(path, data, found.bad, fix)
        if found.torn:
            problem = Problem(TORN_END, path, count=len(found.torn), damage=False)
            if fix:
                current = _read(path) or b""
                problem.side = self._set_aside_end(path, current, len(found.torn))
            yield problem

    # -- conflict copies

    def _check_copies(self, fix: bool) -> Iterator[Problem]:
        copies = [path for path in self.logs() if st.is_conflict_copy(path.name)]
        for path in copies:
            ops = merge_plan(self.logs(), path, self.paths)
            problem = Problem(CONFLICT_COPY, path, count=len(ops), damage=False)
            if fix:
                problem.side = self._merge(path)
            yield problem

    def _merge(self, copy: Path) -> Path:
        # Under the write lock already (run(fix=True)); the transaction reuses it.
        with self.store.transaction() as snapshot:
            ops = merge_plan(self.logs(), copy, self.paths)
            if ops:
                self.store.commit(snapshot, ops, what=MERGE)
        ensure_private_dir(self.backup_dir)
        kept = self.backup_dir / f"{copy.name}.merged"
        if kept.exists():
            kept = self.backup_dir / f"{copy.name}.merged-{legacy.timestamp_now()}"
        os.replace(copy, kept)
        files.fsync_dir(copy.parent)
        self.store.remember(self.store.load())
        return kept

    # -- config and backups

    def _check_config(self) -> list[Problem]:
        path = self.config_file
        try:
            table = config.read_config_table(path)
        except StoreError as exc:
            return [Problem(BAD_CONFIG, path, detail=exc.message)]
        _settings, bad = config.lenient_config(table)
        return [Problem(BAD_CONFIG_VALUE, path, detail=f"{key}: {why}") for key, why in bad.items()]


def _lines_problem(kind: str, path: Path, bad: dict[int, str]) -> Problem:
    """Lines of `path` that do not read (number → what is wrong), the first one's as the detail."""
    return Problem(kind, path, sorted(bad), bad[min(bad)], len(bad))


def _append_durably(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        files.write_durably(fd, data)
        files.fsync_dir(path.parent)
    except OSError as exc:
        raise files.io_error("write", path, exc) from None


# ---------------------------------------------------------------------------- merging a copy


def _committed_ops(data: bytes) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    """(the header's device, the operations that took effect with their line's seq): a group
    counts only once its commit line is there; a line that does not read is passed over."""
    lines, _torn = _split_lines(data)
    device = ""
    with contextlib.suppress(ValueError, RecursionError):
        header = json.loads(lines[0]) if lines else None
        if isinstance(header, dict):
            device = str(header.get("device", ""))
    done: list[tuple[int, dict[str, Any]]] = []
    group: list[tuple[int, dict[str, Any]]] = []
    group_id: str | None = None
    for raw in lines[1:]:
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if not isinstance(row, dict) or not isinstance(row.get("op"), str):
            continue
        seq = _number(row, "seq")
        mark = row.get("g")
        if mark is None:
            group, group_id = [], None
            if row["op"] != "commit":
                done.append((seq, row))
        elif row["op"] == "commit":
            if mark == group_id:
                done.extend(group)
            group, group_id = [], None
        else:
            if mark != group_id:
                group, group_id = [], mark
            group.append((seq, row))
    return device, done


def identity(op: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two operations the same one, whichever file or seq it is written under."""
    kind = op["op"]
    if kind in ("add", "rest"):
        return (kind, op.get("id"))
    if kind in ("remove", "restore"):
        return (kind, op.get("rid"))
    if kind == "edit":
        changes = json.dumps(op.get("set"), sort_keys=True)
        return (kind, op.get("id"), op.get("edited_at"), changes)
    rest = {k: v for k, v in op.items() if k not in _ORDER_KEYS}
    return ("other", json.dumps(rest, sort_keys=True))


def merge_plan(logs: list[Path], copy: Path, paths: Paths) -> list[dict[str, Any]]:
    """The operations of `copy` that no other log has, ready to append to this device's log.
    Edits are restated with only the fields where the copy's edit is the last word (by the
    fold's order), so appending them at a later clock changes nothing in the history."""
    data = _read(copy) or b""
    copy_device, copy_ops = _committed_ops(data)
    known: set[tuple[Any, ...]] = set()
    # (entry id, field) → the place of the last edit that set it, in the fold's order.
    last_edit: dict[tuple[str, str], _Place] = {}
    copy_rank = len(logs)
    for rank, path in enumerate(logs):
        if path == copy:
            copy_rank = rank
            continue
        # Another copy's edits still count in the fold (it is merged on its own), so they
        # say which edit is the last word; its other operations are not in a log yet.
        other_copy = st.is_conflict_copy(path.name)
        device, log_ops = _committed_ops(_read(path) or b"")
        for index, (seq, op) in enumerate(log_ops):
            if not other_copy:
                known.add(identity(op))
            if op["op"] == "edit" and isinstance(op.get("set"), dict):
                place = (_number(op, "clock"), device, seq, rank, index)
                for name in op["set"]:
                    slot = (str(op.get("id")), name)
                    if place > last_edit.get(slot, _NEVER):
                        last_edit[slot] = place
    missing: list[tuple[_Place, dict[str, Any]]] = []
    for index, (seq, op) in enumerate(copy_ops):
        ident = identity(op)
        if ident in known or op["op"] not in codec.OP_KINDS or op["op"] == "commit":
            continue
        if not _readable_op(op, copy, Path(paths.backup_dir)):
            continue
        if op["op"] != "edit":  # an edit the copy repeats counts where it comes last
            known.add(ident)
        missing.append(((_number(op, "clock"), copy_device, seq, copy_rank, index), op))
    ops: list[dict[str, Any]] = []
    for place, op in missing:
        cleaned = {name: value for name, value in op.items() if name not in _ORDER_KEYS}
        if op["op"] == "edit":
            restated = _restated(cleaned, place, missing, last_edit)
            if restated is None:
                continue
            cleaned = restated
        ops.append(cleaned)
    return ops


# Where an operation comes in the fold's order: its key (clock, device, seq), then, for
# operations with the same key, the log's place in name order and the operation's in its log.
_Place = tuple[int, str, int, int, int]
_NEVER: _Place = (-1, "", -1, -1, -1)


def _restated(
    op: dict[str, Any],
    place: _Place,
    missing: list[tuple[_Place, dict[str, Any]]],
    last_edit: dict[tuple[str, str], _Place],
) -> dict[str, Any] | None:
    target = str(op.get("id"))
    overridden: set[str] = set()
    for other_place, other in missing:
        if other["op"] == "edit" and str(other.get("id")) == target and other_place > place:
            overridden.update(other["set"])
    kept = {
        name: value
        for name, value in op["set"].items()
        if last_edit.get((target, name), _NEVER) < place and name not in overridden
    }
    if not kept:
        return None
    found_was = op.get("was")
    was: dict[str, Any] = found_was if isinstance(found_was, dict) else {}
    return {**op, "set": kept, "was": {name: was.get(name) for name in kept if name in was}}


def _number(op: dict[str, Any], key: str) -> int:
    """The op's seq or clock (0 when it has none that is a number)."""
    value = op.get(key)
    return value if type(value) is int else 0


def _readable_op(op: dict[str, Any], copy: Path, backup_dir: Path) -> bool:
    header = codec.header_line("x").rstrip(b"\n")
    try:
        raw = codec.encode_line(op).rstrip(b"\n")
    except UsageError:  # a lone surrogate from a \ud800 escape: no line could hold it
        return False
    return _log_line_problem(header, raw, copy, backup_dir) is None


# ---------------------------------------------------------------------------- backups


@dataclass
class Backup:
    number: int
    path: Path
    name: str  # the file it is a copy of (e.g. testbox.jsonl, sessions.jsonl)
    modified: datetime
    size: int


def list_backups(paths: Paths) -> list[tuple[Path, str]]:
    """Each kept backup, with the name of the file it is a copy of."""
    try:
        names = [entry.name for entry in os.scandir(paths.backup_dir) if entry.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    matches = (_BACKUP_NAME.match(name) for name in names)
    return [(Path(paths.backup_dir, found.string), found["name"]) for found in matches if found]


def backups(paths: Paths) -> list[Backup]:
    """The kept backups, newest first, numbered from 1 (the numbers `restore N` takes)."""
    found = [(path, name, path.stat()) for path, name in list_backups(paths)]
    found.sort(key=lambda item: (-item[2].st_mtime_ns, item[0].name))
    return [
        Backup(number, path, name, datetime.fromtimestamp(info.st_mtime).astimezone(), info.st_size)
        for number, (path, name, info) in enumerate(found, start=1)
    ]


def backup_problem(path: Path, name: str, backup_dir: Path) -> str | None:
    """Why backup `path` of file `name` could not be put back as it is (None: it reads)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc.strerror or str(exc)
    if name == "rest_weeks.json":
        return _problem(lambda: legacy.parse_rest_weeks(data, path, backup_dir))
    if name.endswith(".jsonl"):
        found = scan(path, data, backup_dir, legacy_file=name == "sessions.jsonl")
        if found.header_problem is not None:
            return f"line 1: {found.header_problem}"
        if found.bad:
            first = min(found.bad)
            return f"line {first}: {found.bad[first]}"
    return None


@dataclass
class Restored:
    backup: Backup
    target: Path
    kept: bool  # the file it replaced is now a backup


def restore_target(paths: Paths, store: st.Store, backup: Backup) -> Path:
    if backup.name == store.own_file.name:
        return store.own_file
    for legacy_file in (paths.sessions_file, paths.rest_weeks_file):
        if backup.name == os.path.basename(legacy_file):
            return Path(legacy_file)
    if backup.name.endswith(".jsonl"):
        device = backup.name.removesuffix(".jsonl")
        raise UsageError(
            f"backup {backup.number} is the log of device {device!r}, and only that device "
            f"writes its log; run `legday restore` there. Nothing was changed."
        )
    raise UsageError(
        f"backup {backup.number} ({backup.name}) is not a legday file. Nothing was changed."
    )


def pick_backup(paths: Paths, number: int) -> Backup:
    found = backups(paths)
    if not found:
        raise UsageError(
            "there are no backups yet (legday keeps one before each file it replaces)."
        )
    if not 1 <= number <= len(found):
        raise UsageError(
            f"there is no backup {number}: there {'is' if len(found) == 1 else 'are'} "
            f"{len(found)} (1 is the newest); "
            "`legday restore` lists them."
        )
    return found[number - 1]


def restore(store: st.Store, number: int) -> Restored:
    """Put backup `number` back in place of the file it is a copy of, atomically; the file it
    replaces is kept as the newest backup. Refuses (writing nothing) a backup that does not
    read, so restore never makes the store worse."""
    paths = store.paths
    with files.file_lock(paths.lock_file):
        backup = pick_backup(paths, number)
        target = restore_target(paths, store, backup)
        why = backup_problem(backup.path, backup.name, Path(paths.backup_dir))
        if why is not None:
            raise UsageError(
                f"backup {number} ({backup.path.name}) cannot be read ({why}); pick another "
                "from `legday restore`. Nothing was changed."
            )
        data = backup.path.read_bytes()
        kept = target.exists()
        files.atomic_write(target, data, backup_dir=Path(paths.backup_dir), through_link=True)
    if target.suffix == ".jsonl" or target == Path(paths.rest_weeks_file):
        store.remember(store.load())
    return Restored(backup, target, kept)
