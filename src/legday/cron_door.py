"""`legday remind` and `legday status` without Typer or Rich: the cron path.

The console script sends `legday remind [--always] [--check] [--json] [--notify]
[--once-a-day] [--quiet]` and `legday status [--format F] [--json]` here before importing
Typer; any other argument (--help, a typo) goes to the Typer app, which owns help and errors.
The Typer commands call `remind()` and `status()` below, so both print exactly the same thing.

Cost stays flat with history size: the leg days and rest days come from a small derived cache
(legday.cache) that every fold of the store keeps right, and that is trusted only while it
matches every source file exactly; so remind states the same streak as `streak`, however long.
Most of what remind costs is imports, so this path imports only light modules: no typing,
dataclasses, pathlib or tomllib, and the full store (legday.store, legday.model) only when the
cache does not match the files. `status` runs on every prompt and is held to the same.
subprocess (for --notify) loads only when there is something to notify.
tests/test_import_guard.py pins all of that.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from legday.cache import read_days
from legday.config import Config, load_config
from legday.device import current_device
from legday.errors import ExitCode, UsageError
from legday.exit import guarded, strip_debug
from legday.habit import DueStatus, HabitRules, day_of, due_status
from legday.paths import Paths, locate
from legday.render import remind as words
from legday.render import warning
from legday.render.remind import not_due_line, reminder_for, reminder_line, status_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


# remind's flags, each by the parameter of `remind` it sets.
REMIND_FLAGS = {
    "--always": "always",
    "--check": "check",
    "--json": "as_json",
    "--notify": "notify",
    "--once-a-day": "once_a_day",
    "--quiet": "quiet",
}


def plan(argv: list[str]) -> Callable[[], int] | None:
    """What to run for `remind ARGS` or `status ARGS` on this path, or None for Typer to handle
    (help, typos, a repeated or missing value, any other command)."""
    command, *args = argv or [""]
    if command == "remind":
        if not all(arg in REMIND_FLAGS for arg in args):
            return None
        flags = {REMIND_FLAGS[arg]: True for arg in args}
        return lambda: remind(**flags)
    if command != "status":
        return None
    template: str | None = None
    as_json = False
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--json" and not as_json:
            as_json = True
        elif token.startswith("--format=") and template is None:
            template = token.removeprefix("--format=")
        elif token in ("--format", "-f") and template is None and index < len(args):
            template = args[index]
            index += 1
        else:
            return None
    return lambda: status(template=template, as_json=as_json)


# The first window of leg days the cron path reads: a year, so any streak shorter than that
# is answered from it; a longer one widens the window until the streak fits (see due_status).
FIRST_WINDOW_DAYS = 371


def due_now(paths: Paths, rules: HabitRules, today: date) -> DueStatus:
    """This week's status and the streak at stake: from the cache when it matches the files
    exactly (legday.cache), reading only as far back as the current streak reaches, so the
    cost stays flat however long the history; else from a fold of the whole store."""
    device = current_device()
    window = FIRST_WINDOW_DAYS
    while True:
        since = today - timedelta(days=window)
        cached = read_days(paths.data_dir, device, since.isoformat())
        if cached is None:
            break
        legs, rest, conflicts, complete = cached
        try:
            leg_days = [date.fromisoformat(day) for day in legs]
            rest_dates = [date.fromisoformat(day) for day in rest]
        except ValueError:
            break  # not what legday writes: the fold below answers
        status = due_status(leg_days, rest_dates, rules, today)
        if complete or status.is_exact_given(since):
            for name in conflicts:
                from legday.render.store_notes import conflict_copy  # rare: not on every run

                warning(conflict_copy(name))
            return status
        window *= 4
    # The full loader: it folds every log (and remakes the cache), naming the damaged file and
    # line exactly as every other command does.
    from legday.store import Store

    store = Store(paths, warning)
    snapshot = store.load()
    store.remember(snapshot)
    rest_marks = [mark.date for mark in snapshot.rest_marks]
    return due_status(snapshot.leg_days, rest_marks, rules, today)


def _paths_config_today() -> tuple[Paths, Config, date]:
    """Where the files are, the settings, and the day (by day_starts_at) it is now."""
    paths = locate()
    config = load_config(paths)
    return paths, config, day_of(datetime.now().astimezone(), config.day_start_time)


def remind_status(paths: Paths, config: Config, today: date) -> dict[str, Any]:
    """The contract's `remind --json` document for the files at `paths` on `today`."""
    rules = HabitRules(goal=config.goal, week_start=config.week_start_index)
    status = due_now(paths, rules, today)
    reminder = reminder_for(today, config.reminders)
    if status.due:
        message = status_line(
            status.needed, status.days_left_in_week, status.week_end, status.streak_weeks
        )
    else:
        message = not_due_line(
            status.leg_days_this_week, status.goal, status.streak_weeks, skipped=status.skipped
        )
    return {
        "due": status.due,
        "leg_days_this_week": status.leg_days_this_week,
        "goal": status.goal,
        "days_left_in_week": status.days_left_in_week,
        "message": message,
        "reminder": {
            "text": reminder.text,
            "source": reminder.source,
            "short_source": reminder.short_source,
        },
        "current_streak_weeks": status.streak_weeks,
    }


