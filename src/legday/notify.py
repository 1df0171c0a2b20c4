"""`legday remind --notify`: the reminder as a desktop notification.

Linux and the BSDs: `notify-send` (libnotify) on the session D-Bus. From cron or a timer the
environment has no DBUS_SESSION_BUS_ADDRESS, so the user's bus is looked for where systemd and
logind put it ($XDG_RUNTIME_DIR/bus, then /run/user/UID/bus). DISPLAY is not needed:
notify-send only talks to the bus, and a notification server that the bus starts on demand
gets its display from the bus's own activation environment, not from us.

macOS: `osascript`, with the texts passed as arguments to an `on run argv` handler, so no
text is ever part of the AppleScript source (nothing to escape, nothing to inject).

No shell anywhere: argv lists only. Every run is time-limited. `send` returns why nothing was
shown (or None when it was), so remind can fall back to printing; it never raises for a
notifier that is missing, broken or slow.

Imported only when a notification is to be sent (subprocess costs a few ms to import).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

TIMEOUT_S = 5.0
APP_NAME = "legday"
BUS_ENV = "DBUS_SESSION_BUS_ADDRESS"
RUN_USER = "/run/user"
_DETAIL_LIMIT = 200


def send(title: str, body: str, *, urgent: bool) -> str | None:
    """Show one notification; None when shown, else a short reason why not."""
    env = dict(os.environ)
    platform = current_platform()
    if platform == "darwin":
        return _send_macos(title, body, urgent=urgent, env=env)
    if platform.startswith(("win", "cygwin", "msys")):
        return "desktop notifications need notify-send (Linux, BSD) or osascript (macOS)"
    return _send_libnotify(title, body, urgent=urgent, env=env)


def current_platform() -> str:
    return sys.platform  # a function, so a test can ask for macOS's notifier


def _send_libnotify(title: str, body: str, *, urgent: bool, env: dict[str, str]) -> str | None:
    program = find_program("notify-send", env)
    if program is None:
        return "notify-send is not installed (on Debian or Ubuntu: apt install libnotify-bin)"
    bus = session_bus(env, os.getuid(), RUN_USER)
    if bus is None:
        return (
            f"no session bus ({BUS_ENV} is unset and there is no $XDG_RUNTIME_DIR/bus or "
            f"{RUN_USER}/{os.getuid()}/bus; is a desktop session running?)"
        )
    env[BUS_ENV] = bus
    # `--` so a text starting with "-" is never read as an option. The body may be read as
    # markup by servers that support it (most do), so its &, < and > are escaped; the summary
    # is always plain text.
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    urgency = "critical" if urgent else "normal"
    return _run(
        [program, f"--app-name={APP_NAME}", f"--urgency={urgency}", "--", title, escaped], env
    )


def _send_macos(title: str, body: str, *, urgent: bool, env: dict[str, str]) -> str | None:
    program = find_program("osascript", env)
    if program is None and os.access("/usr/bin/osascript", os.X_OK):
        program = "/usr/bin/osascript"
    if program is None:
        return "osascript is not on PATH"
    # The AppleScript is fixed text; the title and body arrive as `item 1/2 of argv`.
    sound = ' sound name "default"' if urgent else ""
    show = f"display notification (item 2 of argv) with title (item 1 of argv){sound}"
    return _run([program, "-e", "on run argv", "-e", show, "-e", "end run", title, body], env)


def find_program(name: str, env: Mapping[str, str]) -> str | None:
    """`name` on env's PATH (cron's PATH is short: /usr/bin:/bin), or None."""
    for folder in env.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def session_bus(env: Mapping[str, str], uid: int, run_user: str = RUN_USER) -> str | None:
    """The session bus address: the environment's own, else the user's bus socket."""
    given = env.get(BUS_ENV, "").strip()
    if given:
        return given
    candidates = []
    runtime_dir = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime_dir:
        candidates.append(os.path.join(runtime_dir, "bus"))
    candidates.append(os.path.join(run_user, str(uid), "bus"))
    for path in candidates:
        try:
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return f"unix:path={_escape_address(path)}"
        except OSError:
            continue
    return None


# D-Bus addresses %-escape every byte outside this set.
_ADDRESS_SAFE = frozenset(b"-_/.\\*0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _escape_address(path: str) -> str:
    return "".join(
        chr(byte) if byte in _ADDRESS_SAFE else f"%{byte:02x}" for byte in os.fsencode(path)
    )


def _run(argv: list[str], env: dict[str, str]) -> str | None:
    name = os.path.basename(argv[0])
    try:
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{name} gave no answer within {TIMEOUT_S:g} s"
    except OSError as exc:
        return f"{name} could not run ({exc.strerror or exc})"
    if done.returncode == 0:
        return None
    return f"{name} failed: {_first_line(done.stderr) or f'exit status {done.returncode}'}"


def _first_line(raw: bytes) -> str:
    for line in raw.decode("utf-8", errors="replace").splitlines():
        cleaned = "".join(char if char.isprintable() else "?" for char in line).strip()
        if cleaned:
            return cleaned[:_DETAIL_LIMIT]
    return ""
