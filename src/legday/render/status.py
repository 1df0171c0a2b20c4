"""`legday status`: one short line for a shell prompt, tmux or a status bar.

    legs 1/1 ✓ 9w                      this week's goal met; 9-week streak
    legs 0/2 · 3d left · 9w at stake   2 leg days to go, 3 days left (today counts)
    legs rest · 9w                     a rest week

Plain ASCII (`ok` for ✓, `-` for ·) when the locale is not UTF-8, since a prompt cannot tell
what the terminal draws. `--format` replaces the line with the user's own, from the
placeholders below (`{{` and `}}` for literal braces).

This runs on every prompt, on the cron path's budget: it imports only `re` (already loaded by
legday.config on this path) and the light `legday.render` package.
"""

from __future__ import annotations

import os
import sys

from legday.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

# Placeholder → what it means (the table --help and the README show).
PLACEHOLDERS = {
    "done": "leg days this week",
    "goal": "leg days per week wanted",
    "needed": "leg days still to do this week (0 when not due)",
    "left": "days left in the week, today included",
    "streak": "current streak in weeks",
    "state": "due, met or rest",
    "mark": "✓ when met (ASCII: ok), ! when due, ~ in a rest week",
}


def _pieces(template: str) -> list[tuple[str, str]]:
    """The template in order as ("text", literal text) with `{{` and `}}` one brace each,
    ("field", name) for each `{name}`, and ("brace", brace) for a brace that pairs with
    nothing. A scanner, not `re`: status runs on every prompt, and importing re costs about
    1.5 ms of its budget."""
    pieces: list[tuple[str, str]] = []
    index, size = 0, len(template)
    while index < size:
        char = template[index]
        if template[index : index + 2] in ("{{", "}}"):
            pieces.append(("text", char))
            index += 2
        elif char == "{":
            closing = _next_brace(template, index + 1)
            if closing < size and template[closing] == "}":
                pieces.append(("field", template[index + 1 : closing]))
                index = closing + 1
            else:
                pieces.append(("brace", char))
                index += 1
        elif char == "}":
            pieces.append(("brace", char))
            index += 1
        else:
            end = _next_brace(template, index)
            pieces.append(("text", template[index:end]))
            index = end
    return pieces


def _next_brace(text: str, start: int) -> int:
    """The index of the first `{` or `}` at or after `start`, else len(text)."""
    found = [at for at in (text.find("{", start), text.find("}", start)) if at != -1]
    return min(found, default=len(text))


def unicode_locale(environ: Mapping[str, str] | None = None, *, utf8_mode: int = -1) -> bool:
    """Whether the locale's character set is UTF-8: LC_ALL, else LC_CTYPE, else LANG (the
    first one set decides, as for every program)."""
    env = os.environ if environ is None else environ
    if utf8_mode == -1:
        utf8_mode = sys.flags.utf8_mode
    names: tuple[str, ...] = ("LC_ALL", "LC_CTYPE", "LANG")
    if utf8_mode and env.get("PYTHONUTF8") != "1":
        # Python met a C/POSIX (or missing) locale at start-up and set LC_CTYPE=C.UTF-8 in
        # our own environment (PEP 538): that value is Python's, not the user's.
        names = ("LC_ALL", "LANG")
    for name in names:
        value = env.get(name, "")
        if value:
            charset = value.partition(".")[2].partition("@")[0].lower().replace("-", "")
            return charset == "utf8"
    return False


def state_of(document: Mapping[str, Any]) -> str:
    if document["due"]:
        return "due"
    if document["leg_days_this_week"] >= document["goal"]:
        return "met"
    return "rest"  # not due and not met: only a rest week is that


def values(document: Mapping[str, Any], *, unicode: bool) -> dict[str, str]:
    """Every placeholder's text for the `remind --json` document (plus current_streak_weeks)."""
    state = state_of(document)
    done, goal = document["leg_days_this_week"], document["goal"]
    marks = {"met": "✓" if unicode else "ok", "due": "!", "rest": "~"}
    return {
        "done": str(done),
        "goal": str(goal),
        "needed": str(goal - done if state == "due" else 0),
        "left": str(document["days_left_in_week"]),
        "streak": str(document["current_streak_weeks"]),
        "state": state,
        "mark": marks[state],
    }


def default_line(document: Mapping[str, Any], *, unicode: bool) -> str:
    fields = values(document, unicode=unicode)
    dot = " · " if unicode else " - "
    streak = int(fields["streak"])
    state = fields["state"]
    if state == "met":
        return f"legs {fields['done']}/{fields['goal']} {fields['mark']} {streak}w"
    if state == "rest":
        return f"legs rest{dot}{streak}w" if streak else "legs rest"
    line = f"legs {fields['done']}/{fields['goal']}{dot}{fields['left']}d left"
    return f"{line}{dot}{streak}w at stake" if streak else line


def check_format(template: str) -> None:
    """UsageError (exit 2) naming what is wrong with a --format template."""
    for kind, value in _pieces(template):
        if kind == "brace":
            raise UsageError(
                f"--format has an unmatched {value!r} in {template!r}; "
                "write {{ or }} for a literal brace."
            )
        if kind == "field" and value not in PLACEHOLDERS:
            known = ", ".join(f"{{{key}}}" for key in PLACEHOLDERS)
            raise UsageError(
                f"--format has an unknown placeholder {{{value}}}; use {known}, "
                "e.g. --format 'legs {done}/{goal} {mark}'."
            )


def formatted(template: str, document: Mapping[str, Any], *, unicode: bool) -> str:
    """The --format line; `template` has passed check_format (legday status checks it before
    reading the store)."""
    fields = values(document, unicode=unicode)
    return "".join(fields[value] if kind == "field" else value for kind, value in _pieces(template))
