"""Every test runs against a private LEGDAY_HOME: no test can touch a real home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis times every example against a 200 ms deadline. On a loaded runner (the suite runs
# on every core) that fails a property for the machine's noise, not the code's; speed is the
# benchmark's business (docs/PERFORMANCE.md), so no property test has a deadline.
settings.register_profile("legday", deadline=None)
settings.load_profile("legday")

TEST_DEVICE = "testbox"  # tests/store_layout.py names the files this device writes


@pytest.fixture(autouse=True)
def legday_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path / "legday-home"
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    # A test that drops LEGDAY_HOME (to check the default folders) meets a private HOME too,
    # with no XDG_* of the developer's: what platformdirs resolves, or legday caches (the
    # dirs cache in ~/.cache), stays inside the test.
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("user-home")))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    # One device name for every test, so each knows which op log is its own; tests that play
    # several machines set their own.
    monkeypatch.setenv("LEGDAY_DEVICE", TEST_DEVICE)
    # Rendering must not depend on the developer's terminal.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("LEGDAY_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
