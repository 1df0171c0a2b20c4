"""Where the store keeps its files, as the tests see them (see legday.store for the layout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TEST_DEVICE = "testbox"  # set as LEGDAY_DEVICE for every test by conftest.py


def device_log(home: str | Path, device: str = TEST_DEVICE) -> Path:
    """The op log a device appends to in the data dir `home`."""
    return Path(home, "devices", f"{device}.jsonl")


def legacy_file(home: str | Path) -> Path:
    """The single-file store of legday before schema 3."""
    return Path(home, "sessions.jsonl")


def operations(home: str | Path, device: str = TEST_DEVICE) -> list[dict[str, Any]]:
    """Every operation line of a device's log (the header left out)."""
    lines = device_log(home, device).read_bytes().splitlines()[1:]
    return [json.loads(line) for line in lines if line.strip()]
