"""What each command does, as plain functions that return data.

No Typer and no Rich here: the CLI (and the quick door) parse arguments, call these, and
hand the result to `legday.render`. Every function takes a Context, which carries the clock.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from legday import catalog, habit, strength
from legday.context import Context
from legday.dates import parse_day_range
from legday.errors import UsageError
from legday.model import Entry, RestMark, Set, Unit
from legday.sets import looks_like_set_spec, parse_set_specs
from legday.store import Snapshot, UndoResult, new_id, remove_op, rest_op
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MIN_ID_PREFIX = 6
MAX_NOTE_LENGTH = 2000
STRIP_WEEKS = 12
MAX_STATS_WEEKS = 520
LOG_EXAMPLE = "legday log squat 5x5@100kg"
LOG_NOTHING = (
    f"say what you did: the exercise, then its sets, e.g. `{LOG_EXAMPLE}` "
    "(`legday log --help` lists the set forms)."
)


def history_order(entries: Sequence[Entry]) -> list[Entry]:
    """Newest first: by date, then by when it was logged."""
    return sorted(entries, key=lambda e: (e.date, e.logged_at), reverse=True)


# ---------------------------------------------------------------------------- log


def split_log_words(words: Sequence[str]) -> tuple[str, list[str]]:
    """`front squat 5x5@80kg rpe8` → ("front squat", ["5x5@80kg", "rpe8"]).

    The sets are the longest run of spec-like words at the end, so a name that starts with a
    number (`45 degree leg press 3x10@100kg`) stays whole; with no such run, the first
    spec-like word starts the sets (and a bad one is then named by the parser)."""
    start = len(words)
    while start > 1 and looks_like_set_spec(words[start - 1]):
        start -= 1
    if start == len(words):
        start = next((i for i, word in enumerate(words) if looks_like_set_spec(word)), len(words))
    return " ".join(words[:start]).strip(), list(words[start:])


def _clean_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE_LENGTH:
        raise UsageError(f"the note is {len(note)} characters; keep it under {MAX_NOTE_LENGTH}.")
    return note.strip()


def choose_exercise_name(raw: str, logged: set[str], allow_new: bool) -> tuple[str, bool]:
    """The name to store, and whether it is new to this user. Unless `allow_new`, a name the
    catalogue knows is not a leg exercise is refused (legday counts leg days), and so is a new
    name close to a known one (a typo must not start a separate exercise history)."""
    known = catalog.resolve(raw)
    if known is not None:
        return known, known not in logged
    name = catalog.normalize(raw)
    if not allow_new and catalog.leg_verdict(raw) == catalog.NOT_LEG:
        raise UsageError(
            f"{name!r} is not a leg exercise; legday counts leg days. If it is a leg variation, "
            "add --new to log it anyway."
        )
    spelled = _logged_spelling(raw, name, logged)
    if spelled is not None:
        return spelled, False
    if not allow_new:
        close = catalog.suggestions(raw, logged)
        if close:
            options = " or ".join(repr(c) for c in close)
            raise UsageError(
                f"unknown exercise {raw!r}; did you mean {options}? "
                f"Add --new to log {name!r} as a new exercise."
            )
    return name, True


def _logged_spelling(raw: str, name: str, logged: set[str]) -> str | None:
    """The logged exercise the typed words name, as it is stored: an import keeps the app's
    spelling (`Leg Press OLD`), and typing it, in any case, means that exercise, not a new one
    (nor a typo of itself)."""
    if name in logged:
        return name
    if raw.strip() in logged:
        return raw.strip()
    same = sorted(known for known in logged if catalog.normalize(known) == name)
    return same[0] if same else None


def parse_log_words(words: Sequence[str], unit: Unit) -> tuple[str, tuple[Set, ...]]:
    if not any(word.strip() for word in words):
        raise UsageError(LOG_NOTHING)
    raw_name, spec_tokens = split_log_words(words)
    if not raw_name:
        raise UsageError(f"name the exercise before the sets, e.g. `{LOG_EXAMPLE}`.")
    if not spec_tokens:
        raise UsageError(_no_sets_message(raw_name, unit))
    return raw_name, parse_set_specs(spec_tokens, unit)


def _no_sets_message(raw_name: str, unit: Unit) -> str:
    """What to type instead when no word reads as sets. `squat x5` most likely lacks the set
    count: suggest the command with one added, and never a command that would fail too."""
    *name_words, last = raw_name.split()
    if name_words and last.lower().startswith("x"):
        name = " ".join(name_words)
        candidates = [f"1{last}", f"3{last}"]
        try:
            for candidate in candidates:
                parse_set_specs([candidate], unit)
        except UsageError:
            pass
        else:
            one, three = candidates
            return (
                f"{last!r} needs the number of sets before the x: `legday log {name} {one}` "
                f"(one set) or `legday log {name} {three}` (three sets)."
            )
    return (
        f"no sets given for {raw_name!r}; add them after the name, e.g. `legday log "
        f"{raw_name} 5x5@100kg` (or 3x8, 100kgx5, 3x12@bw, 3x60s)."
    )


def strength_formula(ctx: Context) -> strength.Formula:
    return "brzycki" if ctx.config.e1rm_formula == "brzycki" else "epley"


def _rest_dates(snapshot: Snapshot) -> frozenset[date]:
    return frozenset(mark.date for mark in snapshot.rest_marks)


# ---------------------------------------------------------------------------- history


def newest_dates_first(snapshot: Snapshot, indices: list[int], limit: int) -> list[int]:
    """Of `indices`, those on or after the date of the `limit`-th newest (so ties on that
    date stay in), in file order: only these need decoding for `--limit`."""
    if len(indices) <= limit:
        return indices
    dates = snapshot.rows.dates
    cutoff = heapq.nlargest(limit, (dates[i] for i in indices))[-1]
    return [i for i in indices if dates[i] >= cutoff]


def _exercise_filter(exercise: str | None, logged: Iterable[str] = ()) -> set[str] | None:
    if exercise is None:
        return None
    if not exercise.strip():
        raise UsageError("--exercise needs a name, e.g. --exercise squat.")
    # The name as typed counts too: an imported name need not be in the tidy form log stores;
    # and a logged name typed in another case (`leg press old` for `Leg Press OLD`), as `log`
    # takes it.
    tidy = catalog.normalize(exercise)
    names = {exercise, tidy, *(name for name in logged if catalog.normalize(name) == tidy)}
    known = catalog.resolve(exercise)
    if known is not None:
        names.add(known)
    return names


def logged_name(snapshot: Snapshot, typed: str) -> str | None:
    """The logged exercise the typed words name; of several, the one typed (or its tidy form)
    first."""
    logged = snapshot.exercise_names
    matches = (_exercise_filter(typed, logged) or set()) & logged
    for preferred in (typed, catalog.normalize(typed)):
        if preferred in matches:
            return preferred
    return min(matches) if matches else None


# ---------------------------------------------------------------------------- undo / delete


def undo(ctx: Context) -> UndoResult:
    """Revert this device's last change (by its sequence number, never by the clock)."""
    store = ctx.store
    with store.transaction() as snapshot:
        return store.undo(snapshot)


