"""The messages and help a newcomer meets: each says what was wrong and what to type instead,
in plain English, and every command's --help shows how it is used.

Today is Thursday 2026-11-19 (Berlin); the home starts empty.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
import typer.main
from typer._click.core import Command

from legday import quick
from legday.cli import app
from legday.cli import run as typer_run

NOW = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
ENTRY_POINT = Path(sys.executable).parent / "legday"


def legday(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    runner: Callable[[list[str]], int | None] = typer_run,
) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = runner(list(argv))
    captured = capsys.readouterr()
    assert code is not None, f"the Typer-free path handed {argv} over"
    return code, captured.out, captured.err


# Both doors of the hot commands: the Typer-free parser (legday.quick) and the Typer app.
DOORS = {"quick": quick.try_run, "typer": typer_run}


@pytest.fixture(params=sorted(DOORS))
def door(request: pytest.FixtureRequest) -> Callable[[list[str]], int | None]:
    return DOORS[request.param]


# ---------------------------------------------------------------- history, prs, log


def test_history_with_no_match_says_nothing_matches(
    capsys: pytest.CaptureFixture[str], door: Callable[[list[str]], int | None]
) -> None:
    assert legday(capsys, "log", "squat", "5x5")[0] == 0

    code, out, _ = legday(capsys, "history", "--exercise", "bench", runner=door)

    assert code == 0
    assert out.strip() == "No entries match --exercise bench. `legday history` lists them all."
    out = legday(capsys, "history", "--exercise", "lunge", "--since", "mon", runner=door)[1]
    assert out.startswith("No entries match --exercise lunge --since mon.")


def test_history_of_an_empty_store_still_says_how_to_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert legday(capsys, "history")[1].startswith("No entries yet. Log one: legday log")


def test_prs_with_an_empty_name_names_its_own_argument(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = legday(capsys, "prs", "")
    assert (code, out) == (2, "")
    assert err.startswith("Error: EXERCISE is empty")
    assert "legday prs squat" in err
    assert "--exercise" not in err


def test_did_you_mean_ends_its_sentence_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = legday(capsys, "lgo")
    assert code == 2
    assert err.strip() == "Error: No such command 'lgo'. Did you mean 'log'? See `legday --help`."


def test_log_with_nothing_says_what_to_type(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, out, err = legday(capsys, "log")
    assert (code, out) == (2, "")
    assert err.startswith("Error: say what you did")
    assert "legday log squat 5x5@100kg" in err
    assert "Missing argument" not in err
    assert not (legday_home / "sessions.jsonl").exists()


@pytest.mark.parametrize(
    ("spec", "suggested"),
    [("x5", "legday log squat 1x5"), ("x5@100kg", "legday log squat 1x5@100kg")],
)
def test_a_spec_without_its_set_count_gets_a_suggestion_that_works(
    capsys: pytest.CaptureFixture[str], spec: str, suggested: str
) -> None:
    code, out, err = legday(capsys, "log", "squat", spec)

    assert (code, out) == (2, "")
    assert f"`{suggested}`" in err
    # the suggestion itself is a command that logs
    words = suggested.split()[1:]
    assert legday(capsys, *words)[0] == 0


def test_an_over_limit_set_count_shows_the_number_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    typed = "99999999999999999999"
    code, _, err = legday(capsys, "log", "squat", f"{typed}x5@100kg")
    assert code == 2
    assert f"({typed})" in err
    assert "1000000000" not in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [(["import", ""], "import"), (["export", "--output", ""], "--output")],
    ids=["import", "export"],
)
def test_an_empty_path_is_called_empty(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    code, out, err = legday(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: the path given to {named} is empty")
    assert "directory" not in err and "exists" not in err


# ---------------------------------------------------------------- --debug anywhere


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_is_taken_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], door: Callable[[list[str]], int | None], where: str
) -> None:
    argv = ["--debug", "streak"] if where == "before" else ["streak", "--debug"]
    if door is quick.try_run and where == "before":
        argv = ["streak", "--debug"]  # the quick parser handles command-first forms
    code, out, err = legday(capsys, *argv, runner=door)
    assert code == 0, err
    assert "streak" in out.lower()


def test_debug_after_the_command_shows_the_traceback(legday_home: Path) -> None:
    legday_home.mkdir(parents=True)
    (legday_home / "sessions.jsonl").write_text("not a header\n", encoding="utf-8")
    env = {**os.environ, "LEGDAY_HOME": str(legday_home)}
    for argv in (["history", "--debug"], ["export", "--debug"]):
        done = subprocess.run(
            [str(ENTRY_POINT), *argv], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 1, argv
        assert "Traceback" in done.stderr, argv
        assert "No such option" not in done.stderr


def test_a_debug_after_double_dash_is_a_word_not_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert legday(capsys, "log", "--new", "--", "--debug", "5x5")[0] == 0
    entries = json.loads(legday(capsys, "history", "--json")[1])
    assert ["debug" in entry["exercise"] for entry in entries] == [True]  # a name, tidied


# ---------------------------------------------------------------- import summaries


def _hevy(unit: str) -> str:
    return (
        f"title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        f"set_index,set_type,weight_{unit},reps,distance_km,duration_seconds,rpe\n"
        'Legs,"18 Nov 2026, 18:00","18 Nov 2026, 19:00",,Squat (Barbell),,,0,normal,225,5,,,\n'
        'Legs,"18 Nov 2026, 18:00","18 Nov 2026, 19:00",,Squat (Barbell),,,1,normal,225,5,,,\n'
        'Legs,"18 Nov 2026, 18:00","18 Nov 2026, 19:00",,Bench Press (Barbell),,,0,normal,1,5,,,\n'
    )


def _strong_with_rest_timers() -> str:
    return (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE,Weight Unit\n"
        "2026-11-18 18:00:00,Legs,1h,Squat (Barbell),1,100,5,,,,,,kg\n"
        "2026-11-18 18:00:00,Legs,1h,Squat (Barbell),Rest Timer,,,,90,,,,\n"
        "2026-11-18 18:00:00,Legs,1h,Squat (Barbell),Rest Timer,,,,90,,,,\n"
        "2026-11-18 18:00:00,Legs,1h,Squat (Barbell),2,100,,,,,,,kg\n"
    )


def _fitnotes() -> str:
    return (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        "2026-11-18,Barbell Squat,Legs,100.0,kgs,5,,,,\n"
    )


@pytest.mark.parametrize(
    ("content", "app_name"),
    [(_hevy("kg"), "Hevy"), (_strong_with_rest_timers(), "Strong"), (_fitnotes(), "FitNotes")],
    ids=["hevy", "strong", "fitnotes"],
)
def test_import_names_the_app_as_its_makers_spell_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, app_name: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = legday(capsys, "import", str(path))
    assert code == 0, err
    assert f"from a {app_name} export." in out


def test_skip_reasons_are_counted_in_good_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(_strong_with_rest_timers(), encoding="utf-8")

    out = legday(capsys, "import", str(path))[1]

    assert "Skipped 3 rows: 1 no reps or time, 2 rest timer rows." in out


def test_skip_reason_words() -> None:
    from legday.render import skip_reason

    assert skip_reason("bad row", 1) == "1 bad row"
    assert skip_reason("bad row", 2) == "2 bad rows"
    assert skip_reason("bad entry", 3) == "3 bad entries"
    assert skip_reason("not a leg exercise", 4) == "4 not a leg exercise"
    assert skip_reason("date before 1900-01-01", 2) == "2 dates before 1900-01-01"


HINT = "legday config set unit lb"


def test_an_lb_export_into_a_kg_home_says_so_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "hevy.csv"
    path.write_text(_hevy("lbs"), encoding="utf-8")

    out = legday(capsys, "import", str(path))[1]

    assert out.count(HINT) == 1
    hint_line = next(line for line in out.splitlines() if HINT in line)
    assert "lb" in hint_line and "kg" in hint_line
    # the same file again adds nothing, and says nothing more about units
    assert HINT not in legday(capsys, "import", str(path))[1]


@pytest.mark.parametrize(("file_unit", "home_unit"), [("kg", "kg"), ("lbs", "lb")])
def test_no_unit_hint_when_the_units_agree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, file_unit: str, home_unit: str
) -> None:
    assert legday(capsys, "config", "set", "unit", home_unit)[0] == 0
    path = tmp_path / "hevy.csv"
    path.write_text(_hevy(file_unit), encoding="utf-8")
    out = legday(capsys, "import", str(path))[1]
    assert "config set unit" not in out


def test_import_json_names_the_files_unit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "hevy.csv"
    path.write_text(_hevy("lbs"), encoding="utf-8")
    summary = json.loads(legday(capsys, "import", str(path), "--json")[1])
    assert summary["file_unit"] == "lb"


# ---------------------------------------------------------------- help


def every_command() -> Iterator[tuple[list[str], Command]]:
    """Every command of the app, config's subcommands included (sqlite-utils style)."""

    def walk(group: Command, path: list[str]) -> Iterator[tuple[list[str], Command]]:
        subcommands: dict[str, Command] = getattr(group, "commands", {})
        for name, command in sorted(subcommands.items()):
            yield [*path, name], command
            yield from walk(command, [*path, name])

    yield from walk(typer.main.get_command(app), [])


