"""`legday path` and the files it names: private to the user, listed as JSON with this device's
log, and a damaged store named by file and line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cli_run import (
    entry_row,
    legday,
    write_store,
)
from store_layout import device_log


def test_files_are_private(capsys: pytest.CaptureFixture[str], legday_home: Path) -> None:
    legday(capsys, "log", "squat", "5x5")
    legday(capsys, "config", "set", "goal", "2")

    assert stat.S_IMODE(legday_home.stat().st_mode) == 0o700
    for name in ("devices/testbox.jsonl", "config.toml"):
        assert stat.S_IMODE((legday_home / name).stat().st_mode) == 0o600, name


def test_path_json_names_the_locations_and_this_device(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    result = legday(capsys, "path", "--json")

    assert result.code == 0
    document = result.json()
    assert set(document) == {"data_dir", "sessions_file", "config_file", "device", "device_file"}
    assert Path(document["data_dir"]) == legday_home
    assert document["device"] == "testbox"
    assert Path(document["device_file"]) == device_log(legday_home)
    assert document["sessions_file"] == document["device_file"]
    assert Path(document["config_file"]) == legday_home / "config.toml"


def test_path_human_output_shows_the_sessions_file(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    result = legday(capsys, "path")

    assert result.code == 0
    assert str(device_log(legday_home)) in result.out


def test_an_unreadable_store_is_exit_1_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    write_store(legday_home, [entry_row("abcdef0111111111", "2026-11-16")])
    with (legday_home / "sessions.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    before = (legday_home / "sessions.jsonl").read_bytes()

    result = legday(capsys, "log", "squat", "5x5")

    assert result.code == 1
    assert len(result.error_lines) == 1
    assert "sessions.jsonl" in result.err
    assert "line 3" in result.err
    assert (legday_home / "sessions.jsonl").read_bytes() == before
