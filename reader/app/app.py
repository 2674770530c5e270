"""The Textual application: screens, commands, styles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from reader.app import idle_gc
from reader.app.keys import key_display, key_group
from reader.app.messages import SettingsChanged
from reader.app.screens.main import MainScreen
from reader.app.state import UserState
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.model import Article

if TYPE_CHECKING:
    from reader.app.scan_ahead import ScanAhead
    from reader.store import Settings, Store


class ReaderApp(App[int]):
    """`reader [PATH…]`: read a folder of scraped articles."""

    TITLE = "reader"
    CSS_PATH = "reader.tcss"
    # The main screen has its own, richer help; this one serves the other
    # screens (the diff), from their bindings and their focused widget's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        articles: Sequence[Article] | None = None,
        state: UserState | None = None,
        store: Store | None = None,
        ahead: ScanAhead | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.initial_articles = articles
        self.store = store
        self.ahead = ahead  # the first load's check for changed files (scan_ahead.py)
        if state is None:
            state = store.user_state if store is not None else UserState()
        self.state = state
        self._settings_ready = False  # theme applied: changes from now on are saved

    def on_unmount(self) -> None:
        idle_gc.stop()

    def on_mount(self) -> None:
        # Kept: the app holds its timers weakly, and a timer no one refers to
        # is taken by the first full collection (and stops).
        self._idle_timer = self.set_interval(idle_gc.CHECK_SECONDS, idle_gc.collect_if_idle)
        idle_gc.start()
        store = self.store
        if store is None:
            return
        theme = store.settings.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                store.notices.append(f"settings: no theme called {theme!r}; using the default")
        self._settings_ready = True
        self.show_notices(store.notices)

    async def on_event(self, event: events.Event) -> None:
        # Keys and clicks, not the mouse passing over: a user reading with the
        # pointer on the text is idle.
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
        ):
            idle_gc.touch()
        await super().on_event(event)

    def watch_theme(self, theme: str) -> None:
        self.remember_settings()

    def on_settings_changed(self, message: SettingsChanged) -> None:
        self.remember_settings()

    def current_settings(self) -> Settings | None:
        """Theme, sidebar and sort as they are now (None before the main screen is up)."""
        from reader.store import Settings

        screen = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if screen is None or not screen.is_mounted:
            return None
        article_list = screen.article_list
        return Settings(
            theme=self.theme,
            sidebar=screen.sidebar_wanted,
            sort=article_list.sort_key,
            reverse=article_list.reverse,
        )

    def remember_settings(self) -> None:
        """Save the settings when they changed (store.save_settings never raises)."""
        store = self.store
        if store is None or not self._settings_ready:
            return
        settings = self.current_settings()
        if settings is not None and settings != store.settings:
            store.save_settings(settings)
            self.show_notices(store.notices)

    def show_notices(self, notices: list[str]) -> None:
        """Warn about what the store had to do (damaged files, …), each once."""
        for notice in notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
        notices.clear()

    def get_default_screen(self) -> Screen[None]:
        store = self.store
        if store is None:
            return MainScreen(self.paths, self.state, self.initial_articles)
        from reader.store.settings import SETTINGS_FILE

        settings = store.settings
        # Never saved: the sidebar keeps its default (shown when there is room).
        saved = (store.dirs.config / SETTINGS_FILE).exists()
        return MainScreen(
            self.paths,
            self.state,
            self.initial_articles,
            cache_dir=store.dirs.cache,
            sort=(settings.sort, settings.reverse),
            sidebar=settings.sidebar if saved else None,
            ahead=self.ahead,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        panes: list[tuple[str, Widget]] = [
            ("List", screen.query_one(ArticleList)),
            ("Reading pane", screen.query_one(ArticleView)),
            ("Screen", screen),
        ]
        for pane, node in panes:
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.action.startswith(("scroll_", "page_", "cursor_", "app.")):
                    continue
                yield SystemCommand(
                    binding.description,
                    f"{pane} · key {key_display(binding.key)}",
                    partial(node.run_action, binding.action),
                )

    def action_help(self) -> None:
        from reader.app.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        groups = []
        focused = screen.focused
        if focused is not None:
            groups.append(key_group(_words(type(focused).__name__), focused))
        groups.append(key_group(_words(type(screen).__name__), screen))
        self.push_screen(HelpScreen(groups))


def _words(class_name: str) -> str:
    """`DiffScreen` -> `Diff screen`: a class name as a help heading."""
    words = re.findall(r"[A-Z][a-z0-9]*", class_name) or [class_name]
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def run_app(paths: list[str], ahead: ScanAhead | None = None) -> int:
    """Open the reader on `paths` (`reader.app.run_app` chose them, and may
    have begun checking their files for changes: `ahead`)."""
    from reader.store import open_store

    store = open_store()
    try:
        app = ReaderApp(paths, store=store, ahead=ahead)
        result = app.run()
    finally:
        store.close()
    return result if isinstance(result, int) else 0
