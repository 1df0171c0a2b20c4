"""`legday import` and `legday export`: moving history in and out without losing any."""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from legday import batches, importers
from legday.context import Context
from legday.errors import UsageError
from legday.importers import ImportStream, NotAdjacent, merge_rest_marks, open_export
from legday.importers.common import BLOCK_BYTES, forward_only
from legday.model import Unit
from legday.store import GroupWriter, Snapshot, edit_op, new_id, remove_op, rest_op

FORMATS = ("auto", *importers.FORMATS)
MAX_IMPORT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ImportSummary:
    """What an import did. Its fields in this order are the JSON's keys."""

    format: str
    entries_added: int
    entries_existing: int
    sets_added: int
    rows_skipped: int
    leg_days_added: int
    rows_read: int
    rest_weeks_added: int
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    file_unit: Unit | None = None  # the unit most loads read from the file are in
    entries_differing: int = 0  # in the store by id, with other values in the file
    entries_replaced: int = 0  # of those, changed to the file's values (--replace)

    def to_json(self) -> dict[str, Any]:
        doc = {spec.name: getattr(self, spec.name) for spec in fields(self)}
        return doc | {"skipped_reasons": dict(sorted(self.skipped_reasons.items()))}


def import_chunks(path: Path) -> Iterator[bytes]:
    """The bytes of the file a user named, a block at a time. Opened here, so that a missing
    or unreadable file is refused before anything else happens."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory; give the export file itself.") from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        if os.fstat(handle.fileno()).st_size > MAX_IMPORT_BYTES:
            raise UsageError(f"{path} is over {MAX_IMPORT_BYTES // 2**20} MiB; is it an export?")
    except BaseException:
        handle.close()
        raise
    return _blocks(path, handle)


def _blocks(path: Path, handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while True:
            try:
                block = handle.read(BLOCK_BYTES)
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if not block:
                return
            yield block


def _unreadable(path: Path, exc: OSError) -> UsageError:
    return UsageError(f"cannot read {path}: {exc.strerror or exc}.")


def import_file(
    ctx: Context,
    path: Path,
    *,
    fmt: str = "auto",
    unit: Unit | None = None,
    dry_run: bool = False,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import the export at `path` as one batch. The file is read as it is stored: each
    session's entries go to this device's log as soon as the file moves on to the next
    session, so memory stays bounded whatever the file's size; the batch counts only once
    its commit line is written at the end (see Store.group)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    tz = ctx.now.tzinfo
    assert tz is not None
    tell = forward_only(progress)

    def opened(hold: bool) -> ImportStream:
        chunks = import_chunks(path)
        return open_export(
            chunks, fmt=fmt, unit=unit, tz=tz, progress=tell, today=ctx.today, hold=hold
        )

    # The header is read (and a wrong format or a missing --unit refused) before the lock.
    stream = opened(hold=False)
    with ctx.store.transaction() as snapshot:
        try:
            tally = _import_stream(ctx, snapshot, stream, dry_run=dry_run, replace=replace)
        except NotAdjacent:
            # A session's rows are not together (not an app's export as written; a sorted
            # spreadsheet): what was appended is cut off again, and the file read once more
            # holding every entry until the end.
            tally = _import_stream(
                ctx, snapshot, opened(hold=True), dry_run=dry_run, replace=replace
            )
    return tally.summary(dry_run=dry_run, replace=replace)


class _Tally:
    """What an import did, counted as the entries go by."""

    def __init__(self, stream: ImportStream) -> None:
        self.stream = stream
        self.added = 0
        self.existing = 0
        self.sets_added = 0
        self.new_days: set[date] = set()
        self.rest_weeks_added = 0
        self.differing = 0
        self.units: Counter[str] = Counter()

    def summary(self, *, dry_run: bool, replace: bool) -> ImportSummary:
        stream = self.stream
        return ImportSummary(
            format=stream.format,
            entries_added=self.added,
            entries_existing=self.existing,
            sets_added=self.sets_added,
            rows_read=stream.rows_read,
            rows_skipped=sum(stream.skipped.values()),
            leg_days_added=len(self.new_days),
            rest_weeks_added=self.rest_weeks_added,
            skipped_reasons=dict(stream.skipped),
            dry_run=dry_run,
            file_unit=main_unit(self.units),
            entries_differing=self.differing,
            entries_replaced=self.differing if replace else 0,
        )


def _import_stream(
    ctx: Context, snapshot: Snapshot, stream: ImportStream, *, dry_run: bool, replace: bool
) -> _Tally:
    tally = _Tally(stream)
    with contextlib.ExitStack() as stack:
        group = None if dry_run else stack.enter_context(ctx.store.group(snapshot, "import"))
        _import_entries(ctx, snapshot, stream, tally, group, replace=replace)
        _import_the_rest(snapshot, stream, tally, group)
    return tally


def _import_entries(
    ctx: Context,
    snapshot: Snapshot,
    stream: ImportStream,
    tally: _Tally,
    group: GroupWriter | None,
    *,
    replace: bool,
) -> None:
    rows = snapshot.rows
    stored_at = {entry_id: index for index, entry_id in enumerate(rows.ids)}
    removed_in_file = frozenset(stream.removed)
    known_days = snapshot.leg_days
    units = tally.units
    for entry, sets in stream:
        if sets is None:
            units.update(one.unit for one in entry.sets if one.unit is not None)
        else:  # a stored set is "reps,seconds,weight,unit,flags,rpe": the unit between commas
            units["kg"] += sets.count(",kg,")
            units["lb"] += sets.count(",lb,")
        entry_id = entry.id
        # An entry removed here (or in the file's own history) is never brought back, unless
        # only the undo of an import removed it: importing it again is asking for it back.
        revived = snapshot.soft_removed.get(entry_id)
        if entry_id in removed_in_file or (entry_id in snapshot.removed and revived is None):
            continue
        index = stored_at.get(entry_id)
        if index is not None:
            tally.existing += 1
            if index < 0:
                continue  # named twice in the file: counted once
            # Rows the store has by id but with other values are never passed over in
            # silence: counted, and with --replace applied as edits in this same batch.
            stored = rows.entry(index)
            changes = batches.changed_fields(stored, entry)
            if changes:
                tally.differing += 1
                if replace and group is not None:
                    group.add(edit_op(stored, changes, ctx.now))
            continue
        stored_at[entry_id] = -1  # the file names each id once; should it not, it counts once
        tally.added += 1
        tally.sets_added += len(entry.sets)
        if entry.date not in known_days:
            tally.new_days.add(entry.date)
        if group is None:
            continue
        if revived is None:
            group.add_entry(entry, sets)
        else:
            for rid in revived:
                group.add({"op": "restore", "rid": rid, "id": entry_id})


def _import_the_rest(
    snapshot: Snapshot, stream: ImportStream, tally: _Tally, group: GroupWriter | None
) -> None:
    """Rest weeks and removals (legday's own exports), once every entry is read."""
    removed_in_file = frozenset(stream.removed)
    gone = (snapshot.removed - snapshot.soft_removed.keys()) | removed_in_file
    incoming_marks = [mark for mark in stream.rest_marks if mark.id not in gone]
    new_marks = merge_rest_marks(snapshot.rest_marks, incoming_marks)
    tally.rest_weeks_added = len(new_marks)
    if group is None:
        return
    for mark in new_marks:
        group.add(rest_op(mark.id or new_id(), mark))
    for target in sorted(removed_in_file - snapshot.removed):
        group.add(remove_op(target))


def main_unit(counts: Counter[str]) -> Unit | None:
    """The unit most of the loads counted are in (kg on a tie); None with no loads."""
    if not +counts:
        return None
    return "lb" if counts["lb"] > counts["kg"] else "kg"
