"""What the output stream is, decided without Rich: its width, and whether it shows colour.

Rich costs tens of milliseconds to import; a view whose layout is legday's own (see
legday.render.layout) loads it only to colour the lines on a terminal that shows colour.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_WIDTH = 80
DEFAULT_HEIGHT = 24


def color_allowed() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return os.environ.get("TERM", "") != "dumb"


def color_forced() -> bool:
    return bool(os.environ.get("FORCE_COLOR")) and color_allowed()


def shows_color(stream: TextIO) -> bool:
    """True when `stream` is a terminal (or FORCE_COLOR says to act as one) and colour is
    allowed: the same rule make_console follows."""
    return color_allowed() and (color_forced() or stream.isatty())


def width_of(stream: TextIO) -> int:
    """COLUMNS when it is a positive number, else the terminal's width, else 80 (as Rich)."""
    return _from_environment("COLUMNS") or _terminal_size(stream).columns or DEFAULT_WIDTH


def height_of(stream: TextIO) -> int:
    """LINES when it is a positive number, else the terminal's height, else 24."""
    return _from_environment("LINES") or _terminal_size(stream).lines or DEFAULT_HEIGHT


def _from_environment(variable: str) -> int:
    """The variable's value when it is a number (with spaces around it or not), else 0."""
    text = os.environ.get(variable, "").strip()
    return int(text) if text.isdigit() else 0


def _terminal_size(stream: TextIO) -> os.terminal_size:
    """The size of the terminal `stream` writes to; 0 by 0 when it is not one."""
    try:
        return os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return os.terminal_size((0, 0))


def rich_width() -> int | None:
    """The width Rich gives a console: COLUMNS when it is all digits, else the size of the
    first of stdin, stdout and stderr that is a terminal, else 80 (None for COLUMNS=0)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or None
    for standard in (sys.__stdin__, sys.__stdout__, sys.__stderr__):
        try:
            return os.get_terminal_size(standard.fileno()).columns or DEFAULT_WIDTH  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            continue
    return DEFAULT_WIDTH


def plain_width(stream: TextIO) -> int | None:
    """The width Rich would draw at on `stream` when it would draw plain text there (not a
    terminal, nothing forcing one), else None."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return None  # Rich may take the stream for a terminal: let it decide
    isatty = getattr(stream, "isatty", None)
    if isatty is None or isatty():
        return None
    return rich_width()
