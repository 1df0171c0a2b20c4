"""The catalogue of leg exercises: canonical names, aliases, "did you mean", what counts as legs.

Every entry is stored under a canonical name: lowercase, words separated by single spaces
("romanian deadlift"). `resolve` maps a canonical name, an alias lifters type (`rdl`, `bss`,
`ohs`) or the spelling an app exported (`Romanian Deadlift (Barbell)`, `Leg Press Machine`)
to that name; `suggestions` offers close names for a typo.

Matching ignores case, repeated spaces, hyphens and underscores (`normalize`), and a plural
`s` on each word (`Walking Lunges` is `walking lunge`).

The equipment rule, for "Name (Equipment)" spellings (Strong, Hevy) and FitNotes-style
"Barbell Name" / "Name Machine" spellings:
- A barbell, cable, band, or "weighted"/"assisted" tag does not make a new exercise: it is
  dropped (`Squat (Barbell)` → "squat", `Step Up (Weighted)` → "step up"). The plain name of a
  barbell lift is the barbell lift.
- A held load does, where the catalogue has that version: `(Dumbbell)`, `(Kettlebell)` and
  `(Bodyweight)` → "dumbbell <exercise>", "kettlebell <exercise>", "bodyweight <exercise>"
  (`Squat (Dumbbell)` → "dumbbell squat", `Deadlift (Kettlebell)` → "kettlebell deadlift"),
  so a dumbbell squat never sets a barbell squat record. On a lift the catalogue splits by
  load, a held load it has no entry for is unknown (`Reverse Lunge (Kettlebell)`: an import
  keeps it as written); on one it does not split, the tag is dropped (`Goblet Squat
  (Kettlebell)` → "goblet squat", `Standing Calf Raise (Dumbbell)` → "standing calf raise").
- A guided bar path does: `(Smith Machine)` / `(Smith)` → "smith machine <exercise>" and
  `(Trap Bar)` / `(Hex Bar)` → "trap bar <exercise>", and only when the catalogue has that
  variant ("smith machine squat", "smith machine hip thrust", "trap bar deadlift"); otherwise
  the name is unknown and an import keeps it as written.
- `(Machine)` / `(Plate Loaded)` → "machine <exercise>" when the catalogue has a machine
  version of a free-weight lift ("machine squat", "machine hip thrust"); on exercises that are
  machines anyway it is dropped (`Leg Press (Machine)` → "leg press").
- Side notes are dropped: `(Each Side)`, `(Each Leg)`, and a trailing hold time
  (FitNotes' `Wall Sit 1:00`).
An alias written out in the catalogue always wins over the rule; the ones written out agree
with it.

What counts as a leg exercise (`leg_verdict`, the one rule for `log` and import): anything the
catalogue resolves; else a name with a leg keyword (squat, lunge, leg, calf, deadlift, hip
thrust, glute, hamstring, step-up, adductor, abductor, ...) unless it names an ab exercise or a
stretch ("hanging leg raise", "calf stretch"); else a FitNotes category such as Legs, Quads,
Hamstrings, Glutes, Calves. A name with none of these that names ab work, a stretch or a common
upper-body lift (bench, press, row, curl, pull-up, dip, shrug, fly...) is known not to be legs:
import skips it and `log` refuses it without `--new`. Any other name is the user's own.
"""

from __future__ import annotations

from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable
    from typing import Literal

    Variant = Literal["free", "dumbbell", "kettlebell", "bodyweight", "machine", "smith", "trap"]
    Verdict = Literal["leg", "not leg", "unknown"]


class Exercise(Value):
    """One leg exercise: the canonical name entries store, its group, what else resolves to it."""

    __slots__ = ("name", "group", "aliases")

    def __init__(self, name: str, group: str, aliases: tuple[str, ...]) -> None:
        self.name = name
        self.group = group
        self.aliases = aliases


