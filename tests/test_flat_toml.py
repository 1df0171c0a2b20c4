"""The flat TOML reader that spares the cron path tomllib: whatever it accepts, tomllib reads
the same; what legday writes, it accepts; anything else it leaves to tomllib."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legday.config import render_toml
from legday.flat_toml import parse_flat_toml


def typed(value: Any) -> Any:
    """`value` with every leaf tagged by its type: True == 1 in Python, but not in TOML."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def assert_agrees_with_tomllib(text: str) -> None:
    flat = parse_flat_toml(text)
    if flat is not None:
        assert typed(flat) == typed(tomllib.loads(text)), text


# ---------------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("\n\n  \t\n", {}),
        ("# only a comment\n", {}),
        (
            'goal = 1\nweek_start = "monday"\nunit = "kg"\n',
            {"goal": 1, "week_start": "monday", "unit": "kg"},
        ),
        ("goal=3", {"goal": 3}),
        ("  goal\t=\t3   # three a week\n", {"goal": 3}),
        ("goal = 1\r\nunit = 'lb'\r\n", {"goal": 1, "unit": "lb"}),
        ("n = -0\nm = +7\nbig = 123456789012345678\n", {"n": 0, "m": 7, "big": 123456789012345678}),
        ("on = true\noff = false\n", {"on": True, "off": False}),
        ("path = 'C:\\Users\\me'\n", {"path": "C:\\Users\\me"}),
        ("quote = 'say \"hi\"'\n", {"quote": 'say "hi"'}),
        ('tab = "a\tb"\n', {"tab": "a\tb"}),
        ('word = "Kniebeuge ✓ — 脚"\n', {"word": "Kniebeuge ✓ — 脚"}),
        ("r = []\n", {"r": []}),
        ("r = [ \"a\" , 'b' ]\n", {"r": ["a", "b"]}),
        (
            'r = [\n    "Legs first.",\n    "Squat.", # mine\n\n]\n',
            {"r": ["Legs first.", "Squat."]},
        ),
        ('r = [ # list\n"a"\r\n,"b",]', {"r": ["a", "b"]}),
        ("under_score-and-dash = 1\n1234 = 2\n", {"under_score-and-dash": 1, "1234": 2}),
    ],
)
def test_flat_documents_are_read_as_tomllib_reads_them(text: str, expected: dict[str, Any]) -> None:
    assert typed(parse_flat_toml(text)) == typed(expected)
    assert typed(tomllib.loads(text)) == typed(expected)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[section]\ngoal = 1\n", id="table"),
        pytest.param("a.b = 1\n", id="dotted-key"),
        pytest.param('"goal" = 1\n', id="quoted-key"),
        pytest.param('text = "a\\"b"\n', id="escaped-quote"),
        pytest.param('text = "a\\tb"\n', id="escaped-tab"),
        pytest.param('text = "caf\\u00e9"\n', id="unicode-escape"),
        pytest.param('text = """multi"""\n', id="multi-line-basic"),
        pytest.param("text = '''multi'''\n", id="multi-line-literal"),
        pytest.param("x = 1.5\n", id="float"),
        pytest.param("x = 1_000\n", id="underscore-int"),
        pytest.param("x = 0x1F\n", id="hex"),
        pytest.param("x = 1e3\n", id="exponent"),
        pytest.param("x = inf\n", id="inf"),
        pytest.param("x = 1979-05-27\n", id="date"),
        pytest.param("x = 07:30:00\n", id="time"),
        pytest.param("x = 1234567890123456789\n", id="nineteen-digits"),
        pytest.param("x = [1, 2]\n", id="array-of-ints"),
        pytest.param("x = {a = 1}\n", id="inline-table"),
    ],
)
def test_valid_toml_beyond_flat_lines_is_left_to_tomllib(text: str) -> None:
    tomllib.loads(text)  # valid TOML ...
    assert parse_flat_toml(text) is None  # ... that this reader does not claim to understand


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("goal = 1\ngoal = 2\n", id="duplicate-key"),
        pytest.param("goal =\n", id="no-value"),
        pytest.param("= 1\n", id="no-key"),
        pytest.param("goal 1\n", id="no-equals"),
        pytest.param("goal = 01\n", id="leading-zero"),
        pytest.param('path = "C:\\Users\\me"\n', id="unknown-escape"),
        pytest.param("goal = 1 2\n", id="two-values"),
        pytest.param("goal = truex\n", id="word-after-true"),
        pytest.param('name = "open\n', id="unterminated-string"),
        pytest.param('name = "a\nb"\n', id="string-across-lines"),
        pytest.param('r = ["a",,]\n', id="double-comma"),
        pytest.param('r = [,"a"]\n', id="leading-comma"),
        pytest.param('r = ["a"\n', id="unclosed-array"),
        pytest.param("goal = 1\rweek = 2\n", id="lone-carriage-return"),
        pytest.param("goal = 1 # bell \x07\n", id="control-in-comment"),
        pytest.param('name = "nul \x00"\n', id="control-in-string"),
        pytest.param("\ufeffgoal = 1\n", id="byte-order-mark"),
        pytest.param("goal\u00a0= 1\n", id="no-break-space"),
    ],
)
def test_broken_toml_is_left_to_tomllib_so_its_error_is_shown(text: str) -> None:
    assert parse_flat_toml(text) is None
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)


