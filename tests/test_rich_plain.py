"""`exercises` into a pipe, written without Rich, is byte for byte what Rich writes."""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from legday import catalog, strength
from legday.actions import ExercisesView, PrsView
from legday.model import Entry, Set
from legday.render import rich_plain, strength_views


def rich_console(width: int) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system=None, highlight=False, emoji=False, soft_wrap=False
    )
    return console, out


def rich_table(header: list[str], rows: list[list[str]], justify: list[str], width: int) -> str:
    console, out = rich_console(width)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name, how in zip(header, justify, strict=True):
        table.add_column(name, justify="right" if how == "right" else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return out.getvalue()


def rich_text(text: str, width: int) -> str:
    console, out = rich_console(width)
    console.print(Text(text))
    return out.getvalue()


def joined(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


_WORDS = st.text("abcdefghij ,()-'", min_size=0, max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(2, 5),
    cells=st.lists(st.lists(_WORDS, min_size=5, max_size=5), min_size=1, max_size=6),
    right=st.lists(st.booleans(), min_size=5, max_size=5),
    width=st.integers(10, 120),
)
def test_a_table_is_what_rich_writes_whenever_it_is_written(
    columns: int, cells: list[list[str]], right: list[bool], width: int
) -> None:
    header = [f"col{i}" for i in range(columns)]
    rows = [row[:columns] for row in cells]
    justify = ["right" if r else "left" for r in right[:columns]]
    lines = rich_plain.table_lines(header, rows, justify, width)
    if lines is not None:
        assert joined(lines) == rich_table(header, rows, justify, width)


@settings(max_examples=300, deadline=None)
@given(text=st.text("abcdefghij ,()", min_size=0, max_size=200), width=st.integers(5, 100))
def test_a_line_is_what_rich_writes_whenever_it_is_written(text: str, width: int) -> None:
    lines = rich_plain.text_lines(text, width)
    if lines is not None:
        assert joined(lines) == rich_text(text, width)


@pytest.mark.parametrize("width", [60, 72, 80, 100, 120, 160, 250])
@pytest.mark.parametrize(
    "logged",
    [
        {},
        {"squat": 145, "front squat": 59, "leg press": 3},
        {"squat": 1_234_567, "Squat RPE6": 4, "Leg Press OLD": 12, "zercher (paused)": 1},
        {f"my lift {i}": i for i in range(1, 40)},
    ],
)
def test_the_exercises_table_is_what_rich_writes(
    width: int, logged: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = ExercisesView(catalog.exercises(), logged)
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert rich_plain.write_exercises(view)  # taken at these widths: no Rich needed
    console, expected = rich_console(width)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for name in rich_plain.EXERCISES_HEADER:
        table.add_column(name, justify="right" if name == "logged" else "left")
    for row in rich_plain.exercise_rows(view):
        table.add_row(*row)
    console.print(table)
    own = rich_plain.own_names(view)
    if own is not None:
        console.print(Text(own))
    assert out.getvalue() == expected.getvalue()


def test_rich_draws_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    assert not rich_plain.write_exercises(ExercisesView(catalog.exercises(), {}))
    assert sys.stdout.getvalue() == ""


def some_records(names: list[str], holds: bool) -> PrsView:
    moment = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
    entries = []
    for number, name in enumerate(names):
        sets = (
            Set(reps=5, weight=60.0 + 7.5 * number, unit="kg"),
            Set(reps=12, weight=None, unit=None, bodyweight=True),
            Set(reps=3, weight=20.0 * number, unit="lb", bodyweight=number % 2 == 1),
        )
        if holds and number % 3 == 0:
            sets += (Set(reps=None, seconds=45 + number, weight=None, unit=None),)
        for day in range(1 + number % 3):
            entries.append(
                Entry(
                    id=f"{number:04x}{day:04x}",
                    date=date(2026, 10, 1 + day + number),
                    exercise=name,
                    sets=sets,
                    logged_at=moment,
                )
            )
    return PrsView(strength.personal_records(entries, "kg", "epley"), unit="kg")


@pytest.mark.parametrize("holds", [False, True])
@pytest.mark.parametrize(
    "names",
    [
        ["squat", "leg press"],
        ["squat", "front squat", "romanian deadlift", "bulgarian split squat", "calf raise"],
        ["a very long exercise name that wraps", "hip thrust"],
    ],
)
def test_prs_into_a_pipe_is_what_rich_writes_at_every_width(
    names: list[str], holds: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = some_records(names, holds)
    taken = 0
    for width in range(30, 181, 3):
        monkeypatch.setenv("COLUMNS", str(width))
        ours, theirs = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stdout", ours)
        if not rich_plain.write_prs(view):
            continue
        taken += 1
        monkeypatch.setattr("sys.stdout", theirs)
        strength_views.prs(view)  # always Rich
        assert ours.getvalue() == theirs.getvalue(), width
    assert taken  # the narrow widths are written without Rich


def test_the_records_table_is_measured_as_rich_measures_it() -> None:
    for names in (["squat"], ["squat", "a name longer than the column may be"]):
        for holds in (False, True):
            records = some_records(names, holds).records
            console, _ = rich_console(80)
            table = strength_views._records_table(records)
            plain = strength_views.plain_table(records)
            assert strength_views.plain_table_width(*plain) == strength_views._natural_width(
                console, table
            )


@pytest.mark.parametrize("holds", [False, True])
def test_a_records_table_that_fits_is_written_without_rich_as_rich_writes_it(
    holds: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A value over its date in each cell, two-line headers aligned at the bottom, a long
    # name wrapped in its 18-column exercise column: what a user sees piped at 100 columns.
    names = ["bulgarian split squat", "squat", "standing calf raise", "walking lunge"]
    view = some_records(names, holds)
    for width in (100, 120, 200):
        monkeypatch.setenv("COLUMNS", str(width))
        ours, theirs = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stdout", ours)
        assert rich_plain.write_prs(view)
        monkeypatch.setattr("sys.stdout", theirs)
        strength_views.prs(view)
        assert ours.getvalue() == theirs.getvalue(), width
        assert "best set" in ours.getvalue()  # the table, not the lists


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text("abcdefgh ", min_size=1, max_size=30), min_size=1, max_size=5),
    holds=st.booleans(),
    width=st.integers(40, 220),
)
def test_prs_of_any_names_is_what_rich_writes_whenever_it_is_written(
    names: list[str], holds: bool, width: int
) -> None:
    # Names that wrap in the exercise column, or are only spaces, at widths where the table
    # fits and where it does not.
    view = some_records(names, holds)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(width))
        ours, theirs = io.StringIO(), io.StringIO()
        patch.setattr("sys.stdout", ours)
        if rich_plain.write_prs(view):
            patch.setattr("sys.stdout", theirs)
            strength_views.prs(view)
            assert ours.getvalue() == theirs.getvalue()
