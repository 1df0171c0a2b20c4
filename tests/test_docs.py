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
    from legday.render.remind import REMINDERS

    rows = re.findall(r"^\| \d+ \| (.+?) \| (.+?) · (.+?) \| ", README, re.MULTILINE)
    assert rows == [(r.text, r.short_source, r.source) for r in REMINDERS]


RELIABILITY = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8")
# The letters RELIABILITY.md puts before a test name, and the file each stands for.
RELIABILITY_FILES = {
    "S": "test_store.py",
    "H": "test_store_hardening.py",
    "F": "test_store_faults.py",
    "R": "test_reliability.py",
    "D": "test_device.py",
    "G": "test_gym.py",
    "X": "test_repair.py",
    "Y": "test_sync.py",
}


def test_every_test_reliability_md_names_exists() -> None:
    defined = {
        path.name: set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))
        for path in (ROOT / "tests").glob("test_*.py")
    }
    anywhere = set().union(*defined.values())
    named = re.findall(r"(?:\b([A-Z])::)?\b(test_\w+)(?!\w|\.py)", RELIABILITY)

    def exists(letter: str, name: str) -> bool:
        where = defined.get(RELIABILITY_FILES.get(letter, ""), set()) if letter else anywhere
        return name in where

    missing = [f"{letter}::{name}" for letter, name in named if not exists(letter, name)]
    assert missing == []
    assert len(named) > 50  # the pattern still finds the names
