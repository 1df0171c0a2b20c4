"""Several machines: `legday sync` over a real git remote (a bare repository on this machine,
reached by a file:// URL, with Debian's git) and homes sharing one synced folder.

Each machine is a home of its own (LEGDAY_HOME) with a device name of its own
(LEGDAY_DEVICE); commands run in-process through the console script, git as the real
subprocess. HOME points at an empty folder, so no user or system git config is read, and the
test's own git commands (a hand edit, a hook) carry their identity in the environment.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legday import files, gitsync
from legday.__main__ import main as entry_point
from legday.paths import Paths
from legday.store import Store, edit_op

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)  # a Thursday
LIMIT = "100000"
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    monkeypatch.setenv("HOME", str(user_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user_home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "legday tests")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "tests@legday.invalid")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def remote(tmp_path: Path) -> str:
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", "-b", "main", str(bare))
    return f"file://{bare}"


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("Error:")]


class Machine:
    """One machine: its own home and device name; calling it runs `legday ARGS` there."""

    def __init__(self, root: Path, name: str, capsys: Any, monkeypatch: Any) -> None:
        self.home = root / name
        self.name = name
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def env(self) -> None:
        self._monkeypatch.setenv("LEGDAY_HOME", str(self.home))
        self._monkeypatch.setenv("LEGDAY_DEVICE", self.name)

    def __call__(self, *argv: str, at: datetime = NOW) -> Outcome:
        self.env()
        self._capsys.readouterr()
        self._monkeypatch.setattr(sys, "argv", ["legday", *argv])
        with time_machine.travel(at, tick=False), pytest.raises(SystemExit) as exited:
            entry_point()
        captured = self._capsys.readouterr()
        code = exited.value.code
        return Outcome(code if isinstance(code, int) else 0, captured.out, captured.err)

    def ok(self, *argv: str, at: datetime = NOW) -> Outcome:
        result = self(*argv, at=at)
        assert result.code == 0, result.err
        return result

    def json(self, *argv: str) -> Any:
        return json.loads(self.ok(*argv, "--json").out)

    def log(self, *words: str) -> str:
        entry = self.json("log", *words)
        return str(entry["id"])

    def ids(self) -> list[str]:
        return sorted(entry["id"] for entry in self.json("history", "--limit", LIMIT))

    def views(self) -> tuple[Any, Any, Any]:
        """What the user sees: history, streak and stats, as JSON."""
        return (
            self.json("history", "--limit", LIMIT),
            self.json("streak"),
            self.json("stats", "--weeks", "8"),
        )

    def store(self) -> Store:
        return Store(Paths(self.home, self.home), device=self.name)

    def own_log(self) -> Path:
        return self.home / "devices" / f"{self.name}.jsonl"


@pytest.fixture
def machines(tmp_path: Path, capsys: Any, monkeypatch: Any) -> Iterator[Any]:
    def make(*names: str) -> list[Machine]:
        return [Machine(tmp_path, name, capsys, monkeypatch) for name in names]

    yield make


def sync_all(*machines: Machine) -> None:
    """Two rounds: after the first the last machine has everything, the second spreads it."""
    for _ in range(2):
        for machine in machines:
            machine.ok("sync")


def assert_same_everywhere(*machines: Machine) -> None:
    first = machines[0].views()
    for other in machines[1:]:
        assert other.views() == first, other.name


def edit_note(machine: Machine, entry_id: str, note: str) -> None:
    machine.env()
    store = machine.store()
    with store.transaction() as snapshot:
        entry = snapshot.entry_by_id(entry_id)
        assert entry is not None
        store.commit(snapshot, [edit_op(entry, {"note": note}, NOW)])


def remote_files(remote: str) -> list[str]:
    bare = remote.removeprefix("file://")
    return git("--git-dir", bare, "ls-tree", "-r", "--name-only", "main").split()


# ---------------------------------------------------------------------------- two and three


def test_a_second_machine_joins_with_one_command_and_keeps_its_own_entries(
    machines: Any, remote: str
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    squat = laptop.log("squat", "5x5@100kg")
    started = laptop.ok("sync", "--init", remote)
    lunge = desktop.log("lunge", "3x12@bw", "--date", "yesterday")  # before it joins

    joined = desktop.ok("sync", "--init", remote)
    laptop.ok("sync")

    assert "started its history" in started.err
    assert "joined its history" in joined.err
    assert laptop.ids() == desktop.ids() == sorted([squat, lunge])
    assert_same_everywhere(laptop, desktop)
    assert remote_files(remote) == [".gitignore", "devices/desktop.jsonl", "devices/laptop.jsonl"]
    assert laptop.ok("sync").err.strip().startswith("Up to date with")


def test_deletes_edits_and_rest_weeks_travel_and_nothing_deleted_comes_back(
    machines: Any, remote: str
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    gone = laptop.log("squat", "5x5@100kg", "--date", "-8")
    kept = laptop.log("lunge", "3x10", "--date", "-9")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)

    desktop.ok("delete", gone)
    edit_note(desktop, kept, "edited on the desktop")
    desktop.ok("skip", "next", "week", "--reason", "holiday")
    laptop.log("calf raise", "3x15")
    laptop.ok("skip", "2026-11-30", "--reason", "trip")
    laptop.ok("unskip", "2026-11-30")
    sync_all(desktop, laptop)
    # The laptop logs the deleted entry's twin again, as an old export would: no resurrection.
    sync_all(laptop, desktop)

    assert_same_everywhere(laptop, desktop)
    history = laptop.json("history", "--limit", LIMIT)
    assert gone not in [entry["id"] for entry in history]
    assert [e["note"] for e in history if e["id"] == kept] == ["edited on the desktop"]
    rest = json.loads(laptop.ok("export").out)["rest_weeks"]
    assert [week["reason"] for week in rest] == ["holiday"]


def test_three_machines_synced_in_every_order_agree(tmp_path: Path, machines: Any) -> None:
    for number, order in enumerate(itertools.permutations(range(3))):
        bare = tmp_path / f"remote-{number}.git"
        git("init", "-q", "--bare", "-b", "main", str(bare))
        group = machines(*(f"m{number}-{name}" for name in ("laptop", "desktop", "phone")))
        for machine in group:
            machine.log("squat", "3x5", "--date", "-1")
            machine.ok("sync", "--init", f"file://{bare}")
        first, second, third = (group[index] for index in order)
        victim = first.ids()[0]
        second.ok("sync")
        second.ok("delete", victim)
        third.log("lunge", "3x8")
        for machine in (third, second, first):
            machine.ok("sync")
        sync_all(*(group[index] for index in order))
        assert_same_everywhere(*group)
        assert victim not in group[0].ids() and len(group[0].ids()) == 3


OPS = st.lists(
    st.tuples(
        st.integers(0, 2),  # which machine
        st.sampled_from(["log", "log", "delete", "edit", "skip", "unskip", "sync"]),
        st.integers(0, 30),
    ),
    max_size=12,
)


def run_operations(
    group: list[Machine], operations: list[tuple[int, str, int]], order: list[int]
) -> None:
    logged: set[str] = set()
    deleted: set[str] = set()
    for index, kind, number in operations:
        machine = group[index]
        if kind == "log":
            logged.add(machine.log("squat", f"{1 + number % 5}x5", "--date", f"-{number % 20}"))
        elif kind in ("delete", "edit"):
            visible = machine.ids()
            if not visible:
                continue
            target = visible[number % len(visible)]
            if kind == "delete":
                machine.ok("delete", target)
                deleted.add(target)
            else:
                edit_note(machine, target, f"note {number}")
        elif kind in ("skip", "unskip"):
            machine(kind, "next", "week") if number % 2 else machine(kind, f"-{number % 6}")
        else:
            machine.ok("sync")
    sync_all(*(group[index] for index in order))
    assert_same_everywhere(*group)
    assert set(group[0].ids()) == logged - deleted  # nothing lost, nothing deleted comes back


def property_homes(tmp_path: Path, machines: Any, tag: str) -> list[Machine]:
    run = tmp_path / tag
    bare = run / "remote.git"
    git("init", "-q", "--bare", "-b", "main", str(bare))
    group: list[Machine] = machines(*(f"{tag}-{name}" for name in ("a", "b", "c")))
    for machine in group:
        machine.home = run / machine.name
        machine.ok("sync", "--init", f"file://{bare}")
    return group


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPS, order=st.permutations([0, 1, 2]))
def test_any_operations_and_sync_order_give_one_history(
    tmp_path: Path, machines: Any, operations: list[tuple[int, str, int]], order: list[int]
) -> None:
    tag = os.urandom(4).hex()
    run_operations(property_homes(tmp_path, machines, tag), operations, order)


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPS, order=st.permutations([0, 1, 2]))
def test_any_operations_and_sync_order_give_one_history_at_length(
    tmp_path: Path, machines: Any, operations: list[tuple[int, str, int]], order: list[int]
) -> None:
    tag = os.urandom(4).hex()
    run_operations(property_homes(tmp_path, machines, tag), operations, order)


# ---------------------------------------------------------------------------- a synced folder


def copy_device_files(source: Machine, target: Machine) -> None:
    """What a sync tool does: every device file of `source` appears in `target`."""
    (target.home / "devices").mkdir(parents=True, exist_ok=True)
    for path in (source.home / "devices").glob("*.jsonl"):
        if path.name != f"{target.name}.jsonl":
            shutil.copy2(path, target.home / "devices" / path.name)


def test_homes_sharing_one_folder_agree_whatever_order_the_files_arrive_in(
    machines: Any,
) -> None:
    for number, order in enumerate(itertools.permutations(range(3))):
        group = machines(*(f"f{number}-{name}" for name in ("laptop", "desktop", "phone")))
        logged = [machine.log("squat", "5x5", "--date", "-2") for machine in group]
        group[0].ok("skip", "next", "week")
        for source, target in itertools.permutations(group, 2):
            copy_device_files(source, target)
        group[1].ok("delete", logged[0])
        group[2].ok("unskip", "next", "week")
        for step in order:
            for target in group:
                if target is not group[step]:
                    copy_device_files(group[step], target)
        for source, target in itertools.permutations(group, 2):
            copy_device_files(source, target)
        assert_same_everywhere(*group)
        assert sorted(group[0].ids()) == sorted(logged[1:])
        assert json.loads(group[0].ok("export").out)["rest_weeks"] == []


def test_once_a_day_marks_are_per_device_in_a_shared_folder(machines: Any) -> None:
    laptop, desktop = machines("shared", "desktop")
    desktop.home = laptop.home  # one synced folder, two machines

    first = laptop.ok("remind", "--once-a-day")
    other = desktop.ok("remind", "--once-a-day")
    again = laptop.ok("remind", "--once-a-day")

    assert len(first.out.splitlines()) == 2
    assert other.out == first.out  # the desktop's first shell of the day still hears it
    assert again.out == ""
    assert sorted(os.listdir(laptop.home / "reminded")) == ["desktop", "shared"]


# ---------------------------------------------------------------------------- the repository


def test_the_gitignore_keeps_every_local_file_out_of_git(machines: Any, remote: str) -> None:
    (laptop,) = machines("laptop")
    laptop.log("squat", "5x5")
    laptop.ok("remind", "--once-a-day", "--always")
    laptop.ok("sync", "--init", remote)
    local = [
        ".legday.lock",
        ".legday-sync.lock",
        ".legday-sync.log",
        ".legday-cache-laptop.days",
        "backups/sessions.jsonl.1",
        "reminded/laptop/2026-11-19",
        "config.toml",
        "sessions.jsonl",
        "devices/.laptop.jsonl.0123abcd.tmp",
        "devices/laptop.jsonl.torn-20261119T180000",
        "devices/laptop.sync-conflict-20261119-180000-ABC.jsonl",
        "devices/laptop (conflicted copy 2026-11-19).jsonl",
    ]
    ignored = git("check-ignore", "--no-index", *local, cwd=laptop.home).split("\n")
    assert [line for line in ignored if line] == local
    assert git("status", "--porcelain", cwd=laptop.home) == ""
    assert remote_files(remote) == [".gitignore", "devices/laptop.jsonl"]


def test_a_legacy_store_travels_as_this_devices_log(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.home.mkdir()
    line = (
        '{"id":"%s","date":"2026-11-16","exercise":"squat","sets":"5,,100,kg,,",'
        '"note":null,"logged_at":"2026-11-16T18:00:00+00:00","source":"log"}'
    ) % ("a" * 32)
    (laptop.home / "sessions.jsonl").write_text(
        '{"legday": "sessions", "schema": 2}\n' + line + "\n"
    )

    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)

    assert remote_files(remote) == [".gitignore", "devices/laptop.jsonl"]
    assert desktop.ids() == ["a" * 32]


def test_sync_before_init_and_bad_remotes_are_usage_errors(machines: Any, remote: str) -> None:
    (laptop,) = machines("laptop")
    laptop.log("squat", "5x5")
    before = laptop.own_log().read_bytes()

    not_yet = laptop("sync")
    option = laptop("sync", "--init", "--upload-pack=touch /tmp/x")
    blank = laptop("sync", "--init", " ")
    laptop.ok("sync", "--init", remote)
    again = laptop.ok("sync", "--init", remote)  # the same remote: just a sync
    other = laptop("sync", "--init", "file:///elsewhere.git")

    assert not_yet.code == 2 and "sync --init REMOTE" in not_yet.errors[0]
    assert option.code == 2 and blank.code == 2
    assert "is not a git remote" in option.errors[0]
    assert again.err.startswith("Set up sync")
    assert other.code == 2 and "already syncs with" in other.errors[0]
    assert laptop.own_log().read_bytes() == before


def test_a_relative_path_remote_is_taken_from_where_it_was_typed(
    machines: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (laptop,) = machines("laptop")
    git("init", "-q", "--bare", "-b", "main", str(tmp_path / "usb.git"))
    monkeypatch.chdir(tmp_path)
    laptop.log("squat", "5x5")

    laptop.ok("sync", "--init", "usb.git")

    assert git("remote", "get-url", "origin", cwd=laptop.home).strip() == str(tmp_path / "usb.git")


def test_a_missing_own_log_is_put_back_never_deleted_everywhere(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    squat = laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)
    laptop.own_log().unlink()

    back = laptop.ok("sync")
    desktop.ok("sync")

    assert "was missing; it was put back" in back.err
    assert laptop.ids() == desktop.ids() == [squat]


# ---------------------------------------------------------------------------- failures


def test_an_unreachable_remote_is_one_error_and_the_next_sync_completes(
    machines: Any, tmp_path: Path
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    bare = tmp_path / "later.git"
    laptop.log("squat", "5x5")
    before = laptop.own_log().read_bytes()

    failed = laptop("sync", "--init", f"file://{bare}")

    assert failed.code == 1 and len(failed.errors) == 1
    assert "cannot reach" in failed.errors[0] and "safe on this machine" in failed.errors[0]
    assert laptop.own_log().read_bytes() == before
    git("init", "-q", "--bare", "-b", "main", str(bare))
    laptop.ok("sync")
    desktop.ok("sync", "--init", f"file://{bare}")
    assert desktop.ids() == laptop.ids()


def test_offline_after_setup_keeps_logging_and_catches_up(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)
    bare = Path(remote.removeprefix("file://"))
    bare.rename(bare.with_name("away.git"))  # the network is gone

    laptop.log("lunge", "3x8")
    offline = laptop("sync")
    bare.with_name("away.git").rename(bare)
    laptop.ok("sync")
    desktop.ok("sync")

    assert offline.code == 1 and len(offline.errors) == 1 and "cannot reach" in offline.err
    assert len(desktop.ids()) == 2
    assert_same_everywhere(laptop, desktop)


MOVE_ON = """#!/bin/sh
# Another machine pushes just before this one, every time (or once, with ONCE).
[ -n "$ONCE" ] && [ -e "$GIT_DIR/moved" ] && exit 0
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
old=$(git rev-parse -q --verify refs/heads/main) || exit 0
new=$(git commit-tree -p "$old" -m elsewhere "$old^{tree}")
git update-ref refs/heads/main "$new" "$old"
touch "$GIT_DIR/moved"
"""


def install_hook(remote: str, text: str) -> Path:
    hook = Path(remote.removeprefix("file://")) / "hooks" / "pre-receive"
    hook.write_text(text)
    hook.chmod(0o755)
    return hook


def test_a_push_the_remote_keeps_rejecting_is_one_error_and_the_next_sync_completes(
    machines: Any, remote: str
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)
    hook = install_hook(remote, MOVE_ON)
    laptop.log("lunge", "3x8")
    before = laptop.own_log().read_bytes()

    rejected = laptop("sync")
    hook.unlink()
    laptop.ok("sync")
    desktop.ok("sync")

    assert rejected.code == 1 and len(rejected.errors) == 1
    assert "kept moving on" in rejected.errors[0]
    assert laptop.own_log().read_bytes() == before
    assert len(desktop.ids()) == 2
    assert_same_everywhere(laptop, desktop)


def test_a_remote_that_moved_on_once_is_caught_up_with_in_the_same_sync(
    machines: Any, remote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    install_hook(remote, MOVE_ON)
    monkeypatch.setenv("ONCE", "1")
    laptop.log("squat", "5x5")

    laptop.ok("sync")
    desktop.ok("sync", "--init", remote)

    assert len(desktop.ids()) == 1


def test_a_push_the_remote_declines_says_why(machines: Any, remote: str) -> None:
    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    install_hook(remote, "#!/bin/sh\necho 'read only today' >&2\nexit 1\n")
    laptop.log("squat", "5x5")

    declined = laptop("sync")

    assert declined.code == 1 and len(declined.errors) == 1
    assert "refused the push" in declined.errors[0]
    assert "pre-receive hook declined" in declined.errors[0]


def hand_edit_on_the_remote(tmp_path: Path, remote: str, name: str) -> None:
    clone = tmp_path / "by-hand"
    git("clone", "-q", remote, str(clone))
    path = clone / "devices" / name
    path.write_text(path.read_text().replace('"note":null', '"note":"by hand"', 1))
    git("commit", "-qam", "a hand edit", cwd=clone)
    git("push", "-q", "origin", "main", cwd=clone)


def test_a_hand_edit_that_conflicts_stops_the_sync_with_nothing_changed(
    machines: Any, remote: str, tmp_path: Path
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    hand_edit_on_the_remote(tmp_path, remote, "laptop.jsonl")
    laptop.log("lunge", "3x8")
    before, history = laptop.own_log().read_bytes(), laptop.views()

    stopped = laptop("sync")

    assert stopped.code == 1 and len(stopped.errors) == 1
    assert "git cannot merge devices/laptop.jsonl" in stopped.errors[0]
    assert "edited by hand" in stopped.errors[0]
    assert laptop.own_log().read_bytes() == before
    assert laptop.views() == history
    assert git("status", "--porcelain", cwd=laptop.home) == ""
    # The remote's hand edit is taken back: the next sync completes, nothing lost.
    clone = tmp_path / "by-hand"
    git("revert", "--no-edit", "HEAD", cwd=clone)
    git("push", "-q", "origin", "main", cwd=clone)
    laptop.ok("sync")
    desktop.ok("sync", "--init", remote)
    assert len(desktop.ids()) == 2
    assert_same_everywhere(laptop, desktop)


def test_a_local_hand_edit_of_another_devices_log_stops_the_merge(
    machines: Any, remote: str
) -> None:
    laptop, desktop = machines("laptop", "desktop")
    desktop.log("squat", "5x5")
    desktop.ok("sync", "--init", remote)
    laptop.ok("sync", "--init", remote)
    theirs = laptop.home / "devices" / "desktop.jsonl"
    edited = theirs.read_bytes().replace(b'"note":null', b'"note":"mine"')
    theirs.write_bytes(edited)
    desktop.log("lunge", "3x8")
    desktop.ok("sync")

    stopped = laptop("sync")

    assert stopped.code == 1 and len(stopped.errors) == 1
    assert "devices/desktop.jsonl" in stopped.errors[0]
    assert theirs.read_bytes() == edited  # the hand edit is the user's to keep or drop
    git("checkout", "--", "devices/desktop.jsonl", cwd=laptop.home)
    laptop.ok("sync")
    assert_same_everywhere(laptop, desktop)


def test_joining_keeps_every_line_of_a_copy_the_remote_lacks(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    # The desktop shared a synced folder with the laptop before: it has the laptop's log,
    # with an entry the laptop has not synced yet.
    desktop.log("lunge", "3x8")
    step_up = laptop.log("step-up", "3x10")
    shutil.copy2(laptop.own_log(), desktop.home / "devices" / "laptop.jsonl")

    joined = desktop.ok("sync", "--init", remote)
    seen_at_once = desktop.ids()
    sync_all(laptop, desktop)

    assert "Kept a differing copy as devices/laptop.sync-conflict-" in joined.err
    assert step_up in seen_at_once  # counted from the kept copy until the laptop syncs
    assert len(desktop.ids()) == 3
    assert_same_everywhere(laptop, desktop)
    assert git("status", "--porcelain", cwd=desktop.home) == ""


# ---------------------------------------------------------------------------- kills and locks


def test_what_a_killed_sync_leaves_is_put_right_by_the_next(machines: Any, remote: str) -> None:
    laptop, desktop, phone = machines("laptop", "desktop", "phone")
    laptop.log("squat", "5x5")
    laptop.ok("sync", "--init", remote)
    desktop.log("lunge", "3x8")
    desktop.ok("sync", "--init", remote)
    laptop.ok("sync")
    desktop.log("calf raise", "3x15")
    desktop.ok("sync")
    phone.log("step-up", "3x10")
    phone.ok("sync", "--init", remote)
    # The laptop's sync was killed half way through its merge: git's lock files and merge
    # state are left, the desktop's log half rewritten, the phone's new log begun.
    git("fetch", "-q", "origin", cwd=laptop.home)
    dot_git = laptop.home / ".git"
    head = git("rev-parse", "origin/main", cwd=laptop.home)
    for name in ("index.lock", "HEAD.lock", "MERGE_HEAD", "MERGE_MSG"):
        (dot_git / name).write_text(head)
    (dot_git / "refs" / "heads" / "main.lock").write_text(head)
    for device in ("desktop", "phone"):
        newer = git("show", f"origin/main:devices/{device}.jsonl", cwd=laptop.home)
        (laptop.home / "devices" / f"{device}.jsonl").write_text(newer[:-20])
    laptop.log("hip thrust", "3x8")

    laptop.ok("sync")
    desktop.ok("sync")
    phone.ok("sync")

    assert len(laptop.ids()) == 5
    assert_same_everywhere(laptop, desktop, phone)
    assert git("status", "--porcelain", cwd=laptop.home) == ""


def test_a_sync_already_running_is_reported_not_waited_on(machines: Any, remote: str) -> None:
    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    fd = files.try_lock(laptop.home / ".legday-sync.lock")
    assert fd is not None
    try:
        busy = laptop("sync")
    finally:
        os.close(fd)

    assert busy.code == 1 and len(busy.errors) == 1
    assert "another legday sync is running" in busy.errors[0]
    laptop.ok("sync")


def legday_process(machine: Machine, *args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LEGDAY_HOME": str(machine.home), "LEGDAY_DEVICE": machine.name}
    env["PYTHONPATH"] = str(SRC)
    return subprocess.Popen(
        [sys.executable, "-m", "legday", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_concurrent_syncs_are_locked_and_lose_nothing(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)
    for number in range(4):
        laptop.log("squat", f"{number + 1}x5")
        desktop.log("lunge", f"{number + 1}x8")
    runs = [legday_process(m, "sync") for m in (laptop, laptop, laptop, desktop, desktop)]
    results = [(run.wait(timeout=120), run.communicate()[1].decode()) for run in runs]
    sync_all(laptop, desktop)

    for code, err in results:
        assert code == 0 or (code == 1 and "another legday sync is running" in err), err
    assert len(laptop.ids()) == 8
    assert_same_everywhere(laptop, desktop)


def wait_for_git_of_a_killed_sync(machine: Machine) -> None:
    """A killed sync's git processes run on to their end holding the sync lock (a sync in
    between would say another one is running): wait for the lock, as a user would retry."""
    fd = os.open(machine.home / ".legday-sync.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def kill_loop(machines: Any, remote: str, rounds: int, seed: int) -> None:
    import random

    chance = random.Random(seed)
    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    desktop.ok("sync", "--init", remote)
    logged: set[str] = set()
    mine: set[str] = set()
    for number in range(rounds):
        mine.add(laptop.log("squat", f"{1 + number % 9}x5"))
        logged |= mine
        logged.add(desktop.log("lunge", f"{1 + number % 9}x8"))
        desktop.ok("sync")
        run = legday_process(laptop, "sync")
        try:
            run.wait(timeout=chance.uniform(0.0, 0.4))
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL if chance.random() < 0.7 else signal.SIGTERM)
        run.communicate()
        wait_for_git_of_a_killed_sync(laptop)
        assert mine <= set(laptop.ids())  # the store loads, and nothing of its own is gone
        laptop.ok("sync")
    sync_all(laptop, desktop)
    assert set(laptop.ids()) == logged
    assert_same_everywhere(laptop, desktop)


def test_a_sync_killed_at_random_moments_is_completed_by_the_next(
    machines: Any, remote: str
) -> None:
    kill_loop(machines, remote, rounds=3, seed=12)


@pytest.mark.slow
def test_a_sync_killed_at_random_moments_is_completed_by_the_next_at_length(
    machines: Any, remote: str
) -> None:
    kill_loop(machines, remote, rounds=50, seed=2026)


# ---------------------------------------------------------------------------- sync = "auto"


def test_auto_sync_sends_each_change_in_the_background(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    laptop.ok("config", "set", "sync", "auto")
    logged = legday_process(laptop, "log", "squat", "5x5@100kg", "--json")
    out, err = logged.communicate(timeout=60)
    entry_id = json.loads(out)["id"]
    sync_log = laptop.home / ".legday-sync.log"
    deadline = time.monotonic() + 60
    # The background sync's own report says when it is done (polled, with a deadline).
    while "Sent 1 change" not in (sync_log.read_text() if sync_log.exists() else ""):
        assert time.monotonic() < deadline, "no background sync"
        time.sleep(0.05)
    desktop.ok("sync", "--init", remote)

    assert logged.returncode == 0, err
    assert desktop.ids() == [entry_id]


def test_auto_sync_keeps_log_off_subprocess_and_git(machines: Any, remote: str) -> None:
    from test_import_guard import among, run_and_list_modules

    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    laptop.ok("config", "set", "sync", "auto")

    code, modules = run_and_list_modules(
        ["log", "squat", "5x5"], laptop.home, {"LEGDAY_DEVICE": "laptop"}
    )

    assert code == 0
    assert among(modules, ("subprocess", "legday.gitsync", "typer", "rich")) == []


def test_without_git_sync_says_what_to_install(
    machines: Any, remote: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))

    missing = laptop("sync")

    assert missing.code == 1 and "git is not installed" in missing.errors[0]


def test_a_sync_setting_other_than_auto_or_off_is_refused(machines: Any) -> None:
    (laptop,) = machines("laptop")
    refused = laptop("config", "set", "sync", "sometimes")
    assert refused.code == 2 and "sync is auto" in refused.errors[0]


def test_git_never_prompts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = gitsync._git_env(Paths(tmp_path, tmp_path))
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_ASKPASS"] == ""
    assert "BatchMode=yes" in env["GIT_SSH_COMMAND"] and env["GIT_EDITOR"] == "true"


def test_a_background_sync_started_in_process_completes(
    machines: Any, remote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legday import autosync

    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    laptop.ok("config", "set", "sync", "auto")
    monkeypatch.setenv("PYTHONPATH", str(SRC))
    entry_id = laptop.log("squat", "5x5")  # in-process: the exit point started nothing yet
    autosync.note_write(laptop.store().paths)

    pid = autosync.after_command()

    assert pid is not None
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    desktop.ok("sync", "--init", remote)
    assert desktop.ids() == [entry_id]


def test_a_background_sync_that_cannot_start_is_a_warning_and_the_write_stands(
    machines: Any, remote: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from legday import autosync

    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    laptop.ok("config", "set", "sync", "auto")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))

    logged = laptop("log", "squat", "5x5")

    assert logged.code == 0 and len(laptop.ids()) == 1
    assert "Warning: could not start the background sync" in logged.err
    assert autosync.after_command() is None  # nothing left pending


def test_a_repository_without_its_remote_says_how_to_set_it(machines: Any, remote: str) -> None:
    (laptop,) = machines("laptop")
    laptop.ok("sync", "--init", remote)
    git("remote", "remove", "origin", cwd=laptop.home)

    lost = laptop("sync")
    laptop.ok("sync", "--init", remote)  # gives it back

    assert lost.code == 2 and "has no remote" in lost.errors[0]


def test_a_remote_that_never_answers_is_stopped_after_the_timeout(
    machines: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (laptop,) = machines("laptop")
    laptop.log("squat", "5x5")
    before = laptop.own_log().read_bytes()
    # A host that takes the call, then says nothing; sleep holds git's pipes like ssh would.
    monkeypatch.setenv("GIT_SSH_COMMAND", "sleep 30;:")
    monkeypatch.setenv("LEGDAY_SYNC_TIMEOUT", "1")

    started = time.monotonic()
    hung = laptop("sync", "--init", "ssh://legday.invalid/legs.git")

    assert hung.code == 1 and "took over 1 s and was stopped" in hung.errors[0]
    assert laptop.own_log().read_bytes() == before
    assert time.monotonic() - started < 20  # the whole group stopped, not left to finish


def test_an_unreadable_git_index_is_made_again(machines: Any, remote: str) -> None:
    laptop, desktop = machines("laptop", "desktop")
    laptop.ok("sync", "--init", remote)
    (laptop.home / ".git" / "index").write_bytes(b"not an index")
    laptop.log("squat", "5x5")

    laptop.ok("sync")
    desktop.ok("sync", "--init", remote)

    assert len(desktop.ids()) == 1
