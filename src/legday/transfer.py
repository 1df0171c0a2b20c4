"""`legday import` and `legday export`: moving history in and out without losing any."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legday import batches
from legday.context import Context
from legday.errors import UsageError
from legday.importers import merge, merge_rest_marks, read_export
from legday.model import Entry, Unit
from legday.store import add_op, new_id, remove_op, rest_op

FORMATS = ("auto", "strong", "hevy", "fitnotes", "legday")
MAX_IMPORT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ImportSummary:
    format: str
    entries_added: int
    entries_existing: int
    sets_added: int
    rows_read: int
    rows_skipped: int
    leg_days_added: int
    rest_weeks_added: int
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    entries_differing: int = 0  # in the store by id, with other values in the file
    entries_replaced: int = 0  # of those, changed to the file's values (--replace)
    file_unit: Unit | None = None  # the unit most loads read from the file are in
    home_unit: Unit = "kg"  # the configured unit, that views show loads in

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "entries_added": self.entries_added,
            "entries_existing": self.entries_existing,
            "sets_added": self.sets_added,
            "rows_skipped": self.rows_skipped,
            "leg_days_added": self.leg_days_added,
            "rows_read": self.rows_read,
            "rest_weeks_added": self.rest_weeks_added,
            "skipped_reasons": dict(sorted(self.skipped_reasons.items())),
            "dry_run": self.dry_run,
            "file_unit": self.file_unit,
            "entries_differing": self.entries_differing,
            "entries_replaced": self.entries_replaced,
        }


def read_import_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise UsageError(f"{path} is over {MAX_IMPORT_BYTES // 2**20} MiB; is it an export?")
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory; give the export file itself.") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}.") from None


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
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    data = read_import_file(path)
    tz = ctx.now.tzinfo
    assert tz is not None
    parsed = read_export(data, fmt=fmt, unit=unit, tz=tz, progress=progress, today=ctx.today)
    store = ctx.store
    with store.transaction() as snapshot:
        # An entry removed here (or in the file's own history) is never brought back, unless
        # only the undo of an import removed it: importing it again is asking for it back.
        revived = {
            entry.id: snapshot.soft_removed[entry.id]
            for entry in parsed.entries
            if entry.id in snapshot.soft_removed and entry.id not in parsed.removed
        }
        gone = (snapshot.removed - revived.keys()) | frozenset(parsed.removed)
        result = merge(snapshot.entries, [e for e in parsed.entries if e.id not in gone])
        known_days = snapshot.leg_days
        incoming_marks = [mark for mark in parsed.rest_marks if mark.id not in gone]
        new_marks = merge_rest_marks(snapshot.rest_marks, incoming_marks).added
        removals = sorted(frozenset(parsed.removed) - snapshot.removed)
        ops = [add_op(entry) for entry in result.added if entry.id not in revived]
        ops.extend(
            {"op": "restore", "rid": rid, "id": target}
            for target, rids in sorted(revived.items())
            for rid in rids
        )
        ops.extend(rest_op(mark.id or new_id(), mark) for mark in new_marks)
        ops.extend(remove_op(target) for target in removals)
        # Rows the store has by id but with other values are never passed over in silence:
        # counted, and with --replace applied as edits in this same batch.
        changed = batches.differences(snapshot, result.already)
        if replace:
            ops.extend(batches.replace_ops(changed, ctx.now))
        if not dry_run and ops:
            store.commit(snapshot, ops, what="import")
    return ImportSummary(
        format=parsed.format,
        entries_added=len(result.added),
        entries_existing=len(result.already),
        sets_added=sum(len(e.sets) for e in result.added),
        rows_read=parsed.rows_read,
        rows_skipped=sum(parsed.skipped.values()),
        leg_days_added=len({e.date for e in result.added} - known_days),
        rest_weeks_added=len(new_marks),
        skipped_reasons=dict(parsed.skipped),
        dry_run=dry_run,
        file_unit=main_unit(parsed.entries),
        home_unit=ctx.config.unit,
        entries_differing=len(changed),
        entries_replaced=len(changed) if replace else 0,
    )


def main_unit(entries: Sequence[Entry]) -> Unit | None:
    """The unit most of the loads in `entries` are in (kg on a tie); None with no loads."""
    counts = Counter(one.unit for entry in entries for one in entry.sets if one.unit is not None)
    if not counts:
        return None
    return "lb" if counts["lb"] > counts["kg"] else "kg"


def export_text(ctx: Context, fmt: str) -> str:
    return export_document(ctx, fmt)[0]


def export_document(ctx: Context, fmt: str) -> tuple[str, int]:
    """The export, and how many rest weeks it leaves out (legday.export.document)."""
    from legday.export import document

    return document(ctx.store, fmt)
