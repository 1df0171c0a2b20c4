"""The op log's format: its header, its lines and how each is checked and written.

It needs the standard library, the entry model, legday.legacy's line checks, entry fields and
error wording, and legday.files only to read a log back when a message needs a line number.
The store reads and writes through this module, and so do doctor's checks of one line
(legday.repair).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime

from legday import files, legacy
from legday.errors import UsageError
from legday.model import Entry, RestMark, decode_sets, encode_sets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Any, TypeGuard


SCHEMA_VERSION = 3
HEADER_KIND = "ops"
OP_KINDS = frozenset({"add", "remove", "restore", "edit", "rest", "commit"})
EDITABLE = ("date", "exercise", "sets", "note")
# The mark of a removal written by undoing an import: a later import may restore it.
SOFT_REMOVAL = "undo import"

# An add line exactly as legday writes it when no text needs a JSON escape (almost always):
# checked and split by this one expression, and decoded into an Entry only when needed.
ADD_LINE = re.compile(
    rf'^\{{"op":"add","seq":(?P<seq>\d{{1,18}}),"clock":(?P<clock>\d{{1,18}}),'
    rf'{legacy.ENTRY_FIELDS}(?:,"g":"(?P<g>{legacy.PLAIN_TEXT}+)")?\}}$',
    re.MULTILINE,
)


def new_id() -> str:
    # 128 random bits as 32 hex digits, like uuid4().hex (uuid costs a few ms to import).
    return os.urandom(16).hex()


class Source:
    """One file the fold read: where it is, what it was (for the cache key), whose it is."""

    __slots__ = (
        "path",
        "name",
        "device",
        "text",
        "key",
        "valid_end",
        "size",
        "complete",
        "last_seq",
        "last_clock",
        "schema",
        "chars",
    )

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name  # relative to the data dir, as in the cache key
        self.device = ""
        self.text = ""
        self.key: list[Any] | None = None
        self.valid_end = 0  # characters of `text` up to the last complete, committed line
        self.size = 0  # bytes read
        self.complete = 0  # bytes up to the last newline
        self.last_seq = 0
        self.last_clock = 0
        self.schema = SCHEMA_VERSION
        self.chars = 0  # characters of `text` (kept when the text is not: the rows cache)

    def line_of(self, offset: int) -> int:
        text = self.text
        if not text and offset:
            # A source known from the rows cache keeps no text: read it for this one message.
            read = files.read_regular(self.path)
            text = "" if read is None else read[0].decode("utf-8", "replace")
        return text.count("\n", 0, offset) + 1

    @property
    def has_leftover(self) -> bool:
        """A torn last line or an unfinished group at the end: an interrupted write."""
        return self.complete < self.size or self.valid_end < len(self.text)

    @property
    def valid_bytes(self) -> int:
        return len(self.text[: self.valid_end].encode("utf-8"))


def read_header(raw: str, source: Source, backup_dir: Path) -> None:
    try:
        header = json.loads(raw.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        header = None
    schema = header.get("schema") if isinstance(header, dict) else None
    device = header.get("device") if isinstance(header, dict) else None
    # `type(...) is`, not isinstance: JSON's true and false would pass as ints.
    if type(schema) is not int or type(device) is not str or header.get("legday") != HEADER_KIND:
        problem = 'missing the header {"legday": "ops", "schema": 3, "device": NAME}'
        raise legacy.corrupt(source.path, 1, problem, backup_dir)
    source.schema = schema
    source.device = device
    # A compacted log keeps the seq and clock it had reached, so numbers are never reused.
    for name in ("compacted", "clock"):
        value = header.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise legacy.corrupt(source.path, 1, f"'{name}' must be a whole number", backup_dir)
    source.last_seq, source.last_clock = header.get("compacted", 0), header.get("clock", 0)


def log_lines(text: str, start: int) -> Iterator[tuple[int, re.Match[str] | None, str]]:
    """(offset, canonical add match or None, line) for every line of text[start:], in order."""
    position = start
    for match in ADD_LINE.finditer(text, start):
        if match.start() > position:
            yield from _plain_lines(text, position, match.start())
        yield match.start(), match, ""
        position = match.end() + 1
    if position < len(text):
        yield from _plain_lines(text, position, len(text))


def _plain_lines(text: str, start: int, end: int) -> Iterator[tuple[int, None, str]]:
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip():
            yield offset, None, line
        offset += len(line) + 1


def line_length(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return (len(text) if end < 0 else end + 1) - offset


def checked_row(source: Source, offset: int, line: str, backup_dir: Path) -> dict[str, Any]:
    try:
        row = json.loads(line)
        well_formed = isinstance(row, dict) and ("\\u" not in line or legacy.encodable(row))
    except (ValueError, RecursionError):
        well_formed = False
    if well_formed and row.get("op") in OP_KINDS:
        seq, clock, group = row.get("seq"), row.get("clock"), row.get("g")
        if (
            type(seq) is int
            and type(clock) is int
            and seq >= 0
            and clock >= 0
            and (group is None or type(group) is str)
        ):
            return dict(row)
    # Something is off: the slow path names the line and what is wrong with it.
    number = source.line_of(offset)
    row = legacy.decode_line(line.encode("utf-8"), number, source.path, backup_dir)
    if not isinstance(row, dict):
        raise legacy.corrupt(source.path, number, "an operation must be a JSON object", backup_dir)
    kind, seq, clock = row.get("op"), row.get("seq"), row.get("clock")
    if kind not in OP_KINDS and source.schema <= SCHEMA_VERSION:
        problem = f"unknown operation {kind!r}"
        raise legacy.corrupt(source.path, number, problem, backup_dir)
    for name, value in (("seq", seq), ("clock", clock)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problem = f"'{name}' must be a whole number"
            raise legacy.corrupt(source.path, number, problem, backup_dir)
    group = row.get("g")
    if group is not None and not isinstance(group, str):
        raise legacy.corrupt(source.path, number, "'g' must be a string", backup_dir)
    return row


def valid_changes(changes: Any) -> TypeGuard[dict[str, Any]]:
    if not isinstance(changes, dict) or not changes or not set(changes) <= set(EDITABLE):
        return False
    try:
        if "date" in changes:
            date.fromisoformat(changes["date"])
        if "sets" in changes:
            decode_sets(changes["sets"])
    except (ValueError, TypeError):
        return False
    exercise, note = changes.get("exercise", "x"), changes.get("note")
    return isinstance(exercise, str) and bool(exercise.strip()) and isinstance(note, str | None)


def encode_line(row: dict[str, Any]) -> bytes:
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        raise not_utf8() from None


def not_utf8() -> UsageError:
    # Undecodable bytes in argv arrive as lone surrogates; storing them would make the
    # whole file unreadable, so the change is refused as bad input.
    return UsageError(
        "the text holds bytes that are not valid UTF-8; retype the name and note. "
        "Nothing was stored."
    )


def add_op(entry: Entry) -> dict[str, Any]:
    # Entry's JSON fields in their order, the sets in their stored form (not to_json's dict
    # per set, which an import of a million sets made and threw away). edited_at is kept
    # when set: an edited entry carried by an export keeps it.
    return {"op": "add", **entry.json_row(encode_sets(entry.sets))}


def remove_op(target: str) -> dict[str, Any]:
    return {"op": "remove", "id": target, "rid": new_id()}


def rest_op(mark_id: str, mark: RestMark) -> dict[str, Any]:
    return {"op": "rest", **mark.to_json(), "id": mark_id}  # an "id" of to_json's keeps its place


def edit_op(entry: Entry, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The operation that changes `entry`'s fields to `changes` (values as stored: ISO date,
    compact sets), remembering the old values so `undo` can put them back."""
    current = add_op(entry)
    was = {name: current[name] for name in changes}
    return {
        "op": "edit",
        "id": entry.id,
        "set": changes,
        "was": was,
        "edited_at": now.isoformat(timespec="seconds"),
    }


