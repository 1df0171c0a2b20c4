"""Entry point: `legday` and `python -m legday`.

Dispatch is cheapest first: the cron path for `remind` and `status`, then the Typer-free path
for common invocations of the hot commands, then the full Typer app for everything else.
"""

from __future__ import annotations

import os
import sys

# Set by the shell when it asks for completions; only the Typer app answers those.
COMPLETION_ENV = "_LEGDAY_COMPLETE"


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["remind"] or argv[:1] == ["status"]:
        from legday import fastpath

        if fastpath.handles(argv):
            sys.exit(fastpath.run(argv))
    from legday import lean

    code = None if COMPLETION_ENV in os.environ else lean.try_run(argv)
    if code is None:
        from legday.cli import run

        code = run(argv)
    sys.exit(code)


if __name__ == "__main__":
    main()
