"""DiffView: two versions side by side, older left, newer right, on the Line API.

The diff is laid out once per width into a list of Strips, and `render_line`
only picks the visible ones, so scrolling costs a list lookup. Laying out is
the slow part (wrapping every paragraph), so it is done lazily: the first
screenful at once, the rest in small slices between events, so that even a
50,000-word pair paints at once and the keys keep working meanwhile. The layout is the
one `reader diff` prints (reader.diff_cli), drawn with the theme's colours.

Keys: `n`/`N` next/previous change, `x` hide trivial changes, `c` changes
with context / whole text, `enter` open or close a collapsed block (source
mode). The screen switches between text and source mode.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.app.widgets.lines import LineView
from reader.diff import (
    Fold,
    RemovedBlock,
    Row,
    SourceDiff,
    VersionDiff,
    fold,
    fold_flags,
    is_shown_change,
    printable,
    wrap_spans,
)
from reader.diff_cli import (
    SEPARATOR,
    Line,
    Options,
    field_lines,
    fold_label,
    row_cells,
    two_columns,
)

LAYOUT_SLICE = 0.010  # seconds of background layout work between events
HATCH = "╱"  # fills the side a paragraph is missing from
CONTEXT = 1  # unchanged paragraphs kept around each change in context mode

# Output tags (see reader.diff_cli) and the component class that styles each.
TAG_CLASSES = {
    "deleted": "diff-view--deleted",
    "inserted": "diff-view--inserted",
    "gutter-": "diff-view--gutter-deleted",
    "gutter+": "diff-view--gutter-inserted",
    "gutter~": "diff-view--gutter-changed",
    "gutter>": "diff-view--gutter-moved",
    "hatch": "diff-view--filler",
    "filler": "diff-view--note",
    "fold": "diff-view--fold",
    "rule": "diff-view--rule",
    "label": "diff-view--label",
    "heading": "diff-view--heading",
}


@dataclass
class Layout:
    """The diff laid out for one width: lines, and where each change starts."""

    lines: list[Strip] = field(default_factory=list)
    change_starts: list[int] = field(default_factory=list)
    change_ends: list[int] = field(default_factory=list)
    change_blocks: list[int | None] = field(default_factory=list)  # RemovedBlock item index
    pending: Iterator[None] | None = None  # the layout work still to do, a step at a time

    @property
    def complete(self) -> bool:
        return self.pending is None


class DiffView(LineView, can_focus=True):
    """The side-by-side diff of one pair of versions (or of their source texts)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*TAG_CLASSES.values(), "diff-view--cursor"}

    DEFAULT_CSS = """
    DiffView {
        background: $surface;
        color: $foreground;
        scrollbar-gutter: stable;
    }
    DiffView > .diff-view--deleted {
        color: $text-error;
        background: $error-muted;
        text-style: strike;
    }
    DiffView > .diff-view--inserted {
        color: $text-success;
        background: $success-muted;
        text-style: underline;
    }
    DiffView > .diff-view--gutter-deleted { color: $text-error; text-style: bold; }
    DiffView > .diff-view--gutter-inserted { color: $text-success; text-style: bold; }
    DiffView > .diff-view--gutter-changed { color: $text-warning; text-style: bold; }
    DiffView > .diff-view--gutter-moved { color: $text-accent; text-style: bold; }
    DiffView > .diff-view--filler { color: $foreground 15%; }
    DiffView > .diff-view--note { color: $text-muted; text-style: italic; }
    DiffView > .diff-view--fold { color: $text-muted; }
    DiffView > .diff-view--rule { color: $foreground 30%; }
    DiffView > .diff-view--label { text-style: bold; }
    DiffView > .diff-view--heading { color: $text-accent; text-style: bold underline; }
    DiffView > .diff-view--cursor { background: $accent; color: $text; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_change", "Next change"),
        Binding("N", "previous_change", "Previous change"),
        Binding("x", "toggle_trivial", "Trivial"),
        Binding("c", "toggle_context", "Context/whole"),
        Binding("enter", "toggle_block", "Expand", show=False),
        # ScrollView binds the arrows to sideways scrolling; the diff never
        # scrolls sideways, so they step through the pairs of versions instead.
        Binding("left", "screen.older_pair", "Older pair"),
        Binding("right", "screen.newer_pair", "Newer pair"),
    ]

    hide_trivial: reactive[bool] = reactive(False)
    whole_text: reactive[bool] = reactive(False)
    current_change: reactive[int] = reactive(-1)

    class StateChanged(Message):
        """The shown part changed (mode, current change); the header may say so."""

        def __init__(self, view: DiffView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diff: VersionDiff | None = None
        self.source: SourceDiff | None = None
        self.message = ""
        self.expanded: set[int] = set()
        self._layout = Layout()
        self._layout_width = -1
        self._generation = 0  # which layout a background slice belongs to

    # ─── what to show ────────────────────────────────────────────────────

    def show_diff(self, diff: VersionDiff) -> None:
        self.diff, self.source, self.message = diff, None, ""
        self._reset()

    def show_source(self, source: SourceDiff) -> None:
        self.diff, self.source, self.message = None, source, ""
        self.expanded = set()
        self._reset()

    def show_message(self, message: str) -> None:
        self.diff, self.source, self.message = None, None, message
        self._reset()

    @property
    def change_count(self) -> int:
        """Changes found so far (all of them once the layout is complete)."""
        return len(self._ensure_layout().change_starts)

    def lay_out_all(self) -> Layout:
        """Finish the layout now (jumping to a change needs to know where all are)."""
        self._grow(None)
        return self._layout

    def _reset(self) -> None:
        self.current_change = -1
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _relayout(self) -> None:
        self._layout_width = -1
        self._ensure_layout()
        if self.current_change >= 0:
            self.lay_out_all()
            self.current_change = min(self.current_change, len(self._layout.change_starts) - 1)
        self.refresh()
        self.post_message(self.StateChanged(self))

    def _ensure_layout(self) -> Layout:
        width = self.content_width
        if width <= 0:  # not sized by Textual yet
            return self._layout
        if width != self._layout_width:
            builder = LayoutBuilder(width, self._styles())
            self._layout = builder.layout
            self._layout.pending = self._lay_out(builder)
            self._layout_width = width
            self._generation += 1
            self._grow(self.scroll_offset.y + self.size.height + 1)
            if not self._layout.complete:
                generation = self._generation
                self.call_later(self._grow_in_background, generation)
        return self._layout

    def _grow(self, lines_needed: int | None) -> None:
        """Lay out until `lines_needed` lines exist (None: to the end)."""
        layout = self._layout
        while layout.pending is not None and (
            lines_needed is None or len(layout.lines) < lines_needed
        ):
            self._step(layout)
        self._update_virtual_size()

    def _grow_in_background(self, generation: int) -> None:
        if generation != self._generation:  # a newer layout replaced this one
            return
        layout = self._layout
        deadline = time.perf_counter() + LAYOUT_SLICE
        while layout.pending is not None and time.perf_counter() < deadline:
            self._step(layout)
        if layout.pending is not None:
            self.call_later(self._grow_in_background, generation)
        else:
            # Only now: a new virtual size repaints the scrollbar and the
            # screen, too dear to do after every slice.
            self._update_virtual_size()
            self.post_message(self.StateChanged(self))  # the change count is final

    @staticmethod
    def _step(layout: Layout) -> None:
        assert layout.pending is not None
        try:
            next(layout.pending)
        except StopIteration:
            layout.pending = None

    def _update_virtual_size(self) -> None:
        size = Size(max(0, self._layout_width), len(self._layout.lines))
        if size != self.virtual_size:
            self.virtual_size = size

    def on_resize(self) -> None:
        self._ensure_layout()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout_width = -1  # colours come from the theme: lay out again
        self.refresh()

    def watch_hide_trivial(self) -> None:
        self._relayout()

    def watch_whole_text(self) -> None:
        self._relayout()

    def watch_current_change(self, old: int, new: int) -> None:
        layout = self._layout
        for index in (old, new):
            if 0 <= index < len(layout.change_starts):
                start, end = layout.change_starts[index], layout.change_ends[index]
                self.refresh_lines(start - self.scroll_offset.y, end - start)
        self.post_message(self.StateChanged(self))

    # ─── keys ────────────────────────────────────────────────────────────

    def action_next_change(self) -> None:
        self._go_to_change(self.current_change + 1)

    def action_previous_change(self) -> None:
        count = len(self.lay_out_all().change_starts)
        previous = self.current_change - 1 if self.current_change >= 0 else count - 1
        self._go_to_change(previous)

    def _go_to_change(self, index: int) -> None:
        self._ensure_layout()
        layout = self.lay_out_all()
        if not layout.change_starts:
            self.notify("No changes", timeout=2)
            return
        if not 0 <= index < len(layout.change_starts):
            self.notify("No more changes", timeout=2)
            return
        self.current_change = index
        top = max(0, layout.change_starts[index] - 2)  # show a little of what comes before
        self.scroll_to(y=top, animate=False, immediate=True)

    def action_toggle_trivial(self) -> None:
        self.hide_trivial = not self.hide_trivial
        self.notify(
            "Trivial changes hidden" if self.hide_trivial else "Trivial changes shown", timeout=2
        )

    def action_toggle_context(self) -> None:
        self.whole_text = not self.whole_text

    def action_toggle_block(self) -> None:
        """Open or close the collapsed block at the current change (source mode)."""
        layout = self.lay_out_all()
        if not 0 <= self.current_change < len(layout.change_blocks):
            return
        block = layout.change_blocks[self.current_change]
        if block is None:
            return
        self.expanded.symmetric_difference_update({block})
        self._relayout()
        self._go_to_change(self.current_change)

    # ─── drawing ─────────────────────────────────────────────────────────

    def render_line(self, y: int) -> Strip:
        layout = self._ensure_layout()
        number = self.scroll_offset.y + y
        if number >= len(layout.lines) and not layout.complete:
            self._grow(number + 1)
        width = self.content_width
        if number >= len(layout.lines):
            return Strip.blank(width, self.line_style)
        strip = layout.lines[number]
        if self._in_current_change(number):
            strip = self._with_cursor_gutter(strip)
        if strip.cell_length == width:  # laid out for this width: nothing to cut or pad
            return strip
        return strip.crop_extend(0, width, self.line_style)

    def _in_current_change(self, number: int) -> bool:
        index = self.current_change
        layout = self._layout
        if not 0 <= index < len(layout.change_starts):
            return False
        return layout.change_starts[index] <= number < layout.change_ends[index]

    def _with_cursor_gutter(self, strip: Strip) -> Strip:
        segments = list(strip)
        if not segments:
            return strip
        cursor = self.rich_style + self.get_component_rich_style("diff-view--cursor")
        first = segments[0]
        segments[0] = Segment(first.text if first.text.strip() else "▌ "[: len(first.text)], cursor)
        return Strip(segments, strip.cell_length)

    # ─── layout ──────────────────────────────────────────────────────────

    def _lay_out(self, builder: LayoutBuilder) -> Iterator[None]:
        """The layout work, one step (a row, a block) per `next`."""
        if self.diff is not None:
            yield from self._lay_out_diff(builder, self.diff)
        elif self.source is not None:
            yield from self._lay_out_source(builder, self.source)
        else:
            builder.text(self.message, "fold")

    def _styles(self) -> dict[str, Style]:
        base = self.line_style
        styles = {
            tag: base + self.get_component_rich_style(name) for tag, name in TAG_CLASSES.items()
        }
        styles[""] = base
        return styles

    def _options(self, width: int) -> Options:
        return Options(
            width=width,
            plain=False,
            whole=self.whole_text,
            context=CONTEXT,
            hide_trivial=self.hide_trivial,
        )

    def _lay_out_diff(self, builder: LayoutBuilder, diff: VersionDiff) -> Iterator[None]:
        options = self._options(builder.width)
        fields = [c for c in diff.fields if not (self.hide_trivial and c.trivial)]
        if fields:
            builder.text("Details", "heading")
            for change in fields:
                builder.blank()
                builder.add(field_lines(change, builder.column, options), change=True)
            builder.blank()
        captions_changed = any(is_shown_change(row, self.hide_trivial) for row in diff.captions)
        if captions_changed or (self.whole_text and diff.captions):
            builder.text("Captions", "heading")
            yield from self._lay_out_rows(builder, diff.captions, options, "caption")
            builder.blank()
        builder.text("Text", "heading")
        if not diff.rows:
            builder.text("(no paragraphs in either version)", "fold")
        yield from self._lay_out_rows(builder, diff.rows, options, "paragraph")

    def _lay_out_rows(
        self, builder: LayoutBuilder, rows: Sequence[Row], options: Options, noun: str
    ) -> Iterator[None]:
        shown = (
            range(len(rows))
            if self.whole_text
            else fold(rows, CONTEXT, hide_trivial=self.hide_trivial)
        )
        for item in shown:
            yield
            builder.blank()
            if isinstance(item, Fold):
                builder.text("  " + fold_label(item, noun), "fold")
                continue
            row = rows[item]
            left, right, marker = row_cells(row, rows, options)
            builder.add(
                two_columns(left, right, marker, builder.column, HATCH),
                change=is_shown_change(row, self.hide_trivial),
            )

    def _lay_out_source(self, builder: LayoutBuilder, source: SourceDiff) -> Iterator[None]:
        options = self._options(builder.width)
        items = source.items
        flags = [
            isinstance(item, RemovedBlock) or is_shown_change(item, self.hide_trivial)
            for item in items
        ]
        shown = range(len(items)) if self.whole_text else fold_flags(flags, CONTEXT)
        for position in shown:
            yield
            if isinstance(position, Fold):
                builder.text("  " + fold_label(position, "line"), "fold")
                continue
            item = items[position]
            if isinstance(item, RemovedBlock):
                builder.add(self._block_lines(item, position, builder), change=True, block=position)
                continue
            left, right, marker = row_cells(item, [], options)
            builder.add(
                two_columns(left, right, marker, builder.column, HATCH), change=flags[position]
            )

    def _block_lines(
        self, block: RemovedBlock, position: int, builder: LayoutBuilder
    ) -> Iterable[Line]:
        """A removed block: one summary line, or (expanded) all its lines."""
        open_ = position in self.expanded
        lines = "line" if block.line_count == 1 else "lines"
        summary = f"{'▾' if open_ else '▸'} {block.line_count} {lines} removed: "
        column = builder.column
        if not open_:
            first = printable(block.first_line)
            head = wrap_spans([(summary + first, "deleted")], column)[0]
            text = "".join(text for text, _ in head)
            if len(text) < len(summary + first):
                text = text[: max(0, column - 1)] + "…"
            yield from two_columns([(text, "deleted")], [], "-", column, HATCH)
            return
        yield from two_columns([(summary.rstrip(": ") + ":", "fold")], [], "-", column, HATCH)
        for row in block.rows:
            yield from two_columns([(printable(row.old or ""), "deleted")], [], " ", column, HATCH)


class LayoutBuilder:
    """Collects Strips for a layout, noting where each change starts and ends."""

    def __init__(self, width: int, styles: dict[str, Style]) -> None:
        self.width = max(10, width)
        self.column = max(4, (self.width - 2 - len(SEPARATOR)) // 2)
        self.styles = styles
        self.layout = Layout()

    def add(self, lines: Iterable[Line], *, change: bool = False, block: int | None = None) -> None:
        start = len(self.layout.lines)
        for line in lines:
            self.layout.lines.append(self.strip(line))
        if change and len(self.layout.lines) > start:
            self.layout.change_starts.append(start)
            self.layout.change_ends.append(len(self.layout.lines))
            self.layout.change_blocks.append(block)

    def text(self, text: str, tag: str) -> None:
        self.add(wrap_spans([(text, tag)], self.width))

    def blank(self) -> None:
        self.layout.lines.append(Strip.blank(self.width, self.styles[""]))

    def strip(self, line: Line) -> Strip:
        base = self.styles[""]
        segments = [Segment(text, self.styles.get(tag, base)) for text, tag in line if text]
        return Strip(segments).adjust_cell_length(self.width, base)
