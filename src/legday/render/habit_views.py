"""Rich views of the habit commands: `streak`, `stats` (and its SVG/HTML copy), `calendar` and
the dashboard that `legday` alone shows.

The numbers arrive computed (legday.actions builds the views); this module only rounds and
draws. Two sets of marks: Unicode blocks with colour where a person looks at a colour
terminal, plain ASCII otherwise (pipes, NO_COLOR, TERM=dumb), each view with a legend that
names its marks. Every line is laid out to fit the console width, down to 40 columns.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from legday.habit import WEEKDAY_NAMES, WeekStatus, week_start_of
from legday.record import Record
from legday.render import FIRST_LOG, describe_entry, info, plural, saved
from legday.render.console import fancy, make_console
from legday.render.layout import wrap
from legday.safe_text import safe_text
from legday.sets import format_set_specs
from legday.strength import format_weight

if TYPE_CHECKING:
    from legday.actions import CalendarView, DashboardView, StatsView, StreakView
    from legday.habit import StreakSummary
    from legday.model import Entry, Unit

NARROW = 60  # below this many columns the views switch to their compact layouts
SAVE_WIDTH = 80  # a saved chart has the same shape whatever terminal wrote it
GAP = "  "
MAX_BAR_SCALE = 4  # columns per leg day in the stats bars, at most
WEEKDAY_LABEL = 4  # "Mon " in front of each calendar row
# Working sets per day from which a calendar day gets the next shade (a typical leg day
# is 10–20 working sets, so the middle shades are the common ones).
HEAT_FLOORS = (1, 6, 11, 16)
_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)


class Marks(Record):
    """The characters one drawing style uses."""

    __slots__ = ("met", "missed", "rest", "open_week", "bar", "short", "goal", "no_leg_day", "heat")

    def __init__(
        self,
        *,
        met: str,
        missed: str,
        rest: str,
        open_week: str,
        bar: str,
        short: str,
        goal: str,
        no_leg_day: str,
        heat: tuple[str, str, str, str],
    ) -> None:
        self.met = met
        self.missed = missed
        self.rest = rest
        self.open_week = open_week
        self.bar = bar
        self.short = short
        self.goal = goal
        self.no_leg_day = no_leg_day
        self.heat = heat


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
HEAT_STYLES = ("color(22)", "color(28)", "color(34)", "color(40)")
LABEL, DIM, HINT, COMMAND = "bold", "dim", "bold", "cyan"


def marks_for(console: Console) -> Marks:
    return FANCY_MARKS if fancy(console) else PLAIN_MARKS


def _print_all(console: Console, parts: Iterable[RenderableType]) -> None:
    for part in parts:
        console.print(part)


# ---------------------------------------------------------------------------- small pieces


def _facts(rows: Sequence[tuple[str, Text]], width: int) -> list[Text]:
    """Label / value lines; a long value wraps inside its own column, never under the label.
    (Drawn line by line rather than as a rich.table grid: importing that costs more than
    the whole view.)"""
    label_width = max(len(label) for label, _ in rows)
    value_width = max(width - label_width - len(GAP), 1)
    lines: list[Text] = []
    for label, value in rows:
        for number, part in enumerate(_value_lines(value, value_width)):
            head = Text(label.ljust(label_width), style=LABEL) if number == 0 else " " * label_width
            lines.append(Text.assemble(head, GAP, part))
    return lines


def _value_lines(value: Text, width: int) -> list[Text]:
    """A value's own lines; an unstyled one-line value is wrapped at spaces to `width`."""
    if "\n" in value.plain or value.spans or value.style:
        return list(value.split("\n"))
    return [Text(part) for part in wrap(value.plain, width)]


def _line(*pieces: str | tuple[str, str]) -> Text:
    """One line that is cropped, never wrapped, if it does not fit (a wrapped chart row or
    calendar row would read as a different row)."""
    text = Text(no_wrap=True, overflow="crop")
    for piece in pieces:
        if isinstance(piece, tuple):
            text.append(piece[0], style=piece[1])
        else:
            text.append(piece)
    return text


def _legend(items: Sequence[Text], width: int, separator: str = GAP) -> list[Text]:
    """Items packed into lines of at most `width` columns, an item never split (a number
    wrapped away from its unit, or a mark from its meaning, would misread)."""
    lines: list[Text] = []
    current = Text()
    for item in items:
        if current.cell_len and current.cell_len + len(separator) + item.cell_len > width:
            lines.append(current)
            current = Text()
        if current.cell_len:
            current.append(separator)
        current.append_text(item)
    if current.cell_len:
        lines.append(current)
    return lines


