"""Where legday keeps its files: LEGDAY_HOME when set, else the platform's user dirs.

Paths are resolved on every call, never at import, so a test (or a user) can relocate all
state by setting one environment variable.

One answer for every command: `locate()` gives a `Paths` of plain strings, spelled exactly as
pathlib would print them, without importing pathlib (the cron path cannot afford it).
"""

from __future__ import annotations

import os
import sys

from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HOME_ENV = "LEGDAY_HOME"
APP_NAME = "legday"
SESSIONS_FILE = "sessions.jsonl"
REST_WEEKS_FILE = "rest_weeks.json"
CONFIG_FILE = "config.toml"
LOCK_FILE = ".legday.lock"
SYNC_LOCK_FILE = ".legday-sync.lock"
BACKUP_DIR = "backups"
DEVICES_DIR = "devices"


class Paths(Value):
    """The data and config directories and the files legday keeps in them, as plain strings
    spelled as pathlib prints them: no pathlib, so that the cron path, which cannot afford
    to import it, shares this one class with the store and every command. A caller that
    wants pathlib's operations wraps a path where it uses it (`Path(paths.lock_file)`)."""

    __slots__ = ("data_dir", "config_dir")

    def __init__(
        self, data_dir: str | os.PathLike[str], config_dir: str | os.PathLike[str]
    ) -> None:
        # Spelled as pathlib would print them (a str(Path(...)) already is), so that every
        # message naming a path reads as it did when these were pathlib paths.
        self.data_dir = _as_pathlib_prints(os.fspath(data_dir))
        self.config_dir = _as_pathlib_prints(os.fspath(config_dir))

    @property
    def sessions_file(self) -> str:
        return os.path.join(self.data_dir, SESSIONS_FILE)

    @property
    def rest_weeks_file(self) -> str:
        return os.path.join(self.data_dir, REST_WEEKS_FILE)

    @property
    def config_file(self) -> str:
        return os.path.join(self.config_dir, CONFIG_FILE)

    @property
    def lock_file(self) -> str:
        return os.path.join(self.data_dir, LOCK_FILE)

    @property
    def backup_dir(self) -> str:
        return os.path.join(self.data_dir, BACKUP_DIR)

    @property
    def devices_dir(self) -> str:
        return os.path.join(self.data_dir, DEVICES_DIR)

    @property
    def sync_lock_file(self) -> str:
        return os.path.join(self.data_dir, SYNC_LOCK_FILE)

    def device_file(self, device: str) -> str:
        return os.path.join(self.devices_dir, f"{device}.jsonl")

    def to_json(self, device: str) -> dict[str, str]:
        """`legday path --json`: sessions_file is where this device's changes go (its op
        log), the same file as device_file."""
        device_file = self.device_file(device)
        return {
            "data_dir": self.data_dir,
            "sessions_file": device_file,
            "config_file": self.config_file,
            "device": device,
            "device_file": device_file,
        }


def locate() -> Paths:
    """Where the files are right now: LEGDAY_HOME for both dirs when set, else platformdirs'
    answer (remembered, see `_remembered`)."""
    override = home_override_text()
    if override is not None:
        return Paths(override, override)
    cache_file = _dirs_cache_file()
    key = None if cache_file is None else _platformdirs_key()
    if cache_file is not None and key is not None:
        remembered = _remembered(cache_file, key)
        if remembered is not None:
            return remembered
    import platformdirs

    found = Paths(
        data_dir=platformdirs.user_data_dir(APP_NAME, appauthor=False),
        config_dir=platformdirs.user_config_dir(APP_NAME, appauthor=False),
    )
    if cache_file is not None:
        _remember(cache_file, os.path.dirname(platformdirs.__file__), found)
    return found


# The default user's folders, remembered: importing platformdirs (pathlib, tempfile, shutil
# and more on its way in) cost remind about 12 ms, 0.9x of `python -c pass`, on top of its 2x
# and past its 2.5x budget; reading this small file costs about 0.4 ms even on a heavily
# loaded machine (docs/PERFORMANCE.md). The answer is reused only while everything it
# depends on is unchanged: platformdirs' own source files (path, size, mtime), the platform
# and user ids, and every environment variable its source names (HOME, XDG_*, the Android
# probes ...), listed from that source when the answer is remembered.
# No copy of platformdirs' rules: a folder it would not name is never used.
DIRS_CACHE = "dirs.marshal"
DIRS_CACHE_ANSWERS = 8
_ENV_NAME = b'"([A-Z][A-Z0-9_]{2,})"'


