"""Shell completion of exercise names: the catalogue's and the ones this user has logged."""

from __future__ import annotations

from legday import catalog
from legday.errors import LegdayError
from legday.paths import resolve_paths
from legday.store import Store


def _logged_names() -> set[str]:
    try:
        return {entry.exercise for entry in Store(resolve_paths()).load().entries}
    except (LegdayError, OSError):
        # Completion must never print an error into the user's prompt.
        return set()


def exercise_names(incomplete: str) -> list[str]:
    prefix = catalog.normalize(incomplete) if incomplete.strip() else ""
    names = set(catalog.all_names()) | _logged_names()
    return sorted(name for name in names if name.startswith(prefix))
