"""The reminders `legday remind` shows: short lines drawn from two articles about one study, each
with a source a person can check, and the rule that picks one per date.

The study is Adami et al., "Reduction of Movement in Neurological Diseases: Effects on Neural Stem
Cells Characteristics", Frontiers in Neuroscience 12:336 (2018). It was done in hindlimb-unloaded
mice and neural stem cells taken from them, so every finding from it says "in mice".

This module sits on the cron fast path: at run time it imports nothing but legday's light `Record`.
"""

from __future__ import annotations

from legday.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date


class Reminder(Record):
    """One reminder line and where a reader can check it ("you" for the user's own)."""

    __slots__ = ("text", "source")

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source


CUSTOM_SOURCE = "you"

# The seed files give a title for the blog post but neither outlet nor URL for either article;
# the news article has no headline, so it is named by the words it opens with.
_BLOG = "Blog post \"The surprising health benefits of 'leg day'\""
_NEWS = 'Article "Leg exercise health benefits"'
_STUDY = "Adami et al. 2018, Front. Neurosci. 12:336"
_BLOG_ON_STUDY = f"{_BLOG}, on {_STUDY}"
_NEWS_ON_STUDY = f"{_NEWS}, on {_STUDY}"

# Plain ASCII on purpose: cron mails often arrive without a charset.
REMINDERS: tuple[Reminder, ...] = (
    Reminder(
        "Weight-bearing leg work sends signals the brain needs to make healthy neural cells, "
        "a study in mice suggests.",
        _BLOG_ON_STUDY,
    ),
    Reminder(
        "Nerve health depends on the signals your big leg muscles send up to the brain, not only "
        "on orders sent down, reports a study in mice.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "In mice, less exercise made new nerve cells harder to produce - and new nerve cells help "
        "us cope with stress and challenges.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "When mice were made to move less, the number of their neural stem cells fell "
        "significantly.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "With exercise cut severely, neurons and oligodendrocytes (cells that support and "
        "insulate nerve cells) did not mature properly in mice.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "In mice, cutting back on exercise lowered oxygen in the body, creating an anaerobic "
        "environment that altered metabolism.",
        _BLOG_ON_STUDY,
    ),
    Reminder(
        "Moving less affected genes behind healthy mitochondria in mice - the cell parts that "
        "help release energy for the body to use.",
        _BLOG_ON_STUDY,
    ),
    Reminder(
        "Bed-bound patients and astronauts lose more than muscle, says the author of a study in "
        "mice: cell chemistry changes and the nervous system suffers.",
        _BLOG_ON_STUDY,
    ),
    Reminder(
        '"It is no accident that we are meant to be active: to walk, run, crouch to sit, and use '
        'our leg muscles to lift things." - study author Raffaella Adami',
        _BLOG_ON_STUDY,
    ),
    Reminder(
        "The study in mice offers doctors new clues to why patients with MS, spinal muscular "
        "atrophy and other neurological diseases decline when movement is limited.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "The researchers say their results shed light on what a sedentary lifestyle does to "
        "health. One more reason to plan your leg day.",
        _NEWS_ON_STUDY,
    ),
    Reminder(
        "Squats and deadlifts engage almost every muscle in your body, chest, abs and arms "
        "included. Leg day trains far more than legs.",
        _NEWS,
    ),
    Reminder(
        "Moving your largest muscles takes a lot of energy, which is why squats and deadlifts "
        "give your metabolism a real boost.",
        _NEWS,
    ),
    Reminder(
        "Leg training builds functional strength: it can make you faster and makes everyday "
        "tasks easier, even if you are not into sports.",
        _NEWS,
    ),
    Reminder(
        "Deadlifts, squats and lunges test the mind as well as the body: they take a great deal "
        "of mental endurance.",
        _NEWS,
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


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def status_line(needed: int, days_left: int, week_end: date, streak_weeks: int) -> str:
    """The first line of `legday remind`: leg days still needed and days left this week.

    `days_left` counts today; `week_end` is the last day of the week. The tone rises in the last
    two days when a streak is at stake, and turns gentle once the goal can no longer be met."""
    if days_left < 1:
        raise ValueError(f"days_left counts today, so it is at least 1 (got {days_left})")
    if needed <= 0:
        return _goal_met(streak_weeks)
    if needed > days_left:
        return _out_of_reach(needed, days_left, streak_weeks)
    if days_left <= 2 and streak_weeks >= 1:
        return _streak_at_stake(needed, days_left, _WEEKDAYS[week_end.weekday()], streak_weeks)
    return _on_track(needed, days_left, _WEEKDAYS[week_end.weekday()])


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _goal_met(streak_weeks: int) -> str:
    if streak_weeks >= 2:
        return f"Leg-day goal met this week: {streak_weeks} weeks in a row."
    return "Leg-day goal met this week."


def _out_of_reach(needed: int, days_left: int, streak_weeks: int) -> str:
    counts = f"{_count(needed, 'leg day')} to go, {_count(days_left, 'day')} left"
    if streak_weeks >= 1:
        # A rest week neither counts nor breaks a streak: worth knowing, not worth nagging.
        return f"Goal out of reach: {counts}. Resting? `legday skip` keeps your streak."
    return f"Goal out of reach this week: {counts}. Next week is a fresh start."


def _streak_at_stake(needed: int, days_left: int, weekday: str, streak_weeks: int) -> str:
    streak = f"your {streak_weeks}-week streak"
    if days_left == 1:
        return f"Last day to keep {streak}: {_count(needed, 'leg day')} still to do today."
    when = "today and tomorrow" if needed == days_left else f"by {weekday}"
    return f"Only 2 days left to keep {streak}: {_count(needed, 'leg day')} still to do {when}."


def _on_track(needed: int, days_left: int, weekday: str) -> str:
    to_go = f"{_count(needed, 'leg day')} to go this week"
    if days_left == 1:
        return f"{to_go}, and today ({weekday}) is the last day."
    line = f"{to_go}, {_count(days_left, 'day')} left (by {weekday})"
    return f"{line}: one each day." if needed == days_left else f"{line}."
