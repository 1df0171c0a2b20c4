"""What each fast command loads: a deterministic guard for the speed budget (issue 8).

Timing is noisy and lives in benchmarks/; what a command imports is exact, and importing
Typer, Rich or pydantic is most of what makes a command slow to start. Each test runs the
real entry point (`legday.__main__.main`, what the console script calls) in a fresh
interpreter and asks `sys.modules` which heavy packages got loaded on the way.

`remind` (cron) is held to more: its own work is tiny, so even stdlib modules that cost a few
milliseconds each (typing, dataclasses, pathlib, tomllib ...) and legday's full store are
kept off its path.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store_layout import TEST_DEVICE

# The packages whose import cost the budget cannot afford on the fast path. typer 0.28
# vendors click as typer._click; a plain `click` is listed in case a later typer or a
# dependency brings it back.
HEAVY = ("typer", "click", "rich", "pydantic", "pydantic_core")
# What `remind` must not load either: each costs several ms, more than remind's own work.
# legday.store and legday.model (and with them pathlib, typing ...) load only when the light
# readers meet a file they will not vouch for, so that the full loader can name the problem.
NOT_ON_THE_CRON_PATH = (
    *HEAVY,
    "typing",
    "dataclasses",
    "pathlib",
    "tomllib",
    "inspect",
    "uuid",
    "platform",
    "decimal",
    "platformdirs",
    "legday.model",
    "legday.store",
    "legday.store.codec",
    "legday.store.fold",
    "legday.context",
    "subprocess",  # only --notify, with something to notify, loads it
)
MARKER = "LEGDAY-IMPORT-GUARD:"

# Not even json or re: the caches on the cron path are marshal, and every module there
# avoids what loads functools and collections (see legday.files), unless --json asks for JSON.
NOT_ON_THE_PLAIN_CRON_PATH = ("json", "re", "enum", "contextlib", "functools", "collections")
# The driver itself imports nothing before legday has run, and lists the modules first.
DRIVER = f"""
import sys
sys.argv = ["legday", *sys.argv[1:]]
from legday.__main__ import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
modules = sorted(sys.modules)
sys.stdout.flush()
import json
print({MARKER!r} + json.dumps({{"code": code, "modules": modules}}))
"""

REMIND_FORMS = tuple(
    ["remind", *flags]
    for flags in itertools.chain.from_iterable(
        itertools.combinations(("--always", "--check", "--json"), size) for size in range(4)
    )
)
# remind is not repeated here: the remind tests already rule out pydantic and more.
FAST_COMMANDS = (
    ["log", "squat", "5x5@100kg"],
    ["log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "calf", "raise", "3x15"],
    ["last", "squat"],
    ["log", "squat"],
    ["show"],
    ["history"],
    ["streak"],
    ["history", "--limit", "20"],
    ["stats"],
    ["--help"],
    ["--version"],
)


def run_and_list_modules(
    args: list[str], home: Path | None = None, extra_env: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    """Run `legday ARGS` in a fresh interpreter (in `home`, else the test's own empty home):
    its exit code and every module it loaded."""
    # Module-scoped homes are made before the autouse fixture names the device: name it here,
    # so the homes and the runs are the same device (each device keeps its own cache).
    env = {**os.environ, "LEGDAY_DEVICE": TEST_DEVICE, **(extra_env or {})}
    if home is not None:
        env["LEGDAY_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = next(
        (line for line in reversed(proc.stdout.splitlines()) if line.startswith(MARKER)), None
    )
    assert report is not None, f"no report from the driver; stderr:\n{proc.stderr}"
    result = json.loads(report.removeprefix(MARKER))
    return result["code"], result["modules"]


def among(modules: list[str], watched: tuple[str, ...]) -> list[str]:
    """The watched modules (a package counts when any of its submodules is loaded)."""
    return sorted(
        name
        for name in watched
        if any(module == name or module.startswith(f"{name}.") for module in modules)
    )


def run_and_list_heavy(args: list[str], home: Path | None = None) -> tuple[int, list[str]]:
    """Run `legday ARGS` like `run_and_list_modules`: its exit code and the heavy packages."""
    code, modules = run_and_list_modules(args, home)
    return code, among(modules, HEAVY)


def legday_ok(home: Path, *args: str) -> None:
    code, _ = run_and_list_modules(list(args), home)
    assert code == 0, f"legday {' '.join(args)} exited {code}"


def write_settings(home: Path, goal: int) -> None:
    """config.toml as legday itself writes it: `config set` rewrites the hand-written
    reminders as tomli-w does (a multi-line array under a comment header)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        'reminders = ["Legs first.", "Squat before scrolling."]\nweek_start = "monday"\n',
        encoding="utf-8",
    )
    legday_ok(home, "config", "set", "goal", str(goal))


