"""Where legday keeps its files: LEGDAY_HOME when set, else the platform's user dirs.

Paths are resolved on every call, never at import, so a test (or a user) can relocate all
state by setting one environment variable.

Two forms of the same answer: `Paths` (pathlib) for the store and every command, and
`Locations` (plain strings) for the cron path, which cannot afford to import pathlib. Both
come from `locate()`, and the strings are exactly those pathlib would print.
"""

from __future__ import annotations

import os

from legday.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

HOME_ENV = "LEGDAY_HOME"
APP_NAME = "legday"
SESSIONS_FILE = "sessions.jsonl"
REST_WEEKS_FILE = "rest_weeks.json"
CONFIG_FILE = "config.toml"
LOCK_FILE = ".legday.lock"
SYNC_LOCK_FILE = ".legday-sync.lock"
BACKUP_DIR = "backups"
DEVICES_DIR = "devices"


class Paths(Record):
    """The data and config directories (pathlib) and the files legday keeps in them."""

    __slots__ = ("data_dir", "config_dir")

    def __init__(self, data_dir: Path, config_dir: Path) -> None:
        self.data_dir = data_dir
        self.config_dir = config_dir

    @property
    def sessions_file(self) -> Path:
        return self.data_dir / SESSIONS_FILE

    @property
    def rest_weeks_file(self) -> Path:
        return self.data_dir / REST_WEEKS_FILE

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE

    @property
    def lock_file(self) -> Path:
        return self.data_dir / LOCK_FILE

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIR

    @property
    def devices_dir(self) -> Path:
        return self.data_dir / DEVICES_DIR

    @property
    def sync_lock_file(self) -> Path:
        return self.data_dir / SYNC_LOCK_FILE

    def device_file(self, device: str) -> Path:
        return self.devices_dir / f"{device}.jsonl"

    def to_json(self, device: str) -> dict[str, str]:
        """`legday path --json`: sessions_file is where this device's changes go (its op
        log), the same file as device_file."""
        device_file = str(self.device_file(device))
        return {
            "data_dir": str(self.data_dir),
            "sessions_file": device_file,
            "config_file": str(self.config_file),
            "device": device,
            "device_file": device_file,
        }


class Locations(Record):
    """The same directories as plain strings, for the cron path: just the files it reads."""

    __slots__ = ("data_dir", "config_dir")

    def __init__(self, data_dir: str, config_dir: str) -> None:
        self.data_dir = data_dir
        self.config_dir = config_dir

    @property
    def sessions_file(self) -> str:
        return os.path.join(self.data_dir, SESSIONS_FILE)

    @property
    def rest_weeks_file(self) -> str:
        return os.path.join(self.data_dir, REST_WEEKS_FILE)

    @property
    def config_file(self) -> str:
        return os.path.join(self.config_dir, CONFIG_FILE)

    def to_paths(self) -> Paths:
        from pathlib import Path

        return Paths(data_dir=Path(self.data_dir), config_dir=Path(self.config_dir))


def locate() -> Locations:
    """Where the files are right now: LEGDAY_HOME for both dirs when set, else platformdirs."""
    override = home_override_text()
    if override is not None:
        return Locations(override, override)
    # platformdirs costs a few ms to import, so only the default location pays for it.
    import platformdirs

    return Locations(
        data_dir=_as_pathlib_prints(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=_as_pathlib_prints(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def resolve_paths() -> Paths:
    return locate().to_paths()


def home_override() -> Path | None:
    """LEGDAY_HOME made absolute (`~` expanded), or None when it is unset or blank."""
    text = home_override_text()
    if text is None:
        return None
    from pathlib import Path

    return Path(text)


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


def ensure_private_dir(path: Path) -> None:
    """Create `path` and any missing parents 0700 (whatever the umask); directories that
    already exist are left as they are."""
    missing = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
