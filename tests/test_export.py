"""legday's own exports (JSON and CSV) and reading them back with the legday importer."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing import ParsedImport, read_export, rows_of
from legday.errors import UsageError
from legday.export import CSV_HEADER, export_csv, export_json_parts
from legday.model import UNITS, Entry, RestMark, Set, Unit
from legday.paths import Paths
from legday.store import EntryRows, Store

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
TZ = timezone(timedelta(hours=1))
LOGGED = datetime(2025, 3, 4, 18, 30, tzinfo=TZ)


def export_json(
    entries: list[Entry] | EntryRows, marks: list[RestMark], removed: list[str] | None = None
) -> str:
    rows = entries if isinstance(entries, EntryRows) else rows_of(entries)
    return "".join(export_json_parts(rows, marks, removed or []))


def entry(
    *sets: Set,
    exercise: str = "squat",
    note: str | None = None,
    entry_id: str = "0123456789abcdef0123456789abcdef",
    day: date = date(2025, 3, 4),
    source: str = "log",
) -> Entry:
    return Entry(
        id=entry_id,
        date=day,
        exercise=exercise,
        sets=sets,
        logged_at=LOGGED,
        note=note,
        source=source,
    )


def read_back(text: str) -> ParsedImport:
    return read_export(text.encode("utf-8"), fmt="auto", tz=TZ)


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def without_logging(e: Entry) -> tuple[object, ...]:
    """What a CSV row carries of an entry (it has no logged_at and no source)."""
    return (e.id, e.date, e.exercise, e.sets, e.note)


VARIED = [
    entry(
        Set(reps=5, weight=60.0, unit="kg", warmup=True),
        Set(reps=5, weight=102.5, unit="kg", rpe=8.5),
        Set(reps=12, weight=100.0, unit="kg", amrap=True),
        note="belt; felt strong",
    ),
    entry(
        Set(reps=12, bodyweight=True),
        Set(reps=8, weight=20.0, unit="lb", bodyweight=True),
        Set(reps=6, weight=-15.0, unit="kg", bodyweight=True),
        exercise="pistol squat",
        entry_id="fedcba9876543210fedcba9876543210",
        day=date(2025, 3, 5),
        source="strong",
    ),
    entry(
        Set(seconds=60),
        Set(seconds=45, weight=20.0, unit="kg"),
        exercise="wall sit",
        note='=HYPERLINK("http://example.com")',
        entry_id="00000000000000000000000000000001",
    ),
]
RESTS = [RestMark(date(2025, 2, 10), "flu"), RestMark(date(2025, 2, 17))]


# --- JSON ------------------------------------------------------------------------------------


def test_json_export_has_a_header_entries_and_rest_weeks() -> None:
    document = json.loads(export_json(VARIED, RESTS))
    assert document["format"] == "legday"
    assert document["version"] == 1
    assert [e["id"] for e in document["entries"]] == [e.id for e in VARIED]
    # the contract's history shape, key for key
    assert set(document["entries"][0]) == {
        "id",
        "date",
        "exercise",
        "sets",
        "note",
        "logged_at",
        "source",
    }
    assert document["entries"][1]["sets"][2] == {
        "reps": 6,
        "seconds": None,
        "weight": -15.0,
        "unit": "kg",
        "bodyweight": True,
        "warmup": False,
        "amrap": False,
        "rpe": None,
    }
    assert document["rest_weeks"][0]["date"] == "2025-02-10"


def test_json_round_trip_gives_identical_entries_and_rest_weeks() -> None:
    result = read_back(export_json(VARIED, RESTS))
    assert result.format == "legday"
    assert result.entries == VARIED
    assert [e.logged_at.isoformat() for e in result.entries] == [LOGGED.isoformat()] * 3
    assert [e.source for e in result.entries] == ["log", "strong", "log"]
    assert result.rest_marks == RESTS
    assert result.skipped == {}


IMPORTED = [
    ("strong_a.csv", "lb"),
    ("strong_c.csv", None),
    ("hevy_kg.csv", None),
    ("hevy_lb.csv", None),
    ("fitnotes_new_comment.csv", None),
]


def imported_history() -> list[Entry]:
    """Entries as users get them from other apps: notes with emoji, line breaks and commas,
    warm-ups, timed and assisted sets, kg and lb."""
    return [
        entry
        for name, unit in IMPORTED
        for entry in read_export((FIXTURES / name).read_bytes(), unit=unit, tz=TZ).entries
    ]


def test_json_round_trip_of_a_whole_imported_history_into_an_empty_home() -> None:
    history = imported_history()
    back = read_back(export_json(history, []))
    assert back.entries == history


def test_history_json_list_is_read_too() -> None:
    listing = json.dumps([e.to_json() for e in VARIED])
    assert read_back(listing).entries == VARIED


def test_damaged_json_entries_are_skipped_and_counted() -> None:
    good = VARIED[0].to_json()
    document = {
        "format": "legday",
        "version": 1,
        "entries": [good, {"id": "x"}, good, 7],
        "rest_weeks": [{"date": "not a date"}],
    }
    result = read_back(json.dumps(document))
    assert result.entries == [VARIED[0]]
    assert result.skipped == {"bad entry": 2, "duplicate id": 1, "bad rest week": 1}
    assert result.rows_read == 5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"format": "legday", "version": 2, "entries": []}', "newer legday"),
        ('{"format": "something else"}', "not a legday export"),
        ('{"format": "legday", "entries": {}}', "must be lists"),
        ('{"format": "legday", "entries": [', "not valid JSON"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_json_that_legday_cannot_take_is_refused(text: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        read_back(text)


# --- CSV -------------------------------------------------------------------------------------


def test_csv_header_is_exactly_the_contract() -> None:
    first_line = export_csv(VARIED).splitlines()[0]
    assert (
        first_line
        == "date,exercise,set,reps,seconds,weight,unit,bodyweight,warmup,amrap,rpe,note,id"
    )
    assert tuple(first_line.split(",")) == CSV_HEADER
    assert export_csv([]) == first_line + "\r\n"


def test_csv_has_one_row_per_set() -> None:
    rows = csv_cells(export_csv(VARIED))[1:]
    assert len(rows) == sum(len(e.sets) for e in VARIED)
    assert rows[1] == [
        "2025-03-04", "squat", "2", "5", "", "102.5", "kg", "false", "false", "false", "8.5",
        "belt; felt strong", "0123456789abcdef0123456789abcdef",
    ]  # fmt: skip


def test_csv_writes_numbers_plainly_and_escapes_formula_text() -> None:
    rows = csv_cells(export_csv(VARIED))[1:]
    assisted = rows[5]
    assert assisted[5] == "-15"  # a number, not a formula: left as it is
    assert assisted[7] == "true"
    hyperlink_note = rows[6][11]
    assert hyperlink_note == '\'=HYPERLINK("http://example.com")'


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted"])
def test_formula_like_notes_are_escaped_and_read_back_unchanged(text: str) -> None:
    original = entry(Set(reps=5), note=text)
    exported = export_csv([original])
    assert csv_cells(exported)[1][11] == "'" + text
    assert [without_logging(e) for e in read_back(exported).entries] == [without_logging(original)]


@pytest.mark.parametrize("name", ["=squat()", "+squat", "-squat", "@squat", "'squat"])
def test_formula_like_exercise_names_and_ids_are_escaped_too(name: str) -> None:
    original = entry(Set(reps=5), exercise=name, entry_id=name)
    exported = export_csv([original])
    row = csv_cells(exported)[1]
    assert row[1] == row[12] == "'" + name
    assert [without_logging(e) for e in read_back(exported).entries] == [without_logging(original)]


def test_csv_round_trip_keeps_everything_a_row_carries() -> None:
    result = read_back(export_csv(VARIED))
    assert result.format == "legday"
    assert [without_logging(e) for e in result.entries] == [without_logging(e) for e in VARIED]
    # CSV has no time and no source: midnight of the date in the importing zone, "legday"
    assert result.entries[0].logged_at == datetime(2025, 3, 4, tzinfo=TZ)
    assert {e.source for e in result.entries} == {"legday"}


def test_csv_round_trip_of_a_whole_imported_history() -> None:
    history = imported_history()
    back = read_back(export_csv(history))
    assert [without_logging(e) for e in back.entries] == [without_logging(e) for e in history]


def test_csv_rows_edited_in_a_spreadsheet() -> None:
    text = (
        ",".join(CSV_HEADER)
        + "\n"
        + (
            # sorted by set number descending, and a row added by hand without an id
            "2025-03-04,squat,2,5,,105,kg,false,false,false,,,abc123abc123\n"
            "2025-03-04,squat,1,5,,100,kg,false,false,false,,,abc123abc123\n"
            "2025-03-06,leg press,1,10,,200,kg,,,,,,\n"
            "2025-03-06,leg press,1,10,,200,stones,false,false,false,,,\n"
            "2025-03-07,lunge,1,,,,,false,false,false,,,\n"
        )
    )
    result = read_back(text)
    squat, press = result.entries
    assert squat.id == "abc123abc123"
    assert [s.weight for s in squat.sets] == [100.0, 105.0]
    assert press.sets == (Set(reps=10, weight=200.0, unit="kg"),)
    assert press.id == read_back(text).entries[1].id  # the made-up id is the same every time
    assert result.skipped == {"bad row": 1, "no reps or time": 1}


# --- properties ------------------------------------------------------------------------------

_NAMES = st.text(min_size=1, max_size=20).map(str.strip).filter(bool)
_NOTES = st.none() | st.text(min_size=1, max_size=40).filter(str.strip)


_REPS = st.none() | st.integers(1, 200)
_SECONDS = st.integers(1, 7200)
_WEIGHTS = st.none() | st.floats(-500, 1000, allow_nan=False, allow_infinity=False)
_UNITS: st.SearchStrategy[Unit] = st.sampled_from(UNITS)
_RPES = st.none() | st.sampled_from([6.0, 7.5, 8.0, 9.5, 10.0])
_SOURCES = st.sampled_from(["log", "strong", "hevy", "fitnotes", "legday"])
_DAYS = st.dates(date(2000, 1, 1), date(2030, 12, 31))
_TIMES = st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31))
_IDS = st.text("0123456789abcdef", min_size=6, max_size=32)


@st.composite
def sets(draw: st.DrawFn) -> Set:
    reps = draw(_REPS)
    weight = draw(_WEIGHTS)
    return Set(
        reps=reps,
        seconds=draw(_SECONDS if reps is None else st.none() | _SECONDS),
        weight=weight,
        unit=None if weight is None else draw(_UNITS),
        bodyweight=draw(st.booleans()),
        warmup=draw(st.booleans()),
        amrap=draw(st.booleans()),
        rpe=draw(_RPES),
    )


_SETS = st.lists(sets(), min_size=1, max_size=4).map(tuple)


@st.composite
def histories(draw: st.DrawFn) -> list[Entry]:
    ids = draw(st.lists(_IDS, max_size=5, unique=True))
    return [
        Entry(
            id=entry_id,
            date=draw(_DAYS),
            exercise=draw(_NAMES),
            sets=draw(_SETS),
            logged_at=draw(_TIMES).replace(microsecond=0, tzinfo=TZ),
            note=draw(_NOTES),
            source=draw(_SOURCES),
        )
        for entry_id in ids
    ]


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(history=histories())
def test_json_round_trip_property(history: list[Entry]) -> None:
    assert read_back(export_json(history, RESTS)).entries == history


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(history=histories())
def test_csv_round_trip_property(history: list[Entry]) -> None:
    back = read_back(export_csv(history))
    assert [without_logging(e) for e in back.entries] == [without_logging(e) for e in history]


def one_per_line(values: list[object]) -> str:
    if not values:
        return "[]"
    lines = ["    " + json.dumps(v, ensure_ascii=False, separators=(", ", ": ")) for v in values]
    return "[\n" + ",\n".join(lines) + "\n  ]"


def json_module_export(entries: list[Entry], rest_marks: list[RestMark], removed: list[str]) -> str:
    """The document as the README describes it: the top level indented by two, every entry,
    rest week and removed id on a line of its own, as json's compact encoder writes it."""
    return (
        '{\n  "format": "legday",\n  "version": 1,\n'
        f'  "entries": {one_per_line([entry.to_json() for entry in entries])},\n'
        f'  "rest_weeks": {one_per_line([mark.to_json() for mark in rest_marks])},\n'
        f'  "removed": {one_per_line(list(removed))}\n}}\n'
    )


