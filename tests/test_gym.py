"""The gym side as a lifter meets it: `last` (and `log EX` with no sets), a whole leg day in one
`log` line (all or nothing), `again`, `show`, history pages and the pager, the reward lines of a
back-dated or coloured `log`, `prs --weeks`, and `config set increment`.

The clock is frozen on Thursday 2026-11-19 18:00 in Berlin (the week runs Mon 11-16 to Sun 11-22).
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run
from legday.render.strength_views import bar_length
from store_layout import device_log

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
ENTRY_POINT = Path(sys.executable).parent / "legday"
LAST_KEYS = {"exercise", "sessions", "suggestion", "unit"}
SHOW_KEYS = {"date", "entries", "working_sets", "volume_kg", "prs"}


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    result = legday(capsys, *argv)
    assert result.code == 0, result.err
    return result


def stored(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = ok(capsys, "history", "--json").json()
    return entries


def seed_squats(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-10")
    ok(capsys, "log", "squat", "5x5@102.5kg", "--date", "-3", "--note", "easy")


# ---------------------------------------------------------------------------- last


def test_last_shows_the_last_two_sessions_and_adds_the_increment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_squats(capsys)
    out = ok(capsys, "last", "squat").out
    assert "2026-11-16  5x5@102.5kg  e1RM 119.6 kg  (3 days ago)" in out
    assert "2026-11-09  5x5@100kg  e1RM 116.7 kg  (10 days ago)" in out
    assert "Today: 5x5@105kg" in out
    assert "note: easy" in out


def test_log_with_a_name_and_no_sets_shows_the_same_as_last(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_squats(capsys)
    assert ok(capsys, "log", "squat").out == ok(capsys, "last", "squat").out
    assert (
        ok(capsys, "log", "squat", "--json").json() == ok(capsys, "last", "squat", "--json").json()
    )
    assert len(stored(capsys)) == 2
    # With --date or --note the user meant to log: the missing sets are an error, as before.
    dated = legday(capsys, "log", "squat", "--date", "-1")
    assert dated.code == 2 and "no sets given for 'squat'" in dated.err
    # So is a blank word where the sets go (`log squat ''`, a variable that came out empty).
    blank = legday(capsys, "log", "squat", "")
    assert blank.code == 2 and "no sets given for 'squat'" in blank.err


def test_last_json_is_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    seed_squats(capsys)
    ok(capsys, "config", "set", "increment", "5")
    document = ok(capsys, "last", "squat", "--json").json()
    assert set(document) == LAST_KEYS
    assert [s["date"] for s in document["sessions"]] == ["2026-11-16", "2026-11-09"]
    assert document["sessions"][0]["e1rm"] == 119.6
    assert document["sessions"][0]["days_ago"] == 3
    suggestion = document["suggestion"]
    assert set(suggestion) == {"sets", "spec", "reason", "change"}
    assert (suggestion["spec"], suggestion["reason"], suggestion["change"]) == (
        "5x5@107.5kg",
        "all_sets_hit",
        5.0,
    )
    assert suggestion["sets"][0]["weight"] == 107.5


def test_last_after_two_misses_suggests_a_deload(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5,5,5,4,4@100kg", "--date", "-7")
    ok(capsys, "log", "squat", "5,5,4,4,3@100kg", "--date", "-3")
    out = ok(capsys, "last", "squat").out
    assert "Today: 5x5@90kg" in out
    assert "deload 10 %" in out


def test_two_misses_without_a_load_say_repeat_not_deload(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Sets without a load are repeated (README): the reason must not promise 10 % lighter.
    ok(capsys, "log", "lunge", "10,10,9@bw", "--date", "-7")
    ok(capsys, "log", "lunge", "10,9,9@bw", "--date", "-3")
    out = ok(capsys, "last", "lunge").out
    assert "Today: 3x10@bw" in out
    assert "two sessions in a row fell short: repeat them" in out
    assert "deload" not in out


def import_named(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    """Two sessions of `name` as another app spelled it, through a legday JSON import (which
    keeps names exactly as they are in the file)."""
    entries = [
        {
            "id": f"{index:032x}",
            "date": day,
            "exercise": name,
            "sets": [{"reps": 8, "weight": 100, "unit": "kg"}] * 3,
            "logged_at": f"{day}T18:00:00+01:00",
            "note": None,
            "source": "import",
        }
        for index, day in enumerate(["2026-11-12", "2026-11-16"], start=1)
    ]
    path = tmp_path / "odd.json"
    document = {"format": "legday", "version": 1, "entries": entries, "rest_weeks": []}
    path.write_text(json.dumps(document), encoding="utf-8")
    ok(capsys, "import", str(path))


@pytest.mark.parametrize("name", ["Leg Press OLD", "Squat RPE6", "squat 2", "o'neil squat"])
def test_the_suggested_log_line_runs_and_adds_to_the_same_exercise(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    import shlex

    import_named(capsys, tmp_path, name)
    [line] = [x for x in ok(capsys, "last", *name.split()).out.splitlines() if "log it:" in x]
    command = shlex.split(line.split("log it: ", 1)[1])
    assert command[:2] == ["legday", "log"]

    result = legday(capsys, *command[1:])

    assert result.code == 0, result.err
    assert "new exercise" not in result.out
    assert [e["exercise"] for e in stored(capsys)] == [name] * 3


def test_log_takes_an_imported_name_as_it_is_spelled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import_named(capsys, tmp_path, "Leg Press OLD")
    for typed in (["Leg Press OLD"], ["Leg", "Press", "OLD"], ["leg", "press", "old"]):
        result = legday(capsys, "log", *typed, "3x8@100kg")
        assert result.code == 0, result.err
        assert "new exercise" not in result.out
    assert {e["exercise"] for e in stored(capsys)} == {"Leg Press OLD"}


def test_an_imported_name_typed_in_another_case_is_found_everywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `log leg press old` adds to 'Leg Press OLD'; the views find it by the same words.
    import_named(capsys, tmp_path, "Leg Press OLD")
    assert ok(capsys, "last", "leg", "press", "old").out.startswith("Leg Press OLD: last")
    assert ok(capsys, "prs", "leg", "press", "old").out.startswith("Leg Press OLD (kg")
    listed = ok(capsys, "history", "--exercise", "leg press old", "--json").json()
    assert len(listed) == 2
    again = ok(capsys, "again", "leg", "press", "old", "--json").json()
    assert again["exercise"] == "Leg Press OLD"


def test_last_of_an_exercise_never_logged_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "last", "squat")
    assert result.code == 2
    assert result.err.startswith("Error: no 'squat' logged yet")
    assert legday(capsys, "log", "squat").err.startswith("Error: no sets given for 'squat'")


def test_increment_is_validated(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "config", "set", "increment", "0")
    assert result.code == 2 and "increment is a load step" in result.err
    assert ok(capsys, "config", "get", "increment").out.strip() == "2.5"
    ok(capsys, "config", "set", "unit", "lb")
    assert ok(capsys, "config", "get", "increment").out.strip() == "5"


# ---------------------------------------------------------------------------- one line, many


def test_a_whole_leg_day_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    result = ok(
        capsys,
        "log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "calf", "raise", "3x15",
        "--date", "-1", "--note", "all good", "--json",
    )  # fmt: skip
    printed = result.json()
    assert [e["exercise"] for e in printed] == [
        "squat",
        "romanian deadlift",
        "standing calf raise",
    ]
    assert {(e["date"], e["note"]) for e in printed} == {("2026-11-18", "all good")}
    assert sorted(e["id"] for e in stored(capsys)) == sorted(e["id"] for e in printed)


def test_one_exercise_still_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert isinstance(ok(capsys, "log", "squat", "5x5@100kg", "--json").json(), dict)


def test_a_bad_token_mid_line_refuses_the_whole_line(capsys: pytest.CaptureFixture[str]) -> None:
    before = device_log_text()
    result = legday(
        capsys, "log", "squat", "5x5@100kg", "rdl", "3x8@60kgg", "calf", "raise", "3x15"
    )
    assert result.code == 2
    assert "rdl" in result.err and "'3x8@60kgg'" in result.err
    assert "nothing from this line was stored" in result.err
    assert result.out == ""
    assert stored(capsys) == []
    assert device_log_text() == before


def test_a_refused_name_mid_line_stores_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-2")
    result = legday(capsys, "log", "lunge", "3x10", "sqaut", "5x5", "rdl", "3x8")
    assert result.code == 2 and "did you mean 'squat'" in result.err
    assert [e["exercise"] for e in stored(capsys)] == ["squat"]


def test_a_name_without_sets_at_the_end_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "squat", "5x5@100kg", "rdl")
    assert result.code == 2 and "no sets given for 'rdl'" in result.err
    assert stored(capsys) == []


def test_a_number_before_a_name_starts_the_next_exercise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    printed = ok(
        capsys, "log", "squat", "3x5@100kg", "45", "degree", "leg", "press", "3x10@150kg",
        "--new", "--json",
    ).json()  # fmt: skip
    # The catalogue knows the 45-degree press as the leg press.
    assert [(e["exercise"], len(e["sets"])) for e in printed] == [("squat", 3), ("leg press", 3)]


def test_one_undo_takes_the_whole_line_back(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-2")
    ok(capsys, "log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "calf", "raise", "3x15")
    undone = ok(capsys, "undo").out
    assert "Undid the log." in undone and undone.count("Removed") == 3
    assert [e["date"] for e in stored(capsys)] == ["2026-11-17"]


def test_records_of_a_line_name_their_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "--date", "-7")
    out = ok(capsys, "log", "squat", "5x5@110kg", "rdl", "3x8@60kg").out
    assert "squat: New heaviest PR: 110 kg, up from 100" in out
    assert "romanian deadlift: New" not in out


def device_log_text() -> str:
    path = device_log(Path(os.environ["LEGDAY_HOME"]))
    return path.read_text(encoding="utf-8") if path.exists() else ""


KILL_DRIVER = """
import os, sys
from legday import files
real = files.write_all
def torn(fd, data):
    real(fd, data[: len(data) // 2])  # part of the batch reaches the disk, then the power goes
    os.fsync(fd)
    os._exit(9)
files.write_all = torn
sys.argv = ["legday", *sys.argv[1:]]
from legday.__main__ import main
main()
"""


@pytest.mark.slow
def test_a_kill_mid_write_of_a_line_leaves_none_of_it(tmp_path: Path) -> None:
    env = {**os.environ, "LEGDAY_HOME": str(tmp_path / "home")}
    line = ["log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "calf", "raise", "3x15"]
    first = subprocess.run([str(ENTRY_POINT), *line, "--date", "-1"], env=env, check=False)
    assert first.returncode == 0
    killed = subprocess.run(
        [sys.executable, "-c", KILL_DRIVER, *line], env=env, capture_output=True, check=False
    )
    assert killed.returncode == 9
    listed = subprocess.run(
        [str(ENTRY_POINT), "history", "--json"], env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 3  # only the first, whole line
    again = subprocess.run(
        [str(ENTRY_POINT), *line, "--json"], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    listed = subprocess.run(
        [str(ENTRY_POINT), "history", "--json"], env=env, capture_output=True, text=True
    )
    assert len(json.loads(listed.stdout)) == 6


def test_the_real_entry_point_logs_a_line(tmp_path: Path) -> None:
    env = {**os.environ, "LEGDAY_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [str(ENTRY_POINT), "log", "squat", "5x5@100kg", "rdl", "3x8@60kg"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged squat 5×5 @ 100 kg")
    assert "\x1b" not in done.stdout
    assert "Logged romanian deadlift 3×8 @ 60 kg (new exercise)" in done.stdout


# ---------------------------------------------------------------------------- again


def test_again_repeats_the_whole_last_leg_day(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "--date", "-4", "--note", "x")
    ok(capsys, "log", "lunge", "3x10@20kg", "--date", "-9")
    out = ok(capsys, "again").out
    assert "Logged squat 5×5 @ 100 kg  [" in out
    assert "Logged romanian deadlift 3×8 @ 60 kg  [" in out
    today = [e for e in stored(capsys) if e["date"] == "2026-11-19"]
    assert sorted(e["exercise"] for e in today) == ["romanian deadlift", "squat"]
    assert {e["note"] for e in today} == {None}


def test_again_one_exercise_with_a_load_bump(capsys: pytest.CaptureFixture[str]) -> None:
    seed_squats(capsys)
    printed = ok(capsys, "again", "squat", "+2.5", "--json").json()
    assert printed["date"] == "2026-11-19"
    assert {s["weight"] for s in printed["sets"]} == {105.0}
    printed = ok(capsys, "again", "squat", "-5", "--date", "-1", "--json").json()
    assert {s["weight"] for s in printed["sets"]} == {97.5}


def test_again_refusals_store_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "again").code == 2
    ok(capsys, "log", "lunge", "3x12@bw", "--date", "-2")
    bump = legday(capsys, "again", "+2.5")
    assert bump.code == 2 and "name the exercise" in bump.err
    no_load = legday(capsys, "again", "lunge", "+2.5")
    assert no_load.code == 2 and "no load to change" in no_load.err
    never = legday(capsys, "again", "squat")
    assert never.code == 2 and "no 'squat' logged yet" in never.err
    assert len(stored(capsys)) == 1


# ---------------------------------------------------------------------------- show


def test_show_is_the_last_leg_day_as_a_card(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-7")
    ok(capsys, "log", "squat", "5x5@110kg", "rdl", "3x8@60kg", "--date", "-1", "--note", "good")
    out = ok(capsys, "show").out
    assert out.splitlines()[0] == "Leg day 2026-11-18 (Wednesday)"
    assert "squat  5×5 @ 110 kg" in out and "romanian deadlift  3×8 @ 60 kg" in out
    assert "note: good" in out
    assert "8 working sets, volume 4,190 kg" in out
    assert "squat heaviest PR: 110 kg, up from 100" in out


def test_show_json_is_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-7")
    ok(capsys, "log", "squat", "5x5@110kg", "--date", "-1")
    document = ok(capsys, "show", "-7", "--json").json()
    assert set(document) == SHOW_KEYS
    assert (document["date"], document["working_sets"], document["volume_kg"]) == (
        "2026-11-12",
        5,
        2500.0,
    )
    assert document["prs"] == []  # a first day is a start, not a PR
    later = ok(capsys, "show", "--json").json()
    assert {p["kind"] for p in later["prs"]} == {"heaviest", "e1rm", "session volume"}
    assert set(later["prs"][0]) == {"exercise", "kind", "value", "previous", "unit"}


def test_show_with_nothing_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert "No leg days yet" in ok(capsys, "show").out
    ok(capsys, "log", "squat", "5x5", "--date", "-2")
    assert ok(capsys, "show", "yesterday").out.startswith(
        "Nothing logged on 2026-11-18. The last leg day was 2026-11-17"
    )
    assert legday(capsys, "show", "2030-01-01").code == 2


# ---------------------------------------------------------------------------- history


def log_days(capsys: pytest.CaptureFixture[str], days: int) -> None:
    for back in range(1, days + 1):
        ok(capsys, "log", "squat", "1x5@100kg", "--date", f"-{back}")


def test_history_shows_20_and_a_footer(capsys: pytest.CaptureFixture[str]) -> None:
    log_days(capsys, 23)
    out = ok(capsys, "history").out.splitlines()
    assert len(out) == 1 + 20 + 1
    assert out[-1] == "… 3 more entries (23 in all): legday history --all, or --limit N"
    assert len(ok(capsys, "history", "--all").out.splitlines()) == 24
    assert len(stored(capsys)) == 23  # JSON is for scripts: every match
    assert len(ok(capsys, "history", "--json", "--limit", "2").json()) == 2
    both = legday(capsys, "history", "--all", "--limit", "3")
    assert both.code == 2 and "choose one" in both.err


@pytest.mark.parametrize(("typed", "by_day"), [("0", False), ("0", True), ("-1", False)])
def test_history_refuses_a_limit_below_1_naming_the_number_typed(
    capsys: pytest.CaptureFixture[str], typed: str, by_day: bool
) -> None:
    log_days(capsys, 3)
    argv = ["history", "--limit", typed, *(["--by-day"] if by_day else [])]
    result = legday(capsys, *argv)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"Error: --limit must be 1 or more, not {typed}.\n"


def test_history_by_day_groups_under_dates(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "--date", "-1")
    ok(capsys, "log", "lunge", "3x10", "--date", "-3")
    out = ok(capsys, "history", "--by-day").out.splitlines()
    assert out[0] == "2026-11-18 (Wednesday)"
    assert out[1].startswith("  squat  5×5 @ 100 kg  [")
    assert out[2].startswith("  romanian deadlift  3×8 @ 60 kg  [")
    assert out[3] == ""
    assert out[4] == "2026-11-16 (Monday)"


PTY_DRIVER = """
import os, sys
sys.argv = ["legday", *sys.argv[1:]]
from legday.__main__ import main
main()
"""


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run `legday ARGS` with a pseudo-terminal as stdout (and stdin): what it printed there."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", PTY_DRIVER, *args],
        stdin=terminal,
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


def test_long_history_on_a_terminal_goes_through_the_pager(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_days(capsys, 30)
    paged = tmp_path / "paged.txt"
    env = {
        **os.environ,
        "PAGER": f"cat > {paged}",
        "LINES": "10",
        "COLUMNS": "80",
        "TERM": "dumb",
    }
    run_on_a_terminal(["history", "--all"], env)
    assert paged.read_text(encoding="utf-8").count("squat") == 30
    paged.unlink()
    run_on_a_terminal(["history", "--limit", "3"], env)  # it fits the screen: no pager
    assert not paged.exists()
    piped = subprocess.run(
        [str(ENTRY_POINT), "history", "--all"], env=env, capture_output=True, text=True
    )
    assert piped.stdout.count("squat") == 30 and not paged.exists()


# ---------------------------------------------------------------------------- reward


def test_a_back_dated_log_says_what_it_did_to_that_week_and_the_streak(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "log", "squat", "5x5", "--date", "2026-11-02")
    ok(capsys, "log", "squat", "5x5", "--date", "2026-11-17")
    out = ok(capsys, "log", "squat", "5x5", "--date", "2026-11-10").out
    assert "Fills the week of 2026-11-09: streak 1 → 3 weeks." in out
    again = ok(capsys, "log", "rdl", "3x8", "--date", "2026-11-11").out
    assert "Adds to the week of 2026-11-09 (goal already met, 2 leg days): streak 3 weeks." in again


def test_a_back_dated_log_that_leaves_the_streak_as_it_was_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "log", "squat", "5x5", "--date", "2026-11-17")
    # A met week far behind a missed one: the week is filled, the streak does not move.
    out = ok(capsys, "log", "squat", "5x5", "--date", "2026-10-20").out
    assert "Fills the week of 2026-10-19: streak stays 1 week." in out
    assert "→" not in out


def test_log_on_a_colour_terminal_has_the_same_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-7")
    plain = ok(capsys, "log", "squat", "5x5@110kg", "--date", "-1").out
    ok(capsys, "undo")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = ok(capsys, "log", "squat", "5x5@110kg", "--date", "-1").out
    assert "\x1b[" in coloured
    mask = re.compile(r"\[[0-9a-f]{8}\]")
    words = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert mask.sub("[ID]", words) == mask.sub("[ID]", plain)
    assert "\x1b[1;33mNew heaviest PR" in coloured


def test_prs_weeks_shows_the_weekly_top_set_and_e1rm(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "3x5@112kg", "--date", "2026-11-03")
    ok(capsys, "log", "squat", "3x5@126kg", "--date", "2026-11-17")
    out = ok(capsys, "prs", "squat", "--weeks", "3").out.splitlines()
    assert out[1].startswith("2026-11-02 112×5 130.7 ")
    assert out[2].startswith("2026-11-09 —")
    assert out[3].startswith("2026-11-16 126×5   147 ")
    document = ok(capsys, "prs", "squat", "--weeks", "3", "--json").json()
    assert set(document) == {"exercise", "unit", "formula", "weeks"}
    assert document["weeks"][1] == {
        "start": "2026-11-09",
        "top_weight": None,
        "top_reps": None,
        "best_e1rm": None,
        "sessions": 0,
    }
    assert legday(capsys, "prs", "--weeks", "3").code == 2
    assert legday(capsys, "prs", "squat", "--weeks", "0").code == 2


def test_chart_bars_start_at_the_range_floor_not_zero() -> None:
    low, high = bar_length(112, 112, 126, 40), bar_length(126, 112, 126, 40)
    assert high == 40
    assert low <= 20  # a 112 → 126 kg climb is at least half the bar, not 89 % of it


# ---------------------------------------------------------------------------- edges


def test_a_line_that_starts_with_sets_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "5x5", "squat", "3x3")
    assert result.code == 2 and "name the exercise before the sets" in result.err
    assert legday(capsys, "log", " ").code == 2
    assert stored(capsys) == []


def test_last_needs_a_name_and_yesterday_reads_as_yesterday(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "name the exercise" in legday(capsys, "last", " ").err
    ok(capsys, "log", "wall", "sit", "3x60s", "--date", "-1")
    out = ok(capsys, "last", "wall", "sit").out
    assert "3x60s  (yesterday)" in out and "Today: 3x65s" in out
    ok(capsys, "log", "wall", "sit", "2x60s")
    assert "(today)" in ok(capsys, "last", "wall", "sit").out


def test_a_back_dated_log_into_a_rest_week_or_a_week_short_of_its_goal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "config", "set", "goal", "2")
    ok(capsys, "skip", "2026-11-10")  # last week: still within the 7 days a rest mark allows
    out = ok(capsys, "log", "squat", "5x5", "--date", "2026-11-10").out
    assert "Added to the week of 2026-11-09 (a rest week): streak 0 weeks." in out
    out = ok(capsys, "log", "squat", "5x5", "--date", "2026-11-03").out
    assert "Adds to the week of 2026-11-02: 1 of 2 leg days, not yet met; streak 0 weeks." in out


def test_again_refuses_a_bump_past_the_load_limits(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "log", "squat", "5x5@100kg", "--date", "-2")
    too_light = legday(capsys, "again", "squat", "-150")
    assert too_light.code == 2 and "loads are 0 to 1000 kg" in too_light.err
    assert legday(capsys, "again", "squat", "--date", "-3").code == 2  # nothing before it
    assert len(stored(capsys)) == 1
    printed = ok(capsys, "again", "squat", "+10lb", "--json").json()
    assert round(printed["sets"][0]["weight"], 2) == 104.54


def test_prs_weeks_of_an_exercise_without_loads_or_never_logged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "log", "wall", "sit", "3x60s", "--date", "-1")
    assert "No loaded sets of wall sit" in ok(capsys, "prs", "wall sit", "--weeks", "4").out
    assert legday(capsys, "prs", "squat", "--weeks", "4").code == 2


class FakeTerminal:
    """A stdout that says it is a terminal, collecting what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise ValueError("no descriptor")

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_the_pager_takes_colour_and_a_missing_pager_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legday.render import pager

    lines = [[(f"row {n}", "bold")] for n in range(30)]
    monkeypatch.setattr(sys, "stdout", FakeTerminal())
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {paged}")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert pager.page(lines)
    assert "\x1b[1mrow 29" in paged.read_text(encoding="utf-8")
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    assert not pager.page(lines)
    monkeypatch.delenv("LINES", raising=False)
    assert not pager.page(lines[:3])  # fits the 24 lines legday assumes without a size
