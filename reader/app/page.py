"""Markdown source -> styled blocks -> wrapped lines, for the reading pane.

Rendering happens once per (document, width); the pane then draws cached
lines, which keeps long articles fast where Textual's Markdown widget is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console
from rich.style import Style
from rich.text import Text

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


_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def parse_blocks(source: str, styles: PageStyles) -> list[Block]:
    """The blocks of a page written by `reader.markdown.to_markdown`."""
    blocks: list[Block] = []
    tokens = _PARSER.parse(source)
    in_quote = 0
    kind = BlockKind.PARAGRAPH
    figure: Text | None = None
    figures = 0
    for token in tokens:
        if token.type == "blockquote_open":
            in_quote += 1
            figure = Text(style=styles.figure) if in_quote == 1 else figure
        elif token.type == "blockquote_close":
            in_quote -= 1
            if in_quote == 0 and figure is not None:
                blocks.append(Block(BlockKind.FIGURE, figure, figures))
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
            if kind is BlockKind.PARAGRAPH and _is_meta(token, blocks):
                kind = BlockKind.META
                text = Text(text.plain, style=styles.meta)
            elif kind is BlockKind.TITLE:
                text.stylize(styles.title)
            else:
                text.stylize(styles.paragraph)
            blocks.append(Block(kind, text))
        elif token.type in ("fence", "code_block", "html_block"):
            # Escaped sources never produce these; shown as text if they appear.
            blocks.append(Block(BlockKind.PARAGRAPH, Text(visible_controls(token.content))))
    return blocks


def _is_meta(token: Token, blocks: list[Block]) -> bool:
    """The emphasised line right under the title (or first on the page)."""
    children = token.children or []
    whole_em = (
        len(children) >= 3 and children[0].type == "em_open" and children[-1].type == "em_close"
    )
    first = not blocks or (len(blocks) == 1 and blocks[0].kind is BlockKind.TITLE)
    return whole_em and first


def _inline(token: Token, styles: PageStyles) -> Text:
    text = Text()
    stack: list[Style] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            text.append(visible_controls(child.content), _combined(stack))
        elif kind in ("softbreak", "hardbreak"):
            text.append(" ")
        elif kind == "em_open":
            stack.append(styles.em)
        elif kind == "strong_open":
            stack.append(styles.strong)
        elif kind in ("em_close", "strong_close") and stack:
            stack.pop()
        elif kind == "code_inline":
            text.append(visible_controls(child.content), styles.code)
        elif child.content:
            text.append(visible_controls(child.content), _combined(stack))
    return text


def _combined(stack: list[Style]) -> Style | None:
    if not stack:
        return None
    return Style.combine(stack)


def source_blocks(text: str) -> list[Block]:
    """A source file's lines, control characters made visible, nothing parsed."""
    pictured = text.replace("\r\n", "␍\n").replace("\t", "→   ")
    return [Block(BlockKind.SOURCE, Text(visible_controls(line))) for line in pictured.split("\n")]


_CONSOLE = Console(width=200, color_system=None, force_terminal=False, legacy_windows=False)

FIGURE_INDENT = 4
MARGIN = 1


def layout(blocks: list[Block], width: int) -> tuple[list[Line], list[int]]:
    """Wrap blocks to `width` cells; returns the lines and each block's first line."""
    lines: list[Line] = []
    firsts: list[int] = []
    for number, block in enumerate(blocks):
        if block.kind is BlockKind.SOURCE:
            indent, gap = MARGIN, False
        elif block.kind is BlockKind.FIGURE:
            indent, gap = MARGIN + FIGURE_INDENT, True
        elif block.kind is BlockKind.META:
            indent, gap = MARGIN, False
        else:
            indent, gap = MARGIN, True
        if gap and lines:
            lines.append(Line(Text(), number, 0, 0, False))
        firsts.append(len(lines))
        room = max(8, width - indent - MARGIN)
        plain = block.plain
        position = 0
        wrapped = block.text.wrap(_CONSOLE, room, overflow="fold") if plain else [Text()]
        for piece in wrapped:
            piece.rstrip()
            start = plain.find(piece.plain, position) if piece.plain else position
            if start < 0:
                start = position
            position = start + len(piece.plain)
            lines.append(Line(piece, number, start, indent, block.kind is BlockKind.FIGURE))
    return lines, firsts
