"""`legday cron --install/--uninstall/--dry-run`, `--systemd` and `--launchd`.

The crontab edits are tested here as what they do to the table's bytes, and the commands
legday runs are recorded by stand-ins on PATH (argv only). Debian's real `crontab`, real
`systemd-analyze verify` and the rest are in test_cue_integration.py. HOME and
XDG_CONFIG_HOME point into the test's own folder, so no unit file lands in a real home.
"""

from __future__ import annotations

import json
import os
import plistlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legday import crontab, timers
from legday.__main__ import main as entry_point


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "user-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "bin").mkdir()
    yield home


@pytest.fixture
def legday(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    def invoke(*argv: str) -> Outcome:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["legday", *argv])
        with pytest.raises(SystemExit) as exited:
            entry_point()
        captured = capsys.readouterr()
        code = exited.value.code
        return Outcome(code if isinstance(code, int) else 0, captured.out, captured.err)

    return invoke


def stand_in(tmp_path: Path, name: str) -> Path:
    """A program on PATH that records its argv and stdin and exits 0 without output."""
    script = tmp_path / "bin" / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(tmp_path / 'calls.jsonl')!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(json.dumps({'argv': sys.argv[1:], "
        "'stdin': sys.stdin.buffer.read().decode('utf-8', 'replace')}) + '\\n')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def calls(tmp_path: Path) -> list[dict[str, Any]]:
    record = tmp_path / "calls.jsonl"
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------------------- the table


ENTRY = crontab.crontab_line("07:30", "daily")
OTHERS = b"MAILTO=me@example.org\n# backups \xe9t\xe9\n15 3 * * 1 /usr/bin/backup --all 50\\%\r\n"


def test_install_appends_legday_and_keeps_every_other_byte() -> None:
    table = crontab.with_legday(OTHERS, ENTRY)

    assert table.startswith(OTHERS)
    assert table[len(OTHERS) :].decode() == ENTRY + "\n"


def test_a_last_line_without_newline_gets_one_before_legday_s() -> None:
    table = crontab.with_legday(b"0 1 * * * true", ENTRY)

    assert table == b"0 1 * * * true\n" + ENTRY.encode() + b"\n"


def test_a_second_install_replaces_in_place_and_never_duplicates() -> None:
    first = crontab.with_legday(OTHERS, ENTRY) + b"@reboot /usr/bin/later\n"
    later = crontab.crontab_line("21:00", "mon,thu", notify=True)

    second = crontab.with_legday(first, later)

    assert second == OTHERS + later.encode() + b"\n@reboot /usr/bin/later\n"
    assert second.count(crontab.MARKER.encode()) == 1


def test_lines_pasted_from_an_older_legday_cron_are_found_and_replaced() -> None:
    pasted = (
        b"# legday: leg-day reminder (cron mails any output; legday is silent once the week is"
        b" done)\n0 18 * * * /old/venv/bin/legday remind\n"
    )
    table = crontab.with_legday(OTHERS + pasted + pasted, ENTRY)

    assert table == OTHERS + ENTRY.encode() + b"\n"


def test_uninstall_removes_only_legday_s_two_lines() -> None:
    table = b"A=1\n" + crontab.with_legday(OTHERS, ENTRY) + b"# after\n"

    kept, position = crontab.without_legday(table)

    assert b"".join(kept) == b"A=1\n" + OTHERS + b"# after\n"
    assert position == 4


def test_a_marker_without_its_job_is_removed_alone() -> None:
    table = OTHERS + crontab.MARKER.encode() + b"\n0 5 * * * /usr/bin/mine\n"

    kept, _ = crontab.without_legday(table)

    assert b"".join(kept) == OTHERS + b"0 5 * * * /usr/bin/mine\n"


def test_install_reads_then_writes_the_whole_table_through_crontab(
    legday: Any, tmp_path: Path
) -> None:
    stand_in(tmp_path, "crontab")

    result = legday("cron", "--install", "--at", "06:45", "--notify")

    assert result.code == 0, result.err
    read, write = calls(tmp_path)
    assert read["argv"] == ["-l"]
    assert write["argv"] == ["-"]
    comment, job = write["stdin"].splitlines()
    assert comment.startswith(crontab.MARKER)
    assert job.startswith("45 6 * * * ") and job.endswith(" remind --notify")
    assert job in result.err  # the confirmation shows the line


def test_dry_run_reads_and_writes_nothing(legday: Any, tmp_path: Path) -> None:
    stand_in(tmp_path, "crontab")

    result = legday("cron", "--dry-run")

    assert result.code == 0
    assert [call["argv"] for call in calls(tmp_path)] == [["-l"]]
    assert result.out.splitlines()[0].startswith(crontab.MARKER)
    assert "unchanged" in result.err


def test_without_a_crontab_command_install_is_one_error_line(legday: Any) -> None:
    for action in ("--install", "--uninstall"):
        result = legday("cron", action)

        assert (result.code, result.out) == (1, "")
        [line] = result.err.splitlines()
        assert line.startswith("Error: no `crontab` command on PATH")


@pytest.mark.parametrize(
    "argv",
    [
        ["cron", "--install", "--uninstall"],
        ["cron", "--systemd", "--launchd"],
        ["cron", "--install", "--at", "25:00"],
        ["cron", "--systemd", "--days", "funday"],
    ],
)
def test_contradictions_and_bad_times_are_exit_2_before_anything_runs(
    legday: Any, tmp_path: Path, argv: list[str]
) -> None:
    stand_in(tmp_path, "crontab")
    stand_in(tmp_path, "systemctl")

    result = legday(*argv)

    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Error: ") and len(result.err.splitlines()) == 1
    assert calls(tmp_path) == []
    assert not (Path(os.environ["XDG_CONFIG_HOME"]) / "systemd").exists()


# ---------------------------------------------------------------------------- systemd


def unit_dir() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"


@pytest.mark.parametrize(
    ("days", "calendar"),
    [
        ("daily", "*-*-* 07:05:00"),
        ("weekdays", "Mon..Fri *-*-* 07:05:00"),
        ("fri,mon,sun", "Sun,Mon,Fri *-*-* 07:05:00"),
    ],
)
def test_systemd_writes_a_service_and_a_persistent_timer(
    legday: Any, days: str, calendar: str
) -> None:
    result = legday("cron", "--systemd", "--at", "7:05", "--days", days, "--notify")

    assert result.code == 0, result.err
    assert result.out == "systemctl --user enable --now legday-remind.timer\n"
    service = (unit_dir() / "legday-remind.service").read_text(encoding="utf-8")
    timer = (unit_dir() / "legday-remind.timer").read_text(encoding="utf-8")
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith(" remind --notify")
    assert Path(exec_start.removeprefix("ExecStart=").split()[0]).is_absolute()
    assert f'Environment="LEGDAY_HOME={os.environ["LEGDAY_HOME"]}"' in service
    assert f"OnCalendar={calendar}\n" in timer
    assert "Persistent=true\n" in timer
    assert "WantedBy=timers.target\n" in timer


def test_systemd_without_notify_says_where_the_output_goes(legday: Any) -> None:
    result = legday("cron", "--systemd")

    assert "add --notify" in result.err


def test_systemd_quotes_what_systemd_would_expand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGDAY_HOME", '/data/100% "mine" $HOME')
    monkeypatch.setattr(crontab, "legday_command", lambda: ["/opt/my legday/bin/legday"])

    service = timers.systemd_units(crontab.parse_schedule("18:00", "daily"), notify=False)[
        timers.SERVICE
    ]

    assert 'ExecStart="/opt/my legday/bin/legday" remind\n' in service
    assert 'Environment="LEGDAY_HOME=/data/100%% \\"mine\\" $HOME"\n' in service


def test_systemd_dry_run_shows_both_files_and_writes_nothing(legday: Any) -> None:
    result = legday("cron", "--systemd", "--dry-run")

    assert result.code == 0
    assert f"# {unit_dir() / 'legday-remind.service'}" in result.out
    assert "OnCalendar=*-*-* 18:00:00" in result.out
    assert not unit_dir().exists()


def test_systemd_install_reloads_and_enables_the_timer(legday: Any, tmp_path: Path) -> None:
    stand_in(tmp_path, "systemctl")

    result = legday("cron", "--systemd", "--install", "--notify")

    assert result.code == 0, result.err
    assert [call["argv"] for call in calls(tmp_path)] == [
        ["--user", "daemon-reload"],
        ["--user", "enable", "--now", "legday-remind.timer"],
    ]
    assert (unit_dir() / "legday-remind.timer").exists()


def test_systemd_install_without_systemctl_is_an_error_and_writes_nothing(legday: Any) -> None:
    result = legday("cron", "--systemd", "--install")

    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("Error: --install needs `systemctl`")
    assert not unit_dir().exists()


def test_an_unwritable_unit_dir_is_one_error_line_and_nothing_half_written(
    legday: Any,
) -> None:
    # Root writes through permission bits, so the way is blocked with a file instead.
    unit_dir().parent.mkdir(parents=True)
    unit_dir().write_text("in the way", encoding="utf-8")

    result = legday("cron", "--systemd")

    assert result.code == 1
    [line] = result.err.splitlines()
    assert line.startswith("Error: cannot create") and "nothing written" in line


def test_the_two_units_are_written_together_or_not_at_all(legday: Any) -> None:
    unit_dir().mkdir(parents=True)
    (unit_dir() / "legday-remind.timer").mkdir()  # the second file cannot be swapped in

    result = legday("cron", "--systemd")

    assert result.code == 1
    assert result.err.startswith("Error: ") and "nothing written" in result.err
    assert sorted(path.name for path in unit_dir().iterdir()) == ["legday-remind.timer"]


def test_systemd_uninstall_stops_the_timer_and_removes_both_files(
    legday: Any, tmp_path: Path
) -> None:
    assert legday("cron", "--systemd").code == 0
    stand_in(tmp_path, "systemctl")

    result = legday("cron", "--systemd", "--uninstall")

    assert result.code == 0, result.err
    assert list(unit_dir().iterdir()) == []
    assert [call["argv"] for call in calls(tmp_path)] == [
        ["--user", "disable", "--now", "legday-remind.timer"],
        ["--user", "daemon-reload"],
    ]
    assert "no legday timer" in legday("cron", "--systemd", "--uninstall").err


# ---------------------------------------------------------------------------- launchd


def plist_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / "legday.remind.plist"


def test_launchd_writes_a_launch_agent(legday: Any, user_dirs: Path) -> None:
    result = legday("cron", "--launchd", "--at", "19:15", "--days", "mon,wed", "--notify")

    assert result.code == 0, result.err
    agent = plistlib.loads(plist_path(user_dirs).read_bytes())
    assert agent["Label"] == "legday.remind"
    assert agent["ProgramArguments"][-2:] == ["remind", "--notify"]
    assert Path(agent["ProgramArguments"][0]).is_absolute()
    assert agent["StartCalendarInterval"] == [
        {"Hour": 19, "Minute": 15, "Weekday": 1},
        {"Hour": 19, "Minute": 15, "Weekday": 3},
    ]
    assert agent["EnvironmentVariables"] == {"LEGDAY_HOME": os.environ["LEGDAY_HOME"]}
    assert result.out == f"launchctl bootstrap gui/{os.getuid()} {plist_path(user_dirs)}\n"


def test_launchd_daily_is_one_calendar_interval(legday: Any, user_dirs: Path) -> None:
    assert legday("cron", "--launchd").code == 0

    agent = plistlib.loads(plist_path(user_dirs).read_bytes())
    assert agent["StartCalendarInterval"] == {"Hour": 18, "Minute": 0}


def test_launchd_install_replaces_a_loaded_agent(
    legday: Any, tmp_path: Path, user_dirs: Path
) -> None:
    stand_in(tmp_path, "launchctl")

    result = legday("cron", "--launchd", "--install")

    assert result.code == 0, result.err
    uid = os.getuid()
    assert [call["argv"] for call in calls(tmp_path)] == [
        ["bootout", f"gui/{uid}/legday.remind"],
        ["bootstrap", f"gui/{uid}", str(plist_path(user_dirs))],
    ]


def test_launchd_uninstall_removes_the_agent(legday: Any, user_dirs: Path) -> None:
    assert legday("cron", "--launchd").code == 0

    result = legday("cron", "--launchd", "--uninstall")

    assert result.code == 0
    assert not plist_path(user_dirs).exists()
