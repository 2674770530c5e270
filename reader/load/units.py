"""A raw dump cut into units: the lines of an innertext dump, the re-joined
paragraphs of a `lynx -dump`, each with what its layout says about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

LYNX_WIDTH = 76  # lynx -dump wraps at this column
WORD = re.compile(r"\w+")


def word_set(text: str) -> set[str]:
    r"""The distinct `\w+` words of a text. Most words stand between spaces
    with no punctuation on them: those are taken as they are (in C), and the
    regular expression runs only over the rest."""
    tokens = set(text.split())
    words = set(filter(str.isalnum, tokens))  # \w is alphanumeric or "_"
    words.update(WORD.findall(" ".join(tokens - words)))
    return words


@dataclass(slots=True)
class Unit:
    text: str
    block: int  # which blank-line-separated block it came from
    alone: bool  # the only unit of its block (a paragraph or a heading)
    heading: bool = False  # lynx: flush left
    item: bool = False  # a list item
    links: int = 0  # lynx: link numbers that were in it
    image: bool = False  # lynx: an `[alt text]` image placeholder
    good: float = 0.0  # how much body text it is worth (negative: furniture)
    credit: tuple[str, str] | None = None  # (caption, credit) when it ends with a credit
    caption: int = -1  # index into the captions found, or -1
    head: bool | None = None  # a byline or date line; None until asked (is_head_line)
    ends: bool = False  # a heading after which the page is no longer the article (judge)


_LINK_NUMBER = re.compile(r"\[\d+\]")
# lynx indents list bullets (* + o # @) and numbers by at least five spaces;
# body text by three, so "# 1 seed" at the start of a paragraph is text.
_LYNX_ITEM = re.compile(r"^(\s{4,})(?:[*+o#@-]|\d+\.)\s+")
_LYNX_REFERENCES = re.compile(r"^\s*\d+\.\s+\S+:\S*$")


def fold_spaces(text: str) -> str:
    """White space folded to single spaces, and trimmed; most lines are
    already (`is_folded` says so by C scans, where split-and-join builds
    every word). The test is `is_folded`'s, written out: this runs for every
    line of every page, and the call cost more than the test."""
    if text.isprintable() and "  " not in text and text.strip(" ") == text:
        return text
    return " ".join(text.split())


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def innertext_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    for block_index, block in enumerate(_BLANK_LINE.split(text)):
        # Positional arguments: a Unit is made for every line of every page.
        if "\n" not in block:  # most blocks: a paragraph, a heading
            line = fold_spaces(block)
            if line:
                units.append(Unit(line, block_index, True))
            continue
        lines = [line for line in map(fold_spaces, block.split("\n")) if line]
        alone = len(lines) == 1
        units += [Unit(line, block_index, alone) for line in lines]
    return units


def lynx_units(text: str) -> list[Unit]:
    lines = _without_references(text.split("\n"))
    units: list[Unit] = []
    pieces: list[str] | None = None  # the last unit's physical lines, once it has several
    block = 0
    previous_end = -1  # where the last physical line of the current unit ends; -1: none
    indent_of_unit = -1
    for raw_line in lines:
        # The indent first: stripping what is left then copies nothing when,
        # as in most lines, spaces are all the white space at its ends.
        left = raw_line.lstrip(" ")
        stripped = left.strip()
        if not stripped:
            block += 1
            previous_end = -1
            continue
        indent = len(raw_line) - len(left)
        item = _LYNX_ITEM.match(raw_line) if indent >= 4 else None
        if item:
            body_indent = item.end()
            content = fold_spaces(raw_line[body_indent:])
        else:
            body_indent = indent
            content = fold_spaces(stripped)
        if (
            previous_end >= 0
            and item is None
            and indent == indent_of_unit
            and previous_end + 1 + _first_word_length(content) > LYNX_WIDTH
            and units
        ):
            if pieces is None:
                pieces = [units[-1].text]
            pieces.append(content)  # joined once at the end: no quadratic +=
        else:
            alone = True  # until another unit of its block comes
            if units:
                if pieces is not None:
                    units[-1].text = " ".join(pieces)
                    pieces = None
                if units[-1].block == block:
                    units[-1].alone = alone = False
            units.append(Unit(content, block, alone, indent == 0, item is not None))
            indent_of_unit = body_indent
        # Where the line ends: at its last character when nothing was stripped.
        previous_end = len(raw_line) if stripped is left else len(raw_line.rstrip())
    if pieces is not None:
        units[-1].text = " ".join(pieces)
    _finish_lynx(units)
    return units


def _first_word_length(text: str) -> int:
    space = text.find(" ")
    return len(text) if space < 0 else space


def _without_references(lines: list[str]) -> list[str]:
    """Drop the `References` list of URLs that closes a lynx dump."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() == "References":
            following = [line for line in lines[index + 1 : index + 6] if line.strip()]
            if following and all(_LYNX_REFERENCES.match(line) for line in following):
                return lines[:index]
    return lines


def _finish_lynx(units: list[Unit]) -> None:
    for unit in units:
        if "[" not in unit.text:
            continue
        text, unit.links = _LINK_NUMBER.subn(" ", unit.text)
        text = fold_spaces(text)
        # `[alt text]` stands for an image; a caption may follow it.
        if text.startswith("[") and text.endswith("]") and "[" not in text[1:-1]:
            unit.image = True
        unit.text = "" if unit.image else text
