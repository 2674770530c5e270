"""The Textual application: screens, commands, styles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from reader.app.keys import key_display, key_group
from reader.app.screens.main import MainScreen
from reader.app.state import UserState
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.model import Article


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
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.initial_articles = articles
        self.state = state if state is not None else UserState()

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.paths, self.state, self.initial_articles)

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


def run_app(paths: list[str]) -> int:
    """Open the reader on `paths`, or on the sample articles when there are none."""
    if not paths:
        from reader.app.samples import sample_folder

        folder = sample_folder()
        paths = [str(folder)] if folder is not None else []
    app = ReaderApp(paths)
    result = app.run()
    return result if isinstance(result, int) else 0
