"""Faults from the kernel side, in real `legday` processes: fsync, rename and write failing
(strace's syscall fault injection, integration suite) and a really full disk (a small tmpfs,
where this machine lets the tests mount one). A failed write is one `Error:` line, leaves the
log byte for byte as it was, never costs a distinct good backup, and leaves no temp file
behind once the next command has run."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from store_layout import device_log, legacy_file

LEGDAY = shutil.which("legday") or str(Path(sys.executable).parent / "legday")
DAY = "2025-03-03"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def isolated_env(legday_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(legday_home.parent / "fake-user-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LEGDAY_LOCK_TIMEOUT", raising=False)


def legday(*args: str, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, LEGDAY, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=TIMEOUT,
        check=False,
    )


def ok(*args: str) -> str:
    done = legday(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def notes() -> list[str]:
    return sorted(row["note"] or "" for row in json.loads(ok("history", "--json")))


def error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    return errors[0]


def backups(home: Path, name: str = "testbox.jsonl") -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((home / "backups").glob(f"{name}.*"))}


def distinct(found: dict[str, bytes]) -> int:
    return len(set(found.values()))


def temps(home: Path) -> list[Path]:
    return sorted(home.rglob("*.tmp"))


def store_with_three_backups() -> None:
    """Three compactions, each of a different log: three distinct good backups."""
    for round_ in range(3):
        ok("log", "squat", "3x5", "--date", DAY, "--note", f"keep {round_}")
        ok("log", "lunge", "3x8", "--date", DAY, "--note", f"gone {round_}")
        ok("undo")
        ok("compact")
    ok("log", "squat", "3x5", "--date", DAY, "--note", "last")


def strace(syscalls: str, error: str, path: Path | None = None) -> list[str]:
    found = shutil.which("strace")
    assert found is not None, "the integration suite needs strace (.ci/run installs it)"
    prefix = [found, "-f", "-qq", "-o", "/dev/null"]
    if path is not None:
        prefix += ["-P", str(path)]  # only the syscalls on this file: stderr still works
    return [*prefix, "-e", f"trace={syscalls}", "-e", f"inject={syscalls}:error={error}"]


FSYNC = ("fsync,fdatasync", "EIO")
RENAME = ("rename,renameat,renameat2", "EIO")
WRITE_FULL = ("write", "ENOSPC")


@pytest.mark.integration
@pytest.mark.parametrize(
    ("command", "fault", "on_the_log"),
    [
        (("compact",), FSYNC, False),
        (("compact",), RENAME, False),
        (("log", "squat", "1x5", "--date", DAY, "--note", "failed"), FSYNC, False),
        (("log", "squat", "1x5", "--date", DAY, "--note", "failed"), WRITE_FULL, True),
        (("undo",), FSYNC, False),
        (("undo",), WRITE_FULL, True),
        (("delete", "LAST"), WRITE_FULL, True),
    ],
    ids=[
        "compact-fsync-EIO",
        "compact-rename-EIO",
        "log-fsync-EIO",
        "log-write-ENOSPC",
        "undo-fsync-EIO",
        "undo-write-ENOSPC",
        "delete-write-ENOSPC",
    ],
)
def test_a_failing_syscall_never_costs_a_backup_nor_changes_the_log(
    legday_home: Path, command: tuple[str, ...], fault: tuple[str, str], on_the_log: bool
) -> None:
    store_with_three_backups()
    if command == ("delete", "LAST"):
        command = ("delete", json.loads(ok("history", "--json"))[0]["id"])
    log = device_log(legday_home)
    before, kept, seen = log.read_bytes(), backups(legday_home), notes()
    assert distinct(kept) == 3
    prefix = strace(*fault, path=log if on_the_log else None)
    for _ in range(6):  # more failures than backups kept: none may be pushed out
        done = legday(*command, prefix=prefix)
        assert done.returncode == 1, done.stderr
        reason = os.strerror(getattr(errno, fault[1]))
        assert f"{reason}; nothing was changed" in error_line(done.stderr)
        assert log.read_bytes() == before
        assert backups(legday_home) == kept
    assert notes() == seen
    ok("log", "squat", "3x5", "--date", DAY, "--note", "after")  # the next command cleans up
    assert temps(legday_home) == []
    assert notes() == sorted([*seen, "after"])
    assert distinct(backups(legday_home)) == 3


@pytest.mark.integration
def test_a_migration_whose_rename_fails_is_finished_by_the_next_write(legday_home: Path) -> None:
    legday_home.mkdir()
    old = b'{"legday": "sessions", "schema": 2}\n' + b"".join(
        json.dumps(
            {
                "id": f"{n:032x}",
                "date": DAY,
                "exercise": "squat",
                "sets": "5,,100,kg,,",
                "note": f"old {n}",
                "logged_at": "2025-03-03T18:00:00+00:00",
                "source": "log",
                "_hw": DAY,
            },
            separators=(",", ":"),
        ).encode()
        + b"\n"
        for n in range(3)
    )
    legacy_file(legday_home).write_bytes(old)
    done = legday("log", "squat", "3x5", "--date", DAY, "--note", "new", prefix=strace(*RENAME))
    assert done.returncode == 1, done.stderr
    assert "nothing was changed" in error_line(done.stderr)
    assert legacy_file(legday_home).read_bytes() == old  # the old file is still the store
    assert notes() == ["old 0", "old 1", "old 2"]  # the log was not acknowledged: not there
    ok("log", "squat", "3x5", "--date", DAY, "--note", "new")
    assert notes() == ["new", "old 0", "old 1", "old 2"]  # no entry twice
    assert not legacy_file(legday_home).exists()
    assert backups(legday_home, "sessions.jsonl") == {"sessions.jsonl.1": old}
    assert temps(legday_home) == []


# ---------------------------------------------------------------------------- a full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, mounted for this test alone (root with CAP_SYS_ADMIN, as in CI's
    container); elsewhere the strace ENOSPC cases above stand in for it."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if os.geteuid() != 0 or mount is None or umount is None:
        pytest.skip("mounting a tmpfs needs root (strace's ENOSPC cases cover a full disk)")
    mounted = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run([umount, "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Take every free block of `disk` with one file; return it (remove it to free them)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    with filler.open("ab", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0")  # the last partial block too
    return filler


def test_a_full_disk_never_costs_a_backup_and_the_store_always_loads(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = small_disk / "home"
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    store_with_three_backups()
    log = device_log(home)
    kept = backups(home)
    seen = notes()
    filler = fill(small_disk)
    compact_failed = False
    for command in (
        ("compact",),
        ("log", "squat", "1x5", "--date", DAY, "--note", "x" * 1900),
        ("undo",),
        ("compact",),
        ("skip", "next", "week"),
        ("compact",),
    ):
        before = log.read_bytes()
        done = legday(*command)
        if done.returncode == 0:  # a short append may still fit in the log's last block
            assert command[0] != "compact"
        else:
            assert done.returncode == 1, done.stderr
            assert "No space left on device; nothing was changed" in error_line(done.stderr)
            assert log.read_bytes() == before
            compact_failed |= command[0] == "compact"
        assert backups(home) == kept  # only a compaction that succeeds rotates them
        listed = legday("history", "--json")  # the store always loads, with no room to spare
        assert listed.returncode == 0, listed.stderr
    assert compact_failed
    filler.unlink()
    ok("log", "squat", "3x5", "--date", DAY, "--note", "after")
    assert temps(home) == []
    assert set(seen) <= {*notes(), "last"}
    ok("compact")
    assert distinct(backups(home)) >= 3
