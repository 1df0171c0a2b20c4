"""`edit` and `rename`: change entries in place, as edit operations in this device's log.

An edit keeps the entry's id and records the old values beside the new (`store.edit_op`), so
`undo` puts them back. Every new value is held to the rules of `log`: the set-spec grammar,
the date rules (no future, nothing before 1900), the note's length, and the catalogue's word
on the exercise name (a typo of a known name or a non-leg exercise needs --new). A name left
as it was is not checked again: an imported `Squat RPE6` can have its note fixed as it is.

With no option, `edit` writes the entry as one `legday log` line to a private temporary file,
opens $VISUAL (or $EDITOR) on it, and reads the line back as `log` reads its arguments (a
missing --date means today, a missing --note no note). Nothing is stored when the editor
fails, when the line is refused, or when it is unchanged or emptied.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence

from legday import catalog
from legday.actions import (
    _clean_note,
    choose_exercise_name,
    find_by_id,
    parse_log_words,
)
from legday.context import Context
from legday.dates import parse_day
from legday.errors import LegdayError, UsageError
from legday.gym import command_name, split_log_line
from legday.model import Entry, encode_sets
from legday.safe_text import safe_text
from legday.sets import format_set_specs, parse_set_specs
from legday.store import Snapshot, add_op, edit_op
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RENAME_EXAMPLE = "legday rename 'squat rpe6' squat"
EDITOR_OPTIONS = {"--date": "date", "-d": "date", "--note": "note", "-n": "note"}


class EditRequest(Value):
    """What `edit` was asked to change; None leaves a field as it is (an empty note clears
    the note)."""

    date_text: str | None = None
    note: str | None = None
    set_words: Sequence[str] | None = None
    exercise: str | None = None
    allow_new: bool = False


class EditResult(Value):
    """The entry before and after; `changed` names the fields that differ (none: no write)."""

    before: Entry
    after: Entry
    changed: tuple[str, ...]


# ---------------------------------------------------------------------------- edit


def edit_entry(ctx: Context, id_prefix: str, request: EditRequest) -> EditResult:
    """Apply the options of `legday edit ID --date/--note/--sets/--exercise`."""
    fields = _requested_fields(ctx, request)
    with ctx.store.transaction() as snapshot:
        entry = find_by_id(snapshot.entries, id_prefix)
        return _apply(ctx, snapshot, entry, fields, request)


def _requested_fields(ctx: Context, request: EditRequest) -> dict[str, Any]:
    """The new values in stored form, checked as `log` checks them (all before any lock)."""
    fields: dict[str, Any] = {}
    if request.set_words is not None:
        fields["sets"] = encode_sets(parse_set_specs(request.set_words, ctx.config.unit))
    if request.date_text is not None:
        fields["date"] = parse_day(request.date_text, ctx.today).isoformat()
    if request.note is not None:
        fields["note"] = _clean_note(request.note)
    if request.exercise is not None and not request.exercise.strip():
        raise UsageError("--exercise needs a name, e.g. --exercise squat. Nothing was changed.")
    return fields


def _apply(
    ctx: Context,
    snapshot: Snapshot,
    entry: Entry,
    fields: dict[str, Any],
    request: EditRequest,
) -> EditResult:
    raw_name = request.exercise
    if raw_name is not None and not _same_name(raw_name, entry.exercise):
        others = snapshot.exercise_names - {entry.exercise}
        fields["exercise"], _ = choose_exercise_name(raw_name, others, request.allow_new)
    current = add_op(entry)
    changes = {name: value for name, value in fields.items() if current[name] != value}
    if not changes:
        return EditResult(entry, entry, ())
    op = edit_op(entry, changes, ctx.now)
    ctx.store.commit(snapshot, [op])
    after = ctx.store.load().entry_by_id(entry.id)
    assert after is not None  # it was there under the lock we still hold
    return EditResult(entry, after, tuple(name for name in current if name in changes))


def _same_name(raw: str, stored: str) -> bool:
    """A name typed back as it was stored (or its tidy form): not a change, not re-checked."""
    return raw.strip() == stored or catalog.normalize(raw) == catalog.normalize(stored)


# ---------------------------------------------------------------------------- edit in $EDITOR


def editor_line(entry: Entry) -> str:
    """The entry as the `legday log` line that stores it again: name, set specs, --date and
    --note, quoted for a shell."""
    try:
        specs = format_set_specs(entry.sets)
    except ValueError:
        raise UsageError(
            "this entry's sets cannot be written as set specs (an unusual import); change "
            "them with --sets, e.g. `legday edit ID --sets 5x5@100kg`."
        ) from None
    # Quoted as the edited line is read back (gym.split_log_line), so a name with a set-like
    # word inside (`squat 5x5 rdl`) stays one exercise.
    name = command_name(entry.exercise, specs)
    line = f"{name} {' '.join(specs)} --date {entry.date.isoformat()}"
    if entry.note:
        line += f" --note {shlex.quote(entry.note)}"
    return line


def edit_in_editor(ctx: Context, id_prefix: str, *, allow_new: bool) -> EditResult:
    """`legday edit ID` with no option: the entry's line in $VISUAL/$EDITOR, then applied."""
    from legday.render.edits import editor_file_text  # the file's words live in render

    editor = _editor_command()
    entry = find_by_id(ctx.store.load().entries, id_prefix)
    line = editor_line(entry)
    edited = _run_editor(editor, editor_file_text(entry, line))
    words = _words_of(edited)
    if not words or words == shlex.split(line):
        return EditResult(entry, entry, ())
    try:
        request = _request_from_words(ctx, words, allow_new)
        fields = _requested_fields(ctx, request)
        with ctx.store.transaction() as snapshot:
            _check_unchanged(snapshot, entry)
            return _apply(ctx, snapshot, entry, fields, request)
    except UsageError as exc:
        raise UsageError(
            f"{exc.message.rstrip('.')}. Nothing was changed; the edited line was: "
            f"{safe_text(shlex.join(words))}"
        ) from None


