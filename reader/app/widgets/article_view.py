"""The reading pane: an article rendered once per width, drawn line by line."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.app.messages import VersionShown
from reader.app.page import (
    FIGURE_INDENT,
    MARGIN,
    BlockKind,
    Line,
    Lines,
    Page,
    PageStyles,
    layout,
    parse_blocks,
    source_blocks,
)
from reader.app.source import read_source, source_size
from reader.app.widgets.lines import LineView
from reader.markdown import Document, page_chars, to_markdown
from reader.model import Article
from reader.text import visible_controls


class Match(NamedTuple):
    """A tuple of ints: the collector stops tracking it (a find may make 100,000)."""

    block: int
    start: int
    end: int


MAX_MEASURE = 100

# Longer pages (in characters) are parsed and wrapped in a thread. The densest
# page measured (10,000 captions) costs ~1 µs a character to parse and wrap, a
# plain article 0.2 µs: a page this long takes at most ~30 ms on the loop, and
# an ordinary article (a few thousand words) is shown at once, as it always was.
THREAD_CHARS = 30_000

PageKey = tuple[str, int | None]  # article id, version index


@dataclass(frozen=True, slots=True)
class LayoutJob:
    """A page to lay out in a thread, with everything the thread may read."""

    generation: int
    width: int
    make_page: Callable[[], Page]  # pure: reads no widget
    key: PageKey | None  # where the parsed page is cached
    keep_scroll: bool  # the page shown stays up (and in place) until this one is ready
    rewrap: bool  # the same blocks at another width: the top row's text stays on top


@dataclass
class LaidOut(Message, bubble=False):
    """A thread's page and lines, shown only if its job is still the last one asked for."""

    job: LayoutJob
    page: Page
    chars: int
    lines: Lines


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
        self._blocks = Page()  # what is shown: nothing while a placeholder shows
        self._chars = 0  # in the blocks
        self._lines = Lines(self._blocks)
        self._laid_out_width = 0
        # Every new page or width bumps the generation; a thread's result for
        # an older one is dropped when it arrives.
        self._generation = 0
        self._pending: LayoutJob | None = None
        self._find_when_shown = False  # a find asked for while the page was laid out
        self._figure_when_shown: int | None = None
        self._matches: list[Match] = []
        self._current_match = -1
        self.query_text = ""
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(2000)
        self._match_generation = 0
        self._page_cache: LRUCache[PageKey, Page] = LRUCache(16)
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
    def lines(self) -> Lines:
        return self._lines

    @property
    def text(self) -> str:
        """Everything the pane would show, one string per wrapped line (for tests)."""
        lines = self._lines
        return "\n".join(lines.plain(n) for n in range(len(lines)))

    @property
    def laying_out(self) -> bool:
        """A page is being laid out in a thread (a placeholder, or the page before, shows)."""
        return self._pending is not None

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        return self._current_match

    def show(self, article: Article | None) -> None:
        """Show `article` from the top, combined from all its versions."""
        if article is not None and article is self.article and not self.showing_source:
            return  # already shown (or being laid out): a huge page is not parsed twice
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
        self._generation += 1
        if not keep_scroll:
            self._find_when_shown = False
            self._figure_when_shown = None
        make_page, chars, key = self._page_maker()
        width = self._wrap_width()
        if chars > THREAD_CHARS:
            self._lay_out_in_thread(
                LayoutJob(self._generation, width, make_page, key, keep_scroll, rewrap=False)
            )
            if keep_scroll:
                return
            self._show_placeholder(chars, width)
        else:
            if self._pending is not None:
                self._pending = None
                self.workers.cancel_group(self, "layout")
            page = make_page()
            if key is not None:
                self._page_cache[key] = page
            self._blocks, self._chars = page, page.chars
            # A new article from its top: the screenful it opens with now, the
            # rest once that is painted (wrapping a long article costs as
            # much as drawing the pane). Finding needs every line at once.
            first = None if keep_scroll or self.query_text else 2 * self.size.height or None
            lines = layout(page, width, max_lines=first)[0]
            self._set_lines(lines, width)
            if not lines.complete:
                self.call_after_refresh(self._finish_layout, self._generation, width)
            if self.query_text:
                self._find(self.query_text, jump=False)
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._repaint_changed(before)

    def _finish_layout(self, generation: int, width: int) -> None:
        """The rest of a page that was shown before it was all laid out."""
        if generation == self._generation and width == self._laid_out_width:
            self._set_lines(layout(self._blocks, width)[0], width)

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

    def _page_maker(self) -> tuple[Callable[[], Page], int, PageKey | None]:
        """How to make the page to be shown, about how many characters it holds,
        and the cache key to keep it under (if it is not cached yet).

        Only the making may be slow (parsing, reading a file): it reads nothing
        but the immutable values caught here, so it may run in a thread.
        """
        article = self.article
        if article is None:
            message = self.empty_message
            return (lambda: source_blocks(message)), len(message), None
        if self.showing_source:
            path = article.versions[self.version_index or 0].source
            return (lambda: source_blocks(read_source(path))), source_size(path), None
        key = (article.id, self.version_index)
        cached = self._page_cache.get(key)
        if cached is not None:
            return (lambda: cached), cached.chars, None
        document = self.document
        assert document is not None
        styles = self._page_styles()
        return (lambda: parse_blocks(to_markdown(document), styles)), page_chars(document), key

    # Laying out in a thread

    def _lay_out_in_thread(self, job: LayoutJob) -> None:
        self._pending = job
        self.run_worker(
            partial(self._lay_out, job), name="layout", group="layout", thread=True, exclusive=True
        )

    def _lay_out(self, job: LayoutJob) -> None:
        """In the worker's thread: the job's own values only, never the widget's."""
        worker = get_current_worker()
        page = job.make_page()
        # Cancelled: another page or width was asked for (a resize sends many).
        lines, _ = layout(page, job.width, stop=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(LaidOut(job, page, page.chars, lines))

    def on_laid_out(self, message: LaidOut) -> None:
        job = message.job
        if job.generation != self._generation:
            return  # for a page, width or mode no longer asked for
        self._pending = None
        if job.key is not None:
            self._page_cache[job.key] = message.page
        anchor = self._top_anchor() if job.rewrap else None
        self._blocks, self._chars = message.page, message.chars
        self._set_lines(message.lines, job.width)
        if job.rewrap:
            self._scroll_to_anchor(anchor)
        else:
            if self.query_text:
                self._find(self.query_text, jump=self._find_when_shown)
            if not job.keep_scroll:
                figure = self._figure_when_shown
                if figure is not None:
                    self.scroll_to_figure(figure)
                elif not self._find_when_shown:
                    self.scroll_to(0, 0, animate=False, immediate=True)
        self._find_when_shown = False
        self._figure_when_shown = None
        self.refresh()

    def _show_placeholder(self, chars: int, width: int) -> None:
        """What the pane shows while the page is laid out: no blocks, so nothing to find."""
        note = f"Laying out the page ({max(1, chars // 1024):,} KB)…"
        page = Page()
        page.add(BlockKind.META, Text(note, style=self._page_styles().meta))
        self._blocks, self._chars = Page(), 0
        self._matches, self._current_match = [], -1
        self._match_generation += 1
        self._set_lines(layout(page, width)[0], width)

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

    def _relayout(self) -> None:
        """Wrap the page again when the width changed, its top row's text kept on top."""
        width = self._wrap_width()
        pending = self._pending
        if pending is not None:
            if pending.width != width:
                self._generation += 1
                self._lay_out_in_thread(replace(pending, generation=self._generation, width=width))
            return
        if width == self._laid_out_width:
            return
        if self._chars > THREAD_CHARS:
            # The page stays up, drawn at the old width, until it is wrapped again.
            page = self._blocks
            self._generation += 1
            self._lay_out_in_thread(
                LayoutJob(self._generation, width, lambda: page, None, True, rewrap=True)
            )
            return
        anchor = self._top_anchor()
        self._set_lines(layout(self._blocks, width)[0], width)
        self._scroll_to_anchor(anchor)
        self.refresh()

    def _set_lines(self, lines: Lines, width: int) -> None:
        self._lines = lines
        self._laid_out_width = width
        self._strips.clear()
        self.set_extent(Size(width, len(lines)))

    def _top_anchor(self) -> tuple[int, int] | None:
        """The block and offset the top row shows, to find them again after a re-wrap."""
        top = self.scroll_offset.y
        lines = self._lines
        if not self._blocks or top >= len(lines) or top == 0:
            return None
        return lines.blocks[top], lines.starts[top]

    def _scroll_to_anchor(self, anchor: tuple[int, int] | None) -> None:
        if anchor is not None and anchor[0] < len(self._lines.firsts):
            y = self._line_at(*anchor)
            self.scroll_to(0, y, animate=False, immediate=True, force=True)

    def _wrap_width(self) -> int:
        width = max(10, self.scrollable_content_region.width or self.size.width or 80)
        # Lines much longer than this are hard to read; the source keeps its width.
        return width if self.showing_source else min(width, MAX_MEASURE)

    def on_resize(self, event: Resize) -> None:
        # Strips are cut to the width they were drawn for.
        self._strips.clear()
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
            self._rebuild(keep_scroll=True)
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
        matches = self._matches
        if not matches:
            return []
        end = line.start + len(line.text.plain)
        found = []
        # Matches are in page order: skip to the first that ends inside this line.
        first = bisect_right(matches, (line.block, line.start), key=lambda m: (m.block, m.end))
        for number in range(first, len(matches)):
            match = matches[number]
            if match.block != line.block or match.start >= end:
                break
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
        """Highlight every match of `query`, jump to the first; returns the count.

        While the page is laid out in a thread there is nothing to search yet:
        the count is 0, and the find is done when the page shows.
        """
        self.query_text = query
        self._find_when_shown = self._pending is not None
        self._find(query, jump=True)
        return len(self._matches)

    def _find(self, query: str, jump: bool) -> None:
        self._matches = []
        self._current_match = -1
        needle = query.casefold()
        if needle:
            for number, plain in enumerate(self._blocks.plains):
                hay = plain.casefold()
                if len(hay) != len(plain):
                    # casefold changed lengths (ß -> ss): lower() keeps offsets.
                    hay, needle_here = plain.lower(), query.lower()
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
            matches = self._matches
            following = bisect_left(
                range(len(matches)), top, key=lambda n: self._line_of(matches[n])
            )
            self._go_to_match(following if following < len(matches) else 0)
        self.refresh()

    def _line_of(self, match: Match) -> int:
        return self._line_at(match.block, match.start)

    def _line_at(self, block: int, offset: int) -> int:
        """The wrapped line that shows character `offset` of `block`."""
        lines = self._lines
        first = lines.firsts[block]
        end = len(lines)
        if block + 1 < len(lines.firsts):
            end = lines.firsts[block + 1]
            if lines.blocks[end - 1] != block:
                end -= 1  # the blank line above the next block
        # A block's lines are in the order of their offsets.
        return max(first, bisect_right(lines.starts, offset, first, end) - 1)

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
        if self._pending is not None and not self._blocks:
            self._figure_when_shown = index  # where to go once the page shows
            return
        figures = self._blocks.figures
        if index in figures:
            line = self._lines.firsts[figures.index(index)]
            self.scroll_to(0, line, animate=False, force=True)
