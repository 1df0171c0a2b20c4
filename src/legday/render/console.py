"""One way to make a Rich console, honouring NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS."""

from __future__ import annotations

import sys

from rich.console import Console

from legday.render.terminal import color_allowed, color_forced, shows_color


def make_console(*, stderr: bool = False, record: bool = False) -> Console:
    forced = color_forced()
    stream = sys.stderr if stderr else sys.stdout
    plain = not shows_color(stream)
    return Console(
        file=stream,
        force_terminal=True if forced else None,
        no_color=not color_allowed(),
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        record=record,
        soft_wrap=False,
        legacy_windows=False,
    )


def fancy(console: Console) -> bool:
    """Unicode blocks and colour only where a person is looking at a colour terminal."""
    return console.is_terminal and console.color_system is not None
