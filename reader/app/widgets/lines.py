"""A plain scrolling list of one-line texts (problems can number thousands)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextLines(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, lines: list[Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = lines
        self.virtual_size = Size(max((line.cell_len for line in lines), default=0) + 2, len(lines))

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = Text(" ") + self.lines[index]
        strip = Strip(list(line.render(self.app.console)))
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(self.rich_style)
