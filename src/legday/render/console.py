"""One way to make a Rich console, honouring NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS."""

from __future__ import annotations

import sys

from rich.console import Console

from legday.render.terminal import color_allowed, color_forced, shows_color


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich's own answer is SystemExit(1); a reader that left (`legday prs | head -1`) is
        # the exit point's quiet exit 0 (legday.exit), as for a plain print.
        self.quiet = True
        raise BrokenPipeError


def make_console(*, stderr: bool = False, record: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return _Console(
        file=stream,
        force_terminal=True if color_forced() else None,
        no_color=not color_allowed(),
        color_system="auto" if shows_color(stream) else None,
        highlight=False,
        emoji=False,
        record=record,
        soft_wrap=False,
        legacy_windows=False,
    )


def fancy(console: Console) -> bool:
    """Unicode blocks and colour only where a person is looking at a colour terminal."""
    return console.is_terminal and console.color_system is not None
