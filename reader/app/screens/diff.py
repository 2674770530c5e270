"""The diff screen: how an article changed between two of its versions.

`DiffScreen(article)` opens on the newest version against the one before;
`←`/`→` step through the pairs of neighbouring versions, `p` picks any two,
`r` switches to source mode (the raw dump's lines against the clean text),
`escape`/`q` go back. The diff itself is drawn by DiffView.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.app.source import source_size
from reader.app.widgets.diff_view import DiffView
from reader.app.widgets.footer import KeyFooter
from reader.diff import SourceDiff, VersionDiff, diff_source, diff_versions, field_text, printable
from reader.markdown import page_chars
from reader.model import Article, Kind, Problem, Version

Pair = tuple[int, int]  # indices into article.versions, older first
Comparison = VersionDiff | SourceDiff | str  # what the view shows: a diff, or a message

# A pair longer than this (both sides, in characters) is compared in a thread
# while the screen says so; the longest pair of the development corpus
# (123 KB of source) takes ~70 ms, most take under 10.
THREAD_CHARS = 50_000


def describe(version: Version, number: int) -> str:
    published = field_text(version.published) or "no date"
    return printable(f"v{number} {version.path} ({version.kind}, {published})")


def _compare_sources(old: Version, new: Version) -> SourceDiff | str:
    """The two source files line by line, or why that cannot be done."""
    old_text, new_text = read_source(old), read_source(new)
    if old_text is None or new_text is None:
        missing = old if old_text is None else new
        return f"Cannot read the source file {printable(str(missing.source))}."
    return diff_source(old_text, new_text)


def read_source(version: Version) -> str | None:
    """The text of the file a version came from, controls removed; None if unreadable."""
    from reader.load import read
    from reader.load.files import SourceFile

    result = read(SourceFile(str(version.source), version.path))
    return None if isinstance(result, Problem) else result.text


class DiffScreen(Screen[None]):
    """Compare two versions of `article`, older left, newer right."""

    DEFAULT_CSS = """
    DiffScreen #diff-header {
        height: auto;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
        Binding("r", "toggle_source", "Source"),
        Binding("p", "pick_pair", "Pick versions"),
        Binding("left", "older_pair", "Older pair", show=False),
        Binding("right", "newer_pair", "Newer pair", show=False),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        count = len(article.versions)
        self.pair: Pair = (count - 2, count - 1) if count >= 2 else (0, 0)
        self.source_mode = False
        self._asked = 0  # which show_pair a thread's result is for

    def compose(self) -> ComposeResult:
        yield Static(id="diff-header")
        yield DiffView(id="diff-view")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DiffView).focus()
        self.show_pair()

    @property
    def view(self) -> DiffView:
        return self.query_one(DiffView)

    # ─── what is compared ────────────────────────────────────────────────

    def show_pair(self) -> None:
        versions = self.article.versions
        self._asked += 1
        if len(versions) < 2:
            self.view.show_message("This article has only one version: nothing to compare.")
        else:
            compare, size = self._comparison()
            if size <= THREAD_CHARS:
                self._show(compare())
            else:
                # ~1 µs a character for paragraphs, up to ~3 for a source's
                # lines: a big pair would freeze the screen for seconds.
                self.view.show_message(f"Comparing the versions ({max(1, size // 1024):,} KB)…")
                self.run_worker(
                    partial(self._compare_in_thread, compare, self._asked),
                    name="compare",
                    group="compare",
                    thread=True,
                    exclusive=True,
                    exit_on_error=False,
                )
        self.update_header()

    def _comparison(self) -> tuple[Callable[[], Comparison], int]:
        """What to work out for the pair shown, reading no widget (so that it
        may run in a thread), and about how many characters it compares."""
        if self.source_mode:
            old, new = self.source_sides()
            size = source_size(old.source) + source_size(new.source)
            return partial(_compare_sources, old, new), size
        old, new = (self.article.versions[index] for index in self.pair)
        return partial(diff_versions, old, new), page_chars(old) + page_chars(new)

    def _compare_in_thread(self, compare: Callable[[], Comparison], asked: int) -> None:
        try:
            result = compare()
        except Exception as error:  # a bug in the diff must not take the app down
            result = f"Could not compare these versions ({type(error).__name__})."
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._compared, result, asked)

    def _compared(self, result: Comparison, asked: int) -> None:
        if asked == self._asked and self.is_mounted:  # not a pair asked for before
            self._show(result)
            self.update_header()

    def _show(self, result: Comparison) -> None:
        if isinstance(result, str):
            self.view.show_message(result)
        elif isinstance(result, SourceDiff):
            self.view.show_source(result)
        else:
            self.view.show_diff(result)

    def source_sides(self) -> tuple[Version, Version]:
        """The pair for source mode: a raw dump goes on the left, facing the clean text."""
        old, new = (self.article.versions[index] for index in self.pair)
        if new.kind is Kind.RAW and old.kind is not Kind.RAW:
            return new, old
        return old, new

    def update_header(self) -> None:
        versions = self.article.versions
        header = self.query_one("#diff-header", Static)
        if len(versions) < 2:
            header.update(Content(printable(self.article.display_title)))
            return
        i, j = self.pair
        old, new = versions[i], versions[j]
        if self.source_mode:
            old, new = self.source_sides()
            i, j = versions.index(old), versions.index(new)
        title = printable(self.article.display_title)
        sides = f"◀ {describe(old, i + 1)}   ▶ {describe(new, j + 1)}"
        view = self.view
        if view.source is not None:
            summary = "source " + view.source.summary.describe("lines")
            blocks = len(view.source.blocks)
            summary += f" · {blocks} removed block{'' if blocks == 1 else 's'}"
        elif view.diff is not None:
            summary = view.diff.describe()
        else:
            summary = ""
        state = [f"pair {j} of {len(versions) - 1}" if j == i + 1 else "picked pair"]
        if view.change_count:
            at = view.current_change + 1
            state.append(
                f"change {at}/{view.change_count}"
                if at
                else f"{view.change_count} change{'' if view.change_count == 1 else 's'}"
            )
        if view.hide_trivial:
            state.append("trivial hidden")
        state.append("whole text" if view.whole_text else "changes with context")
        lines = [title, sides, f"{summary} · {' · '.join(state)}"]
        header.update(Content("\n".join(lines)))

    def on_diff_view_state_changed(self, _: DiffView.StateChanged) -> None:
        if self.is_mounted:
            self.update_header()

    # ─── keys ────────────────────────────────────────────────────────────

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_source(self) -> None:
        if len(self.article.versions) < 2:
            return
        self.source_mode = not self.source_mode
        self.show_pair()

    def action_older_pair(self) -> None:
        self._step(-1)

    def action_newer_pair(self) -> None:
        self._step(+1)

    def _step(self, direction: int) -> None:
        """Move to the neighbouring pair of consecutive versions."""
        count = len(self.article.versions)
        newer = self.pair[1] + direction
        if not 1 <= newer < count:
            self.notify("No older pair" if direction < 0 else "No newer pair", timeout=2)
            return
        self.pair = (newer - 1, newer)
        self.show_pair()

    def action_pick_pair(self) -> None:
        if len(self.article.versions) < 2:
            return

        def picked(pair: Pair | None) -> None:
            if pair is not None:
                self.pair = pair
                self.show_pair()

        self.app.push_screen(PairPicker(self.article, self.pair), picked)


class PairPicker(ModalScreen[Pair | None]):
    """Choose any two versions to compare (the older one goes left)."""

    DEFAULT_CSS = """
    PairPicker { align: center middle; }
    PairPicker > Vertical {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PairPicker OptionList { height: auto; max-height: 30; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("q", "cancel", "Cancel", show=False),
    ]

    def __init__(self, article: Article, current: Pair) -> None:
        super().__init__()
        self.article = article
        self.current = current
        count = len(article.versions)
        self.pairs: list[Pair] = [(i, j) for j in range(count) for i in range(j)]

    def compose(self) -> ComposeResult:
        versions = self.article.versions
        with Vertical():
            yield Static(Content("Compare which two versions? (older ◀ ▶ newer)"))
            yield OptionList(
                *(
                    Option(
                        Content(
                            f"{describe(versions[i], i + 1)}  ◀ ▶  {describe(versions[j], j + 1)}"
                        )
                    )
                    for i, j in self.pairs
                ),
                markup=False,
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.pairs.index(self.current) if self.current in self.pairs else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.pairs[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
