"""Dates as users type them: YYYY-MM-DD, today, yesterday, a weekday name, or -N days ago."""

from __future__ import annotations

from datetime import date, timedelta

from legday.errors import UsageError

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_FORMS = "YYYY-MM-DD, today, yesterday, a weekday (mon, monday) or -N (N days ago)"
MAX_DAYS_AGO = 36500
# No date before this is taken, typed or imported: nobody logged a squat before 1900, and the
# week arithmetic near year 1 would fail after the entry was written.
FIRST_DATE = date(1900, 1, 1)


def _weekday_index(text: str) -> int | None:
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


def _parse(cleaned: str, today: date) -> date | None:
    import re  # here, not at the top: most commands never read a typed date

    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    if re.fullmatch(r"-\d{1,6}", cleaned):
        days = int(cleaned[1:])
        return today - timedelta(days=days) if days <= MAX_DAYS_AGO else None
    weekday = _weekday_index(cleaned)
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
