"""The Rich view of `legday prs`: what a lifter reads in the terminal."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from legday.actions import PrsView
from legday.model import Entry, Set, Unit
from legday.render import strength_views
from legday.strength import (
    BODYWEIGHT_NOTE,
    Formula,
    personal_records,
    progress,
    records_for,
)

_ids = itertools.count()
ESC = "\x1b"
BAR_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) +(\S+) ([#█▏▎▍▌▋▊▉]+)$")


def entry(day: str | date, exercise: str, *sets: Set, note: str | None = None) -> Entry:
    when = day if isinstance(day, date) else date.fromisoformat(day)
    return Entry(
        id=f"v{next(_ids):05d}",
        date=when,
        exercise=exercise,
        sets=sets,
        logged_at=datetime.combine(when, time(18, 0), tzinfo=UTC),
        note=note,
    )


def lift(weight: float, reps: int, unit: Unit = "kg", *, warmup: bool = False) -> Set:
    return Set(reps=reps, weight=weight, unit=unit, warmup=warmup)


def bw(reps: int, added: float | None = None) -> Set:
    return Set(reps=reps, weight=added, unit=None if added is None else "kg", bodyweight=True)


def hold(seconds: int, weight: float | None = None) -> Set:
    return Set(seconds=seconds, weight=weight, unit=None if weight is None else "kg")


def all_view(entries: list[Entry], unit: Unit = "kg", formula: Formula = "epley") -> PrsView:
    return PrsView(personal_records(entries, unit, formula), unit=unit)


def one_view(
    entries: list[Entry], exercise: str, unit: Unit = "kg", formula: Formula = "epley"
) -> PrsView:
    """Built the way `legday prs EXERCISE` builds it: the last five entries, newest first."""
    records = records_for(entries, exercise, unit, formula)
    mine = [e for e in entries if e.exercise == exercise]
    recent = sorted(mine, key=lambda e: (e.date, e.logged_at), reverse=True)[:5]
    return PrsView(
        [] if records is None else [records],
        exercise=exercise,
        progress=progress(entries, exercise, unit, formula),
        recent=recent,
        unit=unit,
    )


def render(view: PrsView, capsys: pytest.CaptureFixture[str]) -> str:
    strength_views.prs(view)
    return capsys.readouterr().out


def flat(text: str) -> str:
    """Output with line wrapping undone, for sentences a narrow terminal may break."""
    return " ".join(text.split())


def bar_lines(out: str) -> list[re.Match[str]]:
    return [m for line in out.splitlines() if (m := BAR_LINE.match(line.rstrip()))]


def weekly(start: str, weights: Iterable[float], reps: int = 5) -> list[Entry]:
    first = date.fromisoformat(start)
    return [
        entry(first + timedelta(weeks=i), "squat", *[lift(w, reps)] * 3)
        for i, w in enumerate(weights)
    ]


SQUATS = [
    entry("2026-09-01", "squat", lift(60, 5, warmup=True), *[lift(100, 5)] * 5),
    entry("2026-09-15", "squat", lift(60, 12)),
    entry("2026-10-02", "squat", lift(140, 4)),
]
# By hand: heaviest 140 x 4 on 10-02; Epley e1RM 140 * (1 + 4/30) = 158.67 on 10-02;
# most reps 12 @ 60 on 09-15; best set 60 * 12 = 720 on 09-15 (beats 140 * 4 = 560);
# best session 5 * 500 = 2,500 on 09-01 (the warm-up does not count).


# --- every exercise ---------------------------------------------------------------------------


def test_table_shows_each_record_and_its_date(capsys: pytest.CaptureFixture[str]) -> None:
    out = render(all_view(SQUATS), capsys)
    for shown in ("squat", "140 kg × 4", "158.7 kg", "12 @ 60 kg", "720 kg", "2,500 kg"):
        assert shown in out
    for day in ("2026-09-01", "2026-09-15", "2026-10-02"):
        assert day in out
    assert "Epley" in out


def test_every_exercise_gets_a_row(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [
        *SQUATS,
        entry("2026-10-03", "leg press", lift(200, 10)),
        entry("2026-10-04", "calf raise", lift(80, 15)),
    ]
    out = render(all_view(entries), capsys)
    assert "leg press" in out
    assert "200 kg × 10" in out
    assert "calf raise" in out
    assert "15 @ 80 kg" in out


def test_empty_history_says_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    out = render(all_view([]), capsys)
    assert "No records yet" in out
    assert "legday log" in out


def test_weights_are_shown_in_pounds_when_configured(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-10-01", "squat", lift(100, 1))]
    out = render(all_view(entries, unit="lb"), capsys)
    assert "220.5 lb × 1" in out  # 100 kg / 0.45359237 = 220.46 lb
    assert "kg" not in out


def test_pounds_logged_show_in_kilograms_when_configured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = [entry("2026-10-01", "squat", lift(225, 5, "lb"))]
    out = render(all_view(entries), capsys)
    assert "102.1 kg × 5" in out  # 225 lb = 102.06 kg


def test_brzycki_estimate_is_used_and_named(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-10-01", "squat", lift(100, 8))]
    out = render(all_view(entries, formula="brzycki"), capsys)
    assert "124.1 kg" in out  # 100 * 36 / 29; Epley would say 126.7
    assert "126.7" not in out
    assert "Brzycki" in out


def test_bodyweight_sets_show_added_load_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-10-01", "pistol squat", bw(8, 20), bw(12))]
    out = render(all_view(entries), capsys)
    assert "bw+20 kg × 8" in out
    assert "12 @ bodyweight" in out
    assert BODYWEIGHT_NOTE in flat(out)


def test_assisted_sets_show_a_negative_added_load(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-10-01", "pistol squat", bw(6, -15))]
    out = render(all_view(entries), capsys)
    assert "bw-15 kg × 6" in out


def test_no_bodyweight_note_without_bodyweight_sets(capsys: pytest.CaptureFixture[str]) -> None:
    out = render(all_view(SQUATS), capsys)
    assert BODYWEIGHT_NOTE not in flat(out)


def test_timed_sets_show_the_longest_hold(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [*SQUATS, entry("2026-10-05", "wall sit", hold(90), hold(150, 10))]
    out = render(all_view(entries), capsys)
    assert "2:30 min @ 10 kg" in flat(out)
    assert "2026-10-05" in out


def test_exercise_names_are_printed_literally(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-10-01", "squat [paused]", lift(100, 3))]
    out = render(all_view(entries), capsys)
    assert "squat [paused]" in out


# --- one exercise ---------------------------------------------------------------------------


def test_one_exercise_pairs_each_record_with_its_date(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = render(one_view(SQUATS, "squat"), capsys)
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "heaviest 140 kg × 4 (2026-10-02)" in lines
    assert any(re.fullmatch(r"best e1RM 158\.7 kg .*\(2026-10-02\)", line) for line in lines)
    assert "most reps 12 @ 60 kg (2026-09-15)" in lines
    assert "set volume 720 kg (2026-09-15)" in lines
    assert "session volume 2,500 kg (2026-09-01)" in lines


def test_chart_has_one_bar_per_session_labelled_with_its_e1rm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = weekly("2026-09-07", [100, 105, 110, 90])
    out = render(one_view(entries, "squat"), capsys)
    bars = bar_lines(out)
    assert [m[1] for m in bars] == ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]
    # Epley at 5 reps is 7/6 of the load.
    assert [m[2] for m in bars] == ["116.7", "122.5", "128.3", "105"]
    lengths = [len(m[3]) for m in bars]
    assert lengths[0] < lengths[1] < lengths[2]
    assert lengths[3] < lengths[0]


def test_chart_keeps_the_last_twenty_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    entries = weekly("2026-01-05", [100 + 2.5 * i for i in range(25)])
    out = render(one_view(entries, "squat"), capsys)
    bars = bar_lines(out)
    assert len(bars) == 20
    assert bars[0][1] == "2026-02-09"  # the sixth week
    assert bars[-1][1] == "2026-06-22"
    assert "last 20" in out


def test_chart_falls_back_to_top_set_weight_without_an_e1rm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = [
        entry("2026-09-01", "squat", lift(100, 5)),
        entry("2026-09-08", "squat", lift(80, 15)),  # over 12 reps: no estimate
    ]
    out = render(one_view(entries, "squat"), capsys)
    bars = bar_lines(out)
    assert [m[2] for m in bars] == ["116.7", "80*"]
    assert "top-set weight" in out


def test_bodyweight_exercise_charts_its_added_load(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [
        entry("2026-09-01", "pistol squat", bw(8, 10)),
        entry("2026-09-08", "pistol squat", bw(8, 15)),
    ]
    out = render(one_view(entries, "pistol squat"), capsys)
    assert [m[2] for m in bar_lines(out)] == ["+10", "+15"]
    assert "added load" in out
    assert BODYWEIGHT_NOTE in flat(out)


def test_chart_gives_a_reason_when_nothing_has_a_load(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry("2026-09-01", "wall sit", hold(60)), entry("2026-09-08", "wall sit", hold(90))]
    out = render(one_view(entries, "wall sit"), capsys)
    assert bar_lines(out) == []
    assert "Nothing to chart" in out
    assert "90 s" in out


def test_recent_sessions_are_listed_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [*SQUATS[:2], entry("2026-10-02", "squat", lift(140, 4), note="felt fast")]
    out = render(one_view(entries, "squat"), capsys)
    recent = out[out.index("recent sessions") :]
    dates = re.findall(r"^(\d{4}-\d{2}-\d{2}) ", recent, flags=re.MULTILINE)
    assert dates == ["2026-10-02", "2026-09-15", "2026-09-01"]
    assert "5×5 @ 100 kg" in recent
    assert "warm-up" in recent  # the session as logged, warm-ups included
    assert "felt fast" in recent


def test_an_exercise_with_only_warm_ups_has_no_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = [entry("2026-10-01", "squat", lift(60, 5, warmup=True))]
    out = render(one_view(entries, "squat"), capsys)
    assert "No working sets" in out
    assert "2026-10-01" in out


def test_one_exercise_in_pounds(capsys: pytest.CaptureFixture[str]) -> None:
    entries = [
        entry("2026-10-01", "squat", lift(100, 1)),
        entry("2026-10-08", "squat", lift(90, 3)),
    ]
    out = render(one_view(entries, "squat", unit="lb"), capsys)
    assert "220.5 lb × 1 (2026-10-01)" in flat(out)
    assert [m[2] for m in bar_lines(out)] == ["220.5", "218.3"]  # 90 kg x 3 = 218.26 lb e1RM


# --- terminals ------------------------------------------------------------------------------

MIXED = [
    *SQUATS,
    entry("2026-10-03", "bulgarian split squat", lift(22.5, 10), lift(22.5, 8)),
    entry("2026-10-04", "pistol squat", bw(8, 10), bw(12)),
    entry("2026-10-05", "wall sit", hold(150, 20)),
    *weekly("2026-01-05", [100 + 2.5 * i for i in range(25)]),
]


@pytest.mark.parametrize("exercise", [None, "squat", "pistol squat", "wall sit"])
def test_every_line_fits_a_40_column_terminal(
    exercise: str | None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    view = all_view(MIXED) if exercise is None else one_view(MIXED, exercise)
    out = render(view, capsys)
    assert out.strip()
    assert max(cell_len(line) for line in out.splitlines()) <= 40


def test_narrow_terminal_still_shows_records_and_dates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = flat(render(all_view(MIXED), capsys))
    assert "bulgarian split squat" in out
    assert "22.5 kg × 10 (2026-10-03)" in out
    assert "bw+10 kg × 8 (2026-10-04)" in out
    assert "2:30 min @ 20 kg (2026-10-05)" in out


def test_plain_output_has_no_escapes_and_ascii_bars(capsys: pytest.CaptureFixture[str]) -> None:
    out = render(one_view(MIXED, "squat"), capsys)
    assert ESC not in out
    assert "█" not in out
    assert len(bar_lines(out)) == 20
    assert all(set(m[3]) == {"#"} for m in bar_lines(out))


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"]
)
def test_no_escapes_even_when_colour_is_forced_but_refused(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for view in (all_view(MIXED), one_view(MIXED, "squat")):
        out = render(view, capsys)
        assert ESC not in out
        assert "█" not in out


def test_a_colour_terminal_gets_unicode_bars(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = render(one_view(weekly("2026-09-07", [100, 110]), "squat"), capsys)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    bars = bar_lines(plain)
    assert len(bars) == 2
    assert all("#" not in m[3] and "█" in m[3] for m in bars)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    loads=st.lists(
        st.floats(min_value=-40, max_value=400, allow_nan=False), min_size=1, max_size=30
    ),
    reps=st.integers(min_value=1, max_value=20),
    width=st.integers(min_value=40, max_value=120),
)
def test_chart_has_one_bar_per_shown_session_at_any_width(
    loads: list[float],
    reps: int,
    width: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    first = date(2026, 1, 5)
    entries = [
        entry(first + timedelta(weeks=i), "squat", lift(w, reps) if w >= 0 else bw(reps, w))
        for i, w in enumerate(loads)
    ]
    out = render(one_view(entries, "squat"), capsys)
    assert max(cell_len(line) for line in out.splitlines()) <= width
    shown = [first + timedelta(weeks=i) for i in range(len(loads))][-20:]
    charted = [m[1] for m in bar_lines(out)]
    # Every shown session has a load, so each gets exactly one bar, in date order.
    assert charted == [d.isoformat() for d in shown]
