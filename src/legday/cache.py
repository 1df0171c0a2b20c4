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

import contextlib
import json
import os

from legday.files import write_derived

CACHE_VERSION = 1
SESSIONS_FILE = "sessions.jsonl"
REST_WEEKS_FILE = "rest_weeks.json"
DEVICES_DIR = "devices"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias, TypeGuard

    Signature: TypeAlias = list[list[Any]]


def cache_file(data_dir: str, device: str) -> str:
    return os.path.join(data_dir, f".legday-cache-{device}.json")


def file_key(name: str, info: os.stat_result) -> list[Any]:
    return [name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def source_names(data_dir: str) -> list[str]:
    """Every file the fold reads, relative to the data dir: the legacy files when present and
    every op log (and sync tool conflict copy) in devices/."""
    names = [SESSIONS_FILE, REST_WEEKS_FILE]
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


def current_signature(data_dir: str) -> Signature | None:
    """The key of the files as they are now; None when one cannot be looked at."""
    signature = []
    for name in source_names(data_dir):
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
    try:
        with open(cache_file(data_dir, device), "rb") as handle:
            doc = json.loads(handle.read().decode("utf-8"))
    except FileNotFoundError:
        # No cache: with no store file at all the answer is known without a fold.
        return ([], [], []) if current_signature(data_dir) == [] else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("v") != CACHE_VERSION:
        return None
    if quiet and doc.get("quiet") is not True:
        return None
    if doc.get("sources") != current_signature(data_dir):
        return None
    legs, rest, conflicts = doc.get("leg_days"), doc.get("rest_days"), doc.get("conflicts")
    if not (_strings(legs) and _strings(rest) and _strings(conflicts)):
        return None
    return legs, rest, conflicts


def _strings(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def remove_stale_temps(data_dir: str, device: str) -> None:
    """Remove the temp files of this device's cache that killed writers left (a writer calls
    it under the write lock; a reader's temp in flight is at worst remade)."""
    prefix = os.path.basename(cache_file(data_dir, device)) + "."
    with contextlib.suppress(OSError), os.scandir(data_dir) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


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
    cache file is not JSON, so it is never trusted. `quiet`: see read_days."""
    doc = {
        "v": CACHE_VERSION,
        "sources": sorted(signature),
        "leg_days": sorted(set(leg_days)),
        "rest_days": sorted(set(rest_days)),
        "conflicts": sorted(conflicts),
        "quiet": quiet,
    }
    # remove_stale_temps knows write_derived's temp names.
    write_derived(cache_file(data_dir, device), json.dumps(doc, separators=(",", ":")).encode())
