"""The hot commands without Typer: `log`, `history`, `streak`, `stats`, `--version` and bare
`legday`.

Importing Typer costs several times Python's own start-up, more than a two-second habit can
afford. This module accepts only well-formed invocations of a small grammar and hands them
to the same `legday.actions` and `legday.render` functions the Typer commands call, so the
output is identical. Anything else (--help, an unknown or malformed option, a missing value)
returns None and the Typer app takes over: it owns help text and usage errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from legday import autosync
from legday.errors import ExitCode, LegdayError
from legday.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DEBUG_ENV = "LEGDAY_DEBUG"


class Grammar(Record):
    __slots__ = ("values", "flags", "positional", "integers")

    def __init__(
        self,
        values: dict[str, str],  # option spelling → parameter name, for options with a value
        flags: dict[str, str] | None = None,
        positional: bool = False,  # whether free words are taken (and at least one required)
        integers: frozenset[str] = frozenset(),
    ) -> None:
        self.values = values
        self.flags: dict[str, str] = {} if flags is None else flags
        self.positional = positional
        self.integers = integers


GRAMMARS = {
    "log": Grammar(
        values={"--date": "date", "-d": "date", "--note": "note", "-n": "note"},
        flags={"--new": "new", "--json": "json"},
        positional=True,
    ),
    "history": Grammar(
        values={
            "--limit": "limit",
            "-l": "limit",
            "--since": "since",
            "--exercise": "exercise",
            "-e": "exercise",
        },
        flags={"--json": "json"},
        integers=frozenset({"limit"}),
    ),
    "streak": Grammar(values={}, flags={"--json": "json"}),
    "stats": Grammar(
        values={"--weeks": "weeks", "-w": "weeks"},
        flags={"--json": "json"},
        integers=frozenset({"weeks"}),
    ),
}


class Parsed(Record):
    __slots__ = ("words", "options")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.options: dict[str, str | bool] = {}


def _parse_int(text: str) -> int | None:
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    return int(stripped) if body.isdigit() else None


def parse(grammar: Grammar, args: list[str]) -> Parsed | None:
    """The words and options of `args`, or None when Typer should handle them."""
    parsed = Parsed()
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if not token.startswith("-") or token == "-":
            if not grammar.positional:
                return None
            parsed.words.append(token)
            continue
        name, has_inline, inline = token.partition("=")
        if name in grammar.flags and not has_inline:
            parsed.options[grammar.flags[name]] = True
        elif name in grammar.values:
            if has_inline and name.startswith("--"):
                value = inline
            elif not has_inline and index < len(args):
                value = args[index]
                index += 1
            else:
                return None
            key = grammar.values[name]
            if key in grammar.integers and _parse_int(value) is None:
                return None
            parsed.options[key] = value
        else:
            return None  # --help, "--", typos, set specs that look like options: Typer decides
    if grammar.positional and not parsed.words:
        return None
    return parsed


def _text(parsed: Parsed, key: str) -> str | None:
    value = parsed.options.get(key)
    return value if isinstance(value, str) else None


def _integer(parsed: Parsed, key: str) -> int | None:
    text = _text(parsed, key)
    return None if text is None else _parse_int(text)  # `parse` checked that it is one


def _flag(parsed: Parsed, key: str) -> bool:
    return parsed.options.get(key) is True


def _run_log(parsed: Parsed) -> None:
    from legday import actions, render
    from legday.context import Context

    result = actions.log_entry(
        Context.from_environment(),
        parsed.words,
        date_text=_text(parsed, "date"),
        note=_text(parsed, "note"),
        allow_new=_flag(parsed, "new"),
    )
    render.log_result(result, as_json=_flag(parsed, "json"))


def _run_history(parsed: Parsed) -> None:
    from legday import actions, render
    from legday.context import Context

    entries = actions.history(
        Context.from_environment(),
        limit=_integer(parsed, "limit"),
        since_text=_text(parsed, "since"),
        exercise=_text(parsed, "exercise"),
    )
    filters = render.history_filters(_text(parsed, "exercise"), _text(parsed, "since"))
    render.history(entries, as_json=_flag(parsed, "json"), filters=filters)


def _run_streak(parsed: Parsed) -> None:
    from legday import actions, render
    from legday.context import Context

    render.streak(actions.streak(Context.from_environment()), as_json=_flag(parsed, "json"))


def _run_stats(parsed: Parsed) -> None:
    from legday import actions, render
    from legday.context import Context

    context = Context.from_environment()
    weeks = _integer(parsed, "weeks")
    view = actions.stats(context) if weeks is None else actions.stats(context, weeks)
    render.stats(view, as_json=_flag(parsed, "json"))


def _run_dashboard() -> None:
    from legday import actions, render
    from legday.context import Context

    render.dashboard(actions.dashboard(Context.from_environment()))


def _print_version() -> None:
    from legday import __version__

    print(f"legday {__version__}")


RUNNERS: dict[str, Callable[[Parsed], None]] = {
    "log": _run_log,
    "history": _run_history,
    "streak": _run_streak,
    "stats": _run_stats,
}


def plan(argv: list[str]) -> Callable[[], int | None] | None:
    """What to run for `argv` without Typer, or None."""
    if not argv:
        return _run_dashboard
    if argv == ["--version"]:
        return _print_version
    command, *args = argv
    grammar = GRAMMARS.get(command)
    if grammar is None:
        return None
    parsed = parse(grammar, args)
    if parsed is None:
        return None
    runner = RUNNERS[command]
    return lambda: runner(parsed)


DEBUG_FLAG = "--debug"


def strip_debug(argv: list[str]) -> tuple[list[str], bool]:
    """`argv` without `--debug`, and whether a traceback is wanted. The flag may come anywhere
    before a `--` (`legday --debug streak` and `legday streak --debug` alike), so each parser,
    this one and Typer's, sees the command without it."""
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

    def __init__(self, stream: TextIO) -> None:
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


