"""Dates as users type them: YYYY-MM-DD, today, yesterday, a weekday name, or -N days ago."""

from __future__ import annotations

from datetime import date, timedelta

from legday.errors import UsageError
from legday.habit import WEEKDAY_NAMES as _WEEKDAYS

DATE_FORMS = "YYYY-MM-DD, today, yesterday, a weekday (mon, monday) or -N (N days ago)"
MAX_DAYS_AGO = 36500
# No date before this is taken, typed or imported: nobody logged a squat before 1900, and the
# week arithmetic near year 1 would fail after the entry was written.
FIRST_DATE = date(1900, 1, 1)
MAX_PLANNED_DAYS = 366  # the furthest a rest week can be planned (habit.MAX_REST_DAYS_AHEAD)


def weekday_index(text: str) -> int | None:
    """Monday = 0 for `mon`, `tues`, `monday`...: 3 or more letters of one weekday."""
    for index, name in enumerate(_WEEKDAYS):
        if len(text) >= 3 and name.startswith(text):
            return index
    return None


def parse_day(text: str, today: date, *, what: str = "date") -> date:
    """The date `text` names, relative to `today`; future dates are refused (exit 2)."""
    cleaned = text.strip().lower()
    day = _parse(cleaned, today)
    if day is None:
        raise UsageError(f"can't read {what} {text!r}; use {DATE_FORMS}.")
    if day > today:
        raise UsageError(
            f"{what} {text!r} is in the future ({day.isoformat()}); legday records what you did."
        )
    if day < FIRST_DATE:
        named = "" if cleaned == day.isoformat() else f" ({day.isoformat()})"
        raise UsageError(
            f"{what} {text!r}{named} is before {FIRST_DATE.isoformat()}; "
            f"legday takes dates from {FIRST_DATE.year} on."
        )
    return day


# Words for a day, as days from today.
_DAY_WORDS = {"today": 0, "yesterday": -1}


def _parse(
    cleaned: str, today: date, words: dict[str, int] = _DAY_WORDS, signs: str = "-"
) -> date | None:
    """The day `cleaned` names: one of `words`, N days back (-N) or ahead (+N) where `signs`
    has that sign, the latest such weekday before today, or YYYY-MM-DD; None for any other."""
    import re  # here, not at the top: most commands never read a typed date

    if cleaned in words:
        return today + timedelta(days=words[cleaned])
    if cleaned[:1] in signs and re.fullmatch(r"[-+]\d{1,6}", cleaned):
        days = int(cleaned)
        return today + timedelta(days=days) if abs(days) <= MAX_DAYS_AGO else None
    weekday = weekday_index(cleaned)
    if weekday is not None:
        # The most recent such day, today excluded: "mon" on a Monday means a week ago.
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            return None
    return None


# --- rest-week dates: the future and ranges are allowed ---------------------------------------

REST_DATE_FORMS = (
    "a day (YYYY-MM-DD, today, yesterday, tomorrow, a weekday, -N or +N days), "
    "this/last/next week, or a range D..D"
)
# `next week` stands for a day in it, today + 7.
_PLANNED_WORDS = {**_DAY_WORDS, "tomorrow": 1, "this week": 0, "last week": -7, "next week": 7}


def parse_day_range(text: str, today: date) -> tuple[date, date]:
    """The first and last day `text` names for `skip`/`unskip`: one day, `D..D`, or a week
    word (`next week` stands for a day in it, today + 7). Unlike `parse_day`, future days are
    taken: a holiday can be planned. Refused (exit 2): unreadable forms and a range that
    ends before it starts."""
    first_text, dots, last_text = text.partition("..")
    first = _planned_day(first_text, text, today)
    if not dots:
        return first, first
    last = _planned_day(last_text, text, today)
    if last < first:
        raise UsageError(
            f"the range {text.strip()!r} ends before it starts; write the earlier day first "
            f"({last.isoformat()}..{first.isoformat()})."
        )
    return first, last


def _planned_day(part: str, whole: str, today: date) -> date:
    day = _parse(" ".join(part.lower().split()), today, _PLANNED_WORDS, signs="+-")
    if day is None:
        raise UsageError(f"can't read {whole.strip()!r}; use {REST_DATE_FORMS}.")
    if day < FIRST_DATE:
        raise UsageError(
            f"{part.strip()!r} is before {FIRST_DATE.isoformat()}; "
            f"legday takes dates from {FIRST_DATE.year} on."
        )
    if day > today + timedelta(days=MAX_PLANNED_DAYS):
        raise UsageError(
            f"{part.strip()!r} is more than a year ahead; plan rest weeks up to "
            f"{(today + timedelta(days=MAX_PLANNED_DAYS)).isoformat()}."
        )
    return day
