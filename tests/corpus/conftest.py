"""The corpus suite: tests against real third-party exports and the seed articles, which live
in `../shared` beside the clone (not in this repository).

Without `../shared` every corpus test skips for one reason, shown once by `pytest -ra`. With
LEGDAY_CORPUS=required (as `.ci/run` sets it) a missing `../shared` is an error instead, so CI
can never pass by skipping the corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
EXPORTS = SHARED / "fixtures" / "exports"
SEEDS = SHARED / "seeds"
MISSING = (
    f"corpus suite needs ../shared (real exports and seed articles; not found at {SHARED}): "
    "put it beside the clone and run `pytest -m corpus`"
)
_MODES = ("", "optional", "required")


def _required() -> bool:
    mode = os.environ.get("LEGDAY_CORPUS", "")
    if mode not in _MODES:
        raise pytest.UsageError(
            f"LEGDAY_CORPUS={mode!r} is not understood: use 'required' or 'optional'"
        )
    return mode == "required"


def _present() -> bool:
    return EXPORTS.is_dir() and SEEDS.is_dir()


@pytest.hookimpl(trylast=True)  # after -m has deselected: only corpus tests that will run count
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    wanted = any(item.get_closest_marker("corpus") for item in items)
    if wanted and _required() and not _present():
        raise pytest.UsageError(f"LEGDAY_CORPUS=required, but the {MISSING}")


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Skipped here rather than by a mark, so that every skip has the same place and reason
    # and `pytest -ra` folds them into one line.
    if item.get_closest_marker("corpus") and not _present():
        pytest.skip(MISSING)
