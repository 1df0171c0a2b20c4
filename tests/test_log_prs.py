"""`legday log` announces a new record exactly when one is beaten."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from legday.cli import run

NOW = datetime(2026, 11, 19, 18, 30, tzinfo=timezone(timedelta(hours=1)))


def log(args: str, capsys: pytest.CaptureFixture[str]) -> str:
    with time_machine.travel(NOW, tick=False):
        assert run(["log", *args.split()]) == 0
    return capsys.readouterr().out


def test_first_entry_announces_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert "PR" not in log("squat 5x5@100kg --date -7", capsys)


def test_a_heavier_set_announces_heaviest_and_e1rm(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 5x5@100kg --date -7", capsys)
    out = log("squat 3x5@110kg", capsys)
    assert "New heaviest PR: 110 kg, up from 100" in out
    assert "New e1RM PR: 128.3 kg, up from 116.7" in out


def test_equalling_a_record_announces_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 5x5@100kg --date -7", capsys)
    assert "PR" not in log("squat 5x5@100kg", capsys)


def test_warm_ups_never_make_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 5x5@100kg --date -7", capsys)
    assert "PR" not in log("squat w:1x1@140kg 1x5@60kg", capsys)


def test_records_compare_across_units(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 1x5@100kg --date -7", capsys)
    out = log("squat 1x5@225lb", capsys)  # 225 lb = 102.06 kg
    assert "New heaviest PR: 102.1 kg, up from 100" in out


def test_a_session_volume_pr_is_announced_once_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 5x5@100kg --date -7", capsys)  # best session: 2,500 kg
    first = log("squat 5x5@100kg", capsys)
    assert "PR" not in first  # 2,500 kg equals the record
    second = log("squat 1x5@100kg", capsys)
    assert "New session volume PR: 3,000 kg, up from 2,500" in second
    third = log("squat 1x5@100kg", capsys)
    assert "PR" not in third  # the day's session grew, but its record was already announced


def test_each_record_is_announced_once_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 1x5@100kg --date -7", capsys)
    assert "New heaviest PR: 105 kg, up from 100" in log("squat 1x5@105kg", capsys)
    later = log("squat 1x5@110kg", capsys)
    assert "heaviest PR" not in later
    assert "e1RM PR" not in later
    # Another day is another chance: the record to beat is now the 110 kg of that day.
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert run(["log", "squat", "1x5@112.5kg"]) == 0
    assert "New heaviest PR: 112.5 kg, up from 110" in capsys.readouterr().out


def test_a_record_not_yet_announced_today_still_is(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 1x5@100kg --date -7", capsys)
    log("squat 1x8@90kg", capsys)  # most reps today: 8, announced
    out = log("squat 1x5@105kg", capsys)  # heaviest: not yet announced today
    assert "New heaviest PR: 105 kg, up from 100" in out
    assert "reps PR" not in out


def test_a_dumbbell_squat_sets_no_barbell_squat_record(capsys: pytest.CaptureFixture[str]) -> None:
    log("squat 5x5@100kg --date -7", capsys)
    out = log("dumbbell squat 5x5@120kg", capsys)
    assert "Logged dumbbell squat" in out
    assert "PR" not in out  # a first dumbbell squat is a start, not a barbell squat record
    assert "New heaviest PR: 105 kg, up from 100" in log("squat 1x5@105kg", capsys)
