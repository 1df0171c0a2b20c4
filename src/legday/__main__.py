"""Entry point: `legday` and `python -m legday`.

Dispatch is cheapest first: the cron path for `remind`, then the Typer-free path for common
invocations of the hot commands, then the full Typer app for everything else.
"""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    from legday import fastpath

    if fastpath.handles(argv):
        sys.exit(fastpath.run(argv))
    from legday import lean

    code = lean.try_run(argv)
    if code is None:
        from legday.cli import run

        code = run(argv)
    sys.exit(code)


if __name__ == "__main__":
    main()
