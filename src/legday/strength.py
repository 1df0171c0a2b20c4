"""Strength maths: estimated one-rep max, volume, personal records and progress.

Pure: no clock, no disk. Every weight is reported in the display unit the caller asks for,
converted exactly from the unit each set was logged in (rounding is for display only).

Rules that hold everywhere in this module:
- warm-up sets never count (not in volume, records, set counts or progress);
- a set's load is its external load; for bodyweight sets that is the load added to the body
  (negative when assisted), so an e1RM cannot be estimated from it and none is;
- timed sets (no reps) carry no weight x reps volume and make no rep record; they make the
  `longest_hold` record instead;
- a record is only beaten by a strictly greater value, so on a tie the earliest date keeps it.
  "Strictly" ignores float noise from unit conversion (100 lb logged once in lb and once as
  45.359237 kg is the same load).
"""

from __future__ import annotations

from legday.model import convert_weight
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date
    from typing import Any, ClassVar, Literal, TypeVar

    from legday.model import Entry, Set, Unit

    Formula = Literal["epley", "brzycki"]
    RecordKind = Literal["heaviest", "e1rm", "reps", "set volume", "session volume"]
    _R = TypeVar("_R")
    _Dated = tuple[date, Set, float | None]  # a working set, its date and its load
else:
    Formula = str  # the name is imported at run time by other modules; mypy sees the Literal

MAX_E1RM_REPS = 12  # estimates beyond about 12 reps are unreliable (FORMATS.md)

BODYWEIGHT_NOTE = "loads of bodyweight sets are the load added to the body (negative = assisted)"

# Relative slack below which two values count as equal: converting between kg and lb leaves
# differences of a few ulps that must not hand a record to a set that merely equals it.
_RELATIVE_TOLERANCE = 1e-9


# --- e1RM ---------------------------------------------------------------------------------


def e1rm(weight: float, reps: int, formula: Formula) -> float | None:
    """Estimated one-rep max of `reps` at `weight`: None outside 1-12 reps or without a load.
    `formula` is always one of the two (actions.strength_formula reads it from the config)."""
    if not 1 <= reps <= MAX_E1RM_REPS or weight <= 0:
        return None
    if reps == 1:
        return weight
    if formula == "epley":
        return weight * (1 + reps / 30)
    return weight * 36 / (37 - reps)


# --- sets -----------------------------------------------------------------------------------


def working_sets(entry: Entry) -> tuple[Set, ...]:
    """The sets of an entry that count: everything but warm-ups."""
    return tuple(s for s in entry.sets if not s.warmup)


def is_rep_set(s: Set) -> bool:
    return s.reps is not None and s.reps > 0


def set_load(s: Set, unit: Unit) -> float | None:
    """The recorded external load of a set in `unit`; None when no load was recorded."""
    if s.weight is None or s.unit is None:
        return None
    return convert_weight(s.weight, s.unit, unit)


def set_volume(s: Set, unit: Unit) -> float:
    """Load x reps in `unit`; 0 for warm-ups, timed or unloaded sets, and assisted sets
    (a negative added load must not subtract from a week's work)."""
    return 0.0 if s.warmup else loaded_volume(s, set_load(s, unit))


def loaded_volume(s: Set, load: float | None) -> float:
    """`set_volume` of a working set whose load in the wanted unit is `load`."""
    if load is None or s.reps is None or not is_rep_set(s):
        return 0.0
    return max(0.0, load * s.reps)


def set_e1rm(s: Set, unit: Unit, formula: Formula) -> float | None:
    """e1RM of one working set in `unit`; None for warm-ups, timed and bodyweight sets
    (the body's own weight is unknown, so the added load alone would mislead)."""
    load = set_load(s, unit)
    if s.warmup or s.bodyweight or load is None or s.reps is None:
        return None
    return e1rm(load, s.reps, formula)


def top_e1rm(sets: Iterable[Set], unit: Unit, formula: Formula) -> float | None:
    """The best `set_e1rm` of `sets`; None when none has one."""
    return max((v for s in sets if (v := set_e1rm(s, unit, formula)) is not None), default=None)


def entry_volume(entry: Entry, unit: Unit) -> float:
    return sum(set_volume(s, unit) for s in entry.sets)


# --- volume by week -----------------------------------------------------------------------


