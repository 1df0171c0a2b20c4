"""The Typer app: parse arguments, call `legday.actions`, hand the result to `legday.render`.

No maths and no file handling here. `run()` is the single exit point: it turns a LegdayError
into one `Error:` line and its exit code, and shows a traceback only with --debug.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

# typer 0.28 vendors click; a parse error raises click's UsageError.
from typer._click.exceptions import UsageError as ClickUsageError

from legday import __version__, actions, fastpath, render, settings
from legday.context import Context
from legday.errors import UsageError
from legday.lean import debug_wanted, guarded
from legday.model import Unit

app = typer.Typer(
    name="legday",
    help="Log leg day in two seconds; keep the weekly habit. Data stays on this machine.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
config_app = typer.Typer(help="Show or change settings (config.toml).", no_args_is_help=True)
app.add_typer(config_app, name="config")

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")]


def _context() -> Context:
    return Context.from_environment()


def _complete_exercise(incomplete: str) -> list[str]:
    from legday.completion import exercise_names

    return exercise_names(incomplete)


def _version(value: bool) -> None:
    if value:
        print(f"legday {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks (also LEGDAY_DEBUG=1).")
    ] = False,
) -> None:
    """legday: a leg-day habit tracker for the terminal.

    Start with `legday log squat 5x5@100kg`; `legday streak` shows the habit.
    """
    if ctx.invoked_subcommand is None:
        render.dashboard(actions.dashboard(_context()))


@app.command()
def log(
    words: Annotated[
        list[str],
        typer.Argument(
            help="The exercise, then its sets: squat 5x5@100kg, front squat 3x8@60, "
            "rdl 3x10,8,6@60kg, lunge 3x12@bw, wall sit 3x60s, w:2x5@60kg, rpe8.",
            show_default=False,
            autocompletion=_complete_exercise,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="YYYY-MM-DD, today, yesterday, mon..sun, or -N."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="A note for this entry.")] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="Log a name that looks like a typo of a known one, or that legday does not "
            "take for a leg exercise (bench press...).",
        ),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Record one exercise with its sets (today unless --date)."""
    result = actions.log_entry(_context(), words, date_text=date, note=note, allow_new=new)
    render.log_result(result, as_json=json_)


@app.command()
def history(
    limit: Annotated[int | None, typer.Option("--limit", "-l", help="Show at most N.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only from this date on.")] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise", "-e", help="Only this exercise.", autocompletion=_complete_exercise
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """List entries, newest first, with their ids."""
    entries = actions.history(_context(), limit=limit, since_text=since, exercise=exercise)
    render.history(entries, as_json=json_)


@app.command()
def undo(json_: JsonOption = False) -> None:
    """Take back this device's last change (a log, delete, import, skip...) and say what.

    Repeat it to go further back. Example: `legday undo`.
    """
    render.undone(actions.undo(_context()), as_json=json_)


@app.command()
def delete(
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="The id, or a unique prefix of 6+ characters.")
    ],
    json_: JsonOption = False,
) -> None:
    """Remove one entry by id (see `legday history`)."""
    render.removed(actions.delete(_context(), entry_id), as_json=json_)


@app.command()
def compact() -> None:
    """Fold this device's log: drop what removals made dead (kept as a backup first).

    Undo cannot reach behind a compaction. Example: `legday compact`.
    """
    before, after = _context().store.compact()
    render.compacted(before, after)


@app.command()
def streak(json_: JsonOption = False) -> None:
    """Current and best streak, this week's progress, days since the last leg day."""
    render.streak(actions.streak(_context()), as_json=json_)


@app.command()
def stats(
    weeks: Annotated[int, typer.Option("--weeks", "-w", help="How many weeks to show.")] = 12,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", help="Also write the view to FILE.svg or FILE.html.", dir_okay=False
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Leg days per week as a chart, with average, consistency and weekly volume."""
    if save is not None and save.suffix.lower() not in (".svg", ".html", ".htm"):
        raise UsageError(f"--save writes .svg or .html files, not {save.name!r}.")
    render.stats(actions.stats(_context(), weeks), as_json=json_, save=save)


@app.command()
def calendar(
    year: Annotated[int | None, typer.Option("--year", "-y", help="Which year.")] = None,
) -> None:
    """A year of leg days as a heatmap."""
    render.calendar(actions.calendar(_context(), year))


@app.command()
def prs(
    exercise: Annotated[
        str | None,
        typer.Argument(
            help="One exercise for its progress chart.", autocompletion=_complete_exercise
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Personal records per exercise (heaviest, best e1RM, most reps, volume)."""
    render.prs(actions.prs(_context(), exercise), as_json=json_)


@app.command()
def exercises(json_: JsonOption = False) -> None:
    """The catalogue of leg exercises with aliases, and the ones you have logged."""
    render.exercises(actions.exercises(_context()), as_json=json_)


# `legday skip -7` (a week ago) must read -7 as the date, not as an option.
DATE_ARGUMENT = {"ignore_unknown_options": True}
WhenArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[WHEN]...",
        help="A day in the week to mark (YYYY-MM-DD, today, yesterday, tomorrow, mon..sun, -N "
        "or +N days), this/last/next week, or a range D..D. Default: this week.",
        show_default=False,
    ),
]


