"""`legday remind` (the cron command) and `legday cron`.

In-process tests go through `legday.__main__.main`, the console script itself, so they take
whichever path it dispatches `remind` to. The clock is frozen; weeks start Monday, so with
today Thursday 2026-11-19 this week is Mon 11-16 to Sun 11-22 and 4 days are left.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday import cli, cron_door
from legday.__main__ import main as entry_point

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN)
THURSDAY = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
SATURDAY = datetime(2026, 11, 21, 18, 0, tzinfo=BERLIN)
SUNDAY = datetime(2026, 11, 22, 18, 0, tzinfo=BERLIN)
ENTRY_POINT = Path(sys.executable).parent / "legday"
REMIND_KEYS = {"due", "leg_days_this_week", "goal", "days_left_in_week", "message", "reminder"}


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def legday(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the console script in-process at a frozen moment."""

    def invoke(*argv: str, at: datetime = THURSDAY) -> Outcome:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["legday", *argv])
        with time_machine.travel(at, tick=False), pytest.raises(SystemExit) as exited:
            entry_point()
        captured = capsys.readouterr()
        code = exited.value.code
        return Outcome(code if isinstance(code, int) else 0, captured.out, captured.err)

    return invoke


def log(legday: Any, *words: str, at: datetime = THURSDAY) -> None:
    result = legday("log", *words, at=at)
    assert result.code == 0, result.err


def write_config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def hand_row(entry_id: str, day: str) -> dict[str, Any]:
    return {
        "id": entry_id,
        "date": day,
        "exercise": "squat",
        "sets": [{"reps": 5, "weight": 100, "unit": "kg"}],
        "note": None,
        "logged_at": f"{day}T18:00:00+01:00",
        "source": "log",
    }


