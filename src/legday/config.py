"""Settings in a small, hand-readable config.toml: defaults, validation, read and write.

stdlib `tomllib` is the only reader. Its import costs about 10 ms, most of what `remind` may
spend, so its answer is kept in a small marshal file in the data dir (see `_cached_table`) and
`remind`, `status` and the quick door read that while config.toml is unchanged. Writing
imports `tomli_w` only when a value is set. Unknown keys in the file are kept on write, so
nothing a user added by hand is lost.
"""

from __future__ import annotations

import math
import os
from datetime import time

from legday.errors import StoreError, UsageError
from legday.files import read_marshal, read_regular, write_marshal
from legday.habit import WEEKDAY_NAMES as WEEKDAYS
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from legday.model import Unit
    from legday.paths import Paths

FORMULAS = ("epley", "brzycki")
MAX_REMINDER_LENGTH = 160
DEFAULT_INCREMENTS = {"kg": 2.5, "lb": 5.0}
MAX_INCREMENT = 50.0


class Config(Value):
    """The settings, validated (see `load_config`); defaults for what the file omits."""

    goal: int = 1
    week_start: str = "monday"
    unit: Unit = "kg"
    day_starts_at: str = "00:00"
    e1rm_formula: str = "epley"
    reminders: tuple[str, ...] = ()
    increment: float | None = None  # None: the unit's default (2.5 kg, 5 lb)
    sync: str = "off"  # "auto": `legday sync` in the background after each write

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)

    @property
    def day_start_time(self) -> time:
        return time.fromisoformat(self.day_starts_at)

    def to_toml_dict(self) -> dict[str, Any]:
        """Every setting by its key, in KEYS' order: reminders as a list, the increment
        resolved to the unit's default when unset."""
        table = {key: getattr(self, key) for key in KEYS}
        table["reminders"] = list(self.reminders)
        table["increment"] = self.effective_increment
        return table

    @property
    def effective_increment(self) -> float:
        """The load step for suggestions, in `unit`."""
        return DEFAULT_INCREMENTS[self.unit] if self.increment is None else self.increment


def _parse_goal(raw: object) -> int:
    text = str(raw).strip()
    if isinstance(raw, bool) or len(text) != 1 or text not in "1234567":
        raise ValueError("goal is leg days per week: a whole number from 1 to 7")
    return int(text)


def _parse_week_start(raw: object) -> str:
    text = str(raw).strip().lower()
    for day in WEEKDAYS:
        if text in (day, day[:3]):
            return day
    raise ValueError("week_start is a weekday name: monday, tuesday, ..., sunday")


# The unit words legday takes from a user (config.toml, --unit); an import takes a few more.
UNIT_NAMES: dict[str, Unit] = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}


def unit_named(text: str) -> Unit | None:
    """`kg`/`kgs` → "kg", `lb`/`lbs` → "lb", in any case; None for any other word."""
    return UNIT_NAMES.get(text.strip().lower())


def _parse_unit(raw: object) -> Unit:
    unit = unit_named(str(raw))
    if unit is None:
        raise ValueError("unit is kg or lb")
    return unit


def _parse_day_starts_at(raw: object) -> str:
    # str methods, not `re`: this runs on the cron path, where importing re costs ~1.5 ms.
    # isdecimal() is what re's \d matches in a str pattern (any Unicode decimal digit).
    hours, colon, minutes = str(raw).strip().partition(":")
    well_formed = colon and 1 <= len(hours) <= 2 and len(minutes) == 2
    digits = well_formed and hours.isdecimal() and minutes.isdecimal()
    if not digits or int(hours) > 11 or int(minutes) > 59:
        raise ValueError('day_starts_at is a time "HH:MM" from 00:00 to 11:59')
    return f"{int(hours):02d}:{minutes}"


def _parse_formula(raw: object) -> str:
    text = str(raw).strip().lower()
    if text not in FORMULAS:
        raise ValueError("e1rm_formula is epley or brzycki")
    return text


