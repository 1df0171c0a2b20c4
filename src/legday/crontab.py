"""`legday cron`: a crontab line that works in cron's bare environment."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from legday.errors import UsageError
from legday.paths import HOME_ENV, home_override

# cron numbers weekdays from 0 = Sunday.
_CRON_DAYS = {
    "sunday": 0,
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
}


def _parse_at(at: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", at)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise UsageError(f"--at takes a time HH:MM from 00:00 to 23:59, not {at!r}.")
    return int(match[1]), int(match[2])


def _parse_days(days: str) -> str:
    cleaned = days.strip().lower()
    if cleaned == "daily":
        return "*"
    if cleaned == "weekdays":
        return "1-5"
    numbers = [_cron_weekday(part.strip(), days) for part in cleaned.split(",")]
    return ",".join(str(n) for n in sorted(set(numbers)))


def _cron_weekday(name: str, days: str) -> int:
    """`mon`, `tues`, `monday` → cron's number; a name is 3+ letters of one weekday."""
    for full, number in _CRON_DAYS.items():
        if len(name) >= 3 and full.startswith(name):
            return number
    raise UsageError(
        f"--days takes daily, weekdays, or weekday names like mon,wed,fri; not {days!r}."
    )


def legday_command() -> list[str]:
    """How to run this very legday from anywhere: the console script's absolute path, or
    this interpreter with -m when started as `python -m legday`."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "legday" and script.exists():
        return [str(script.resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "legday"]


def _cron_escape(text: str) -> str:
    # cron turns an unescaped % into a newline.
    return text.replace("%", r"\%")


# Where the files are when LEGDAY_HOME is not set: platformdirs reads these, and cron's
# environment has none of what a login shell exports.
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME")


def _pinned_environment() -> list[str]:
    """`NAME=value` words that make cron find the store this shell finds."""
    home = home_override()
    if home is not None:
        return [f"{HOME_ENV}={shlex.quote(str(home))}"]
    return [
        f"{name}={shlex.quote(os.environ[name])}"
        for name in XDG_VARIABLES
        if os.environ.get(name, "").strip()
    ]


def crontab_line(at: str = "18:00", days: str = "daily") -> str:
    hour, minute = _parse_at(at)
    weekday_field = _parse_days(days)
    command = " ".join(shlex.quote(part) for part in [*legday_command(), "remind"])
    command = " ".join([*_pinned_environment(), command])
    comment = (
        "# legday: leg-day reminder (cron mails any output; legday is silent once the week is done)"
    )
    return f"{comment}\n{minute} {hour} * * {weekday_field} {_cron_escape(command)}"
