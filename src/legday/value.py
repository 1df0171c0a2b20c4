"""`Value`: the base of legday's small value classes.

The standard `dataclasses` module costs about 10 ms to import (it pulls in `inspect`) and
each decorated class a few tenths of a millisecond more to build, which is a large share of a
command that should finish in a few tens of milliseconds. A Value subclass is written the way
a dataclass is, as annotated fields in order (a default after the name; `kw_only=True` in the
class line for keyword-only parameters; a `ClassVar` annotation is not a field):

    class Suggestion(Value):
        sets: tuple[Set, ...]
        reason: str
        change: float | None = None

and Value's metaclass turns the annotations into `__slots__` and an `__init__` taking the
fields in that order, inherited fields first, before the class exists (the defaults move from
the class into `__init__`, since a slot and a class attribute cannot share a name). Only the
names are read, so the annotations can stay strings (`from __future__ import annotations`).
A default that is mutable (a list, dict, set: anything unhashable) is refused, as a dataclass
refuses it, rather than shared by every instance: such a class defaults to None and writes
its own `__init__`. mypy knows all this through `typing.dataclass_transform`, which is
imported only for the type checker, so constructor calls are checked as a dataclass's are.

The generated `__init__` is one function shared by every such class (not one made with
`exec` per class, which would cost a compile each at import): it reads the class's
`_init_spec` and sets the fields one by one, some 0.6-1.6 µs per instance where a written-out
`__init__` takes 0.1-0.4 µs. That is nothing for the classes a command builds a few (or a few
dozen) of. A class built in a loop over the store (an Entry, a Set, a week, a day of the
calendar) or many times at import (the catalog's exercises, remind's reminders) lists
`__slots__` and writes its own `__init__`: a class whose body assigns `__slots__` is left
exactly as written. A class with its own `__init__` (checks, conversions) but no `__slots__`
gets its slots from its annotations and keeps that `__init__` (which then holds the
defaults: one in an annotation is refused). Making a class from its annotations costs a few
µs more than making a written-out one.

Each class's field names are gathered once, when the class is made, into a C-level getter, so
`==` and `hash` cost about what a dataclass's do; equality, hashing and repr come from here.
A Value is not frozen: setting a field after `__init__` works. The classes of legday.model are
never changed after they are made (`replace` returns a copy); result objects such as gitsync's
SyncResult fill in fields as their command goes and are never hashed. Freezing them all would
put a Python-level `__setattr__` on every field of every Entry and Set a read command builds.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, NoReturn, Self, dataclass_transform

    # (name, default or _MISSING, keyword-only) for each field of a class made from annotations
    _Field = tuple[str, object, bool]
else:

    def dataclass_transform(**_options: object) -> object:
        """typing's marker for type checkers, as a no-op: importing typing costs milliseconds."""
        return lambda target: target


_MISSING = object()  # no default: the argument is required


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


def _fields_from(
    name: str, bases: tuple[type, ...], namespace: dict[str, Any], kw_only: bool
) -> tuple[tuple[_Field, ...], tuple[str, ...]]:
    """Every field of the class being made, inherited ones first, and its own new slots; the
    defaults are taken out of `namespace`."""
    fields: dict[str, _Field] = {}
    for base in reversed(bases):
        for klass in reversed(base.__mro__):
            inherited = klass.__dict__.get("_fields")
            if inherited is None:
                if klass.__dict__.get("__slots__"):
                    raise TypeError(
                        f"{name} cannot take its fields from annotations: its base "
                        f"{klass.__name__} writes its own __slots__ and __init__"
                    )
                continue
            for field in inherited:
                fields[field[0]] = field
    slots = []
    for field_name, annotation in namespace.get("__annotations__", {}).items():
        if (annotation if isinstance(annotation, str) else repr(annotation)).startswith(
            ("ClassVar", "typing.ClassVar")
        ):
            continue
        default = namespace.pop(field_name, _MISSING)
        if type(default).__hash__ is None:
            raise ValueError(
                f"mutable default {type(default).__name__} for field {field_name} of {name} "
                "is not allowed: every instance would share it (default to None and write "
                "__init__, or use a tuple or frozenset)"
            )
        if field_name not in fields:  # one redeclared keeps its place and its base's slot
            slots.append(field_name)
        fields[field_name] = (field_name, default, kw_only)
    return tuple(fields.values()), tuple(slots)


