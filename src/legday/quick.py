"""The hot commands without Typer: the forms in GRAMMARS and CONFIG_GRAMMARS below (those
typed by hand often, and the read commands with a budget row), `--version` and bare `legday`.

Importing Typer costs several times Python's own start-up, more than a two-second habit can
afford. This module accepts only well-formed invocations of a small grammar and hands them
to the same `legday.actions` and `legday.render` functions the Typer commands call, so the
output is identical. Anything else (--help, an unknown or malformed option, a missing value)
returns None and the Typer app takes over: it owns help text and usage errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from legday.exit import guarded, strip_debug
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.context import Context
    from legday.store import Store


class Grammar(Value):
    """One command's options as this door takes them, and its runner (which legday.cli's
    command of the same name calls too). tests/test_quick.py checks each table against that
    Typer command (spellings, flags, integers, arguments), so an option added to one and not
    the other fails a test; `to_typer` names the options left to the Typer app (as any this
    door does not know is), so that check sees they are left on purpose."""

    __slots__ = ("run", "values", "flags", "integers", "word_range", "to_typer")

    def __init__(
        self,
        run: Callable[[Parsed], None],  # what both doors call with the command line's values
        values: dict[str, str],  # option spelling → parameter name, for options with a value
        flags: dict[str, str] | None = None,
        integers: frozenset[str] = frozenset(),
        word_range: tuple[int, int | None] = (0, 0),  # how many free words Typer takes
        to_typer: frozenset[str] = frozenset(),  # spellings this door leaves to the Typer app
    ) -> None:
        self.run = run
        self.values = values
        self.flags: dict[str, str] = {} if flags is None else flags
        self.integers = integers
        self.word_range = word_range
        self.to_typer = to_typer


class Parsed(Value):
    """The words and options of a command line; legday.cli makes one of Typer's values, so
    both doors run the same runner."""

    __slots__ = ("words", "options")

    def __init__(self, words: list[str] | None = None, **options: str | int | None) -> None:
        self.words: list[str] = [] if words is None else words
        self.options: dict[str, str | int] = {k: v for k, v in options.items() if v is not None}


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
    fewest, most = grammar.word_range
    if len(parsed.words) < fewest or (most is not None and len(parsed.words) > most):
        return None
    return parsed


def _text(parsed: Parsed, key: str) -> str | None:
    value = parsed.options.get(key)
    return value if isinstance(value, str) else None


def _integer(parsed: Parsed, key: str) -> int | None:
    value = parsed.options.get(key)
    return _parse_int(value) if isinstance(value, str) else value  # `parse` checked a text


def _flag(parsed: Parsed, key: str) -> bool:
    return parsed.options.get(key) is True


def _context() -> Context:
    from legday.context import Context  # here, not above: `--version` needs none of it

    return Context.from_environment()


def _run_log(parsed: Parsed) -> None:
    from legday import gym
    from legday.render import gym_views

    result = gym.log_line(
        _context(),
        parsed.words,
        date_text=_text(parsed, "date"),
        note=_text(parsed, "note"),
        allow_new=_flag(parsed, "new"),
    )
    gym_views.log_outcome(result, as_json=_flag(parsed, "json"))


def _run_history(parsed: Parsed) -> None:
    from legday import gym, render
    from legday.render import gym_views

    as_json = _flag(parsed, "json")
    page = gym.history_page(
        _context(),
        limit=_integer(parsed, "limit"),
        show_all=_flag(parsed, "all"),
        since_text=_text(parsed, "since"),
        exercise=_text(parsed, "exercise"),
        as_json=as_json,
    )
    filters = render.history_filters(_text(parsed, "exercise"), _text(parsed, "since"))
    gym_views.history_page(page, as_json=as_json, by_day=_flag(parsed, "by_day"), filters=filters)


def _run_last(parsed: Parsed) -> None:
    from legday import gym
    from legday.render import gym_views

    view = gym.last(_context(), parsed.words)
    gym_views.last(view, as_json=_flag(parsed, "json"))


def _run_show(parsed: Parsed) -> None:
    from legday import gym
    from legday.render import gym_views

    day = parsed.words[0] if parsed.words else None
    gym_views.show(gym.show(_context(), day), as_json=_flag(parsed, "json"))


def _run_streak(parsed: Parsed) -> None:
    from legday import actions, render

    render.streak(actions.streak(_context()), as_json=_flag(parsed, "json"))


def _run_stats(parsed: Parsed) -> None:
    from legday import actions, render

    context = _context()
    weeks = _integer(parsed, "weeks")
    view = actions.stats(context) if weeks is None else actions.stats(context, weeks)
    render.stats(view, as_json=_flag(parsed, "json"))


def _run_prs(parsed: Parsed) -> None:
    from legday import actions, render

    name = " ".join(parsed.words) if parsed.words else None
    weeks = _integer(parsed, "weeks")
    if weeks is not None:
        from legday import gym
        from legday.render import strength_views

        trend = gym.trend(_context(), name or "", weeks)
        strength_views.trend(trend, as_json=_flag(parsed, "json"))
        return
    render.prs(actions.prs(_context(), name), as_json=_flag(parsed, "json"))


def _run_exercises(parsed: Parsed) -> None:
    from legday import actions, render

    render.exercises(actions.exercises(_context()), as_json=_flag(parsed, "json"))


def export_parts(store: Store, fmt: str) -> Iterator[str]:
    """The pieces of the export in `fmt`, once stderr has the note on rest weeks a CSV leaves
    out; for both the stdout export here and legday.cli's `export --output`."""
    from legday.export import document_parts

    parts, rest_left_out = document_parts(store, fmt.lower())
    if rest_left_out:
        from legday.render.repair import rest_weeks_left_out

        rest_weeks_left_out(rest_left_out)
    return parts


