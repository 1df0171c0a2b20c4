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
