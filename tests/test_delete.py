"""`legday delete`: by id or unique prefix in any case, refused when a prefix names no single
entry, and only ever appended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_run import (
    assert_refused,
    entry_row,
    legday,
    stored,
    write_store,
)
from store_layout import device_log


def test_delete_by_a_six_character_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")
    legday(capsys, "log", "lunge", "3x10")
    lunge = next(e for e in stored(capsys) if e["exercise"] == "lunge")

    result = legday(capsys, "delete", lunge["id"][:6], "--json")

    assert result.code == 0
    assert result.json() == lunge
    assert [e["exercise"] for e in stored(capsys)] == ["squat"]


def test_delete_by_full_id_in_upper_case(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")
    [entry] = stored(capsys)

    result = legday(capsys, "delete", entry["id"].upper())

    assert result.code == 0
    assert "squat" in result.out
    assert stored(capsys) == []


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        pytest.param("abcde", "too short", id="too-short"),
        pytest.param("abcdef", "matches 2", id="ambiguous"),
        pytest.param("0123456", "no entry", id="unknown"),
    ],
)
def test_delete_refuses_a_prefix_that_does_not_name_one_entry(
    capsys: pytest.CaptureFixture[str], legday_home: Path, prefix: str, says: str
) -> None:
    write_store(
        legday_home,
        [
            entry_row("abcdef0111111111", "2026-11-16"),
            entry_row("abcdef0222222222", "2026-11-17", "lunge"),
        ],
    )
    before = (legday_home / "sessions.jsonl").read_bytes()

    result = legday(capsys, "delete", prefix)

    assert_refused(result)
    assert says in result.err
    assert (legday_home / "sessions.jsonl").read_bytes() == before


def test_delete_appends_a_removal_and_rewrites_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    legday(capsys, "log", "squat", "5x5")
    [entry] = stored(capsys)
    before = device_log(legday_home).read_bytes()

    legday(capsys, "delete", entry["id"])

    after = device_log(legday_home).read_bytes()
    assert after.startswith(before)
    assert json.loads(after[len(before) :])["op"] == "remove"
    assert stored(capsys) == []