def write_sessions(home: Path, rows: list[dict[str, Any]]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    lines = ['{"legday": "sessions", "schema": 1}', *(json.dumps(row) for row in rows)]
    (home / "sessions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------- met / unmet


def test_a_met_week_prints_nothing_and_exits_0(legday: Any) -> None:
    log(legday, "squat", "5x5", "--date", "mon")

    for flags in ((), ("--check",)):
        result = legday("remind", *flags)
        assert (result.code, result.out, result.err) == (0, "", "")


def test_an_unmet_week_prints_at_most_two_lines_and_exits_0(legday: Any) -> None:
    result = legday("remind")

    assert result.code == 0
    assert result.err == ""
    assert 1 <= len(result.lines) <= 2
    status, reminder = result.lines
    assert "1 leg day" in status
    assert "4 days" in status
    document = legday("remind", "--json").json()
    shown = document["reminder"]
    assert reminder == f"{shown['text']} ({shown['short_source']})"


def test_check_exits_3_when_due_with_the_same_output(legday: Any) -> None:
    plain = legday("remind")
    checked = legday("remind", "--check")

    assert checked.code == 3
    assert checked.out == plain.out


def test_check_exits_0_once_leg_day_is_logged(legday: Any) -> None:
    assert legday("remind", "--check").code == 3

    log(legday, "squat", "5x5")

    assert legday("remind", "--check").code == 0


def test_always_prints_even_when_the_week_is_met(legday: Any) -> None:
    log(legday, "squat", "5x5")

    result = legday("remind", "--always")

    assert result.code == 0
    assert 1 <= len(result.lines) <= 2
    assert "done" in result.lines[0].lower() or "met" in result.lines[0].lower()


def test_output_is_plain_text_for_cron_mail(legday: Any) -> None:
    log(legday, "squat", "5x5", "--date", "-7")

    result = legday("remind")

    assert "\x1b[" not in result.out
    assert result.out.isascii()


# ---------------------------------------------------------------------------- --json


def test_json_shape_and_counts(legday: Any, legday_home: Path) -> None:
    write_config(legday_home, "goal = 3\n")
    log(legday, "squat", "5x5", "--date", "mon")
    log(legday, "lunge", "3x10", "--date", "mon")
    log(legday, "squat", "5x5", "--date", "tue")

    result = legday("remind", "--json", "--check")

    assert result.code == 3
    document = result.json()
    assert set(document) >= REMIND_KEYS
    assert set(document["reminder"]) >= {"text", "source"}
    assert document["due"] is True
    assert document["leg_days_this_week"] == 2
    assert document["goal"] == 3
    assert document["days_left_in_week"] == 4  # Thursday, Friday, Saturday, Sunday
    assert isinstance(document["message"], str)
    assert document["message"]
    assert document["reminder"]["text"]
    assert document["reminder"]["source"]


@pytest.mark.parametrize(
    ("moment", "days_left"),
    [(MONDAY, 7), (THURSDAY, 4), (SATURDAY, 2), (SUNDAY, 1)],
)
def test_days_left_in_week_counts_today(legday: Any, moment: datetime, days_left: int) -> None:
    assert legday("remind", "--json", at=moment).json()["days_left_in_week"] == days_left


def test_json_when_met_is_not_due_and_exit_0_even_with_check(legday: Any) -> None:
    log(legday, "squat", "5x5")

    result = legday("remind", "--json", "--check")

    assert result.code == 0
    document = result.json()
    assert document["due"] is False
    assert document["leg_days_this_week"] == 1


# ---------------------------------------------------------------------------- the reminders


def test_fourteen_days_in_a_row_never_repeat_a_neighbour_and_vary(legday: Any) -> None:
    shown = [
        legday("remind", "--json", at=THURSDAY + timedelta(days=n)).json()["reminder"]
        for n in range(14)
    ]
    texts = [reminder["text"] for reminder in shown]

    assert all(a != b for a, b in pairwise(texts))
    assert len(set(texts)) >= 7
    assert all(len(text) <= 160 for text in texts)
    assert all(reminder["source"] for reminder in shown)


def test_the_printed_reminder_line_fits_160_with_its_short_source(legday: Any) -> None:
    # Fifteen days: every built-in reminder comes round once.
    for n in range(15):
        moment = THURSDAY + timedelta(days=n)
        line = legday("remind", "--always", at=moment).lines[1]
        reminder = legday("remind", "--json", at=moment).json()["reminder"]
        assert len(line) <= 160
        assert line.endswith(f" ({reminder['short_source']})")
        # The full source, too long for the line, is what --json carries.
        assert reminder["source"] not in line
        assert reminder["short_source"] in (
            "Adami et al. 2018, via blog",
            "Adami et al. 2018, via article",
            "news article",
        )


def test_a_custom_reminder_is_printed_as_written(legday: Any, legday_home: Path) -> None:
    mine = "x" * 160  # as long as config allows: the line carries no source to push it over
    write_config(legday_home, f"reminders = {json.dumps([mine])}\n")
    lines = {legday("remind", at=THURSDAY + timedelta(days=n)).lines[1] for n in range(16)}
    assert mine in lines


def test_the_same_date_gives_the_same_reminder(legday: Any) -> None:
    morning = legday("remind", at=THURSDAY.replace(hour=7)).lines[1]
    evening = legday("remind", at=THURSDAY.replace(hour=22)).lines[1]

    assert morning == evening


def test_custom_reminders_from_config_appear_with_source_you(
    legday: Any, legday_home: Path
) -> None:
    mine = ["Legs before coffee.", "The squat rack misses you."]
    write_config(legday_home, f"reminders = {json.dumps(mine)}\n")

    shown = [
        legday("remind", "--json", at=THURSDAY + timedelta(days=n)).json()["reminder"]
        for n in range(60)
    ]

    for text in mine:
        assert {"text": text, "source": "you", "short_source": ""} in shown
    assert all(r["source"] == "you" for r in shown if r["text"] in mine)
    assert all(r["text"] in mine for r in shown if r["source"] == "you")


# ---------------------------------------------------------------------------- tone and rest


def test_tone_rises_on_the_last_days_when_a_streak_is_at_stake(legday: Any) -> None:
    log(legday, "squat", "5x5", "--date", "2026-11-10")  # last week: a 1-week streak

    thursday = legday("remind", at=THURSDAY).lines[0]
    saturday = legday("remind", at=SATURDAY).lines[0]
    sunday = legday("remind", at=SUNDAY).lines[0]

    assert "streak" not in thursday.lower()
    assert "streak" in saturday.lower()
    assert "streak" in sunday.lower()
    assert len({thursday, saturday, sunday}) == 3


def test_without_a_streak_the_last_day_stays_calm(legday: Any) -> None:
    assert "streak" not in legday("remind", at=SUNDAY).lines[0].lower()


def test_a_skipped_week_is_not_due(legday: Any) -> None:
    skipped = legday("skip", "--reason", "holiday")
    assert skipped.code == 0, skipped.err

    plain = legday("remind", "--check")
    document = legday("remind", "--json").json()

    assert (plain.code, plain.out) == (0, "")
    assert document["due"] is False


# ---------------------------------------------------------------------------- the store's shape


def test_back_dated_entries_logged_out_of_order_are_counted(legday: Any, legday_home: Path) -> None:
    write_config(legday_home, "goal = 3\n")
    log(legday, "squat", "5x5")  # Thursday, logged first
    log(legday, "lunge", "3x10", "--date", "-10")  # a week earlier, logged after
    log(legday, "squat", "5x5", "--date", "2025-06-01")  # long ago, logged later still
    log(legday, "rdl", "3x8@60kg", "--date", "mon")  # this week again, back-dated
    assert legday("remind", "--json").json()["leg_days_this_week"] == 2

    log(legday, "leg", "press", "3x10@100kg", "--date", "tue")

    result = legday("remind", "--json", "--check")
    assert result.code == 0
    assert result.json()["leg_days_this_week"] == 3
    assert result.json()["due"] is False


def test_the_streak_in_the_message_counts_back_dated_weeks(legday: Any) -> None:
    log(legday, "squat", "5x5", "--date", "2026-11-10", at=SATURDAY)
    log(legday, "squat", "5x5", "--date", "2026-11-03", at=SATURDAY)  # an older week, later

    message = legday("remind", "--json", at=SATURDAY).json()["message"]
    streak = legday("streak", "--json", at=SATURDAY).json()

    assert streak["current_streak_weeks"] == 2
    assert re.search(r"\b2\b", message)
    assert "streak" in message.lower()


@pytest.mark.parametrize("weeks", [52, 53, 60, 250])
def test_remind_states_the_streak_streak_states_however_long(
    legday: Any, legday_home: Path, weeks: int
) -> None:
    # One leg day a week for `weeks` weeks before this one, and a missed week before them. The
    # cron path reads a year of leg days from the cache first and widens the window only when
    # the streak reaches past it (250 weeks takes three reads).
    last_monday = THURSDAY.date() - timedelta(days=10)
    days = [last_monday - timedelta(weeks=n) for n in range(weeks)]
    days.append(last_monday - timedelta(weeks=weeks + 3))
    write_sessions(legday_home, [hand_row(f"w{n}", day.isoformat()) for n, day in enumerate(days)])
    log(legday, "calf", "raise", "3x15", "--date", "2020-01-01")  # migrates; makes the cache
    assert list(legday_home.glob(".legday-cache-*.days"))

    remind = legday("remind", "--json", at=SUNDAY).json()
    streak = legday("streak", "--json", at=SUNDAY).json()

    assert remind["current_streak_weeks"] == streak["current_streak_weeks"] == weeks
    assert f"{weeks}-week streak" in remind["message"]  # the last day: the streak is at stake


def test_a_hand_written_store_without_hw_gives_the_right_answer(
    legday: Any, legday_home: Path
) -> None:
    write_config(legday_home, "goal = 2\n")
    write_sessions(
        legday_home,
        [
            hand_row("a" * 32, "2026-11-17"),  # this week, Tuesday
            hand_row("b" * 32, "2024-01-05"),
            hand_row("c" * 32, "2026-11-18"),  # this week, Wednesday
            hand_row("d" * 32, "2025-02-01"),
        ],
    )

    result = legday("remind", "--json", "--check")

    assert result.code == 0
    assert result.json()["leg_days_this_week"] == 2


def test_a_store_sorted_newest_first_by_hand_gives_the_right_answer(
    legday: Any, legday_home: Path
) -> None:
    log(legday, "squat", "5x5", "--date", "2025-01-06", at=MONDAY)
    log(legday, "squat", "5x5", "--date", "2026-11-16", at=MONDAY)
    sessions = legday_home / "devices" / "testbox.jsonl"
    header, *rows = sessions.read_text(encoding="utf-8").splitlines()
    sessions.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")

    result = legday("remind", "--json", "--check")

    assert result.json()["leg_days_this_week"] == 1
    assert result.code == 0


def test_an_unreadable_store_is_exit_1_one_line(legday: Any, legday_home: Path) -> None:
    legday_home.mkdir(parents=True)
    (legday_home / "sessions.jsonl").write_text('{"legday": "sessions", "schema": 1}\n{oops\n')

    result = legday("remind")

    assert result.code == 1
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("Error: ")
    assert "sessions.jsonl" in result.err


def test_a_damaged_date_in_a_recent_line_is_exit_1_naming_the_line(
    legday: Any, legday_home: Path
) -> None:
    bad = {**hand_row("a" * 32, "2026-11-17"), "date": "2026-11-45", "_hw": "2026-11-45"}
    write_sessions(legday_home, [{**hand_row("b" * 32, "2026-11-10"), "_hw": "2026-11-10"}, bad])

    result = legday("remind")

    assert (result.code, result.out) == (1, "")
    assert result.err.startswith(f"Error: {legday_home / 'sessions.jsonl'}, line 3")
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param('{"legday": "sessions"}', id="wrong-kind"),
        pytest.param('{"legday": "rest-weeks", "weeks": [{"date": "2026-11-31"}]}', id="bad-date"),
        pytest.param(
            '{"legday": "rest-weeks", "weeks": [{"date": "2026-11-16", "marked_at": 5}]}',
            id="bad-timestamp",
        ),
    ],
)
def test_a_damaged_rest_weeks_file_is_reported_as_every_command_reports_it(
    legday: Any, legday_home: Path, text: str
) -> None:
    log(legday, "squat", "5x5", "--date", "2026-11-10")
    (legday_home / "rest_weeks.json").write_text(text, encoding="utf-8")

    result = legday("remind", "--json")
    streak = legday("streak")

    assert (result.code, result.out) == (1, "")
    assert "rest_weeks.json" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert (streak.code, streak.err) == (1, result.err)


