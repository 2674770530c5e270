"""Raw page dumps: find the article among the page's boilerplate.

The page is cut into units (units.py); each is judged as body text or not and
the body is the run with the most body text (body.py); the headline, byline
and date are looked for just above it (head.py), the captions between the
headline and the end of the body (figures.py).
"""

from __future__ import annotations

from reader.load.body import GOOD_CHARS, body_region, judge, keep_in_body
from reader.load.figures import find_captions
from reader.load.head import (
    find_byline,
    find_published,
    find_publisher,
    find_section,
    find_title,
    is_head_line,
)
from reader.load.page import Page
from reader.load.units import innertext_units, lynx_units, word_set

__all__ = ["parse_raw"]

TITLE_CONTEXT = 5000  # characters of the body whose words a headline is compared with


def parse_raw(text: str, *, lynx: bool = False) -> Page:
    units = lynx_units(text) if lynx else innertext_units(text)
    for unit in units:
        unit.good = judge(unit)
    start, end = body_region(units)
    if start >= end:
        return Page()
    # The headline's words are the lead's: the opening of the body is enough
    # to score candidates by, and its words cost time in proportion.
    body_text = " ".join(u.text for u in units[start:end] if u.good > 0)
    body_words = word_set(body_text[:TITLE_CONTEXT].casefold())
    # The headline sits above the first real paragraph, which may come some
    # way into the run when the run began on a stray block of text.
    first = next(
        (i for i in range(start, end) if units[i].alone and units[i].good >= GOOD_CHARS), start
    )
    title_index = find_title(units, first, body_words, text)
    if title_index is not None and title_index >= start:
        start = title_index + 1
    head_start = title_index if title_index is not None else max(0, start - 8)
    # Before the paragraphs: finding the captions marks their lines, which the
    # body then leaves out.
    captions = find_captions(units, head_start + (title_index is not None), end)
    paragraphs = tuple(
        unit.text for unit in units[start:end] if keep_in_body(unit) and not is_head_line(unit)
    )
    published = find_published(units, head_start, start, end)
    return Page(
        title=units[title_index].text if title_index is not None else None,
        byline=find_byline(units, head_start, min(len(units), start + 4), title_index),
        publisher=find_publisher(units),
        section=find_section(units, title_index) if title_index is not None else None,
        published=published,
        captions=tuple(captions),
        paragraphs=paragraphs,
    )