def _dirs_cache_file() -> str | None:
    """$XDG_CACHE_HOME/legday/dirs.marshal, else ~/.cache/legday/dirs.marshal; None without an
    absolute HOME (platformdirs would then ask the password database: not remembered)."""
    home = os.environ.get("HOME", "")
    if not home.startswith("/"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base.startswith("/"):
        base = os.path.join(home, ".cache")
    return os.path.join(base, APP_NAME, DIRS_CACHE)


def _platformdirs_source() -> str | None:
    """The folder `import platformdirs` would load from, found as the path finder finds a
    package (the cache file also records where it really loaded from, and must agree)."""
    for entry in sys.path:
        folder = os.path.join(entry or ".", "platformdirs")
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return folder
    return None


def _source_stamp(folder: str) -> list[list[object]]:
    with os.scandir(folder) as entries:
        files = [entry for entry in entries if entry.name.endswith(".py")]
    stamps = [[f.name, f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    return sorted(stamps, key=lambda stamp: str(stamp[0]))


def _platformdirs_key() -> list[object] | None:
    folder = _platformdirs_source()
    if folder is None:
        return None
    ids = [sys.platform, hasattr(sys, "getandroidapilevel"), os.getuid(), os.geteuid()]
    return [folder, _source_stamp(folder), ids]


def _remembered(cache_file: str, key: list[object]) -> Paths | None:
    saved = _read_dirs_cache(cache_file)
    if saved is None or saved.get("key") != key:
        return None
    values = [os.environ.get(name) for name in saved["env"]]
    for answer in saved["answers"]:
        if answer[0] == values:
            return Paths(str(answer[1]), str(answer[2]))
    return None


def _read_dirs_cache(cache_file: str) -> dict[str, Any] | None:
    # marshal, not json: json (with re) costs the cron path about 3 ms to import.
    from legday.files import read_marshal  # files imports this module

    saved = read_marshal(cache_file)  # None when absent or not marshal's
    try:
        if isinstance(saved["env"], list) and isinstance(saved["answers"], list):
            return dict(saved)
    except (KeyError, TypeError, ValueError):
        pass  # damaged or from another layout: platformdirs answers
    return None


def _remember(cache_file: str, loaded_from: str, found: Paths) -> None:
    import marshal
    import re

    key = _platformdirs_key()
    if key is None or key[0] != loaded_from:
        return  # loaded from elsewhere than the path finder's first match: not remembered
    names: set[str] = set()
    for name, *_ in _source_stamp(loaded_from):
        with open(os.path.join(loaded_from, str(name)), "rb") as handle:
            names.update(match.decode() for match in re.findall(_ENV_NAME, handle.read()))
    env = sorted(names | {"HOME"})
    # A few answers, one per environment (cron's and a terminal's differ in SHELL, say), so
    # that runs from each do not undo each other's.
    earlier = _read_dirs_cache(cache_file)
    answers = (
        earlier["answers"] if earlier and earlier["key"] == key and earlier["env"] == env else []
    )
    values = [os.environ.get(name) for name in env]
    others = [answer for answer in answers if answer[0] != values]
    answers = [[values, found.data_dir, found.config_dir], *others[: DIRS_CACHE_ANSWERS - 1]]
    document = {"key": key, "env": env, "answers": answers}
    try:
        os.makedirs(os.path.dirname(cache_file), mode=0o700, exist_ok=True)
        temporary = f"{cache_file}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(marshal.dumps(document))
        os.replace(temporary, cache_file)
    except (OSError, ValueError):
        pass  # a cache only: the next run asks platformdirs again


def home_override_text() -> str | None:
    """`str(Path(LEGDAY_HOME).expanduser().absolute())` without importing pathlib (the cron
    path runs in a few tens of ms and pathlib alone costs several): the same normalisation,
    with `..` kept as it is, because the kernel resolves it through symlinks."""
    value = os.environ.get(HOME_ENV, "").strip()
    if not value:
        return None
    root, parts = _split(value)
    if not root and parts and parts[0].startswith("~"):
        home = os.path.expanduser(parts[0])
        if home.startswith("~"):
            raise RuntimeError("Could not determine home directory.")  # pathlib's own words
        root, home_parts = _split(home)
        parts = home_parts + parts[1:]
    if not root:
        root, cwd_parts = _split(os.getcwd())
        parts = cwd_parts + parts
    return root + "/".join(parts)


def _split(text: str) -> tuple[str, list[str]]:
    """The root ("", "/" or "//") and the parts of a POSIX path as pathlib parses it: empty
    and "." parts dropped; exactly two leading slashes are a root of their own (POSIX leaves
    their meaning to the system), more than two are one."""
    relative = text.lstrip("/")
    slashes = len(text) - len(relative)
    root = "//" if slashes == 2 else "/" if slashes else ""
    return root, [part for part in relative.split("/") if part and part != "."]


def _as_pathlib_prints(text: str) -> str:
    root, parts = _split(text)
    return root + "/".join(parts) or "."


def ensure_private_dir(path: str | os.PathLike[str]) -> None:
    """Create `path` and any missing parents 0700 (whatever the umask); directories that
    already exist are left as they are."""
    from pathlib import Path  # loaded already by every caller: none is on the cron path

    missing = []
    current = Path(path)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
