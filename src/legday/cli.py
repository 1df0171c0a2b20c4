"""The Typer app: parse arguments, call `legday.actions`, hand the result to `legday.render`.

No maths and no file handling here. `run()` hands the app to the one exit point
(legday.exit), which turns a LegdayError into one `Error:` line and its exit code, and shows a
traceback only with --debug.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import typer
import typer.core

# typer 0.28 vendors click; a parse error raises click's UsageError.
from typer._click.core import Context as ClickContext
from typer._click.exceptions import MissingParameter
from typer._click.exceptions import UsageError as ClickUsageError

from legday import actions, configure, cron_door, quick, render
from legday.config import SETTABLE_KEYS, unit_named
from legday.context import Context
from legday.dates import DATE_FORMS
from legday.errors import UsageError
from legday.exit import guarded, strip_debug

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])
DATE_HELP = f"DATE: {DATE_FORMS}."


def _examples(lines: Sequence[str]) -> str:
    """A help epilog listing example commands, kept as written (click rewraps text unless a
    paragraph starts with \\b)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class _PassedOnError(Exception):
    """Carries Ctrl-C or a reader that left past Typer's own handling of them (a silent exit
    130 and a silent exit 1), to the exit point that reports them as every door does."""

    def __init__(self, cause: KeyboardInterrupt | BrokenPipeError) -> None:
        super().__init__(type(cause).__name__)
        self.cause = cause


class Group(typer.core.TyperGroup):
    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, BrokenPipeError) as exc:
            raise _PassedOnError(exc) from exc


app = typer.Typer(
    name="legday",
    cls=Group,
    help="Log leg day in two seconds; keep the weekly habit. Data stays on this machine.",
    # Three lines a newcomer can type at once.
    epilog="\b\n"
    "Quick start:  legday log squat 5x5@100kg   record today's squats\n"
    "              legday streak                see the weekly habit\n"
    "              legday cron                  a reminder when leg day is due",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
config_app = typer.Typer(
    help="Show or change settings (config.toml).",
    short_help="Show or change settings.",
    epilog=_examples(["legday config show", "legday config set goal 2", "legday config get unit"]),
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


class Command(typer.core.TyperCommand):
    """A command whose usage line reads as a person writes it: Typer puts braces round a
    required argument (`legday delete {ID}`); the usage line here says `legday delete ID`."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [_unbraced(piece) for piece in super().collect_usage_pieces(ctx)]


def _unbraced(piece: str) -> str:
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece


def command(
    *names: str, examples: Sequence[str], group: typer.Typer = app, **settings: Any
) -> Callable[[CommandFunction], CommandFunction]:
    """A command of `group` (the app, or `config`), with `examples` as its help epilog."""
    return group.command(*names, cls=Command, epilog=_examples(examples), **settings)


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")]
# The options two or more commands declare alike, declared once.
DayOption = Annotated[
    str | None,
    typer.Option("--date", "-d", metavar="DATE", help=f"The day (default today). {DATE_HELP}"),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
# `legday show -3`, `legday skip -7`, `legday again squat -5lb`, `legday config set goal -1`:
# a word that starts with a dash is the command's to read (a date, a load change, a value to
# validate and explain), not an unknown option.
DASH_WORDS = {"ignore_unknown_options": True}


def _context() -> Context:
    return Context.from_environment()


def _complete_exercise(incomplete: str) -> list[str]:
    from legday.completion import exercise_names

    return exercise_names(incomplete)


def _exercise_option(*, help: str) -> Any:
    """--exercise NAME, as history and edit take it."""
    return typer.Option(
        "--exercise", "-e", metavar="NAME", help=help, autocompletion=_complete_exercise
    )


def _name_words(*, metavar: str, help: str, parameter: str = "words") -> Any:
    """A list argument of words that hold an exercise name (`prs wall sit`), completed as one:
    a name may span the words typed before the one completed."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from legday.completion import words

        return words(ctx, parameter, incomplete)

    return typer.Argument(metavar=metavar, help=help, show_default=False, autocompletion=complete)


def _complete_choices(*values: str) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        from legday.completion import choices

        return choices(values, incomplete)

    return complete


def _setting_key(*, help: str) -> Any:
    """KEY, as config get and set take it."""
    return typer.Argument(
        metavar="KEY", help=help, autocompletion=_complete_choices(*SETTABLE_KEYS)
    )


def _complete_setting_value(ctx: typer.Context, incomplete: str) -> list[str]:
    from legday.completion import setting_values

    return setting_values(ctx, incomplete)


def _version(value: bool) -> None:
    if value:
        quick.print_version()
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show tracebacks, before or after the command (also LEGDAY_DEBUG=1)."
        ),
    ] = False,
) -> None:
    """legday: a leg-day habit tracker for the terminal."""
    if ctx.invoked_subcommand is None:
        quick.run_dashboard()


