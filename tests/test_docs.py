"""The README and --help keep up with the commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from legday.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_SCRIPT = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_app_has_every_contract_command() -> None:
    assert set(COMMANDS) >= {
        "log", "history", "undo", "delete", "streak", "stats", "calendar", "prs",
        "exercises", "skip", "unskip", "remind", "cron", "import", "export", "config", "path",
    }  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"legday {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    assert click_command.help and click_command.help.strip()


def test_readme_gives_two_setup_commands_and_ci_runs_the_test_one() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", setup)
    assert len(commands) == 2
    install, tests = commands
    assert install.endswith("legday log squat 5x5")
    test_command = tests.split("&& ", 1)[1]
    assert test_command in CI_SCRIPT


def test_the_readme_lists_every_reminder_with_both_its_sources() -> None:
    from legday.reminders import REMINDERS

    rows = re.findall(r"^\| \d+ \| (.+?) \| (.+?) · (.+?) \| ", README, re.MULTILINE)
    assert rows == [(r.text, r.short_source, r.source) for r in REMINDERS]
