"""`legday cron --systemd` and `legday cron --launchd`: the reminder as a user timer.

systemd: `legday-remind.service` (runs `legday remind` once) and `legday-remind.timer`
(OnCalendar from --at/--days; Persistent=true, so a laptop that was asleep or off at that time
runs it at the next boot or wake) in the user unit dir. launchd: one LaunchAgent plist whose
StartCalendarInterval launchd also catches up on after sleep.

The files are written all or nothing: each to a temporary file beside its final name first,
then all swapped in with os.replace. The folders come from `systemd_user_dir()` and
`launch_agents_dir()`, which follow $XDG_CONFIG_HOME and $HOME (as systemd and macOS do), so a
test or a user can point them elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from legday.crontab import CRON_DAYS, Schedule, parse_schedule, pinned_environment, remind_command
from legday.errors import LegdayError
from legday.files import create_temp, unlink_quietly, write_durably
from legday.value import Value

SERVICE = "legday-remind.service"
TIMER = "legday-remind.timer"
LAUNCHD_LABEL = "legday.remind"
PLIST = f"{LAUNCHD_LABEL}.plist"
COMMAND_TIMEOUT_S = 30.0
_HEADER = "# Written by `legday cron --systemd`; `legday cron --systemd --uninstall` removes it."


def systemd_user_dir() -> Path:
    """Where systemd looks for a user's own units: $XDG_CONFIG_HOME/systemd/user."""
    config = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(config) if config and os.path.isabs(config) else Path.home() / ".config"
    return base / "systemd" / "user"


def launch_agents_dir() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


class TimerChange(Value):
    """What `cron --systemd/--launchd` wrote or removed, ran, and leaves the user to run."""

    files: list[Path]
    texts: list[str]  # the files' contents, in the same order
    ran: list[str]  # commands run, as the user would type them
    to_run: list[str]  # commands for the user to run
    dry_run: bool
    removed: bool = False


# ---------------------------------------------------------------------------- systemd


def on_calendar(schedule: Schedule) -> str:
    days = schedule.spelled("", "Mon..Fri", CRON_DAYS, ",")  # daily: no day part at all
    return f"{days} *-*-* {schedule.hour:02d}:{schedule.minute:02d}:00".lstrip()


_PLAIN_WORD = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def _systemd_word(word: str, *, program: bool = False) -> str:
    """One ExecStart= word, quoted if needed: % doubled (systemd expands specifiers in every
    word), and $ doubled in the arguments, where systemd substitutes variables (it does not
    in the program's path, which `systemd-analyze verify` confirms)."""
    escaped = word.replace("%", "%%")
    if not program:
        escaped = escaped.replace("$", "$$")
    if _PLAIN_WORD.fullmatch(word):
        return escaped
    return '"' + _c_escape(escaped) + '"'


def _c_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _environment_line(name: str, value: str) -> str:
    # Specifiers (%h ...) are expanded in Environment= too; $ is not.
    return f'Environment="{_c_escape(f"{name}={value}".replace("%", "%%"))}"'


