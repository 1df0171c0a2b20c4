"""Reminders: faithful to the two articles, short, sourced, and rotated one per date."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legday.render.remind import REMINDERS, Reminder, reminder_for, reminder_line, status_line

# What supports each reminder, recorded from the seed articles; the corpus suite
# (tests/corpus/test_seed_articles.py) checks the passages against the article texts.
SOURCES_FILE = Path(__file__).parent / "fixtures" / "reminder_sources.toml"
RECORDS = tomllib.loads(SOURCES_FILE.read_text(encoding="utf-8"))["reminder"]
SUPPORT = {record["text"]: record["support"] for record in RECORDS}
BLOG_TITLE = "The surprising health benefits of 'leg day'"
NEWS_TITLE = "Leg exercise health benefits"

# Words that only come up when a reminder reports something the study found; the study was done
# in mice (and cells from them), so any reminder using one of these must say so.
STUDY_FINDING_WORDS = (
    "signals",
    "neural cells",
    "nerve cells",
    "neural stem",
    "neurons",
    "oligodendrocytes",
    "oxygen",
    "anaerobic",
    "mitochondria",
    "astronauts",
    "neurological",
)

# What the articles report that the reminders must cover, as words each point cannot do without.
POINTS_TO_COVER = {
    "leg use signals the brain to make healthy neural cells": ("signals", "neural cells"),
    "less exercise, fewer new nerve cells": ("less exercise", "new nerve cells"),
    "fewer neural stem cells in mice": ("neural stem cells",),
    "neurons and oligodendrocytes did not mature": ("neurons", "oligodendrocytes", "mature"),
    "less oxygen, anaerobic metabolism": ("oxygen", "anaerobic", "metabolism"),
    "genes for mitochondrial health": ("genes", "mitochondria"),
    "bed-bound patients and astronauts": ("bed-bound", "astronauts", "more than muscle"),
    "walk, run, crouch to sit, lift": ("walk, run, crouch to sit", "lift"),
    "squats and deadlifts work almost every muscle": ("squats and deadlifts", "every muscle"),
    "metabolism boost": ("boost",),
    "functional strength": ("functional strength",),
}

BUILT_INS = len(REMINDERS)
# 15 built-ins, then pools of 16 and of 21 (a multiple of 7, the awkward case for weekly crons).
ONE_CUSTOM = ("Your knees will thank you.",)
SIX_CUSTOM = tuple(f"Custom reminder number {n}" for n in range(6))
POOLS = [(), ONE_CUSTOM, SIX_CUSTOM]
POOL_IDS = ["built-ins", "plus one custom", "pool multiple of 7"]

# 400 days from here cross two new years and 2024-02-29.
START = date(2023, 12, 1)


def days_from(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def pool_size(custom: tuple[str, ...]) -> int:
    return BUILT_INS + len(custom)


# --- the reminders themselves -------------------------------------------------------------


def test_there_are_at_least_twelve() -> None:
    assert len(REMINDERS) >= 12


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_each_fits_a_cron_mail_line_and_has_a_source(reminder: Reminder) -> None:
    assert 0 < len(reminder.text) <= 160
    assert "\n" not in reminder.text
    assert reminder.text.isascii()
    assert reminder.source.strip()


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_the_printed_line_with_its_short_source_fits_160(reminder: Reminder) -> None:
    line = reminder_line(reminder.text, reminder.short_source)
    assert line == f"{reminder.text} ({reminder.short_source})"
    assert len(line) <= 160


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_the_short_source_names_what_the_full_one_does(reminder: Reminder) -> None:
    on_study = "Adami et al. 2018" in reminder.source
    assert ("Adami et al. 2018" in reminder.short_source) == on_study
    outlet = "blog" if BLOG_TITLE in reminder.source else "article"
    assert reminder.short_source.endswith(outlet)
    assert len(reminder.short_source) < len(reminder.source)


def test_the_authors_hedge_on_people_is_kept() -> None:
    # The study was in mice; what it means for bed-bound people and astronauts is the
    # author's reading ("our study supports the notion that ..."), not a finding.
    [about_people] = [r for r in REMINDERS if "astronauts" in r.text]
    assert '"supports the notion"' in about_people.text
    assert "mice" in about_people.text


def test_neurons_are_not_called_support_cells() -> None:
    # The article's "supportive and insulating" cells are the oligodendrocytes; neurons are the
    # nerve cells themselves.
    for reminder in REMINDERS:
        text = reminder.text.lower()
        if "neurons" in text:
            assert "support" not in text
            assert "insulat" not in text


def test_no_two_are_alike() -> None:
    texts = [" ".join(r.text.lower().split()) for r in REMINDERS]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_each_source_names_one_article_a_person_can_find(reminder: Reminder) -> None:
    named = [title for title in (BLOG_TITLE, NEWS_TITLE) if title in reminder.source]
    assert len(named) == 1


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_a_finding_from_the_study_says_it_was_in_mice(reminder: Reminder) -> None:
    text = reminder.text.lower()
    if any(word in text for word in STUDY_FINDING_WORDS):
        assert "mice" in text
        assert "Adami et al. 2018" in reminder.source


def test_findings_in_mice_are_most_of_the_study_reminders() -> None:
    in_mice = [r for r in REMINDERS if "mice" in r.text]
    assert len(in_mice) >= 8


def test_every_point_the_articles_make_is_covered() -> None:
    texts = [r.text.lower() for r in REMINDERS]
    missing = [
        point
        for point, words in POINTS_TO_COVER.items()
        if not any(all(word in text for word in words) for text in texts)
    ]
    assert missing == []


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_each_has_its_recorded_supporting_passage(reminder: Reminder) -> None:
    support = SUPPORT.get(reminder.text)
    assert support, f"no record in {SOURCES_FILE.name} for this reminder: add what supports it"
    titles = {"blog": BLOG_TITLE, "article": NEWS_TITLE}
    # The first passage is the main one: from the article the reminder's source names.
    assert titles[support[0]["article"]] in reminder.source
    for passage in support:
        assert passage["article"] in titles
        assert isinstance(passage["paragraph"], int) and passage["paragraph"] >= 1
        assert len(passage["quote"].split()) >= 4


def test_every_record_is_of_a_reminder_in_order() -> None:
    assert [record["text"] for record in RECORDS] == [r.text for r in REMINDERS]


@pytest.mark.parametrize("reminder", REMINDERS, ids=lambda r: r.text[:30])
def test_what_a_reminder_quotes_or_says_of_mice_is_in_a_recorded_passage(
    reminder: Reminder,
) -> None:
    passages = [passage["quote"] for passage in SUPPORT.get(reminder.text, [])]
    for quote in re.findall(r'"([^"]+)"', reminder.text):
        assert any(quote in passage for passage in passages)
    if "mice" in reminder.text:
        assert any("mice" in passage for passage in passages)


# --- the rotation -------------------------------------------------------------------------


@pytest.mark.parametrize("custom", POOLS, ids=POOL_IDS)
def test_the_same_date_gives_the_same_reminder(custom: tuple[str, ...]) -> None:
    for day in days_from(START, 60):
        same_day = date(day.year, day.month, day.day)
        assert reminder_for(day, custom) == reminder_for(same_day, list(custom))


def test_the_choice_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "from datetime import date, timedelta\n"
        "from legday.render.remind import reminder_for\n"
        "start = date(2024, 1, 1)\n"
        "print([reminder_for(start + timedelta(n), ['mine']).text for n in range(30)])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("custom", POOLS, ids=POOL_IDS)
def test_neighbouring_dates_differ_across_new_year_and_leap_day(custom: tuple[str, ...]) -> None:
    days = days_from(START, 400)
    assert date(2024, 2, 29) in days
    assert date(2025, 1, 1) in days
    shown = [reminder_for(day, custom) for day in days]
    for yesterday, today in pairwise(shown):
        assert yesterday != today


@pytest.mark.parametrize("custom", POOLS, ids=POOL_IDS)
def test_any_two_weeks_show_at_least_seven_reminders(custom: tuple[str, ...]) -> None:
    shown = [reminder_for(day, custom) for day in days_from(START, 400)]
    for first in range(len(shown) - 13):
        assert len(set(shown[first : first + 14])) >= 7


@pytest.mark.parametrize("custom", POOLS, ids=POOL_IDS)
def test_every_reminder_comes_round_within_six_weeks(custom: tuple[str, ...]) -> None:
    shown = [reminder_for(day, custom) for day in days_from(START, 400)]
    for first in range(len(shown) - 41):
        assert len(set(shown[first : first + 42])) == pool_size(custom)


@pytest.mark.parametrize("custom", POOLS, ids=POOL_IDS)
def test_a_weekly_cron_still_sees_every_reminder(custom: tuple[str, ...]) -> None:
    mondays = [date(2024, 1, 1) + timedelta(weeks=n) for n in range(2 * pool_size(custom))]
    assert len({reminder_for(day, custom) for day in mondays}) == pool_size(custom)


def test_a_custom_reminder_prints_as_written() -> None:
    [mine] = [
        r
        for r in (reminder_for(day, ["Legs first."]) for day in days_from(START, 16))
        if r.source == "you"
    ][:1]
    assert mine.short_source == ""
    assert reminder_line(mine.text, mine.short_source) == "Legs first."


def test_custom_reminders_join_the_rotation_with_source_you() -> None:
    custom = ["Legs first, excuses later.", "Squat before scrolling."]
    shown = {reminder_for(day, custom) for day in days_from(START, 42)}
    assert Reminder("Legs first, excuses later.", "you") in shown
    assert Reminder("Squat before scrolling.", "you") in shown
    assert set(REMINDERS) <= shown


def test_blank_and_repeated_custom_reminders_are_ignored() -> None:
    custom = ["", "   ", "Squat  before\nscrolling.", "Squat before scrolling.", REMINDERS[0].text]
    shown = [reminder_for(day, custom) for day in days_from(START, 60)]
    mine = {r for r in shown if r.source == "you"}
    assert mine == {Reminder("Squat before scrolling.", "you")}
    assert len(set(shown)) == BUILT_INS + 1


@given(
    day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 30)),
    custom=st.lists(st.text(max_size=20), max_size=30),
)
def test_neighbouring_dates_always_differ(day: date, custom: list[str]) -> None:
    assert reminder_for(day, custom) != reminder_for(day + timedelta(days=1), custom)


def test_importing_reminders_pulls_in_nothing_heavy() -> None:
    code = "import sys, legday.render.remind; print(' '.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    for heavy in ("typer", "rich", "pydantic", "click", "platformdirs"):
        assert heavy not in loaded


# --- the status line ----------------------------------------------------------------------

SUNDAY = date(2024, 6, 9)
SATURDAY = date(2024, 6, 8)


def test_calm_line_says_what_is_left_and_by_which_day() -> None:
    line = status_line(needed=1, days_left=5, week_end=SUNDAY, streak_weeks=0)
    assert "1 leg day " in line
    assert "5 days left" in line
    assert "Sunday" in line


def test_weekday_follows_the_week_end() -> None:
    assert "Saturday" in status_line(needed=1, days_left=4, week_end=SATURDAY, streak_weeks=2)


def test_plural_leg_days() -> None:
    line = status_line(needed=2, days_left=5, week_end=SUNDAY, streak_weeks=0)
    assert "2 leg days " in line


def test_singular_day_left() -> None:
    line = status_line(needed=2, days_left=1, week_end=SUNDAY, streak_weeks=0)
    assert "1 day left" in line
    assert "1 days" not in line


def test_a_streak_is_not_mentioned_while_there_is_time() -> None:
    line = status_line(needed=1, days_left=3, week_end=SUNDAY, streak_weeks=4)
    assert "streak" not in line


def test_last_day_with_a_streak_at_stake_raises_the_tone() -> None:
    urgent = status_line(needed=1, days_left=1, week_end=SUNDAY, streak_weeks=4)
    calm = status_line(needed=1, days_left=1, week_end=SUNDAY, streak_weeks=0)
    assert urgent.startswith("Last day")
    assert "4-week streak" in urgent
    assert "today" in urgent
    assert "streak" not in calm
    assert "last day" in calm.lower()


def test_two_days_left_with_a_streak_at_stake_names_the_streak() -> None:
    line = status_line(needed=1, days_left=2, week_end=SUNDAY, streak_weeks=1)
    assert "1-week streak" in line
    assert "Sunday" in line


def test_every_remaining_day_needed_says_so() -> None:
    at_stake = status_line(needed=2, days_left=2, week_end=SUNDAY, streak_weeks=3)
    calm = status_line(needed=3, days_left=3, week_end=SUNDAY, streak_weeks=0)
    assert "today and tomorrow" in at_stake
    assert "each day" in calm


def test_a_week_that_can_no_longer_be_met_is_said_kindly() -> None:
    line = status_line(needed=3, days_left=2, week_end=SUNDAY, streak_weeks=0)
    assert "out of reach" in line
    assert "3 leg days" in line
    assert "2 days left" in line
    assert "!" not in line


def test_an_unreachable_week_with_a_streak_points_to_a_rest_week() -> None:
    line = status_line(needed=2, days_left=1, week_end=SUNDAY, streak_weeks=6)
    assert "out of reach" in line
    assert "legday skip" in line


def test_a_met_goal_says_so() -> None:
    assert "met" in status_line(needed=0, days_left=3, week_end=SUNDAY, streak_weeks=5)


@given(
    needed=st.integers(min_value=0, max_value=7),
    days_left=st.integers(min_value=1, max_value=7),
    week_end=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    streak_weeks=st.integers(min_value=0, max_value=5000),
)
def test_status_line_is_one_short_grammatical_line(
    needed: int, days_left: int, week_end: date, streak_weeks: int
) -> None:
    line = status_line(needed, days_left, week_end, streak_weeks)
    assert 0 < len(line) <= 100
    assert "\n" not in line
    assert "1 leg days" not in line
    assert " 1 days" not in line
    assert not re.search(r"\b([02-9]|\d\d+) leg day\b(?!s)", line)
