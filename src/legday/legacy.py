"""Reading the single-file store of legday before schema 3: `sessions.jsonl` (schema 1 and 2)
and `rest_weeks.json`. They are read as they are and never written again: the first write of
this device turns them into its op log (legday.store) and keeps them as backups.

Layout of `sessions.jsonl`:
    line 1   {"legday": "sessions", "schema": 1 or 2}
    line 2+  one entry per line: the contract's history shape, except that with schema 2 the
             sets are one compact string (model.encode_sets), plus "_hw" (no longer used).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from legday.errors import StoreError
from legday.model import Entry, RestMark, decode_sets, parse_aware_datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

LEGACY_SCHEMA = 2
REST_HEADER_KIND = "rest-weeks"
_BOM = b"\xef\xbb\xbf"

PLAIN_TEXT = r'[^"\\\x00-\x1f]'  # a character a JSON string holds unescaped
_DATE = r"\d{4}-\d\d-\d\d"
# An entry's fields, in order, exactly as legday writes them when no text needs a JSON escape:
# the canonical lines of sessions.jsonl and of the op log (store.codec) both hold them, with
# the same group names (row_of_match, entry_from_match read either).
ENTRY_FIELDS = (
    rf'"id":"(?P<id>{PLAIN_TEXT}+)","date":"(?P<date>{_DATE})",'
    rf'"exercise":"(?P<exercise>{PLAIN_TEXT}+)","sets":"(?P<sets>[0-9a-z.,;+-]+)",'
    rf'"note":(?P<note>null|"{PLAIN_TEXT}*"),"logged_at":"(?P<logged_at>{PLAIN_TEXT}+)",'
    rf'"source":"(?P<source>{PLAIN_TEXT}*)"'
)
# A schema 2 line exactly as legday wrote it (almost always): checked by this expression and
# decoded into an Entry only when a command needs it.
CANONICAL_LEGACY_LINE = re.compile(rf'^\{{{ENTRY_FIELDS},"_hw":"{_DATE}"\}}$', re.MULTILINE)


def corrupt(path: Path, line: int, problem: str, backup_dir: Path) -> StoreError:
    # Only a folder that exists is named: pointing at a backups folder that is not there
    # sends the user looking for nothing.
    backups = f"; backups of earlier versions are in {backup_dir}" if backup_dir.is_dir() else ""
    return StoreError(
        f"{path}, line {line}: {problem}. legday will not write to it until it is fixed "
        f"(`legday doctor` explains, `legday doctor --fix` sets the line aside){backups}."
    )


def decode_json(raw: bytes) -> Any:
    """Strict UTF-8 (json.loads on bytes would let encoded surrogates through), then JSON.
    Raises ValueError (UnicodeDecodeError included) or RecursionError."""
    return json.loads(raw.decode("utf-8"))


def decode_line(raw: bytes, number: int, path: Path, backup_dir: Path) -> Any:
    """One JSON line of a store file; StoreError naming its line when it is not JSON that can
    be written back as it was."""
    try:
        row = decode_json(raw)
    except UnicodeDecodeError:
        raise corrupt(path, number, "not valid UTF-8", backup_dir) from None
    except json.JSONDecodeError as exc:
        raise corrupt(path, number, f"not valid JSON ({exc.msg})", backup_dir) from None
    except (ValueError, RecursionError):
        # Too deeply nested, or a number too long for int(): JSON refuses it too.
        problem = "not valid JSON (a value is too large)"
        raise corrupt(path, number, problem, backup_dir) from None
    if b"\\u" in raw and not encodable(row):
        problem = "a text holds a lone surrogate (\\uD800-\\uDFFF)"
        raise corrupt(path, number, problem, backup_dir)
    return row


def encodable(row: Any) -> bool:
    """False when some string in `row` cannot be written back as UTF-8 (a JSON escape such
    as \\ud800 decodes to a lone surrogate): loading it would make the next write fail."""
    try:
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def entry_from_row(row: Any, number: int, path: Path, backup_dir: Path) -> Entry:
    try:
        return Entry.from_json(row)
    except (ValueError, TypeError) as exc:
        raise corrupt(path, number, str(exc), backup_dir) from None
    except OverflowError:
        # model's float() of an integer weight or RPE beyond the float range.
        problem = "a weight or RPE is too large a number"
        raise corrupt(path, number, problem, backup_dir) from None


def row_of_match(match: re.Match[str]) -> dict[str, Any]:
    """The entry fields of a canonical line (legacy or op log: both name their groups alike);
    a canonical note holds no escapes, so its text is what stands between the quotes."""
    note = match["note"]
    return {
        "id": match["id"],
        "date": match["date"],
        "exercise": match["exercise"],
        "sets": match["sets"],
        "note": None if note == "null" else note[1:-1],
        "logged_at": match["logged_at"],
        "source": match["source"],
    }


def entry_from_match(match: re.Match[str], number: int, path: Path, backup_dir: Path) -> Entry:
    """The Entry of a canonical line. Its shape is known (the pattern checked it), so the
    fields go straight into an Entry (decoding 10k entries: about 125 ms → 75 ms); a value
    the pattern lets through but Entry.from_json refuses takes the full checks, which name
    the problem."""
    exercise, note = match["exercise"], match["note"]
    if exercise.strip():
        try:
            # By position: keywords cost a Python call about three times as much.
            return Entry(
                match["id"],
                date.fromisoformat(match["date"]),
                exercise,
                decode_sets(match["sets"]),
                parse_aware_datetime(match["logged_at"]),
                None if note == "null" else note[1:-1],
                match["source"],
            )
        except (ValueError, TypeError, OverflowError):
            pass
    return entry_from_row(row_of_match(match), number, path, backup_dir)


def _parse_header(raw: bytes, path: Path, backup_dir: Path) -> int:
    try:
        header = decode_json(raw.removeprefix(_BOM))  # a BOM left by a Windows editor is no damage
    except (ValueError, RecursionError):
        header = None
    schema = header.get("schema") if isinstance(header, dict) else None
    # `type(...) is`, not isinstance: JSON's true and false would pass as ints.
    if type(schema) is not int or header.get("legday") != "sessions":
        problem = 'missing the header {"legday": "sessions", "schema": N}'
        raise corrupt(path, 1, problem, backup_dir)
    return schema


class LegacyLine:
    """One entry line of the legacy file: a canonical match (decoded on demand), or the Entry
    the line was checked as when the file was read, with its row (its keys are migrated)."""

    __slots__ = ("number", "item", "row")

    def __init__(self, number: int, item: re.Match[str] | Entry, row: Any = None) -> None:
        self.number = number
        self.item = item
        self.row = row


class LegacySessions:
    """What `sessions.jsonl` holds: its schema, its entry lines, and a torn last line."""

    __slots__ = ("schema", "lines", "torn")

    def __init__(self, schema: int, lines: list[LegacyLine], torn: bytes) -> None:
        self.schema = schema
        self.lines = lines
        self.torn = torn


def parse_sessions(data: bytes, path: Path, backup_dir: Path) -> LegacySessions:
    """Schema, entry lines and a torn tail. Raises StoreError naming the line of any damage.
    An empty (0-byte) file is an empty store."""
    if not data:
        return LegacySessions(LEGACY_SCHEMA, [], b"")
    header_end, last_newline = data.find(b"\n"), data.rfind(b"\n")
    if header_end < 0:
        raise corrupt(path, 1, "the header line is incomplete", backup_dir)
    schema = _parse_header(data[:header_end], path, backup_dir)
    torn = data[last_newline + 1 :]
    lines: list[LegacyLine] = []
    body = data[header_end + 1 : last_newline]
    try:
        texts: list[str] | None = body.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        texts = None  # the per-line path below names the line
    for offset, raw in enumerate(body.split(b"\n")):
        number = offset + 2
        match = None if texts is None else CANONICAL_LEGACY_LINE.fullmatch(texts[offset])
        if match is not None:
            try:
                date.fromisoformat(match["date"])
            except ValueError:
                problem = f"'date' must be a YYYY-MM-DD date, not {match['date']!r}"
                raise corrupt(path, number, problem, backup_dir) from None
            lines.append(LegacyLine(number, match))
        elif raw.strip():
            row = decode_line(raw, number, path, backup_dir)
            entry = entry_from_row(row, number, path, backup_dir)  # damage names its line now
            lines.append(LegacyLine(number, entry, row))
    return LegacySessions(schema, lines, torn)


def parse_rest_weeks(data: bytes, path: Path, backup_dir: Path) -> dict[str, RestMark]:
    """The rest weeks of `rest_weeks.json`, by the id each is migrated with (legacy_mark_id)."""
    if not data.strip():
        return {}
    try:
        doc = decode_json(data)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        raise corrupt(path, line, "not valid JSON", backup_dir) from None
    if not isinstance(doc, dict) or doc.get("legday") != REST_HEADER_KIND:
        raise corrupt(path, 1, "not a legday rest-weeks file", backup_dir)
    weeks = doc.get("weeks")
    if not isinstance(weeks, list):
        raise corrupt(path, 1, "'weeks' must be a list", backup_dir)
    if b"\\u" in data and not encodable(doc):
        problem = "a text holds a lone surrogate (\\uD800-\\uDFFF)"
        raise corrupt(path, 1, problem, backup_dir)
    try:
        marks = [RestMark.from_json(item) for item in weeks]
    except (ValueError, TypeError) as exc:
        raise corrupt(path, 1, str(exc), backup_dir) from None
    taken: set[str] = set()
    return {legacy_mark_id(mark, taken): mark for mark in marks}


def legacy_mark_id(mark: RestMark, taken: set[str]) -> str:
    """A stable id for a rest mark of the legacy file, the same on every machine that reads
    it, so that two machines migrating one file agree."""
    base = f"rest-{mark.date.isoformat()}"
    candidate, index = base, 1
    while candidate in taken:
        index += 1
        candidate = f"{base}-{index}"
    taken.add(candidate)
    return candidate


def timestamp_now() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S")
