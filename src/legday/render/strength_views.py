"""Rich view of `legday prs`: records of every exercise, or one exercise with its progress.

Every weight arrives already converted to the display unit (legday.strength does that); this
module only rounds for display and lays things out so they still read at 40 columns.
"""

from __future__ import annotations

from datetime import date

from legday.render import FIRST_LOG, emit_json
from legday.safe_text import safe_text
from legday.sets import describe_seconds, format_sets
from legday.strength import (
    BestE1rm,
    ExerciseRecords,
    Formula,
    Heaviest,
    LongestHold,
    MostReps,
    SessionPoint,
    VolumeRecord,
    format_weight,
)

TYPE_CHECKING = False  # not `typing`'s: its import is a few ms of `prs` into a pipe
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from legday.actions import PrsView
    from legday.gym import TrendView, TrendWeek
    from legday.model import Entry, Unit

CHART_SESSIONS = 20  # more bars than this stop reading as a trend in a terminal
FALLBACK_MARK = "*"  # labels a session charted by its top-set weight (no e1RM that day)
MISSING = "—"
EXERCISE_COLUMN_WIDTH = 18  # longer names wrap so the table fits more often
NARROWEST_BAR = 4
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL_BLOCK = "█"
_ASCII_BLOCK = "#"
_FORMULA_NAMES: dict[Formula, str] = {"epley": "Epley", "brzycki": "Brzycki"}
_EMPTY_HINT = f"No records yet. Log a set to start one: {FIRST_LOG}"

_Dated = Heaviest | BestE1rm | MostReps | VolumeRecord | LongestHold


def prs(view: PrsView) -> None:
    """Print the records table, or one exercise's records, chart and recent sessions."""
    from legday.render.console import make_console  # Rich: only when drawing

    console = make_console()
    if view.exercise is None:
        _all_exercises(console, view.records, view.unit)
    else:
        _one_exercise(console, view)


# ---------------------------------------------------------------------------- all exercises


def _all_exercises(console: Console, records: Sequence[ExerciseRecords], unit: Unit) -> None:
    from rich.padding import Padding
    from rich.text import Text

    if not records:
        console.print(Text(_EMPTY_HINT))
        return
    console.print(Text(records_heading(records, unit), style="bold"))
    table = _records_table(records)
    if _natural_width(console, table) <= console.width:
        console.print(table)
    else:
        for one in records:
            console.print(Text(safe_text(one.exercise), style="bold"))
            grid = _key_values(record_rows(one, detailed=False))
            console.print(Padding(grid, (0, 0, 0, 2), expand=False))
    _bodyweight_note(console, records)


def records_heading(records: Sequence[ExerciseRecords], unit: Unit) -> str:
    return _heading("Personal records", unit, _formula_of(records))