# ---------------------------------------------------------------------------- properties

# Pieces of TOML, right and wrong, that the generated documents are made of.
_KEYS = st.sampled_from(["goal", "unit", "reminders", "week_start", "x", "a-b_1", "7"])
_SAFE_TEXT = st.text(
    st.characters(codec="utf-8", blacklist_characters="\"'\\\x7f"), max_size=12
).filter(lambda text: all(ord(char) >= 0x20 or char == "\t" for char in text))
_STRINGS = st.one_of(
    _SAFE_TEXT.map(lambda text: f'"{text}"'),
    _SAFE_TEXT.map(lambda text: f"'{text}'"),
)
_VALUES = st.one_of(
    _STRINGS,
    st.integers(-(10**18) + 1, 10**18 - 1).map(str),
    st.sampled_from(["true", "false", "+3", "-0"]),
    st.lists(_STRINGS, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(_STRINGS, max_size=3).map(
        lambda items: "[\n" + "".join(f"    {item}, # note\n" for item in items) + "]"
    ),
)
_SPACE = st.sampled_from(["", " ", "\t", "  "])
_COMMENT = st.sampled_from(["", " # why", "#", " # ünïcode ✓"])
_NEWLINE = st.sampled_from(["\n", "\r\n"])
_GOOD_LINES = st.one_of(
    st.builds(
        lambda space, key, around, value, comment, newline: (
            f"{space}{key}{around}={around}{value}{comment}{newline}"
        ),
        _SPACE,
        _KEYS,
        _SPACE,
        _VALUES,
        _COMMENT,
        _NEWLINE,
    ),
    st.builds(
        lambda space, comment, newline: space + comment + newline, _SPACE, _COMMENT, _NEWLINE
    ),
)
_ODD_LINES = st.sampled_from(
    [
        "[table]\n",
        "a.b = 1\n",
        'k = "esc\\"aped"\n',
        'k = "new\\nline"\n',
        "k = 1.5\n",
        "k = 2024-01-01\n",
        "k = [1]\n",
        "k = {}\n",
        "k = '''x'''\n",
        "k = \r\n",
        "\r",
        "k = 1 2\n",
        "k = 0x10\n",
        "k = 010\n",
        '"q" = 1\n',
        "k = \x00\n",
    ]
)
_FUZZ = st.text(st.sampled_from(list(" \t\n\r\"'#=[],.ab01+-_\\x\x00")), max_size=40)


@settings(max_examples=400)
@given(st.lists(_GOOD_LINES, max_size=8).map("".join))
def test_documents_of_flat_lines_are_accepted_and_read_as_tomllib_reads_them(text: str) -> None:
    # Duplicate keys are invalid TOML: only those documents may (and must) be refused.
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert parse_flat_toml(text) is None
        return
    assert typed(parse_flat_toml(text)) == typed(expected)


@settings(max_examples=400)
@given(st.lists(st.one_of(_GOOD_LINES, _ODD_LINES, _FUZZ), max_size=8).map("".join))
def test_whatever_the_reader_accepts_tomllib_reads_the_same(text: str) -> None:
    assert_agrees_with_tomllib(text)


_SETTING_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), max_size=30
)


@given(
    goal=st.integers(1, 7),
    week_start=st.sampled_from(["monday", "sunday"]),
    unit=st.sampled_from(["kg", "lb"]),
    reminders=st.lists(_SETTING_TEXT, max_size=4),
    extra=st.dictionaries(_KEYS, st.one_of(_SETTING_TEXT, st.integers(0, 99), st.booleans())),
)
def test_what_legday_writes_needs_no_tomllib_to_read(
    goal: int, week_start: str, unit: str, reminders: list[str], extra: dict[str, Any]
) -> None:
    table = {**extra, "goal": goal, "week_start": week_start, "unit": unit, "reminders": reminders}

    written = render_toml(table)

    assert typed(parse_flat_toml(written)) == typed(tomllib.loads(written)) == typed(table)
