"""The data every part of reader shares: frozen, slotted, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """Which format the loader recognised in a source file."""

    RAW = "raw"  # a whole page's visible text, boilerplate and all
    CLEAN = "clean"  # a cleaned article text (` date YYYY-MM-DD ` header, paragraphs)


def is_folded(text: str) -> bool:
    """White space is single spaces between words: nothing to fold.

    The space is the only white space character that `isprintable()`
    accepts, so a printable text without two spaces in a row or at its ends
    is folded; all three are C scans that build nothing."""
    return text.isprintable() and "  " not in text and text.strip(" ") == text


def count_words(paragraphs: tuple[str, ...]) -> int:
    """Words as `str.split()` counts them, without making them: in a folded
    paragraph (the loader folds every one) they are the spaces plus one.
    Splitting built every word, ~75 us for an article of 1,000 words, and a
    cold load of 100,000 files counted each body twice."""
    return sum(
        (text.count(" ") + 1 if text else 0) if is_folded(text) else len(text.split())
        for text in paragraphs
    )


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption with its photo credit split off.

    `position` is the number of body paragraphs that precede the image, so a
    view can draw the figure where it stood in the page.
    """

    text: str
    credit: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class Version:
    """One source file, normalised into an article's fields."""

    path: str  # relative to the argument it was found under (what export prints)
    source: Path  # where the file is on disk
    kind: Kind
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    section: str | None = None
    published: date | datetime | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[str, ...] = ()
    style: str = ""  # finer than kind: "innertext", "lynx", "clean"
    mtime: float = 0.0
    size: int = 0

    @property
    def word_count(self) -> int:
        return count_words(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Article:
    """A story: the best of its versions' fields, versions oldest first."""

    id: str
    versions: tuple[Version, ...]
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    section: str | None = None
    published: date | datetime | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[str, ...] = ()

    @property
    def word_count(self) -> int:
        return count_words(self.paragraphs)

    @property
    def version_count(self) -> int:
        return len(self.versions)

    @property
    def display_title(self) -> str:
        fallback = self.versions[0].path if self.versions else "(untitled)"
        return display_title(self.title, self.paragraphs, fallback)


def display_title(title: str | None, paragraphs: tuple[str, ...], fallback: str) -> str:
    """What the list shows for an article: its title, else the start of its text."""
    if title:
        return title
    if paragraphs:
        first = paragraphs[0]
        return first if len(first) <= 80 else first[:79] + "…"
    return fallback


@dataclass(frozen=True, slots=True)
class Pending:
    """A file parsed but not grouped yet: the row that stands for it in the
    list while a folder loads, small enough to hold for 100,000 files."""

    path: str  # as in Version.path
    source: Path
    title: str | None
    display_title: str
    byline: str | None
    publisher: str | None
    published: date | datetime | None
    word_count: int

    @property
    def id(self) -> str:
        return pending_id(self.path)

    @property
    def version_count(self) -> int:
        return 1

    @classmethod
    def of(cls, version: Version) -> Pending:
        return cls(
            path=version.path,
            source=version.source,
            title=version.title,
            display_title=display_title(version.title, version.paragraphs, version.path),
            byline=version.byline,
            publisher=version.publisher,
            published=version.published,
            word_count=version.word_count,
        )


def pending_id(path: str) -> str:
    """The id of a file's row until grouping gives it its article's."""
    return f"file:{path}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read or holds no article, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class LoadResult:
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()
    files_seen: int = field(default=0)
