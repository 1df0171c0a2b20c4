"""Dates as users type them (`--date`, `--since`, `skip`), and the date of "now" under
`day_starts_at`.

Reference: today is Thursday 2026-11-19 (weeks start Monday: this week is 11-16 to 11-22).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from legday.cli import run
from legday.dates import parse_day, parse_day_range
from legday.errors import UsageError

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 19)  # a Thursday
THURSDAY_EVENING = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# ---------------------------------------------------------------------------- parse_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-11-01", date(2026, 11, 1), id="iso"),
        pytest.param("2026-11-19", TODAY, id="iso-today"),
        pytest.param("2024-02-29", date(2024, 2, 29), id="leap-day"),
        pytest.param("today", TODAY, id="today"),
        pytest.param("Today", TODAY, id="today-any-case"),
        pytest.param("yesterday", date(2026, 11, 18), id="yesterday"),
        pytest.param(" yesterday ", date(2026, 11, 18), id="stray-spaces"),
        pytest.param("mon", date(2026, 11, 16), id="mon"),
        pytest.param("monday", date(2026, 11, 16), id="monday"),
        pytest.param("MONDAY", date(2026, 11, 16), id="monday-upper"),
        pytest.param("wed", date(2026, 11, 18), id="wed-is-yesterday"),
        pytest.param("thu", date(2026, 11, 12), id="thu-today-excluded"),
        pytest.param("thursday", date(2026, 11, 12), id="thursday-today-excluded"),
        pytest.param("fri", date(2026, 11, 13), id="fri-last-week"),
        pytest.param("sun", date(2026, 11, 15), id="sun"),
        pytest.param("-0", TODAY, id="minus-zero"),
        pytest.param("-1", date(2026, 11, 18), id="minus-one"),
        pytest.param("-19", date(2026, 10, 31), id="minus-across-month"),
        pytest.param("-365", date(2025, 11, 19), id="a-year-ago"),
    ],
)
def test_parse_day_reads_every_documented_form(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-11-20", "2030-01-01"])
def test_future_dates_are_refused_saying_so(text: str) -> None:
    with pytest.raises(UsageError, match="future"):
        parse_day(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow",
        "someday",
        "",
        "   ",
        "-",
        "+3",
        "3",
        "-1.5",
        "2026-13-01",
        "2026-02-30",
        "2026-11-1",
        "19/11/2026",
        "11/19",
        "mo",
        "mondayy",
        "-9999999",
    ],
)
def test_garbage_is_refused_with_the_forms_that_work(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_day(text, TODAY)

    message = raised.value.message
    assert repr(text) in message
    for form in ("YYYY-MM-DD", "today", "yesterday", "mon", "-N"):
        assert form in message
    assert "\n" not in message


def test_the_error_says_which_option_was_wrong() -> None:
    with pytest.raises(UsageError, match="--since"):
        parse_day("whenever", TODAY, what="--since date")


@given(days_ago=st.integers(min_value=0, max_value=3650), today=st.dates(date(2000, 1, 1)))
def test_minus_n_is_n_days_ago(days_ago: int, today: date) -> None:
    assert parse_day(f"-{days_ago}", today) == today - timedelta(days=days_ago)


@given(
    weekday=st.integers(min_value=0, max_value=6),
    short=st.booleans(),
    today=st.dates(date(2000, 1, 1)),
)
def test_a_weekday_name_is_the_most_recent_one_before_today(
    weekday: int, short: bool, today: date
) -> None:
    name = WEEKDAY_NAMES[weekday]
    day = parse_day(name[:3] if short else name, today)

    assert day.weekday() == weekday
    assert 1 <= (today - day).days <= 7


@given(offset=st.integers(min_value=-4000, max_value=4000))
def test_an_iso_date_is_accepted_exactly_when_not_in_the_future(offset: int) -> None:
    day = TODAY + timedelta(days=offset)
    if offset <= 0:
        assert parse_day(day.isoformat(), TODAY) == day
    else:
        with pytest.raises(UsageError):
            parse_day(day.isoformat(), TODAY)


# ---------------------------------------------------------------------------- through the CLI


def legday(
    capsys: pytest.CaptureFixture[str], *argv: str, at: datetime = THURSDAY_EVENING
) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(at, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_dates(capsys: pytest.CaptureFixture[str], at: datetime = THURSDAY_EVENING) -> list[str]:
    code, out, err = legday(capsys, "history", "--json", at=at)
    assert code == 0, err
    entries: list[dict[str, Any]] = json.loads(out)
    return [entry["date"] for entry in entries]


@pytest.mark.parametrize(
    ("date_text", "expected"),
    [
        ("mon", "2026-11-16"),
        ("thursday", "2026-11-12"),
        ("-2", "2026-11-17"),
        ("2026-01-31", "2026-01-31"),
        ("today", "2026-11-19"),
    ],
)
def test_log_date_option_takes_every_form(
    capsys: pytest.CaptureFixture[str], date_text: str, expected: str
) -> None:
    code, _, err = legday(capsys, "log", "squat", "5x5", "--date", date_text)

    assert code == 0, err
    assert stored_dates(capsys) == [expected]


def test_short_date_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = legday(capsys, "log", "squat", "5x5", "-d", "yesterday")

    assert code == 0, err
    assert stored_dates(capsys) == ["2026-11-18"]


@pytest.mark.parametrize("date_text", ["2026-11-20", "tomorrow", "next week", "-x"])
def test_log_refuses_future_and_garbage_dates_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], date_text: str
) -> None:
    code, out, err = legday(capsys, "log", "squat", "5x5", f"--date={date_text}")

    assert code == 2
    assert out == ""
    assert err.startswith("Error: ")
    assert len(err.strip().splitlines()) == 1
    assert stored_dates(capsys) == []


@pytest.mark.parametrize(
    "date_text",
    ["0001-01-01", "0001-01-14", "1899-12-31"],
)
def test_log_refuses_a_date_before_1900_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], date_text: str
) -> None:
    code, out, err = legday(capsys, "log", "squat", "5x5", "--date", date_text)

    assert (code, out) == (2, "")
    assert err.startswith("Error: ") and "1900-01-01" in err
    assert len(err.strip().splitlines()) == 1
    assert stored_dates(capsys) == []
    # and the views that broke on such an entry still work
    assert legday(capsys, "streak")[0] == 0
    assert legday(capsys, "stats")[0] == 0


def test_1900_01_01_itself_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = legday(capsys, "log", "squat", "5x5", "--date", "1900-01-01")
    assert code == 0, err
    assert stored_dates(capsys) == ["1900-01-01"]
    assert legday(capsys, "streak")[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "--since", "0001-01-01"],
        ["skip", "0001-01-01"],
        ["unskip", "0001-01-01"],
    ],
    ids=" ".join,
)
def test_every_typed_date_has_the_1900_floor(
    capsys: pytest.CaptureFixture[str], argv: list[str], legday_home: Path
) -> None:
    code, out, err = legday(capsys, *argv)
    assert (code, out) == (2, "")
    assert "before 1900-01-01" in err
    assert not (legday_home / "rest_weeks.json").exists()


def test_parse_day_refuses_the_days_before_1900() -> None:
    assert parse_day("1900-01-01", TODAY) == date(1900, 1, 1)
    for text in ("1899-12-31", "0001-01-01"):
        with pytest.raises(UsageError, match="before 1900-01-01"):
            parse_day(text, TODAY)
    with pytest.raises(UsageError, match=r"'-10' \(1899-12-22\) is before"):
        parse_day("-10", date(1900, 1, 1))


def test_since_takes_a_weekday_name(capsys: pytest.CaptureFixture[str]) -> None:
    for day in ("-9", "-4", "-3", "today"):
        legday(capsys, "log", "squat", "5x5", "--date", day)

    code, out, _ = legday(capsys, "history", "--since", "mon", "--json")

    assert code == 0
    assert [e["date"] for e in json.loads(out)] == ["2026-11-19", "2026-11-16"]


def test_since_refuses_garbage_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = legday(capsys, "history", "--since", "whenever")

    assert code == 2
    assert "--since" in err


# ---------------------------------------------------------------------------- day_starts_at


def test_after_midnight_belongs_to_the_evening_before_when_the_day_starts_later(
    capsys: pytest.CaptureFixture[str],
) -> None:
    legday(capsys, "config", "set", "day_starts_at", "04:00")
    small_hours = datetime(2026, 11, 20, 1, 30, tzinfo=BERLIN)

    legday(capsys, "log", "squat", "5x5", at=small_hours)
    legday(capsys, "log", "lunge", "3x10", "--date", "yesterday", at=small_hours)

    assert stored_dates(capsys, at=small_hours) == ["2026-11-19", "2026-11-18"]


def test_the_calendar_date_is_still_the_future_before_the_day_starts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    legday(capsys, "config", "set", "day_starts_at", "04:00")
    small_hours = datetime(2026, 11, 20, 1, 30, tzinfo=BERLIN)

    code, _, err = legday(capsys, "log", "squat", "5x5", "--date", "2026-11-20", at=small_hours)

    assert code == 2
    assert "future" in err


def test_the_new_day_begins_exactly_at_day_starts_at(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "config", "set", "day_starts_at", "04:00")

    legday(capsys, "log", "squat", "5x5", at=datetime(2026, 11, 20, 4, 0, tzinfo=BERLIN))

    assert stored_dates(capsys) == ["2026-11-20"]


def test_by_default_the_day_starts_at_midnight(capsys: pytest.CaptureFixture[str]) -> None:
    small_hours = datetime(2026, 11, 20, 1, 30, tzinfo=BERLIN)

    legday(capsys, "log", "squat", "5x5", at=small_hours)

    assert stored_dates(capsys, at=small_hours) == ["2026-11-20"]


def test_remind_uses_the_shifted_date(capsys: pytest.CaptureFixture[str]) -> None:
    legday(capsys, "config", "set", "day_starts_at", "04:00")
    # Monday 01:30 is still Sunday: the last day of last week, one day left.
    monday_small_hours = datetime(2026, 11, 23, 1, 30, tzinfo=BERLIN)

    code, out, err = legday(capsys, "remind", "--json", at=monday_small_hours)

    assert code == 0, err
    assert json.loads(out)["days_left_in_week"] == 1


# ---------------------------------------------------------------------------- parse_day_range


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        pytest.param("2026-12-24", date(2026, 12, 24), date(2026, 12, 24), id="future-day"),
        pytest.param("tomorrow", date(2026, 11, 20), date(2026, 11, 20), id="tomorrow"),
        pytest.param("+10", date(2026, 11, 29), date(2026, 11, 29), id="plus-n"),
        pytest.param("-3", date(2026, 11, 16), date(2026, 11, 16), id="minus-n"),
        pytest.param("next week", date(2026, 11, 26), date(2026, 11, 26), id="next-week"),
        pytest.param("Next  Week", date(2026, 11, 26), date(2026, 11, 26), id="any-case"),
        pytest.param("last week", date(2026, 11, 12), date(2026, 11, 12), id="last-week"),
        pytest.param("this week", TODAY, TODAY, id="this-week"),
        pytest.param("2026-12-21..2027-01-03", date(2026, 12, 21), date(2027, 1, 3), id="range"),
        pytest.param("2026-12-21 .. 2027-01-03", date(2026, 12, 21), date(2027, 1, 3), id="spaced"),
        pytest.param("today..next week", TODAY, date(2026, 11, 26), id="words-in-a-range"),
        pytest.param("fri..mon", date(2026, 11, 13), date(2026, 11, 16), id="weekdays"),
    ],
)
def test_parse_day_range_reads_days_ranges_and_weeks_ahead(
    text: str, first: date, last: date
) -> None:
    assert parse_day_range(text, TODAY) == (first, last)


@pytest.mark.parametrize(
    "text", ["", "someday", "next wek", "2026-12-21..", "..2026-12-21", "2026-02-30", "1..2..3"]
)
def test_parse_day_range_names_the_forms_it_reads(text: str) -> None:
    with pytest.raises(UsageError, match=r"this/last/next week, or a range D\.\.D"):
        parse_day_range(text, TODAY)


def test_a_backwards_range_shows_it_the_right_way_round() -> None:
    with pytest.raises(UsageError, match=r"ends before it starts.*\(2026-12-21\.\.2027-01-03\)"):
        parse_day_range("2027-01-03..2026-12-21", TODAY)
