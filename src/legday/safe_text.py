"""User data made harmless for a terminal: control characters shown, never obeyed.

Exercise names, notes and reminders can come from an import or a hand-edited config, and a raw
ESC in them would let a file clear the screen, retitle the window or plant a link when
`legday history` prints it. Rich's own helpers (rich.control.strip_control_codes and
escape_control_codes) only cover BEL, BS, VT, FF and CR, and Rich prints ESC through, so
legday has this one function for every human view, the Typer-free ones (history, remind)
included. It imports nothing: the cron path pays a table lookup and no more.

JSON output is never passed through here: it carries the data exactly.
"""

from __future__ import annotations

# Line breaks and tabs become spaces (a note stays one readable line); every other C0
# control, DEL and the C1 controls (0x80-0x9F: CSI and OSC on some terminals) are shown
# as \xNN, the way Python writes them.
_WHITESPACE = {0x09: " ", 0x0A: " ", 0x0D: " "}
_TABLE: dict[int, str] = {}


def safe_text(text: str) -> str:
    """`text` with its control characters written out (see the module docstring)."""
    if text.isprintable():  # the usual case, decided in C
        return text
    if not _TABLE:
        codes = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
        _TABLE.update({code: _WHITESPACE.get(code, f"\\x{code:02x}") for code in codes})
    return text.translate(_TABLE)
