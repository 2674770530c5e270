"""Picked rows: a search's result as indexes into the sorted list."""

from __future__ import annotations

from array import array
from types import SimpleNamespace

from reader.app.widgets.article_list import Picked, _index_of, _place, pick


def test_pick_keeps_the_rows_whose_number_was_found_in_their_order() -> None:
    rows = ["e", "a", "d", "b", "c"]
    numbers = [50, 10, 40, 20, 30]
    picked = pick(rows, numbers, {10, 30, 50, 999})  # 999: a row of another collection
    assert list(picked) == ["e", "a", "c"]
    assert len(picked) == 3
    assert picked[0] == "e" and picked[-1] == "c"
    assert picked[1:] == ["a", "c"]
    assert picked.index("c") == 2
    assert "d" not in picked
    assert list(pick(rows, numbers, set())) == []
    assert list(pick(rows, numbers, set(numbers))) == rows


def test_picked_rows_past_the_end_are_an_index_error() -> None:
    picked = Picked(["a", "b"], array("l", [1]))
    assert picked[0] == "b"
    try:
        picked[1]
    except IndexError:
        pass
    else:
        raise AssertionError("picked[1] should be out of range")


def test_the_row_under_the_cursor_is_found_again_by_its_place() -> None:
    """After a search, the cursor's article is found in the new rows from
    where it was in the list they both pick from, or, for other rows, by id."""
    base = [SimpleNamespace(id=name) for name in "abcdef"]
    wide = Picked(base, array("l", [0, 2, 3, 5]))  # a c d f
    narrow = Picked(base, array("l", [3, 5]))  # d f
    place = _place(wide, 3)  # f
    assert place == (base, 5)
    assert _index_of(narrow, base[5], place) == 1
    assert _index_of(narrow, base[2], _place(wide, 1)) == 0  # c: gone, the cursor goes to the top
    assert _index_of(base, base[3], _place(narrow, 0)) == 3  # the filter cleared
    other = [SimpleNamespace(id=name) for name in "fed"]  # other rows with the same ids
    assert _index_of(other, base[3], place) == 2
    assert _index_of(Picked(other, array("l", [0])), base[4], _place(base, 4)) == 0
