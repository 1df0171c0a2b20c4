"""`legday import` / `legday export` through the CLI: round trips, merges, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

from legday.cli import run

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
NOW = datetime(2026, 11, 19, 18, 30, tzinfo=timezone(timedelta(hours=1)))


def legday(
    argv: list[str], capsys: pytest.CaptureFixture[str], home: Path | None = None
) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        if home is not None:
            patch.setenv("LEGDAY_HOME", str(home))
        with time_machine.travel(NOW, tick=False):
            code = run(argv)
    out, err = capsys.readouterr()
    return code, out, err


def history(
    capsys: pytest.CaptureFixture[str], home: Path | None = None
) -> list[dict[str, object]]:
    code, out, _ = legday(["history", "--json"], capsys, home)
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def seed(capsys: pytest.CaptureFixture[str], home: Path | None = None) -> None:
    for argv in (
        ["log", "squat", "w:2x5@60kg", "5x5@100kg", "rpe8", "--date", "-3", "--note", "=1+1"],
        ["log", "bulgarian", "split", "squat", "3x10,8,6@20kg", "--date", "-17"],
        ["log", "wall", "sit", "3x60s"],
        ["log", "pistol", "squat", "3x5@bw+10kg", "--date", "-1"],
        # Last week (11-09 to 11-15) had no leg day: resting it keeps a 2-week streak.
        ["skip", "-7", "--reason", "holiday"],
    ):
        assert legday(argv, capsys, home)[0] == 0


def test_json_export_round_trips_into_an_empty_home(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(capsys)
    before = history(capsys)
    dump = tmp_path / "all.json"
    assert legday(["export", "--format", "json", "--output", str(dump)], capsys)[0] == 0
    fresh = tmp_path / "fresh"
    code, out, _ = legday(["import", str(dump), "--json"], capsys, fresh)
    assert code == 0
    assert json.loads(out)["entries_added"] == len(before)
    assert history(capsys, fresh) == before
    # The rest week travels too, so the streak is the same.
    streak = legday(["streak", "--json"], capsys)[1]
    assert json.loads(streak)["current_streak_weeks"] == 2
    assert legday(["streak", "--json"], capsys, fresh)[1] == streak


def test_csv_export_round_trips_what_it_carries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(capsys)
    before = history(capsys)
    code, csv_text, _ = legday(["export", "--format", "csv"], capsys)
    assert code == 0
    assert csv_text.splitlines()[0] == (
        "date,exercise,set,reps,seconds,weight,unit,bodyweight,warmup,amrap,rpe,note,id"
    )
    assert "'=1+1" in csv_text  # a formula-looking note is escaped for spreadsheets
    dump = tmp_path / "all.csv"
    dump.write_text(csv_text)
    fresh = tmp_path / "fresh"
    assert legday(["import", str(dump)], capsys, fresh)[0] == 0
    after = history(capsys, fresh)
    carried = ("id", "date", "exercise", "sets", "note")
    assert [{k: e[k] for k in carried} for e in after] == [
        {k: e[k] for k in carried} for e in before
    ]


def test_importing_twice_adds_nothing_the_second_time(capsys: pytest.CaptureFixture[str]) -> None:
    export = FIXTURES / "hevy_kg.csv"
    code, out, _ = legday(["import", str(export), "--json"], capsys)
    first = json.loads(out)
    assert code == 0 and first["entries_added"] > 0 and first["format"] == "hevy"
    code, out, _ = legday(["import", str(export), "--json"], capsys)
    second = json.loads(out)
    assert (second["entries_added"], second["entries_existing"]) == (0, first["entries_added"])
    code, out, _ = legday(["import", str(export)], capsys)
    assert "Added 0 entries" in out and f"Already there: {first['entries_added']} entries" in out


def test_dry_run_writes_nothing(legday_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = legday(["import", str(FIXTURES / "fitnotes_new_kgs.csv"), "--dry-run"], capsys)
    assert code == 0 and "Dry run: nothing was written." in out
    assert not (legday_home / "sessions.jsonl").exists()


def test_a_file_without_a_unit_needs_unit(
    legday_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = legday(["import", str(FIXTURES / "strong_a0.csv")], capsys)
    assert code == 2 and out == ""
    assert err.startswith("Error:") and "--unit kg" in err
    assert not (legday_home / "sessions.jsonl").exists()
    code, out, _ = legday(["import", str(FIXTURES / "strong_a0.csv"), "--unit", "kg"], capsys)
    assert code == 0 and "from a Strong export" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"name,age\nbob,3\n", "not a Strong, Hevy, FitNotes or legday export"), (b"", "empty")],
)
def test_a_file_that_is_no_export_is_refused(
    tmp_path: Path, content: bytes, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.csv"
    bogus.write_bytes(content)
    code, _, err = legday(["import", str(bogus)], capsys)
    assert code == 2 and expected in err and err.count("\n") == 1


def test_missing_import_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = legday(["import", "/nonexistent/export.csv"], capsys)
    assert code == 2 and "no such file" in err


def test_two_homes_merged_both_ways_hold_the_same_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    seed(capsys, left)
    shared_dump = tmp_path / "left.json"
    legday(["export", "--output", str(shared_dump)], capsys, left)
    legday(["import", str(shared_dump)], capsys, right)  # overlap: right starts as a copy
    legday(["log", "leg", "press", "3x10@150kg"], capsys, left)
    legday(["log", "calf", "raise", "4x15@40kg"], capsys, right)
    left_dump, right_dump = tmp_path / "l.json", tmp_path / "r.json"
    legday(["export", "--output", str(left_dump)], capsys, left)
    legday(["export", "--output", str(right_dump)], capsys, right)
    legday(["import", str(right_dump)], capsys, left)
    legday(["import", str(left_dump)], capsys, right)
    ids_left = sorted(str(e["id"]) for e in history(capsys, left))
    ids_right = sorted(str(e["id"]) for e in history(capsys, right))
    assert ids_left == ids_right and len(ids_left) == 6


def test_export_output_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(capsys)
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = legday(["export", "--output", str(target)], capsys)
    assert code == 2 and "--force" in err and target.read_text() == "precious"
    assert legday(["export", "--output", str(target), "--force"], capsys)[0] == 0
    assert json.loads(target.read_text())["entries"]


# --- big files: read as they are stored, one batch all the same ------------------------------

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
LIFTS = ("Squat (Barbell)", "Leg Press", "Romanian Deadlift (Barbell)")


def strong_rows(workouts: int) -> list[str]:
    """A Strong export's set rows: `workouts` leg days, three lifts of three sets each."""
    rows = []
    for day in range(workouts):
        stamp = (datetime(2020, 1, 1, 18, 0) + timedelta(days=day)).strftime("%Y-%m-%d %H:%M:%S")
        for lift in LIFTS:
            for order in (1, 2, 3):
                rows.append(f'{stamp},"Legs",1h,"{lift}",{order},{100 + day % 50}.0,5,0,0,,,\n')
    return rows


