"""`legday config`: show, get and set settings, keeping config.toml readable by hand.

These work on a file holding a bad value, because they are how it gets fixed: `show` marks the
bad value, `get` of it says what is wrong, `set` replaces it. Every other command refuses such a
file (legday.config.load_config) rather than guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from legday.config import (
    KEYS,
    fix_for,
    lenient_config,
    parse_setting,
    read_config_table,
    render_toml,
)
from legday.context import Context
from legday.errors import StoreError, UsageError
from legday.files import atomic_write, file_lock
from legday.value import Value


class Settings(Value):
    """Every setting's value (a bad one as the file holds it), and what is wrong with each
    bad one (key → problem)."""

    values: dict[str, Any]
    problems: dict[str, str]


def show(ctx: Context) -> Settings:
    table = read_config_table(ctx.paths.config_file)
    config, problems = lenient_config(table)
    values = config.to_toml_dict()
    for key in problems:
        values[key] = table[key]
    return Settings(values, problems)


def get(ctx: Context, key: str) -> Any:
    if key not in KEYS:
        raise UsageError(f"unknown setting {key!r}; settings are: {', '.join(KEYS)}.")
    settings = show(ctx)
    if key in settings.problems:
        raise StoreError(
            f"{ctx.paths.config_file}: {key} holds a bad value ({settings.values[key]!r}: "
            f"{settings.problems[key]}); fix it with {fix_for(key)}."
        )
    return settings.values[key]


def set_value(ctx: Context, key: str, raw: str) -> tuple[Any, dict[str, str]]:
    """Store `key` = `raw` (validated) and return the stored value with the problems the file
    still has in other keys. A file that is not TOML is reported, never overwritten."""
    value = parse_setting(key, raw)
    path = ctx.paths.config_file
    with file_lock(ctx.paths.lock_file):
        table = read_config_table(path)
        table[key] = value
        _, problems = lenient_config(table)
        atomic_write(Path(path), render_toml(table).encode("utf-8"))
    return value, problems
