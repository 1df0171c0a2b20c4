"""Adversarial reliability and security suite: legday never loses a session.

Most tests drive the installed `legday` console script in subprocesses (real processes, real
locks, real SIGKILLs); the fuzz tests call `legday.cli.run` in-process for speed, which is the
same entry point the console script uses, so exit-code mapping is exercised too.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from legday.cli import run
from legday.exit import DEBUG_FLAG
from legday.gym import split_log_line
from store_layout import device_log, legacy_file

LEGDAY = shutil.which("legday") or str(Path(sys.executable).parent / "legday")
HEADER = b'{"legday": "sessions", "schema": 1}\n'
STRONG_SEMICOLON = Path(__file__).parent / "fixtures" / "exports" / "strong_b_android.csv"
DAY = "2025-03-03"  # explicit dates keep subprocess results independent of the wall clock
FROZEN_NOW = datetime(2025, 3, 5, 18, 30).astimezone()
SUBPROCESS_TIMEOUT = 60


@pytest.fixture(autouse=True)
def isolated_env(legday_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real legday run must never see the developer's data, even if LEGDAY_HOME broke.
    monkeypatch.setenv("HOME", str(legday_home.parent / "fake-user-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LEGDAY_LOCK_TIMEOUT", raising=False)


def legday(
    *args: str, env: dict[str, str] | None = None, prefix: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, LEGDAY, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy() if env is None else env,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


def start_legday(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [LEGDAY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy()
    )


def history(home: Path | None = None) -> list[dict[str, Any]]:
    env = os.environ.copy()
    if home is not None:
        env["LEGDAY_HOME"] = str(home)
    done = legday("history", "--json", env=env)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def sessions_file(home: Path) -> Path:
    return device_log(home)


def error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    return errors[0]


def log_ok(*args: str) -> None:
    done = legday("log", *args)
    assert done.returncode == 0, done.stderr


# ============================================================================ 1. concurrency


def test_thirty_parallel_log_processes_all_land(legday_home: Path) -> None:
    procs = [
        start_legday("log", "squat", "3x5@100kg", "--date", DAY, "--note", f"writer-{n}")
        for n in range(30)
    ]
    codes = [p.wait(timeout=SUBPROCESS_TIMEOUT) for p in procs]
    for proc in procs:
        proc.communicate()
    assert codes == [0] * 30
    notes = sorted(row["note"] for row in history())
    assert notes == sorted(f"writer-{n}" for n in range(30))
    data = sessions_file(legday_home).read_bytes()
    assert data.endswith(b"\n")
    assert len(data.splitlines()) == 31  # the header and one line per writer


def test_readers_never_see_a_half_written_store(legday_home: Path) -> None:
    log_ok("squat", "3x5", "--date", DAY, "--note", "seed")
    writers = [
        start_legday("log", "lunge", "3x8@20kg", "--date", DAY, "--note", f"w{n}")
        for n in range(10)
    ]
    writers.append(start_legday("skip", "next", "week", "--reason", "rest"))
    writers.append(start_legday("undo", "--json"))  # takes back whichever change came last
    readers: list[subprocess.CompletedProcess[str]] = []
    while any(w.poll() is None for w in writers) or len(readers) < 3:
        for command in ("streak", "remind", "history"):
            readers.append(legday(command, "--json"))
    outputs = [writer.communicate(timeout=SUBPROCESS_TIMEOUT)[0] for writer in writers]
    assert [w.returncode for w in writers] == [0] * len(writers)
    undone = json.loads(outputs[-1])
    for done in readers:
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout)  # exactly one valid document
        assert "Warning" not in done.stderr  # no reader mistook an append for a crash
    # 1 seed + 10 writers, less the one log undo took back (unless it took back the skip)
    assert len(history()) == (11 if "undone" in undone else 10)


# ============================================================================ 2. crashes


def wait_or_kill(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """Let `proc` run for `delay` seconds, SIGKILL it if still running; True if it exited 0
    on its own (the command reported success)."""
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=SUBPROCESS_TIMEOUT)
        proc.communicate()
        return False
    proc.communicate()
    return proc.returncode == 0


def leftover_temps(home: Path) -> list[Path]:
    return list(home.rglob("*.tmp"))


def typical_runtime(*args: str, runs: int = 1) -> float:
    """How long `legday ARGS` takes here now: the median of `runs` runs (a first run can be an
    outlier, paying for byte-compiling or a first cache write)."""
    times = []
    for _ in range(runs):
        started = time.monotonic()
        done = legday(*args)
        assert done.returncode == 0, done.stderr
        times.append(time.monotonic() - started)
    return sorted(times)[len(times) // 2]


@pytest.mark.slow
def test_sigkill_during_log_never_loses_a_reported_entry(legday_home: Path) -> None:
    rng = random.Random(20250303)
    runtime = typical_runtime("log", "squat", "1x5", "--date", DAY, "--note", "warm-up run", runs=3)
    succeeded, attempted = {"warm-up run"}, {"warm-up run"}
    kills = 0
    for n in range(60):
        note = f"kill-{n}"
        attempted.add(note)
        proc = start_legday("log", "squat", "3x5@100kg", "--date", DAY, "--note", note)
        if wait_or_kill(proc, rng.uniform(0.0, runtime * 1.3)):
            succeeded.add(note)
            assert leftover_temps(legday_home) == []  # what an earlier kill left is gone
        else:
            kills += 1
        stored = {row["note"] for row in history()}  # loads after every kill
        assert succeeded <= stored  # every reported success is there
        assert stored <= attempted
    assert kills >= 20, "the delays never caught a process mid-run"
    log_ok("squat", "3x5", "--date", DAY, "--note", "after")
    assert leftover_temps(legday_home) == []
    assert sessions_file(legday_home).read_bytes().endswith(b"\n")


def generated_export(path: Path, count: int) -> Path:
    entries = [
        {
            "id": f"{n:032x}",
            "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "exercise": ("squat", "leg press", "romanian deadlift")[n % 3],
            "sets": [{"reps": 5, "weight": 60.0 + n % 40, "unit": "kg"}] * 3,
            "note": None,
            "logged_at": "2024-06-01T18:00:00+00:00",
            "source": "log",
        }
        for n in range(count)
    ]
    doc = {"format": "legday", "version": 1, "entries": entries, "rest_weeks": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.slow
def test_sigkill_during_import_is_all_or_nothing(legday_home: Path, tmp_path: Path) -> None:
    export = generated_export(tmp_path / "export.json", 300)
    rng = random.Random(7)
    for n in range(5):
        log_ok("squat", "3x5", "--date", DAY, "--note", f"before-{n}")
    kept = {f"before-{n}" for n in range(5)}
    runtime = typical_runtime("import", str(export), "--dry-run", "--json", runs=3)
    kills = 0
    for _ in range(50):
        proc = start_legday("import", str(export), "--json")
        finished = wait_or_kill(proc, rng.uniform(0.0, runtime * 1.3))
        rows = history()
        imported = len(rows) - len(kept)
        assert kept <= {row["note"] for row in rows}
        assert imported in (0, 300), "an import landed halfway"
        if finished:
            assert imported == 300
            assert leftover_temps(legday_home) == []  # what an earlier kill left is gone
        else:
            kills += 1
        if imported:
            # Take the import back (one undo reverts the whole batch) for the next kill.
            undone = legday("undo")
            assert undone.returncode == 0, undone.stderr
            assert len(history()) == len(kept)
    assert kills >= 20, "the delays never caught an import mid-run"
    log_ok("squat", "3x5", "--date", DAY, "--note", "after")
    assert leftover_temps(legday_home) == []


def strong_export(path: Path, workouts: int) -> Path:
    """A Strong CSV of `workouts` leg days, three lifts of four sets each."""
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
    ]
    for day in range(workouts):
        stamp = f"{1990 + day // 300}-{1 + day // 25 % 12:02d}-{1 + day % 25:02d} 18:00:00"
        for lift in ("Squat (Barbell)", "Leg Press", "Leg Extension (Machine)"):
            lines += [f'{stamp},"Legs",1h,"{lift}",{n},100.0,5,0,0,,,\n' for n in range(1, 5)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_big_import_killed_mid_stream_leaves_nothing_and_runs_again(
    legday_home: Path, tmp_path: Path
) -> None:
    export = strong_export(tmp_path / "strong.csv", 3000)  # 9,000 entries, 36,000 rows
    log_ok("squat", "3x5", "--date", DAY, "--note", "before")
    log = device_log(legday_home)
    size_before = log.stat().st_size
    proc = start_legday("import", str(export), "--unit", "kg")
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT
    # Killed once the import's lines are reaching the log, before it is done with the file.
    while log.stat().st_size == size_before and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert log.stat().st_size > size_before  # part of the batch is on the disk...
    assert [row["note"] for row in history()] == ["before"]  # ... and counts for nothing
    again = legday("import", str(export), "--unit", "kg")
    assert again.returncode == 0, again.stderr
    assert "Added 9000 entries" in again.stdout
    # The unfinished batch was set aside by the first command after the kill, not replayed.
    assert len(list(log.parent.glob(f"{log.name}.torn-*"))) == 1
    assert len(history()) == 9001
    undone = legday("import", "--undo", "--yes")
    assert undone.returncode == 0, undone.stderr
    assert [row["note"] for row in history()] == ["before"]


@pytest.mark.slow
def test_sigkill_during_undo_never_loses_a_reported_change(legday_home: Path) -> None:
    rng = random.Random(11)
    for n in range(60):
        log_ok("squat", "3x5", "--date", DAY, "--note", f"n{n}")
    runtime = typical_runtime("undo") + 0.01
    log_ok("squat", "3x5", "--date", DAY, "--note", "n-extra")
    expected = len(history())
    kills = 0
    for _ in range(50):
        finished = wait_or_kill(start_legday("undo"), rng.uniform(0.0, runtime * 1.3))
        rows = history()
        if finished:
            expected -= 1
        else:
            kills += 1
            assert len(rows) in (expected, expected - 1)  # the undo landed whole or not at all
            expected = len(rows)
        assert len(rows) == expected
    assert kills >= 15, "the delays never caught an undo mid-run"
    log_ok("squat", "3x5", "--date", DAY, "--note", "after")
    assert leftover_temps(legday_home) == []


@pytest.mark.slow
def test_sigkill_during_compaction_loses_nothing_and_leaves_no_temp_file(
    legday_home: Path,
) -> None:
    rng = random.Random(13)
    for n in range(150):
        log_ok("squat", "3x5", "--date", DAY, "--note", f"keep{n}")
    runtime = typical_runtime("compact") + 0.01
    for n in range(50):
        log_ok("lunge", "3x5", "--date", DAY, "--note", f"gone{n}")
        assert legday("undo").returncode == 0
        wait_or_kill(start_legday("compact"), rng.uniform(0.0, runtime * 1.3))
        notes = sorted(row["note"] for row in history())
        assert notes == sorted(f"keep{k}" for k in range(150))
    log_ok("squat", "3x5", "--date", DAY, "--note", "after")  # the next writer cleans up
    assert leftover_temps(legday_home) == []
    backups = list((legday_home / "backups").iterdir())
    assert 1 <= len(backups) <= 5


@pytest.mark.slow
def test_sigkill_during_migration_loses_nothing(legday_home: Path, tmp_path: Path) -> None:
    rng = random.Random(17)
    seed = tmp_path / "seed"
    env = os.environ | {"LEGDAY_HOME": str(seed)}
    for n in range(120):
        row = dict(json.loads(an_entry_line()), id=f"{n:032x}", note=f"old{n}")
        seed.mkdir(exist_ok=True)
        with (seed / "sessions.jsonl").open("a") as handle:
            if n == 0:
                handle.write(HEADER.decode())
            handle.write(json.dumps(row) + "\n")
    del env
    legacy = (seed / "sessions.jsonl").read_bytes()
    # How long a migrating log takes on this machine now (a loaded machine is slower).
    legday_home.mkdir(exist_ok=True)
    legacy_file(legday_home).write_bytes(legacy)
    runtime = typical_runtime("log", "squat", "3x5", "--date", DAY, "--note", "timing") * 1.3
    kills = 0
    for _ in range(50):
        shutil.rmtree(legday_home, ignore_errors=True)
        legday_home.mkdir()
        legacy_file(legday_home).write_bytes(legacy)
        proc = start_legday("log", "squat", "3x5", "--date", DAY, "--note", "new")
        finished = wait_or_kill(proc, rng.uniform(0.0, runtime))
        kills += not finished
        notes = {row["note"] for row in history()}
        assert {f"old{n}" for n in range(120)} <= notes
        assert notes <= {f"old{n}" for n in range(120)} | {"new"}
        if finished:
            assert "new" in notes
        log_ok("squat", "3x5", "--date", DAY, "--note", "after")
        assert leftover_temps(legday_home) == []
        assert len(history()) in (121, 122)
    assert kills >= 10, "the delays never caught a migration mid-run"


def test_a_torn_last_line_is_set_aside_and_reported(legday_home: Path) -> None:
    log_ok("squat", "3x5", "--date", DAY, "--note", "complete")
    before = sessions_file(legday_home).read_bytes()
    torn = b'{"id": "0123456789abcdef", "date": "2025-03-0'
    sessions_file(legday_home).write_bytes(before + torn)
    done = legday("history", "--json")
    assert done.returncode == 0
    assert [row["note"] for row in json.loads(done.stdout)] == ["complete"]
    side_files = list((legday_home / "devices").glob("testbox.jsonl.torn-*"))
    assert len(side_files) == 1
    assert side_files[0].read_bytes().startswith(torn)
    assert "Warning:" in done.stderr
    assert str(side_files[0]) in done.stderr
    assert sessions_file(legday_home).read_bytes() == before


def test_a_log_after_a_crash_sets_the_torn_line_aside_and_lands(legday_home: Path) -> None:
    # Found by this test: `log` met the torn line under its own lock and waited on itself.
    log_ok("squat", "3x5", "--date", DAY, "--note", "first")
    with sessions_file(legday_home).open("ab") as handle:
        handle.write(b'{"id": "tor')
    env = os.environ | {"LEGDAY_LOCK_TIMEOUT": "2"}
    done = legday("log", "squat", "3x5", "--date", DAY, "--note", "second", env=env)
    assert done.returncode == 0, done.stderr
    assert "moved to" in done.stderr
    assert sorted(row["note"] for row in history()) == ["first", "second"]


def test_remind_after_a_crash_still_answers(legday_home: Path) -> None:
    log_ok("squat", "3x5", "--date", DAY)
    with sessions_file(legday_home).open("ab") as handle:
        handle.write(b'{"id": "tor')
    done = legday("remind", "--json")
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) >= {"due", "goal", "message", "reminder"}
    assert sessions_file(legday_home).read_bytes().endswith(b"\n")


# ============================================================================ 3. corruption


def an_entry_line() -> bytes:
    row = {
        "id": "a" * 32,
        "date": DAY,
        "exercise": "squat",
        "sets": [{"reps": 5, "weight": 100.0, "unit": "kg"}],
        "note": None,
        "logged_at": "2025-03-03T18:00:00+00:00",
        "source": "log",
        "_hw": DAY,
    }
    return json.dumps(row).encode() + b"\n"


CORRUPT_FILES = {
    "truncated line": (HEADER + an_entry_line()[:40] + b"\n" + an_entry_line(), 2),
    "invalid UTF-8": (HEADER + an_entry_line() + an_entry_line().replace(b"squat", b"sq\xffat"), 3),
    "wrong types": (HEADER + an_entry_line().replace(b'"reps": 5', b'"reps": [5]'), 2),
    "date is not a date": (HEADER + an_entry_line().replace(DAY.encode(), b"2025-13-45"), 2),
    "missing schema header": (an_entry_line(), 1),
    "binary garbage": (HEADER + bytes(range(256)) + b"\n", 2),
}
CORRUPTION_COMMANDS = [("history", "--json"), ("log", "squat", "3x5", "--date", DAY)]
READ_AND_WRITE_COMMANDS = [
    ("streak",),
    ("history", "--json"),
    ("log", "squat", "3x5", "--date", DAY),
    ("undo",),
    ("export", "--format", "csv"),
]


@pytest.mark.parametrize("case", sorted(CORRUPT_FILES))
@pytest.mark.parametrize("command", CORRUPTION_COMMANDS, ids=" ".join)
def test_a_corrupt_store_is_reported_and_never_written(
    legday_home: Path, case: str, command: tuple[str, ...]
) -> None:
    check_corrupt_store_refused(legday_home, case, command)


@pytest.mark.parametrize("command", READ_AND_WRITE_COMMANDS, ids=" ".join)
def test_every_command_refuses_a_corrupt_store(legday_home: Path, command: tuple[str, ...]) -> None:
    check_corrupt_store_refused(legday_home, "wrong types", command)


def check_corrupt_store_refused(home: Path, case: str, command: tuple[str, ...]) -> None:
    legday_home = home
    data, line = CORRUPT_FILES[case]
    legday_home.mkdir()
    legacy_file(legday_home).write_bytes(data)
    done = legday(*command)
    assert done.returncode == 1, done.stderr
    message = error_line(done.stderr)
    assert f"{legacy_file(legday_home)}, line {line}" in message
    # Where to recover from, named only when it exists (it does not here: nothing was kept).
    assert "legday doctor" in message
    assert "backups" not in message
    assert legacy_file(legday_home).read_bytes() == data
    assert sorted(p.name for p in legday_home.iterdir()) in (
        ["sessions.jsonl"],
        [".legday.lock", "sessions.jsonl"],
    )


@pytest.mark.parametrize("damaged", [b'{"id": "cut short"\n', b'{"id": "\xff"}\n', b"[]\n"])
def test_remind_reports_damage_in_the_lines_it_reads(legday_home: Path, damaged: bytes) -> None:
    # The cron path reads only recent lines (its cost must not grow with history); damage
    # in what it reads sends it to the full loader, which names the line.
    legday_home.mkdir()
    data = HEADER + an_entry_line() + damaged
    legacy_file(legday_home).write_bytes(data)
    for flags in ((), ("--json",), ("--check",)):
        done = legday("remind", *flags)
        assert done.returncode == 1
        assert f"{legacy_file(legday_home)}, line 3" in error_line(done.stderr)
        assert done.stdout == ""
    assert legacy_file(legday_home).read_bytes() == data


@pytest.mark.parametrize("command", [*READ_AND_WRITE_COMMANDS, ("remind",)], ids=" ".join)
def test_a_directory_where_the_store_should_be_is_reported(
    legday_home: Path, command: tuple[str, ...]
) -> None:
    legacy_file(legday_home).mkdir(parents=True)
    (legacy_file(legday_home) / "keep.txt").write_text("mine")
    done = legday(*command)
    assert done.returncode == 1
    message = error_line(done.stderr)
    assert f"{legacy_file(legday_home)} is not a regular file (a directory" in message
    assert "backups" not in message  # there is no backups folder to point at
    assert (legacy_file(legday_home) / "keep.txt").read_text() == "mine"


def test_a_newer_schema_is_refused_for_writing_but_still_read(legday_home: Path) -> None:
    legday_home.mkdir()
    data = b'{"legday": "sessions", "schema": 99}\n' + an_entry_line()
    legacy_file(legday_home).write_bytes(data)
    assert len(history()) == 1
    for command in (("log", "squat", "3x5", "--date", DAY), ("undo",)):
        done = legday(*command)
        assert done.returncode == 1
        assert "newer legday" in error_line(done.stderr)
    assert legacy_file(legday_home).read_bytes() == data


def test_a_broken_config_file_is_reported_and_left_alone(legday_home: Path) -> None:
    legday_home.mkdir()
    config = legday_home / "config.toml"
    config.write_bytes(b"goal = [unclosed\n")
    done = legday("config", "set", "goal", "3")
    assert done.returncode == 1
    assert str(config) in error_line(done.stderr)
    assert config.read_bytes() == b"goal = [unclosed\n"


# ============================================================================ 4. environment


@pytest.mark.integration
def test_a_read_only_data_dir_is_a_clear_error(legday_home: Path) -> None:
    # Root writes through permission bits, so the read-only file system comes from the kernel
    # side: strace makes every open of the lock file fail with EROFS, as on a read-only mount.
    log_ok("squat", "3x5", "--date", DAY)
    before = sessions_file(legday_home).read_bytes()
    strace = shutil.which("strace")
    assert strace is not None, "the integration suite needs strace (.ci/run installs it)"
    prefix = [strace, "-f", "-qq", "-o", "/dev/null", "-P", str(legday_home / ".legday.lock")]
    prefix += ["-e", "trace=openat", "-e", "inject=openat:error=EROFS"]
    for command in (("undo",), ("log", "squat", "3x5", "--date", DAY), ("skip",)):
        done = legday(*command, prefix=prefix)
        assert done.returncode == 1, done.stderr
        assert "Read-only file system; nothing was changed" in error_line(done.stderr)
    done = legday("streak", "--json", prefix=prefix)  # readers need no lock
    assert done.returncode == 0, done.stderr
    assert sessions_file(legday_home).read_bytes() == before


def test_a_read_only_file_system_is_a_clear_error_in_process(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root ignores permission bits, so EROFS is simulated at os.open.
    assert run(["log", "squat", "3x5", "--date", DAY]) == 0
    before = sessions_file(legday_home).read_bytes()
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    capsys.readouterr()
    monkeypatch.setattr(os, "open", read_only)
    assert run(["log", "squat", "3x5", "--date", DAY]) == 1
    assert run(["undo"]) == 1
    assert run(["config", "set", "goal", "3"]) == 1
    err = capsys.readouterr().err
    assert err.count("Error:") == 3
    assert "Read-only file system" in err
    assert "Traceback" not in err
    monkeypatch.undo()
    assert sessions_file(legday_home).read_bytes() == before


def test_no_home_variable_is_fine_when_legday_home_is_set(legday_home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_DATA_HOME")}
    done = legday("log", "squat", "3x5", "--date", DAY, env=env)
    assert done.returncode == 0, done.stderr
    done = legday("streak", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total_leg_days"] == 1
    assert sessions_file(legday_home).exists()


def test_a_lock_held_too_long_is_a_clear_error(legday_home: Path) -> None:
    log_ok("squat", "3x5", "--date", DAY)
    before = sessions_file(legday_home).read_bytes()
    env = os.environ | {"LEGDAY_LOCK_TIMEOUT": "0.2"}
    with (legday_home / ".legday.lock").open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        for command in (("log", "squat", "3x5", "--date", DAY), ("undo",), ("skip",)):
            done = legday(*command, env=env)
            assert done.returncode == 1
            assert "another legday is writing" in error_line(done.stderr)
        reader = legday("streak", "--json", env=env)
        assert reader.returncode == 0  # a held lock never blocks reading
    assert sessions_file(legday_home).read_bytes() == before
    assert not (legday_home / "rest_weeks.json").exists()


FILE_SIZE_LIMITED = textwrap.dedent(
    """
    import os, resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death: a full disk
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    os.execv(sys.argv[2], sys.argv[2:])
    """
)


def with_file_size_limit(limit: int) -> list[str]:
    return [sys.executable, "-c", FILE_SIZE_LIMITED, str(limit)]


@pytest.mark.parametrize(
    ("command", "room"),
    [
        # An append with room for part of its line: the write stops halfway through.
        (("log", "squat", "3x5@100kg", "--date", DAY, "--note", "x" * 300), 100),
        # An undo's appended line with no room at all: the log is already past the limit.
        (("undo",), -10_000),
    ],
    ids=["log", "undo"],
)
def test_a_full_disk_is_a_clear_error_and_the_store_is_unchanged(
    legday_home: Path, command: tuple[str, ...], room: int
) -> None:
    log_ok("squat", "3x5", "--date", DAY)
    log_ok("lunge", "3x8", "--date", DAY, "--note", "padding " * 20)
    before = sessions_file(legday_home).read_bytes()
    limit = max(20, len(before) + room)
    done = legday(*command, prefix=with_file_size_limit(limit))
    assert done.returncode == 1, done.stderr
    assert "nothing was changed" in error_line(done.stderr)
    assert sessions_file(legday_home).read_bytes() == before
    assert len(history()) == 2
    log_ok("squat", "3x5", "--date", DAY)  # the next command leaves no temp file either
    assert leftover_temps(legday_home) == []


# ============================================================================ 5. fuzzed input


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield


def without_caches(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith(".legday-cache-")}


def snapshot_files(home: Path) -> dict[str, bytes]:
    if not home.exists():
        return {}
    # Every file a command could write, the derived cache included: refused means nothing.
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in home.rglob("*")
        if p.is_file() and p.name != ".legday.lock"
    }


def invoke(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "unexpected failure" not in err, err
    return code, err


SET_TOKENS = st.sampled_from(
    [
        "5x5",
        "3x8@100kg",
        "3x8@135lb",
        "3x8@60",
        "3x10,8,6@60kg",
        "10,8,6@60kg",
        "100kgx5",
        "3x12@bw",
        "3x8@bw+20kg",
        "3x6@bw-15kg",
        "3x60s",
        "3x1:30",
        "1x12+@80kg",
        "w:2x5@60kg",
        "rpe8",
        "rpe8.5",
        "@102,5kg",
        "225x5",
        "0x5",
        "21x1",
        "3x201",
        "3x5@1001kg",
        "3x3h",
        "rpe11",
        "3x",
        "x5",
        "5x5@",
        "@kg",
        "1x1@-5kg",
        "3x10,8@60kg",
        "1e9x1",
    ]
)
WORD_NAMES = frozenset({"squat", "front", "rdl", "sqaut", "leg", "press", "lunges"})
WORDS = st.sampled_from(sorted(WORD_NAMES))
FUZZ_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
SET_LIKE = r"[0-9]{1,4}x[0-9,]{1,6}(@[0-9.,+-]{1,6}(kg|lb|bw)?)?"
LOG_ARGS = st.tuples(
    st.lists(WORDS | FUZZ_TEXT, max_size=3),
    st.lists(
        SET_TOKENS | st.from_regex(SET_LIKE, fullmatch=True) | FUZZ_TEXT,
        max_size=3,
    ),
    st.lists(
        st.sampled_from(["--new", "--json"])
        | st.tuples(st.sampled_from(["--date", "--note", "-d", "-n"]), FUZZ_TEXT),
        max_size=3,
    ),
)  # fmt: skip


FAST, SLOW = 30, 400  # examples per fuzz test: default run / slow run


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def flatten(options: list[Any]) -> list[str]:
    out: list[str] = []
    for option in options:
        out.extend(option if isinstance(option, tuple) else [option])
    return out


# Sets every parser must read as sets: with names from WORDS before them, a line of these
# is a log, whatever split_log_line (the code under test) says of it.
PLAIN_SETS = frozenset({"5x5", "3x8@100kg", "3x8@135lb", "3x12@bw", "3x60s", "100kgx5"})
VALUE_OPTIONS = frozenset({"--date", "-d", "--note", "-n"})


def plainly_a_log(words: list[str], sets: list[str]) -> bool:
    return bool(words and sets) and set(words) <= WORD_NAMES and set(sets) <= PLAIN_SETS


def asks_for_help(argv: list[str]) -> bool:
    """Whether click reads -h or --help as the flag in `argv` (not as an option's value)."""
    takes_value = False
    for token in argv:
        if token == "--":
            return False
        if not takes_value and token in ("-h", "--help"):
            return True
        takes_value = not takes_value and token in VALUE_OPTIONS
    return False


def check_log_fuzz(
    home: Path, capsys: pytest.CaptureFixture[str], args: tuple[list[str], list[str], list[Any]]
) -> None:
    words, sets, options = args
    # `--debug` anywhere asks for a traceback with the error (docs/CONTRACT.md): not a fuzz case.
    assume(DEBUG_FLAG not in [*words, *sets, *flatten(options)])
    before = snapshot_files(home)
    count_before = len(before.get("devices/testbox.jsonl", HEADER).splitlines())
    code = run(["log", *words, *sets, *flatten(options)])
    printed = capsys.readouterr()
    err = printed.err
    assert "Traceback" not in err and "unexpected failure" not in err, err
    assert code in (0, 2), err
    after = snapshot_files(home)
    if code == 2:
        assert after == before
        assert err.startswith("Error:")
    elif asks_for_help(["log", *words, *sets, *flatten(options)]):
        assert printed.out.startswith("Usage: legday log")
        assert without_caches(after) == without_caches(before)
    elif not plainly_a_log(words, sets) and not any(
        specs for _name, specs in split_log_line([*words, *sets])
    ):
        # A logged name without sets shows its last sessions (`last`): a read, which may only
        # leave the derived caches of what it read. (With no name words first, a generated
        # "set" that is no set spec is that name: `legday log Ab`.)
        assert without_caches(after) == without_caches(before)
    else:
        # One operation: a line, or for several exercises in one line a committed group (its
        # adds and a commit line).
        lines = after["devices/testbox.jsonl"].splitlines()
        added = len(lines) - count_before
        assert added == 1 or (added >= 3 and json.loads(lines[-1])["op"] == "commit")


@pytest.mark.usefixtures("frozen_clock")
@fuzz(FAST)
@given(args=LOG_ARGS)
def test_fuzzed_log_arguments_exit_0_or_2_and_store_nothing_on_refusal(
    legday_home: Path, capsys: pytest.CaptureFixture[str], args: Any
) -> None:
    check_log_fuzz(legday_home, capsys, args)


@pytest.mark.slow
@pytest.mark.usefixtures("frozen_clock")
@fuzz(SLOW)
@given(args=LOG_ARGS)
def test_fuzzed_log_arguments_at_length(
    legday_home: Path, capsys: pytest.CaptureFixture[str], args: Any
) -> None:
    check_log_fuzz(legday_home, capsys, args)


DATES = (
    st.sampled_from(["today", "yesterday", "mon", "sunday", "-1", "-0", "-100000", "2025-02-29",
                     "2024-02-29", "2025-03-06", "9999-12-31", "0001-01-01", "2025-3-3", "+1",
                     "tomorrow", "-", "--", ""])
    | st.from_regex(r"-?[0-9]{1,6}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[a-z]{2,9}", fullmatch=True)
    | FUZZ_TEXT
)  # fmt: skip
DATE_COMMANDS = st.sampled_from(
    [["log", "squat", "3x5", "--date"], ["history", "--since"], ["skip"], ["unskip"]]
)


@pytest.mark.usefixtures("frozen_clock")
@fuzz(FAST)
@given(command=DATE_COMMANDS, day=DATES)
def test_fuzzed_dates_exit_0_or_2_and_store_nothing_on_refusal(
    legday_home: Path, capsys: pytest.CaptureFixture[str], command: list[str], day: str
) -> None:
    check_date_fuzz(legday_home, capsys, [*command, day])


@pytest.mark.slow
@pytest.mark.usefixtures("frozen_clock")
@fuzz(SLOW)
@given(command=DATE_COMMANDS, day=DATES)
def test_fuzzed_dates_at_length(
    legday_home: Path, capsys: pytest.CaptureFixture[str], command: list[str], day: str
) -> None:
    check_date_fuzz(legday_home, capsys, [*command, day])


def check_date_fuzz(home: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assume(DEBUG_FLAG not in argv)  # a traceback asked for (see check_log_fuzz)
    before = snapshot_files(home)
    code, err = invoke(argv, capsys)
    assert code in (0, 2), err
    if code == 2:
        assert snapshot_files(home) == before


CONFIG_KEYS = st.sampled_from(
    ["goal", "week_start", "unit", "day_starts_at", "e1rm_formula", "reminders", "GOAL", "x"]
)
CONFIG_VALUES = (
    st.sampled_from(["0", "1", "7", "8", "-1", "3.0", "true", "mon", "Sunday", "kg", "LB",
                     "stone", "04:00", "12:00", "11:59", "4:5", "24:00", "epley", "brzycki",
                     '"; import os', "kg\"\nevil = 1", "[1, 2]", "{}", "${HOME}", "$(id)"])
    | FUZZ_TEXT
)  # fmt: skip


@fuzz(FAST)
@given(key=CONFIG_KEYS, value=CONFIG_VALUES)
def test_fuzzed_config_values_exit_0_or_2_and_keep_the_file_valid(
    legday_home: Path, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    check_config_fuzz(legday_home, capsys, key, value)


@pytest.mark.slow
@fuzz(SLOW)
@given(key=CONFIG_KEYS, value=CONFIG_VALUES)
def test_fuzzed_config_values_at_length(
    legday_home: Path, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    check_config_fuzz(legday_home, capsys, key, value)


def check_config_fuzz(home: Path, capsys: pytest.CaptureFixture[str], key: str, value: str) -> None:
    before = snapshot_files(home)
    code, err = invoke(["config", "set", key, value], capsys)
    assert code in (0, 2), err
    if code == 2:
        assert snapshot_files(home) == before
    code, err = invoke(["config", "show", "--json"], capsys)
    assert code == 0, err  # whatever was accepted can be read back


CSV_HEADERS = [
    "Date;Workout Name;Exercise Name;Set Order;Weight;Reps;Distance;Seconds;Notes;"
    "Workout Notes;RPE",
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE",
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,"
    "set_type,weight_kg,reps,distance_km,duration_seconds,rpe",
    "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time",
    "date,exercise,set,reps,seconds,weight,unit,bodyweight,warmup,amrap,rpe,note,id",
]
CELL = st.sampled_from(["2024-01-05 18:00:00", "Squat (Barbell)", "Leg Press", "1", "100", "5",
                        "", "x", "-3", "1e309", "nan", "2024-13-40", "Rest Timer", "=1+1",
                        "lb", "kg", "true"]) | FUZZ_TEXT  # fmt: skip


IMPORT_OPTIONS = st.lists(
    st.sampled_from(
        [
            "--unit",
            "kg",
            "lb",
            "--from",
            "auto",
            "strong",
            "hevy",
            "fitnotes",
            "legday",
            "--dry-run",
        ]
    ),
    max_size=3,
)


@st.composite
def import_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["csv", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        value = draw(
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | FUZZ_TEXT,
                lambda inner: st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["format", "version", "entries", "id", "date", "sets",
                                     "exercise", "reps", "weight", "unit", "logged_at"]),
                    inner,
                    max_size=5,
                ),
                max_leaves=12,
            )
        )  # fmt: skip
        return json.dumps(value).encode()
    header = draw(st.sampled_from(CSV_HEADERS))
    sep = ";" if ";" in header else ","
    width = header.count(sep) + 1
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=4))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerows([header.split(sep), *rows])
    return out.getvalue().encode()