def _check_unchanged(snapshot: Snapshot, entry: Entry) -> None:
    """The entry must still be as the editor showed it (another legday may have run)."""
    now = snapshot.entry_by_id(entry.id)
    if now is None:
        raise UsageError(f"entry {entry.id[:8]} was removed while you were editing it")
    if now != entry:
        raise UsageError(
            f"entry {entry.id[:8]} changed while you were editing it; run `legday edit` again"
        )


def _editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError:
                raise UsageError(f"${variable} cannot be read as a command: {value!r}.") from None
            if command:
                return command
    raise UsageError(
        "no editor: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), or say what to change, "
        "e.g. `legday edit ID --sets 5x5@100kg`."
    )


def _run_editor(command: list[str], text: str) -> str:
    """Write `text` to a private temporary file, let the editor change it, read it back."""
    import subprocess
    import tempfile

    fd, name = tempfile.mkstemp(prefix="legday-edit-", suffix=".txt")  # 0600, only ours
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        shown = safe_text(shlex.join(command))
        try:
            finished = subprocess.run([*command, name], check=False)
        except OSError as exc:
            raise LegdayError(
                f"could not start the editor `{shown}`: {exc.strerror or exc}; nothing was "
                "changed. Set $VISUAL or $EDITOR to an editor that is installed."
            ) from None
        if finished.returncode != 0:
            raise LegdayError(
                f"the editor `{shown}` exited with status {finished.returncode}; nothing was "
                "changed."
            )
        with open(name, "rb") as file:
            data = file.read()
    finally:
        os.unlink(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the edited line is not valid UTF-8; nothing was changed.") from None


def _words_of(text: str) -> list[str]:
    """The edited file's words as a shell reads them: `#` comments dropped, quotes joined."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError as exc:  # an unclosed quote
        raise UsageError(
            f"can't read the edited line ({exc}): close the quotes around the note. "
            "Nothing was changed."
        ) from None
    if words[:2] == ["legday", "log"]:
        words = words[2:]
    return words


def _request_from_words(ctx: Context, words: list[str], allow_new: bool) -> EditRequest:
    """The edited `log` line as an EditRequest that replaces every field, as `log` reads it."""
    rest, values, new = _take_options(words)
    segments = split_log_line(rest)
    if len(segments) > 1:  # log would store several entries; an edit changes one
        names = ", ".join(repr(name) for name, _specs in segments)
        raise UsageError(
            f"the edited line holds {len(segments)} exercises ({names}); an edit changes one "
            "entry: keep one, and log the others with `legday log`"
        )
    raw_name, _sets = parse_log_words(rest, ctx.config.unit)  # refuses what log refuses
    return EditRequest(
        date_text=values.get("date", "today"),
        note=values.get("note", ""),
        set_words=segments[0][1],  # the one exercise's set words, as `log` splits them
        exercise=raw_name,
        allow_new=allow_new or new,
    )


def _take_options(words: list[str]) -> tuple[list[str], dict[str, str], bool]:
    """Split `--date D`, `--note T` (or `--date=D`) and `--new` off the words of a log line."""
    rest: list[str] = []
    values: dict[str, str] = {}
    new = False
    index = 0
    while index < len(words):
        word = words[index]
        name, equals, inline = word.partition("=")
        if word == "--new":
            new = True
        elif name in EDITOR_OPTIONS and equals:
            values[EDITOR_OPTIONS[name]] = inline
        elif word in EDITOR_OPTIONS and index + 1 < len(words):
            index += 1
            values[EDITOR_OPTIONS[word]] = words[index]
        elif word.startswith("-"):
            raise UsageError(
                f"the edited line has {word!r}, which `log` does not take here; "
                "use --date, --note or --new"
            )
        else:
            rest.append(word)
        index += 1
    return rest, values, new


# ---------------------------------------------------------------------------- rename


class RenameResult(Value):
    """What `rename` did: the names it replaced, the name now stored, how many entries it
    changed, and how many were already under the new name (a merge when more than 0)."""

    old_names: tuple[str, ...]
    new_name: str
    renamed: int
    already: int

    def to_json(self) -> dict[str, Any]:
        return {
            "from": list(self.old_names),
            "to": self.new_name,
            "entries_renamed": self.renamed,
            "merged": self.already > 0,
            "entries_now": self.renamed + self.already,
        }


def rename(ctx: Context, words: Sequence[str], *, allow_new: bool = False) -> RenameResult:
    """Rename the exercise OLD to NEW in every entry: one group of edit ops, one `undo`."""
    words = [word for word in words if word.strip()]
    if len(words) < 2:
        raise UsageError(f"name the exercise to rename and its new name, e.g. `{RENAME_EXAMPLE}`.")
    store = ctx.store
    with store.transaction() as snapshot:
        logged = snapshot.exercise_names
        old_text, old_names, new_text = _split_rename(words, logged)
        new_name, _ = choose_exercise_name(new_text, logged - old_names, allow_new)
        names = snapshot.rows.names
        targets = [i for i, name in enumerate(names) if name in old_names and name != new_name]
        if not targets:
            raise UsageError(
                f"{old_text!r} and {new_text!r} are the same name ({new_name!r}); "
                "nothing to rename."
            )
        already = sum(1 for name in names if name == new_name)
        now = ctx.now
        ops = [edit_op(snapshot.rows.entry(i), {"exercise": new_name}, now) for i in targets]
        store.commit(snapshot, ops, what="rename")
    renamed_from = tuple(sorted({names[i] for i in targets}))
    return RenameResult(renamed_from, new_name, len(targets), already)


def _split_rename(words: list[str], logged: set[str]) -> tuple[str, set[str], str]:
    """OLD and NEW from the words: OLD is the run of leading words that names a logged
    exercise. Quoting (`'leg press old' 'leg press'`) settles any doubt."""
    found: list[tuple[str, set[str], str]] = []
    for cut in range(1, len(words)):
        old = " ".join(words[:cut])
        matched = _logged_named(old, logged)
        if matched:
            found.append((old, matched, " ".join(words[cut:])))
    if len(found) == 1:
        return found[0]
    if len(words) == 2 and not found:
        raise UsageError(
            f"no entries named {words[0]!r}; `legday exercises` lists the names you have "
            "logged. Nothing was renamed."
        )
    if not found:
        raise UsageError(
            f"none of your exercises is named by the first words of {' '.join(words)!r}; "
            f"quote the two names, e.g. `{RENAME_EXAMPLE}`."
        )
    splits = " or ".join(f"{old!r} → {new!r}" for old, _names, new in found)
    raise UsageError(f"this could be {splits}; quote the two names, e.g. `{RENAME_EXAMPLE}`.")


def _logged_named(text: str, logged: set[str]) -> set[str]:
    """The logged names `text` stands for: itself, its tidy form, or what it is an alias of."""
    wanted = {text, catalog.normalize(text)}
    known = catalog.resolve(text)
    if known is not None:
        wanted.add(known)
    return {name for name in logged if name in wanted or catalog.normalize(name) in wanted}
