"""The cron path's light readers: the recent end of the sessions file and the rest weeks.

Each answers exactly what the full loader would, or None so that the full loader decides.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday.cli import run
from legday.errors import StoreError
from legday.paths import Paths
from legday.store import Store
from legday.tail import BLOCK_SIZE, read_rest_dates, read_tail

HEADER = '{"legday": "sessions", "schema": 1}\n'
SINCE = date(2026, 1, 5)
FIXTURE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def line(day: str, high_water: str | None = None, **extra: Any) -> str:
    row: dict[str, Any] = {"id": day, "date": day, **extra}
    if high_water is not None:
        row["_hw"] = high_water
    return json.dumps(row) + "\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def appended(days: list[date]) -> tuple[str, list[dict[str, Any]]]:
    """A sessions file as appends in this order write it (each `_hw` the highest date so far),
    and its rows in file order."""
    rows: list[dict[str, Any]] = []
    highest = date.min
    for number, day in enumerate(days):
        highest = max(highest, day)
        rows.append({"id": str(number), "date": day.isoformat(), "_hw": highest.isoformat()})
    return HEADER + "".join(json.dumps(row) + "\n" for row in rows), rows


# ---------------------------------------------------------------------------- read_tail

_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@FIXTURE_SETTINGS
@given(days=st.lists(_DAYS, max_size=40), since=_DAYS, block=st.sampled_from([1, 7, 100, None]))
def test_the_tail_holds_exactly_the_entries_since_the_date(
    tmp_path: Path, days: list[date], since: date, block: int | None
) -> None:
    text, rows = appended(days)
    path = write(tmp_path / "sessions.jsonl", text)

    with pytest.MonkeyPatch.context() as patch:
        if block is not None:  # small blocks put lines across block boundaries
            patch.setattr("legday.tail.BLOCK_SIZE", block)
        tail = read_tail(path, since)

    assert tail == [row for row in reversed(rows) if row["date"] >= since.isoformat()]


def test_since_a_week_boundary(tmp_path: Path) -> None:
    # `since` is inclusive: an entry on that very day is in the tail, one the day before not.
    text, _ = appended([SINCE - timedelta(days=1), SINCE])
    tail = read_tail(write(tmp_path / "sessions.jsonl", text), SINCE)
    assert tail is not None
    assert [row["date"] for row in tail] == [SINCE.isoformat()]


def test_lines_above_the_stop_point_are_never_read(tmp_path: Path) -> None:
    # Damage far above the window does not matter: the tail stops where `_hw` says it may,
    # which is what keeps cron's cost flat however long the history.
    old = "".join(line(f"2024-03-{day:02d}", f"2024-03-{day:02d}") for day in range(1, 29))
    recent = line("2026-01-06", "2026-01-06") + line("2026-01-07", "2026-01-07")
    filler = "{not json at all}\n" * (3 * BLOCK_SIZE // 18)
    path = write(tmp_path / "sessions.jsonl", HEADER + filler + old + recent)

    tail = read_tail(path, SINCE)

    assert tail is not None
    assert [row["date"] for row in tail] == ["2026-01-07", "2026-01-06"]


def test_a_back_dated_entry_below_a_newer_one_is_found(tmp_path: Path) -> None:
    text = HEADER + line("2026-01-06", "2026-01-06") + line("2025-06-01", "2026-01-06")
    path = write(tmp_path / "sessions.jsonl", text)

    tail = read_tail(path, date(2025, 5, 1))

    assert tail is not None
    assert [row["date"] for row in tail] == ["2025-06-01", "2026-01-06"]


def test_only_date_and_hw_are_relied_on(tmp_path: Path) -> None:
    text = HEADER + line("2026-01-06", "2026-01-06", sets="5,,100,kg,,", note=None)
    path = write(tmp_path / "sessions.jsonl", text)

    assert read_tail(path, SINCE) == [
        {
            "id": "2026-01-06",
            "date": "2026-01-06",
            "sets": "5,,100,kg,,",
            "note": None,
            "_hw": "2026-01-06",
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HEADER, id="header-only"),
        pytest.param('\ufeff{"legday": "sessions", "schema": 1}\n', id="header-with-bom"),
        pytest.param('{"legday": "sessions", "schema": 7}\n', id="any-int-schema"),
        pytest.param(HEADER + "\n  \n", id="blank-lines"),
    ],
)
def test_a_store_without_entries_has_an_empty_tail(tmp_path: Path, text: str) -> None:
    assert read_tail(write(tmp_path / "sessions.jsonl", text), SINCE) == []


def test_a_missing_store_has_an_empty_tail(tmp_path: Path) -> None:
    assert read_tail(tmp_path / "sessions.jsonl", SINCE) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty-file"),
        pytest.param('{"legday": "sessions", "schema": 1}', id="torn-header"),
        pytest.param('{"legday": "other", "schema": 1}\n', id="not-sessions"),
        pytest.param('{"legday": "sessions", "schema": true}\n', id="bool-schema"),
        pytest.param('{"legday": "sessions", "schema": "1"}\n', id="text-schema"),
        pytest.param("[1]\n", id="header-not-an-object"),
        pytest.param(HEADER + line("2026-01-06", "2026-01-06").rstrip("\n"), id="torn-last-line"),
        pytest.param(HEADER + line("2026-01-06"), id="no-hw"),
        pytest.param(HEADER + line("2026-01-06", "2026-01-05"), id="hw-older-than-date"),
        pytest.param(HEADER + '{"date": 20260106, "_hw": "2026-01-06"}\n', id="date-not-text"),
        pytest.param(HEADER + '["2026-01-06"]\n', id="line-not-an-object"),
        pytest.param(HEADER + "{oops\n", id="not-json"),
        pytest.param(
            HEADER + line("2026-01-07", "2026-01-07") + line("2026-01-06", "2026-01-06"),
            id="hw-decreasing",  # lines sorted newest first by hand
        ),
    ],
)
def test_anything_odd_is_left_to_the_full_loader(tmp_path: Path, text: str) -> None:
    assert read_tail(write(tmp_path / "sessions.jsonl", text), SINCE) is None


def test_invalid_utf8_is_left_to_the_full_loader(tmp_path: Path) -> None:
    raw = HEADER.encode() + line("2026-01-06", "2026-01-06").replace("id", "i\xff").encode(
        "latin-1"
    )
    assert read_tail(write(tmp_path / "sessions.jsonl", raw), SINCE) is None


def test_a_directory_in_place_of_the_store_is_left_to_the_full_loader(tmp_path: Path) -> None:
    (tmp_path / "sessions.jsonl").mkdir()
    assert read_tail(tmp_path / "sessions.jsonl", SINCE) is None


def test_what_legday_log_writes_is_read_without_the_full_loader(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    now = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(now, tick=False):
        for day in ("2026-11-17", "2025-02-01", "2026-11-10", "2026-11-18"):
            assert run(["log", "squat", "5x5@100kg", "--date", day]) == 0, capsys.readouterr()

    tail = read_tail(legday_home / "sessions.jsonl", date(2026, 11, 9))

    assert tail is not None
    assert sorted(row["date"] for row in tail) == ["2026-11-10", "2026-11-17", "2026-11-18"]


# ---------------------------------------------------------------------------- read_rest_dates


def full_loader_dates(home: Path) -> list[date] | None:
    try:
        marks = Store(Paths(data_dir=home, config_dir=home)).load_rest_marks()
    except StoreError:
        return None
    return [mark.date for mark in marks]


_GOOD_MARKS = st.fixed_dictionaries(
    {"date": st.sampled_from(["2026-01-05", "2025-12-31"])},
    optional={
        "reason": st.sampled_from([None, "holiday", ""]),
        "marked_at": st.sampled_from([None, "2026-01-05T10:00:00+01:00", "2026-01-05T09:00Z"]),
    },
)
_BAD_FIELDS = st.sampled_from(
    [
        ("date", "2026-02-30"),
        ("date", "5 Jan"),
        ("date", 20260105),
        ("date", None),
        ("reason", 3),
        ("reason", ["sick"]),
        ("marked_at", "2026-01-05T10:00:00"),  # no UTC offset
        ("marked_at", "yesterday"),
        ("marked_at", 1736067600),
    ]
)
_MARKS = st.one_of(
    _GOOD_MARKS,
    st.builds(lambda mark, bad: {**mark, bad[0]: bad[1]}, _GOOD_MARKS, _BAD_FIELDS),
    st.sampled_from([[], "2026-01-05", 7, None, {}]),
)
_REST_DOCS = st.one_of(
    st.lists(_MARKS, max_size=3).map(
        lambda weeks: {"legday": "rest-weeks", "schema": 1, "weeks": weeks}
    ),
    st.sampled_from(
        [
            {"legday": "sessions", "weeks": []},
            {"legday": "rest-weeks"},
            {"legday": "rest-weeks", "weeks": {}},
            {"weeks": []},
            [],
        ]
    ),
).map(json.dumps)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_REST_DOCS, st.sampled_from(["", "{", "not json", '{"legday": 1}'])))
def test_rest_dates_are_the_full_loaders_or_none_when_it_refuses_the_file(
    tmp_path: Path, text: str
) -> None:
    write(tmp_path / "rest_weeks.json", text)

    assert read_rest_dates(tmp_path / "rest_weeks.json") == full_loader_dates(tmp_path)


def test_rest_dates_as_legday_skip_writes_them(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    with time_machine.travel(datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        for day in ("2026-11-02", "2026-10-14"):
            assert run(["skip", day, "--reason", "holiday"]) == 0, capsys.readouterr()

    dates = read_rest_dates(legday_home / "rest_weeks.json")

    assert dates is not None
    assert sorted(dates) == [date(2026, 10, 14), date(2026, 11, 2)]


def test_no_rest_file_means_no_rest_weeks(tmp_path: Path) -> None:
    assert read_rest_dates(tmp_path / "rest_weeks.json") == []


def test_a_rest_file_that_is_a_directory_is_left_to_the_full_loader(tmp_path: Path) -> None:
    (tmp_path / "rest_weeks.json").mkdir()
    assert read_rest_dates(tmp_path / "rest_weeks.json") is None


def test_a_rest_file_that_is_not_utf8_is_left_to_the_full_loader(tmp_path: Path) -> None:
    doc = '{"legday": "rest-weeks", "weeks": [{"date": "2026-01-05", "reason": "caf\xe9"}]}'
    write(tmp_path / "rest_weeks.json", doc.encode("latin-1"))

    assert read_rest_dates(tmp_path / "rest_weeks.json") is None
    assert full_loader_dates(tmp_path) is None
