"""The old single-file store's guarantees, held by the op-log store through both its files:
the legacy `sessions.jsonl` (read until the first write migrates it) and a device's log.
Damage is named and never written over, a torn end is set aside, a newer schema is read and
never written, odd files are refused, and the derived cache answers as the full fold does."""

from __future__ import annotations

import fcntl
import json
import marshal
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday import cache, legacy
from legday.errors import StoreError, UsageError
from legday.files import BACKUPS_KEPT, atomic_write, file_lock
from legday.model import Entry, RestMark, Set, encode_sets
from legday.paths import Paths
from legday.store import SCHEMA_VERSION, Store
from store_layout import TEST_DEVICE, device_log, legacy_file, operations

LEGACY_HEADER = b'{"legday": "sessions", "schema": 1}\n'
LOGGED_AT = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)
FIXTURE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def make_entry(number: int, day: date = date(2025, 3, 3), note: str | None = None) -> Entry:
    return Entry(
        id=f"{number:032x}",
        date=day,
        exercise="squat",
        sets=(Set(reps=5, weight=100.0 + number, unit="kg"),),
        logged_at=LOGGED_AT + timedelta(minutes=number),
        note=note,
    )


def legacy_line(entry: Entry) -> bytes:
    """An entry as legday before schema 3 wrote it with schema 1 (sets as a list)."""
    row = entry.to_json()
    row["_hw"] = entry.date.isoformat()
    return json.dumps(row).encode() + b"\n"


def canonical_legacy_line(entry: Entry) -> bytes:
    """An entry as legday wrote it with schema 2 (the line its fast path reads)."""
    row = entry.to_json()
    row["sets"] = encode_sets(entry.sets)
    row["_hw"] = entry.date.isoformat()
    return json.dumps(row, separators=(",", ":")).encode() + b"\n"


@pytest.fixture
def paths(legday_home: Path) -> Paths:
    return Paths(data_dir=legday_home, config_dir=legday_home)


@pytest.fixture
def warnings_seen() -> list[str]:
    return []


@pytest.fixture
def store(paths: Paths, warnings_seen: list[str]) -> Store:
    return Store(paths, warnings_seen.append, device=TEST_DEVICE)


def append(store: Store, *entries: Entry) -> None:
    with store.transaction() as snapshot:
        store.add_entries(snapshot, list(entries))


def ids(store: Store) -> list[str]:
    return [entry.id for entry in Store(store.paths, device=TEST_DEVICE).load().entries]


def write_file(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def own_log(store: Store) -> Path:
    return device_log(store.paths.data_dir)


def all_files(data_dir: str | Path) -> dict[str, bytes]:
    home = Path(data_dir)
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in home.rglob("*")
        if p.is_file() and p.name != ".legday.lock"
    }


@pytest.fixture
def short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGDAY_LOCK_TIMEOUT", "0.2")


# ---------------------------------------------------------------------------- what survives


def test_an_empty_home_loads_as_no_entries_and_writes_nothing(store: Store) -> None:
    snapshot = store.load()
    assert snapshot.entries == ()
    assert snapshot.rest_marks == []
    assert not Path(store.paths.data_dir).exists() or all_files(store.paths.data_dir) == {}


def test_appended_entries_survive_a_reopen(store: Store) -> None:
    entries = [make_entry(n, date(2025, 3, 1 + n)) for n in range(3)]
    for entry in entries:
        append(store, entry)
    reopened = Store(store.paths, device=TEST_DEVICE).load()
    assert list(reopened.entries) == entries


def test_the_log_starts_with_the_ops_header(store: Store) -> None:
    append(store, make_entry(1))
    first_line = own_log(store).read_bytes().splitlines()[0]
    header = {"legday": "ops", "schema": SCHEMA_VERSION, "device": TEST_DEVICE}
    assert json.loads(first_line) == header


def test_an_empty_device_log_gets_its_header_on_the_first_write(store: Store) -> None:
    # Found by this test: a 0-byte log (touched by hand, a sync tool's placeholder) was
    # appended to without a header, and the next load refused the whole file.
    write_file(own_log(store), b"")
    assert store.load().entries == ()
    append(store, make_entry(1))
    lines = own_log(store).read_bytes().splitlines()
    assert json.loads(lines[0])["legday"] == "ops"
    assert ids(store) == [make_entry(1).id]


def test_an_empty_legacy_file_is_an_empty_store(store: Store) -> None:
    write_file(legacy_file(store.paths.data_dir), b"")
    assert store.load().entries == ()
    append(store, make_entry(1))
    assert ids(store) == [make_entry(1).id]
    assert not legacy_file(store.paths.data_dir).exists()


def test_rest_marks_survive_a_reopen(store: Store) -> None:
    mark = RestMark(date=date(2025, 3, 5), reason="holiday", marked_at=LOGGED_AT)
    with store.transaction() as snapshot:
        store.add_rest_marks(snapshot, [mark])
    [back] = Store(store.paths, device=TEST_DEVICE).load().rest_marks
    assert (back.date, back.reason, back.marked_at) == (mark.date, mark.reason, mark.marked_at)


@FIXTURE_SETTINGS
@given(notes=st.lists(st.none() | st.text(max_size=40), min_size=1, max_size=5))
def test_any_text_in_a_note_round_trips(store: Store, notes: list[str | None]) -> None:
    own_log(store).unlink(missing_ok=True)
    entries = [make_entry(n, note=note) for n, note in enumerate(notes)]
    try:
        for entry in entries:
            append(store, entry)
    except UsageError:
        assert any(note and not legacy.encodable(note) for note in notes)
        return
    assert list(Store(store.paths, device=TEST_DEVICE).load().entries) == entries


def test_snapshot_leg_days_are_the_distinct_dates(store: Store) -> None:
    append(store, make_entry(1), make_entry(2))
    assert store.load().leg_days == frozenset({date(2025, 3, 3)})


# ---------------------------------------------------------------------------- backups


def compact_once(store: Store, number: int) -> bytes:
    """Log two entries, delete one and compact: the log as it was before is the backup."""
    keep, gone = make_entry(number), make_entry(1000 + number)
    append(store, keep, gone)
    with store.transaction() as snapshot:
        store.remove_ids(snapshot, [gone.id])
    before = own_log(store).read_bytes()
    store.compact()
    return before


