"""The one exit point of every door (cron_door, quick, the Typer app): stdlib only.

`guarded(action, debug=...)` runs a command and turns whatever ends it into what the contract
promises: a LegdayError is one `Error:` line and its exit code; a reader that leaves early
(`legday streak | head -1`) is a quiet exit 0; Ctrl-C is one line and exit 130; a print that
fails after a committed write says what was stored; anything else is one line (a traceback
only with `--debug` or LEGDAY_DEBUG). `legday.__main__` wraps the whole dispatch in it, so
the imports of the slower doors are covered too; each door's own `run` wraps itself the same
way for callers that enter one door directly (the tests, in-process).

It imports only os, sys, legday.errors and legday.autosync: the cron path (remind, status)
loads it.
"""

from __future__ import annotations

import os
import sys

from legday import autosync
from legday.errors import ExitCode, LegdayError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

DEBUG_ENV = "LEGDAY_DEBUG"
DEBUG_FLAG = "--debug"
INTERRUPTED = 130  # what a shell reports for a command ended by SIGINT (128 + 2)


def strip_debug(argv: list[str]) -> tuple[list[str], bool]:
    """`argv` without `--debug`, and whether a traceback is wanted. The flag may come anywhere
    before a `--` (`legday --debug streak` and `legday streak --debug` alike), so each parser,
    the quick ones and Typer's, sees the command without it."""
    end = argv.index("--") if "--" in argv else len(argv)
    rest = [arg for arg in argv[:end] if arg != DEBUG_FLAG] + argv[end:]
    flagged = len(rest) != len(argv)
    return rest, flagged or os.environ.get(DEBUG_ENV, "") not in ("", "0")


class OutputError(Exception):
    """stdout refused a write (a full disk, /dev/full, a closed terminal): the command's work
    may be done and saved, only its report failed."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.reason = cause.strerror or str(cause)


class _Stdout:
    """sys.stdout while a command runs, telling a failed print apart from a failed command:
    the report of an entry already stored must not read as "nothing happened"."""

    def __init__(self, stream: TextIO | _ClosedStdout) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise  # the reader left (`| head`): not a failure
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class _ClosedStdout:
    """sys.stdout when the command was started with it closed (`legday streak >&-`), where
    Python leaves it None: nothing to write to, so every write fails as it would on a closed
    descriptor, and the command ends with the usual output error instead of a crash."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        raise _bad_descriptor()

    def flush(self) -> None:
        """Nothing is ever buffered."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise _bad_descriptor()


def _bad_descriptor() -> OSError:
    import errno  # only here: a closed stdout is rare, and every command loads this module

    return OSError(errno.EBADF, os.strerror(errno.EBADF))


# What the running command has saved so far, in words, set by legday.render before it prints
# a write's report: if printing then fails, the exit point can still say it was saved.
_saved: list[str] = []


def note_saved(description: str) -> None:
    _saved.append(description)


def _silence_stdout() -> None:
    """Point stdout at /dev/null after it failed or its reader left, so that the interpreter's
    final flush of what is still buffered neither fails nor complains a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (an in-process test's capture)
        pass


def _output_failed(exc: OutputError) -> int:
    _silence_stdout()
    for description in _saved:
        print(f"Done: {description} (stored; no need to run the command again).", file=sys.stderr)
    print(f"Error: could not write the output to stdout ({exc.reason}).", file=sys.stderr)
    return int(ExitCode.FAILURE)


def _refused(exc: LegdayError, *, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exc()  # the traceback asked for, and still the documented exit code
    # A message may quote what was typed or read (a name, a path): shown, never obeyed. Here,
    # once, so no message can miss it; safe_text leaves already-escaped text as it is.
    from legday.safe_text import safe_text

    print(f"Error: {safe_text(exc.message)}", file=sys.stderr)
    return int(exc.exit_code)


def _unexpected(exc: Exception) -> int:
    print(
        f"Error: unexpected failure ({type(exc).__name__}: {exc}); rerun with --debug for details.",
        file=sys.stderr,
    )
    return int(ExitCode.FAILURE)


# Derived files (the caches) a command writes are held back until it ends without an error,
# so that a refused command leaves every file as it was, caches included. Keyed by path: the
# last write of a file wins. None while no command runs (a test calling the store directly).
_held_writes: dict[str, Callable[[], None]] | None = None


def write_when_done(key: str, write: Callable[[], None]) -> None:
    """Run `write` when the command ends without an error (at once outside a command)."""
    if _held_writes is None:
        write()
    else:
        _held_writes[key] = write


def _write_held() -> None:
    global _held_writes
    held, _held_writes = _held_writes or {}, None
    for write in held.values():
        write()  # each is best effort and never raises (files.write_derived)


def guarded(action: Callable[[], int | None], *, debug: bool) -> int:
    """Run `action`; turn what it raises into one `Error:` line and an exit code."""
    global _held_writes
    _held_writes = {}
    original = sys.stdout
    sys.stdout = _Stdout(original if original is not None else _ClosedStdout())
    _saved.clear()
    try:
        code = action()
        sys.stdout.flush()  # a buffered report fails here, still inside the guard
        _write_held()
    except OutputError as exc:
        return _output_failed(exc)
    except LegdayError as exc:
        return _refused(exc, debug=debug)
    except KeyboardInterrupt:
        print("Error: interrupted; nothing was changed.", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return int(ExitCode.OK)
    except Exception as exc:
        if debug:
            raise
        return _unexpected(exc)
    finally:
        if isinstance(sys.stdout, _Stdout):
            sys.stdout = original
        _saved.clear()
        autosync.after_command()  # `sync = "auto"`: the command's writes, in the background
        _held_writes = None  # what a refused command held back is dropped
    return int(code or ExitCode.OK)
