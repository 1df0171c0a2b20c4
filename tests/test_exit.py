"""The one exit point (legday.exit), as a shell sees it through each door: cron_door (remind),
quick (streak) and the Typer app (prs, exercises).

Real processes with real pipes and real signals: a reader that has left before the command
writes (`| head` that is done) and Ctrl-C at a point where the command is known to be waiting.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from legday.cli import run

# One command per door, and one more for Rich's own output path (exercises prints a table).
DOORS = (["remind"], ["streak"], ["prs"], ["exercises"], ["history"])

# Runs legday's real entry point with the store's location lookup made to wait, first telling
# the test (a byte on fd READY) that the command has got that far: Ctrl-C then lands inside
# the command, in whichever door took it, never in the interpreter's start-up.
WAITING_DRIVER = """
import os, sys
ready, hold = int(sys.argv[1]), int(sys.argv[2])
sys.argv = ["legday", *sys.argv[3:]]
import legday.paths
real_locate = legday.paths.locate

def waiting_locate():
    os.write(ready, b"!")
    os.read(hold, 1)  # never written to: the process waits here for the signal
    return real_locate()

legday.paths.locate = waiting_locate
from legday.__main__ import main
main()
"""


@pytest.fixture
def home_with_history(capsys: pytest.CaptureFixture[str]) -> None:
    for days_ago in range(1, 15):
        assert run(["log", "squat", "5x5@100kg", "--date", f"-{days_ago}"]) == 0
        assert run(["log", "lunge", f"3x{days_ago}@20kg", "--date", f"-{days_ago}"]) == 0
    capsys.readouterr()


def run_into_a_closed_pipe(args: list[str]) -> subprocess.CompletedProcess[str]:
    """`legday ARGS | head` where head has already gone: the read end is closed before the
    process starts, so its first write to stdout fails (EPIPE), every time."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "legday", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", DOORS, ids=" ".join)
def test_a_reader_that_left_is_a_quiet_success(args: list[str], home_with_history: None) -> None:
    proc = run_into_a_closed_pipe(args)

    assert (proc.returncode, proc.stderr) == (0, "")


def interrupt_while_waiting(args: list[str]) -> tuple[int, str]:
    """Run `legday ARGS`, send SIGINT once it is waiting inside the command: (exit, stderr)."""
    ready_read, ready_write = os.pipe()
    hold_read, hold_write = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", WAITING_DRIVER, str(ready_write), str(hold_read), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=(ready_write, hold_read),
            # As from a terminal: a shell's background job (`pytest &`) would hand the child
            # SIGINT ignored, and Python installs no Ctrl-C handler then.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        os.close(ready_write)
        ready_write = -1
        assert select.select([ready_read], [], [], 60)[0], "the command never got going"
        assert os.read(ready_read, 1) == b"!"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        return proc.returncode, stderr
    finally:
        for fd in (ready_read, ready_write, hold_read, hold_write):
            if fd >= 0:
                os.close(fd)


@pytest.mark.parametrize("args", [*DOORS, ["status"], ["--debug", "streak"]], ids=" ".join)
def test_ctrl_c_is_one_line_and_exit_130(args: list[str], legday_home: Path) -> None:
    code, stderr = interrupt_while_waiting(args)

    assert (code, stderr) == (130, "Error: interrupted; nothing was changed.\n")


def test_debug_anywhere_shows_the_traceback_on_the_cron_path_too(legday_home: Path) -> None:
    legday_home.mkdir(parents=True)
    (legday_home / "config.toml").write_text("goal = 9\n", encoding="utf-8")
    plain = subprocess.run(
        [sys.executable, "-m", "legday", "remind"], capture_output=True, text=True, check=False
    )
    debug = subprocess.run(
        [sys.executable, "-m", "legday", "remind", "--debug"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert plain.returncode == debug.returncode == 1
    assert plain.stderr.startswith("Error: ") and plain.stderr.count("\n") == 1
    assert "Traceback" in debug.stderr and debug.stderr.endswith(plain.stderr)


@pytest.mark.parametrize(
    ("raised", "code", "stderr"),
    [
        (KeyboardInterrupt, 130, "Error: interrupted; nothing was changed.\n"),
        (BrokenPipeError, 0, ""),
    ],
)
def test_the_typer_door_hands_ctrl_c_and_a_gone_reader_to_the_exit_point(
    raised: type[BaseException],
    code: int,
    stderr: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Typer itself would make them a silent exit 130 and a silent exit 1.
    def interrupted(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr("legday.actions.prs", interrupted)

    assert run(["prs"]) == code
    assert capsys.readouterr().err == stderr