def _when(words: list[str] | None) -> str | None:
    return " ".join(words) if words else None


@app.command(context_settings=DATE_ARGUMENT)
def skip(
    when: WhenArgument = None,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why (holiday...).")] = None,
) -> None:
    """Mark rest weeks: they neither count nor break a streak.

    Plan ahead as far as a year; a past week can be marked until 7 days after it ended, and a
    week that already met the goal is not a rest week.

    \b
    Examples:
      legday skip                      (this week)
      legday skip next week --reason holiday
      legday skip 2026-12-21..2027-01-03
    """
    render.rest_change(actions.skip(_context(), _when(when), reason), skipped=True)


@app.command(context_settings=DATE_ARGUMENT)
def unskip(when: WhenArgument = None) -> None:
    """Unmark rest weeks: they count again.

    \b
    Examples:
      legday unskip                    (this week)
      legday unskip 2026-12-21..2027-01-03
    """
    render.rest_change(actions.unskip(_context(), _when(when)), skipped=False)


@app.command()
def remind(
    always: Annotated[
        bool, typer.Option("--always", help="Print even when this week's goal is met.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Exit 3 when leg day is due, 0 if not. E.g. legday remind --check"
        ),
    ] = False,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Show it as a desktop notification (notify-send; osascript on macOS), "
            "printed instead when none can be shown. E.g. legday remind --notify",
        ),
    ] = False,
    once_a_day: Annotated[
        bool,
        typer.Option(
            "--once-a-day",
            help="Only the first run of the date shows it: for ~/.bashrc. "
            "E.g. legday remind --once-a-day",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            help="Print nothing: with --check, the exit code alone; with --notify, no "
            "printed fallback. E.g. legday remind --check --quiet || echo 'leg day!'",
        ),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """For cron: a short reminder when leg day is due; silent when this week is done.

    Examples: `legday remind` (in a crontab), `legday remind --notify` (a desktop
    notification), `legday remind --once-a-day` (in ~/.bashrc).
    """
    code = fastpath.remind(
        always=always,
        check=check,
        as_json=json_,
        notify=notify,
        once_a_day=once_a_day,
        quiet=quiet,
    )
    if code:
        raise typer.Exit(code)


@app.command()
def status(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Your own line from {done} {goal} {needed} {left} {streak} {state} {mark}. "
            "E.g. legday status --format '{done}/{goal} {mark}'",
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """One short line for a shell prompt, tmux or a status bar: `legs 0/2 · 3d left · 9w at stake`.

    {done} leg days this week, {goal} per week, {needed} still to do, {left} days left (today
    counts), {streak} weeks, {state} due/met/rest, {mark} ✓ (ok), ! or ~. Plain ASCII when the
    locale is not UTF-8. Example: PS1='$(legday status) \\$ '
    """
    fastpath.status(template=format_, as_json=json_)


@app.command()
def cron(
    at: Annotated[str, typer.Option("--at", help="Time of day, HH:MM.")] = "18:00",
    days: Annotated[
        str, typer.Option("--days", help="daily, weekdays, or a list like mon,wed,fri.")
    ] = "daily",
    notify: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Run `legday remind --notify`: a desktop notification. "
            "E.g. legday cron --install --notify",
        ),
    ] = False,
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Add (or replace) legday's line in your crontab; with --systemd or "
            "--launchd, also enable the timer. E.g. legday cron --install --at 07:30",
        ),
    ] = False,
    uninstall: Annotated[
        bool,
        typer.Option(
            "--uninstall",
            help="Remove legday's line (or timer) and nothing else. E.g. legday cron --uninstall",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show the resulting crontab (or files) and change nothing. "
            "E.g. legday cron --install --dry-run",
        ),
    ] = False,
    systemd: Annotated[
        bool,
        typer.Option(
            "--systemd",
            help="A systemd user timer instead (~/.config/systemd/user/legday-remind.timer). "
            "E.g. legday cron --systemd --notify --install",
        ),
    ] = False,
    launchd: Annotated[
        bool,
        typer.Option(
            "--launchd",
            help="A macOS LaunchAgent instead (~/Library/LaunchAgents/legday.remind.plist). "
            "E.g. legday cron --launchd --notify --install",
        ),
    ] = False,
) -> None:
    """Print a crontab line that runs `legday remind`, or install it (crontab, systemd, launchd).

    Examples: `legday cron --install` (into your crontab), `legday cron --systemd --notify
    --install` (a systemd user timer with desktop notifications).
    """
    if install and uninstall:
        raise UsageError("--install and --uninstall: choose one.")
    if systemd and launchd:
        raise UsageError("--systemd and --launchd: choose one.")
    if systemd or launchd:
        _timer(
            at,
            days,
            notify=notify,
            install=install,
            uninstall=uninstall,
            dry_run=dry_run,
            kind="systemd" if systemd else "launchd",
        )
    elif uninstall:
        from legday import crontab
        from legday.render import cue

        cue.crontab_uninstalled(crontab.uninstall(dry_run=dry_run))
    elif install or dry_run:
        from legday import crontab
        from legday.render import cue

        cue.crontab_installed(crontab.install(at, days, notify=notify, dry_run=dry_run))
    else:
        from legday.crontab import crontab_line

        print(crontab_line(at=at, days=days, notify=notify))