# The catalogue, one exercise a line under its group: the canonical name, then after a colon
# the aliases and app spellings that resolve to it; an indented line goes on with the one above.
# `exercises()` reads it on first use.
_TABLE = """
[squat]
squat: back squat, barbell squat, barbell back squat, bb squat, high bar squat, low bar squat,
    atg squat, Squat (Barbell)
dumbbell squat: Squat (Dumbbell)
kettlebell squat: Squat (Kettlebell)
bodyweight squat: air squat, prisoner squat, Squat (Bodyweight)
front squat: fs, barbell front squat, Front Squat (Barbell)
dumbbell front squat: Front Squat (Dumbbell)
kettlebell front squat: Front Squat (Kettlebell)
overhead squat: ohs, Overhead Squat (Barbell)
box squat: Box Squat (Barbell)
pause squat: paused squat
pin squat
goblet squat: goblet, Goblet Squat (Kettlebell), Goblet Squat (Dumbbell)
zercher squat: zercher, Zercher Squat (Barbell)
safety bar squat: ssb, ssb squat, safety squat, safety squat bar squat, Squat (Safety Squat Bar)
sumo squat: plie squat, Sumo Squat (Dumbbell), Sumo Squat (Kettlebell)
landmine squat
smith machine squat: smith squat, Squat (Smith Machine)
hack squat: hack, machine hack squat, Hack Squat (Machine)
machine squat: squat machine, v squat, Squat (Machine)
pendulum squat: pendulum, Pendulum Squat (Machine)
belt squat: Belt Squat (Machine)
cyclist squat: heel elevated squat, heels elevated squat
[hinge]
deadlift: dl, conventional deadlift, conventional dl, barbell deadlift, Deadlift (Barbell)
dumbbell deadlift: Deadlift (Dumbbell)
kettlebell deadlift: Deadlift (Kettlebell)
sumo deadlift: sumo, sumo dl, Sumo Deadlift (Barbell)
dumbbell sumo deadlift: Sumo Deadlift (Dumbbell)
kettlebell sumo deadlift: Sumo Deadlift (Kettlebell)
romanian deadlift: rdl, romanian dl, Romanian Deadlift (Barbell)
dumbbell romanian deadlift: Romanian Deadlift (Dumbbell)
kettlebell romanian deadlift: Romanian Deadlift (Kettlebell)
stiff leg deadlift: sldl, stiff legged deadlift, straight leg deadlift, straight legged deadlift,
    Stiff Leg Deadlift (Barbell)
dumbbell stiff leg deadlift: Stiff Leg Deadlift (Dumbbell)
trap bar deadlift: tbdl, trap bar dl, hex bar deadlift, hex bar dl, Deadlift (Trap Bar),
    Deadlift (Hex Bar)
deficit deadlift: deficit dl, Deficit Deadlift (Barbell)
pause deadlift: paused deadlift
rack pull: block pull, Rack Pull (Barbell)
smith machine deadlift: smith deadlift, Deadlift (Smith Machine)
good morning: gm, barbell good morning, Good Morning (Barbell)
kettlebell swing: kb swing, russian kettlebell swing
cable pull through: pull through, pullthrough, Pull Through (Cable)
reverse hyperextension: reverse hyper, Reverse Hyperextension (Machine)
[hamstring]
leg curl: hamstring curl, ham curl
lying leg curl: prone leg curl, lying hamstring curl, Lying Leg Curl (Machine)
seated leg curl: seated hamstring curl, Seated Leg Curl (Machine)
standing leg curl: standing hamstring curl, single leg curl
nordic hamstring curl: nordic, nordic curl, nordic ham curl, Nordic Hamstrings Curls
glute ham raise: ghr, glute ham developer raise
swiss ball leg curl: stability ball leg curl, exercise ball leg curl, ball leg curl,
    swiss ball hamstring curl
[machine]
leg press: seated leg press, horizontal leg press, leg press horizontal, 45 degree leg press,
    sled leg press, iso lateral leg press, Leg Press (Machine), Leg Press Machine
single leg press: single leg leg press, one leg press
leg extension: leg ext, quad extension, knee extension, Leg Extension (Machine),
    Leg Extension (Plate Loaded)
hip abduction: hip abductor, abductor, abductor machine, abduction machine, seated hip abduction,
    outer thigh machine, Hip Abduction (Machine), Hip Abductor (Machine)
hip adduction: hip adductor, adductor, adductor machine, adduction machine, seated hip adduction,
    inner thigh machine, Hip Adduction (Machine), Hip Adductor (Machine)
[calf]
standing calf raise: calf raise, Standing Calf Raise (Machine), Standing Calf Raise (Barbell),
    Standing Calf Raise (Dumbbell), Standing Calf Raise (Bodyweight)
seated calf raise: sitting calf raise, Seated Calf Raise (Machine), Seated Calf Raise (Plate Loaded)
smith machine calf raise: smith calf raise, smith machine standing calf raise,
    Standing Calf Raise (Smith Machine), Standing Calf Raise (Smith)
calf press: calf press on leg press, calf press on seated leg press, leg press calf raise,
    leg press calf press, calf extension, Calf Press (Machine), Calf Extension (Machine)
single leg calf raise: one leg calf raise, single leg standing calf raise,
    Single Leg Standing Calf Raise (Dumbbell)
donkey calf raise: donkey calf
tibialis raise: tib raise, tibialis anterior raise, tib bar raise, shin curl
[glute]
hip thrust: barbell hip thrust, glute thrust, Hip Thrust (Barbell)
dumbbell hip thrust: Hip Thrust (Dumbbell)
bodyweight hip thrust: Hip Thrust (Bodyweight)
machine hip thrust: glute drive, Hip Thrust (Machine)
smith machine hip thrust: smith hip thrust, Hip Thrust (Smith Machine)
single leg hip thrust: one leg hip thrust
glute bridge: hip bridge, barbell glute bridge, Glute Bridge (Barbell)
single leg glute bridge: single leg bridge, single leg hip bridge, one leg glute bridge
glute kickback: cable glute kickback, Glute Kickback (Machine)
hip extension: cable hip extension, standing hip extension
frog pump: Frog Pumps (Dumbbell)
fire hydrant
donkey kick: donkey kickback
clamshell: clam, clam shell
lateral band walk: band walk, banded walk, banded lateral walk
[lunge]
lunge: forward lunge, front lunge, barbell lunge, Lunge (Barbell)
dumbbell lunge: Lunge (Dumbbell)
kettlebell lunge: Lunge (Kettlebell)
bodyweight lunge: Lunge (Bodyweight)
reverse lunge: backward lunge, backwards lunge, rear lunge, Reverse Lunge (Barbell)
dumbbell reverse lunge: Reverse Lunge (Dumbbell)
walking lunge: Walking Lunge (Barbell)
dumbbell walking lunge: Walking Lunge (Dumbbell)
lateral lunge: side lunge, Lateral Lunge (Dumbbell)
curtsy lunge: curtsy, curtsey lunge
split squat: static lunge, barbell split squat, Split Squat (Barbell)
dumbbell split squat: Split Squat (Dumbbell)
kettlebell split squat: Split Squat (Kettlebell)
bulgarian split squat: bss, bulgarian, rfess, rfe split squat, rear foot elevated split squat,
    Bulgarian Split Squat (Barbell)
dumbbell bulgarian split squat: Bulgarian Split Squat (Dumbbell)
smith machine bulgarian split squat: smith bss, smith machine bss, smith bulgarian split squat,
    Bulgarian Split Squat (Smith Machine)
step up: stepup, box step up, dumbbell step up, Step Up (Dumbbell)
[single-leg]
pistol squat: pistol, Pistol Squat (Bodyweight)
single leg squat: one leg squat, one legged squat, single legged squat
skater squat: skater
shrimp squat
cossack squat: cossack, Cossack Squat (Kettlebell)
single leg romanian deadlift: single leg rdl, sl rdl, one leg rdl, single leg deadlift,
    Single Leg Romanian Deadlift (Dumbbell)
[bodyweight]
sissy squat: Sissy Squat (Weighted)
reverse nordic: reverse nordic curl
[isometric]
wall sit: wall squat, Wall Sit (Bodyweight)
spanish squat: spanish squat hold
copenhagen plank: copenhagen, copenhagen adduction, copenhagen side plank
[plyometric]
box jump: Box Jump (With Height)
broad jump: standing broad jump, standing long jump
jump squat: squat jump, jumping squat, Jump Squat (Bodyweight)
jumping lunge: jump lunge, lunge jump, split jump, split squat jump
[conditioning]
sled push: prowler, prowler push
"""