COMMANDS = list(every_command())
COMMAND_IDS = [" ".join(path) for path, _ in COMMANDS]


def help_of(capsys: pytest.CaptureFixture[str], *path: str) -> str:
    code, out, err = legday(capsys, *path, "--help")
    assert code == 0, err
    return out


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=COMMAND_IDS)
def test_every_commands_help_shows_an_example(
    capsys: pytest.CaptureFixture[str], path: list[str]
) -> None:
    out = help_of(capsys, *path)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    examples = [line.strip() for line in lines[start + 1 :] if line.strip()]
    assert examples
    assert all(line.startswith(("legday ", '"$EDITOR"')) for line in examples), examples
    assert any(line.startswith(f"legday {' '.join(path)}") for line in examples), examples


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=COMMAND_IDS)
def test_usage_lines_read_as_a_person_writes_them(
    capsys: pytest.CaptureFixture[str], path: list[str]
) -> None:
    out = help_of(capsys, *path)
    usage = next(line for line in out.splitlines() if line.startswith("Usage:"))
    # Machine spellings of arguments (`{words}`, `<str>`) show in usage and option lines; a
    # help text may still quote a template's placeholders (`status --format '{done}/{goal}'`).
    # Only the spellings themselves: an option's name and metavar, before its help text.
    argument_lines = [
        line.strip().split("  ")[0]
        for line in out.splitlines()
        if line.strip()[:1] in ("-", "U", "[")
    ]
    for machine_spelling in ("{", "}", "<str>", "<int>", "<path>"):
        assert not any(machine_spelling in line for line in argument_lines), (
            machine_spelling,
            usage,
        )
    assert usage.startswith(f"Usage: legday {' '.join(path)}")


