"""Write realistic synthetic legday homes for the benchmark (a LEGDAY_HOME layout).

    python benchmarks/generate.py OUT_DIR --entries 10000 --variant due

A home holds N entries (an entry is one logged exercise with 3-5 sets) of a lifter who trains
legs 2-4 days a week, misses a week now and then, marks a few rest weeks, logs mostly in kg
with some lb entries, adds notes now and then, and sometimes logs a session a few days late.

The device log is written the way legday itself would have left it: everything up to some
point arrived as one import (one committed group of add lines, in date order), and the most
recent part was logged one add line at a time in the order it was logged, so the late-logged
(back-dated) entries leave the end of the log out of date order, as in real use.

"Now" is the real current date when the home is written. Two variants pin what `remind`
sees this week (goal 1, weeks start Monday):
    due      nothing logged yet this week (last week met, so a streak is at stake)
    not-due  a leg day today, so this week is met
A home is therefore only valid on the date it was generated; `meta.json` records that date
and run.py regenerates a stale home.

Deterministic: the same (entries, variant, seed, date) always gives the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from legday.device import current_device
from legday.exit import guarded
from legday.model import Entry, RestMark, Set, Unit
from legday.paths import Paths
from legday.store import Store

VARIANTS = ("due", "not-due")
DEFAULT_SEED = 8
APPENDED_SHARE = 0.05  # the newest 5% of the history was appended, never rewritten
LATE_LOG_SHARE = 0.05  # 5% of entries are logged 1-6 days after the day they record
NOTE_SHARE = 0.08
LB_SHARE = 0.2
MISSED_WEEK_SHARE = 0.1
REST_OF_MISSED_SHARE = 0.3  # of the weeks with no leg day, how many were marked as rest
META_FILE = "meta.json"
CONFIG_TEXT = 'goal = 1\nweek_start = "monday"\nunit = "kg"\n'
LOCAL_TZ = timezone(timedelta(hours=1))  # fixed, so a home does not depend on the machine


@dataclass(frozen=True, slots=True)
class Lift:
    """A catalogue exercise and how this lifter loads it (start and yearly gain, in kg)."""

    name: str
    start_kg: float | None
    gain_kg_per_year: float
    reps: tuple[int, ...]
    timed: bool = False
    bodyweight: bool = False


LIFTS = (
    Lift("squat", 60.0, 10.0, (5, 5, 8, 3)),
    Lift("romanian deadlift", 50.0, 8.0, (8, 10, 6)),
    Lift("leg press", 100.0, 20.0, (10, 12, 8)),
    Lift("bulgarian split squat", 12.0, 3.0, (8, 10, 12)),
    Lift("standing calf raise", 40.0, 6.0, (12, 15, 20)),
    Lift("front squat", 40.0, 7.0, (5, 6, 3)),
    Lift("hip thrust", 60.0, 15.0, (8, 10, 12)),
    Lift("leg curl", 30.0, 4.0, (10, 12, 15)),
    Lift("leg extension", 35.0, 5.0, (10, 12, 15)),
    Lift("walking lunge", None, 0.0, (10, 12, 16), bodyweight=True),
    Lift("wall sit", None, 0.0, (45, 60, 90), timed=True),
    Lift("deadlift", 80.0, 12.0, (5, 3, 1)),
)
MAIN_LIFTS = LIFTS[:3]  # one of these opens almost every leg day

NOTES = (
    "felt strong",
    "knee a bit sore, kept it light",
    "new belt",
    "slept badly",
    "paused reps",
    "gym was packed, supersets",
    "deload week",
    "PR attempt",
    "focus on depth",
    "tempo 3-1-1",
)


def _check_catalogue() -> None:
    """Fail early if a name here would be refused by `legday log` (the catalogue moved on)."""
    try:
        from legday import catalog
    except ImportError:  # an older legday without a catalogue: nothing to check against
        return
    for lift in LIFTS:
        if catalog.resolve(lift.name) != lift.name:
            raise SystemExit(f"generate.py: {lift.name!r} is not a catalogue name any more")


# ---------------------------------------------------------------------------- the history


@dataclass(frozen=True, slots=True)
class Planned:
    """One entry before it becomes a legday Entry: the day it records and when it was logged."""

    day: date
    lift: Lift
    logged_at: datetime


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _leg_days_of_week(rng: random.Random, monday: date, last_day: date) -> list[date]:
    count = rng.choice((2, 2, 3, 3, 3, 4))
    days = sorted(rng.sample(range(7), count))
    return [monday + timedelta(days=d) for d in days if monday + timedelta(days=d) <= last_day]


def _session(rng: random.Random, day: date, now: datetime) -> list[Planned]:
    """The entries of one leg day: a main lift first, then 1-4 accessories."""
    first = rng.choice(MAIN_LIFTS)
    others = [lift for lift in LIFTS if lift is not first]
    lifts = [first, *rng.sample(others, rng.choice((1, 2, 2, 3, 3, 4)))]
    logged = datetime.combine(day, time(18, rng.randrange(60)), LOCAL_TZ)
    if rng.random() < LATE_LOG_SHARE:
        logged += timedelta(days=rng.randint(1, 6))  # "forgot to log Tuesday's session"
    logged = min(logged, now)
    return [
        Planned(day, lift, logged + timedelta(minutes=8 * index))
        for index, lift in enumerate(lifts)
    ]


def _weeks_backwards(rng: random.Random, first_monday: date) -> Iterator[date]:
    """Mondays going back in time, skipping (missing) about one week in ten, never the
    first one: the week before this one is always met, so a streak is at stake."""
    monday = first_monday
    yield monday
    while True:
        monday -= timedelta(weeks=1)
        if rng.random() >= MISSED_WEEK_SHARE:
            yield monday


def plan_history(count: int, variant: str, today: date, seed: int) -> list[Planned]:
    """`count` entries ending at `today`, in the order they were logged."""
    rng = random.Random(f"{seed}:{variant}")
    now = datetime.combine(today, time(20, 0), LOCAL_TZ)
    this_monday = week_start(today)
    planned: list[Planned] = []
    if variant == "not-due" and count:
        planned.extend(_session(rng, today, now))
    # Older weeks never touch this week, whatever the variant, so `remind` sees what it should.
    for monday in _weeks_backwards(rng, this_monday - timedelta(weeks=1)):
        if len(planned) >= count:
            break
        for day in reversed(_leg_days_of_week(rng, monday, monday + timedelta(days=6))):
            planned.extend(_session(rng, day, now))
    newest_first = planned[:count]
    return sorted(newest_first, key=lambda p: (p.logged_at, p.day))


# ---------------------------------------------------------------------------- sets and entries


def _load_kg(rng: random.Random, lift: Lift, day: date, today: date) -> float | None:
    if lift.start_kg is None:
        return None
    # Strength climbed over the last eight years; anything older is at the starting level.
    years_trained = max(0.0, 8.0 - (today - day).days / 365.25)
    trend = lift.start_kg + lift.gain_kg_per_year * years_trained
    return max(2.5, trend * rng.uniform(0.9, 1.05))


def _rounded(weight_kg: float, unit: Unit) -> float:
    if unit == "lb":
        return float(round(weight_kg / 0.45359237 / 5) * 5)
    return round(weight_kg / 2.5) * 2.5


def _sets(rng: random.Random, lift: Lift, day: date, today: date, unit: Unit) -> list[Set]:
    load = _load_kg(rng, lift, day, today)
    count = rng.randint(3, 5)
    base_reps = rng.choice(lift.reps)
    sets: list[Set] = []
    if load is not None and lift in MAIN_LIFTS and rng.random() < 0.3:
        sets.append(Set(reps=5, weight=_rounded(load * 0.5, unit), unit=unit, warmup=True))
    work_sets = count - len(sets)
    for index in range(work_sets):
        last = index == work_sets - 1
        if lift.timed:
            sets.append(Set(seconds=base_reps))
        elif lift.bodyweight:
            added = 10.0 if rng.random() < 0.3 else None
            sets.append(
                Set(
                    reps=base_reps,
                    weight=added,
                    unit=unit if added is not None else None,
                    bodyweight=True,
                )
            )
        else:
            assert load is not None
            amrap = last and rng.random() < 0.1
            rpe = rng.choice((7.0, 7.5, 8.0, 8.5, 9.0)) if rng.random() < 0.2 else None
            sets.append(
                Set(
                    reps=base_reps + (rng.randint(1, 4) if amrap else 0),
                    weight=_rounded(load, unit),
                    unit=unit,
                    amrap=amrap,
                    rpe=rpe,
                )
            )
    return sets


def build_entries(planned: list[Planned], today: date, seed: int) -> list[Entry]:
    rng = random.Random(f"{seed}:entries")
    entries: list[Entry] = []
    for item in planned:
        unit: Unit = "lb" if rng.random() < LB_SHARE else "kg"
        note = rng.choice(NOTES) if rng.random() < NOTE_SHARE else None
        entries.append(
            Entry(
                id=f"{rng.getrandbits(128):032x}",
                date=item.day,
                exercise=item.lift.name,
                sets=tuple(_sets(rng, item.lift, item.day, today, unit)),
                logged_at=item.logged_at,
                note=note,
                source="log",
            )
        )
    return entries


def rest_marks(planned: list[Planned], seed: int) -> list[RestMark]:
    """A few weeks without any leg day marked as rest (holidays), the rest left as misses."""
    if not planned:
        return []
    rng = random.Random(f"{seed}:rest")
    trained = {week_start(p.day) for p in planned}
    monday = week_start(min(p.day for p in planned))
    last = week_start(max(p.day for p in planned))
    marks: list[RestMark] = []
    while monday < last:
        if monday not in trained and rng.random() < REST_OF_MISSED_SHARE:
            marks.append(
                RestMark(
                    monday + timedelta(days=2),
                    rng.choice(("holiday", "ill", None)),
                    datetime.combine(monday, time(9), LOCAL_TZ),
                )
            )
        monday += timedelta(weeks=1)
    return marks


# ---------------------------------------------------------------------------- writing


def write_home(
    home: Path,
    count: int,
    variant: str,
    today: date,
    seed: int = DEFAULT_SEED,
    devices: int = 1,
) -> None:
    """Write a complete home for `count` entries into the (empty or missing) dir `home`: most
    of the history as one import per device, the newest 5% logged one at a time, and with
    `devices` > 1 the entries dealt round-robin to that many device logs."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / "config.toml").write_text(CONFIG_TEXT, encoding="utf-8")
    planned = plan_history(count, variant, today, seed)
    entries = build_entries(planned, today, seed)
    # The first log is this machine's own (as for a user), so its remind cache is the one
    # the timed runs find; the others stand for a desktop and a phone synced in.
    names = [current_device(), "desktop", "phone", *(f"device-{n}" for n in range(3, devices))]
    names = names[:devices]
    for index, name in enumerate(names):
        mine = entries[index :: len(names)]
        if not mine:
            continue
        appended = max(1, round(len(mine) * APPENDED_SHARE))
        bulk, tail = mine[:-appended], mine[-appended:]
        store = Store(Paths(home, home), device=name)
        with store.transaction() as snapshot:
            if bulk:
                store.add_entries(snapshot, bulk, what="import")
            marks = rest_marks(planned, seed) if index == 0 else []
            if marks:
                store.add_rest_marks(snapshot, marks)
        with store.transaction() as snapshot:
            for entry in tail:
                store.add_entries(snapshot, [entry])
    meta = {
        "entries": count,
        "variant": variant,
        "date": today.isoformat(),
        "seed": seed,
        "devices": devices,
    }
    (home / META_FILE).write_text(json.dumps(meta) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the home directory to write (must not exist)")
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--variant", choices=VARIANTS, default="due")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--devices", type=int, default=1, help="device logs to deal entries to")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; pick a new directory")
    _check_catalogue()
    # As one legday command: the caches are written once, when it ends (legday.exit), not
    # after every one of the thousands of logs (each would rewrite a whole rows cache).
    code = guarded(
        lambda: write_home(
            args.out, args.entries, args.variant, date.today(), args.seed, args.devices
        ),
        debug=True,
    )
    if code:
        return code
    print(f"wrote {args.entries} entries ({args.variant}) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
