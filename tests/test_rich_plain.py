"""`exercises` into a pipe, written without Rich, is byte for byte what Rich writes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from legday import catalog
from legday.actions import ExercisesView
from legday.render import rich_plain


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
    view = ExercisesView(catalog.CATALOG, logged)
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


def test_rich_draws_when_a_standard_stream_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("os.get_terminal_size", lambda fd: (100, 30))
    assert rich_plain.width() is None  # Rich would ask the terminal for its width
