"""The numbers a brand-new user meets, through the real command line.

The clock is frozen on Thursday 2026-11-19 18:00 in Berlin (this week: Mon 11-16 to Sun 11-22).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run

THURSDAY_EVENING = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(THURSDAY_EVENING, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stats_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = legday(capsys, "stats", "--json", *argv)
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def test_a_first_session_today_is_100_percent_consistency(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert legday(capsys, "log", "squat", "5x5@60kg")[0] == 0
    stats = stats_json(capsys)
    assert stats["consistency"] == 1.0
    assert stats["average_per_week"] == 1.0
    assert [week["started"] for week in stats["weeks"]] == [False] * 11 + [True]
    assert all(week["met"] is False for week in stats["weeks"][:-1])
    code, out, _ = legday(capsys, "stats")
    assert code == 0
    assert "Consistency  100% (1 of 1 week met)" in out
    assert "Average      1.0 leg days per week" in out


def test_the_weeks_since_the_first_leg_day_are_the_ones_judged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # First leg day three weeks ago (week of 10-26 is missed), then last week, then this week.
    for day in ("2026-10-28", "2026-11-11", "2026-11-12", "2026-11-17"):
        assert legday(capsys, "log", "squat", "5x5@60kg", "--date", day)[0] == 0
    stats = stats_json(capsys, "--weeks", "6")
    assert [week["started"] for week in stats["weeks"]] == [False, False, True, True, True, True]
    # 10-26: 1, 11-02: 0, 11-09: 2, 11-16 (this week, met): 1 -> 4 leg days in 4 weeks.
    assert stats["average_per_week"] == 1.0
    assert stats["consistency"] == 0.75
    code, out, _ = legday(capsys, "streak")
    assert code == 0
    # Eight blank weeks before the first leg day, then met, missed, met, met.
    assert "Last 12 weeks   " + " " * 8 + "#.##\n" in out