@pytest.fixture(scope="module")
def home_met_today(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a leg day logged today and settings: this week is met, with history."""
    home = tmp_path_factory.mktemp("met") / "legday-home"
    write_settings(home, goal=1)
    legday_ok(home, "log", "squat", "5x5@100kg", "--date", "-7")
    legday_ok(home, "skip", "next", "week")  # rest weeks can no longer be marked long after
    legday_ok(home, "log", "squat", "5x5@100kg")
    return home


@pytest.fixture(scope="module")
def home_due(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with settings (goal 2), a rest week and back-dated history, nothing this week."""
    home = tmp_path_factory.mktemp("due") / "legday-home"
    write_settings(home, goal=2)
    for days_ago in ("-7", "-8", "-400", "-14", "-15"):
        legday_ok(home, "log", "squat", "5x5@100kg", "--date", days_ago)
    legday_ok(home, "skip", "next", "week")  # rest weeks can no longer be marked long after
    return home


def cron_path_modules(args: list[str], home: Path | None, *, due: bool) -> list[str]:
    """What `legday remind ...` loaded of NOT_ON_THE_CRON_PATH, once it answered as expected
    (a remind that crashed early would also load nothing)."""
    code, modules = run_and_list_modules(args, home)
    assert code == (3 if due and "--check" in args else 0), f"legday {' '.join(args)}: {code}"
    plain = () if "--json" in args else NOT_ON_THE_PLAIN_CRON_PATH
    return among(modules, (*NOT_ON_THE_CRON_PATH, *plain))


@pytest.mark.parametrize("args", REMIND_FORMS, ids=" ".join)
def test_remind_on_an_empty_home_loads_only_light_modules(args: list[str]) -> None:
    assert cron_path_modules(args, None, due=True) == []


@pytest.mark.parametrize("args", REMIND_FORMS, ids=" ".join)
def test_remind_when_the_week_is_met_loads_only_light_modules(
    args: list[str], home_met_today: Path
) -> None:
    assert cron_path_modules(args, home_met_today, due=False) == []


@pytest.mark.parametrize("args", REMIND_FORMS, ids=" ".join)
def test_remind_when_leg_day_is_due_loads_only_light_modules(
    args: list[str], home_due: Path
) -> None:
    assert cron_path_modules(args, home_due, due=True) == []


def test_a_config_the_cache_does_not_hold_loads_tomllib_once_and_then_not(tmp_path: Path) -> None:
    # Guards the guard: the config cache really is what keeps tomllib out, and an edit is
    # read by tomllib again.
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('goal = 2\n[mine]\nnote = "kept"\n', encoding="utf-8")

    assert "tomllib" in cron_path_modules(["remind", "--check"], home, due=True)
    assert cron_path_modules(["remind", "--check"], home, due=True) == []
    (home / "config.toml").write_text("goal = 3\n", encoding="utf-8")
    assert "tomllib" in cron_path_modules(["remind", "--check"], home, due=True)
    assert cron_path_modules(["status"], home, due=True) == []


def test_a_damaged_rest_file_loads_the_full_store_to_name_the_problem(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "rest_weeks.json").write_text("{damaged", encoding="utf-8")

    code, modules = run_and_list_modules(["remind"], home)

    assert code == 1
    assert {"legday.store", "legday.model"} <= set(among(modules, NOT_ON_THE_CRON_PATH))


def test_remind_check_still_reports_due_through_the_guard_driver() -> None:
    # Guards the guard: the driver must see remind's real exit code, or a remind that
    # failed before importing anything would pass the tests above.
    code, _ = run_and_list_heavy(["remind", "--check"])
    assert code == 3


def test_version_loads_no_rich_and_no_pydantic() -> None:
    code, loaded = run_and_list_heavy(["--version"])
    assert code == 0
    assert not {"rich", "pydantic", "pydantic_core"} & set(loaded)


@pytest.mark.parametrize("args", FAST_COMMANDS, ids=" ".join)
def test_no_fast_command_loads_pydantic(args: list[str], home_met_today: Path) -> None:
    code, loaded = run_and_list_heavy(args, home_met_today)
    assert code in (0, 3), f"legday {' '.join(args)} exited {code}"
    assert not {"pydantic", "pydantic_core"} & set(loaded)


@pytest.mark.parametrize(
    "args", [["log", "squat", "5x5@100kg"], ["history", "--limit", "20"], ["history", "--json"]]
)
def test_log_and_history_into_a_pipe_load_neither_typer_nor_rich(
    args: list[str], home_met_today: Path
) -> None:
    # Their output is laid out by legday itself; Rich is only for colour on a terminal.
    code, modules = run_and_list_modules(args, home_met_today)
    assert code == 0
    assert among(modules, HEAVY) == []
    assert among(modules, ("dataclasses", "inspect", "tomllib", "uuid", "platform")) == []


@pytest.mark.parametrize(
    "args",
    [["history", "--limit", "20"], ["last", "squat"], ["show"], ["streak"], ["stats"]],
    ids=" ".join,
)
def test_the_read_views_in_colour_load_no_rich(args: list[str], home_met_today: Path) -> None:
    # Their few styles are written as escapes by legday.render.ansi, byte for byte Rich's.
    colour = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""}
    code, modules = run_and_list_modules(args, home_met_today, colour)
    assert code == 0
    assert among(modules, HEAVY) == []


