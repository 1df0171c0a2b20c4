"""The lines of `streak` and `stats`, laid out by legday itself, without Rich.

Each view is a list of rows: (text, style) pieces and whether the row is cropped rather than
wrapped when it does not fit. When every row fits, legday writes them itself
(`write_without_rich`: plain into a pipe, with legday.render.ansi's escapes on a colour
terminal), which spares `streak` and `stats` Rich's import (about 30 ms, more than the rest of
the command at 10k entries; docs/PERFORMANCE.md). Otherwise legday.render.habit_views hands
the same pieces to Rich, so both draw the same words in the same places.
"""

from __future__ import annotations

import sys

from legday.render import ago, plural
from legday.render.layout import Line, text_without_rich, wrap
from legday.render.terminal import plain_width, rich_width, shows_color
from legday.strength import format_weight
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from legday.actions import StatsView, StreakView
    from legday.habit import StreakSummary, WeekStatus
    from legday.model import Unit

NARROW = 60  # below this many columns the views switch to their compact layouts
GAP = "  "
MAX_BAR_SCALE = 4  # columns per leg day in the stats bars, at most


class Row(Value):
    """One printed line: its pieces, and whether it is cropped (never wrapped) to the width
    (a wrapped chart row would read as another row)."""

    __slots__ = ("pieces", "crop")

    def __init__(self, pieces: Line, crop: bool = False) -> None:
        self.pieces = pieces
        self.crop = crop


class Marks(Value, kw_only=True):
    """The characters one drawing style uses."""

    met: str
    missed: str
    rest: str
    open_week: str
    bar: str
    short: str
    goal: str
    no_leg_day: str
    heat: tuple[str, str, str, str]


FANCY_MARKS = Marks(
    met="█",
    missed="░",
    rest="~",
    open_week="▄",
    bar="█",
    short="░",
    goal="│",
    no_leg_day="·",
    heat=("░", "▒", "▓", "█"),
)
PLAIN_MARKS = Marks(
    met="#",
    missed=".",
    rest="~",
    open_week="o",
    bar="#",
    short=".",
    goal="|",
    no_leg_day=".",
    heat=("-", "=", "*", "#"),
)
# Styles are dropped by the console when it draws without colour, so they are always given.
MET, MISSED, REST, OPEN = "green", "red", "blue", "yellow"
LABEL, DIM, HINT = "bold", "dim", "bold"

# What a line may hold for legday to write it as Rich would: printable ASCII, the marks of
# both styles and the few other characters legday's own words use, all one column wide.
_ONE_COLUMN = frozenset(chr(code) for code in range(0x20, 0x7F)) | frozenset("—…·█░▄│")


# ---------------------------------------------------------------------------- without Rich


def write(build: Callable[[Marks, int], list[Row]]) -> None:
    """Write the rows `build` lays out (`streak`, `stats`) to stdout: by legday itself where
    it can (`write_without_rich`), else by Rich (legday.render.habit_views.draw)."""
    if write_without_rich(build):
        return  # Rich stays unloaded
    from legday.render.habit_views import draw

    draw(build)


def write_without_rich(build: Callable[[Marks, int], list[Row]]) -> bool:
    """Write the rows `build` lays out to stdout as Rich would draw them (plain into a pipe,
    in colour on a colour terminal) when every row fits as it is and Rich would write the
    same bytes; False, with nothing written, when Rich must draw them. Saves Rich's import:
    about 30 ms, twice `python -c pass` (docs/PERFORMANCE.md)."""
    colour = shows_color(sys.stdout)
    width = rich_width() if colour else plain_width(sys.stdout)
    if width is None:
        return False
    rows = build(FANCY_MARKS if colour else PLAIN_MARKS, width)
    texts = ["".join(piece for piece, _ in row.pieces) for row in rows]
    if any(len(text) > width or not _ONE_COLUMN.issuperset(text) for text in texts):
        return False  # Rich would wrap or crop it, or measure it otherwise
    drawn = text_without_rich([row.pieces for row in rows])
    if drawn is None:
        return False
    sys.stdout.write(drawn)
    return True


# ---------------------------------------------------------------------------- small pieces


def facts(rows: Sequence[tuple[str, str | list[Line]]], width: int) -> list[Row]:
    """Label / value lines; a long value wraps inside its own column, never under the label.
    A value is one string (wrapped at spaces to fit, or split at its own line breaks) or
    lines of pieces (kept as they are)."""
    label_width = max(len(label) for label, _ in rows)
    value_width = max(width - label_width - len(GAP), 1)
    lines: list[Row] = []
    for label, value in rows:
        for number, part in enumerate(_value_lines(value, value_width)):
            head = (label.ljust(label_width), LABEL) if number == 0 else (" " * label_width, "")
            lines.append(Row([head, (GAP, ""), *part]))
    return lines


