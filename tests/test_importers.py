"""Reading Strong, Hevy and FitNotes exports (real files in shared/fixtures/exports) into entries.

The expected numbers were read from the files themselves, not from the importer: each test
says how (a grep or awk line over the fixture) so a person can check it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday.errors import ExitCode, UsageError
from legday.importers import FORMATS, ParsedImport, merge, merge_rest_marks, read_export
from legday.model import Entry, RestMark, Set, Unit

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "exports"
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

# Leg days counted outside legday: the distinct dates (first 10 characters of Date; Hevy: the
# day of start_time) of rows that are not Rest Timer rows, have reps or seconds, and name a leg
# exercise — e.g. for Strong, with LEG='squat|lunge|leg press|leg curl|leg extension|calf|
# deadlift|hip thrust|glute|ham raise|abduct|adduct|box jump|rack pull|hip extension|shin curl|
# sled push', and stretches excluded:
#   python -c "import csv,re; ..." (a DictReader over the file, collecting row['Date'][:10]).
# The one disagreement found by hand: strong_andrew.csv has 2022-05-23 with only
# "Calf Stretches", which is a stretch, not a leg exercise (657 dates with it, 656 without).
FIXTURE_FACTS: list[tuple[str, Unit | None, str, int, str]] = [
    ("strong_2017.csv", "kg", "strong", 49, "Strong A0, no unit in the file"),
    ("strong_andrew.csv", "lb", "strong", 656, "Strong A, W/D/F codes, float reps"),
    ("strong_hipml.csv", "lb", "strong", 240, "Strong A with RPE"),
    ("strong_myon.csv", "kg", "strong", 132, "Strong A"),
    ("strong_shrey.csv", "kg", "strong", 3, "Strong A with Rest Timer rows"),
    ("strong_android_semicolon.csv", None, "strong", 95, "Strong B, ';' and a unit per row"),
    ("hevy_dakheera.csv", None, "hevy", 88, "Hevy weight_kg"),
    ("hevy_lbs_jake.csv", None, "hevy", 11, "Hevy weight_lbs, minimal quoting"),
    ("fitnotes_2017_lbs.csv", None, "fitnotes", 251, "FitNotes old header, Weight (lbs)"),
    ("fitnotes_2025_kgs.csv", None, "fitnotes", 21, "FitNotes new header, unquoted commas"),
]


@pytest.mark.parametrize(("name", "unit", "fmt", "days", "about"), FIXTURE_FACTS)
def test_every_fixture_imports_with_its_leg_days(
    name: str, unit: Unit | None, fmt: str, days: int, about: str
) -> None:
    result = parsed(name, unit)
    assert result.format == fmt, about
    assert leg_days(result) == days
    assert all(entry.source == fmt for entry in result.entries)
    assert "bad row" not in result.skipped, about


@pytest.mark.parametrize(("name", "unit"), [(row[0], row[1]) for row in FIXTURE_FACTS])
def test_rows_read_counts_every_data_line(name: str, unit: Unit | None) -> None:
    # Every line but the header is one set row (some files lack a final newline, so wc -l
    # is one short there).
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    assert parsed(name, unit).rows_read == len(lines) - 1


@pytest.mark.parametrize(("name", "unit"), [(row[0], row[1]) for row in FIXTURE_FACTS])
def test_a_second_import_of_the_same_file_adds_nothing(name: str, unit: Unit | None) -> None:
    first = parsed(name, unit)
    again = read_export((FIXTURES / name).read_bytes(), unit=unit, tz=TZ)
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    result = merge(first.entries, again.entries)
    assert result.added == []
    assert len(result.already) == len(first.entries)


@pytest.mark.parametrize(("name", "unit"), [(row[0], row[1]) for row in FIXTURE_FACTS])
def test_ids_are_unique_lowercase_hex(name: str, unit: Unit | None) -> None:
    ids = [entry.id for entry in parsed(name, unit).entries]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and set(i) <= set("0123456789abcdef") for i in ids)


def test_ids_do_not_depend_on_the_time_zone_of_the_import() -> None:
    # A user who moves and imports the same file again must still get nothing new.
    elsewhere = read_export(
        (FIXTURES / "strong_shrey.csv").read_bytes(), unit="kg", tz=timezone(timedelta(hours=9))
    )
    assert [e.id for e in elsewhere.entries] == [
        e.id for e in parsed("strong_shrey.csv", "kg").entries
    ]


# --- Strong ----------------------------------------------------------------------------------


def test_strong_without_a_unit_in_the_file_asks_for_one() -> None:
    with pytest.raises(UsageError) as caught:
        read_export((FIXTURES / "strong_2017.csv").read_bytes(), tz=TZ)
    assert "--unit kg" in caught.value.message
    assert "--unit lb" in caught.value.message
    assert caught.value.exit_code == ExitCode.USAGE


def test_strong_myon_squat_session_with_warmups_rpe_and_note() -> None:
    # grep -n '^2026-01-05 19:33:36' strong_myon.csv | grep Squat  (lines 4094-4099)
    squat = entry_on(parsed("strong_myon.csv", "kg"), "2026-01-05", "squat")
    assert loads(squat) == [(20.0, 10), (40.0, 5), (60.0, 3), (70.0, 8), (70.0, 8), (70.0, 2)]
    assert warmups(squat) == [True, True, True, False, False, False]
    assert [s.rpe for s in squat.sets] == [None, None, None, 7.0, 8.0, 6.0]
    assert {s.unit for s in squat.sets} == {"kg"}
    assert squat.note == "Knee started hurting on third set"
    assert squat.logged_at == datetime(2026, 1, 5, 19, 33, 36, tzinfo=TZ)


def test_strong_andrew_keeps_drop_and_failure_sets_and_joins_a_split_exercise() -> None:
    # grep -n '^2021-07-14 17:52:49' strong_andrew.csv | grep -v 'Rest Timer':
    # Leg Extension has three W sets at the start of the workout and its working sets
    # (1, 2, F, D) at the end: one entry, in file order.
    result = parsed("strong_andrew.csv", "lb")
    extension = entry_on(result, "2021-07-14", "leg extension")
    assert loads(extension) == [
        (55.0, 8),
        (70.0, 6),
        (85.0, 5),
        (190.0, 12),
        (190.0, 10),
        (175.0, 11),
        (115.0, 8),
    ]
    assert warmups(extension) == [True, True, True, False, False, False, False]
    squat = entry_on(result, "2021-07-14", "squat")
    assert loads(squat) == [(135.0, 5), (225.0, 3), (145.0, 2), (295.0, 3), (275.0, 4), (255.0, 6)]
    assert warmups(squat) == [True, True, True, False, False, False]
    assert {s.unit for s in squat.sets} == {"lb"}
    # reps are written "8.0" in this file and come out whole
    assert all(isinstance(s.reps, int) for s in squat.sets)


def test_strong_andrew_skip_reasons() -> None:
    skipped = parsed("strong_andrew.csv", "lb").skipped
    # grep -c ',Rest Timer,' strong_andrew.csv
    assert skipped["rest timer row"] == 821
    assert skipped["not a leg exercise"] > 10_000
    # leg rows with 0 reps and 0 seconds, e.g. F sets recorded empty
    assert skipped["no reps or time"] > 0


def test_strong_shrey_rest_timers_are_not_sets() -> None:
    result = parsed("strong_shrey.csv", "kg")
    # grep -c 'Rest Timer' strong_shrey.csv
    assert result.skipped["rest timer row"] == 109
    hack = entry_on(result, "2025-06-05", "hack squat")
    assert loads(hack) == [(5.0, 15)] * 3  # lines 66, 68, 70; the timers between them dropped
    assert all(s.seconds is None for s in hack.sets)


def test_strong_hipml_keeps_rpe() -> None:
    # grep -n '^2024-06-05 06:20:14' strong_hipml.csv | grep Squat
    squat = entry_on(parsed("strong_hipml.csv", "lb"), "2024-06-05", "squat")
    assert loads(squat) == [(45.0, 4), (95.0, 4), (135.0, 3), (155.0, 6), (155.0, 6), (135.0, 8)]
    assert [s.rpe for s in squat.sets] == [None, None, 6.0, 7.0, 8.0, 9.5]


def test_strong_2017_a0_layout_in_the_unit_given() -> None:
    # head -8 strong_2017.csv: Lying Leg Curl (Machine) 45x10, 45x10, 45x10 (line 5 on)
    curl = entry_on(parsed("strong_2017.csv", "kg"), "2017-05-12", "lying leg curl")
    assert curl.sets[0] == Set(reps=10, weight=45.0, unit="kg")
    assert {s.unit for s in curl.sets} == {"kg"}


def test_strong_android_semicolon_reads_the_unit_of_each_row() -> None:
    result = parsed("strong_android_semicolon.csv")
    # grep -n '"Squat (Barbell)"' strong_android_semicolon.csv  (lines 113-115)
    squat = entry_on(result, "2023-08-15", "squat")
    assert squat.sets == (
        Set(reps=8, weight=30.0, unit="kg"),
        Set(reps=7, weight=40.0, unit="kg"),
        Set(reps=8, weight=40.0, unit="kg"),
    )
    # line 1679: the Notes cell of a Leg Press set
    press = entry_on(result, "2024-01-05", "leg press")
    assert press.note == "Don't go up knee hurty"


def test_strong_a_unit_given_does_not_override_a_unit_in_the_file() -> None:
    with_lb = read_export(
        (FIXTURES / "strong_android_semicolon.csv").read_bytes(), unit="lb", tz=TZ
    )
    assert with_lb.entries == parsed("strong_android_semicolon.csv").entries


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


def test_twelve_hour_time_with_a_narrow_no_break_space() -> None:
    text = STRONG_A + (
        '2025-01-30 12:34:56\u202fpm,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",\n'
        '2025-01-31 12:05:00\u202fam,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",\n'
        '2025-02-01 7:05:00 PM,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,"","",\n'
    )
    starts = [e.logged_at for e in read_text(text, unit="kg").entries]
    assert starts == [
        datetime(2025, 1, 30, 12, 34, 56, tzinfo=TZ),
        datetime(2025, 1, 31, 0, 5, tzinfo=TZ),
        datetime(2025, 2, 1, 19, 5, tzinfo=TZ),
    ]


def test_german_header_with_semicolons_and_decimal_commas() -> None:
    text = (
        "Datum;Workout-Name;Dauer;Name der Übung;Reihenfolge festlegen;Gewicht;Wiederh.;"
        "Entfernung;Sekunden;Notizen;Workout-Notizen;RPE\n"
        '2024-05-02 07:15:00;"Beine";55m;"Squat (Barbell)";W;60;5;0;0;"";"";\n'
        '2024-05-02 07:15:00;"Beine";55m;"Squat (Barbell)";1;102,5;5;0;0;"";"";8,5\n'
    )
    result = read_text(text, unit="kg")
    assert result.format == "strong"
    assert result.entries[0].sets == (
        Set(reps=5, weight=60.0, unit="kg", warmup=True),
        Set(reps=5, weight=102.5, unit="kg", rpe=8.5),
    )


STRONG_C = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight ({unit})";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
)


def test_strong_c_unit_from_header_note_rows_and_workout_numbers() -> None:
    start = '"2025-11-03 06:00:00";"Legs";"3600"'
    text = STRONG_C.format(unit="lbs") + (
        f'"7";{start};"Squat (Barbell)";"1";"225";"5";"";"";"";"";""\n'
        f'"7";{start};"Squat (Barbell)";"Note";"";"";"";"";"";"deep";""\n'
        f'"7";{start};"Squat (Barbell)";"Rest Timer";"";"";"";"";"90";"";""\n'
        f'"8";{start};"Squat (Barbell)";"1";"245";"3";"";"";"";"";""\n'
        f'"8";{start};"Leg Press";"Note";"";"";"";"";"";"skipped";""\n'
    )
    result = read_text(text)  # no --unit needed: the header says lbs
    first, second = result.entries
    assert first.sets == (Set(reps=5, weight=225.0, unit="lb"),)
    assert first.note == "deep"
    # Two workouts that share a start time and a name are two sessions (Workout # differs)
    assert second.sets == (Set(reps=3, weight=245.0, unit="lb"),)
    assert first.id != second.id
    assert result.skipped == {"rest timer row": 1, "note without sets": 1}


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


def test_negative_load_is_an_assisted_bodyweight_set() -> None:
    text = STRONG_A + '2024-03-01 18:00:00,"Legs",1h,"Pistol Squat",1,-10,5,0,0,"","",\n'
    assert read_text(text, unit="kg").entries[0].sets == (
        Set(reps=5, weight=-10.0, unit="kg", bodyweight=True),
    )


def test_byte_order_mark_and_crlf_change_nothing() -> None:
    plain = (FIXTURES / "strong_shrey.csv").read_bytes()
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")
    assert read_export(windows, unit="kg", tz=TZ) == parsed("strong_shrey.csv", "kg")


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


# --- Hevy ------------------------------------------------------------------------------------


def test_hevy_kg_session_with_warmups_failure_and_rpe() -> None:
    # head -5 hevy_dakheera.csv
    result = parsed("hevy_dakheera.csv")
    curls = [
        e
        for e in result.entries
        if e.exercise == "seated leg curl"
        and e.logged_at == datetime(2025, 9, 15, 7, 48, tzinfo=TZ)
    ]
    assert len(curls) == 1
    curl = curls[0]
    assert loads(curl)[:4] == [(39.0, 10), (51.0, 6), (78.0, 12), (78.0, 10)]
    assert warmups(curl)[:4] == [True, True, False, False]  # "failure" is a working set
    assert [s.rpe for s in curl.sets][:4] == [6.0, 6.0, 9.0, 9.5]
    assert {s.unit for s in curl.sets} == {"kg"}


def test_hevy_exercise_notes_are_kept_as_written() -> None:
    # line 81: the exercise_notes of Seated Leg Curl on 11 Sep 2025 (the file writes a line
    # break as the two characters backslash and n; legday keeps the text as it is)
    curl = entry_on(parsed("hevy_dakheera.csv"), "2025-09-11", "seated leg curl")
    assert curl.note == "Lower, keep 78\\nLegs: work up 2nd set. Keep last @70 as needed"


def test_hevy_lbs_session() -> None:
    # grep -n '12 Sep 2024, 21:46' hevy_lbs_jake.csv | grep 'Squat (Smith'  (lines 2-7)
    squat = entry_on(parsed("hevy_lbs_jake.csv"), "2024-09-12", "smith machine squat")
    assert loads(squat) == [
        (105.0, 15),
        (155.0, 15),
        (185.0, 15),
        (195.0, 12),
        (185.0, 6),
        (165.0, 15),
    ]
    assert warmups(squat) == [True, False, False, False, False, False]
    assert {s.unit for s in squat.sets} == {"lb"}
    assert squat.logged_at == datetime(2024, 9, 12, 21, 46, tzinfo=TZ)


# --- FitNotes --------------------------------------------------------------------------------


def test_fitnotes_old_header_groups_a_circuit_by_date() -> None:
    # grep -n '^2017-06-26,Leg Press' fitnotes_2017_lbs.csv  (lines 59, 67, 75: a circuit)
    press = entry_on(parsed("fitnotes_2017_lbs.csv"), "2017-06-26", "leg press")
    assert loads(press) == [(240.0, 15), (260.0, 12), (260.0, 12)]
    assert {s.unit for s in press.sets} == {"lb"}
    assert press.logged_at == datetime(2017, 6, 26, 0, 0, tzinfo=TZ)  # FitNotes has no time
    assert not any(warmups(press))


def test_fitnotes_new_header_with_kgs_and_unquoted_commas() -> None:
    result = parsed("fitnotes_2025_kgs.csv")
    # grep -n '^2025-05-21,Squat Machine' fitnotes_2025_kgs.csv  (lines 345-349)
    squat = [e for e in result.entries if e.date == date(2025, 5, 21) and "squat" in e.exercise]
    assert [loads(e) for e in squat] == [[(20.0, 12), (40.0, 8), (45.0, 8), (50.0, 6), (55.0, 4)]]
    assert {s.unit for s in squat[0].sets} == {"kg"}
    # awk -F, 'NF==10' fitnotes_2025_kgs.csv | wc -l  → 99 rows with a comma in the name,
    # none of them a leg exercise: all land in "not a leg exercise", none is a bad row.
    assert "bad row" not in result.skipped
    assert result.rows_read == 1624


FITNOTES_NEW = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"


def test_fitnotes_comma_in_a_leg_exercise_name() -> None:
    # Not in the catalogue: stored as written, found a leg exercise by its Legs category.
    text = FITNOTES_NEW + "\n2025-04-29,Zercher Hold (Each Side, Kettlebell),Legs,8.0,kgs,10,,,\n"
    entry = read_text(text).entries[0]
    assert entry.exercise == "Zercher Hold (Each Side, Kettlebell)"
    assert entry.sets == (Set(reps=10, weight=8.0, unit="kg"),)


def test_fitnotes_trailing_comment_may_hold_commas_too() -> None:
    text = (
        FITNOTES_NEW
        + ",Comment\n"
        + (
            "2025-04-29,Zercher Hold (Each Side, Kettlebell),Legs,8.0,kgs,10,,,,slow, controlled\n"
            "2025-04-29,Leg Press,Legs,100,lbs,12,,,,easy, next time more\n"
            "2025-04-29,Leg Press,Legs,110,lbs,10,,,\n"
        )
    )
    hold, press = read_text(text).entries
    assert hold.exercise == "Zercher Hold (Each Side, Kettlebell)"
    assert hold.note == "slow, controlled"
    assert press.note == "easy, next time more"
    assert loads(press) == [(100.0, 12), (110.0, 10)]
    assert {s.unit for s in press.sets} == {"lb"}


def test_fitnotes_timed_set_and_plain_weight_needs_a_unit() -> None:
    text = "Date,Exercise,Category,Weight,Reps,Distance,Distance Unit,Time\n"
    text += "2017-06-26,Wall Sit,Quads,,,,,0:01:30\n"
    with pytest.raises(UsageError, match="--unit kg or --unit lb"):
        read_text(text)
    assert read_text(text, unit="lb").entries[0].sets == (Set(seconds=90),)


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
        read_export((FIXTURES / "strong_shrey.csv").read_bytes(), fmt="hevy", tz=TZ)
    with pytest.raises(UsageError, match="not a FitNotes export"):
        read_text('{"format": "legday"}', fmt="fitnotes")


def test_a_named_format_that_fits_is_read() -> None:
    result = read_export((FIXTURES / "hevy_lbs_jake.csv").read_bytes(), fmt="hevy", tz=TZ)
    assert result.entries == parsed("hevy_lbs_jake.csv").entries


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


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown import format 'csv'"):
        read_text(STRONG_A, fmt="csv")


def test_progress_is_reported_up_to_the_last_row() -> None:
    seen: list[int] = []
    data = (FIXTURES / "strong_hipml.csv").read_bytes()
    result = read_export(data, unit="lb", tz=TZ, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == result.rows_read == 9065
    assert len(seen) >= 9


# --- merge -----------------------------------------------------------------------------------


def test_merge_both_ways_gives_the_same_set_of_entries() -> None:
    strong = parsed("strong_myon.csv", "kg").entries
    half = len(strong) // 2
    older, newer = strong[: half + 10], strong[half:]
    one_way = merge(older, newer)
    other_way = merge(newer, older)
    assert set(older) | set(one_way.added) == set(newer) | set(other_way.added) == set(strong)
    assert len(one_way.already) == len(other_way.already) == 10


def test_merge_adds_an_id_only_once() -> None:
    entries = parsed("strong_shrey.csv", "kg").entries
    result = merge([], [*entries, *entries])
    assert result.added == entries
    assert result.already == entries


def test_rest_weeks_merge_by_date() -> None:
    existing = [RestMark(date(2025, 3, 3), "sick")]
    incoming = [RestMark(date(2025, 3, 3), "other reason"), RestMark(date(2025, 3, 10))]
    result = merge_rest_marks(existing, incoming)
    assert result.added == [RestMark(date(2025, 3, 10))]
    assert result.already == [RestMark(date(2025, 3, 3), "other reason")]


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
