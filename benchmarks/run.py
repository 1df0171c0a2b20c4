"""Time the installed `legday` as whole processes against the budget of issue 8.

    python benchmarks/run.py                  # the full run (about 10 minutes on 2 cores)
    python benchmarks/run.py --quick          # fewer runs, for a first look while tuning
    python benchmarks/run.py --sizes 0,1000   # only some history sizes
    python benchmarks/run.py --update-docs    # also put the table into docs/PERFORMANCE.md

Every command is run as its own process, exactly as a shell or cron runs it, and compared with
`python -c pass` run by the same interpreter in the same session: a baseline run precedes every
measured run, and the order of the commands is shuffled every round, so a machine that slows
down (thermal, a noisy neighbour) slows both sides of each ratio alike.

Stdlib only, so it measures legday and nothing else; homes are made by generate.py (which
imports legday) in a child process and cached in benchmarks/stores/ for the day they are valid.
Exit code 1 when any budget row fails, 0 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STORES = HERE / "stores"
GENERATOR = HERE / "generate.py"
DOC = REPO / "docs" / "PERFORMANCE.md"
DOC_START = "<!-- benchmark:start -->"
DOC_END = "<!-- benchmark:end -->"
IMPORT_FIXTURE = REPO.parent / "shared" / "fixtures" / "exports" / "strong_andrew.csv"

ALL_SIZES = (0, 1_000, 10_000, 100_000)
FULL_RUNS, FULL_WARMUP = 15, 2
QUICK_RUNS, QUICK_WARMUP = 5, 1
HELP_SIZE = 1_000  # --help does not read the store; it is timed once, with this home

REMIND_RSS_LIMIT_MB = 40.0
IMPORT_LIMIT_S = 2.5
# Issue 14's import rows: synthetic Strong exports (benchmarks/strong_csv.py), an import of
# 10k entries within 1 s, and of a million set rows within 10 s and 200 MB (timed once).
STRONG_CSV = HERE / "strong_csv.py"
BIG_IMPORTS = (
    # label, strong_csv.py arguments, seconds, peak RSS MB, timed runs (None: all)
    ("import 10k-entry Strong CSV", ("--entries", "10000"), 1.0, None, None),
    ("import 1M-row Strong CSV", ("--rows", "1000000"), 10.0, 200.0, 1),
)
FLAT_TOLERANCE = 0.10  # remind at 100k may be at most 10% slower than at 1k
LINEAR_TOLERANCE = 1.5  # per-entry cost 10k→100k at most 1.5x the per-entry cost 1k→10k
NOISE_FLOOR_S = 0.005  # differences below this are timer and scheduler noise
# Rows with no budget at 100k (log, streak, history, stats: whole-store commands that take
# seconds there) only feed the linearity check; fewer runs keep a full run near 10 minutes.
LIGHT_FROM = 100_000
LIGHT_RUNS = 9


# ---------------------------------------------------------------------------- what is measured


@dataclass(frozen=True)
class Command:
    """One row of the budget: what to run, on which home, and the allowed ratios by size."""

    label: str
    args: tuple[str, ...]
    variant: str = "due"
    budget: dict[int, float] = field(default_factory=dict)  # size -> max ratio of medians
    mutates: bool = False
    # For a command that writes: the home as the last command left it, its caches in step
    # with the files (a read runs before each timed run, untimed). False: caches that match
    # nothing, as for the first command after a sync brought another device's changes.
    warm: bool = True
    sizes: tuple[int, ...] | None = None  # None: every size asked for
    # Where the user is: "home" (LEGDAY_HOME set, output to /dev/null, as cron and scripts),
    # "xdg" (no LEGDAY_HOME: a temporary HOME with the default XDG layout, so platformdirs
    # resolves the folders), "pty" (stdout a colour terminal: TERM=xterm-256color, no NO_COLOR).
    where: str = "home"
    import_seconds: float = IMPORT_LIMIT_S  # for import rows: the budget of the median
    import_rss_mb: float | None = None  # for import rows: the budget of the peak RSS


COMMANDS = (
    Command("remind (due)", ("remind",), "due", {1_000: 2.5, 10_000: 3.0, 100_000: 3.0}),
    Command(
        "remind (not due)",
        ("remind",),
        "not-due",
        {1_000: 2.5, 10_000: 3.0, 100_000: 3.0},
        sizes=(1_000, 10_000, 100_000),  # an empty home is always due
    ),
    # Issue 13's cue: held to remind's budget. --notify when not due must cost no more than
    # remind; --once-a-day is timed as every shell start after the day's first (the mark is
    # there); status runs on every prompt.
    Command(
        "remind --notify (not due)",
        ("remind", "--notify"),
        "not-due",
        {1_000: 2.5, 10_000: 3.0, 100_000: 3.0},
        sizes=(1_000, 10_000, 100_000),
    ),
    Command(
        "remind --once-a-day",
        ("remind", "--once-a-day"),
        "due",
        {1_000: 2.5, 10_000: 3.0, 100_000: 3.0},
    ),
    Command("status", ("status",), "due", {1_000: 2.5, 10_000: 3.0, 100_000: 3.0}),
    Command(
        "log squat 5x5@100kg",
        ("log", "squat", "5x5@100kg"),
        "due",
        {1_000: 6.0, 10_000: 10.0},
        mutates=True,
    ),
    # For information: the same with no cache that matches (every cache made for other files).
    Command(
        "log squat 5x5@100kg, cold caches",
        ("log", "squat", "5x5@100kg"),
        "due",
        mutates=True,
        warm=False,
        sizes=(1_000, 10_000),
    ),
    # Issue 16: `last` and `show` within log's budget; a three-exercise line within 1.5x of one.
    Command("last squat", ("last", "squat"), "not-due", {1_000: 6.0, 10_000: 10.0}),
    Command("show", ("show",), "not-due", {1_000: 6.0, 10_000: 10.0}),
    Command(
        "log squat 5x5@100kg rdl 3x8@60kg calf raise 3x15",
        ("log", "squat", "5x5@100kg", "rdl", "3x8@60kg", "calf", "raise", "3x15"),
        "due",
        {1_000: 9.0, 10_000: 15.0},
        mutates=True,
    ),
    # Piped (issue 14): streak ≤ 4× / 5×, stats ≤ 4× / 5×.
    Command("streak", ("streak",), "not-due", {1_000: 4.0, 10_000: 5.0}),
    Command(
        "history --limit 20", ("history", "--limit", "20"), "not-due", {1_000: 8.0, 10_000: 12.0}
    ),
    Command("stats", ("stats",), "not-due", {1_000: 4.0, 10_000: 5.0}),
    # The same history dealt to three device logs (a laptop, a desktop and a phone in sync).
    Command("remind (due), 3 devices", ("remind",), "due-3dev", {10_000: 3.0}, sizes=(10_000,)),
    Command(
        "log squat 5x5@100kg, 3 devices",
        ("log", "squat", "5x5@100kg"),
        "due-3dev",
        {10_000: 10.0},
        mutates=True,
        sizes=(10_000,),
    ),
    Command("streak, 3 devices", ("streak",), "not-due-3dev", {10_000: 12.0}, sizes=(10_000,)),
    # Where users are (issue 14): no LEGDAY_HOME, and a colour terminal.
    Command(
        "remind (due), no LEGDAY_HOME",
        ("remind",),
        "due",
        {1_000: 2.5, 10_000: 3.0},
        sizes=(1_000, 10_000),
        where="xdg",
    ),
    Command(
        "status, no LEGDAY_HOME",
        ("status",),
        "due",
        {1_000: 2.5, 10_000: 3.0},
        sizes=(1_000, 10_000),
        where="xdg",
    ),
    Command(
        "streak, no LEGDAY_HOME",
        ("streak",),
        "not-due",
        {1_000: 4.0, 10_000: 5.0},
        sizes=(1_000, 10_000),
        where="xdg",
    ),
    # Issue 16: on a terminal `log` draws with Rich and may cost up to the streak row's budget.
    Command(
        "log squat 5x5@100kg, terminal",
        ("log", "squat", "5x5@100kg"),
        "due",
        {1_000: 8.0, 10_000: 8.0},
        sizes=(1_000, 10_000),
        mutates=True,
        where="pty",
    ),
    Command(
        "streak, terminal",
        ("streak",),
        "not-due",
        {1_000: 8.0, 10_000: 8.0},
        sizes=(1_000, 10_000),
        where="pty",
    ),
    Command(
        "stats, terminal",
        ("stats",),
        "not-due",
        {1_000: 8.0, 10_000: 8.0},
        sizes=(1_000, 10_000),
        where="pty",
    ),
    Command(
        "history --limit 20, terminal",
        ("history", "--limit", "20"),
        "not-due",
        {1_000: 8.0, 10_000: 10.0},
        sizes=(1_000, 10_000),
        where="pty",
    ),
    # Issue 14's read commands: prs and exercises ≤ 8× / 10×, every other read command ≤ 10×.
    Command("prs", ("prs",), "not-due", {1_000: 8.0, 10_000: 10.0}, sizes=(1_000, 10_000)),
    Command(
        "exercises", ("exercises",), "not-due", {1_000: 8.0, 10_000: 10.0}, sizes=(1_000, 10_000)
    ),
    Command("calendar", ("calendar",), "not-due", {10_000: 10.0}, sizes=(10_000,)),
    Command("config show", ("config", "show"), "not-due", {10_000: 10.0}, sizes=(10_000,)),
    Command("path", ("path",), "not-due", {10_000: 10.0}, sizes=(10_000,)),
    Command(
        "export --format json",
        ("export", "--format", "json"),
        "not-due",
        {10_000: 10.0},
        sizes=(10_000,),
    ),
    Command("--help", ("--help",), "due", {HELP_SIZE: 12.0}, sizes=(HELP_SIZE,)),
    Command("--version", ("--version",), "due", {}, sizes=(HELP_SIZE,)),
)


@dataclass(frozen=True)
class Case:
    """One command on one home size: the unit that is timed."""

    command: Command
    size: int

    @property
    def name(self) -> str:
        return f"{self.command.label} @ {self.size}"


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int


@dataclass
class Result:
    case: Case | None
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    @property
    def times(self) -> list[float]:
        return [s.seconds for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def quartiles(self) -> tuple[float, float]:
        if len(self.times) < 2:
            return self.median, self.median
        q1, _, q3 = statistics.quantiles(self.times, n=4, method="inclusive")
        return q1, q3

    @property
    def peak_rss_mb(self) -> float:
        return max(s.max_rss_kb for s in self.samples) * 1024 / 1e6


# ---------------------------------------------------------------------------- running a process


def legday_executable() -> Path:
    """The console script installed next to this interpreter (a venv's bin/)."""
    beside = Path(sys.executable).parent / "legday"
    if beside.exists():
        return beside
    found = shutil.which("legday")
    if found is None:
        raise SystemExit(f"run.py: no legday next to {sys.executable} or on PATH; install it first")
    return Path(found)


# Settings that would make either side of a ratio do extra work.
DROPPED_ENV = ("PYTHONIMPORTTIME", "PYTHONDEVMODE", "PYTHONTRACEMALLOC", "PYTHONPROFILEIMPORTTIME")


def child_env(home: Path | None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("LEGDAY_") and k not in DROPPED_ENV
    }
    if home is not None:
        env["LEGDAY_HOME"] = str(home)
    env["COLUMNS"] = "100"  # a stable layout for Rich, whatever terminal started the run
    return env


# The processes are started by a small, long-lived launcher rather than by this script: the
# kernel reports as a child's peak RSS at least the RSS of whoever spawned it (vfork and exec
# keep the parent's high-water mark), and this script is far bigger than `python -c pass`.
# The launcher imports only os, sys and time (its floor is printed with the table), spawns
# with posix_spawn, and times from spawn to wait4, so its own start-up is never counted.
LAUNCHER = """
import os, sys, time
base = dict(os.environ)
null = os.devnull

def drain(fd):
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass  # EIO: the terminal's last writer has gone

for line in sys.stdin:
    where, home, err, *argv = line.rstrip("\\n").split("\\x1f")
    env = dict(base)
    if where == "xdg":  # the default user: no LEGDAY_HOME, the XDG defaults under HOME
        env["HOME"] = home
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env.pop(name, None)
    elif home:
        env["LEGDAY_HOME"] = home
    out = (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0)
    reader = None
    if where == "pty":  # a colour terminal, drained by a thread as a terminal would show it
        import threading
        env["TERM"] = "xterm-256color"
        env.pop("NO_COLOR", None)
        master, slave = os.openpty()
        out = (os.POSIX_SPAWN_DUP2, slave, 1)
        reader = threading.Thread(target=drain, args=(master,))
        reader.start()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
        out,
        (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    if reader is not None:
        os.close(slave)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if reader is not None:
        reader.join()
        os.close(master)
    sys.stdout.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
    sys.stdout.flush()
"""
SEPARATOR = "\x1f"


class Launcher:
    """Runs one process at a time through the launcher; output goes to /dev/null (as cron's
    mail would see nothing), stderr to a file kept for the error message."""

    def __init__(self, scratch: Path) -> None:
        self.stderr_path = scratch / "stderr.txt"
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            env=child_env(None),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.rss_floor_kb = self.run(["/bin/true"], None)[0].max_rss_kb

    def run(
        self, argv: Sequence[str], home: Path | None, where: str = "home"
    ) -> tuple[Sample, int]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        fields = [where, str(home or ""), str(self.stderr_path), *argv]
        assert not any(SEPARATOR in f or "\n" in f for f in fields)
        self.proc.stdin.write(SEPARATOR.join(fields) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if len(reply) != 3:
            raise SystemExit(f"run.py: the launcher failed running {argv[0]}")
        elapsed_ns, max_rss_kb, code = (int(part) for part in reply)
        return Sample(elapsed_ns / 1e9, max_rss_kb), code

    def last_error(self) -> str:
        try:
            text = self.stderr_path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""
        return text.splitlines()[-1] if text else ""

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


# ---------------------------------------------------------------------------- homes


def generator_digest() -> str:
    """Homes are remade when the generator or legday's store format changes."""
    schema = subprocess.run(
        [sys.executable, "-c", "from legday.store import SCHEMA_VERSION; print(SCHEMA_VERSION)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return hashlib.sha256(GENERATOR.read_bytes() + schema.encode()).hexdigest()[:16]


def byte_compile_legday() -> str:
    """Compile legday's modules to .pyc before timing, as `pip install` of a wheel does.

    An editable install leaves that to the first run, and with PYTHONDONTWRITEBYTECODE set
    (as on our CI machines) no run ever writes them: every timed run would compile legday
    from source again, tens of milliseconds that no installed copy pays."""
    code = (
        "import compileall, os, legday; "
        "ok = compileall.compile_dir(os.path.dirname(legday.__file__), quiet=2); "
        "raise SystemExit(0 if ok else 1)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return "legday byte-compiled first" + (" (PYTHONDONTWRITEBYTECODE is set here)" if flag else "")


def home_path(variant: str, size: int) -> Path:
    return STORES / f"{variant}-{size}"


def split_variant(variant: str) -> tuple[str, int]:
    """ "due-3dev" → ("due", 3): the history's state and how many device logs hold it."""
    if variant.endswith("-3dev"):
        return variant.removesuffix("-3dev"), 3
    return variant, 1


def home_is_current(home: Path, size: int, variant: str, digest: str) -> bool:
    try:
        meta = json.loads((home / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    base, devices = split_variant(variant)
    wanted = {
        "entries": size,
        "variant": base,
        "devices": devices,
        "date": date.today().isoformat(),
        "generator": digest,
    }
    return all(meta.get(key) == value for key, value in wanted.items())


def ensure_home(variant: str, size: int, digest: str) -> Path:
    """A home valid today (the due/not-due state depends on the date), made if missing."""
    home = home_path(variant, size)
    if home_is_current(home, size, variant, digest):
        return home
    shutil.rmtree(home, ignore_errors=True)
    print(f"  generating {home.name} ...", file=sys.stderr, flush=True)
    base, devices = split_variant(variant)
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            str(home),
            *("--entries", str(size), "--variant", base, "--devices", str(devices)),
        ],
        check=True,
    )
    meta_file = home / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["generator"] = digest
    meta_file.write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return home


def xdg_home(home: Path) -> Path:
    """A HOME whose default XDG folders (~/.local/share/legday, ~/.config/legday) are `home`,
    for the rows of a user with no LEGDAY_HOME: platformdirs resolves them as it would."""
    fake = STORES / "xdg" / home.name
    for folder in (fake / ".local" / "share", fake / ".config"):
        folder.mkdir(parents=True, exist_ok=True)
        link = folder / "legday"
        if not (link.is_symlink() and link.resolve() == home.resolve()):
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(home.resolve(), target_is_directory=True)
    return fake


class Scratch:
    """A working copy of a home for commands that write (log, import): the copy is put back
    in its pristine state before every run, outside the timing. With `warm` (legday's argv
    and where it runs), a read command then runs in it, also untimed, so that its caches are
    in step with its files, as any legday command leaves them: a copy has new inodes, so the
    copied caches match nothing."""

    def __init__(
        self, pristine: Path | None, work: Path, warm: tuple[list[str], str] | None = None
    ) -> None:
        self.pristine = pristine
        self.work = work
        self.warm = warm
        self.sessions_size = self._size(pristine)
        self.reset(full=True)

    @staticmethod
    def _size(home: Path | None) -> int | None:
        if home is None:
            return None
        with contextlib.suppress(FileNotFoundError):
            return (home / "sessions.jsonl").stat().st_size
        return None

    def reset(self, full: bool = False) -> None:
        if not full and self._only_appended():
            # `log` appends one line: cutting it off restores the file byte for byte far
            # faster than copying 60 MB back.
            os.truncate(self.work / "sessions.jsonl", self.sessions_size or 0)
            return
        shutil.rmtree(self.work, ignore_errors=True)
        if self.pristine is None:
            self.work.mkdir(mode=0o700, parents=True)
        else:
            shutil.copytree(self.pristine, self.work)
        if self.warm is not None:
            argv, where = self.warm
            env = child_env(None if where == "xdg" else self.work)
            if where == "xdg":
                env["HOME"] = str(xdg_home(self.work))
                for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
                    env.pop(name, None)
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)

    def _only_appended(self) -> bool:
        now = self._size(self.work)
        return (
            self.sessions_size is not None
            and now is not None
            and now > self.sessions_size
            and not (self.work / "backups").exists()
        )


# ---------------------------------------------------------------------------- the session


@dataclass
class Runner:
    legday: Path
    runs: int
    warmup: int
    launcher: Launcher
    baseline: Result = field(default_factory=lambda: Result(None))

    def baseline_once(self) -> None:
        sample, _ = self.launcher.run([sys.executable, "-c", "pass"], None)
        self.baseline.samples.append(sample)

    def once(
        self, argv: Sequence[str], home: Path, expected: int, where: str = "home"
    ) -> tuple[Sample, str | None]:
        sample, code = self.launcher.run(argv, home, where)
        if code != expected:
            return sample, f"exit {code}: {self.launcher.last_error()[:160]}"
        return sample, None


@dataclass
class Plan:
    """One timed item: the process to run, its home, and what to do before each run."""

    result: Result
    prepare: Callable[[], None] | None  # puts a written-to home back, outside the timing
    argv: list[str]
    home: Path
    expected: int = 0
    light: bool = False  # timed only LIGHT_RUNS times (see LIGHT_RUNS)
    where: str = "home"
    max_runs: int | None = None  # timed only this often, with no warm-up (the 1M-row import)


def build_plans(
    runner: Runner,
    commands: Sequence[Command],
    sizes: Sequence[int],
    import_file: Path | None,
    digest: str,
    big_imports: bool = False,
) -> list[Plan]:
    plans: list[Plan] = []
    legday = str(runner.legday)
    for command in commands:
        for size in command.sizes or sizes:
            if size not in sizes and command.sizes is None:
                continue
            home = ensure_home(command.variant, size, digest)
            result = Result(Case(command, size))
            prepare: Callable[[], None] | None = None
            if command.mutates:
                warm = None
                if command.warm:
                    warm = ([legday, "history", "--limit", "1"], command.where)
                scratch = Scratch(home, STORES / "work" / f"{command.variant}-{size}", warm)
                prepare, home = scratch.reset, scratch.work
            light = size >= LIGHT_FROM and size not in command.budget
            if command.where == "xdg":
                home = xdg_home(home)
            argv = [legday, *command.args]
            plans.append(Plan(result, prepare, argv, home, light=light, where=command.where))
    if import_file is not None:
        scratch = Scratch(None, STORES / "work" / "import")
        argv = [legday, "import", str(import_file), "--from", "strong", "--unit", "lb"]
        import_case = Case(Command(f"import {import_file.name}", ()), 0)
        plans.append(Plan(Result(import_case), scratch.reset, argv, scratch.work))
    if big_imports:
        plans += big_import_plans(legday)
    return plans


def big_import_plans(legday: str) -> list[Plan]:
    plans = []
    for label, csv_args, seconds, rss_mb, runs in BIG_IMPORTS:
        csv_file = STORES / f"strong-{'-'.join(csv_args).strip('-')}.csv"
        if not csv_file.exists():
            print(f"  writing {csv_file.name} ...", file=sys.stderr, flush=True)
            STORES.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(STRONG_CSV), str(csv_file), *csv_args], check=True)
        scratch = Scratch(None, STORES / "work" / f"import-{csv_file.stem}")
        argv = [legday, "import", str(csv_file), "--from", "strong", "--unit", "lb"]
        case = Case(Command(label, (), import_seconds=seconds, import_rss_mb=rss_mb), 0)
        plans.append(Plan(Result(case), scratch.reset, argv, scratch.work, max_runs=runs))
    return plans


def check_remind_state(runner: Runner, plans: Sequence[Plan]) -> None:
    """The due/not-due homes must really be due/not due today, or the rows mean nothing."""
    for plan in plans:
        case = plan.result.case
        if case is None or case.command.args != ("remind",):
            continue
        want = 3 if split_variant(case.command.variant)[0] == "due" else 0
        _, problem = runner.once([*plan.argv, "--check"], plan.home, want, plan.where)
        if problem is not None:
            plan.result.error = f"home not in the expected state ({problem})"


def measure(runner: Runner, plans: Sequence[Plan], seed: int) -> None:
    live = [plan for plan in plans if plan.result.error is None]
    for plan in live:
        for _ in range(0 if plan.max_runs else 1 if plan.light else runner.warmup):
            run_plan(runner, plan, keep=False)
    rng = random.Random(seed)
    for round_number in range(runner.runs):
        order = [
            plan
            for plan in live
            if plan.result.error is None
            and (not plan.light or round_number < LIGHT_RUNS)
            and (plan.max_runs is None or round_number < plan.max_runs)
        ]
        rng.shuffle(order)
        print(f"  round {round_number + 1}/{runner.runs}", file=sys.stderr, flush=True)
        for plan in order:
            runner.baseline_once()
            run_plan(runner, plan, keep=True)


def run_plan(runner: Runner, plan: Plan, keep: bool) -> None:
    if plan.prepare is not None:
        plan.prepare()
    sample, problem = runner.once(plan.argv, plan.home, plan.expected, plan.where)
    if problem is not None:
        plan.result.error = problem
    elif keep:
        plan.result.samples.append(sample)


# ---------------------------------------------------------------------------- judging


@dataclass
class Verdict:
    label: str
    ok: bool
    detail: str


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def ratio(result: Result, baseline: Result) -> float:
    return result.median / baseline.median


def row_verdicts(result: Result, baseline: Result) -> list[Verdict]:
    case = result.case
    assert case is not None
    verdicts: list[Verdict] = []
    limit = case.command.budget.get(case.size)
    if result.error is not None:
        if limit is not None or case.command.label.startswith("import"):
            verdicts.append(Verdict("runs", False, result.error))
        return verdicts
    if limit is not None:
        r = ratio(result, baseline)
        verdicts.append(Verdict(f"≤ {limit:g}×", r <= limit, f"{r:.1f}×"))
    if case.command.args == ("remind",) and case.size == 100_000:
        mb = result.peak_rss_mb
        verdicts.append(
            Verdict(f"RSS ≤ {REMIND_RSS_LIMIT_MB:g} MB", mb <= REMIND_RSS_LIMIT_MB, f"{mb:.1f} MB")
        )
    if case.command.label.startswith("import"):
        seconds = case.command.import_seconds
        verdicts.append(
            Verdict(f"≤ {seconds:g} s", result.median <= seconds, f"{result.median:.2f} s")
        )
        rss_mb = case.command.import_rss_mb
        if rss_mb is not None:
            mb = result.peak_rss_mb
            verdicts.append(Verdict(f"RSS ≤ {rss_mb:g} MB", mb <= rss_mb, f"{mb:.1f} MB"))
    return verdicts


def growth_verdicts(results: Sequence[Result]) -> list[tuple[str, Verdict]]:
    """No command may grow faster than linearly; remind must stay flat (1k → 100k)."""
    by_label: dict[str, dict[int, Result]] = {}
    for result in results:
        if result.case is not None and result.error is None and result.samples:
            by_label.setdefault(result.case.command.label, {})[result.case.size] = result
    verdicts: list[tuple[str, Verdict]] = []
    for label, by_size in by_label.items():
        if not {1_000, 10_000, 100_000} <= by_size.keys():
            continue
        t1, t10, t100 = (by_size[n].median for n in (1_000, 10_000, 100_000))
        low = max(t10 - t1, 0.0) / 9_000
        high = (t100 - t10) / 90_000
        slack = NOISE_FLOOR_S + _iqr(by_size[10_000]) + _iqr(by_size[100_000])
        linear_ok = t100 - t10 <= LINEAR_TOLERANCE * low * 90_000 + slack
        detail = f"{low * 1e6:.2f} → {high * 1e6:.2f} µs/entry"
        verdicts.append((label, Verdict("linear 10k→100k", linear_ok, detail)))
        if label.startswith("remind"):
            flat_ok = t100 - t1 <= max(FLAT_TOLERANCE * t1, NOISE_FLOOR_S)
            change = (t100 - t1) / t1 * 100
            verdicts.append((label, Verdict("flat 1k→100k", flat_ok, f"{change:+.0f}%")))
    return verdicts


def _iqr(result: Result) -> float:
    q1, q3 = result.quartiles
    return q3 - q1


# ---------------------------------------------------------------------------- the report


def machine_lines(legday: Path) -> list[str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    version = subprocess.run(
        [str(legday), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        f"- Date: {datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- Machine: {platform.system()} {platform.release()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs ({cpu})",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"({sys.executable})",
        f"- legday: {version or 'version unknown'} ({legday})",
    ]


def report(
    runner: Runner, results: Sequence[Result], settings: str, legday: Path
) -> tuple[str, bool]:
    base = runner.baseline
    lines = [*machine_lines(legday), f"- Settings: {settings}", ""]
    b_q1, b_q3 = base.quartiles
    lines += [
        f"Baseline `python -c pass`: median {base.median * 1000:.1f} ms "
        f"(IQR {b_q1 * 1000:.1f}–{b_q3 * 1000:.1f} ms, {len(base.samples)} runs, "
        f"peak RSS {base.peak_rss_mb:.1f} MB). Ratios are median ÷ this median. "
        f"Peak RSS is the largest of the runs, per process (wait4), in 10^6 bytes; it cannot "
        f"read below the launcher's {runner.launcher.rss_floor_kb * 1024 / 1e6:.1f} MB.",
        "",
        "| command | entries | median ms | IQR ms | min–max ms | × baseline | peak RSS MB "
        "| budget | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    all_ok = True
    for result in results:
        verdicts = row_verdicts(result, base)
        all_ok &= all(v.ok for v in verdicts)
        lines.append(result_row(result, base, verdicts))
    growth = growth_verdicts(results)
    if growth:
        lines += ["", "| command | check | measured | result |", "|---|---|---|---|"]
        for label, verdict in growth:
            all_ok &= verdict.ok
            lines.append(f"| {label} | {verdict.label} | {verdict.detail} | {_word(verdict.ok)} |")
    lines += ["", f"Overall: {'PASS' if all_ok else 'FAIL'}"]
    return "\n".join(lines), all_ok


def result_row(result: Result, base: Result, verdicts: Sequence[Verdict]) -> str:
    case = result.case
    assert case is not None
    size = "" if case.command.label.startswith("import") else f"{case.size:,}"
    budget = "; ".join(v.label for v in verdicts) or "–"
    outcome = "; ".join(f"{_word(v.ok)} {v.detail}" for v in verdicts) or "–"
    if not result.samples:
        return f"| {case.command.label} | {size} | – | – | – | – | – | {budget} | {outcome} |"
    q1, q3 = result.quartiles
    return (
        f"| {case.command.label} | {size} | {ms(result.median)} | {ms(q1)}–{ms(q3)} "
        f"| {ms(min(result.times))}–{ms(max(result.times))} | {ratio(result, base):.1f} "
        f"| {result.peak_rss_mb:.1f} | {budget} | {outcome} |"
    )


def _word(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def update_doc(table: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    DOC.write_text(f"{text[:start]}\n{table}\n{text[end:]}", encoding="utf-8")


# ---------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time legday against the issue-8 budget.")
    parser.add_argument("--quick", action="store_true", help="5 runs, 1 warm-up (not for docs)")
    parser.add_argument("--runs", type=int, help="timed runs per command and size")
    parser.add_argument("--sizes", default=",".join(map(str, ALL_SIZES)), help="e.g. 0,1000")
    parser.add_argument("--only", help="only rows whose label contains this text")
    parser.add_argument("--import-file", type=Path, default=IMPORT_FIXTURE)
    parser.add_argument("--no-import", action="store_true", help="skip the import rows")
    parser.add_argument(
        "--no-big-import", action="store_true", help="skip the 10k-entry and 1M-row imports"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the run order")
    parser.add_argument("--update-docs", action="store_true", help=f"write the table to {DOC}")
    return parser.parse_args(argv)


@contextlib.contextmanager
def launched() -> Iterator[Launcher]:
    with tempfile.TemporaryDirectory() as scratch:
        launcher = Launcher(Path(scratch))
        try:
            yield launcher
        finally:
            launcher.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = tuple(int(part) for part in args.sizes.split(",") if part.strip())
    runs = args.runs or (QUICK_RUNS if args.quick else FULL_RUNS)
    warmup = QUICK_WARMUP if args.quick else FULL_WARMUP
    commands = [c for c in COMMANDS if args.only is None or args.only in c.label]
    import_file = None
    if not args.no_import and (args.only is None or args.only in "import"):
        if args.import_file.exists():
            import_file = args.import_file
        else:
            print(f"run.py: {args.import_file} not found; import row skipped", file=sys.stderr)
    legday = legday_executable()
    compiled = byte_compile_legday()
    started, load_before = time.monotonic(), os.getloadavg()[0]
    with launched() as launcher:
        runner = Runner(legday, runs, warmup, launcher)
        print("preparing homes", file=sys.stderr, flush=True)
        big = not (args.no_import or args.no_big_import) and (
            args.only is None or args.only in "import"
        )
        plans = build_plans(runner, commands, sizes, import_file, generator_digest(), big)
        check_remind_state(runner, plans)
        measure(runner, plans, args.seed)
        check_remind_state(runner, plans)  # the date may have changed during the run
    settings = (
        f"{runs} timed runs and {warmup} warm-up per row ({LIGHT_RUNS} and 1 for rows without "
        f"a budget at {LIGHT_FROM:,}), sizes {', '.join(map(str, sizes))}, took "
        f"{(time.monotonic() - started) / 60:.1f} min; 1-minute load average "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; {compiled}"
    )
    table, ok = report(runner, [plan.result for plan in plans], settings, legday)
    print(table)
    if args.update_docs:
        update_doc(table)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
