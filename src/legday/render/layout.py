"""Plain-text tables laid out by legday itself (no Rich), styled only where colour shows.

A table here is a header and rows of strings. Columns are as wide as their widest cell and
two spaces apart; when that is wider than the stream, one chosen column is narrowed and its
cells wrapped at spaces. The result is a list of lines, each a list of (text, style) pieces:
`write_lines` prints the text alone, or hands the pieces to Rich on a colour terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from legday.render.terminal import shows_color

GAP = "  "
Piece = tuple[str, str]  # text and a Rich style ("" for none)
Line = list[Piece]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces (a word longer than
    the width is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int,
    wrap_column: int,
    styles: Sequence[str],
    header_style: str = "bold",
) -> list[Line]:
    """The lines of a table at most `width` wide where the widths allow (only `wrap_column`
    narrows, down to its longest word)."""
    everything = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in everything) for i in range(len(header))]
    others = sum(widths) - widths[wrap_column] + len(GAP) * (len(widths) - 1)
    longest_word = max(len(word) for row in everything for word in row[wrap_column].split(" "))
    widths[wrap_column] = max(min(widths[wrap_column], width - others), longest_word, 1)
    lines = _row_lines(header, widths, wrap_column, [header_style] * len(header))
    for row in rows:
        lines.extend(_row_lines(row, widths, wrap_column, styles))
    return lines


def _row_lines(
    cells: Sequence[str], widths: Sequence[int], wrap_column: int, styles: Sequence[str]
) -> list[Line]:
    wrapped = [
        wrap(cell, widths[i]) if i == wrap_column else [cell] for i, cell in enumerate(cells)
    ]
    lines: list[Line] = []
    for number in range(max(len(parts) for parts in wrapped)):
        line: Line = []
        for i, parts in enumerate(wrapped):
            text = parts[number] if number < len(parts) else ""
            if i > 0:
                line.append((GAP, ""))
            line.append((text.ljust(widths[i]), styles[i]))
        lines.append(_without_trailing_space(line))
    return lines


def _without_trailing_space(line: Line) -> Line:
    while line and not line[-1][0].strip():
        line.pop()
    if line:
        text, style = line[-1]
        line[-1] = (text.rstrip(), style)
    return line


def text_without_rich(lines: Sequence[Line]) -> str | None:
    """What stdout shows of `lines`, each ending in a newline, when legday can write it
    itself: the text alone where colour does not show, else legday.render.ansi's escapes,
    the bytes Rich writes; None when Rich has to draw them."""
    if not shows_color(sys.stdout):
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from legday.render.ansi import styled

    return styled(lines)


def write_lines(lines: Sequence[Line]) -> None:
    text = text_without_rich(lines)
    if text is not None:
        sys.stdout.write(text)  # Rich stays unloaded
        return
    from rich.text import Text

    from legday.render.console import make_console

    console = make_console()
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
