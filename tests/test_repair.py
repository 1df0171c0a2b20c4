"""Every mistake has a way back: import --undo and --replace, doctor [--fix], restore [N],
conflict copies merged, and exports that never bring a deleted entry back."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

from legday.cli import run
from store_layout import device_log, legacy_file, operations

NOW = datetime(2026, 11, 19, 18, 30, tzinfo=timezone(timedelta(hours=1)))
STRONG = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2026-11-10 10:00:00,Legs,Squat (Barbell),1,100,5,0,0,,,\n"
    "2026-11-10 10:00:00,Legs,Leg Press,1,200,10,0,0,,,\n"
    "2026-11-12 10:00:00,Legs,Romanian Deadlift (Barbell),1,80,8,0,0,,,\n"
)


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with time_machine.travel(NOW, tick=False):
        code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def history(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, _ = legday(capsys, "history", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def exported(tmp_path: Path, text: str = STRONG) -> Path:
    path = tmp_path / "strong.csv"
    path.write_text(text, encoding="utf-8")
    return path


def snapshot_files(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and not path.name.startswith(".legday")
    }


# ---------------------------------------------------------------------------- import --undo


def test_import_undo_removes_exactly_the_last_import_and_nothing_else(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert legday(capsys, "log", "squat", "5x5@100kg", "--date", "-20")[0] == 0
    assert legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")[0] == 0
    assert legday(capsys, "log", "calf", "raise", "3x12@bw")[0] == 0
    assert len(history(capsys)) == 5

    code, out, _ = legday(capsys, "import", "--undo", "--yes")

    assert code == 0
    assert "Took back the last import: removed 3 entries (3 sets)." in out
    left = {(row["exercise"], row["date"]) for row in history(capsys)}
    assert left == {("squat", "2026-10-30"), ("standing calf raise", "2026-11-19")}
    # One batch, marked as undoing the import, its removals soft (a re-import revives them).
    last = operations(Path(str(device_log_home())))[-1]
    assert last["op"] == "commit" and last["what"] == "undo import"


def device_log_home() -> Path:
    import os

    return Path(os.environ["LEGDAY_HOME"])


def test_reimporting_after_import_undo_brings_the_entries_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = exported(tmp_path)
    legday(capsys, "import", str(export), "--unit", "kg")
    legday(capsys, "import", "--undo", "--yes")
    code, out, _ = legday(capsys, "import", str(export), "--unit", "kg", "--json")
    assert code == 0
    assert json.loads(out)["entries_added"] == 3
    assert len(history(capsys)) == 3


def test_import_undo_without_a_terminal_says_the_counts_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, legday_home: Path
) -> None:
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    before = snapshot_files(legday_home)
    code, out, err = legday(capsys, "import", "--undo")
    assert (code, out) == (2, "")
    assert "remove 3 entries (3 sets)" in err and "--yes" in err
    assert snapshot_files(legday_home) == before


def test_import_undo_asks_on_a_terminal_and_no_keeps_everything(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    legday_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    before = snapshot_files(legday_home)

    class Terminal:
        def __init__(self, answer: str) -> None:
            self.answer = answer

        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            return self.answer

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, _, err = legday(capsys, "import", "--undo")
    assert code == 2 and "Take it back? [y/N]" in err
    assert snapshot_files(legday_home) == before
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert legday(capsys, "import", "--undo")[0] == 0
    assert history(capsys) == []


def test_import_undo_dry_run_and_refusals_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, legday_home: Path
) -> None:
    code, _, err = legday(capsys, "import", "--undo", "--yes")
    assert code == 2 and "no import to take back" in err
    assert not legday_home.exists() or not device_log(legday_home).exists()
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    before = snapshot_files(legday_home)
    code, out, _ = legday(capsys, "import", "--undo", "--dry-run")
    assert code == 0 and "Dry run: nothing was written." in out
    for argv in (
        ("import", "--undo", str(exported(tmp_path))),
        ("import", "--undo", "--replace", "--yes"),
        ("import", str(exported(tmp_path)), "--yes"),
        ("import",),
    ):
        code, out, err = legday(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.startswith("Error: ") and "Traceback" not in err
    assert snapshot_files(legday_home) == before


def test_plain_undo_after_import_undo_goes_further_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # import --undo is an undo: `undo` then takes back the change before the import, as it
    # does after any undo (the way back from import --undo is importing the file again).
    legday(capsys, "log", "squat", "5x5@100kg")
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    legday(capsys, "import", "--undo", "--yes")
    code, out, _ = legday(capsys, "undo")
    assert code == 0 and "Removed squat" in out
    assert history(capsys) == []


# ---------------------------------------------------------------------------- re-import


def test_reimport_with_another_unit_says_how_many_differ_and_replace_applies_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = exported(tmp_path)
    legday(capsys, "import", str(export), "--unit", "kg")
    code, out, _ = legday(capsys, "import", str(export), "--unit", "lb")
    assert code == 0
    assert "3 entries in the file differ from what is stored" in out
    assert "--replace" in out
    assert {row["sets"][0]["unit"] for row in history(capsys)} == {"kg"}  # type: ignore[index]

    code, out, _ = legday(capsys, "import", str(export), "--unit", "lb", "--replace", "--json")
    summary = json.loads(out)
    assert (summary["entries_differing"], summary["entries_replaced"]) == (3, 3)
    rows = history(capsys)
    assert {row["sets"][0]["unit"] for row in rows} == {"lb"}  # type: ignore[index]
    assert all(row.get("edited_at") for row in rows)

    # The replace was one batch: import --undo puts the kg values back.
    assert legday(capsys, "import", "--undo", "--yes")[0] == 0
    assert {row["sets"][0]["unit"] for row in history(capsys)} == {"kg"}  # type: ignore[index]


def test_the_replace_hint_is_a_command_that_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A Strong export with no unit needs --unit on every import: the hint must keep it.
    export = exported(tmp_path)
    legday(capsys, "import", str(export), "--unit", "kg")
    _code, out, _ = legday(capsys, "import", str(export), "--unit", "lb", "--from", "strong")
    [hint] = [line for line in out.splitlines() if "--replace" in line]
    command = hint.split("`")[1].split()
    assert command[:2] == ["legday", "import"] and "--replace" in command

    code, _out, err = legday(capsys, *command[1:])

    assert code == 0, err
    assert {row["sets"][0]["unit"] for row in history(capsys)} == {"lb"}  # type: ignore[index]


def test_import_undo_of_a_replace_shows_the_values_it_put_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = exported(tmp_path)
    legday(capsys, "import", str(export), "--unit", "kg")
    legday(capsys, "import", str(export), "--unit", "lb", "--replace")

    code, out, _ = legday(capsys, "import", "--undo", "--yes")

    assert code == 0
    put_back = [line for line in out.splitlines() if line.startswith("Put back squat")]
    assert put_back == ["Put back squat 1×5 @ 100 kg as it was before the edit."]


def test_an_edited_csv_row_is_reported_not_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    edited = exported(tmp_path, STRONG.replace("Leg Press,1,200,10", "Leg Press,1,210,10"))
    _code, out, _ = legday(capsys, "import", str(edited), "--unit", "kg", "--json")
    assert json.loads(out)["entries_differing"] == 1
    press = next(row for row in history(capsys) if row["exercise"] == "leg press")
    assert press["sets"][0]["weight"] == 200  # type: ignore[index]


# ---------------------------------------------------------------------------- doctor


def test_doctor_on_a_healthy_store_says_so(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    code, out, _ = legday(capsys, "doctor")
    assert code == 0 and out.startswith("All good: 1 file checked")
    assert "backups" not in out.replace("0 backups kept", "")


def damage_own_log(home: Path) -> bytes:
    """Replace the second operation of this device's log with garbage; return that line."""
    path = device_log(home)
    lines = path.read_bytes().split(b"\n")
    bad = b'{"op":"add","seq":2,"clock":2,"id":"x","date":"2026-13-45"'
    lines[2] = bad
    path.write_bytes(b"\n".join(lines))
    return bad


