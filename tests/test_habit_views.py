"""The Rich views of streak, stats, calendar and the dashboard, read as a user reads them.

Reference history (goal 2 leg days a week, weeks starting Monday, today Wednesday 2025-03-12):
a 5-week run in November 2024 (the best streak), then from the week of 2024-12-23 on:
1, 0, 2, 2, 1, 0, 0, 3, rest, 2, 2 leg days and 1 so far this week. The current streak is
3 weeks (02-10, rest passed over, 02-24, 03-03); 24 leg days in all; the last was Monday.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from legday import habit
from legday.actions import CalendarView, DashboardView, DayLoad, StatsView, StreakView
from legday.errors import ExitCode, LegdayError
from legday.model import Entry, Set
from legday.render import habit_lines, habit_views
from legday.render.hints import next_step_hint

TODAY = date(2025, 3, 12)
RULES = habit.HabitRules(goal=2, week_start=0)
NOVEMBER_RUN = {
    date(2024, 11, 4) + timedelta(weeks=week, days=day) for week in range(5) for day in (0, 2)
}
LEG_DAYS = NOVEMBER_RUN | {
    date(2024, 12, 23),
    date(2025, 1, 6),
    date(2025, 1, 8),
    date(2025, 1, 14),
    date(2025, 1, 16),
    date(2025, 1, 21),
    date(2025, 2, 10),
    date(2025, 2, 12),
    date(2025, 2, 14),
    date(2025, 2, 24),
    date(2025, 2, 27),
    date(2025, 3, 4),
    date(2025, 3, 6),
    date(2025, 3, 10),
}
REST_DATES = {date(2025, 2, 18)}
VOLUME_KG = {
    date(2024, 12, 23): 1800.0,
    date(2025, 1, 6): 4200.0,
    date(2025, 1, 13): 3900.5,
    date(2025, 1, 20): 900.0,
    date(2025, 2, 10): 6125.0,
    date(2025, 2, 24): 4000.0,
    date(2025, 3, 3): 4410.0,
    date(2025, 3, 10): 1500.0,
}
ESC = "\x1b["

Printer = Callable[[], None]


def streak_view(
    leg_days: set[date] = LEG_DAYS, rest: set[date] = REST_DATES, today: date = TODAY
) -> StreakView:
    summary = habit.streak_summary(leg_days, rest, RULES, today)
    strip = habit.recent_weeks(12, leg_days, rest, RULES, today)
    return StreakView(summary, strip, next_step_hint(summary, RULES))


def stats_view(weeks: int = 12) -> StatsView:
    summary = habit.stats_summary(weeks, LEG_DAYS, REST_DATES, RULES, TODAY)
    return StatsView(summary, RULES.goal, "kg", VOLUME_KG, VOLUME_KG, {})


def calendar_view(year: int = 2025) -> CalendarView:
    days = {
        date(2025, 1, 6): DayLoad(sets=3, volume=900.0),  # lightest shade
        date(2025, 1, 8): DayLoad(sets=8, volume=2400.0),
        date(2025, 2, 10): DayLoad(sets=12, volume=3600.0),
        date(2025, 3, 10): DayLoad(sets=16, volume=4800.0),  # darkest shade
    }
    rest = frozenset({date(2025, 2, 17)})
    in_year = {day: load for day, load in days.items() if day.year == year}
    return CalendarView(year, TODAY, 0, "kg", in_year, rest, RULES.goal, min(LEG_DAYS))


def entry(exercise: str, sets: tuple[Set, ...], day: date = date(2025, 3, 10)) -> Entry:
    logged = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    return Entry(id="a" * 32, date=day, exercise=exercise, sets=sets, logged_at=logged)


SQUATS = tuple(Set(reps=8, weight=80.0, unit="kg", rpe=8.0) for _ in range(3))


def rich_streak(view: StreakView) -> None:
    habit_views.draw(lambda marks, width: habit_lines.streak_rows(view, marks, width))


def rich_stats(view: StatsView) -> None:
    habit_views.draw(lambda marks, width: habit_lines.stats_rows(view, marks, width))


def dashboard_view(view: StreakView | None = None) -> DashboardView:
    return DashboardView(view or streak_view(), entry("front squat", SQUATS), entries=31)


def all_views() -> dict[str, Printer]:
    return {
        "streak": lambda: rich_streak(streak_view()),
        "stats": lambda: rich_stats(stats_view()),
        "calendar": lambda: habit_views.calendar(calendar_view()),
        "past calendar": lambda: habit_views.calendar(calendar_view(2024)),
        "dashboard": lambda: habit_views.dashboard(dashboard_view()),
        "welcome": lambda: habit_views.dashboard(DashboardView(streak_view(set()), None, 0)),
    }


def shown(capsys: pytest.CaptureFixture[str], draw: Printer) -> str:
    draw()
    out = capsys.readouterr().out
    # Trailing blanks are invisible; leaving them out keeps the snapshots readable.
    return "\n".join(line.rstrip() for line in out.splitlines())


# ---------------------------------------------------------------------------- streak


STREAK_AT_80 = """\
Current streak  3 weeks
Best streak     5 weeks
This week       1 of 2 leg days, 5 days left
Last leg day    2025-03-10, 2 days ago
Total           24 leg days
Last 12 weeks   ..##...#~##o
                # met  . missed  ~ rest  o in progress

