"""The Typer-free path gives exactly what the Typer app gives, and hands over anything unusual."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine
import typer
from typer._click.core import Command  # typer 0.28 vendors click
from typer._click.types import IntParamType
from typer.core import TyperArgument as Argument
from typer.core import TyperOption as Option
from typer.main import get_command as typer_command

from legday import quick
from legday.cli import app
from legday.cli import run as typer_run
from legday.model import Entry, Set
from legday.paths import Paths
from legday.store import Store
from store_layout import device_log

NOW = datetime(2026, 11, 19, 18, 30, tzinfo=timezone(timedelta(hours=1)))
SEED_LOGS = [
    ["log", "squat", "5x5@100kg", "--date", "-8"],
    ["log", "rdl", "3x8@60kg", "--date", "-1", "--note", "grip ok"],
    ["log", "front", "squat", "3x5@80kg", "--date", "-15"],
]


def quick_run(argv: list[str]) -> int:
    code = quick.try_run(argv)
    assert code is not None, f"quick door refused {argv}"
    return code


def outcome(
    runner: Callable[[list[str]], int], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    with time_machine.travel(NOW, tick=False):
        code = runner(argv)
    out, err = capsys.readouterr()
    mask = re.compile(r"\b[0-9a-f]{8}(?:[0-9a-f]{24})?\b")  # ids are random per log
    return code, mask.sub("ID", out), mask.sub("ID", err)


def seed(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    for argv in SEED_LOGS:
        assert outcome(typer_run, argv, capsys)[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["streak"],
        ["streak", "--json"],
        ["history"],
        ["history", "--json"],
        ["history", "--limit", "2"],
        ["history", "-l", "1", "--json"],
        ["history", "--limit=2", "--exercise", "rdl"],
        ["history", "--since", "-9", "-e", "squat"],
        ["history", "--since", "tomorrow"],
        ["history", "--limit", "0"],
        ["log", "squat", "5x5@100kg"],
        ["log", "front", "squat", "3x8@60", "--date", "yesterday", "--json"],
        ["log", "lunge", "3x12@bw", "-n", "slow", "-d", "-2"],
        ["log", "sqaut", "5x5"],
        ["log", "sqaut", "5x5", "--new"],
        ["log", "squat", "5xx"],
        ["log", "squat", "5x5", "--date", "2030-01-01"],
        ["log", "squat"],
        ["log", "squat", "--json"],
        ["log", "bulgarian", "split", "squat"],
        ["log", "squat", "5x5@105kg", "rdl", "3x8@60kg", "calf", "raise", "3x15"],
        ["log", "squat", "5x5@105kg", "rdl", "3x8@60kg", "--json", "--date", "-20"],
        ["log", "squat", "5x5@105kg", "rdl", "3x8@60kgg", "calf", "raise", "3x15"],
        ["log", "squat", "5x5@105kg", "rdl"],
        ["history", "--all"],
        ["last", "squat"],
        ["last", "front", "squat", "--json"],
        ["last", "wall", "sit"],
        ["show"],
        ["show", "--json"],
        ["show", "yesterday"],
        ["show", "2030-01-01"],
        ["history", "--by-day"],
        ["history", "--by-day", "--limit", "1"],
        ["history", "--all", "--limit", "1"],
        ["stats"],
        ["stats", "--json"],
        ["stats", "--weeks", "3"],
        ["stats", "--weeks=2", "-w", "3", "--json"],
        ["stats", "--weeks", "0"],
        ["stats", "--weeks", "-4"],
        ["prs"],
        ["prs", "--json"],
        ["prs", "squat"],
        ["prs", "front", "squat", "--json"],
        ["prs", "squat", "--weeks", "4"],
        ["prs", "-w", "2", "squat", "--json"],
        ["prs", "--weeks", "3"],
        ["prs", "sqaut"],
        ["exercises"],
        ["exercises", "--json"],
        ["calendar"],
        ["calendar", "--year", "2025"],
        ["calendar", "-y", "1999"],
        ["calendar", "--year=0"],
        ["export"],
        ["export", "--format", "csv"],
        ["export", "-f", "JSON"],
        ["export", "--format=xml"],
        ["export", "--format", ""],
        ["path"],
        ["path", "--json"],
        ["config", "show"],
        ["config", "show", "--json"],
        ["config", "get", "goal"],
        ["config", "get", "reminders"],
        ["config", "get", "weight"],
        ["config", "get", ""],
        ["config", "path"],
        [],
        ["--version"],
    ],
)
def test_quick_and_typer_print_the_same(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed(tmp_path / "a", monkeypatch, capsys)
    via_quick = in_home(outcome(quick_run, argv, capsys), tmp_path / "a")
    seed(tmp_path / "b", monkeypatch, capsys)
    via_typer = in_home(outcome(typer_run, argv, capsys), tmp_path / "b")
    assert via_quick == via_typer


def in_home(result: tuple[int, str, str], home: Path) -> tuple[int, str, str]:
    """`result` with its home's path (`path`, `config show` print it) written HOME."""
    code, out, err = result
    return code, out.replace(str(home), "HOME"), err.replace(str(home), "HOME")


