"""`legday skip` / `unskip` as a user meets them: ranges, planning ahead, and the rules that keep
a rest week from reviving a streak.

The clock is frozen on Thursday 2026-11-19 18:00 in Berlin (this week: Mon 11-16 to Sun 11-22).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run
from store_layout import device_log

THURSDAY_EVENING = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def legday(
    capsys: pytest.CaptureFixture[str], *argv: str, at: datetime = THURSDAY_EVENING
) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(at, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rest_dates(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The dates of the stored rest marks, as `legday export` gives them."""
    code, out, err = legday(capsys, "export", "--format", "json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return sorted(week["date"] for week in document["rest_weeks"])


def refused(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_a_holiday_can_be_planned_as_a_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = legday(capsys, "skip", "2026-12-21..2027-01-03", "--reason", "holiday")
    assert code == 0
    assert out == (
        "The 2 weeks from 2026-12-21 to 2027-01-03 are rest weeks (holiday): "
        "they won't break your streak.\n"
    )
    assert rest_dates(capsys) == ["2026-12-21", "2026-12-28"]


def test_next_week_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = legday(capsys, "skip", "next", "week")
    assert code == 0
    assert "The week of 2026-11-23 to 2026-11-29 is a rest week" in out
    assert rest_dates(capsys) == ["2026-11-26"]


def test_a_planned_rest_week_holds_the_streak_when_it_comes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for day in ("-10", "-3"):
        assert legday(capsys, "log", "squat", "5x5", "--date", day)[0] == 0
    assert legday(capsys, "skip", "next", "week")[0] == 0
    two_weeks_on = THURSDAY_EVENING + timedelta(days=14)
    code, out, _ = legday(capsys, "streak", "--json", at=two_weeks_on)
    assert code == 0
    # 11-09 and 11-16 met, 11-23 rest, 11-30 missed: the streak is still 2 weeks, not 0.
    assert json.loads(out)["current_streak_weeks"] == 2


def test_a_week_that_met_the_goal_cannot_be_rest(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "log", "squat", "5x5")[0] == 0
    error = refused(legday(capsys, "skip"))
    assert "the week of 2026-11-16 to 2026-11-22 already met the goal (1 of 1 leg day)" in error
    assert rest_dates(capsys) == []


def test_a_missed_week_can_be_rested_within_7_days_of_its_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Last week (11-09 to 11-15) was missed; it ended four days ago.
    assert legday(capsys, "skip", "-7", "--reason", "flu")[0] == 0
    assert rest_dates(capsys) == ["2026-11-12"]


def test_an_old_missed_week_cannot_revive_a_streak(capsys: pytest.CaptureFixture[str]) -> None:
    # The week of 11-02 ended on 11-08, eleven days ago.
    error = refused(legday(capsys, "skip", "2026-11-04"))
    assert "ended more than 7 days ago" in error
    assert "until 2026-11-15" in error
    assert rest_dates(capsys) == []


def test_a_range_with_one_bad_week_marks_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "log", "squat", "5x5")[0] == 0
    error = refused(legday(capsys, "skip", "today..2026-12-06"))
    assert "already met the goal" in error
    assert rest_dates(capsys) == []


def test_skipping_a_rest_week_again_says_so_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    assert legday(capsys, "skip", "2026-12-21..2027-01-03")[0] == 0
    before = device_log(legday_home).read_bytes()
    code, out, _ = legday(capsys, "skip", "2026-12-21..2027-01-03")
    assert code == 0
    assert "are already rest weeks" in out
    assert device_log(legday_home).read_bytes() == before
    code, out, _ = legday(capsys, "skip", "2026-12-14..2026-12-27")
    assert code == 0
    assert "The 2 weeks from 2026-12-14 to 2026-12-27 are rest weeks (1 already was)" in out


def test_unskip_takes_a_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "skip", "2026-12-21..2027-01-03")[0] == 0
    assert legday(capsys, "skip", "next", "week")[0] == 0
    code, out, _ = legday(capsys, "unskip", "2026-12-01..2027-01-31")
    assert code == 0
    assert out == "2 rest weeks from 2026-11-30 to 2027-01-31 count again.\n"
    assert rest_dates(capsys) == ["2026-11-26"]
    error = refused(legday(capsys, "unskip", "2026-12-01..2027-01-31"))
    assert "no week from 2026-11-30 to 2027-01-31 is a rest week" in error


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["skip", "2027-12-25"], "more than a year ahead"),
        (["skip", "2026-01-01..2027-06-01"], "at most 52 rest weeks"),
        (["skip", "2027-01-03..2026-12-21"], "ends before it starts"),
        (["skip", "next", "wek"], "this/last/next week, or a range D..D"),
        (["unskip", "someday"], "this/last/next week, or a range D..D"),
    ],
)
def test_bad_rest_requests_say_why_and_write_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], reason: str
) -> None:
    assert reason in refused(legday(capsys, *argv))
    assert rest_dates(capsys) == []


@pytest.mark.parametrize("command", ["skip", "unskip"])
def test_help_lists_the_date_forms_with_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = legday(capsys, command, "--help")
    assert code == 0
    flat = " ".join(out.split())
    for form in ("YYYY-MM-DD", "tomorrow", "+N", "next week", "D..D"):
        assert form in flat
    assert f"legday {command} 2026-12-21..2027-01-03" in out