def _value_lines(value: str | list[Line], width: int) -> list[Line]:
    if not isinstance(value, str):
        return value
    if "\n" in value:
        return [[(part, "")] for part in value.split("\n")]
    return [[(part, "")] for part in wrap(value, width)]


def cell_len(line: Line) -> int:
    return sum(len(text) for text, _ in line)  # every mark legday draws is one column


def legend(items: Sequence[Line], width: int, separator: str = GAP) -> list[Line]:
    """Items packed into lines of at most `width` columns, an item never split (a number
    wrapped away from its unit, or a mark from its meaning, would misread)."""
    lines: list[Line] = []
    current: Line = []
    for item in items:
        if current and cell_len(current) + len(separator) + cell_len(item) > width:
            lines.append(current)
            current = []
        if current:
            current.append((separator, ""))
        current.extend(item)
    if current:
        lines.append(current)
    return lines


def key(mark: str, style: str, meaning: str) -> Line:
    return [(mark, style), (f" {meaning}", "")]


def volume(value: float, unit: Unit) -> str:
    return f"{format_weight(value)} {unit}"


# ---------------------------------------------------------------------------- streak


def streak_rows(view: StreakView, marks: Marks, width: int) -> list[Row]:
    """`legday streak`: the streaks, this week, the last leg day, the 12-week strip, the hint."""
    summary = view.summary
    rows: list[tuple[str, str | list[Line]]] = [
        ("Current streak", plural(summary.current_streak_weeks, "week")),
        ("Best streak", plural(summary.best_streak_weeks, "week")),
        ("This week", this_week_text(summary)),
        ("Last leg day", last_leg_day_text(summary)),
        ("Total", plural(summary.total_leg_days, "leg day")),
    ]
    strip_label = f"Last {plural(len(view.strip), 'week')}"
    # The legend sits in the value column, so it packs into what the labels leave over.
    value_width = width - max(len(label) for label, _ in [*rows, (strip_label, None)]) - 2
    # One mark per week, oldest first, this week last.
    strip = [[_week_mark(week, marks) for week in view.strip], *_strip_legend(marks, value_width)]
    return [*facts([*rows, (strip_label, strip)], width), Row([]), Row([(view.hint, HINT)])]


def this_week_text(summary: StreakSummary) -> str:
    """`1 of 2 leg days, 3 days left` (with `goal met` or `rest week` when so)."""
    week = summary.this_week
    parts = [f"{week.leg_days} of {plural(summary.goal, 'leg day')}"]
    if week.skipped:
        parts.append("rest week")
    elif week.met:
        parts.append("goal met")
    left = summary.days_left_in_week
    parts.append("last day today" if left == 1 else f"{left} days left")
    return ", ".join(parts)


def last_leg_day_text(summary: StreakSummary) -> str:
    if summary.last_leg_day is None:
        return "none yet"
    days = (summary.as_of - summary.last_leg_day).days
    return f"{summary.last_leg_day.isoformat()}, {ago(days)}"


def _week_mark(week: WeekStatus, marks: Marks) -> tuple[str, str]:
    if week.skipped:
        return marks.rest, REST
    if week.met:
        return marks.met, MET
    if week.in_progress:
        return marks.open_week, OPEN
    if blank(week):
        return " ", ""
    return marks.missed, MISSED


def blank(week: WeekStatus) -> bool:
    """A week before the first leg day ever is drawn blank: neither met nor missed. (A rest
    mark on it, or this week itself, still shows.)"""
    return not week.started and not week.skipped and not week.in_progress


def _strip_legend(marks: Marks, width: int) -> list[Line]:
    items = [
        key(marks.met, MET, "met"),
        key(marks.missed, MISSED, "missed"),
        key(marks.rest, REST, "rest"),
        key(marks.open_week, OPEN, "in progress"),
    ]
    return legend(items, max(width, 1))


# ---------------------------------------------------------------------------- stats


def stats_rows(view: StatsView, marks: Marks, width: int) -> list[Row]:
    """`legday stats`: leg days per week as bars against the goal, then the averages."""
    weeks = view.summary.weeks
    title = f"{plural(len(weeks), 'week')} of leg days, goal {view.goal} a week"
    return [
        Row([(title, LABEL)]),
        *(Row(line) for line in _stats_legend(marks, width)),
        *_chart(view, marks, width),
        Row([]),
        *facts(
            [
                ("Average", f"{view.summary.average_per_week:.1f} leg days per week"),
                ("Consistency", consistency_text(view)),
                ("Volume", volume_text(view, width)),
            ],
            width,
        ),
    ]


