"""The article list: a virtual list drawn line by line, fast at 100,000 rows."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from time import perf_counter
from typing import ClassVar, TypeVar, overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive, var
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.app import idle_gc
from reader.app.listing import SORT_KEYS, Entry, Query, matches, parse_query, sort_articles
from reader.app.messages import ArticleChosen, SettingsChanged
from reader.app.state import UserState
from reader.app.widgets.lines import LineView
from reader.app.widgets.prompt import PromptRequested
from reader.markdown import format_date, one_line
from reader.model import Article
from reader.store.cache import Header
from reader.text import visible_controls

DATE_WIDTH = 10
VERSIONS_WIDTH = 3
MARKER_WIDTH = 2
# While loading, a list longer than this is re-sorted on a timer, not per batch:
# sorting 100k rows costs ~0.2 s, too much to repeat ten times a second. The
# timer waits at least RESORT_SECONDS, and RESORT_SHARE times the last sort,
# so that sorting takes no more than a tenth of the time.
RESORT_EVERY_BATCH = 5_000
RESORT_SECONDS = 0.5
RESORT_SHARE = 10
THREADED_FILTER = 20_000  # more articles than this are filtered in a thread
SAY_FILTERING_AFTER = 0.15  # seconds before a threaded filter says it is still at work

# The cache's full-text search: the rows of the headers that match the text
# (None: the text holds no terms), for a list of headers, which hold no body.
Search = Callable[[str], set[int] | None]


T = TypeVar("T")


class Picked(Sequence[T]):
    """Some rows of a list, by their indexes in it, in its order.

    A search that keeps 67,000 of 67,491 rows holds 67,000 machine integers
    here, not 67,000 references: a list of references touched every article
    when it was made (each reference counted: ~10 ms of cache misses at
    100k rows) and again in every young garbage collection while the list
    was new (5-8 ms each, two or three per search).
    """

    __slots__ = ("base", "indexes")

    def __init__(self, base: list[T], indexes: array[int]) -> None:
        self.base = base
        self.indexes = indexes

    def __len__(self) -> int:
        return len(self.indexes)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self.base[i] for i in self.indexes[index]]
        return self.base[self.indexes[index]]

    def __iter__(self) -> Iterator[T]:
        return map(self.base.__getitem__, self.indexes)


def pick(rows: list[T], row_numbers: Sequence[int], found: set[int]) -> Picked[T]:
    """The rows whose cache row (`row_numbers[i]` for `rows[i]`) is in `found`.

    Two passes in C (a byte per row, then the indexes of the ones): 7-9 ms
    in the app for 67k hits among 67k rows, with `row_numbers` an array;
    a list of the headers' own ints took 25-30 ms, as they lie scattered
    in memory."""
    hits = bytes(map(found.__contains__, row_numbers))
    return Picked(rows, array("l", compress(range(len(rows)), hits)))


def _place(rows: Sequence[T], index: int) -> tuple[list[T], int] | None:
    """The list that `rows` shows rows of, and where its row `index` is in it."""
    if isinstance(rows, Picked):
        return rows.base, rows.indexes[index]
    if isinstance(rows, list):
        return rows, index
    return None


def _index_of(rows: Sequence[Entry], entry: Entry, place: tuple[list[Entry], int] | None) -> int:
    """Where the article of `entry` is in `rows` (0 when it is not), found
    from its `place` when `rows` shows the same list: a search keeps 67,000
    rows, and a walk of them to find the one under the cursor cost 3-5 ms."""
    if place is not None:
        base, at = place
        if rows is base:
            return at
        if isinstance(rows, Picked) and rows.base is base:
            index = bisect_left(rows.indexes, at)
            return index if index < len(rows) and rows.indexes[index] == at else 0
    return next((i for i, row in enumerate(rows) if row.id == entry.id), 0)


class ArticleList(LineView, can_focus=True):
    """One row per article: title, publisher, date, number of versions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("ctrl+d,pagedown", "half_page_down", "Half page down", show=False),
        Binding("ctrl+u,pageup", "half_page_up", "Half page up", show=False),
        Binding("enter,l", "open", "Open", id="reader.open"),
        Binding("slash", "filter", "Filter", id="reader.filter"),
        Binding("s", "sort", "Sort", id="reader.sort"),
        Binding("S", "reverse", "Reverse", show=False, id="reader.reverse"),
        Binding("m", "toggle_read", "Read", id="reader.toggle_read"),
        Binding("M", "hide_read", "Hide read", show=False, id="reader.hide_read"),
        Binding("right_square_bracket", "next_unread", "Next unread", show=False),
        Binding("left_square_bracket", "previous_unread", "Previous unread", show=False),
        Binding("f", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("F", "bookmarks_only", "Bookmarks only", show=False, id="reader.bookmarks"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--read",
        "article-list--secondary",
        "article-list--bookmark",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        & > .article-list--cursor { background: $boost; text-style: bold; }
        &:focus > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .article-list--read { color: $text-disabled; }
        & > .article-list--secondary { color: $text-muted; }
        & > .article-list--bookmark { color: $warning; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)
    # The article under the cursor, set when it changes; the screen watches it
    # and shows the article in the pane once the list has been painted.
    highlighted: var[Entry | None] = var(None, init=False, always_update=True)

    def __init__(
        self, state: UserState, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.state = state
        self.articles: list[Entry] = []
        self.shown: Sequence[Entry] = []
        self.search: Search | None = None
        self.sort_key = "date"
        self.reverse = False
        self.query_text = ""
        self._query = Query()
        self.hide_read = False
        self.bookmarks_only = False
        self.empty_message = "Loading…"
        self._strips: LRUCache[tuple[str, bool, int, int, bool], Strip] = LRUCache(1000)
        self._highlighted_id: str | None = None
        self._resort_timer: Timer | None = None
        self._filtering_note: Timer | None = None  # kept: Textual holds timers weakly
        # Articles matching the filter, and how many of `articles` were checked.
        self._matched: list[Entry] | Picked[Entry] = []
        self._checked = 0
        self._filtering = False
        self._sorted: list[Entry] = []  # every row in the sort order ...
        self._sorted_key: tuple[str, bool, int] | None = None  # ... for this order and count
        # The order `_matched` is in, when it is that of `_sorted`; None: another.
        self._matched_order: tuple[str, bool, int] | None = None
        self._sort_seconds = 0.0  # how long the last sort took
        self._sorted_rows: array[int] = array("l")  # the cache row of each (0: none)

    # The rows

    @property
    def current(self) -> Entry | None:
        if 0 <= self.cursor < len(self.shown):
            return self.shown[self.cursor]
        return None

    def set_articles(self, articles: Sequence[Entry]) -> None:
        """Replace every row, keeping the cursor on the same article if it is still there."""
        if self._resort_timer is not None:
            self._resort_timer.stop()
            self._resort_timer = None
        self.articles = list(articles)
        self._sorted_key = None
        self._strips.clear()  # an article's row may have changed with its files
        self._restart_filter()

    def select(self, article_id: str) -> bool:
        """Put the cursor on the article with `article_id`, if it is shown."""
        for index, article in enumerate(self.shown):
            if article.id == article_id:
                self.cursor = index
                return True
        return False

    def find(self, article_id: str) -> Entry | None:
        """The row of the article with `article_id`, shown or filtered out."""
        return next((entry for entry in self.articles if entry.id == article_id), None)

    def add_articles(self, articles: Sequence[Entry]) -> None:
        """Append rows while loading; big lists re-sort at most twice a second."""
        self.articles.extend(articles)
        if len(self.articles) <= RESORT_EVERY_BATCH or self._resort_timer is None:
            if len(self.articles) > RESORT_EVERY_BATCH:
                wait = max(RESORT_SECONDS, RESORT_SHARE * self._sort_seconds)
                self._resort_timer = self.set_timer(wait, self._resort_now)
            self.refilter()

    def _resort_now(self) -> None:
        self._resort_timer = None
        self.refilter()

    def refilter(self) -> None:
        """Recompute the rows shown from the filter, the marks and the sort."""
        if self._filtering:
            self._update_titles()
            return
        keep = self.current
        keep_place = _place(self.shown, self.cursor) if keep is not None else None
        state = self.state
        rows: Sequence[Entry] = self._ordered()
        matching = self._matching()
        if matching is not self.articles:
            if self._matched_order == self._sorted_key:
                # Picked out of these very rows, in their order; a list is
                # copied, as loading appends to it.
                rows = matching if isinstance(matching, Picked) else list(matching)
            else:
                # Picked out of the sorted list, not sorted again: a sort of 100k
                # rows costs ~0.2 s, a pass ~10 ms, and the filter runs per key.
                matched = set(map(id, matching))
                rows = [a for a in rows if id(a) in matched]
        if self.hide_read:
            rows = [a for a in rows if not state.is_read(a.id)]
        if self.bookmarks_only:
            rows = [a for a in rows if state.is_bookmarked(a.id)]
        self.shown = rows
        # The drawn rows stay: each is keyed by its article and what it shows
        # of it, and the rows a filter leaves on screen are mostly those that
        # were there.
        self.set_extent(Size(self.size.width, len(self.shown)))
        self.cursor = 0 if keep is None else _index_of(rows, keep, keep_place)
        self._update_titles()
        self.refresh()

    def _ordered(self) -> list[Entry]:
        """Every row in the sort order, sorted again only when the rows or the order changed."""
        key = (self.sort_key, self.reverse, len(self.articles))
        if self._sorted_key != key:
            start = perf_counter()
            self._sorted = sort_articles(self.articles, self.sort_key, self.reverse)
            # Made with the sort, not at a search: at 100k rows ~11 ms, which
            # the first search after each sort paid, on top of its own.
            self._sorted_rows = array(
                "l", [a.row if isinstance(a, Header) else 0 for a in self._sorted]
            )
            self._sort_seconds = perf_counter() - start
            self._sorted_key = key
        return self._sorted

    def _matching(self) -> Sequence[Entry]:
        """Articles that match the filter; only those not checked before are scanned."""
        if self._query.empty:
            return self.articles
        pending = self.articles[self._checked :]
        if pending:
            if isinstance(self._matched, Picked):
                self._matched = list(self._matched)
            self._matched.extend(a for a in pending if _matches(a, self._query))
            self._matched_order = None  # the new rows come after, whatever their place
        self._checked = len(self.articles)
        return self._matched

    @property
    def searches_cache(self) -> bool:
        """Rows from the cache are filtered by its full-text search."""
        return self.search is not None and any(isinstance(a, Header) for a in self.articles[:1])

    def _restart_filter(self) -> None:
        self._matched = []
        self._matched_order = None
        self._checked = 0
        threaded = self.searches_cache or len(self.articles) > THREADED_FILTER
        if self._query.empty or not threaded:
            self._filtering = False
            self.refilter()
            return
        # Matching words against 100k bodies takes seconds, and a query of the
        # search index tens of milliseconds: a thread keeps keys alive.
        self._filtering = True
        # "filtering…" in the title only for a search that takes a while: most
        # come back within a frame or two, and drawing the title at once took
        # the interpreter away from the search thread for 5-10 ms.
        self._filtering_note = self.set_timer(SAY_FILTERING_AFTER, self._update_titles)
        # The rows in their order and their cache row numbers, both made with
        # the sort and only read by the thread: it picks the matches out of
        # them in that order, so the list has nothing left to do with 100k
        # rows but show them.
        ordered = self._ordered()
        self._filter_in_thread(
            self._query, self.query_text, self.articles, ordered, self._sorted_rows
        )

    # A fixed description: by default the worker would repr() all 100k articles.
    @work(thread=True, exclusive=True, group="filter", description="filter the list")
    def _filter_in_thread(
        self,
        query: Query,
        text: str,
        articles: list[Entry],
        ordered: list[Entry],
        ordered_rows: array[int],
    ) -> None:
        worker = get_current_worker()
        matched: list[Entry] | Picked[Entry]
        if self.search is not None and self.searches_cache:
            found = self.search(text)
            if worker.is_cancelled:
                return
            matched = list(ordered) if found is None else pick(ordered, ordered_rows, found)
        else:
            matched = []
            for index, article in enumerate(ordered):
                if index % 1000 == 0 and worker.is_cancelled:
                    return
                if _matches(article, query):
                    matched.append(article)
        self.app.call_from_thread(self._filtered, query, articles, ordered, matched)

    def _filtered(
        self,
        query: Query,
        articles: list[Entry],
        ordered: list[Entry],
        matched: list[Entry] | Picked[Entry],
    ) -> None:
        if query is not self._query:
            return  # a newer filter is on its way
        if articles is not self.articles:
            self._restart_filter()
            return
        # `ordered` holds the first len(ordered) articles (rows are only
        # appended): those that came since are matched by `_matching`.
        self._matched, self._checked = matched, len(ordered)
        self._matched_order = self._sorted_key if ordered is self._sorted else None
        self._filtering = False
        if self._filtering_note is not None:
            self._filtering_note.stop()
            self._filtering_note = None
        self.refilter()

    def _update_titles(self) -> None:
        total = len(self.articles)
        shown = len(self.shown)
        self.border_title = f"Articles {shown}" if shown == total else f"Articles {shown}/{total}"
        notes = [("↓" if self.reverse else "") + f"by {self.sort_key}"]
        if self.query_text:
            notes.append(
                f"filter: {self.query_text}" + (" (filtering…)" if self._filtering else "")
            )
        if self.hide_read:
            notes.append("unread")
        if self.bookmarks_only:
            notes.append("bookmarks")
        # Content, not str: a str title is parsed as markup, and the filter is user text.
        self.border_subtitle = Content(" · ".join(notes))

    # Drawing

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        # Not size.width: that includes the vertical scrollbar's column, and a
        # row that wide had its last cell (the versions) hidden under it.
        width = self.content_width
        base = self.line_style
        if not self.shown:
            if y == 0:
                style = self.get_component_rich_style("article-list--empty", partial=False)
                text = Text(" " + self._empty_text(), style=style)
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(list(text.render(self.app.console))).apply_style(base)
            return Strip.blank(width, base)
        if index >= len(self.shown):
            return Strip.blank(width, base)
        article = self.shown[index]
        is_cursor = index == self.cursor
        key = (article.id, is_cursor, width, self.state.generation, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(article, is_cursor, width, base)
            self._strips[key] = strip
        return strip

    def _empty_text(self) -> str:
        if self.articles:
            return "No article matches. Press / and clear the filter to see all."
        return self.empty_message

    def _render_row(self, article: Entry, is_cursor: bool, width: int, base: Style) -> Strip:
        read = self.state.is_read(article.id)
        bookmarked = self.state.is_bookmarked(article.id)
        style = Style()
        if read:
            style += self.get_component_rich_style("article-list--read", partial=False)
        secondary = style + self.get_component_rich_style("article-list--secondary", partial=False)
        if read:
            secondary = style
        show_publisher = width >= 60
        show_date = width >= 36
        publisher_width = min(18, width // 5) if show_publisher else 0
        fixed = MARKER_WIDTH + VERSIONS_WIDTH + 1
        fixed += (DATE_WIDTH + 1) if show_date else 0
        fixed += (publisher_width + 1) if show_publisher else 0
        title_width = max(1, width - fixed)
        row = Text(no_wrap=True, overflow="ellipsis")
        if bookmarked:
            row.append("★ ", self.get_component_rich_style("article-list--bookmark", partial=False))
        else:
            row.append("  ")
        row.append_text(_cell(article.display_title, title_width, style))
        if show_publisher:
            row.append(" ")
            row.append_text(_cell(article.publisher or "", publisher_width, secondary))
        if show_date:
            row.append(" ")
            row.append_text(_cell(format_date(article.published)[:10], DATE_WIDTH, secondary))
        count = article.version_count
        row.append(" ")
        versions = f"×{count}" if count > 1 else ""
        row.append(f"{versions:>{VERSIONS_WIDTH}}", secondary)
        row.truncate(width, overflow="ellipsis", pad=True)
        if is_cursor:
            row.stylize(self.get_component_rich_style("article-list--cursor", partial=True))
        segments = Segment.apply_style(row.render(self.app.console), base)
        return Strip(segments, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.shown))
        self._strips.clear()

    # The cursor

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.shown) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        # Moved by a key, a click, a filter or the app (the cursor is set even
        # when it stays): the pane follows, and the user is not idle.
        idle_gc.touch()
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        article = self.current
        article_id = article.id if article is not None else None
        if article_id != self._highlighted_id:
            self._highlighted_id = article_id
            self.highlighted = article

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.shown) - 1

    def action_half_page_down(self) -> None:
        self.cursor += max(1, self.size.height // 2)

    def action_half_page_up(self) -> None:
        self.cursor -= max(1, self.size.height // 2)

    def on_click(self, event: Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < len(self.shown):
            if row == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = row

    def action_open(self) -> None:
        article = self.current
        if article is not None:
            self.state.mark_read(article.id)
            self._strips.clear()
            self.refresh()
            self.post_message(ArticleChosen(article))

    # Filter, sort, marks

    def action_filter(self) -> None:
        self.post_message(PromptRequested("filter", self.query_text))

    def apply_filter(self, text: str) -> None:
        self.query_text = visible_controls(text.strip())
        self._query = parse_query(self.query_text)
        self._restart_filter()

    def action_sort(self) -> None:
        position = SORT_KEYS.index(self.sort_key)
        self.sort_key = SORT_KEYS[(position + 1) % len(SORT_KEYS)]
        self.refilter()
        self.notify(f"Sorted by {self.sort_key}", timeout=2)
        self.post_message(SettingsChanged())

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.refilter()
        self.post_message(SettingsChanged())

    def _redraw_rows(self) -> None:
        self._strips.clear()
        self.refresh()

    def action_toggle_read(self) -> None:
        article = self.current
        if article is None:
            return
        self.state.toggle_read(article.id)
        self._redraw_rows()

    def action_hide_read(self) -> None:
        self.hide_read = not self.hide_read
        self.refilter()
        self.notify("Read articles hidden" if self.hide_read else "Read articles shown", timeout=2)

    def action_next_unread(self) -> None:
        self._move_to_unread(1)

    def action_previous_unread(self) -> None:
        self._move_to_unread(-1)

    def _move_to_unread(self, step: int) -> None:
        index = self.cursor + step
        while 0 <= index < len(self.shown):
            if not self.state.is_read(self.shown[index].id):
                self.cursor = index
                return
            index += step
        self.notify("No more unread articles", timeout=2)

    def action_bookmark(self) -> None:
        article = self.current
        if article is None:
            return
        added = self.state.toggle_bookmark(article.id)
        self._redraw_rows()
        self.notify("Bookmarked" if added else "Bookmark removed", timeout=2)
        if self.bookmarks_only and not added:
            self.refilter()

    def action_bookmarks_only(self) -> None:
        self.bookmarks_only = not self.bookmarks_only
        self.refilter()


def _matches(entry: Entry, query: Query) -> bool:
    """The filter on a whole article; a header is matched by the cache's search."""
    return isinstance(entry, Article) and matches(entry, query)


def _cell(text: str, width: int, style: Style) -> Text:
    """`text` on one line in exactly `width` cells, cut with an ellipsis."""
    cell = Text(one_line(text), style=style, no_wrap=True)
    cell.truncate(width, overflow="ellipsis", pad=True)
    return cell
