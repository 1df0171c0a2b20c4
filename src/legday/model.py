"""The records legday keeps, and their JSON form (the contract's shapes).

These values are never changed after they are made (`replace` returns a copy); legday.value
explains why they are plain `Value` classes rather than dataclasses, and why they are not frozen.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from datetime import date, datetime

from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, TypeGuard

    Unit = Literal["kg", "lb"]
else:
    Unit = str  # the name is imported at run time by other modules; mypy sees the Literal

UNITS: tuple[Unit, ...] = ("kg", "lb")
LB_IN_KG = 0.45359237  # exact, by definition of the international pound


def is_unit(value: object) -> TypeGuard[Unit]:
    return value in UNITS


def convert_weight(weight: float, from_unit: Unit, to_unit: Unit) -> float:
    """Convert a load between kg and lb exactly (no rounding: rounding is for display)."""
    if from_unit == to_unit:
        return weight
    if from_unit == "lb":
        return weight * LB_IN_KG
    return weight / LB_IN_KG


class Set(Value):
    """One set. `weight` is the external load (for bodyweight sets: the added load, which
    is negative when assisted); it is None when no load was recorded, and `unit` is then None."""

    __slots__ = ("reps", "seconds", "weight", "unit", "bodyweight", "warmup", "amrap", "rpe")

    def __init__(
        self,
        reps: int | None = None,
        seconds: int | None = None,
        weight: float | None = None,
        unit: Unit | None = None,
        bodyweight: bool = False,
        warmup: bool = False,
        amrap: bool = False,
        rpe: float | None = None,
    ) -> None:
        self.reps = reps
        self.seconds = seconds
        self.weight = weight
        self.unit = unit
        self.bodyweight = bodyweight
        self.warmup = warmup
        self.amrap = amrap
        self.rpe = rpe

    def to_json(self) -> dict[str, Any]:
        return {
            "reps": self.reps,
            "seconds": self.seconds,
            "weight": self.weight,
            "unit": self.unit,
            "bodyweight": self.bodyweight,
            "warmup": self.warmup,
            "amrap": self.amrap,
            "rpe": self.rpe,
        }

    @classmethod
    def from_json(cls, data: Any) -> Set:
        if not isinstance(data, dict):
            raise ValueError("a set must be a JSON object")
        reps = _optional_int(data.get("reps"), "reps")
        seconds = _optional_int(data.get("seconds"), "seconds")
        weight = _optional_number(data.get("weight"), "weight")
        unit = data.get("unit")
        if unit is not None and not is_unit(unit):
            raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
        if weight is not None and unit is None:
            raise ValueError("a set with a weight needs a unit")
        if reps is None and seconds is None:
            raise ValueError("a set needs reps or seconds")
        return cls(
            reps=reps,
            seconds=seconds,
            weight=weight,
            unit=unit if weight is not None else None,
            bodyweight=_bool(data.get("bodyweight", False), "bodyweight"),
            warmup=_bool(data.get("warmup", False), "warmup"),
            amrap=_bool(data.get("amrap", False), "amrap"),
            rpe=_optional_number(data.get("rpe"), "rpe"),
        )


class Entry(Value):
    """One exercise on one date with its sets: what one `legday log` records."""

    __slots__ = ("id", "date", "exercise", "sets", "logged_at", "note", "source", "edited_at")

    def __init__(
        self,
        id: str,
        date: date,
        exercise: str,
        sets: tuple[Set, ...],
        logged_at: datetime,
        note: str | None = None,
        source: str = "log",
        edited_at: datetime | None = None,
    ) -> None:
        self.id = id
        self.date = date
        self.exercise = exercise
        self.sets = sets
        self.logged_at = logged_at
        self.note = note
        self.source = source
        self.edited_at = edited_at

    def to_json(self) -> dict[str, Any]:
        return self.json_row([s.to_json() for s in self.sets])

    def json_row(self, sets: Any) -> dict[str, Any]:
        """`to_json` with `sets` in place of the sets (the JSON export writes each distinct
        set once and reuses the text)."""
        row = {
            "id": self.id,
            "date": self.date.isoformat(),
            "exercise": self.exercise,
            "sets": sets,
            "note": self.note,
            "logged_at": self.logged_at.isoformat(timespec="seconds"),
            "source": self.source,
        }
        if self.edited_at is not None:
            row["edited_at"] = self.edited_at.isoformat(timespec="seconds")
        return row

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        if not isinstance(data, dict):
            raise ValueError("an entry must be a JSON object")
        entry_id = data.get("id")
        if not isinstance(entry_id, str) or not entry_id:
            raise ValueError("an entry needs a non-empty string 'id'")
        exercise = data.get("exercise")
        if not isinstance(exercise, str) or not exercise.strip():
            raise ValueError("an entry needs a non-empty string 'exercise'")
        sets = data.get("sets")
        if isinstance(sets, str):
            parsed_sets = decode_sets(sets)  # the store's compact form (schema 2)
        elif isinstance(sets, list) and sets:
            parsed_sets = tuple(Set.from_json(s) for s in sets)
        else:
            raise ValueError("an entry needs a non-empty list 'sets'")
        note = data.get("note")
        if note is not None and not isinstance(note, str):
            raise ValueError("'note' must be a string or null")
        source = data.get("source", "log")
        if not isinstance(source, str):
            raise ValueError("'source' must be a string")
        return cls(
            id=entry_id,
            date=parse_iso_date(data.get("date"), "date"),
            exercise=exercise,
            sets=parsed_sets,
            note=note,
            logged_at=parse_aware_datetime(data.get("logged_at")),
            source=source,
            edited_at=None
            if data.get("edited_at") is None
            else parse_aware_datetime(data.get("edited_at"), "edited_at"),
        )


class RestMark(Value):
    """A rest week, stored as the date the user named: the week that contains it is skipped
    under whatever `week_start` is configured when the views are drawn. Two marks are equal
    when date and reason are: when it was marked is a detail."""

    __slots__ = ("date", "reason", "marked_at", "id")

    def __init__(
        self,
        date: date,
        reason: str | None = None,
        marked_at: datetime | None = None,
        id: str | None = None,  # the store's id of this mark, so a removal can name it
    ) -> None:
        self.date = date
        self.reason = reason
        self.marked_at = marked_at
        self.id = id

    def _compared(self) -> tuple[object, ...]:
        return (self.date, self.reason)

    def to_json(self) -> dict[str, Any]:
        row = {
            "date": self.date.isoformat(),
            "reason": self.reason,
            "marked_at": None
            if self.marked_at is None
            else self.marked_at.isoformat("T", "seconds"),
        }
        if self.id is not None:
            row["id"] = self.id
        return row

    @classmethod
    def from_json(cls, data: Any) -> RestMark:
        if not isinstance(data, dict):
            raise ValueError("a rest week must be a JSON object")
        reason = data.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise ValueError("'reason' must be a string or null")
        marked_at = data.get("marked_at")
        mark_id = data.get("id")
        return cls(
            date=parse_iso_date(data.get("date"), "date"),
            reason=reason,
            marked_at=None if marked_at is None else parse_aware_datetime(marked_at),
            id=mark_id if isinstance(mark_id, str) and mark_id else None,
        )


# ---------------------------------------------------------------------------- stored sets
# The store keeps an entry's sets as one short string rather than a list of JSON objects:
# reading 10,000 entries is then a few milliseconds instead of a few hundred (building 40,000
# small dicts was most of the cost). One set is six comma-separated fields,
#     reps,seconds,weight,unit,flags,rpe      e.g. "5,,100,kg,,"  or  "8,,-20,kg,ba,8.5"
# (empty = none; flags: b bodyweight, w warm-up, a AMRAP), and sets are joined with ";".
# Numbers are written with repr(), so every float reads back exactly.

_FLAG_LETTERS = (("b", "bodyweight"), ("w", "warmup"), ("a", "amrap"))


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def encode_set(item: Set) -> str:
    flags = "".join(letter for letter, name in _FLAG_LETTERS if getattr(item, name))
    return ",".join(
        (
            "" if item.reps is None else str(item.reps),
            "" if item.seconds is None else str(item.seconds),
            _number_text(item.weight),
            item.unit or "",
            flags,
            _number_text(item.rpe),
        )
    )


def encode_sets(sets: Sequence[Set]) -> str:
    return ";".join(encode_set(item) for item in sets)


# Whole set texts recur too (the same 5x5 every week): a tuple of Sets is never changed, so
# entries with the same text share one. Bounded, so a huge import cannot grow it without end.
@functools.lru_cache(maxsize=1 << 16)
def decode_sets(text: str) -> tuple[Set, ...]:
    """The sets of a stored string; ValueError naming the problem when it is damaged."""
    if not text:
        raise ValueError("an entry needs at least one set")
    return tuple(map(decode_set, text.split(";")))


# Sets repeat (5x5 is one text five times, and the same work recurs week after week), and a
# Set is never changed once made, so each distinct text is decoded once per process.
@functools.lru_cache(maxsize=4096)
def decode_set(text: str) -> Set:
    """One stored set (a text without ";"); ValueError naming the problem when it is damaged.
    Also for a reader that takes a stored sets text apart itself (the JSON export)."""
    fields = text.split(",")
    if len(fields) != 6:
        raise ValueError(f"a stored set needs 6 comma-separated fields, not {text!r}")
    reps, seconds, weight, unit, flags, rpe = fields
    if flags.strip("bwa") or len(set(flags)) != len(flags):
        raise ValueError(f"unknown set flags {flags!r} (b, w and a are known)")
    # Set.from_json's checks, in its order, on what the texts decode to: the stored fields
    # are already ints, floats and strings, so its dict and type checks are skipped (a cold
    # decode is a third of a big JSON export).
    reps_value = _stored_int(reps, "reps")
    seconds_value = _stored_int(seconds, "seconds")
    load = _finite(_stored_float(weight, "weight"), "weight")
    if unit and not is_unit(unit):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    if load is not None and not unit:
        raise ValueError("a set with a weight needs a unit")
    if reps_value is None and seconds_value is None:
        raise ValueError("a set needs reps or seconds")
    return Set(
        reps_value,
        seconds_value,
        load,
        unit if load is not None and is_unit(unit) else None,
        "b" in flags,
        "w" in flags,
        "a" in flags,
        _finite(_stored_float(rpe, "rpe"), "rpe"),
    )


def _finite(number: float | None, name: str) -> float | None:
    if number is not None and not math.isfinite(number):
        raise ValueError(f"'{name}' must be a finite number")
    return number


def _stored_int(text: str, name: str) -> int | None:
    if not text:
        return None
    body = text[1:] if text[:1] == "-" else text
    if not (body.isascii() and body.isdigit()) or len(body) > 18:
        raise ValueError(f"'{name}' must be a whole number, not {text!r}")
    return int(text)


def _stored_float(text: str, name: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{name}' must be a number, not {text!r}") from None


def parse_iso_date(value: Any, name: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{name}' must be a YYYY-MM-DD date, not {value!r}") from None


def parse_aware_datetime(value: Any, name: str = "logged_at") -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{name}' is not ISO 8601: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"'{name}' needs a UTC offset: {value!r}")
    return parsed


def _optional_int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"'{name}' must be a whole number or null")
    return value


def _optional_number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"'{name}' must be a number or null")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float: damage, not a load
        raise ValueError(f"'{name}' is too large a number") from None
    return _finite(number, name)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"'{name}' must be true or false")
    return value
