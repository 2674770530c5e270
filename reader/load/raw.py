"""Raw page dumps: find the article among the page's boilerplate."""

from __future__ import annotations

import re
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


def parse_raw(text: str, *, lynx: bool = False) -> Page:
    paragraphs = tuple(
        " ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()
    )
    return Page(paragraphs=paragraphs)
