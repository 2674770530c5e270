"""Markdown source -> styled blocks -> wrapped lines, for the reading pane.

Rendering happens once per (document, width); the pane then draws cached
lines, which keeps long articles fast where Textual's Markdown widget is not.

A page and its lines are kept in strings and arrays, not in an object per
block or line: Python's full garbage collection walks every container object
while it holds the GIL, every thread waiting, and with a huge page's Text
objects in memory one took 100-200 ms here. Strings and arrays are not walked.
Everything here is pure, so the pane may lay out a long page in a thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import overload

from markdown_it import MarkdownIt
from markdown_it.token import Token

# What Text.wrap itself breaks lines with: the pane wraps as Rich would,
# without a Text made for every line.
from rich._wrap import divide_line
from rich.style import Style
from rich.text import Span, Text

from reader.text import visible_controls


class BlockKind(Enum):
    TITLE = "title"
    META = "meta"
    PARAGRAPH = "paragraph"
    FIGURE = "figure"
    SOURCE = "source"  # one line of a source file, shown as it is


@dataclass(frozen=True, slots=True)
class PageStyles:
    """Rich styles the pane takes from its component classes (so themes apply)."""

    title: Style = field(default_factory=lambda: Style(bold=True))
    meta: Style = field(default_factory=lambda: Style(italic=True, dim=True))
    paragraph: Style = field(default_factory=Style)
    figure: Style = field(default_factory=lambda: Style(italic=True))
    credit: Style = field(default_factory=lambda: Style(dim=True))
    bar: Style = field(default_factory=Style)
    em: Style = field(default_factory=lambda: Style(italic=True))
    strong: Style = field(default_factory=lambda: Style(bold=True))
    code: Style = field(default_factory=lambda: Style(reverse=True))


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: Text
    figure: int | None = None  # index among the page's figures

    @property
    def plain(self) -> str:
        return self.text.plain


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: where it comes from, so finds can be highlighted."""

    text: Text
    block: int
    start: int  # offset of the line's first character in the block's plain text
    indent: int
    bar: bool  # a figure's left rule


_KINDS = list(BlockKind)


class Page(Sequence[Block]):
    """A page's blocks; each Block is made when asked for."""

    def __init__(self) -> None:
        self.plains: list[str] = []
        self._kinds = bytearray()
        self.figures = array("i")  # -1: not a figure
        self.figure_count = 0
        self._palette: list[Style | str] = []  # the styles used, each once
        self._style_ids: dict[Style | str, int] = {}
        self._styles = array("i")  # each block's own
        self._span_first = array("i", [0])  # block n's spans: [first[n], first[n + 1])
        self._span_starts = array("i")
        self._span_ends = array("i")
        self._span_styles = array("i")

    def add(self, kind: BlockKind, text: Text, figure: int | None = None) -> None:
        self.plains.append(text.plain)
        self._kinds.append(_KINDS.index(kind))
        self.figures.append(-1 if figure is None else figure)
        if figure is not None:
            self.figure_count += 1
        self._styles.append(self._style_id(text.style))
        for span in text.spans:
            self._span_starts.append(span.start)
            self._span_ends.append(span.end)
            self._span_styles.append(self._style_id(span.style))
        self._span_first.append(len(self._span_starts))

    def _style_id(self, style: Style | str) -> int:
        found = self._style_ids.get(style)
        if found is None:
            found = self._style_ids[style] = len(self._palette)
            self._palette.append(style)
        return found

    def kind(self, index: int) -> BlockKind:
        return _KINDS[self._kinds[index]]

    def text(self, index: int, start: int = 0, end: int | None = None) -> Text:
        """Block `index`'s text from `start` to `end`, with its styles."""
        plain = self.plains[index]
        end = len(plain) if end is None else end
        palette = self._palette
        text = Text(plain[start:end], style=palette[self._styles[index]])
        for number in range(self._span_first[index], self._span_first[index + 1]):
            span_start, span_end = self._span_starts[number], self._span_ends[number]
            if span_end > start and span_start < end:
                style = palette[self._span_styles[number]]
                text.spans.append(
                    Span(max(span_start, start) - start, min(span_end, end) - start, style)
                )
        return text

    @property
    def chars(self) -> int:
        return sum(map(len, self.plains))

    def __len__(self) -> int:
        return len(self.plains)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> list[Block]: ...
    def __getitem__(self, index: int | slice) -> Block | list[Block]:
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        figure = self.figures[index]
        return Block(self.kind(index), self.text(index), None if figure < 0 else figure)


_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

# Blocks parsed together: a huge page's tokens, all alive at once, set off the
# collections the Page avoids (and parsing a few at a time measured faster).
PARSE_BATCH = 20
# A longer string is handled in parts: one C call on a megabyte (str.translate
# on text that is not ASCII) held the GIL for 100 ms.
CHUNK = 1 << 15


def parse_blocks(source: str, styles: PageStyles) -> Page:
    """The blocks of a page written by `reader.markdown.to_markdown`.

    No block of such a page holds a blank line (its text is escaped, on one
    line), so the page is parsed a few blocks at a time.
    """
    page = Page()
    sources = source.split("\n\n")
    for first in range(0, len(sources), PARSE_BATCH):
        _parse_into(page, "\n\n".join(sources[first : first + PARSE_BATCH]), styles)
    return page


