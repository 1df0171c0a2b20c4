"""What `edit` and `rename` say: the editor's file, the change made, the rename's count."""

from __future__ import annotations

from legday.render import SHORT_ID, _entry_words, emit_json, plural, saved
from legday.safe_text import safe_text
from legday.sets import format_sets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.editing import EditResult, RenameResult
    from legday.model import Entry


def editor_file_text(entry: Entry, line: str) -> str:
    """The file `legday edit ID` opens: a few comment lines, then the entry's log line."""
    return (
        f"# legday edit {entry.id[:SHORT_ID]}: change this `legday log` line, save, and quit.\n"
        "# The exercise, the sets, --date and --note can all change (no --note: no note).\n"
        "# Lines starting with # are ignored; an empty file or an unchanged line changes "
        "nothing.\n"
        f"{line}\n"
    )


def _field_text(entry: Entry, field: str) -> str:
    if field == "date":
        return entry.date.isoformat()
    if field == "exercise":
        return safe_text(entry.exercise)
    if field == "sets":
        return format_sets(entry.sets)
    return "(none)" if entry.note is None else safe_text(entry.note)


def edited(result: EditResult, *, as_json: bool) -> None:
    after = result.after
    where = _entry_words(after)
    if result.changed:
        saved(f"edited {where}")
    if as_json:
        emit_json(after.to_json())
        return
    if not result.changed:
        print(f"Nothing changed: {where}.")
        return
    print(f"Edited {where}")
    for field in result.changed:
        before_text, after_text = _field_text(result.before, field), _field_text(after, field)
        print(f"  {field}: {before_text} → {after_text}")
    print("`legday undo` puts it back.")


def renamed(result: RenameResult, *, as_json: bool) -> None:
    # repr quotes and writes control characters out once (repr of safe_text would double
    # the backslashes: 'squat\\x1b'); safe_text still catches whatever repr leaves.
    new = safe_text(repr(result.new_name))
    saved(f"renamed {plural(result.renamed, 'entry')} to {new}")
    if as_json:
        emit_json(result.to_json())
        return
    old = " and ".join(safe_text(repr(name)) for name in result.old_names)
    line = f"Renamed {plural(result.renamed, 'entry')} from {old} to {new}"
    if result.already:
        total = result.renamed + result.already
        line += f", merged with the {result.already} already there ({total} in all)"
    print(f"{line}.")
    if result.already:
        print("PRs and history now count them as one exercise. `legday undo` takes it back.")
    else:
        print("`legday undo` takes it back.")