def test_doctor_names_an_unreadable_line_and_fix_sets_it_aside_keeping_every_byte(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    for exercise in ("squat", "lunge", "leg press"):
        assert legday(capsys, "log", *exercise.split(), "3x5@50kg")[0] == 0
    original = device_log(legday_home).read_bytes()
    bad = damage_own_log(legday_home)
    damaged = device_log(legday_home).read_bytes()
    assert legday(capsys, "history")[0] == 1  # the store refuses to guess

    code, out, _ = legday(capsys, "doctor")
    assert code == 1
    assert "line 3 cannot be read" in out and "`legday doctor --fix`" in out
    assert device_log(legday_home).read_bytes() == damaged  # doctor alone writes nothing

    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0 and "nothing was deleted" in out
    assert "1 backup kept; testbox.jsonl.1 holds damaged lines" in out
    side = next((legday_home / "devices").glob("testbox.jsonl.unreadable-*"))
    assert side.read_bytes() == bad + b"\n"
    assert (legday_home / "backups" / "testbox.jsonl.1").read_bytes() == damaged
    assert [row["exercise"] for row in history(capsys)] == ["squat", "leg press"]
    assert len(original) > 0
    assert legday(capsys, "doctor")[0] == 0


def test_doctor_fix_sets_aside_a_torn_end_of_this_device(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    with device_log(legday_home).open("ab") as handle:
        handle.write(b'{"op":"add","seq":9')
    # Reading sets a torn end aside by itself when it can; make it unable (lock taken).
    import fcntl
    import os

    lock = os.open(legday_home / ".legday.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        code, out, _ = legday(capsys, "doctor", "--json")
    finally:
        os.close(lock)
    report = json.loads(out)
    assert code == 0 and report["ok"]
    assert [p["kind"] for p in report["problems"]] == ["torn end"]
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0
    tail = b"".join(p.read_bytes() for p in (legday_home / "devices").glob("*.torn-*"))
    assert tail == b'{"op":"add","seq":9\n'


def test_an_empty_sessions_file_is_an_empty_store(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    legacy_file(legday_home).write_bytes(b"")
    assert history(capsys) == []
    code, out, _ = legday(capsys, "doctor")
    assert code == 0 and out.startswith("All good")


def test_doctor_fix_sets_aside_an_unreadable_legacy_line(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    good = (
        '{"id":"a1","date":"2026-11-10","exercise":"squat","sets":"5,,100,kg,,","note":null,'
        '"logged_at":"2026-11-10T10:00:00+01:00","source":"log","_hw":"2026-11-10"}'
    )
    legacy_file(legday_home).write_text(
        '{"legday": "sessions", "schema": 2}\n' + good + "\nnot json at all\n", encoding="utf-8"
    )
    code, out, _ = legday(capsys, "doctor")
    assert code == 1 and "sessions.jsonl: line 3 cannot be read" in out
    assert legday(capsys, "doctor", "--fix")[0] == 0
    assert [row["id"] for row in history(capsys)] == ["a1"]


def test_doctor_names_a_bad_config_value_with_its_fix(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700, parents=True, exist_ok=True)
    (legday_home / "config.toml").write_text("goal = 9\n", encoding="utf-8")
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 1
    assert "bad value for goal" in out and "legday config set goal VALUE" in out
    assert (legday_home / "config.toml").read_text(encoding="utf-8") == "goal = 9\n"


# ---------------------------------------------------------------------------- conflict copies


def test_a_conflict_copy_is_mentioned_once_then_merged_without_counting_twice(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg", "--date", "-2")
    legday(capsys, "log", "lunge", "3x10@20kg", "--date", "-1")
    # The sync tool kept the other side's version: same start, then a different change.
    copy = legday_home / "devices" / "testbox.sync-conflict-20261119-101010-ABCDEF.jsonl"
    shutil.copy(device_log(legday_home), copy)
    legday(capsys, "log", "calf", "raise", "3x12@bw")
    with copy.open("a", encoding="utf-8") as handle:
        handle.write(
            '{"op":"add","seq":3,"clock":3,"id":"fromcopy","date":"2026-11-18",'
            '"exercise":"leg press","sets":"10,,200,kg,,","note":null,'
            '"logged_at":"2026-11-18T10:00:00+01:00","source":"log"}\n'
        )
    code, out, err = legday(capsys, "history", "--json")
    assert err.count("conflict copy") == 1 and "legday doctor --fix" in err
    before = json.loads(out)
    assert len(before) == 4

    code, out, _ = legday(capsys, "doctor")
    assert code == 0 and "1 change no other log has" in out
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0 and "Merged into this device's log" in out

    code, out, err = legday(capsys, "history", "--json")
    assert json.loads(out) == before  # the same history: nothing lost, nothing twice
    assert "conflict copy" not in err
    assert not copy.exists()
    assert (legday_home / "backups" / f"{copy.name}.merged").exists()
    assert [op["op"] for op in operations(legday_home)][-2:] == ["add", "commit"]
    # Undo passes over the merge: it takes back this device's own last log.
    code, out, _ = legday(capsys, "undo")
    assert "calf raise" in out
    assert legday(capsys, "doctor")[0] == 0


def test_merging_a_copy_keeps_a_newer_edit_of_this_device(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    _code, out, _ = legday(capsys, "log", "squat", "5x5@100kg", "--json")
    entry_id = json.loads(out)["id"]
    copy = legday_home / "devices" / "testbox (conflicted copy 2026-11-19).jsonl"
    shutil.copy(device_log(legday_home), copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write(
            json.dumps(
                {
                    "op": "edit",
                    "seq": 2,
                    "clock": 2,
                    "id": entry_id,
                    "set": {"note": "old"},
                    "was": {"note": None},
                    "edited_at": "2026-11-19T10:00:00+01:00",
                }
            )
            + "\n"
        )
    edit_here(entry_id, "new")
    edit_here(entry_id, "newest")
    before = history(capsys)
    assert before[0]["note"] == "newest"
    assert legday(capsys, "doctor", "--fix")[0] == 0
    assert history(capsys) == before


def edit_here(entry_id: str, note: str) -> None:
    """An edit of this device (through the store, as `legday edit` writes one)."""
    from legday.context import Context
    from legday.store import edit_op

    store = Context.from_environment().store
    with store.transaction() as snapshot:
        entry = snapshot.entry_by_id(entry_id)
        assert entry is not None
        store.commit(snapshot, [edit_op(entry, {"note": note}, NOW)])


# ---------------------------------------------------------------------------- restore


def test_restore_lists_backups_and_puts_one_back_keeping_what_it_replaced(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, out, err = legday(capsys, "restore")
    assert code == 0 and "No backups yet" in out and "backups/" not in out + err
    code, _, err = legday(capsys, "restore", "1")
    assert code == 2 and "no backups yet" in err and str(legday_home) not in err

    legday(capsys, "log", "squat", "5x5@100kg")
    legday(capsys, "log", "lunge", "3x10@20kg")
    legday(capsys, "delete", history(capsys)[0]["id"])  # type: ignore[arg-type]
    uncompacted = device_log(legday_home).read_bytes()
    left = history(capsys)
    assert legday(capsys, "compact")[0] == 0
    compacted = device_log(legday_home).read_bytes()
    code, out, _ = legday(capsys, "restore", "--json")
    listed = json.loads(out)
    assert [b["file"] for b in listed] == ["testbox.jsonl"]

    code, _, err = legday(capsys, "restore", "7")
    assert code == 2 and "there is no backup 7" in err
    assert device_log(legday_home).read_bytes() == compacted

    code, out, _ = legday(capsys, "restore", "1")
    assert code == 0 and "Put back backup 1" in out
    assert device_log(legday_home).read_bytes() == uncompacted
    assert (legday_home / "backups" / "testbox.jsonl.1").read_bytes() == compacted
    assert history(capsys) == left


def test_restore_refuses_an_unreadable_backup(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    backups = legday_home / "backups"
    backups.mkdir(mode=0o700)
    (backups / "testbox.jsonl.1").write_bytes(b"garbage\n")
    before = device_log(legday_home).read_bytes()
    code, _, err = legday(capsys, "restore", "1")
    assert code == 2 and "cannot be read" in err
    assert device_log(legday_home).read_bytes() == before
    code, out, _ = legday(capsys, "doctor")
    assert code == 0 and "testbox.jsonl.1 holds damaged lines" in out


# ---------------------------------------------------------------------------- exports


def test_csv_export_says_rest_weeks_were_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5@100kg", "--date", "-14")
    legday(capsys, "skip", "-7")
    code, out, err = legday(capsys, "export", "--format", "csv")
    assert code == 0 and out.startswith("date,exercise,set")
    assert "1 rest week left out" in err
    code, _, err = legday(capsys, "export", "--format", "json")
    assert "left out" not in err


def test_json_export_carries_removals_so_two_homes_never_resurrect_a_delete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left, right = tmp_path / "left", tmp_path / "right"

    def at(home: Path, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("LEGDAY_HOME", str(home))
        return legday(capsys, *argv)

    at(left, "log", "squat", "5x5@100kg", "--date", "-2")
    at(left, "log", "lunge", "3x10@20kg", "--date", "-1")
    old_dump = tmp_path / "old.json"
    at(left, "export", "-o", str(old_dump))
    at(right, "import", str(old_dump))
    squat = next(
        r for r in json.loads(at(left, "history", "--json")[1]) if r["exercise"] == "squat"
    )
    at(left, "delete", squat["id"])
    new_dump = tmp_path / "new.json"
    at(left, "export", "-o", str(new_dump))
    assert squat["id"] in json.loads(new_dump.read_text(encoding="utf-8"))["removed"]

    at(right, "import", str(new_dump))  # the delete travels
    at(left, "import", str(old_dump))  # an old export does not bring it back
    right_dump = tmp_path / "right.json"
    at(right, "export", "-o", str(right_dump))
    at(left, "import", str(right_dump))
    for home in (left, right):
        names = [row["exercise"] for row in json.loads(at(home, "history", "--json")[1])]
        assert names == ["lunge"], home


def test_a_damaged_conflict_copy_of_another_device_is_merged_without_its_bad_line(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGDAY_DEVICE", "desktop")
    legday(capsys, "log", "squat", "5x5@100kg", "--date", "-3")
    monkeypatch.setenv("LEGDAY_DEVICE", "testbox")
    desktop = device_log(legday_home, "desktop")
    copy = desktop.with_name("desktop.sync-conflict-20261119-0000-XYZ.jsonl")
    shutil.copy(desktop, copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
        handle.write(
            '{"op":"add","seq":3,"clock":3,"id":"onlyincopy","date":"2026-11-17",'
            '"exercise":"lunge","sets":"10,,20,kg,,","note":null,'
            '"logged_at":"2026-11-17T10:00:00+01:00","source":"log"}\n'
        )
    assert legday(capsys, "history")[0] == 1  # the copy's bad line stops every reader
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0, out
    assert sorted(row["exercise"] for row in history(capsys)) == ["lunge", "squat"]
    assert desktop.read_bytes().count(b"\n") == 2  # the other device's log is not written
    kept = legday_home / "backups" / f"{copy.name}.merged"
    assert b"{not json" in kept.read_bytes() or any(
        b"{not json" in side.read_bytes()
        for side in (legday_home / "devices").glob("*.unreadable-*")
    )


def test_doctor_fix_never_writes_another_devices_log_and_skips_its_bad_line_here(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGDAY_DEVICE", "desktop")
    legday(capsys, "log", "squat", "5x5@100kg", "--date", "-3")
    legday(capsys, "log", "lunge", "3x10", "--date", "-2")
    monkeypatch.setenv("LEGDAY_DEVICE", "testbox")
    legday(capsys, "log", "leg", "press", "3x10@100kg")
    desktop = device_log(legday_home, "desktop")
    lines = desktop.read_bytes().split(b"\n")
    good = lines[2]
    lines[2] = b'{"op":"add","seq":2,"clock":2,"id":"x","date":"2026-13-45"'  # lunge's line
    desktop.write_bytes(b"\n".join(lines))
    damaged = desktop.read_bytes()
    assert legday(capsys, "history")[0] == 1  # the store refuses to guess

    code, out, _ = legday(capsys, "doctor")
    assert code == 1 and "line 3 cannot be read" in out and "without writing" in out
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0, out
    assert "Skipped on this machine" in out
    assert desktop.read_bytes() == damaged  # not one byte of that device's log is written
    assert not list((legday_home / "devices").glob("desktop.jsonl.*"))
    assert sorted(row["exercise"] for row in history(capsys)) == ["leg press", "squat"]
    code, out, _ = legday(capsys, "doctor")
    assert code == 0 and "line 3 cannot be read and is skipped on this machine" in out  # a note
    assert legday(capsys, "remind", "--check")[0] in (0, 3)  # the cron path reads it too

    # That device repairs its own log (the line put back): the list skips nothing any more.
    desktop.write_bytes(damaged.replace(lines[2], good))
    assert sorted(row["exercise"] for row in history(capsys)) == ["leg press", "lunge", "squat"]


def test_a_damage_message_names_the_backups_folder_when_it_exists(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    legday(capsys, "compact")  # keeps a backup: the folder now exists
    damage_own_log_line(legday_home)
    code, _, err = legday(capsys, "history")
    assert code == 1 and str(legday_home / "backups") in err


def damage_own_log_line(home: Path) -> None:
    path = device_log(home)
    path.write_bytes(path.read_bytes() + b"[1, 2]\n")


def test_import_help_shows_undo_and_replace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = legday(capsys, "import", "--help")
    assert code == 0
    assert "legday import --undo" in out and "--replace" in out and "--yes" in out
    for command in ("doctor", "restore"):
        code, out, _ = legday(capsys, command, "--help")
        assert code == 0 and f"legday {command}" in out.split("Examples:", 1)[1]


# ---------------------------------------------------------------------------- more damage


def test_an_unreadable_rest_weeks_file_is_moved_aside_whole(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700)
    (legday_home / "rest_weeks.json").write_bytes(b"{broken")
    code, out, _ = legday(capsys, "doctor", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert [p["kind"] for p in report["problems"]] == ["unreadable file"]
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0 and "Moved aside to" in out
    assert not (legday_home / "rest_weeks.json").exists()
    assert next(legday_home.glob("rest_weeks.json.unreadable-*")).read_bytes() == b"{broken"
    assert legday(capsys, "streak")[0] == 0


def test_a_log_whose_header_is_damaged_is_reported_and_left_as_it_is(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    path = device_log(legday_home)
    damaged = b'{"legday": "nope"}\n' + path.read_bytes().split(b"\n", 1)[1]
    path.write_bytes(damaged)
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 1
    assert "line 1 is not a legday header" in out and "legday restore" in out
    assert path.read_bytes() == damaged


def test_a_fifo_in_place_of_the_sessions_file_is_named_without_blocking(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    import os

    legday_home.mkdir(mode=0o700)
    os.mkfifo(legacy_file(legday_home))
    code, out, _ = legday(capsys, "doctor")
    assert code == 1 and "is not a regular file" in out


def test_another_devices_torn_end_is_a_note_and_never_written(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGDAY_DEVICE", "desktop")
    legday(capsys, "log", "squat", "5x5@100kg")
    monkeypatch.setenv("LEGDAY_DEVICE", "testbox")
    desktop = device_log(legday_home, "desktop")
    with desktop.open("ab") as handle:
        handle.write(b'{"op":"add","se')
    before = desktop.read_bytes()
    code, out, _ = legday(capsys, "doctor", "--fix")
    assert code == 0 and out.startswith("note: ") and "still syncing" in out
    assert desktop.read_bytes() == before


def test_a_torn_end_and_a_line_that_is_not_utf8_in_the_legacy_file(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700)
    legacy_file(legday_home).write_bytes(
        b'{"legday": "sessions", "schema": 2}\n\xff\xfe\n{"id": "cut'
    )
    code, out, _ = legday(capsys, "doctor")
    assert code == 1 and "line 2 cannot be read (not valid UTF-8)" in out
    assert "the last 11 bytes are an interrupted write" in out
    assert legday(capsys, "doctor", "--fix")[0] == 0
    assert legacy_file(legday_home).read_bytes() == b'{"legday": "sessions", "schema": 2}\n'
    assert history(capsys) == []


def test_a_copy_with_the_newest_edit_and_a_removal_keeps_the_same_history_after_merge(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    _code, out, _ = legday(capsys, "log", "squat", "5x5@100kg", "--date", "-1", "--json")
    squat = json.loads(out)["id"]
    _code, out, _ = legday(capsys, "log", "lunge", "3x10@20kg", "--json")
    lunge = json.loads(out)["id"]
    copy = legday_home / "devices" / "testbox 2.jsonl"  # iCloud's way
    shutil.copy(device_log(legday_home), copy)
    with copy.open("a", encoding="utf-8") as handle:
        for row in (
            {
                "op": "edit",
                "seq": 3,
                "clock": 50,
                "id": squat,
                "set": {"note": "from copy"},
                "was": {"note": None},
                "edited_at": "2026-11-19T10:00:00+01:00",
                "g": "g1",
            },
            {"op": "remove", "seq": 4, "clock": 51, "id": lunge, "rid": "r-copy", "g": "g1"},
            {"op": "commit", "seq": 5, "clock": 52, "g": "g1", "what": "change", "n": 2},
            {
                "op": "rest",
                "seq": 6,
                "clock": 53,
                "id": "rest-copy",
                "date": "2026-11-09",
                "reason": "holiday",
                "marked_at": "2026-11-10T10:00:00+01:00",
            },
            {"op": "remove", "seq": 7, "clock": 54, "id": squat, "rid": "r-open", "g": "open"},
        ):
            handle.write(json.dumps(row) + "\n")
    code, out, err = legday(capsys, "history", "--json")
    assert code == 0, err
    before = json.loads(out)
    assert [row["note"] for row in before] == ["from copy"]
    _code, streak_before, _ = legday(capsys, "streak", "--json")
    code, out, _ = legday(capsys, "doctor", "--fix", "--json")
    assert code == 0
    (problem,) = json.loads(out)["problems"]
    assert (problem["kind"], problem["count"], problem["fixed"]) == ("conflict copy", 3, True)
    assert history(capsys) == before
    assert legday(capsys, "streak", "--json")[1] == streak_before
    merged = [op for op in operations(legday_home) if op.get("g") and op["op"] != "commit"]
    assert [op["op"] for op in merged] == ["edit", "remove", "rest"]


def note_edit(
    entry_id: str, seq: int, clock: int, note: str, minute: int | None = None
) -> dict[str, object]:
    return {
        "op": "edit",
        "seq": seq,
        "clock": clock,
        "id": entry_id,
        "set": {"note": note},
        "was": {"note": None},
        "edited_at": f"2026-11-19T10:{clock if minute is None else minute:02d}:00+01:00",
    }


def lunge_add(seq: int, clock: int) -> dict[str, object]:
    return {
        "op": "add",
        "seq": seq,
        "clock": clock,
        "id": "fromcopy",
        "date": "2026-11-18",
        "exercise": "lunge",
        "sets": "10,,20,kg,,",
        "note": None,
        "logged_at": "2026-11-18T10:00:00+01:00",
        "source": "log",
    }


@pytest.mark.parametrize(
    "case",
    [
        # An add and an edit under one (clock, seq), after an earlier edit: doctor crashed.
        "an add and an edit share a key",
        # The copy's edit has the key of this device's last edit; the copy sorts after this
        # log, so the fold shows the copy's note, and the merge dropped it.
        "an edit shares a key with this device's",
        # The same edit twice, another in between: the fold shows the repeat's note.
        "an edit is repeated later",
    ],
)
def test_a_hand_made_copy_that_repeats_keys_or_edits_merges_to_the_history_it_showed(
    capsys: pytest.CaptureFixture[str], legday_home: Path, case: str
) -> None:
    _code, out, _ = legday(capsys, "log", "squat", "5x5@100kg", "--date", "-1", "--json")
    squat = json.loads(out)["id"]
    copy = legday_home / "devices" / "testbox.sync-conflict-20261119-101010-ABCDEF.jsonl"
    shutil.copy(device_log(legday_home), copy)
    rows = {
        "an add and an edit share a key": [
            note_edit(squat, 2, 2, "one"),
            lunge_add(3, 3),
            note_edit(squat, 3, 3, "two"),
        ],
        "an edit shares a key with this device's": [note_edit(squat, 2, 2, "from copy")],
        "an edit is repeated later": [
            note_edit(squat, 2, 2, "a"),
            note_edit(squat, 3, 3, "b"),
            note_edit(squat, 4, 4, "a", minute=2),  # the same edit (its edited_at too)
        ],
    }[case]
    if case == "an edit shares a key with this device's":
        edit_here(squat, "here")  # seq 2, clock 2, as the copy's edit
    with copy.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    before = history(capsys)
    code, out, err = legday(capsys, "doctor")
    assert (code, err) == (0, ""), out
    code, out, err = legday(capsys, "doctor", "--fix")
    assert (code, err) == (0, ""), out
    assert not copy.exists()
    assert history(capsys) == before
    assert legday(capsys, "doctor")[0] == 0


def test_two_copies_that_edit_one_note_merge_to_the_note_the_fold_showed(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    _code, out, _ = legday(capsys, "log", "squat", "5x5@100kg", "--json")
    squat = json.loads(out)["id"]
    devices = legday_home / "devices"
    newer = devices / "testbox.sync-conflict-20261119-101010-ABCDEF.jsonl"
    older = devices / "testbox 2.jsonl"  # merged first: its name sorts first
    for copy, clock, note in ((newer, 20, "newer"), (older, 10, "older")):
        shutil.copy(device_log(legday_home), copy)
        with copy.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(note_edit(squat, 2, clock, note)) + "\n")
    before = history(capsys)
    assert before[0]["note"] == "newer"
    assert legday(capsys, "doctor", "--fix")[0] == 0
    assert not newer.exists() and not older.exists()
    assert history(capsys) == before


# ---------------------------------------------------------------------------- more restore


def test_restore_puts_back_the_old_sessions_file_and_refuses_another_devices_log(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(mode=0o700)
    old = (
        b'{"legday": "sessions", "schema": 2}\n'
        b'{"id":"a1","date":"2026-11-10","exercise":"squat","sets":"5,,100,kg,,","note":null,'
        b'"logged_at":"2026-11-10T10:00:00+01:00","source":"log","_hw":"2026-11-10"}\n'
    )
    legacy_file(legday_home).write_bytes(old)
    legday(capsys, "log", "lunge", "3x10@20kg")  # the first write moves it into the log
    assert not legacy_file(legday_home).exists()
    (legday_home / "backups" / "desktop.jsonl.1").write_bytes(b"{}\n")
    _code, out, _ = legday(capsys, "restore")
    assert "sessions.jsonl" in out and "legday restore N" in out
    listed = json.loads(legday(capsys, "restore", "--json")[1])
    numbers = {b["file"]: b["number"] for b in listed}

    code, _, err = legday(capsys, "restore", str(numbers["desktop.jsonl"]))
    assert code == 2 and "only that device writes its log" in err
    code, out, _ = legday(capsys, "restore", str(numbers["sessions.jsonl"]), "--json")
    assert code == 0 and json.loads(out)["file"] == str(legacy_file(legday_home))
    assert legacy_file(legday_home).read_bytes() == old
    assert sorted(row["exercise"] for row in history(capsys)) == ["lunge", "squat"]


# ---------------------------------------------------------------------------- more import --undo


def test_import_undo_of_a_legday_export_takes_back_its_rest_weeks_and_removals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    monkeypatch.setenv("LEGDAY_HOME", str(other))
    _code, out, _ = legday(capsys, "log", "squat", "5x5@100kg", "--date", "-20", "--json")
    shared = json.loads(out)["id"]
    dump = tmp_path / "first.json"
    legday(capsys, "export", "-o", str(dump))
    monkeypatch.setenv("LEGDAY_HOME", str(tmp_path / "home"))
    legday(capsys, "import", str(dump))
    monkeypatch.setenv("LEGDAY_HOME", str(other))
    legday(capsys, "delete", shared)
    legday(capsys, "log", "lunge", "3x10@20kg", "--date", "-14")
    legday(capsys, "skip", "-7")
    dump2 = tmp_path / "second.json"
    legday(capsys, "export", "-o", str(dump2))
    monkeypatch.setenv("LEGDAY_HOME", str(tmp_path / "home"))
    legday(capsys, "import", str(dump2))
    assert [row["exercise"] for row in history(capsys)] == ["lunge"]

    code, out, _ = legday(capsys, "import", "--undo", "--dry-run", "--json")
    preview = json.loads(out)
    assert code == 0 and preview["dry_run"] and len(preview["removed"]) == 1
    code, out, _ = legday(capsys, "import", "--undo", "--yes")
    assert code == 0
    assert "remove 1 rest week" in out and "bring back 1 entry it removed" in out
    assert [row["exercise"] for row in history(capsys)] == ["squat"]


def test_import_undo_leaves_a_deleted_import_entry_deleted_and_stops_at_compaction(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    press = next(row for row in history(capsys) if row["exercise"] == "leg press")
    legday(capsys, "delete", str(press["id"]))
    code, out, _ = legday(capsys, "import", "--undo", "--yes", "--json")
    assert code == 0
    assert sorted(row["exercise"] for row in json.loads(out)["removed"]) == [
        "romanian deadlift",
        "squat",
    ]
    assert history(capsys) == []
    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    assert len(history(capsys)) == 2  # the deleted one stays deleted
    assert legday(capsys, "compact")[0] == 0
    code, _, err = legday(capsys, "import", "--undo", "--yes")
    assert code == 2 and "no import to take back" in err


def test_import_undo_refuses_when_another_import_came_in_between(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from legday import batches
    from legday.context import Context
    from legday.errors import UsageError

    legday(capsys, "import", str(exported(tmp_path)), "--unit", "kg")
    ctx = Context.from_environment()
    seen = batches.plan_import_undo(ctx.store.load()).handle
    with pytest.raises(UsageError, match="the store changed"):
        batches.undo_import(ctx, expected=seen + 1)
    assert len(history(capsys)) == 3
