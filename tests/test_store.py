"""The op-log store in-process: folding device logs, undo by sequence, migration, compaction,
backups, symlinks, the derived cache, and faults at every write step."""

from __future__ import annotations

import json
import marshal
import os
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday import cache, files
from legday.errors import StoreError, UsageError
from legday.model import Entry, RestMark, Set
from legday.paths import Paths
from legday.store import Store, add_op, edit_op
from store_layout import TEST_DEVICE, device_log, legacy_file, operations

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def paths_of(home: Path) -> Paths:
    return Paths(data_dir=home, config_dir=home)


def store_of(home: Path, device: str = TEST_DEVICE) -> Store:
    return Store(paths_of(home), device=device)


def entry(name: str = "squat", day: str = "2026-11-16", *, note: str | None = None) -> Entry:
    return Entry(
        id=os.urandom(16).hex(),
        date=date.fromisoformat(day),
        exercise=name,
        sets=(Set(reps=5, weight=100.0, unit="kg"),) * 3,
        logged_at=NOW,
        note=note,
    )


def log(store: Store, *entries: Entry) -> None:
    with store.transaction() as snapshot:
        store.add_entries(snapshot, list(entries))


def delete(store: Store, entry_id: str) -> None:
    with store.transaction() as snapshot:
        store.remove_ids(snapshot, [entry_id])


def undo(store: Store) -> Any:
    with store.transaction() as snapshot:
        return store.undo(snapshot)


def ids(store: Store) -> list[str]:
    return sorted(e.id for e in store.load().entries)


def copy_logs(source: Path, target: Path) -> None:
    """What a sync tool does: the newer version of each device file of one folder appears in
    the other (a log only grows, so the newer one is the longer one)."""
    if source == target or not (source / "devices").exists():
        return
    (target / "devices").mkdir(parents=True, exist_ok=True)
    for path in (source / "devices").glob("*.jsonl"):
        there = target / "devices" / path.name
        if not there.exists() or there.stat().st_size < path.stat().st_size:
            shutil.copyfile(path, there)


# ---------------------------------------------------------------------------- appends


def test_every_change_is_one_appended_line_and_nothing_is_rewritten(legday_home: Path) -> None:
    store = store_of(legday_home)
    first, second = entry(note="a"), entry(note="b")
    log(store, first)
    sizes = [device_log(legday_home).read_bytes()]
    log(store, second)
    delete(store, first.id)
    undo(store)
    with store.transaction() as snapshot:
        store.add_rest_marks(snapshot, [RestMark(date(2026, 11, 9), "holiday", NOW)])
    sizes.append(device_log(legday_home).read_bytes())
    assert sizes[1].startswith(sizes[0])
    kinds = [op["op"] for op in operations(legday_home)]
    assert kinds == ["add", "add", "remove", "restore", "rest"]
    assert [op["seq"] for op in operations(legday_home)] == [1, 2, 3, 4, 5]
    assert ids(store) == sorted([first.id, second.id])


def test_a_several_entry_change_is_one_committed_group(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(), entry("lunge"), entry("calf raise"))
    ops = operations(legday_home)
    assert [op["op"] for op in ops] == ["add", "add", "add", "commit"]
    assert len({op["g"] for op in ops}) == 1
    assert len(store.load().entries) == 3


def test_an_unfinished_group_at_the_end_never_happened(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(note="kept"))
    log(store, entry(note="x"), entry(note="y"))
    data = device_log(legday_home).read_bytes()
    cut = data[: data.rstrip(b"\n").rfind(b"\n") + 1]  # the commit line never reached the disk
    device_log(legday_home).write_bytes(cut)
    assert [e.note for e in store_of(legday_home).load().entries] == ["kept"]
    log(store_of(legday_home), entry(note="after"))  # the next write sets the group aside
    assert sorted(e.note or "" for e in store.load().entries) == ["after", "kept"]
    side = list((legday_home / "devices").glob(f"{TEST_DEVICE}.jsonl.torn-*"))
    assert len(side) == 1 and b'"note":"x"' in side[0].read_bytes()


def test_duplicated_lines_count_once_and_delete_removes_every_copy(legday_home: Path) -> None:
    store = store_of(legday_home)
    one = entry()
    log(store, one)
    data = device_log(legday_home).read_bytes()
    header, line = data.split(b"\n", 1)
    device_log(legday_home).write_bytes(header + b"\n" + line + line)  # a sync tool's doubling
    snapshot = store.load()
    assert len(snapshot.entries) == 1
    assert len(snapshot.leg_days) == 1
    delete(store, one.id)
    assert store.load().entries == ()