def test_a_compaction_keeps_the_previous_log_as_a_backup(store: Store) -> None:
    before = compact_once(store, 1)
    backup = Path(store.paths.backup_dir) / f"{TEST_DEVICE}.jsonl.1"
    assert backup.read_bytes() == before
    assert ids(store) == [make_entry(1).id]


def test_backups_rotate_and_keep_the_newest_five(store: Store) -> None:
    versions = [compact_once(store, n) for n in range(BACKUPS_KEPT + 2)]
    kept = sorted(p.name for p in Path(store.paths.backup_dir).iterdir())
    assert kept == [f"{TEST_DEVICE}.jsonl.{i}" for i in range(1, BACKUPS_KEPT + 1)]
    assert (Path(store.paths.backup_dir) / f"{TEST_DEVICE}.jsonl.1").read_bytes() == versions[-1]
    assert (Path(store.paths.backup_dir) / f"{TEST_DEVICE}.jsonl.5").read_bytes() == versions[-5]


def test_the_next_write_keeps_the_backup_a_killed_compaction_left_pending(store: Store) -> None:
    compact_once(store, 1)
    backups = Path(store.paths.backup_dir)
    kept = (backups / f"{TEST_DEVICE}.jsonl.1").read_bytes()
    # A kill after the compaction's rename and before its rotation leaves the old log here,
    # where `restore` does not list it.
    (backups / f"{TEST_DEVICE}.jsonl.pending").write_bytes(b"the log before the kill\n")

    with store.transaction() as snapshot:
        store.add_entries(snapshot, [make_entry(7)])

    assert sorted(p.name for p in backups.iterdir()) == [
        f"{TEST_DEVICE}.jsonl.1",
        f"{TEST_DEVICE}.jsonl.2",
    ]
    assert (backups / f"{TEST_DEVICE}.jsonl.1").read_bytes() == b"the log before the kill\n"
    assert (backups / f"{TEST_DEVICE}.jsonl.2").read_bytes() == kept


# ---------------------------------------------------------------------------- permissions


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_files_are_0600_and_dirs_0700_even_under_umask_000(store: Store) -> None:
    compact_once(store, 1)
    with store.transaction() as snapshot:
        store.add_rest_marks(snapshot, [RestMark(date=date(2025, 3, 5))])
    data_dir = Path(store.paths.data_dir)
    dirs = [data_dir, *(p for p in data_dir.rglob("*") if p.is_dir())]
    assert {mode(p) for p in dirs} == {0o700}
    found = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in found} >= {f"{TEST_DEVICE}.jsonl", ".legday.lock", "testbox.jsonl.1"}
    assert {p.name: mode(p) for p in found} == {p.name: 0o600 for p in found}


@pytest.mark.usefixtures("open_umask")
def test_atomic_write_creates_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "file.txt"
    atomic_write(target, b"data")
    assert target.read_bytes() == b"data"
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


# ---------------------------------------------------------------------------- damage

ENTRY = legacy_line(make_entry(1))
CORRUPTIONS = {
    "truncated JSON": (LEGACY_HEADER + b'{"id": "abc", "date": \n', 2, "not valid JSON"),
    "invalid UTF-8": (LEGACY_HEADER + ENTRY + b'{"id": "\xff\xfe"}\n', 3, "UTF-8"),
    "encoded surrogate": (LEGACY_HEADER + b'{"id": "\xed\xa0\x80"}\n', 2, "UTF-8"),
    "escaped surrogate": (
        LEGACY_HEADER
        + legacy_line(make_entry(1, note="\\ud800")).replace(b"\\\\ud800", b"\\ud800"),
        2,
        "surrogate",
    ),
    "wrong type": (LEGACY_HEADER + ENTRY.replace(b'"reps": 5', b'"reps": "five"'), 2, "reps"),
    "not an object": (LEGACY_HEADER + b"[1, 2, 3]\n", 2, "JSON object"),
    "huge integer weight": (
        LEGACY_HEADER + ENTRY.replace(b'"weight": 101.0', b'"weight": 1' + b"0" * 400),
        2,
        "too large a number",
    ),
    "too many digits": (LEGACY_HEADER + b'{"id": ' + b"9" * 5000 + b"}\n", 2, "not valid JSON"),
    "deep nesting": (LEGACY_HEADER + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, "not valid JSON"),
    "missing header": (ENTRY, 1, "header"),
    "wrong header": (b'{"legday": "other", "schema": 1}\n', 1, "header"),
    "torn header": (b'{"legday": "ses', 1, "header"),
}


def refuses_every_write(store: Store) -> None:
    with pytest.raises(StoreError):
        append(store, make_entry(9))
    with pytest.raises(StoreError), store.transaction() as snapshot:
        store.add_rest_marks(snapshot, [RestMark(date(2025, 3, 10))])
    with pytest.raises(StoreError):
        store.compact()


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_damaged_legacy_file_is_reported_with_its_line_and_left_byte_identical(
    store: Store, case: str
) -> None:
    data, line, problem = CORRUPTIONS[case]
    path = legacy_file(store.paths.data_dir)
    write_file(path, data)
    with pytest.raises(StoreError) as raised:
        store.load()
    message = raised.value.message
    assert f"{path}, line {line}:" in message
    assert problem in message
    assert "legday doctor" in message  # how to recover
    assert store.paths.backup_dir not in message  # there is no backups folder yet
    refuses_every_write(store)
    assert all_files(store.paths.data_dir) == {"sessions.jsonl": data}


LOG_HEADER = b'{"legday": "ops", "schema": 3, "device": "testbox"}\n'
OP = (
    b'{"op":"add","seq":1,"clock":1,"id":"aa","date":"2025-03-03","exercise":"squat",'
    b'"sets":"5,,100,kg,,","note":null,"logged_at":"2025-03-03T18:00:00+00:00","source":"log"}\n'
)
LOG_CORRUPTIONS = {
    "truncated JSON": (LOG_HEADER + b'{"op": "add", "seq": \n', 2, "not valid JSON"),
    "invalid UTF-8": (LOG_HEADER + OP + b'{"op": "\xff\xfe"}\n', 3, "UTF-8"),
    "escaped surrogate": (LOG_HEADER + OP.replace(b"null", b'"\\ud800"'), 2, "surrogate"),
    "wrong type": (LOG_HEADER + OP.replace(b'"5,,100,kg,,"', b"5"), 2, "sets"),
    "not an object": (LOG_HEADER + b"[1, 2, 3]\n", 2, "JSON object"),
    "too many digits": (LOG_HEADER + b'{"op": ' + b"9" * 5000 + b"}\n", 2, "not valid JSON"),
    "deep nesting": (LOG_HEADER + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, "not valid JSON"),
    "missing header": (OP, 1, "header"),
    "wrong header": (b'{"legday": "sessions", "schema": 3, "device": "x"}\n', 1, "header"),
    "torn header": (b'{"legday": "op', 1, "header"),
}