def _stats_legend(marks: Marks, width: int) -> list[Line]:
    items = [
        key(marks.bar, MET, "leg day"),
        key(marks.short, DIM, "short of goal"),
        key(marks.rest, REST, "rest week"),
        key(marks.goal, LABEL, "goal"),
    ]
    return legend(items, width)


def consistency_text(view: StatsView) -> str:
    """`82% (9 of 11 weeks met)`; weeks before the first leg day, rest weeks and an unfinished
    week do not count (`WeekStatus.judged`)."""
    consistency = view.summary.consistency
    if consistency is None:
        return "no finished week to judge yet"
    counted = [week for week in view.summary.weeks if week.judged]
    met = sum(1 for week in counted if week.met)
    return f"{consistency:.0%} ({met} of {plural(len(counted), 'week')} met)"


def volume_text(view: StatsView, width: int) -> str:
    """`1,208 kg per week (14,500 kg in 12 weeks)`, over every week shown since the first leg
    day; on two lines when narrow, so no number wraps away from its unit."""
    weeks = [week for week in view.summary.weeks if week.started]
    total = sum(view.volume.get(week.start, 0.0) for week in weeks)
    average = total / len(weeks) if weeks else 0.0
    span = plural(len(weeks), "week")
    between = "\n" if width < NARROW else " "
    return f"{volume(average, view.unit)} per week{between}({volume(total, view.unit)} in {span})"


class _ChartLayout(Value):
    date_format: str
    date_width: int
    slots: int  # leg-day places per row: the goal or the busiest week, whichever is more
    scale: int  # columns per leg day
    volume_width: int
    narrow: bool


def _chart_layout(view: StatsView, width: int) -> _ChartLayout:
    weeks = view.summary.weeks
    narrow = width < NARROW
    date_format, date_width = ("%b %d", 6) if narrow else ("%Y-%m-%d", 10)
    volume_width = max((len(_week_volume(view, week)) for week in weeks), default=0)
    slots = max(view.goal, *(week.leg_days for week in weeks))
    note_width = len(_week_note(True, narrow=narrow))
    # date, bar and its goal mark, count (one digit: a week has 7 days), volume, note
    fixed = date_width + len(GAP) + 1 + len(GAP) + 1 + len(GAP) + volume_width + len(GAP)
    scale = max(1, min(MAX_BAR_SCALE, (width - fixed - note_width) // slots))
    return _ChartLayout(date_format, date_width, slots, scale, volume_width, narrow)


def _week_volume(view: StatsView, week: WeekStatus) -> str:
    return volume(view.volume.get(week.start, 0.0), view.unit)


def _week_note(in_progress: bool, *, narrow: bool) -> str:
    if in_progress:
        return "now" if narrow else "this week"
    return "rest"


def _chart(view: StatsView, marks: Marks, width: int) -> list[Row]:
    layout = _chart_layout(view, width)
    return [Row(_chart_row(view, week, marks, layout), crop=True) for week in view.summary.weeks]


def _chart_row(view: StatsView, week: WeekStatus, marks: Marks, layout: _ChartLayout) -> Line:
    day = week.start.strftime(layout.date_format)
    if blank(week):
        return [(day, "")]
    row: Line = [(day.ljust(layout.date_width), ""), (GAP, "")]
    row.extend(_bar(week, view.goal, marks, layout))
    count = f"{GAP}{week.leg_days}{GAP}{_week_volume(view, week).rjust(layout.volume_width)}"
    row.append((count, ""))
    if week.skipped or week.in_progress:
        row.append((GAP + _week_note(week.in_progress, narrow=layout.narrow), DIM))
    return row


def _bar(week: WeekStatus, goal: int, marks: Marks, layout: _ChartLayout) -> Line:
    """Filled places for leg days, `short` places up to the goal, and the goal mark after
    the goal's last place, so a met week's bar reaches or crosses the line."""
    fill_style = MET if week.met else OPEN if week.in_progress else MISSED
    bar: Line = []
    for place in range(layout.slots):
        if place == goal:
            bar.append((marks.goal, LABEL))
        if place < week.leg_days:
            bar.append((marks.bar * layout.scale, fill_style))
        elif place < goal:
            gap = (marks.rest, REST) if week.skipped else (marks.short, DIM)
            bar.append((gap[0] * layout.scale, gap[1]))
        else:
            bar.append((" " * layout.scale, ""))
    if layout.slots == goal:
        bar.append((marks.goal, LABEL))
    return bar
