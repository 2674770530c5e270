"""The one-line prompt under the panes: filter the list or find in the article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


@dataclass
class PromptRequested(Message):
    """A pane asks for the prompt: `purpose` is "filter" or "find"."""

    purpose: str
    initial: str = ""


@dataclass
class PromptSubmitted(Message):
    purpose: str
    value: str


@dataclass
class PromptChanged(Message):
    purpose: str
    value: str


@dataclass
class PromptClosed(Message):
    purpose: str


PLACEHOLDERS = {
    "filter": "filter: words, or title: by: pub: date: — enter applies, escape closes",
    "find": "find in article — enter finds, then n / N",
}


class Prompt(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", show=False)]

    DEFAULT_CSS = """
    Prompt {
        display: none;
        border: none;
        height: 1;
        padding: 0 1;
        &.-open { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, select_on_focus=False)
        self.purpose = "filter"
        self.cursor_blink = False

    def open(self, purpose: str, initial: str) -> None:
        self.purpose = purpose
        self.placeholder = PLACEHOLDERS.get(purpose, "")
        with self.prevent(Input.Changed):
            self.value = initial
        self.cursor_position = len(initial)
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")

    def action_close(self) -> None:
        self.close()
        self.post_message(PromptClosed(self.purpose))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(PromptSubmitted(self.purpose, event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.has_class("-open"):
            self.post_message(PromptChanged(self.purpose, event.value))
