"""The reading pane: an article rendered once per width, drawn line by line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from reader.app.messages import VersionShown
from reader.app.page import (
    FIGURE_INDENT,
    MARGIN,
    Block,
    Line,
    PageStyles,
    layout,
    parse_blocks,
    source_blocks,
)
from reader.app.source import read_source
from reader.app.widgets.lines import LineView
from reader.markdown import Document, to_markdown
from reader.model import Article
from reader.text import visible_controls


@dataclass(frozen=True, slots=True)
class Match:
    block: int
    start: int
    end: int


MAX_MEASURE = 100


class ArticleView(LineView, can_focus=True):
    """Shows one article, or one of its versions, or a version's source file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("slash", "find", "Find", id="reader.find"),
        Binding("n", "next_match", "Next match", id="reader.next_match"),
        Binding("N", "previous_match", "Previous match", id="reader.previous_match"),
        Binding("v", "next_version", "Version", id="reader.next_version"),
        Binding("r", "toggle_source", "Source", id="reader.source"),
        Binding("d", "diff", "Diff", id="reader.diff"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--figure",
        "article-view--credit",
        "article-view--bar",
        "article-view--match",
        "article-view--match-current",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        scrollbar-gutter: stable;
        & > .article-view--title { color: $accent; text-style: bold; }
        & > .article-view--meta { color: $text-muted; text-style: italic; }
        & > .article-view--figure { color: $text; text-style: italic; }
        & > .article-view--credit { color: $text-muted; text-style: not italic; }
        & > .article-view--bar { color: $primary; }
        & > .article-view--match { background: $warning-muted; }
        & > .article-view--match-current { background: $warning; color: $background; }
    }
    """

    version_index: reactive[int | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.showing_source = False
        self.empty_message = "Select an article in the list."
        self._blocks: list[Block] = []
        self._lines: list[Line] = []
        self._block_first_line: list[int] = []
        self._laid_out_width = 0
        self._matches: list[Match] = []
        self._current_match = -1
        self.query_text = ""
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(2000)
        self._match_generation = 0
        self._page_cache: LRUCache[tuple[str, int | None], list[Block]] = LRUCache(16)
        self._styles: PageStyles | None = None
        self._titles: tuple[str, str] | None = None  # the border's, as last set

    # What is shown

    @property
    def document(self) -> Document | None:
        if self.article is None:
            return None
        if self.version_index is None:
            return self.article
        return self.article.versions[self.version_index]

    @property
    def lines(self) -> list[Line]:
        return self._lines

    @property
    def text(self) -> str:
        """Everything the pane would show, one string per wrapped line (for tests)."""
        return "\n".join(line.text.plain for line in self._lines)

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        return self._current_match

    def show(self, article: Article | None) -> None:
        """Show `article` from the top, combined from all its versions."""
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        self.showing_source = False
        if not same or (
            self.version_index is not None
            and article is not None
            and self.version_index >= len(article.versions)
        ):
            self.set_reactive(ArticleView.version_index, None)
        self._rebuild(keep_scroll=same)
        self._update_titles()

    def show_message(self, message: str) -> None:
        self.article = None
        self.empty_message = message
        self._rebuild()
        self._update_titles()

    def _rebuild(self, keep_scroll: bool = False) -> None:
        before = self._shown_rows()
        self._blocks = self._make_blocks()
        self._laid_out_width = 0
        self._relayout(repaint=False)
        if self.query_text:
            self._find(self.query_text, jump=False)
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._repaint_changed(before)

    def _shown_rows(self) -> list[tuple[Text, int, bool]]:
        """What each row of the pane shows now."""
        top = self.scroll_offset.y
        return [
            (line.text, line.indent, line.bar) for line in self._lines[top : top + self.size.height]
        ]

    def _repaint_changed(self, before: list[tuple[Text, int, bool]]) -> None:
        """Repaint only the rows that show something else than `before`.

        Each row Textual repaints costs ~0.1 ms (border, padding, filters)
        on top of drawing it: while the list cursor moves, the rows a short
        article leaves blank, and blank lines that stay put, are not redone.
        (A scroll, a find or a new width repaint everything themselves.)
        """
        after = self._shown_rows()
        top = self.scroll_offset.y
        rows = max(len(before), len(after))
        changed = [y >= min(len(before), len(after)) or before[y] != after[y] for y in range(rows)]
        # One refresh per run of changed rows: each call costs as much as a row.
        start = None
        for y, dirty in enumerate([*changed, False]):
            if dirty and start is None:
                start = y
            elif not dirty and start is not None:
                self.refresh_lines(top + start, y - start)
                start = None

    def _make_blocks(self) -> list[Block]:
        if self.article is None:
            return source_blocks(self.empty_message)
        if self.showing_source:
            version = self.article.versions[self.version_index or 0]
            return source_blocks(read_source(version.source))
        key = (self.article.id, self.version_index)
        cached = self._page_cache.get(key)
        if cached is None:
            document = self.document
            assert document is not None
            cached = parse_blocks(to_markdown(document), self._page_styles())
            self._page_cache[key] = cached
        return cached

    def _page_styles(self) -> PageStyles:
        if self._styles is None:
            self._styles = self._read_page_styles()
        return self._styles

    def _read_page_styles(self) -> PageStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=False)

        return PageStyles(
            title=style("article-view--title"),
            meta=style("article-view--meta"),
            figure=style("article-view--figure"),
            credit=style("article-view--credit"),
            bar=style("article-view--bar"),
        )

    def _relayout(self, repaint: bool = True) -> None:
        width = self._wrap_width()
        if width == self._laid_out_width and self._lines:
            return
        self._laid_out_width = width
        self._lines, self._block_first_line = layout(self._blocks, width)
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        if repaint:
            self.refresh()

    def _wrap_width(self) -> int:
        width = max(10, self.scrollable_content_region.width or self.size.width or 80)
        # Lines much longer than this are hard to read; the source keeps its width.
        return width if self.showing_source else min(width, MAX_MEASURE)

    def on_resize(self, event: Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        if not self.is_mounted:
            return
        # Focus changes restyle the pane too; re-parse only when a theme or
        # CSS change altered the page's own styles (a 20k-word page costs ~50 ms).
        styles = self._read_page_styles()
        if styles != self._styles:
            self._styles = styles
            self._page_cache.clear()
            self._blocks = self._make_blocks()
            self._laid_out_width = 0
            self._relayout()
        self.refresh()

    def _update_titles(self) -> None:
        article = self.article
        if article is None:
            self._set_titles("Article", "")
            return
        count = len(article.versions)
        if self.version_index is None:
            shown = f"combined from {count} versions" if count > 1 else "1 version"
            if self.showing_source:
                shown = f"source of version 1/{count}"
        else:
            version = article.versions[self.version_index]
            what = "source of version" if self.showing_source else "version"
            shown = f"{what} {self.version_index + 1}/{count} · {version.kind} · {version.path}"
        self._set_titles("Source" if self.showing_source else "Article", shown)

    def _set_titles(self, title: str, subtitle: str) -> None:
        # Setting a border title repaints the whole pane, even to the same text.
        if (title, subtitle) == self._titles:
            return
        self._titles = (title, subtitle)
        self.border_title = title
        # Content, not str: a str title is parsed as markup, and paths are scraped names.
        self.border_subtitle = Content(visible_controls(subtitle))

    # Drawing

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        base = self.line_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        key = (index, self._match_generation)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_line(self._lines[index], width, base)
            self._strips[key] = strip
        return strip

    def _render_line(self, line: Line, width: int, base: Style) -> Strip:
        text = line.text
        highlights = self._highlights(line)
        if highlights:
            text = text.copy()
            for start, end, current in highlights:
                name = "article-view--match-current" if current else "article-view--match"
                text.stylize(self.get_component_rich_style(name, partial=True), start, end)
        segments = [Segment(" " * MARGIN)]
        if line.bar:
            bar_style = self.get_component_rich_style("article-view--bar", partial=True)
            segments.append(Segment(" " * (FIGURE_INDENT - 2) + "▌ ", bar_style))
        elif line.indent > MARGIN:
            segments.append(Segment(" " * (line.indent - MARGIN)))
        segments.extend(text.render(self.app.console))
        used = Segment.get_line_length(segments)
        if used < width:
            segments.append(Segment(" " * (width - used)))
        # One Strip per line: building and re-styling several is what costs.
        strip = Strip(Segment.apply_style(segments, base), max(used, width))
        return strip if used <= width else strip.crop(0, width)

    def _highlights(self, line: Line) -> list[tuple[int, int, bool]]:
        if not self._matches:
            return []
        end = line.start + len(line.text.plain)
        found = []
        for number, match in enumerate(self._matches):
            if match.block != line.block or match.end <= line.start or match.start >= end:
                continue
            found.append(
                (
                    max(0, match.start - line.start),
                    min(end, match.end) - line.start,
                    number == self._current_match,
                )
            )
        return found

    # Versions and source

    def watch_version_index(self) -> None:
        self._rebuild(keep_scroll=False)
        self._update_titles()
        if self.article is not None and self.version_index is not None:
            self.post_message(VersionShown(self.article, self.version_index))

    def action_next_version(self) -> None:
        article = self.article
        if article is None:
            return
        if len(article.versions) == 1:
            self.notify("This article has only one version.")
            return
        if self.version_index is None:
            self.version_index = 0
        elif self.version_index + 1 < len(article.versions):
            self.version_index += 1
        else:
            self.version_index = None

    def action_toggle_source(self) -> None:
        if self.article is None:
            return
        self.showing_source = not self.showing_source
        self._rebuild()
        self._update_titles()

    def action_diff(self) -> None:
        article = self.article
        if article is None:
            return
        if len(article.versions) < 2:
            self.notify("only one version")
            return
        from reader.app.screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(article))

    # Finding

    def action_find(self) -> None:
        from reader.app.widgets.prompt import PromptRequested

        self.post_message(PromptRequested("find", self.query_text))

    def find(self, query: str) -> int:
        """Highlight every match of `query`, jump to the first; returns the count."""
        self.query_text = query
        self._find(query, jump=True)
        return len(self._matches)

    def _find(self, query: str, jump: bool) -> None:
        self._matches = []
        self._current_match = -1
        needle = query.casefold()
        if needle:
            for number, block in enumerate(self._blocks):
                hay = block.plain.casefold()
                if len(hay) != len(block.plain):
                    # casefold changed lengths (ß -> ss): lower() keeps offsets.
                    hay, needle_here = block.plain.lower(), query.lower()
                else:
                    needle_here = needle
                start = hay.find(needle_here)
                while start >= 0 and needle_here:
                    self._matches.append(Match(number, start, start + len(needle_here)))
                    start = hay.find(needle_here, start + len(needle_here))
        self._match_generation += 1
        self._strips.clear()
        if self._matches and jump:
            top = self.scroll_offset.y
            following = [n for n, m in enumerate(self._matches) if self._line_of(m) >= top]
            self._go_to_match(following[0] if following else 0)
        self.refresh()

    def _line_of(self, match: Match) -> int:
        first = self._block_first_line[match.block]
        line = first
        while (
            line + 1 < len(self._lines)
            and self._lines[line + 1].block == match.block
            and self._lines[line + 1].start <= match.start
            and self._lines[line + 1].text.plain
        ):
            line += 1
        return line

    def _go_to_match(self, number: int) -> None:
        self._current_match = number
        self._match_generation += 1
        line = self._line_of(self._matches[number])
        self.scroll_to_region(Region(0, line, 1, 1), animate=False, center=True, force=True)
        self.refresh()

    def action_next_match(self) -> None:
        if not self._matches:
            if self.query_text:
                self.notify(f"No match for {self.query_text!r}", markup=False)
            return
        self._go_to_match((self._current_match + 1) % len(self._matches))

    def action_previous_match(self) -> None:
        if not self._matches:
            return
        self._go_to_match((self._current_match - 1) % len(self._matches))

    def scroll_to_figure(self, index: int) -> None:
        for number, block in enumerate(self._blocks):
            if block.figure == index:
                line = self._block_first_line[number]
                self.scroll_to(0, line, animate=False, force=True)
                return