DIRECTORY = "<a folder>"  # config.toml as a folder: a file legday cannot read
# What `config` must still answer: a bad value (marked by show, refused by get), a file that
# is not TOML or not UTF-8 or not a file (refused by all but `config path`).
CONFIG_TEXTS = {
    "none": None,
    "hand-written": 'goal = 2\nunit = "lb"\nreminders = ["Legs first."]\n[mine]\nnote = "kept"\n',
    "bad-value": 'goal = 9\nweek_start = "someday"\nunit = "lb"\n',
    "not-toml": "goal = \n",
    "not-utf8": "goal = 2\n# caf\xe9\n",
    "a-folder": DIRECTORY,
}
CONFIG_COMMANDS = [
    ["path"],
    ["path", "--json"],
    ["config", "show"],
    ["config", "show", "--json"],
    ["config", "get", "goal"],
    ["config", "get", "unit"],
    ["config", "get", "nope"],
    ["config", "path"],
]


def write_config(home: Path, text: str | None) -> None:
    if text == DIRECTORY:
        (home / "config.toml").mkdir(parents=True)
    elif text is not None:
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_bytes(text.encode("latin-1"))


@pytest.mark.parametrize("argv", CONFIG_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("config", sorted(CONFIG_TEXTS))
def test_path_and_config_answer_and_refuse_as_typer_does(
    argv: list[str],
    config: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcomes = []
    for door, home in ((quick_run, tmp_path / "a"), (typer_run, tmp_path / "b")):
        write_config(home, CONFIG_TEXTS[config])
        monkeypatch.setenv("LEGDAY_HOME", str(home))
        outcomes.append(in_home(outcome(door, argv, capsys), home))
    assert outcomes[0] == outcomes[1]


TERMINAL_DRIVER = """
import os, sys
sys.argv = ["legday", *sys.argv[1:]]
if os.environ.get("VIA") == "typer":
    from legday.cli import run
    sys.exit(run(sys.argv[1:]))
from legday.__main__ import main
main()
"""


def on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What `legday ARGS` wrote to a pseudo-terminal on stdout and stderr."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", TERMINAL_DRIVER, *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    chunks.append(str(process.wait(timeout=60)).encode())
    os.close(controller)
    return b"".join(chunks)


@pytest.mark.parametrize("argv", CONFIG_COMMANDS, ids=" ".join)
def test_path_and_config_on_a_colour_terminal_write_typers_bytes(
    argv: list[str], tmp_path: Path
) -> None:
    write_config(tmp_path / "home", CONFIG_TEXTS["bad-value"])
    env = {**os.environ, "LEGDAY_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("COLUMNS")
    via_quick = on_a_terminal(argv, env)
    via_typer = on_a_terminal(argv, {**env, "VIA": "typer"})
    assert via_quick == via_typer
    # The bad goal is refused (1), an unknown key is a usage error (2); the rest answer.
    expected = {"config get goal": b"1", "config get nope": b"2"}.get(" ".join(argv), b"0")
    assert via_quick.endswith(expected)


def test_a_damaged_entry_deep_in_a_big_export_is_an_error_before_any_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The JSON export is written a piece at a time: every entry is made before the first.
    home = tmp_path / "home"
    monkeypatch.setenv("LEGDAY_HOME", str(home))
    store = Store(Paths(data_dir=home, config_dir=home))
    entries = [
        Entry(f"{n:032x}", NOW.date(), "squat", (Set(reps=5, weight=float(n), unit="kg"),), NOW)
        for n in range(1, 301)
    ]
    with store.transaction() as snapshot:
        store.add_entries(snapshot, entries)
    assert outcome(quick_run, ["history", "--limit", "1"], capsys)[0] == 0  # the rows cache
    log = device_log(home)
    log.write_text(log.read_text().replace('"5,,250,kg,,"', '"5,,250,zz,,"'))

    for _ in ("after the edit", "again"):
        code, out, err = outcome(quick_run, ["export"], capsys)
        assert (code, out) == (1, "")
        assert err.startswith("Error: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--help"],
        ["history", "--help"],
        ["streak", "--bogus"],
        ["history", "--limit"],
        ["history", "--limit", "many"],
        ["history", "extra-word"],
        ["log", "--json"],
        ["log", "squat", "5x5", "--"],
        ["--debug", "streak"],
        ["stats", "--save", "week.svg"],
        ["stats", "--weeks", "many"],
        ["stats", "--weeks"],
        ["--help"],
        ["last"],
        ["last", "squat", "--help"],
        ["show", "last", "week"],
        ["show", "-3"],
        ["prs", "--help"],
        ["prs", "squat", "--weeks", "many"],
        ["exercises", "squat"],
        ["calendar", "2025"],
        ["calendar", "--year", "next"],
        ["export", "--output", "out.json"],
        ["export", "-o", "out.json", "--force"],
        ["export", "--format"],
        ["path", "--help"],
        ["path", "extra"],
        ["config"],
        ["config", "--help"],
        ["config", "show", "--help"],
        ["config", "show", "goal"],
        ["config", "get"],
        ["config", "get", "goal", "unit"],
        ["config", "get", "--json"],
        ["config", "get", "goal", "--json"],
        ["config", "path", "--json"],
        ["config", "set", "goal", "2"],
        ["config", "sh"],
        ["get", "goal"],  # a config subcommand is no command of its own
    ],
)
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert quick.plan(argv) is None


def test_last_repeated_option_wins_as_in_typer() -> None:
    parsed = quick.parse(quick.GRAMMARS["history"], ["--limit", "5", "-l", "2"])
    assert parsed is not None
    assert parsed.options["limit"] == "2"


def test_option_values_may_start_with_a_dash() -> None:
    parsed = quick.parse(quick.GRAMMARS["log"], ["squat", "5x5", "--date", "-3"])
    assert parsed is not None
    assert parsed.words == ["squat", "5x5"]
    assert parsed.options["date"] == "-3"


# ---------------------------------------------------------------------------- one option table


def table_of(grammar: quick.Grammar) -> dict[str, tuple[str, str]]:
    """Each option spelling the quick door knows → (parameter, kind); kind is flag, int,
    text, or typer for options it leaves to the Typer app."""
    table = {spelling: (key, "flag") for spelling, key in grammar.flags.items()}
    for spelling, key in grammar.values.items():
        table[spelling] = (key, "int" if key in grammar.integers else "text")
    for spelling in grammar.to_typer:
        table[spelling] = ("", "typer")
    return table


def typer_table(command: Command, left_to_typer: frozenset[str]) -> dict[str, tuple[str, str]]:
    """The same for a Typer command, as Click sees it (help aside)."""
    table: dict[str, tuple[str, str]] = {}
    for param in command.params:
        if not isinstance(param, Option) or param.name == "help":
            continue
        if param.is_flag:
            kind = "flag"
        else:
            kind = "int" if isinstance(param.type, IntParamType) else "text"
        for spelling in (*param.opts, *param.secondary_opts):
            table[spelling] = (
                ("", "typer")
                if spelling in left_to_typer
                else (
                    (param.name or "").rstrip("_"),  # `json_` in Python is --json's `json`
                    kind,
                )
            )
    return table


def takes_words(command: Command) -> bool:
    return any(isinstance(param, Argument) for param in command.params)


# Every command the quick door takes, as its words: `config show` is `show` in the `config`
# group.
QUICK_COMMANDS = [
    *((name,) for name in quick.GRAMMARS),
    *(("config", name) for name in quick.CONFIG_GRAMMARS),
]


def quick_grammar(words: tuple[str, ...]) -> quick.Grammar:
    return quick.CONFIG_GRAMMARS[words[1]] if words[0] == "config" else quick.GRAMMARS[words[0]]


def typer_command_named(words: tuple[str, ...]) -> Command:
    """The Typer command that `words` name."""
    command = typer_command(app)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    return command


def fixed_word_range(command: Command) -> tuple[int, int] | None:
    """How few and how many free words a command takes, when its arguments each take a fixed
    number (none variadic, which the quick door's grammars leave open-ended)."""
    arguments = [param for param in command.params if isinstance(param, Argument)]
    if not arguments or any(param.nargs < 0 for param in arguments):
        return None
    fewest = sum(param.nargs for param in arguments if param.required)
    return fewest, sum(param.nargs for param in arguments)


@pytest.mark.parametrize("words", QUICK_COMMANDS, ids=" ".join)
def test_the_quick_table_declares_what_the_typer_command_declares(
    words: tuple[str, ...],
) -> None:
    grammar = quick_grammar(words)
    command = typer_command_named(words)

    assert table_of(grammar) == typer_table(command, grammar.to_typer)
    assert (grammar.word_range != (0, 0)) == takes_words(command)
    fixed = fixed_word_range(command)
    if fixed is not None:
        assert grammar.word_range == fixed


def test_every_command_this_door_takes_is_a_typer_command_too() -> None:
    # The quick door's dispatch is by name: a name Typer does not know would be a command
    # only one door has.
    for words in QUICK_COMMANDS:
        assert typer_command_named(words).name == words[-1]


def test_the_table_check_sees_an_option_added_to_typer_only() -> None:
    # Guards the guard: a Typer command with one more option than its quick table.
    extra = typer.Typer()

    @extra.command()
    def streak(
        json_: bool = typer.Option(False, "--json"),
        weeks: int = typer.Option(4, "--weeks", "-w"),
    ) -> None:
        """Stand-in."""

    command = typer_command(extra)
    assert table_of(quick.GRAMMARS["streak"]) != typer_table(command, frozenset())
