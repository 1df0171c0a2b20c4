"""The importers on real exports as their owners published them (../shared/fixtures/exports).

The expected numbers were read from the files themselves, not from the importer: each test
says how (a grep or awk line over the file) so a person can check it. The default suite tests
the same cases on our own small files in tests/fixtures/exports.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
import time_machine

from importing import ParsedImport, read_export, rows_of
from legday.catalog import LEG, leg_verdict
from legday.cli import run
from legday.errors import ExitCode, UsageError
from legday.export import export_csv, export_json_parts
from legday.model import Entry, Set, Unit

pytestmark = pytest.mark.corpus

EXPORTS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "exports"
TZ = timezone(timedelta(hours=-5))


@cache
def parsed(name: str, unit: Unit | None = None) -> ParsedImport:
    return read_export((EXPORTS / name).read_bytes(), unit=unit, tz=TZ)


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


# --- every file ------------------------------------------------------------------------------

# Leg days counted outside legday: the distinct dates (first 10 characters of Date; Hevy: the
# day of start_time) of rows that are not Rest Timer rows, have reps or seconds, and name a leg
# exercise — e.g. for Strong, with LEG='squat|lunge|leg press|leg curl|leg extension|calf|
# deadlift|hip thrust|glute|ham raise|abduct|adduct|box jump|rack pull|hip extension|shin curl|
# sled push', and stretches excluded:
#   python -c "import csv,re; ..." (a DictReader over the file, collecting row['Date'][:10]).
# The one disagreement found by hand: strong_andrew.csv has 2022-05-23 with only
# "Calf Stretches", which is a stretch, not a leg exercise (657 dates with it, 656 without).
FILE_FACTS: list[tuple[str, Unit | None, str, int, str]] = [
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
FILES = [(row[0], row[1]) for row in FILE_FACTS]


@pytest.mark.parametrize(("name", "unit", "fmt", "days", "about"), FILE_FACTS)
def test_every_file_imports_with_its_leg_days(
    name: str, unit: Unit | None, fmt: str, days: int, about: str
) -> None:
    result = parsed(name, unit)
    assert result.format == fmt, about
    assert leg_days(result) == days
    assert all(entry.source == fmt for entry in result.entries)
    assert "bad row" not in result.skipped, about


@pytest.mark.parametrize(("name", "unit"), FILES)
def test_rows_read_counts_every_data_line(name: str, unit: Unit | None) -> None:
    # Every line but the header is one set row (some files lack a final newline, so wc -l
    # is one short there).
    lines = (EXPORTS / name).read_text(encoding="utf-8").splitlines()
    assert parsed(name, unit).rows_read == len(lines) - 1


@pytest.mark.parametrize(("name", "unit"), FILES)
def test_a_second_import_of_the_same_file_adds_nothing(name: str, unit: Unit | None) -> None:
    first = parsed(name, unit)
    again = read_export((EXPORTS / name).read_bytes(), unit=unit, tz=TZ)
    assert [e.id for e in again.entries] == [e.id for e in first.entries]


@pytest.mark.parametrize(("name", "unit"), FILES)
def test_ids_are_unique_lowercase_hex(name: str, unit: Unit | None) -> None:
    ids = [entry.id for entry in parsed(name, unit).entries]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and set(i) <= set("0123456789abcdef") for i in ids)


def test_ids_do_not_depend_on_the_time_zone_of_the_import() -> None:
    elsewhere = read_export(
        (EXPORTS / "strong_shrey.csv").read_bytes(), unit="kg", tz=timezone(timedelta(hours=9))
    )
    assert [e.id for e in elsewhere.entries] == [
        e.id for e in parsed("strong_shrey.csv", "kg").entries
    ]


# --- Strong ----------------------------------------------------------------------------------


def test_strong_without_a_unit_in_the_file_asks_for_one() -> None:
    with pytest.raises(UsageError) as caught:
        read_export((EXPORTS / "strong_2017.csv").read_bytes(), tz=TZ)
    assert "--unit kg" in caught.value.message
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
    with_lb = read_export((EXPORTS / "strong_android_semicolon.csv").read_bytes(), unit="lb", tz=TZ)
    assert with_lb.entries == parsed("strong_android_semicolon.csv").entries


def test_byte_order_mark_and_crlf_change_nothing() -> None:
    plain = (EXPORTS / "strong_shrey.csv").read_bytes()
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")
    assert read_export(windows, unit="kg", tz=TZ) == parsed("strong_shrey.csv", "kg")


def test_progress_is_reported_up_to_the_last_row() -> None:
    seen: list[int] = []
    data = (EXPORTS / "strong_hipml.csv").read_bytes()
    result = read_export(data, unit="lb", tz=TZ, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == result.rows_read == 9065
    assert len(seen) >= 9


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


def test_a_named_format_is_read_or_refused_by_its_header() -> None:
    result = read_export((EXPORTS / "hevy_lbs_jake.csv").read_bytes(), fmt="hevy", tz=TZ)
    assert result.entries == parsed("hevy_lbs_jake.csv").entries
    with pytest.raises(UsageError, match="not a Hevy export"):
        read_export((EXPORTS / "strong_shrey.csv").read_bytes(), fmt="hevy", tz=TZ)


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


def _fitnotes_rows() -> list[tuple[str, str]]:
    """(exercise, category) rows: surplus fields are unquoted commas in the exercise name."""
    rows: list[tuple[str, str]] = []
    for path in sorted(EXPORTS.glob("fitnotes_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header, *records = list(csv.reader(handle))
        for record in records:
            surplus = len(record) - len(header)
            rows.append((",".join(record[1 : 2 + surplus]), record[2 + surplus]))
    return rows


def test_names_alone_agree_with_fitnotes_users_own_categories() -> None:
    """In the real FitNotes exports, the name tells legs from the rest as the user filed it."""
    leg_categories = {"Legs", "Quads", "Hamstrings", "Calves", "Glutes"}
    rows = [(name, category) for name, category in _fitnotes_rows() if category != "Plyometrics"]
    assert len(rows) > 10_000
    disagreements = {
        (name, category)
        for name, category in rows
        if (leg_verdict(name) == LEG) != (category in leg_categories)
    }
    assert disagreements == set()


# --- legday's own export of a whole imported history ----------------------------------------------


def test_json_round_trip_of_a_whole_imported_history() -> None:
    history = parsed("strong_myon.csv", "kg").entries
    back = read_export("".join(export_json_parts(rows_of(history), [])).encode("utf-8"), tz=TZ)
    assert back.entries == history


def test_csv_round_trip_of_a_whole_imported_history() -> None:
    history = parsed("hevy_dakheera.csv").entries
    back = read_export(export_csv(history).encode("utf-8"), tz=TZ)

    def carried(e: Entry) -> tuple[object, ...]:  # a CSV row has no logged_at and no source
        return (e.id, e.date, e.exercise, e.sets, e.note)

    assert [carried(e) for e in back.entries] == [carried(e) for e in history]


def test_importing_a_real_export_twice_through_the_cli_adds_nothing_the_second_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = str(EXPORTS / "hevy_dakheera.csv")
    with time_machine.travel(datetime(2026, 11, 19, 18, 30, tzinfo=TZ), tick=False):
        assert run(["import", export, "--json"]) == 0
        first = json.loads(capsys.readouterr().out)
        assert run(["import", export, "--json"]) == 0
        second = json.loads(capsys.readouterr().out)
    assert first["entries_added"] == len(parsed("hevy_dakheera.csv").entries)
    assert (second["entries_added"], second["entries_existing"]) == (0, first["entries_added"])
