"""Recognising what kind of text a file holds, and normalising it accordingly."""

from __future__ import annotations

import re
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
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", text.strip()) if block.strip()]
    if blocks and not any("\n" in block for block in blocks):
        # Only paragraphs: clean, unless many are menu-like scraps, as in a
        # page dump whose every element happened to be set off by blank lines.
        scraps = sum(
            1 for block in blocks if len(block) < 40 and not block.endswith((".", "?", "!", ":"))
        )
        if scraps <= MAX_SCRAP_SHARE * len(blocks):
            return Kind.CLEAN, "clean"
    return Kind.RAW, "innertext"


def is_lynx(text: str) -> bool:
    """`lynx -dump` output: indented wrapped lines, `[12]` link numbers, a References list."""
    lines = text.splitlines()
    if not lines:
        return False
    indented = sum(1 for line in lines if line.startswith("   ") and line[3:4] != " ")
    numbered = len(re.findall(r"\[\d+\]", text[:200_000]))
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
