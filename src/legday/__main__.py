"""Entry point: `legday` and `python -m legday`.

Dispatch is cheapest first: the cron path for `remind` and `status`, then the Typer-free path
for common invocations of the hot commands, then the full Typer app for everything else. All
three run inside the one exit point (legday.exit), imports included, so an interrupted or
piped run ends the same way whichever door took it.
"""

from __future__ import annotations

import os
import sys

from legday.exit import guarded, strip_debug

# Set by the shell when it asks for completions; only the Typer app answers those.
COMPLETION_ENV = "_LEGDAY_COMPLETE"


def dispatch(argv: list[str]) -> int:
    """Run `argv` (without `--debug`) through the cheapest door that takes it."""
    if argv[:1] == ["remind"] or argv[:1] == ["status"]:
        from legday import cron_door

        cron_action = cron_door.plan(argv)
        if cron_action is not None:
            return cron_action()
    from legday import quick

    action = None if COMPLETION_ENV in os.environ else quick.plan(argv)
    if action is not None:
        return int(action() or 0)
    from legday.cli import invoke

    return invoke(argv)


def main() -> None:
    argv, debug = strip_debug(sys.argv[1:])
    sys.exit(guarded(lambda: dispatch(argv), debug=debug))


if __name__ == "__main__":
    main()