def volume_by_week(
    entries: Iterable[Entry], week_start_of: Callable[[date], date], unit: Unit
) -> dict[date, float]:
    """Total working volume per week, keyed by the week's first day. Weeks with entries but
    no loaded sets appear with 0; weeks without entries do not appear."""
    weeks: dict[date, float] = {}
    for entry in entries:
        week = week_start_of(entry.date)
        weeks[week] = weeks.get(week, 0.0) + entry_volume(entry, unit)
    return dict(sorted(weeks.items()))


def volume_by_week_and_exercise(
    entries: Iterable[Entry], week_start_of: Callable[[date], date], unit: Unit
) -> dict[date, dict[str, float]]:
    """Working volume per week and exercise (exercise names as logged)."""
    weeks: dict[date, dict[str, float]] = {}
    for entry in entries:
        per_exercise = weeks.setdefault(week_start_of(entry.date), {})
        volume = entry_volume(entry, unit)
        per_exercise[entry.exercise] = per_exercise.get(entry.exercise, 0.0) + volume
    return dict(sorted(weeks.items()))


# --- personal records ---------------------------------------------------------------------


class _Record(Value):
    """One record: its JSON is its fields in `JSON_KEYS` order, the date as ISO text."""

    JSON_KEYS: ClassVar[tuple[str, ...]] = ()

    def to_json(self) -> dict[str, Any]:
        row = {key: getattr(self, key) for key in self.JSON_KEYS}
        row["date"] = row["date"].isoformat()
        return row


class Heaviest(_Record):
    JSON_KEYS = ("weight", "reps", "date", "bodyweight")
    weight: float
    reps: int
    bodyweight: bool  # the weight is load added to the body
    date: date


class BestE1rm(_Record):
    JSON_KEYS = ("value", "weight", "reps", "date", "formula")
    value: float
    weight: float
    reps: int
    formula: Formula
    date: date


class MostReps(_Record):
    JSON_KEYS = ("reps", "weight", "date", "bodyweight")
    reps: int
    weight: float | None
    bodyweight: bool
    date: date


class VolumeRecord(_Record):
    JSON_KEYS = ("value", "date")
    value: float
    date: date


class LongestHold(_Record):
    JSON_KEYS = ("seconds", "weight", "date")
    seconds: int
    weight: float | None
    date: date


class ExerciseRecords(Value):
    """The personal records of one exercise in one display unit; a part is None when the
    history has nothing for it (e.g. no loaded sets gives no heaviest)."""

    exercise: str
    unit: Unit
    heaviest: Heaviest | None
    best_e1rm: BestE1rm | None
    most_reps: MostReps | None
    best_set_volume: VolumeRecord | None
    best_session_volume: VolumeRecord | None
    longest_hold: LongestHold | None
    bodyweight_only: bool  # every working set was a bodyweight set
    has_bodyweight_sets: bool

    @property
    def note(self) -> str | None:
        return BODYWEIGHT_NOTE if self.has_bodyweight_sets else None

    def to_json(self) -> dict[str, Any]:
        parts = {name: getattr(self, name) for name in _PARTS}
        return {
            "exercise": self.exercise,
            "unit": self.unit,
            **{name: None if part is None else part.to_json() for name, part in parts.items()},
            "bodyweight_only": self.bodyweight_only,
            "note": self.note,
        }


# The fields of an ExerciseRecords that hold a record, with the record's class.
_PARTS: dict[str, Callable[..., Any]] = {
    "heaviest": Heaviest,
    "best_e1rm": BestE1rm,
    "most_reps": MostReps,
    "best_set_volume": VolumeRecord,
    "best_session_volume": VolumeRecord,
    "longest_hold": LongestHold,
}


def personal_records(
    entries: Iterable[Entry], unit: Unit, formula: Formula
) -> list[ExerciseRecords]:
    """Records of every exercise with at least one working set, sorted by exercise name."""
    by_exercise: dict[str, list[Entry]] = {}
    for entry in entries:
        by_exercise.setdefault(exercise_key(entry.exercise), []).append(entry)
    found = (_records_of(group, unit, formula) for group in by_exercise.values())
    records = [r for r in found if r is not None]
    return sorted(records, key=lambda r: exercise_key(r.exercise))


def records_as_tuples(records: Iterable[ExerciseRecords]) -> tuple[Any, ...]:
    """The records as tuples of strings, numbers, booleans and None (each field in order; a
    record as its own fields, its date last as the date's ordinal): what `records_of_tuples`
    gives back equal, for a cache to keep them."""
    return tuple(tuple(_plain(getattr(one, name)) for name in one._field_names) for one in records)


