"""What `legday cron` says about the crontab, systemd timer or LaunchAgent it set up.

Data (a dry run's files, a command to run) goes to stdout; confirmations to stderr, as
everywhere in legday.render. No Rich: these are plain lines.
"""

from __future__ import annotations

import os
import sys

from legday.render import info

TYPE_CHECKING = False
if TYPE_CHECKING:
    from legday.crontab import CrontabChange
    from legday.timers import TimerChange


def _job_line(change: CrontabChange) -> str:
    from legday.crontab import MARKER, split_lines

    lines = [os.fsdecode(line).rstrip("\n") for line in split_lines(change.after)]
    for index, line in enumerate(lines[:-1]):
        if line.startswith(MARKER):
            return lines[index + 1]
    return ""


def crontab_installed(change: CrontabChange) -> None:
    if change.dry_run:
        _dry_run_table(change, "--install")
        return
    if not change.changed:
        info(f"legday's reminder is already in your crontab, unchanged:\n{_job_line(change)}")
    elif change.found:
        info(f"Replaced legday's reminder in your crontab:\n{_job_line(change)}")
    else:
        info(f"Added legday's reminder to your crontab:\n{_job_line(change)}")


def crontab_uninstalled(change: CrontabChange) -> None:
    if not change.found:
        info("There is no legday reminder in your crontab; nothing to remove.")
    elif change.dry_run:
        _dry_run_table(change, "--uninstall")
    else:
        info("Removed legday's reminder from your crontab; every other line is as it was.")


def _dry_run_table(change: CrontabChange, action: str) -> None:
    sys.stdout.write(os.fsdecode(change.after))
    info(f"(dry run: your crontab is unchanged; above is what {action} would make it)")


def timer_written(change: TimerChange, *, notify: bool, kind: str) -> None:
    if change.dry_run:
        for path, text in zip(change.files, change.texts, strict=True):
            print(f"# {path}")
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        info("(dry run: nothing written; without --dry-run legday writes the files above)")
        return
    info(f"Wrote {' and '.join(str(path) for path in change.files)}.")
    if change.ran:
        info("Ran: " + "; ".join(change.ran))
        if kind == "systemd":
            info("Check it with: systemctl --user list-timers legday-remind.timer")
    else:
        info("Turn it on with:")
        for command in change.to_run:
            print(command)
    if not notify:
        where = (
            "the journal (journalctl --user -u legday-remind)" if kind == "systemd" else "nowhere"
        )
        info(
            f"Without --notify the reminder's output goes to {where}; "
            "add --notify for a desktop notification."
        )


def timer_removed(change: TimerChange) -> None:
    if not change.files:
        info("There is no legday timer to remove.")
        return
    names = " and ".join(str(path) for path in change.files)
    if change.dry_run:
        info(f"(dry run: would remove {names})")
        return
    if change.ran:
        info("Ran: " + "; ".join(change.ran))
    info(f"Removed {names}.")