1 more leg day by Sunday keeps your 3-week streak."""


def test_streak_plain_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    # The strip runs from the oldest week to this one (still open).
    assert shown(capsys, lambda: rich_streak(streak_view())) == STREAK_AT_80


@pytest.mark.parametrize(
    ("leg_days", "rest", "today", "expected"),
    [
        pytest.param(
            LEG_DAYS | {date(2025, 3, 11)}, REST_DATES, TODAY, "2 of 2 leg days, goal met", id="met"
        ),
        pytest.param(
            LEG_DAYS, REST_DATES | {TODAY}, TODAY, "1 of 2 leg days, rest week", id="rest-week"
        ),
        pytest.param(LEG_DAYS, REST_DATES, date(2025, 3, 16), "last day today", id="sunday"),
    ],
)
def test_streak_names_the_state_of_this_week(
    capsys: pytest.CaptureFixture[str],
    leg_days: set[date],
    rest: set[date],
    today: date,
    expected: str,
) -> None:
    out = shown(capsys, lambda: rich_streak(streak_view(leg_days, rest, today)))
    assert expected in out


def test_streak_before_any_leg_day(capsys: pytest.CaptureFixture[str]) -> None:
    view = streak_view(set(), set())
    out = shown(capsys, lambda: rich_streak(view))
    assert "Last leg day    none yet" in out
    assert "Current streak  0 weeks" in out
    assert out.endswith("\n" + view.hint)


# A user who began two and a half weeks ago: 2 leg days in the week of 02-24, 1 in the week of
# 03-03 and 1 so far this week (goal 2). Nothing before 02-24 was missed: it had not started.
NEW_USER = {date(2025, 2, 24), date(2025, 2, 26), date(2025, 3, 4), date(2025, 3, 10)}
NEW_USER_VOLUME = {date(2025, 2, 24): 3000.0, date(2025, 3, 3): 1500.0, date(2025, 3, 10): 1200.0}


def test_streak_strip_leaves_weeks_before_the_first_leg_day_blank(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = shown(capsys, lambda: rich_streak(streak_view(NEW_USER, set())))
    assert "Last 12 weeks            #.o\n" in out


def test_streak_strip_of_someone_who_has_not_begun_shows_only_this_week(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = shown(capsys, lambda: rich_streak(streak_view(set(), set())))
    assert "Last 12 weeks              o\n" in out


# ---------------------------------------------------------------------------- stats


STATS_AT_80 = """\
12 weeks of leg days, goal 2 a week
# leg day  . short of goal  ~ rest week  | goal
2024-12-23  ####....|      1    1,800 kg
2024-12-30  ........|      0        0 kg
2025-01-06  ########|      2    4,200 kg
2025-01-13  ########|      2  3,900.5 kg
2025-01-20  ####....|      1      900 kg
2025-01-27  ........|      0        0 kg
2025-02-03  ........|      0        0 kg
2025-02-10  ########|####  3    6,125 kg
2025-02-17  ~~~~~~~~|      0        0 kg  rest
2025-02-24  ########|      2    4,000 kg
2025-03-03  ########|      2    4,410 kg
2025-03-10  ####....|      1    1,500 kg  this week

