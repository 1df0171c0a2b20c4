"""`legday edit` and `legday rename` as a lifter uses them: fix a typo in place (same id), in
$EDITOR or with options, rename or merge an imported oddity into the real lift, and take
either back with `undo`. Refusals store nothing: the device log stays byte for byte the same.

The clock is frozen on Thursday 2026-11-19 18:00 in Berlin. Editors are small Python
scripts written by each test and named in EDITOR/VISUAL, run by the real `edit` command.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from legday.cli import run
from store_layout import device_log, operations

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)


def legday(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False):
        code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def entries(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _err = legday(capsys, "history", "--json")
    assert code == 0
    result: list[dict[str, Any]] = json.loads(out)
    return result


def log(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = legday(capsys, "log", *argv, "--json")
    assert code == 0, err
    entry: dict[str, Any] = json.loads(out)
    return entry


def assert_refused(code: int, err: str, says: str) -> None:
    assert code == 2
    [line] = [line for line in err.splitlines() if line.strip()]
    assert line.startswith("Error: ")
    assert says in line


def editor(tmp_path: Path, body: str) -> str:
    """An EDITOR command: a Python script that gets the file's path as its last argument,
    keeps a copy of what it was shown in shown.txt, and runs `body` (with `text` the file's
    text; whatever `text` holds at the end is written back)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "text = path.read_text()\n"
        f"pathlib.Path({str(tmp_path / 'shown.txt')!r}).write_text(text)\n"
        f"{body}\n"
        "path.write_text(text)\n"
    )
    return f"{sys.executable} {script}"


def shown(tmp_path: Path) -> list[str]:
    """The lines the editor was shown that are not comments."""
    text = (tmp_path / "shown.txt").read_text()
    return [line for line in text.splitlines() if not line.startswith("#")]


# ---------------------------------------------------------------------------- edit, options


def test_edit_sets_keeps_the_id_and_marks_when(capsys: pytest.CaptureFixture[str]) -> None:
    entry = log(capsys, "squat", "5x5@100kg", "--date", "-2")

    code, out, _err = legday(capsys, "edit", entry["id"][:6], "--sets", "5x5@102.5kg", "rpe8")

    assert code == 0
    assert "sets: 5×5 @ 100 kg → 5×5 @ 102.5 kg, RPE 8" in out
    [after] = entries(capsys)
    assert after["id"] == entry["id"]
    assert after["edited_at"] == "2026-11-19T18:00:00+01:00"
    assert [(s["weight"], s["rpe"]) for s in after["sets"]] == [(102.5, 8.0)] * 5
    assert after["date"] == entry["date"] and after["logged_at"] == entry["logged_at"]


def test_edit_json_is_the_entry_with_edited_at(capsys: pytest.CaptureFixture[str]) -> None:
    entry = log(capsys, "squat", "5x5@100kg", "--note", "belt")

    code, out, _err = legday(
        capsys, "edit", entry["id"], "--date", "yesterday", "--note", "", "--json"
    )

    assert code == 0
    edited = json.loads(out)
    assert edited == {**entry, "date": "2026-11-18", "note": None, "edited_at": edited["edited_at"]}
    assert entries(capsys) == [edited]


def test_edit_exercise_resolves_an_alias_and_prs_follow(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = log(capsys, "good morning", "3x8@60kg")

    code, _out, _err = legday(capsys, "edit", entry["id"], "--exercise", "rdl")

    assert code == 0
    assert entries(capsys)[0]["exercise"] == "romanian deadlift"
    code, out, _err = legday(capsys, "prs", "--json")
    assert [record["exercise"] for record in json.loads(out)] == ["romanian deadlift"]


def test_undo_puts_an_edit_back(capsys: pytest.CaptureFixture[str]) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    legday(capsys, "edit", entry["id"], "--sets", "3x3@120kg")

    code, out, _err = legday(capsys, "undo")

    assert code == 0
    assert out.splitlines() == [
        "Undid the edit.",
        "Put back squat 5×5 @ 100 kg as it was before the edit.",
    ]
    assert entries(capsys)[0]["sets"] == entry["sets"]


def test_an_edit_that_changes_nothing_writes_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    before = device_log(legday_home).read_bytes()

    code, out, _err = legday(capsys, "edit", entry["id"], "--sets", "5x5@100")

    assert code == 0
    assert out.startswith("Nothing changed: squat 5×5 @ 100 kg")
    assert device_log(legday_home).read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        pytest.param(["--sets", "5x5@@100kg"], "5x5@@100kg", id="bad-set-spec"),
        pytest.param(["--sets", "21x5"], "21x5", id="too-many-sets"),
        pytest.param(["--date", "2026-11-20"], "in the future", id="future-date"),
        pytest.param(["--date", "1899-12-31"], "before 1900", id="before-1900"),
        pytest.param(["--exercise", "sqaut"], "did you mean 'squat'", id="typo-of-known"),
        pytest.param(["--exercise", "bench press"], "not a leg exercise", id="not-legs"),
        pytest.param(["--exercise", " "], "--exercise needs a name", id="empty-name"),
        pytest.param(["--note", "x" * 2001], "keep it under 2000", id="long-note"),
        pytest.param(["5x5"], "--sets 5x5", id="sets-without-option"),
    ],
)
def test_edit_refuses_what_log_refuses_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path, argv: list[str], says: str
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    legday(capsys, "log", "lunge", "3x10")
    before = device_log(legday_home).read_bytes()

    code, _out, err = legday(capsys, "edit", entry["id"][:8], *argv)

    assert_refused(code, err, says)
    assert device_log(legday_home).read_bytes() == before


