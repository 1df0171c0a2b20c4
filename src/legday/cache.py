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
from legday.paths import DEVICES_DIR, REST_WEEKS_FILE, SESSIONS_FILE  # loaded by legday.files

CACHE_VERSION = 3  # 3: marshal, in .days (2: JSON, in .json)
DAY_WIDTH = 10  # "YYYY-MM-DD"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias, TypeGuard

    # The file keys of every source of the fold, sorted (current_signature, Snapshot.signature).
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
    data_dir: str, device: str, since: str = "", *, quiet: bool = False
) -> tuple[list[str], list[str], list[str], bool] | None:
    """(the leg days on or after `since`, an ISO date (all of them when empty), the rest
    days, the conflict copies, and whether those leg days are all of them) when the cache
    matches the files exactly; None otherwise (the caller folds the store, which remakes it).
    The cost grows with the days returned, not with the history: the cron path asks for a
    recent window and widens it only when the streak reaches past it.
    `quiet`: only a cache whose fold had nothing to say but the conflict copies (no torn or
    unfinished end, no legacy file), so a reader may answer from it in place of a fold
    without leaving out a warning the fold gives."""
    path = cache_file(data_dir, device)
    signature = current_signature(data_dir, device)
    doc = _keyed(path, CACHE_VERSION, signature, 6)
    if doc is None:
        # No cache: with no store file at all the answer is known without a fold.
        return ([], [], [], True) if signature == [] and not os.path.lexists(path) else None
    _, _, blob, rest, conflicts, was_quiet = doc
    if quiet and was_quiet is not True:
        return None
    if not (isinstance(blob, str) and len(blob) % DAY_WIDTH == 0):
        return None
    if not (_strings(rest) and _strings(conflicts)):
        return None
    count = len(blob) // DAY_WIDTH
    first = _first_on_or_after(blob, count, since)
    days = [blob[index * DAY_WIDTH : (index + 1) * DAY_WIDTH] for index in range(first, count)]
    return days, rest, conflicts, first == 0


def _keyed(path: str, version: int, signature: Signature | None, size: int) -> Any:
    """The tuple of `size` fields a derived file holds when it is of `version` and was made
    from the files whose key is `signature` (current_signature: the files as they are now),
    else None (the caller computes the answer). An odd or torn file is None, never an error."""
    doc = None if signature is None else read_marshal(path)
    if isinstance(doc, tuple) and len(doc) == size and doc[0] == version and doc[1] == signature:
        return doc
    return None


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
    # window by binary search instead of decoding every day (read_days).
    blob = "".join(days)
    doc = (CACHE_VERSION, signature, blob, sorted(set(rest_days)), sorted(conflicts), quiet)
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
    """The fold's rows as `write_rows` stored them for the files whose key is `signature`
    (see _keyed), else None (the caller folds the store)."""
    doc = _keyed(rows_file(data_dir, device), ROWS_VERSION, signature, 3)
    return doc[2] if doc is not None and isinstance(doc[2], tuple) else None


def write_rows(data_dir: str, device: str, signature: Signature, rows: tuple[Any, ...]) -> None:
    """Best effort, like write_days: a data dir that cannot be written only costs a fold."""
    write_marshal(rows_file(data_dir, device), (ROWS_VERSION, signature, rows))


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
    files (see _keyed) and this `key`; else None (the caller computes)."""
    doc = _keyed(answer_file(data_dir, device), ANSWER_VERSION, signature, 5)
    if doc is None or doc[2] != key or not _strings(doc[3]):
        return None
    return doc[3], doc[4]


def write_answer(
    data_dir: str, device: str, signature: Signature, key: Any, conflicts: list[str], answer: Any
) -> None:
    """Best effort, like write_rows."""
    doc = (ANSWER_VERSION, signature, key, list(conflicts), answer)
    write_marshal(answer_file(data_dir, device), doc)