def systemd_units(schedule: Schedule, *, notify: bool) -> dict[str, str]:
    program, *arguments = remind_command(notify=notify)
    command = " ".join(
        [_systemd_word(program, program=True), *(_systemd_word(word) for word in arguments)]
    )
    environment = [_environment_line(k, v) for k, v in pinned_environment().items()]
    service = "\n".join(
        [
            _HEADER,
            "[Unit]",
            "Description=legday leg-day reminder",
            "",
            "[Service]",
            "Type=oneshot",
            *environment,
            f"ExecStart={command}",
            "",
        ]
    )
    timer = "\n".join(
        [
            _HEADER,
            "[Unit]",
            f"Description=legday leg-day reminder, {schedule.describe()}",
            "",
            "[Timer]",
            f"OnCalendar={on_calendar(schedule)}",
            "Persistent=true",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    return {SERVICE: service, TIMER: timer}


def _systemctl(*args: str) -> list[str]:
    return ["systemctl", "--user", *args]


def install_systemd(
    at: str, days: str, *, notify: bool, install: bool, dry_run: bool
) -> TimerChange:
    units = systemd_units(parse_schedule(at, days), notify=notify)
    folder = systemd_user_dir()
    files = [folder / name for name in units]
    enable = _systemctl("enable", "--now", TIMER)
    if not dry_run:
        if install:
            _require("systemctl", "systemd is not running this system's services")
        write_all(folder, {name: text.encode() for name, text in units.items()}, mode=0o644)
    if dry_run or not install:
        return TimerChange(files, list(units.values()), [], [_shown(enable)], dry_run=dry_run)
    # A reinstall changes units systemd has already loaded: reload before enabling.
    ran = [_checked(_systemctl("daemon-reload"), files), _checked(enable, files)]
    return TimerChange(files, list(units.values()), ran, [], dry_run=False)


def uninstall_systemd(*, dry_run: bool) -> TimerChange:
    folder = systemd_user_dir()
    files = [folder / SERVICE, folder / TIMER]
    return _uninstall(files, _systemctl("disable", "--now", TIMER), dry_run=dry_run)


# ---------------------------------------------------------------------------- launchd


def launchd_plist(schedule: Schedule, *, notify: bool) -> bytes:
    import plistlib

    hour_minute = {"Hour": schedule.hour, "Minute": schedule.minute}
    interval: object
    if schedule.days is None:
        interval = hour_minute
    else:
        interval = [{**hour_minute, "Weekday": day} for day in schedule.weekday_numbers]
    agent: dict[str, object] = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": remind_command(notify=notify),
        "StartCalendarInterval": interval,
    }
    environment = pinned_environment()
    if environment:
        agent["EnvironmentVariables"] = environment
    return plistlib.dumps(agent, sort_keys=False)


def _gui_domain() -> str:
    return f"gui/{os.getuid()}"


def install_launchd(
    at: str, days: str, *, notify: bool, install: bool, dry_run: bool
) -> TimerChange:
    plist = launchd_plist(parse_schedule(at, days), notify=notify)
    path = launch_agents_dir() / PLIST
    load = ["launchctl", "bootstrap", _gui_domain(), str(path)]
    if not dry_run:
        if install:
            _require("launchctl", "launchd is macOS's")
        write_all(path.parent, {PLIST: plist}, mode=0o644)
    if dry_run or not install:
        return TimerChange([path], [plist.decode()], [], [_shown(load)], dry_run=dry_run)
    # Replacing a loaded agent: unload the old one first (failing when none is loaded).
    _run(["launchctl", "bootout", f"{_gui_domain()}/{LAUNCHD_LABEL}"])
    return TimerChange([path], [plist.decode()], [_checked(load, [path])], [], dry_run=False)


def uninstall_launchd(*, dry_run: bool) -> TimerChange:
    path = launch_agents_dir() / PLIST
    unload = ["launchctl", "bootout", f"{_gui_domain()}/{LAUNCHD_LABEL}"]
    return _uninstall([path], unload, dry_run=dry_run)


# ---------------------------------------------------------------------------- shared


def _uninstall(files: list[Path], stop: list[str], *, dry_run: bool) -> TimerChange:
    present = [path for path in files if path.exists() or path.is_symlink()]
    if dry_run or not present:
        return TimerChange(present, [], [], [], dry_run=dry_run, removed=True)
    ran = []
    if shutil.which(stop[0]) is not None:
        # Stopping a timer that is not loaded fails; the files go all the same.
        _run(stop)
        ran.append(_shown(stop))
    for path in present:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise LegdayError(f"cannot remove {path}: {exc.strerror or exc}.") from None
    if stop[0] == "systemctl" and ran:
        _run(_systemctl("daemon-reload"))
        ran.append(_shown(_systemctl("daemon-reload")))
    return TimerChange(present, [], ran, [], dry_run=False, removed=True)


def write_all(folder: Path, files: dict[str, bytes], *, mode: int) -> None:
    """Write every file in `folder` or none: temporaries first, then one os.replace each."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LegdayError(
            f"cannot create {folder}: {exc.strerror or exc}; nothing written."
        ) from None
    for name in files:
        if (folder / name).is_dir():  # os.replace would fail there after the others
            raise LegdayError(f"{folder / name} is a directory; nothing written.")
    written: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            written.append((_write_temporary(folder, name, data, mode), folder / name))
        for temporary, final in written:
            os.replace(temporary, final)
    except OSError as exc:
        for temporary, _ in written:
            unlink_quietly(temporary)
        where = getattr(exc, "filename", None) or folder
        raise LegdayError(
            f"cannot write in {where}: {exc.strerror or exc}; nothing written."
        ) from None


def _write_temporary(folder: Path, name: str, data: bytes, mode: int) -> str:
    fd, temporary = create_temp(folder / name)  # `.NAME.<random>.tmp`, 0600
    try:
        write_durably(fd, data, mode=mode)
    except OSError:
        unlink_quietly(temporary)
        raise
    return temporary


def _require(program: str, why: str) -> None:
    if shutil.which(program) is None:
        raise LegdayError(
            f"--install needs `{program}`, which is not on PATH ({why}); nothing written. "
            "Without --install legday writes the files and shows the command."
        )


def _shown(argv: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(word) for word in argv)


def _run(argv: list[str]) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            argv,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _checked(argv: list[str], files: list[Path]) -> str:
    done = _run(argv)
    if done is None or done.returncode != 0:
        said = "" if done is None else done.stderr.decode("utf-8", errors="replace").strip()
        said = said.splitlines()[0] if said else "no answer" if done is None else "failed"
        names = " and ".join(str(path) for path in files)
        raise LegdayError(
            f"wrote {names}, but `{_shown(argv)}` failed ({said}); run it yourself once "
            "the problem is fixed."
        )
    return _shown(argv)