def test_edit_new_takes_a_name_log_would_question(capsys: pytest.CaptureFixture[str]) -> None:
    entry = log(capsys, "squat", "5x5@100kg")

    code, _out, _err = legday(capsys, "edit", entry["id"], "--exercise", "sqaut", "--new")

    assert code == 0
    assert entries(capsys)[0]["exercise"] == "sqaut"


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        pytest.param("abcde", "too short", id="too-short"),
        pytest.param("000000", "no entry", id="unknown"),
    ],
)
def test_edit_takes_ids_as_delete_does(
    capsys: pytest.CaptureFixture[str], legday_home: Path, prefix: str, says: str
) -> None:
    log(capsys, "squat", "5x5@100kg")
    before = device_log(legday_home).read_bytes()

    code, _out, err = legday(capsys, "edit", prefix, "--note", "x")

    assert_refused(code, err, says)
    assert device_log(legday_home).read_bytes() == before


def test_edit_refuses_an_ambiguous_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    from legday import gym

    ids = iter(["abcdef01" + "0" * 24, "abcdef02" + "0" * 24])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gym, "new_id", lambda: next(ids))
        log(capsys, "squat", "5x5")
        log(capsys, "lunge", "3x10")

    code, _out, err = legday(capsys, "edit", "abcdef", "--note", "x")

    assert_refused(code, err, "matches 2 entries")


# ---------------------------------------------------------------------------- edit in $EDITOR


def test_edit_opens_the_editor_on_a_log_line_and_applies_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = log(capsys, "front squat", "5x5@80kg", "rpe8", "--date", "-1", "--note", "it's ok")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "text = text.replace('5x5@80kg', '5x5@82.5kg w:1x5@40kg')")
    )

    code, out, _err = legday(capsys, "edit", entry["id"][:6])

    assert code == 0
    assert shown(tmp_path) == ["front squat 5x5@80kg rpe8 --date 2026-11-18 --note 'it'\"'\"'s ok'"]
    [after] = entries(capsys)
    assert after["id"] == entry["id"] and after["note"] == "it's ok"
    assert [(s["weight"], s["warmup"]) for s in after["sets"]] == [(82.5, False)] * 5 + [
        (40.0, True)
    ]
    assert "sets: 5×5 @ 80 kg, RPE 8 → " in out


