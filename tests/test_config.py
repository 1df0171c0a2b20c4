"""`legday config show|get|set|path`: every key's validation, a file that stays readable and
keeps what the user wrote by hand, and a broken file reported instead of overwritten."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run
from store_layout import TEST_DEVICE

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


BAD_VALUES = [
    pytest.param('goal = "lots"\n', id="bad-goal"),
    pytest.param("goal = 9\n", id="goal-out-of-range"),
    pytest.param('day_starts_at = "13:00"\n', id="bad-day-start"),
    pytest.param('week_start = "someday"\n', id="bad-week-start"),
    pytest.param("reminders = [1, 2]\n", id="bad-reminders"),
]
NOT_TOML = pytest.param("goal = \n", id="not-toml")
DEEPLY_NESTED = pytest.param("x = " + "[" * 5000 + "]" * 5000 + "\n", id="deeply-nested")
USING_SETTINGS = [
    pytest.param(["log", "squat", "5x5"], id="log"),
    pytest.param(["remind"], id="remind"),
    pytest.param(["streak"], id="streak"),
]
EDITING_SETTINGS = [
    pytest.param(["config", "show"], id="show"),
    pytest.param(["config", "set", "unit", "lb"], id="set"),
]


@pytest.mark.parametrize("text", [NOT_TOML, DEEPLY_NESTED, *BAD_VALUES])
@pytest.mark.parametrize("argv", USING_SETTINGS)
def test_a_broken_config_is_exit_1_naming_the_file_and_left_alone(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str, argv: list[str]
) -> None:
    _check_refused_and_left_alone(capsys, legday_home, text, argv)


@pytest.mark.parametrize("text", [NOT_TOML, DEEPLY_NESTED])
@pytest.mark.parametrize("argv", EDITING_SETTINGS)
def test_config_refuses_to_rewrite_a_file_it_cannot_read(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str, argv: list[str]
) -> None:
    _check_refused_and_left_alone(capsys, legday_home, text, argv)


def _check_refused_and_left_alone(
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


# ----------------------------------------------------------------- TOML as a person writes it


def test_a_hand_written_file_with_a_table_is_read_in_full(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    # An escape and a table of the user's own: read by tomllib, with the same settings as ever.
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


# ------------------------------------------------------------- fixing a bad value with config


@pytest.mark.parametrize("text", BAD_VALUES)
def test_show_marks_the_bad_value_and_shows_the_rest(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str
) -> None:
    write_config(legday_home, text + 'e1rm_formula = "brzycki"\n')
    bad_key = text.split(" =", 1)[0]

    code, out, err = legday(capsys, "config", "show")

    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines() if line and line[0] != "#"}
    assert "bad" in lines[bad_key]
    assert [key for key, line in lines.items() if "bad" in line] == [bad_key]
    assert "brzycki" in lines["e1rm_formula"]

    code, out, _ = legday(capsys, "config", "show", "--json")
    assert code == 0
    shown = json.loads(out)
    assert set(shown["invalid"]) == {bad_key}
    assert shown["e1rm_formula"] == "brzycki"


def test_get_of_the_bad_key_says_it_is_bad_and_other_keys_still_answer(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, 'goal = 9\nunit = "lb"\n')

    code, out, err = legday(capsys, "config", "get", "goal")
    assert (code, out) == (1, "")
    assert err.startswith("Error: ") and "bad value" in err and "1 to 7" in err
    assert "legday config set goal" in err

    assert legday(capsys, "config", "get", "unit")[:2] == (0, "lb\n")


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ('goal = "lots"\n', "goal", "2"),
        ("goal = 9\n", "goal", "3"),
        ('day_starts_at = "13:00"\n', "day_starts_at", "04:00"),
        ('week_start = "someday"\n', "week_start", "sunday"),
    ],
)
def test_the_suggested_set_fixes_the_bad_value(
    capsys: pytest.CaptureFixture[str], legday_home: Path, text: str, key: str, value: str
) -> None:
    write_config(legday_home, text + 'nickname = "quads"\n')
    refused = legday(capsys, "log", "squat", "5x5")
    assert refused[0] == 1
    assert f"legday config set {key} VALUE" in refused[2]

    code, out, err = legday(capsys, "config", "set", key, value)

    assert code == 0, err
    assert out.strip() == f"{key} = {value}"
    assert str(read_toml(legday_home)[key]) == value
    assert read_toml(legday_home)["nickname"] == "quads"
    assert legday(capsys, "log", "squat", "5x5")[0] == 0


def test_setting_another_key_works_and_warns_the_bad_one_remains(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, "goal = 9\n")

    code, out, err = legday(capsys, "config", "set", "unit", "lb")

    assert code == 0
    assert out.strip() == "unit = lb"
    assert "goal" in err and "bad" in err
    assert read_toml(legday_home) == {"goal": 9, "unit": "lb"}


def test_path_works_whatever_the_file_holds(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, "goal = \n")
    assert legday(capsys, "config", "path")[:2] == (0, f"{config_file(legday_home)}\n")


def test_set_confirms_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = legday(capsys, "config", "set", "goal", "2")
    assert (code, out, err) == (0, "goal = 2\n", "")


def test_set_reminders_explains_how_reminders_are_set(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    code, out, err = legday(capsys, "config", "set", "reminders", "Legs first.")

    assert (code, out) == (2, "")
    assert err.startswith("Error: reminders are a list")
    assert "reminders = [" in err and "config.toml" in err and "legday config path" in err


# ------------------------------------------------------- something that is not a file at all

ENTRY_POINT = Path(sys.executable).parent / "legday"


def _not_a_file(legday_home: Path, kind: str) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(config_file(legday_home))
    else:
        config_file(legday_home).symlink_to(os.devnull)  # a character device


@pytest.mark.parametrize("kind", ["fifo", "character-device"])
@pytest.mark.parametrize(
    "argv",
    [["remind", "--check"], ["log", "squat", "5x5"], ["config", "show"]],
    ids=" ".join,
)
def test_a_fifo_or_device_as_config_is_refused_without_hanging(
    legday_home: Path, kind: str, argv: list[str]
) -> None:
    _not_a_file(legday_home, kind)
    # A real process with a deadline: a blocking open of the FIFO would never return.
    done = subprocess.run(
        [str(ENTRY_POINT), *argv],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "LEGDAY_HOME": str(legday_home)},
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ")
    assert str(config_file(legday_home)) in done.stderr
    assert "not a regular file" in done.stderr
    assert not (legday_home / "sessions.jsonl").exists()


# ---------------------------------------------------------------------------- the read cache
# tomllib's answer is kept in the data dir so that remind need not import it; whatever happens
# to that file, every command answers by what config.toml says now.


def cache_of(home: Path) -> Path:
    return home / f".legday-config-cache-{TEST_DEVICE}.marshal"


def remind_goal(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = legday(capsys, "remind", "--json")
    assert code == 0
    return int(json.loads(out)["goal"])


def test_an_edit_is_read_at_once_even_one_of_the_same_size_in_the_same_instant(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, "goal = 2\n")
    assert remind_goal(capsys) == 2
    assert cache_of(legday_home).exists()
    before = os.stat(config_file(legday_home))

    # Same size, same inode, timestamps put back: only the text tells the edit apart.
    with open(config_file(legday_home), "r+", encoding="utf-8") as handle:
        handle.write("goal = 3\n")
    os.utime(config_file(legday_home), ns=(before.st_atime_ns, before.st_mtime_ns))
    version, _, text, table = marshal.loads(cache_of(legday_home).read_bytes())
    after = os.stat(config_file(legday_home))
    key = [after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns]
    cache_of(legday_home).write_bytes(marshal.dumps((version, key, text, table)))

    assert remind_goal(capsys) == 3


def test_the_config_cache_serves_a_config_read_through_a_linked_folder_too(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same config.toml reached by two names (LEGDAY_HOME, and the XDG folder linked to it)
    # is one file to the cache: neither name makes the other parse it again.
    write_config(legday_home, "goal = 2\n")
    linked = legday_home.parent / "linked-home"
    linked.symlink_to(legday_home, target_is_directory=True)
    assert remind_goal(capsys) == 2
    made = cache_of(legday_home).read_bytes()
    monkeypatch.setenv("LEGDAY_HOME", str(linked))
    assert remind_goal(capsys) == 2
    assert cache_of(legday_home).read_bytes() == made  # not remade for the other name


@pytest.mark.parametrize(
    "damage",
    [
        b"{torn",
        b'{"v": 2, "key": [], "text": "", "table": {"goal": 7}}',  # the old JSON cache
        marshal.dumps((3, [], "", {"goal": 7})),  # another file's key
        marshal.dumps((3, [], "goal = 2\n", {"goal": 7}))[:-4],  # torn
        marshal.dumps([]),
        marshal.dumps("goal"),
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_made_again(
    capsys: pytest.CaptureFixture[str], legday_home: Path, damage: bytes
) -> None:
    write_config(legday_home, "goal = 2\n")
    cache_of(legday_home).write_bytes(damage)

    assert remind_goal(capsys) == 2
    assert marshal.loads(cache_of(legday_home).read_bytes())[3] == {"goal": 2}


def test_config_set_is_seen_by_the_next_remind(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, "goal = 2\n")
    assert remind_goal(capsys) == 2

    assert legday(capsys, "config", "set", "goal", "4")[0] == 0

    assert remind_goal(capsys) == 4


def test_a_cache_that_cannot_be_written_is_done_without(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    # A folder where the cache would go stands for a data dir legday may not write in.
    write_config(legday_home, "goal = 2\n")
    cache_of(legday_home).mkdir()
    (cache_of(legday_home) / "keep").write_text("", encoding="utf-8")

    assert remind_goal(capsys) == 2
    assert remind_goal(capsys) == 2
    assert [path.name for path in legday_home.iterdir() if path.name.endswith(".tmp")] == []


def test_a_read_only_data_dir_reads_the_settings_and_writes_no_cache(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(legday_home, "goal = 2\n")
    # As on a read-only mount (root ignores permission bits, so EROFS comes from os.open).
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    assert remind_goal(capsys) == 2
    assert remind_goal(capsys) == 2
    monkeypatch.undo()
    assert not cache_of(legday_home).exists()


def test_a_toml_date_is_read_every_time_and_never_cached(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_config(legday_home, "goal = 2\n[mine]\nsince = 2026-01-01\n")

    assert remind_goal(capsys) == 2
    assert remind_goal(capsys) == 2
    assert not cache_of(legday_home).exists()
