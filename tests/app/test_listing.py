"""The list's sort orders, on the kinds of dates an article may carry."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from reader.app.listing import sort_articles
from tests.app.helpers import make_article, make_version


def dated(title: str, published: date | datetime | None):  # type: ignore[no-untyped-def]
    return make_article(title, make_version(f"{title}.txt", title=title, published=published))


def test_date_order_newest_first_with_times_dates_and_none() -> None:
    articles = [
        dated("undated", None),
        dated("day", date(2024, 5, 6)),
        dated("evening", datetime(2024, 5, 6, 18, 30)),
        dated("morning", datetime(2024, 5, 6, 9, 15, 0, 500)),
        dated("morning-b", datetime(2024, 5, 6, 9, 15, 0, 500)),  # a tie: by title
        dated("aware", datetime(2024, 5, 6, 12, 0, tzinfo=timezone(timedelta(hours=5)))),
        dated("older", date(2023, 12, 31)),
        dated("new-year", datetime(2024, 1, 1, 0, 0)),
    ]
    newest_first = [a.title for a in sort_articles(articles, "date")]
    # A time as written (the zone is not applied); a bare date is its midnight.
    assert newest_first == [
        "evening",
        "aware",
        "morning",
        "morning-b",
        "day",
        "new-year",
        "older",
        "undated",
    ]
    oldest_first = [a.title for a in sort_articles(articles, "date", reverse=True)]
    assert oldest_first[:3] == ["undated", "older", "new-year"]
    assert oldest_first[-1] == "evening"