@pytest.mark.parametrize("case", sorted(LOG_CORRUPTIONS))
def test_a_damaged_device_log_is_reported_with_its_line_and_left_byte_identical(
    store: Store, case: str
) -> None:
    data, line, problem = LOG_CORRUPTIONS[case]
    path = own_log(store)
    write_file(path, data)
    with pytest.raises(StoreError) as raised:
        store.load()
    assert f"{path}, line {line}:" in raised.value.message
    assert problem in raised.value.message
    assert "legday doctor" in raised.value.message
    assert store.paths.backup_dir not in raised.value.message  # no backups folder yet
    refuses_every_write(store)
    assert all_files(store.paths.data_dir) == {"devices/testbox.jsonl": data}


def test_a_damaged_rest_weeks_file_is_reported_and_left_alone(store: Store) -> None:
    data = write_file(Path(store.paths.rest_weeks_file), b'{"legday": "rest-weeks",\n "weeks": [\n')
    with pytest.raises(StoreError, match=r"rest_weeks\.json, line \d+"):
        store.load()
    refuses_every_write(store)
    assert Path(store.paths.rest_weeks_file).read_bytes() == data


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_directory_in_place_of_a_store_file_is_reported(store: Store, where: str) -> None:
    path = legacy_file(store.paths.data_dir) if where == "legacy" else own_log(store)
    path.mkdir(parents=True)
    with pytest.raises(StoreError, match="is not a regular file") as raised:
        store.load()
    assert str(path) in raised.value.message
    with pytest.raises(StoreError):
        append(store, make_entry(1))
    assert path.is_dir()


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_fifo_in_place_of_a_store_file_is_refused_without_blocking(
    store: Store, where: str
) -> None:
    path = legacy_file(store.paths.data_dir) if where == "legacy" else own_log(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    with pytest.raises(StoreError, match="not a regular file"):
        store.load()
    with pytest.raises(StoreError, match="not a regular file"):
        append(store, make_entry(1))
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_parse_sessions_names_the_first_bad_line() -> None:
    good = legacy_line(make_entry(1))
    data = LEGACY_HEADER + good + good + b"not json\n" + b"{}\n"
    with pytest.raises(StoreError, match=r"x\.jsonl, line 4:"):
        legacy.parse_sessions(data, Path("x.jsonl"), Path("backups"))


def test_blank_lines_in_a_legacy_file_are_not_damage(
    store: Store, warnings_seen: list[str]
) -> None:
    data = LEGACY_HEADER + b"\n" + legacy_line(make_entry(1)) + b"  \n\n"
    write_file(legacy_file(store.paths.data_dir), data)
    assert [e.id for e in store.load().entries] == [make_entry(1).id]
    assert legacy_file(store.paths.data_dir).read_bytes() == data
    assert warnings_seen == []


def test_blank_lines_at_the_end_of_a_log_are_no_torn_tail(
    store: Store, warnings_seen: list[str]
) -> None:
    # Found by this test: blank lines after the last operation were taken for an interrupted
    # write, moved to a side file and warned about on every read.
    append(store, make_entry(1))
    data = write_file(own_log(store), b"\n" + own_log(store).read_bytes() + b"\n  \n\n")
    data = write_file(own_log(store), data.removeprefix(b"\n").replace(b"\n", b"\n\n", 1))
    assert ids(store) == [make_entry(1).id]
    store.load()
    assert own_log(store).read_bytes() == data
    assert warnings_seen == []
    assert list(own_log(store).parent.glob("*.torn-*")) == []
    append(store, make_entry(2))
    assert ids(store) == [make_entry(1).id, make_entry(2).id]
    assert warnings_seen == []


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_header_with_a_bom_is_accepted(store: Store, where: str) -> None:
    if where == "legacy":
        write_file(legacy_file(store.paths.data_dir), b"\xef\xbb\xbf" + LEGACY_HEADER + ENTRY)
    else:
        write_file(own_log(store), b"\xef\xbb\xbf" + LOG_HEADER + OP)
    assert len(store.load().entries) == 1
    append(store, make_entry(2))
    assert len(store.load().entries) == 2


# ---------------------------------------------------------------------------- newer schema


def newer_store(store: Store, where: str, tail: bytes = b"") -> Path:
    if where == "legacy":
        path = legacy_file(store.paths.data_dir)
        write_file(path, b'{"legday": "sessions", "schema": 99}\n' + ENTRY + tail)
    else:
        path = own_log(store)
        write_file(path, LOG_HEADER.replace(b'"schema": 3', b'"schema": 99') + OP + tail)
    return path


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_newer_schema_is_read_but_refused_for_every_write(store: Store, where: str) -> None:
    path = newer_store(store, where)
    before = all_files(store.paths.data_dir)
    assert len(store.load().entries) == 1
    with pytest.raises(StoreError, match=r"newer legday \(schema 99"):
        append(store, make_entry(2))
    with (
        pytest.raises(StoreError, match="newer legday"),
        store.transaction() as snapshot,
    ):
        store.remove_ids(snapshot, [snapshot.entries[0].id])
    with pytest.raises(StoreError, match="newer legday"), store.transaction() as snapshot:
        store.add_rest_marks(snapshot, [RestMark(date(2025, 3, 10))])
    with pytest.raises(StoreError, match="newer legday"), store.transaction() as snapshot:
        store.undo(snapshot)
    with pytest.raises(StoreError, match="newer legday"):
        store.compact()
    assert all_files(store.paths.data_dir) == before
    assert path.exists()


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_torn_tail_in_a_newer_schema_file_is_not_touched(
    store: Store, warnings_seen: list[str], where: str
) -> None:
    # Found by this test for a device log: its torn end was set aside by the first read.
    newer_store(store, where, tail=b'{"id"')
    before = all_files(store.paths.data_dir)
    assert len(store.load().entries) == 1
    with pytest.raises(StoreError, match="newer legday"):
        append(store, make_entry(2))
    assert all_files(store.paths.data_dir) == before
    assert warnings_seen and "newer legday" in warnings_seen[0]


# ---------------------------------------------------------------------------- torn tail


def write_torn_legacy(store: Store, entries: int, torn: bytes) -> bytes:
    body = LEGACY_HEADER + b"".join(legacy_line(make_entry(n)) for n in range(entries))
    write_file(legacy_file(store.paths.data_dir), body + torn)
    return body


def test_a_torn_last_line_of_a_legacy_file_is_set_aside_and_reported(
    store: Store, warnings_seen: list[str]
) -> None:
    torn = b'{"id": "half-written", "date": "2025-'
    body = write_torn_legacy(store, 2, torn)
    assert len(store.load().entries) == 2  # a reader with no lock file only reads around it
    assert legacy_file(store.paths.data_dir).read_bytes() == body + torn
    assert "left out" in warnings_seen.pop()
    Path(store.paths.lock_file).touch()  # as after any earlier write: now a reader repairs it
    assert len(store.load().entries) == 2
    assert legacy_file(store.paths.data_dir).read_bytes() == body
    side_files = list(Path(store.paths.data_dir).glob("sessions.jsonl.torn-*"))
    assert len(side_files) == 1
    assert side_files[0].read_bytes() == torn + b"\n"
    assert mode(side_files[0]) == 0o600
    assert len(warnings_seen) == 1
    assert str(side_files[0]) in warnings_seen[0]


def test_a_torn_last_line_of_a_log_is_set_aside_with_a_private_side_file(
    store: Store, warnings_seen: list[str]
) -> None:
    append(store, make_entry(1))
    body = own_log(store).read_bytes()
    torn = b'{"op":"add","seq":2,"clo'
    write_file(own_log(store), body + torn)
    assert [e.id for e in store.load().entries] == [make_entry(1).id]
    assert own_log(store).read_bytes() == body
    [side] = own_log(store).parent.glob(f"{TEST_DEVICE}.jsonl.torn-*")
    assert side.read_bytes() == torn + b"\n"
    assert mode(side) == 0o600
    assert str(side) in warnings_seen[-1]


@pytest.mark.usefixtures("short_lock_timeout")
@pytest.mark.parametrize("where", ["legacy", "log"])
def test_a_torn_tail_found_by_a_writer_does_not_wait_on_its_own_lock(
    store: Store, warnings_seen: list[str], where: str
) -> None:
    # Found by this test: the load inside transaction() took the lock a second time and
    # timed out ("another legday is writing") on every `log` after a crash.
    if where == "legacy":
        write_torn_legacy(store, 1, b'{"id": "torn')
    else:
        append(store, make_entry(0))
        write_file(own_log(store), own_log(store).read_bytes() + b'{"op": "torn')
    append(store, make_entry(7))
    assert ids(store) == [make_entry(0).id, make_entry(7).id]
    assert warnings_seen


@pytest.mark.parametrize("where", ["legacy", "log"])
def test_the_cron_cache_is_not_trusted_after_a_torn_append(store: Store, where: str) -> None:
    append(store, make_entry(1))
    data_dir = store.paths.data_dir
    assert cache.read_days(data_dir, TEST_DEVICE) == (["2025-03-03"], [], [], True)
    if where == "log":
        path = own_log(store)
    else:
        own_log(store).unlink()
        path = legacy_file(store.paths.data_dir)
        write_file(path, LEGACY_HEADER + legacy_line(make_entry(2, date(2025, 3, 4))))
    with path.open("ab") as handle:
        handle.write(b'{"op": "to')
    assert cache.read_days(data_dir, TEST_DEVICE) is None  # → the full fold answers
    Path(store.paths.lock_file).touch()
    store.load()  # sets the torn end aside
    snapshot = store.load()
    store.remember(snapshot)
    days = sorted(day.isoformat() for day in snapshot.leg_days)
    assert cache.read_days(data_dir, TEST_DEVICE) == (days, [], [], True)


# ---------------------------------------------------------------------------- the lock


@pytest.mark.usefixtures("short_lock_timeout")
def test_a_lock_held_elsewhere_times_out_with_a_clear_error(store: Store) -> None:
    append(store, make_entry(1))
    before = own_log(store).read_bytes()
    with Path(store.paths.lock_file).open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another legday is writing"):
            append(store, make_entry(2))
        assert ids(store) == [make_entry(1).id]  # reading needs no lock
    assert own_log(store).read_bytes() == before
    append(store, make_entry(3))  # released: writing works again
    assert len(ids(store)) == 2


@pytest.mark.usefixtures("short_lock_timeout")
def test_write_lock_is_reentrant_within_one_process(paths: Paths) -> None:
    with file_lock(paths.lock_file), file_lock(paths.lock_file):
        pass
    with file_lock(paths.lock_file):  # and released afterwards
        pass


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, date, datetime
    from pathlib import Path
    from legday.model import Entry, Set
    from legday.paths import Paths
    from legday.store import Store

    home = Path(sys.argv[1])
    store = Store(Paths(home, home), device="testbox")
    for n in range(int(sys.argv[3])):
        entry = Entry(
            id=f"{sys.argv[2]}-{n}", date=date(2025, 3, 3), exercise="squat",
            sets=(Set(reps=5),), logged_at=datetime(2025, 3, 3, tzinfo=UTC),
        )
        with store.transaction() as snapshot:
            store.add_entries(snapshot, [entry])
    """
)


def test_parallel_writer_processes_all_land(store: Store) -> None:
    writers, each = 12, 5
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, store.paths.data_dir, f"w{w}", str(each)])
        for w in range(writers)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0] * writers
    stored = ids(store)
    assert sorted(stored) == sorted(f"w{w}-{n}" for w in range(writers) for n in range(each))
    assert [op["seq"] for op in operations(store.paths.data_dir)] == list(range(1, 61))
    assert own_log(store).read_bytes().endswith(b"\n")  # every line terminated: nothing torn


# The first writer of a new home, stopped just as it opens the data dir's lock file to take
# it (a byte on fd READY says it got there; it waits for one on HOLD).
FIRST_WRITER = WRITER.replace(
    "from legday.store import Store\n",
    """from legday.store import Store
import os
ready, hold = int(sys.argv[4]), int(sys.argv[5])
real_open = os.open

def pausing_open(path, flags, *args, **kwargs):
    if str(path).endswith(".legday.lock") and flags & os.O_CREAT:
        os.open = real_open  # only the first time
        os.write(ready, b"!")
        os.read(hold, 1)
    return real_open(path, flags, *args, **kwargs)

os.open = pausing_open
""",
)


def test_a_writer_that_finds_a_new_home_waits_for_the_one_making_it(
    store: Store, tmp_path: Path
) -> None:
    # The data dir appears with its lock already held: a second writer cannot take the lock
    # between the dir's making and its locking (it did, and the first then refused its log).
    ready_read, ready_write = os.pipe()
    hold_read, hold_write = os.pipe()
    home = store.paths.data_dir
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST_WRITER, home, "first", "1", str(ready_write), str(hold_read)],
        pass_fds=(ready_write, hold_read),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert os.read(ready_read, 1) == b"!"
        second = subprocess.run(
            [sys.executable, "-c", WRITER, home, "second", "1"],
            env={**os.environ, "LEGDAY_LOCK_TIMEOUT": "0.3"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        os.write(hold_write, b"!")
        _, first_err = first.communicate(timeout=60)
    finally:
        for fd in (ready_read, ready_write, hold_read, hold_write):
            os.close(fd)
    assert "another legday is writing" in second.stderr  # it waited, and gave up in time
    assert first.returncode == 0, first_err
    assert ids(store) == ["first-0"]
    assert [name for name in os.listdir(tmp_path) if ".new-" in name] == []


# ---------------------------------------------------------------------------- I/O faults


def test_a_read_only_file_system_is_a_clear_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(store, make_entry(1))
    before = own_log(store).read_bytes()
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(30, os.strerror(30))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(StoreError, match="Read-only file system"):
        append(store, make_entry(2))
    assert len(store.load().entries) == 1  # reading still works
    monkeypatch.undo()
    assert own_log(store).read_bytes() == before


def test_text_that_is_not_utf8_is_refused_as_bad_input(store: Store) -> None:
    append(store, make_entry(1))
    before = own_log(store).read_bytes()
    with pytest.raises(UsageError, match="not valid UTF-8"):
        append(store, make_entry(2, note="bad \udcff byte"))
    with pytest.raises(UsageError, match="not valid UTF-8"):
        append(store, make_entry(3), make_entry(4, note="\udcff"))
    assert own_log(store).read_bytes() == before


def test_bad_text_is_refused_before_a_legacy_store_is_migrated(store: Store) -> None:
    # Found by this test: the migration of the old files ran first, so a refused `log`
    # had already moved sessions.jsonl away.
    write_file(legacy_file(store.paths.data_dir), LEGACY_HEADER + ENTRY)
    before = all_files(store.paths.data_dir)
    with pytest.raises(UsageError, match="not valid UTF-8"):
        append(store, make_entry(2, note="bad \udcff byte"))
    assert all_files(store.paths.data_dir) == before


def test_a_lone_surrogate_in_a_legacy_rest_weeks_file_is_refused_before_any_write(
    store: Store,
) -> None:
    # Found by this test: it was read, then the migration failed half way with a message
    # about retyping a name.
    write_file(legacy_file(store.paths.data_dir), LEGACY_HEADER + ENTRY)
    rest = b'{"legday": "rest-weeks", "weeks": [{"date": "2025-03-10", "reason": "\\udcff"}]}'
    write_file(Path(store.paths.rest_weeks_file), rest)
    before = all_files(store.paths.data_dir)
    with pytest.raises(StoreError, match=r"rest_weeks\.json, line 1: .*surrogate"):
        store.load()
    with pytest.raises(StoreError, match="surrogate"):
        append(store, make_entry(2))
    assert all_files(store.paths.data_dir) == before


# ---------------------------------------------------------------------- the compact form


_NUMBERS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
_SETS = st.builds(
    Set,
    reps=st.one_of(st.none(), st.integers(0, 10**6)),
    seconds=st.one_of(st.none(), st.integers(0, 10**6)),
    weight=st.one_of(st.none(), _NUMBERS),
    unit=st.sampled_from(["kg", "lb"]),
    bodyweight=st.booleans(),
    warmup=st.booleans(),
    amrap=st.booleans(),
    rpe=st.one_of(st.none(), st.floats(min_value=1, max_value=10)),
).filter(lambda s: s.reps is not None or s.seconds is not None)


def _normalised(item: Set) -> Set:
    # A set without a load has no unit (as Set.from_json makes it).
    if item.weight is not None:
        return item
    fields = {name: getattr(item, name) for name in Set.__slots__}
    return Set(**{**fields, "unit": None})


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_SETS, min_size=1, max_size=6), note=st.one_of(st.none(), st.text()))
def test_every_entry_reads_back_exactly_from_the_compact_form(
    paths: Paths, sets: list[Set], note: str | None
) -> None:
    one = Entry(
        id=os.urandom(16).hex(),
        date=date(2025, 3, 3),
        exercise="front squat",
        sets=tuple(_normalised(s) for s in sets),
        logged_at=LOGGED_AT,
        note=note,
    )
    store = Store(paths, device=TEST_DEVICE)
    try:
        append(store, one)
    except UsageError:
        assert note is not None  # lone surrogates in the note are refused, nothing else
        return
    assert Store(paths, device=TEST_DEVICE).load().entry_by_id(one.id) == one


def test_an_add_is_one_short_json_line_with_the_sets_as_a_string(store: Store) -> None:
    append(store, make_entry(1))
    append(store, make_entry(2, note='said "light"\nnext time 105'))
    rows = operations(store.paths.data_dir)
    assert [row["sets"] for row in rows] == ["5,,101,kg,,", "5,,102,kg,,"]
    assert rows[1]["note"] == 'said "light"\nnext time 105'
    assert all(b": " not in line for line in own_log(store).read_bytes().splitlines()[1:])
    assert Store(store.paths, device=TEST_DEVICE).load().entries == (
        make_entry(1),
        make_entry(2, note=rows[1]["note"]),
    )


def test_a_schema_1_file_is_migrated_to_the_canonical_form_on_its_first_write(
    store: Store,
) -> None:
    # Found by this test: schema 1 lines kept their sets as lists in the device log.
    old = LEGACY_HEADER + legacy_line(make_entry(1)) + legacy_line(make_entry(2, date(2025, 3, 5)))
    old = old.replace(b'"source": "log"', b'"source": "log", "mine": [1]', 1)
    write_file(legacy_file(store.paths.data_dir), old)
    assert ids(store) == [make_entry(1).id, make_entry(2).id]
    append(store, make_entry(3, date(2025, 3, 4)))
    adds = [op for op in operations(store.paths.data_dir) if op["op"] == "add"]
    assert [op["sets"] for op in adds] == ["5,,101,kg,,", "5,,102,kg,,", "5,,103,kg,,"]
    assert all("_hw" not in op for op in adds)
    assert adds[0]["mine"] == [1]  # a key this legday does not know is kept
    assert Store(store.paths, device=TEST_DEVICE).load().entries[:2] == (
        make_entry(1),
        make_entry(2, date(2025, 3, 5)),
    )
    assert (Path(store.paths.backup_dir) / "sessions.jsonl.1").read_bytes() == old


def test_damage_inside_the_compact_sets_names_its_line(store: Store) -> None:
    append(store, make_entry(1))
    append(store, make_entry(2))
    path = own_log(store)
    path.write_bytes(path.read_bytes().replace(b"5,,102,kg,,", b"5,,102,kg,q,"))
    snapshot = Store(store.paths, device=TEST_DEVICE).load()
    assert snapshot.leg_days == {date(2025, 3, 3)}  # dates need no decoding
    with pytest.raises(StoreError, match=r"line 3: unknown set flags 'q'"):
        _ = snapshot.entries


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (b'00+00:00","source"', b'00","source"', "UTC"),
        (b'"logged_at":"20', b'"logged_at":"yesterday 20', "ISO 8601"),
        (b'"exercise":"squat"', b'"exercise":"   "', "non-empty string 'exercise'"),
    ],
)
def test_damage_a_canonical_line_lets_through_is_named_with_its_line(
    store: Store, old: bytes, new: bytes, problem: str
) -> None:
    # The quick decoding of a canonical line leaves anything odd to the full checks.
    append(store, make_entry(1))
    path = own_log(store)
    path.write_bytes(path.read_bytes().replace(old, new))
    snapshot = Store(store.paths, device=TEST_DEVICE).load()
    with pytest.raises(StoreError, match=rf"line 2: .*{problem}"):
        _ = snapshot.entries


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ("5,,100,kg,", "6 comma-separated fields"),
        (",,100,kg,,", "reps or seconds"),
        ("5,,100,,,", "needs a unit"),
        ("5,,heavy,kg,,", "'weight' must be a number"),
        ("5,,100,st,,", "unit must be 'kg' or 'lb'"),
        ("5,,nan,kg,,", "finite"),
        ("5x,,100,kg,,", "'reps' must be a whole number"),
        ("5,,100,kg,bb,", "unknown set flags"),
        ("", "at least one set"),
    ],
)
def test_a_damaged_compact_set_is_refused_with_what_is_wrong(stored: str, problem: str) -> None:
    row = make_entry(1).to_json() | {"sets": stored}
    with pytest.raises(ValueError, match=problem):
        Entry.from_json(row)


def test_only_the_entries_asked_for_are_decoded(store: Store) -> None:
    for number in (1, 2, 3):
        append(store, make_entry(number, date(2025, 3, number)))
    path = own_log(store)
    path.write_bytes(path.read_bytes().replace(b"5,,101,kg,,", b"5,,101,kg,q,"))
    snapshot = Store(store.paths, device=TEST_DEVICE).load()
    newer = snapshot.entries_where(since=date(2025, 3, 2))
    assert [e.id for e in newer] == [make_entry(2).id, make_entry(3).id]
    assert snapshot.entries_where(names={"lunge"}) == []
    assert snapshot.exercise_names == {"squat"}


def test_one_hand_written_line_among_canonical_ones_reads_the_same(store: Store) -> None:
    entries = [make_entry(n, date(2025, 3, n)) for n in (1, 2, 3)]
    for one in entries:
        append(store, one)
    path = own_log(store)
    header, first, second, third = path.read_bytes().splitlines(keepends=True)
    spaced = json.dumps(json.loads(second), indent=None).encode() + b"\n"  # ", " and ": "
    path.write_bytes(header + first + spaced + b"\n" + third)  # and a blank line
    assert Store(store.paths, device=TEST_DEVICE).load().entries == tuple(entries)


@pytest.mark.parametrize("where", ["legacy", "log"])
@pytest.mark.parametrize("position", [0, 2])
def test_an_impossible_date_in_a_canonical_line_names_its_line(
    store: Store, position: int, where: str
) -> None:
    if where == "log":
        for number in (1, 2, 3):
            append(store, make_entry(number, date(2025, 3, number)))
        path = own_log(store)
    else:
        path = legacy_file(store.paths.data_dir)
        lines = [canonical_legacy_line(make_entry(n, date(2025, 3, n))) for n in (1, 2, 3)]
        write_file(path, b'{"legday": "sessions", "schema": 2}\n' + b"".join(lines))
        assert len(legacy.parse_sessions(path.read_bytes(), path, path).lines) == 3
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1 + position] = lines[1 + position].replace(b'"date":"2025-03-0', b'"date":"2025-02-3')
    before = write_file(path, b"".join(lines))
    with pytest.raises(StoreError, match=rf"line {2 + position}: 'date' must be a YYYY-MM-DD"):
        Store(store.paths, device=TEST_DEVICE).load()
    with pytest.raises(StoreError):
        append(store, make_entry(8))
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------- the cron cache


_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@FIXTURE_SETTINGS
@given(days=st.lists(_DAYS, max_size=12), drop=st.integers(0, 11))
def test_the_cache_holds_exactly_the_full_folds_leg_days(
    tmp_path_factory: pytest.TempPathFactory, days: list[date], drop: int
) -> None:
    # Back-dated logs, deletes and undos in any order: remind's cache says what the fold says.
    home = tmp_path_factory.mktemp("home")
    paths = Paths(home, home)
    store = Store(paths, device=TEST_DEVICE)
    logged = [make_entry(n, day) for n, day in enumerate(days)]
    for one in logged:
        append(store, one)
    if logged:
        with store.transaction() as snapshot:
            store.remove_ids(snapshot, [logged[drop % len(logged)].id])
        if drop % 2:
            with store.transaction() as snapshot:
                store.undo(snapshot)
    cached = cache.read_days(paths.data_dir, TEST_DEVICE)
    folded = sorted(day.isoformat() for day in store.load().leg_days)
    assert cached is not None
    assert cached[0] == folded


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LEGACY_HEADER, id="header-only"),
        pytest.param(b"\xef\xbb\xbf" + LEGACY_HEADER, id="header-with-bom"),
        pytest.param(LEGACY_HEADER + b"\n  \n", id="blank-lines"),
        pytest.param(b"", id="empty-file"),
    ],
)
def test_a_legacy_store_without_entries_has_no_leg_days(store: Store, text: bytes) -> None:
    write_file(legacy_file(store.paths.data_dir), text)
    snapshot = store.load()
    store.remember(snapshot)
    assert cache.read_days(store.paths.data_dir, TEST_DEVICE) == ([], [], [], True)


def test_a_missing_store_has_no_leg_days_without_a_fold(legday_home: Path) -> None:
    assert cache.read_days(str(legday_home), TEST_DEVICE) == ([], [], [], True)


def _days_cache(*fields: Any) -> Callable[[Any], bytes]:
    """A days cache holding `fields` after the version and the files' key (SOURCES)."""
    return lambda sources: marshal.dumps((cache.CACHE_VERSION, sources, *fields))


@pytest.mark.parametrize(
    "doc",
    [
        lambda _: b"",
        lambda _: b"{not marshal",
        lambda sources: marshal.dumps((99, sources, "", [], [], True)),
        lambda _: marshal.dumps([]),
        _days_cache(20250303, [], [], True),
        _days_cache(["2025-03-03"], [], [], True),
        _days_cache("2025-03-0", [], [], True),
        _days_cache("", [1], [], True),
        lambda sources: marshal.dumps((cache.CACHE_VERSION, sources, "2025-03-03", [], [], True))[
            :-6
        ],
        _days_cache("2025-03-03", [], []),
    ],
    ids=[
        "empty",
        "not-marshal",
        "other-version",
        "not-a-tuple",
        "days-not-text",
        "days-a-list",
        "days-cut-short",
        "rest-not-text",
        "torn",
        "a-field-short",
    ],
)
def test_an_odd_cache_file_is_left_to_the_full_fold(
    store: Store, doc: Callable[[Any], bytes]
) -> None:
    append(store, make_entry(1))
    data_dir = store.paths.data_dir
    # The cache's key matches the files, so only its odd content can make it untrusted.
    sources = cache.current_signature(data_dir, TEST_DEVICE)
    write_file(Path(cache.cache_file(data_dir, TEST_DEVICE)), doc(sources))
    assert cache.read_days(data_dir, TEST_DEVICE) is None
    assert cache.read_days(data_dir, TEST_DEVICE, "2025-01-01") is None


def test_a_right_cache_file_is_read_without_the_fold(store: Store) -> None:
    # The control for the odd files above: the same key with well-formed content is taken.
    append(store, make_entry(1))
    data_dir = store.paths.data_dir
    sources = cache.current_signature(data_dir, TEST_DEVICE)
    write_file(
        Path(cache.cache_file(data_dir, TEST_DEVICE)),
        _days_cache("2025-03-03", [], [], True)(sources),
    )
    assert cache.read_days(data_dir, TEST_DEVICE) == (["2025-03-03"], [], [], True)


def test_a_write_removes_this_devices_old_json_caches_and_no_other_file(store: Store) -> None:
    # The days and config caches were JSON before they were marshal: nothing reads those
    # files now, so this device's writer clears them; another device's are its own to clear.
    data_dir = Path(store.paths.data_dir)
    old = [data_dir / f".legday-cache-{TEST_DEVICE}.json"]
    old.append(data_dir / f".legday-config-cache-{TEST_DEVICE}.json")
    theirs = data_dir / ".legday-cache-desktop.json"
    for path in (*old, theirs):
        write_file(path, b"{}")
    append(store, make_entry(1))
    assert [path.exists() for path in old] == [False, False]
    assert theirs.read_bytes() == b"{}"


def test_what_legday_log_and_skip_write_is_read_without_the_full_fold(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    import time_machine

    from legday.cli import run

    with time_machine.travel(datetime(2026, 11, 19, 18, 0, tzinfo=UTC), tick=False):
        for day in ("2026-11-17", "2025-02-01", "2026-11-10"):
            assert run(["log", "squat", "5x5@100kg", "--date", day]) == 0, capsys.readouterr()
        for day in ("2026-11-23", "2026-11-30"):
            assert run(["skip", day, "--reason", "holiday"]) == 0, capsys.readouterr()
    cached = cache.read_days(str(legday_home), TEST_DEVICE)
    assert cached is not None
    legs, rest, _conflicts, _complete = cached
    assert legs == ["2025-02-01", "2026-11-10", "2026-11-17"]
    assert rest == ["2026-11-23", "2026-11-30"]


# ---------------------------------------------------------------------------- symlinks


def test_a_symlinked_legacy_file_is_migrated_and_its_target_left_as_it_was(
    store: Store, warnings_seen: list[str], tmp_path: Path
) -> None:
    # legday before schema 3 never writes the old file again, so the link cannot keep
    # receiving writes: its target stays byte for byte (another machine may still read it),
    # the backup is a copy of its bytes (not a link that keeps changing), and the warning
    # says how to share the new store.
    synced = write_file(tmp_path / "Dropbox" / "sessions.jsonl", LEGACY_HEADER + ENTRY)
    link = legacy_file(store.paths.data_dir)
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / "Dropbox" / "sessions.jsonl")
    append(store, make_entry(2))
    assert (tmp_path / "Dropbox" / "sessions.jsonl").read_bytes() == synced
    backup = Path(store.paths.backup_dir) / "sessions.jsonl.1"
    assert not backup.is_symlink() and backup.read_bytes() == synced
    assert not os.path.lexists(link)
    assert any("was a link to" in w and "LEGDAY_HOME" in w for w in warnings_seen)
    assert ids(store) == [make_entry(1).id, make_entry(2).id]
    append(store, make_entry(3))  # the device log keeps receiving writes
    assert len(ids(store)) == 3


def test_temp_files_of_a_killed_cache_write_are_removed_by_the_next_writer(store: Store) -> None:
    # Found by this test: the cache's temp files were named so that the next writer's
    # clean-up never matched them, and a kill at the wrong moment left one for good.
    append(store, make_entry(1))
    data_dir = Path(store.paths.data_dir)
    left = Path(cache.cache_file(str(data_dir), TEST_DEVICE) + ".4242.abcdef.tmp")
    left.write_bytes(b"{")
    others = Path(cache.cache_file(str(data_dir), "desktop") + ".4242.abcdef.tmp")
    others.write_bytes(b"{")  # another device's: not ours to touch
    append(store, make_entry(2))
    assert not left.exists()
    assert others.exists()


# ---------------------------------------------------------------------------- through the CLI


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    from legday.cli import run

    capsys.readouterr()
    code = run([*args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_undo_after_two_logs_in_one_second_takes_back_the_second(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import time_machine

    with time_machine.travel(datetime(2026, 11, 19, 18, 0, 0, tzinfo=UTC), tick=False):
        cli(capsys, "log", "squat", "5x5", "--note", "first")
        cli(capsys, "log", "squat", "5x5", "--note", "second")  # the same logged_at
        cli(capsys, "undo")
        assert [row["note"] for row in cli(capsys, "history")] == ["first"]


def test_undo_after_a_log_from_a_clock_ahead_takes_back_this_devices_last_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import time_machine

    now = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)
    with time_machine.travel(now + timedelta(days=400), tick=False):  # the clock was wrong
        cli(capsys, "log", "squat", "5x5", "--date", "2026-11-18", "--note", "clock ahead")
    with time_machine.travel(now, tick=False):  # and is right again
        cli(capsys, "log", "squat", "5x5", "--note", "now")
        cli(capsys, "undo")
        assert [row["note"] for row in cli(capsys, "history")] == ["clock ahead"]
        cli(capsys, "undo")
        assert cli(capsys, "history") == []


def test_duplicated_lines_of_a_legacy_file_count_once_and_delete_removes_the_entry(
    store: Store,
) -> None:
    line = canonical_legacy_line(make_entry(1))
    write_file(legacy_file(store.paths.data_dir), LEGACY_HEADER + line + line + line)
    snapshot = store.load()
    assert len(snapshot.entries) == 1
    with store.transaction() as snapshot:
        store.remove_ids(snapshot, [make_entry(1).id])
    assert ids(store) == []


@settings(max_examples=200)
@given(
    sets=st.lists(_SETS, min_size=1, max_size=4),
    texts=st.lists(st.text(max_size=8), min_size=3, max_size=3),
    note=st.one_of(st.none(), st.text(max_size=8)),
    edited=st.booleans(),
)
def test_an_imported_add_line_is_the_line_any_other_add_writes(
    sets: list[Set], texts: list[str], note: str | None, edited: bool
) -> None:
    # An import writes its add lines without the JSON encoder; what lands in the log (and so
    # what every reader sees) is byte for byte what the encoder writes, escapes included.
    from legday.store.codec import add_line, add_op, encode_line, with_order

    entry_id, exercise, source = texts
    group = "0123456789ab"  # a group id is always 12 hex digits (Store.group)
    one = Entry(
        id=entry_id or "x",
        date=date(2025, 3, 3),
        exercise=exercise or "squat",
        sets=tuple(_normalised(s) for s in sets),
        logged_at=LOGGED_AT,
        note=note,
        source=source,
        edited_at=LOGGED_AT if edited else None,
    )
    row = {**with_order(add_op(one), 7, 9), "g": group}
    written = (row["sets"], 7, 9, group, row["logged_at"], row["date"])
    try:
        expected = encode_line(row)
    except UsageError:
        with pytest.raises(UsageError):
            add_line(one, *written)
        return
    assert add_line(one, *written) == expected


# ---------------------------------------------------------------------------- a new home


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "bench", "press", "3x5@80kg"],
        ["log", "squat", "5x5", "--date", "1899-12-31"],
        ["skip", "2020-01-01"],
        ["undo"],
        ["delete", "abcdef"],
        ["edit", "abcdef12", "--note", "x"],
        ["rename", "squat", "lunge"],
        ["import", "--undo", "--yes"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_a_refused_command_in_a_new_home_leaves_nothing_not_even_the_lock(
    capsys: pytest.CaptureFixture[str], legday_home: Path, argv: list[str]
) -> None:
    import time_machine

    from legday.cli import run

    with time_machine.travel(datetime(2026, 11, 19, 18, 0, tzinfo=UTC), tick=False):
        assert run(argv) == 2
    assert capsys.readouterr().err.startswith("Error: ")
    assert not legday_home.exists()  # no data dir, no .legday.lock


def test_the_first_write_of_a_new_home_makes_it_under_the_lock(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    import time_machine

    from legday.cli import run

    with time_machine.travel(datetime(2026, 11, 19, 18, 0, tzinfo=UTC), tick=False):
        assert run(["log", "squat", "5x5@100kg"]) == 0
    capsys.readouterr()
    assert (legday_home / ".legday.lock").exists()
    assert [op["exercise"] for op in operations(legday_home)] == ["squat"]


def test_a_refused_command_leaves_even_a_stale_cache_as_it_was(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    import time_machine

    from legday.cli import run

    with time_machine.travel(datetime(2026, 11, 19, 18, 0, tzinfo=UTC), tick=False):
        assert run(["log", "squat", "5x5@100kg"]) == 0
        assert run(["history"]) == 0  # a reader keeps the rows it folded
        assert run(["log", "lunge", "3x10"]) == 0  # ... which this write leaves behind
        before = {p.name: p.read_bytes() for p in legday_home.iterdir() if p.is_file()}
        assert run(["last", "zzz"]) == 2  # reads the store, then refuses
        after = {p.name: p.read_bytes() for p in legday_home.iterdir() if p.is_file()}
        assert run(["history"]) == 0
    assert any(name.endswith(".rows") for name in before)
    assert after == before