def device_log(home: Path) -> Path:
    [log] = (home / "devices").glob("*.jsonl")
    return log


def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write the import's lines to the log as they come, not a MiB at a time, so that a short
    file shows what a big one does."""
    from legday.store import GroupWriter

    monkeypatch.setattr(GroupWriter, "FLUSH_BYTES", 1)


def test_a_big_import_is_written_as_the_file_is_read_and_seen_only_once_complete(
    legday_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from legday import transfer
    from legday.paths import locate
    from legday.store import Store

    seed(capsys)
    before = history(capsys)
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_HEADER + "".join(strong_rows(60)))
    small_blocks(monkeypatch)
    seen_before_the_end: list[tuple[int, int]] = []
    read_chunks = transfer.import_chunks

    def chunks_watched(path: Path) -> Iterator[bytes]:
        blocks = list(read_chunks(path))
        data = b"".join(blocks)
        half = len(data) // 2
        yield data[:half]
        yield data[half : half + 1]  # by now the first half's entries are in the log...
        added = device_log(legday_home).read_text().count('"op":"add"')
        visible = len(Store(locate()).load().entries)  # ... but counted by no one
        seen_before_the_end.append((added, visible))
        yield data[half + 1 :]

    monkeypatch.setattr(transfer, "import_chunks", chunks_watched)
    code, out, _ = legday(["import", str(export), "--unit", "kg"], capsys)
    assert code == 0 and "Added 180 entries (540 sets, 60 new leg days)" in out
    [(added, visible)] = seen_before_the_end
    assert added > len(before) + 60  # this device's own adds, and the import's first half
    assert visible == len(before)
    assert len(history(capsys)) == len(before) + 180


def test_an_import_failing_half_way_leaves_the_log_as_it_was_and_can_be_run_again(
    legday_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(capsys)
    before = history(capsys)
    log_bytes = device_log(legday_home).read_bytes()
    rows = strong_rows(40)
    export = tmp_path / "strong.csv"
    # A byte that is not UTF-8 near the end: found only after most entries were written.
    broken = "".join(rows[:-5]).encode() + b"\xff" + "".join(rows[-5:]).encode()
    export.write_bytes(STRONG_HEADER.encode() + broken)
    small_blocks(monkeypatch)
    code, _, err = legday(["import", str(export), "--unit", "kg"], capsys)
    assert code == 2 and "not UTF-8" in err
    assert device_log(legday_home).read_bytes() == log_bytes
    assert history(capsys) == before
    export.write_text(STRONG_HEADER + "".join(rows))
    code, out, err = legday(["import", str(export), "--unit", "kg"], capsys)
    assert code == 0 and "Added 120 entries" in out and "Warning" not in err
    assert len(history(capsys)) == len(before) + 120


def test_an_import_failing_half_way_into_a_new_home_leaves_no_log(
    legday_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = strong_rows(30)
    export = tmp_path / "strong.csv"
    big_field = '2020-03-01 18:00:00,"Legs",1h,"' + "x" * 200_000 + '",1,100,5,0,0,,,\n'
    export.write_text(STRONG_HEADER + "".join(rows) + big_field)
    small_blocks(monkeypatch)
    code, _, err = legday(["import", str(export), "--unit", "kg"], capsys)
    assert code == 2 and f"at line {len(rows) + 2}" in err
    assert list((legday_home / "devices").glob("*.jsonl")) == []


def test_a_file_whose_sessions_are_not_together_imports_like_the_sorted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every app writes a workout's rows together; a file sorted by hand (here by lift) is
    # read again from the start, holding every entry, and gives the same history.
    rows = strong_rows(20)
    by_lift = sorted(rows, key=lambda row: LIFTS.index(row.split('"')[3]))
    as_written, sorted_by_lift = tmp_path / "written.csv", tmp_path / "sorted.csv"
    as_written.write_text(STRONG_HEADER + "".join(rows))
    sorted_by_lift.write_text(STRONG_HEADER + "".join(by_lift))
    small_blocks(monkeypatch)
    outputs = []
    for export, home in ((as_written, tmp_path / "a"), (sorted_by_lift, tmp_path / "b")):
        code, out, err = legday(["import", str(export), "--unit", "kg"], capsys, home)
        assert code == 0 and err == ""
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert sorted(history(capsys, tmp_path / "a"), key=lambda e: str(e["id"])) == sorted(
        history(capsys, tmp_path / "b"), key=lambda e: str(e["id"])
    )
    # What the first reading appended was cut off: each entry is added once, in one group.
    log = device_log(tmp_path / "b").read_text()
    assert log.count('"op":"add"') == 60 and log.count('"op":"commit"') == 1
    undone = legday(["import", "--undo", "--yes"], capsys, tmp_path / "b")
    assert undone[0] == 0 and history(capsys, tmp_path / "b") == []


def test_an_unknown_format_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = legday(["import", str(FIXTURES / "strong_a.csv"), "--from", "csv"], capsys)
    assert (code, out) == (2, "")
    assert "unknown format 'csv'; use one of auto, strong, hevy, fitnotes, legday." in err
