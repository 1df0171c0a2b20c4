"""`legday import` / `legday export` through the CLI: round trips, merges, refusals."""

from __future__ import annotations

import json
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
