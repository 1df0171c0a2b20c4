"""The records legday keeps: frozen dataclasses and their JSON form (the contract's shapes)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, TypeGuard

Unit = Literal["kg", "lb"]
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


@dataclass(frozen=True, slots=True)
class Set:
    """One set. `weight` is the external load (for bodyweight sets: the added load, which
    is negative when assisted); it is None when no load was recorded, and `unit` is then None."""

    reps: int | None = None
    seconds: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    bodyweight: bool = False
    warmup: bool = False
    amrap: bool = False
    rpe: float | None = None

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


@dataclass(frozen=True, slots=True)
class Entry:
    """One exercise on one date with its sets: what one `legday log` records."""

    id: str
    date: date
    exercise: str
    sets: tuple[Set, ...]
    logged_at: datetime
    note: str | None = None
    source: str = "log"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "exercise": self.exercise,
            "sets": [s.to_json() for s in self.sets],
            "note": self.note,
            "logged_at": self.logged_at.isoformat(timespec="seconds"),
            "source": self.source,
        }

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
        if not isinstance(sets, list) or not sets:
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
            sets=tuple(Set.from_json(s) for s in sets),
            note=note,
            logged_at=_parse_aware_datetime(data.get("logged_at")),
            source=source,
        )


@dataclass(frozen=True, slots=True)
class RestMark:
    """A rest week, stored as the date the user named: the week that contains it is skipped
    under whatever `week_start` is configured when the views are drawn."""

    date: date
    reason: str | None = None
    marked_at: datetime | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "reason": self.reason,
            "marked_at": None
            if self.marked_at is None
            else self.marked_at.isoformat("T", "seconds"),
        }

    @classmethod
    def from_json(cls, data: Any) -> RestMark:
        if not isinstance(data, dict):
            raise ValueError("a rest week must be a JSON object")
        reason = data.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise ValueError("'reason' must be a string or null")
        marked_at = data.get("marked_at")
        return cls(
            date=parse_iso_date(data.get("date"), "date"),
            reason=reason,
            marked_at=None if marked_at is None else _parse_aware_datetime(marked_at),
        )


def parse_iso_date(value: Any, name: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{name}' must be a YYYY-MM-DD date, not {value!r}") from None


def _parse_aware_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("'logged_at' must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'logged_at' is not ISO 8601: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"'logged_at' needs a UTC offset: {value!r}")
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
    if not math.isfinite(number):
        raise ValueError(f"'{name}' must be a finite number")
    return number


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"'{name}' must be true or false")
    return value
