"""The one error type legday raises on purpose, and the exit codes of the contract."""

from __future__ import annotations


class ExitCode:
    """The exit codes, as plain ints: `enum` (with the functools and collections it pulls in)
    would cost the cron path about 2 ms of its ~30 ms on every run."""

    OK = 0
    FAILURE = 1  # runtime failure: unreadable store, lock not obtained, I/O
    USAGE = 2  # bad input or usage
    DUE = 3  # `remind --check` when leg day is due


class LegdayError(Exception):
    """A failure the user can act on: printed as one `Error:` line, never a traceback."""

    exit_code: int = ExitCode.FAILURE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(LegdayError):
    """Bad input: exit 2 and nothing written."""

    exit_code = ExitCode.USAGE


class StoreError(LegdayError):
    """The store cannot be read or written safely: exit 1, the store left as it was."""
