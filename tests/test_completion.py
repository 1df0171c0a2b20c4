"""Shell completion through Typer's completion protocol, run against the installed `legday`
entry point: the environment a shell sets (`_LEGDAY_COMPLETE=complete_bash` with COMP_WORDS,
or `complete_zsh`/`complete_fish` with `_TYPER_COMPLETE_ARGS`), and what it prints back.

Exercise names come logged first, then the catalogue's names and aliases; a name of several
words completes as one (`prs wal` → `wall sit`, escaped for bash) and `prs wall sit` then
works. The last tests source `legday --show-completion SHELL` into real bash, zsh and fish.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LEGDAY = Path(sys.executable).parent / "legday"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "LEGDAY_HOME": str(home), **extra}


def complete(words: str, index: int, home: Path) -> list[str]:
    """What bash gets back for the word at `index` of `words`."""
    env = env_for(home, _LEGDAY_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(index))
    result = subprocess.run([str(LEGDAY)], env=env, capture_output=True, text=True, check=True)
    assert result.stderr == ""
    return result.stdout.splitlines()


def complete_zsh(line: str, home: Path) -> str:
    env = env_for(home, _LEGDAY_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line)
    result = subprocess.run([str(LEGDAY)], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def complete_fish(line: str, home: Path) -> list[str]:
    env = env_for(
        home,
        _LEGDAY_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS=line,
    )
    result = subprocess.run([str(LEGDAY)], env=env, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def legday(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LEGDAY), *argv], env=env_for(home), capture_output=True, text=True, check=False
    )


def log(home: Path, *argv: str) -> None:
    result = legday(home, "log", *argv)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------- names


def test_log_completes_catalogue_and_logged_names(legday_home: Path) -> None:
    log(legday_home, "frankenstein", "squat", "3x5@60kg", "--new")
    offered = complete("legday log fr", 2, legday_home)
    assert "front\\ squat" in offered  # from the catalogue
    assert "frankenstein\\ squat" in offered  # logged by this user
    assert all(name.startswith("fr") for name in offered)


def test_logged_names_come_first(legday_home: Path) -> None:
    log(legday_home, "sumo", "squat", "3x5@60kg")
    log(legday_home, "squat", "5x5@100kg")
    log(legday_home, "squat", "5x5@100kg")
    offered = complete("legday prs s", 2, legday_home)
    # The most logged first, then the rest of the catalogue (split squat, step up...).
    assert offered[:2] == ["squat", "sumo\\ squat"]
    assert "split\\ squat" in offered[2:]


def test_aliases_complete(legday_home: Path) -> None:
    assert complete("legday prs rd", 2, legday_home) == ["rdl"]
    assert "bss" in complete("legday log bs", 2, legday_home)


def test_a_multi_word_name_completes_and_prs_takes_it_unquoted(legday_home: Path) -> None:
    log(legday_home, "wall", "sit", "3x60s")
    assert complete("legday prs wal", 2, legday_home)[0] == "wall\\ sit"
    # Typed as words, the rest of the name completes the word at hand.
    assert complete("legday prs wall s", 3, legday_home)[0] == "sit"
    assert complete("legday prs front sq", 3, legday_home) == ["squat"]
    result = legday(legday_home, "prs", "wall", "sit", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"exercise": "wall sit"') == 1


def test_case_as_typed_is_kept(legday_home: Path) -> None:
    # Typer offers only what starts with the word as typed: the rest of the name follows it.
    assert "Front\\ squat" in complete("legday prs Fro", 2, legday_home)


@pytest.mark.parametrize(
    ("words", "index"),
    [
        pytest.param("legday history --exercise wal", 3, id="history"),
        pytest.param("legday edit 3f2a9c --exercise wal", 4, id="edit"),
        pytest.param("legday rename wal", 2, id="rename-old"),
        pytest.param("legday rename squat wal", 3, id="rename-new"),
        pytest.param("legday last wal", 2, id="last"),
        pytest.param("legday again wal", 2, id="again"),
        pytest.param("legday prs wal", 2, id="prs"),
    ],
)
def test_exercise_names_complete_where_a_name_goes(
    legday_home: Path, words: str, index: int
) -> None:
    assert "wall\\ sit" in complete(words, index, legday_home)


def test_zsh_and_fish_get_the_name_as_one_value(legday_home: Path) -> None:
    # zsh and fish quote what they insert themselves: no backslash from legday.
    assert '"wall sit"' in complete_zsh("legday history --exercise wal", legday_home)
    assert "wall sit" in complete_fish("legday prs wal", legday_home)


def test_completion_stays_quiet_on_a_broken_store(legday_home: Path) -> None:
    legday_home.mkdir(parents=True, exist_ok=True)
    (legday_home / "sessions.jsonl").write_text("not json\n")
    assert "front\\ squat" in complete("legday log fr", 2, legday_home)


# ---------------------------------------------------------------------------- other words


def test_subcommands_complete(legday_home: Path) -> None:
    assert {"streak", "stats"} <= set(complete("legday st", 1, legday_home))
    assert {"edit", "exercises", "export"} <= set(complete("legday e", 1, legday_home))


def test_config_set_completes_keys_then_values(legday_home: Path) -> None:
    keys = complete("legday config set ", 3, legday_home)
    settings = ["goal", "week_start", "unit", "day_starts_at", "e1rm_formula", "increment", "sync"]
    assert keys == settings[: len(keys)]
    assert "reminders" not in keys  # set by hand in config.toml
    assert complete("legday config set unit ", 4, legday_home) == ["kg", "lb"]
    assert complete("legday config set sync ", 4, legday_home) == ["off", "auto"]
    assert complete("legday config get we", 3, legday_home) == ["week_start"]


@pytest.mark.parametrize(
    ("words", "index", "expected"),
    [
        pytest.param(
            "legday import x.csv --from ", 4, ["auto", "strong", "hevy", "fitnotes", "legday"]
        ),
        pytest.param("legday import x.csv --from h", 4, ["hevy"]),
        pytest.param("legday export --format ", 3, ["json", "csv"]),
        pytest.param("legday import x.csv --unit ", 4, ["kg", "lb"]),
    ],
)
def test_option_choices_complete(
    legday_home: Path, words: str, index: int, expected: list[str]
) -> None:
    assert complete(words, index, legday_home) == expected


# ---------------------------------------------------------------------------- scripts


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        pytest.param("bash", "complete -o default -F _legday_completion legday", id="bash"),
        pytest.param("zsh", "#compdef legday", id="zsh"),
        pytest.param("fish", "complete --command legday", id="fish"),
    ],
)
def test_show_completion_prints_the_named_shells_script(
    legday_home: Path, shell: str, marker: str
) -> None:
    result = legday(legday_home, "--show-completion", shell)
    assert result.returncode == 0
    assert marker in result.stdout
    assert "_LEGDAY_COMPLETE=complete_" + shell in result.stdout


def test_show_completion_refuses_an_unknown_shell(legday_home: Path) -> None:
    result = legday(legday_home, "--show-completion", "tcsh")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: legday completes in bash, zsh, fish, not 'tcsh'")


def test_install_completion_for_a_named_shell(legday_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    env = {**env_for(legday_home), "HOME": str(home)}
    result = subprocess.run(
        [str(LEGDAY), "--install-completion", "fish"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    script = home / ".config" / "fish" / "completions" / "legday.fish"
    assert "complete --command legday" in script.read_text()
    assert str(script) in result.stdout


# ---------------------------------------------------------------------------- real shells


def need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        message = f"needs {shell} (installed by .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def shell_env(home: Path) -> dict[str, str]:
    return {**env_for(home), "PATH": f"{LEGDAY.parent}{os.pathsep}{os.environ['PATH']}"}


def test_real_bash_offers_the_name_as_one_word(legday_home: Path) -> None:
    bash = need("bash")
    log(legday_home, "wall", "sit", "3x60s")
    # The script as a user sources it; bash's own arrays, as a <TAB> after `prs wal` sets them.
    script = (
        "source <(legday --show-completion bash)\nCOMP_WORDS=(legday prs wal); COMP_CWORD=2\n"
        '_legday_completion legday\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
        'eval "set -- ${COMPREPLY[0]}"; echo "words: $#"\n'
    )
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        env=shell_env(legday_home),
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "wall\\ sit"
    assert lines[-1] == "words: 1"  # the inserted text is one shell word


@pytest.mark.integration
def test_real_zsh_reads_the_candidates_as_whole_names(legday_home: Path) -> None:
    zsh = need("zsh")
    log(legday_home, "wall", "sit", "3x60s")
    # zsh runs the sourced script's function; _arguments (zsh's completion builtin, which
    # needs a live line editor) is replaced by one that prints the values zsh parsed.
    script = (
        "compdef() { :; }\n"
        '_arguments() { local spec="${${1#\\*: :\\(}%\\)}"; eval "values=${spec}";'
        " print -rl -- $values; }\n"
        "source <(legday --show-completion zsh)\n"
        "words=(legday history --exercise wal); CURRENT=4\n"
        "_legday_completion\n"
    )
    result = subprocess.run(
        [zsh, "-f", "-c", script],
        env=shell_env(legday_home),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wall sit" in result.stdout.splitlines()


@pytest.mark.integration
def test_real_fish_completes_names_and_keys(legday_home: Path) -> None:
    fish = need("fish")
    log(legday_home, "wall", "sit", "3x60s")
    script = (
        "legday --show-completion fish | source\n"
        "complete -C'legday prs wal'\necho ==\n"
        "complete -C'legday config set e'\n"
    )
    result = subprocess.run(
        [fish, "--no-config", "-c", script],
        env=shell_env(legday_home),
        capture_output=True,
        text=True,
        check=True,
    )
    names, keys = result.stdout.split("==\n")
    assert "wall sit" in names.splitlines()
    assert keys.splitlines() == ["e1rm_formula"]


# ---------------------------------------------------------------------------- the module API


def test_the_completion_functions_other_commands_use(
    legday_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `last`, `again` and `show` take these as they are: text in, names out.
    from legday import completion

    log(legday_home, "wall", "sit", "3x60s")
    monkeypatch.delenv("_LEGDAY_COMPLETE", raising=False)
    assert completion.exercise_names("wal")[0] == "wall sit"
    assert completion.exercise_words(["wall"], "s")[:2] == ["sit", "squat"]
    assert {"squat", "lunge"} <= set(completion.exercise_words(["front"], ""))
    assert completion.exercise_words([], "wall ")[:2] == ["wall sit", "wall squat"]
    assert completion.exercise_names("zzz") == []
    monkeypatch.setenv("_LEGDAY_COMPLETE", "complete_bash")
    assert completion.exercise_names("wal")[0] == "wall\\ sit"
    assert completion.choices(("json", "csv"), "c") == ["csv"]


def test_show_completion_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    from legday.cli import run

    assert run(["--show-completion", "zsh"]) == 0
    assert "#compdef legday" in capsys.readouterr().out
    assert run(["--show-completion", "csh"]) == 2
    assert "not 'csh'" in capsys.readouterr().err
