"""Words a user reads are written in legday.render, and Rich is imported only there.

A change of wording should be one place, so no module outside `src/legday/render/` builds a
user-facing sentence. "A sentence" is, to this test, any string literal or f-string with two
words in it (letters, a space, letters). These are not sentences to the rule, and are found by
reading the code's syntax, not by a list:
- docstrings;
- Typer's help text (`help=`, `short_help=`, `epilog=`, `metavar=` keyword arguments, and
  `examples=`, the epilog of legday.cli's `command`);
- the message of an exception, in a `raise` or an `...Error(...)` call: the exit point prints
  it as the one `Error:` line, and the check that finds a problem is the place that knows how
  to say what is wrong with it and how to fix it.
What is left outside render/ must be one of the kinds in ALLOWED, module by module, with the
most strings of that kind the module may hold: data that only looks like words (exercise
names, column headers of other apps' exports, JSON values of the contract), text of files and
commands legday writes for other programs (crontab lines, systemd units, AppleScript, git
commit messages), and parts of error messages put together before the `raise`. A module that
is not listed may hold none. When a string moves to render/, lower its module's number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "legday"
WORDY = re.compile(r"[A-Za-z]{2,}[^\S\n]+[A-Za-z]{2,}")
HELP_KEYWORDS = frozenset({"help", "short_help", "epilog", "examples", "metavar"})

DATA = "data that only looks like words"
OTHER_PROGRAMS = "text for another program (a file or a command legday writes)"
ERROR_PARTS = "parts of an error message, assembled before the raise"
ALLOWED: dict[str, tuple[int, str]] = {
    "catalog.py": (354, f"{DATA}: exercise names and aliases"),
    "importers/common.py": (14, f"{DATA}: skip reasons (the keys of import --json's counts)"),
    "importers/strong.py": (8, f"{DATA}: Strong's column headers, English and German"),
    "importers/fitnotes.py": (3, f"{DATA}: FitNotes' column headers"),
    "importers/__init__.py": (3, ERROR_PARTS),
    "repair.py": (13, f"{DATA} (doctor --json's problem kinds) and {ERROR_PARTS}"),
    "strength.py": (4, f"{DATA}: record kinds and the note of prs --json"),
    "batches.py": (1, f"{DATA}: the name of an import batch's undo"),
    "notify.py": (13, f"{OTHER_PROGRAMS}: AppleScript, and why no notifier answered"),
    "crontab.py": (7, f"{OTHER_PROGRAMS}: the crontab lines and crontab's own messages"),
    "timers.py": (6, f"{OTHER_PROGRAMS}: systemd units and launchd, and their answers"),
    "gitsync.py": (11, f"{OTHER_PROGRAMS}: .gitignore, commit messages, git's answers"),
    "config.py": (4, f"{OTHER_PROGRAMS} (config.toml's header) and {ERROR_PARTS}"),
    "exit.py": (4, "the exit point's own lines: it must speak when nothing else imports"),
    "store/__init__.py": (1, f"{DATA}: a sync tool's copy names"),
    "store/codec.py": (4, f"{DATA} (the undo of an import's mark) and {ERROR_PARTS}"),
    "store/fold.py": (1, ERROR_PARTS),
    "legacy.py": (7, ERROR_PARTS),
    "dates.py": (5, ERROR_PARTS),
    "actions.py": (5, f"{ERROR_PARTS}: the examples a usage error shows"),
    "sets.py": (3, ERROR_PARTS),
    "cli.py": (2, f"{ERROR_PARTS}: click's usage errors"),
    "editing.py": (1, ERROR_PARTS),
    "gym.py": (1, ERROR_PARTS),
    "habit.py": (1, ERROR_PARTS),
    "files.py": (1, ERROR_PARTS),
    "repair_commands.py": (1, ERROR_PARTS),
    "value.py": (3, f"{ERROR_PARTS}: Python's TypeErrors for a wrong call of a made __init__"),
}


def _exempt(tree: ast.AST) -> set[int]:
    """The ids of the nodes the rule leaves alone (see the module docstring)."""
    exempt: set[int] = set()

    def mark(node: ast.AST) -> None:
        exempt.update(id(sub) for sub in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                mark(first.value)
        elif isinstance(node, ast.keyword) and node.arg in HELP_KEYWORDS:
            mark(node.value)
        elif isinstance(node, ast.Raise) and node.exc is not None:
            mark(node.exc)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.endswith(("Error", "Exception")):
                mark(node)
        elif isinstance(node, ast.JoinedStr):
            exempt.update(id(part) for part in node.values)  # judged as the whole f-string
    return exempt


def sentences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _exempt(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            parts = [part.value if isinstance(part, ast.Constant) else "{}" for part in node.values]
            text = "".join(str(part) for part in parts)
        else:
            continue
        if WORDY.search(text):
            found.append(f"line {node.lineno}: {text[:70]!r}")
    return found


def core_modules() -> list[tuple[str, Path]]:
    paths = sorted(SOURCE.rglob("*.py"))
    return [
        (path.relative_to(SOURCE).as_posix(), path)
        for path in paths
        if path.relative_to(SOURCE).parts[0] != "render"
    ]


def test_no_module_outside_render_builds_a_sentence() -> None:
    over = {}
    for name, path in core_modules():
        found = sentences(path)
        allowed = ALLOWED.get(name, (0, ""))[0]
        if len(found) > allowed:
            over[name] = (allowed, found)
    assert not over, "\n".join(
        f"{name}: {len(found)} sentences, {allowed} allowed (write them in legday.render):\n  "
        + "\n  ".join(found)
        for name, (allowed, found) in over.items()
    )


def test_the_allow_list_names_only_modules_that_exist() -> None:
    assert set(ALLOWED) <= {name for name, _ in core_modules()}


def test_the_doors_and_the_core_of_the_habit_hold_no_words() -> None:
    # The modules this rule was written for: what remind, status and the quick door print,
    # the hints and the PR lines, are all in render/.
    for name in ("cron_door.py", "quick.py", "context.py", "reminders.py", "statusline.py"):
        assert name not in ALLOWED
        path = SOURCE / name
        assert not path.exists() or sentences(path) == []


def test_rich_is_imported_only_in_render() -> None:
    importers = []
    for name, path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            if any(module == "rich" or module.startswith("rich.") for module in modules):
                importers.append(f"{name}:{node.lineno}")
    assert importers == []


def test_the_rule_sees_a_sentence_and_leaves_errors_and_help_alone(tmp_path: Path) -> None:
    # Guards the guard: the scan is what finds a sentence, not an empty directory.
    module = tmp_path / "module.py"
    module.write_text(
        '"""A docstring with words."""\n'
        "def f(n):\n"
        '    """Words."""\n'
        '    option = typer.Option(help="Show this many weeks.")\n'
        "    if n < 0:\n"
        '        raise UsageError(f"n must not be negative, not {n}")\n'
        '    return f"{n} leg days to go"\n',
        encoding="utf-8",
    )
    assert sentences(module) == ["line 7: '{} leg days to go'"]
