"""`legday prs` keeps its records beside the store (`.legday-cache-<device>.prs`) and answers
from them while nothing they depend on changed: what a user sees is the same either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_run import legday
from legday import actions, cache
from store_layout import TEST_DEVICE, device_log

pytestmark = pytest.mark.usefixtures("legday_home")


def kept_records(home: Path) -> Path:
    return Path(cache.answer_file(str(home), TEST_DEVICE))


def prs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    result = legday(capsys, "prs", *args)
    assert result.code == 0, result.err
    return result.out, result.err


def some_history(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ("squat", "5x5@100kg", "--date", "2026-11-09"),
        ("squat", "3x3@110kg", "--date", "2026-11-12"),
        ("rdl", "3x8@60kg", "--date", "2026-11-12"),
        ("calf", "raise", "3x15@40lb", "--date", "2026-11-16"),
        ("walking", "lunge", "3x8@bw+10kg", "--date", "2026-11-17"),
    ):
        assert legday(capsys, "log", *args).code == 0


def test_prs_reads_the_same_from_its_kept_records_as_computed(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    some_history(capsys)
    computed = prs(capsys), prs(capsys, "--json")
    assert kept_records(legday_home).exists()
    assert (prs(capsys), prs(capsys, "--json")) == computed  # from the kept records
    kept_records(legday_home).unlink()
    assert (prs(capsys), prs(capsys, "--json")) == computed
    kept_records(legday_home).write_bytes(b"\x00not what legday writes")
    assert (prs(capsys), prs(capsys, "--json")) == computed


def test_a_new_record_shows_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    some_history(capsys)
    assert "110 kg × 3" in prs(capsys)[0]
    assert legday(capsys, "log", "squat", "1x2@125kg", "--date", "2026-11-18").code == 0
    out, _ = prs(capsys)
    assert "125 kg × 2" in out and "110 kg × 3" not in out
    assert legday(capsys, "undo").code == 0
    assert "110 kg × 3" in prs(capsys)[0]


def test_records_follow_a_change_of_unit_and_formula(capsys: pytest.CaptureFixture[str]) -> None:
    some_history(capsys)
    assert "(kg, e1RM by Epley)" in prs(capsys)[0]
    assert legday(capsys, "config", "set", "unit", "lb").code == 0
    assert "(lb, e1RM by Epley)" in prs(capsys)[0]
    assert legday(capsys, "config", "set", "e1rm_formula", "brzycki").code == 0
    out, _ = prs(capsys)
    assert "(lb, e1RM by Brzycki)" in out
    assert [one["unit"] for one in legday(capsys, "prs", "--json").json()] == ["lb"] * 4


def test_records_kept_by_other_legday_code_are_not_shown(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    some_history(capsys)
    computed = prs(capsys)
    # As if an older legday had kept other records for the same files.
    old_code = ("0.0.1", "legday.strength", 1, 2)
    home, signature = str(legday_home), cache.current_signature(str(legday_home), TEST_DEVICE)
    assert signature is not None
    kept = cache.read_answer(
        home, TEST_DEVICE, signature, ("kg", "epley", *actions._records_code())
    )
    assert kept is not None
    old_records = tuple(("hack squat", *one[1:]) for one in kept[1])
    cache.write_answer(home, TEST_DEVICE, signature, ("kg", "epley", *old_code), [], old_records)
    with monkeypatch.context() as patch:
        patch.setattr(actions, "_records_code", lambda: old_code)
        assert "hack squat" in prs(capsys)[0]  # that legday's own answer, to that legday
    assert prs(capsys) == computed
    assert "hack squat" not in prs(capsys)[0]


def test_no_records_are_kept_beside_a_torn_line_and_each_prs_warns(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    some_history(capsys)
    desktop = legday_home / "devices" / "desktop.jsonl"
    shutil.copyfile(device_log(legday_home), desktop)
    desktop.write_text(
        desktop.read_text().replace(TEST_DEVICE, "desktop") + '{"op":"add","seq":',
        encoding="utf-8",
    )
    for _ in range(2):
        out, err = prs(capsys)
        assert "squat" in out and "incomplete" in err
    assert not kept_records(legday_home).exists()


def test_kept_records_still_mention_a_conflict_copy(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    some_history(capsys)
    copy = legday_home / "devices" / f"{TEST_DEVICE}.sync-conflict-20261120-101010-ABC.jsonl"
    shutil.copyfile(device_log(legday_home), copy)
    first = prs(capsys)
    assert "conflict copy" in first[1]
    assert kept_records(legday_home).exists()
    assert prs(capsys) == first


def test_without_module_files_to_look_at_prs_keeps_nothing_and_still_answers(
    capsys: pytest.CaptureFixture[str], legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A legday run from somewhere its modules have no files (a frozen build) cannot tell its
    # code from another's, so it computes the records every time.
    some_history(capsys)
    computed = prs(capsys, "--json")
    kept_records(legday_home).unlink()
    monkeypatch.setattr(actions, "_records_code", lambda: None)
    assert prs(capsys, "--json") == computed
    assert not kept_records(legday_home).exists()
