"""`log` takes the store from the rows cache, under the write lock, when the cache matches the
files exactly, and keeps the cache for the next command: what it stores, and what every later
command sees, are exactly what a fold of the files gives."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cli_run import legday
from legday import cache
from legday.model import Entry
from legday.store import Store
from store_layout import TEST_DEVICE, device_log, operations
from test_store import entry, store_of


def log(store: Store, *entries: Entry, adds_only: bool = True) -> None:
    with store.transaction(adds_only=adds_only) as snapshot:
        store.add_entries(snapshot, list(entries))


def kept_rows(home: Path, device: str) -> Any:
    """The rows cache as it is now, when it matches the files (None otherwise)."""
    signature = cache.current_signature(str(home), device)
    return cache.read_rows(str(home), device, signature)


def rows_a_fold_keeps(home: Path, device: str) -> Any:
    """What a reader's fold writes to the rows cache for the files as they are now (the
    cache is removed first, so the reader must fold)."""
    Path(cache.rows_file(str(home), device)).unlink(missing_ok=True)
    store_of(home, device).read()
    return kept_rows(home, device)


def entries_seen(home: Path, device: str) -> list[tuple[Any, ...]]:
    snapshot = store_of(home, device).read()
    return [tuple(getattr(e, name) for name in Entry.__slots__) for e in snapshot.entries]


def assert_the_kept_rows_are_a_folds(home: Path, device: str) -> None:
    kept = kept_rows(home, device)
    assert kept is not None, "log left no rows cache that matches the files"
    seen = entries_seen(home, device)  # from the kept rows
    assert kept == rows_a_fold_keeps(home, device)
    assert seen == entries_seen(home, device)


@pytest.mark.parametrize("device", ["alpha", "middle", "zulu"], ids=["first", "between", "last"])
@pytest.mark.parametrize("own_log_first", [True, False], ids=["own-log", "no-own-log-yet"])
def test_logs_from_the_rows_cache_keep_exactly_the_rows_a_fold_gives(
    legday_home: Path, device: str, own_log_first: bool
) -> None:
    # The fold reads the logs in name order, so where this device's new entries go depends on
    # whether its log is read first, between the others or last; and on a conflict copy (the
    # same entries twice) sorted after it.
    home = legday_home
    log(store_of(home, "beta"), entry("leg press", "2026-11-10"), adds_only=False)
    log(store_of(home, "yankee"), entry("lunge", "2026-11-11"), adds_only=False)
    store = store_of(home, device)
    if own_log_first:
        log(store, entry(day="2026-11-12"), adds_only=False)
        shutil.copyfile(
            device_log(home, device),
            home / "devices" / f"{device}.sync-conflict-20261120-180000-ABCDEFG.jsonl",
        )
    store_of(home, device).read()  # a read command leaves the rows cache
    assert kept_rows(home, device) is not None

    log(store, entry(day="2026-11-16", note='a "quoted" note, ünïcode and ✓'))
    assert_the_kept_rows_are_a_folds(home, device)
    log(store, entry(day="2026-11-17"), entry("calf raise", "2026-11-17"))  # one group
    assert_the_kept_rows_are_a_folds(home, device)
    log(store, entry(day="2026-11-18"))
    assert_the_kept_rows_are_a_folds(home, device)

    seqs = [op["seq"] for op in operations(home, device)]
    assert seqs == list(range(1, len(seqs) + 1))  # numbered on from the cache, no gap, no repeat
    others = max(op["clock"] for name in ("beta", "yankee") for op in operations(home, name))
    mine = [op["clock"] for op in operations(home, device)]
    assert mine == sorted(mine) and mine[-1] > others


def test_log_takes_the_store_from_the_rows_cache_when_it_matches(legday_home: Path) -> None:
    # Guards the guard: a cache keyed to the files as they are but saying otherwise (every
    # date moved) can only be what log read if log took the cache, not a fold.
    home = legday_home
    store = store_of(home, TEST_DEVICE)
    log(store, entry(day="2026-11-16"), adds_only=False)
    store.read()
    signature = cache.current_signature(str(home), TEST_DEVICE)
    assert signature is not None
    doc = kept_rows(home, TEST_DEVICE)
    moved = tuple((row[0], "2026-11-09", *row[2:]) for row in doc[0])
    cache.write_rows(str(home), TEST_DEVICE, signature, (moved, *doc[1:]))

    log(store, entry(day="2026-11-17"))
    assert store_of(home, TEST_DEVICE).read().leg_days == {date(2026, 11, 9), date(2026, 11, 17)}
    # ... while the files, which a fold reads, say what was logged.
    assert store_of(home, TEST_DEVICE).load().leg_days == {
        date(2026, 11, 16),
        date(2026, 11, 17),
    }


def test_a_log_that_arrived_since_the_cache_was_kept_is_folded_in(legday_home: Path) -> None:
    home = legday_home
    store = store_of(home, TEST_DEVICE)
    log(store, entry(day="2026-11-16"))
    store.read()
    log(store_of(home, "desktop"), entry("hack squat", "2026-11-10"))  # arrives by sync
    log(store, entry(day="2026-11-17"))
    assert store_of(home, TEST_DEVICE).read().exercise_names == {"squat", "hack squat"}
    assert_the_kept_rows_are_a_folds(home, TEST_DEVICE)


def test_a_log_replaced_under_the_cache_is_folded_not_trusted(legday_home: Path) -> None:
    # This device's log restored from a backup (same name, other inode): the cache's key no
    # longer matches, so the seq numbers come from the file, never from the cache.
    home = legday_home
    store = store_of(home, TEST_DEVICE)
    log(store, entry(day="2026-11-16"))
    saved = device_log(home).read_bytes()
    log(store, entry(day="2026-11-17"))
    store.read()
    replacement = home / "replacement"
    replacement.write_bytes(saved)
    os.replace(replacement, device_log(home))
    log(store, entry(day="2026-11-18"))
    assert [op["seq"] for op in operations(home)] == [1, 2]
    assert_the_kept_rows_are_a_folds(home, TEST_DEVICE)


def without_ids(text: str) -> str:
    return re.sub(r"\[[0-9a-f]{8}\]", "[id]", text)


def test_the_cli_log_says_the_same_with_or_without_the_cache(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report (this week, the streak, PRs) is worked out from what log read: the same
    # words whether that was the cache or a fold.
    first = ["log", "squat", "5x5@100kg", "--date", "2026-11-10"]
    second = ["log", "squat", "5x5@110kg", "rdl", "3x8@60kg"]
    assert legday(capsys, *first).code == 0
    assert legday(capsys, "history").code == 0  # leaves the rows cache
    with_cache = legday(capsys, *second)
    assert with_cache.code == 0
    assert "PR" in with_cache.out

    other = legday_home.parent / "without-cache"
    monkeypatch.setenv("LEGDAY_HOME", str(other))
    assert legday(capsys, *first).code == 0
    Path(cache.rows_file(str(other), TEST_DEVICE)).unlink()  # the first log kept it: a fold now
    without = legday(capsys, *second)
    assert without.code == 0
    assert without_ids(without.out) == without_ids(with_cache.out)
    assert without.err == with_cache.err


def test_a_refused_log_with_the_cache_in_use_writes_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    assert legday(capsys, "log", "squat", "5x5@100kg").code == 0
    assert legday(capsys, "history").code == 0
    before = {p.name: p.read_bytes() for p in legday_home.rglob("*") if p.is_file()}
    refused = legday(capsys, "log", "squat", "5x5@100kg", "bench", "press", "3x5@80kg")
    assert refused.code == 2
    after = {p.name: p.read_bytes() for p in legday_home.rglob("*") if p.is_file()}
    assert after == before
