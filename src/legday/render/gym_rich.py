"""The gym lines on a colour terminal: the same words as the plain lines, with styles (the
stored line bold, a goal met green, PR lines yellow). Imported only where colour shows."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from legday.render.console import make_console
from legday.render.layout import Line


def write(lines: Sequence[Line]) -> None:
    console = make_console()
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)


def styled_text(lines: Sequence[Line], width: int) -> str:
    """The lines with their colours as terminal escapes, for a pager that shows them."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False, emoji=False)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    return buffer.getvalue()