# --- names and keys -------------------------------------------------------------------------
#
# Importing this module builds no tables and compiles no patterns: `legday log squat ...` only
# needs one exact spelling looked up, so everything else waits for the first name that is not
# one (see `resolve`).

_APOSTROPHES = "'’´`"
_LETTER_RUN = r"[^\W\d_]+"
# Plurals the general rule gets wrong: shorter words keep their "s" ("ohs", "bss", "abs").
_SINGULAR_OF = {"calves": "calf", "ups": "up"}
_MIN_PLURAL_LENGTH = 4

_COMPILED: dict[str, re.Pattern[str]] = {}


def _regex(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled, once, on first use."""
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        import re

        compiled = _COMPILED[pattern] = re.compile(pattern)
    return compiled


def normalize(name: str) -> str:
    """Fold case, hyphens, underscores and runs of spaces: `Front-Squat` → `front squat`."""
    folded = name.lower().replace("-", " ").replace("_", " ")
    return " ".join(folded.split())


def _singular(word: str) -> str:
    if word in _SINGULAR_OF:
        return _SINGULAR_OF[word]
    if len(word) >= _MIN_PLURAL_LENGTH and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _key(name: str) -> str:
    """The form names are compared in: normalized, spaced parentheses, no apostrophes, singular."""
    text = normalize(name)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    text = " ".join(text.replace("(", " (").replace(")", ") ").split())
    text = text.replace("( ", "(").replace(" )", ")")
    return _regex(_LETTER_RUN).sub(lambda word: _singular(word.group()), text)


def _spellings_of(exercise: Exercise) -> tuple[str, ...]:
    return (exercise.name, *exercise.aliases)


_EXERCISES: list[Exercise] = []  # read from _TABLE by exercises()
_EXACT: dict[str, str] = {}  # lower-cased spelling -> canonical name; filled by _exact()
_INDEX: dict[str, str] = {}  # _key of a spelling -> canonical name; filled by _index()
_BY_NAME: dict[str, Exercise] = {}  # filled by _by_name()


def exercises() -> tuple[Exercise, ...]:
    """The catalogue, in _TABLE's order."""
    if not _EXERCISES:
        group = ""
        for line in _TABLE.replace("\n    ", " ").splitlines():
            if line.startswith("["):
                group = line[1:-1]
            elif line:
                name, _, aliases = line.partition(": ")
                spellings = tuple(aliases.split(", ")) if aliases else ()
                _EXERCISES.append(Exercise(name, group, spellings))
    return tuple(_EXERCISES)


def _exact() -> dict[str, str]:
    """Every written-out spelling, lower-cased, to its exercise: the shortcut for exact names.

    It costs far less to build than `_index` (no keys to compute). A name that normalizes to
    one of these spellings has that spelling's key, so the answer is the one `_index` would
    give, as every spelling's key leads to its own exercise (the tests check that).
    """
    if not _EXACT:
        for exercise in exercises():
            for spelling in _spellings_of(exercise):
                _EXACT.setdefault(spelling.lower(), exercise.name)
    return _EXACT


def _index() -> dict[str, str]:
    """Every spelling by its key: what plurals, apostrophes and the equipment rule go through."""
    if not _INDEX:
        for exercise in exercises():
            for spelling in _spellings_of(exercise):
                _INDEX.setdefault(_key(spelling), exercise.name)
    return _INDEX


def _by_name() -> dict[str, Exercise]:
    if not _BY_NAME:
        _BY_NAME.update((exercise.name, exercise) for exercise in exercises())
    return _BY_NAME


# --- the equipment rule ---------------------------------------------------------------------

# Side notes say how a set was done, not what was lifted: "(Each Side)", FitNotes' "1:00".
_SIDE_NOTES = ("each side", "each leg", "per side", "per leg", "both side")
_FREE_LOADS = (
    "barbell",
    "barbel",
    "bar",
    "bb",
    "cable",
    "band",
    "banded",
    "resistance band",
    "ez bar",
    "weighted",
    "assisted",
    "alternating",
)
# Loads held in the hands or none at all: each makes its own exercise of a lift the catalogue
# splits by load ("dumbbell squat" is not "squat").
_HELD_LOADS: dict[str, Variant] = {
    **dict.fromkeys(("dumbbell", "dumbell", "db"), "dumbbell"),
    **dict.fromkeys(("kettlebell", "kb"), "kettlebell"),
    **dict.fromkeys(("bodyweight", "body weight", "bw"), "bodyweight"),
}
_MACHINES = ("machine", "plate loaded", "loaded", "machine plate", "lever", "selectorized")
# Tags in parentheses (or as a first or last word) and what they make of the exercise.
_TAGS: dict[str, Variant] = {
    **dict.fromkeys(_SIDE_NOTES + _FREE_LOADS, "free"),
    **_HELD_LOADS,
    **dict.fromkeys(_MACHINES, "machine"),
    **dict.fromkeys(("smith", "smith machine"), "smith"),
    **dict.fromkeys(("trap bar", "hex bar"), "trap"),
}
# Words that may lead a FitNotes-style name ("Barbell Hip Thrust", "Machine Calf Raises").
_LEADING_TAGS = sorted((tag for tag in _TAGS if tag not in _SIDE_NOTES), key=len, reverse=True)
_TRAILING_PARENS = r"\s*\(([^()]*)\)$"
_TRAILING_HOLD_TIME = r"\s+(?:\d*:\d{2}|\d+ ?(?:s|sec|second|min))$"
# In the order a name with several tags is tried: `Squat (Smith Machine, Dumbbell)` is the
# Smith machine version where the catalogue has one.
_VARIANT_PREFIX: dict[Variant, str] = {
    "smith": "smith machine ",
    "trap": "trap bar ",
    "machine": "machine ",
    "dumbbell": "dumbbell ",
    "kettlebell": "kettlebell ",
    "bodyweight": "bodyweight ",
}
_GUIDED: tuple[Variant, ...] = ("smith", "trap")
_SPLIT_BY_LOAD: set[str] = set()  # filled by _split_by_load()


def _split_by_load() -> set[str]:
    """The exercises the catalogue has a dumbbell, kettlebell or bodyweight version of."""
    if not _SPLIT_BY_LOAD:
        names = _by_name()
        for name in names:
            load, _, base = name.partition(" ")
            if load in ("dumbbell", "kettlebell", "bodyweight") and base in names:
                _SPLIT_BY_LOAD.add(base)
    return _SPLIT_BY_LOAD


def _strip_trailing_tags(key: str, variants: set[Variant]) -> str | None:
    """Remove trailing "(tags)", hold times and a last "machine"; None on an unknown tag."""
    while True:
        if parens := _regex(_TRAILING_PARENS).search(key):
            for part in parens.group(1).split(","):
                variant = _TAGS.get(part.strip())
                if variant is None:
                    return None
                variants.add(variant)
            key = key[: parens.start()]
        elif hold_time := _regex(_TRAILING_HOLD_TIME).search(key):
            variants.add("free")
            key = key[: hold_time.start()]
        elif key.endswith(" machine"):
            variants.add("machine")
            key = key.removesuffix(" machine")
        else:
            return key.strip()


def _strip_leading_tag(key: str, variants: set[Variant]) -> str:
    for tag in _LEADING_TAGS:
        if key.startswith(tag + " "):
            variants.add(_TAGS[tag])
            return key[len(tag) + 1 :]
    return key


def _resolve_by_equipment_rule(key: str) -> str | None:
    variants: set[Variant] = set()
    base = _strip_trailing_tags(key, variants)
    if base is None:
        return None
    base = _strip_leading_tag(base, variants)
    if not variants or not base:
        return None
    index = _index()
    canonical_base = index.get(base)
    for variant, prefix in _VARIANT_PREFIX.items():
        if variant in variants:
            for candidate in (prefix + base, prefix + (canonical_base or base)):
                if candidate in index:
                    return index[candidate]
            # A Smith or trap-bar version the catalogue does not know is not the free lift, and
            # neither is a held load it has no entry for on a lift it splits by load.
            if variant in _GUIDED or (variant != "machine" and canonical_base in _split_by_load()):
                return None
    return canonical_base


def resolve(name: str) -> str | None:
    """The canonical name for a canonical name, alias or app spelling; None when unknown."""
    # The common case, a name as the catalogue writes it, needs no keys and no patterns.
    exact = _exact().get(normalize(name))
    if exact is not None:
        return exact
    key = _key(name)
    if not key:
        return None
    return _index().get(key) or _resolve_by_equipment_rule(key)


def all_names() -> list[str]:
    """Canonical names, sorted (for shell completion)."""
    return sorted(_by_name())


# --- did you mean ---------------------------------------------------------------------------

MAX_SUGGESTIONS = 3
# difflib ratios: "sqaut"/"squat" 0.80, "romanian dedlift" 0.97, while new names that merely
# contain a known one stay below: "belt squat march"/"belt squat" 0.77, "pause front squat"/
# "pause squat" 0.79, "sled pull"/"sled push" 0.78.
SUGGESTION_CUTOFF = 0.8
# Abbreviations ("dl", "gm", "rdl") are too short for a typo of them to point anywhere.
_MIN_CANDIDATE_LENGTH = 4
_MIN_QUERY_LENGTH = 3
_SUGGESTION_MARGIN = 0.1


def _is_typeable(key: str) -> bool:
    """Catalogue spellings worth comparing a typo with.

    App spellings ("belt squat (machine)") are left out: each stands for a plain name that is
    compared anyway, and their extra words would pull in new names ("belt squat march").
    """
    return len(key) >= _MIN_CANDIDATE_LENGTH and "(" not in key


def _similarity(typed: str, candidate: str) -> float:
    # difflib is imported here, not at the top: only a name the catalogue does not know gets here.
    from difflib import SequenceMatcher

    if typed.replace(" ", "") == candidate.replace(" ", ""):
        return 1.0  # only a space apart: "legpress", "bulgarian splitsquat"
    return SequenceMatcher(None, typed, candidate).ratio()


def suggestions(name: str, logged: Iterable[str] = ()) -> list[str]:
    """Up to three "did you mean" names, best first; empty when nothing is close.

    Candidates are catalogue names and aliases (each reported as its canonical name) and the
    names logged before (reported as logged, or canonical when they resolve). A name that is
    itself known or logged gets just itself back.
    """
    known = resolve(name)
    if known is not None:
        return [known]
    typed = _key(name)
    if len(typed) < _MIN_QUERY_LENGTH:
        return []
    candidates = {key: shown for key, shown in _index().items() if _is_typeable(key)}
    for logged_name in logged:
        shown = resolve(logged_name) or logged_name.strip()
        candidates.setdefault(_key(logged_name), shown)
    if typed in candidates:
        return [candidates[typed]]
    best: dict[str, float] = {}
    for key, shown in candidates.items():
        score = _similarity(typed, key)
        if score >= SUGGESTION_CUTOFF and score > best.get(shown, 0.0):
            best[shown] = score
    if not best:
        return []
    # A clearly better match makes the weaker ones noise: "bulgarian splitsquat" is the plain
    # split squat, not also its Smith machine version.
    floor = max(best.values()) - _SUGGESTION_MARGIN
    ranked = sorted((shown for shown in best if best[shown] >= floor), key=lambda s: (-best[s], s))
    return ranked[:MAX_SUGGESTIONS]


# --- what counts as legs --------------------------------------------------------------------

_LEG_WORDS = (
    r"squat|deadlift|\blunge|\bleg|\bcalf\b|\bglute|\bhamstring|\bquad\b|\bquadricep"
    r"|\bhip thrust|\bstep ?up\b|\b(?:ad|ab)duct|\bnordic|\bgood morning|\brdl\b|\bsldl\b"
    r"|\bpistol|\btibialis|\bwall sit"
)
# Names with a leg word that train something else: ab work and stretches.
_NOT_LEG_WORDS = r"\bleg (?:raise|lift|circle|tuck|pull in|flutter|scissor)|\bleg up\b|stretch"
# The upper-body and core lifts that exports and typed names meet most. Matched on `_key`s
# (singular words), and only once the catalogue and the leg words have had their say, so
# "leg curl", "leg press" and "lunge with bicep curl" stay leg exercises.
_NOT_LEG_LIFTS = (
    r"\bbench\b|\bpress\b|\brow\b|\bcurl\b|\b(?:pull|chin|push|muscle) ?up\b|\bdip\b"
    r"|\bpull ?down\b|\bpush ?down\b|\bpull ?over\b|\bshrug\b|\bfl(?:y|ye|ie)\b|\bcrossover\b"
    r"|\bpec\b|\btricep|\bbicep|\bskull ?crusher|\bface pull\b|\b(?:lateral|front|side) raise\b"
    r"|\brear delt|\bcrunch|\bsit ?up\b|\bplank\b|\btwist\b"
)
_LEG_CATEGORIES = frozenset(
    {
        "leg",
        "lower body",
        "quad",
        "quadricep",
        "hamstring",
        "glute",
        "calf",
        "adductor",
        "abductor",
        "hip",
        "posterior chain",
    }
)

LEG: Verdict = "leg"
NOT_LEG: Verdict = "not leg"
UNKNOWN: Verdict = "unknown"


def _has_leg_keyword(key: str) -> bool:
    return _regex(_LEG_WORDS).search(key) is not None and _regex(_NOT_LEG_WORDS).search(key) is None


def _is_leg_category(category: str | None) -> bool:
    return category is not None and _key(category) in _LEG_CATEGORIES


def leg_verdict(name: str, category: str | None = None) -> Verdict:
    """Whether `name` is a leg exercise: the one rule both `log` and import follow.

    LEG: the catalogue knows it, its name has a leg keyword, or (FitNotes) the user filed it
    under a leg category. NOT_LEG: it names ab work or a stretch ("hanging leg raise", "calf
    stretch") or a common upper-body lift (bench, press, row, curl, pull-up, dip, shrug, fly...).
    UNKNOWN: nothing says either way ("Frankenstein Walk"). Import keeps only LEG; `log`
    refuses NOT_LEG unless told otherwise and takes an UNKNOWN name as the user's own.
    """
    if resolve(name) is not None:
        return LEG
    key = _key(name)
    if _has_leg_keyword(key) or _is_leg_category(category):
        return LEG
    if _regex(_NOT_LEG_WORDS).search(key) or _regex(_NOT_LEG_LIFTS).search(key):
        return NOT_LEG
    return UNKNOWN


def import_name(name: str, category: str | None = None) -> str | None:
    """The exercise name to store for an imported one; None when it is not a leg exercise.

    The canonical name when the catalogue knows it, else the name as written (stripped).
    """
    canonical = resolve(name)
    if canonical is not None:
        return canonical
    written = name.strip()
    if written and leg_verdict(written, category) == LEG:
        return written
    return None
