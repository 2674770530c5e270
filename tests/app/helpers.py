"""What a widget shows, as text, read from the lines it draws."""

from __future__ import annotations

from textual.widget import Widget


def shown(widget: Widget) -> str:
    """The text of every line the widget currently draws."""
    height = widget.scrollable_content_region.height
    return "\n".join(widget.render_line(y).text for y in range(height))
