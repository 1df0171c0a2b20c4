"""The catalogue: names, aliases, app spellings, "did you mean", what counts as a leg exercise."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legday.catalog import (
    LEG,
    NOT_LEG,
    UNKNOWN,
    all_names,
    exercises,
    import_name,
    leg_verdict,
    normalize,
    resolve,
    suggestions,
)

ALIAS_PAIRS = [(alias, exercise.name) for exercise in exercises() for alias in exercise.aliases]


# --- the catalogue itself -------------------------------------------------------------------

# The exercise groups: the catalogue uses no other (the test below checks it).
GROUPS = {
    "squat",
    "hinge",
    "lunge",
    "single-leg",
    "hamstring",
    "machine",
    "calf",
    "glute",
    "bodyweight",
    "isometric",
    "plyometric",
    "conditioning",
}


def test_catalogue_covers_at_least_sixty_leg_exercises_in_known_groups() -> None:
    assert len(exercises()) >= 60
    assert {exercise.group for exercise in exercises()} <= GROUPS
    groups_used = {exercise.group for exercise in exercises()}
    for family in ("squat", "hinge", "lunge", "machine", "calf", "glute", "single-leg"):
        assert family in groups_used


def test_canonical_names_are_unique_lowercase_and_resolve_to_themselves() -> None:
    names = [exercise.name for exercise in exercises()]
    assert len(names) == len(set(names))
    for name in names:
        assert name == normalize(name)
        assert resolve(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "squat",
        "front squat",
        "romanian deadlift",
        "bulgarian split squat",
        "leg press",
        "standing calf raise",
        "hip thrust",
        "wall sit",
        "sissy squat",
        "cossack squat",
        "nordic hamstring curl",
        "step up",
    ],
)
def test_everyday_leg_exercises_are_in_the_catalogue(name: str) -> None:
    assert name in all_names()


@pytest.mark.parametrize(("alias", "name"), ALIAS_PAIRS)
def test_every_alias_resolves_to_its_exercise(alias: str, name: str) -> None:
    assert resolve(alias) == name


def test_no_alias_belongs_to_two_exercises() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for exercise in exercises():
        for spelling in (exercise.name, *exercise.aliases):
            owners[normalize(spelling)].add(exercise.name)
    shared = {spelling: names for spelling, names in owners.items() if len(names) > 1}
    assert shared == {}


def test_all_names_is_the_sorted_list_of_canonical_names() -> None:
    names = all_names()
    assert names == sorted(names)
    assert set(names) == {exercise.name for exercise in exercises()}


# --- normalisation and resolution -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Front-Squat",
        "front  squat",
        "FRONT_SQUAT",
        "  Front Squat\t",
        "front - squat",
        "front\u00a0squat",
    ],
)
def test_normalize_folds_case_separators_and_spaces(typed: str) -> None:
    assert normalize(typed) == "front squat"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("rdl", "romanian deadlift"),
        ("RDLs", "romanian deadlift"),
        ("bss", "bulgarian split squat"),
        ("ohs", "overhead squat"),
        ("sldl", "stiff leg deadlift"),
        ("gm", "good morning"),
        ("ghr", "glute ham raise"),
        ("nordic", "nordic hamstring curl"),
        ("Nordics", "nordic hamstring curl"),
        ("hack", "hack squat"),
        ("rfess", "bulgarian split squat"),
        ("ssb", "safety bar squat"),
        ("hex bar deadlift", "trap bar deadlift"),
        ("dl", "deadlift"),
        ("back squat", "squat"),
        ("calf raise", "standing calf raise"),
        ("Step-Ups", "step up"),
        ("Bulgarian_Split-Squats", "bulgarian split squat"),
        ("WALKING LUNGES", "walking lunge"),
        ("wall sits", "wall sit"),
        ("db rdl", "dumbbell romanian deadlift"),
        ("kb swing", "kettlebell swing"),
        ("air squats", "bodyweight squat"),
    ],
)
def test_lifter_shorthand_resolves(typed: str, name: str) -> None:
    assert resolve(typed) == name


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        # Strong
        ("Squat (Barbell)", "squat"),
        ("Front Squat (Barbell)", "front squat"),
        ("Romanian Deadlift (Dumbbell)", "dumbbell romanian deadlift"),
        ("Stiff Leg Deadlift (Dumbbell)", "dumbbell stiff leg deadlift"),
        ("Leg Press", "leg press"),
        ("Calf Press on Seated Leg Press", "calf press"),
        ("Hip Abductor (Machine)", "hip abduction"),
        ("Hip Adductor (Machine)", "hip adduction"),
        ("Seated Calf Raise (Plate Loaded)", "seated calf raise"),
        ("Standing Calf Raise (Smith Machine)", "smith machine calf raise"),
        ("Goblet Squat (Kettlebell)", "goblet squat"),
        ("Low Bar Squat (Barbel)", "squat"),
        ("Squat (Machine)", "machine squat"),
        ("Squat (Bodyweight)", "bodyweight squat"),
        ("Lunge (Bodyweight)", "bodyweight lunge"),
        ("Lunge (Barbell)", "lunge"),
        ("Split Squat (Kettlebell)", "kettlebell split squat"),
        ("Box Jump (With Height)", "box jump"),
        ("Reverse Lunge ", "reverse lunge"),
        # Hevy
        ("Bulgarian Split Squat", "bulgarian split squat"),
        ("Squat (Smith Machine)", "smith machine squat"),
        ("Hip Thrust (Barbell)", "hip thrust"),
        ("Hip Thrust (Machine)", "machine hip thrust"),
        ("Lunge (Dumbbell)", "dumbbell lunge"),
        ("Reverse Lunge (Dumbbell)", "dumbbell reverse lunge"),
        ("Leg Press (Machine)", "leg press"),
        ("Calf Press (Machine)", "calf press"),
        ("Standing Calf Raise (Smith)", "smith machine calf raise"),
        ("Single Leg Standing Calf Raise (Dumbbell)", "single leg calf raise"),
        ("Deadlift (Smith Machine)", "smith machine deadlift"),
        ("Lateral Band Walks", "lateral band walk"),
        # FitNotes
        ("Barbell Back Squat", "squat"),
        ("Barbell Hip Thrust", "hip thrust"),
        ("Leg Press Machine", "leg press"),
        ("Lying Leg Curl Machine", "lying leg curl"),
        ("Machine Calf Raises", "standing calf raise"),
        ("Squat Machine (Each Side)", "machine squat"),
        ("Walking Lunges (Each Side)", "walking lunge"),
        ("Romanian Deadlift (Dumbbells)", "dumbbell romanian deadlift"),
        ("Dumbbell Squats", "dumbbell squat"),
        ("Kettlebell Squats", "kettlebell squat"),
        ("Dumbbell Deadlift", "dumbbell deadlift"),
        ("Kettlebell Deadlift", "kettlebell deadlift"),
        ("Dumbbell Lunges", "dumbbell lunge"),
        ("Bodyweight Lunge", "bodyweight lunge"),
        ("Good Mornings", "good morning"),
        ("Single Leg Deadlift", "single leg romanian deadlift"),
        ("Wall Sit 1:00", "wall sit"),
        ("Wall Sits :45", "wall sit"),
    ],
)
def test_app_export_spellings_resolve(spelling: str, name: str) -> None:
    assert resolve(spelling) == name


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("Squat (Dumbbell)", "dumbbell squat"),
        ("Squat (Kettlebell)", "kettlebell squat"),
        ("Deadlift (Kettlebell)", "kettlebell deadlift"),
        ("Goblet Squat (Kettlebell)", "goblet squat"),
        ("Front Squat (Dumbbells)", "dumbbell front squat"),
        ("DB Bulgarian Split Squat", "dumbbell bulgarian split squat"),
        ("Squat (Body Weight)", "bodyweight squat"),
        ("Hip Thrust (BW)", "bodyweight hip thrust"),
        # A lift not split by load is one exercise whatever is held.
        ("Step Up (Kettlebell)", "step up"),
        ("Standing Calf Raise (Kettlebell)", "standing calf raise"),
        # A held load the catalogue has no entry for, on a lift it splits by load, is not the
        # barbell lift.
        ("Walking Lunge (Kettlebell)", None),
        ("Reverse Lunge (Bodyweight)", None),
        ("Step Up (Weighted)", "step up"),
        ("Hip Thrust (Plate Loaded)", "machine hip thrust"),
        ("Leg Curl (Machine)", "leg curl"),
        ("Calf Raise (Smith)", "smith machine calf raise"),
        ("Deadlift (Hex Bar)", "trap bar deadlift"),
        ("Cossack Squat (Each Leg, Dumbbells)", "cossack squat"),
        ("Kettlebell Sumo Deadlift", "kettlebell sumo deadlift"),
        # A guided path the catalogue does not know is not the free-weight lift.
        ("Leg Press (Smith Machine)", None),
        ("Romanian Deadlift (Smith Machine)", None),
        # An unknown tag is not dropped.
        ("Hanging Leg Raise (Straight)", None),
    ],
)
def test_equipment_rule_covers_spellings_not_written_out(spelling: str, name: str | None) -> None:
    assert resolve(spelling) == name


@pytest.mark.parametrize(
    ("barbell", "variants"),
    [
        ("squat", ["dumbbell squat", "kettlebell squat", "bodyweight squat", "goblet squat"]),
        ("front squat", ["dumbbell front squat", "kettlebell front squat"]),
        ("deadlift", ["dumbbell deadlift", "kettlebell deadlift"]),
        ("romanian deadlift", ["dumbbell romanian deadlift", "kettlebell romanian deadlift"]),
        ("sumo deadlift", ["dumbbell sumo deadlift", "kettlebell sumo deadlift"]),
        ("stiff leg deadlift", ["dumbbell stiff leg deadlift"]),
        ("lunge", ["dumbbell lunge", "kettlebell lunge", "bodyweight lunge"]),
        ("split squat", ["dumbbell split squat", "kettlebell split squat"]),
        ("bulgarian split squat", ["dumbbell bulgarian split squat"]),
        ("hip thrust", ["dumbbell hip thrust", "bodyweight hip thrust"]),
    ],
)
def test_equipment_variants_are_exercises_of_their_own(barbell: str, variants: list[str]) -> None:
    for variant in variants:
        assert resolve(variant) == variant != barbell
        assert variant in all_names()


_LISTED_TAG = re.compile(r"^(?P<base>.+) \((?P<tag>[^()]+)\)$")
_SIBLING_TAG = {
    "Barbell": "Band",
    "Dumbbell": "Dumbbells",
    "Kettlebell": "KB",
    "Bodyweight": "Body Weight",
    "Weighted": "Assisted",
    "Cable": "Band",
    "Machine": "Plate Loaded",
    "Plate Loaded": "Machine",
    "Smith Machine": "Smith",
    "Smith": "Smith Machine",
    "Trap Bar": "Hex Bar",
    "Hex Bar": "Trap Bar",
}


def test_written_out_app_spellings_follow_the_equipment_rule() -> None:
    """Swapping the equipment for another of the same kind lands on the same exercise."""
    checked = 0
    for alias, name in ALIAS_PAIRS:
        match = _LISTED_TAG.match(alias)
        if match is None or match["tag"] not in _SIBLING_TAG:
            continue
        sibling = f"{match['base']} ({_SIBLING_TAG[match['tag']]})"
        assert resolve(sibling) == name, sibling
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    "name",
    ["", "   ", "bench press", "Bench Press (Barbell)", "belt squat march", "Hanging Leg Raise"],
)
def test_unknown_names_do_not_resolve(name: str) -> None:
    assert resolve(name) is None


_SEPARATORS = st.sampled_from([" ", "  ", "-", "_", " - ", "\t"])


@settings(max_examples=200, deadline=None)
@given(
    pair=st.sampled_from([(e.name, e.name) for e in exercises()] + ALIAS_PAIRS),
    separator=_SEPARATORS,
    upper=st.lists(st.booleans(), min_size=80, max_size=80),
    padding=st.sampled_from(["", " ", "  \t"]),
)
def test_resolution_ignores_case_separators_and_padding(
    pair: tuple[str, str], separator: str, upper: list[bool], padding: str
) -> None:
    spelling, name = pair
    cased = "".join(c.upper() if up else c.lower() for c, up in zip(spelling, upper, strict=False))
    typed = padding + cased.replace(" ", separator) + padding
    assert resolve(typed) == name


@pytest.mark.parametrize(
    ("spelling", "name"), [(e.name, e.name) for e in exercises()] + ALIAS_PAIRS
)
def test_a_stray_apostrophe_does_not_change_the_exercise(spelling: str, name: str) -> None:
    # No written-out spelling has an apostrophe, so this takes the full matching rules rather
    # than the exact-spelling shortcut: both must name the same exercise.
    assert resolve(f"{spelling}’") == name
    assert resolve(f"{spelling[0]}'{spelling[1:]}") == name


def test_a_known_name_resolves_without_loading_did_you_mean() -> None:
    """`legday log squat 5x5` runs every workout: a known name must not pay for difflib."""
    code = (
        "import sys\n"
        "from legday.catalog import resolve\n"
        "assert resolve('Back Squat') == 'squat'\n"
        "assert resolve('Romanian Deadlift (Barbell)') == 'romanian deadlift'\n"
        "print('difflib' in sys.modules)\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "False"


# --- did you mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("sqaut", "squat"),
        ("squta", "squat"),
        ("romanian dedlift", "romanian deadlift"),
        ("legpress", "leg press"),
        ("bulgarian splitsquat", "bulgarian split squat"),
        ("hip thurst", "hip thrust"),
        ("leg extention", "leg extension"),
        ("goblet sqaut", "goblet squat"),
        ("stiff leg dedlift", "stiff leg deadlift"),
        ("box jmup", "box jump"),
        ("calf rasie", "standing calf raise"),  # an alias is offered as its exercise
    ],
)
def test_typos_get_the_intended_exercise_first(typo: str, meant: str) -> None:
    assert resolve(typo) is None
    offered = suggestions(typo)
    assert offered[0] == meant
    assert len(offered) <= 3


@pytest.mark.parametrize(
    "new_name",
    [
        "belt squat march",
        "pause front squat",
        "sled pull",
        "zombie squat",
        "bench press",
        "pull up",
        "hanging leg raise",
        "front squat eccentric",
    ],
)
def test_genuinely_new_names_get_no_suggestion(new_name: str) -> None:
    assert suggestions(new_name) == []


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("sissy squat", "sissy squat"),
        ("cossack squat", "cossack squat"),
        ("RDL", "romanian deadlift"),
    ],
)
def test_a_known_name_is_its_own_only_suggestion(typed: str, name: str) -> None:
    assert suggestions(typed) == [name]


def test_previously_logged_names_are_suggested_as_logged() -> None:
    logged = ["belt squat march", "squat"]
    assert suggestions("belt squat marhc", logged) == ["belt squat march"]
    assert suggestions("Belt Squat March", logged) == ["belt squat march"]
    assert suggestions("belt squat marhc") == []


def test_suggestions_stop_at_three_best_first() -> None:
    logged = ["lunge matrix a", "lunge matrix b", "lunge matrix c", "lunge matrix d"]
    offered = suggestions("lunge matrx", logged)
    assert len(offered) == 3
    assert set(offered) <= set(logged)
    exact_space_slip = suggestions("lungematrix d", logged)
    assert exact_space_slip[0] == "lunge matrix d"


def test_a_clearly_best_match_is_offered_alone() -> None:
    assert suggestions("bulgarian splitsquat") == ["bulgarian split squat"]
    assert suggestions("legpress") == ["leg press"]


@pytest.mark.parametrize("typed", ["", "  ", "sq", "x"])
def test_too_short_to_guess(typed: str) -> None:
    assert suggestions(typed) == []


@settings(max_examples=200, deadline=None)
@given(typed=st.text(max_size=40), logged=st.lists(st.text(max_size=20), max_size=5))
def test_suggestions_are_few_and_real_names(typed: str, logged: list[str]) -> None:
    offered = suggestions(typed, logged)
    assert len(offered) <= 3
    assert len(offered) == len(set(offered))
    real = set(all_names()) | {name.strip() for name in logged}
    assert set(offered) <= real


# --- what counts as a leg exercise ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Leg Extension (Machine)",
        "Squat (Barbell)",
        "Deadlift (Barbell)",
        "Stiff Leg Deadlift (Dumbbell)",
        "Hip Thrust (Barbell)",
        "Glute Ham Raise",
        "Hip Abductor (Machine)",
        "Calf Press on Seated Leg Press",
        # Not in the catalogue, caught by a keyword:
        "Squat RPE6",
        "Front Squat Eccentric ",
        "Pause Sumo Deadlift",
        "Contralateral Split Squat ",
        "Leg Curl Backup ",
        "Deadlift Old Data ",
        "Machine Inner Calves",
        "Side Plank Hip Abductions",
        "Lateral Step-Up",
    ],
)
def test_leg_exercises_from_real_exports(name: str) -> None:
    assert leg_verdict(name) == LEG


@pytest.mark.parametrize(
    "name",
    [
        "Bench Press (Barbell)",
        "Hanging Leg Raise",
        "Hanging Leg Raises (Bent)",
        "Lying Leg Raise",
        "Leg Raise (Captain´s Chair)",
        "Inclined Leg Raise ",
        "Raised Leg Circles",
        "Calf Stretches",
        "Back Extension",
        "Hammer Curl (Dumbbell)",
        "Cable Kickback",
        "Dead Bug",
        "Deadhang",
        "Power Clean",
        "Lat Pulldown (Cable)",
        "Running (Treadmill)",
    ],
)
def test_other_exercises_from_real_exports_are_not_legs(name: str) -> None:
    assert leg_verdict(name) != LEG


@pytest.mark.parametrize(
    "name",
    [
        "bench press",
        "Bench Press (Barbell)",
        "Incline Bench Press (Dumbbell)",
        "overhead press",
        "Overhead Press (Each Side, Dumbbells)",
        "press",
        "Bent Over Row (Barbell)",
        "Seated Cable Rows",
        "bicep curl",
        "Hammer Curl (Dumbbell)",
        "Pull Up",
        "Chin-Ups",
        "pullups",
        "Dips",
        "Lat Pulldown (Cable)",
        "Shrug (Dumbbell)",
        "Chest Fly",
        "Reverse Flyes",
        "Push-ups",
        "Tricep Pushdown",
        "Triceps Extension (Cable)",
        "Skullcrusher",
        "Face Pull",
        "Lateral Raise (Dumbbell)",
        "Pec Deck (Machine)",
        "Crunches",
        "Hanging Leg Raise",
        "Calf Stretches",
    ],
)
def test_common_non_leg_lifts_are_known_not_to_be_leg_exercises(name: str) -> None:
    assert leg_verdict(name) == NOT_LEG
    assert import_name(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "leg curl",
        "Seated Leg Curl (Machine)",
        "Nordic Curl",
        "Shin Curls",
        "leg press",
        "Calf Press (Machine)",
        "Single Leg Press",
        "Lunge With Bicep Curl",
        "Deadlift To Row",
        "Bench Step Up",
        "Cable Pull Through",
    ],
)
def test_leg_words_win_over_upper_body_words(name: str) -> None:
    assert leg_verdict(name) == LEG


@pytest.mark.parametrize("name", ["Frankenstein Walk", "Power Clean", "Back Extension", ""])
def test_names_that_say_neither_are_unknown(name: str) -> None:
    assert leg_verdict(name) == UNKNOWN


def test_a_fitnotes_leg_category_outranks_the_name() -> None:
    # The user filed it under Legs: import trusts that, as it always has.
    assert leg_verdict("Hip Press", "Legs") == LEG
    assert leg_verdict("Hip Press") == NOT_LEG


@pytest.mark.parametrize("category", ["Legs", "quads", "Hamstrings", "GLUTES", "Calves", " Legs "])
def test_a_fitnotes_leg_category_makes_any_name_a_leg_exercise(category: str) -> None:
    assert leg_verdict("Frankenstein Walk", category) == LEG


@pytest.mark.parametrize("category", [None, "Chest", "Abs", "Cardio", ""])
def test_other_categories_do_not(category: str | None) -> None:
    assert leg_verdict("Frankenstein Walk", category) != LEG


# --- importing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "category", "stored"),
    [
        ("Squat (Barbell)", None, "squat"),
        ("Romanian Deadlift (Dumbbells)", "Hamstrings", "dumbbell romanian deadlift"),
        ("Leg Extension Machine", "Legs", "leg extension"),
        ("  Front Squat Eccentric ", None, "Front Squat Eccentric"),
        ("Calf Wall ", None, "Calf Wall"),
        ("Frankenstein Walk", "Legs", "Frankenstein Walk"),
        ("Single Leg Squat (Smith Machine)", None, "Single Leg Squat (Smith Machine)"),
        ("Bench Press (Barbell)", None, None),
        ("Hanging Leg Raise", None, None),
        ("Lying Leg Raises", "Abs", None),
        ("Frankenstein Walk", None, None),
        ("", "Legs", None),
        ("   ", None, None),
    ],
)
def test_import_name(name: str, category: str | None, stored: str | None) -> None:
    assert import_name(name, category) == stored
