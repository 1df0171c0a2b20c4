"""The set-spec grammar of `legday log`: tokens such as `5x5@100kg` in, `Set` values out, and back.

Grammar (case-insensitive; `×` reads as `x`):

    token    := rpe | ["w:"] body ["@" load]
    body     := SETS "x" items | LOAD_NUMBER UNIT "x" items | items
    items    := item ("," item)* ["+"]           the `+` marks the token's last set as AMRAP
    item     := REPS | N "s" | N "sec" | N "min" | M ":" SS
    load     := "bw" | ["bw"] ("+" | "-") NUMBER [UNIT] | NUMBER [UNIT]
    rpe      := "rpe" NUMBER                     rates the sets of the token just before it

A load with a sign is a bodyweight load (`@+20kg` is `@bw+20kg`, `@-15kg` is assisted).
Words are split on whitespace and a lone `@`, `w:` or `rpe` is joined to its neighbour, so
`5x5 @ 100kg` and `5x5 rpe 8` read as `5x5@100kg rpe8`.
"""

from __future__ import annotations

from legday.errors import UsageError
from legday.model import Set

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Hashable, Iterator, Sequence

    from legday.model import Unit

MAX_SETS_PER_TOKEN = 20
MAX_REPS = 200
MAX_SECONDS = 2 * 60 * 60
MAX_LOAD: dict[Unit, float] = {"kg": 1000.0, "lb": 2200.0}

EXAMPLES = "5x5, 5x5@100kg, 3x10,8,6@60kg, 100kgx5, 3x12@bw, 3x60s"
LOAD_EXAMPLES = "5x5@100kg, 3x8@135lb, 3x8@bw+20kg, 3x6@bw-15kg"
TIME_EXAMPLES = "3x60s, 3x1:30, 3x45s@20kg"
RPE_EXAMPLES = "5x5@100kg rpe8, 3x8@60kg rpe8.5"

_UNITS: dict[str, Unit] = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_UNIT = r"kgs?|lbs?"
# Patterns as text: `_fullmatch` compiles each on first use, so commands that only print sets
# never pay for them.
_SETS_FIRST = r"([0-9]+)x(.*)"
_LOAD_FIRST = rf"({_NUMBER})({_UNIT})x(.*)"
_LOAD = rf"(?:(bw)?([+-]))?({_NUMBER})({_UNIT})?"
_ITEM = r"([0-9]+)(?:(s|secs?)|(mins?)|:([0-9]{2}))?"
_RPE = rf"rpe({_NUMBER})"
# Longer digit runs are absurd as counts; capping them keeps int() away from its size limit.
_MAX_DIGITS = 9
_HUGE_COUNT = 1_000_000_000
_SHOWN_TOKEN_CHARS = 60


class SetSpecError(UsageError):
    """A set spec that cannot be read: one line naming the token, with valid examples."""

    def __init__(self, problem: str, *, token: str, examples: str = EXAMPLES) -> None:
        super().__init__(f"{problem}: try {examples}")
        self.token = token


def looks_like_set_spec(token: str) -> bool:
    """True for a word that starts the set specs of `legday log`: the exercise ends before it."""
    text = token.strip().lower()
    if not text:
        return False
    return text[0] in "0123456789@" or text.startswith("w:") or _is_rpe_word(text)


def parse_set_specs(tokens: Sequence[str], default_unit: Unit) -> tuple[Set, ...]:
    """Read all set-spec tokens of one `legday log`; a load without a unit is in default_unit."""
    words = _glue_words(_split_words(tokens))
    if not words:
        raise SetSpecError("no set specs given after the exercise", token="")
    sets: list[Set] = []
    rated_from: int | None = None  # where the sets of the latest set token start
    after_rpe = False
    for word in words:
        if _is_rpe_word(word.lower()):
            rpe = _parse_rpe(word)
            if rated_from is None:
                raise SetSpecError(
                    f"{_quote(word)} comes before any sets; put it after the sets it rates",
                    token=word,
                    examples=RPE_EXAMPLES,
                )
            if after_rpe:
                raise SetSpecError(
                    f"{_quote(word)} follows another RPE; give one RPE after each set spec",
                    token=word,
                    examples=RPE_EXAMPLES,
                )
            sets[rated_from:] = [s.replace(rpe=rpe) for s in sets[rated_from:]]
            after_rpe = True
        else:
            rated_from = len(sets)
            sets.extend(_parse_set_word(word, default_unit))
            after_rpe = False
    return tuple(sets)


