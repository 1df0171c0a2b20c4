"""Rich views of the habit commands: `streak`, `stats` (and its SVG/HTML copy), `calendar` and
the dashboard that `legday` alone shows.

The numbers arrive computed (legday.actions builds the views); this module only rounds and
draws. The streak and stats lines are laid out by legday.render.habit_lines, which a pipe
takes without Rich; here they are handed to Rich. Two sets of marks: Unicode blocks with
colour where a person looks at a colour terminal, plain ASCII otherwise (pipes, NO_COLOR,
TERM=dumb), each view with a legend that names its marks. Every line is laid out to fit the
console width, down to 40 columns.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.text import Text

from legday.habit import WEEK, WEEKDAY_NAMES, week_start_of
from legday.render import FIRST_LOG, ago, describe_entry, info, plural, saved
from legday.render.console import fancy, make_console
from legday.render.habit_lines import (
    DIM,
    FANCY_MARKS,
    HINT,
    LABEL,
    PLAIN_MARKS,
    REST,
    Marks,
    Row,
    facts,
    key,
    legend,
    stats_rows,
    this_week_text,
    volume,
)
from legday.safe_text import safe_text
from legday.sets import format_set_specs

if TYPE_CHECKING:
    from legday.actions import CalendarView, DashboardView, StatsView
    from legday.model import Entry

SAVE_WIDTH = 80  # a saved chart has the same shape whatever terminal wrote it
WEEKDAY_LABEL = 4  # "Mon " in front of each calendar row
# Working sets per day from which a calendar day gets the next shade (a typical leg day
# is 10–20 working sets, so the middle shades are the common ones).
HEAT_FLOORS = (1, 6, 11, 16)
_DAY = timedelta(days=1)
HEAT_STYLES = ("color(22)", "color(28)", "color(34)", "color(40)")
COMMAND = "cyan"


def marks_for(console: Console) -> Marks:
    return FANCY_MARKS if fancy(console) else PLAIN_MARKS


def _print_all(console: Console, parts: Iterable[RenderableType]) -> None:
    for part in parts:
        console.print(part)


# ---------------------------------------------------------------------------- small pieces


def to_text(row: Row) -> Text:
    """One row of legday.render.habit_lines as Rich draws it."""
    if row.crop:
        text = Text(no_wrap=True, overflow="crop")
        for piece, style in row.pieces:
            text.append(piece, style=style)
        return text
    if len(row.pieces) == 1:
        piece, style = row.pieces[0]
        return Text(piece, style=style)
    return Text.assemble(*row.pieces)


def _texts(rows: Iterable[Row]) -> list[Text]:
    return [to_text(row) for row in rows]


def _line(text: str) -> Text:
    """One line that is cropped, never wrapped, if it does not fit (a wrapped chart row or
    calendar row would read as a different row)."""
    return Text(text, no_wrap=True, overflow="crop")


# ---------------------------------------------------------------------------- streak and stats


def draw(build: Callable[[Marks, int], list[Row]]) -> None:
    """`legday streak` or `legday stats` drawn by Rich: the rows `build` lays out for the
    console's marks and width (when legday.render.habit_lines cannot write them itself)."""
    console = make_console()
    _print_all(console, _texts(build(marks_for(console), console.width)))


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
    _print_all(console, _texts(stats_rows(view, FANCY_MARKS, SAVE_WIDTH)))
    if suffix.lower() == ".svg":
        return console.export_svg(
            title="legday stats", code_format=SVG_PAGE, font_aspect_ratio=SVG_FONT_ASPECT
        )
    return console.export_html(inline_styles=True)


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
    total_volume = sum(load.volume for load in days)
    rest = sum(1 for start in view.rest_week_starts if _week_touches_year(start, view.year))
    facts = [
        f"{view.year}: {plural(len(view.days), 'leg day')}",
        f"{sets:,} working sets",
        volume(total_volume, view.unit),
        plural(rest, "rest week"),
    ]
    lines = legend([[(fact, "")] for fact in facts], width, separator=", ")
    return [Text.assemble(*line, style=LABEL) for line in lines]


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
    return [start + column * WEEK for column in range(_column_count(first, last, week_start))]


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
    column = next(index for index, start in enumerate(starts) if start <= today < start + WEEK)
    return _line(" " * (WEEKDAY_LABEL + column * cell_width) + "^ today")


def _calendar_legend(marks: Marks, width: int) -> list[Text]:
    ranges = [f"{floor}-{following - 1}" for floor, following in pairwise(HEAT_FLOORS)]
    ranges.append(f"{HEAT_FLOORS[-1]}+")
    shades = [
        key(mark, style, span)
        for mark, style, span in zip(marks.heat, HEAT_STYLES, ranges, strict=True)
    ]
    others = [
        key(marks.no_leg_day, DIM, "no leg day"),
        key(marks.rest, REST, "rest week"),
        key("^", "", "today"),
    ]
    lines = [*legend([[("Working sets a day:", "")], *shades], width), *legend(others, width)]
    return [Text.assemble(*line) for line in lines]


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
    rows = facts(
        [
            ("This week", this_week_text(summary)),
            ("Streak", streak_text),
            ("Last session", last_session_text(view.last_entry, summary.as_of)),
        ],
        width,
    )
    why, command = next_command(view)
    return [
        *_texts(rows),
        Text(view.streak.hint, style=HINT),
        Text(why),
        Text.assemble("  ", (command, COMMAND)),
    ]


def last_session_text(entry: Entry | None, today: date) -> str:
    if entry is None:
        return "none yet"
    return f"{describe_entry(entry)}, {entry.date.isoformat()} ({ago((today - entry.date).days)})"


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
