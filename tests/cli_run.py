"""The CLI as the command tests run it: in-process through `legday.cli.run` (the real exit
point) with the clock frozen on Thursday 2026-11-19 18:00 in Berlin (this week runs Mon 11-16
to Sun 11-22), and the store rows and checks those tests share."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY_EVENING = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
ENTRY_POINT = Path(sys.executable).parent / "legday"

ENTRY_KEYS = {"id", "date", "exercise", "sets", "note", "logged_at", "source"}
SET_KEYS = {"reps", "seconds", "weight", "unit", "bodyweight", "warmup", "amrap", "rpe"}


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def legday(
    capsys: pytest.CaptureFixture[str], *argv: str, at: datetime = THURSDAY_EVENING
) -> Outcome:
    capsys.readouterr()  # forget anything printed before this command
    with time_machine.travel(at, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def stored(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    result = legday(capsys, "history", "--json")
    assert result.code == 0, result.err
    entries: list[dict[str, Any]] = result.json()
    return entries


def write_store(home: Path, rows: list[dict[str, Any]]) -> None:
    """A sessions file as someone might write it by hand: header, then entry lines."""
    home.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"legday": "sessions", "schema": 1})]
    lines.extend(json.dumps(row) for row in rows)
    (home / "sessions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def entry_row(entry_id: str, day: str, exercise: str = "squat") -> dict[str, Any]:
    return {
        "id": entry_id,
        "date": day,
        "exercise": exercise,
        "sets": [{"reps": 5, "weight": 100.0, "unit": "kg"}],
        "note": None,
        "logged_at": f"{day}T18:00:00+01:00",
        "source": "log",
    }


def assert_refused(result: Outcome) -> None:
    """Exit 2 with exactly one `Error:` line on stderr and nothing on stdout."""
    assert result.code == 2
    assert result.out == ""
    assert len(result.error_lines) == 1, result.err
    assert result.error_lines[0].startswith("Error: ")
