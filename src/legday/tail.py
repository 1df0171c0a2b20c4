"""Light readers of the store's files for the cron path (`legday remind`).

The full loader (legday.store) checks every field of every line and costs tens of
milliseconds to import; remind needs only the dates of recent entries and of rest weeks.
These readers rely on as little of the file formats as possible and answer None whenever
something is not exactly as expected; the caller then runs the full loader, which reports
the problem with its file and line (or deals with it, e.g. setting a torn last line aside).

What they rely on:
- `sessions.jsonl`: a first line `{"legday": "sessions", "schema": N}` (N any int), then one
  JSON object per line with the string keys "date" (YYYY-MM-DD) and "_hw", the latest entry
  date at or above that line. Appends may be back-dated, so lines are not in date order, but
  `_hw` never decreases down the file: once a line's `_hw` is older than the dates wanted, no
  line above it can hold one.
- `rest_weeks.json`: `{"legday": "rest-weeks", "weeks": [{"date": ..., "reason": ...,
  "marked_at": ...}, ...]}`, each mark checked as strictly as the full loader checks it.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, BinaryIO

BLOCK_SIZE = 64 * 1024
_BOM = b"\xef\xbb\xbf"


def read_tail(path: str | os.PathLike[str], since: date) -> list[dict[str, Any]] | None:
    """The rows (decoded JSON objects) of every entry in the sessions file at `path` dated
    `since` or later, last line first, reading from the end of the file and stopping where
    `_hw` allows, so the cost does not grow with history.

    [] when the file does not exist. None when the answer cannot be trusted without the full
    loader: the file cannot be opened or read, the header is missing or torn, the last line is
    torn, a line is not a JSON object with string "date" and "_hw", a line's `_hw` is older
    than its own date, or `_hw` decreases down the file (lines moved by hand). Each row is
    guaranteed only its "date" and "_hw" strings; "date" is not checked to be a real date.
    """
    try:
        with open(path, "rb") as handle:
            return _scan(handle, since.isoformat())
    except FileNotFoundError:
        return []
    except OSError:
        return None  # a directory, no permission...: the full loader says which


def _scan(handle: BinaryIO, since: str) -> list[dict[str, Any]] | None:
    size = os.fstat(handle.fileno()).st_size
    header = handle.readline()
    if not header.endswith(b"\n") or not _is_header(header):
        return None
    if size > len(header):
        handle.seek(size - 1)
        if handle.read(1) != b"\n":
            return None  # torn last line: the full loader sets it aside
    rows: list[dict[str, Any]] = []
    below: str | None = None  # `_hw` of the line under this one
    for raw in _lines_backward(handle, len(header), size):
        if not raw.strip():
            continue
        row = _row(raw)
        if row is None:
            return None
        high_water = row["_hw"]
        if below is not None and high_water > below:
            return None  # `_hw` went down the file: lines were moved by hand
        if below is not None and below < since:
            break  # the line above the stop point agrees with it
        if row["date"] >= since:
            rows.append(row)
        below = high_water
    return rows


def decode_json(raw: bytes) -> Any:
    """Strict UTF-8 (json.loads on bytes would let encoded surrogates through), then JSON.
    Raises ValueError (UnicodeDecodeError included) or RecursionError. The store uses it too."""
    return json.loads(raw.decode("utf-8"))


def _is_header(raw: bytes) -> bool:
    try:
        header = decode_json(raw.removeprefix(_BOM))  # a BOM left by a Windows editor is no damage
    except (ValueError, RecursionError):
        return False
    if not isinstance(header, dict) or header.get("legday") != "sessions":
        return False
    schema = header.get("schema")
    return isinstance(schema, int) and not isinstance(schema, bool)


def _row(raw: bytes) -> dict[str, Any] | None:
    try:
        row = decode_json(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(row, dict):
        return None
    high_water, row_date = row.get("_hw"), row.get("date")
    if not isinstance(high_water, str) or not isinstance(row_date, str):
        return None
    if high_water < row_date:
        return None
    return row


def _lines_backward(handle: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    """Complete lines of handle[start:end] from last to first, read in blocks."""
    position = end
    pending = b""
    while position > start:
        block_start = max(start, position - BLOCK_SIZE)
        handle.seek(block_start)
        block = handle.read(position - block_start)
        position = block_start
        pending = block + pending
        parts = pending.split(b"\n")
        pending = parts[0]
        yield from reversed(parts[1:])
    if pending:
        yield pending


# ---------------------------------------------------------------------------- rest weeks


def read_rest_dates(path: str | os.PathLike[str]) -> list[date] | None:
    """The date of every rest mark in the rest-weeks file at `path`, in file order; [] when
    the file does not exist. None unless the full loader would accept the file as it is."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return []
    except OSError:
        return None
    try:
        doc = decode_json(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("legday") != "rest-weeks":
        return None
    weeks = doc.get("weeks")
    if not isinstance(weeks, list):
        return None
    dates = [_rest_date(mark) for mark in weeks]
    if None in dates:
        return None
    return [day for day in dates if day is not None]


def _rest_date(mark: Any) -> date | None:
    """A mark's date, or None when the full loader (model.RestMark.from_json) refuses it."""
    if not isinstance(mark, dict):
        return None
    reason, marked_at, day = mark.get("reason"), mark.get("marked_at"), mark.get("date")
    if reason is not None and not isinstance(reason, str):
        return None
    if marked_at is not None and not _is_aware_timestamp(marked_at):
        return None
    if not isinstance(day, str):
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def _is_aware_timestamp(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
