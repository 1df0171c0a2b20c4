"""What each fast command loads: a deterministic guard for the speed budget (issue 8).

Timing is noisy and lives in benchmarks/; what a command imports is exact, and importing
Typer, Rich or pydantic is most of what makes a command slow to start. Each test runs the
real entry point (`legday.__main__.main`, what the console script calls) in a fresh
interpreter and asks `sys.modules` which heavy packages got loaded on the way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The packages whose import cost the budget cannot afford on the fast path. typer 0.28
# vendors click as typer._click; a plain `click` is listed in case a later typer or a
# dependency brings it back.
HEAVY = ("typer", "click", "rich", "pydantic", "pydantic_core")
MARKER = "LEGDAY-IMPORT-GUARD:"

DRIVER = f"""
import json, sys
sys.argv = ["legday", *json.loads(sys.argv[1])]
from legday.__main__ import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
sys.stdout.flush()
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({list(HEAVY)!r}))
print({MARKER!r} + json.dumps({{"code": code, "loaded": loaded}}))
"""

REMIND_FORMS = (
    ["remind"],
    ["remind", "--json"],
    ["remind", "--check"],
    ["remind", "--always"],
    ["remind", "--check", "--json"],
)
# remind is not repeated here: the remind tests already rule out pydantic and more.
FAST_COMMANDS = (
    ["log", "squat", "5x5@100kg"],
    ["streak"],
    ["history", "--limit", "20"],
    ["stats"],
    ["--help"],
    ["--version"],
)


def run_and_list_heavy(args: list[str], home: Path | None = None) -> tuple[int, list[str]]:
    """Run `legday ARGS` in a fresh interpreter (in `home`, else the test's own empty home):
    its exit code and the heavy packages it loaded."""
    env = dict(os.environ)
    if home is not None:
        env["LEGDAY_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(args)],
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
    return result["code"], result["loaded"]


@pytest.fixture(scope="module")
def home_met_today(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a leg day logged today: this week is met, and commands have history."""
    home = tmp_path_factory.mktemp("met") / "legday-home"
    code, _ = run_and_list_heavy(["log", "squat", "5x5@100kg"], home)
    assert code == 0
    return home


def lean_remind_modules(args: list[str], home: Path | None = None) -> list[str]:
    code, loaded = run_and_list_heavy(args, home)
    # A remind that crashed early would also load nothing: make sure it really answered.
    assert code in (0, 3), f"legday {' '.join(args)} exited {code}"
    return loaded


@pytest.mark.parametrize("args", REMIND_FORMS, ids=" ".join)
def test_remind_on_an_empty_home_loads_no_typer_rich_or_pydantic(args: list[str]) -> None:
    assert lean_remind_modules(args) == []


@pytest.mark.parametrize("args", REMIND_FORMS, ids=" ".join)
def test_remind_when_the_week_is_met_loads_no_typer_rich_or_pydantic(
    args: list[str], home_met_today: Path
) -> None:
    assert lean_remind_modules(args, home_met_today) == []


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