def find_by_id(entries: Sequence[Entry], id_prefix: str) -> Entry:
    wanted = id_prefix.strip().lower()
    exact = [e for e in entries if e.id == wanted]
    if exact:
        return exact[0]
    if len(wanted) < MIN_ID_PREFIX:
        raise UsageError(
            f"id {id_prefix!r} is too short; give at least {MIN_ID_PREFIX} characters "
            "(see `legday history`)."
        )
    matches = [e for e in entries if e.id.startswith(wanted)]
    if not matches:
        raise UsageError(f"no entry with id {id_prefix!r}; `legday history` lists the ids.")
    if len(matches) > 1:
        raise UsageError(f"id {id_prefix!r} matches {len(matches)} entries; give more characters.")
    return matches[0]


def delete(ctx: Context, id_prefix: str) -> Entry:
    store = ctx.store
    with store.transaction() as snapshot:
        target = find_by_id(snapshot.entries, id_prefix)
        store.remove_ids(snapshot, [target.id])
    return target


# ---------------------------------------------------------------------------- habit views


class StreakView(Value):
    summary: habit.StreakSummary
    strip: list[habit.WeekStatus]
    hint: str


def streak(ctx: Context) -> StreakView:
    return _streak_of(ctx, *ctx.store.leg_and_rest_days())


