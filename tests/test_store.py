"""The sessions store at unit level: what survives, what is refused, and what is left alone."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday.errors import StoreError, UsageError
from legday.model import Entry, RestMark, Set
from legday.paths import Paths
from legday.store import (
    BACKUPS_KEPT,
    SCHEMA_VERSION,
    Snapshot,
    Store,
    atomic_write,
    parse_sessions,
    write_lock,
)
from legday.tail import read_tail

HEADER = b'{"legday": "sessions", "schema": 1}\n'
LOGGED_AT = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)


def make_entry(number: int, day: date = date(2025, 3, 3), note: str | None = None) -> Entry:
    return Entry(
        id=f"{number:032x}",
        date=day,
        exercise="squat",
        sets=(Set(reps=5, weight=100.0 + number, unit="kg"),),
        logged_at=LOGGED_AT + timedelta(minutes=number),
        note=note,
    )


def entry_line(entry: Entry) -> bytes:
    row = entry.to_json()
    row["_hw"] = entry.date.isoformat()
    return json.dumps(row).encode() + b"\n"


@pytest.fixture
def paths(legday_home: Path) -> Paths:
    return Paths(data_dir=legday_home, config_dir=legday_home)


@pytest.fixture
def warnings_seen() -> list[str]:
    return []


@pytest.fixture
def store(paths: Paths, warnings_seen: list[str]) -> Store:
    return Store(paths, warnings_seen.append)


def append(store: Store, entry: Entry) -> None:
    with store.transaction() as snapshot:
        store.append(snapshot, entry)


def ids(store: Store) -> list[str]:
    return [entry.id for entry in Store(store.paths).load().entries]


@pytest.fixture
def short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGDAY_LOCK_TIMEOUT", "0.2")


# ---------------------------------------------------------------------------- what survives


def test_an_empty_home_loads_as_no_entries(store: Store) -> None:
    snapshot = store.load()
    assert snapshot.entries == ()
    assert snapshot.rest_marks == ()
    assert not store.paths.sessions_file.exists()


def test_appended_entries_survive_a_reopen(store: Store) -> None:
    entries = [make_entry(n, date(2025, 3, 1 + n)) for n in range(3)]
    for entry in entries:
        append(store, entry)
    reopened = Store(store.paths).load()
    assert list(reopened.entries) == entries
    assert reopened.max_date == date(2025, 3, 3)


def test_the_file_starts_with_the_schema_header(store: Store) -> None:
    append(store, make_entry(1))
    first_line = store.paths.sessions_file.read_bytes().splitlines()[0]
    assert json.loads(first_line) == {"legday": "sessions", "schema": SCHEMA_VERSION}


def test_a_back_dated_append_keeps_the_high_water_mark(store: Store) -> None:
    append(store, make_entry(1, date(2025, 3, 10)))
    append(store, make_entry(2, date(2025, 1, 5)))
    last = json.loads(store.paths.sessions_file.read_bytes().splitlines()[-1])
    assert last["date"] == "2025-01-05"
    assert last["_hw"] == "2025-03-10"
    # The cron path must still find the newer entry behind the back-dated one.
    tail = read_tail(store.paths.sessions_file, date(2025, 3, 1))
    assert tail is not None
    assert [row["date"] for row in tail] == ["2025-03-10"]


def test_rest_marks_survive_a_reopen(store: Store) -> None:
    mark = RestMark(date=date(2025, 3, 5), reason="holiday", marked_at=LOGGED_AT)
    with store.transaction() as snapshot:
        store.write_rest_marks(snapshot, [mark])
    assert Store(store.paths).load().rest_marks == (mark,)


def test_rewrite_replaces_all_entries_in_date_order(store: Store) -> None:
    for n in (3, 1, 2):
        append(store, make_entry(n, date(2025, 3, n)))
    with store.transaction() as snapshot:
        store.rewrite(snapshot, [e for e in snapshot.entries if e.date != date(2025, 3, 2)])
    assert [e.date.day for e in Store(store.paths).load().entries] == [1, 3]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(st.none() | st.text(max_size=40), min_size=1, max_size=5),
)
def test_any_text_in_a_note_round_trips(store: Store, notes: list[str | None]) -> None:
    store.paths.sessions_file.unlink(missing_ok=True)
    entries = [make_entry(n, note=note) for n, note in enumerate(notes)]
    for entry in entries:
        append(store, entry)
    assert list(Store(store.paths).load().entries) == entries


# ---------------------------------------------------------------------------- backups


def test_a_rewrite_keeps_the_previous_file_as_a_backup(store: Store) -> None:
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()
    with store.transaction() as snapshot:
        store.rewrite(snapshot, [])
    backup = store.paths.backup_dir / "sessions.jsonl.1"
    assert backup.read_bytes() == before
    assert Store(store.paths).load().entries == ()


def test_backups_rotate_and_keep_the_newest_five(store: Store) -> None:
    versions = []
    for n in range(BACKUPS_KEPT + 2):
        append(store, make_entry(n))
        versions.append(store.paths.sessions_file.read_bytes())
        with store.transaction() as snapshot:
            store.rewrite(snapshot, snapshot.entries)
    kept = sorted(p.name for p in store.paths.backup_dir.iterdir())
    assert kept == [f"sessions.jsonl.{i}" for i in range(1, BACKUPS_KEPT + 1)]
    # .1 is the file as it was just before the last rewrite.
    assert (store.paths.backup_dir / "sessions.jsonl.1").read_bytes() == versions[-1]


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


def test_files_are_0600_and_dirs_0700_even_under_umask_000(store: Store, open_umask: None) -> None:
    append(store, make_entry(1))
    with store.transaction() as snapshot:
        store.rewrite(snapshot, snapshot.entries)
        store.write_rest_marks(snapshot, [RestMark(date=date(2025, 3, 5))])
    data_dir = store.paths.data_dir
    assert mode(data_dir) == 0o700
    assert mode(store.paths.backup_dir) == 0o700
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"sessions.jsonl", "rest_weeks.json", ".legday.lock"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_atomic_write_creates_a_private_file(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "out" / "file.txt"
    atomic_write(target, b"data")
    assert target.read_bytes() == b"data"
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


# ---------------------------------------------------------------------------- damage


CORRUPTIONS = {
    "truncated JSON": (HEADER + b'{"id": "abc", "date": \n', 2, "not valid JSON"),
    "invalid UTF-8": (HEADER + entry_line(make_entry(1)) + b'{"id": "\xff\xfe"}\n', 3, "UTF-8"),
    "encoded surrogate": (HEADER + b'{"id": "\xed\xa0\x80"}\n', 2, "UTF-8"),
    "escaped surrogate": (
        HEADER + entry_line(make_entry(1, note="\\ud800")).replace(b"\\\\ud800", b"\\ud800"),
        2,
        "surrogate",
    ),
    "wrong type": (
        HEADER + entry_line(make_entry(1)).replace(b'"reps": 5', b'"reps": "five"'),
        2,
        "reps",
    ),
    "not an object": (HEADER + b"[1, 2, 3]\n", 2, "JSON object"),
    "huge integer weight": (
        HEADER + entry_line(make_entry(1)).replace(b'"weight": 101.0', b'"weight": 1' + b"0" * 400),
        2,
        "too large a number",
    ),
    "too many digits": (HEADER + b'{"id": ' + b"9" * 5000 + b"}\n", 2, "not valid JSON"),
    "deep nesting": (HEADER + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, "not valid JSON"),
    "missing header": (entry_line(make_entry(1)), 1, "header"),
    "wrong header": (b'{"legday": "other", "schema": 1}\n', 1, "header"),
    "empty file": (b"", 1, "empty"),
    "torn header": (b'{"legday": "ses', 1, "header"),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_damaged_file_is_reported_with_its_line_and_left_byte_identical(
    store: Store, case: str
) -> None:
    data, line, problem = CORRUPTIONS[case]
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    with pytest.raises(StoreError) as raised:
        store.load()
    message = raised.value.message
    assert f"{path}, line {line}:" in message
    assert problem in message
    assert str(store.paths.backup_dir) in message  # how to recover
    with pytest.raises(StoreError), store.transaction() as snapshot:
        store.append(snapshot, make_entry(9))
    assert path.read_bytes() == data


def test_a_damaged_rest_weeks_file_is_reported_and_left_alone(store: Store) -> None:
    path = store.paths.rest_weeks_file
    path.parent.mkdir(parents=True)
    data = b'{"legday": "rest-weeks",\n "weeks": [\n'
    path.write_bytes(data)
    with pytest.raises(StoreError, match=r"rest_weeks\.json, line \d+"):
        store.load()
    assert path.read_bytes() == data


def test_a_directory_in_place_of_the_file_is_reported(store: Store) -> None:
    store.paths.sessions_file.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a directory") as raised:
        store.load()
    assert str(store.paths.sessions_file) in raised.value.message
    assert read_tail(store.paths.sessions_file, date(2025, 1, 1)) is None  # → full load
    assert store.paths.sessions_file.is_dir()


def test_parse_sessions_names_the_first_bad_line() -> None:
    good = entry_line(make_entry(1))
    data = HEADER + good + good + b"not json\n" + b"{}\n"
    with pytest.raises(StoreError, match=r"x\.jsonl, line 4:"):
        parse_sessions(data, Path("x.jsonl"), Paths(Path("d"), Path("d")))


def test_blank_lines_are_not_damage(store: Store) -> None:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    path.write_bytes(HEADER + b"\n" + entry_line(make_entry(1)) + b"  \n")
    assert [e.id for e in store.load().entries] == [make_entry(1).id]


def test_a_header_with_a_bom_is_accepted(store: Store) -> None:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + HEADER + entry_line(make_entry(1)))
    assert len(store.load().entries) == 1


# ---------------------------------------------------------------------------- newer schema


def test_a_newer_schema_is_read_but_refused_for_writing(store: Store) -> None:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    data = b'{"legday": "sessions", "schema": 99}\n' + entry_line(make_entry(1))
    path.write_bytes(data)
    assert len(store.load().entries) == 1
    writes: list[Callable[[Store, Snapshot], None]] = [
        lambda s, snap: s.append(snap, make_entry(2)),
        lambda s, snap: s.rewrite(snap, []),
        lambda s, snap: s.write_rest_marks(snap, []),
    ]
    for write in writes:
        with (
            pytest.raises(StoreError, match=r"newer legday \(schema 99"),
            store.transaction() as (snapshot),
        ):
            write(store, snapshot)
    assert path.read_bytes() == data
    assert not store.paths.rest_weeks_file.exists()


def test_a_torn_tail_in_a_newer_schema_file_is_not_touched(
    store: Store, warnings_seen: list[str]
) -> None:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    data = b'{"legday": "sessions", "schema": 99}\n' + entry_line(make_entry(1)) + b'{"id"'
    path.write_bytes(data)
    assert len(store.load().entries) == 1
    assert path.read_bytes() == data
    assert warnings_seen


# ---------------------------------------------------------------------------- torn tail


def write_torn(store: Store, entries: int, torn: bytes) -> bytes:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True, exist_ok=True)
    body = HEADER + b"".join(entry_line(make_entry(n)) for n in range(entries))
    path.write_bytes(body + torn)
    return body


def test_a_torn_last_line_is_set_aside_and_reported(store: Store, warnings_seen: list[str]) -> None:
    torn = b'{"id": "half-written", "date": "2025-'
    body = write_torn(store, 2, torn)
    assert len(store.load().entries) == 2
    assert store.paths.sessions_file.read_bytes() == body
    side_files = list(store.paths.data_dir.glob("sessions.jsonl.torn-*"))
    assert len(side_files) == 1
    assert side_files[0].read_bytes() == torn + b"\n"
    assert mode(side_files[0]) == 0o600
    assert len(warnings_seen) == 1
    assert str(side_files[0]) in warnings_seen[0]


def test_a_torn_tail_found_by_a_writer_does_not_wait_on_its_own_lock(
    store: Store, warnings_seen: list[str], short_lock_timeout: None
) -> None:
    # Found by this test: the load inside transaction() took the lock a second time and
    # timed out ("another legday is writing") on every `log` after a crash.
    write_torn(store, 1, b'{"id": "torn')
    append(store, make_entry(7))
    assert ids(store) == [make_entry(0).id, make_entry(7).id]
    assert warnings_seen


def test_the_cron_tail_read_defers_a_torn_tail_to_the_full_load(store: Store) -> None:
    write_torn(store, 1, b'{"id": "to')
    assert read_tail(store.paths.sessions_file, date(2025, 1, 1)) is None


def test_read_tail_stops_at_the_window(store: Store) -> None:
    for n in range(10):
        append(store, make_entry(n, date(2025, 1, 1) + timedelta(weeks=n)))
    tail = read_tail(store.paths.sessions_file, date(2025, 2, 20))
    assert tail is not None
    assert sorted(row["date"] for row in tail) == ["2025-02-26", "2025-03-05"]


def test_a_file_sorted_newest_first_by_hand_is_not_trusted_by_the_tail_read(
    store: Store,
) -> None:
    # Found by tests/test_remind.py: reading back from the end stopped at the oldest line and
    # never saw this week's entry above it.
    for n, day in enumerate((date(2024, 1, 1), date(2024, 6, 1), date(2025, 3, 3))):
        append(store, make_entry(n, day))
    header, *rows = store.paths.sessions_file.read_bytes().splitlines(keepends=True)
    store.paths.sessions_file.write_bytes(header + b"".join(reversed(rows)))
    assert read_tail(store.paths.sessions_file, date(2025, 3, 1)) is None


# ---------------------------------------------------------------------------- the lock


def test_a_lock_held_elsewhere_times_out_with_a_clear_error(
    store: Store, short_lock_timeout: None
) -> None:
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()
    with store.paths.lock_file.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another legday is writing"):
            append(store, make_entry(2))
    assert store.paths.sessions_file.read_bytes() == before
    append(store, make_entry(3))  # released: writing works again
    assert len(ids(store)) == 2


def test_write_lock_is_reentrant_within_one_process(paths: Paths, short_lock_timeout: None) -> None:
    with write_lock(paths), write_lock(paths):
        pass
    with write_lock(paths):  # and released afterwards
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
    store = Store(Paths(home, home))
    for n in range(int(sys.argv[3])):
        entry = Entry(
            id=f"{sys.argv[2]}-{n}", date=date(2025, 3, 3), exercise="squat",
            sets=(Set(reps=5),), logged_at=datetime(2025, 3, 3, tzinfo=UTC),
        )
        with store.transaction() as snapshot:
            store.append(snapshot, entry)
    """
)


