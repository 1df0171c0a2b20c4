"""What every command needs: where the files are, the settings, and what time it is.

The clock is read once, here at the edge; everything below takes `today`/`now` as values.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from legday.config import Config, load_config
from legday.habit import HabitRules, day_of
from legday.paths import Paths, locate
from legday.render import warning
from legday.store import Store


class Context:
    """The paths and the moment a command runs at; settings and store are read on first use."""

    def __init__(self, paths: Paths, now: datetime) -> None:
        self.paths = paths
        self.now = now

    def __repr__(self) -> str:
        return f"Context(paths={self.paths!r}, now={self.now!r})"

    @classmethod
    def from_environment(cls) -> Context:
        return cls(paths=locate(), now=datetime.now().astimezone())

    @cached_property
    def config(self) -> Config:
        return load_config(self.paths)

    @cached_property
    def store(self) -> Store:
        return Store(self.paths, warning)

    @property
    def today(self) -> date:
        return day_of(self.now, self.config.day_start_time)

    @property
    def rules(self) -> HabitRules:
        return HabitRules(goal=self.config.goal, week_start=self.config.week_start_index)
