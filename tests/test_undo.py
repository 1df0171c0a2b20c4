"""`legday undo`: it takes back the last thing logged (not the newest date), as JSON too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cli_run import (
    THURSDAY_EVENING,
    assert_refused,
    legday,
    stored,
)


def test_undo_removes_the_most_recently_logged_entry_not_the_newest_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    legday(capsys, "log", "squat", "5x5", at=THURSDAY_EVENING)
    legday(
        capsys, "log", "lunge", "3x10", "--date", "-5", at=THURSDAY_EVENING + timedelta(minutes=5)
    )

    result = legday(capsys, "undo", at=THURSDAY_EVENING + timedelta(minutes=6))

    assert result.code == 0
    assert "lunge" in result.out
    assert [e["exercise"] for e in stored(capsys)] == ["squat"]


def test_undo_json_prints_the_removed_entry(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")
    [before] = stored(capsys)

    result = legday(capsys, "undo", "--json")

    assert result.code == 0
    assert result.json() == before
    assert stored(capsys) == []


def test_undo_with_nothing_to_undo_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused(legday(capsys, "undo"))
