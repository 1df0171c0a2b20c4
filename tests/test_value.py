"""legday.value.Value, which every stored thing is: equal things compare and hash equal, so a
history deduplicates and a rest week marked twice is one week; reprs name every field."""

from __future__ import annotations

from datetime import date, datetime

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
