"""legday.value.Value, which every stored thing is: equal things compare and hash equal, so a
history deduplicates and a rest week marked twice is one week; reprs name every field."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import ClassVar

import pytest

from legday.model import Entry, RestMark, Set
from legday.value import Value


class Base(Value):
    __slots__ = ("a",)

    def __init__(self, a: int) -> None:
        self.a = a


class Child(Base):
    __slots__ = ("b",)

    def __init__(self, a: int, b: int) -> None:
        super().__init__(a)
        self.b = b


class Lone(Value):
    __slots__ = "only"  # a bare string is one slot, as Python reads it

    def __init__(self, only: str) -> None:
        self.only = only


def test_equal_sets_compare_and_hash_equal_and_unequal_ones_do_not() -> None:
    heavy, same, light = Set(reps=5, weight=100.0, unit="kg"), Set(5, None, 100.0, "kg"), Set(5)
    assert heavy == same and hash(heavy) == hash(same)
    assert heavy != light
    assert len({heavy, same, light}) == 2


def test_inherited_fields_count_in_equality_and_repr() -> None:
    assert Child(1, 2) == Child(1, 2)
    assert Child(1, 2) != Child(1, 3)
    assert repr(Child(1, 2)) == "Child(a=1, b=2)"
    assert repr(Lone("x")) == "Lone(only='x')"


def test_values_of_different_classes_are_never_equal() -> None:
    assert Base(1) != Child(1, 0)
    assert Base(1) != (1,)


def test_a_rest_week_marked_twice_is_one_week_whatever_the_time_it_was_marked() -> None:
    first = RestMark(date(2026, 3, 2), "ill", datetime(2026, 3, 2, 8), id="a")
    again = RestMark(date(2026, 3, 2), "ill", datetime(2026, 3, 4, 9), id="b")
    assert first == again and hash(first) == hash(again)
    assert first != RestMark(date(2026, 3, 2), "travel")


def test_replace_gives_a_changed_copy_and_leaves_the_entry_as_it_was() -> None:
    entry = Entry("e1", date(2026, 3, 2), "squat", (Set(reps=5),), datetime(2026, 3, 2, 18))
    changed = entry.replace(note="felt heavy")
    assert changed.note == "felt heavy"
    assert entry.note is None and entry != changed


# ---------------------------------------------------------------------------- annotated fields


class Point(Value):
    x: int
    y: int = 0
    label: str | None = None
    origin: ClassVar[tuple[int, int]] = (0, 0)  # a ClassVar is not a field


class Point3(Point):
    z: int = 0


class Glyphs(Value, kw_only=True):
    met: str
    missed: str = "·"


class Checked(Value):
    """Its own __init__, slots from the annotations."""

    size: int

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("size must not be negative")
        self.size = size


@dataclasses.dataclass
class DataPoint:
    x: int
    y: int = 0
    label: str | None = None


@dataclasses.dataclass(kw_only=True)
class DataGlyphs:
    met: str
    missed: str = "·"


def test_annotations_make_slots_and_an_init_in_their_order_with_defaults() -> None:
    assert Point.__dict__["__slots__"] == ("x", "y", "label")
    assert Point._field_names == ("x", "y", "label")
    point = Point(1)
    assert (point.x, point.y, point.label) == (1, 0, None)
    assert Point(1, 2, "a") == Point(x=1, label="a", y=2)
    assert repr(Point(1, label="a")) == "Point(x=1, y=0, label='a')"
    assert hash(Point(1)) == hash(Point(1, 0)) and Point(1) != Point(2)
    assert not hasattr(point, "__dict__")  # slots: no attribute outside the fields
    # the default went into __init__: the class attribute is the slot
    assert type(Point.__dict__["y"]).__name__ == "member_descriptor"


def test_a_class_var_stays_a_class_attribute_and_is_no_field() -> None:
    assert Point.origin == (0, 0)
    assert "origin" not in Point._field_names
    with pytest.raises(TypeError):
        Point(1, 2, "a", (1, 1))  # type: ignore[call-arg]


def test_inherited_annotated_fields_come_first() -> None:
    assert Point3.__dict__["__slots__"] == ("z",)
    assert Point3._field_names == ("x", "y", "label", "z")
    assert repr(Point3(1, z=4)) == "Point3(x=1, y=0, label=None, z=4)"
    assert Point3(1) != Point(1)


def test_keyword_only_fields() -> None:
    assert Glyphs(met="█") == Glyphs(missed="·", met="█")
    assert repr(Glyphs(met="x", missed="y")) == "Glyphs(met='x', missed='y')"
    with pytest.raises(TypeError):
        DataGlyphs("x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 0 positional arguments but 1 were given"):
        Glyphs("x")  # type: ignore[call-arg]


def test_keyword_only_fields_come_after_the_others_in_init_but_keep_their_place() -> None:
    class Tagged(Value, kw_only=True):
        tag: str = ""

    class Measured(Tagged):
        size: int

    assert Measured._field_names == ("tag", "size")
    assert repr(Measured(3, tag="a")) == "Measured(tag='a', size=3)"
    assert Measured(3) == Measured(size=3, tag="")


@pytest.mark.parametrize(
    ("args", "kwargs", "problem"),
    [
        ((), {}, "missing the required argument 'x'"),
        ((1, 2, "a", 4), {}, "takes 3 positional arguments but 4 were given"),
        ((1,), {"x": 2}, "got an unexpected argument 'x'"),
        ((1,), {"z": 2}, "got an unexpected argument 'z'"),
        ((), {"y": 2}, "missing the required argument 'x'"),
    ],
)
def test_a_wrong_call_raises_type_error_as_a_dataclass_does(
    args: tuple[object, ...], kwargs: dict[str, object], problem: str
) -> None:
    with pytest.raises(TypeError):
        DataPoint(*args, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(TypeError) as ours:
        Point(*args, **kwargs)  # type: ignore[arg-type]
    assert str(ours.value) == f"Point.__init__() {problem}"


def test_a_keyword_only_field_missing_is_named() -> None:
    with pytest.raises(TypeError, match=r"Glyphs.__init__\(\) missing the required argument 'met'"):
        Glyphs()  # type: ignore[call-arg]


def test_a_mutable_default_is_refused_rather_than_shared() -> None:
    with pytest.raises(ValueError, match="mutable default list for field items"):

        class Basket(Value):
            items: list[str] = []  # noqa: RUF012 - the point of the test


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        class Backwards(Value):
            a: int = 0
            b: int  # type: ignore[misc]


def test_annotations_under_a_hand_written_base_are_refused() -> None:
    with pytest.raises(TypeError, match="its base Base writes its own __slots__"):

        class Extended(Base):
            c: int


def test_a_default_beside_a_written_init_is_refused_as_it_would_never_apply() -> None:
    with pytest.raises(TypeError, match="Sized writes its own __init__"):

        class Sized(Value):
            size: int = 0

            def __init__(self, size: int) -> None:
                self.size = size


def test_a_class_that_writes_slots_is_left_as_written() -> None:
    assert Base.__dict__["__slots__"] == ("a",)
    assert Base.__init__.__qualname__ == "Base.__init__"
    assert "_fields" not in Base.__dict__


def test_its_own_init_is_kept_and_the_slots_come_from_the_annotations() -> None:
    assert Checked.__dict__["__slots__"] == ("size",)
    assert Checked(2) == Checked(2)
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
