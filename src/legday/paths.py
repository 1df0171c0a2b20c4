"""Where legday keeps its files: LEGDAY_HOME when set, else the platform's user dirs.

Paths are resolved on every call, never at import, so a test (or a user) can relocate all
state by setting one environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "LEGDAY_HOME"
APP_NAME = "legday"
SESSIONS_FILE = "sessions.jsonl"
REST_WEEKS_FILE = "rest_weeks.json"
CONFIG_FILE = "config.toml"
LOCK_FILE = ".legday.lock"
BACKUP_DIR = "backups"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_dir: Path

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

    def to_json(self) -> dict[str, str]:
        return {
            "data_dir": str(self.data_dir),
            "sessions_file": str(self.sessions_file),
            "config_file": str(self.config_file),
        }


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser().absolute() if value else None


def resolve_paths() -> Paths:
    override = home_override()
    if override is not None:
        return Paths(data_dir=override, config_dir=override)
    # platformdirs costs a few ms to import, so only the default location pays for it.
    import platformdirs

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


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