def _plain(value: Any) -> Any:
    if not isinstance(value, _Record):
        return value
    *fields, day = (getattr(value, name) for name in value._field_names)
    return (*fields, day.toordinal())


def records_of_tuples(kept: Any) -> list[ExerciseRecords] | None:
    """The records `records_as_tuples` made; None for anything else (e.g. a damaged cache)."""
    from datetime import date

    def field(name: str, value: Any) -> Any:
        kind = _PARTS.get(name)
        if kind is None or value is None:
            return value
        return kind(*value[:-1], date.fromordinal(value[-1]))

    names = ExerciseRecords._field_names
    try:
        return [
            ExerciseRecords(
                **{name: field(name, value) for name, value in zip(names, row, strict=True)}
            )
            for row in kept
        ]
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def records_for(
    entries: Iterable[Entry], exercise: str, unit: Unit, formula: Formula
) -> ExerciseRecords | None:
    """Records of one exercise; None when it has no working set in `entries`."""
    return _records_of(_entries_of(entries, exercise), unit, formula)


def exercise_key(name: str) -> str:
    """Names compare without regard to case or spacing: "Front  Squat" is "front squat"."""
    return " ".join(name.casefold().split())


def _entries_of(entries: Iterable[Entry], exercise: str) -> list[Entry]:
    key = exercise_key(exercise)
    return [e for e in entries if exercise_key(e.exercise) == key]


def _chronological(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date, e.logged_at))


def _dated_working_sets(entries: list[Entry], unit: Unit) -> list[_Dated]:
    """(date, set, its load in `unit`) of every working set, once per date: a repeat of a set
    on its date (5x5 is one set five times; the store hands out one object per distinct set)
    can never take a record from the first, so only the first is kept. The load is worked
    out here once, not once per kind of record."""
    seen: set[tuple[date, int]] = set()
    loads: dict[int, float | None] = {}  # by set object: each distinct set's load worked out once
    dated = []
    for entry in entries:
        day = entry.date
        for item in entry.sets:
            if item.warmup:
                continue
            key = (day, id(item))
            if key not in seen:
                seen.add(key)
                ident = id(item)
                if ident in loads:
                    load = loads[ident]
                else:
                    load = loads[ident] = set_load(item, unit)
                dated.append((day, item, load))
    return dated


def _records_of(entries: Iterable[Entry], unit: Unit, formula: Formula) -> ExerciseRecords | None:
    ordered = _chronological(entries)
    dated = _dated_working_sets(ordered, unit)
    if not dated:
        return None
    return ExerciseRecords(
        exercise=ordered[-1].exercise,  # the spelling used most recently
        unit=unit,
        heaviest=_heaviest(dated),
        best_e1rm=_best_e1rm(dated, unit, formula),
        most_reps=_most_reps(dated),
        best_set_volume=_volume_record((day, loaded_volume(s, load)) for day, s, load in dated),
        best_session_volume=_best_session_volume(ordered, unit),
        longest_hold=_longest_hold(dated),
        bodyweight_only=all(s.bodyweight for _, s, _ in dated),
        has_bodyweight_sets=any(s.bodyweight for _, s, _ in dated),
    )


def _beats(new: float, old: float) -> bool:
    return new > old + _RELATIVE_TOLERANCE * max(1.0, abs(old))


def _pick(
    candidates: Iterable[tuple[float, float, date, _R]],
) -> tuple[float, float, date, _R] | None:
    """The record among chronologically ordered (value, tiebreak, date, payload) candidates:
    a strictly greater value wins; on a tie, a greater tiebreak wins only on the same date
    (e.g. more reps at the same top weight), so an earlier date keeps the record.

    The caller builds the record from the winner only: `prs` at 10k entries weighs some 150k
    candidates, and building a record object for each was most of its time."""
    best: tuple[float, float, date, _R] | None = None
    to_beat = 0.0
    for candidate in candidates:
        value = candidate[0]
        if best is None or value > to_beat:
            best = candidate
        elif best[0] > value + _RELATIVE_TOLERANCE * (
            value if value > 1.0 else -value if value < -1.0 else 1.0
        ):
            continue  # beaten (`_beats(best, value)`, inline: this runs for most candidates)
        elif candidate[2] == best[2] and candidate[1] > best[1]:
            best = candidate  # a tie: the same date's greater tiebreak
        else:
            continue
        to_beat = value + _RELATIVE_TOLERANCE * max(1.0, abs(value))  # what _beats asks
    return best


