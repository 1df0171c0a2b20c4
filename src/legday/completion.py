"""Shell completion: exercise names, setting keys and option choices, for every shell.

The shell asks through Typer's protocol (`_LEGDAY_COMPLETE=complete_bash|complete_zsh|
complete_fish` in the environment); the functions here take what the user has typed and
return the candidates. They never raise and never print: an error would land in the prompt.

Exercise names come in this order: the ones this user has logged (most entries first), then
the catalogue's names, then its aliases (`rdl`, `bss`). Matching is by whole words, ignoring
case, so `wall s` offers `wall sit`.

Multi-word names: commands that take a name as words (`prs wall sit`, `log`, `rename`) use
`exercise_words`, which also sees the words already typed, so `prs front sq<TAB>` completes
`squat`. Bash inserts a candidate exactly as given, spaces and all, and an option takes one
word (`history --exercise`), so for bash a space or a shell character gets a backslash
(`wall\\ sit`); zsh and fish quote what they insert themselves. A candidate always starts
with the word as typed (Typer drops any other), so `Squ` offers `Squat`.

legday.cli hands these to Typer (importing this module only when the shell asks):
`exercise_names(incomplete)` for an option's value, `words(ctx, parameter, incomplete)` for a
words argument.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

from legday import catalog
from legday.config import FORMULAS
from legday.errors import LegdayError
from legday.habit import WEEKDAY_NAMES
from legday.model import UNITS
from legday.paths import locate
from legday.store import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typer

COMPLETE_VAR = "_LEGDAY_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
SAFE_IN_BASH = frozenset("@%+=:,./-_")
# Values `config set KEY <TAB>` can offer: the keys whose values are a short fixed list.
SETTING_CHOICES = {
    "unit": UNITS,
    "week_start": WEEKDAY_NAMES,
    "e1rm_formula": FORMULAS,
    "sync": ("off", "auto"),
}


def _logged_names() -> list[str]:
    """This user's exercise names, the most logged first."""
    try:
        names = Store(locate()).load().rows.names
    except (LegdayError, OSError, ValueError):
        # Completion must never print an error into the user's prompt.
        return []
    counts = Counter(names)
    return sorted(counts, key=lambda name: (-counts[name], name))


def _catalogue_names() -> list[str]:
    names = catalog.all_names()
    # App spellings such as "Squat (Barbell)" are for imports; nobody types them.
    aliases = sorted(
        {
            alias.lower()
            for exercise in catalog.exercises()
            for alias in exercise.aliases
            if "(" not in alias
        }
        - set(names)
    )
    return [*names, *aliases]


def candidate_names() -> list[str]:
    """Every name worth offering, in the order offered, each once."""
    seen: set[str] = set()
    ordered: list[str] = []
    for name in (*_logged_names(), *_catalogue_names()):
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            ordered.append(name)
    return ordered


def _matches(name_words: list[str], typed: list[str]) -> bool:
    """Whether a name's words start with `typed`, whose last word may be unfinished."""
    *whole, last = typed
    if len(name_words) < len(typed):
        return False
    return name_words[: len(whole)] == whole and name_words[len(whole)].startswith(last)


def exercise_words(prior: Sequence[str], incomplete: str) -> list[str]:
    """Completions of the word being typed, when a name may span the words before it.

    The longest run of preceding words that some name continues wins (`front sq` → `squat`);
    with none, the name starts at the word being typed. Each candidate is the word as typed
    followed by the rest of a name (`wal` → `wall sit`, `Squ` → `Squat`): Typer offers only
    candidates that start with what was typed."""
    names = candidate_names()
    split = [name.casefold().split() for name in names]
    words = [word for text in prior for word in text.casefold().split()]
    current = incomplete.casefold().split() or [""]
    if incomplete[-1:].isspace():
        current.append("")
    typed_length = len(" ".join(current))
    for start in range(len(words) + 1):
        typed = [*words[start:], *current]
        skip = len(words) - start
        rests = [
            " ".join(name.split()[skip:])[typed_length:]
            for name, name_words in zip(names, split, strict=True)
            if _matches(name_words, typed)
        ]
        if rests:
            return list(dict.fromkeys(incomplete + _for_shell(rest) for rest in rests))
    return []


def exercise_names(incomplete: str) -> list[str]:
    """Whole names starting with `incomplete`, as one shell word each (an option's value)."""
    return exercise_words((), incomplete)


def _for_shell(text: str) -> str:
    """`text` as the asking shell should insert it: bash inserts a candidate as it is, so
    spaces and shell characters get a backslash; zsh and fish quote what they insert."""
    if not os.environ.get(COMPLETE_VAR, "").endswith("_bash"):
        return text
    return "".join(char if char.isalnum() or char in SAFE_IN_BASH else f"\\{char}" for char in text)


def words(ctx: typer.Context, parameter: str, incomplete: str) -> list[str]:
    """Completions for the words argument named `parameter`, after the words typed before."""
    typed = ctx.params.get(parameter)
    prior = [str(word) for word in typed] if isinstance(typed, list | tuple) else []
    return exercise_words(prior, incomplete)


def choices(values: Sequence[str], incomplete: str) -> list[str]:
    """The fixed `values` that start with `incomplete`."""
    typed = incomplete.casefold()
    return [value for value in values if value.startswith(typed)]


def setting_values(ctx: typer.Context, incomplete: str) -> list[str]:
    key = ctx.params.get("key")
    values = SETTING_CHOICES.get(key, ()) if isinstance(key, str) else ()
    return choices(values, incomplete)


def script(shell: str) -> str:
    """The completion script `legday --show-completion SHELL` prints."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="legday", complete_var=COMPLETE_VAR, shell=shell)


def install(shell: str) -> str:
    """Install the completion script for `shell` where that shell looks; the file's path."""
    from typer._completion_shared import install as typer_install

    _shell, path = typer_install(shell=shell, prog_name="legday", complete_var=COMPLETE_VAR)
    return str(path)
