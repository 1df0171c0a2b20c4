"""Input a careless or hostile file can carry, and what legday does with it: imported dates
follow `legday log`'s rules, names survive the CSV round trip exactly, control characters in
names, notes and reminders are shown and never obeyed, and a failing stdout after a write says
the write happened.

The files here are written by the tests themselves, from the layouts in FORMATS.md.
Today is Thursday 2026-11-19 (Berlin).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run

NOW = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def history(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, err = legday(capsys, "history", "--json")
    assert code == 0, err
    entries: list[dict[str, Any]] = json.loads(out)
    return entries


# ---------------------------------------------------------------- imported dates

# One good day (2026-11-18) and the days `legday log` refuses: tomorrow, far futures, and the
# days before 1900 (the first days of year 1 broke the week arithmetic after the write).
GOOD = "2026-11-18"
BAD_FUTURE = ["2026-11-20", "2148-03-01", "9999-12-31"]
BAD_PAST = ["0001-01-01", "0001-01-02", "1899-12-31"]


def _legday_json(days: list[str]) -> str:
    entries = [
        {
            "id": f"{index:032x}",
            "date": day,
            "exercise": "squat",
            "sets": [{"reps": 5, "weight": 100, "unit": "kg"}],
            "logged_at": f"{GOOD}T18:00:00+01:00",
            "note": None,
            "source": "log",
        }
        for index, day in enumerate(days, start=1)
    ]
    return json.dumps({"format": "legday", "version": 1, "entries": entries, "rest_weeks": []})


def _legday_csv(days: list[str]) -> str:
    header = "date,exercise,set,reps,seconds,weight,unit,bodyweight,warmup,amrap,rpe,note,id\r\n"
    rows = "".join(
        f"{day},squat,1,5,,100,kg,false,false,false,,,{index:032x}\r\n"
        for index, day in enumerate(days, start=1)
    )
    return header + rows


def _strong(days: list[str]) -> str:
    header = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE,Weight Unit\n"  # noqa: E501
    rows = "".join(f"{day} 18:00:00,Legs,1h,Squat (Barbell),1,100,5,,,,,,kg\n" for day in days)
    return header + rows


def _hevy(days: list[str]) -> str:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    header = (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n"
    )
    rows = []
    for day in days:
        year, month, dom = day.split("-")
        when = f"{int(dom)} {months[int(month) - 1]} {year}, 18:00"
        rows.append(f'Legs,"{when}","{when}",,Squat (Barbell),,,0,normal,100,5,,,\n')
    return header + "".join(rows)


def _fitnotes(days: list[str]) -> str:
    header = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
    rows = "".join(f"{day},Barbell Squat,Legs,100.0,kgs,5,,,,\n" for day in days)
    return header + rows


WRITERS = {
    "legday-json": (_legday_json, ".json"),
    "legday-csv": (_legday_csv, ".csv"),
    "strong": (_strong, ".csv"),
    "hevy": (_hevy, ".csv"),
    "fitnotes": (_fitnotes, ".csv"),
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_import_skips_the_dates_log_refuses_and_counts_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    write, suffix = WRITERS[fmt]
    days = [GOOD, *BAD_FUTURE, *BAD_PAST]
    path = tmp_path / f"export{suffix}"
    path.write_text(write(days), encoding="utf-8")

    code, out, err = legday(capsys, "import", str(path), "--json")

    assert code == 0, err
    summary = json.loads(out)
    assert summary["entries_added"] == 1
    assert summary["skipped_reasons"] == {
        "date before 1900-01-01": len(BAD_PAST),
        "date in the future": len(BAD_FUTURE),
    }
    assert [entry["date"] for entry in history(capsys)] == [GOOD]
    # the views a future or year-1 entry broke
    for argv in (["streak", "--json"], ["stats", "--json"], []):
        assert legday(capsys, *argv)[0] == 0, argv
    assert "(-" not in legday(capsys)[1]  # no "(-1 days ago)" on the dashboard


def test_the_human_summary_names_the_date_reasons(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    path.write_text(_legday_json([GOOD, "2026-11-20"]), encoding="utf-8")

    code, out, _ = legday(capsys, "import", str(path))

    assert code == 0
    assert "Skipped 1 row: 1 date in the future." in out


def test_today_is_the_import_day_not_the_calendar_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # At 01:30 with day_starts_at 04:00 it is still the 18th for legday: the 19th is tomorrow.
    assert legday(capsys, "config", "set", "day_starts_at", "04:00")[0] == 0
    path = tmp_path / "export.json"
    path.write_text(_legday_json(["2026-11-18", "2026-11-19"]), encoding="utf-8")
    capsys.readouterr()
    with time_machine.travel(datetime(2026, 11, 19, 1, 30, tzinfo=NOW.tzinfo), tick=False):
        code = run(["import", str(path), "--json"])
    summary = json.loads(capsys.readouterr().out)

    assert code == 0
    assert summary["entries_added"] == 1
    assert summary["skipped_reasons"] == {"date in the future": 1}


# ---------------------------------------------------------------- names through a CSV round trip


@pytest.mark.parametrize("name", ["  squat", "\tlunge", " 'quoted' "])
def test_the_csv_round_trip_keeps_an_exercise_name_exactly(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    # A name with spaces around it can only come in through an import (log tidies names);
    # JSON keeps it as it is, and so must the CSV export read back.
    source = tmp_path / "in.json"
    document = json.loads(_legday_json([GOOD]))
    document["entries"][0]["exercise"] = name
    source.write_text(json.dumps(document), encoding="utf-8")
    assert legday(capsys, "import", str(source))[0] == 0
    before = history(capsys)
    assert before[0]["exercise"] == name
    exported = tmp_path / "out.csv"
    assert legday(capsys, "export", "--format", "csv", "--output", str(exported))[0] == 0

    monkeypatch.setenv("LEGDAY_HOME", str(tmp_path / "fresh-home"))
    code, _, err = legday(capsys, "import", str(exported))

    assert code == 0, err
    after = history(capsys)
    assert [entry["exercise"] for entry in after] == [name]
    assert [entry["id"] for entry in after] == [entry["id"] for entry in before]


# ---------------------------------------------------------------- control characters

# What a hostile export can hide in a name or a note: clear screen, a window title (OSC 0),
# a hyperlink (OSC 8), a C1 CSI, a bell, a backspace over the real text, a carriage return.
HOSTILE_NAME = "squat\x1b]0;pwned\x07\x1b[2J"
HOSTILE_NOTE = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \x9b31m\x08\x08\rok"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x08", "\r")


def _import_hostile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = json.loads(_legday_json([GOOD, "2026-11-17"]))
    for entry in document["entries"]:
        entry["exercise"] = HOSTILE_NAME
        entry["note"] = HOSTILE_NOTE
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert legday(capsys, "import", str(path))[0] == 0


def _assert_inert(out: str) -> None:
    leaked = [char for char in RAW_CONTROLS if char in out]
    assert leaked == [], repr(out)


@pytest.mark.parametrize(
    "argv",
    [
        ["history"],
        ["prs"],
        ["prs", HOSTILE_NAME],
        ["exercises"],
        [],
        ["undo"],
        ["log", "squat", "3x5"],
    ],
    ids=lambda argv: " ".join(argv)[:12] or "dashboard",
)
def test_control_characters_in_user_data_are_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    _import_hostile(capsys, tmp_path)

    code, out, err = legday(capsys, *argv)

    assert code == 0, err
    _assert_inert(out + err)
    if argv[:1] in (["history"], ["undo"], []):
        assert "squat\\x1b]0;pwned\\x07" in out  # shown, escaped, so the user can see it


@pytest.mark.parametrize(
    "argv",
    [
        ["log", HOSTILE_NAME],
        ["log", HOSTILE_NAME, "x5"],
        ["log", "squat", "5x5", HOSTILE_NAME],
        ["log", "squat", "5x5", HOSTILE_NAME, "3x"],
        ["last", HOSTILE_NAME],
        ["again", HOSTILE_NAME],
        ["import", HOSTILE_NAME],
        ["status", "--format", "{" + HOSTILE_NAME + "}"],
    ],
    ids=[
        "log-no-sets",
        "log-x5",
        "log-line-no-sets",
        "log-line-bad-spec",
        "last",
        "again",
        "import",
        "status-format",
    ],
)
def test_a_refusal_that_quotes_typed_words_is_inert(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = legday(capsys, *argv)

    assert code == 2
    assert out == ""
    assert err.startswith("Error: ") and len(err.splitlines()) == 1
    _assert_inert(err)
    assert "\\x1b" in err  # the typed name is shown, escaped


def test_delete_output_is_inert_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _import_hostile(capsys, tmp_path)
    entry_id = history(capsys)[0]["id"]
    code, out, _ = legday(capsys, "delete", entry_id)
    assert code == 0
    _assert_inert(out)
    assert "Removed squat\\x1b" in out


def test_rename_output_is_inert_and_escaped_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import_hostile(capsys, tmp_path)
    code, out, err = legday(capsys, "rename", HOSTILE_NAME, "front squat")
    assert code == 0, err
    _assert_inert(out)
    assert "from 'squat\\x1b]0;pwned\\x07\\x1b[2J' to 'front squat'" in out


def test_a_conflict_copy_named_with_control_characters_is_mentioned_inertly(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    assert legday(capsys, "log", "squat", "5x5@100kg")[0] == 0
    devices = legday_home / "devices"
    [own] = devices.glob("*.jsonl")
    (devices / "testbox.sync-conflict-\x1b[2J\x1b]0;pwned\x07.jsonl").write_bytes(own.read_bytes())

    # The full fold (history), then remind from its cache of the same files (cron_door).
    for argv in (["history"], ["remind", "--always"], ["remind", "--always"]):
        code, out, err = legday(capsys, *argv)
        assert code == 0, err
        _assert_inert(out + err)
        assert "sync-conflict-\\x1b[2J" in err


def test_skip_reason_is_inert(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = legday(capsys, "skip", "--reason", "beach\x1b[2J")
    assert code == 0
    _assert_inert(out)


def test_json_keeps_user_data_exactly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _import_hostile(capsys, tmp_path)
    entries = history(capsys)
    assert {(e["exercise"], e["note"]) for e in entries} == {(HOSTILE_NAME, HOSTILE_NOTE)}
    code, out, _ = legday(capsys, "prs", "--json")
    assert code == 0
    assert json.loads(out)[0]["exercise"] == HOSTILE_NAME


def test_a_custom_reminder_from_config_is_inert(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    from legday.render.remind import CUSTOM_SOURCE, reminder_for

    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "config.toml").write_text(
        'reminders = ["Legs \\u001b]0;pwned\\u0007first\\u001b[2J."]\n', encoding="utf-8"
    )
    custom = ["Legs \x1b]0;pwned\x07first\x1b[2J."]
    day = next(
        NOW.replace(day=number)
        for number in range(1, 29)
        if reminder_for(NOW.replace(day=number).date(), custom).source == CUSTOM_SOURCE
    )
    capsys.readouterr()
    with time_machine.travel(day, tick=False):
        assert run(["remind", "--always"]) == 0
    out = capsys.readouterr().out

    _assert_inert(out)
    assert "Legs \\x1b]0;pwned\\x07first" in out


def test_safe_text_escapes_controls_and_keeps_every_printable_character() -> None:
    from legday.safe_text import safe_text

    assert safe_text("Kniebeuge 🏋️‍♀️ très lourd") == "Kniebeuge 🏋️‍♀️ très lourd"  # ZWJ kept
    assert safe_text("a\x1b[2Jb\x07\x9b\x7f") == "a\\x1b[2Jb\\x07\\x9b\\x7f"
    assert safe_text("two\nlines\tand\rtab") == "two lines and tab"


# ---------------------------------------------------------------- stdout fails after a write

ENTRY_POINT = Path(sys.executable).parent / "legday"
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


def _into_dev_full(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w", encoding="utf-8") as full:
        return subprocess.run(
            [str(ENTRY_POINT), *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "LEGDAY_HOME": str(home)},
        )


def _stored(home: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [str(ENTRY_POINT), "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "LEGDAY_HOME": str(home)},
    )
    entries: list[dict[str, Any]] = json.loads(done.stdout)
    return entries


@needs_dev_full
@pytest.mark.parametrize(
    "argv",
    [
        ["log", "squat", "5x5", "--date", GOOD],  # the Typer-free path
        ["log", "squat", "5x5", "--date", GOOD, "--json"],
    ],
    ids=" ".join,
)
def test_a_log_whose_report_cannot_be_printed_says_it_was_stored(
    legday_home: Path, argv: list[str]
) -> None:
    done = _into_dev_full(legday_home, *argv)

    assert done.returncode == 1
    assert "unexpected failure" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2, done.stderr
    assert lines[0].startswith("Done: logged squat 5×5 on 2026-11-18 [")
    assert "no need to run the command again" in lines[0]
    assert lines[1] == "Error: could not write the output to stdout (No space left on device)."
    stored = _stored(legday_home)
    assert len(stored) == 1
    assert stored[0]["id"][:8] in lines[0]


@needs_dev_full
@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["undo"], "Done: removed squat 5×5 on 2026-11-18 ["),
        # A planned week: the week of GOOD met its goal, and such a week is not a rest week.
        (["skip", "next", "week"], "Done: marked the week of "),
        (["config", "set", "goal", "2"], "Done: set goal = 2"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_other_writes_whose_report_fails_say_what_was_done(
    legday_home: Path, argv: list[str], said: str
) -> None:
    assert _into_dev_full(legday_home, "log", "squat", "5x5", "--date", GOOD).returncode == 1

    done = _into_dev_full(legday_home, *argv)

    assert done.returncode == 1
    assert done.stderr.startswith(said), done.stderr
    assert "unexpected failure" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("Error: could not write the output")


@needs_dev_full
@pytest.mark.parametrize("argv", [["history"], ["streak", "--json"]])
def test_a_read_whose_output_fails_is_an_output_error_and_claims_no_write(
    legday_home: Path, argv: list[str]
) -> None:
    assert _into_dev_full(legday_home, "log", "squat", "5x5", "--date", GOOD).returncode == 1

    done = _into_dev_full(legday_home, *argv)

    assert done.returncode == 1
    assert done.stderr == "Error: could not write the output to stdout (No space left on device).\n"


def _with_stdout_closed(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`legday ARGV >&-` in a real shell: started with no stdout at all (Python sets it None)."""
    return subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "bash", str(ENTRY_POINT), *argv],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "LEGDAY_HOME": str(home)},
    )


BAD_DESCRIPTOR = "Error: could not write the output to stdout (Bad file descriptor).\n"


@pytest.mark.parametrize(
    "argv",
    [["streak"], ["history", "--json"], ["prs"], ["remind", "--always"], ["path"], ["--version"]],
    ids=" ".join,
)
def test_a_command_started_with_stdout_closed_is_an_output_error(
    legday_home: Path, argv: list[str]
) -> None:
    done = _with_stdout_closed(legday_home, *argv)

    assert (done.returncode, done.stderr) == (1, BAD_DESCRIPTOR)


def test_a_log_started_with_stdout_closed_is_stored_and_says_so(legday_home: Path) -> None:
    done = _with_stdout_closed(legday_home, "log", "squat", "5x5", "--date", GOOD)

    assert done.returncode == 1
    said, error = done.stderr.splitlines(keepends=True)
    assert said.startswith("Done: logged squat 5×5 on 2026-11-18 [")
    assert error == BAD_DESCRIPTOR
    assert [entry["date"] for entry in _stored(legday_home)] == [GOOD]
