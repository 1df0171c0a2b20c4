"""The one place legday writes files: atomic replacement, appends, the lock, backups, and the
reading of files that must be regular files.

Rules (docs/RELIABILITY.md names the test for each):
- A replacement is written to a temp file beside the real file (through a symlink, to beside
  its target, so the link survives), fsynced, renamed over it, and the directory fsynced.
- Backups rotate only after the new file is in place: the old inode is linked aside first, and
  a kill at any step leaves at worst an extra good backup, never fewer.
- Temp files carry the name of the file they replace, so the next writer of that file can
  remove what a killed one left behind without touching anybody else's.
- Nothing is opened for a blocking read: a FIFO or a device where a data file should be is
  refused before a byte is read.
"""

from __future__ import annotations

import fcntl
import marshal
import os
import stat
import time as _time
from _thread import get_ident

from legday.errors import StoreError
from legday.paths import ensure_private_dir

# No contextlib or collections here, nor anything that imports them: this module is on the
# cron path (remind, status), where contextlib with the functools and collections it loads
# cost about 2 ms of a ~30 ms run. Hence try/except where `suppress` would read better, and
# the locks as small context-manager classes.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

BACKUPS_KEPT = 5
TEMP_SUFFIX = ".tmp"
PENDING_BACKUP = ".pending"
LOCK_TIMEOUT_ENV = "LEGDAY_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0

# Lock files this process holds, per thread. flock is per open file, so a second
# write_lock() in the same thread would otherwise wait on itself until the timeout.
_HELD_LOCKS: set[tuple[str, int]] = set()


def io_error(action: str, path: Path | str, exc: OSError) -> StoreError:
    reason = exc.strerror or str(exc)
    return StoreError(f"cannot {action} {path}: {reason}; nothing was changed.")


def fsync_dir(path: Path | str) -> None:
    # The rename itself must reach the disk, or a crash can bring the old file back.
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_durably(fd: int, data: bytes, *, mode: int | None = None) -> None:
    """Write all of `data` to `fd` and fsync it; `fd` is closed whatever happens. With `mode`,
    the file is first made exactly that mode (the umask may have taken bits off)."""
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def truncate_durably(path: Path, size: int) -> None:
    """Cut the file at `path` (a symlink is followed) to `size` bytes and fsync it."""
    with open(real_target(path), "r+b") as handle:
        handle.truncate(size)
        handle.flush()
        os.fsync(handle.fileno())


# ---------------------------------------------------------------------------- reading


def not_a_regular_file(path: Path | str) -> StoreError:
    from pathlib import Path as _Path

    folder = _Path(path).parent
    backups = folder / "backups" if folder.name != "devices" else folder.parent / "backups"
    # Only a folder that exists is named (a pointer to nothing sends the user searching).
    kept = f" (backups are in {backups})" if backups.is_dir() else ""
    return StoreError(
        f"{path} is not a regular file (a directory, pipe or device), so legday will not read "
        f"or write it; move it away to continue{kept}."
    )