def format_set_specs(sets: Sequence[Set]) -> list[str]:
    """Set-spec tokens that parse back to exactly these sets, whatever the configured unit.

    Raises ValueError for a set the grammar cannot express (e.g. both reps and seconds)."""
    tokens: list[str] = []
    for group in _groups(sets, split_after_amrap=True, limit=MAX_SETS_PER_TOKEN):
        for one_set in group:
            _check_expressible(one_set)
        tokens.append(_spec_token(group))
        rpe = group[0].rpe
        if rpe is not None:
            tokens.append(f"rpe{_plain_number(rpe)}")
    return tokens


def format_sets(sets: Sequence[Set]) -> str:
    """A readable summary such as `warm-up 2×5 @ 60 kg · 5×5 @ 100 kg, RPE 8`."""
    groups = _groups(sets, split_after_amrap=False, limit=None)
    return " · ".join(_describe_group(group) for group in groups)


# --- reading ---------------------------------------------------------------------------------


class _Load:
    __slots__ = ("weight", "unit", "bodyweight")

    def __init__(
        self, weight: float | None = None, unit: Unit | None = None, bodyweight: bool = False
    ) -> None:
        self.weight = weight
        self.unit = unit
        self.bodyweight = bodyweight


class _Body:
    """The part before `@`: `5x5`, `100kgx5` (with its own load) or a bare list `10,8,6`."""

    __slots__ = ("works", "amrap", "items", "count", "count_text", "load")

    def __init__(
        self, items: str, word: str, count_text: str = "", load: _Load | None = None
    ) -> None:
        self.amrap = items.endswith("+")
        listed = items[:-1] if self.amrap else items
        self.works = [_parse_item(item, word) for item in listed.split(",")]
        self.items = items  # as typed, for hints
        self.count = _whole(count_text) if count_text else None
        self.count_text = count_text
        self.load = load


def _fullmatch(pattern: str, text: str) -> re.Match[str] | None:
    import re  # re keeps the compiled pattern, so each is compiled once

    return re.fullmatch(pattern, text)


def _split_words(tokens: Sequence[str]) -> list[str]:
    words: list[str] = []
    for token in tokens:
        if not token.strip():
            raise SetSpecError(f"empty set spec {_quote(token)}", token=token)
        words.extend(token.split())
    return words


def _glue_words(words: list[str]) -> list[str]:
    """Join the pieces of a spec typed with spaces: `5x5 @ 100kg`, `rpe 8`, `w: 2x5`."""
    glued: list[str] = []
    join_next = False
    for word in words:
        if glued and (join_next or word.startswith("@")):
            glued[-1] += word
        else:
            glued.append(word)
        last = glued[-1].lower()
        join_next = last.endswith("@") or last in ("rpe", "w:")
    return glued


def _is_rpe_word(text: str) -> bool:
    return text.startswith("rpe") and (len(text) == 3 or text[3] in "0123456789")


def _parse_rpe(word: str) -> float:
    match = _fullmatch(_RPE, word.lower())
    if match is None:
        raise SetSpecError(f"can't read RPE {_quote(word)}", token=word, examples=RPE_EXAMPLES)
    rpe = float(match[1].replace(",", "."))
    # The range test comes first: it also keeps an overflowing number away from is_integer().
    if not 1 <= rpe <= 10 or not (rpe * 2).is_integer():
        raise SetSpecError(
            f"RPE goes from 1 to 10 in whole or half steps, not {_quote(word)}",
            token=word,
            examples=RPE_EXAMPLES,
        )
    return rpe


