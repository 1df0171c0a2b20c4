"""Rich views of entries, the catalogue and import progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from legday.render.console import make_console
from legday.safe_text import safe_text

if TYPE_CHECKING:
    from legday.actions import ExercisesView


def exercises(view: ExercisesView) -> None:
    console = make_console()
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("exercise")
    table.add_column("group", style="dim")
    table.add_column("aliases")
    table.add_column("logged", justify="right")
    for exercise in view.catalog:
        count = view.logged.get(exercise.name, 0)
        aliases = ", ".join(a for a in exercise.aliases if a.islower() or a.isdigit())
        table.add_row(exercise.name, exercise.group, aliases, str(count) if count else "")
    console.print(table)
    own = sorted(name for name in view.logged if name not in {e.name for e in view.catalog})
    if own:
        # Text, not a markup string: a name such as "[bold]" is a name, not a style.
        listed = ", ".join(f"{safe_text(n)} ({view.logged[n]})" for n in own)
        console.print(Text(f"Your own: {listed}"))


@contextmanager
def progress_bar(path: Path) -> Iterator[Callable[[int], None]]:
    from rich.progress import BarColumn, Progress, TextColumn

    console = make_console(stderr=True)
    with Progress(
        TextColumn(f"Reading {path.name}"),
        BarColumn(),
        TextColumn("{task.completed} rows"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=None)

        def advance(rows_done: int) -> None:
            progress.update(task, completed=rows_done)

        yield advance