def _records_table(records: Sequence[ExerciseRecords]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("exercise", max_width=EXERCISE_COLUMN_WIDTH)
    for header in _TABLE_HEADERS:
        table.add_column(header, no_wrap=True)
    with_holds = any(r.longest_hold is not None for r in records)
    if with_holds:
        table.add_column(_HOLD_HEADER, no_wrap=True)
    for one in records:
        cells = [_dated_cell(record, text) for record, text in _table_cells(one, with_holds)]
        table.add_row(Text(safe_text(one.exercise)), *cells)
    return table


_TABLE_HEADERS = ("heaviest", "best e1RM", "most reps", "best set\nvolume", "best session\nvolume")
_HOLD_HEADER = "longest\nhold"
# The same records, named in a list of what and value.
_RECORD_NAMES = ("heaviest", "best e1RM", "most reps", "set volume", "session volume")
_HOLD_NAME = "longest hold"


def _table_cells(
    one: ExerciseRecords, with_holds: bool, *, detailed: bool = False
) -> list[tuple[_Dated | None, str]]:
    """Each record of the table's row and its value, in the columns' order."""
    cells: list[tuple[_Dated | None, str]] = [
        (one.heaviest, _heaviest_text(one.heaviest, one.unit)),
        (one.best_e1rm, _e1rm_text(one.best_e1rm, one.unit, detailed=detailed)),
        (one.most_reps, _most_reps_text(one.most_reps, one.unit)),
        (one.best_set_volume, _volume_text(one.best_set_volume, one.unit)),
        (one.best_session_volume, _volume_text(one.best_session_volume, one.unit)),
    ]
    if with_holds:
        cells.append((one.longest_hold, _hold_text(one.longest_hold, one.unit)))
    return cells


def plain_table_width(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int | None:
    """What `_natural_width` measures of the records table (`plain_table`'s header and rows),
    for names and values of plain ASCII (and the dash and the times sign); None for anything
    else (Rich measures it)."""
    names = [row[0] for row in rows]
    if not all(name.isascii() and name.isprintable() for name in names):
        return None
    exercise = min(max(len(name) for name in [header[0], *names]), EXERCISE_COLUMN_WIDTH)
    widths = [exercise + 1]  # Rich pads a column 1 on each inner side
    for index in range(1, len(header)):
        # The longest line of the column: a header line, a value or its date under it, a dash.
        cells = [header[index], *(row[index] for row in rows)]
        longest = max(len(line) for cell in cells for line in cell.split("\n"))
        widths.append(longest + (1 if index == len(header) - 1 else 2))
    return sum(widths)


def plain_table(records: Sequence[ExerciseRecords]) -> tuple[list[str], list[list[str]]]:
    """The records table's header and rows as the text Rich lays out (a value and its date
    are two lines of one cell), for `rich_plain` to write it the same without Rich."""
    with_holds = any(r.longest_hold is not None for r in records)
    header = ["exercise", *_TABLE_HEADERS, *([_HOLD_HEADER] if with_holds else [])]
    rows = [
        [
            safe_text(one.exercise),
            *(
                MISSING if record is None else f"{text}\n{record.date.isoformat()}"
                for record, text in _table_cells(one, with_holds)
            ),
        ]
        for one in records
    ]
    return header, rows


def _dated_cell(record: _Dated | None, text: str) -> Text:
    """The value on one line and its date, dimmed, under it: narrower than side by side."""
    from rich.text import Text

    if record is None:
        return Text(MISSING, style="dim")
    return Text.assemble(text, "\n", (record.date.isoformat(), "dim"))


def _natural_width(console: Console, table: Table) -> int:
    """How wide the table is when nothing wraps (measured against a very wide page, because
    Rich clamps a measurement to the space it is given)."""
    from rich.measure import Measurement

    roomy = console.options.update_width(10_000)
    return Measurement.get(console, roomy, table).maximum


# ---------------------------------------------------------------------------- one exercise


def _one_exercise(console: Console, view: PrsView) -> None:
    from rich.text import Text

    name = safe_text(view.exercise or "")
    records = view.records[0] if view.records else None
    formula = _formula_of(view.records)
    console.print(Text(_heading(name, view.unit, formula), style="bold"))
    if records is None:
        console.print(Text(f"No working sets of {name} yet: warm-ups don't count for records."))
    else:
        console.print(_key_values(record_rows(records, detailed=True)))
    console.print()
    added_load = records is not None and records.bodyweight_only
    _progress_chart(console, view.progress, view.unit, added_load=added_load)
    if view.recent:
        console.print()
        _recent_sessions(console, view.recent)
    _bodyweight_note(console, view.records)


def record_rows(records: ExerciseRecords, *, detailed: bool) -> list[tuple[str, str]]:
    """The records of one exercise as (what, value and date): `detailed` for the one-exercise
    view, else for the list of every exercise."""
    cells = _table_cells(records, records.longest_hold is not None, detailed=detailed)
    names = (*_RECORD_NAMES, _HOLD_NAME)[: len(cells)]
    rows = [(name, _dated(record, text)) for name, (record, text) in zip(names, cells, strict=True)]
    if detailed:
        return rows
    # In the list of every exercise a dash per missing record is noise (a wall sit would
    # show five of them); the one-exercise view keeps them so the user sees what is absent.
    return [(key, value) for key, value in rows if value != MISSING]


def _key_values(rows: Iterable[tuple[str, str | Text]]) -> Table:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(Text(key), value if isinstance(value, Text) else Text(value))
    return grid


def _recent_sessions(console: Console, recent: Sequence[Entry]) -> None:
    from rich.text import Text

    console.print(Text("recent sessions", style="bold"))
    rows: list[tuple[str, str | Text]] = []
    for entry in recent:
        sets = Text(format_sets(entry.sets))
        if entry.note:
            sets.append(f"  ({safe_text(entry.note)})", style="italic")
        rows.append((entry.date.isoformat(), sets))
    console.print(_key_values(rows))


# ---------------------------------------------------------------------------- the chart


def chart_value(point: SessionPoint) -> tuple[float | None, bool]:
    """What a session is charted by, and whether that is the top-set weight standing in for
    an e1RM the session could not give (no sets of 1-12 reps with an external load)."""
    if point.best_e1rm is not None:
        return point.best_e1rm, False
    return point.top_weight, point.top_weight is not None


def bar_length(value: float, low: float, high: float, cells: int) -> float:
    """Bar length in cells. The scale starts below the lowest value by the spread of the values
    (never below zero for positive values), so the lowest bar is about half as long as the
    highest: changes of a few kilos stay visible without a near-empty bar faking a collapse."""
    spread = high - low
    base = low - spread
    if low >= 0:
        base = max(0.0, base)
    if high <= base:
        return float(cells)
    return cells * (value - base) / (high - base)


def draw_bar(length: float, *, unicode_blocks: bool) -> str:
    """Whole blocks plus an eighth-block tip on a fancy console; '#' per whole cell otherwise."""
    if not unicode_blocks:
        return _ASCII_BLOCK * max(1, round(length))
    whole = int(length)
    eighths = int((length - whole) * 8)
    tip = _EIGHTHS[eighths].strip()
    bar = _FULL_BLOCK * whole + tip
    return bar or _EIGHTHS[1]


def _progress_chart(
    console: Console, points: Sequence[SessionPoint], unit: Unit, *, added_load: bool
) -> None:
    """One bar per session (the last CHART_SESSIONS), labelled with its value."""
    from rich.text import Text

    shown = points[-CHART_SESSIONS:]
    charted = [(point.date, *chart_value(point)) for point in shown]
    values = [value for _, value, _ in charted if value is not None]
    if not values:
        console.print(Text("Nothing to chart yet: no loaded sets with reps."))
        return
    any_e1rm = any(value is not None and not stand_in for _, value, stand_in in charted)
    # Marks are needed only when e1RMs and stand-in weights share the chart.
    mixed = any_e1rm and any(stand_in for _, _, stand_in in charted)
    what = "best e1RM" if any_e1rm else "added load" if added_load else "top-set weight"
    last = f" (last {len(shown)})" if len(points) > len(shown) else ""
    console.print(Text(f"{what} per session, {unit}{last}", style="bold"))
    labels = [
        _chart_label(value, marked=mixed and stand_in, signed=added_load)
        for _, value, stand_in in charted
    ]
    label_width = max(len(label) for label in labels)
    rows = [
        (day, f" {label.rjust(label_width)} ", value, "yellow" if stand_in else "green")
        for (day, value, stand_in), label in zip(charted, labels, strict=True)
    ]
    _bar_rows(console, rows)
    if mixed:
        console.print(Text(f"{FALLBACK_MARK} top-set weight: no e1RM that session", style="dim"))


def _bar_rows(console: Console, rows: Sequence[tuple[date, str, float | None, str]]) -> None:
    """A chart's lines: each row's date (dimmed), its labels (as wide in every row) and a bar
    of its value in its style, in the width left; the scale spans all values (`bar_length`)."""
    from rich.text import Text

    from legday.render.console import fancy

    values = [value for _, _, value, _ in rows if value is not None]
    low, high = min(values), max(values)
    labels_width = max(len(labels) for _, labels, _, _ in rows)
    cells = max(NARROWEST_BAR, console.width - len(date.min.isoformat()) - labels_width)
    blocks = fancy(console)
    for day, labels, value, style in rows:
        line = Text.assemble((day.isoformat(), "dim"), labels)
        if value is not None:
            bar = draw_bar(bar_length(value, low, high, cells), unicode_blocks=blocks)
            line.append(bar, style=style)
        console.print(line, no_wrap=True, overflow="crop")


def _chart_label(value: float | None, *, marked: bool, signed: bool) -> str:
    if value is None:
        return MISSING
    text = format_weight(value)
    if signed and value >= 0:
        text = f"+{text}"
    return text + (FALLBACK_MARK if marked else "")


# ---------------------------------------------------------------------------- the words


def _heading(title: str, unit: Unit, formula: Formula | None) -> str:
    by = f", e1RM by {_FORMULA_NAMES[formula]}" if formula is not None else ""
    return f"{title} ({unit}{by})"


def _formula_of(records: Iterable[ExerciseRecords]) -> Formula | None:
    for one in records:
        if one.best_e1rm is not None:
            return one.best_e1rm.formula
    return None


def _dated(record: _Dated | None, text: str) -> str:
    return MISSING if record is None else f"{text} ({record.date.isoformat()})"


def load_text(weight: float | None, bodyweight: bool, unit: Unit) -> str:
    """'140 kg'; bodyweight sets show their added load as typed: 'bw+20 kg', 'bw-15 kg'."""
    if weight is None:
        return "bodyweight" if bodyweight else ""
    if not bodyweight:
        return f"{format_weight(weight)} {unit}"
    if format_weight(weight) == "0":
        return "bodyweight"
    sign = "-" if weight < 0 else "+"
    return f"bw{sign}{format_weight(abs(weight))} {unit}"


def _heaviest_text(record: Heaviest | None, unit: Unit) -> str:
    if record is None:
        return MISSING
    return f"{load_text(record.weight, record.bodyweight, unit)} × {record.reps}"


def _e1rm_text(record: BestE1rm | None, unit: Unit, *, detailed: bool = False) -> str:
    if record is None:
        return MISSING
    text = f"{format_weight(record.value)} {unit}"
    if detailed:
        # No spaces inside the set, so a narrow terminal never wraps it apart.
        text += f" from {format_weight(record.weight)}×{record.reps}"
    return text


def _most_reps_text(record: MostReps | None, unit: Unit) -> str:
    if record is None:
        return MISSING
    load = load_text(record.weight, record.bodyweight, unit)
    return f"{record.reps} @ {load}" if load else f"{record.reps} reps"


def _volume_text(record: VolumeRecord | None, unit: Unit) -> str:
    return MISSING if record is None else f"{format_weight(record.value)} {unit}"


def _hold_text(record: LongestHold | None, unit: Unit) -> str:
    if record is None:
        return MISSING
    held = describe_seconds(record.seconds)  # as `legday history` writes it
    load = load_text(record.weight, False, unit)
    return f"{held} @ {load}" if load else held


def _bodyweight_note(console: Console, records: Iterable[ExerciseRecords]) -> None:
    from rich.text import Text

    note = bodyweight_note(records)
    if note is not None:
        console.print(Text(note, style="dim"))


def bodyweight_note(records: Iterable[ExerciseRecords]) -> str | None:
    note = next((r.note for r in records if r.note is not None), None)
    return None if note is None else f"Note: {note}."


# ---------------------------------------------------------------------------- weekly trend


def trend(view: TrendView, *, as_json: bool) -> None:
    """One row per week: the top set and the best e1RM, with a bar for the e1RM whose scale
    starts near the range's floor (see `bar_length`), so a climb of a few kilos shows."""
    if as_json:
        emit_json(view.to_json())
        return
    from rich.text import Text

    from legday.render.console import make_console

    console = make_console()
    name = safe_text(view.exercise)
    console.print(
        Text(
            f"{name}: top set and best e1RM per week ({view.unit}, e1RM by "
            f"{_FORMULA_NAMES[view.formula]})",
            style="bold",
        )
    )
    values = [week.best_e1rm for week in view.weeks if week.best_e1rm is not None]
    if not values:
        console.print(Text(f"No loaded sets of {name} with 1-12 reps in these weeks."))
        return
    tops = [_top_text(week) for week in view.weeks]
    labels = [MISSING if w.best_e1rm is None else format_weight(w.best_e1rm) for w in view.weeks]
    top_width, label_width = max(len(t) for t in tops), max(len(label) for label in labels)
    rows = [
        (w.start, f" {top.ljust(top_width)} {label.rjust(label_width)} ", w.best_e1rm, "green")
        for w, top, label in zip(view.weeks, tops, labels, strict=True)
    ]
    _bar_rows(console, rows)


def _top_text(week: TrendWeek) -> str:
    if week.top_weight is None:
        return MISSING
    return f"{format_weight(week.top_weight)}×{week.top_reps}"