def test_hand_written_toml_with_escapes_and_tables_is_read(legday: Any, legday_home: Path) -> None:
    write_config(
        legday_home,
        'goal = 2\nreminders = ["Squat \\"deep\\"."]\n\n[notes]\nmine = "kept"\n',
    )

    document = legday("remind", "--json").json()

    assert document["goal"] == 2
    assert any(
        legday("remind", "--json", at=THURSDAY + timedelta(days=n)).json()["reminder"]["text"]
        == 'Squat "deep".'
        for n in range(20)
    )


# ---------------------------------------------------------------------------- one answer


def _fast(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = cron_door.run(argv)
    return code, capsys.readouterr().out


def _typer(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = cli.run(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    "flags",
    [[], ["--check"], ["--always"], ["--json"], ["--always", "--json", "--check"]],
)
@pytest.mark.parametrize("moment", [THURSDAY, SUNDAY], ids=["thursday", "sunday"])
def test_the_fast_path_and_the_typer_command_print_the_same(
    legday: Any,
    capsys: pytest.CaptureFixture[str],
    legday_home: Path,
    flags: list[str],
    moment: datetime,
) -> None:
    write_config(legday_home, 'goal = 2\nreminders = ["Legs first."]\n')
    log(legday, "squat", "5x5", "--date", "2026-11-10")
    log(legday, "squat", "5x5", "--date", "2026-11-12")
    log(legday, "lunge", "3x10", "--date", "2026-11-17")
    capsys.readouterr()
    argv = ["remind", *flags]
    assert cron_door.plan(argv) is not None

    with time_machine.travel(moment, tick=False):
        fast = _fast(capsys, argv)
        typer = _typer(capsys, argv)

    assert fast == typer
    assert fast[1]  # both printed something: the week is unmet


# ---------------------------------------------------------------------------- subprocesses


def _run(argv: list[str], env: dict[str, str] | None = None) -> Outcome:
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        env=env if env is not None else {**os.environ, "NO_COLOR": "1"},
        timeout=60,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def _three_runs(
    first: list[str], env_first: dict[str, str], middle: list[str], env_middle: dict[str, str]
) -> list[Outcome]:
    # These run on the real clock: if midnight falls between two runs, the middle one still
    # matches the run on its own side of midnight.
    return [_run(first, env_first), _run(middle, env_middle), _run(first, env_first)]


def test_remind_via_the_entry_point_matches_the_typer_command() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    before, typer, after = _three_runs(
        [str(ENTRY_POINT), "remind", "--always"],
        env,
        [str(ENTRY_POINT), "--debug", "remind", "--always"],
        env,
    )

    assert before.code == typer.code == 0
    assert len(typer.lines) == 2
    assert typer.out in (before.out, after.out)


def test_the_remind_path_imports_no_typer_rich_or_pydantic() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['legday', 'remind', '--always']\n"
        "from legday.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('typer', 'rich', 'pydantic', 'click') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    result = _run([sys.executable, "-c", probe])

    assert "HEAVY []" in result.out, result.out + result.err


def test_cron_prints_a_comment_and_a_crontab_line(tmp_path: Path) -> None:
    home = tmp_path / "my legday home"
    env = {**os.environ, "LEGDAY_HOME": str(home)}

    result = _run([str(ENTRY_POINT), "cron", "--at", "07:30", "--days", "mon,wed,fri"], env)

    assert result.code == 0, result.err
    comment, line = [text for text in result.lines if text.strip()]
    assert comment.startswith("#")
    minute, hour, day_of_month, month, weekdays, command = line.split(None, 5)
    assert (minute, hour, day_of_month, month, weekdays) == ("30", "7", "*", "*", "1,3,5")
    words = shlex.split(command)
    assert f"LEGDAY_HOME={home}" in words
    executable = next(word for word in words if not word.startswith("LEGDAY_HOME="))
    assert Path(executable).is_absolute()
    assert Path(executable).resolve() == ENTRY_POINT.resolve()
    assert words[-1] == "remind"


@pytest.mark.parametrize(
    ("days", "field"),
    [("daily", "*"), ("weekdays", "1-5"), ("sun,sat", "0,6"), ("Monday,Friday", "1,5")],
)
def test_cron_day_lists(
    capsys: pytest.CaptureFixture[str], legday: Any, days: str, field: str
) -> None:
    result = legday("cron", "--at", "18:05", "--days", days)

    assert result.code == 0, result.err
    line = result.lines[-1]
    assert line.split()[:5] == ["5", "18", "*", "*", field]


def test_the_cron_line_runs_in_crons_bare_environment_like_an_interactive_run(
    tmp_path: Path,
) -> None:
    home = tmp_path / "legday 100% home"  # a space and a % to survive quoting and cron
    interactive_env = {**os.environ, "LEGDAY_HOME": str(home), "NO_COLOR": "1"}
    write_config(home, "goal = 3\n")
    assert _run([str(ENTRY_POINT), "log", "squat", "5x5"], interactive_env).code == 0
    printed = _run([str(ENTRY_POINT), "cron", "--at", "07:30"], interactive_env)
    line = printed.lines[-1]
    cron_command = line.split(None, 5)[5].replace("\\%", "%")  # cron un-escapes \%
    bare_home = tmp_path / "bare"
    bare_home.mkdir()
    cron_env = {"HOME": str(bare_home), "PATH": "/usr/bin:/bin"}

    before, from_cron, after = _three_runs(
        [str(ENTRY_POINT), "remind"], interactive_env, ["/bin/sh", "-c", cron_command], cron_env
    )

    assert from_cron.code == 0, from_cron.err
    assert from_cron.err == ""
    assert len(from_cron.lines) == 2
    assert "2 leg days" in from_cron.lines[0]  # goal 3, one logged: read from LEGDAY_HOME
    assert from_cron.out in (before.out, after.out)
    assert not (bare_home / ".local").exists()  # nothing written to cron's HOME


def test_without_legday_home_the_cron_line_pins_the_xdg_dirs_this_shell_uses(
    tmp_path: Path,
) -> None:
    # cron's environment has no XDG_* variables: without them in the line, remind would read
    # ~/.local/share/legday instead of the store this shell logs to.
    data, config = tmp_path / "xdg data", tmp_path / "xdg config"
    shell_env = {
        k: v for k, v in os.environ.items() if k != "LEGDAY_HOME" and not k.startswith("XDG_")
    }
    shell_env |= {"XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(config), "NO_COLOR": "1"}
    shell_env["HOME"] = str(tmp_path / "shell home")  # the dirs cache goes to its ~/.cache
    write_config(config / "legday", "goal = 3\n")
    assert _run([str(ENTRY_POINT), "log", "squat", "5x5"], shell_env).code == 0
    line = _run([str(ENTRY_POINT), "cron"], shell_env).lines[-1]
    words = shlex.split(line.split(None, 5)[5].replace("\\%", "%"))
    assert f"XDG_DATA_HOME={data}" in words
    assert f"XDG_CONFIG_HOME={config}" in words
    bare_home = tmp_path / "bare"
    bare_home.mkdir()
    cron_env = {"HOME": str(bare_home), "PATH": "/usr/bin:/bin"}

    from_cron = _run(["/bin/sh", "-c", line.split(None, 5)[5].replace("\\%", "%")], cron_env)

    assert from_cron.code == 0, from_cron.err
    assert "2 leg days" in from_cron.lines[0]  # goal 3 and one leg day: the shell's store
    assert not (bare_home / ".local").exists()


def test_legday_home_decides_which_settings_remind_reads(tmp_path: Path) -> None:
    # Without LEGDAY_HOME in the line, cron would read another store: prove the runs differ.
    home = tmp_path / "h"
    env = {**os.environ, "LEGDAY_HOME": str(home), "NO_COLOR": "1"}
    write_config(home, "goal = 3\n")
    other = {"HOME": str(tmp_path / "elsewhere"), "PATH": "/usr/bin:/bin"}

    ours = _run([str(ENTRY_POINT), "remind", "--json"], env).json()
    theirs = _run([str(ENTRY_POINT), "remind", "--json"], other).json()

    assert ours["goal"] == 3
    assert theirs["goal"] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["cron", "--at", "25:00"],
        ["cron", "--at", "7"],
        ["cron", "--at", "07:60"],
        ["cron", "--at", "noon"],
        ["cron", "--days", "funday"],
        ["cron", "--days", "mon,xyz"],
        ["cron", "--days", ""],
        ["cron", "--days", "mo"],
        ["cron", "--days", "monxyz"],
    ],
)
def test_bad_at_or_days_is_exit_2_one_line(legday: Any, argv: list[str]) -> None:
    result = legday(*argv)

    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("Error: ")
