"""Which articles the list shows, and in what order: filter and sort, no Textual."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from reader.markdown import format_date
from reader.model import Article

SORT_KEYS = ("date", "title", "publisher", "versions")
PREFIXES = ("title", "by", "pub", "date")


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter: plain words match title or body; prefixed words one field."""

    words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.words and not self.fields


def parse_query(text: str) -> Query:
    """`title:ukraine by:smith pub:ap date:2023-02 talks` -> a Query (casefolded)."""
    words: list[str] = []
    fields: list[tuple[str, str]] = []
    for token in text.split():
        name, colon, value = token.partition(":")
        if colon and name.lower() in PREFIXES:
            if value:
                fields.append((name.lower(), value.casefold()))
        else:
            words.append(token.casefold())
    return Query(tuple(words), tuple(fields))


def matches(article: Article, query: Query) -> bool:
    for name, value in query.fields:
        if value not in _field_text(article, name):
            return False
    if not query.words:
        return True
    title = (article.title or article.display_title).casefold()
    pending = [word for word in query.words if word not in title]
    if not pending:
        return True
    # The body is joined only when the title did not answer: most filters
    # over 100k articles stop at the title.
    body = "\n".join(article.paragraphs).casefold()
    return all(word in body for word in pending)


def _field_text(article: Article, name: str) -> str:
    if name == "title":
        return (article.title or article.display_title).casefold()
    if name == "by":
        return (article.byline or "").casefold()
    if name == "pub":
        return (article.publisher or "").casefold()
    return format_date(article.published)


_NO_DATE = datetime.min


def _date_key(article: Article) -> datetime:
    value = article.published
    if value is None:
        return _NO_DATE
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return _NO_DATE


def _title_key(article: Article) -> str:
    return article.display_title.casefold()


SortKey = Callable[[Article], object]

# Each key's natural direction: newest first, A to Z, most versions first.
_SORTS: dict[str, tuple[SortKey, bool]] = {
    "date": (_date_key, True),
    "title": (_title_key, False),
    "publisher": (lambda a: ((a.publisher or "\uffff").casefold(), _title_key(a)), False),
    "versions": (lambda a: len(a.versions), True),
}


def sort_articles(articles: Iterable[Article], key: str, reverse: bool = False) -> list[Article]:
    function, natural = _SORTS[key]
    # Stable sorts: articles that tie keep a title order.
    ordered = sorted(articles, key=_title_key)
    return sorted(ordered, key=function, reverse=natural != reverse)  # type: ignore[arg-type]
