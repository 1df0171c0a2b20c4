"""The suggestion rule of `legday last` (legday.progression), one test per rule in the README."""

from __future__ import annotations

from legday import progression
from legday.model import Set
from legday.sets import format_set_specs, parse_set_specs


def sets(*tokens: str, unit: str = "kg") -> tuple[Set, ...]:
    return parse_set_specs(list(tokens), unit)  # type: ignore[arg-type]


def spec(suggestion: progression.Suggestion) -> str:
    return " ".join(format_set_specs(suggestion.sets))


def test_every_set_hit_at_one_load_adds_the_increment() -> None:
    got = progression.suggest([sets("5x5@100kg")], None, "kg")
    assert (spec(got), got.reason, got.change) == ("5x5@102.5kg", "all_sets_hit", 2.5)


def test_the_configured_increment_applies_in_the_configured_unit() -> None:
    got = progression.suggest([sets("3x8@60kg")], 5.0, "kg")
    assert spec(got) == "3x8@65kg"


def test_lb_sets_step_by_5_lb_by_default_and_kg_sets_by_their_own_default() -> None:
    assert spec(progression.suggest([sets("5x5@225lb")], None, "lb")) == "5x5@230lb"
    # An increment configured for lb does not apply to a session logged in kg.
    assert spec(progression.suggest([sets("5x5@100kg")], 10.0, "lb")) == "5x5@102.5kg"


def test_a_missed_set_repeats_the_load() -> None:
    got = progression.suggest([sets("5,5,5,4,3@100kg"), sets("5x5@97.5kg")], None, "kg")
    assert (spec(got), got.reason) == ("5x5,5,5,4,3@100kg", "missed_a_set")


def test_two_sessions_missed_in_a_row_deload_ten_percent_rounded_down() -> None:
    got = progression.suggest([sets("5,5,4,4,3@105kg"), sets("5,5,5,5,4@105kg")], None, "kg")
    # 90 % of 105 is 94.5: down to a multiple of 2.5, and every set aimed at the target.
    assert (spec(got), got.reason, got.change) == ("5x5@92.5kg", "missed_twice", -12.5)


def test_a_miss_after_a_good_session_is_only_a_repeat() -> None:
    got = progression.suggest([sets("5,5,4@100kg"), sets("3x5@97.5kg")], None, "kg")
    assert got.reason == "missed_a_set"


def test_sets_at_different_loads_are_repeated() -> None:
    got = progression.suggest([sets("5@100kg", "5@110kg")], None, "kg")
    assert (spec(got), got.reason) == ("1x5@100kg 1x5@110kg", "mixed_loads")


def test_warm_ups_are_left_out_of_the_rule_and_the_suggestion() -> None:
    got = progression.suggest([sets("w:2x3@60kg", "3x5@100kg")], None, "kg")
    assert spec(got) == "3x5@102.5kg"


def test_sets_without_a_load_get_a_rep_and_timed_sets_five_seconds() -> None:
    assert spec(progression.suggest([sets("3x12@bw")], None, "kg")) == "3x13@bw"
    assert spec(progression.suggest([sets("3x60s")], None, "kg")) == "3x65s"


def test_sets_without_a_load_are_repeated_on_a_deload() -> None:
    got = progression.suggest([sets("12,10@bw"), sets("12,11@bw")], None, "kg")
    assert (spec(got), got.reason) == ("2x12@bw", "missed_twice")


def test_only_warm_ups_are_repeated_as_they_were() -> None:
    got = progression.suggest([sets("w:2x5@60kg")], None, "kg")
    assert (spec(got), got.reason) == ("w:2x5@60kg", "no_working_sets")


def test_an_amrap_last_set_counts_as_hit_and_is_suggested_as_a_plain_set() -> None:
    got = progression.suggest([sets("3x5+@100kg")], None, "kg")
    assert spec(got) == "3x5@102.5kg"


def test_bumped_converts_a_step_in_another_unit() -> None:
    (one,) = progression.bumped(sets("1x5@100kg"), 5.0, "lb")
    assert one.weight is not None and abs(one.weight - 102.26796185) < 1e-6