@pytest.mark.usefixtures("frozen_clock")
@fuzz(FAST)
@given(content=import_files(), options=IMPORT_OPTIONS)
def test_fuzzed_import_files_exit_0_or_2_and_store_nothing_on_refusal(
    legday_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    options: list[str],
) -> None:
    check_import_fuzz(legday_home, tmp_path, capsys, content, options)


@pytest.mark.slow
@pytest.mark.usefixtures("frozen_clock")
@fuzz(SLOW)
@given(content=import_files(), options=IMPORT_OPTIONS)
def test_fuzzed_import_files_at_length(
    legday_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    options: list[str],
) -> None:
    check_import_fuzz(legday_home, tmp_path, capsys, content, options)


def check_import_fuzz(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    options: list[str],
) -> None:
    upload = tmp_path / "upload.csv"
    upload.write_bytes(content)
    before = snapshot_files(home)
    code, err = invoke(["import", str(upload), *options], capsys)
    assert code in (0, 2), err
    if code == 2 or "--dry-run" in options:
        assert snapshot_files(home) == before


def test_undecodable_bytes_in_argv_are_refused_as_bad_input(legday_home: Path) -> None:
    # Found by this test: a note with invalid UTF-8 was an "unexpected failure" (exit 1).
    done = subprocess.run(
        [LEGDAY.encode(), b"log", b"squat", b"3x5", b"--note", b"bad \xff byte"],
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(b"Error:")
    assert not sessions_file(legday_home).exists()


# ============================================================================ 6. security


UMASK_000 = textwrap.dedent(
    """
    import os, sys
    os.umask(0)
    os.execv(sys.argv[1], sys.argv[1:])
    """
)


def test_files_are_private_even_under_umask_000(
    legday_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "fresh" / "home"
    home.parent.mkdir()
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    prefix = [sys.executable, "-c", UMASK_000]
    for command in (
        ("log", "squat", "3x5", "--date", DAY),
        ("log", "lunge", "3x5", "--date", DAY),
        ("undo",),
        ("skip", "next", "week"),
        ("unskip", "next", "week"),
        ("config", "set", "goal", "2"),
        ("export", "--output", str(home / "export.json")),
    ):
        done = legday(*command, prefix=prefix)
        assert done.returncode == 0, done.stderr
    modes = {
        str(p.relative_to(home)): stat.S_IMODE(p.stat().st_mode) for p in [home, *home.rglob("*")]
    }
    assert {"devices/testbox.jsonl", "devices", "config.toml", "export.json"} <= set(modes)
    wrong = {
        name: oct(m)
        for name, m in modes.items()
        if m != (0o700 if (home / name).is_dir() else 0o600)
    }
    assert wrong == {}


def test_csv_export_escapes_formula_cells(legday_home: Path) -> None:
    log_ok("=cmd", "3x5", "--new", "--date", DAY, "--note", '=HYPERLINK("http://x","y")')
    for name in ("+cmd", "-cmd", "@cmd"):
        # `--` lets a name start with "-"; the options go before it.
        log_ok("--new", "--date", DAY, f"--note={name}", "--", name, "1x5")
    stored = {row["id"]: row for row in history()}
    done = legday("export", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 6
    formula_cells = 0
    for row in rows:
        for column in ("exercise", "note"):
            cell, value = row[column], stored[row["id"]][column]
            assert cell[0] not in "=+-@", row
            if value[0] in "=+-@":
                formula_cells += 1
                assert cell == "'" + value
    assert formula_cells >= 6  # every note, and at least the "=cmd" name


def test_export_output_never_follows_a_symlink(legday_home: Path, tmp_path: Path) -> None:
    log_ok("squat", "3x5", "--date", DAY)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "export.json"
    link.symlink_to(victim)
    refused = legday("export", "--output", str(link))
    assert refused.returncode == 2
    assert "exists" in error_line(refused.stderr)
    forced = legday("export", "--output", str(link), "--force")
    assert forced.returncode == 0, forced.stderr
    assert victim.read_text() == "precious"
    assert not link.is_symlink()
    assert json.loads(link.read_text())["entries"]


def test_export_output_never_creates_a_dangling_symlinks_target(
    legday_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.json"
    link = tmp_path / "out.json"
    link.symlink_to(target)
    done = legday("export", "--output", str(link))
    assert done.returncode == 2
    assert not target.exists()


def test_config_values_are_data_never_evaluated(legday_home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for value in (f"$(touch {marker})", f"__import__('os').system('touch {marker}')"):
        done = legday("config", "set", "week_start", value)
        assert done.returncode == 2
    legday_home.mkdir(exist_ok=True)
    reminder = f"$(touch {marker}) {{0.__class__}} %s"
    (legday_home / "config.toml").write_text(f"reminders = [{json.dumps(reminder)}]\n")
    shown = legday("config", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["reminders"] == [reminder]
    assert legday("remind", "--always").returncode == 0
    assert not marker.exists()


NO_NETWORK = textwrap.dedent(
    """
    import sys

    def refuse(event, args):
        if event.startswith("socket."):
            raise RuntimeError(f"network access attempted: {event}")

    sys.addaudithook(refuse)
    from legday.__main__ import main
    sys.argv = ["legday", *sys.argv[1:]]
    main()
    """
)


@pytest.mark.parametrize(
    "command",
    [
        ("log", "squat", "3x5@100kg", "--date", DAY),
        ("streak", "--json"),
        ("remind", "--always"),
        ("stats", "--json"),
        ("prs", "--json"),
        ("history", "--json"),
        ("export", "--format", "csv"),
        ("import", str(STRONG_SEMICOLON), "--dry-run"),
        ("config", "set", "goal", "2"),
    ],
    ids=" ".join,
)
def test_no_command_touches_the_network(command: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, *command],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "network access attempted" not in done.stderr


def test_no_command_opens_a_socket_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for argv in (
        ["log", "squat", "3x5", "--date", DAY],
        ["streak", "--json"],
        ["stats", "--save", str(tmp_path / "chart.svg")],
        ["calendar"],
        ["import", str(STRONG_SEMICOLON)],
    ):
        assert run(argv) == 0, capsys.readouterr().err