def test_the_json_export_has_one_entry_per_line() -> None:
    lines = export_json(VARIED, RESTS).splitlines()
    start = lines.index('  "entries": [')
    for number, original in enumerate(VARIED, start=start + 1):
        assert json.loads(lines[number].strip().rstrip(",")) == original.to_json()


def test_an_export_in_the_older_indented_layout_still_imports() -> None:
    document = {
        "format": "legday",
        "version": 1,
        "entries": [e.to_json() for e in VARIED],
        "rest_weeks": [mark.to_json() for mark in RESTS],
        "removed": [],
    }
    older = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert read_back(older).entries == read_back(export_json(VARIED, RESTS)).entries == VARIED


_ZONES = st.sampled_from([UTC, TZ, timezone(timedelta(hours=-7, minutes=-30))])


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    history=histories(),
    zones=st.lists(_ZONES, min_size=5, max_size=5),
    edited=st.lists(st.booleans(), min_size=5, max_size=5),
    removed=st.lists(_IDS, max_size=3),
    rests=st.booleans(),
)
def test_the_json_export_is_byte_for_byte_the_documented_layout(
    history: list[Entry],
    zones: list[timezone],
    edited: list[bool],
    removed: list[str],
    rests: bool,
) -> None:
    # The same instant in two zones, notes with quotes and control characters, edits.
    varied = [
        entry.replace(
            logged_at=entry.logged_at.astimezone(zone),
            edited_at=entry.logged_at.astimezone(zone) if edit else None,
        )
        for entry, zone, edit in zip(history, zones, edited, strict=False)
    ]
    twice = varied + [e.replace(id=e.id + "0") for e in varied]  # shared sets and moments
    marks = RESTS if rests else []
    assert export_json(twice, marks, removed) == json_module_export(twice, marks, removed)


