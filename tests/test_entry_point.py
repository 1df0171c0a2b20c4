"""The entry point as a shell meets it: `--version`, `python -m legday`, the installed script,
and `--debug`/LEGDAY_DEBUG (one line without them, the traceback with them, exit codes kept)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_run import (
    ENTRY_POINT,
    Outcome,
    legday,
)
from legday import __version__, gym
from legday.cli import run


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "--version")

    assert result.code == 0
    assert result.out.strip() == f"legday {__version__}"


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("kaboom")


def test_an_unexpected_error_is_one_line_without_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gym, "history_page", _explode)

    result = legday(capsys, "history")

    assert result.code == 1
    assert len(result.error_lines) == 1
    assert "kaboom" in result.err
    assert "--debug" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_lets_the_traceback_through(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(gym, "history_page", _explode)
    argv = ["history"]
    if how == "flag":
        argv.insert(0, "--debug")
    else:
        monkeypatch.setenv("LEGDAY_DEBUG", "1")

    # `run` re-raises; the interpreter then prints the traceback.
    with pytest.raises(RuntimeError, match="kaboom"):
        run(argv)


def _subprocess(*argv: str, env_extra: dict[str, str] | None = None) -> Outcome:
    env = {**os.environ, "NO_COLOR": "1", **(env_extra or {})}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    return Outcome(done.returncode, done.stdout, done.stderr)


def test_debug_traceback_reaches_the_terminal_from_the_entry_point(legday_home: Path) -> None:
    # A sessions file without its header: the store refuses it (exit 1, one line).
    legday_home.mkdir(parents=True)
    (legday_home / "sessions.jsonl").write_text("not a header\n", encoding="utf-8")

    plain = _subprocess(str(ENTRY_POINT), "history")
    debug = _subprocess(str(ENTRY_POINT), "--debug", "history")

    assert plain.code == 1
    assert len([line for line in plain.err.splitlines() if line.strip()]) == 1
    assert "Traceback" not in plain.err
    assert "Traceback" in debug.err


def test_debug_keeps_the_exit_code_of_a_usage_error() -> None:
    result = _subprocess(str(ENTRY_POINT), "--debug", "log", "sqaut", "5x5")

    assert result.code == 2
    assert "did you mean" in result.err


def test_debug_keeps_the_exit_code_of_an_unknown_option() -> None:
    result = _subprocess(str(ENTRY_POINT), "--debug", "log", "squat", "5x5", "--bogus")

    assert result.code == 2
    assert "--bogus" in result.err


def test_python_dash_m_legday_version() -> None:
    result = _subprocess(sys.executable, "-m", "legday", "--version")

    assert result.code == 0
    assert result.out.strip() == f"legday {__version__}"


def test_installed_entry_point_logs_and_lists(legday_home: Path) -> None:
    logged = _subprocess(str(ENTRY_POINT), "log", "front", "squat", "3x5@80kg")
    listed = _subprocess(str(ENTRY_POINT), "history", "--json")

    assert logged.code == 0, logged.err
    assert [e["exercise"] for e in json.loads(listed.out)] == ["front squat"]
