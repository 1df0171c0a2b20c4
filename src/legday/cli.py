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
from legday.lean import guarded, strip_debug
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
        bool, typer.Option("--new", help="Log a name that looks like a typo of a known one.")
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
    """Remove the most recently logged entry and print it."""
    render.removed(actions.undo(_context()), as_json=json_)


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
def streak(json_: JsonOption = False) -> None:
    """Current and best streak, this week's progress, days since the last leg day."""
    render.streak(actions.streak(_context()), as_json=json_)


@app.command()
def stats(
    weeks: Annotated[int, typer.Option("--weeks", "-w", help="How many weeks to show.")] = 12,
    save: Annotated[
        str | None,
        typer.Option(
            "--save", metavar="FILE", help="Also write the view to FILE.svg or FILE.html."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    json_: JsonOption = False,
) -> None:
    """Leg days per week as a chart, with average, consistency and weekly volume."""
    from legday.userfile import user_path

    target = None if save is None else user_path(save, what="--save", example="--save stats.svg")
    if target is not None and target.suffix.lower() not in (".svg", ".html", ".htm"):
        raise UsageError(f"--save writes .svg or .html files, not {target.name!r}.")
    render.stats(actions.stats(_context(), weeks), as_json=json_, save=target, force=force)


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


@app.command(context_settings=DATE_ARGUMENT)
def skip(
    day: Annotated[str | None, typer.Argument(metavar="[DATE]", help="A day in that week.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why (holiday...).")] = None,
) -> None:
    """Mark a week (default: this week) as a rest week: it neither counts nor breaks a streak."""
    render.rest_change(actions.skip(_context(), day, reason), skipped=True)


@app.command(context_settings=DATE_ARGUMENT)
def unskip(
    day: Annotated[str | None, typer.Argument(metavar="[DATE]", help="A day in that week.")] = None,
) -> None:
    """Unmark a rest week."""
    render.rest_change(actions.unskip(_context(), day), skipped=False)


@app.command()
def remind(
    always: Annotated[
        bool, typer.Option("--always", help="Print even when this week's goal is met.")
    ] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 3 when leg day is due.")] = False,
    json_: JsonOption = False,
) -> None:
    """For cron: a short reminder when leg day is due; silent when this week is done."""
    code = fastpath.remind(always=always, check=check, as_json=json_)
    if code:
        raise typer.Exit(code)


@app.command()
def cron(
    at: Annotated[str, typer.Option("--at", help="Time of day, HH:MM.")] = "18:00",
    days: Annotated[
        str, typer.Option("--days", help="daily, weekdays, or a list like mon,wed,fri.")
    ] = "daily",
) -> None:
    """Print a crontab line that runs `legday remind` (add it with `crontab -e`)."""
    from legday.crontab import crontab_line

    print(crontab_line(at=at, days=days))


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
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export everything (entries and rest weeks) as JSON or CSV."""
    from legday import transfer
    from legday.userfile import user_path, write_user_file

    target = (
        None if output is None else user_path(output, what="--output", example="-o legday.json")
    )
    text = transfer.export_text(_context(), format_.lower())
    if target is None:
        sys.stdout.write(text)
    else:
        write_user_file(target, text.encode("utf-8"), force=force)
        render.info(f"Exported to {target}.")


@app.command()
def path(json_: JsonOption = False) -> None:
    """Where legday keeps its data and settings."""
    render.paths(_context().paths, as_json=json_)


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
    stored, still_bad = settings.set_value(_context(), key, value)
    render.setting_changed(key, stored, still_bad)


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
    argv, debug = strip_debug(argv)

    def invoke() -> int:
        try:
            result = app(args=argv, prog_name="legday", standalone_mode=False)
        except ClickUsageError as exc:
            raise UsageError(_usage_error_line(exc)) from exc
        except typer.Abort:
            raise KeyboardInterrupt from None
        return result if isinstance(result, int) else 0

    return guarded(invoke, debug=debug)
