"""Rich's plain output of a simple table and of a wrapped line, without importing Rich.

Into a pipe, `exercises` printed a Rich table of the whole catalogue: importing Rich and
laying the table out was most of its time (about 9x `python -c pass` at 1k entries, against a
budget of 8x; docs/PERFORMANCE.md). For text Rich would write without styles (not a colour
terminal), a table of `Table(box=None, pad_edge=False, show_edge=False)` with string cells,
and a `Text` line, this module writes the same characters: the same column widths (Rich's
collapse of the widest wrapable columns), the same word wrap (`rich._wrap.divide_line`), the
same padding, at the width Rich takes (legday.render.terminal.plain_width). Anything outside
that (a terminal as stdout, a character that is not printable ASCII, markup, a word wider than
its column) answers None and the caller draws with Rich. tests/test_rich_plain.py holds both
to the same bytes.
"""

from __future__ import annotations

import itertools
import re
import sys

from legday.render.terminal import plain_width
from legday.safe_text import safe_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from legday.actions import ExercisesView, PrsView
    from legday.strength import ExerciseRecords

_WORD = re.compile(r"\s*\S+\s*")
_SAFE = re.compile(r"[ -Z\\^-~]*")  # printable ASCII without "[" and "]" (Rich markup)


def _breaks(text: str, room: int) -> list[int] | None:
    """Where rich._wrap.divide_line breaks `text` for `room` cells; None for a word wider
    than the room (Rich folds or crops it)."""
    found: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if room - offset >= length:
            offset += len(word)
        elif length > room:
            return None
        elif offset and start:
            found.append(start)
            offset = len(word)
    return found


def _wrapped(text: str, room: int) -> list[str] | None:
    """The lines of `text` wrapped as Rich's Text.wrap does (before justifying)."""
    lines: list[str] = []
    for line in text.split("\n"):
        breaks = _breaks(line, room)
        if breaks is None:
            return None
        bounds = [0, *breaks, len(line)]
        for start, end in itertools.pairwise(bounds):
            part = line[start:end]
            if len(part) > room:  # rstrip_end: only whitespace beyond the room goes
                kept = part.rstrip()
                part = part[: max(room, len(kept))]
            lines.append(part)
    return lines


def text_lines(text: str, room: int) -> list[str] | None:
    """`Console.print(Text(text))` at `room` columns, without styles: its lines."""
    if not _SAFE.fullmatch(text):
        return None
    lines = _wrapped(text, room)
    if lines is None or any(len(line) > room for line in lines):
        return None
    return lines


def _collapse(widths: list[int], limit: int) -> list[int]:
    """Rich's Table._collapse_widths with every column wrapable: the widest columns give up
    cells, down to the next widest, shared as rich._ratio.ratio_reduce rounds, until the
    table fits."""
    excess = sum(widths) - limit
    while excess > 0:
        widest = max(widths)
        second = max((w for w in widths if w != widest), default=0)
        if widest == second:
            break
        most, remaining, sharing = min(excess, widest - second), excess, widths.count(widest)
        reduced = []
        for width in widths:
            if width == widest:
                taken = min(most, round(remaining / sharing))
                remaining -= taken
                sharing -= 1
                width -= taken
            reduced.append(width)
        widths = reduced
        excess = sum(widths) - limit
    return widths


def table_lines(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    justify: Sequence[str],
    limit: int,
    max_widths: Sequence[int | None] | None = None,
) -> list[str] | None:
    """`Console.print(table)` at `limit` columns for a table of `header` and string `rows`
    (each column justified "left" or "right"; a cell's lines split at "\n"), without styles:
    its lines. `max_widths`: a column's `max_width` (None for none); such a table is only
    written when it fits as it is, since Rich then shares the width out otherwise."""
    count = len(header)
    everything = [list(header), *(list(row) for row in rows)]
    if count < 2 or any(len(row) != count for row in everything):
        return None
    if not all(_SAFE.fullmatch(cell.translate(_IN_CELL)) for row in everything for cell in row):
        return None
    pads = [(0 if i == 0 else 1, 0 if i == count - 1 else 1) for i in range(count)]
    widths = []
    for i in range(count):
        extra = sum(pads[i])
        most = max(len(line) for row in everything for line in row[i].split("\n")) + extra
        if max_widths is not None and max_widths[i] is not None:
            most = min(most, (max_widths[i] or 0) + extra)
        widths.append(min(most, limit) or 1)
    if sum(widths) > limit:
        if max_widths is not None:
            return None
        widths = _collapse(widths, limit)
        if sum(widths) > limit:
            return None  # Rich's last resort narrows every column: left to Rich
    out: list[str] = []
    for row in everything:
        cells = []
        for i, cell in enumerate(row):
            left, right = pads[i]
            room = widths[i] - left - right
            if room < 1:
                return None
            lines = _wrapped(cell, room)
            if lines is None:
                return None
            if justify[i] == "right":
                shaped = [line.rstrip().rjust(room) for line in lines]
            else:
                shaped = [line.ljust(room) for line in lines]
            cells.append([" " * left + line + " " * right for line in shaped])
        height = max(len(lines) for lines in cells)
        if row is everything[0]:  # Rich aligns the header's cells at the bottom, others at the top
            cells = [
                [" " * widths[i]] * (height - len(lines)) + lines for i, lines in enumerate(cells)
            ]
        for number in range(height):
            out.append(
                "".join(
                    lines[number] if number < len(lines) else " " * widths[i]
                    for i, lines in enumerate(cells)
                )
            )
    return out


