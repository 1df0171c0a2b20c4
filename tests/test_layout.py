"""legday's own table layout (history): widths, wrapping, and colour only on a terminal."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legday.render.layout import table, wrap, write_lines

WORDS = st.text(alphabet="ab×·@ 1", min_size=0, max_size=40)


@given(text=WORDS, width=st.integers(1, 30))
def test_wrapping_keeps_every_character_and_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrapping_breaks_at_spaces() -> None:
    assert wrap("3×5 @ 100 kg · 1×3 @ 110 kg", 14) == ["3×5 @ 100 kg ·", "1×3 @ 110 kg"]


def plain(lines: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


ROWS = [
    ("2026-11-19", "squat", "5×5 @ 100 kg", "abcdef12"),
    ("2026-11-18", "romanian deadlift", "3×8 @ 60 kg · 1×8 @ 70 kg, RPE 8", "0123abcd"),
]
HEADER = ("date", "exercise", "sets", "id")


def test_a_table_that_fits_is_one_line_per_row_in_aligned_columns() -> None:
    lines = plain(table(HEADER, ROWS, width=100, wrap_column=2, styles=("",) * 4))
    assert lines[0].split() == ["date", "exercise", "sets", "id"]
    assert len(lines) == 3
    id_column = lines[1].index("abcdef12")
    assert lines[2].index("0123abcd") == id_column
    assert lines[0].index("id") == id_column
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("width", [50, 60, 70])
def test_a_narrow_stream_wraps_the_chosen_column_only(width: int) -> None:
    lines = plain(table(HEADER, ROWS, width=width, wrap_column=2, styles=("",) * 4))
    assert all(len(line) <= width for line in lines)
    assert len(lines) > 3
    assert sum("0123abcd" in line for line in lines) == 1
    text = " ".join(lines)
    for word in ["3×8", "@", "60", "kg", "·", "1×8", "@", "70", "kg,", "RPE", "8"]:
        assert word in text


def test_styles_reach_a_colour_terminal_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = table(HEADER, ROWS, width=100, wrap_column=2, styles=("", "", "", "dim"))
    piped = io.StringIO()
    monkeypatch.setattr("sys.stdout", piped)
    write_lines(lines)
    assert "\x1b[" not in piped.getvalue()
    assert piped.getvalue().splitlines()[1].endswith("abcdef12")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    coloured = io.StringIO()
    monkeypatch.setattr("sys.stdout", coloured)
    write_lines(lines)
    assert "\x1b[2mabcdef12" in coloured.getvalue()  # the id dimmed


# ---------------------------------------------------------------------------- colour without Rich

STYLES = ["", "bold", "dim", "bold green", "bold yellow", "green", "red", "cyan", "dim blue"]
PIECES = st.lists(
    st.tuples(st.text(alphabet="ab× ·@1-", max_size=90), st.sampled_from(STYLES)), max_size=6
)


def rich_bytes(lines: list[list[tuple[str, str]]]) -> str:
    from rich.text import Text

    from legday.render.console import make_console

    buffer = io.StringIO()
    console = make_console()
    console.file = buffer
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    return buffer.getvalue()


@given(lines=st.lists(PIECES, max_size=4))
def test_colour_without_rich_is_the_bytes_rich_writes(
    lines: list[list[tuple[str, str]]],
) -> None:
    from legday.render.ansi import styled

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FORCE_COLOR", "1")
        patch.setenv("TERM", "xterm-256color")
        patch.setenv("COLUMNS", "40")  # lines longer than the terminal are not wrapped
        patch.delenv("NO_COLOR", raising=False)
        patch.delenv("TTY_COMPATIBLE", raising=False)
        assert styled(lines) == rich_bytes(lines)
        # ... and the text the pager is given (pager.styled_by_rich)
        from legday.render.pager import styled_by_rich

        assert styled(lines) == styled_by_rich(lines, 40)


@pytest.mark.parametrize(
    ("lines", "env"),
    [
        ([[("x", "italic red on white")]], {}),  # a style this module does not write
        ([[("tab\there", "bold")]], {}),  # Rich expands tabs
        ([[("x", "bold")]], {"TERM": "unknown"}),  # Rich's dumb terminal
        ([[("x", "bold")]], {"TTY_COMPATIBLE": "0"}),
        ([[("x", "bold")]], {"FORCE_COLOR": ""}),
    ],
)
def test_anything_else_is_left_to_rich(
    lines: list[list[tuple[str, str]]], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from legday.render.ansi import styled

    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert styled(lines) is None
