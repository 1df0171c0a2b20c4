"""The set-spec grammar of `legday log`: every row and refusal of CONTRACT.md "Set specs"."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday.errors import ExitCode, UsageError
from legday.model import UNITS, Set, Unit
from legday.sets import (
    SetSpecError,
    format_set_specs,
    format_sets,
    looks_like_set_spec,
    parse_set_specs,
)


def sets_of(count: int, **fields: Any) -> tuple[Set, ...]:
    return tuple(Set(**fields) for _ in range(count))


def parse(*tokens: str, unit: Unit = "kg") -> tuple[Set, ...]:
    return parse_set_specs(list(tokens), unit)


# --- the contract's table --------------------------------------------------------------------

CONTRACT_ROWS: list[tuple[list[str], Unit, tuple[Set, ...]]] = [
    (["5x5"], "kg", sets_of(5, reps=5)),
    (["5x5@100kg"], "lb", sets_of(5, reps=5, weight=100.0, unit="kg")),
    (["3x8@135lb"], "kg", sets_of(3, reps=8, weight=135.0, unit="lb")),
    (["3x8@60"], "kg", sets_of(3, reps=8, weight=60.0, unit="kg")),
    (["3x8@60"], "lb", sets_of(3, reps=8, weight=60.0, unit="lb")),
    (
        ["3x10,8,6@60kg"],
        "kg",
        tuple(Set(reps=r, weight=60.0, unit="kg") for r in (10, 8, 6)),
    ),
    (
        ["10,8,6@60kg"],
        "kg",
        tuple(Set(reps=r, weight=60.0, unit="kg") for r in (10, 8, 6)),
    ),
    (["100kgx5"], "lb", (Set(reps=5, weight=100.0, unit="kg"),)),
    (["3x12@bw"], "kg", sets_of(3, reps=12, bodyweight=True)),
    (["3x8@bw+20kg"], "kg", sets_of(3, reps=8, weight=20.0, unit="kg", bodyweight=True)),
    (["3x8@+20kg"], "kg", sets_of(3, reps=8, weight=20.0, unit="kg", bodyweight=True)),
    (["3x6@bw-15kg"], "kg", sets_of(3, reps=6, weight=-15.0, unit="kg", bodyweight=True)),
    (["3x60s"], "kg", sets_of(3, seconds=60)),
    (["3x1:30"], "kg", sets_of(3, seconds=90)),
    (["3x45s@20kg"], "kg", sets_of(3, seconds=45, weight=20.0, unit="kg")),
    (["1x12+@80kg"], "kg", (Set(reps=12, weight=80.0, unit="kg", amrap=True),)),
    (["w:2x5@60kg"], "kg", sets_of(2, reps=5, weight=60.0, unit="kg", warmup=True)),
    (["5x5", "rpe8"], "kg", sets_of(5, reps=5, rpe=8.0)),
    (["5x5", "rpe8.5"], "kg", sets_of(5, reps=5, rpe=8.5)),
    (["1x3@102.5kg"], "kg", sets_of(1, reps=3, weight=102.5, unit="kg")),
    (["1x3@102,5kg"], "kg", sets_of(1, reps=3, weight=102.5, unit="kg")),
]


@pytest.mark.parametrize(("tokens", "unit", "expected"), CONTRACT_ROWS)
def test_contract_rows_parse_to_their_sets(
    tokens: list[str], unit: Unit, expected: tuple[Set, ...]
) -> None:
    assert parse_set_specs(tokens, unit) == expected


@pytest.mark.parametrize(
    "token",
    ["5X5@100KG", "5x5@100Kg", "5×5@100kg", "5x5@100kgs", "5x5@100KGS"],
)
def test_specs_are_case_insensitive(token: str) -> None:
    assert parse(token) == sets_of(5, reps=5, weight=100.0, unit="kg")


@pytest.mark.parametrize("token", ["3x5@225LB", "3x5@225lbs", "3x5@225LBS"])
def test_pound_spellings(token: str) -> None:
    assert parse(token) == sets_of(3, reps=5, weight=225.0, unit="lb")


def test_several_tokens_add_sets_and_rpe_rates_only_the_token_before_it() -> None:
    sets = parse("w:2x5@60kg", "5x5@100kg", "rpe8")
    assert sets == (
        *sets_of(2, reps=5, weight=60.0, unit="kg", warmup=True),
        *sets_of(5, reps=5, weight=100.0, unit="kg", rpe=8.0),
    )


def test_amrap_marks_only_the_last_set_of_its_token() -> None:
    sets = parse("5x5+@100kg")
    assert [s.amrap for s in sets] == [False, False, False, False, True]
    listed = parse("3x10,8,12+@60kg")
    assert [(s.reps, s.amrap) for s in listed] == [(10, False), (8, False), (12, True)]


def test_other_readable_forms() -> None:
    assert parse("1x2min") == (Set(seconds=120),)
    assert parse("1x30sec") == (Set(seconds=30),)
    assert parse("90s") == (Set(seconds=90),)
    assert parse("12@bw") == (Set(reps=12, bodyweight=True),)
    assert parse("3x8@-20kg") == sets_of(3, reps=8, weight=-20.0, unit="kg", bodyweight=True)
    assert parse("3x10,8,6@102,5kg")[0].weight == 102.5
    assert parse("102,5kgx3") == (Set(reps=3, weight=102.5, unit="kg"),)
    assert parse("1x5", "rpe9,5") == (Set(reps=5, rpe=9.5),)
    assert parse("5x5@0kg") == sets_of(5, reps=5, weight=0.0, unit="kg")


def test_limits_themselves_are_accepted() -> None:
    assert parse("20x200@1000kg") == sets_of(20, reps=200, weight=1000.0, unit="kg")
    assert parse("1x1@2200lb") == (Set(reps=1, weight=2200.0, unit="lb"),)
    assert parse("1x7200s") == (Set(seconds=7200),)
    assert parse("1x1", "rpe1") == (Set(reps=1, rpe=1.0),)
    assert parse("1x1", "rpe10") == (Set(reps=1, rpe=10.0),)


@pytest.mark.parametrize(
    "tokens",
    [
        ["5x5", "@", "100kg"],
        ["5x5", "@100kg"],
        ["5x5@", "100kg"],
        ["5x5 @ 100kg"],
    ],
)
def test_a_spec_typed_with_spaces_still_reads(tokens: list[str]) -> None:
    assert parse(*tokens) == sets_of(5, reps=5, weight=100.0, unit="kg")


def test_rpe_and_warmup_typed_with_spaces_still_read() -> None:
    assert parse("w:", "2x5@60kg", "rpe", "7") == sets_of(
        2, reps=5, weight=60.0, unit="kg", warmup=True, rpe=7.0
    )


# --- refusals --------------------------------------------------------------------------------

REFUSALS: list[tuple[list[str], str]] = [
    (["5xx"], "5xx"),
    (["squat"], "squat"),
    (["5x5@100kg@90kg"], "5x5@100kg@90kg"),
    (["100kgx5@100kg"], "100kgx5@100kg"),
    (["5x5@"], "5x5@"),
    (["5x5@heavy"], "5x5@heavy"),
    (["3x"], "3x"),
    (["3x10,,8"], "3x10,,8"),
    (["3x1:75"], "3x1:75"),
    (["3x10+,8"], "3x10+,8"),
    (["@100kg"], "@100kg"),
    (["5"], "5"),
    (["0x5"], "0x5"),
    (["5x0"], "5x0"),
    (["3x10,0,8"], "3x10,0,8"),
    (["3x0s"], "3x0s"),
    (["3x10,8@60kg"], "3x10,8@60kg"),
    (["2x10,8,6@60kg"], "2x10,8,6@60kg"),
    (["21x5@100kg"], "21x5@100kg"),
    (["5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5"], "5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5"),
    (["3x201"], "3x201"),
    (["1x999999999999999999999999"], "1x999999999999999999999999"),
    (["5x5@1000.5kg"], "5x5@1000.5kg"),
    (["5x5@2201lb"], "5x5@2201lb"),
    (["3x8@bw+1001kg"], "3x8@bw+1001kg"),
    (["1x7201s"], "1x7201s"),
    (["1x121min"], "1x121min"),
    (["1x120:01"], "1x120:01"),
    (["5x5", "rpe11"], "rpe11"),
    (["5x5", "rpe0"], "rpe0"),
    (["5x5", "rpe0.5"], "rpe0.5"),
    (["5x5", "rpe8.25"], "rpe8.25"),
    (["5x5", "rpe10.5"], "rpe10.5"),
    (["5x5", "rpe"], "rpe"),
    (["5x5", "rpe8kg"], "rpe8kg"),
    (["rpe8", "5x5"], "rpe8"),
    (["5x5", "rpe8", "rpe9"], "rpe9"),
    (["5x5@100kg", ""], ""),
    (["5x5@100kg", "   "], "   "),
    (["5x5@1,000lb"], "5x5@1,000lb"),
    (["w:"], "w:"),
    (["5x5@100kg", "3x5@90kg", "fast"], "fast"),
]


@pytest.mark.parametrize(("tokens", "bad"), REFUSALS)
def test_refusals_name_the_bad_token_and_show_examples(tokens: list[str], bad: str) -> None:
    with pytest.raises(SetSpecError) as caught:
        parse_set_specs(tokens, "kg")
    message = caught.value.message
    assert f"'{bad}'" in message
    assert "try " in message
    assert "\n" not in message
    assert not message.startswith("Error")


def test_a_refusal_is_a_usage_error_with_exit_2() -> None:
    with pytest.raises(UsageError) as caught:
        parse("5xx")
    assert caught.value.exit_code == ExitCode.USAGE


def test_no_specs_at_all_is_refused_with_examples() -> None:
    with pytest.raises(SetSpecError, match=r"no set specs.*try 5x5"):
        parse_set_specs([], "kg")


def test_a_load_read_as_225_sets_gets_both_hints() -> None:
    with pytest.raises(SetSpecError) as caught:
        parse("225x5")
    assert "'225x5'" in caught.value.message
    assert "225kgx5" in caught.value.message
    assert "1x5@225" in caught.value.message


def test_the_225_hint_uses_the_configured_unit_and_both_hints_parse() -> None:
    with pytest.raises(SetSpecError) as caught:
        parse("135x5", unit="lb")
    assert "135lbx5" in caught.value.message
    assert (
        parse("135lbx5") == parse("1x5@135", unit="lb") == (Set(reps=5, weight=135.0, unit="lb"),)
    )


def test_too_many_sets_with_a_load_gets_no_load_hint() -> None:
    with pytest.raises(SetSpecError) as caught:
        parse("25x5@100kg")
    assert "25kgx5" not in caught.value.message
    assert "1x5@25" not in caught.value.message


def test_an_unclear_thousands_comma_shows_both_readings() -> None:
    with pytest.raises(SetSpecError) as caught:
        parse("3x10@1,000lb")
    assert "1000" in caught.value.message
    assert "1.000" in caught.value.message


def test_a_huge_token_is_shortened_in_the_message() -> None:
    with pytest.raises(SetSpecError) as caught:
        parse("5x" + "y" * 5000)
    assert len(caught.value.message) < 200


# --- where the specs start -------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["5x5@80kg", "5xx", "100kgx5", "@100kg", "w:2x5@60kg", "W:2x5", "rpe8", "RPE8.5"]
)
def test_words_that_start_the_specs(word: str) -> None:
    assert looks_like_set_spec(word)


@pytest.mark.parametrize(
    "word", ["front", "squat", "rdl", "split-squat", "wall", "w", "reverse", "rpegs", ""]
)
def test_exercise_words_are_not_specs(word: str) -> None:
    assert not looks_like_set_spec(word)


def test_the_exercise_is_the_words_before_the_first_spec() -> None:
    words = ["front", "squat", "5x5@80kg", "rpe8"]
    first = next(i for i, word in enumerate(words) if looks_like_set_spec(word))
    assert " ".join(words[:first]) == "front squat"
    assert parse(*words[first:]) == sets_of(5, reps=5, weight=80.0, unit="kg", rpe=8.0)


# --- human format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "shown"),
    [
        (["5x5@100kg"], "5×5 @ 100 kg"),
        (["5x5@100.0kg"], "5×5 @ 100 kg"),
        (["1x3@102.50kg"], "1×3 @ 102.5 kg"),
        (["3x10,8,6@60kg"], "10/8/6 @ 60 kg"),
        (["3x12@bw"], "3×12 @ bodyweight"),
        (["3x8@bw+20kg"], "3×8 @ bw+20 kg"),
        (["3x6@bw-15kg"], "3×6 @ bw-15 kg"),
        (["3x60s"], "3×60 s"),
        (["1x2:30"], "1×2:30 min"),
        (["w:2x5@60kg"], "warm-up 2×5 @ 60 kg"),
        (["1x12+@80kg"], "1×12+ @ 80 kg"),
        (["3x5+@100kg"], "5/5/5+ @ 100 kg"),
        (["5x5@100kg", "rpe8"], "5×5 @ 100 kg, RPE 8"),
        (
            ["w:2x5@60kg", "5x5@100kg", "rpe8.5"],
            "warm-up 2×5 @ 60 kg · 5×5 @ 100 kg, RPE 8.5",
        ),
    ],
)
def test_format_sets_reads_like_a_training_log(tokens: list[str], shown: str) -> None:
    assert format_sets(parse(*tokens)) == shown


def test_format_sets_shows_imported_sets_the_grammar_cannot_write() -> None:
    # Some apps export a set with both reps and a time: show both rather than drop one.
    timed_reps = Set(reps=10, seconds=30, weight=20.0, unit="kg")
    assert format_sets([timed_reps]) == "1×10 (30 s) @ 20 kg"
    assert format_sets([Set(reps=5, weight=61.234567, unit="kg")]) == "1×5 @ 61.23 kg"
    assert format_sets([]) == ""


# --- back to specs ---------------------------------------------------------------------------


@pytest.mark.parametrize(("tokens", "unit", "expected"), CONTRACT_ROWS)
def test_every_contract_row_survives_a_round_trip(
    tokens: list[str], unit: Unit, expected: tuple[Set, ...]
) -> None:
    other: Unit = "lb" if unit == "kg" else "kg"
    assert parse_set_specs(format_set_specs(expected), other) == expected


def test_format_set_specs_is_compact() -> None:
    assert format_set_specs(parse("w:2x5@60kg", "5x5@100kg", "rpe8")) == [
        "w:2x5@60kg",
        "5x5@100kg",
        "rpe8",
    ]


def test_more_than_twenty_sets_are_split_over_tokens_that_parse_back() -> None:
    sets = sets_of(45, reps=5, weight=20.0, unit="kg")
    tokens = format_set_specs(sets)
    assert len(tokens) == 3
    assert parse_set_specs(tokens, "lb") == sets


@pytest.mark.parametrize(
    "odd",
    [
        Set(reps=10, seconds=30),
        Set(),
        Set(reps=5, weight=100.0),
        Set(reps=5, rpe=7.3),
        Set(reps=0),
        Set(seconds=9000),
        Set(reps=5, weight=-10.0, unit="kg"),
        Set(reps=5, unit="kg"),
        Set(reps=5, weight=5000.0, unit="kg"),
    ],
)
def test_sets_the_grammar_cannot_write_are_refused_by_format_set_specs(odd: Set) -> None:
    with pytest.raises(ValueError, match="set spec"):
        format_set_specs([odd])


# --- properties ------------------------------------------------------------------------------

FRAGMENTS = [
    "0", "1", "5", "12", "20", "21", "225", "1000", "2200", "99999999999999", "007",
    "x", "X", "×", "@", "kg", "KG", "lb", "lbs", "bw", "BW", "+", "-", ",", ".", ":",
    "30", "59", "60", "s", "sec", "min", "w:", "rpe", "8", "8.5", ",5", "102,5", "1,000",
    " ", "", "@bw", "rpe8", "\n", "é", "٣",
]  # fmt: skip

grammarish_words = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
spec_like_words = st.builds(
    "{}{}x{}{}{}".format,
    st.sampled_from(["", "w:", "W:"]),
    st.integers(0, 25).map(str),
    st.lists(
        st.sampled_from(["5", "0", "201", "12", "60s", "1:30", "2min", "7201s"]),
        min_size=1,
        max_size=4,
    ).map(",".join),
    st.sampled_from(["", "+"]),
    st.sampled_from(
        ["", "@bw", "@100kg", "@bw+20kg", "@-15kg", "@102,5", "@2200lb", "@1001kg", "@0"]
    ),
)
rpe_words = st.builds("rpe{}".format, st.sampled_from(["8", "8.5", "9,5", "0", "11", "7.25"]))
unit_choices = st.sampled_from(UNITS)


def assert_only_clean_refusals(tokens: list[str], unit: Unit) -> None:
    """Any input either reads, and then writes back to the same sets, or is a clean refusal."""
    try:
        sets = parse_set_specs(tokens, unit)
    except SetSpecError as error:
        assert "\n" not in error.message
        assert error.exit_code == ExitCode.USAGE
        return
    assert sets
    assert parse_set_specs(format_set_specs(sets), unit) == sets


@given(st.lists(st.text(), max_size=5), unit_choices)
def test_any_text_is_read_or_refused_with_a_set_spec_error(tokens: list[str], unit: Unit) -> None:
    assert_only_clean_refusals(tokens, unit)


@given(
    st.lists(st.one_of(grammarish_words, spec_like_words, rpe_words), max_size=5),
    unit_choices,
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_grammar_like_input_is_read_or_refused_with_a_set_spec_error(
    tokens: list[str], unit: Unit
) -> None:
    assert_only_clean_refusals(tokens, unit)


@st.composite
def valid_sets(draw: st.DrawFn) -> Set:
    timed = draw(st.booleans())
    bodyweight = draw(st.booleans())
    weight: float | None = None
    unit: Unit | None = None
    if draw(st.booleans()):
        unit = draw(unit_choices)
        limit = 1000.0 if unit == "kg" else 2200.0
        low = -limit if bodyweight else 0.0
        weight = draw(st.floats(min_value=low, max_value=limit))
    return Set(
        reps=None if timed else draw(st.integers(1, 200)),
        seconds=draw(st.integers(1, 7200)) if timed else None,
        weight=weight,
        unit=unit,
        bodyweight=bodyweight,
        warmup=draw(st.booleans()),
        amrap=draw(st.booleans()),
        rpe=draw(st.none() | st.integers(2, 20).map(lambda halves: halves / 2)),
    )


# A small pool drawn from again and again gives runs of equal sets, as real sessions have.
session_sets = st.lists(valid_sets(), min_size=1, max_size=3).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=45)
)


@given(session_sets, unit_choices)
def test_formatted_specs_parse_back_to_the_same_sets(sets: list[Set], unit: Unit) -> None:
    tokens = format_set_specs(sets)
    assert parse_set_specs(tokens, unit) == tuple(sets)
    assert all(looks_like_set_spec(token) for token in tokens)
    assert format_sets(sets)
