"""Reading other apps' exports (Strong, Hevy, FitNotes) and legday's own into entries.

Pure: the caller reads the file and passes its bytes (whole, or chunk by chunk as the stream
is read); nothing here touches the disk or the clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, tzinfo

from legday.errors import UsageError
from legday.importers import fitnotes, hevy, legday, strong
from legday.importers.common import (
    ImportStream,
    NotAdjacent,
    Progress,
    Rows,
    TableReader,
    first_visible,
    lines_of,
    merge_rest_marks,
    require_unit,
    sniff_delimiter,
    stream_rows,
    text_blocks,
)
from legday.model import Unit
from legday.render import APP_NAMES

__all__ = [
    "FORMATS",
    "ImportStream",
    "NotAdjacent",
    "merge_rest_marks",
    "open_export",
]

FORMATS = ("strong", "hevy", "fitnotes", "legday")
_EXAMPLES = {
    "strong": f"'{strong.EXAMPLE_HEADER}'",
    "hevy": f"'{hevy.EXAMPLE_HEADER}'",
    "fitnotes": f"'{fitnotes.EXAMPLE_HEADER}'",
    "legday": f"'{legday.EXAMPLE_HEADER}' or {legday.EXAMPLE_JSON}",
}

# The one-row-per-set formats, in the order auto tries their headers.
_TABLES: tuple[type[TableReader], ...] = (hevy.Reader, fitnotes.Reader, strong.Reader)


def open_export(
    chunks: Iterable[bytes],
    *,
    fmt: str = "auto",
    unit: Unit | None = None,
    tz: tzinfo,
    progress: Progress | None = None,
    today: date | None = None,
    hold: bool = False,
) -> ImportStream:
    """The entries in an export file given as byte chunks, read as the stream is iterated.
    `fmt` is "auto" (told by the file's header, which is read here) or one of FORMATS.

    `unit` is needed only where the file does not say (Strong's older layouts, a FitNotes
    file with a plain "Weight" column); a unit written in the file always wins.
    `progress(rows_done)` is called every thousand rows and once at the end.
    Rows dated before legday.dates.FIRST_DATE or after `today` (the day of the import) are
    skipped, each counted under its reason, as `legday log` refuses such dates.
    Raises UsageError for anything that is not a readable export of the format asked for
    (here for the header, while iterating for what comes later). Iterating a stream of
    Strong, Hevy or FitNotes rows raises NotAdjacent when a session's rows are not together;
    `hold=True` reads such a file, holding every entry until the end. legday's own exports
    are read whole here.
    """
    blocks = text_blocks(chunks)
    head: list[str] = []
    for block in blocks:
        head.append(block)
        if not block.isspace():
            break
    if not head or head[-1].isspace():
        raise UsageError(f"the file is empty: {_expected(fmt)}")
    first = head[-1]
    if first[first_visible(first)] in ("{", "["):
        if fmt not in ("auto", "legday"):
            raise UsageError(_not_a(fmt))
        text = "".join(itertools.chain(head, blocks))
        return legday.read_json(text, progress=progress, today=today)
    rows = Rows(lines_of(itertools.chain(head, blocks)), sniff_delimiter(first), progress)
    header = rows.header()
    if header is None:
        raise UsageError(f"the file is empty: {_expected(fmt)}")
    return _read_table(fmt, header, rows, unit=unit, tz=tz, today=today, hold=hold)


def _read_table(
    fmt: str,
    header: list[str],
    rows: Rows,
    *,
    unit: Unit | None,
    tz: tzinfo,
    today: date | None,
    hold: bool,
) -> ImportStream:
    if fmt in ("auto", "legday") and legday.is_csv_header(header):
        return legday.read_csv(rows, tz=tz, today=today)
    for reader in _TABLES:
        found = reader.layout(header) if fmt in ("auto", reader.format) else None
        if found is not None:
            require_unit(found.says_unit, unit, APP_NAMES[reader.format])
            return stream_rows(rows, reader(found, unit, tz, today, hold))
    raise UsageError(_not_a(fmt))


def _not_a(fmt: str) -> str:
    if fmt == "auto":
        return f"not a Strong, Hevy, FitNotes or legday export: {_expected(fmt)}"
    return f"not a {APP_NAMES[fmt]} export: {_expected(fmt)}"


def _expected(fmt: str) -> str:
    if fmt == "auto":
        return (
            "expected a header like 'Date,Workout Name,Exercise Name,Set Order,Weight,Reps,...' "
            "(Strong), 'title,start_time,...,exercise_title,...,set_type,weight_kg,reps,...' "
            "(Hevy), 'Date,Exercise,Category,Weight,Reps,...' (FitNotes) "
            "or 'date,exercise,set,reps,...,id' (legday)"
        )
    return f"expected a header like {_EXAMPLES[fmt]}"
