"""`?`: the keys of the pane that has focus, and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.app.keys import KeyGroup


def help_text(groups: list[KeyGroup]) -> Text:
    text = Text()
    for group in groups:
        if not group.keys:
            continue
        text.append(f"{group.title}\n", style="bold underline")
        width = max(len(keys) for keys, _ in group.keys)
        for keys, description in group.keys:
            text.append(f"  {keys:<{width}}  ", style="bold")
            text.append(f"{description}\n")
        text.append("\n")
    text.append("escape or q closes this help", style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-body {
            width: 72;
            max-width: 95%;
            height: 90%;
            border: round $primary;
            background: $panel;
            padding: 0 1;
        }
    }
    """

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(help_text(self.groups), id="help-text")
