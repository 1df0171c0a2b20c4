"""What `legday remind` says: the status line, and the reminders drawn from two articles about
one study, each with a source a person can check, with the rule that picks one per date.

The study is Adami et al., "Reduction of Movement in Neurological Diseases: Effects on Neural Stem
Cells Characteristics", Frontiers in Neuroscience 12:336 (2018). It was done in hindlimb-unloaded
mice and neural stem cells taken from them, so every finding from it says "in mice".

This module sits on the cron fast path: at run time it imports nothing but legday's light `Value`,
`legday.render` (kept light for this) and `safe_text`.
"""

from __future__ import annotations

import sys

from legday.render import day_name, plural
from legday.safe_text import safe_text
from legday.value import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date
    from typing import Any


class Reminder(Value):
    """One reminder, where a reader can check it (`source`: "you" for the user's own) and the
    short form of that source the printed line carries (`short_source`; empty for the user's
    own, whose line is just their words)."""

    __slots__ = ("text", "source", "short_source")

    def __init__(self, text: str, source: str, short_source: str = "") -> None:
        self.text = text
        self.source = source
        self.short_source = short_source


def reminder_line(text: str, short_source: str) -> str:
    """What `legday remind` prints: the text, then the short source in parentheses (none for
    the user's own reminders)."""
    return f"{text} ({short_source})" if short_source else text


CUSTOM_SOURCE = "you"
# The seed files give a title for the blog post but neither outlet nor URL for either article;
# the news article has no headline, so it is named by the words it opens with.
_BLOG = "Blog post \"The surprising health benefits of 'leg day'\""
_NEWS = 'Article "Leg exercise health benefits"'
_STUDY = "Adami et al. 2018, Front. Neurosci. 12:336"
# Each source with its short form, for the printed line (the README's table names both
# articles in full).
_BLOG_ON_STUDY = (f"{_BLOG}, on {_STUDY}", "Adami et al. 2018, via blog")
_NEWS_ON_STUDY = (f"{_NEWS}, on {_STUDY}", "Adami et al. 2018, via article")
_NEWS_ALONE = (_NEWS, "news article")

# Plain ASCII on purpose: cron mails often arrive without a charset.
REMINDERS: tuple[Reminder, ...] = (
    Reminder(
        "Weight-bearing leg work sends signals the brain needs to make healthy neural cells, "
        "a study in mice suggests.",
        *_BLOG_ON_STUDY,
    ),
    Reminder(
        "Nerve health depends on signals from your big leg muscles to the brain as much as on "
        "orders sent down, says a study in mice.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        "In mice, less exercise made new nerve cells harder to produce - and new nerve cells help "
        "us cope with stress and challenges.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        "When mice were made to move less, the number of their neural stem cells fell "
        "significantly.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        # Neurons are the nerve cells themselves: only the oligodendrocytes support them.
        "In mice, when exercise was cut severely, specialised cells such as neurons and "
        "oligodendrocytes did not mature properly.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        "In mice, cutting back on exercise lowered oxygen in the body, creating an anaerobic "
        "environment that altered metabolism.",
        *_BLOG_ON_STUDY,
    ),
    Reminder(
        "Moving less affected genes behind healthy mitochondria in mice - the cell parts that "
        "help release energy for the body to use.",
        *_BLOG_ON_STUDY,
    ),
    Reminder(
        # The author's hedge stays: the study was in mice, the human outcome is her reading.
        'The study in mice "supports the notion" that bed-bound people and astronauts lose more '
        "than muscle: their nerves suffer too.",
        *_BLOG_ON_STUDY,
    ),
    Reminder(
        'Study author Raffaella Adami: "we are meant to be active: to walk, run, crouch to sit, '
        'and use our leg muscles to lift things."',
        *_BLOG_ON_STUDY,
    ),
    Reminder(
        "The study in mice gives doctors clues to why some patients with MS or spinal muscular "
        "atrophy decline once movement is limited.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        "The researchers say the results shed light on what a sedentary lifestyle does to "
        "health: one more reason to plan your leg day.",
        *_NEWS_ON_STUDY,
    ),
    Reminder(
        "Squats and deadlifts engage almost every muscle in your body, chest, abs and arms "
        "included. Leg day trains far more than legs.",
        *_NEWS_ALONE,
    ),
    Reminder(
        "Moving your largest muscles takes a lot of energy, and squats and deadlifts give your "
        "metabolism a great boost.",
        *_NEWS_ALONE,
    ),
    Reminder(
        "Leg training builds functional strength: it can make you faster and makes everyday "
        "tasks easier, even if you are not into sports.",
        *_NEWS_ALONE,
    ),
    Reminder(
        "Deadlifts, squats and lunges test the mind as well as the body: they take a great deal "
        "of mental endurance.",
        *_NEWS_ALONE,
    ),
)


