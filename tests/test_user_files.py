"""Files the user names: `export --output FILE` and `stats --save FILE` take one safe path
(legday.userfile): no overwrite without --force, no symlink followed, no FIFO or device opened,
0600 whatever the umask, nothing on stdout when the file cannot be written. The saved chart
loads nothing from the network."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run

NOW = datetime(2026, 11, 19, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
ENTRY_POINT = Path(sys.executable).parent / "legday"


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def one_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert legday(capsys, "log", "squat", "5x5@100kg")[0] == 0


# Each way of naming a file, with what its file holds once written.
WRITERS = {
    "stats --save": (["stats", "--save"], ".svg", "<svg"),
    "stats --save --json": (["stats", "--json", "--save"], ".html", "<!DOCTYPE html>"),
    "export --output": (["export", "--output"], ".json", '"format": "legday"'),
}


@pytest.fixture(params=sorted(WRITERS))
def writer(request: pytest.FixtureRequest) -> tuple[list[str], str, str]:
    return WRITERS[request.param]


def test_a_new_file_is_written_0600_even_under_umask_000(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, content = writer
    target = tmp_path / f"out{suffix}"
    old = os.umask(0)
    try:
        code, _, err = legday(capsys, *argv, str(target))
    finally:
        os.umask(old)
    assert code == 0, err
    assert content in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_file_is_kept_without_force_and_stdout_stays_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, content = writer
    target = tmp_path / f"out{suffix}"
    target.write_text("mine", encoding="utf-8")

    code, out, err = legday(capsys, *argv, str(target))

    assert (code, out) == (2, "")
    assert err.startswith("Error:") and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"

    code, _, err = legday(capsys, *argv, str(target), "--force")
    assert code == 0, err
    assert content in target.read_text(encoding="utf-8")


def test_force_replaces_a_symlink_itself_never_its_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, _ = writer
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / f"out{suffix}"
    link.symlink_to(victim)

    assert legday(capsys, *argv, str(link))[0] == 2
    code, _, err = legday(capsys, *argv, str(link), "--force")

    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not link.is_symlink()
    assert stat.S_IMODE(link.stat().st_mode) == 0o600


def test_a_dangling_link_never_gets_its_target_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, _ = writer
    target = tmp_path / f"elsewhere{suffix}"
    link = tmp_path / f"out{suffix}"
    link.symlink_to(target)

    code, out, _ = legday(capsys, *argv, str(link))

    assert (code, out) == (2, "")
    assert not target.exists()


def test_a_fifo_is_refused_without_blocking_even_with_force(
    tmp_path: Path, legday_home: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, _ = writer
    fifo = tmp_path / f"out{suffix}"
    os.mkfifo(fifo)
    # A real process: opening a FIFO nobody reads would block this one forever.
    done = subprocess.run(
        [str(ENTRY_POINT), *argv, str(fifo), "--force"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "LEGDAY_HOME": str(legday_home)},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "not a regular file" in done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_directory_is_refused_even_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, _ = writer
    folder = tmp_path / f"out{suffix}"
    folder.mkdir()
    code, out, err = legday(capsys, *argv, str(folder), "--force")
    assert (code, out) == (2, "")
    assert "is a directory" in err


def test_a_missing_folder_is_named_and_nothing_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: tuple[list[str], str, str]
) -> None:
    argv, suffix, _ = writer
    code, out, err = legday(capsys, *argv, str(tmp_path / "nowhere" / f"out{suffix}"))
    assert (code, out) == (2, "")
    assert "nowhere" in err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("argv", [["stats", "--save", ""], ["export", "--output", ""]])
def test_an_empty_file_name_is_called_empty(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = legday(capsys, *argv)
    assert (code, out) == (2, "")
    assert "is empty" in err
    assert argv[1] in err


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_the_saved_chart_loads_no_font_and_no_url(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"stats{suffix}"
    assert legday(capsys, "stats", "--save", str(target))[0] == 0
    document = target.read_text(encoding="utf-8")
    # The SVG namespace names a vocabulary; it is never fetched.
    document = document.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "://" not in document
    assert "@import" not in document and "@font-face" not in document
    # url(...) only for references inside the page itself (clip paths).
    assert all(ref.startswith("#") for ref in re.findall(r"url\(\s*['\"]?([^)'\"]*)", document))
    assert not re.search(r"\b(?:src|href)\s*=", document)