def _parse_set_word(word: str, default_unit: Unit) -> list[Set]:
    text = word.lower().replace("×", "x")
    warmup = text.startswith("w:")
    if warmup:
        text = text[2:]
    body_text, at, load_text = text.partition("@")
    has_at = bool(at)
    if not body_text:
        problem = f"{_quote(word)} has no sets" if has_at else f"can't read set spec {_quote(word)}"
        raise SetSpecError(problem, token=word)
    body = _parse_body(body_text, word, default_unit)
    if has_at and body.load is not None:
        raise _unreadable(word)  # two loads, as in 100kgx5@100kg
    load = body.load or (_parse_load(load_text, word, default_unit) if has_at else _Load())
    prefix = "w:" if warmup else ""
    # Each set's work (its reps or seconds alone), given the load and flags below.
    works = _expand(
        body, word, has_load=has_at or body.load is not None, prefix=prefix, unit=default_unit
    )
    for work in works:
        _check_work(work, word)
    last = len(works) - 1
    return [
        work.replace(
            weight=load.weight,
            unit=load.unit,
            bodyweight=load.bodyweight,
            warmup=warmup,
            amrap=body.amrap and index == last,
        )
        for index, work in enumerate(works)
    ]


def _parse_body(text: str, word: str, default_unit: Unit) -> _Body:
    if match := _fullmatch(_SETS_FIRST, text):
        return _Body(match[2], word, count_text=match[1])
    if match := _fullmatch(_LOAD_FIRST, text):
        return _Body(match[3], word, load=_make_load(None, match[1], match[2], word, default_unit))
    return _Body(text, word)


def _parse_item(item: str, word: str) -> Set:
    match = _fullmatch(_ITEM, item)
    if match is None:
        raise _unreadable(word)
    number, seconds_unit, minutes_unit, clock_seconds = match.groups()
    if seconds_unit:
        return Set(seconds=_whole(number))
    if minutes_unit:
        return Set(seconds=_whole(number) * 60)
    if clock_seconds:
        if int(clock_seconds) >= 60:
            raise _unreadable(word, examples=TIME_EXAMPLES)
        return Set(seconds=_whole(number) * 60 + int(clock_seconds))
    return Set(reps=_whole(number))


def _expand(body: _Body, word: str, *, has_load: bool, prefix: str, unit: Unit) -> list[Set]:
    """The sets a body stands for: `5x5` is five sets of five, `3x10,8,6` lists each one."""
    works = body.works
    if body.count is None:
        if len(works) > MAX_SETS_PER_TOKEN:
            raise _too_many_sets(word, str(len(works)))
        if len(works) == 1 and works[0].reps is not None and not has_load:
            # A lone `5` could mean five sets or five reps: make the user say which.
            raise SetSpecError(
                f"{_quote(word)} doesn't say how many sets",
                token=word,
                examples=f"1x{body.items} for one set, {EXAMPLES}",
            )
        return works
    if body.count == 0:
        raise SetSpecError(f"{_quote(word)} has zero sets", token=word)
    if body.count > MAX_SETS_PER_TOKEN:
        if not has_load and body.count <= MAX_LOAD[unit]:
            raise _load_read_as_sets(word, body, prefix, unit)
        raise _too_many_sets(word, body.count_text)
    if len(works) == 1:
        return works * body.count
    if len(works) != body.count:
        raise SetSpecError(
            f"{_quote(word)} says {body.count} sets but lists {len(works)}",
            token=word,
            examples="3x10,8,6@60kg, 10,8,6@60kg",
        )
    return works


def _check_work(work: Set, word: str) -> None:
    if work.reps is not None:
        if work.reps == 0:
            raise SetSpecError(f"{_quote(word)} has a set of zero reps", token=word)
        if work.reps > MAX_REPS:
            raise SetSpecError(f"{_quote(word)} has more than {MAX_REPS} reps in a set", token=word)
    if work.seconds is not None:
        if work.seconds == 0:
            raise SetSpecError(
                f"{_quote(word)} has a set of zero time", token=word, examples=TIME_EXAMPLES
            )
        if work.seconds > MAX_SECONDS:
            raise SetSpecError(
                f"{_quote(word)} has a set longer than 2 h", token=word, examples=TIME_EXAMPLES
            )


