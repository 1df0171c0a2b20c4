"""An export read whole through the importers, as the reader tests look at it: open_export's
stream collected into a ParsedImport (a file whose sessions are not together read again
holding everything, as `legday import` does)."""

from __future__ import annotations

from datetime import date, tzinfo

from legday.importers import NotAdjacent, ParsedImport, open_export
from legday.importers.common import Progress, forward_only
from legday.model import Unit


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
