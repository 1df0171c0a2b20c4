"""`legday config show|get|set|path`: every key's validation, a file that stays readable and
keeps what the user wrote by hand, and a broken file reported instead of overwritten."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY_EVENING = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
DEFAULTS = {
    "goal": 1,
    "week_start": "monday",
    "unit": "kg",
    "day_starts_at": "00:00",
    "e1rm_formula": "epley",
}


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(THURSDAY_EVENING, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def config_file(home: Path) -> Path:
    return home / "config.toml"


def read_toml(home: Path) -> dict[str, Any]:
    return tomllib.loads(config_file(home).read_text(encoding="utf-8"))


def write_config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    config_file(home).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------- show, get, path


def test_path_prints_the_config_file(capsys: pytest.CaptureFixture[str], legday_home: Path) -> None:
    code, out, _ = legday(capsys, "config", "path")

    assert code == 0
    assert out.strip() == str(config_file(legday_home))


def test_show_json_lists_the_defaults_without_a_file(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, out, _ = legday(capsys, "config", "show", "--json")

    assert code == 0
    shown = json.loads(out)
    assert {key: shown[key] for key in DEFAULTS} == DEFAULTS
    assert not config_file(legday_home).exists()  # reading never creates the file


def test_show_human_output_names_every_key_and_the_file(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, out, _ = legday(capsys, "config", "show")

    assert code == 0
    for key, value in DEFAULTS.items():
        assert any(line.split() == [key, str(value)] for line in out.splitlines()), key
    assert str(config_file(legday_home)) in out


@pytest.mark.parametrize(("key", "value"), list(DEFAULTS.items()))
def test_get_prints_one_value(capsys: pytest.CaptureFixture[str], key: str, value: object) -> None:
    code, out, _ = legday(capsys, "config", "get", key)

    assert code == 0
    assert out.strip() == str(value)


def test_get_an_unknown_key_is_refused_listing_the_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = legday(capsys, "config", "get", "colour")

    assert code == 2
    assert out == ""
    assert err.startswith("Error: ")
    assert "goal" in err
    assert "week_start" in err


# ---------------------------------------------------------------------------- set


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("goal", "1", 1),
        ("goal", "3", 3),
        ("goal", "7", 7),
        ("week_start", "sunday", "sunday"),
        ("week_start", "Saturday", "saturday"),
        ("week_start", "tue", "tuesday"),
        ("unit", "lb", "lb"),
        ("unit", "KG", "kg"),
        ("day_starts_at", "04:00", "04:00"),
        ("day_starts_at", "4:30", "04:30"),
        ("day_starts_at", "00:00", "00:00"),
        ("day_starts_at", "11:59", "11:59"),
        ("e1rm_formula", "brzycki", "brzycki"),
        ("e1rm_formula", "Epley", "epley"),
    ],
)
def test_set_stores_a_valid_value_that_get_and_the_file_agree_on(
    capsys: pytest.CaptureFixture[str], legday_home: Path, key: str, typed: str, stored: object
) -> None:
    code, _, err = legday(capsys, "config", "set", key, typed)

    assert code == 0, err
    assert read_toml(legday_home)[key] == stored
    assert legday(capsys, "config", "get", key)[1].strip() == str(stored)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("goal", "0"),
        ("goal", "8"),
        ("goal", "-1"),
        ("goal", "2.5"),
        ("goal", "two"),
        ("goal", ""),
        ("week_start", "funday"),
        ("week_start", "mo"),
        ("week_start", "1"),
        ("unit", "stone"),
        ("unit", "kilograms"),
        ("day_starts_at", "12:00"),
        ("day_starts_at", "23:30"),
        ("day_starts_at", "04:60"),
        ("day_starts_at", "4"),
        ("day_starts_at", "4am"),
        ("day_starts_at", "-01:00"),
        ("e1rm_formula", "lombardi"),
        ("colour", "blue"),
        ("reminders", "Legs."),
    ],
)
def test_an_invalid_setting_is_exit_2_and_leaves_the_file_byte_identical(
    capsys: pytest.CaptureFixture[str], legday_home: Path, key: str, value: str
) -> None:
    write_config(legday_home, 'goal = 2\nweek_start = "sunday"\nmy_own = "kept"\n')
    before = config_file(legday_home).read_bytes()

    code, out, err = legday(capsys, "config", "set", key, value)

    assert code == 2
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    if not value.startswith("-"):  # a leading dash reads as an option: click names that
        assert key in lines[0]
    assert config_file(legday_home).read_bytes() == before


def test_an_invalid_setting_creates_no_file(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, _, _ = legday(capsys, "config", "set", "goal", "9")

    assert code == 2
    assert not config_file(legday_home).exists()


def test_the_error_says_what_is_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    assert "1 to 7" in legday(capsys, "config", "set", "goal", "9")[2]
    assert "brzycki" in legday(capsys, "config", "set", "e1rm_formula", "x")[2]
    assert "11:59" in legday(capsys, "config", "set", "day_starts_at", "13:00")[2]
    assert "lb" in legday(capsys, "config", "set", "unit", "st")[2]


def test_set_keeps_hand_written_keys_and_values(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(
        legday_home,
        'goal = 2\nreminders = ["Legs before coffee."]\nnickname = "quads"\n[extras]\nshoes = 2\n',
    )

    code, _, err = legday(capsys, "config", "set", "unit", "lb")

    assert code == 0, err
    table = read_toml(legday_home)
    assert table["unit"] == "lb"
    assert table["goal"] == 2
    assert table["reminders"] == ["Legs before coffee."]
    assert table["nickname"] == "quads"
    assert table["extras"] == {"shoes": 2}


def test_the_written_file_is_plain_readable_toml(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "config", "set", "goal", "3")
    legday(capsys, "config", "set", "week_start", "sunday")

    text = config_file(legday_home).read_text(encoding="utf-8")
    assert "goal = 3" in text.splitlines()
    assert 'week_start = "sunday"' in text.splitlines()
    assert tomllib.loads(text)["goal"] == 3


def test_setting_twice_keeps_the_last_value(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "config", "set", "goal", "3")
    legday(capsys, "config", "set", "goal", "5")

    assert read_toml(legday_home)["goal"] == 5
    assert config_file(legday_home).read_text(encoding="utf-8").count("goal") == 1


# ---------------------------------------------------------------------------- settings matter


def test_unit_lb_is_used_for_loads_without_a_unit(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "config", "set", "unit", "lb")

    legday(capsys, "log", "squat", "3x8@135")

    entries = json.loads(legday(capsys, "history", "--json")[1])
    assert {(s["weight"], s["unit"]) for s in entries[0]["sets"]} == {(135.0, "lb")}


def test_goal_changes_whether_leg_day_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")
    assert json.loads(legday(capsys, "remind", "--json")[1])["due"] is False

    legday(capsys, "config", "set", "goal", "2")

    status = json.loads(legday(capsys, "remind", "--json")[1])
    assert (status["due"], status["goal"], status["leg_days_this_week"]) == (True, 2, 1)


def test_week_start_moves_the_week(capsys: pytest.CaptureFixture[str]) -> None:
    # Thursday: Mon–Sun leaves Thu..Sun (4 days); Sun–Sat leaves Thu..Sat (3 days).
    monday_week = json.loads(legday(capsys, "remind", "--json")[1])
    legday(capsys, "config", "set", "week_start", "sunday")
    sunday_week = json.loads(legday(capsys, "remind", "--json")[1])

    assert monday_week["days_left_in_week"] == 4
    assert sunday_week["days_left_in_week"] == 3


# ---------------------------------------------------------------------------- a broken file


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("goal = \n", id="not-toml"),
        pytest.param('goal = "lots"\n', id="bad-goal"),
        pytest.param("goal = 9\n", id="goal-out-of-range"),
        pytest.param('day_starts_at = "13:00"\n', id="bad-day-start"),
        pytest.param('week_start = "someday"\n', id="bad-week-start"),
        pytest.param("reminders = [1, 2]\n", id="bad-reminders"),
    ],
)
@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["config", "show"], id="show"),
        pytest.param(["log", "squat", "5x5"], id="log"),
        pytest.param(["remind"], id="remind"),
        pytest.param(["config", "set", "unit", "lb"], id="set"),
    ],
)
def test_a_broken_config_is_exit_1_naming_the_file_and_left_alone(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str, argv: list[str]
) -> None:
    write_config(legday_home, text)
    before = config_file(legday_home).read_bytes()

    code, out, err = legday(capsys, *argv)

    assert code == 1
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert str(config_file(legday_home)) in lines[0]
    assert config_file(legday_home).read_bytes() == before
    assert not (legday_home / "sessions.jsonl").exists()


def test_a_config_that_is_not_utf8_is_reported(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday_home.mkdir(parents=True)
    config_file(legday_home).write_bytes(b"goal = 2\n# caf\xe9\n")

    code, _, err = legday(capsys, "config", "show")

    assert code == 1
    assert str(config_file(legday_home)) in err


# ---------------------------------------------------------------------- TOML beyond flat lines


def test_a_hand_written_file_with_a_table_is_read_in_full(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    # Not flat TOML (an escape, a table): read by tomllib, with the same settings as ever.
    write_config(
        legday_home,
        'goal = 3\nreminders = ["Say \\"legs\\"."]\n\n[mine]\nnote = "kept"\n',
    )

    code, out, _ = legday(capsys, "config", "show", "--json")

    assert code == 0
    shown = json.loads(out)
    assert (shown["goal"], shown["reminders"]) == (3, ['Say "legs".'])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("goal = \n", id="no-value"),
        pytest.param("goal = 1\ngoal = 2\n", id="duplicate-key"),
        pytest.param('goal = "open\n', id="unterminated-string"),
        pytest.param("goal = 1\r", id="lone-carriage-return"),
    ],
)
@pytest.mark.parametrize("argv", [["config", "show"], ["remind"]], ids=" ".join)
def test_invalid_toml_is_reported_in_tomllibs_words(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str, argv: list[str]
) -> None:
    write_config(legday_home, text)
    with pytest.raises(tomllib.TOMLDecodeError) as parsed:
        tomllib.loads(text)

    code, _, err = legday(capsys, *argv)

    assert code == 1
    assert err.strip() == (
        f"Error: {config_file(legday_home)} is not valid TOML ({parsed.value}); "
        "fix it by hand or delete it to use the defaults."
    )