def test_unknown_keys_survive_compaction(legday_home: Path) -> None:
    store = store_of(legday_home)
    keep, gone = entry(note="keep"), entry(note="gone")
    log(store, keep, gone)
    path = device_log(legday_home)
    text = path.read_text(encoding="utf-8").replace('"note":"keep"', '"note":"keep","future":[1]')
    path.write_text(text, encoding="utf-8")
    delete(store, gone.id)
    store.compact()
    assert '"future":[1]' in path.read_text(encoding="utf-8")
    assert [e.note for e in store.load().entries] == ["keep"]


# ---------------------------------------------------------------------------- undo


def test_undo_after_same_second_logs_takes_back_the_last_one(legday_home: Path) -> None:
    store = store_of(legday_home)
    first, second = entry(note="first"), entry(note="second")  # same logged_at, same second
    log(store, first)
    log(store, second)
    assert [e.note for e in undo(store).removed] == ["second"]
    assert [e.note for e in store.load().entries] == ["first"]


def test_undo_after_a_future_clock_log_takes_back_this_devices_last_change(
    legday_home: Path,
) -> None:
    store = store_of(legday_home)
    future = entry(note="clock ahead").replace(logged_at=NOW + timedelta(days=400))
    log(store, future)
    log(store, entry(note="now"))
    assert [e.note for e in undo(store).removed] == ["now"]
    assert [e.note for e in undo(store).removed] == ["clock ahead"]
    with pytest.raises(UsageError, match="nothing to undo"):
        undo(store)


def test_undo_never_touches_another_devices_changes(legday_home: Path) -> None:
    mine, theirs = store_of(legday_home, "laptop"), store_of(legday_home, "desktop")
    log(mine, entry(note="mine"))
    log(theirs, entry(note="theirs"))
    assert [e.note for e in undo(mine).removed] == ["mine"]
    assert [e.note for e in mine.load().entries] == ["theirs"]


def test_undo_of_a_delete_restores_the_same_entry(legday_home: Path) -> None:
    store = store_of(legday_home)
    one = entry(note="back")
    log(store, one)
    delete(store, one.id)
    result = undo(store)
    assert [e.id for e in result.restored] == [one.id]
    assert ids(store) == [one.id]


def test_undo_of_an_edit_puts_the_old_values_back(legday_home: Path) -> None:
    store = store_of(legday_home)
    one = entry(note="before")
    log(store, one)
    with store.transaction() as snapshot:
        store.commit(snapshot, [edit_op(one, {"note": "after", "date": "2026-11-17"}, NOW)])
    edited = store.load().entries[0]
    assert (edited.note, edited.date, edited.edited_at) == ("after", date(2026, 11, 17), NOW)
    undo(store)
    back = store.load().entries[0]
    assert (back.note, back.date, back.id) == ("before", date(2026, 11, 16), one.id)


def test_undo_of_a_group_reverts_all_of_it_and_repeated_undo_goes_further_back(
    legday_home: Path,
) -> None:
    store = store_of(legday_home)
    log(store, entry(note="alone"))
    log(store, entry(note="a"), entry(note="b"))
    assert sorted(e.note or "" for e in undo(store).removed) == ["a", "b"]
    assert [e.note for e in undo(store).removed] == ["alone"]
    assert store.load().entries == ()


# ---------------------------------------------------------------------------- devices


def test_removal_wins_over_an_add_of_the_same_entry_in_any_order(
    tmp_path: Path,
) -> None:
    laptop_home, desktop_home = tmp_path / "laptop", tmp_path / "desktop"
    one = entry()
    log(store_of(laptop_home, "laptop"), one)
    copy_logs(laptop_home, desktop_home)
    delete(store_of(desktop_home, "desktop"), one.id)
    # The laptop adds the same entry again (an import of an old export) after the removal.
    log(store_of(laptop_home, "laptop"), one)
    copy_logs(desktop_home, laptop_home)
    copy_logs(laptop_home, desktop_home)
    assert ids(store_of(laptop_home, "laptop")) == []
    assert ids(store_of(desktop_home, "desktop")) == []


def test_two_machines_in_one_folder_never_write_the_same_file(legday_home: Path) -> None:
    log(store_of(legday_home, "laptop"), entry())
    log(store_of(legday_home, "desktop"), entry())
    names = sorted(p.name for p in (legday_home / "devices").iterdir())
    assert names == ["desktop.jsonl", "laptop.jsonl"]
    for device in ("laptop", "desktop"):
        header = json.loads(device_log(legday_home, device).read_text().splitlines()[0])
        assert header["device"] == device