def _init_spec(fields: tuple[_Field, ...]) -> tuple[int, tuple[_Field, ...]]:
    """How many parameters are positional, and the fields in parameter order: positional-or-
    keyword ones in field order, then keyword-only ones, as in a dataclass."""
    count = 0
    after_default = False
    for name, default, kw_only in fields:
        if kw_only:
            continue
        count += 1
        if default is not _MISSING:
            after_default = True
        elif after_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
    if count in (0, len(fields)):
        return count, fields
    return count, tuple(sorted(fields, key=lambda field: field[2]))  # sorted() keeps order


def _init(self: Value, *args: object, **kwargs: object) -> None:
    """The `__init__` of every class made from annotations: one function for all (a function
    per class would cost its making at import), reading the class's `_init_spec`."""
    count, params = self._init_spec
    if len(args) > count:
        _wrong_call(self, f"takes {count} positional arguments but {len(args)} were given")
    for field, value in zip(params, args, strict=False):
        setattr(self, field[0], value)
    for name, default, _ in params[len(args) :]:
        value = kwargs.pop(name, default)
        if value is _MISSING:
            _wrong_call(self, f"missing the required argument {name!r}")
        setattr(self, name, value)
    for extra in kwargs:  # one that is no field, or one given by position too
        _wrong_call(self, f"got an unexpected argument {extra!r}")


def _wrong_call(value: Value, problem: str) -> NoReturn:
    """A call that a written-out `__init__` would refuse: a TypeError, as Python raises then."""
    raise TypeError(f"{type(value).__qualname__}.__init__() {problem}")


@dataclass_transform(kw_only_default=False)
class _ValueMeta(type):
    """Makes `__slots__` and `__init__` of a Value class from its annotations, unless the
    class body assigns `__slots__` itself (then the class is left as written)."""

    def __new__(
        mcls,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        kw_only: bool = False,
    ) -> _ValueMeta:
        if "__slots__" not in namespace:
            fields, slots = _fields_from(name, bases, namespace, kw_only)
            namespace["__slots__"] = slots
            namespace["_fields"] = fields
            if "__init__" not in namespace:
                namespace["_init_spec"] = _init_spec(fields)
                namespace["__init__"] = _init
            elif any(
                field[1] is not _MISSING and field[0] in namespace.get("__annotations__", ())
                for field in fields
            ):
                raise TypeError(f"{name} writes its own __init__: its defaults belong there")
        return super().__new__(mcls, name, bases, namespace)


class Value(metaclass=_ValueMeta):
    __slots__ = ()
    _field_names: ClassVar[tuple[str, ...]] = ()
    _fields: ClassVar[tuple[_Field, ...]] = ()
    _init_spec: ClassVar[tuple[int, tuple[_Field, ...]]] = (0, ())
    # What `==` and `hash` compare: `_compared` as a plain function of the instance, or the
    # C-level getter itself when a class keeps the default (one Python call fewer).
    _key: ClassVar[staticmethod[[object], tuple[object, ...]]] = staticmethod(_getter(()))

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._field_names = _slot_names(cls)
        key: Callable[[Any], tuple[object, ...]] = _getter(cls._field_names)
        if cls._compared is not Value._compared:
            key = cls._compared
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

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (legday's values are never changed in place)."""
        fields = {name: getattr(self, name) for name in self._field_names}
        fields.update(changes)
        return type(self)(**fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names)
        return f"{type(self).__name__}({shown})"