# The log command's single list argument, named as a person writes it: the usage line reads
# `legday log [OPTIONS] EXERCISE... SETS...`.
LOG_WORDS = "EXERCISE... SETS..."


@command(
    short_help="Record an exercise with its sets.",
    examples=[
        "legday log squat 5x5@100kg",
        "legday log front squat 3x8@60 rpe8",
        "legday log rdl 3x10,8,6@60kg --date yesterday --note 'felt good'",
        "legday log lunge 3x12@bw",
        "legday log wall sit 3x60s",
        "legday log squat 5x5@100kg rdl 3x8@60kg calf raise 3x15",
        "legday log squat            # last time, and what to try today",
    ],
)
def log(
    words: Annotated[
        list[str],
        _name_words(
            metavar=LOG_WORDS,
            help="The exercise, then its sets: squat 5x5@100kg, front squat 3x8@60, "
            "rdl 3x10,8,6@60kg, lunge 3x12@bw, wall sit 3x60s, w:2x5@60kg, rpe8.",
        ),
    ],
    date: DayOption = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="A note for this entry.")
    ] = None,
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
    """Record exercises with their sets (today unless --date): several in one line are stored
    all together or not at all. With a name and no sets: the last sessions and a suggestion."""
    quick.GRAMMARS["log"].run(quick.Parsed(words, date=date, note=note, new=new, json=json_))