def _run_export(parsed: Parsed) -> None:
    import sys

    fmt = _text(parsed, "format")
    # An empty --format is refused, not taken for json.
    parts = export_parts(_context().store, "json" if fmt is None else fmt)
    write = sys.stdout.write
    for part in parts:  # not writelines: legday.exit's stdout checks each write
        write(part)


def _run_calendar(parsed: Parsed) -> None:
    from legday import actions
    from legday.render import habit_views

    habit_views.calendar(actions.calendar(_context(), _integer(parsed, "year")))


def _run_path(parsed: Parsed) -> None:
    from legday import render

    context = _context()
    render.paths(context.paths, context.store.device, as_json=_flag(parsed, "json"))


def _run_config_show(parsed: Parsed) -> None:
    from legday import configure, render

    context = _context()
    settings = configure.show(context)
    render.config_table(settings, context.paths.config_file, as_json=_flag(parsed, "json"))


def _run_config_get(parsed: Parsed) -> None:
    from legday import configure, render

    render.config_value(configure.get(_context(), parsed.words[0]))


def _run_config_path(parsed: Parsed) -> None:
    print(_context().paths.config_file)


def run_dashboard() -> None:
    from legday import actions
    from legday.render import habit_views

    habit_views.dashboard(actions.dashboard(_context()))


def print_version() -> None:
    from legday import __version__

    print(f"legday {__version__}")


GRAMMARS = {
    "log": Grammar(
        _run_log,
        values={"--date": "date", "-d": "date", "--note": "note", "-n": "note"},
        flags={"--new": "new", "--json": "json"},
        word_range=(1, None),
    ),
    "history": Grammar(
        _run_history,
        values={
            "--limit": "limit",
            "-l": "limit",
            "--since": "since",
            "--exercise": "exercise",
            "-e": "exercise",
        },
        flags={"--json": "json", "--all": "all", "--by-day": "by_day"},
        integers=frozenset({"limit"}),
    ),
    "streak": Grammar(_run_streak, values={}, flags={"--json": "json"}),
    "last": Grammar(_run_last, values={}, flags={"--json": "json"}, word_range=(1, None)),
    "show": Grammar(_run_show, values={}, flags={"--json": "json"}, word_range=(0, 1)),
    "stats": Grammar(
        _run_stats,
        values={"--weeks": "weeks", "-w": "weeks"},
        flags={"--json": "json"},
        integers=frozenset({"weeks"}),
        # Writing a file goes through the Typer command, which checks the path first.
        to_typer=frozenset({"--save", "--force"}),
    ),
    # Read commands that fold the whole store: Typer's import (about 4x `python -c pass`)
    # was half their time at 10k entries (docs/PERFORMANCE.md).
    "prs": Grammar(
        _run_prs,
        values={"--weeks": "weeks", "-w": "weeks"},
        flags={"--json": "json"},
        integers=frozenset({"weeks"}),
        word_range=(0, None),
    ),
    "exercises": Grammar(_run_exercises, values={}, flags={"--json": "json"}),
    # To stdout only: writing a file goes through the Typer command, which checks the path.
    "export": Grammar(
        _run_export,
        values={"--format": "format", "-f": "format"},
        to_typer=frozenset({"--output", "-o", "--force"}),
    ),
    "calendar": Grammar(
        _run_calendar, values={"--year": "year", "-y": "year"}, integers=frozenset({"year"})
    ),
    # A few lines of key and value: Typer's import was most of their time (about 8x
    # `python -c pass` at 10k entries against a budget of 10x; docs/PERFORMANCE.md).
    "path": Grammar(_run_path, values={}, flags={"--json": "json"}),
}
# The `config` subcommands this door takes, by their second word; `config set` writes, and
# stays Typer's. A table of its own, so no first word can ever name one of them.
CONFIG_GRAMMARS = {
    "show": Grammar(_run_config_show, values={}, flags={"--json": "json"}),
    "get": Grammar(_run_config_get, values={}, word_range=(1, 1)),
    "path": Grammar(_run_config_path, values={}),
}


def plan(argv: list[str]) -> Callable[[], int | None] | None:
    """What to run for `argv` without Typer, or None."""
    if not argv:
        return run_dashboard
    if argv == ["--version"]:
        return print_version
    command, *args = argv
    grammars = GRAMMARS
    if command == "config" and args:  # `config` alone and `config --help` are Typer's
        grammars = CONFIG_GRAMMARS
        command, *args = args
    grammar = grammars.get(command)
    if grammar is None:
        return None
    parsed = parse(grammar, args)
    if parsed is None:
        return None
    return lambda: grammar.run(parsed)


def try_run(argv: list[str]) -> int | None:
    """Run `argv` here if this door takes it (the exit code), else None for the Typer app."""
    argv, debug = strip_debug(argv)
    action = plan(argv)
    if action is None:
        return None
    return guarded(action, debug=debug)