OPS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),  # which device
        st.sampled_from(["log", "delete", "undo", "skip", "unskip", "sync"]),
        st.integers(0, 20),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS, order=st.permutations(["a", "b", "c"]))
def test_any_operations_and_merge_order_give_one_history(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, str, int]], order: list[str]
) -> None:
    root = tmp_path_factory.mktemp("homes")
    homes = {device: root / device for device in "abc"}
    logged: dict[str, set[str]] = {device: set() for device in "abc"}
    removed: set[str] = set()
    for device, action, pick in ops:
        store = store_of(homes[device], device)
        snapshot = store.load()
        live = sorted(e.id for e in snapshot.entries)
        if action == "log":
            one = entry(day=f"2026-11-{1 + pick:02d}")
            log(store, one)
            logged[device].add(one.id)
        elif action == "delete" and live:
            target = live[pick % len(live)]
            delete(store, target)
            removed.add(target)
        elif action == "undo":
            try:
                result = undo(store)
            except UsageError:
                continue
            removed.update(e.id for e in result.removed)
            removed.difference_update(e.id for e in result.restored)
        elif action == "skip":
            with store.transaction() as snap:
                store.add_rest_marks(snap, [RestMark(date(2026, 10, 1 + pick), None, NOW)])
        elif action == "unskip" and snapshot.rest_items:
            with store.transaction() as snap:
                store.remove_ids(snap, sorted(snap.rest_items)[:1])
        elif action == "sync":
            other = order[pick % 3]
            copy_logs(homes[device], homes[other])
            copy_logs(homes[other], homes[device])
    for first in order:  # everything reaches everyone, in this order
        for second in order:
            if homes[first].exists():
                copy_logs(homes[first], homes[second])
    views = []
    for device in "abc":
        snapshot = store_of(homes[device], device).load()
        views.append(
            (
                sorted(e.id for e in snapshot.entries),
                sorted(m.date for m in snapshot.rest_marks),
            )
        )
    assert views[0] == views[1] == views[2]
    every_logged = set().union(*logged.values())
    # Nothing logged is lost: every entry is there unless some removal (not undone) took it.
    assert set(views[0][0]) <= every_logged
    assert every_logged - set(views[0][0]) <= removed | _removed_anywhere(homes)


def _removed_anywhere(homes: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    for device, home in homes.items():
        found |= set(store_of(home, device).load().removed)
    return found


def test_a_sync_tools_conflict_copy_is_counted_and_mentioned_once(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(note="one"))
    copy = legday_home / "devices" / f"{TEST_DEVICE}.sync-conflict-20261120-101010-ABC.jsonl"
    shutil.copyfile(device_log(legday_home), copy)
    with copy.open("a") as handle:
        handle.write(json.dumps({"op": "add", "seq": 9, "clock": 9, **add_op(entry(note="two"))}))
        handle.write("\n")
    warnings: list[str] = []
    snapshot = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE).load()
    assert sorted(e.note or "" for e in snapshot.entries) == ["one", "two"]
    assert len(warnings) == 1 and "conflict copy" in warnings[0] and "doctor" in warnings[0]


# ---------------------------------------------------------------------------- migration


def legacy_store(home: Path, *, extra: str = "") -> bytes:
    home.mkdir(parents=True, exist_ok=True)
    line = (
        '{"id":"%s","date":"2026-11-16","exercise":"squat","sets":"5,,100,kg,,",'
        '"note":null,"logged_at":"2026-11-16T18:00:00+00:00","source":"log","_hw":"2026-11-16"}'
    )
    odd = json.dumps(
        {
            "id": "b" * 32,
            "date": "2026-11-10",
            "exercise": "lunge",
            "sets": [{"reps": 8}],
            "note": 'say "hi"',
            "logged_at": "2026-11-10T18:00:00+00:00",
            "source": "log",
            "_hw": "2026-11-16",
            "mine": extra,
        }
    )
    data = (
        '{"legday": "sessions", "schema": 2}\n' + line % ("a" * 32) + "\n" + odd + "\n"
    ).encode()
    legacy_file(home).write_bytes(data)
    rest = {"legday": "rest-weeks", "schema": 1, "weeks": [{"date": "2026-11-02", "reason": "x"}]}
    (home / "rest_weeks.json").write_text(json.dumps(rest))
    return data