def test_log_usage_names_exercise_and_sets(capsys: pytest.CaptureFixture[str]) -> None:
    usage = help_of(capsys, "log").splitlines()[0]
    assert usage == "Usage: legday log [OPTIONS] EXERCISE... SETS..."


@pytest.mark.parametrize("path", [["log"], ["history"], ["skip"], ["unskip"]], ids=" ".join)
def test_every_date_taken_lists_the_date_forms(
    capsys: pytest.CaptureFixture[str], path: list[str]
) -> None:
    out = " ".join(help_of(capsys, *path).split())  # help wraps: compare without line breaks
    for form in ("YYYY-MM-DD", "today", "yesterday", "mon", "-N (N days ago)"):
        assert form in out, form


@pytest.mark.parametrize("columns", ["80", "60"])
def test_the_command_list_is_never_cut_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for path in ([], ["config"]):
        out = help_of(capsys, *path)
        listing = out.split("Commands:", 1)[1].split("\n\n", 1)[0]
        entries = [line for line in listing.splitlines() if line.strip()]
        assert len(entries) >= 4
        assert not [line for line in entries if line.rstrip().endswith("...")], entries
        assert all(line.rstrip().endswith(".") for line in entries), entries


def test_bare_help_ends_with_a_three_line_quick_start(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [line.strip() for line in help_of(capsys).rstrip().splitlines()[-3:]]
    assert lines[0].startswith("Quick start:  legday log squat 5x5@100kg")
    assert lines[1].startswith("legday streak")
    assert lines[2].startswith("legday cron")
