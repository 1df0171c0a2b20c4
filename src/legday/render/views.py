"""Rich views of entries, the catalogue and import progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from legday.render.console import make_console
from legday.render.rich_plain import exercise_rows, own_names

if TYPE_CHECKING:
    from legday.actions import ExercisesView


def exercises(view: ExercisesView) -> None:
    console = make_console()
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("exercise")
    table.add_column("group", style="dim")
    table.add_column("aliases")
    table.add_column("logged", justify="right")
    for row in exercise_rows(view):
        table.add_row(*row)
    console.print(table)
    own = own_names(view)
    if own is not None:
        console.print(Text(own))  # Text, not markup: a name such as "[bold]" is a name


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
