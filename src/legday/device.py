"""Which device this is: the name of the one op-log file this machine appends to.

Two machines that share a data folder (a synced folder, or `legday sync` over git) must never
write the same file, so the name must differ per machine and must never travel with the data:
- `LEGDAY_DEVICE=NAME` wins (readable names; tests play several machines on one this way);
- else `<hostname>-<8 hex digits>`, the digits a checksum of the machine id
  (/etc/machine-id, which systemd and dbus keep per installation), never the id itself;
- else (macOS, Termux, containers without a machine id) a random id kept in a file in the
  user's state dir, outside the data folder, made once.
Nothing here is written inside the data dir, so syncing it can never copy an identity.
"""

from __future__ import annotations

import os

from legday.errors import UsageError

DEVICE_ENV = "LEGDAY_DEVICE"
MACHINE_ID_FILES = ("/etc/machine-id", "/var/lib/dbus/machine-id")
STATE_FILE = "device-id"
MAX_NAME = 64
# Checked with str methods, not `re`: this runs on every cron and prompt run (remind, status),
# where importing re costs about 1.5 ms.
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NAME_CHARS = _ALNUM | frozenset("_.-")
_HOST_CHARS = _ALNUM | frozenset("_-")
_HEX = frozenset("0123456789abcdef")


def is_device_name(text: str) -> bool:
    """1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit, and
    never a sync tool's conflict-copy name."""
    if not 1 <= len(text) <= MAX_NAME or text[0] not in _ALNUM:
        return False
    return _NAME_CHARS.issuperset(text) and ".sync-conflict-" not in text


def _safe_host(name: str) -> str:
    """`name` with every run of characters other than letters, digits, '_' and '-' as one '-'."""
    out: list[str] = []
    in_run = False
    for char in name:
        if char in _HOST_CHARS:
            out.append(char)
        elif not in_run:
            out.append("-")
        in_run = char not in _HOST_CHARS
    return "".join(out)


def _is_id(text: str) -> bool:
    return len(text) == 32 and _HEX.issuperset(text)


def current_device() -> str:
    override = os.environ.get(DEVICE_ENV, "").strip()
    if override:
        if not is_device_name(override):
            raise UsageError(
                f"{DEVICE_ENV}={override!r} is not a usable device name: use 1 to {MAX_NAME} "
                "letters, digits, '.', '_' or '-', starting with a letter or digit "
                "(e.g. LEGDAY_DEVICE=laptop)."
            )
        return override
    host = _safe_host(os.uname().nodename.split(".")[0]).strip("-")[:40] or "device"
    return f"{host}-{_machine_tag()}"


def _machine_tag() -> str:
    machine_id = _read_machine_id() or _state_file_id()
    import zlib

    # A checksum, not the id: systemd asks that the machine id itself not be published, and a
    # synced folder or a git remote is a kind of publishing.
    return f"{zlib.crc32(('legday:' + machine_id).encode()):08x}"


def _read_machine_id() -> str | None:
    for path in MACHINE_ID_FILES:
        try:
            with open(path, encoding="ascii", errors="replace") as handle:
                text = handle.read(128).strip()
        except OSError:
            continue
        if _is_id(text):
            return text
    return None


def _state_file_id(*, retry: bool = True) -> str:
    """A random id made once and kept in the user's state dir (never the data dir)."""
    try:
        import platformdirs

        folder = platformdirs.user_state_dir("legday", appauthor=False)
    except Exception:  # no home directory at all: the host name alone must do
        return "nohome"
    path = os.path.join(folder, STATE_FILE)
    try:
        with open(path, encoding="ascii") as handle:
            text = handle.read(64).strip()
        if _is_id(text):
            return text
    except OSError:
        pass
    fresh = os.urandom(16).hex()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(fresh + "\n")
    except FileExistsError:
        # Another process made it first: use theirs.
        return _state_file_id(retry=False) if retry else "nostate"
    except OSError:
        return "nostate"
    return fresh