def _parse_reminders(raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError('reminders is a list of strings, e.g. reminders = ["Legs first."]')
    cleaned = tuple(item.strip() for item in raw if item.strip())
    for item in cleaned:
        if len(item) > MAX_REMINDER_LENGTH:
            raise ValueError(f"each reminder is at most {MAX_REMINDER_LENGTH} characters")
    return cleaned


def _parse_increment(raw: object) -> float:
    """A load step from 0.25 to 50 in the configured unit. config set stores it as a string
    ("2.5"), as it always has; a float written by hand reads too."""
    text = str(raw).strip().lower().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if isinstance(raw, bool) or not (0.25 <= value <= MAX_INCREMENT):
        raise ValueError(
            f"increment is a load step from 0.25 to {MAX_INCREMENT:g} in your unit, e.g. 2.5"
        )
    return value


def _parse_sync(raw: object) -> str:
    text = str(raw).strip().lower()
    if text in ("auto", "off"):
        return text
    raise ValueError("sync is auto (sync after each change, in the background) or off")


PARSERS: Mapping[str, Callable[[object], Any]] = {
    "goal": _parse_goal,
    "week_start": _parse_week_start,
    "unit": _parse_unit,
    "day_starts_at": _parse_day_starts_at,
    "e1rm_formula": _parse_formula,
    "reminders": _parse_reminders,
    "increment": _parse_increment,
    "sync": _parse_sync,
}
KEYS = tuple(PARSERS)
SETTABLE_KEYS = tuple(key for key in KEYS if key != "reminders")


def read_config_table(
    path: str | os.PathLike[str], cache_file: str | None = None
) -> dict[str, Any]:
    """The raw TOML table; {} when the file does not exist. A broken file is an error, not
    silently ignored, because the user wrote something there on purpose. With `cache_file`,
    tomllib's answer is reused from there while it is for exactly this file."""
    found = _read_regular_file(path)
    if found is None:
        return {}
    raw, info = found
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_toml(path, exc) from None
    # The file itself (device and inode), not the name it was reached by: the same config.toml
    # read through a symlinked folder (XDG dirs linked to a synced one) must not thrash it.
    key = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    if cache_file is not None:
        cached = _cached_table(cache_file, key, text)
        if cached is not None:
            return cached
    table = _parse_toml(path, text)
    if cache_file is not None:
        # marshal cannot hold a TOML date or time: such a table is simply not cached.
        write_marshal(cache_file, (CONFIG_CACHE_VERSION, key, text, table))
    return table


def _parse_toml(path: str | os.PathLike[str], text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _not_toml(path, exc) from None
    except RecursionError:
        raise StoreError(
            f"{path} nests tables or arrays too deeply to be legday's settings; "
            "fix it by hand or delete it to use the defaults."
        ) from None


# The cache of tomllib's answer. Its key is config.toml's device, inode, size, mtime and ctime,
# from the open file that was read; it also holds the text it was parsed from, and is used
# only when that equals what was just read: a same-size edit within one timestamp tick keeps
# the key but not the text, so the cache can be missing or stale, never wrong. One file per
# device (two machines may share a data folder), written as legday.files.write_derived
# writes every cache, and not at all when the table has what marshal cannot hold (TOML dates).
CONFIG_CACHE_VERSION = 3  # 3: marshal (2: JSON)


def config_cache_file(data_dir: str) -> str | None:
    """This device's cache of config.toml; None when the device has no usable name (the
    command says so itself where it always has)."""
    from legday.device import current_device

    try:
        device = current_device()
    except UsageError:
        return None
    return os.path.join(data_dir, f".legday-config-cache-{device}.marshal")


def _cached_table(cache_file: str, key: list[Any], text: str) -> dict[str, Any] | None:
    doc = read_marshal(cache_file)  # None when absent or damaged: tomllib answers
    if not (isinstance(doc, tuple) and len(doc) == 4 and doc[0] == CONFIG_CACHE_VERSION):
        return None
    _, cached_key, cached_text, table = doc
    if cached_key != key or cached_text != text:
        return None
    return table if isinstance(table, dict) else None


def _read_regular_file(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result] | None:
    """The bytes of the file at `path` and its fstat, None when there is none. Anything but a
    regular file (a FIFO or a device in its place) is refused without a blocking read
    (legday.files reads every file that way): cron must never hang on it."""
    try:
        return read_regular(os.fspath(path))
    except StoreError:
        if os.path.lexists(path) and not os.path.isfile(path):
            raise _not_a_file(path) from None  # in the words of a settings file
        raise


def _not_a_file(path: str | os.PathLike[str]) -> StoreError:
    if os.path.isdir(path):
        return StoreError(f"{path} is a directory; config.toml must be a file.")
    return StoreError(
        f"{path} is not a regular file (a FIFO or device?); config.toml must be a file: "
        "remove it to use the defaults."
    )


def _not_toml(path: str | os.PathLike[str], problem: Exception) -> StoreError:
    return StoreError(
        f"{path} is not valid TOML ({problem}); fix it by hand or delete it to use the defaults."
    )


def lenient_config(table: Mapping[str, Any]) -> tuple[Config, dict[str, str]]:
    """The settings in `table` with the default in place of each bad value, and what is wrong
    with each bad one (key → problem), for `config show/get/set` to work on a file that
    needs fixing."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, parse in PARSERS.items():
        if key not in table:
            continue
        try:
            values[key] = parse(table[key])
        except ValueError as exc:
            problems[key] = str(exc)
    return Config(**values), problems


def fix_for(key: str) -> str:
    """How to fix a bad value of `key`, in words for an error line."""
    if key == "reminders":
        return "an edit of reminders in config.toml (`legday config path` shows where)"
    return f"`legday config set {key} VALUE`"


def load_config(paths: Paths) -> Config:
    """The settings in config.toml (tomllib's answer kept in this device's cache file), for
    every command but `config`; StoreError naming the first bad value and how to fix it."""
    path = paths.config_file
    config, problems = lenient_config(read_config_table(path, config_cache_file(paths.data_dir)))
    if problems:
        key, problem = next(iter(problems.items()))
        raise StoreError(f"{path}: bad value for {key} ({problem}); fix it with {fix_for(key)}.")
    return config


REMINDERS_HINT = (
    'reminders are a list, set by hand in config.toml: add a line such as reminders = ["Legs '
    'before lunch.", "Squat first."] (`legday config path` shows the file)'
)


def parse_setting(key: str, raw: str) -> Any:
    """Validate a `config set KEY VALUE`; UsageError (exit 2) says what is allowed."""
    if key == "reminders":
        raise UsageError(f"{REMINDERS_HINT}; `config set` takes {', '.join(SETTABLE_KEYS)}.")
    if key not in SETTABLE_KEYS:
        raise UsageError(f"unknown setting {key!r}; settings are: {', '.join(SETTABLE_KEYS)}.")
    try:
        value = PARSERS[key](raw)
    except ValueError as exc:
        raise UsageError(f"invalid value {raw!r} for {key}: {exc}.") from None
    return f"{value:g}" if key == "increment" else value


def render_toml(table: Mapping[str, Any]) -> str:
    import tomli_w

    header = "# legday settings: edit by hand or with `legday config set KEY VALUE`.\n"
    return header + tomli_w.dumps(dict(table))