def _heaviest(dated: list[_Dated]) -> Heaviest | None:
    best = _pick(
        (load, s.reps, day, s)
        for day, s, load in dated
        if load is not None and s.reps is not None and is_rep_set(s)
    )
    if best is None:
        return None
    load, reps, day, s = best
    return Heaviest(weight=load, reps=int(reps), bodyweight=s.bodyweight, date=day)


def _best_e1rm(dated: list[_Dated], unit: Unit, formula: Formula) -> BestE1rm | None:
    estimates: dict[int, float | None] = {}  # by set object: once per distinct set

    def candidates() -> Iterable[tuple[float, float, date, int]]:
        for day, s, load in dated:
            ident = id(s)
            if ident in estimates:
                value = estimates[ident]
            else:
                value = estimates[ident] = set_e1rm(s, unit, formula)
            if value is not None and load is not None and s.reps is not None:
                # Same estimate on one day: the heavier set is the more trustworthy one.
                yield value, load, day, s.reps

    best = _pick(candidates())
    if best is None:
        return None
    value, load, day, reps = best
    return BestE1rm(value=value, weight=load, reps=reps, formula=formula, date=day)


def _most_reps(dated: list[_Dated]) -> MostReps | None:
    best = _pick(
        (s.reps, float("-inf") if load is None else load, day, (s, load))
        for day, s, load in dated
        if s.reps is not None and is_rep_set(s)
    )
    if best is None:
        return None
    reps, _, day, (s, load) = best
    return MostReps(reps=int(reps), weight=load, bodyweight=s.bodyweight, date=day)


def _best_session_volume(ordered: list[Entry], unit: Unit) -> VolumeRecord | None:
    return _volume_record(_session_volumes(ordered, unit).items())


def _volume_record(volumes: Iterable[tuple[date, float]]) -> VolumeRecord | None:
    """The record among chronologically ordered (date, volume) pairs."""
    best = _pick((v, 0.0, day, None) for day, v in volumes if v > 0)
    return None if best is None else VolumeRecord(best[0], best[2])


def _session_volumes(ordered: Iterable[Entry], unit: Unit) -> dict[date, float]:
    """Volume per date of chronologically ordered entries (so the dates come in order):
    several entries of one exercise on one date are one session."""
    sessions: dict[date, float] = {}
    volumes: dict[int, float] = {}  # by sets tuple: entries with the same sets share one
    for entry in ordered:
        ident = id(entry.sets)
        volume = volumes.get(ident)
        if volume is None:
            volume = volumes[ident] = entry_volume(entry, unit)
        sessions[entry.date] = sessions.get(entry.date, 0.0) + volume
    return sessions


def _longest_hold(dated: list[_Dated]) -> LongestHold | None:
    best = _pick(
        (s.seconds, float("-inf") if load is None else load, day, load)
        for day, s, load in dated
        if s.seconds is not None and s.seconds > 0 and not is_rep_set(s)
    )
    if best is None:
        return None
    seconds, _, day, load = best
    return LongestHold(seconds=int(seconds), weight=load, date=day)


# --- records broken by a new entry ----------------------------------------------------------


class RecordBroken(Value):
    """A record the new entry strictly beat; `bodyweight` says the loads are added load."""

    kind: RecordKind
    new: float
    old: float | None
    bodyweight: bool = False


def records_broken(
    previous: Iterable[Entry], new_entry: Entry, unit: Unit, formula: Formula
) -> list[RecordBroken]:
    """The records of `new_entry`'s exercise that it strictly beats, in the order heaviest,
    e1rm, reps, session volume: each record is announced once a day at most.

    A record is the best of the *other* dates; the first entry of a date to beat it announces
    it, and later entries that date announce it no more, even when they go further (`prs`
    shows where the day ended). Nothing when no other date has a working set: a first day is a
    start, not a PR. An entry with `new_entry`'s id in `previous` is ignored."""
    before = [e for e in _entries_of(previous, new_entry.exercise) if e.id != new_entry.id]
    other_days = [e for e in before if e.date != new_entry.date]
    same_day = [e for e in before if e.date == new_entry.date]
    # Only the records a log reports are worked out: this runs on every `legday log`.
    old = _dated_working_sets(_chronological(other_days), unit)
    new = _dated_working_sets([new_entry], unit)
    if not old or not new:
        return []
    records = _set_records_broken(old, new, unit, formula)
    earlier_today = _dated_working_sets(_chronological(same_day), unit)
    if records and earlier_today:
        announced = {r.kind for r in _set_records_broken(old, earlier_today, unit, formula)}
        records = [r for r in records if r.kind not in announced]
    return [*records, *_session_volume_broken(other_days, same_day, new_entry, unit)]


