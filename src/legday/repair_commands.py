"""The commands that put mistakes right: `doctor`, `restore`, and `import --undo`/`--replace`.

Registered on the app of legday.cli (which imports this module at its end); each parses its
options, calls the core (legday.repair, legday.batches) and hands the result to render.repair.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from legday.cli import JsonOption, _context, command
from legday.errors import ExitCode, UsageError


def import_path(file: str | None, *, yes: bool) -> Path:
    from legday.userfile import user_path

    if file is None:
        raise UsageError(
            "say which export to import, e.g. `legday import strong.csv`; "
            "`legday import --undo` takes back the last import."
        )
    if yes:
        raise UsageError("--yes goes with --undo only. Nothing was imported.")
    return user_path(file, what="import", example="legday import strong.csv")


def import_undo(file: str | None, *, replace: bool, dry_run: bool, yes: bool, json_: bool) -> None:
    """`legday import --undo`: the counts first, then (confirmed) one batch that takes the
    last import back. Refusals write nothing."""
    from legday import batches
    from legday.render import repair as words

    if file is not None:
        raise UsageError(
            "--undo takes back the last import and takes no FILE; run `legday import --undo`."
        )
    if replace:
        raise UsageError("--undo and --replace do not go together. Nothing was changed.")
    ctx = _context()
    plan = batches.plan_import_undo(ctx.store.load())
    if dry_run:
        words.import_undo_preview(plan, as_json=json_)
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(
                words.import_undo_counts(plan)
                + " Add --yes to take it back (no terminal to ask on). Nothing was changed."
            )
        if not words.ask_import_undo(plan):
            raise UsageError("not taken back. Nothing was changed.")
    done = batches.undo_import(ctx, expected=plan.handle)
    words.import_undone(done, as_json=json_)


@command(
    short_help="Check the store; --fix repairs it.",
    examples=["legday doctor", "legday doctor --fix", "legday doctor --json"],
)
def doctor(
    fix: Annotated[
        bool, typer.Option("--fix", help="Set unreadable lines aside, merge conflict copies.")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Check every file legday keeps (device logs, the old sessions and rest-week files,
    config.toml, backups, sync-tool conflict copies) and say what is wrong in plain words.

    --fix sets unreadable lines aside in a side file beside their file (never deleting a
    byte: the old file is also kept in backups/) and merges conflict copies into this
    device's log. Exit 1 when damage is left that was not fixed.
    """
    from legday import repair
    from legday.render import repair as words

    report = repair.Doctor(_context().store).run(fix)
    words.doctor(report, as_json=json_)
    if report.unfixed_damage:
        raise typer.Exit(int(ExitCode.FAILURE))


@command(
    short_help="List backups or put one back.",
    examples=["legday restore", "legday restore 1", "legday restore --json"],
)
def restore(
    number: Annotated[
        int | None,
        typer.Argument(
            metavar="N", help="The backup to put back (see the list).", show_default=False
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Without N: the backups legday keeps, newest first. With N: put backup N back in place
    of the file it is a copy of (atomically); the file it replaces is kept as a backup, so
    a restore can itself be restored."""
    from legday import repair
    from legday.render import repair as words

    ctx = _context()
    if number is None:
        words.backups(repair.backups(ctx.paths), as_json=json_)
        return
    words.restored(repair.restore(ctx.store, number), as_json=json_)