def test_visual_wins_over_editor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    monkeypatch.setenv("VISUAL", editor(tmp_path, "text = 'legday log lunge 3x10 --new'"))
    monkeypatch.setenv("EDITOR", "false")

    code, _out, _err = legday(capsys, "edit", entry["id"])

    assert code == 0
    # The line is read as log reads it: no --date means today, no --note no note.
    [after] = entries(capsys)
    assert (after["exercise"], after["date"]) == ("lunge", "2026-11-19")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("pass", id="unchanged"),
        pytest.param("text = ''", id="emptied"),
        pytest.param("text = '# only a comment\\n\\n'", id="comments-only"),
        pytest.param("text = text.replace('100kg', '100kg  ')", id="spaces-only"),
    ],
)
def test_an_editor_session_that_changes_nothing_stores_nothing(
    capsys: pytest.CaptureFixture[str],
    legday_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    before = device_log(legday_home).read_bytes()
    monkeypatch.setenv("VISUAL", editor(tmp_path, body))

    code, out, _err = legday(capsys, "edit", entry["id"])

    assert code == 0
    assert out.startswith("Nothing changed: squat 5×5 @ 100 kg on 2026-11-19")
    assert device_log(legday_home).read_bytes() == before


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param("text = text.replace('5x5@100kg', '5x5@@100kg')", "5x5@@100kg", id="spec"),
        pytest.param("text = text.replace('squat', 'sqaut')", "did you mean", id="typo"),
        pytest.param("text = text.replace('2026-11-19', '2026-12-01')", "future", id="date"),
        pytest.param("text = text + ' --force'", "'--force'", id="unknown-option"),
        pytest.param('text = text + " --note \'open"', "close the quotes", id="open-quote"),
        pytest.param("text = text.replace('5x5@100kg', '')", "no sets given", id="no-sets"),
        pytest.param(
            "text = text.replace('5x5@100kg', '5x5@100kg rdl 3x8@60kg')",
            "holds 2 exercises",
            id="two-exercises",
        ),
    ],
)
def test_a_bad_edited_line_is_refused_and_stores_nothing(
    capsys: pytest.CaptureFixture[str],
    legday_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    says: str,
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    before = device_log(legday_home).read_bytes()
    monkeypatch.setenv("VISUAL", editor(tmp_path, body.replace("text +", "text.rstrip() +")))

    code, _out, err = legday(capsys, "edit", entry["id"])

    assert_refused(code, err, says)
    assert "Nothing was changed" in err
    assert device_log(legday_home).read_bytes() == before


@pytest.mark.parametrize(
    ("command", "says"),
    [
        pytest.param("false", "exited with status 1", id="fails"),
        pytest.param("no-such-editor-here", "could not start the editor", id="missing"),
    ],
)
def test_an_editor_that_fails_stores_nothing(
    capsys: pytest.CaptureFixture[str],
    legday_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    says: str,
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    before = device_log(legday_home).read_bytes()
    monkeypatch.setenv("VISUAL", command)

    code, _out, err = legday(capsys, "edit", entry["id"])

    assert code == 1
    assert err.startswith("Error: ") and says in err and "nothing was changed" in err
    assert device_log(legday_home).read_bytes() == before


def test_edit_without_any_editor_says_how(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)

    code, _out, err = legday(capsys, "edit", entry["id"])

    assert_refused(code, err, "set $VISUAL or $EDITOR")


def test_an_entry_changed_during_the_edit_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    # The editor itself runs a second legday that edits the same entry meanwhile.
    other = f"{sys.executable} -m legday edit {entry['id']} --note 'from elsewhere'"
    body = f"import subprocess; subprocess.run({other!r}, shell=True, check=True)\n"
    body += "text = text.replace('5x5', '3x3')"
    monkeypatch.setenv("VISUAL", editor(tmp_path, body))

    code, _out, err = legday(capsys, "edit", entry["id"])

    assert_refused(code, err, "changed while you were editing")
    [after] = entries(capsys)
    assert after["note"] == "from elsewhere" and len(after["sets"]) == 5


def test_an_imported_odd_name_keeps_its_spelling_through_the_editor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A name that `log` would question (close to "squat") is not checked again when kept.
    entry = log(capsys, "squat 2", "3x5@90kg", "--new")
    monkeypatch.setenv("VISUAL", editor(tmp_path, "text = text.rstrip() + ' --note heavy'"))

    code, _out, _err = legday(capsys, "edit", entry["id"])

    assert code == 0
    assert shown(tmp_path) == ["'squat 2' 3x5@90kg --date 2026-11-19"]
    [after] = entries(capsys)
    assert (after["exercise"], after["note"]) == ("squat 2", "heavy")


def test_a_name_with_a_set_like_word_inside_stays_one_exercise_through_the_editor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `log --new` stores "squat 5x5 rdl" as one name; written unquoted, the edited line read
    # back as two exercises ("squat 5x5" and "rdl ...") and was refused.
    entry = log(capsys, "squat 5x5 rdl", "3x5@60kg", "--new")
    monkeypatch.setenv("VISUAL", editor(tmp_path, "text = text.replace('3x5@60kg', '3x6@60kg')"))

    code, _out, err = legday(capsys, "edit", entry["id"])

    assert (code, err) == (0, "")
    assert shown(tmp_path) == ["'squat 5x5 rdl' 3x5@60kg --date 2026-11-19"]
    [after] = entries(capsys)
    assert after["exercise"] == "squat 5x5 rdl"
    assert [s["reps"] for s in after["sets"]] == [6, 6, 6]


# ---------------------------------------------------------------------------- rename


def test_rename_merges_into_the_real_lift_and_undo_takes_it_all_back(
    capsys: pytest.CaptureFixture[str], legday_home: Path
) -> None:
    log(capsys, "squat", "5x5@100kg", "--date", "-7")
    odd = [log(capsys, "squat rpe6", "3x5@120kg", "--new", "--date", f"-{d}") for d in (1, 2)]

    code, out, _err = legday(capsys, "rename", "squat rpe6", "squat")

    assert code == 0
    assert out.splitlines() == [
        "Renamed 2 entries from 'squat rpe6' to 'squat', merged with the 1 already there "
        "(3 in all).",
        "PRs and history now count them as one exercise. `legday undo` takes it back.",
    ]
    assert {e["exercise"] for e in entries(capsys)} == {"squat"}
    assert {e["id"] for e in entries(capsys)} >= {e["id"] for e in odd}
    code, prs_out, _err = legday(capsys, "prs", "squat", "--json")
    assert json.loads(prs_out)[0]["heaviest"]["weight"] == 120.0
    edits = [op for op in operations(legday_home) if op["op"] in ("edit", "commit")]
    assert [op["op"] for op in edits] == ["edit", "edit", "commit"]
    assert edits[-1]["what"] == "rename"

    code, out, _err = legday(capsys, "undo")

    assert code == 0
    assert out.splitlines()[0] == "Undid the rename."
    assert sorted(e["exercise"] for e in entries(capsys)) == ["squat", "squat rpe6", "squat rpe6"]


def test_rename_takes_unquoted_words_when_the_split_is_clear(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log(capsys, "leg press old", "3x10@100kg", "--new")

    code, out, _err = legday(capsys, "rename", "leg", "press", "old", "leg", "press", "--json")

    assert code == 0
    assert json.loads(out) == {
        "from": ["leg press old"],
        "to": "leg press",
        "entries_renamed": 1,
        "merged": False,
        "entries_now": 1,
    }
    assert entries(capsys)[0]["exercise"] == "leg press"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        pytest.param(["deadlift", "squat"], "no entries named 'deadlift'", id="none-logged"),
        pytest.param(["squat", "squat"], "same name", id="same-name"),
        pytest.param(["Squat", "back squat"], "same name", id="same-after-resolving"),
        pytest.param(["squat"], "its new name", id="one-name"),
        pytest.param(["squat", "sqaut"], "did you mean", id="new-is-a-typo"),
        pytest.param(["squat", "bench press"], "not a leg exercise", id="new-not-legs"),
        pytest.param(["squat", "rpe6", "squat"], "quote the two names", id="ambiguous"),
        pytest.param(["my", "thing", "squat"], "quote the two names", id="no-split"),
    ],
)
def test_rename_refusals_write_nothing(
    capsys: pytest.CaptureFixture[str], legday_home: Path, argv: list[str], says: str
) -> None:
    log(capsys, "squat", "5x5@100kg")
    log(capsys, "squat rpe6", "3x5@90kg", "--new")
    before = device_log(legday_home).read_bytes()

    code, _out, err = legday(capsys, "rename", *argv)

    assert_refused(code, err, says)
    assert device_log(legday_home).read_bytes() == before


def test_rename_new_takes_a_name_that_looks_like_a_typo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log(capsys, "squat", "5x5@100kg")

    code, _out, _err = legday(capsys, "rename", "squat", "sqaut", "--new")

    assert code == 0
    assert entries(capsys)[0]["exercise"] == "sqaut"


def test_undo_of_a_large_rename_lists_a_few(capsys: pytest.CaptureFixture[str]) -> None:
    for day in range(1, 9):
        log(capsys, "my squat", "3x5", "--new", "--date", f"-{day}")
    legday(capsys, "rename", "my squat", "squat")

    code, out, _err = legday(capsys, "undo")

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Undid the rename."
    assert lines[1:6] == ["Put back my squat 3×5 as it was before the edit."] * 5
    assert lines[6:] == ["Put back 3 more entries."]


def test_edit_takes_a_new_name_and_set_specs_unquoted(capsys: pytest.CaptureFixture[str]) -> None:
    entry = log(capsys, "squat", "5x5@100kg")

    code, _out, err = legday(
        capsys, "edit", entry["id"], "--exercise", "front", "squat", "--sets", "3x5@80kg", "rpe7"
    )

    assert code == 0, err
    [after] = entries(capsys)
    assert after["exercise"] == "front squat"
    assert [(s["weight"], s["rpe"]) for s in after["sets"]] == [(80.0, 7.0)] * 3


def test_edit_puts_words_after_both_options_where_they_belong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")

    code, _out, err = legday(
        capsys, "edit", entry["id"], "--exercise", "pause", "--sets", "3x5@90kg", "squat", "3x3"
    )

    assert code == 0, err
    [after] = entries(capsys)
    assert after["exercise"] == "pause squat"
    assert [s["reps"] for s in after["sets"]] == [5, 5, 5, 3, 3, 3]


def test_an_edited_entry_keeps_its_edit_time_through_a_json_export_and_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = log(capsys, "squat", "5x5@100kg")
    assert legday(capsys, "edit", entry["id"], "--note", "fixed")[0] == 0
    export = tmp_path / "export.json"
    assert legday(capsys, "export", "--format", "json", "--output", str(export))[0] == 0
    here = entries(capsys)
    assert here[0]["edited_at"] is not None
    monkeypatch.setenv("LEGDAY_HOME", str(tmp_path / "other-home"))
    assert legday(capsys, "import", str(export))[0] == 0
    assert entries(capsys) == here