def read_regular(path: Path | str) -> tuple[bytes, os.stat_result] | None:
    """The bytes of `path` and its fstat, or None when it does not exist. A path that is not a
    regular file is refused (StoreError) without ever blocking on it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise not_a_regular_file(path) from None
    except OSError as exc:
        raise io_error("read", path, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_a_regular_file(path)
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks), info
    except OSError as exc:
        raise io_error("read", path, exc) from None
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- writing


def write_derived(path: str, data: bytes) -> None:
    """Best effort, for a file derived from others (a cache): written whole to a temp file
    named `<path>.<pid>.<hex>.tmp` and renamed over `path`, not fsynced (a torn file is not
    marshal's, so no reader trusts it), and simply not written when it cannot be (a read-only
    or missing folder): a cache that is not there only costs its next reader the slow way."""
    temp = f"{path}.{os.getpid()}.{os.urandom(3).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, data)  # a rows cache is megabytes: one write may not take it all
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError:
        unlink_quietly(temp)


def unlink_quietly(path: str | Path) -> None:
    """Remove `path` if it can be; a cache or temp file that stays only costs space."""
    try:  # noqa: SIM105 - contextlib.suppress would bring contextlib onto the cron path
        os.unlink(path)
    except OSError:
        pass


def read_marshal(path: str) -> Any:
    """What a derived file written by `write_marshal` holds, or None when it is missing or not
    marshal's (an odd or torn file is never an error: the caller computes the answer). The
    caches are marshal, not JSON: marshal is built in, where `json` (with `re`) costs the cron
    path about 3 ms to import, and it loads a rows cache some ten times faster."""
    try:
        with open(path, "rb") as handle:
            return marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError, MemoryError, RecursionError):
        return None  # marshal refuses what it did not write; a length it cannot allocate too


def write_marshal(path: str, doc: Any) -> None:
    """Write `doc` to a derived file (write_derived) when the command ends without an error
    (legday.exit): a refused command writes nothing, not even a cache. One that holds
    something marshal cannot write is simply not written."""
    try:
        data = marshal.dumps(doc)
    except ValueError:
        return
    from legday.exit import write_when_done

    write_when_done(path, lambda: write_derived(path, data))


def real_target(path: Path) -> Path:
    """Where a write to `path` must land: through a symlink to its target, so that a data file
    linked into a synced folder keeps receiving writes."""
    if path.is_symlink():
        from pathlib import Path as _Path

        return _Path(os.path.realpath(path))
    return path


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def create_temp(path: Path) -> tuple[int, str]:
    # Not tempfile.mkstemp: tempfile costs tens of ms to import. O_EXCL with 0600 is what it does.
    for _ in range(100):
        name = os.path.join(path.parent, f"{temp_prefix(path)}{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp name beside {path}")


def atomic_write(
    path: Path, data: bytes, *, backup_dir: Path | None = None, through_link: bool = False
) -> None:
    """Replace `path` with `data` all at once: a reader sees the old or the new file, never a
    mix, and a crash leaves the old one in place. With `backup_dir`, the file as it was is kept
    there as NAME.1 (older ones shift up to NAME.5), but only once the new file is in place.
    `through_link`: a symlink at `path` is written through (legday's own data files); else the
    link itself is replaced and its target never touched (files a user names)."""
    target = real_target(path) if through_link else path
    ensure_private_dir(target.parent)
    tmp_name = None
    pending = None
    try:
        remove_stale_temps(target)
        fd, tmp_name = create_temp(target)
        write_durably(fd, data)
        if backup_dir is not None:
            pending = _keep_old_inode(target, backup_dir)
        os.replace(tmp_name, target)
        tmp_name = None
        fsync_dir(target.parent)
    except OSError as exc:
        if pending is not None:
            unlink_quietly(str(pending))  # the old file is still in place: nothing to keep
        raise io_error("write", path, exc) from None
    finally:
        if tmp_name is not None:
            unlink_quietly(tmp_name)
    if pending is not None and backup_dir is not None:
        rotate_backups(backup_dir, path.name)


def remove_stale_temps(path: Path) -> None:
    """Remove temp files a killed writer of `path` left beside it (the caller holds the lock
    that every writer of `path` takes, so none of them is in flight)."""
    prefix = temp_prefix(path)
    try:
        with os.scandir(path.parent) as entries:
            stale = [
                entry.path
                for entry in entries
                if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)
            ]
    except OSError:
        return
    for name in stale:
        unlink_quietly(name)


# ---------------------------------------------------------------------------- backups


def pending_name(backup_dir: Path, name: str) -> Path:
    return backup_dir / f"{name}{PENDING_BACKUP}"


def _keep_old_inode(target: Path, backup_dir: Path) -> Path | None:
    """Link the file as it is now to NAME.pending in `backup_dir` (a hard link costs nothing;
    the rename then replaces the name, not the old inode). None when there is no old file."""
    if not target.exists():
        return None
    ensure_private_dir(backup_dir)
    pending = pending_name(backup_dir, target.name)
    if pending.exists():
        # A kill after the rename but before the rotation left a good backup here: keep it.
        rotate_backups(backup_dir, target.name)
    try:
        os.link(target, pending)
    except OSError:
        import shutil

        shutil.copy2(target, pending)
    return pending


def rotate_backups(backup_dir: Path, name: str) -> None:
    """NAME.pending becomes NAME.1 and older backups shift up; the oldest past BACKUPS_KEPT goes.
    Run only once the new file is durable, so a failed write never costs a backup."""
    pending = pending_name(backup_dir, name)
    if not pending.exists():
        return
    newest = backup_dir / f"{name}.1"
    if newest.exists() and _same_bytes(newest, pending):
        os.unlink(pending)  # already kept: a duplicate would push a distinct one out
        return
    for index in range(BACKUPS_KEPT - 1, 0, -1):
        older = backup_dir / f"{name}.{index}"
        if older.exists():
            os.replace(older, backup_dir / f"{name}.{index + 1}")
    os.replace(pending, newest)
    fsync_dir(backup_dir)


def _same_bytes(first: Path, second: Path) -> bool:
    try:
        a, b = first.stat(), second.stat()
        if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
            return True
        return a.st_size == b.st_size and first.read_bytes() == second.read_bytes()
    except OSError:
        return False


# ---------------------------------------------------------------------------- the lock


def seconds_from_env(name: str, default: float, floor: float) -> float:
    """The seconds environment variable `name` asks for (at least `floor`); `default` when it
    is unset or not a number."""
    try:
        return max(floor, float(os.environ.get(name, default)))
    except ValueError:
        return default


class _HeldDescriptor:
    """A descriptor held while the `with` block runs and closed after it (closing it releases
    a flock on it)."""

    fd: int | None = None

    def _release(self) -> None:
        """What else ends with the block (nothing here)."""

    def __exit__(self, *_exception: object) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            self._release()
            os.close(fd)


class file_lock(_HeldDescriptor):  # noqa: N801 - used as a function: `with file_lock(path):`
    """Hold an inter-process lock (flock: released by the kernel if the holder dies, so a
    crash never leaves a stale lock behind). Nested use in one thread (inside a transaction)
    takes nothing more."""

    def __init__(self, lock_file: str | os.PathLike[str], *, what: str = "writing") -> None:
        self.lock_file, self.what = os.fspath(lock_file), what
        self.key = (self.lock_file, get_ident())

    def __enter__(self) -> None:
        if self.key in _HELD_LOCKS:
            return  # already ours
        try:
            ensure_private_dir(os.path.dirname(self.lock_file) or ".")
            fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise io_error("open the lock file", self.lock_file, exc) from None
        _hold(self, fd, self.lock_file, self.what)
        _HELD_LOCKS.add(self.key)

    def _release(self) -> None:
        _HELD_LOCKS.discard(self.key)


class new_dir_lock(file_lock):  # noqa: N801 - used as a function, as file_lock is
    """The lock of a data dir that does not exist yet, held from the moment the dir appears:
    the dir is made beside where it goes, under a name of its own, with its lock file
    already held, then renamed into place. A writer that finds the dir can only open a lock
    file that is taken, so it waits, instead of winning the lock before the one that made
    the dir (which then had to refuse its change). Where the dir turned up meanwhile, it is
    locked as any writer locks it."""

    def __enter__(self) -> None:
        if self.key in _HELD_LOCKS:
            return
        folder = os.path.dirname(self.lock_file)
        parent, name = os.path.split(folder)
        # Random, not the pid: a crashed writer's leftover may carry a pid that comes round.
        staging = os.path.join(parent, f".{name}.new-{os.urandom(6).hex()}")
        staged_lock = os.path.join(staging, os.path.basename(self.lock_file))
        try:
            ensure_private_dir(parent)
            os.mkdir(staging, 0o700)
            fd = os.open(staged_lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise io_error("create", folder, exc) from None
        fcntl.flock(fd, fcntl.LOCK_EX)  # a file no other process can know yet: never waits
        try:
            os.rename(staging, folder)  # fails if the dir appeared and holds anything
        except OSError:
            os.close(fd)
            unlink_quietly(staged_lock)
            os.rmdir(staging)
            super().__enter__()
            return
        fsync_dir(parent)
        self.fd = fd
        _HELD_LOCKS.add(self.key)


class folder_lock(_HeldDescriptor):  # noqa: N801 - used as a function: `with folder_lock(path):`
    """Hold flock on an existing folder itself: the lock of a data dir that does not exist
    yet, taken on the nearest folder above it that does, so that creating nothing, writers of
    a new home still take turns (see Store.transaction)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        try:
            fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise io_error("lock", self.folder, exc) from None
        _hold(self, fd, self.folder, "writing")


def _hold(holder: _HeldDescriptor, fd: int, what_path: str | Path, what: str) -> None:
    """Lock `fd` (waiting up to the timeout) and give it to `holder`; closed on failure."""
    try:
        _acquire(fd, what_path, seconds_from_env(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT, 0.0), what)
    except BaseException:
        os.close(fd)
        raise
    holder.fd = fd


def try_lock(lock_file: str | os.PathLike[str]) -> int | None:
    """The descriptor of `lock_file` locked at once, or None when it is busy or cannot be
    opened (a reader's opportunistic lock: it never waits and never fails)."""
    try:
        fd = os.open(lock_file, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _acquire(fd: int, lock_path: str | Path, timeout: float, what: str) -> None:
    deadline = _time.monotonic() + timeout
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if _time.monotonic() >= deadline:
                raise StoreError(
                    f"another legday is {what} (lock {lock_path} held for over {timeout:g} s); "
                    "try again in a moment."
                ) from None
            _time.sleep(delay)  # polling keeps the timeout exact; flock has none of its own
            delay = min(delay * 2, 0.05)
