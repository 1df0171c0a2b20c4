"""The cue that reaches people: `remind --notify/--once-a-day/--quiet` and `status`.

In-process through the console script's entry point at a frozen moment (weeks start Monday;
Thursday 2026-11-19 leaves 4 days, Sunday 2026-11-22 is the last day). Notifiers here are
stand-ins on PATH that only record their argv; the real notify-send on a real session bus is
in test_cue_integration.py.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday import cli, cron_door, notify
from legday.__main__ import main as entry_point
from legday.render import status as statusline
from legday.render.remind import reminder_line

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
FRIDAY = datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN)
SUNDAY = datetime(2026, 11, 22, 18, 0, tzinfo=BERLIN)
REMIND_KEYS = {"due", "leg_days_this_week", "goal", "days_left_in_week", "message", "reminder"}


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

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


def two_week_streak(legday: Any) -> None:
    log(legday, "squat", "5x5", "--date", "2026-11-03")
    log(legday, "squat", "5x5", "--date", "2026-11-10")


class Recorder:
    """Stand-ins on PATH that append their argv (and stdin) to a file and exit 0."""

    def __init__(self, folder: Path) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.record = folder / "calls.jsonl"

    def add(self, name: str) -> Path:
        script = self.bin / name
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, sys\n"
            "data = sys.stdin.buffer.read().decode('utf-8', 'replace') "
            "if not sys.stdin.isatty() else ''\n"
            f"with open({str(self.record)!r}, 'a', encoding='utf-8') as f:\n"
            "    f.write(json.dumps({'argv': sys.argv, 'stdin': data}) + '\\n')\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        return script

    def calls(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


@pytest.fixture
def recorder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    stand_ins = Recorder(tmp_path)
    monkeypatch.setenv("PATH", str(stand_ins.bin))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/never/used/by/the/stand-in")
    yield stand_ins


# ---------------------------------------------------------------------------- --notify


def test_notify_sends_the_two_lines_and_prints_nothing(legday: Any, recorder: Recorder) -> None:
    notify_send = recorder.add("notify-send")
    document = legday("remind", "--json").json()

    result = legday("remind", "--notify")

    assert (result.code, result.out, result.err) == (0, "", "")
    [call] = recorder.calls()
    reminder = document["reminder"]
    body = reminder_line(reminder["text"], reminder["short_source"])
    assert call["argv"] == [
        str(notify_send),
        "--app-name=legday",
        "--urgency=normal",
        "--",
        document["message"],
        body,
    ]


def test_notify_is_critical_on_the_last_day_of_a_streak_at_stake(
    legday: Any, recorder: Recorder
) -> None:
    recorder.add("notify-send")
    two_week_streak(legday)

    assert legday("remind", "--notify", at=SUNDAY).code == 0

    [call] = recorder.calls()
    assert "--urgency=critical" in call["argv"]
    assert "2-week streak" in call["argv"][-2]


def test_notify_stays_normal_on_the_last_day_without_a_streak(
    legday: Any, recorder: Recorder
) -> None:
    recorder.add("notify-send")

    legday("remind", "--notify", at=SUNDAY)

    [call] = recorder.calls()
    assert "--urgency=normal" in call["argv"]


def test_notify_when_the_week_is_met_sends_nothing(legday: Any, recorder: Recorder) -> None:
    recorder.add("notify-send")
    log(legday, "squat", "5x5")

    result = legday("remind", "--notify", "--check")

    assert (result.code, result.out, result.err) == (0, "", "")
    assert recorder.calls() == []
    assert legday("remind", "--notify", "--always").code == 0
    assert len(recorder.calls()) == 1  # --always still sends


def test_a_custom_reminder_is_passed_as_data_with_markup_escaped(
    legday: Any, legday_home: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.add("notify-send")
    monkeypatch.chdir(legday_home.parent)
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "config.toml").write_text(
        "reminders = [\"-v <b>squat</b> & $(touch pwned) 'now'\"]\n", encoding="utf-8"
    )
    moment = next(
        day
        for day in (THURSDAY.replace(day=d) for d in range(1, 31))
        if legday("remind", "--json", at=day).json()["reminder"]["source"] == "you"
    )

    legday("remind", "--notify", at=moment)

    body = recorder.calls()[0]["argv"][-1]
    assert body == "-v &lt;b&gt;squat&lt;/b&gt; &amp; $(touch pwned) 'now'"  # yours: no source
    assert not (legday_home.parent / "pwned").exists()


def test_without_notify_send_it_prints_and_says_why_once(
    legday: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    plain = legday("remind")

    result = legday("remind", "--notify")

    assert result.code == 0
    assert result.out == plain.out
    assert len(result.out.splitlines()) == 2
    [warning] = result.err.splitlines()
    assert warning.startswith("Warning: no desktop notification: notify-send is not installed")
    assert "printed the reminder instead" in warning


def test_without_a_session_bus_it_prints_and_names_where_it_looked(
    legday: Any, recorder: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.add("notify-send")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setattr(notify, "RUN_USER", str(tmp_path / "run-user"))

    result = legday("remind", "--notify", "--check")

    assert result.code == 3
    assert len(result.lines) == 2
    [warning] = result.err.splitlines()
    assert "no session bus" in warning and "XDG_RUNTIME_DIR" in warning
    assert recorder.calls() == []


def test_notify_quiet_has_no_printed_fallback(
    legday: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    result = legday("remind", "--notify", "--quiet")

    assert (result.code, result.out) == (0, "")
    assert result.err.startswith("Warning: no desktop notification")


def test_on_macos_osascript_gets_fixed_script_and_the_texts_as_arguments(
    legday: Any, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    osascript = recorder.add("osascript")
    monkeypatch.setattr(notify, "current_platform", lambda: "darwin")
    document = legday("remind", "--json").json()

    assert legday("remind", "--notify").out == ""

    [call] = recorder.calls()
    reminder = document["reminder"]
    assert call["argv"] == [
        str(osascript),
        "-e",
        "on run argv",
        "-e",
        "display notification (item 2 of argv) with title (item 1 of argv)",
        "-e",
        "end run",
        document["message"],
        reminder_line(reminder["text"], reminder["short_source"]),  # as it is: no markup on macOS
    ]


def test_the_session_bus_is_found_where_cron_has_none(
    tmp_path: Path,
) -> None:
    runtime = tmp_path / "run time"
    runtime.mkdir()
    run_user = tmp_path / "run-user"
    (run_user / "1000").mkdir(parents=True)
    given = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/given"}
    assert notify.session_bus(given, 1000, str(run_user)) == "unix:path=/given"
    assert notify.session_bus({}, 1000, str(run_user)) is None
    (run_user / "1000" / "bus").write_text("not a socket")
    assert notify.session_bus({}, 1000, str(run_user)) is None

    with socket.socket(socket.AF_UNIX) as runtime_bus, socket.socket(socket.AF_UNIX) as user_bus:
        (run_user / "1000" / "bus").unlink()
        user_bus.bind(str(run_user / "1000" / "bus"))
        assert notify.session_bus({}, 1000, str(run_user)) == f"unix:path={run_user}/1000/bus"
        runtime_bus.bind(str(runtime / "bus"))
        from_runtime = notify.session_bus({"XDG_RUNTIME_DIR": str(runtime)}, 1000, str(run_user))
        assert stat.S_ISSOCK(os.stat(runtime / "bus").st_mode)
    # D-Bus addresses escape what is not plain: the space becomes %20.
    assert from_runtime == f"unix:path={str(runtime).replace(' ', '%20')}/bus"


# ---------------------------------------------------------------------------- --once-a-day


def test_once_a_day_prints_on_the_first_run_of_each_date(legday: Any, legday_home: Path) -> None:
    plain = legday("remind")

    first = legday("remind", "--once-a-day")
    second = legday("remind", "--once-a-day", at=THURSDAY.replace(hour=22))
    next_day = legday("remind", "--once-a-day", at=FRIDAY)

    assert first.out == plain.out and len(first.lines) == 2
    assert (second.code, second.out, second.err) == (0, "", "")
    assert len(next_day.lines) == 2
    assert sorted(os.listdir(legday_home / "reminded" / "testbox")) == ["2026-11-20"]  # old go


def test_once_a_day_keeps_no_mark_while_there_is_nothing_to_say(
    legday: Any, legday_home: Path
) -> None:
    log(legday, "squat", "5x5")

    assert legday("remind", "--once-a-day").out == ""
    assert not (legday_home / "reminded").exists()
    assert len(legday("remind", "--once-a-day", "--always").lines) == 2
    assert legday("remind", "--once-a-day", "--always").out == ""


def test_once_a_day_with_check_still_exits_3_when_quiet_for_the_day(legday: Any) -> None:
    legday("remind", "--once-a-day")

    again = legday("remind", "--once-a-day", "--check")

    assert (again.code, again.out) == (3, "")


def test_once_a_day_follows_day_starts_at(legday: Any, legday_home: Path) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "config.toml").write_text('day_starts_at = "04:00"\n', encoding="utf-8")
    legday("remind", "--once-a-day", at=THURSDAY.replace(hour=23))

    after_midnight = legday("remind", "--once-a-day", at=FRIDAY.replace(hour=1))

    assert after_midnight.out == ""  # still Thursday's evening under day_starts_at 04:00


def test_once_a_day_with_an_unwritable_mark_prints_and_warns(
    legday: Any, legday_home: Path
) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "reminded").write_text("in the way")  # a file where the folder goes

    result = legday("remind", "--once-a-day")

    assert result.code == 0
    assert len(result.lines) == 2
    [warning] = result.err.splitlines()
    assert warning.startswith("Warning: could not note that today's reminder was shown")


def test_concurrent_shells_print_the_reminder_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    start_reading, start_writing = os.pipe()
    children = []
    with time_machine.travel(THURSDAY, tick=False):
        for number in range(12):
            pid = os.fork()
            if pid == 0:  # pragma: no cover (the child's coverage is not collected)
                code = 99
                try:
                    os.close(start_writing)
                    os.read(start_reading, 1)  # every child starts when the pipe closes
                    with open(out / str(number), "w", encoding="utf-8") as stream:
                        sys.stdout = stream
                        code = cron_door.run(["remind", "--once-a-day"])
                        stream.flush()
                finally:
                    os._exit(code)
            children.append(pid)
        os.close(start_reading)
        os.close(start_writing)
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]

    assert codes == [0] * 12
    printed = [path.read_text(encoding="utf-8") for path in out.iterdir()]
    assert len(printed) == 12
    assert sum(1 for text in printed if text) == 1
    assert [len(text.splitlines()) for text in printed if text] == [2]


# ---------------------------------------------------------------------------- --quiet


def test_check_quiet_prints_nothing_and_exits_3_or_0(legday: Any) -> None:
    due = legday("remind", "--check", "--quiet")
    log(legday, "squat", "5x5")
    done = legday("remind", "--check", "--quiet")

    assert (due.code, due.out, due.err) == (3, "", "")
    assert (done.code, done.out, done.err) == (0, "", "")


@pytest.mark.parametrize(
    "flags", [["--quiet"], ["--quiet", "--json", "--check"], ["--always", "--quiet"]]
)
def test_quiet_without_check_or_notify_or_with_json_is_exit_2(
    legday: Any, flags: list[str]
) -> None:
    result = legday("remind", *flags)

    assert (result.code, result.out) == (2, "")
    assert len(result.err.splitlines()) == 1 and result.err.startswith("Error: --quiet")


# ---------------------------------------------------------------------------- status


def test_status_lines_for_due_met_and_rest(legday: Any) -> None:
    assert legday("status").out == "legs 0/1 · 4d left\n"
    two_week_streak(legday)
    assert legday("status").out == "legs 0/1 · 4d left · 2w at stake\n"
    assert legday("status", at=SUNDAY).out == "legs 0/1 · 1d left · 2w at stake\n"
    log(legday, "squat", "5x5")
    assert legday("status").out == "legs 1/1 ✓ 3w\n"


def test_status_in_a_rest_week(legday: Any) -> None:
    two_week_streak(legday)
    assert legday("skip").code == 0

    assert legday("status").out == "legs rest · 2w\n"


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"LANG": "C"}, "legs 1/1 ok 1w"),
        ({"LANG": "en_US.ISO-8859-1"}, "legs 1/1 ok 1w"),
        ({"LANG": "C", "LC_ALL": "en_GB.UTF-8"}, "legs 1/1 ✓ 1w"),
        ({"LANG": "de_DE.utf8"}, "legs 1/1 ✓ 1w"),
        ({}, "legs 1/1 ok 1w"),
    ],
)
def test_status_is_ascii_unless_the_locale_is_utf8(
    legday: Any, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], line: str
) -> None:
    log(legday, "squat", "5x5")
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert legday("status").out == f"{line}\n"


def test_python_s_own_c_locale_coercion_does_not_fool_the_check() -> None:
    # Under LANG=C Python sets LC_CTYPE=C.UTF-8 itself and turns on its UTF-8 mode.
    coerced = {"LANG": "C", "LC_CTYPE": "C.UTF-8"}
    assert statusline.unicode_locale(coerced, utf8_mode=1) is False
    assert statusline.unicode_locale(coerced, utf8_mode=0) is True  # the user's own LC_CTYPE


def test_status_format_placeholders(legday: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    two_week_streak(legday)
    template = "{{{state}}} {done}/{goal} need {needed}, {left} left, {streak}w {mark}"

    assert legday("status", "--format", template).out == "{due} 0/1 need 1, 4 left, 2w !\n"
    log(legday, "squat", "5x5")
    assert legday("status", f"--format={template}").out == "{met} 1/1 need 0, 4 left, 3w ✓\n"
    assert legday("status", "-f", "{mark}").out == "✓\n"


@pytest.mark.parametrize("template", ["{nope}", "{", "}", "{done", "{0}", "{done:>3}"])
def test_a_bad_format_is_exit_2_naming_the_fix(legday: Any, template: str) -> None:
    result = legday("status", "--format", template)

    assert (result.code, result.out) == (2, "")
    [line] = result.err.splitlines()
    assert line.startswith("Error: --format has")


def test_status_json_is_remind_json_plus_the_streak_of_streak_json(legday: Any) -> None:
    two_week_streak(legday)

    status = legday("status", "--json").json()
    streak = legday("streak", "--json").json()

    assert set(status) >= REMIND_KEYS | {"current_streak_weeks"}
    assert status["current_streak_weeks"] == streak["current_streak_weeks"] == 2
    assert status == legday("remind", "--json").json()


@pytest.mark.parametrize(
    "argv", [["status"], ["status", "--json"], ["status", "--format", "{done}/{goal}"]]
)
def test_status_fast_path_and_typer_command_print_the_same(
    legday: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    two_week_streak(legday)
    assert cron_door.plan(argv) is not None

    with time_machine.travel(THURSDAY, tick=False):
        fast = (cron_door.run(argv), capsys.readouterr().out)
        typer = (cli.run(argv), capsys.readouterr().out)

    assert fast == typer
    assert fast[1]


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["status", "--json", "--json"],
        ["status", "--format"],
        ["status", "x"],
        ["streak"],
        [],
    ],
)
def test_status_leaves_help_and_odd_arguments_to_typer(argv: list[str]) -> None:
    assert cron_door.plan(argv) is None


def test_status_on_a_damaged_store_is_one_error_line_exit_1(legday: Any, legday_home: Path) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "rest_weeks.json").write_text("{damaged", encoding="utf-8")

    result = legday("status")

    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 1 and result.err.startswith("Error: ")


# ---------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("remind", ["--notify", "--once-a-day", "--quiet", "--check"]),
        ("status", ["--format"]),
        ("cron", ["--notify", "--install", "--uninstall", "--dry-run", "--systemd", "--launchd"]),
    ],
)
def test_each_new_option_has_an_example_in_help(
    command: str, options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    import typer.main

    click_command = typer.main.get_command(cli.app).commands[command]  # type: ignore[attr-defined]
    helps = {name: param.help or "" for param in click_command.params for name in param.opts}
    for option in options:
        assert f"E.g. legday {command}" in helps[option], option
    assert cli.run([command, "--help"]) == 0
    assert "Examples" in capsys.readouterr().out or command == "status"
