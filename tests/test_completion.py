"""Shell completion offers catalogue and logged exercise names, through Typer's completion env."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LEGDAY = Path(sys.executable).parent / "legday"


def complete(words: str, index: int, home: Path) -> list[str]:
    env = {
        **os.environ,
        "LEGDAY_HOME": str(home),
        "_LEGDAY_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(index),
    }
    result = subprocess.run([str(LEGDAY)], env=env, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_log_completes_catalogue_and_logged_names(legday_home: Path) -> None:
    subprocess.run(
        [str(LEGDAY), "log", "frankenstein", "squat", "3x5@60kg", "--new"],
        env={**os.environ, "LEGDAY_HOME": str(legday_home)},
        check=True,
        capture_output=True,
    )
    offered = complete("legday log fr", 2, legday_home)
    assert "front squat" in offered  # from the catalogue
    assert "frankenstein squat" in offered  # logged by this user
    assert all(name.startswith("fr") for name in offered)


def test_prs_completes_names_too(legday_home: Path) -> None:
    assert "romanian deadlift" in complete("legday prs roman", 2, legday_home)


def test_subcommands_complete(legday_home: Path) -> None:
    assert {"streak", "stats"} <= set(complete("legday st", 1, legday_home))


def test_completion_stays_quiet_on_a_broken_store(legday_home: Path) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "sessions.jsonl").write_text("not json\n")
    assert "front squat" in complete("legday log fr", 2, legday_home)