def _timer(
    at: str, days: str, *, notify: bool, install: bool, uninstall: bool, dry_run: bool, kind: str
) -> None:
    from legday import timers
    from legday.render import cue

    if uninstall:
        remove = timers.uninstall_systemd if kind == "systemd" else timers.uninstall_launchd
        cue.timer_removed(remove(dry_run=dry_run))
        return
    write = timers.install_systemd if kind == "systemd" else timers.install_launchd
    change = write(at, days, notify=notify, install=install, dry_run=dry_run)
    cue.timer_written(change, notify=notify, kind=kind)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The export file.", dir_okay=False)],
    from_: Annotated[
        str, typer.Option("--from", help="auto, strong, hevy, fitnotes or legday.")
    ] = "auto",
    unit: Annotated[
        str | None, typer.Option("--unit", help="kg or lb, for files that do not say.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change.")] = False,
    json_: JsonOption = False,
) -> None:
    """Import another app's export (Strong, Hevy, FitNotes) or a legday export."""
    from legday import transfer

    chosen_unit = _unit_option(unit)
    with render.import_progress(file, enabled=not json_) as progress:
        summary = transfer.import_file(
            _context(),
            file,
            fmt=from_.lower(),
            unit=chosen_unit,
            dry_run=dry_run,
            progress=progress,
        )
    render.import_summary(summary, as_json=json_)


def _unit_option(unit: str | None) -> Unit | None:
    if unit is None:
        return None
    cleaned = unit.strip().lower()
    if cleaned in ("kg", "kgs"):
        return "kg"
    if cleaned in ("lb", "lbs"):
        return "lb"
    raise UsageError(f"--unit is kg or lb, not {unit!r}.")


@app.command()
def export(
    format_: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export everything (entries and rest weeks) as JSON or CSV."""
    from legday import transfer

    text = transfer.export_text(_context(), format_.lower())
    if output is None:
        sys.stdout.write(text)
    else:
        transfer.write_export(text, output, force=force)
        render.info(f"Exported to {output}.")


@app.command()
def path(json_: JsonOption = False) -> None:
    """Where legday keeps its data and settings, and this machine's device name.

    Example: `legday path --json`.
    """
    ctx = _context()
    render.paths(ctx.paths, ctx.store.device, as_json=json_)


@config_app.command("show")
def config_show(json_: JsonOption = False) -> None:
    """All settings with their values."""
    ctx = _context()
    render.config_table(settings.show(ctx), ctx.paths.config_file, as_json=json_)


@config_app.command("get")
def config_get(key: Annotated[str, typer.Argument(help="goal, week_start, unit, ...")]) -> None:
    """One setting's value."""
    render.config_value(settings.get(_context(), key))


# A value such as -1 must reach validation (and its helpful message), not be read as an option.
@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    key: Annotated[str, typer.Argument(help="goal, week_start, unit, day_starts_at, e1rm_formula")],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Change a setting (validated; the file is left unchanged on a bad value)."""
    stored = settings.set_value(_context(), key, value)
    render.info(f"{key} = {render.format_setting(stored)}")


@config_app.command("path")
def config_path() -> None:
    """The config file's path."""
    print(_context().paths.config_file)


# ---------------------------------------------------------------------------- the exit point


def _usage_error_line(exc: ClickUsageError) -> str:
    message = exc.format_message().rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "legday"
    return f"{message}. See `{command} --help`."


def run(argv: list[str]) -> int:
    """Run the Typer app on `argv` and return the exit code (the single exit point)."""
    debug = debug_wanted(argv)

    def invoke() -> int:
        try:
            result = app(args=argv, prog_name="legday", standalone_mode=False)
        except ClickUsageError as exc:
            raise UsageError(_usage_error_line(exc)) from exc
        except typer.Abort:
            raise KeyboardInterrupt from None
        return result if isinstance(result, int) else 0

    return guarded(invoke, debug=debug)
