"""`sync = "auto"`: after a command that changed the store, start `legday sync --background`.

On the path of every write (`legday log` included), so it imports nothing but os and sys: the
store notes each write here, and the exit point calls `after_command()` once the command is
done. The child is started with posix_spawn in a session of its own (no terminal to prompt
on, untouched by the shell's Ctrl-C), its output going to `.legday-sync.log` in the data dir;
the command that wrote does not wait for it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.paths import Paths

LOG_FILE = ".legday-sync.log"  # in the data dir: what background syncs said
LOG_LIMIT = 256 * 1024  # past this the log starts again: it says how recent syncs went
_written: list[Paths] = []


def note_write(paths: Paths) -> None:
    if not _written:
        _written.append(paths)


def forget() -> None:
    """No background sync for what this process wrote (`legday sync` itself syncs it)."""
    _written.clear()


def after_command() -> int | None:
    """Start a background sync when this process wrote and the settings ask for it; its pid.
    Never raises: the command's own work is done whatever happens here."""
    if not _written:
        return None
    paths = _written.pop()  # the only one: note_write keeps the first
    try:
        if not os.path.isdir(os.path.join(paths.data_dir, ".git")) or not _wanted(paths):
            return None
        return _spawn(os.path.join(paths.data_dir, LOG_FILE))
    except Exception as exc:  # a write is never reported as failed because of its sync
        from legday.render.sync_views import background_sync_not_started

        background_sync_not_started(exc)
        return None


def _wanted(paths: Paths) -> bool:
    from legday.config import load_config

    return load_config(paths).sync == "auto"


def _spawn(log_path: str) -> int:
    try:
        too_big = os.stat(log_path).st_size > LOG_LIMIT
    except OSError:
        too_big = False
    mode = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if too_big else os.O_APPEND)
    argv = [sys.executable, "-m", "legday", "sync", "--background"]
    return os.posix_spawn(
        sys.executable,
        argv,
        os.environ,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, log_path, mode, 0o600),
            (os.POSIX_SPAWN_DUP2, 1, 2),
        ],
        setsid=True,
    )
