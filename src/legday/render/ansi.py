"""Colour for legday's own lines on a terminal, without Rich, where Rich would write the same
bytes: a few named styles as SGR escapes, one pair around each styled piece, as Rich's
`Console.print(Text.assemble(*line), soft_wrap=True)` writes them.

Importing Rich to colour twenty history lines cost about 30 ms (2x `python -c pass`, most of
`history --limit 20` on a terminal; docs/PERFORMANCE.md). Anything outside what this module
knows (another style, a control character, an environment that changes what Rich does) is
left to Rich: `styled` answers None. tests/test_layout.py holds both to the same bytes.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from legday.render.layout import Line

# Rich writes a style's attributes in this order, then its colour.
_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "reverse": 7}
_COLOUR_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_COLOURS = {name: 30 + number for number, name in enumerate(_COLOUR_NAMES)}  # SGR 30-37
_CODES: dict[str, str | None] = {"": ""}


def _code(style: str) -> str | None:
    """The SGR parameters of `style` ("1;32" for "bold green"), "" for none, None when the
    style is not one this module writes."""
    try:
        return _CODES[style]
    except KeyError:
        pass
    words = style.split()
    attributes = sorted(_ATTRIBUTES[w] for w in words if w in _ATTRIBUTES)
    colours = [_COLOURS[w] for w in words if w in _COLOURS]
    known = len(attributes) + len(colours) == len(words) == len(set(words))
    code = ";".join(map(str, [*attributes, *colours])) if known and len(colours) <= 1 else None
    _CODES[style] = code
    return code


def _plain_environment() -> bool:
    """False where Rich's own reading of the environment may differ from legday's (its
    TTY_COMPATIBLE, an empty FORCE_COLOR, a TERM it calls dumb)."""
    environ = os.environ
    if "TTY_COMPATIBLE" in environ or environ.get("FORCE_COLOR") == "":
        return False
    return environ.get("TERM", "") not in ("dumb", "unknown")


def styled(lines: Sequence[Line]) -> str | None:
    """`lines` with their styles as terminal escapes, each line ending in a newline; None
    when Rich has to draw them."""
    if not _plain_environment():
        return None
    out: list[str] = []
    for line in lines:
        for text, style in line:
            code = _code(style)
            if code is None or not text.isprintable():
                return None
            if not text:
                continue  # Rich writes nothing for an empty piece, styled or not
            out.append(f"\x1b[{code}m{text}\x1b[0m" if code else text)
        out.append("\n")
    return "".join(out)
