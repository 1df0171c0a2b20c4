"""`legday cron`: a crontab line that works in cron's bare environment, and installing it.

`--install` edits the user's crontab through the `crontab` command itself (`crontab -l` to
read, `crontab -` to write), never through the spool files: the command checks the table and
swaps it in whole, so a refused table leaves the old one in place. legday's entry is two
lines, the MARKER comment and the job under it; it is found again by the marker, so a second
install replaces it where it stands and `--uninstall` removes exactly those two lines. Every
other byte of the table is kept as it was.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from legday.dates import weekday_index
from legday.errors import LegdayError, UsageError
from legday.paths import HOME_ENV, home_override_text
from legday.value import Value

# cron numbers weekdays from 0 = Sunday.
CRON_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
WEEKDAYS = "weekdays"
# Every comment legday has printed above its line starts so: lines pasted from an older
# `legday cron` are found and replaced too.
MARKER = "# legday: leg-day reminder"
_COMMENT = f"{MARKER} (cron mails any output; legday is silent once the week is done)"
_COMMENT_NOTIFY = f"{MARKER} (a desktop notification when leg day is due; managed by legday cron)"
CRONTAB_TIMEOUT_S = 10.0


class Schedule(Value):
    """When the reminder runs: a time of day and the days (None: every day; WEEKDAYS; or
    cron's weekday numbers, 0 = Sunday)."""

    hour: int
    minute: int
    days: str | tuple[int, ...] | None

    @property
    def weekday_numbers(self) -> tuple[int, ...]:
        """cron's numbers of the days it runs on (0 = Sunday), every day for daily."""
        if self.days is None:
            return tuple(range(7))
        if self.days == WEEKDAYS:
            return (1, 2, 3, 4, 5)
        assert isinstance(self.days, tuple)
        return self.days

    def spelled(self, daily: str, weekdays: str, names: str | tuple[str, ...], sep: str) -> str:
        """The days as one output writes them: `daily` for every day, `weekdays` for Monday to
        Friday, else the `names` of the days (indexed by cron's number) joined by `sep`."""
        if self.days is None:
            return daily
        if self.days == WEEKDAYS:
            return weekdays
        return sep.join(names[n] for n in self.weekday_numbers)

    @property
    def cron_fields(self) -> str:
        weekday = self.spelled("*", "1-5", "0123456", ",")
        return f"{self.minute} {self.hour} * * {weekday}"

    def describe(self) -> str:
        when = self.spelled("every day", "Monday to Friday", CRON_DAYS, ", ")
        return f"{self.hour:02d}:{self.minute:02d} {when}"


def parse_schedule(at: str, days: str) -> Schedule:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", at)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise UsageError(f"--at takes a time HH:MM from 00:00 to 23:59, not {at!r}.")
    return Schedule(int(match[1]), int(match[2]), _parse_days(days))


def _parse_days(days: str) -> str | tuple[int, ...] | None:
    cleaned = days.strip().lower()
    if cleaned == "daily":
        return None
    if cleaned == WEEKDAYS:
        return WEEKDAYS
    numbers = set()
    for part in cleaned.split(","):
        monday_first = weekday_index(part.strip())
        if monday_first is None:
            raise UsageError(
                f"--days takes daily, weekdays, or weekday names like mon,wed,fri; not {days!r}."
            )
        numbers.add((monday_first + 1) % 7)
    return tuple(sorted(numbers))


def legday_command() -> list[str]:
    """How to run this very legday from anywhere: the console script's absolute path, or
    this interpreter with -m when started as `python -m legday`."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "legday" and script.exists():
        return [str(script.resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "legday"]


def remind_command(*, notify: bool) -> list[str]:
    return [*legday_command(), "remind", *(["--notify"] if notify else [])]


def _cron_escape(text: str) -> str:
    # cron turns an unescaped % into a newline.
    return text.replace("%", r"\%")


# Where the files are when LEGDAY_HOME is not set: platformdirs reads these, and cron's
# environment has none of what a login shell exports.
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME")


def pinned_environment() -> dict[str, str]:
    """The variables that make cron (or a timer) find the store this shell finds."""
    home = home_override_text()
    if home is not None:
        return {HOME_ENV: home}
    return {name: os.environ[name] for name in XDG_VARIABLES if os.environ.get(name, "").strip()}


def crontab_line(at: str = "18:00", days: str = "daily", *, notify: bool = False) -> str:
    """legday's two crontab lines: the MARKER comment and the job."""
    schedule = parse_schedule(at, days)
    words = [f"{name}={shlex.quote(value)}" for name, value in pinned_environment().items()]
    words += [shlex.quote(part) for part in remind_command(notify=notify)]
    comment = _COMMENT_NOTIFY if notify else _COMMENT
    return f"{comment}\n{schedule.cron_fields} {_cron_escape(' '.join(words))}"


# ---------------------------------------------------------------------------- the crontab


class CrontabChange(Value):
    """What an install or uninstall made of the crontab (or would, for a dry run)."""

    before: bytes
    after: bytes
    found: bool  # legday's entry was there before
    dry_run: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


def split_lines(table: bytes) -> list[bytes]:
    """The lines of `table`, each with its newline (the last may have none): joined again
    they give back the very same bytes, whatever they hold (\\r, invalid UTF-8 ...)."""
    parts = table.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _is_legday_job(line: bytes) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(b"#") and b"remind" in stripped


def without_legday(table: bytes) -> tuple[list[bytes], int | None]:
    """The lines of `table` other than legday's entries, and the index where the first one
    stood (None when there was none)."""
    marker = MARKER.encode()
    kept: list[bytes] = []
    position: int | None = None
    after_marker = False
    for line in split_lines(table):
        if after_marker and _is_legday_job(line):
            after_marker = False  # the job under the marker goes with it
            continue
        after_marker = line.startswith(marker)
        if not after_marker:
            kept.append(line)
        elif position is None:
            position = len(kept)
    return kept, position


def with_legday(table: bytes, entry: str) -> bytes:
    """`table` with legday's entry (its two lines) in place of the old one, else at the end."""
    kept, position = without_legday(table)
    block = os.fsencode(entry.rstrip("\n") + "\n")
    if position is None:
        if kept and not kept[-1].endswith(b"\n"):
            kept[-1] += b"\n"  # cron refuses a table whose last line has no newline
        kept.append(block)
    else:
        kept.insert(position, block)
    return b"".join(kept)


def install(at: str, days: str, *, notify: bool, dry_run: bool) -> CrontabChange:
    entry = crontab_line(at, days, notify=notify)  # bad --at/--days: refused before any read
    return _edit(lambda before: with_legday(before, entry), dry_run=dry_run)


def uninstall(*, dry_run: bool) -> CrontabChange:
    return _edit(lambda before: b"".join(without_legday(before)[0]), dry_run=dry_run)


def _edit(edited: Callable[[bytes], bytes], *, dry_run: bool) -> CrontabChange:
    """Read the crontab, and write `edited` of it back unless dry_run or nothing changed."""
    program = _crontab_program()
    before = _read_crontab(program)
    found = without_legday(before)[1] is not None
    change = CrontabChange(before, edited(before), found, dry_run)
    if not dry_run and change.changed:
        _write_crontab(program, change.after)
    return change


def _crontab_program() -> str:
    import shutil

    program = shutil.which("crontab")
    if program is None:
        raise LegdayError(
            "no `crontab` command on PATH (on Debian or Ubuntu: apt install cron); "
            "or use `legday cron --systemd` for a systemd user timer."
        )
    return program


def _run_crontab(
    program: str, args: list[str], stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [program, *args],
            input=stdin,
            capture_output=True,
            timeout=CRONTAB_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LegdayError(
            f"`crontab {' '.join(args)}` gave no answer within {CRONTAB_TIMEOUT_S:g} s; "
            "your crontab is unchanged."
        ) from None
    except OSError as exc:
        raise LegdayError(f"cannot run {program}: {exc.strerror or exc}.") from None


def _read_crontab(program: str) -> bytes:
    done = _run_crontab(program, ["-l"])
    if done.returncode == 0:
        return done.stdout
    said = _first_line(done.stderr)
    if "no crontab for" in said.lower():
        return b""
    raise LegdayError(f"`crontab -l` failed ({said or f'exit status {done.returncode}'}).")


def _write_crontab(program: str, table: bytes) -> None:
    # An empty table is removed rather than installed empty: no trace of legday is left.
    args = ["-"] if table else ["-r"]
    done = _run_crontab(program, args, table)
    if done.returncode != 0:
        said = _first_line(done.stderr) or f"exit status {done.returncode}"
        raise LegdayError(
            f"crontab refused the new table ({said}); your crontab is unchanged. "
            "Check it with `crontab -l`."
        )


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # Debian's crontab names the bad line first and then says it did not install.
    shown = "; ".join(lines[:2])
    return "".join(char if char.isprintable() else "?" for char in shown)[:300]