def _streak_of(ctx: Context, leg_days: frozenset[date], rest: frozenset[date]) -> StreakView:
    rules, today = ctx.rules, ctx.today
    summary = habit.streak_summary(leg_days, rest, rules, today)
    strip = habit.recent_weeks(STRIP_WEEKS, leg_days, rest, rules, today)
    from legday.render.hints import next_step_hint  # the hint's words live with the others

    return StreakView(summary, strip, next_step_hint(summary, rules))


class StatsView(Value):
    summary: habit.StatsSummary
    goal: int
    unit: Unit
    volume: dict[date, float]  # per week start, in `unit`
    volume_kg: dict[date, float]
    volume_by_exercise: dict[date, dict[str, float]]  # in kg

    def to_json(self) -> dict[str, Any]:
        weeks = []
        for week in self.summary.weeks:
            row = week.to_json()
            row["volume_kg"] = round(self.volume_kg.get(week.start, 0.0), 1)
            row["volume_by_exercise_kg"] = {
                name: round(value, 1)
                for name, value in sorted(self.volume_by_exercise.get(week.start, {}).items())
            }
            weeks.append(row)
        return {
            "weeks": weeks,
            "average_per_week": round(self.summary.average_per_week, 2),
            "consistency": None
            if self.summary.consistency is None
            else round(self.summary.consistency, 3),
            "goal": self.goal,
        }


def stats(ctx: Context, weeks: int = 12) -> StatsView:
    if not 1 <= weeks <= MAX_STATS_WEEKS:
        raise UsageError(f"--weeks must be from 1 to {MAX_STATS_WEEKS}, not {weeks}.")
    snapshot = ctx.store.read()
    rules, today = ctx.rules, ctx.today
    summary = habit.stats_summary(weeks, snapshot.leg_days, _rest_dates(snapshot), rules, today)
    first = summary.weeks[0].start
    recent = snapshot.entries_where(since=first)

    def week_of(day: date) -> date:
        return habit.week_start_of(day, rules.week_start)

    unit = ctx.config.unit
    return StatsView(
        summary=summary,
        goal=rules.goal,
        unit=unit,
        volume=strength.volume_by_week(recent, week_of, unit),
        volume_kg=strength.volume_by_week(recent, week_of, "kg"),
        volume_by_exercise=strength.volume_by_week_and_exercise(recent, week_of, "kg"),
    )


class DayLoad(Value):
    __slots__ = ("sets", "volume")

    def __init__(self, sets: int, volume: float) -> None:
        self.sets = sets
        self.volume = volume


class CalendarView(Value):
    year: int
    today: date
    week_start: int
    unit: Unit
    days: dict[date, DayLoad]
    rest_week_starts: frozenset[date]
    goal: int
    first_week: date | None  # the week of the first leg day ever (None: none yet)


