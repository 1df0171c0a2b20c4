"""What the output stream is, decided without Rich: its width, and whether it shows colour.

Rich costs tens of milliseconds to import; a view whose layout is legday's own (see
legday.render.layout) loads it only to colour the lines on a terminal that shows colour.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_WIDTH = 80


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
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH
