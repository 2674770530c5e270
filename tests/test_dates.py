"""Publication dates as pages print them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reader.load.dates import find_date, parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("February 22, 2023, 11:53 am", datetime(2023, 2, 22, 11, 53)),
        ("February 22, 2023, 11:53 pm", datetime(2023, 2, 22, 23, 53)),
        ("February 22, 2023, 12:05 am", datetime(2023, 2, 22, 0, 5)),
        ("February 22, 2023", date(2023, 2, 22)),
        ("Feb. 22, 2023", date(2023, 2, 22)),
        ("19 NOV 2019", date(2019, 11, 19)),
        ("19th November 2019", date(2019, 11, 19)),
        ("2019-11-18T23:30:00Z", datetime(2019, 11, 18, 23, 30)),
        ("2019-11-18", date(2019, 11, 18)),
        ("11 октября 2018", date(2018, 10, 11)),
        ("2019年11月19日", date(2019, 11, 19)),
        ("2019년 11월 19일", date(2019, 11, 19)),
        ("19 de novembro de 2019", date(2019, 11, 19)),
        ("19. November 2019", date(2019, 11, 19)),
        ("19.11.2019", date(2019, 11, 19)),
        ("11/19/2019", date(2019, 11, 19)),
        ("19/11/2019", date(2019, 11, 19)),
        ("2019/11/19", date(2019, 11, 19)),
        ("Nov. 19, 2019 at 5:42 p.m.", datetime(2019, 11, 19, 17, 42)),
        ("Tuesday, 19 November 2019, 10:12", datetime(2019, 11, 19, 10, 12)),
        ("Updated: 19 Nov 2019 | 10:12 GMT", datetime(2019, 11, 19, 10, 12)),
        ("Mardi 19 novembre 2019 à 10h12", datetime(2019, 11, 19, 10, 12)),
        ("February 22, 2023, 12:05 pm", datetime(2023, 2, 22, 12, 5)),
        ("FEBRUARY 22, 2023, 11:53 AM", datetime(2023, 2, 22, 11, 53)),
        ("11 ОКТЯБРЯ 2018", date(2018, 10, 11)),
        ("11/20/19 6:38 AM", datetime(2019, 11, 20, 6, 38)),
        ("By Ann Lee On 11/13/19 at 4:00 PM EST", datetime(2019, 11, 13, 16, 0)),
        ("20/11/19 18:30", datetime(2019, 11, 20, 18, 30)),
    ],
)
def test_formats(text: str, expected: date) -> None:
    assert parse_date(text) == expected
    assert type(parse_date(text)) is type(expected)


def test_guardian_style_gives_that_day() -> None:
    found = parse_date("Mon 18 Nov 2019 18.54 GMT")
    assert found is not None
    day = found.date() if isinstance(found, datetime) else found
    assert day == date(2019, 11, 18)


def test_russian_date_with_year_mark_gives_that_day() -> None:
    found = parse_date("11 октября 2018 г., 12:30")
    assert found is not None
    assert found.isoformat()[:10] == "2018-10-11"


def test_guardian_style_after_a_label() -> None:
    found = parse_date("Last modified on Mon 18 Nov 2019 18.54 GMT")
    assert found is not None
    assert found.isoformat()[:10] == "2019-11-18"


def test_date_inside_a_line() -> None:
    found = find_date("By Jane Smith | Published March 3, 2021 at 9:15 am | Updated")
    assert found is not None
    value, start = found
    assert value == datetime(2021, 3, 3, 9, 15)
    assert start == len("By Jane Smith | Published ")


def test_first_date_wins() -> None:
    text = "Published 3 March 2021. Updated 2021-03-05T10:00:00Z"
    assert parse_date(text) == date(2021, 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No date here at all",
        "February 30, 2023",
        "2023-13-01",
        "Call 0800 123 456 now",
        "May the best team win",
        "Room 2019 was booked",
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None


def test_impossible_time_keeps_the_day() -> None:
    assert parse_date("February 22, 2023, 25:61") == date(2023, 2, 22)


def test_long_text_without_a_date_is_linear() -> None:
    # No assertion on time: a backtracking pattern would hang here visibly.
    assert parse_date("1" * 200_000) is None
    assert parse_date("May " * 100_000) is None
    assert parse_date("2019-" * 100_000) is None


def test_the_position_is_the_original_texts_when_lowering_would_lengthen_it() -> None:
    # "İ".lower() is two characters; the caller cuts the text at the position.
    text = "İİİ İstanbul bureau, 19 November 2019"
    found = find_date(text)
    assert found is not None
    assert found[0] == date(2019, 11, 19)
    assert text[found[1] :] == "19 November 2019"


@pytest.mark.parametrize(
    "text", ["11/20/19", "Won 3/4/19 on aggregate", "see 1/2/30", "a 12/31/99x"]
)
def test_a_two_digit_year_counts_only_with_a_time_after_it(text: str) -> None:
    assert find_date(text) is None