def _key(mark: str, style: str, meaning: str) -> Text:
    return Text.assemble((mark, style), f" {meaning}")


def _days_ago(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _volume(value: float, unit: Unit) -> str:
    return f"{format_weight(value)} {unit}"


# ---------------------------------------------------------------------------- streak


def streak(view: StreakView) -> None:
    """`legday streak`: the streaks, this week, the last leg day, the 12-week strip, the hint."""
    console = make_console()
    _print_all(console, streak_parts(view, marks_for(console), console.width))


def streak_parts(view: StreakView, marks: Marks, width: int) -> list[RenderableType]:
    summary = view.summary
    rows = [
        ("Current streak", Text(plural(summary.current_streak_weeks, "week"))),
        ("Best streak", Text(plural(summary.best_streak_weeks, "week"))),
        ("This week", Text(this_week_text(summary))),
        ("Last leg day", Text(last_leg_day_text(summary))),
        ("Total", Text(plural(summary.total_leg_days, "leg day"))),
    ]
    strip_label = f"Last {plural(len(view.strip), 'week')}"
    # The legend sits in the value column, so it packs into what the labels leave over.
    value_width = width - max(len(label) for label, _ in [*rows, (strip_label, None)]) - 2
    strip = Text("\n").join([_strip(view.strip, marks), *_strip_legend(marks, value_width)])
    return [*_facts([*rows, (strip_label, strip)], width), Text(), Text(view.hint, style=HINT)]


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
    return f"{summary.last_leg_day.isoformat()}, {_days_ago(summary.last_leg_day, summary.as_of)}"


def _week_mark(week: WeekStatus, marks: Marks) -> tuple[str, str]:
    if week.skipped:
        return marks.rest, REST
    if week.met:
        return marks.met, MET
    if week.in_progress:
        return marks.open_week, OPEN
    if _blank(week):
        return " ", ""
    return marks.missed, MISSED


def _blank(week: WeekStatus) -> bool:
    """A week before the first leg day ever is drawn blank: neither met nor missed. (A rest
    mark on it, or this week itself, still shows.)"""
    return not week.started and not week.skipped and not week.in_progress


def _strip(weeks: Sequence[WeekStatus], marks: Marks) -> Text:
    """One mark per week, oldest first, this week last."""
    return _line(*(_week_mark(week, marks) for week in weeks))


def _strip_legend(marks: Marks, width: int) -> list[Text]:
    items = [
        _key(marks.met, MET, "met"),
        _key(marks.missed, MISSED, "missed"),
        _key(marks.rest, REST, "rest"),
        _key(marks.open_week, OPEN, "in progress"),
    ]
    return _legend(items, max(width, 1))


# ---------------------------------------------------------------------------- stats


def stats(view: StatsView) -> None:
    """`legday stats`: leg days per week as bars against the goal, then the averages."""
    console = make_console()
    _print_all(console, stats_parts(view, marks_for(console), console.width))


# The SVG page legday writes (Rich fills in the fields). Rich's own page pulls its font from a
# CDN; a file meant to be shared must open offline and load nothing, so this one names local
# monospace fonts only. `url(#...)` below refers to the page itself, never to the network.
SVG_PAGE = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
  <style>
  .{unique_id}-matrix {{
    font-family: ui-monospace, Menlo, "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace;
    font-size: {char_height}px;
    line-height: {line_height}px;
    font-variant-east-asian: full-width;
  }}
  .{unique_id}-title {{ font-size: 18px; font-weight: bold; font-family: sans-serif; }}
  {styles}
  </style>
  <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
  </defs>
  {chrome}
  <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">{matrix}</g>
  </g>
</svg>
"""
# Width over height of the fonts above (DejaVu Sans Mono and Menlo are about 0.6).
SVG_FONT_ASPECT = 0.6


def save_stats(view: StatsView, path: Path, *, force: bool = False) -> None:
    """Write the stats view to `path` as SVG (`.svg`) or else HTML, drawn with blocks and
    colour at SAVE_WIDTH columns, whatever the terminal: the file is meant to be shared.
    Written through legday.userfile, as every file a user names."""
    from legday.userfile import write_user_file

    write_user_file(path, stats_document(view, path.suffix).encode("utf-8"), force=force)
    saved(f"wrote the stats to {path}")
    info(f"Saved the stats to {path}")


def stats_document(view: StatsView, suffix: str) -> str:
    """The stats view as a self-contained SVG (`.svg`) or HTML page that loads nothing."""
    console = Console(
        file=io.StringIO(),  # the view goes to the file only; stdout may hold --json
        width=SAVE_WIDTH,
        record=True,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    _print_all(console, stats_parts(view, FANCY_MARKS, SAVE_WIDTH))
    if suffix.lower() == ".svg":
        return console.export_svg(
            title="legday stats", code_format=SVG_PAGE, font_aspect_ratio=SVG_FONT_ASPECT
        )
    return console.export_html(inline_styles=True)


def stats_parts(view: StatsView, marks: Marks, width: int) -> list[RenderableType]:
    weeks = view.summary.weeks
    title = f"{plural(len(weeks), 'week')} of leg days, goal {view.goal} a week"
    return [
        Text(title, style=LABEL),
        *_stats_legend(marks, width),
        *_chart(view, marks, width),
        Text(),
        *_facts(
            [
                ("Average", Text(f"{view.summary.average_per_week:.1f} leg days per week")),
                ("Consistency", Text(consistency_text(view))),
                ("Volume", Text(volume_text(view, width))),
            ],
            width,
        ),
    ]


def _stats_legend(marks: Marks, width: int) -> list[Text]:
    items = [
        _key(marks.bar, MET, "leg day"),
        _key(marks.short, DIM, "short of goal"),
        _key(marks.rest, REST, "rest week"),
        _key(marks.goal, LABEL, "goal"),
    ]
    return _legend(items, width)


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
    return f"{_volume(average, view.unit)} per week{between}({_volume(total, view.unit)} in {span})"


class _ChartLayout(Record):
    __slots__ = ("date_format", "date_width", "slots", "scale", "volume_width", "narrow")

    def __init__(
        self,
        date_format: str,
        date_width: int,
        slots: int,  # leg-day places per row: the goal or the busiest week, whichever is more
        scale: int,  # columns per leg day
        volume_width: int,
        narrow: bool,
    ) -> None:
        self.date_format = date_format
        self.date_width = date_width
        self.slots = slots
        self.scale = scale
        self.volume_width = volume_width
        self.narrow = narrow


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
    return _volume(view.volume.get(week.start, 0.0), view.unit)


def _week_note(in_progress: bool, *, narrow: bool) -> str:
    if in_progress:
        return "now" if narrow else "this week"
    return "rest"


def _chart(view: StatsView, marks: Marks, width: int) -> list[Text]:
    layout = _chart_layout(view, width)
    return [_chart_row(view, week, marks, layout) for week in view.summary.weeks]


def _chart_row(view: StatsView, week: WeekStatus, marks: Marks, layout: _ChartLayout) -> Text:
    day = week.start.strftime(layout.date_format)
    if _blank(week):
        return _line(day)
    row = _line(day.ljust(layout.date_width), GAP)
    row.append_text(_bar(week, view.goal, marks, layout))
    row.append(f"{GAP}{week.leg_days}{GAP}{_week_volume(view, week).rjust(layout.volume_width)}")
    if week.skipped or week.in_progress:
        row.append(GAP + _week_note(week.in_progress, narrow=layout.narrow), style=DIM)
    return row


def _bar(week: WeekStatus, goal: int, marks: Marks, layout: _ChartLayout) -> Text:
    """Filled places for leg days, `short` places up to the goal, and the goal mark after
    the goal's last place, so a met week's bar reaches or crosses the line."""
    fill_style = MET if week.met else OPEN if week.in_progress else MISSED
    bar = Text()
    for place in range(layout.slots):
        if place == goal:
            bar.append(marks.goal, style=LABEL)
        if place < week.leg_days:
            bar.append(marks.bar * layout.scale, style=fill_style)
        elif place < goal:
            gap = (marks.rest, REST) if week.skipped else (marks.short, DIM)
            bar.append(gap[0] * layout.scale, style=gap[1])
        else:
            bar.append(" " * layout.scale)
    if layout.slots == goal:
        bar.append(marks.goal, style=LABEL)
    return bar


# ---------------------------------------------------------------------------- calendar


def calendar(view: CalendarView) -> None:
    """`legday calendar`: the year as a heatmap, weeks as columns and weekdays as rows."""
    console = make_console()
    _print_all(console, calendar_parts(view, marks_for(console), console.width))


def calendar_parts(view: CalendarView, marks: Marks, width: int) -> list[RenderableType]:
    blocks, cell_width = calendar_blocks(view.year, view.week_start, width)
    parts: list[RenderableType] = [*calendar_title(view, width)]
    for first, last in blocks:
        if first > view.today:
            break  # a block still wholly to come would be empty
        parts.append(Text())
        parts.extend(_block(view, marks, first, last, cell_width))
    parts.append(Text())
    parts.extend(_calendar_legend(marks, width))
    return parts


def calendar_title(view: CalendarView, width: int) -> list[Text]:
    """`2024: 87 leg days, 1,234 working sets, 98,000 kg, 2 rest weeks`."""
    days = view.days.values()
    sets = sum(load.sets for load in days)
    volume = sum(load.volume for load in days)
    rest = sum(1 for start in view.rest_week_starts if _week_touches_year(start, view.year))
    facts = [
        f"{view.year}: {plural(len(view.days), 'leg day')}",
        f"{sets:,} working sets",
        _volume(volume, view.unit),
        plural(rest, "rest week"),
    ]
    lines = _legend([Text(fact) for fact in facts], width, separator=", ")
    return [Text.assemble(line, style=LABEL) for line in lines]


def _week_touches_year(start: date, year: int) -> bool:
    return start.year == year or (start + 6 * _DAY).year == year


def calendar_blocks(year: int, week_start: int, width: int) -> tuple[list[tuple[date, date]], int]:
    """The year cut into as few blocks of whole months as fit `width` (1, 2, 3, 4, 6 or 12),
    and the columns per day cell (2 when even that fits, else 1)."""
    for months in (12, 6, 4, 3, 2):
        blocks = _month_blocks(year, months)
        columns = max(_column_count(first, last, week_start) for first, last in blocks)
        for cell_width in (2, 1):
            if WEEKDAY_LABEL + columns * cell_width <= width:
                return blocks, cell_width
    return _month_blocks(year, 1), 1


def _month_blocks(year: int, months: int) -> list[tuple[date, date]]:
    blocks = []
    for first_month in range(1, 13, months):
        after = first_month + months
        last = date(year + 1, 1, 1) if after > 12 else date(year, after, 1)
        blocks.append((date(year, first_month, 1), last - _DAY))
    return blocks


def _column_count(first: date, last: date, week_start: int) -> int:
    return (week_start_of(last, week_start) - week_start_of(first, week_start)).days // 7 + 1


def _block(
    view: CalendarView, marks: Marks, first: date, last: date, cell_width: int
) -> list[Text]:
    starts = _column_starts(first, last, view.week_start)
    lines = [_month_labels(starts, first, last, cell_width)]
    for row in range(7):
        lines.append(_weekday_row(view, marks, starts, row, (first, last), cell_width))
    if first <= view.today <= last:
        lines.append(_today_line(starts, view.today, cell_width))
    return lines


def _column_starts(first: date, last: date, week_start: int) -> list[date]:
    start = week_start_of(first, week_start)
    return [start + column * _WEEK for column in range(_column_count(first, last, week_start))]


def _month_labels(starts: Sequence[date], first: date, last: date, cell_width: int) -> Text:
    """Each month's short name above the column holding its 1st day, when there is room."""
    line = ""
    for column, start in enumerate(starts):
        days = [start + offset * _DAY for offset in range(7)]
        month = next((day for day in days if day.day == 1 and first <= day <= last), None)
        position = WEEKDAY_LABEL + column * cell_width
        # One blank at least between two names.
        if month is not None and position > len(line):
            line = line.ljust(position) + month.strftime("%b")
    return _line(line)


def _weekday_row(
    view: CalendarView,
    marks: Marks,
    starts: Sequence[date],
    row: int,
    span: tuple[date, date],
    cell_width: int,
) -> Text:
    weekday = (view.week_start + row) % 7
    line = _line(WEEKDAY_NAMES[weekday][:3].capitalize().ljust(WEEKDAY_LABEL))
    for start in starts:
        day = start + row * _DAY
        mark, style = _day_cell(view, marks, day, span)
        if day == view.today and style:
            style = f"{style} reverse"
        line.append(mark, style=style)
        line.append(" " * (cell_width - 1))
    return line


def _day_cell(
    view: CalendarView, marks: Marks, day: date, span: tuple[date, date]
) -> tuple[str, str]:
    """The mark of one day: its shade when a leg day, rest, no leg day, or blank for days
    outside the block, days still to come and days before the habit started."""
    first, last = span
    if not first <= day <= last:
        return " ", ""
    load = view.days.get(day)
    if load is not None:
        level = heat_level(load.sets)
        return marks.heat[level], HEAT_STYLES[level]
    if day > view.today:
        return " ", ""
    if week_start_of(day, view.week_start) in view.rest_week_starts:
        return marks.rest, REST
    if view.first_week is None or day < view.first_week:
        return " ", ""  # before the week of the first leg day ever: nothing was missed yet
    return marks.no_leg_day, DIM


def heat_level(working_sets: int) -> int:
    """0–3: the shade of a leg day (a day of warm-ups only still shows as a leg day)."""
    return max(0, sum(1 for floor in HEAT_FLOORS if working_sets >= floor) - 1)


def _today_line(starts: Sequence[date], today: date, cell_width: int) -> Text:
    column = next(index for index, start in enumerate(starts) if start <= today < start + _WEEK)
    return _line(" " * (WEEKDAY_LABEL + column * cell_width), "^ today")


def _calendar_legend(marks: Marks, width: int) -> list[Text]:
    ranges = [f"{floor}-{following - 1}" for floor, following in pairwise(HEAT_FLOORS)]
    ranges.append(f"{HEAT_FLOORS[-1]}+")
    shades = [
        _key(mark, style, span)
        for mark, style, span in zip(marks.heat, HEAT_STYLES, ranges, strict=True)
    ]
    others = [
        _key(marks.no_leg_day, DIM, "no leg day"),
        _key(marks.rest, REST, "rest week"),
        _key("^", "", "today"),
    ]
    return [
        *_legend([Text("Working sets a day:"), *shades], width),
        *_legend(others, width),
    ]


# ---------------------------------------------------------------------------- dashboard


def dashboard(view: DashboardView) -> None:
    """`legday` alone: this week, the streak, the last session and a command to try; a
    welcome with the first command to type when nothing is logged yet."""
    console = make_console()
    parts = welcome_parts(view) if view.entries == 0 else dashboard_parts(view, console.width)
    _print_all(console, parts)


def welcome_parts(view: DashboardView) -> list[RenderableType]:
    goal = view.streak.summary.goal
    return [
        Text("Welcome to legday: make leg day a weekly habit.", style=HINT),
        Text("Log your first session:"),
        Text.assemble("  ", (FIRST_LOG, COMMAND)),
        Text(
            f"Your goal is {plural(goal, 'leg day')} a week; legday config set goal N changes it."
        ),
        Text("legday --help lists every command."),
    ]


def dashboard_parts(view: DashboardView, width: int) -> list[RenderableType]:
    summary = view.streak.summary
    streak_text = (
        f"{plural(summary.current_streak_weeks, 'week')} "
        f"(best {plural(summary.best_streak_weeks, 'week')})"
    )
    facts = _facts(
        [
            ("This week", Text(this_week_text(summary))),
            ("Streak", Text(streak_text)),
            ("Last session", Text(last_session_text(view.last_entry, summary.as_of))),
        ],
        width,
    )
    why, command = next_command(view)
    return [
        *facts,
        Text(view.streak.hint, style=HINT),
        Text(why),
        Text.assemble("  ", (command, COMMAND)),
    ]


def last_session_text(entry: Entry | None, today: date) -> str:
    if entry is None:
        return "none yet"
    return f"{describe_entry(entry)}, {entry.date.isoformat()} ({_days_ago(entry.date, today)})"


def next_command(view: DashboardView) -> tuple[str, str]:
    """What to run next: log (again) while the week is open, else a view worth a look."""
    week = view.streak.summary.this_week
    if week.skipped:
        return "Your year at a glance:", "legday calendar"
    if week.met:
        return "Your weeks so far:", "legday stats"
    return "Log a session:", repeat_command(view.last_entry)


def repeat_command(entry: Entry | None) -> str:
    """The command that logs `entry` again, so a routine is one copy away."""
    if entry is None:
        return FIRST_LOG
    try:
        specs = format_set_specs(entry.sets)
    except ValueError:  # sets the grammar cannot write back (an odd import): a plain example
        return FIRST_LOG
    name = " ".join(shlex.quote(word) for word in entry.exercise.split())
    return safe_text(" ".join(["legday log", name, *specs]))
