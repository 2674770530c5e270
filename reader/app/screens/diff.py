"""The diff screen: two versions of an article side by side (work in progress)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.model import Article


class DiffScreen(Screen[None]):
    """Compare two versions of `article`; `escape`/`q` go back."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield Static(f"{len(self.article.versions)} versions", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
