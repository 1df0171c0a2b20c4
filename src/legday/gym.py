"""What the gym side does, as plain functions that return data: several exercises in one
`log`, `log EX` / `last EX` (the last sessions and what to try today), `again`, `show` (one day
as a workout card), `history` pages, and the weekly trend of one exercise.

No Typer and no Rich here, as in legday.actions; the words are in legday.render.gym_views.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from legday import actions, habit, progression, strength
from legday.context import Context
from legday.dates import parse_day
from legday.errors import UsageError
from legday.model import Entry, Set, Unit
from legday.sets import MAX_LOAD, looks_like_set_spec, parse_set_specs
from legday.store import Snapshot, new_id
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any

DEFAULT_HISTORY_LIMIT = 20
MAX_TREND_WEEKS = 520
_BUMP = re.compile(r"([+-])([0-9]+(?:[.,][0-9]+)?)(kgs?|lbs?)?", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"[0-9]+")

# ---------------------------------------------------------------------------- one line, many


def split_log_line(words: Sequence[str]) -> list[tuple[str, list[str]]]:
    """`squat 5x5@100kg rdl 3x8@60kg calf raise 3x15` → one (name, set words) per exercise:
    a word that is not a set spec, after a set spec, starts the next exercise. A bare number
    followed by a name word starts a name too (`... 45 degree leg press 3x10`).

    A line with one exercise is split exactly as `legday log` always did
    (`actions.split_log_words`), so its messages stay the same."""
    segments: list[tuple[list[str], list[str]]] = [([], [])]
    for index, word in enumerate(words):
        name, specs = segments[-1]
        if _is_spec_word(words, index):
            specs.append(word)
            continue
        if specs:
            segments.append(([word], []))
        else:
            name.append(word)
    if len(segments) == 1:
        return [actions.split_log_words(words)]
    return [(" ".join(name).strip(), specs) for name, specs in segments]


def command_name(exercise: str, specs: Sequence[str]) -> str:
    """`exercise` as it is typed before `specs` on a `legday log` line, quoted for a shell
    where its words would not read back as this one name (`'squat rpe6'`, `'squat 2'`)."""
    import shlex

    words = exercise.split()
    if split_log_line([*words, *specs]) == [(exercise, list(specs))]:
        return " ".join(shlex.quote(word) for word in words)
    return shlex.quote(exercise)


def _is_spec_word(words: Sequence[str], index: int) -> bool:
    word = words[index]
    if not looks_like_set_spec(word):
        return False
    following = words[index + 1] if index + 1 < len(words) else None
    starts_name = (
        _BARE_NUMBER.fullmatch(word.strip()) is not None
        and following is not None
        and not looks_like_set_spec(following)
    )
    return not starts_name


class LoggedItem(Value):
    """One entry of a `log` or `again` line, with what it means for that exercise."""

    entry: Entry
    new_exercise: bool
    records: list[strength.RecordBroken]


class WeekFill(Value):
    """What a back-dated log did to its week and to the current streak."""

    week_start: date
    leg_days: int  # in that week, after the log
    goal: int
    met_before: bool
    met: bool
    skipped: bool
    streak_before: int
    streak_after: int


class LogBatch(Value):
    """What a `log` line (or `again`) stored: its entries, this week's progress after them,
    and for a back-dated line what it did to that week."""

    items: list[LoggedItem]
    met_before: bool
    after: habit.StreakSummary
    unit: Unit
    fill: WeekFill | None

    @property
    def goal_just_met(self) -> bool:
        return self.after.this_week.met and not self.met_before

    @property
    def entries(self) -> list[Entry]:
        return [item.entry for item in self.items]


class Planned(Value):
    """An entry to store, before its exercise name is checked against the store."""

    raw_name: str
    sets: tuple[Set, ...]
    resolved: bool = False  # the name is already a stored one (again)


def log_line(
    ctx: Context,
    words: Sequence[str],
    *,
    date_text: str | None = None,
    note: str | None = None,
    allow_new: bool = False,
) -> LogBatch | LastView:
    """`legday log`: every exercise of the line stored in one commit, or nothing. With one
    exercise and no sets, the last sessions of that exercise when it has any."""
    unit = ctx.config.unit
    segments = split_log_line(words)
    # A bare name asks what to do today; with --date or --note it meant to log, so the missing
    # sets are an error as always (nothing typed is dropped in silence), and so is a blank word
    # (`log squat ''`: a set spec that came out empty, not a question).
    asks = date_text is None and note is None and all(word.strip() for word in words)
    if asks and len(segments) == 1 and segments[0][0] and not segments[0][1]:
        shown = _last_if_logged(ctx, segments[0][0])
        if shown is not None:
            return shown
    if len(segments) == 1:
        planned = [Planned(*actions.parse_log_words(words, unit))]
    else:
        planned = [_planned(raw, specs, unit) for raw, specs in segments]
    day = parse_day(date_text, ctx.today) if date_text is not None else ctx.today
    return store_batch(ctx, planned, day, note=actions._clean_note(note), allow_new=allow_new)


def _planned(raw_name: str, specs: list[str], unit: Unit) -> Planned:
    if not raw_name:
        raise UsageError(f"name the exercise before the sets, e.g. `{actions.LOG_EXAMPLE}`.")
    if not specs:
        raise UsageError(
            f"no sets given for {raw_name!r} in this line; add them after its name, e.g. "
            f"`{raw_name} 3x8@60kg`. Nothing was stored."
        )
    try:
        return Planned(raw_name, parse_set_specs(specs, unit))
    except UsageError as exc:
        raise UsageError(
            f"{raw_name}: {exc.message.rstrip('.')}; nothing from this line was stored."
        ) from None


def store_batch(
    ctx: Context,
    planned: Sequence[Planned],
    day: date,
    *,
    note: str | None,
    allow_new: bool,
) -> LogBatch:
    """Check every entry, work out the whole report, then store them in one commit (one
    fsynced append; the fold takes a group only with its commit line, and `undo` takes the
    group back whole)."""
    config, formula = ctx.config, actions.strength_formula(ctx)
    store = ctx.store
    with store.transaction(adds_only=True) as snapshot:
        logged = snapshot.exercise_names
        items: list[LoggedItem] = []
        for plan in planned:
            if plan.resolved:
                name, is_new = plan.raw_name, False
            else:
                name, is_new = actions.choose_exercise_name(plan.raw_name, logged, allow_new)
            entry = Entry(
                id=new_id(),
                date=day,
                exercise=name,
                sets=plan.sets,
                logged_at=ctx.now,
                note=note,
                source="log",
            )
            earlier = [item.entry for item in items if item.entry.exercise == name]
            previous = [*snapshot.entries_where(names={name}), *earlier]
            records = strength.records_broken(previous, entry, config.unit, formula)
            new = is_new and not earlier
            items.append(LoggedItem(entry, new, records))
        batch = _report(ctx, snapshot, items, day)
        store.add_entries(snapshot, [item.entry for item in items])
    return batch


def _report(ctx: Context, snapshot: Snapshot, items: list[LoggedItem], day: date) -> LogBatch:
    rules, rest, today = ctx.rules, actions._rest_dates(snapshot), ctx.today
    leg_days = snapshot.leg_days
    after = habit.streak_summary(leg_days | {day}, rest, rules, today)
    week_start = habit.week_start_of(today, rules.week_start)
    met_before = sum(1 for d in leg_days if week_start <= d <= today) >= rules.goal
    fill = None
    if day < week_start:  # back-dated: what it did to its week and to the current streak
        start = habit.week_start_of(day, rules.week_start)
        in_week = {d for d in leg_days if start <= d <= start + timedelta(days=6)}
        before = habit.streak_summary(leg_days, rest, rules, today)
        fill = WeekFill(
            week_start=start,
            leg_days=len(in_week | {day}),
            goal=rules.goal,
            met_before=len(in_week) >= rules.goal,
            met=len(in_week | {day}) >= rules.goal,
            skipped=any(habit.week_start_of(d, rules.week_start) == start for d in rest),
            streak_before=before.current_streak_weeks,
            streak_after=after.current_streak_weeks,
        )
    return LogBatch(items, met_before, after, ctx.config.unit, fill)


# ---------------------------------------------------------------------------- last


class SessionLine(Value):
    entry: Entry
    e1rm: float | None
    days_ago: int


class LastView(Value):
    exercise: str
    sessions: list[SessionLine]  # newest first, one or two
    suggestion: progression.Suggestion
    unit: Unit

    def to_json(self) -> dict[str, Any]:
        from legday.sets import format_set_specs

        suggestion = self.suggestion
        try:
            spec: str | None = " ".join(format_set_specs(suggestion.sets))
        except ValueError:
            spec = None
        return {
            "exercise": self.exercise,
            "sessions": [
                {
                    **line.entry.to_json(),
                    "e1rm": None if line.e1rm is None else round(line.e1rm, 1),
                    "days_ago": line.days_ago,
                }
                for line in self.sessions
            ],
            "suggestion": {
                "sets": [one.to_json() for one in suggestion.sets],
                "spec": spec,
                "reason": suggestion.reason,
                "change": suggestion.change,
            },
            "unit": self.unit,
        }


def last(ctx: Context, words: Sequence[str]) -> LastView:
    """`legday last EXERCISE...`: its last two sessions and a suggestion for today."""
    raw = " ".join(words).strip()
    if not raw:
        raise UsageError("name the exercise, e.g. `legday last squat`.")
    view = _last_if_logged(ctx, raw)
    if view is None:
        raise UsageError(
            f"no {raw!r} logged yet; log one first, e.g. `legday log {raw} 5x5@100kg` "
            "(`legday prs` lists your exercises)."
        )
    return view


def _last_if_logged(ctx: Context, raw: str) -> LastView | None:
    # A read: when the name is not logged the line is refused below, and then the exit point
    # drops the rows cache this read would remake (legday.exit: refused writes nothing).
    snapshot = ctx.store.read()
    name = actions.logged_name(snapshot, raw)
    if name is None:
        return None
    today = ctx.today
    recent = actions.history_order(snapshot.entries_where(names={name}))
    recent = [e for e in recent if e.date <= today][:2] or recent[:2]
    unit, formula = ctx.config.unit, actions.strength_formula(ctx)
    lines = [
        SessionLine(e, strength.top_e1rm(e.sets, unit, formula), (today - e.date).days)
        for e in recent
    ]
    suggestion = progression.suggest([e.sets for e in recent], ctx.config.increment, unit)
    return LastView(name, lines, suggestion, unit)


# ---------------------------------------------------------------------------- again


def again(ctx: Context, words: Sequence[str], *, date_text: str | None = None) -> LogBatch:
    """Log the last session of an exercise again (no name: every entry of the last leg day),
    before the day it is logged for; a trailing `+2.5` / `-5lb` adds to every load."""
    names = [word for word in words if word.strip()]
    bump = _bump(names[-1]) if names else None
    if bump is not None:
        names = names[:-1]
    day = parse_day(date_text, ctx.today) if date_text is not None else ctx.today
    snapshot = ctx.store.load()
    if names:
        sources = [_last_session(snapshot, " ".join(names), day)]
    else:
        if bump is not None:
            raise UsageError(
                "name the exercise to change the load of, e.g. `legday again squat +2.5`; "
                "`legday again` alone repeats the whole last leg day as it was."
            )
        sources = _last_leg_day(snapshot, day)
    planned = [
        Planned(e.exercise, _bumped_sets(e, bump) if bump else e.sets, resolved=True)
        for e in sources
    ]
    return store_batch(ctx, planned, day, note=None, allow_new=True)


def _bump(word: str) -> tuple[float, Unit | None] | None:
    match = _BUMP.fullmatch(word.strip())
    if match is None:
        return None
    amount = float(match[2].replace(",", "."))
    unit_text = (match[3] or "").lower()
    unit: Unit | None = None if not unit_text else ("kg" if unit_text.startswith("kg") else "lb")
    return (amount if match[1] == "+" else -amount), unit


def _last_session(snapshot: Snapshot, raw: str, day: date) -> Entry:
    name = actions.logged_name(snapshot, raw)
    if name is None:
        raise UsageError(
            f"no {raw!r} logged yet, so nothing to repeat; log it once: "
            f"`legday log {raw} 5x5@100kg`."
        )
    earlier = [e for e in snapshot.entries_where(names={name}) if e.date < day]
    if not earlier:
        raise UsageError(
            f"no {name!r} before {day.isoformat()} to repeat; `legday last {name}` shows it."
        )
    return actions.history_order(earlier)[0]


def _last_leg_day(snapshot: Snapshot, day: date) -> list[Entry]:
    earlier_days = [d for d in snapshot.leg_days if d < day]
    if not earlier_days:
        raise UsageError(
            f"no leg day before {day.isoformat()} to repeat; log one: `legday log squat 5x5@100kg`."
        )
    return _day_entries(snapshot, max(earlier_days))


def _day_entries(snapshot: Snapshot, day: date) -> list[Entry]:
    """The entries of `day`, in the order they were logged."""
    entries = [e for e in snapshot.entries_where(since=day) if e.date == day]
    return sorted(entries, key=lambda e: e.logged_at)


def _bumped_sets(entry: Entry, bump: tuple[float, Unit | None]) -> tuple[Set, ...]:
    step, unit = bump
    if not any(s.weight is not None for s in entry.sets):
        raise UsageError(
            f"the last {entry.exercise!r} has no load to change; "
            f"`legday again {entry.exercise}` repeats it as it was."
        )
    sets = progression.bumped(entry.sets, step, unit)
    for one in sets:
        if one.weight is None or one.unit is None:
            continue
        if (one.weight < 0 and not one.bodyweight) or abs(one.weight) > MAX_LOAD[one.unit]:
            raise UsageError(
                f"that change makes a load of {one.weight:g} {one.unit}; loads are 0 to "
                f"{MAX_LOAD[one.unit]:g} {one.unit}. Nothing was stored."
            )
    return sets


# ---------------------------------------------------------------------------- show


class DayRecord(Value):
    exercise: str
    record: strength.RecordBroken


class ShowView(Value):
    date: datetime.date | None  # spelled so: in this class `date` is the field
    entries: list[Entry]
    working_sets: int
    volume: float
    volume_kg: float
    prs: list[DayRecord]
    unit: Unit
    last_leg_day: datetime.date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "date": None if self.date is None else self.date.isoformat(),
            "entries": [entry.to_json() for entry in self.entries],
            "working_sets": self.working_sets,
            "volume_kg": round(self.volume_kg, 1),
            "prs": [
                {
                    "exercise": one.exercise,
                    "kind": one.record.kind,
                    "value": round(one.record.new, 1),
                    "previous": None if one.record.old is None else round(one.record.old, 1),
                    "unit": self.unit,
                }
                for one in self.prs
            ],
        }


def show(ctx: Context, date_text: str | None = None) -> ShowView:
    """One day as a workout card (default: the last leg day up to today)."""
    snapshot = ctx.store.read()
    today = ctx.today
    last_day = max((d for d in snapshot.leg_days if d <= today), default=None)
    day = parse_day(date_text, today) if date_text is not None else last_day
    unit = ctx.config.unit
    if day is None:
        return ShowView(None, [], 0, 0.0, 0.0, [], unit, None)
    entries = _day_entries(snapshot, day)
    working = [s for e in entries for s in strength.working_sets(e)]
    return ShowView(
        day,
        entries,
        len(working),
        sum(strength.set_volume(s, unit) for s in working),
        sum(strength.set_volume(s, "kg") for s in working),
        _day_records(snapshot, entries, day, unit, actions.strength_formula(ctx)),
        unit,
        last_day,
    )


def _day_records(
    snapshot: Snapshot,
    entries: list[Entry],
    day: date,
    unit: Unit,
    formula: strength.Formula,
) -> list[DayRecord]:
    """The records the day set, against every earlier date (as `log` announced them then)."""
    found: list[DayRecord] = []
    for name in dict.fromkeys(e.exercise for e in entries):
        # Only the earlier entries are decoded: the dates are known without decoding.
        dates = snapshot.rows.dates
        indices = [i for i in snapshot.indices_where(names={name}) if dates[i] < day]
        earlier = snapshot.rows.entries(indices)
        today_sets = tuple(s for e in entries if e.exercise == name for s in e.sets)
        whole_day = Entry("show", day, name, today_sets, entries[0].logged_at)
        for record in strength.records_broken(earlier, whole_day, unit, formula):
            found.append(DayRecord(name, record))
    return found


# ---------------------------------------------------------------------------- history


class HistoryPage(Value):
    entries: list[Entry]
    total: int  # how many match, shown or not

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


def history_page(
    ctx: Context,
    *,
    limit: int | None = None,
    show_all: bool = False,
    since_text: str | None = None,
    exercise: str | None = None,
    as_json: bool = False,
) -> HistoryPage:
    """`legday history`: the newest 20 unless --limit or --all. A JSON document is for
    scripts, so it holds every match unless --limit is given."""
    if show_all and limit is not None:
        raise UsageError("--all and --limit: choose one.")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {limit}.")
    if limit is None and not show_all and not as_json:
        limit = DEFAULT_HISTORY_LIMIT
    since = parse_day(since_text, ctx.today, what="--since date") if since_text else None
    snapshot = ctx.store.read()
    names = actions._exercise_filter(exercise, snapshot.exercise_names)
    matches = snapshot.indices_where(since=since, names=names)
    shown = matches if limit is None else actions.newest_dates_first(snapshot, matches, limit)
    entries = actions.history_order(snapshot.rows.entries(shown))[:limit]
    return HistoryPage(entries, len(matches))


# ---------------------------------------------------------------------------- weekly trend


class TrendWeek(Value):
    __slots__ = ("start", "top_weight", "top_reps", "best_e1rm", "sessions")

    def __init__(
        self,
        start: date,
        top_weight: float | None,
        top_reps: int | None,
        best_e1rm: float | None,
        sessions: int,
    ) -> None:
        self.start = start
        self.top_weight = top_weight
        self.top_reps = top_reps
        self.best_e1rm = best_e1rm
        self.sessions = sessions

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "top_weight": None if self.top_weight is None else round(self.top_weight, 1),
            "top_reps": self.top_reps,
            "best_e1rm": None if self.best_e1rm is None else round(self.best_e1rm, 1),
            "sessions": self.sessions,
        }


class TrendView(Value):
    exercise: str
    weeks: list[TrendWeek]
    unit: Unit
    formula: strength.Formula

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "unit": self.unit,
            "formula": self.formula,
            "weeks": [week.to_json() for week in self.weeks],
        }


def trend(ctx: Context, exercise: str, weeks: int) -> TrendView:
    """`prs EXERCISE --weeks N`: per week of the last N, the top set and best e1RM."""
    if not 1 <= weeks <= MAX_TREND_WEEKS:
        raise UsageError(f"--weeks must be from 1 to {MAX_TREND_WEEKS}, not {weeks}.")
    if not exercise.strip():
        raise UsageError(
            "--weeks charts one exercise: name it, e.g. `legday prs squat --weeks 26`."
        )
    snapshot = ctx.store.read()
    name = actions.logged_name(snapshot, exercise)
    if name is None:
        raise UsageError(f"no {exercise!r} logged yet; `legday prs` lists your exercises.")
    rules, today, unit = ctx.rules, ctx.today, ctx.config.unit
    formula = actions.strength_formula(ctx)
    this_week = habit.week_start_of(today, rules.week_start)
    first = this_week - timedelta(weeks=weeks - 1)
    by_week: dict[date, list[Entry]] = {}
    for entry in snapshot.entries_where(since=first, names={name}):
        if entry.date <= today:
            by_week.setdefault(habit.week_start_of(entry.date, rules.week_start), []).append(entry)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    rows = [_trend_week(start, by_week.get(start, []), unit, formula) for start in starts]
    return TrendView(name, rows, unit, formula)


def _trend_week(
    start: date, entries: list[Entry], unit: Unit, formula: strength.Formula
) -> TrendWeek:
    sets = [s for e in entries for s in strength.working_sets(e) if strength.is_rep_set(s)]
    loaded = [(load, s.reps or 0) for s in sets if (load := strength.set_load(s, unit)) is not None]
    top = max(loaded, default=None)
    return TrendWeek(
        start,
        None if top is None else top[0],
        None if top is None else top[1],
        strength.top_e1rm(sets, unit, formula),
        len({e.date for e in entries}),
    )
