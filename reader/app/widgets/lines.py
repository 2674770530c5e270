"""Line-API helpers: a base for views drawn line by line, and a plain list of texts."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """A ScrollView whose `render_line` can use `line_style` and `content_width`.

    They are `rich_style` and `scrollable_content_region.width`, read once per
    screen update instead of once per line: `rich_style` walks every
    ancestor's styles (~50 µs), and asked for by each line of a 40-line
    repaint it was a third of the cost of drawing a new article.
    """

    _line_style: Style | None = None
    _content_width: int | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # Forgotten afterwards, so that a change of style or size is never missed.
        self._line_style = self.rich_style
        self._content_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None
            self._content_width = None

    def set_extent(self, size: Size) -> None:
        """Set `virtual_size`, without a layout pass when the scrollbars stay.

        A new virtual size is a layout change to Textual: the whole screen is
        arranged and painted again, every scrollbar on it rendered anew (at
        120x40, 10-15 ms of a 35 ms paint after a filter). When only this
        view's length changes and its vertical scrollbar is shown before and
        after, nothing else moves: the scrollbar is told the new length here
        and only this view is drawn again.
        """
        old = self.virtual_size
        if size == old:
            return
        window = self.scrollable_content_region.height
        if (
            self.show_vertical_scrollbar
            and not self.show_horizontal_scrollbar
            and self.styles.overflow_y == "auto"
            and size.width == old.width
            and min(old.height, size.height) > window
        ):
            self.set_reactive(LineView.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = size.height
            if self.scroll_offset.y > self.max_scroll_y:
                self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
            self.refresh()
            return
        self.virtual_size = size

    @property
    def line_style(self) -> Style:
        """The widget's own Rich style (as `rich_style`)."""
        return self.rich_style if self._line_style is None else self._line_style

    @property
    def content_width(self) -> int:
        """The width lines are drawn in (as `scrollable_content_region.width`)."""
        if self._content_width is None:
            return self.scrollable_content_region.width
        return self._content_width


class TextLines(LineView, can_focus=True):
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
            return Strip.blank(width, self.line_style)
        line = Text(" ") + self.lines[index]
        strip = Strip(list(line.render(self.app.console)))
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(self.line_style)