def calendar(ctx: Context, year: int | None = None) -> CalendarView:
    today = ctx.today
    chosen = today.year if year is None else year
    if not 1900 <= chosen <= today.year:
        raise UsageError(f"--year must be from 1900 to {today.year}, not {chosen}.")
    snapshot = ctx.store.read()
    unit = ctx.config.unit
    days: dict[date, DayLoad] = {}
    # Only the chosen year's entries are decoded (fold order, as the whole list's).
    for entry in snapshot.entries_where(since=date(chosen, 1, 1)):
        if entry.date.year != chosen:
            continue
        working = strength.working_sets(entry)
        load = days.setdefault(entry.date, DayLoad(0, 0.0))
        load.sets += len(working)
        load.volume += sum(strength.set_volume(s, unit) for s in working)
    week_start = ctx.rules.week_start
    rest_starts = frozenset(habit.week_start_of(m.date, week_start) for m in snapshot.rest_marks)
    first = min((day for day in snapshot.leg_days if day <= today), default=None)
    first_week = None if first is None else habit.week_start_of(first, week_start)
    return CalendarView(
        chosen, today, week_start, unit, days, rest_starts, ctx.rules.goal, first_week
    )


# ---------------------------------------------------------------------------- rest weeks


class RestChange(Value):
    """What a `skip` or `unskip` did: the weeks it named (from the first day of the first to
    the last day of the last), how many of them it changed, and the mark the first week now
    carries (None after an unskip)."""

    week_start: date
    week_end: date
    mark: RestMark | None
    weeks: int
    weeks_changed: int

    @property
    def changed(self) -> bool:
        return self.weeks_changed > 0


def _rest_weeks_named(ctx: Context, date_text: str | None) -> tuple[date, list[date]]:
    """The first day a `skip`/`unskip` argument names (default: today) and the first days of
    the weeks it covers."""
    today = ctx.today
    first, last = parse_day_range(date_text, today) if date_text else (today, today)
    return first, habit.rest_week_starts(first, last, ctx.rules.week_start)


def skip(ctx: Context, date_text: str | None = None, reason: str | None = None) -> RestChange:
    first, starts = _rest_weeks_named(ctx, date_text)
    clean_reason = _clean_note(reason)
    store = ctx.store
    with store.transaction() as snapshot:
        current = {start: _marks_in_week(snapshot, start) for start in starts}
        # Only the weeks that would newly become rest weeks are held to the rules; a week
        # already marked keeps its mark, or takes the new reason.
        habit.check_rest_request(
            [start for start, same in current.items() if not same],
            snapshot.leg_days,
            ctx.rules,
            ctx.today,
        )
        ops: list[dict[str, Any]] = []
        marks: list[RestMark] = []
        changed = 0
        for start, same in current.items():
            if same and (clean_reason is None or same[0][1].reason == clean_reason):
                marks.append(same[0][1])
                continue
            mark = RestMark(date=max(first, start), reason=clean_reason, marked_at=ctx.now)
            ops.extend(remove_op(mark_id) for mark_id, _mark in same)
            ops.append(rest_op(new_id(), mark))
            marks.append(mark)
            changed += 1
        if ops:
            store.commit(snapshot, ops, what="skip" if len(ops) > 1 else None)
    return RestChange(starts[0], starts[-1] + timedelta(days=6), marks[0], len(starts), changed)


def _marks_in_week(snapshot: Snapshot, start: date) -> list[tuple[str, RestMark]]:
    end = start + timedelta(days=6)
    return [(mid, mark) for mid, mark in snapshot.rest_items.items() if start <= mark.date <= end]


def unskip(ctx: Context, date_text: str | None = None) -> RestChange:
    _, starts = _rest_weeks_named(ctx, date_text)
    end = starts[-1] + timedelta(days=6)
    store = ctx.store
    with store.transaction() as snapshot:
        marked = {start: _marks_in_week(snapshot, start) for start in starts}
        ids = [mark_id for same in marked.values() for mark_id, _mark in same]
        if not ids:
            span = f"{starts[0].isoformat()} to {end.isoformat()}"
            if len(starts) == 1:
                raise UsageError(f"the week of {span} is not a rest week; nothing to unskip.")
            raise UsageError(f"no week from {span} is a rest week; nothing to unskip.")
        store.remove_ids(snapshot, ids, what="unskip")
    weeks_removed = sum(1 for same in marked.values() if same)
    return RestChange(starts[0], end, None, len(starts), weeks_removed)


# ---------------------------------------------------------------------------- strength