def _parse_load(text: str, word: str, default_unit: Unit) -> _Load:
    if text == "bw":
        return _Load(bodyweight=True)
    match = _fullmatch(_LOAD, text)
    if match is None:
        raise _unreadable(word, examples=LOAD_EXAMPLES)
    _bw, sign, number, unit_text = match.groups()
    return _make_load(sign, number, unit_text, word, default_unit)


def _make_load(
    sign: str | None, number: str, unit_text: str | None, word: str, default_unit: Unit
) -> _Load:
    unit = _UNITS[unit_text] if unit_text else default_unit
    value = _decimal(number, word)
    if value > MAX_LOAD[unit]:
        raise SetSpecError(
            f"{_quote(word)} is over the {_plain_number(MAX_LOAD['kg'])} kg "
            f"({_plain_number(MAX_LOAD['lb'])} lb) limit",
            token=word,
            examples=LOAD_EXAMPLES,
        )
    weight = -value if sign == "-" else value
    # A signed load is added to (or taken off) the body: `@+20kg` means `@bw+20kg`.
    return _Load(weight=weight + 0.0, unit=unit, bodyweight=sign is not None)


def _decimal(number: str, word: str) -> float:
    whole, comma, fraction = number.partition(",")
    if comma and len(fraction) == 3:
        # `1,000lb` is a thousands separator to some and one pound to others: never guess.
        raise SetSpecError(
            f"{_quote(word)} has an unclear load {number} (decimal or thousands comma?)",
            token=word,
            examples=f"{whole}{fraction} or {whole}.{fraction}",
        )
    return float(number.replace(",", "."))


def _whole(digits: str) -> int:
    significant = digits.lstrip("0") or "0"
    if len(significant) > _MAX_DIGITS:
        return _HUGE_COUNT
    return int(significant)


def _too_many_sets(word: str, count_text: str) -> SetSpecError:
    # The count as typed: a huge one is capped inside (_whole) and must not be shown capped.
    count = count_text.lstrip("0") or "0"
    return SetSpecError(
        f"{_quote(word)} has more than {MAX_SETS_PER_TOKEN} sets ({count}); "
        "split them over several specs",
        token=word,
    )


def _load_read_as_sets(word: str, body: _Body, prefix: str, unit: Unit) -> SetSpecError:
    """`225x5` is most likely 225 kg for 5, not 225 sets: show both ways to write a load."""
    load_first = f"{prefix}{body.count_text}{unit}x{body.items}"
    sets_first = f"{prefix}{len(body.works)}x{body.items}@{body.count_text}"
    return SetSpecError(
        f"{_quote(word)} would be {body.count} sets (at most {MAX_SETS_PER_TOKEN}); "
        f"if {body.count_text} is the load, add its unit",
        token=word,
        examples=f"{load_first} or {sets_first}",
    )


def _unreadable(word: str, examples: str = EXAMPLES) -> SetSpecError:
    return SetSpecError(f"can't read set spec {_quote(word)}", token=word, examples=examples)


def _quote(token: str) -> str:
    """The token as the user typed it, kept to one short line."""
    shown = token
    if len(shown) > _SHOWN_TOKEN_CHARS:
        shown = shown[: _SHOWN_TOKEN_CHARS - 1] + "…"
    if not shown.isprintable():
        shown = shown.encode("unicode_escape").decode("ascii")
    return f"'{shown}'"


# --- writing ---------------------------------------------------------------------------------


def _spec_key(one_set: Set) -> Hashable:
    """Sets that share this can share one token (only their reps or times differ)."""
    return (one_set.warmup, one_set.weight, one_set.unit, one_set.bodyweight, one_set.rpe)


def _groups(
    sets: Sequence[Set],
    *,
    split_after_amrap: bool,
    limit: int | None,
) -> Iterator[list[Set]]:
    group: list[Set] = []
    for one_set in sets:
        full = limit is not None and len(group) >= limit
        closed = split_after_amrap and bool(group) and group[-1].amrap
        if group and (_spec_key(group[0]) != _spec_key(one_set) or full or closed):
            yield group
            group = []
        group.append(one_set)
    if group:
        yield group