def reminder_for(day: date, custom: Sequence[str] = ()) -> Reminder:
    """The reminder for `day`: the same date always gives the same one, neighbouring dates never
    do, and each reminder in the pool (built-ins, then the user's own) comes round within as many
    days as the pool has reminders (up to twice that when the pool is a multiple of 7)."""
    pool = REMINDERS + _custom_reminders(custom)
    return pool[_rotation_index(day.toordinal(), len(pool))]


def _custom_reminders(custom: Sequence[str]) -> tuple[Reminder, ...]:
    # Whitespace is collapsed so a reminder stays one line; blanks and repeats are dropped so two
    # neighbouring dates can never show the same words.
    seen = {reminder.text for reminder in REMINDERS}
    kept: list[Reminder] = []
    for raw in custom:
        text = " ".join(raw.split())
        if text and text not in seen:
            seen.add(text)
            kept.append(Reminder(text, CUSTOM_SOURCE))
    return tuple(kept)


def _rotation_index(ordinal: int, size: int) -> int:
    if size % 7:
        return ordinal % size
    # With a pool that is a multiple of 7, `ordinal % size` would give each weekday the same
    # size/7 reminders forever (a weekly cron would never see the rest); moving the order on by
    # one each cycle lets every weekday meet every reminder, and neighbours still differ.
    cycle, position = divmod(ordinal, size)
    return (position + cycle) % size


def status_line(needed: int, days_left: int, week_end: date, streak_weeks: int) -> str:
    """The first line of `legday remind`: leg days still needed and days left this week.

    `days_left` counts today; `week_end` is the last day of the week. The tone rises in the last
    two days when a streak is at stake, and turns gentle once the goal can no longer be met."""
    if needed <= 0:
        return _goal_met(streak_weeks)
    if needed > days_left:
        return _out_of_reach(needed, days_left, streak_weeks)
    if days_left <= 2 and streak_weeks >= 1:
        return _streak_at_stake(needed, days_left, day_name(week_end), streak_weeks)
    return _on_track(needed, days_left, day_name(week_end))


def _goal_met(streak_weeks: int) -> str:
    if streak_weeks >= 2:
        return f"Leg-day goal met this week: {streak_weeks} weeks in a row."
    return "Leg-day goal met this week."


def _out_of_reach(needed: int, days_left: int, streak_weeks: int) -> str:
    counts = f"{plural(needed, 'leg day')} to go, {plural(days_left, 'day')} left"
    if streak_weeks >= 1:
        # A rest week neither counts nor breaks a streak: worth knowing, not worth nagging.
        return f"Goal out of reach: {counts}. Resting? `legday skip` keeps your streak."
    return f"Goal out of reach this week: {counts}. Next week is a fresh start."


def _streak_at_stake(needed: int, days_left: int, weekday: str, streak_weeks: int) -> str:
    streak = f"your {streak_weeks}-week streak"
    if days_left == 1:
        return f"Last day to keep {streak}: {plural(needed, 'leg day')} still to do today."
    when = "today and tomorrow" if needed == days_left else f"by {weekday}"
    return f"Only 2 days left to keep {streak}: {plural(needed, 'leg day')} still to do {when}."


def _on_track(needed: int, days_left: int, weekday: str) -> str:
    to_go = f"{plural(needed, 'leg day')} to go this week"
    if days_left == 1:
        return f"{to_go}, and today ({weekday}) is the last day."
    line = f"{to_go}, {plural(days_left, 'day')} left (by {weekday})"
    return f"{line}: one each day." if needed == days_left else f"{line}."


def not_due_line(done: int, goal: int, streak_weeks: int, *, skipped: bool) -> str:
    """The first line of `legday remind` when no leg day is due (it prints only with --always)."""
    if skipped:
        return "Rest week: no leg day due. Enjoy it."
    streak = f" Streak: {plural(streak_weeks, 'week')}." if streak_weeks else ""
    # "2 leg days (goal 1)", not "2 of 1 leg days": the goal may be beaten.
    return f"Leg day done this week: {plural(done, 'leg day')} (goal {goal}).{streak}"


def lines(result: dict[str, Any]) -> None:
    """remind's two lines: the status, then the reminder with its short source."""
    reminder = result["reminder"]
    print(result["message"])
    # A custom reminder comes from config.toml: shown, never obeyed by the terminal.
    print(safe_text(reminder_line(reminder["text"], reminder["short_source"])))


def not_noted_warning(problem: str, marker_dir: str) -> None:
    """--once-a-day could not record that today's reminder was shown."""
    print(
        f"Warning: could not note that today's reminder was shown ({problem}: {marker_dir}); "
        "it will show again.",
        file=sys.stderr,
    )


def no_notification_warning(reason: str, *, printed_instead: bool) -> None:
    then = "; printed the reminder instead" if printed_instead else ""
    print(f"Warning: no desktop notification: {reason}{then}.", file=sys.stderr)
