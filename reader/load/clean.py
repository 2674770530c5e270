"""Cleaned article texts: ` date YYYY-MM-DD <lead caption>`, then paragraphs."""

from __future__ import annotations

import re
from datetime import date

from reader.load.captions import make_caption
from reader.load.page import Page
from reader.load.units import fold_spaces
from reader.model import Caption

CLEAN_HEADER = re.compile(r"^ ?date (\d{4})-(\d{2})-(\d{2})\b ?(.*)$")
_BLANK_LINES = re.compile(r"\n\s*\n")


def parse_clean(text: str) -> Page:
    """The date, the lead caption and the paragraphs of a clean text."""
    first, _, rest = text.partition("\n")
    published: date | None = None
    captions: tuple[Caption, ...] = ()
    header = CLEAN_HEADER.match(first)
    if header:
        try:
            published = date(int(header[1]), int(header[2]), int(header[3]))
        except ValueError:
            published = None
        lead = header[4].strip()
        if lead:
            captions = (make_caption(lead, 0),)
        body = rest
    else:
        body = text
    paragraphs = tuple(fold_spaces(block) for block in _BLANK_LINES.split(body) if block.strip())
    return Page(published=published, captions=captions, paragraphs=paragraphs)