def remind(
    *,
    always: bool = False,
    check: bool = False,
    as_json: bool = False,
    notify: bool = False,
    once_a_day: bool = False,
    quiet: bool = False,
) -> int:
    """Print what cron should mail (nothing when the week is done) and return the exit code.

    --notify shows the two lines as a desktop notification instead (printed after all when no
    notifier answers); --once-a-day shows them only on the first run of the date; --quiet
    prints nothing."""
    if quiet and as_json:
        raise UsageError("--quiet prints nothing and --json prints the status: choose one.")
    if quiet and not (check or notify):
        raise UsageError(
            "--quiet goes with --check (the exit code alone) or --notify (no printed "
            "fallback), e.g. `legday remind --check --quiet`."
        )
    paths, config, today = _paths_config_today()
    if once_a_day:
        from legday import once

        if once.already_shown(paths.data_dir, current_device(), today) and not check:
            return int(ExitCode.OK)  # a shell start after the first: nothing to read
    result = remind_status(paths, config, today)
    code = int(ExitCode.DUE) if check and result["due"] else int(ExitCode.OK)
    news = result["due"] or always
    if not (as_json or news) or (quiet and not notify):
        return code
    if once_a_day and not _first_today(paths.data_dir, today):
        return code
    if as_json:
        import json  # only for --json: the plain line is most runs, and json costs ~3 ms

        print(json.dumps(result, ensure_ascii=False))
    if notify and news:
        _notify(result, fallback=not (as_json or quiet))
    elif not (as_json or quiet):
        words.lines(result)
    return code


def _first_today(data_dir: str, today: date) -> bool:
    from legday import once

    try:
        return once.claim(data_dir, current_device(), today)
    except OSError as exc:
        # Better a reminder on every shell start than none: show it, and say why.
        words.not_noted_warning(
            str(exc.strerror or exc), once.marker_dir(data_dir, current_device())
        )
        return True


def urgent(result: dict[str, Any]) -> bool:
    """The last day of the week, one leg day still keeps a streak: worth interrupting for."""
    needed = result["goal"] - result["leg_days_this_week"]
    return bool(
        result["due"]
        and result["days_left_in_week"] == 1
        and needed == 1
        and result.get("current_streak_weeks", 0) >= 1
    )


def _notify(result: dict[str, Any], *, fallback: bool) -> None:
    """Send the notification; when none can be shown, say why on stderr and (with
    `fallback`) print the lines instead, so that cron still mails them."""
    from legday import notify

    reminder = result["reminder"]
    body = reminder_line(reminder["text"], reminder["short_source"])
    reason = notify.send(result["message"], body, urgent=urgent(result))
    if reason is None:
        return
    words.no_notification_warning(reason, printed_instead=fallback)
    if fallback:
        words.lines(result)


def status(*, template: str | None, as_json: bool) -> int:
    """One short line (or the JSON document) for prompts and status bars."""
    from legday.render import status as statusline

    if template is not None:
        statusline.check_format(template)  # a bad template is refused before any reading
    paths, config, today = _paths_config_today()
    result = remind_status(paths, config, today)
    if as_json:
        import json  # only for --json: the plain line is most runs, and json costs ~3 ms

        print(json.dumps(result, ensure_ascii=False))
    else:
        unicode = statusline.unicode_locale()
        if template is None:
            print(statusline.default_line(result, unicode=unicode))
        else:
            print(statusline.formatted(template, result, unicode=unicode))
    return int(ExitCode.OK)


def run(argv: list[str]) -> int:
    """Run `remind ...` or `status ...` (which `plan` accepted) behind the one exit point."""
    argv, debug = strip_debug(argv)
    action = plan(argv)
    assert action is not None, argv
    return guarded(action, debug=debug)
