"""Recognising what kind of text a file holds, and normalising it accordingly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.load.clean import CLEAN_HEADER, parse_clean
from reader.load.raw import parse_raw
from reader.model import Kind, Version

MAX_SCRAP_SHARE = 0.25  # short unpunctuated blocks a clean text may have (subheadings)


def detect(text: str) -> tuple[Kind, str]:
    """The kind and style of a text: ("clean", "clean"), ("raw", "lynx") or ("raw", "innertext").

    A clean text starts with its ` date ` header, or is nothing but paragraphs:
    one line each, separated by blank lines. Anything else is a raw dump.
    """
    first = text.lstrip("\n").partition("\n")[0]
    if CLEAN_HEADER.match(first):
        return Kind.CLEAN, "clean"
    if is_lynx(text):
        return Kind.RAW, "lynx"
    blocks = []
    for piece in _pieces_between_blank_lines(text.strip()):
        block = piece.strip()
        if "\n" in block:
            return Kind.RAW, "innertext"  # a block of lines: known at the first of them
        if block:
            blocks.append(block)
    if blocks:
        # Only paragraphs: clean, unless many are menu-like scraps, as in a
        # page dump whose every element happened to be set off by blank lines.
        scraps = sum(
            1 for block in blocks if len(block) < 40 and not block.endswith((".", "?", "!", ":"))
        )
        if scraps <= MAX_SCRAP_SHARE * len(blocks):
            return Kind.CLEAN, "clean"
    return Kind.RAW, "innertext"


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _pieces_between_blank_lines(text: str) -> Iterator[str]:
    """re.split by blank lines, one piece at a time."""
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        yield text[start : blank.start()]
        start = blank.end()
    yield text[start:]


def is_lynx(text: str) -> bool:
    """`lynx -dump` output: indented wrapped lines, `[12]` link numbers, a References list.

    Most lines of a dump are indented by three spaces: a text where that many
    are (of those with any text), or fewer with a few link numbers, is one."""
    if any(brk in text for brk in _OTHER_LINE_BREAKS):
        return _is_lynx_by_lines(text)
    if not text:
        return False
    # Only "\n" breaks lines: the lines are counted in C, not built, and the
    # ones with text only when the count of all lines leaves the rule open.
    indented = len(_INDENTED_LINE.findall(text)) + (text[:3] == "   " and text[3:4] != " ")
    if indented == 0:
        return text.isspace()  # 0 >= 0.3 * 0: no line has any text
    at_most = text.count("\n") + 1  # lines with text
    if indented >= 0.3 * at_most or indented >= 0.3 * len(_LINE_WITH_TEXT.findall(text)):
        return True
    return indented >= 5 and len(_LINK_NUMBER.findall(text[:200_000])) >= 5


# The other line breaks `str.splitlines` knows; a text with any is split.
_OTHER_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
# Lines after the first indented by three spaces exactly; the empty groups
# make findall list one shared empty string per line, not a copy of each.
_INDENTED_LINE = re.compile(r"\n   (?! )()")
_LINE_WITH_TEXT = re.compile(r"\S()[^\n]*")  # once per line that has any text
_LINK_NUMBER = re.compile(r"\[\d+\]")


def _is_lynx_by_lines(text: str) -> bool:
    """is_lynx on the lines themselves: for a text with a line break other
    than "\n", and the reference the counting is tested against."""
    lines = text.splitlines()
    if not lines:
        return False
    indented = sum(1 for line in lines if line.startswith("   ") and line[3:4] != " ")
    numbered = len(_LINK_NUMBER.findall(text[:200_000]))
    return indented >= 0.3 * len([line for line in lines if line.strip()]) or (
        numbered >= 5 and indented >= 5
    )


def parse_text(
    text: str,
    *,
    path: str,
    source: Path,
    mtime: float = 0.0,
    size: int = 0,
) -> Version:
    """Normalise one source text into a Version (pure: no I/O)."""
    kind, style = detect(text)
    page = parse_clean(text) if kind is Kind.CLEAN else parse_raw(text, lynx=style == "lynx")
    return Version(
        path=path,
        source=source,
        kind=kind,
        style=style,
        title=page.title,
        byline=page.byline,
        publisher=page.publisher,
        section=page.section,
        published=page.published,
        captions=page.captions,
        paragraphs=page.paragraphs,
        mtime=mtime,
        size=size,
    )
