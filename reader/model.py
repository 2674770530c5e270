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
        return sum(len(p.split()) for p in self.paragraphs)


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
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def version_count(self) -> int:
        return len(self.versions)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.paragraphs:
            first = self.paragraphs[0]
            return first if len(first) <= 80 else first[:79] + "…"
        return self.versions[0].path if self.versions else "(untitled)"


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
