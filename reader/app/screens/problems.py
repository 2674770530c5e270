"""The files that could not be read, with the reason for each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.app.widgets.lines import TextLines
from reader.model import Problem
from reader.text import visible_controls


def problem_lines(problems: Sequence[Problem]) -> list[Text]:
    if not problems:
        return [Text("Every file was read.", style="italic")]
    lines = []
    for problem in problems:
        line = Text(visible_controls(problem.path), style="bold")
        line.append("  " + visible_controls(problem.reason), style="")
        lines.append(line)
    return lines


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,p", "dismiss", "Close")]

    DEFAULT_CSS = """
    ProblemsScreen {
        align: center middle;
        #problems-body {
            width: 90%;
            height: 80%;
            border: round $error;
            background: $panel;
        }
        #problems-note { color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body") as body:
            body.border_title = f"Files not read ({len(self.problems)})"
            yield TextLines(problem_lines(self.problems), id="problems-list")
            yield Static("escape closes", id="problems-note")

    def on_mount(self) -> None:
        self.query_one(TextLines).focus()
