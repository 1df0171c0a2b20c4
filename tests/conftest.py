"""Every test runs against a private LEGDAY_HOME: no test can touch a real home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures" / "exports"
SEEDS = SHARED / "seeds"


@pytest.fixture(autouse=True)
def legday_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "legday-home"
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    # Rendering must not depend on the developer's terminal.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("LEGDAY_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
