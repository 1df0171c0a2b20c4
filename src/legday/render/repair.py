"""The words of `legday doctor`, `legday restore` and `legday import --undo`."""

from __future__ import annotations

import sys
from typing import Any

from legday.render import emit_json, plural, saved, undo_json, undo_lines
from legday.safe_text import safe_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from legday.batches import ImportUndoPlan
    from legday.repair import Backup, DoctorReport, Problem, Restored
    from legday.transfer import ImportSummary


def _are(count: int) -> str:
    """The verb after a count of lines or bytes: "is" for one, "are" for more."""
    return "is" if count == 1 else "are"


def _lines_text(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line {shown}{more}" if len(lines) == 1 else f"lines {shown}{more}"


def problem_line(problem: Problem) -> str:
    """One finding in plain words: what is wrong, where, and what was done or what to do."""
    from legday import repair as r

    where = safe_text(str(problem.path))
    detail = safe_text(problem.detail)
    side = safe_text(str(problem.side)) if problem.side is not None else ""
    kind = problem.kind
    done = todo = ""  # some findings need nothing done, or there is nothing to do
    if kind == r.UNREADABLE_LINES:
        text = f"{where}: {_lines_text(problem.lines)} cannot be read ({detail})."
        done = f" Set aside in {side}; the rest is readable again."
        todo = " `legday doctor --fix` sets them aside and keeps the rest."
    elif kind == r.FOREIGN_UNREADABLE_LINES:
        text = f"{where}: {_lines_text(problem.lines)} cannot be read ({detail})."
        done = (
            f" Skipped on this machine (listed in {side}); that device's log is left as it is "
            "and is repaired by `legday doctor --fix` there."
        )
        todo = (
            " `legday doctor --fix` skips them on this machine without writing that device's log."
        )
    elif kind == r.SET_ASIDE_HERE:
        text = (
            f"{where}: {_lines_text(problem.lines)} cannot be read and "
            f"{_are(len(problem.lines))} skipped on this machine (set aside by "
            "`legday doctor --fix`) until that device repairs its log."
        )
    elif kind == r.TORN_END:
        text = (
            f"{where}: the last {plural(problem.count, 'byte')} {_are(problem.count)} an "
            "interrupted write."
        )
        done = f" Moved to {side}."
        todo = " They are left out; `legday doctor --fix` moves them to a side file."
    elif kind == r.FOREIGN_TORN_END:
        text = (
            f"{where}: the last {plural(problem.count, 'byte')} {_are(problem.count)} "
            "incomplete (that device was interrupted or is still syncing); they are left out "
            "until it repairs them."
        )
    elif kind == r.BAD_HEADER:
        text = f"{where}: line 1 is not a legday header ({detail})."
        todo = " Fix that line by hand or `legday restore` a backup; doctor will not guess."
    elif kind == r.UNREADABLE_FILE:
        text = f"{where} cannot be read ({detail})."
        done = f" Moved aside to {side}."
        todo = " `legday doctor --fix` moves it aside (the store reads on without it)."
    elif kind in (r.NOT_A_FILE, r.BAD_CONFIG):
        text = detail
    elif kind == r.CONFLICT_COPY:
        holds = (
            f"with {plural(problem.count, 'change')} no other log has"
            if problem.count
            else "holding nothing the other logs lack"
        )
        text = f"{where} is a sync tool's conflict copy {holds}."
        done = f" Merged into this device's log; the copy is kept as {side}."
        todo = " `legday doctor --fix` merges it (nothing is counted twice) and puts it away."
    else:  # r.BAD_CONFIG_VALUE
        key = problem.detail.split(":", 1)[0]
        from legday.config import fix_for

        text = f"{where}: bad value for {detail}."
        todo = f" Fix it with {fix_for(key)}."
    return text + (done if problem.fixed else todo)


def doctor(report: DoctorReport, *, as_json: bool) -> None:
    if report.fix and any(p.fixed for p in report.problems):
        saved("repaired the store")
    if as_json:
        emit_json(doctor_json(report))
        return
    for problem in report.problems:
        mark = "fixed" if problem.fixed else ("problem" if problem.damage else "note")
        print(f"{mark}: {problem_line(problem)}")
    left = report.unfixed_damage
    if left:
        print(f"{plural(len(left), 'problem')} left; legday cannot use the store until then.")
    elif any(p.fixed for p in report.problems):
        print("Done: the store reads, and nothing was deleted.")
    elif not report.problems:
        print(f"All good: {plural(len(report.checked), 'file')} checked.")
    print(backups_line(report))


def backups_line(report: DoctorReport) -> str:
    kept = f"{plural(report.backups, 'backup')} kept"
    if not report.unreadable_backups:
        return f"{kept} (`legday restore` lists them)." if report.backups else f"{kept}."
    names = ", ".join(safe_text(path.name) for path, _why in report.unreadable_backups)
    one = len(report.unreadable_backups) == 1
    holds, them = ("holds", "it") if one else ("hold", "them")
    return (
        f"{kept}; {names} {holds} damaged lines (the file as it was before a fix?), so "
        f"`legday restore` will not put {them} back."
    )


def doctor_json(report: DoctorReport) -> dict[str, Any]:
    return {
        "ok": not report.unfixed_damage,
        "checked": [str(path) for path in report.checked],
        "backups": report.backups,
        "unreadable_backups": [
            {"path": str(path), "detail": why} for path, why in report.unreadable_backups
        ],
        "problems": [
            {
                "kind": p.kind,
                "file": str(p.path),
                "lines": p.lines,
                "detail": p.detail,
                "count": p.count,
                "damage": p.damage,
                "fixed": p.fixed,
                "set_aside": None if p.side is None else str(p.side),
            }
            for p in report.problems
        ],
    }


def backups(found: list[Backup], *, as_json: bool) -> None:
    if as_json:
        emit_json(
            [
                {
                    "number": b.number,
                    "file": b.name,
                    "path": str(b.path),
                    "saved_at": b.modified.isoformat(timespec="seconds"),
                    "bytes": b.size,
                }
                for b in found
            ]
        )
        return
    if not found:
        print("No backups yet: legday keeps one before each file it replaces.")
        return
    for b in found:
        stamp = b.modified.strftime("%Y-%m-%d %H:%M")
        print(f"{b.number:>3}  {stamp}  {safe_text(b.name):<24} {plural(b.size, 'byte')}")
    print("Put one back with `legday restore N` (the file it replaces is kept as a backup).")


def restored(done: Restored, *, as_json: bool) -> None:
    saved(f"restored backup {done.backup.number}")
    if as_json:
        emit_json(
            {
                "restored": done.backup.number,
                "file": str(done.target),
                "from": str(done.backup.path),
                "replaced_kept": done.kept,
            }
        )
        return
    print(f"Put back backup {done.backup.number} as {safe_text(str(done.target))}.")
    if done.kept:
        print("The file it replaced is now backup 1 (`legday restore` lists them).")


# ---------------------------------------------------------------------------- import --undo


def import_undo_counts(plan: ImportUndoPlan) -> str:
    """The confirmation line: what taking back the last import would change."""
    parts = []
    if plan.result.removed or not (plan.result.reverted or plan.rest_weeks):
        removed = len(plan.result.removed)
        parts.append(f"remove {plural(removed, 'entry')} ({plural(plan.sets, 'set')})")
    if plan.result.reverted:
        parts.append(f"put back {plural(len(plan.result.reverted), 'replaced entry')}")
    if plan.rest_weeks:
        parts.append(f"remove {plural(plan.rest_weeks, 'rest week')}")
    if plan.removals_taken_back:
        parts.append(f"bring back {plural(plan.removals_taken_back, 'entry')} it removed")
    return "The last import: " + ", ".join(parts) + "."


def ask_import_undo(plan: ImportUndoPlan) -> bool:
    print(import_undo_counts(plan), file=sys.stderr)
    sys.stderr.write("Take it back? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes")


def import_undo_preview(plan: ImportUndoPlan, *, as_json: bool) -> None:
    if as_json:
        emit_json(_undo_json(plan, dry_run=True))
        return
    print(import_undo_counts(plan))
    print("Dry run: nothing was written.")


def import_undone(plan: ImportUndoPlan, *, as_json: bool) -> None:
    saved("took back the last import")
    if as_json:
        emit_json(_undo_json(plan, dry_run=False))
        return
    print(
        import_undo_counts(plan).replace(
            "The last import: remove", "Took back the last import: removed", 1
        )
    )
    for line in undo_lines(plan.result)[1:]:
        print(line)
    print("Importing the file again brings its entries back.")


def _undo_json(plan: ImportUndoPlan, *, dry_run: bool) -> dict[str, Any]:
    return {"undone": "import", "dry_run": dry_run, **undo_json(plan.result)}


def rest_weeks_left_out(count: int) -> None:
    print(
        f"Note: the CSV holds entries only; {plural(count, 'rest week')} left out "
        "(`legday export --format json` carries them).",
        file=sys.stderr,
    )


def import_differences(summary: ImportSummary, path: Path, options: Sequence[str]) -> None:
    """The line about entries that differ, if any; `options` are the import's own (`--unit
    lb`), so the suggested command runs as it stands."""
    if not summary.entries_differing:
        return
    if summary.entries_replaced:
        print(
            f"Replaced {plural(summary.entries_replaced, 'entry')} with the file's version "
            "(`legday import --undo` puts them back)."
        )
        return
    import shlex

    command = safe_text(" ".join(["legday import", shlex.quote(str(path)), *options, "--replace"]))
    print(
        f"{plural(summary.entries_differing, 'entry')} in the file differ from what is stored "
        f"(edited since, or another --unit); `{command}` applies the file's version."
    )
