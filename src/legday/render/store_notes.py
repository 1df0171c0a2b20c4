"""What the store says while it reads and writes: warnings about conflict copies, torn ends
and migrations. The store hands these lines to its `warn` callback (render.warning prints
them with their `Warning:` prefix); the words live here, as all words do."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def conflict_copy(name: str) -> str:
    return (
        f"devices/{name} is a sync tool's conflict copy; its changes are counted, and "
        "`legday doctor --fix` merges it and puts it away."
    )


def foreign_torn_end(path: Path) -> str:
    return (
        f"the last line of {path} is incomplete (its device was interrupted or is still "
        "syncing); it is left out until that device repairs it."
    )


def torn_end_left(path: Path) -> str:
    return (
        f"the last line of {path} is incomplete (an interrupted write); it is left out, and "
        "set aside by the next write."
    )


def newer_torn_end(path: Path) -> str:
    return (
        f"the last line of {path} is incomplete; it was written by a newer legday, so this "
        "one leaves it out and never changes the file."
    )


def torn_end_moved(path: Path, side: Path, size: int) -> str:
    return (
        f"the end of {path} was incomplete (an interrupted write); it was moved to {side} "
        f"({size} bytes)."
    )


def migrated(own_file: Path, backup_dir: str) -> str:
    return (
        f"moved this store to one log per device ({own_file}); the old files are kept in "
        f"{backup_dir}."
    )


def legacy_link_left(path: Path, target: str) -> str:
    return (
        f"{path} was a link to {target}; that file is left as it is. To share legday between "
        "machines, point LEGDAY_HOME at the synced folder or use `legday sync` (README: "
        "Several machines)."
    )