def header_line(device: str) -> bytes:
    header = {"legday": HEADER_KIND, "schema": SCHEMA_VERSION, "device": device}
    return json.dumps(header, separators=(", ", ": ")).encode() + b"\n"


def with_order(op: dict[str, Any], seq: int, clock: int) -> dict[str, Any]:
    """`op` with seq and clock right after "op" (the order the add-line pattern expects)."""
    ordered: dict[str, Any] = {"op": op["op"], "seq": seq, "clock": clock}
    ordered.update((name, value) for name, value in op.items() if name != "op")
    return ordered


# A text json.dumps writes as it is, between quotes (ensure_ascii=False escapes only these).
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def add_line(
    entry: Entry,
    sets: str,
    seq: int,
    clock: int,
    group: str,
    logged_at: str,
    day: str,
) -> bytes:
    """The line `encode_line` writes for the add of `entry` (`sets`, `logged_at` and `day`: its
    sets, time and date as written) in group `group`, byte for byte, without building two
    dicts and a JSON encoding per entry: an import writes a quarter of a million of them.
    Sets, times, dates and group ids never need an escape; the texts a file brings may."""
    note = entry.note
    plain = f"{entry.id}{entry.exercise}{entry.source}{note or ''}"
    if entry.edited_at is not None or _NEEDS_ESCAPE.search(plain) is not None:
        op = add_op(entry)
        op["sets"] = sets
        row = with_order(op, seq, clock)
        row["g"] = group
        return encode_line(row)
    note_text = "null" if note is None else f'"{note}"'
    text = (
        f'{{"op":"add","seq":{seq},"clock":{clock},"id":"{entry.id}",'
        f'"date":"{day}","exercise":"{entry.exercise}",'
        f'"sets":"{sets}","note":{note_text},'
        f'"logged_at":"{logged_at}","source":"{entry.source}","g":"{group}"}}\n'
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise not_utf8() from None


def compacted_floor(header_text: str) -> int:
    try:
        floor = json.loads(header_text).get("compacted", 0)
    except (ValueError, AttributeError):
        return 0
    return floor if isinstance(floor, int) and not isinstance(floor, bool) else 0


def migrated_add(line: legacy.LegacyLine) -> dict[str, Any]:
    """An add operation carrying a legacy line as it was (unknown keys included; `_hw` no
    longer means anything)."""
    entry = line.item
    if not isinstance(entry, Entry):
        return {"op": "add", **legacy.row_of_match(entry)}
    # A hand-written or schema 1 line (sets as a list) becomes the canonical form; the keys
    # this legday does not know are kept after the known ones.
    canonical = entry.json_row(encode_sets(entry.sets))
    extra = {
        name: value
        for name, value in line.row.items()
        if name not in canonical and name not in ("_hw", "op")
    }
    return {"op": "add", **canonical, **extra}
