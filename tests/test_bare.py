"""Bare `legday`: a welcome on an empty store, the last session otherwise; and every command
answers --help. (The other tests of the command line are in one module per command, e.g.
tests/test_log.py, with the helpers they share in tests/cli_run.py.)"""

from __future__ import annotations

import pytest

from cli_run import (
    legday,
)


def _habit_views_missing() -> bool:
    try:
        from legday.render import habit_views  # noqa: F401
    except ImportError:
        return True
    return False


@pytest.mark.skipif(
    _habit_views_missing(),
    reason="legday.render.habit_views (the dashboard view) is not written yet",
)
def test_bare_legday_on_an_empty_store_welcomes(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys)

    assert result.code == 0
    assert "legday log" in result.out
    assert result.err == ""


@pytest.mark.skipif(
    _habit_views_missing(),
    reason="legday.render.habit_views (the dashboard view) is not written yet",
)
def test_bare_legday_shows_the_last_session(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "goblet", "squat", "3x10@24kg")

    result = legday(capsys)

    assert result.code == 0
    assert "goblet squat" in result.out


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        "log", "history", "undo", "delete", "streak", "stats", "calendar", "prs",
        "exercises", "skip", "unskip", "remind", "cron", "import", "export", "config", "path",
    ]  # fmt: skip
    for command in commands:
        result = legday(capsys, command, "--help")
        assert result.code == 0, command
        assert "Usage" in result.out, command
