"""Lines of other devices' logs that `legday doctor --fix` set aside on this machine.

A device never writes another device's log (docs/RELIABILITY.md), so an unreadable line in
one cannot be cut out of it here. Instead `doctor --fix` lists the line's SHA-256 in this
machine's own file, `.legday-set-aside-<device>.json` in the data dir, and every fold on this
machine skips exactly those lines of that log. The file is this machine's alone: git ignores
it (`legday sync` carries only device logs) and another machine sharing the folder has its own
name. Nothing is deleted: the bytes stay in that device's log, and once that device repairs
or compacts its log the listed line is gone and its hash matches nothing.

The file is a source of the fold, so the derived cache's key includes it (legday.cache).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from legday import files
from legday.cache import set_aside_name

VERSION = 1

# name of a device log in devices/ → the SHA-256 (hex) of each line of it to skip
SetAside = dict[str, frozenset[str]]


def path_of(data_dir: str, device: str) -> Path:
    return Path(data_dir, set_aside_name(device))


def digest(line: bytes) -> str:
    """The hash a line is listed by: its bytes without the newline."""
    import hashlib  # only once a list exists: every fold imports this module

    return hashlib.sha256(line.rstrip(b"\r")).hexdigest()


def read(data_dir: str, device: str) -> tuple[SetAside, os.stat_result | None]:
    """This machine's list and the file's stat (None when there is no file). A list that is
    not what legday writes skips nothing, so the fold reports those lines as damaged again and
    doctor lists them anew."""
    found = files.read_regular(path_of(data_dir, device))
    if found is None:
        return {}, None
    data, info = found
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}, info
    logs = doc.get("logs") if isinstance(doc, dict) and doc.get("v") == VERSION else None
    if not isinstance(logs, dict):
        return {}, info
    listed = {
        name: frozenset(hashes)
        for name, hashes in logs.items()
        if isinstance(hashes, list) and all(isinstance(h, str) for h in hashes)
    }
    return listed, info


def without(data: bytes, hashes: frozenset[str]) -> bytes:
    """The log's bytes with the listed lines left out (a torn end after the last newline is
    kept as it is, for the fold to judge)."""
    end = data.rfind(b"\n") + 1
    kept = [line for line in data[:end].split(b"\n")[:-1] if digest(line) not in hashes]
    return b"".join(line + b"\n" for line in kept) + data[end:]


def add(data_dir: str, device: str, log_name: str, lines: list[bytes]) -> Path:
    """List `lines` of the log `log_name` as set aside on this machine (written atomically;
    no backup: losing the list only makes those lines count as damage again); returns its
    path."""
    logs = {name: set(hashes) for name, hashes in read(data_dir, device)[0].items()}
    logs.setdefault(log_name, set()).update(digest(line) for line in lines)
    doc = {"v": VERSION, "logs": {name: sorted(hashes) for name, hashes in sorted(logs.items())}}
    path = path_of(data_dir, device)
    body = json.dumps(doc, indent=1).encode() + b"\n"
    files.atomic_write(path, body, through_link=True)
    return path
