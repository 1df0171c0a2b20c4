"""An export read whole through the importers, as the reader tests look at it: open_export's
stream collected into a ParsedImport (a file whose sessions are not together read again
holding everything, as `legday import` does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from legday.importers import NotAdjacent, open_export
from legday.importers.common import Progress, forward_only
from legday.model import Entry, RestMark, Unit
from legday.store import EntryRows


@dataclass
class ParsedImport:
    """What a file holds: entries in file order, rest weeks, and the rows left out.

    `skipped` maps a reason (e.g. "not a leg exercise") to the number of rows skipped for it.
    """

    format: str
    entries: list[Entry]
    rest_marks: list[RestMark] = field(default_factory=list)
    rows_read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # ids the exporting store removed


def read_export(
    data: bytes,
    *,
    fmt: str = "auto",
    unit: Unit | None = None,
    tz: tzinfo,
    progress: Progress | None = None,
    today: date | None = None,
) -> ParsedImport:
    tell = forward_only(progress)
    try:
        return _collect(data, fmt, unit, tz, tell, today, hold=False)
    except NotAdjacent:
        return _collect(data, fmt, unit, tz, tell, today, hold=True)


def _collect(
    data: bytes,
    fmt: str,
    unit: Unit | None,
    tz: tzinfo,
    progress: Progress | None,
    today: date | None,
    *,
    hold: bool,
) -> ParsedImport:
    stream = open_export(
        [data], fmt=fmt, unit=unit, tz=tz, progress=progress, today=today, hold=hold
    )
    entries = [entry for entry, _sets in stream]
    return ParsedImport(
        stream.format, entries, stream.rest_marks, stream.rows_read, stream.skipped, stream.removed
    )


def rows_of(entries: list[Entry]) -> EntryRows:
    """`entries` as the store's rows hold them once decoded (what export_json_parts reads)."""
    rows = EntryRows()
    for entry in entries:
        rows.add(entry.id, entry.date, entry.exercise, entry, None)
    return rows