def test_a_schema_2_store_is_read_as_it_is_and_migrated_on_the_first_write(
    legday_home: Path,
) -> None:
    data = legacy_store(legday_home, extra="kept")
    store = store_of(legday_home)
    before = store.load()
    assert sorted(e.exercise for e in before.entries) == ["lunge", "squat"]
    assert legacy_file(legday_home).read_bytes() == data  # reading wrote nothing
    assert not (legday_home / "devices").exists()
    log(store, entry(note="new"))
    after = store.load()
    assert sorted(e.exercise for e in after.entries) == ["lunge", "squat", "squat"]
    assert [m.date for m in after.rest_marks] == [date(2026, 11, 2)]
    assert not legacy_file(legday_home).exists()
    assert (legday_home / "backups" / "sessions.jsonl.1").read_bytes() == data
    assert (legday_home / "backups" / "rest_weeks.json.1").exists()
    assert '"mine":"kept"' in device_log(legday_home).read_text(encoding="utf-8")
    undo(store)  # takes back the log, never the migration
    with pytest.raises(UsageError):
        undo(store)
    assert len(store.load().entries) == 2


def test_a_migration_killed_before_the_old_file_moved_is_completed_without_duplicates(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy_store(legday_home)
    store = store_of(legday_home)

    def killed(*_args: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store, "_retire", killed)
    with pytest.raises(OSError):
        log(store, entry(note="new"))  # failed: not acknowledged, so not stored
    monkeypatch.undo()
    assert legacy_file(legday_home).exists()
    assert any(op["op"] == "commit" for op in operations(legday_home))  # migrated, not retired
    assert len(store.load().entries) == 2  # the old file and its migrated copy fold to one
    log(store, entry(note="later"))
    assert sorted(e.note or "" for e in store.load().entries) == ["", "later", 'say "hi"']
    assert not legacy_file(legday_home).exists()


def test_a_symlinked_device_log_keeps_receiving_writes(legday_home: Path, tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "legday.jsonl"
    synced.parent.mkdir()
    store = store_of(legday_home)
    log(store, entry(note="first"))
    shutil.move(device_log(legday_home), synced)
    device_log(legday_home).symlink_to(synced)
    gone = entry(note="gone")
    log(store, gone)
    delete(store, gone.id)
    undo(store)
    delete(store, gone.id)
    store.compact()
    assert device_log(legday_home).is_symlink()
    assert b'"note":"first"' in synced.read_bytes()
    assert [e.note for e in store.load().entries] == ["first"]


# ---------------------------------------------------------------------------- faults


def distinct_backups(home: Path) -> int:
    return len({p.read_bytes() for p in (home / "backups").glob(f"{TEST_DEVICE}.jsonl.*")})


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failed_compactions_never_cost_a_backup(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    store = store_of(legday_home)
    for round_ in range(3):  # three good compactions: three distinct backups
        extra = entry(note=f"gone {round_}")
        log(store, entry(note=f"keep {round_}"), extra)
        delete(store, extra.id)
        store.compact()
    kept = distinct_backups(legday_home)
    live = device_log(legday_home).read_bytes()
    assert kept == 3
    real = getattr(os, failing)

    def broken(*args: Any, **kwargs: Any) -> Any:
        if failing == "write" or failing == "fsync" or str(args[0]).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    extra = entry(note="gone again")
    log(store, extra)
    delete(store, extra.id)
    live = device_log(legday_home).read_bytes()
    for _ in range(6):
        monkeypatch.setattr(os, failing, broken)
        with pytest.raises(StoreError, match="nothing was changed"):
            store.compact()
        monkeypatch.setattr(os, failing, real)
    assert distinct_backups(legday_home) == kept
    assert device_log(legday_home).read_bytes() == live
    assert [p for p in (legday_home / "devices").iterdir() if p.name.endswith(".tmp")] == []


def test_temp_files_a_killed_writer_left_are_removed_by_the_next_writer(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry())
    left = legday_home / "devices" / f".{TEST_DEVICE}.jsonl.deadbeef0000.tmp"
    left.write_bytes(b"x" * 1000)
    others = legday_home / "devices" / ".desktop.jsonl.deadbeef0000.tmp"  # not ours to touch
    others.write_bytes(b"y")
    log(store, entry())
    assert not left.exists()
    assert others.exists()


def test_a_cache_temp_a_killed_writer_left_is_removed_by_the_next_writer(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_of(legday_home)
    log(store, entry())
    Path(cache.cache_file(str(legday_home), TEST_DEVICE)).unlink()
    # A kill between the cache's write and its rename: make the rename fail and keep the temp.
    monkeypatch.setattr(cache.os, "unlink", lambda _path: None)
    monkeypatch.setattr(cache.os, "replace", lambda *_args: (_ for _ in ()).throw(OSError()))
    store.remember(store.load())
    monkeypatch.undo()
    left = [p for p in legday_home.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1
    log(store, entry())
    assert not left[0].exists()


def test_a_full_disk_mid_append_leaves_the_log_byte_identical(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_of(legday_home)
    log(store, entry())
    before = device_log(legday_home).read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: Any) -> int:
        if len(data) > 20:
            real_write(fd, bytes(data[:10]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreError, match="No space left"):
        log(store, entry(), entry())
    monkeypatch.undo()
    assert device_log(legday_home).read_bytes() == before


def test_a_newer_schema_log_is_read_but_never_written(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store_of(legday_home, "future"), entry(note="from the future"))
    path = device_log(legday_home, "future")
    text = path.read_text().replace('"schema": 3', '"schema": 4', 1)
    path.write_text(text + '{"op":"teleport","seq":2,"clock":2}\n')
    assert [e.note for e in store.load().entries] == ["from the future"]
    with pytest.raises(StoreError, match="newer legday"):
        log(store, entry())
    assert not device_log(legday_home).exists()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b'{"op":"add","seq":1', "not valid JSON"),
        (b'{"op":"zap","seq":1,"clock":1}', "unknown operation"),
        (b'{"op":"remove","seq":1,"clock":1,"id":3}', "a removal needs"),
        (b'{"op":"edit","seq":1,"clock":1,"id":"x","set":{"sets":"bad"}}', "an edit needs"),
        (b'{"op":"add","seq":"1","clock":1}', "'seq' must be a whole number"),
        (b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_a_damaged_log_line_is_named_and_the_log_never_written(
    legday_home: Path, line: bytes, problem: str
) -> None:
    store = store_of(legday_home)
    log(store, entry())
    data = device_log(legday_home).read_bytes() + line + b"\n"
    device_log(legday_home).write_bytes(data)
    with pytest.raises(StoreError, match=f"line 3: {problem}"):
        store.load()
    with pytest.raises(StoreError):
        log(store, entry())
    assert device_log(legday_home).read_bytes() == data


def test_a_fifo_in_place_of_a_log_is_refused_without_blocking(legday_home: Path) -> None:
    (legday_home / "devices").mkdir(parents=True)
    os.mkfifo(device_log(legday_home))
    with pytest.raises(StoreError, match="not a regular file"):
        store_of(legday_home).load()


def test_a_torn_line_on_a_read_only_store_is_read_around(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_of(legday_home)
    log(store, entry(note="whole"))
    with device_log(legday_home).open("ab") as handle:
        handle.write(b'{"op":"add","se')
    monkeypatch.setattr(files, "try_lock", lambda _path: None)  # as on a read-only file system
    monkeypatch.setattr(os, "access", lambda *_args: False)
    warnings: list[str] = []
    snapshot = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE).load()
    assert [e.note for e in snapshot.entries] == ["whole"]
    assert any("incomplete" in w for w in warnings)


# ---------------------------------------------------------------------------- the cache


def test_the_cache_follows_every_change_and_is_ignored_once_a_file_differs(
    legday_home: Path,
) -> None:
    store = store_of(legday_home)
    one = entry(day="2026-11-16")
    log(store, one)
    assert cache.read_days(str(legday_home), TEST_DEVICE) == (["2026-11-16"], [], [], True)
    delete(store, one.id)
    assert cache.read_days(str(legday_home), TEST_DEVICE) == ([], [], [], True)
    log(store_of(legday_home, "desktop"), entry(day="2026-11-17"))  # another device's file
    assert cache.read_days(str(legday_home), TEST_DEVICE) is None  # stale: never trusted
    store.remember(store.load())
    assert cache.read_days(str(legday_home), TEST_DEVICE) == (["2026-11-17"], [], [], True)


def test_leg_and_rest_days_come_from_a_right_cache_without_a_fold(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(day="2026-11-16"))
    # A cache that says otherwise, keyed to the files as they are: only it can answer so.
    path = Path(cache.cache_file(str(legday_home), TEST_DEVICE))
    version, sources, _, rest, conflicts, quiet = marshal.loads(path.read_bytes())
    assert quiet is True
    path.write_bytes(marshal.dumps((version, sources, "2026-11-18", rest, conflicts, quiet)))
    assert store_of(legday_home).leg_and_rest_days() == (frozenset({date(2026, 11, 18)}), set())


def test_a_cache_made_beside_a_torn_line_is_not_taken_for_the_fold(legday_home: Path) -> None:
    log(store_of(legday_home, "desktop"), entry(day="2026-11-16"))
    with (legday_home / "devices" / "desktop.jsonl").open("a") as handle:
        handle.write('{"op":"add","seq":')  # the desktop is still syncing its last line
    for _ in range(2):  # the second run has the cache of the first, and still warns
        warnings: list[str] = []
        store = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE)
        assert store.leg_and_rest_days() == (frozenset({date(2026, 11, 16)}), set())
        assert len(warnings) == 1 and "incomplete" in warnings[0]
    assert cache.read_days(str(legday_home), TEST_DEVICE) is not None  # remind may use it
    assert cache.read_days(str(legday_home), TEST_DEVICE, quiet=True) is None


def test_leg_days_from_the_cache_still_mention_a_conflict_copy(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(day="2026-11-16"))
    copy = legday_home / "devices" / f"{TEST_DEVICE}.sync-conflict-20261120-101010-ABC.jsonl"
    shutil.copyfile(device_log(legday_home), copy)
    store.remember(store.load())
    warnings: list[str] = []
    store = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE)
    assert cache.read_days(str(legday_home), TEST_DEVICE, quiet=True) is not None
    assert store.leg_and_rest_days() == (frozenset({date(2026, 11, 16)}), set())
    assert len(warnings) == 1 and "conflict copy" in warnings[0]


# ---------------------------------------------------------------------------- the rows cache


def what_a_reader_sees(home: Path) -> tuple[Any, ...]:
    """What the read commands are given, from a new Store as each command makes one."""
    snapshot = store_of(home).read()
    rest = [(m.id, m.date, m.reason, m.marked_at) for m in snapshot.rest_marks]
    fields = [tuple(getattr(e, name) for name in Entry.__slots__) for e in snapshot.entries]
    return fields, rest, snapshot.removed, snapshot.soft_removed, snapshot.rows.names


def what_the_fold_gives(home: Path) -> tuple[Any, ...]:
    snapshot = store_of(home).load()
    rest = [(m.id, m.date, m.reason, m.marked_at) for m in snapshot.rest_marks]
    fields = [tuple(getattr(e, name) for name in Entry.__slots__) for e in snapshot.entries]
    return fields, rest, snapshot.removed, snapshot.soft_removed, snapshot.rows.names


def rows_cache(home: Path) -> Path:
    return Path(cache.rows_file(str(home), TEST_DEVICE))


def test_the_rows_cache_never_disagrees_with_the_fold_after_any_change(legday_home: Path) -> None:
    store = store_of(legday_home)
    steps: list[Any] = []
    one, two = entry(note='a "quoted" note, and ünïcode'), entry("leg press", "2026-11-17")
    steps.append(lambda: log(store, one, two))
    steps.append(lambda: delete(store, two.id))
    steps.append(lambda: undo(store))

    def edit() -> None:
        with store.transaction() as snapshot:
            changes = {"note": "after", "date": "2026-11-18", "sets": "3,,102.5,kg,,"}
            store.commit(snapshot, [edit_op(one, changes, NOW)])

    def rest() -> None:
        with store.transaction() as snapshot:
            store.add_rest_marks(snapshot, [RestMark(date(2026, 11, 9), "holiday", NOW)])

    def import_then_undo() -> None:
        with store.transaction() as snapshot:
            store.add_entries(snapshot, [entry(note="imported")], what="import")
        undo(store)

    steps += [edit, rest, import_then_undo]
    steps.append(lambda: log(store_of(legday_home, "desktop"), entry(day="2026-11-19")))
    steps.append(store.compact)  # the log replaced by a new file
    for step in steps:
        step()
        assert what_a_reader_sees(legday_home) == what_the_fold_gives(legday_home)
        assert rows_cache(legday_home).exists()
        # ... and the next reader, which takes the cache, sees the same.
        assert cache.read_rows(
            str(legday_home), TEST_DEVICE, cache.current_signature(str(legday_home), TEST_DEVICE)
        )
        assert what_a_reader_sees(legday_home) == what_the_fold_gives(legday_home)


def test_a_log_that_arrives_or_changes_is_never_hidden_by_the_rows_cache(
    legday_home: Path,
) -> None:
    store = store_of(legday_home)
    log(store, entry(day="2026-11-16"))
    assert store_of(legday_home).read().leg_days == {date(2026, 11, 16)}
    # Another device's log arrives by sync, dated in the past (the clock plays no part).
    desktop = entry(day="2026-11-10")
    log(store_of(legday_home, "desktop"), desktop)
    other = legday_home / "devices" / "desktop.jsonl"
    os.utime(other, ns=(0, 0))
    assert store_of(legday_home).read().leg_days == {date(2026, 11, 16), date(2026, 11, 10)}
    # A line appended by hand, then the whole file replaced by one of the same size and
    # mtime: the inode and ctime tell them apart.
    row = operations(legday_home, "desktop")[-1]
    row.update(id="by-hand", date="2026-11-11", seq=row["seq"] + 1)
    with other.open("a") as handle:
        handle.write(json.dumps(row) + "\n")
    assert date(2026, 11, 11) in store_of(legday_home).read().leg_days
    info = other.stat()
    replacement = legday_home / "replacement"
    replacement.write_text(other.read_text().replace("2026-11-11", "2026-11-12"))
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, other)
    assert store_of(legday_home).read().leg_days == {
        date(2026, 11, 16),
        date(2026, 11, 10),
        date(2026, 11, 12),
    }
    assert what_a_reader_sees(legday_home) == what_the_fold_gives(legday_home)


def test_a_rows_cache_is_taken_only_while_the_files_match_it(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(day="2026-11-16"))
    store_of(legday_home).read()
    # A cache that says otherwise, keyed to the files as they are: only it can answer so.
    signature = cache.current_signature(str(legday_home), TEST_DEVICE)
    doc = cache.read_rows(str(legday_home), TEST_DEVICE, signature)
    assert doc is not None
    entries = tuple((row[0], "2026-11-18", *row[2:]) for row in doc[0])
    assert signature is not None
    cache.write_rows(str(legday_home), TEST_DEVICE, signature, (entries, *doc[1:]))
    assert store_of(legday_home).read().leg_days == {date(2026, 11, 18)}
    log(store, entry(day="2026-11-17"))  # the files change: the fold answers again
    assert store_of(legday_home).read().leg_days == {date(2026, 11, 16), date(2026, 11, 17)}


@pytest.mark.parametrize("odd", [b"", b"\x00garbage", b"{}", b"\xe3\x01\x00\x00\x00"])
def test_an_odd_rows_cache_is_left_to_the_fold(legday_home: Path, odd: bytes) -> None:
    log(store_of(legday_home), entry(day="2026-11-16"))
    store_of(legday_home).read()
    rows_cache(legday_home).write_bytes(odd)
    assert store_of(legday_home).read().leg_days == {date(2026, 11, 16)}
    assert what_a_reader_sees(legday_home) == what_the_fold_gives(legday_home)


def test_readers_need_no_write_access_for_the_rows_cache(legday_home: Path) -> None:
    log(store_of(legday_home), entry(day="2026-11-16"))
    rows_cache(legday_home).unlink()  # the log kept its rows there: a reader must do without
    rows_cache(legday_home).mkdir()  # nothing can be written there, and nothing read
    for _ in range(2):
        assert store_of(legday_home).read().leg_days == {date(2026, 11, 16)}
    assert rows_cache(legday_home).is_dir()
    assert not [p for p in legday_home.iterdir() if p.name.endswith(".tmp")]


def test_damage_inside_a_cached_entry_still_names_its_line(legday_home: Path) -> None:
    store = store_of(legday_home)
    log(store, entry(day="2026-11-16"))
    log(store, entry(day="2026-11-17"))
    path = device_log(legday_home)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"5,,100,kg,,", b"5,,100,kg,q,", 1)
    path.write_bytes(b"\n".join(lines))
    for _ in range(2):  # the fold, then the cache it left
        snapshot = store_of(legday_home).read()
        assert snapshot.leg_days == {date(2026, 11, 16), date(2026, 11, 17)}
        with pytest.raises(StoreError, match=r"line 3: unknown set flags 'q'"):
            _ = snapshot.entries
    assert rows_cache(legday_home).exists()


def test_a_rows_cache_is_not_made_beside_a_torn_line(legday_home: Path) -> None:
    log(store_of(legday_home, "desktop"), entry(day="2026-11-16"))
    with (legday_home / "devices" / "desktop.jsonl").open("a") as handle:
        handle.write('{"op":"add","seq":')  # the desktop is still syncing its last line
    for _ in range(2):  # every reader warns, so none may skip the fold
        warnings: list[str] = []
        store = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE)
        assert store.read().leg_days == {date(2026, 11, 16)}
        assert len(warnings) == 1 and "incomplete" in warnings[0]
    assert not rows_cache(legday_home).exists()


def test_rows_from_the_cache_still_mention_a_conflict_copy(legday_home: Path) -> None:
    log(store_of(legday_home), entry(day="2026-11-16"))
    copy = legday_home / "devices" / f"{TEST_DEVICE}.sync-conflict-20261120-101010-ABC.jsonl"
    shutil.copyfile(device_log(legday_home), copy)
    for _ in range(2):
        warnings: list[str] = []
        store = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE)
        assert store.read().leg_days == {date(2026, 11, 16)}
        assert len(warnings) == 1 and "conflict copy" in warnings[0]
    assert rows_cache(legday_home).exists()


