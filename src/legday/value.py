"""`Value`: the base of legday's small value classes.

The standard `dataclasses` module costs about 10 ms to import (it pulls in `inspect`) and
each decorated class a few tenths of a millisecond more to build, which is a large share of a
command that should finish in a few tens of milliseconds. A Value subclass lists its fields
in `__slots__` and writes its own `__init__`; equality, hashing and repr come from here.

Each class's field names are gathered once, when the class is made, into a C-level getter, so
`==` and `hash` cost about what a dataclass's do. A Value is not frozen: setting a field after
`__init__` works. The classes of legday.model are never changed after they are made (`replace`
returns a copy); result objects such as gitsync's SyncResult fill in fields as their command
goes and are never hashed. Freezing them all would put a Python-level `__setattr__` on every
field of every Entry and Set a read command builds.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar


def _slot_names(cls: type) -> tuple[str, ...]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        slots = klass.__dict__.get("__slots__", ())
        names.extend((slots,) if isinstance(slots, str) else slots)
    return tuple(names)


def _getter(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """A function from an instance to the tuple of its `names` fields."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return attrgetter(*names)


class Value:
    __slots__ = ()
    _field_names: ClassVar[tuple[str, ...]] = ()
    # What `==` and `hash` compare: `_compared` as a plain function of the instance, or the
    # C-level getter itself when a class keeps the default (one Python call fewer).
    _key: ClassVar[staticmethod[[object], tuple[object, ...]]] = staticmethod(_getter(()))

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._field_names = _slot_names(cls)
        every_field = _getter(cls._field_names)
        chosen = cls._compared
        key: Callable[[Any], tuple[object, ...]] = every_field
        if chosen is not Value._compared:
            key = chosen
        cls._key = staticmethod(key)

    def _compared(self) -> tuple[object, ...]:
        """The values equality and hashing look at (every field unless a class says less)."""
        return _getter(self._field_names)(self)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key(self) == self._key(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key(self)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names)
        return f"{type(self).__name__}({shown})"