def _check_expressible(one_set: Set) -> None:
    import math  # here, not at the top, like decimal in _plain_number: start-up time

    if (one_set.reps is None) == (one_set.seconds is None):
        raise ValueError(f"a set spec needs exactly one of reps or seconds: {one_set}")
    if one_set.reps is not None and not 1 <= one_set.reps <= MAX_REPS:
        raise ValueError(f"reps must be 1–{MAX_REPS} in a set spec: {one_set}")
    if one_set.seconds is not None and not 1 <= one_set.seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be 1–{MAX_SECONDS} in a set spec: {one_set}")
    if one_set.weight is None:
        if one_set.unit is not None:
            raise ValueError(f"a set spec cannot carry a unit without a load: {one_set}")
    elif (
        one_set.unit is None
        or not math.isfinite(one_set.weight)
        or abs(one_set.weight) > MAX_LOAD[one_set.unit]
        or (one_set.weight < 0 and not one_set.bodyweight)
    ):
        raise ValueError(f"a set spec cannot write this load: {one_set}")
    rpe = one_set.rpe
    if rpe is not None and not (1 <= rpe <= 10 and (rpe * 2).is_integer()):
        raise ValueError(f"RPE must be 1–10 in halves in a set spec: {one_set}")


def _spec_token(group: list[Set]) -> str:
    first = group[0]
    works = [_spec_work(one_set) for one_set in group]
    listed = works[0] if len(set(works)) == 1 else ",".join(works)
    warmup = "w:" if first.warmup else ""
    amrap = "+" if group[-1].amrap else ""
    load = _load_words(first, _plain_number, "", bodyweight="bw")
    return f"{warmup}{len(group)}x{listed}{amrap}{'@' if load else ''}{load}"


def _spec_work(one_set: Set) -> str:
    return str(one_set.reps) if one_set.reps is not None else f"{one_set.seconds}s"


def _plain_number(value: float) -> str:
    """The shortest digits that read back as exactly this float, without an exponent."""
    from decimal import Decimal  # here, not at the top: decimal is slow to import

    text = format(Decimal(repr(float(value) + 0.0)), "f")
    return text[:-2] if text.endswith(".0") else text


def _describe_group(group: list[Set]) -> str:
    first = group[0]
    text = _describe_works(group)
    if first.warmup:
        text = f"warm-up {text}"
    load = _load_words(first, _display_number, " ", bodyweight="bodyweight")
    if load:
        text = f"{text} @ {load}"
    if first.rpe is not None:
        text = f"{text}, RPE {_plain_number(first.rpe)}"
    return text


def _describe_works(group: list[Set]) -> str:
    works = [_describe_work(one_set) + ("+" if one_set.amrap else "") for one_set in group]
    if len(works) == 1:
        return f"1×{works[0]}"
    if len(set(works)) == 1 and not group[-1].amrap:
        return f"{len(works)}×{works[0]}"
    return "/".join(works)


def _describe_work(one_set: Set) -> str:
    if one_set.reps is not None and one_set.seconds is not None:
        return f"{one_set.reps} ({describe_seconds(one_set.seconds)})"
    if one_set.seconds is not None:
        return describe_seconds(one_set.seconds)
    return "–" if one_set.reps is None else str(one_set.reps)


def describe_seconds(seconds: int) -> str:
    """'45 s' under two minutes, then '2 min' or '2:30 min', as history and prs write a hold."""
    if seconds < 120:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes}:{rest:02d} min"


def _load_words(
    one_set: Set, number: Callable[[float], str], space: str, *, bodyweight: str
) -> str:
    """A set's load, for a spec token (after its `@`) or a summary: the weight's `number` and
    unit with `space` between, after `bw+`/`bw-` for a bodyweight load; `bodyweight` for
    bodyweight alone."""
    if one_set.weight is None:
        return bodyweight if one_set.bodyweight else ""
    amount = f"{number(abs(one_set.weight))}{space}{one_set.unit or ''}".rstrip()
    if not one_set.bodyweight:
        return amount
    return f"bw-{amount}" if one_set.weight < 0 else f"bw+{amount}"


def _display_number(value: float) -> str:
    """Rounded to what a plate can show: 102.5, 100, 61.23."""
    return f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")