def test_an_undone_import_can_be_imported_again_but_a_delete_stays_deleted(
    legday_home: Path,
) -> None:
    store = store_of(legday_home)
    kept, deleted = entry(note="kept"), entry(note="deleted")
    with store.transaction() as snapshot:
        store.add_entries(snapshot, [kept, deleted], what="import")
    delete(store, deleted.id)
    undo(store)  # the delete
    undo(store)  # the import
    assert store.load().entries == ()
    snapshot = store.load()
    assert set(snapshot.soft_removed) == {kept.id, deleted.id}
    log(store, entry(note="other"))
    delete(store, next(e.id for e in store.load().entries))
    assert len(store.load().soft_removed) == 2  # a hard delete is never soft


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    from legday.cli import run

    capsys.readouterr()
    code = run(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def history_ids(capsys: pytest.CaptureFixture[str]) -> set[str]:
    return {row["id"] for row in json.loads(cli(capsys, "history", "--json"))}


def test_exports_carry_removals_so_no_merge_brings_a_delete_back(
    capsys: pytest.CaptureFixture[str],
    legday_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli(capsys, "log", "squat", "5x5", "--date", "2026-11-16")
    cli(capsys, "log", "lunge", "3x8", "--date", "2026-11-17")
    old_export = tmp_path / "old.json"
    cli(capsys, "export", "--output", str(old_export))
    [lunge] = [e for e in json.loads(old_export.read_text())["entries"] if e["exercise"] == "lunge"]
    cli(capsys, "delete", lunge["id"])
    new_export = tmp_path / "new.json"
    cli(capsys, "export", "--output", str(new_export))
    assert json.loads(new_export.read_text())["removed"] == [lunge["id"]]

    cli(capsys, "import", str(old_export))  # the old file still holds the lunge
    assert lunge["id"] not in history_ids(capsys)

    other = tmp_path / "other-machine"
    monkeypatch.setenv("LEGDAY_HOME", str(other))
    cli(capsys, "import", str(old_export))
    assert lunge["id"] in history_ids(capsys)
    cli(capsys, "import", str(new_export))  # the removal travels with the newer export
    assert lunge["id"] not in history_ids(capsys)
    cli(capsys, "import", str(old_export))
    assert lunge["id"] not in history_ids(capsys)


def test_re_importing_after_undoing_an_import_brings_the_entries_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli(capsys, "log", "squat", "5x5", "--date", "2026-11-16")
    cli(capsys, "log", "lunge", "3x8", "--date", "2026-11-17")
    export = tmp_path / "export.json"
    cli(capsys, "export", "--output", str(export))
    monkeypatch.setenv("LEGDAY_HOME", str(tmp_path / "new-home"))
    assert json.loads(cli(capsys, "import", str(export), "--json"))["entries_added"] == 2
    cli(capsys, "undo")  # the whole import
    assert history_ids(capsys) == set()
    assert json.loads(cli(capsys, "import", str(export), "--json"))["entries_added"] == 2
    assert len(history_ids(capsys)) == 2
    first = json.loads(export.read_text())["entries"][0]["id"]
    cli(capsys, "delete", first)
    assert json.loads(cli(capsys, "import", str(export), "--json"))["entries_added"] == 0
    assert first not in history_ids(capsys)  # a delete is not undone by importing a copy


def test_a_whole_legacy_store_is_read_without_the_lock_or_a_warning(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy_store(legday_home)

    def no_lock(_path: Path) -> None:
        raise AssertionError("a whole file is no interrupted write: no lock is wanted")

    monkeypatch.setattr(files, "try_lock", no_lock)
    warnings: list[str] = []
    snapshot = Store(paths_of(legday_home), warnings.append, device=TEST_DEVICE).load()
    assert len(snapshot.entries) == 2
    assert warnings == []
