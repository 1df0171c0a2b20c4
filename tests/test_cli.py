"""The command line as a user meets it: `legday log`, `history`, `undo`, `delete`, errors and
exit codes, `--version`, `--debug`, `path`, and the bare `legday`.

Most tests run the CLI in-process through `legday.cli.run` (the real exit point) with the clock
frozen on Thursday 2026-11-19 18:00 in Berlin; this week runs Mon 11-16 to Sun 11-22.
A few run the installed entry point in a subprocess.
"""

from __future__ import annotations

import pytest

from cli_run import (
    legday,
)

# ---------------------------------------------------------------------------- bare `legday`


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
