"""Writing files the user names (`export --output`, `stats --save`): one safe path for all.

A name on the command line may point anywhere: at an existing file, a symlink into another
file, a FIFO nobody reads, a device. So a user-named file is only ever written as a regular
file, 0600 whatever the umask, and never through a link:

- a name that does not exist is created exclusively (O_EXCL, which refuses to follow a link,
  dangling or not), in a folder that must already exist;
- an existing regular file or symlink is replaced only with `--force`, by renaming a finished
  temporary file over the *name* (the link itself is replaced, its target left alone);
- a directory, FIFO, socket or device is refused, with or without `--force`, and never opened.

The data files have their own writer in legday.store (it creates the data dir and holds the
lock); this one creates no folders and reports a user's mistake as bad input (exit 2).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from legday import files
from legday.errors import StoreError, UsageError

FILE_MODE = 0o600


def user_path(text: str, *, what: str, example: str) -> Path:
    """The path a user typed for `what` (an option or argument name); an empty one is refused
    here, because Path("") silently means the current folder."""
    if not text.strip():
        raise UsageError(f"the path given to {what} is empty; name a file, e.g. {example}.")
    return Path(text)


def write_user_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to the file the user named `path` (see the module docstring)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        _create(path, data)
        return
    except NotADirectoryError:
        raise UsageError(f"the folder of {path} is not a folder.") from None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(found.st_mode):
        raise UsageError(f"{path} is a directory; name a file.")
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
        raise UsageError(f"{path} is not a regular file (a FIFO, socket or device); name a file.")
    if not force:
        raise UsageError(f"{path} already exists; add --force to replace it.")
    _replace(path, data)


def _create(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except FileNotFoundError:
        raise UsageError(f"the folder of {path} does not exist.") from None
    except FileExistsError:  # created between the lstat and now: never write through it
        raise UsageError(f"{path} already exists; add --force to replace it.") from None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}.") from None
    try:
        files.write_durably(fd, data, mode=FILE_MODE)
    except OSError as exc:
        files.unlink_quietly(path)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}.") from None


def _replace(path: Path, data: bytes) -> None:
    tmp_name: str | None = None
    try:
        fd, tmp_name = files.create_temp(path)  # `.NAME.<random>.tmp` beside it, 0600
        files.write_durably(fd, data, mode=FILE_MODE)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        if tmp_name is not None:
            files.unlink_quietly(tmp_name)
