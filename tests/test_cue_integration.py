"""The cue with the real components a user has (issue 13): Debian's crontab, systemd's unit
checker, a notification server on a real D-Bus session bus, real bash/zsh/fish.

Deselected by default (`-m integration` runs them; .ci/run installs what they need). Nothing
here touches the machine's own state: the crontab is a throwaway user's (`legdaytest`, made
by .ci/run; `crontab` runs under its uid through setpriv, so the real binary edits that user's
table only), the bus and the notification server are private to each test, and the clock is
pinned with faketime. Where a tool is missing the test is skipped, and fails under CI.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legday.render.remind import reminder_line

pytestmark = pytest.mark.integration

ENTRY_POINT = Path(sys.executable).parent / "legday"
BIN = str(ENTRY_POINT.parent)
TEST_USER = "legdaytest"
SPOOL = Path("/var/spool/cron/crontabs")
THURSDAY = "2026-11-19 18:00:00"
FRIDAY = "2026-11-20 08:00:00"
SUNDAY = "2026-11-22 18:00:00"


def need(*programs: str) -> None:
    missing = [name for name in programs if shutil.which(name) is None]
    if missing:
        message = f"needs {', '.join(missing)} (installed by .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(
    argv: list[str], env: dict[str, str], stdin: bytes = b"", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        env=env,
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def base_env(tmp_path: Path) -> dict[str, str]:
    keep = ("LANG", "LC_ALL", "TZ")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    return {
        **env,
        "HOME": str(tmp_path / "user-home"),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "LEGDAY_HOME": str(tmp_path / "legday-home"),
        "NO_COLOR": "1",
    }


def at(moment: str, argv: list[str]) -> list[str]:
    return ["faketime", moment, *argv]


# ---------------------------------------------------------------------------- crontab


@pytest.fixture
def user_crontab(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment whose `crontab` is Debian's, run as the throwaway user."""
    need("crontab", "setpriv")
    if os.geteuid() != 0:
        pytest.skip("needs root to run crontab as the test user")
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        if os.environ.get("CI"):
            pytest.fail(f"no user {TEST_USER} (.ci/run makes it)")
        pytest.skip(f"no user {TEST_USER} (useradd -m {TEST_USER})")
    wrapper_dir = tmp_path / "as-test-user"
    wrapper_dir.mkdir()
    wrapper = wrapper_dir / "crontab"
    real = shutil.which("crontab")
    wrapper.write_text(
        "#!/bin/sh\n"
        f'exec setpriv --reuid={TEST_USER} --regid={TEST_USER} --init-groups {real} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    env = base_env(tmp_path)
    env["PATH"] = f"{wrapper_dir}:{env['PATH']}"
    run(["crontab", "-r"], env)
    yield env
    run(["crontab", "-r"], env)


def crontab_bytes(env: dict[str, str]) -> bytes:
    done = subprocess.run(["crontab", "-l"], env=env, capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else b""


USER_LINES = (
    b'MAILTO=""\n'
    b"# nightly backup, 50% faster \xc3\xa9t\xc3\xa9\n"
    b"15 3 * * 1 /usr/bin/true --level 50\\% >/dev/null 2>&1\n"
    b"@reboot /usr/bin/true\n"
)


def test_install_reinstall_uninstall_against_the_real_crontab(
    user_crontab: dict[str, str],
) -> None:
    env = user_crontab
    assert subprocess.run(["crontab", "-"], env=env, input=USER_LINES, check=False).returncode == 0

    first = run([str(ENTRY_POINT), "cron", "--install", "--at", "06:30"], env)
    installed = crontab_bytes(env)
    again = run([str(ENTRY_POINT), "cron", "--install", "--at", "21:05", "--notify"], env)
    replaced = crontab_bytes(env)
    removed = run([str(ENTRY_POINT), "cron", "--uninstall"], env)

    assert first.returncode == 0, first.stderr
    assert installed.startswith(USER_LINES)
    comment, job = installed[len(USER_LINES) :].decode().splitlines()
    assert comment.startswith("# legday: leg-day reminder")
    assert job.startswith("30 6 * * * ") and job.endswith("/legday remind")
    assert again.returncode == 0, again.stderr
    assert replaced.startswith(USER_LINES)
    assert replaced.count(b"# legday: leg-day reminder") == 1
    assert replaced.decode().splitlines()[-1].startswith("5 21 * * * ")
    assert removed.returncode == 0, removed.stderr
    assert crontab_bytes(env) == USER_LINES  # byte for byte


def test_install_into_no_crontab_and_uninstall_leave_no_crontab(
    user_crontab: dict[str, str],
) -> None:
    env = user_crontab
    dry = run([str(ENTRY_POINT), "cron", "--install", "--dry-run"], env)
    assert dry.returncode == 0 and crontab_bytes(env) == b""

    assert run([str(ENTRY_POINT), "cron", "--install"], env).returncode == 0
    assert crontab_bytes(env).decode().splitlines()[-1].endswith("/legday remind")
    assert run([str(ENTRY_POINT), "cron", "--uninstall"], env).returncode == 0

    listed = run(["crontab", "-l"], env)
    assert listed.returncode == 1 and "no crontab" in listed.stderr


def test_a_table_the_real_crontab_refuses_is_an_error_and_stays_as_it_was(
    user_crontab: dict[str, str],
) -> None:
    # A table this cron lists but will not install again (put there by another tool).
    env = user_crontab
    account = pwd.getpwnam(TEST_USER)
    spool_file = SPOOL / TEST_USER
    spool_file.write_bytes(b"# (header)\n# (header)\n# (header)\n61 1 * * * /usr/bin/true\n")
    os.chown(spool_file, account.pw_uid, grp.getgrnam("crontab").gr_gid)
    spool_file.chmod(0o600)
    before = crontab_bytes(env)
    assert before == b"61 1 * * * /usr/bin/true\n"

    result = run([str(ENTRY_POINT), "cron", "--install"], env)

    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: crontab refused the new table (")
    assert "bad minute" in line and "unchanged" in line
    assert crontab_bytes(env) == before


# ---------------------------------------------------------------------------- systemd


def test_the_generated_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    need("systemd-analyze")
    # An odd install path and LEGDAY_HOME: spaces, % and $ must survive systemd's quoting.
    odd_bin = tmp_path / "my apps 100% $HOME"
    odd_bin.mkdir()
    legday = odd_bin / "legday"
    shutil.copy2(ENTRY_POINT, legday)
    env = base_env(tmp_path)
    env["LEGDAY_HOME"] = str(tmp_path / "data 50% $USER")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    units = Path(env["HOME"]) / ".config" / "systemd" / "user"

    for days in ("daily", "weekdays", "sat,sun"):
        written = run([str(legday), "cron", "--systemd", "--notify", "--days", days], env)
        assert written.returncode == 0, written.stderr

        checked = subprocess.run(
            ["systemd-analyze", "--user", "verify", "./legday-remind.service",
             "./legday-remind.timer"],
            cwd=units, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stderr
        assert (checked.stdout, checked.stderr) == ("", "")

    timer = (units / "legday-remind.timer").read_text(encoding="utf-8")
    calendar = re.search(r"^OnCalendar=(.*)$", timer, re.M)
    assert calendar is not None
    normalized = run(["systemd-analyze", "calendar", calendar[1]], env)
    assert "Normalized form: Sat,Sun *-*-* 18:00:00" in normalized.stdout


def test_verify_catches_a_broken_exec_start(tmp_path: Path) -> None:
    # Guards the test above: a unit whose program is missing does not pass.
    need("systemd-analyze")
    env = base_env(tmp_path)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    assert run([str(ENTRY_POINT), "cron", "--systemd"], env).returncode == 0
    units = Path(env["HOME"]) / ".config" / "systemd" / "user"
    service = units / "legday-remind.service"
    service.write_text(
        service.read_text(encoding="utf-8").replace(str(ENTRY_POINT), "/nowhere/legday"),
        encoding="utf-8",
    )

    checked = subprocess.run(
        ["systemd-analyze", "--user", "verify", "./legday-remind.service"],
        cwd=units, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert checked.returncode != 0


# ---------------------------------------------------------------------------- notifications


class Bus:
    """A private session bus with a notification server (dunst on a virtual X display) and
    dbus-monitor watching Notify calls on it."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "bus"
        self.address = f"unix:path={self.socket}"
        self.processes: list[subprocess.Popen[bytes]] = []
        daemon = self._start(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1",
             f"--address={self.address}"], stdout=subprocess.PIPE,
        )  # fmt: skip
        assert daemon.stdout is not None
        assert daemon.stdout.readline().strip()  # printed once it listens
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}
        self._start(["xvfb-run", "-a", "dunst", "-config", "/dev/null"], env=env)
        self._wait_for_server(env)
        self.monitor = self._start(
            ["dbus-monitor", "--address", self.address,
             "interface='org.freedesktop.Notifications',member='Notify'"],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        self._read_until(lambda text: "NameLost" in text)  # it is a monitor now

    def _start(self, argv: list[str], **options: Any) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            **options,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def _wait_for_server(self, env: dict[str, str]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            answer = subprocess.run(
                ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                 "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                 "string:org.freedesktop.Notifications"],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if "boolean true" in answer.stdout:
                return
            time.sleep(0.05)  # polling a readiness condition, with a deadline
        raise AssertionError("no notification server came up on the test bus")

    def _read_until(self, done: Any, timeout: float = 15) -> str:
        assert self.monitor.stdout is not None
        stream = self.monitor.stdout.fileno()
        text = ""
        deadline = time.monotonic() + timeout
        while not done(text):
            left = deadline - time.monotonic()
            assert left > 0, f"dbus-monitor saw only:\n{text}"
            ready, _, _ = select.select([stream], [], [], left)
            if ready:
                chunk = os.read(stream, 65536)
                assert chunk, f"dbus-monitor ended; it saw:\n{text}"
                text += chunk.decode("utf-8", errors="replace")
        return text

    def next_notification(self) -> dict[str, Any]:
        """The arguments of the next Notify call: app, summary, body and urgency."""
        text = self._read_until(lambda seen: re.search(r"member=Notify[\s\S]*int32 -?\d+", seen))
        call = text[text.index("member=Notify") :]
        strings = re.findall(r'^\s+string "(.*)"$', call, re.M)
        urgency = re.search(r'string "urgency"\s+variant\s+byte (\d+)', call)
        return {
            "app": strings[0],
            "summary": strings[2],
            "body": strings[3],
            "urgency": int(urgency[1]) if urgency else None,
        }

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[Bus]:
    need("dbus-daemon", "dbus-monitor", "dbus-send", "dunst", "xvfb-run", "notify-send")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    session = Bus(runtime)
    yield session
    session.close()


def remind_json(env: dict[str, str], moment: str) -> dict[str, Any]:
    done = run(at(moment, [str(ENTRY_POINT), "remind", "--json"]), env)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_the_notification_arrives_on_the_session_bus(bus: Bus, tmp_path: Path) -> None:
    need("faketime")
    env = {**base_env(tmp_path), "DBUS_SESSION_BUS_ADDRESS": bus.address}
    document = remind_json(env, THURSDAY)

    sent = run(at(THURSDAY, [str(ENTRY_POINT), "remind", "--notify"]), env)

    assert (sent.returncode, sent.stdout, sent.stderr) == (0, "", "")
    reminder = document["reminder"]
    body = reminder_line(reminder["text"], reminder["short_source"])
    assert bus.next_notification() == {
        "app": "legday",
        "summary": document["message"],
        "body": body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "urgency": 1,
    }


def test_from_a_timer_s_bare_environment_the_bus_is_found_and_urgency_rises(
    bus: Bus, tmp_path: Path
) -> None:
    # A systemd user timer has XDG_RUNTIME_DIR but no DBUS_SESSION_BUS_ADDRESS. Sunday, two
    # met weeks behind and nothing this week: the last day to keep the streak.
    need("faketime")
    env = base_env(tmp_path)
    for day in ("2026-11-03", "2026-11-10"):
        logged = run(at(SUNDAY, [str(ENTRY_POINT), "log", "squat", "5x5", "--date", day]), env)
        assert logged.returncode == 0, logged.stderr
    bare = {**env, "XDG_RUNTIME_DIR": str(bus.socket.parent)}

    sent = run(at(SUNDAY, [str(ENTRY_POINT), "remind", "--notify"]), bare)

    assert (sent.returncode, sent.stdout, sent.stderr) == (0, "", "")
    notification = bus.next_notification()
    assert notification["urgency"] == 2
    assert "2-week streak" in notification["summary"]


def test_a_bus_that_never_answers_costs_seconds_not_a_hang(tmp_path: Path) -> None:
    need("notify-send")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "silent-bus"))
    listener.listen(8)  # connections queue up and are never answered
    env = {**base_env(tmp_path), "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/silent-bus"}
    started = time.monotonic()

    with listener:
        sent = run([str(ENTRY_POINT), "remind", "--notify", "--check"], env, timeout=30)

    assert time.monotonic() - started < 20
    assert sent.returncode == 3
    assert len(sent.stdout.splitlines()) == 2  # printed instead, for cron's mail
    [warning] = sent.stderr.splitlines()
    assert "notify-send gave no answer within 5 s" in warning


# ---------------------------------------------------------------------------- shells

START_LINE = "command -v legday >/dev/null && legday remind --once-a-day\n"
FISH_START = (
    "if status is-interactive; and command -q legday\n    legday remind --once-a-day\nend\n"
)


def shell_home(tmp_path: Path, shell: str) -> tuple[dict[str, str], list[str]]:
    env = base_env(tmp_path)
    home = Path(env["HOME"])
    home.mkdir(exist_ok=True)
    if shell == "bash":
        (home / ".bashrc").write_text(START_LINE, encoding="utf-8")
        return env, ["bash", "-ic", "true"]
    if shell == "zsh":
        (home / ".zshrc").write_text(START_LINE, encoding="utf-8")
        return env, ["zsh", "-ic", "true"]
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(FISH_START, encoding="utf-8")
    return {**env, "XDG_CONFIG_HOME": str(home / ".config")}, ["fish", "-ic", "true"]


def reminder_lines(output: str) -> list[str]:
    # An interactive bash without a terminal also says it has no job control.
    return [line for line in output.splitlines() if not line.startswith("bash:")]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_start_prints_once_a_day(tmp_path: Path, shell: str) -> None:
    need(shell, "faketime")
    env, start = shell_home(tmp_path, shell)

    first = run(at(THURSDAY, start), env)
    second = run(at(THURSDAY.replace("18:00", "21:30"), start), env)
    next_day = run(at(FRIDAY, start), env)

    assert len(reminder_lines(first.stdout)) == 2, first.stdout + first.stderr
    assert "4 days left" in first.stdout
    assert reminder_lines(second.stdout) == []
    assert len(reminder_lines(next_day.stdout)) == 2
    assert "3 days left" in next_day.stdout


PROMPTS = {
    "bash": (".bashrc", "PS1='$(legday status) \\$ '\n", ["bash", "-i"]),
    "zsh": (".zshrc", "setopt prompt_subst\nPROMPT='$(legday status) %# '\n", ["zsh", "-i"]),
}


@pytest.mark.parametrize("shell", sorted(PROMPTS))
def test_the_status_line_in_a_real_prompt(tmp_path: Path, shell: str) -> None:
    need(shell, "faketime")
    rc_file, snippet, start = PROMPTS[shell]
    env = {**base_env(tmp_path), "LANG": "C.UTF-8"}
    home = Path(env["HOME"])
    home.mkdir()
    (home / rc_file).write_text(snippet, encoding="utf-8")

    session = run(at(THURSDAY, start), env, stdin=b"legday log squat 5x5 >/dev/null\n")

    sign = "#" if os.geteuid() == 0 else ("$" if shell == "bash" else "%")
    prompts = re.findall(r"legs [^$#%\n]*[$#%] ", session.stdout + session.stderr)
    assert prompts[:2] == [f"legs 0/1 · 4d left {sign} ", f"legs 1/1 ✓ 1w {sign} "], (
        session.stdout + session.stderr
    )
