"""Long output on a terminal goes through a pager ($PAGER, else `less -FRX`); never when
piped, and never when the output fits the screen.

A pager that cannot start leaves the output to be printed as usual: reading history must not
fail because `less` is missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from legday.render.layout import Line, text_without_rich
from legday.render.terminal import height_of, width_of

DEFAULT_PAGER = "less"
LESS_DEFAULTS = "FRX"  # quit if one screen, keep colours, leave the text on screen


def page(lines: Sequence[Line]) -> bool:
    """Show `lines` through the pager when stdout is a terminal and they overflow it; False
    when they were not shown (the caller prints them)."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
    if not terminal or len(lines) < height_of(sys.stdout):
        return False
    command = os.environ.get("PAGER", "").strip() or DEFAULT_PAGER
    text = text_without_rich(lines)
    if text is None:
        text = styled_by_rich(lines, width_of(sys.stdout))
    return _run(command, text)


def styled_by_rich(lines: Sequence[Line], width: int) -> str:
    """The lines with their colours as terminal escapes, drawn by Rich."""
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False, emoji=False)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    return buffer.getvalue()


def _run(command: str, text: str) -> bool:
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULTS)
    sys.stdout.flush()
    try:
        # Through the shell, as git runs $PAGER: it may carry options (`less -S`).
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager early
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.wait()
        return True
    return code != 127  # 127: the shell found no such pager; print instead
