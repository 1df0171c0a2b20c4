"""`Value`: the base of legday's small value classes.

The standard `dataclasses` module costs about 10 ms to import (it pulls in `inspect`) and
each decorated class a few tenths of a millisecond more to build, which is a large share of a
command that should finish in a few tens of milliseconds. A Value subclass lists its fields
in `__slots__` and writes its own `__init__`; equality, hashing and repr come from here.
"""

from __future__ import annotations


class Value:
    __slots__ = ()

    @classmethod
    def _field_names(cls) -> tuple[str, ...]:
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            slots = klass.__dict__.get("__slots__", ())
            names.extend((slots,) if isinstance(slots, str) else slots)
        return tuple(names)

    def _compared(self) -> tuple[object, ...]:
        """The values equality and hashing look at (every field unless a class says less)."""
        return tuple(getattr(self, name) for name in self._field_names())

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._compared()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names())
        return f"{type(self).__name__}({shown})"
