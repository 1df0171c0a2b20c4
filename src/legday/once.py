"""`legday remind --once-a-day`: remember, per date, that the reminder was shown.

For a line in ~/.bashrc: every new terminal runs remind, and only the first one of the date
should print. The memory is one empty file per date and device,
`reminded/<device>/YYYY-MM-DD` in the data dir, created with O_CREAT | O_EXCL: creating it is
atomic, so of several shells started at once exactly one creates it and prints; the others
find it there and stay quiet. Older dates are removed by the process that creates a new one.
Per device, because the data dir may be a synced folder: one machine's first shell of the day
must not silence another machine's (and `legday sync` keeps `reminded/` out of git).

On the cron path: imports nothing but os and legday.files (which the cron path has loaded
already; not even contextlib, which the cron path does without: see legday.files).
"""

from __future__ import annotations

import os

from legday.files import unlink_quietly

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

MARKER_DIR = "reminded"


def marker_dir(data_dir: str, device: str) -> str:
    return os.path.join(data_dir, MARKER_DIR, device)


def marker_path(data_dir: str, device: str, day: date) -> str:
    return os.path.join(marker_dir(data_dir, device), day.isoformat())


def already_shown(data_dir: str, device: str, day: date) -> bool:
    return os.path.exists(marker_path(data_dir, device, day))


def claim(data_dir: str, device: str, day: date) -> bool:
    """True when this process is the first to show the reminder of `day` (and now has the
    marker); False when another process already did.

    OSError when the marker cannot be written (a read-only data dir): the caller decides
    whether to show the reminder anyway."""
    folder = marker_dir(data_dir, device)
    _make_private_dirs(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(marker_path(data_dir, device, day), flags, 0o600))
    except FileExistsError:
        return False
    _forget_before(folder, day)
    _forget_before(os.path.dirname(folder), day)  # marks of a legday that kept them shared
    return True


def _forget_before(folder: str, day: date) -> None:
    # Only earlier dates: a process that is still on the previous date (started just before
    # midnight) must not remove the marker another process made for the new date.
    today = day.isoformat()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if len(name) == len(today) and name < today and name[:2].isdigit():
            # Another shell may have removed it first, or it is not ours to remove.
            unlink_quietly(os.path.join(folder, name))


def _make_private_dirs(path: str) -> None:
    """Create `path` and its missing parents 0700, as legday creates its data dir."""
    missing = []
    current = path
    while not os.path.isdir(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in reversed(missing):
        try:  # noqa: SIM105 - contextlib.suppress would bring contextlib in
            os.mkdir(folder, 0o700)
        except FileExistsError:  # a concurrent shell made it
            pass
