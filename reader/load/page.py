"""What a parser finds in one text, before it becomes a Version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reader.model import Caption


@dataclass(frozen=True, slots=True)
class Page:
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    section: str | None = None
    published: date | datetime | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[str, ...] = ()
