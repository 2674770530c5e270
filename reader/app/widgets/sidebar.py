"""The metadata sidebar: fields, versions and captions of the article shown."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.messages import CaptionChosen
from reader.markdown import figure_order, format_date, one_line
from reader.model import Article
from reader.text import visible_controls

WORDS_PER_MINUTE = 230

MAX_LISTED_CAPTIONS = 200


def reading_time(words: int) -> str:
    minutes = max(1, round(words / WORDS_PER_MINUTE)) if words else 0
    return f"{minutes} min"


def describe(article: Article, version_index: int | None) -> Text:
    """The sidebar's fields as plain styled text (never markup)."""
    text = Text()

    def field(name: str, value: str | None) -> None:
        text.append(f"{name}\n", style="bold")
        shown = one_line(value) if value else "—"
        text.append(f"{shown}\n\n", style="" if value else "dim")

    field("Title", article.title)
    field("Byline", article.byline)
    field("Publisher", article.publisher)
    field("Section", article.section)
    field("Published", format_date(article.published) or None)
    words = article.word_count
    field("Words", f"{words:,} · {reading_time(words)} to read")
    text.append(f"Versions ({len(article.versions)})\n", style="bold")
    for number, version in enumerate(article.versions):
        marker = "▸ " if number == version_index else "  "
        text.append(f"{marker}{number + 1}. {version.kind}", style="bold" if marker.strip() else "")
        text.append(f" · {version.word_count:,} words\n")
        text.append(f"   {visible_controls(version.path)}\n", style="dim")
    return text


class Sidebar(VerticalScroll):
    """Shown with `i`; hides itself on narrow terminals (the screen decides)."""

    DEFAULT_CSS = """
    Sidebar {
        width: 32;
        background: $surface;
        #sidebar-fields { padding: 0 1; }
        #sidebar-captions-title { padding: 0 1; text-style: bold; }
        #sidebar-captions { height: auto; max-height: 100%; border: none; padding: 0; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("No article."), id="sidebar-fields")
        yield Static(Content("Captions"), id="sidebar-captions-title")
        yield OptionList(id="sidebar-captions", markup=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Article | None, int | None] = (None, None)
        self._pending: tuple[Article | None, int | None] | None = None

    def show(self, article: Article | None, version_index: int | None = None) -> None:
        """Show `article`'s fields; while hidden, only remember it (cursor moves stay cheap)."""
        if not self.display:
            self._pending = (article, version_index)
            return
        self._pending = None
        if self._shown == (article, version_index):
            return
        self._shown = (article, version_index)
        self._fill(article, version_index)

    def set_visible(self, visible: bool) -> None:
        self.display = visible
        if visible and self._pending is not None:
            self.show(*self._pending)

    def _fill(self, article: Article | None, version_index: int | None) -> None:
        fields = self.query_one("#sidebar-fields", Static)
        captions = self.query_one("#sidebar-captions", OptionList)
        captions.clear_options()
        if article is None:
            fields.update(Content("No article."))
            self.query_one("#sidebar-captions-title", Static).update(Content("Captions"))
            return
        fields.update(describe(article, version_index))
        document = article if version_index is None else article.versions[version_index]
        count = len(document.captions)
        title = f"Captions ({count})" if count else "No captions"
        if count > MAX_LISTED_CAPTIONS:
            title = f"Captions ({count}, the first {MAX_LISTED_CAPTIONS} listed)"
        self.query_one("#sidebar-captions-title", Static).update(Content(title))
        options = []
        # The page's order, so the n-th option jumps to the n-th figure. An
        # OptionList measures every option up front: a page of thousands of
        # figures would stall the app, so only the first ones are listed.
        for caption in figure_order(document.captions)[:MAX_LISTED_CAPTIONS]:
            label = Text(one_line(caption.text), style="italic")
            if caption.credit:
                label.append("\n— " + one_line(caption.credit), style="not italic dim")
            options.append(Option(label))
        captions.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(CaptionChosen(event.option_index))
