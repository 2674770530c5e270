"""The main screen: list · reading pane · sidebar; routes messages between them."""

from __future__ import annotations

import gc
import os
import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from reader.app.keys import KeyGroup, key_group
from reader.app.library import CachedArticles
from reader.app.listing import Entry
from reader.app.loading import load_in_batches, provisional
from reader.app.messages import (
    ArticleChosen,
    CaptionChosen,
    FilesChecked,
    LoadFinished,
    LoadStarted,
    SearchIndexed,
    SettingsChanged,
    StoreNotices,
    VersionShown,
    VersionsParsed,
)
from reader.app.state import UserState
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.app.widgets.footer import KeyFooter
from reader.app.widgets.prompt import (
    Prompt,
    PromptChanged,
    PromptClosed,
    PromptRequested,
    PromptSubmitted,
)
from reader.app.widgets.sidebar import Sidebar
from reader.load import parse_file
from reader.load.files import SourceFile, display_name
from reader.model import Article, Pending, Problem, Version
from reader.store.cache import Header

if TYPE_CHECKING:
    from reader.app.scan_ahead import ScanAhead

NARROW = 140  # below this many columns the sidebar steps aside (`i` still shows it)
CRAMPED = 100  # below this, list, pane and sidebar do not fit side by side
LIVE_FILTER_LIMIT = 20_000  # above this, the filter waits for enter
INSTANT_WORDS = 3_000  # longer articles render after the cursor rests
REST_SECONDS = 0.12


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="reader.help"),
        Binding("i", "toggle_sidebar", "Info", id="reader.sidebar"),
        Binding("p", "problems", "Problems", id="reader.problems"),
        Binding("e", "edit", "Edit", show=False, id="reader.edit"),
        Binding("y", "copy_path", "Copy path", show=False, id="reader.copy_path"),
        Binding("q,escape", "app.quit", "Quit", id="reader.quit"),
    ]

    def __init__(
        self,
        paths: Sequence[str],
        state: UserState,
        articles: Sequence[Article] | None = None,
        *,
        cache_dir: Path | None = None,
        sort: tuple[str, bool] | None = None,
        sidebar: bool | None = None,
        ahead: ScanAhead | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.cache_dir = cache_dir  # the loader opens its own Cache there
        self.ahead = ahead  # the first load's check for changes, begun at start-up
        self.initial_sort = sort  # (key, reversed) from the settings
        self.initial_sidebar = sidebar  # from the settings; None: shown when there is room
        self.state = state
        self.initial_articles = list(articles) if articles is not None else None
        self.problems: list[Problem] = []
        self.files_total = 0
        self._sidebar_auto_hidden = False
        self._rest_timer: Timer | None = None
        self._shows = 0  # counts the pane's updates, asked for and made: a later one supersedes
        self._prompt_origin: Widget | None = None
        # Where the rows that are cache headers get their articles and search hits.
        self.cached = CachedArticles(cache_dir, self.paths) if cache_dir is not None else None
        self._status_note = ""  # after the counts: checking for changes, indexing
        self._reloaded_for_missing = False  # a row's article was missing: reloaded once

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ArticleList(self.state, id="list")
            yield ArticleView(id="view")
            yield Sidebar(id="sidebar")
        yield Prompt(id="prompt")
        with Horizontal(id="status"):
            yield Static(Content(""), id="status-text")
            yield ProgressBar(id="progress", show_eta=False)
        yield KeyFooter()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#view", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    def on_mount(self) -> None:
        if self.initial_sort is not None:
            self.article_list.sort_key, self.article_list.reverse = self.initial_sort
        if self.initial_sidebar is False:
            self.sidebar.set_visible(False)
            self._sidebar_auto_hidden = False
        else:
            # Now, before the first layout: stepping aside at the first resize
            # would lay out and draw the screen twice.
            self._fit_sidebar(self.app.size.width)
        self.watch(self.article_list, "highlighted", self._article_highlighted, init=False)
        if self.cached is not None:
            self.article_list.search = self.cached.search_rows
        self.article_list.focus()
        self.article_view.show_message("Select an article in the list.")
        if self.initial_articles is not None:
            self.article_list.set_articles(self.initial_articles)
            self._finish_status()
        else:
            self._set_status(Content("Looking for files…"))
            self.load_paths()

    # Loading

    @work(thread=True, exclusive=True, group="load")
    def load_paths(self) -> None:
        worker = get_current_worker()
        ahead, self.ahead = self.ahead, None  # a reload checks the files itself
        load_in_batches(
            self.paths, self.post_message, lambda: worker.is_cancelled, self.cache_dir, ahead
        )

    def on_store_notices(self, message: StoreNotices) -> None:
        for notice in message.notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)

    def on_load_started(self, message: LoadStarted) -> None:
        self.files_total = message.total
        self.problems = list(message.problems)
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=max(1, message.total), progress=0)
        progress.display = True
        self._set_status(Content(f"Loading 0/{message.total} files"))

    def on_versions_parsed(self, message: VersionsParsed) -> None:
        self.problems.extend(message.problems)
        if message.rows:
            self.article_list.add_articles(message.rows)
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=max(1, message.total), progress=message.done)
        progress.display = True
        self._set_status(Content(f"Loading {message.done}/{message.total} files"))

    def on_load_finished(self, message: LoadFinished) -> None:
        self.problems = list(message.problems)
        self.files_total = message.files_seen
        article_list = self.article_list
        current = article_list.current
        renames = message.renames
        for entry in article_list.articles:
            final_id = renames.get(entry.id)
            if final_id is not None:
                self.state.rename(entry.id, final_id)
        article_list.set_articles(message.articles)
        if current is not None:
            article_list.select(renames.get(current.id, current.id))
        if not message.articles:
            where = ", ".join(self.paths) or "the given paths"
            text = f"No articles found in {where}."
            article_list.empty_message = text
            article_list.refresh()
            self.article_view.show_message(text)
        else:
            shown = self.article_view.article
            if shown is not None:
                row = article_list.find(renames.get(shown.id, shown.id))
                final = self._resolve(row) if row is not None else None
                if final != shown:  # unchanged: keep the place and the finds
                    self.article_view.show(final)
                    self.sidebar.show(final)
        self._status_note = "checking for changes…" if message.checking else ""
        if not message.checking:
            self._reloaded_for_missing = False
        self._finish_status()
        if not message.checking:
            self._prepare_search()
        # The list's rows live as long as the list: a full garbage collection
        # need not walk them again and again (at 100k rows each one froze the
        # screen for ~0.1 s). They hold no cycles, so they are still freed
        # when a new list replaces them.
        gc.freeze()

    def _prepare_search(self) -> None:
        """Open the search connection once the list is final (not during the
        warm start's first rows), so that the first search need not."""
        cached = self.cached
        if cached is not None and not cached.search_open and self.article_list.searches_cache:
            self._prepare_search_in_thread(cached)

    @work(thread=True, exclusive=True, group="prepare-search")
    def _prepare_search_in_thread(self, cached: CachedArticles) -> None:
        cached.prepare_search()

    def on_files_checked(self, message: FilesChecked) -> None:
        self._status_note = ""
        self._finish_status()
        self._prepare_search()

    def on_search_indexed(self, message: SearchIndexed) -> None:
        done = message.done >= message.total
        self._status_note = (
            "" if done else f"indexing for search {message.done:,}/{message.total:,}"
        )
        self._finish_status()

    def _finish_status(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        count = len(self.article_list.articles)
        parts = [f"{count:,} article" + ("" if count == 1 else "s")]
        if self.files_total:
            parts.append(f"{self.files_total:,} file" + ("" if self.files_total == 1 else "s"))
        if self.problems:
            parts.append(f"{len(self.problems):,} not read (p to see)")
        if self._status_note:
            parts.append(self._status_note)
        self._set_status(Content(" · ".join(parts)))

    def _set_status(self, content: Content) -> None:
        self.query_one("#status-text", Static).update(content)

    # The list drives the pane

    def _article_highlighted(self, article: Entry | None) -> None:
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        self._shows += 1
        if article is None or article.word_count <= INSTANT_WORDS:
            # After the list's paint: the cursor moves in the frame of the
            # key (two rows, a few ms), the pane in the next one (laying out
            # an article takes 10-20 ms). Another key or `enter` before then
            # supersedes it.
            self.call_after_refresh(self._show_unless_superseded, article, self._shows)
        else:
            self._rest_timer = self.set_timer(REST_SECONDS, lambda: self._show(article))

    def _show_unless_superseded(self, article: Entry | None, asked: int) -> None:
        if asked == self._shows:
            self._show(article)

    def _show(self, entry: Entry | None) -> None:
        self._shows += 1
        if self._rest_timer is not None:  # shown now (enter): not once more when it fires
            self._rest_timer.stop()
            self._rest_timer = None
        if entry is None:
            self.article_view.show_message("Select an article in the list.")
            self.sidebar.show(None)
            return
        article = self._resolve(entry)
        if article is None:
            if self._reloaded_for_missing:
                self.article_view.show_message("This article could not be read from the cache.")
            else:  # once per list: a cache that keeps failing must not reload forever
                self._reloaded_for_missing = True
                self.article_view.show_message(
                    "This article is no longer in the cache (the folder changed). "
                    "Reloading the list…"
                )
                self.load_paths()
        else:
            self.article_view.show(article)
        self.sidebar.show(article)

    def _resolve(self, entry: Entry) -> Article | None:
        """The whole article behind a row: itself, or read from the cache."""
        if isinstance(entry, Article):
            return entry
        if isinstance(entry, Pending):  # parsed while the folder loads: parse it again
            version = parse_file(SourceFile(str(entry.source), entry.path))
            return provisional(version) if isinstance(version, Version) else None
        if self.cached is None or not isinstance(entry, Header):
            return None
        return self.cached.article(entry.row)

    def on_unmount(self) -> None:
        if self.cached is not None:
            self.cached.close()

    def on_article_chosen(self, message: ArticleChosen) -> None:
        if self.article_view.article is None or self.article_view.article.id != message.article.id:
            self._show(message.article)
        self.article_view.focus()

    def on_version_shown(self, message: VersionShown) -> None:
        self.sidebar.show(message.article, message.index)

    def on_caption_chosen(self, message: CaptionChosen) -> None:
        self.article_view.scroll_to_figure(message.index)

    # The prompt

    def on_prompt_requested(self, message: PromptRequested) -> None:
        self._prompt_origin = self.focused
        self.query_one(Prompt).open(message.purpose, message.initial)

    def on_prompt_changed(self, message: PromptChanged) -> None:
        if message.purpose == "find":
            self.article_view.find(message.value)
        elif (
            self.article_list.searches_cache or len(self.article_list.articles) <= LIVE_FILTER_LIMIT
        ):
            self.article_list.apply_filter(message.value)

    def on_prompt_submitted(self, message: PromptSubmitted) -> None:
        if message.purpose == "filter":
            self.article_list.apply_filter(message.value)
            self.article_list.focus()
        else:
            view = self.article_view
            count = view.find(message.value)
            view.focus()
            if message.value:
                noun = "match" if count == 1 else "matches"
                self.notify(f"{count} {noun}", timeout=2)

    def on_prompt_closed(self, message: PromptClosed) -> None:
        origin = self._prompt_origin
        if origin is not None and origin.is_attached:
            origin.focus()
        else:
            self.article_list.focus()

    # Sidebar, help, problems, source file

    def on_resize(self, event: Resize) -> None:
        self._fit_sidebar(event.size.width)
        self._share_width()

    def _fit_sidebar(self, width: int) -> None:
        """A narrow terminal hides the sidebar; a wide one brings it back."""
        sidebar = self.sidebar
        if width < NARROW and sidebar.display:
            sidebar.set_visible(False)
            self._sidebar_auto_hidden = True
        elif width >= NARROW and self._sidebar_auto_hidden:
            sidebar.set_visible(True)
            self._sidebar_auto_hidden = False

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.set_visible(not sidebar.display)
        self._sidebar_auto_hidden = False
        self._share_width()
        self.post_message(SettingsChanged())

    @property
    def sidebar_wanted(self) -> bool:
        """Shown, or only stepped aside for a narrow terminal: the setting to save."""
        return bool(self.sidebar.display) or self._sidebar_auto_hidden

    def _share_width(self) -> None:
        """On a small terminal a sidebar asked for with `i` takes the list's place."""
        squeezed = self.sidebar.display and self.size.width < CRAMPED
        article_list = self.article_list
        if article_list.display == squeezed:
            article_list.display = not squeezed
            if squeezed and self.focused is article_list:
                self.article_view.focus()

    def key_groups(self) -> list[KeyGroup]:
        """The focused pane's keys first, then the ones that work everywhere."""
        focused = self.focused
        groups = []
        if isinstance(focused, ArticleList):
            groups.append(key_group("List", focused))
        elif isinstance(focused, ArticleView):
            groups.append(key_group("Reading pane", focused))
        elif isinstance(focused, Sidebar) or (
            focused is not None and isinstance(focused.parent, Sidebar)
        ):
            groups.append(KeyGroup("Sidebar", [("enter", "scroll the article to the caption")]))
        groups.append(key_group("Everywhere", self))
        groups.append(
            KeyGroup(
                "Also",
                [
                    ("tab shift+tab", "next / previous pane"),
                    ("ctrl+p", "command palette (every action)"),
                ],
            )
        )
        return groups

    def action_help(self) -> None:
        from reader.app.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_groups()))

    def action_problems(self) -> None:
        from reader.app.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.problems))

    def _source_path(self) -> str | None:
        view = self.article_view
        current = self.article_list.current
        article = view.article or (self._resolve(current) if current is not None else None)
        if article is None:
            self.notify("No article selected.")
            return None
        index = view.version_index if view.article is article and view.version_index else 0
        return str(article.versions[index].source)

    def action_copy_path(self) -> None:
        path = self._source_path()
        if path is not None:
            # A name may hold escape sequences or bytes that are not UTF-8: what
            # reaches the clipboard and the toast is its printable form.
            shown = display_name(path)
            self.app.copy_to_clipboard(shown)
            self.notify(f"Copied {shown}", markup=False, timeout=3)

    def action_edit(self) -> None:
        path = self._source_path()
        if path is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), path], check=False)
        except Exception as error:  # no terminal to hand over, or no such editor
            self.notify(f"Could not open the editor: {error}", markup=False, severity="error")
