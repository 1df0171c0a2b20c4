"""Import batches: taking back the last import, and the entries a re-import finds changed.

Every import is one committed group (`what: "import"`) in this device's log, so the last one
can be found by its place in the log, never by a clock. `import --undo` appends its inverse as
one group marked as undoing it (the store's undo rules then pass over both, as after `undo`);
the entries it adds are removed softly (`why: "undo import"`), so importing the file again
brings them back, while a delete never comes back.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from legday import store as store_module
from legday.context import Context
from legday.errors import UsageError
from legday.model import Entry, encode_sets
from legday.store import Operation, Snapshot, UndoResult
from legday.value import Value

IMPORT = "import"
UNDO_IMPORT = "undo import"


class ImportUndoPlan(Value):
    """What taking back the last import would do: the batch, the ops that invert it, and the
    entries and rest weeks they touch (for the confirmation line and the report)."""

    handle: int
    ops: list[dict[str, Any]]
    result: UndoResult
    rest_weeks: int = 0
    removals_taken_back: int = 0

    @property
    def sets(self) -> int:
        return sum(len(entry.sets) for entry in self.result.removed)


def last_import(snapshot: Snapshot) -> Operation | None:
    """This device's most recent import that nothing has undone yet (None when there is none,
    or when the log was compacted past it)."""
    own = snapshot.own
    if own is None or not own.text:
        return None
    operations, floor = store_module.own_operations(own)
    undone = {operation.undoes for operation in operations if operation.undoes is not None}
    for operation in reversed(operations):
        if operation.handle <= floor:
            return None
        fresh = operation.undoes is None and operation.handle not in undone
        if operation.what == IMPORT and fresh:
            return operation
    return None


def plan_import_undo(snapshot: Snapshot) -> ImportUndoPlan:
    """The inverse of the last import, touching only what that import did. Raises UsageError
    (nothing written) when there is no import to take back."""
    operation = last_import(snapshot)
    if operation is None:
        raise UsageError(
            "no import to take back: this device has not imported anything (or it was undone "
            "already). See `legday history` for what is stored."
        )
    taken_back: list[dict[str, Any]] = []
    for op in reversed(operation.ops):
        if op["op"] == "add" and snapshot.entry_by_id(op["id"]) is None:
            continue  # deleted since: it stays deleted, and is not counted as taken back
        if op["op"] == "rest" and op["id"] not in snapshot.rest_items:
            continue
        taken_back.append(op)
    result = UndoResult(UNDO_IMPORT)
    ops = store_module.inverses(taken_back, snapshot, result, soft=True)
    kinds = Counter(op["op"] for op in taken_back)
    plan = ImportUndoPlan(operation.handle, ops, result, kinds["rest"], kinds["remove"])
    if not ops:
        raise UsageError(
            "nothing to take back: every entry of the last import was deleted or changed back "
            "since. Nothing was changed."
        )
    return plan


def undo_import(ctx: Context, expected: int) -> ImportUndoPlan:
    """Take back the last import. `expected`: the handle the user confirmed; when another
    command imported in between, nothing is written and the user is asked again."""
    store = ctx.store
    with store.transaction() as snapshot:
        plan = plan_import_undo(snapshot)
        if plan.handle != expected:
            raise UsageError(
                "the store changed while you were asked (another import?); run "
                "`legday import --undo` again. Nothing was changed."
            )
        store.commit(snapshot, plan.ops, what=UNDO_IMPORT, undoes=plan.handle)
        # Replaced entries are reported as they are now: back to their values before.
        after = store.load()
        reverted = plan.result.reverted
        plan.result.reverted = [after.entry_by_id(entry.id) or entry for entry in reverted]
    return plan


# ---------------------------------------------------------------------------- re-imports


def stored_fields(entry: Entry) -> dict[str, Any]:
    """The fields of an entry an import can bring a new value for, as the store writes them
    (ISO date, compact sets: as an edit operation stores them)."""
    return {
        "date": entry.date.isoformat(),
        "exercise": entry.exercise,
        "sets": encode_sets(entry.sets),
        "note": entry.note,
    }


def changed_fields(stored: Entry, incoming: Entry) -> dict[str, Any]:
    """The fields whose value in the file differs from the stored entry (empty: the same)."""
    old, new = stored_fields(stored), stored_fields(incoming)
    return {name: value for name, value in new.items() if old[name] != value}
