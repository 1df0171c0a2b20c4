"""`legday config`: show, get and set settings, keeping config.toml readable by hand."""

from __future__ import annotations

from typing import Any

from legday.config import (
    KEYS,
    SETTABLE_KEYS,
    config_from_table,
    parse_setting,
    read_config_table,
    render_toml,
)
from legday.context import Context
from legday.errors import UsageError
from legday.store import atomic_write, write_lock


def show(ctx: Context) -> dict[str, Any]:
    return ctx.config.to_toml_dict()


def get(ctx: Context, key: str) -> Any:
    if key not in KEYS:
        raise UsageError(f"unknown setting {key!r}; settings are: {', '.join(KEYS)}.")
    return ctx.config.to_toml_dict()[key]


def set_value(ctx: Context, key: str, raw: str) -> Any:
    value = parse_setting(key, raw)
    path = ctx.paths.config_file
    with write_lock(ctx.paths):
        table = read_config_table(path)
        config_from_table(table, path)  # a broken file is reported, never overwritten
        table[key] = value
        atomic_write(path, render_toml(table).encode("utf-8"))
    return value


__all__ = ["SETTABLE_KEYS", "get", "set_value", "show"]
