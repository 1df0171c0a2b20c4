"""A derived cache of the leg days and rest days, so `remind` (cron) and `status` (every prompt)
answer without folding the whole op log.

It is keyed by what every source file was when the cache was made: its name, size, mtime,
ctime and inode, taken from the open file the fold read (so a file that changed while it was
read can only make the key older than the data, never newer). A reader compares the key with
the files as they are now and ignores the cache unless every one matches, so a cache can be
missing or stale but never disagree with the store. Each device writes its own cache file, so
two machines sharing a folder never write the same file. Stdlib only: this is the cron path.
"""

from __future__ import annotations

import os

from legday.files import read_marshal, unlink_quietly, write_marshal

CACHE_VERSION = 3  # 3: marshal, in .days (2: JSON, in .json)
DAY_WIDTH = 10  # "YYYY-MM-DD"
SESSIONS_FILE = "sessions.jsonl"
REST_WEEKS_FILE = "rest_weeks.json"
DEVICES_DIR = "devices"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias, TypeGuard

    Signature: TypeAlias = list[list[Any]]


def cache_file(data_dir: str, device: str) -> str:
    return os.path.join(data_dir, f".legday-cache-{device}.days")


def file_key(name: str, info: os.stat_result) -> list[Any]:
    return [name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def set_aside_name(device: str) -> str:
    """The file of the lines this device skips in other devices' logs (legday.set_aside)."""
    return f".legday-set-aside-{device}.json"


def source_names(data_dir: str, device: str) -> list[str]:
    """Every file the fold reads, relative to the data dir: the legacy files when present, the
    lines this device set aside (legday.set_aside) and every op log (and sync tool conflict
    copy) in devices/."""
    names = [SESSIONS_FILE, REST_WEEKS_FILE, set_aside_name(device)]
    try:
        with os.scandir(os.path.join(data_dir, DEVICES_DIR)) as entries:
            names.extend(
                f"{DEVICES_DIR}/{entry.name}"
                for entry in entries
                if entry.name.endswith(".jsonl") and not entry.name.startswith(".")
            )
    except OSError:
        pass
    return names


def current_signature(data_dir: str, device: str) -> Signature | None:
    """The key of the files as they are now; None when one cannot be looked at."""
    signature = []
    for name in source_names(data_dir, device):
        try:
            info = os.stat(os.path.join(data_dir, name))
        except FileNotFoundError:
            continue
        except OSError:
            return None
        signature.append(file_key(name, info))
    return sorted(signature)


def read_days(
    data_dir: str, device: str, *, quiet: bool = False
) -> tuple[list[str], list[str], list[str]] | None:
    """(leg days, rest days, conflict copies) as ISO dates and names when the cache matches
    the files exactly; None otherwise (the caller folds the store, which remakes it).
    `quiet`: only a cache whose fold had nothing to say but the conflict copies (no torn or
    unfinished end, no legacy file), so a reader may answer from it in place of a fold
    without leaving out a warning the fold gives."""
    found = _read_doc(data_dir, device, quiet=quiet)
    if found is None:
        return None
    blob, rest, conflicts = found
    return _split(blob, 0, len(blob) // DAY_WIDTH), rest, conflicts


def read_recent_days(
    data_dir: str, device: str, since: str
) -> tuple[list[str], list[str], list[str], bool] | None:
    """As read_days, but only the leg days on or after `since` (an ISO date), and whether
    those are all of them. The cost grows with the days returned, not with the history: the
    cron path asks for a recent window and widens it only when the streak reaches past it."""
    found = _read_doc(data_dir, device)
    if found is None:
        return None
    blob, rest, conflicts = found
    count = len(blob) // DAY_WIDTH
    first = _first_on_or_after(blob, count, since)
    return _split(blob, first, count), rest, conflicts, first == 0


def _read_doc(
    data_dir: str, device: str, *, quiet: bool = False
) -> tuple[str, list[str], list[str]] | None:
    """(the leg days as one string of sorted ISO dates, rest days, conflict copies)."""
    doc = read_marshal(cache_file(data_dir, device))
    if doc is None:
        if not os.path.lexists(cache_file(data_dir, device)):
            # No cache: with no store file at all the answer is known without a fold.
            return ("", [], []) if current_signature(data_dir, device) == [] else None
        return None
    if not (isinstance(doc, tuple) and len(doc) == 6 and doc[0] == CACHE_VERSION):
        return None
    _, sources, blob, rest, conflicts, was_quiet = doc
    if quiet and was_quiet is not True:
        return None
    if sources != current_signature(data_dir, device):
        return None
    if not (isinstance(blob, str) and len(blob) % DAY_WIDTH == 0):
        return None
    if not (_strings(rest) and _strings(conflicts)):
        return None
    return blob, rest, conflicts


def _first_on_or_after(blob: str, count: int, since: str) -> int:
    """Index of the first day in `blob` (sorted) that is `since` or later: a binary search."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        if blob[middle * DAY_WIDTH : (middle + 1) * DAY_WIDTH] < since:
            low = middle + 1
        else:
            high = middle
    return low


def _split(blob: str, first: int, count: int) -> list[str]:
    return [blob[index * DAY_WIDTH : (index + 1) * DAY_WIDTH] for index in range(first, count)]


def _strings(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def remove_stale_temps(data_dir: str, device: str) -> None:
    """Remove the temp files of this device's caches that killed writers left (a writer calls
    it under the write lock; a reader's temp in flight is at worst remade), and this
    device's JSON caches from before they were marshal (read by nothing now)."""
    prefixes = tuple(
        os.path.basename(name(data_dir, device)) + "."
        for name in (cache_file, rows_file, answer_file)
    )
    retired = {f".legday-cache-{device}.json", f".legday-config-cache-{device}.json"}
    try:
        with os.scandir(data_dir) as entries:
            stale = [
                entry.path
                for entry in entries
                if (entry.name.startswith(prefixes) and entry.name.endswith(".tmp"))
                or entry.name in retired
            ]
    except OSError:
        return
    for path in stale:
        unlink_quietly(path)


def write_days(
    data_dir: str,
    device: str,
    signature: Signature,
    leg_days: list[str],
    rest_days: list[str],
    conflicts: list[str],
    *,
    quiet: bool = False,
) -> None:
    """Best effort: a cache that cannot be written is simply not there (a read-only data dir
    works; it only costs the next reader a fold). Not fsynced: it is derived data, and a torn
    cache file is not marshal's, so it is never trusted. `quiet`: see read_days."""
    days = sorted(set(leg_days))
    if any(len(day) != DAY_WIDTH for day in days):
        return  # never the case for what the fold yields; no cache is always safe
    # The leg days as one string of fixed-width dates, sorted, so a reader can take a recent
    # window by binary search instead of decoding every day (read_recent_days).
    blob = "".join(days)
    doc = (CACHE_VERSION, sorted(signature), blob, sorted(set(rest_days)), sorted(conflicts), quiet)
    # remove_stale_temps knows write_derived's temp names.
    write_marshal(cache_file(data_dir, device), doc)


# ---------------------------------------------------------------------------- the fold's rows

# The read commands (history, stats, prs, exercises, calendar, last, show, export) fold the
# whole store; at 10k entries the regular-expression pass and the fold cost about as much as
# the rest of the command. This second derived file holds the fold's result (the live entries
# in fold order as plain tuples, the rest marks, the removals) in `marshal`'s format, which
# loads some ten times faster than the same data as JSON. It is keyed and trusted exactly as
# the leg-day cache: only while every source file's name, size, mtime, ctime and inode are
# what the fold read, and only when that fold warned of nothing but conflict copies.
ROWS_VERSION = 2  # 2: with where this device's next entries go, and its log's state


def rows_file(data_dir: str, device: str) -> str:
    return os.path.join(data_dir, f".legday-cache-{device}.rows")


def read_rows(data_dir: str, device: str, signature: Signature | None) -> tuple[Any, ...] | None:
    """The fold's rows as `write_rows` stored them when they were made from the files whose
    key is `signature` (current_signature: the files as they are now), else None (the caller
    folds the store). An odd or torn file is None too, never an error."""
    doc = None if signature is None else read_marshal(rows_file(data_dir, device))
    if not isinstance(doc, tuple) or len(doc) != 3 or doc[0] != ROWS_VERSION:
        return None
    if doc[1] != signature:
        return None
    rows = doc[2]
    return rows if isinstance(rows, tuple) else None


def write_rows(data_dir: str, device: str, signature: Signature, rows: tuple[Any, ...]) -> None:
    """Best effort, like write_days: a data dir that cannot be written only costs a fold."""
    write_marshal(rows_file(data_dir, device), (ROWS_VERSION, sorted(signature), rows))


# ---------------------------------------------------------------------------- a command's answer

# `prs` at 10k entries decodes every set and weighs some 150k candidates for the records:
# about as long again as the rest of the command. Its answer (the records, as plain tuples) is
# kept in a third derived file, trusted exactly as the rows are (the same file key, and only
# after a fold that warned of nothing but conflict copies) and, besides, only for the same
# `key`: what else the answer depends on (the unit, the formula, legday's code that computes
# it), so it can never disagree with the store, the settings or the code.
ANSWER_VERSION = 1


def answer_file(data_dir: str, device: str) -> str:
    return os.path.join(data_dir, f".legday-cache-{device}.prs")


def read_answer(
    data_dir: str, device: str, signature: Signature | None, key: Any
) -> tuple[list[str], Any] | None:
    """(the conflict copies to mention, the answer) as `write_answer` stored them for these
    files (`signature`: current_signature) and this `key`; else None (the caller computes)."""
    doc = None if signature is None else read_marshal(answer_file(data_dir, device))
    if not isinstance(doc, tuple) or len(doc) != 5 or doc[0] != ANSWER_VERSION:
        return None
    if doc[1] != signature or doc[2] != key or not _strings(doc[3]):
        return None
    return doc[3], doc[4]


def write_answer(
    data_dir: str, device: str, signature: Signature, key: Any, conflicts: list[str], answer: Any
) -> None:
    """Best effort, like write_rows."""
    doc = (ANSWER_VERSION, sorted(signature), key, list(conflicts), answer)
    write_marshal(answer_file(data_dir, device), doc)
