"""`legday log`: what it stores, the week it reports, names it refuses or asks about, and the one
error line of every refusal (the clock frozen as tests/cli_run.py says)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import (
    ENTRY_KEYS,
    assert_refused,
    legday,
    stored,
)


def test_log_records_an_entry_for_today_and_reports_the_week(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = legday(capsys, "log", "squat", "5x5")

    assert result.code == 0
    assert "squat" in result.out
    assert "This week: 1 leg day" in result.out
    [entry] = stored(capsys)
    assert entry["exercise"] == "squat"
    assert entry["date"] == "2026-11-19"
    assert [(s["reps"], s["weight"]) for s in entry["sets"]] == [(5, None)] * 5


def test_log_with_alias_and_yesterday_resolves_both(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "rdl", "3x8@60kg", "--date", "yesterday")

    assert result.code == 0
    assert "romanian deadlift" in result.out
    [entry] = stored(capsys)
    assert entry["exercise"] == "romanian deadlift"
    assert entry["date"] == "2026-11-18"
    assert [(s["reps"], s["weight"], s["unit"]) for s in entry["sets"]] == [(8, 60.0, "kg")] * 3


def test_multi_word_exercise_needs_no_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "log", "front", "squat", "5x5@80kg").code == 0

    [entry] = stored(capsys)
    assert entry["exercise"] == "front squat"
    assert len(entry["sets"]) == 5
    assert {s["weight"] for s in entry["sets"]} == {80.0}


def test_log_json_prints_the_stored_entry(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "squat", "3x5@100kg", "--note", "felt heavy", "--json")

    assert result.code == 0
    printed = result.json()
    assert set(printed) == ENTRY_KEYS
    assert printed["note"] == "felt heavy"
    assert stored(capsys) == [printed]


def test_several_entries_on_one_date_are_one_leg_day(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "log", "squat", "5x5")
    second = legday(capsys, "log", "lunge", "3x12@bw")

    assert second.code == 0
    assert "1 leg day" in second.out
    assert len(stored(capsys)) == 2


def test_did_you_mean_refuses_a_typo_and_stores_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = legday(capsys, "log", "sqaut", "5x5")

    assert_refused(result)
    assert "did you mean" in result.err
    assert "'squat'" in result.err
    assert "--new" in result.err
    assert stored(capsys) == []


def test_new_flag_stores_the_unknown_name_and_it_is_known_from_then_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert legday(capsys, "log", "sqaut", "5x5", "--new").code == 0
    again = legday(capsys, "log", "sqaut", "3x5")

    assert again.code == 0
    assert [e["exercise"] for e in stored(capsys)] == ["sqaut", "sqaut"]


@pytest.mark.parametrize(
    "words",
    [
        ["bench", "press"],
        ["Overhead", "Press"],
        ["pull-ups"],
        ["bicep", "curl"],
        ["lat", "pulldown"],
    ],
)
def test_log_refuses_an_exercise_that_is_not_legs(
    capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    result = legday(capsys, "log", *words, "3x5@80kg")

    assert_refused(result)
    assert "is not a leg exercise; legday counts leg days" in result.err
    assert "--new" in result.err
    assert stored(capsys) == []


def test_new_logs_a_leg_variation_the_catalogue_takes_for_something_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert legday(capsys, "log", "hip", "press", "3x10@100kg", "--new").code == 0
    assert [e["exercise"] for e in stored(capsys)] == ["hip press"]


def test_leg_curl_is_legs_though_curl_is_not(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "log", "leg", "curl", "3x10@40kg").code == 0
    assert [e["exercise"] for e in stored(capsys)] == ["leg curl"]


def test_log_and_import_agree_on_what_is_legs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "hevy.csv"
    export.write_text(
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
        '"Day","15 Nov 2026, 07:48","15 Nov 2026, 08:48","","Bench Press (Barbell)","","",'
        '"0","normal","80","5","","",""\n'
        '"Day","15 Nov 2026, 07:48","15 Nov 2026, 08:48","","Squat (Barbell)","","",'
        '"0","normal","100","5","","",""\n',
        encoding="utf-8",
    )
    imported = legday(capsys, "import", str(export), "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["entries_added"] == 1
    assert_refused(legday(capsys, "log", "Bench", "Press", "(Barbell)", "1x5@80kg"))
    assert [e["exercise"] for e in stored(capsys)] == ["squat"]


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["log", "squat", "0x5"], id="zero-sets"),
        pytest.param(["log", "squat", "5x0"], id="zero-reps"),
        pytest.param(["log", "squat", "3x10,8@60kg"], id="reps-list-length"),
        pytest.param(["log", "squat", "5x5@2000kg"], id="too-heavy"),
        pytest.param(["log", "squat", "225x5"], id="reps-look-like-load"),
        pytest.param(["log", "squat", "5x5", "rpe11"], id="rpe-out-of-range"),
        pytest.param(["log", "squat"], id="no-sets"),
        pytest.param(["log", "5x5"], id="no-exercise"),
        pytest.param(["log", "squat", "5x5", "--date", "2026-11-20"], id="future-date"),
        pytest.param(["log", "squat", "5x5", "--date", "tomorrow"], id="unreadable-date"),
        pytest.param(["log", "squat", "5x5", "--date", "2026-02-30"], id="impossible-date"),
        pytest.param(["log", "squat", "5x5", "--bogus"], id="unknown-option"),
        pytest.param(["log"], id="missing-argument"),
        pytest.param(["lgo", "squat", "5x5"], id="unknown-command"),
    ],
)
def test_every_refusal_is_one_error_line_exit_2_and_nothing_stored(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert_refused(legday(capsys, *argv))
    assert stored(capsys) == []


def test_a_bad_set_spec_names_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "squat", "5x5@100kg", "3xbanana")

    assert_refused(result)
    assert "3xbanana" in result.err


def test_225x5_hint_offers_both_readings(capsys: pytest.CaptureFixture[str]) -> None:
    result = legday(capsys, "log", "squat", "225x5")

    assert_refused(result)
    assert "225kgx5" in result.err
    assert "1x5@225" in result.err