# What the running command has saved so far, in words, set by legday.render before it prints
# a write's report: if printing then fails, the exit point can still say it was saved.
_saved: list[str] = []


def note_saved(description: str) -> None:
    _saved.append(description)


def _silence_stdout() -> None:
    # `legday history | head`: the reader left; or stdout failed. Point stdout at /dev/null so
    # the interpreter's final flush does not complain a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real descriptor (an in-process test's capture)
        pass


def _output_failed(exc: OutputError) -> int:
    _silence_stdout()
    for description in _saved:
        print(f"Done: {description} (stored; no need to run the command again).", file=sys.stderr)
    print(f"Error: could not write the output to stdout ({exc.reason}).", file=sys.stderr)
    return int(ExitCode.FAILURE)


def guarded(action: Callable[[], int | None], *, debug: bool) -> int:
    """Run `action`; turn what it raises into one `Error:` line and an exit code."""
    original = sys.stdout
    sys.stdout = _Stdout(original)
    _saved.clear()
    try:
        code = action()
        sys.stdout.flush()  # a buffered report fails here, still inside the guard
    except OutputError as exc:
        return _output_failed(exc)
    except LegdayError as exc:
        if debug:
            import traceback

            traceback.print_exc()  # the traceback asked for, and still the documented exit code
        print(f"Error: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("Error: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return int(ExitCode.OK)
    except Exception as exc:
        if debug:
            raise
        print(
            f"Error: unexpected failure ({type(exc).__name__}: {exc}); "
            "rerun with --debug for details.",
            file=sys.stderr,
        )
        return int(ExitCode.FAILURE)
    finally:
        if isinstance(sys.stdout, _Stdout):
            sys.stdout = original
        _saved.clear()
        autosync.after_command()  # `sync = "auto"`: the command's writes, in the background
    return int(code or ExitCode.OK)


def try_run(argv: list[str]) -> int | None:
    argv, debug = strip_debug(argv)
    action = plan(argv)
    if action is None:
        return None
    return guarded(action, debug=debug)
