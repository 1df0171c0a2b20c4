"""Reading Strong, Hevy, FitNotes and legday exports into entries.

The files read here are ours (tests/fixtures/exports): small, made from the layouts described in
FORMATS.md, one per layout the importers read, each holding the cases that layout brings (set
codes, rest timers, note rows, a unit per row or in the header, unquoted commas, ...). Every
expected number below is counted from the file by eye; the files are short enough to check.
The same readers are run over real exports in the corpus suite (tests/corpus/).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing import ParsedImport, read_export
from legday.errors import ExitCode, UsageError
from legday.importers import FORMATS, merge_rest_marks
from legday.model import Entry, RestMark, Set, Unit

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
TZ = timezone(timedelta(hours=-5))


@cache
def parsed(name: str, unit: Unit | None = None) -> ParsedImport:
    return read_export((FIXTURES / name).read_bytes(), unit=unit, tz=TZ)


def read_text(text: str, *, unit: Unit | None = None, fmt: str = "auto") -> ParsedImport:
    return read_export(text.encode("utf-8"), fmt=fmt, unit=unit, tz=TZ)


def entry_on(result: ParsedImport, day: str, exercise: str) -> Entry:
    found = [
        e for e in result.entries if e.date == date.fromisoformat(day) and e.exercise == exercise
    ]
    assert len(found) == 1, f"{len(found)} entries of {exercise} on {day}"
    return found[0]


def loads(entry: Entry) -> list[tuple[float | None, int | None]]:
    return [(s.weight, s.reps) for s in entry.sets]


def warmups(entry: Entry) -> list[bool]:
    return [s.warmup for s in entry.sets]


def leg_days(result: ParsedImport) -> int:
    return len({entry.date for entry in result.entries})


# --- every fixture ---------------------------------------------------------------------------

NOT_LEG = "not a leg exercise"

# (file, --unit, format, rows read, entries, leg days, rows skipped by reason), counted in the
# file: a row is one set record (Hevy's multi-line notes make some records two lines).
FIXTURE_FACTS: list[tuple[str, Unit | None, str, int, int, int, dict[str, int]]] = [
    ("strong_a0.csv", "kg", "strong", 14, 4, 2, {NOT_LEG: 4}),
    (
        "strong_a.csv",
        "lb",
        "strong",
        26,
        7,
        3,
        {"rest timer row": 3, NOT_LEG: 4, "no reps or time": 1},
    ),
    (
        "strong_b_android.csv",
        None,
        "strong",
        13,
        4,
        2,
        {NOT_LEG: 3, "weight without a unit": 1, "unknown weight unit": 1},
    ),
    (
        "strong_c.csv",
        None,
        "strong",
        15,
        5,
        2,
        {"rest timer row": 1, "note without sets": 1, NOT_LEG: 2},
    ),
    ("strong_german.csv", "kg", "strong", 10, 4, 2, {NOT_LEG: 2}),
    ("strong_12h_bom.csv", "kg", "strong", 6, 4, 4, {NOT_LEG: 1}),
    ("hevy_kg.csv", None, "hevy", 20, 7, 3, {NOT_LEG: 4}),
    ("hevy_lb.csv", None, "hevy", 12, 4, 2, {NOT_LEG: 3}),
    ("fitnotes_old_lbs.csv", None, "fitnotes", 15, 6, 3, {NOT_LEG: 4}),
    ("fitnotes_new_kgs.csv", None, "fitnotes", 14, 5, 3, {NOT_LEG: 5}),
    ("fitnotes_new_comment.csv", None, "fitnotes", 6, 3, 2, {NOT_LEG: 1}),
    ("legday_export.json", None, "legday", 9, 7, 4, {}),  # 7 entries + 2 rest weeks
    ("legday_export.csv", None, "legday", 19, 7, 4, {}),
]
FILES = [(row[0], row[1]) for row in FIXTURE_FACTS]
OTHER_APPS = [(name, unit) for name, unit, fmt, *_ in FIXTURE_FACTS if fmt != "legday"]


@pytest.mark.parametrize(
    ("name", "unit", "fmt", "rows", "entries", "days", "skipped"), FIXTURE_FACTS
)
def test_every_fixture_imports_with_its_counts(
    name: str,
    unit: Unit | None,
    fmt: str,
    rows: int,
    entries: int,
    days: int,
    skipped: dict[str, int],
) -> None:
    result = parsed(name, unit)
    assert result.format == fmt
    assert result.rows_read == rows
    assert len(result.entries) == entries
    assert leg_days(result) == days
    assert result.skipped == skipped


# Rows read that are neither a set nor skipped: Strong C's Note row of an exercise that has
# sets (its text becomes the entry's note).
NOTE_ROWS = {"strong_c.csv": 1}


@pytest.mark.parametrize(("name", "unit"), [file for file in FILES if file[0].endswith(".csv")])
def test_every_csv_row_is_a_set_a_note_or_skipped_with_a_reason(
    name: str, unit: Unit | None
) -> None:
    result = parsed(name, unit)
    sets = sum(len(entry.sets) for entry in result.entries)
    assert result.rows_read == sets + sum(result.skipped.values()) + NOTE_ROWS.get(name, 0)


@pytest.mark.parametrize(("name", "unit"), OTHER_APPS)
def test_entries_from_another_app_say_which(name: str, unit: Unit | None) -> None:
    result = parsed(name, unit)
    assert {entry.source for entry in result.entries} == {result.format}


@pytest.mark.parametrize(("name", "unit"), FILES)
def test_a_second_import_of_the_same_file_adds_nothing(name: str, unit: Unit | None) -> None:
    first = parsed(name, unit)
    again = read_export((FIXTURES / name).read_bytes(), unit=unit, tz=TZ)
    assert [e.id for e in again.entries] == [e.id for e in first.entries]


@pytest.mark.parametrize(("name", "unit"), OTHER_APPS)
def test_ids_are_unique_lowercase_hex(name: str, unit: Unit | None) -> None:
    ids = [entry.id for entry in parsed(name, unit).entries]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and set(i) <= set("0123456789abcdef") for i in ids)


def test_ids_do_not_depend_on_the_time_zone_of_the_import() -> None:
    # A user who moves and imports the same file again must still get nothing new.
    elsewhere = read_export(
        (FIXTURES / "strong_a.csv").read_bytes(), unit="lb", tz=timezone(timedelta(hours=9))
    )
    assert [e.id for e in elsewhere.entries] == [e.id for e in parsed("strong_a.csv", "lb").entries]


def test_no_two_fixtures_share_an_id() -> None:
    # Ids are made from the app's name too: the same workout in two apps is two entries.
    ids = [e.id for name, unit in OTHER_APPS for e in parsed(name, unit).entries]
    assert len(set(ids)) == len(ids)


# --- Strong A0 and A: no unit in the file ----------------------------------------------------


@pytest.mark.parametrize("name", ["strong_a0.csv", "strong_a.csv", "strong_german.csv"])
def test_strong_without_a_unit_in_the_file_asks_for_one(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        read_export((FIXTURES / name).read_bytes(), tz=TZ)
    assert "--unit kg" in caught.value.message
    assert "--unit lb" in caught.value.message
    assert caught.value.exit_code == ExitCode.USAGE


def test_strong_a0_layout_in_the_unit_given() -> None:
    result = parsed("strong_a0.csv", "kg")
    squat = entry_on(result, "2017-05-08", "squat")
    assert loads(squat) == [(60.0, 10), (80.0, 8), (80.0, 8)]
    assert {s.unit for s in squat.sets} == {"kg"}
    assert squat.note == "Gym was quiet"  # the workout's note, on its first row
    assert squat.logged_at == datetime(2017, 5, 8, 18, 2, 11, tzinfo=TZ)
    curl = entry_on(result, "2017-05-08", "lying leg curl")
    assert loads(curl) == [(35.0, 12), (35.0, 12), (40.0, 10)]
    assert curl.note == "seat on 4"
    assert entry_on(result, "2017-05-13", "wall sit").sets == (Set(seconds=45),)
    assert [e.exercise for e in result.entries] == [
        "squat",
        "lying leg curl",
        "deadlift",
        "wall sit",
    ]


def test_strong_a_warmup_drop_and_failure_sets_and_a_split_exercise() -> None:
    # 2021-07-14: Leg Extension has two W sets at the start of the workout and its working
    # sets (1, 2, D) at the end, Squat in between: one entry each, sets in file order.
    result = parsed("strong_a.csv", "lb")
    extension = entry_on(result, "2021-07-14", "leg extension")
    assert loads(extension) == [(50.0, 12), (70.0, 10), (110.0, 12), (110.0, 10), (80.0, 12)]
    assert warmups(extension) == [True, True, False, False, False]  # D is a working set
    squat = entry_on(result, "2021-07-14", "squat")
    assert loads(squat) == [(135.0, 5), (225.0, 5), (225.0, 5), (225.0, 3)]
    assert warmups(squat) == [True, False, False, False]  # so is F
    assert [s.rpe for s in squat.sets] == [None, 8.0, 8.5, 10.0]
    assert {s.unit for s in squat.sets} == {"lb"}
    assert squat.note == "grinder"
    # the Rest Timer rows between the sets (60, 180 s) became no sets; the empty F set neither
    assert all(s.seconds is None for s in [*squat.sets, *extension.sets])
    # reps are written "5.0" and come out whole
    assert all(isinstance(s.reps, int) for s in squat.sets)
    assert [e.exercise for e in result.entries][:2] == ["leg extension", "squat"]


def test_strong_a_rest_timers_timed_and_assisted_sets_and_a_runaway_duration() -> None:
    result = parsed("strong_a.csv", "lb")
    # 2021-07-19 ("264h 1m" long: a timer left running) opens with a bench row carrying the
    # workout's note; the note goes on the first leg entry instead.
    rdl = entry_on(result, "2021-07-19", "romanian deadlift")
    assert rdl.note == "left the app running"
    assert rdl.logged_at == datetime(2021, 7, 19, 18, 30, tzinfo=TZ)
    assert [s.rpe for s in rdl.sets] == [7.0, 7.5]
    assert entry_on(result, "2021-07-19", "wall sit").sets == (
        Set(seconds=60),
        Set(seconds=45, weight=25.0, unit="lb"),
    )
    pistol = entry_on(result, "2021-07-19", "pistol squat")
    assert pistol.sets == (Set(reps=5, weight=-20.0, unit="lb", bodyweight=True),)
    assert pistol.note == "assisted"


def test_strong_a_float_reps_and_no_load() -> None:
    result = parsed("strong_a.csv", "lb")
    # weight 0 or blank: no load; reps "10.0" and "8.0" are whole
    assert entry_on(result, "2021-07-22", "bulgarian split squat").sets == (
        Set(reps=10),
        Set(reps=8),
    )
    # "12.5" reps: a fraction is rounded half up
    calf = entry_on(result, "2021-07-22", "standing calf raise")
    assert loads(calf) == [(180.5, 15), (180.5, 13)]


# --- Strong B (Android, ';', a unit per row) -------------------------------------------------


def test_strong_b_reads_the_unit_of_each_row() -> None:
    result = parsed("strong_b_android.csv")
    squat = entry_on(result, "2023-08-15", "squat")
    assert squat.sets == (
        Set(reps=8, weight=60.0, unit="kg"),
        Set(reps=8, weight=70.0, unit="kg"),
        Set(reps=6, weight=70.0, unit="kg", rpe=9.0),
    )
    press = entry_on(result, "2023-08-15", "leg press")
    assert press.sets == (Set(reps=10, weight=220.0, unit="lb"),) * 2  # "lbs"
    assert press.note == "Don't lock the knees"
    # the third Hack Squat row says "stone": left out, the other two kept
    assert loads(entry_on(result, "2023-08-19", "hack squat")) == [(40.0, 12), (50.0, 10)]
    # weight 0 needs no unit
    assert entry_on(result, "2023-08-19", "standing calf raise").sets == (Set(reps=20),)
    # Seated Leg Curl has a weight and a blank unit: skipped without --unit
    assert "seated leg curl" not in {e.exercise for e in result.entries}


def test_strong_b_a_unit_given_fills_only_the_blank_unit() -> None:
    with_lb = parsed("strong_b_android.csv", "lb")
    curl = entry_on(with_lb, "2023-08-15", "seated leg curl")
    assert curl.sets == (Set(reps=12, weight=35.0, unit="lb"),)
    others = [e for e in with_lb.entries if e.exercise != "seated leg curl"]
    assert others == parsed("strong_b_android.csv").entries  # kg rows stay kg


def test_strong_b_row_without_a_unit_uses_the_one_given() -> None:
    header = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
    )
    rows = '2023-07-30 16:49:28;"Legs";"Leg Press";1;90;;10;;;;0;"";"";44m\n'
    assert read_text(header + rows).skipped == {"weight without a unit": 1}
    assert read_text(header + rows, unit="lb").entries[0].sets == (
        Set(reps=10, weight=90.0, unit="lb"),
    )


# --- Strong C (2025-26: all quoted, Workout #, Weight (kg), Note rows) -----------------------


def test_strong_c_unit_from_the_header_note_rows_and_workout_numbers() -> None:
    result = parsed("strong_c.csv")  # no --unit needed: the header says kg
    squat_41, rdl, squat_42, front, split = result.entries
    assert squat_41.sets == (
        Set(reps=5, weight=60.0, unit="kg", warmup=True),
        Set(reps=5, weight=100.0, unit="kg", rpe=8.0),
        Set(reps=5, weight=100.0, unit="kg", rpe=8.5),
    )
    # The Note row's text, then the workout's note (this is the workout's first entry)
    assert squat_41.note == "knees out; early start"
    assert rdl.exercise == "romanian deadlift" and rdl.note is None
    # Workouts 41 and 42 share a start time and a name: two sessions, two entries
    assert squat_42.sets == (Set(reps=3, weight=105.0, unit="kg"),) * 2
    assert squat_42.logged_at == squat_41.logged_at == datetime(2025, 11, 3, 6, 0, tzinfo=TZ)
    assert squat_42.id != squat_41.id
    assert front.note == "deload week"
    assert split.sets == (Set(reps=10, weight=16.0, unit="kg"),)
    # Leg Press has only a Note row ("machine taken"): no entry, counted as a note without sets
    assert "leg press" not in {e.exercise for e in result.entries}


STRONG_C = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight ({unit})";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
)


def test_strong_c_in_lbs() -> None:
    start = '"2025-11-03 06:00:00";"Legs";"3600"'
    text = STRONG_C.format(unit="lbs") + (
        f'"7";{start};"Squat (Barbell)";"1";"225";"5";"";"";"";"";""\n'
    )
    assert read_text(text).entries[0].sets == (Set(reps=5, weight=225.0, unit="lb"),)


# --- German headers, 12-hour times, BOM ------------------------------------------------------


def test_german_headers_decimal_commas_and_day_first_dates() -> None:
    result = parsed("strong_german.csv", "kg")
    squat = entry_on(result, "2024-05-02", "squat")
    assert squat.sets == (
        Set(reps=5, weight=60.0, unit="kg", warmup=True),
        Set(reps=5, weight=102.5, unit="kg", rpe=8.5),  # "102,5" and "8,5"
        Set(reps=4, weight=102.5, unit="kg", rpe=9.0),
    )
    assert squat.note == "Gürtel; Vor der Arbeit"
    # "09.05.2024 17:45:30": day first
    rdl = entry_on(result, "2024-05-09", "romanian deadlift")
    assert rdl.logged_at == datetime(2024, 5, 9, 17, 45, 30, tzinfo=TZ)
    assert loads(rdl) == [(90.0, 8), (92.5, 8)]
    assert entry_on(result, "2024-05-09", "wall sit").sets == (Set(seconds=75),)


def test_twelve_hour_times_with_a_narrow_no_break_space() -> None:
    starts = [(e.exercise, e.logged_at) for e in parsed("strong_12h_bom.csv", "kg").entries]
    assert starts == [
        ("squat", datetime(2025, 1, 30, 12, 34, 56, tzinfo=TZ)),  # 12:34:56 pm
        ("leg press", datetime(2025, 1, 31, 0, 5, tzinfo=TZ)),  # 12:05:00 am
        ("leg extension", datetime(2025, 2, 1, 19, 5, tzinfo=TZ)),  # 7:05:00 PM, plain space
        ("lying leg curl", datetime(2025, 2, 3, 6, 58, 20, tzinfo=TZ)),  # 6:58:20 am
    ]


def test_byte_order_mark_and_crlf_change_nothing() -> None:
    windows = (FIXTURES / "strong_12h_bom.csv").read_bytes()
    assert windows.startswith(b"\xef\xbb\xbf") and b"\r\n" in windows
    plain = windows.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    assert read_export(plain, unit="kg", tz=TZ) == parsed("strong_12h_bom.csv", "kg")


# --- Hevy ------------------------------------------------------------------------------------


def test_hevy_kg_warmup_failure_dropset_rpe_and_multi_line_emoji_notes() -> None:
    result = parsed("hevy_kg.csv")
    curl = entry_on(result, "2025-09-15", "seated leg curl")
    assert loads(curl) == [(30.0, 12), (55.0, 10), (55.0, 8), (40.0, 10)]
    assert warmups(curl) == [True, False, False, False]  # failure and dropset are working sets
    assert [s.rpe for s in curl.sets] == [None, 8.0, 9.5, None]
    assert {s.unit for s in curl.sets} == {"kg"}
    assert curl.logged_at == datetime(2025, 9, 15, 7, 48, tzinfo=TZ)
    # exercise_notes, then the workout's description (first entry only), line breaks kept
    assert curl.note == (
        "Seat 5, pad 3 \U0001f9b5\nSlow on the way back; Slept badly \U0001f634\n"
        "Still hit the numbers \U0001f4aa"
    )
    assert entry_on(result, "2025-09-15", "squat").note is None
    assert entry_on(result, "2025-09-15", "wall sit").sets == (Set(seconds=60),)


def test_hevy_supersets_and_sessions() -> None:
    result = parsed("hevy_kg.csv")
    # Romanian Deadlift and Calf Raise alternate (a superset): one entry each
    rdl = entry_on(result, "2025-09-19", "romanian deadlift")
    assert rdl.sets == (
        Set(reps=8, weight=100.0, unit="kg"),
        Set(reps=8, weight=100.0, unit="kg", rpe=7.5),
    )
    assert loads(entry_on(result, "2025-09-19", "standing calf raise")) == [(80.0, 15)] * 2
    assert entry_on(result, "2025-09-19", "bulgarian split squat").sets == (Set(reps=10),)
    hack = entry_on(result, "2025-10-02", "hack squat")
    assert hack.logged_at == datetime(2025, 10, 2, 19, 5, tzinfo=TZ)  # "2 Oct 2025, 19:05"


def test_hevy_lb_with_minimal_quoting() -> None:
    result = parsed("hevy_lb.csv")
    squat = entry_on(result, "2024-09-09", "smith machine squat")
    assert loads(squat) == [(95.0, 12), (185.0, 10), (195.0, 8), (195.0, 6)]
    assert warmups(squat) == [True, False, False, False]
    assert {s.unit for s in squat.sets} == {"lb"}
    assert squat.note == "Felt it in the glutes \U0001f351\nnext time 205"
    assert squat.logged_at == datetime(2024, 9, 9, 18, 2, tzinfo=TZ)
    thrust = entry_on(result, "2024-09-14", "hip thrust")
    assert thrust.note == "Hot day, drank 2 L \U0001f975"  # a quoted description with a comma
    assert [s.rpe for s in thrust.sets] == [8.0, 8.5]


# --- FitNotes --------------------------------------------------------------------------------


def test_fitnotes_old_header_groups_a_circuit_by_date() -> None:
    result = parsed("fitnotes_old_lbs.csv")
    # 2017-06-26: Leg Press and Lying Leg Curl alternate (a circuit)
    press = entry_on(result, "2017-06-26", "leg press")
    assert loads(press) == [(240.0, 15), (260.0, 12), (260.0, 12)]
    assert {s.unit for s in press.sets} == {"lb"}  # from "Weight (lbs)"
    assert press.logged_at == datetime(2017, 6, 26, 0, 0, tzinfo=TZ)  # FitNotes has no time
    assert not any(warmups(press))
    assert loads(entry_on(result, "2017-06-26", "lying leg curl")) == [(60.0, 12)] * 2
    assert entry_on(result, "2017-06-26", "wall sit").sets == (Set(seconds=90),)  # "0:01:30"


def test_fitnotes_category_decides_a_name_the_catalogue_does_not_know() -> None:
    result = parsed("fitnotes_old_lbs.csv")
    walk = entry_on(result, "2017-06-30", "Frankenstein Walk")  # Legs: kept as written
    assert walk.sets == (Set(reps=20),)
    assert "Sissy Thing" not in {e.exercise for e in result.entries}  # Chest


def test_fitnotes_new_header_with_a_unit_per_row_and_unquoted_commas() -> None:
    result = parsed("fitnotes_new_kgs.csv")
    press = entry_on(result, "2025-05-02", "leg press")
    assert press.sets == (
        Set(reps=12, weight=100.0, unit="kg"),  # "kgs"
        Set(reps=10, weight=220.0, unit="lb"),  # "lbs"
    )
    zercher = entry_on(result, "2025-04-29", "Zercher Hold (Each Side, Kettlebell)")
    assert zercher.sets == (Set(reps=10, weight=16.0, unit="kg"),) * 2
    adduction = entry_on(result, "2025-05-02", "Hip Adduction (Seated, Machine)")
    assert adduction.sets == (Set(reps=15, weight=45.0, unit="kg"),)
    # Names with one or two unquoted commas that are not leg exercises are skipped as such,
    # never as bad rows (the counts in FIXTURE_FACTS).
    assert loads(entry_on(result, "2025-04-29", "machine squat")) == [(40.0, 10), (50.0, 8)]


def test_fitnotes_trailing_comment_with_commas_in_the_comment_and_the_name() -> None:
    result = parsed("fitnotes_new_comment.csv")
    hold, press, calf = result.entries
    assert hold.exercise == "Zercher Hold (Each Side, Kettlebell)"
    assert hold.note == "slow, controlled"
    # the second Leg Press row has no Comment cell at all: still read
    assert press.note == "easy, next time more"
    assert loads(press) == [(100.0, 12), (110.0, 10), (120.0, 8)]
    assert {s.unit for s in press.sets} == {"lb"}
    assert calf.sets == (Set(reps=15, weight=40.0, unit="kg"),)


FITNOTES_NEW = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"


def test_fitnotes_weight_kgs_header() -> None:
    text = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
    text += "2025-04-29,Leg Press,Legs,100.0,12,,,\n"
    assert read_text(text).entries[0].sets == (Set(reps=12, weight=100.0, unit="kg"),)


def test_fitnotes_timed_set_and_plain_weight_needs_a_unit() -> None:
    text = "Date,Exercise,Category,Weight,Reps,Distance,Distance Unit,Time\n"
    text += "2017-06-26,Wall Sit,Quads,,,,,0:01:30\n"
    with pytest.raises(UsageError, match="--unit kg or --unit lb"):
        read_text(text)
    assert read_text(text, unit="lb").entries[0].sets == (Set(seconds=90),)


# --- legday's own exports --------------------------------------------------------------------


def test_legday_json_export_keeps_everything() -> None:
    result = parsed("legday_export.json")
    squat = result.entries[0]
    assert squat.id == "5b1f0c2ad9e84f6e9a3c7d21e0b4f8a1"
    assert squat.sets[0] == Set(reps=5, weight=60.0, unit="kg", warmup=True)
    assert squat.note == "felt strong \U0001f4aa"
    assert squat.logged_at == datetime(2026, 3, 2, 18, 40, tzinfo=timezone(timedelta(hours=1)))
    assert [e.source for e in result.entries].count("strong") == 1
    press = entry_on(result, "2026-03-06", "leg press")
    assert press.sets[1] == Set(reps=12, weight=200.0, unit="kg", amrap=True)
    assert entry_on(result, "2026-03-04", "pistol squat").sets[0] == Set(
        reps=5, weight=-10.0, unit="kg", bodyweight=True
    )
    assert result.rest_marks == [
        RestMark(
            date(2026, 3, 9),
            "holiday",
            datetime(2026, 3, 8, 20, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
        RestMark(date(2026, 3, 16)),
    ]


def test_legday_csv_export_carries_all_but_time_and_source() -> None:
    from_csv = parsed("legday_export.csv")
    from_json = parsed("legday_export.json")

    def carried(e: Entry) -> tuple[object, ...]:
        return (e.id, e.date, e.exercise, e.sets, e.note)

    assert [carried(e) for e in from_csv.entries] == [carried(e) for e in from_json.entries]
    # a CSV row has no time and no source: midnight in the importing zone, "legday"
    assert {e.source for e in from_csv.entries} == {"legday"}
    assert from_csv.entries[0].logged_at == datetime(2026, 3, 2, tzinfo=TZ)
    # cells escaped against spreadsheet formulas ("'=1+1...", "'-5 degree...") come back as typed
    assert entry_on(from_csv, "2026-03-04", "pistol squat").note == "=1+1 is not a formula here"
    assert entry_on(from_csv, "2026-03-06", "-5 degree calf raise").note == (
        "Stand on the plate, heels down\nthen up"
    )
    assert {e.id for e in from_csv.entries} <= {e.id for e in from_json.entries}


# --- Strong, written out here ----------------------------------------------------------------

STRONG_A = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)


def test_timed_sets_float_reps_zero_weight_and_empty_sets() -> None:
    text = STRONG_A + (
        '2024-03-01 18:00:00,"Legs",1h,"Wall Sit",1,0,0,0,60.0,"","",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Wall Sit",2,20,0.0,0,45.0,,,\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Bodyweight)",1,0,12.0,0,0.0,,,\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Bodyweight)",2,,8.0,0,0.0,,,\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Bodyweight)",3,0,0,0,0,,,\n'
    )
    result = read_text(text, unit="kg")
    wall_sit = entry_on(result, "2024-03-01", "wall sit")
    assert wall_sit.sets == (Set(seconds=60), Set(seconds=45, weight=20.0, unit="kg"))
    squat = result.entries[1]
    assert squat.sets == (Set(reps=12), Set(reps=8))  # weight 0 or blank: no load
    assert result.skipped == {"no reps or time": 1}


def test_workout_notes_go_on_the_first_leg_entry_of_the_session() -> None:
    text = STRONG_A + (
        '2024-03-01 18:00:00,"Legs",1h,"Bench Press (Barbell)",1,60,5,0,0,"","felt strong",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"belt","",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Leg Press",1,200,10,0,0,"","",\n'
    )
    squat, press = read_text(text, unit="kg").entries
    assert squat.note == "belt; felt strong"
    assert press.note is None


def test_negative_load_is_an_assisted_bodyweight_set() -> None:
    text = STRONG_A + '2024-03-01 18:00:00,"Legs",1h,"Pistol Squat",1,-10,5,0,0,"","",\n'
    assert read_text(text, unit="kg").entries[0].sets == (
        Set(reps=5, weight=-10.0, unit="kg", bodyweight=True),
    )


def test_non_leg_exercises_are_counted_not_imported() -> None:
    text = STRONG_A + (
        '2024-03-01 18:00:00,"Push",1h,"Bench Press (Barbell)",1,60,5,0,0,"","",\n'
        '2024-03-01 18:00:00,"Push",1h,"Bench Press (Barbell)",2,60,5,0,0,"","",\n'
    )
    result = read_text(text, unit="kg")
    assert result.entries == []
    assert result.skipped == {"not a leg exercise": 2}
    assert result.rows_read == 2


def test_rows_legday_cannot_read_are_counted_with_their_reason() -> None:
    text = STRONG_A + (
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",1,100\n'  # cells missing
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",X,100,5,0,0,"","",\n'
        'yesterday,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",1,heavy,5,0,0,"","",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",2,1e400,5,0,0,"","",\n'
        '2024-03-01 18:00:00,"Legs",1h,"Squat (Barbell)",3,100,5,0,0,"","",\n'
    )
    result = read_text(text, unit="kg")
    assert result.skipped == {"bad row": 4, "unknown set order": 1}
    assert result.entries[0].sets == (Set(reps=5, weight=100.0, unit="kg"),)


def test_fitnotes_comma_in_a_leg_exercise_name() -> None:
    # Not in the catalogue: stored as written, found a leg exercise by its Legs category.
    text = FITNOTES_NEW + "\n2025-04-29,Zercher Hold (Each Side, Kettlebell),Legs,8.0,kgs,10,,,\n"
    entry = read_text(text).entries[0]
    assert entry.exercise == "Zercher Hold (Each Side, Kettlebell)"
    assert entry.sets == (Set(reps=10, weight=8.0, unit="kg"),)


def test_fitnotes_category_decides_an_unknown_name() -> None:
    text = (
        FITNOTES_NEW
        + "\n2025-04-29,Sissy Thing,Quads,0,,15,,,\n2025-04-29,Sissy Thing,Chest,0,,15,,,\n"
    )
    result = read_text(text)
    assert [e.exercise for e in result.entries] == ["Sissy Thing"]
    assert result.skipped == {"not a leg exercise": 1}


# --- refusals --------------------------------------------------------------------------------


def test_a_csv_of_another_kind_is_refused_naming_what_was_expected() -> None:
    with pytest.raises(UsageError) as caught:
        read_text("name,email,phone\nAda,ada@example.com,123\n")
    message = caught.value.message
    assert message.startswith("not a Strong, Hevy, FitNotes or legday export")
    assert "Exercise Name" in message and "exercise_title" in message
    assert "\n" not in message


def test_a_named_format_that_does_not_fit_is_refused() -> None:
    with pytest.raises(UsageError, match="not a Hevy export"):
        read_export((FIXTURES / "strong_a.csv").read_bytes(), fmt="hevy", unit="kg", tz=TZ)
    with pytest.raises(UsageError, match="not a Strong export"):
        read_export((FIXTURES / "legday_export.json").read_bytes(), fmt="strong", tz=TZ)
    with pytest.raises(UsageError, match="not a FitNotes export"):
        read_text('{"format": "legday"}', fmt="fitnotes")


@pytest.mark.parametrize(("name", "unit", "fmt"), [(n, u, f) for n, u, f, *_ in FIXTURE_FACTS])
def test_a_named_format_that_fits_is_read(name: str, unit: Unit | None, fmt: str) -> None:
    result = read_export((FIXTURES / name).read_bytes(), fmt=fmt, unit=unit, tz=TZ)
    assert result.entries == parsed(name, unit).entries


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"Date,Exercise Name\xff\xfe,Set Order\n", "not UTF-8"),
        (STRONG_A.encode() + b'2024-01-01 10:00:00,"' + b"x" * 200_000 + b'"\n', "line 2"),
    ],
)
def test_unreadable_files_are_usage_errors(data: bytes, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        read_export(data, unit="kg", tz=TZ)


def test_progress_is_reported_every_thousand_rows_and_at_the_last() -> None:
    row = '2024-03-{day:02d} 18:00:00,"Legs",1h,"Squat (Barbell)",{n},100,5,0,0,"","",\n'
    text = STRONG_A + "".join(row.format(day=1 + n % 28, n=n) for n in range(2500))
    seen: list[int] = []
    result = read_export(text.encode("utf-8"), unit="kg", tz=TZ, progress=seen.append)
    assert seen == [1000, 2000, 2500]
    assert result.rows_read == 2500


# --- merge -----------------------------------------------------------------------------------


def test_rest_weeks_merge_by_date() -> None:
    existing = [RestMark(date(2025, 3, 3), "sick")]
    incoming = [RestMark(date(2025, 3, 3), "other reason"), RestMark(date(2025, 3, 10))]
    assert merge_rest_marks(existing, incoming) == [RestMark(date(2025, 3, 10))]


# --- no crash on anything --------------------------------------------------------------------

HEADERS = [
    STRONG_A,
    STRONG_C.format(unit="kg"),
    FITNOTES_NEW + ",Comment\n",
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n",
    "date,exercise,set,reps,seconds,weight,unit,bodyweight,warmup,amrap,rpe,note,id\n",
    '{"format": "legday", "version": 1, "entries": ',
]


def read_anything(data: bytes, fmt: str, unit: Unit | None) -> None:
    try:
        result = read_export(data, fmt=fmt, unit=unit, tz=TZ)
    except UsageError as error:
        assert error.message and "\n" not in error.message
        return
    assert result.format in FORMATS
    for entry in result.entries:
        assert entry.sets and all(s.reps is not None or s.seconds is not None for s in entry.sets)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.binary(max_size=400),
    fmt=st.sampled_from(["auto", *FORMATS]),
    unit=st.sampled_from([None, "kg", "lb"]),
)
def test_arbitrary_bytes_never_crash(data: bytes, fmt: str, unit: Unit | None) -> None:
    read_anything(data, fmt, unit)


_CELL = st.text(alphabet=st.sampled_from('0123456789.,;:-W"\n\r xyzSquat'), max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(_CELL, max_size=16), max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    unit=st.sampled_from([None, "kg"]),
)
def test_a_known_header_over_garbage_never_crashes(
    header: str, rows: list[list[str]], delimiter: str, unit: Unit | None
) -> None:
    body = "\n".join(delimiter.join(cells) for cells in rows)
    read_anything((header + body).encode("utf-8"), "auto", unit)


# ---------------------------------------------------------------------------- reading big files


@given(text=st.text(alphabet='ab,;"\r\n \té', max_size=60), size=st.integers(1, 70))
def test_the_csv_reader_sees_the_lines_a_stringio_gives_it(text: str, size: int) -> None:
    # Rows hands the csv module the text's lines one at a time, decoded from the file a block
    # at a time, instead of a StringIO copy of the whole file: the same lines, ends included,
    # so the same records and line numbers, however the file's bytes arrive.
    import csv
    import io

    from legday.importers.common import Rows, first_visible, lines_of, text_blocks

    data = text.encode("utf-8")
    chunks = [data[start : start + size] for start in range(0, len(data), size)]
    ours = Rows(lines_of(text_blocks(chunks)), ",")
    theirs = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    assert list(ours._reader) == list(theirs)
    assert ours._reader.line_num == theirs.line_num
    assert first_visible(text) == len(text) - len(text.lstrip())
