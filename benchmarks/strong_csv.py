"""Write a synthetic Strong export for the import rows of benchmarks/run.py.

    python benchmarks/strong_csv.py OUT.csv --entries 10000     # 10k entries, 3-5 sets each
    python benchmarks/strong_csv.py OUT.csv --rows 1000000      # a million set rows

Stdlib only and seeded: the same arguments give the same bytes. The layout is Strong's
(the header and quoting of tests/fixtures' Strong exports): one row per set, the sets of one
exercise in one workout together, workouts two to four days apart going back from 2026-01-01.
A million rows need more workouts than there are days since legday's 1900 floor at that pace,
so `--rows` files put a morning and an evening workout on every day instead.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
EXERCISES = (
    "Squat (Barbell)",
    "Deadlift (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Leg Extension (Machine)",
    "Leg Press",
    "Lunge (Dumbbell)",
    "Front Squat (Barbell)",
    "Seated Leg Curl (Machine)",
)
LAST_WORKOUT = datetime(2026, 1, 1, 18, 0, 0)


def rows(entries: int | None, limit: int | None, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    when = LAST_WORKOUT
    twice_a_day = limit is not None
    made = 0
    while (entries is None or made < entries) and (limit is None or len(out) < limit):
        stamp = when.strftime("%Y-%m-%d %H:%M:%S")
        for exercise in rng.sample(EXERCISES, rng.randint(2, 4)):
            weight = rng.randrange(95, 405, 5)
            for order in range(1, rng.randint(3, 5) + 1):
                reps = rng.randint(3, 12)
                out.append(
                    f'{stamp},"Leg Day",1h 5m,"{exercise}",{order},{weight}.0,{reps}.0,0,0.0,,,\n'
                )
            made += 1
            if entries is not None and made == entries:
                break
        if twice_a_day:
            when -= timedelta(hours=10 if when.hour == 18 else 14)  # 18:00, 08:00, 18:00 ...
        else:
            when -= timedelta(days=rng.randint(2, 4))
    return out[:limit] if limit is not None else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic Strong CSV export.")
    parser.add_argument("out", type=Path)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--entries", type=int, help="exercise entries (3-5 set rows each)")
    size.add_argument("--rows", type=int, help="set rows")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    lines = rows(args.entries, args.rows, args.seed)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        handle.writelines(lines)
    print(f"wrote {len(lines)} set rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