Average      1.3 leg days per week
Consistency  50% (5 of 10 weeks met)
Volume       2,236.3 kg per week (26,835.5 kg in 12 weeks)"""


def test_stats_plain_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    assert shown(capsys, lambda: rich_stats(stats_view())) == STATS_AT_80


def test_stats_with_no_week_to_judge(capsys: pytest.CaptureFixture[str]) -> None:
    # One week only, in progress and not met: nothing can be averaged yet.
    out = shown(capsys, lambda: rich_stats(stats_view(weeks=1)))
    assert "no finished week to judge yet" in out
    assert "0.0 leg days per week" in out


STATS_OF_A_NEW_USER = """\
12 weeks of leg days, goal 2 a week
# leg day  . short of goal  ~ rest week  | goal
2024-12-23
2024-12-30
2025-01-06
2025-01-13
2025-01-20
2025-01-27
2025-02-03
2025-02-10
2025-02-17
2025-02-24  ########|  2  3,000 kg
2025-03-03  ####....|  1  1,500 kg
2025-03-10  ####....|  1  1,200 kg  this week

Average      1.5 leg days per week
Consistency  50% (1 of 2 weeks met)
Volume       1,900 kg per week (5,700 kg in 3 weeks)"""


def test_stats_of_a_new_user_judge_only_the_weeks_since_the_first_leg_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Blank rows before 02-24; average, consistency and volume over the weeks since then.
    summary = habit.stats_summary(12, NEW_USER, set(), RULES, TODAY)
    view = StatsView(summary, RULES.goal, "kg", NEW_USER_VOLUME, NEW_USER_VOLUME, {})
    assert shown(capsys, lambda: rich_stats(view)) == STATS_OF_A_NEW_USER


# ---------------------------------------------------------------------------- save


@pytest.mark.parametrize("suffix", [".svg", ".html", ".HTML"])
def test_save_writes_a_shareable_file_with_the_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"stats{suffix}"
    habit_views.save_stats(stats_view(), path)
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout may be carrying a --json document
    assert str(path) in captured.err
    document = path.read_text(encoding="utf-8")
    if suffix == ".svg":
        assert document.startswith("<svg")
        # SVG text turns spaces into non-breaking ones.
        document = document.replace("&#160;", " ")
    else:
        assert document.lstrip().lower().startswith("<!doctype html")
    for number in ("1.3 leg days", "50%", "5 of 10", "2,236.3", "6,125", "2025-02-10"):
        assert number in document


def test_save_to_a_missing_folder_is_refused_as_bad_input(tmp_path: Path) -> None:
    # As `export --output`: a folder that is not there is the user's to fix (exit 2).
    with pytest.raises(LegdayError) as caught:
        habit_views.save_stats(stats_view(), tmp_path / "nowhere" / "stats.svg")
    assert caught.value.exit_code == ExitCode.USAGE
    assert "nowhere" in caught.value.message


# ---------------------------------------------------------------------------- calendar


def calendar_rows(out: str) -> dict[str, str]:
    return {line[:3]: line for line in out.splitlines() if line[:3] in {"Mon", "Wed", "Thu"}}


def test_calendar_has_month_labels_rest_weeks_and_today(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = shown(capsys, lambda: habit_views.calendar(calendar_view()))
    lines = out.splitlines()
    labels = next(line for line in lines if "Jan" in line)
    assert labels.split() == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    ]  # fmt: skip
    rows = calendar_rows(out)
    # One column per week from the week of 2024-12-30: 02-17 is column 7, today's column 10.
    rest_column, today_column = 4 + 7, 4 + 10
    assert rows["Mon"][rest_column] == rows["Thu"][rest_column] == "~"
    assert labels.index("Feb") <= rest_column < labels.index("Mar")
    caret = next(line for line in lines if line.strip() == "^ today")
    assert caret.index("^") == today_column
    assert rows["Mon"][today_column] == "#"  # 16 working sets on Monday 03-10
    assert rows["Wed"][today_column] == "."  # today, nothing logged yet
    assert rows["Thu"][today_column:].strip() == ""  # days still to come stay blank
    assert "~ rest week" in out
    assert "^ today" in out


def test_calendar_shades_by_working_sets(capsys: pytest.CaptureFixture[str]) -> None:
    out = shown(capsys, lambda: habit_views.calendar(calendar_view()))
    rows = calendar_rows(out)
    # Monday 01-06: 3 sets; Wednesday 01-08: 8 sets; Monday 02-10: 12 sets (columns 1 and 6).
    assert rows["Mon"][4 + 1] == "-"
    assert rows["Wed"][4 + 1] == "="
    assert rows["Mon"][4 + 6] == "*"
    for key in ("- 1-5", "= 6-10", "* 11-15", "# 16+", ". no leg day"):
        assert key in out
    assert out.splitlines()[0] == "2025: 4 leg days, 39 working sets, 11,700 kg, 1 rest week"


def test_calendar_leaves_the_days_before_the_first_leg_day_blank(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # First leg day Wednesday 02-12: its week (from Monday 02-10, column 6) on shows dots.
    days = {date(2025, 2, 12): DayLoad(sets=12, volume=3600.0)}
    view = CalendarView(2025, TODAY, 0, "kg", days, frozenset(), 2, date(2025, 2, 10))
    rows = calendar_rows(shown(capsys, lambda: habit_views.calendar(view)))
    assert rows["Mon"][4 : 4 + 6].strip() == ""
    assert rows["Mon"][4 + 6 :] == "....."  # Mondays 02-10 to 03-10, none a leg day
    assert rows["Wed"][4 + 6] == "*"


def test_calendar_of_a_past_year_marks_no_today(capsys: pytest.CaptureFixture[str]) -> None:
    out = shown(capsys, lambda: habit_views.calendar(calendar_view(2024)))
    assert "^ today" in out  # the legend still explains the mark
    assert not any(line.strip() == "^ today" for line in out.splitlines())
    assert "Dec" in out
    assert "2024: 0 leg days" in out


def test_narrow_calendar_splits_the_year_in_halves(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = shown(capsys, lambda: habit_views.calendar(calendar_view(2024)))
    labels = [line.split() for line in out.splitlines() if line.lstrip().startswith(("Jan", "Jul"))]
    assert labels == [
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun"],
        ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ]
    assert sum(1 for line in out.splitlines() if line.startswith("Mon")) == 2


def test_narrow_calendar_leaves_out_months_still_to_come(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = shown(capsys, lambda: habit_views.calendar(calendar_view()))
    assert "Jan" in out
    assert "Jul" not in out  # today is in March: the second half would be empty


def test_wide_calendar_spaces_its_cells(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out = shown(capsys, lambda: habit_views.calendar(calendar_view()))
    assert calendar_rows(out)["Mon"].startswith("Mon   - . . . . * ~ . . #")


# ---------------------------------------------------------------------------- dashboard


def test_dashboard_on_an_empty_store_welcomes(capsys: pytest.CaptureFixture[str]) -> None:
    out = shown(capsys, all_views()["welcome"])
    assert out.startswith("Welcome to legday")
    assert "\n  legday log squat 5x5@100kg\n" in out
    assert "Streak" not in out


def test_dashboard_shows_week_streak_last_session_and_next_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = shown(capsys, lambda: habit_views.dashboard(dashboard_view()))
    assert "1 of 2 leg days, 5 days left" in out
    assert "3 weeks (best 5 weeks)" in out
    assert "front squat 3×8 @ 80 kg, RPE 8, 2025-03-10 (2 days ago)" in out
    assert "1 more leg day by Sunday keeps your 3-week streak." in out
    # The open week suggests logging the last session again, ready to paste.
    assert "  legday log front squat 3x8@80kg rpe8" in out


@pytest.mark.parametrize(
    ("leg_days", "rest", "command"),
    [
        pytest.param(LEG_DAYS | {date(2025, 3, 11)}, REST_DATES, "legday stats", id="met"),
        pytest.param(LEG_DAYS, REST_DATES | {TODAY}, "legday calendar", id="rest-week"),
    ],
)
def test_dashboard_suggests_a_view_when_the_week_needs_nothing(
    capsys: pytest.CaptureFixture[str], leg_days: set[date], rest: set[date], command: str
) -> None:
    out = shown(capsys, lambda: habit_views.dashboard(dashboard_view(streak_view(leg_days, rest))))
    assert out.splitlines()[-1] == f"  {command}"


def test_dashboard_quotes_names_a_shell_would_misread(
    capsys: pytest.CaptureFixture[str],
) -> None:
    odd = DashboardView(streak_view(), entry("squat (barbell)", SQUATS[:1]), entries=1)
    out = shown(capsys, lambda: habit_views.dashboard(odd))
    assert "legday log squat '(barbell)' 1x8@80kg rpe8" in out


# ---------------------------------------------------------------------------- terminals


@pytest.mark.parametrize("name", list(all_views()))
@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="not-a-tty"),
        pytest.param({"FORCE_COLOR": "1", "NO_COLOR": "1"}, id="no-color"),
        pytest.param({"FORCE_COLOR": "1", "TERM": "dumb"}, id="term-dumb"),
    ],
)
def test_no_escapes_or_blocks_without_colour(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    env: dict[str, str],
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = shown(capsys, all_views()[name])
    assert ESC not in out
    assert not re.search("[█░▒▓▄│·]", out)


@pytest.mark.parametrize("name", list(all_views()))
def test_force_color_draws_colour(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = shown(capsys, all_views()[name])
    assert ESC in out


def test_force_color_draws_blocks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    streak = shown(capsys, lambda: rich_streak(streak_view()))
    stats = shown(capsys, lambda: rich_stats(stats_view()))
    assert "█" in streak
    assert "│" in stats


@pytest.mark.parametrize("name", list(all_views()))
@pytest.mark.parametrize("width", [40, 47, 59, 60, 80, 119])
def test_every_view_fits_the_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = shown(capsys, all_views()[name])
    assert out.strip()
    too_long = [line for line in out.splitlines() if cell_len(line) > width]
    assert too_long == []


@pytest.mark.parametrize("width", [40, 43])
def test_narrow_views_keep_their_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    streak = " ".join(shown(capsys, lambda: rich_streak(streak_view())).split())
    stats = shown(capsys, lambda: rich_stats(stats_view()))
    calendar = shown(capsys, lambda: habit_views.calendar(calendar_view()))
    for text in ("3 weeks", "5 weeks", "2 days ago", "24 leg days", "5 days left"):
        assert text in streak
    # Each number stays on one line with its unit, not wrapped away from it.
    for text in ("1.3 leg days", "50% (5 of 10 weeks met)", "2,236.3 kg", "(26,835.5 kg in"):
        assert text in stats
    assert "Feb 10" in stats
    assert "11,700 kg" in calendar


# ---------------------------------------------------------------------------- into a pipe
# `streak` and `stats` into a pipe: legday writes the plain lines itself (no Rich), and they
# must be exactly what Rich draws, at every width a user may have.

Build = Callable[[habit_lines.Marks, int], list[habit_lines.Row]]


def _new_user_stats() -> StatsView:
    summary = habit.stats_summary(12, NEW_USER, set(), RULES, TODAY)
    return StatsView(summary, RULES.goal, "kg", NEW_USER_VOLUME, NEW_USER_VOLUME, {})


def _streak(view: StreakView) -> tuple[Build, Callable[[], None]]:
    return (
        lambda marks, width: habit_lines.streak_rows(view, marks, width),
        lambda: rich_streak(view),
    )


def _stats(view: StatsView) -> tuple[Build, Callable[[], None]]:
    return (
        lambda marks, width: habit_lines.stats_rows(view, marks, width),
        lambda: rich_stats(view),
    )


VIEWS = {
    "streak": lambda: _streak(streak_view()),
    "streak, new user": lambda: _streak(streak_view(NEW_USER, set())),
    "streak, nothing yet": lambda: _streak(streak_view(set(), set())),
    "streak, rest week": lambda: _streak(streak_view(LEG_DAYS, REST_DATES | {TODAY}, TODAY)),
    "streak, sunday": lambda: _streak(streak_view(LEG_DAYS, REST_DATES, date(2025, 3, 16))),
    "stats": lambda: _stats(stats_view()),
    "stats, one week": lambda: _stats(stats_view(weeks=1)),
    "stats, 52 weeks": lambda: _stats(stats_view(weeks=52)),
    "stats, new user": lambda: _stats(_new_user_stats()),
}


def _drawn(capsys: pytest.CaptureFixture[str], draw: Callable[[], object]) -> tuple[object, str]:
    result = draw()
    return result, capsys.readouterr().out


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_legdays_own_lines_are_what_rich_draws_at_every_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, colour: bool
) -> None:
    if colour:  # a colour terminal, as FORCE_COLOR makes one of the captured stdout
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
        monkeypatch.delenv("NO_COLOR", raising=False)
    build, rich_draw = VIEWS[name]()
    written = set()
    for width in range(20, 141):
        monkeypatch.setenv("COLUMNS", str(width))
        wrote, plain = _drawn(capsys, lambda: habit_lines.write_without_rich(build))
        _, drawn = _drawn(capsys, rich_draw)
        if wrote:
            written.add(width)
            assert plain == drawn, f"width {width}"
        else:
            assert plain == ""  # left to Rich: nothing written first
    # Where the lines fit (a usual terminal's width), the plain lines are the ones written.
    assert {80, 100, 140} <= written


def test_a_line_rich_would_wrap_is_left_to_rich(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")  # the hint does not fit in 20 columns
    build, _ = _streak(streak_view())
    assert habit_lines.write_without_rich(build) is False
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("variable", ["FORCE_COLOR", "TTY_COMPATIBLE"])
def test_anything_that_may_make_rich_see_a_terminal_leaves_the_drawing_to_it(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "1")
    assert habit_lines.plain_width(io.StringIO()) is None


def test_a_terminal_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert habit_lines.plain_width(Terminal()) is None


@pytest.mark.parametrize(("columns", "width"), [("57", 57), ("0", None)])
def test_the_width_is_columns_as_rich_reads_it(
    monkeypatch: pytest.MonkeyPatch, columns: str, width: int | None
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert habit_lines.plain_width(io.StringIO()) == width


def test_without_columns_the_width_is_a_standard_stream_terminal_or_80(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "__stdin__", None)
    monkeypatch.setattr(sys, "__stdout__", None)
    monkeypatch.setattr(sys, "__stderr__", None)
    assert habit_lines.plain_width(io.StringIO()) == 80
