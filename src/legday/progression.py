"""What to try today, from the last sessions of one exercise: one rule, no I/O.

The rule (the README's "What to try next" says the same in a lifter's words):

- A session's *target* is the reps of its first working set; a working set *hits* when it has
  at least the target's reps (a timed set: at least the target's seconds).
- Every working set hit at one load → the same sets with the load raised by the increment
  (sets without a load: one more rep per set; timed sets: five more seconds).
- A set missed, or the working sets at different loads → repeat the last session's sets.
- The last two sessions both missed → a deload: the same sets at 90 % of the load, rounded down
  to a multiple of the increment (sets without a load are repeated: nothing to lighten).

Warm-ups are never part of the rule and are not suggested. Loads keep the unit they were
logged in; the increment is the configured one when that is the set's unit, else that unit's
default (2.5 kg, 5 lb).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from legday.config import DEFAULT_INCREMENTS
from legday.model import Set, Unit
from legday.value import Value

DELOAD_FACTOR = 0.9
EXTRA_SECONDS = 5

# Why the suggestion is what it is (stable codes: `last --json` prints them).
ALL_HIT = "all_sets_hit"
MISSED = "missed_a_set"
MISSED_TWICE = "missed_twice"
MIXED_LOADS = "mixed_loads"
NO_WORKING_SETS = "no_working_sets"


class Suggestion(Value):
    sets: tuple[Set, ...]
    reason: str
    change: float | None = None  # the load added (negative: taken off), in the sets' unit


def working(sets: Sequence[Set]) -> tuple[Set, ...]:
    return tuple(s for s in sets if not s.warmup)


def _amount(one_set: Set) -> int | None:
    return one_set.reps if one_set.reps is not None else one_set.seconds


def all_hit(sets: Sequence[Set]) -> bool:
    """Whether every working set reached the first working set's reps (or seconds)."""
    work = working(sets)
    if not work:
        return False
    target = _amount(work[0])
    return target is not None and all((_amount(s) or 0) >= target for s in work)


def one_load(sets: Sequence[Set]) -> bool:
    """Whether every working set carries the same load (or all carry none)."""
    loads = {(s.weight, s.unit, s.bodyweight) for s in working(sets)}
    return len(loads) <= 1


def increment_for(unit: Unit, configured: float | None, configured_unit: Unit) -> float:
    if configured is not None and unit == configured_unit:
        return configured
    return DEFAULT_INCREMENTS[unit]


def suggest(
    sessions: Sequence[Sequence[Set]], configured: float | None, configured_unit: Unit
) -> Suggestion:
    """The suggestion for today from `sessions`, newest first (at least one)."""
    last = working(sessions[0])
    if not last:
        return Suggestion(tuple(sessions[0]), NO_WORKING_SETS)
    if not one_load(last):
        return Suggestion(last, MIXED_LOADS)
    if all_hit(last):
        return _progressed(last, configured, configured_unit)
    if len(sessions) > 1 and not all_hit(sessions[1]) and working(sessions[1]):
        return _deloaded(last, configured, configured_unit)
    return Suggestion(last, MISSED)


def _progressed(sets: tuple[Set, ...], configured: float | None, unit: Unit) -> Suggestion:
    first = sets[0]
    target = _amount(first)
    if first.weight is None or first.unit is None:
        if first.reps is not None:
            return Suggestion(tuple(_copy(s, reps=(target or 0) + 1) for s in sets), ALL_HIT)
        seconds = (target or 0) + EXTRA_SECONDS
        return Suggestion(tuple(_copy(s, seconds=seconds) for s in sets), ALL_HIT)
    step = increment_for(first.unit, configured, unit)
    new_load = round(first.weight + step, 6)
    return Suggestion(tuple(_aimed(s, target, weight=new_load) for s in sets), ALL_HIT, step)


def _deloaded(sets: tuple[Set, ...], configured: float | None, unit: Unit) -> Suggestion:
    first = sets[0]
    target = _amount(first)
    if first.weight is None or first.unit is None or first.weight <= 0:
        return Suggestion(tuple(_aimed(s, target) for s in sets), MISSED_TWICE)
    step = increment_for(first.unit, configured, unit)
    lighter = round(math.floor(first.weight * DELOAD_FACTOR / step + 1e-9) * step, 6)
    return Suggestion(
        tuple(_aimed(s, target, weight=lighter) for s in sets),
        MISSED_TWICE,
        round(lighter - first.weight, 6),
    )


def _copy(one_set: Set, **changes: object) -> Set:
    return one_set.replace(**changes, amrap=False)  # a target, not a record of what was done


def _aimed(one_set: Set, amount: int | None, **changes: object) -> Set:
    """The set aimed at the session's target (every set at the reps the first one did)."""
    if amount is not None:
        changes["reps" if one_set.reps is not None else "seconds"] = amount
    return _copy(one_set, **changes)


def bumped(sets: Sequence[Set], step: float, step_unit: Unit | None) -> tuple[Set, ...]:
    """`sets` with `step` added to every load (in `step_unit`, or each set's own unit)."""
    from legday.model import convert_weight

    out = []
    for one_set in sets:
        if one_set.weight is None or one_set.unit is None:
            out.append(one_set)
            continue
        amount = step if step_unit is None else convert_weight(step, step_unit, one_set.unit)
        out.append(one_set.replace(weight=round(one_set.weight + amount, 6)))
    return tuple(out)