class PrsView(Value):
    records: list[strength.ExerciseRecords]
    exercise: str | None = None
    progress: Sequence[strength.SessionPoint] = ()
    recent: Sequence[Entry] = ()
    unit: Unit = "kg"


def prs(ctx: Context, exercise: str | None = None) -> PrsView:
    if exercise is not None and not exercise.strip():
        raise UsageError(
            "EXERCISE is empty; name one, e.g. `legday prs squat`, or leave it out "
            "for every exercise."
        )
    unit, formula = ctx.config.unit, strength_formula(ctx)
    if exercise is None:
        return PrsView(_every_record(ctx, unit, formula), unit=unit)
    snapshot = ctx.store.read()
    entries = snapshot.entries
    name = logged_name(snapshot, exercise)
    if name is None:
        raise UsageError(f"no {exercise!r} logged yet; `legday prs` lists your exercises.")
    records = strength.records_for(entries, name, unit, formula)
    recent = [e for e in history_order(entries) if e.exercise == name][:5]
    return PrsView(
        [] if records is None else [records],
        exercise=name,
        progress=strength.progress(entries, name, unit, formula),
        recent=recent,
        unit=unit,
    )


def _every_record(
    ctx: Context, unit: Unit, formula: strength.Formula
) -> list[strength.ExerciseRecords]:
    """Every exercise's records: kept beside the store after the first `prs` of the files as
    they are (at 10k entries computing them is about half of `prs`), for this unit and
    formula and this legday's code only."""
    code = _records_code()
    key = None if code is None else (unit, formula, *code)
    kept = None if key is None else ctx.store.read_answer(key)
    records = None if kept is None else strength.records_of_tuples(kept)
    if records is None:
        snapshot = ctx.store.read()
        records = strength.personal_records(snapshot.entries, unit, formula)
        if key is not None:
            ctx.store.keep_answer(key, snapshot, strength.records_as_tuples(records))
    return records


def _records_code() -> tuple[object, ...] | None:
    """What identifies the code the records come from: legday's version and the size and
    mtime of each module that decodes the entries or computes the records (an edit, a new
    install or an upgrade changes them), so a kept answer never outlives the code. None when
    a module has no file to look at (then nothing is kept)."""
    import legday
    from legday import legacy, model, sets, store
    from legday.store import codec, fold

    code: list[object] = [legday.__version__]
    for module in (strength, model, sets, legacy, store, codec, fold):
        try:
            info = os.stat(module.__file__ or "")
        except OSError:
            return None
        code += [module.__name__, info.st_size, info.st_mtime_ns]
    return tuple(code)


class ExercisesView(Value):
    catalog: tuple[catalog.Exercise, ...]
    logged: dict[str, int]  # name → entries

    def to_json(self) -> dict[str, Any]:
        return {
            "catalog": [
                {"name": ex.name, "group": ex.group, "aliases": list(ex.aliases)}
                for ex in self.catalog
            ],
            "logged": [
                {"name": name, "entries": count, "in_catalog": catalog.resolve(name) == name}
                for name, count in sorted(self.logged.items())
            ],
        }


def exercises(ctx: Context) -> ExercisesView:
    snapshot = ctx.store.read()
    # The names the fold read, in its order: no entry's sets need decoding to count them.
    return ExercisesView(catalog.exercises(), dict(Counter(snapshot.rows.names)))


# ---------------------------------------------------------------------------- dashboard


class DashboardView(Value):
    """What `legday` with no command shows: this week, the streak, the last session."""

    streak: StreakView
    last_entry: Entry | None
    entries: int


def dashboard(ctx: Context) -> DashboardView:
    snapshot = ctx.store.read()
    count = len(snapshot.rows)
    newest = history_order(
        snapshot.rows.entries(newest_dates_first(snapshot, list(range(count)), 1))
    )
    streak_view = _streak_of(ctx, snapshot.leg_days, _rest_dates(snapshot))
    return DashboardView(streak_view, newest[0] if newest else None, count)