@command(
    short_help="List entries, newest first.",
    examples=[
        "legday history",
        "legday history --limit 5",
        "legday history --exercise squat --since -30",
        "legday history --since mon --json",
        "legday history --by-day --all",
    ],
)
def history(
    limit: Annotated[
        int | None, typer.Option("--limit", "-l", metavar="N", help="Show at most N.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help=f"Only from this day on. {DATE_HELP}"),
    ] = None,
    exercise: Annotated[str | None, _exercise_option(help="Only this exercise.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every entry (the default is the newest 20).")
    ] = False,
    by_day: Annotated[
        bool, typer.Option("--by-day", help="Group the entries under a heading per date.")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """List entries, newest first, with their ids: the newest 20 unless --limit or --all
    (--json lists every match unless --limit). Long lists on a terminal open in $PAGER."""
    quick.GRAMMARS["history"].run(
        quick.Parsed(
            limit=limit, since=since, exercise=exercise, by_day=by_day, all=all_, json=json_
        )
    )


@command(
    short_help="Take back this device's last change.",
    examples=["legday undo", "legday undo --json"],
)
def undo(json_: JsonOption = False) -> None:
    """Take back this device's last change (a log, delete, import, skip...) and say what.

    Repeat it to go further back. Example: `legday undo`.
    """
    render.undone(actions.undo(_context()), as_json=json_)


@command(
    short_help="Remove one entry by id.",
    examples=["legday history   # shows the ids", "legday delete 3f2a9c"],
)
def delete(
    entry_id: Annotated[
        str, typer.Argument(metavar="ID", help="The id, or a unique prefix of 6+ characters.")
    ],
    json_: JsonOption = False,
) -> None:
    """Remove one entry by id (see `legday history`)."""
    render.removed(actions.delete(_context(), entry_id), as_json=json_)


@command(
    short_help="Change one entry in place.",
    examples=[
        "legday history   # shows the ids",
        "legday edit 3f2a9c --sets 5x5@102.5kg",
        "legday edit 3f2a9c --date yesterday --note 'belt on'",
        "legday edit 3f2a9c --exercise 'front squat'",
        "legday edit 3f2a9c   # opens $VISUAL/$EDITOR on its log line",
    ],
)
def edit(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="ID",
            help="The id, or a unique prefix of 6+ characters (more set specs may follow --sets).",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help=f"The new day. {DATE_HELP}"),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", metavar="TEXT", help="The new note ('' removes it)."),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--sets",
            "-s",
            metavar="SPEC...",
            help="The new sets, as log takes them: --sets 5x5@100kg rpe8.",
        ),
    ] = None,
    exercise: Annotated[str | None, _exercise_option(help="The new exercise name.")] = None,
    new: Annotated[
        bool,
        typer.Option("--new", help="Take a new exercise name as log --new does."),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Change one entry in place (same id): its date, note, sets or exercise, checked as log
    checks them. With no option, opens $VISUAL or $EDITOR on the entry as a `log` line.

    `legday undo` puts the entry back as it was.
    """
    from legday import editing
    from legday.render import edits

    entry_id, set_words, exercise = _edit_words(words, sets, exercise)
    ctx = _context()
    if date is None and note is None and set_words is None and exercise is None:
        result = editing.edit_in_editor(ctx, entry_id, allow_new=new)
    else:
        request = editing.EditRequest(date, note, set_words, exercise, allow_new=new)
        result = editing.edit_entry(ctx, entry_id, request)
    edits.edited(result, as_json=json_)


def _edit_words(
    words: list[str], sets: list[str] | None, exercise: str | None
) -> tuple[str, list[str] | None, str | None]:
    """The id, the set specs and the name. Click leaves the words after an option's first
    one among the arguments (`--sets 5x5@100kg rpe8`, `--exercise front squat`): after the id
    they go to --sets or --exercise (with both, the set specs to --sets)."""
    from legday.sets import looks_like_set_spec

    entry_id, *more = words
    if not more:
        return entry_id, sets, exercise
    if exercise is not None and sets is not None:
        specs = [word for word in more if looks_like_set_spec(word)]
        name = [word for word in more if not looks_like_set_spec(word)]
        return entry_id, [*sets, *specs], " ".join([exercise, *name])
    if sets is not None:
        return entry_id, [*sets, *more], exercise
    if exercise is not None:
        return entry_id, sets, " ".join([exercise, *more])
    raise UsageError(
        f"edit takes one ID; to change the sets write `legday edit {entry_id} --sets "
        f"{' '.join(more)}`."
    )


@command(
    short_help="Rename or merge an exercise everywhere.",
    examples=[
        "legday rename 'squat rpe6' squat",
        "legday rename 'Leg Press OLD' 'leg press'",
        "legday rename my lunge walking lunge",
        "legday undo   # takes the whole rename back",
    ],
)
def rename(
    words: Annotated[
        list[str],
        _name_words(
            metavar="OLD NEW",
            help="The exercise as logged, then its new name; quote a name of several words "
            "when the split is not clear.",
        ),
    ],
    new: Annotated[
        bool,
        typer.Option("--new", help="Take a NEW name that looks like a typo, as log --new does."),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Rename an exercise in every entry; into a name already logged, the two merge.

    PRs and history follow. `legday undo` takes the whole rename back.
    """
    from legday import editing
    from legday.render import edits

    edits.renamed(editing.rename(_context(), words, allow_new=new), as_json=json_)


@command(short_help="Fold this device's log.", examples=["legday compact"])
def compact() -> None:
    """Fold this device's log: drop what removals made dead (kept as a backup first).

    Undo cannot reach behind a compaction.
    """
    before, after = _context().store.compact()
    render.compacted(before, after)


@command(short_help="Current and best streak.", examples=["legday streak", "legday streak --json"])
def streak(json_: JsonOption = False) -> None:
    """Current and best streak, this week's progress, days since the last leg day."""
    quick.GRAMMARS["streak"].run(quick.Parsed(json=json_))


@command(
    short_help="Leg days per week as a chart.",
    examples=[
        "legday stats",
        "legday stats --weeks 26",
        "legday stats --save stats.svg",
        "legday stats --save stats.html --force",
    ],
)
def stats(
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", metavar="N", help="How many weeks to show.")
    ] = 12,
    save: Annotated[
        str | None,
        typer.Option(
            "--save", metavar="FILE", help="Also write the view to FILE.svg or FILE.html."
        ),
    ] = None,
    force: ForceOption = False,
    json_: JsonOption = False,
) -> None:
    """Leg days per week as a chart, with average, consistency and weekly volume."""
    from legday.userfile import user_path

    target = None if save is None else user_path(save, what="--save", example="--save stats.svg")
    if target is not None and target.suffix.lower() not in (".svg", ".html", ".htm"):
        raise UsageError(f"--save writes .svg or .html files, not {target.name!r}.")
    render.stats(actions.stats(_context(), weeks), as_json=json_, save=target, force=force)


@command(
    short_help="A year of leg days as a heatmap.",
    examples=["legday calendar", "legday calendar --year 2025"],
)
def calendar(
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", metavar="YEAR", help="Which year (default this one)."),
    ] = None,
) -> None:
    """A year of leg days as a heatmap."""
    quick.GRAMMARS["calendar"].run(quick.Parsed(year=year))


