"""Every test runs against a private LEGDAY_HOME: no test can touch a real home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures" / "exports"
SEEDS = SHARED / "seeds"
TEST_DEVICE = "testbox"  # tests/store_layout.py names the files this device writes


@pytest.fixture(autouse=True)
def legday_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "legday-home"
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    # One device name for every test, so each knows which op log is its own; tests that play
    # several machines set their own.
    monkeypatch.setenv("LEGDAY_DEVICE", TEST_DEVICE)
    # Rendering must not depend on the developer's terminal.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("LEGDAY_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