def _parse_into(page: Page, source: str, styles: PageStyles) -> None:
    in_quote = 0
    kind = BlockKind.PARAGRAPH
    figure: Text | None = None
    figures = page.figure_count
    for token in _PARSER.parse(source):
        if token.type == "blockquote_open":
            in_quote += 1
            figure = Text(style=styles.figure) if in_quote == 1 else figure
        elif token.type == "blockquote_close":
            in_quote -= 1
            if in_quote == 0 and figure is not None:
                page.add(BlockKind.FIGURE, figure, figures)
                figures += 1
                figure = None
        elif token.type == "heading_open":
            kind = BlockKind.TITLE
        elif token.type == "paragraph_open" and not in_quote:
            kind = BlockKind.PARAGRAPH
        elif token.type == "inline":
            if figure is not None:
                text = _inline(token, styles)
                if figure.plain:
                    figure.append("\n")
                    text.stylize(styles.credit)
                figure.append_text(text)
                continue
            text = _inline(token, styles)
            if kind is BlockKind.PARAGRAPH and _is_meta(token, page):
                kind = BlockKind.META
                text = Text(text.plain, style=styles.meta)
            elif kind is BlockKind.TITLE:
                text.stylize(styles.title)
            else:
                text.stylize(styles.paragraph)
            page.add(kind, text)
        elif token.type in ("fence", "code_block", "html_block"):
            # Escaped sources never produce these; shown as text if they appear.
            page.add(BlockKind.PARAGRAPH, _visible_text(token.content))


def _is_meta(token: Token, page: Page) -> bool:
    """The emphasised line right under the title (or first on the page)."""
    children = token.children or []
    whole_em = (
        len(children) >= 3 and children[0].type == "em_open" and children[-1].type == "em_close"
    )
    first = not page or (len(page) == 1 and page.kind(0) is BlockKind.TITLE)
    return whole_em and first


def _inline(token: Token, styles: PageStyles) -> Text:
    text = Text()
    stack: list[Style] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            _append_visible(text, child.content, _combined(stack))
        elif kind in ("softbreak", "hardbreak"):
            text.append(" ")
        elif kind == "em_open":
            stack.append(styles.em)
        elif kind == "strong_open":
            stack.append(styles.strong)
        elif kind in ("em_close", "strong_close") and stack:
            stack.pop()
        elif kind == "code_inline":
            _append_visible(text, child.content, styles.code)
        elif child.content:
            _append_visible(text, child.content, _combined(stack))
    return text


def _combined(stack: list[Style]) -> Style | None:
    if not stack:
        return None
    return Style.combine(stack)


def _append_visible(text: Text, content: str, style: Style | None) -> None:
    """`content`, control characters made visible, appended in parts (see CHUNK)."""
    for start in range(0, len(content), CHUNK):
        text.append(visible_controls(content[start : start + CHUNK]), style)


def _visible_text(content: str) -> Text:
    text = Text()
    _append_visible(text, content, None)
    return text


def source_blocks(text: str) -> Page:
    """A source file's lines, control characters made visible, nothing parsed."""
    pictured = text.replace("\r\n", "␍\n").replace("\t", "→   ")
    page = Page()
    for line in pictured.split("\n"):
        page.add(BlockKind.SOURCE, _visible_text(line))
    return page


FIGURE_INDENT = 4
MARGIN = 1


class Lines(Sequence[Line]):
    """A page's wrapped lines as offsets into its blocks; each Line is made when asked for."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.blocks = array("i")
        self.starts = array("i")
        self.ends = array("i")  # -1: the blank line between two blocks
        self.firsts = array("i")  # each block's first line

    def plain(self, index: int) -> str:
        end = self.ends[index]
        if end < 0:
            return ""
        return self.page.plains[self.blocks[index]][self.starts[index] : end]

    @property
    def complete(self) -> bool:
        """Every block of the page is laid out (layout may stop early)."""
        return len(self.firsts) == len(self.page.plains)

    def __len__(self) -> int:
        return len(self.blocks)

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        block, start, end = self.blocks[index], self.starts[index], self.ends[index]
        if end < 0:
            return Line(Text(), block, 0, 0, False)
        figure = self.page.kind(block) is BlockKind.FIGURE
        indent = MARGIN + FIGURE_INDENT if figure else MARGIN
        return Line(self.page.text(block, start, end), block, start, indent, figure)


def layout(
    page: Page,
    width: int,
    stop: Callable[[], bool] | None = None,
    max_lines: int | None = None,
) -> tuple[Lines, array[int]]:
    """Wrap a page to `width` cells; returns the lines and each block's first line.

    `stop` is asked between blocks: once it says so, the lines so far are
    returned; so are they once there are `max_lines` of them (`complete`
    tells whether every block was laid out).
    """
    lines = Lines(page)
    for number, plain in enumerate(page.plains):
        if (stop is not None and stop()) or (max_lines is not None and len(lines) >= max_lines):
            break
        kind = page.kind(number)
        indent = MARGIN + FIGURE_INDENT if kind is BlockKind.FIGURE else MARGIN
        if kind not in (BlockKind.SOURCE, BlockKind.META) and lines:
            lines.blocks.append(number)
            lines.starts.append(0)
            lines.ends.append(-1)
        lines.firsts.append(len(lines))
        room = max(8, width - indent - MARGIN)
        offset = 0
        for part in plain.split("\n"):
            breaks = divide_line(part, room, fold=True)
            for start, end in zip([0, *breaks], [*breaks, len(part)], strict=True):
                lines.blocks.append(number)
                lines.starts.append(offset + start)
                lines.ends.append(offset + start + len(part[start:end].rstrip()))
            offset += len(part) + 1
    return lines, lines.firsts
