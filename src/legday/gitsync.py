"""`legday sync`: the data dir as a git repository shared between machines.

Devices write disjoint files (`devices/<device>.jsonl`), so a merge of two machines' commits
never needs to merge the inside of a file: each file changed on one side only. git does the
moving (fetch, merge, push, over ssh, https or a plain path); legday only decides what is
committed (this device's log and the .gitignore, nothing else, never a deletion) and makes
sure git can do no harm:
- git runs as a subprocess with no terminal prompt, no editor, no hooks, no signing, in the
  data dir's own repository only (GIT_DIR is set, so a repository above it is never used);
- a merge is first computed without touching any file (`git merge-tree`): one that would
  conflict (possible only after a hand edit) stops before a single file changes;
- whatever a killed sync left (git's lock files, a half-done merge, other devices' files half
  checked out) is put right by the next one: other devices' files are copies of what git
  holds, so they are restored from it; this device's log is never written by git.
The sync lock is passed to every git process, so it is held until the last of them has
exited, even when legday itself was killed: a stale git lock file is then known to be stale.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from legday import files
from legday.errors import StoreError, UsageError
from legday.paths import Paths, ensure_private_dir
from legday.safe_text import safe_text
from legday.store import Store
from legday.value import Value

REMOTE = "origin"
PUSH_ATTEMPTS = 3
TIMEOUT_ENV = "LEGDAY_SYNC_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
BACKGROUND_WAIT = 300.0  # how long a background sync waits for a running one to finish
GITIGNORE = """\
# Written by `legday sync`. Only the device logs travel between machines; everything else
# in this folder is this machine's own: the locks, the caches (.legday-cache-*), temp files,
# backups/, the once-a-day reminder marks (reminded/), the sync log and config.toml.
/*
!/.gitignore
!/devices/
/devices/.*
/devices/*.tmp
/devices/*.torn-*
/devices/*.sync-conflict-*
/devices/*conflicted copy*
"""
# Why a push was turned down, in git's words, when fetching and merging again can fix it.
_MOVED_ON = ("fetch first", "non-fast-forward", "failed to update ref", "cannot lock ref")
_GIT_LOCKS = ("index.lock", "HEAD.lock", "ORIG_HEAD.lock", "config.lock", "packed-refs.lock")
_MERGE_STATE = ("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE")


class SyncResult(Value):
    """What a sync did: the remote, the new lines that came from each other device, how many
    of this device's went up, and copies kept aside when joining."""

    __slots__ = ("remote", "received", "sent", "first", "kept_aside")

    def __init__(self, remote: str) -> None:
        self.remote = remote
        self.received: dict[str, int] = {}
        self.sent = 0
        self.first = False  # this sync created the remote's history
        self.kept_aside: list[str] = []


class GitError(Exception):
    def __init__(self, code: int, stderr: str) -> None:
        super().__init__(stderr)
        self.code = code
        self.stderr = stderr

    @property
    def reason(self) -> str:
        """git's last words, made safe for a terminal (a remote can send anything)."""
        # The first line says what went wrong (ssh's own, or git's "does not appear to be a
        # git repository"); the lines after it are git's general advice.
        lines = [
            line.strip()
            for line in self.stderr.splitlines()
            if line.strip() and not line.startswith("hint:")
        ]
        first = (lines or [f"git exited {self.code}"])[0]
        for prefix in ("fatal: ", "error: "):
            first = first.removeprefix(prefix)
        return safe_text(first.rstrip(".")[:300])


def _timeout() -> float:
    return files.seconds_from_env(TIMEOUT_ENV, DEFAULT_TIMEOUT, 1.0)


class Git:
    """git in one data dir, never prompting, holding the sync lock in every child."""

    def __init__(self, paths: Paths, device: str, lock_fd: int) -> None:
        self.paths = paths
        self.lock_fd = lock_fd
        self.own = f"devices/{device}.jsonl"  # this device's log, as git names it
        self.env = _git_env(paths)
        self._branch: str | None = None  # HEAD's branch, read once: only _adopt moves it
        self.base = [
            "git",
            "-c", "core.hooksPath=/dev/null",
            "-c", "commit.gpgSign=false",
            "-c", "core.autocrlf=false",
            "-c", "core.fsmonitor=false",
            "-c", "merge.ff=true",
            "-c", f"user.name=legday on {device}",
            "-c", f"user.email={device}@legday.invalid",
        ]  # fmt: skip

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        argv = [*self.base, *args]
        try:
            # A session of its own: no terminal for anything to prompt on, and the whole
            # group (ssh included) can be stopped, so a hung remote cannot outlive the timeout.
            child = subprocess.Popen(
                argv,
                env=self.env,
                cwd=self.paths.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(self.lock_fd,),
                start_new_session=True,
            )
        except FileNotFoundError:
            raise StoreError(
                "git is not installed; legday sync needs it (e.g. `sudo apt install git`)."
            ) from None
        try:
            out, err = child.communicate(timeout=_timeout())
        except subprocess.TimeoutExpired:
            _stop(child)
            raise StoreError(
                f"git {args[0]} took over {_timeout():g} s and was stopped; nothing here was "
                f"lost, run `legday sync` again (or set {TIMEOUT_ENV} to wait longer)."
            ) from None
        except BaseException:  # Ctrl-C: git and its helpers stop too, cleaning their locks
            _stop(child)
            raise
        done = subprocess.CompletedProcess(argv, child.returncode, out, err)
        if check and done.returncode != 0:
            raise GitError(done.returncode, err.decode("utf-8", "replace"))
        return done

    def text(self, *args: str) -> str:
        return self.run(*args).stdout.decode("utf-8", "replace").strip()

    def answer(self, *args: str) -> str | None:
        """What `text` gives, or None when git fails."""
        done = self.run(*args, check=False)
        return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def branch(self) -> str:
        if self._branch is None:
            self._branch = self.text("symbolic-ref", "--short", "HEAD")
        return self._branch

    def point_head_at(self, branch: str) -> None:
        _git(self, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
        self._branch = branch

    def tip(self, ref: str) -> str | None:
        return self.answer("rev-parse", "-q", "--verify", ref)

    def blob(self, spec: str) -> bytes | None:
        done = self.run("cat-file", "blob", spec, check=False)
        return done.stdout if done.returncode == 0 else None

    def names(self, *args: str) -> list[str]:
        out = self.run(*args).stdout.decode("utf-8", "surrogateescape")
        return [name for name in out.split("\0") if name]


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop git and everything it started: asked first (git removes its lock files on
    SIGTERM), then made to."""
    for sig, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, sig)
        try:
            child.communicate(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _git_env(paths: Paths) -> dict[str, str]:
    env = dict(os.environ)
    data = paths.data_dir
    env.update(
        GIT_DIR=os.path.join(data, ".git"),
        GIT_WORK_TREE=data,
        GIT_TERMINAL_PROMPT="0",
        GIT_ASKPASS="",  # empty: git asks no helper, and does not fall back on SSH_ASKPASS
        SSH_ASKPASS_REQUIRE="never",
        GIT_EDITOR="true",
        GIT_MERGE_AUTOEDIT="no",
        GIT_PAGER="cat",
        LC_ALL="C",  # git's messages in English: the reasons of a refused push are read
        LANGUAGE="C",
    )
    if "GIT_SSH_COMMAND" not in os.environ and "GIT_SSH" not in os.environ:
        # BatchMode: ssh fails instead of asking for a password or about a new host key.
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
    return env


# ---------------------------------------------------------------------------- the lock


@contextlib.contextmanager
def _locked_git(paths: Paths, device: str, *, wait: bool) -> Iterator[Git]:
    """The sync lock, and git in the data dir holding it."""
    lock_file = paths.sync_lock_file
    ensure_private_dir(paths.data_dir)
    with contextlib.suppress(OSError):
        os.close(os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600))
    deadline = time.monotonic() + (BACKGROUND_WAIT if wait else 0.0)
    while (fd := files.try_lock(lock_file)) is None:
        if time.monotonic() >= deadline:
            raise StoreError(
                f"another legday sync is running in {paths.data_dir}; try again when it has "
                "finished."
            )
        time.sleep(0.2)  # a background sync waits its turn; it has no one to keep waiting
    try:
        yield Git(paths, device, fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- entry points


def is_set_up(paths: Paths) -> bool:
    return Path(paths.data_dir, ".git").is_dir()


def init(paths: Paths, store: Store, remote: str) -> SyncResult:
    """`legday sync --init REMOTE`: make the data dir a repository syncing with REMOTE (joining
    its history when it has one), then sync."""
    remote = checked_remote(remote)
    with _locked_git(paths, store.device, wait=False) as git:
        if not is_set_up(paths):
            _git(git, "init", "-q", "-b", "main")
        current = git.answer("remote", "get-url", REMOTE)  # None in a new repository
        if current is None:
            _git(git, "remote", "add", REMOTE, "--", remote)
        elif current != remote:
            raise UsageError(
                f"{paths.data_dir} already syncs with {safe_text(current)}; to change "
                f"that: git -C {paths.data_dir} remote set-url {REMOTE} NEW-REMOTE"
            )
        return _sync(git, store, remote)


def sync(paths: Paths, store: Store, *, background: bool = False) -> SyncResult:
    """`legday sync`: commit this device's log, fetch, merge, push."""
    if not is_set_up(paths):
        raise UsageError(
            f"{paths.data_dir} is not set up for sync yet: run `legday sync --init REMOTE` "
            "once (REMOTE: a git URL or path, e.g. git@host:legs.git)."
        )
    with _locked_git(paths, store.device, wait=background) as git:
        current = git.answer("remote", "get-url", REMOTE)
        if current is None:
            raise UsageError(
                f"{paths.data_dir} has no remote `{REMOTE}`; run `legday sync --init REMOTE`."
            )
        return _sync(git, store, current)


def checked_remote(remote: str) -> str:
    text = remote.strip()
    if not text or text.startswith("-") or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(
            f"{safe_text(remote)!r} is not a git remote; give a URL or a path, e.g. "
            "`legday sync --init git@github.com:me/legday-data.git` or "
            "`legday sync --init /mnt/usb/legday.git`."
        )
    if "://" not in text and os.path.exists(os.path.expanduser(text)):
        # A local path as the user typed it, from where they typed it (git would take a
        # relative one from the data dir).
        return os.path.abspath(os.path.expanduser(text))
    return text


# ---------------------------------------------------------------------------- the sync


def _git(git: Git, *args: str) -> str:
    """Run a local git step; its failure is an Error line naming the step."""
    try:
        return git.text(*args)
    except GitError as exc:
        raise StoreError(
            f"git {args[0]} failed in {git.paths.data_dir} ({exc.reason}); nothing of yours "
            "was lost: fix that and run `legday sync` again."
        ) from None


def _fetch(git: Git, remote: str) -> None:
    try:
        git.run("fetch", "-q", "--no-tags", REMOTE)
    except GitError as exc:
        raise StoreError(
            f"cannot reach {safe_text(remote)} ({exc.reason}); your changes are safe on this "
            "machine and go up with the next `legday sync`."
        ) from None


def _sync(git: Git, store: Store, remote: str) -> SyncResult:
    result = SyncResult(remote)
    has_head = _recover(git)
    _write_gitignore(git.paths)
    joined = None  # the first sync joins the remote's branch, when it has one
    if not has_head:
        _fetch(git, remote)
        joined = _remote_branch(git)
        result.first = joined is None
    with files.file_lock(git.paths.lock_file, what="syncing"):
        store.settle()
        if joined is not None:
            result.kept_aside = _adopt(git, store, joined)
        _commit(git, store)
    if has_head:
        _fetch(git, remote)
        _merge_into(git, store, result)
    _push(git, store, remote, result)
    _after(git, store)
    return result


def _remote_branch(git: Git) -> str | None:
    """The branch to join on a remote seen for the first time: main, master, or its only one."""
    names = [
        name.removeprefix(f"{REMOTE}/")
        for name in git.text(
            "for-each-ref", "--format=%(refname:short)", f"refs/remotes/{REMOTE}/"
        ).splitlines()
        if name != f"{REMOTE}/HEAD"
    ]
    for preferred in ("main", "master"):
        if preferred in names:
            return preferred
    return names[0] if names else None


def _commit(git: Git, store: Store) -> None:
    """Commit this device's log and the .gitignore: never anything else, never a deletion."""
    own = git.own
    if not store.own_file.exists() and git.ok("cat-file", "-e", f"HEAD:{own}"):
        # Gone from here but in git: put it back rather than tell every machine to forget it.
        _git(git, "checkout", "-q", "HEAD", "--", own)
        store.warn(f"{store.own_file} was missing; it was put back as of the last sync.")
    paths = [".gitignore", own] if store.own_file.exists() else [".gitignore"]
    _git(git, "add", "--", *paths)
    if not git.ok("diff", "--cached", "--quiet"):
        _git(git, "commit", "-q", "--no-verify", "-m", f"legday: changes from {store.device}")


def _merge_into(git: Git, store: Store, result: SyncResult) -> None:
    branch = git.branch()
    theirs = f"refs/remotes/{REMOTE}/{branch}"
    if git.tip(theirs) is None:
        return  # the remote has no history on this branch yet: the push makes it
    before = _git(git, "rev-parse", "HEAD")
    probe = git.run("merge-tree", "--write-tree", "--name-only", "--no-messages",
                    "--allow-unrelated-histories", "HEAD", theirs, check=False)  # fmt: skip
    if probe.returncode == 1:
        names = probe.stdout.decode("utf-8", "replace").splitlines()[1:]
        raise _conflict(git, branch, names)
    with files.file_lock(git.paths.lock_file, what="syncing"):
        done = git.run("merge", "-q", "--no-edit", "--no-stat", "--allow-unrelated-histories", "-m",
                       f"legday: merge into {store.device}", theirs, check=False)  # fmt: skip
        if done.returncode != 0:
            with contextlib.suppress(GitError):
                if Path(git.paths.data_dir, ".git", "MERGE_HEAD").exists():
                    git.run("merge", "--abort")
            raise _blocked(git, GitError(done.returncode, done.stderr.decode("utf-8", "replace")))
    result.received = _received(git, before, store)


def _conflict(git: Git, branch: str, names: list[str]) -> StoreError:
    shown = ", ".join(safe_text(name) for name in names) or "a file"
    return StoreError(
        f"git cannot merge {shown}: it was changed both here and on the remote, which legday "
        "never does (a device only appends to its own log), so it was edited by hand. Nothing "
        f"was changed here and nothing was sent. See the difference with `git -C "
        f"{git.paths.data_dir} diff HEAD {REMOTE}/{branch}`, commit the version to keep, then "
        "run `legday sync` again."
    )


def _blocked(git: Git, exc: GitError) -> StoreError:
    names = [line.strip() for line in exc.stderr.splitlines() if line.startswith(("\t", " "))]
    shown = ", ".join(safe_text(name) for name in names) or exc.reason
    return StoreError(
        f"git cannot merge into {shown}: changed on this machine by hand (only its own device "
        f"writes it). Nothing was changed; keep a copy if you want one, then `git -C "
        f"{git.paths.data_dir} checkout -- FILE` and run `legday sync` again."
    )


def _received(git: Git, before: str, store: Store) -> dict[str, int]:
    """Operations each other device's log gained from `before` to HEAD."""
    added: dict[str, int] = {}
    for name in git.names("diff", "--name-only", "-z", before, "HEAD", "--", "devices/"):
        device = name.removeprefix("devices/").removesuffix(".jsonl")
        if device == store.device:
            continue
        count = _ops(git, f"HEAD:{name}") - _ops(git, f"{before}:{name}")
        if count > 0:
            added[device] = count
    return added


def _ops(git: Git, spec: str) -> int:
    blob = git.blob(spec)
    return 0 if blob is None else max(0, blob.count(b"\n") - 1)  # the header is no change


def _push(git: Git, store: Store, remote: str, result: SyncResult) -> None:
    branch = git.branch()
    theirs = f"refs/remotes/{REMOTE}/{branch}"
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        base = git.tip(theirs)
        if base == _git(git, "rev-parse", "HEAD"):
            return  # nothing the remote lacks
        sent = _ops(git, f"HEAD:{git.own}") - (_ops(git, f"{base}:{git.own}") if base else 0)
        done = git.run("push", "-q", "--porcelain", REMOTE, f"HEAD:refs/heads/{branch}",
                       check=False)  # fmt: skip
        if done.returncode == 0:
            result.sent = max(0, sent)
            _git(git, "update-ref", theirs, "HEAD")
            return
        report = (done.stdout + done.stderr).decode("utf-8", "replace")
        moved = any(reason in report for reason in _MOVED_ON)
        if not moved or attempt == PUSH_ATTEMPTS:
            raise _push_refused(remote, report, moved=moved, code=done.returncode)
        # The remote moved on since the fetch: take its news and try again.
        _fetch(git, remote)
        _merge_into(git, store, result)


def _push_refused(remote: str, report: str, *, moved: bool, code: int) -> StoreError:
    refused = [line.split("\t")[-1] for line in report.splitlines() if line.startswith("!")]
    reason = safe_text(refused[0]) if refused else GitError(code, report).reason
    why = "it kept moving on while this machine caught up" if moved else "it refused the push"
    return StoreError(
        f"could not send your changes to {safe_text(remote)}: {why} ({reason}). They are safe "
        "on this machine, and the next `legday sync` tries again."
    )


def _after(git: Git, store: Store) -> None:
    """Files git wrote are private like every legday file, and the cache follows them."""
    with contextlib.suppress(OSError), os.scandir(git.paths.devices_dir) as entries:
        for entry in entries:
            if entry.name.endswith(".jsonl") and entry.is_file(follow_symlinks=False):
                os.chmod(entry.path, 0o600)
    with contextlib.suppress(StoreError):
        store.remember(store.load())


# ---------------------------------------------------------------------------- joining


def _adopt(git: Git, store: Store, branch: str) -> list[str]:
    """Make the remote's history this repository's without touching a file, then put the
    working files in agreement with it, keeping every line either side has: this device's
    log stays as it is here; another device's becomes the remote's copy. A copy that is not
    a prefix of the one kept is set beside it as a conflict copy, which every command counts
    (operations are idempotent) and `legday doctor --fix` merges."""
    git.point_head_at(branch)
    _git(git, "update-ref", f"refs/heads/{branch}", f"refs/remotes/{REMOTE}/{branch}")
    _git(git, "reset", "-q")
    kept: list[str] = []
    restore: list[str] = []
    for name in git.names("ls-files", "-z", "--", "devices/"):
        local = _read(os.path.join(git.paths.data_dir, name))
        theirs = git.blob(f"HEAD:{name}")
        if theirs is None or local == theirs:
            continue
        if local is None:
            restore.append(name)
        elif name == git.own:
            if not local.startswith(theirs):
                kept.append(_keep_aside(git.paths, name, theirs))
            if theirs.startswith(local):
                files.atomic_write(store.own_file, theirs, through_link=True)
        else:
            if not theirs.startswith(local):
                kept.append(_keep_aside(git.paths, name, local))
            restore.append(name)
    if restore:
        _git(git, "checkout", "-q", "HEAD", "--", *restore)
    return kept


def _read(path: str | os.PathLike[str]) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _keep_aside(paths: Paths, name: str, data: bytes) -> str:
    stem = Path(name).name.removesuffix(".jsonl")
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    aside = Path(paths.devices_dir, f"{stem}.sync-conflict-{stamp}-legday.jsonl")
    files.atomic_write(aside, data)
    return f"devices/{aside.name}"


# ---------------------------------------------------------------------------- recovery


def _recover(git: Git) -> bool:
    """Put right what a killed sync left, and say whether there is a commit yet. We hold the
    sync lock, which every git process a sync starts holds too: no git of ours is running, so
    its lock files are stale."""
    git_dir = Path(git.paths.data_dir, ".git")
    stale = [git_dir / name for name in (*_GIT_LOCKS, *_MERGE_STATE)]
    for folder, _dirs, names in os.walk(git_dir / "refs"):
        stale += [Path(folder, name) for name in names if name.endswith(".lock")]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    if git.tip("HEAD^{commit}") is None:
        return False
    # The index back to the last commit; no working file touched. The index is only git's
    # cache of the commit here: one it cannot read is made again.
    if not git.ok("reset", "-q"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(git_dir / "index")
        _git(git, "reset", "-q")
    _restore_replicas(git)
    return True


def _restore_replicas(git: Git) -> None:
    """Other devices' files that differ from the last commit only as a killed merge leaves
    them (missing, or a prefix of the version git was writing) are restored from git. A file
    changed any other way is a hand edit: left alone, for the merge to report."""
    changed = git.names("diff", "--name-only", "-z", "HEAD", "--", "devices/")
    untracked = git.names("ls-files", "-z", "--others", "--exclude-standard", "--", "devices/")
    branch = git.branch()
    restore = []
    for name in changed:
        if name == git.own:
            continue
        local = _read(os.path.join(git.paths.data_dir, name))
        if local is None or _is_prefix_of_known(git, name, local, branch):
            restore.append(name)
    if restore:
        _git(git, "checkout", "-q", "HEAD", "--", *restore)
    for name in untracked:
        local = _read(os.path.join(git.paths.data_dir, name))
        if name != git.own and local is not None and _is_prefix_of_known(git, name, local, branch):
            # A new device's file a killed merge had begun to write: the merge writes it again.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(git.paths.data_dir, name))


def _is_prefix_of_known(git: Git, name: str, local: bytes, branch: str) -> bool:
    for spec in (f"HEAD:{name}", f"refs/remotes/{REMOTE}/{branch}:{name}"):
        known = git.blob(spec)
        if known is not None and known.startswith(local):
            return True
    return False


def _write_gitignore(paths: Paths) -> None:
    path = Path(paths.data_dir, ".gitignore")
    if _read(path) != GITIGNORE.encode():
        files.atomic_write(path, GITIGNORE.encode())


# ---------------------------------------------------------------------------- background


def background_stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
