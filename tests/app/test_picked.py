"""Picked rows: a search's result as indexes into the sorted list."""

from __future__ import annotations

from array import array

from reader.app.widgets.article_list import Picked, pick


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