# ---------------------------------------------------------------------------- exercises

EXERCISES_HEADER = ("exercise", "group", "aliases", "logged")


def exercise_rows(view: ExercisesView) -> list[tuple[str, str, str, str]]:
    """The catalogue as `exercises` lists it: name, group, the aliases a user types, and how
    often it was logged (blank for never)."""
    rows = []
    for exercise in view.catalog:
        count = view.logged.get(exercise.name, 0)
        aliases = ", ".join(a for a in exercise.aliases if a.islower() or a.isdigit())
        rows.append((exercise.name, exercise.group, aliases, str(count) if count else ""))
    return rows


def own_names(view: ExercisesView) -> str | None:
    """The line of logged names the catalogue does not know, with their counts."""
    known = {exercise.name for exercise in view.catalog}
    own = sorted(name for name in view.logged if name not in known)
    if not own:
        return None
    listed = ", ".join(f"{safe_text(name)} ({view.logged[name]})" for name in own)
    return f"Your own: {listed}"


def write_exercises(view: ExercisesView) -> bool:
    """Write `exercises` as Rich would into a pipe, without Rich; False when it cannot."""
    room = plain_width(sys.stdout)
    if room is None:
        return False
    justify = ("left", "left", "left", "right")
    lines = table_lines(EXERCISES_HEADER, exercise_rows(view), justify, room)
    own = own_names(view)
    if own is not None:
        lines = _with(lines, text_lines(own, room))
    return _write(lines)


# ---------------------------------------------------------------------------- prs


def write_prs(view: PrsView) -> bool:
    """Write `prs` (every exercise) as Rich would into a pipe: the records table when it fits
    the width, else each exercise's records listed under its name; False when Rich has to
    draw it (Rich's import was most of `prs` at 1k entries)."""
    from legday.render import strength_views as views

    room = plain_width(sys.stdout)
    records = view.records
    if room is None or view.exercise is not None or not records:
        return False
    header, rows = views.plain_table(records)
    natural = views.plain_table_width(header, rows)
    if natural is None:
        return False
    heading = views.records_heading(records, view.unit)
    lines = text_lines(heading, room)
    if natural <= room:  # the table, with the exercise column at most as wide as Rich's
        widest = [views.EXERCISE_COLUMN_WIDTH, *([None] * (len(header) - 1))]
        lines = _with(lines, table_lines(header, rows, ["left"] * len(header), room, widest))
    else:
        lines = _with(lines, _records_lists(records, room))
    note = views.bodyweight_note(records)
    if note is not None:
        lines = _with(lines, text_lines(note, room))
    return _write(lines)


def _with(lines: list[str] | None, more: list[str] | None) -> list[str] | None:
    return None if lines is None or more is None else lines + more


def _write(lines: list[str] | None) -> bool:
    """Write the lines to stdout; False (nothing written) when they are None."""
    if lines is None:
        return False
    sys.stdout.write("".join(line + "\n" for line in lines))
    return True


def _records_lists(records: Sequence[ExerciseRecords], room: int) -> list[str] | None:
    """Each exercise's name and, under it, its records as a grid of what and value."""
    from legday.render import strength_views as views

    lines: list[str] = []
    for one in records:
        name = text_lines(safe_text(one.exercise), room)
        pairs = views.record_rows(one, detailed=False)
        if name is None or not pairs:
            return None
        lines += name
        keys = max(len(key) for key, _ in pairs) + 2  # the grid's padding of 2
        values = max(len(value) for _, value in pairs)
        if 2 + keys + values > room:
            return None  # a value would fold
        for key, value in pairs:
            if not (_SAFE.fullmatch(key) and _SAFE.fullmatch(value.translate(_NARROW))):
                return None
            lines.append("  " + key.ljust(keys) + value.ljust(values))
    return lines


# Characters other than ASCII in the records' values, one cell wide each (as Rich counts).
_NARROW = str.maketrans({"×": "x", "—": "-", "–": "-"})
_IN_CELL = _NARROW | str.maketrans({"\n": " "})  # and a cell's lines