def test_an_empty_json_export_is_what_the_json_module_writes() -> None:
    assert export_json([], [], []) == json_module_export([], [], [])


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(history=histories(), zones=st.lists(_ZONES, min_size=5, max_size=5))
def test_an_export_from_the_stored_lines_is_the_export_of_their_entries(
    tmp_path_factory: pytest.TempPathFactory, history: list[Entry], zones: list[timezone]
) -> None:
    # What the export writes from the rows cache's texts, without decoding the entries, is
    # what it writes from the decoded entries: the same bytes, zones and edge times included.
    home = tmp_path_factory.mktemp("home")
    varied = [
        e.replace(logged_at=e.logged_at.astimezone(zone))
        for e, zone in zip(history, zones, strict=False)
    ]
    store = Store(Paths(data_dir=home, config_dir=home), device="test-device")
    if varied:
        with store.transaction() as snapshot:
            store.add_entries(snapshot, varied)
    store.read()  # writes the rows cache
    snapshot = store.read()  # from the rows cache: nothing decoded yet
    exported = export_json(snapshot.rows, snapshot.rest_marks, sorted(snapshot.removed))
    assert exported == json_module_export(list(snapshot.entries), snapshot.rest_marks, [])
    assert read_back(exported).entries == varied


def many_entries(count: int) -> list[Entry]:
    """`count` entries, two a day: sets that recur one by one and whole, some notes."""
    return [
        entry(
            *[Set(reps=5, weight=100.0 + 2.5 * (number % 7), unit="kg")] * (1 + number % 4),
            Set(reps=8 + number % 5, warmup=number % 2 == 0),
            exercise=("squat", "romanian deadlift", "leg press")[number % 3],
            note='felt "good"' if number % 10 == 0 else None,
            entry_id=f"{number:032x}",
            day=date(2025, 1, 1) + timedelta(days=number // 2),
        )
        for number in range(count)
    ]


def test_a_big_export_from_the_rows_cache_comes_in_pieces_that_add_up_to_the_document(
    tmp_path: Path,
) -> None:
    # Hundreds of entries: several pieces, each joined only when it is asked for.
    store = Store(Paths(data_dir=tmp_path, config_dir=tmp_path), device="test-device")
    with store.transaction() as snapshot:
        store.add_entries(snapshot, many_entries(300))
    store.read()  # writes the rows cache
    snapshot = store.read()  # from the rows cache: nothing decoded yet
    removed = ["f" * 32]

    pieces = list(export_json_parts(snapshot.rows, RESTS, removed))

    assert len(pieces) > 5
    expected = json_module_export(list(snapshot.entries), RESTS, removed)
    assert "".join(pieces) == expected == export_json(list(snapshot.entries), RESTS, removed)
    assert read_back(expected).entries == many_entries(300)
