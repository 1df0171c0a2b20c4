"""What `legday sync` says: plain lines on stderr (it prints no data), as confirmations of
writes do everywhere in legday.render."""

from __future__ import annotations

import sys

from legday.render import plural
from legday.safe_text import safe_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.gitsync import SyncResult


def synced(result: SyncResult, *, initialised: bool = False, stamp: str | None = None) -> None:
    remote = safe_text(result.remote)
    lines = []
    if initialised:
        lines.append(
            f"Set up sync with {remote}: "
            + ("this machine started its history." if result.first else "joined its history.")
        )
    received = sum(result.received.values())
    if received:
        devices = ", ".join(safe_text(name) for name in sorted(result.received))
        lines.append(f"Received {plural(received, 'change')} from {devices}.")
    if result.sent:
        lines.append(f"Sent {plural(result.sent, 'change')} of this machine's to {remote}.")
    if not received and not result.sent and not initialised:
        lines.append(f"Up to date with {remote}.")
    for name in result.kept_aside:
        lines.append(
            f"Kept a differing copy as {safe_text(name)}: its changes are counted; "
            "`legday doctor --fix` merges it."
        )
    prefix = f"{stamp} " if stamp else ""
    for line in lines:
        print(prefix + line, file=sys.stderr)


def background_sync_not_started(exc: Exception) -> None:
    """`sync = "auto"` could not start its background sync; the command itself succeeded."""
    print(f"Warning: could not start the background sync ({safe_text(str(exc))}).", file=sys.stderr)