def test_parallel_writer_processes_all_land(store: Store) -> None:
    writers, each = 12, 5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store.paths.data_dir), f"w{w}", str(each)]
        )
        for w in range(writers)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0] * writers
    stored = ids(store)
    assert sorted(stored) == sorted(f"w{w}-{n}" for w in range(writers) for n in range(each))
    lines = store.paths.sessions_file.read_bytes().split(b"\n")
    assert lines[-1] == b""  # every line terminated: nothing torn


# ---------------------------------------------------------------------------- I/O faults


def fail_with(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def test_a_full_disk_mid_append_leaves_the_file_byte_identical(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by this test: a partial write used to stay in the file as a torn line.
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 8:
            return real_write(fd, bytes(data)[: len(data) // 2])
        raise fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreError, match="No space left on device; nothing was changed"):
        append(store, make_entry(2))
    monkeypatch.undo()
    assert store.paths.sessions_file.read_bytes() == before


def test_a_failing_fsync_on_rewrite_leaves_the_file_and_no_temp_files(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()

    def no_space(fd: int) -> None:
        raise fail_with(errno.ENOSPC)

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError, match="nothing was changed"), store.transaction() as snap:
        store.rewrite(snap, [])
    monkeypatch.undo()
    assert store.paths.sessions_file.read_bytes() == before
    assert not list(store.paths.data_dir.glob("*.tmp"))


def test_a_read_only_file_system_is_a_clear_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()
    real_open = os.open

    def read_only(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise fail_with(errno.EROFS)
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(StoreError, match="Read-only file system"):
        append(store, make_entry(2))
    assert len(store.load().entries) == 1  # reading still works
    monkeypatch.undo()
    assert store.paths.sessions_file.read_bytes() == before


def test_text_that_is_not_utf8_is_refused_as_bad_input(store: Store) -> None:
    append(store, make_entry(1))
    before = store.paths.sessions_file.read_bytes()
    with pytest.raises(UsageError, match="not valid UTF-8"):
        append(store, make_entry(2, note="bad \udcff byte"))
    with pytest.raises(UsageError), store.transaction() as snapshot:
        store.rewrite(snapshot, [*snapshot.entries, make_entry(3, note="\udcff")])
    assert store.paths.sessions_file.read_bytes() == before


def test_snapshot_leg_days_are_the_distinct_dates() -> None:
    snapshot = Snapshot(
        (make_entry(1, date(2025, 3, 3)), make_entry(2, date(2025, 3, 3))), rest_marks=()
    )
    assert snapshot.leg_days == frozenset({date(2025, 3, 3)})


# ---------------------------------------------------------------------- schema 2 (compact sets)

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
    return item if item.weight is not None else Set(**{**_fields(item), "unit": None})


def _fields(item: Set) -> dict[str, object]:
    return {name: getattr(item, name) for name in Set.__slots__}


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=st.lists(_SETS, min_size=1, max_size=6), note=st.one_of(st.none(), st.text()))
def test_every_entry_reads_back_exactly_from_the_compact_form(
    paths: Paths, sets: list[Set], note: str | None
) -> None:
    entry = Entry(
        id="ab" * 16,
        date=date(2025, 3, 3),
        exercise="front squat",
        sets=tuple(_normalised(s) for s in sets),
        logged_at=LOGGED_AT,
        note=note,
    )
    store = Store(paths)
    try:
        with store.transaction() as snapshot:
            store.rewrite(snapshot, [entry])
    except UsageError:
        assert note is not None  # lone surrogates in the note are refused, nothing else
        return
    assert Store(paths).load().entries == (entry,)


def test_a_line_is_one_short_json_object_with_the_sets_as_a_string(store: Store) -> None:
    append(store, make_entry(1))
    append(store, make_entry(2, note='said "light"\nnext time 105'))
    lines = store.paths.sessions_file.read_text().splitlines()
    assert json.loads(lines[0]) == {"legday": "sessions", "schema": 2}
    rows = [json.loads(line) for line in lines[1:]]
    assert [row["sets"] for row in rows] == ["5,,101,kg,,", "5,,102,kg,,"]
    assert rows[1]["note"] == 'said "light"\nnext time 105'
    assert Store(store.paths).load().entries == (make_entry(1), make_entry(2, note=rows[1]["note"]))


def test_a_schema_1_file_is_read_and_rewritten_as_schema_2_on_its_first_write(
    store: Store,
) -> None:
    path = store.paths.sessions_file
    path.parent.mkdir(parents=True)
    old = HEADER + entry_line(make_entry(1)) + entry_line(make_entry(2, date(2025, 3, 5)))
    path.write_bytes(old)
    assert [e.id for e in store.load().entries] == [make_entry(1).id, make_entry(2).id]
    append(store, make_entry(3, date(2025, 3, 4)))
    lines = path.read_bytes().splitlines()
    assert json.loads(lines[0])["schema"] == SCHEMA_VERSION == 2
    assert all(isinstance(json.loads(line)["sets"], str) for line in lines[1:])
    assert ids(store) == [make_entry(n).id for n in (1, 3, 2)]  # date order after a rewrite
    assert (store.paths.backup_dir / "sessions.jsonl.1").read_bytes() == old


def test_damage_inside_the_compact_sets_names_its_line(store: Store) -> None:
    for number in (1, 2):
        append(store, make_entry(number))
    path = store.paths.sessions_file
    path.write_bytes(path.read_bytes().replace(b"5,,102,kg,,", b"5,,102,kg,q,"))
    snapshot = Store(store.paths).load()
    assert snapshot.leg_days == {date(2025, 3, 3)}  # dates need no decoding
    with pytest.raises(StoreError, match=r"line 3: unknown set flags 'q'"):
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
    path = store.paths.sessions_file
    path.write_bytes(path.read_bytes().replace(b"5,,101,kg,,", b"5,,101,kg,q,"))
    snapshot = Store(store.paths).load()
    newer = snapshot.entries_where(since=date(2025, 3, 2))
    assert [e.id for e in newer] == [make_entry(2).id, make_entry(3).id]
    assert snapshot.entries_where(names={"lunge"}) == []
    assert snapshot.exercise_names == {"squat"}


def test_one_hand_written_line_among_canonical_ones_reads_the_same(store: Store) -> None:
    entries = [make_entry(n, date(2025, 3, n)) for n in (1, 2, 3)]
    for entry in entries:
        append(store, entry)
    path = store.paths.sessions_file
    header, first, second, third = path.read_bytes().splitlines(keepends=True)
    spaced = json.dumps(json.loads(second), indent=None).encode() + b"\n"  # ", " and ": "
    path.write_bytes(header + first + spaced + b"\n" + third)  # and a blank line
    assert Store(store.paths).load().entries == tuple(entries)


@pytest.mark.parametrize("position", [0, 2])
def test_an_impossible_date_in_a_canonical_line_names_its_line(store: Store, position: int) -> None:
    for number in (1, 2, 3):
        append(store, make_entry(number, date(2025, 3, number)))
    path = store.paths.sessions_file
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1 + position] = lines[1 + position].replace(b'"date":"2025-03-0', b'"date":"2025-02-3')
    path.write_bytes(b"".join(lines))
    with pytest.raises(StoreError, match=rf"line {2 + position}: 'date' must be a YYYY-MM-DD"):
        Store(store.paths).load()