@pytest.mark.parametrize("args", [["streak"], ["stats"], ["stats", "--weeks", "30"]], ids=" ".join)
def test_streak_and_stats_into_a_pipe_load_neither_typer_nor_rich(
    args: list[str], home_met_today: Path
) -> None:
    # Piped, their lines are legday's own (legday.render.habit_lines), exactly as Rich's.
    code, modules = run_and_list_modules(args, home_met_today)
    assert code == 0
    assert among(modules, HEAVY) == []


@pytest.mark.parametrize("args", [["prs"], ["prs", "--json"], ["exercises"]], ids=" ".join)
def test_prs_and_exercises_into_a_pipe_load_neither_typer_nor_rich(
    args: list[str], home_met_today: Path
) -> None:
    # Piped at 80 columns, the records table and the catalogue are written by
    # legday.render.rich_plain, byte for byte as Rich writes them.
    code, modules = run_and_list_modules(args, home_met_today, {"COLUMNS": "80"})
    assert code == 0
    assert among(modules, HEAVY) == []


PATH_AND_CONFIG = (
    ["path"],
    ["path", "--json"],
    ["config", "show"],
    ["config", "show", "--json"],
    ["config", "get", "goal"],
    ["config", "path"],
)


@pytest.mark.parametrize("args", PATH_AND_CONFIG, ids=" ".join)
def test_path_and_config_into_a_pipe_load_neither_typer_nor_rich(
    args: list[str], home_met_today: Path
) -> None:
    # A few lines of key and value (legday.quick): Typer's import was most of their time.
    code, modules = run_and_list_modules(args, home_met_today)
    assert code == 0
    assert among(modules, HEAVY) == []


@pytest.mark.parametrize("args", PATH_AND_CONFIG, ids=" ".join)
def test_path_and_config_in_colour_load_no_typer(args: list[str], home_met_today: Path) -> None:
    colour = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": ""}
    code, modules = run_and_list_modules(args, home_met_today, colour)
    assert code == 0
    assert among(modules, ("typer", "click")) == []


def test_a_refused_config_get_loads_no_typer(home_due: Path) -> None:
    # The one-line Error: and its exit code come from legday.exit, whichever door ran.
    code, modules = run_and_list_modules(["config", "get", "weight"], home_due)
    assert code == 2
    assert among(modules, HEAVY) == []


# ---------------------------------------------------------------------------- the cue (issue 13)

STATUS_FORMS = (["status"], ["status", "--json"], ["status", "--format", "{done}/{goal} {mark}"])


@pytest.mark.parametrize("args", STATUS_FORMS, ids=" ".join)
@pytest.mark.parametrize("which", ["empty", "met", "due"])
def test_status_loads_only_what_remind_loads(
    args: list[str], which: str, home_met_today: Path, home_due: Path
) -> None:
    # It runs on every prompt: held to remind's budget, and so to remind's imports.
    home = {"empty": None, "met": home_met_today, "due": home_due}[which]
    code, modules = run_and_list_modules(args, home)
    assert code == 0
    assert among(modules, NOT_ON_THE_CRON_PATH) == []


@pytest.mark.parametrize("args", [["remind", "--notify"], ["remind", "--notify", "--check"]])
def test_remind_notify_when_not_due_loads_no_more_than_remind(
    args: list[str], home_met_today: Path
) -> None:
    assert cron_path_modules(args, home_met_today, due=False) == []


def test_remind_notify_when_due_loads_subprocess_for_the_notifier(tmp_path: Path) -> None:
    # Guards the guard: the notifier's path really is where subprocess comes in. No bus at
    # this address, so nothing pops up on a developer's desktop.
    code, modules = run_and_list_modules(
        ["remind", "--notify"], None, {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/none"}
    )
    assert code == 0
    assert among(modules, NOT_ON_THE_CRON_PATH) == ["subprocess"]


def test_remind_once_a_day_loads_only_light_modules_first_and_later(
    home_due: Path, tmp_path: Path
) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(home_due, home)  # the day's mark must not reach the shared home
    # A copy has new inodes, so its cache no longer matches: one plain remind remakes it.
    legday_ok(home, "remind", "--json")
    for _ in ("prints", "stays quiet"):
        assert cron_path_modules(["remind", "--once-a-day"], home, due=True) == []
    assert (home / "reminded").is_dir()


def test_remind_with_no_legday_home_loads_platformdirs_only_until_it_remembers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default user (no LEGDAY_HOME): the first run asks platformdirs and remembers its
    # answer; later runs read that answer and load nothing more than with LEGDAY_HOME.
    monkeypatch.delenv("LEGDAY_HOME")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    first = cron_path_modules(["remind"], None, due=True)
    later = cron_path_modules(["remind"], None, due=True)

    # platformdirs and pathlib bring re, functools and the rest: only the first run pays.
    assert {"pathlib", "platformdirs"} <= set(first)
    assert later == []