def _set_records_broken(
    old: list[_Dated], new: list[_Dated], unit: Unit, formula: Formula
) -> list[RecordBroken]:
    """The heaviest, e1RM and reps records of `old` sets that `new` sets beat."""
    broken = []
    was_top, now_top = _heaviest(old), _heaviest(new)
    if was_top and now_top and _beats(now_top.weight, was_top.weight):
        broken.append(RecordBroken("heaviest", now_top.weight, was_top.weight, now_top.bodyweight))
    was_e1rm, now_e1rm = _best_e1rm(old, unit, formula), _best_e1rm(new, unit, formula)
    if was_e1rm and now_e1rm and _beats(now_e1rm.value, was_e1rm.value):
        broken.append(RecordBroken("e1rm", now_e1rm.value, was_e1rm.value))
    was_reps, now_reps = _most_reps(old), _most_reps(new)
    if was_reps and now_reps and _beats(now_reps.reps, was_reps.reps):
        broken.append(
            RecordBroken("reps", float(now_reps.reps), float(was_reps.reps), now_reps.bodyweight)
        )
    return broken


def _session_volume_broken(
    other_days: list[Entry], same_day: list[Entry], new_entry: Entry, unit: Unit
) -> list[RecordBroken]:
    """Today's session is everything logged for the exercise on the entry's date, so it is
    compared with the best session of the other dates, and announced only by the entry that
    takes it past that best (not again by each entry after it)."""
    if entry_volume(new_entry, unit) <= 0:
        return []
    old = _best_session_volume(_chronological(other_days), unit)
    if old is None:
        return []
    session_before = sum(entry_volume(e, unit) for e in same_day)
    session = session_before + entry_volume(new_entry, unit)
    if not _beats(session, old.value) or _beats(session_before, old.value):
        return []
    return [RecordBroken("session volume", session, old.value)]


# --- progress -----------------------------------------------------------------------------


class SessionPoint(Value):
    """One date of one exercise: the best estimate, the top load, working sets and volume."""

    __slots__ = ("date", "best_e1rm", "top_weight", "sets", "volume")

    def __init__(
        self,
        date: date,
        best_e1rm: float | None,
        top_weight: float | None,
        sets: int,
        volume: float,
    ) -> None:
        self.date = date
        self.best_e1rm = best_e1rm
        self.top_weight = top_weight
        self.sets = sets
        self.volume = volume


def progress(
    entries: Iterable[Entry], exercise: str, unit: Unit, formula: Formula
) -> list[SessionPoint]:
    """One point per date the exercise was logged, oldest first."""
    by_date: dict[date, list[Set]] = {}
    for entry in _chronological(_entries_of(entries, exercise)):
        by_date.setdefault(entry.date, []).extend(working_sets(entry))
    return [_session_point(day, sets, unit, formula) for day, sets in by_date.items()]


def _session_point(day: date, sets: list[Set], unit: Unit, formula: Formula) -> SessionPoint:
    loads = [v for s in sets if is_rep_set(s) and (v := set_load(s, unit)) is not None]
    return SessionPoint(
        date=day,
        best_e1rm=top_e1rm(sets, unit, formula),
        top_weight=max(loads, default=None),
        sets=len(sets),
        volume=sum(set_volume(s, unit) for s in sets),
    )


# --- display helpers ----------------------------------------------------------------------


def round_weight(x: float) -> float:
    """To one decimal, halves away from zero as people round (102.25 -> 102.3)."""
    # Imported on first use: decimal is a noticeable part of start-up, and `legday log` rounds
    # a weight only when it reports a record.
    import math
    from decimal import ROUND_HALF_UP, Decimal

    if not math.isfinite(x):
        return x
    # Going through the shortest repr makes 102.25 round up even though its binary value
    # is a hair below.
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def format_weight(x: float) -> str:
    """A weight or volume for people: one decimal at most, thousands grouped ("1,202.5")."""
    rounded = round_weight(x)
    if rounded == 0:
        rounded = 0.0  # never print "-0"
    text = f"{rounded:,.1f}"
    return text.removesuffix(".0")
