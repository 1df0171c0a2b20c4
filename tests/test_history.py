"""`legday history`: the contract's JSON keys, the order, the filters and the human list."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cli_run import (
    ENTRY_KEYS,
    SET_KEYS,
    THURSDAY_EVENING,
    legday,
    stored,
)


def test_history_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "2x5@100kg", "w:1x5@60kg", "1x8+@80kg", "rpe8", "--note", "ok")
    legday(capsys, "log", "wall", "sit", "2x60s")
    legday(capsys, "log", "lunge", "3x12@bw+10kg")

    entries = stored(capsys)

    assert len(entries) == 3
    for entry in entries:
        assert set(entry) == ENTRY_KEYS
        assert entry["source"] == "log"
        assert len(entry["id"]) >= 6
        for one_set in entry["sets"]:
            assert set(one_set) == SET_KEYS
    by_name = {e["exercise"]: e for e in entries}
    squat_sets = by_name["squat"]["sets"]
    assert [s["warmup"] for s in squat_sets] == [False, False, True, False]
    assert squat_sets[-1]["amrap"] is True
    assert squat_sets[-1]["rpe"] == 8
    assert by_name["squat"]["note"] == "ok"
    assert {s["seconds"] for s in by_name["wall sit"]["sets"]} == {60}
    assert {s["weight"] for s in by_name["wall sit"]["sets"]} == {None}
    lunge = by_name["lunge"]["sets"][0]
    assert (lunge["bodyweight"], lunge["weight"], lunge["unit"]) == (True, 10.0, "kg")


def test_logged_at_is_iso_8601_with_the_local_offset(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")

    [entry] = stored(capsys)
    logged_at = datetime.fromisoformat(entry["logged_at"])
    assert logged_at.utcoffset() == timedelta(hours=1)
    assert logged_at == THURSDAY_EVENING


def test_history_is_newest_first_whatever_the_logging_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    legday(capsys, "log", "squat", "5x5", "--date", "-3")
    legday(capsys, "log", "lunge", "3x10")
    legday(capsys, "log", "leg", "press", "3x10@100kg", "--date", "-10")

    assert [e["date"] for e in stored(capsys)] == ["2026-11-19", "2026-11-16", "2026-11-09"]


def test_history_filters_by_limit_since_and_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "rdl", "3x8@60kg", "--date", "-10")
    legday(capsys, "log", "squat", "5x5", "--date", "-3")
    legday(capsys, "log", "lunge", "3x10")

    limited = legday(capsys, "history", "--limit", "1", "--json").json()
    since = legday(capsys, "history", "--since", "mon", "--json").json()
    by_alias = legday(capsys, "history", "--exercise", "rdl", "--json").json()

    assert [e["exercise"] for e in limited] == ["lunge"]
    assert [e["exercise"] for e in since] == ["lunge", "squat"]
    assert [e["exercise"] for e in by_alias] == ["romanian deadlift"]


def test_history_human_view_lists_ids(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5@100kg")
    [entry] = stored(capsys)

    result = legday(capsys, "history")

    assert result.code == 0
    assert "squat" in result.out
    assert entry["id"][:6] in result.out
    assert "\x1b[" not in result.out  # no TTY: no colour codes


def test_history_on_an_empty_store_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "history", "--json")

    assert result.code == 0
    assert result.json() == []