@command(
    short_help="Personal records per exercise.",
    examples=[
        "legday prs",
        "legday prs squat",
        "legday prs front squat --json",
        "legday prs squat --weeks 26",
    ],
)
def prs(
    exercise: Annotated[
        list[str] | None,
        _name_words(
            metavar="[EXERCISE]...",
            help="One exercise for its progress chart (quotes optional: prs wall sit).",
            parameter="exercise",
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            "-w",
            metavar="N",
            help="The top set and best e1RM of each of the last N weeks.",
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Personal records per exercise (heaviest, best e1RM, most reps, volume); with
    EXERCISE --weeks N, its weekly trend."""
    quick.GRAMMARS["prs"].run(quick.Parsed(exercise, weeks=weeks, json=json_))


@command(
    short_help="The catalogue of leg exercises.",
    examples=["legday exercises", "legday exercises --json"],
)
def exercises(json_: JsonOption = False) -> None:
    """The catalogue of leg exercises with aliases, and the ones you have logged."""
    quick.GRAMMARS["exercises"].run(quick.Parsed(json=json_))


# ---------------------------------------------------------------------------- at the gym


@command(
    short_help="Last time, and what to try today.",
    examples=["legday last squat", "legday last front squat --json"],
)
def last(
    words: Annotated[
        list[str], _name_words(metavar="EXERCISE...", help="The exercise (several words are fine).")
    ],
    json_: JsonOption = False,
) -> None:
    """The last two sessions of EXERCISE (sets, e1RM, days ago) and a suggestion for today
    by the rule in the README: all reps hit → add the increment (`legday config set increment
    2.5`), a set missed → repeat, two sessions missed → 10 % lighter."""
    quick.GRAMMARS["last"].run(quick.Parsed(words, json=json_))


@command(
    context_settings=DASH_WORDS,
    short_help="Log the last session again.",
    examples=[
        "legday again                # the whole last leg day, today",
        "legday again squat",
        "legday again squat +2.5     # every load 2.5 heavier",
        "legday again rdl -5lb --date yesterday",
    ],
)
def again(
    words: Annotated[
        list[str] | None,
        _name_words(
            metavar="[EXERCISE]... [+N|-N]",
            help="The exercise to repeat (default: every entry of the last leg day), and a "
            "load change for every set, e.g. +2.5 or -5lb.",
        ),
    ] = None,
    date: DayOption = None,
    json_: JsonOption = False,
) -> None:
    """Log the last session of EXERCISE again, before the day it is logged for (no name: every
    entry of the last leg day), and print what was stored."""
    from legday import gym
    from legday.render import gym_views

    gym_views.log_batch(gym.again(_context(), words or [], date_text=date), as_json=json_)


@command(
    context_settings=DASH_WORDS,
    short_help="One leg day as a workout card.",
    examples=["legday show", "legday show yesterday", "legday show 2026-11-23 --json"],
)
def show(
    day: Annotated[
        str | None,
        typer.Argument(metavar="[DATE]", help=f"The day (default: the last leg day). {DATE_HELP}"),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """One day as a workout card: each exercise with its sets, the working sets and volume,
    the PRs set that day and the notes."""
    quick.GRAMMARS["show"].run(quick.Parsed(None if day is None else [day], json=json_))


WhenArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[WHEN]...",
        help="A day in the week to mark: YYYY-MM-DD, today, yesterday, tomorrow, mon..sun, "
        "-N (N days ago), +N (N days ahead), this/last/next week, or a range D..D. "
        "Default: this week.",
        show_default=False,
    ),
]


def _when(words: list[str] | None) -> str | None:
    return " ".join(words) if words else None


@command(
    context_settings=DASH_WORDS,
    short_help="Mark a rest week.",
    examples=[
        "legday skip",
        "legday skip next week --reason holiday",
        "legday skip 2026-12-21..2027-01-03",
    ],
)
def skip(
    when: WhenArgument = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", "-r", metavar="TEXT", help="Why (holiday, sick...)."),
    ] = None,
) -> None:
    """Mark rest weeks: they neither count nor break a streak.

    Plan ahead as far as a year; a past week can be marked until 7 days after it ended, and a
    week that already met the goal is not a rest week.
    """
    render.rest_change(actions.skip(_context(), _when(when), reason), skipped=True)


@command(
    context_settings=DASH_WORDS,
    short_help="Unmark rest weeks.",
    examples=["legday unskip", "legday unskip 2026-12-21..2027-01-03"],
)
def unskip(when: WhenArgument = None) -> None:
    """Unmark rest weeks (default: this week): they count again."""
    render.rest_change(actions.unskip(_context(), _when(when)), skipped=False)


@command(
    short_help="For cron: a nudge when leg day is due.",
    examples=["legday remind", "legday remind --always", "legday remind --check --json"],
)
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
    code = cron_door.remind(
        always=always,
        check=check,
        as_json=json_,
        notify=notify,
        once_a_day=once_a_day,
        quiet=quiet,
    )
    if code:
        raise typer.Exit(code)


@command(
    short_help="One short line for a prompt or status bar.",
    examples=["legday status", "legday status --format '{done}/{goal} {mark}'"],
)
def status(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="TEMPLATE",
            help="Your own line from the placeholders above. "
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
    cron_door.status(template=format_, as_json=json_)


@command(
    short_help="Print a crontab line for remind.",
    examples=["legday cron", "legday cron --at 07:30 --days mon,wed,fri"],
)
def cron(
    at: Annotated[str, typer.Option("--at", metavar="HH:MM", help="Time of day.")] = "18:00",
    days: Annotated[
        str,
        typer.Option("--days", metavar="DAYS", help="daily, weekdays, or a list like mon,wed,fri."),
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
    from legday import crontab

    if not (systemd or launchd or uninstall or install or dry_run):
        print(crontab.crontab_line(at=at, days=days, notify=notify))
        return
    from legday import timers
    from legday.render import cue

    if systemd or launchd:
        if uninstall:
            remove = timers.uninstall_systemd if systemd else timers.uninstall_launchd
            cue.timer_removed(remove(dry_run=dry_run))
        else:
            write = timers.install_systemd if systemd else timers.install_launchd
            change = write(at, days, notify=notify, install=install, dry_run=dry_run)
            cue.timer_written(change, notify=notify, kind="systemd" if systemd else "launchd")
    elif uninstall:
        cue.crontab_uninstalled(crontab.uninstall(dry_run=dry_run))
    else:
        cue.crontab_installed(crontab.install(at, days, notify=notify, dry_run=dry_run))


@command(
    "import",
    short_help="Import a Strong, Hevy or FitNotes export.",
    examples=[
        "legday import strong.csv --unit kg",
        "legday import hevy_workouts.csv --dry-run",
        "legday import backup.json",
        "legday import strong.csv --replace      apply rows edited since the last import",
        "legday import --undo                    take back the last import (asks first)",
        "legday import --undo --yes --json       the same from a script",
    ],
)
def import_(
    file: Annotated[
        str | None, typer.Argument(metavar="FILE", help="The export file.", show_default=False)
    ] = None,
    from_: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="FORMAT",
            help="auto, strong, hevy, fitnotes or legday.",
            autocompletion=_complete_choices("auto", "strong", "hevy", "fitnotes", "legday"),
        ),
    ] = "auto",
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="UNIT",
            help="kg or lb, for files that do not say.",
            autocompletion=_complete_choices("kg", "lb"),
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change.")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Apply the file's version of entries that differ.")
    ] = False,
    undo: Annotated[
        bool, typer.Option("--undo", help="Take back the last import (no FILE).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --undo: do not ask.")] = False,
    json_: JsonOption = False,
) -> None:
    """Import another app's export (Strong, Hevy, FitNotes) or a legday export.

    Each import is one batch: `legday import --undo` removes exactly the entries the last
    import added, after a line of counts (it asks on a terminal; --yes elsewhere). Rows
    the store already has but with other values (an edited CSV, another --unit) are
    counted; --replace applies them, in the same batch.
    """
    if undo:
        repair_commands.import_undo(file, replace=replace, dry_run=dry_run, yes=yes, json_=json_)
        return
    path = repair_commands.import_path(file, yes=yes)
    fmt = from_.lower()
    chosen_unit = None if unit is None else unit_named(unit)
    if unit is not None and chosen_unit is None:
        raise UsageError(f"--unit is kg or lb, not {unit!r}.")
    with render.import_progress(path, enabled=not json_) as progress:
        from legday import transfer

        ctx = _context()
        summary = transfer.import_file(
            ctx,
            path,
            fmt=fmt,
            unit=chosen_unit,
            dry_run=dry_run,
            replace=replace,
            progress=progress,
        )
    render.import_summary(summary, as_json=json_, home_unit=ctx.config.unit)
    if json_:
        return
    from legday.render.repair import import_differences

    # The options that read the file this way, so the suggested --replace command runs as is.
    options: list[str] = []
    if fmt != "auto":
        options += ["--from", fmt]
    if chosen_unit is not None:
        options += ["--unit", chosen_unit]
    import_differences(summary, path, options)


@command(
    short_help="Export everything as JSON or CSV.",
    examples=[
        "legday export > backup.json",
        "legday export --format csv --output legday.csv",
        "legday export -o backup.json --force",
    ],
)
def export(
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="csv or json.",
            autocompletion=_complete_choices("json", "csv"),
        ),
    ] = "json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Export everything as JSON (entries, rest weeks, and the ids of removed entries, so a
    merge never brings a deleted entry back) or as CSV (a plain table of entries for
    spreadsheets: rest weeks are left out, and a note on stderr says so)."""
    if output is None:
        quick.GRAMMARS["export"].run(quick.Parsed(format=format_))
        return
    from legday.userfile import user_path, write_user_file

    target = user_path(output, what="--output", example="-o out.json")
    parts = quick.export_parts(_context().store, format_)
    write_user_file(target, "".join(parts).encode("utf-8"), force=force)
    render.exported(target)


@command(
    short_help="Sync with your other machines (git).",
    examples=[
        "legday sync --init git@github.com:me/legday-data.git",
        "legday sync --init /mnt/usb/legday.git",
        "legday sync",
        "legday config set sync auto",
    ],
)
def sync(
    init: Annotated[
        str | None,
        typer.Option(
            "--init",
            metavar="REMOTE",
            help="Make the data dir a git repository syncing with REMOTE (a URL or a path; "
            "joins its history when it has one). E.g. legday sync --init ~/legday.git",
        ),
    ] = None,
    background: Annotated[bool, typer.Option("--background", hidden=True)] = False,
) -> None:
    """Sync with your other machines over git: commit this machine's log, fetch, merge, push.

    Set it up once per machine with `legday sync --init REMOTE` (the same REMOTE on each);
    `legday config set sync auto` syncs after every change, in the background.
    """
    from legday import autosync, gitsync
    from legday.render import sync_views

    ctx = _context()
    stamp = gitsync.background_stamp() if background else None
    try:
        if init is not None:
            result = gitsync.init(ctx.paths, ctx.store, init)
        else:
            result = gitsync.sync(ctx.paths, ctx.store, background=background)
    finally:
        autosync.forget()  # what this command wrote (a migration), it has just synced
    sync_views.synced(result, initialised=init is not None, stamp=stamp)


@command(short_help="Where legday keeps its files.", examples=["legday path", "legday path --json"])
def path(json_: JsonOption = False) -> None:
    """Where legday keeps its data and settings, and this machine's device name.

    Example: `legday path --json`.
    """
    quick.GRAMMARS["path"].run(quick.Parsed(json=json_))


@command(
    "show",
    group=config_app,
    short_help="All settings with their values.",
    examples=["legday config show", "legday config show --json"],
)
def config_show(json_: JsonOption = False) -> None:
    """All settings with their values; a bad value in config.toml is marked."""
    quick.CONFIG_GRAMMARS["show"].run(quick.Parsed(json=json_))


@command(
    "get",
    group=config_app,
    short_help="One setting's value.",
    examples=["legday config get goal", "legday config get unit"],
)
def config_get(
    key: Annotated[str, _setting_key(help="goal, week_start, unit, day_starts_at, ...")],
) -> None:
    """One setting's value."""
    quick.CONFIG_GRAMMARS["get"].run(quick.Parsed([key]))


@command(
    "set",
    group=config_app,
    context_settings=DASH_WORDS,
    short_help="Change a setting.",
    examples=[
        "legday config set goal 2",
        "legday config set unit lb",
        "legday config set week_start sunday",
        "legday config set day_starts_at 04:00",
        "legday config set increment 5",
        "legday config set sync auto",
    ],
)
def config_set(
    key: Annotated[
        str,
        _setting_key(
            help="goal, week_start, unit, day_starts_at, e1rm_formula, increment or sync."
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="The new value.", autocompletion=_complete_setting_value
        ),
    ],
) -> None:
    """Change a setting (validated; the file is left unchanged on a bad value). Reminders are
    set by hand in config.toml."""
    stored, still_bad = configure.set_value(_context(), key, value)
    render.setting_changed(key, stored, still_bad)


@command(
    "path",
    group=config_app,
    short_help="The config file's path.",
    examples=["legday config path", '"$EDITOR" "$(legday config path)"'],
)
def config_path() -> None:
    """The config file's path."""
    quick.CONFIG_GRAMMARS["path"].run(quick.Parsed())


# ---------------------------------------------------------------------------- the exit point


def _usage_error_line(exc: ClickUsageError) -> str:
    command = exc.ctx.command_path if exc.ctx is not None else "legday"
    if isinstance(exc, MissingParameter) and command == "legday log":
        return actions.LOG_NOTHING
    message = exc.format_message().rstrip(".")
    # click's "Did you mean 'log'?" already ends a sentence.
    end = "" if message.endswith(("?", "!")) else "."
    return f"{message}{end} See `{command} --help`."


def _completion_script(argv: list[str]) -> bool:
    """`--show-completion zsh` / `--install-completion fish`: Typer's options take no shell
    name (they detect the running one), so a named shell is answered here."""
    if len(argv) != 2 or argv[0] not in ("--show-completion", "--install-completion"):
        return False
    from legday import completion

    shell = argv[1].strip().lower()
    if shell not in completion.SHELLS:
        raise UsageError(
            f"legday completes in {', '.join(completion.SHELLS)}, not {argv[1]!r}; "
            f"e.g. `legday {argv[0]} zsh`."
        )
    if argv[0] == "--show-completion":
        print(completion.script(shell))
    else:
        from legday.render.shell import completion_installed

        completion_installed(shell, completion.install(shell))
    return True


def run(argv: list[str]) -> int:
    """Run the Typer app on `argv` and return the exit code (the single exit point)."""
    argv, debug = strip_debug(argv)
    return guarded(lambda: invoke(argv), debug=debug)


def invoke(argv: list[str]) -> int:
    """Run the Typer app on `argv` (without `--debug`): a usage error becomes a UsageError
    and an abort a KeyboardInterrupt, for the exit point (legday.exit) to report."""
    if _completion_script(argv):
        return 0
    try:
        result = app(args=argv, prog_name="legday", standalone_mode=False)
    except ClickUsageError as exc:
        raise UsageError(_usage_error_line(exc)) from exc
    except typer.Abort:
        raise KeyboardInterrupt from None
    except _PassedOnError as exc:
        raise exc.cause from None
    return result if isinstance(result, int) else 0


# Registers `doctor` and `restore` (kept in their own module; it imports this one's helpers).
from legday import repair_commands  # noqa: E402
