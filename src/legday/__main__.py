"""Entry point: `legday` and `python -m legday`."""

from __future__ import annotations

import sys


def main() -> None:
    from legday.cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
