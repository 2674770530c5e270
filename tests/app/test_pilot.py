"""Keys pressed with the Pilot; assertions on what the panes show and on state."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import OptionList, Static

from reader.app.app import ReaderApp
from reader.app.screens.help import HelpScreen
from reader.app.screens.problems import ProblemsScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.app.widgets.lines import TextLines
from reader.app.widgets.sidebar import MAX_LISTED_CAPTIONS, Sidebar
from reader.model import Article, Caption
from tests.app.helpers import make_article, make_version, shown, wait_until

SIZE = (120, 40)


def panes(app: ReaderApp) -> tuple[ArticleList, ArticleView]:
    return app.screen.query_one(ArticleList), app.screen.query_one(ArticleView)


def titles(article_list: ArticleList) -> list[str]:
    return [article.display_title for article in article_list.shown]


async def test_list_shows_newest_first_and_pane_follows_cursor(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, view = panes(app)
        assert titles(article_list)[:2] == ["Council sets harbour budget", "Storm hits coast"]
        rows = shown(article_list).splitlines()
        assert "Council sets harbour" in rows[0]
        assert "2026-06-18" in rows[0]
        # The pane follows the list's cursor, in the frame after the list's.
        await wait_until(pilot, lambda: view.article is not None)
        assert "Council sets harbour budget" in shown(view)
        await pilot.press("j")
        assert article_list.current is not None and article_list.current.id == "storm"
        await wait_until(pilot, lambda: view.article is not None and view.article.id == "storm")
        text = shown(view)
        assert "Storm hits coast" in text
        assert "By Ann Reporter · Westmoor Herald · 2026-02-10" in text
        await pilot.press("G")
        assert article_list.cursor == 3
        await pilot.press("g")
        assert article_list.cursor == 0
        await pilot.press("down", "down", "up")
        assert article_list.cursor == 1


async def test_enter_opens_article_in_reading_pane_and_marks_it_read(
    articles: list[Article],
) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _article_list, view = panes(app)
        await pilot.press("j", "enter")
        assert app.focused is view
        assert view.article is not None and view.article.id == "storm"
        assert app.state.is_read("storm")
        await pilot.press("space")
        assert view.scroll_offset.y > 0
        await pilot.press("g")
        assert view.scroll_offset.y == 0


async def test_figures_stand_where_the_image_was_with_their_credit(
    articles: list[Article],
) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _article_list, view = panes(app)
        await pilot.press("j")
        lines = view.text.splitlines()
        caption = next(n for n, line in enumerate(lines) if "Waves over the sea wall" in line)
        assert "— Photo: Jo Lens" in lines[caption + 1]
        first_paragraph = next(n for n, line in enumerate(lines) if "Paragraph 0" in line)
        second_paragraph = next(n for n, line in enumerate(lines) if "Paragraph 1 " in line)
        assert first_paragraph < caption < second_paragraph


async def test_scraped_markup_and_escapes_are_shown_as_text(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, view = panes(app)
        await pilot.press("j", "j")
        assert article_list.current is not None and article_list.current.id == "markup"
        text = shown(view)
        assert "Prices [bold]rise[/] and *stars* fall" in text
        assert "By [red]Nobody[/red]" in text
        assert "# Not a heading, and [link](http://example.com) is not a link." in text
        assert "Escape ␛[2J here and [/] there and <b>html</b> too." in text
        assert "1. not a list" in text
        assert "\x1b" not in view.text
        assert "Prices [bold]rise[/] an…" in shown(article_list)


async def test_wide_characters_keep_columns_aligned(articles: list[Article]) -> None:
    from rich.cells import cell_len

    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE):
        article_list, _ = panes(app)
        rows = shown(article_list).splitlines()[:4]
        widths = {cell_len(row) for row in rows}
        assert widths == {article_list.scrollable_content_region.width}
        wide_row = next(row for row in rows if "日本語" in row)
        assert "…" in wide_row
        date_columns = {cell_len(row[: row.index("20")]) for row in rows}
        assert len(date_columns) == 1


async def test_filter_words_and_prefixes(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.press("slash")
        await pilot.press(*"harbour")
        await pilot.press("enter")
        assert app.focused is article_list
        # "harbour" is in one title and in the storm's body.
        assert sorted(a.id for a in article_list.shown) == ["budget", "storm"]
        assert "Articles 2/4" in (article_list.border_title or "")
        await pilot.press("slash", "ctrl+u")
        await pilot.press(*"pub:zeta")
        await pilot.press("enter")
        assert [a.id for a in article_list.shown] == ["markup"]
        await pilot.press("slash", "ctrl+u")
        await pilot.press(*"date:2026-02 by:ann")
        await pilot.press("enter")
        assert [a.id for a in article_list.shown] == ["storm"]
        await pilot.press("slash", "ctrl+u")
        await pilot.press(*"title:nothing-like-this")
        await pilot.press("enter")
        assert article_list.shown == []
        assert "No article matches" in shown(article_list)
        await pilot.press("slash", "ctrl+u", "enter")
        assert len(article_list.shown) == 4


async def test_find_in_article_highlights_and_steps(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _article_list, view = panes(app)
        await pilot.press("j", "enter", "slash")
        await pilot.press(*"paragraph 1")
        await pilot.press("enter")
        assert app.focused is view
        # "Paragraph 1" and "Paragraph 10", "Paragraph 11".
        assert view.match_count == 3
        assert view.current_match == 0
        await pilot.press("n")
        assert view.current_match == 1
        await pilot.press("N", "N")
        assert view.current_match == 2
        line = view.lines[view._line_of(view._matches[2])]
        assert "Paragraph 11" in line.text.plain
        strip = view.render_line(view._line_of(view._matches[2]) - view.scroll_offset.y)
        match_style = view.get_component_rich_style("article-view--match-current", partial=True)
        highlighted = "".join(
            s.text for s in strip if s.style and s.style.bgcolor == match_style.bgcolor
        )
        assert highlighted.lower() == "paragraph 1"


async def test_sort_cycles_and_reverses(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.press("s")
        assert article_list.sort_key == "title"
        assert titles(article_list)[0] == "Council sets harbour budget"
        await pilot.press("S")
        assert titles(article_list)[0].startswith("日本語")
        await pilot.press("S", "s")
        assert article_list.sort_key == "publisher"
        assert [a.publisher for a in article_list.shown][:2] == [
            "Harbour Gazette",
            "Westmoor Herald",
        ]
        await pilot.press("s")
        assert article_list.sort_key == "versions"
        assert article_list.shown[0].id == "storm"
        await pilot.press("s")
        assert article_list.sort_key == "date"


async def test_read_marks_hide_read_and_next_unread(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.press("m")
        assert app.state.is_read("budget")
        read_style = article_list.get_component_rich_style("article-list--read")
        await pilot.press("j")
        first_row = article_list.render_line(0)
        assert any(
            s.style and s.style.color == read_style.color for s in first_row if s.text.strip()
        )
        await pilot.press("m")
        await pilot.press("g", "right_square_bracket")
        assert article_list.current is not None and article_list.current.id == "markup"
        await pilot.press("left_square_bracket")
        assert article_list.cursor == 2  # no unread above: stays
        await pilot.press("M")
        assert [a.id for a in article_list.shown] == ["markup", "wide"]
        await pilot.press("M")
        assert len(article_list.shown) == 4


async def test_bookmarks_and_bookmarks_only(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.press("j", "f")
        assert app.state.is_bookmarked("storm")
        assert "★" in shown(article_list).splitlines()[1]
        await pilot.press("F")
        assert [a.id for a in article_list.shown] == ["storm"]
        await pilot.press("F")
        assert len(article_list.shown) == 4


async def test_sidebar_toggles_and_caption_jumps(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _article_list, view = panes(app)
        sidebar = app.screen.query_one(Sidebar)
        assert not sidebar.display  # 120 columns: too narrow to show it by default
        await pilot.press("j", "i")
        assert sidebar.display
        fields = str(sidebar.query_one("#sidebar-fields", Static).render())
        assert "By Ann Reporter" in fields
        assert "Westmoor Herald" in fields
        assert "storm.raw.txt" in fields and "storm.clean.txt" in fields
        assert "words" in fields and "min to read" in fields
        captions = sidebar.query_one("#sidebar-captions", OptionList)
        assert captions.option_count == 2
        captions.focus()
        captions.highlighted = 1
        assert "The closed bridge at dusk" not in shown(view)
        await pilot.press("enter")
        assert "The closed bridge at dusk" in shown(view)
        await pilot.press("i")
        assert not sidebar.display


async def test_version_cycle_and_source_view(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _article_list, view = panes(app)
        await pilot.press("j", "enter")
        assert "combined from 2 versions" in str(view.border_subtitle)
        await pilot.press("v")
        assert "version 1/2 · raw · storm.raw.txt" in str(view.border_subtitle)
        assert "Storm hits coast (first draft)" in shown(view)
        await pilot.press("v")
        assert "version 2/2 · clean" in str(view.border_subtitle)
        await pilot.press("r")
        assert view.showing_source
        assert "date 2026-02-10 Storm hits coast" in shown(view)
        await pilot.press("r", "v", "v", "r")
        assert "raw dump ␛[31mred␛[0m text" in shown(view)
        assert "\x1b" not in view.text


async def test_diff_with_one_version_says_so(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "d")
        assert any("only one version" in str(n.message) for n in app._notifications)
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_help_shows_keys_of_the_focused_pane(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "List" in text and "Sort" in text and "Bookmarks only" in text
        assert "Reading pane" not in text
        await pilot.press("escape")
        await pilot.press("enter", "question_mark")
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "Reading pane" in text and "Next match" in text and "Version" in text
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_reader_actions(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        titles_offered = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Sort", "Bookmark", "Find", "Version", "Source", "Problems", "Help"):
            assert wanted in titles_offered
        await pilot.press("ctrl+p")
        await pilot.press(*"bookmarks only")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        article_list, _ = panes(app)
        assert article_list.bookmarks_only


async def test_loading_a_folder_lists_problems(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        " date 2026-02-10 A caption line. Image: Someone\n\n"
        + "\n\n".join(f"Sentence number {n} of a long clean story, with words." for n in range(8))
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    app = ReaderApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        article_list, _ = panes(app)
        assert len(article_list.shown) == 1
        status = str(app.screen.query_one("#status-text", Static).render())
        assert "1 article" in status and "2 not read" in status
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        text = app.screen.query_one(TextLines).text
        assert "empty.txt" in text and "empty file" in text
        assert "binary.bin" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)


async def test_folder_without_articles_says_so(tmp_path: Path) -> None:
    app = ReaderApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        article_list, view = panes(app)
        assert "No articles found in" in shown(article_list)
        assert "No articles found in" in shown(view)


async def test_resizing_from_small_to_large_never_crashes(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=(60, 20)) as pilot:
        _article_list, view = panes(app)
        await pilot.press("j", "enter", "i")
        for size in ((250, 80), (60, 20), (61, 21), (200, 50), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert "Storm hits coast" in view.text
        assert view.virtual_size.height == len(view.lines)


async def test_copy_path_and_edit_without_terminal(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "y")
        assert app.clipboard.endswith("storm.raw.txt")
        await pilot.press("e")  # headless: no terminal to suspend to, a notice instead
        assert app.is_running


def test_sample_articles_are_found() -> None:
    from reader.app.samples import sample_folder

    folder = sample_folder()
    assert folder is not None
    assert any(folder.glob("*.txt"))


async def test_samples_open_when_no_path_is_given() -> None:
    from reader.app.samples import sample_folder

    app = ReaderApp([str(sample_folder())])
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        article_list, view = panes(app)
        await wait_until(pilot, lambda: view.article is not None)  # after the list's paint
        assert len(article_list.shown) >= 8
        assert any(len(article.versions) > 1 for article in article_list.shown)


async def test_bracketed_paths_and_filters_are_not_markup(tmp_path: Path) -> None:
    from datetime import date

    from tests.app.helpers import make_article, make_version

    odd = make_article(
        "odd",
        make_version("[bold]x[/].txt", title="A", published=date(2026, 1, 1), paragraphs=("a",)),
        make_version("[/]y.txt", title="A", published=date(2026, 1, 1), paragraphs=("a",)),
    )
    app = ReaderApp(articles=[odd])
    async with app.run_test(size=SIZE) as pilot:
        article_list, view = panes(app)
        await pilot.press("enter", "v")
        assert "[bold]x[/].txt" in Content.from_markup(view.border_subtitle or "").plain
        await pilot.press("shift+tab", "slash")
        await pilot.press(*"[/]")
        await pilot.press("enter")
        subtitle = Content.from_markup(article_list.border_subtitle or "").plain
        assert "filter: [/]" in subtitle


async def test_list_fills_while_loading_then_takes_the_groups(articles: list[Article]) -> None:
    from reader.app.loading import provisional
    from reader.app.messages import LoadFinished, LoadStarted, VersionsParsed

    storm = articles[0]
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        article_list, view = panes(app)
        screen.post_message(LoadStarted(2, []))
        screen.post_message(VersionsParsed([provisional(storm.versions[0])], [], 1, 2))
        await pilot.pause()
        assert [a.id for a in article_list.shown] == [provisional(storm.versions[0]).id]
        assert "Loading 1/2 files" in str(screen.query_one("#status-text", Static).render())
        await pilot.press("m")  # a mark on a provisional row survives the grouping
        screen.post_message(VersionsParsed([provisional(storm.versions[1])], [], 2, 2))
        await pilot.pause()
        assert len(article_list.shown) == 2
        renames = {provisional(v).id: "storm" for v in storm.versions}
        screen.post_message(LoadFinished([storm], [], 2, renames))
        await pilot.pause()
        assert [a.id for a in article_list.shown] == ["storm"]
        assert app.state.is_read("storm")
        assert view.article is not None and view.article.id == "storm"


async def test_d_opens_the_diff_of_two_versions(articles: list[Article]) -> None:
    from reader.app.screens.diff import DiffScreen

    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter", "d")
        assert isinstance(app.screen, DiffScreen)


async def test_find_is_incremental(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _, view = panes(app)
        await pilot.press("j", "enter", "slash", *"gale1")
        assert view.match_count > 0
        await pilot.press("escape")
        assert app.focused is view


async def test_theme_change_redraws_with_the_new_colours(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        _, view = panes(app)
        await pilot.press("j")
        before = view.get_component_rich_style("article-view--title")
        app.theme = "textual-light"
        await pilot.pause()
        after = view.get_component_rich_style("article-view--title")
        assert before != after
        title_strip = view.render_line(0)
        assert any(
            segment.style and segment.style.color == after.color
            for segment in title_strip
            if "Storm" in segment.text
        )


async def test_big_lists_filter_in_a_thread(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.app.widgets import article_list as module

    monkeypatch.setattr(module, "THREADED_FILTER", 1)
    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.press("slash", *"pub:zeta", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [a.id for a in article_list.shown] == ["markup"]
        await pilot.press("slash", "ctrl+u", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(article_list.shown) == 4


async def test_caption_options_follow_the_page_order(tmp_path: Path) -> None:
    from datetime import date

    from reader.model import Caption
    from tests.app.helpers import make_article, make_version

    captions = (Caption("Late figure", "B", position=3), Caption("Early figure", "A", position=0))
    paragraphs = tuple(f"Paragraph {n}. " + " ".join(["word"] * 200) for n in range(6))
    article = make_article(
        "figs",
        make_version(
            "f.txt", title="F", published=date(2026, 1, 1), paragraphs=paragraphs, captions=captions
        ),
    )
    app = ReaderApp(articles=[article])
    async with app.run_test(size=(160, 30)) as pilot:
        _, view = panes(app)
        await wait_until(pilot, lambda: view.article is not None)  # after the list's paint
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.display
        captions_list = sidebar.query_one("#sidebar-captions", OptionList)
        captions_list.focus()
        captions_list.highlighted = 1
        assert "Late figure" in str(captions_list.get_option_at_index(1).prompt)
        await pilot.press("enter")
        assert "Late figure" in shown(view)
        assert "Early figure" not in shown(view)


async def test_help_on_the_diff_screen_lists_its_keys(articles: list[Article]) -> None:
    from reader.app.screens.diff import DiffScreen

    app = ReaderApp(articles=articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter", "d")
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "Diff screen" in text and "Back" in text
        await pilot.press("escape")
        assert isinstance(app.screen, DiffScreen)


async def test_sidebar_lists_the_first_captions_of_a_page_of_thousands() -> None:
    figures = tuple(
        Caption(f"Figure number {n}", "Agency", position=n) for n in range(MAX_LISTED_CAPTIONS * 3)
    )
    version = make_version(
        "gallery.txt", title="A gallery", paragraphs=("Text.",) * 3, captions=figures
    )
    app = ReaderApp(articles=[make_article("gallery", version)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        sidebar = app.screen.query_one(Sidebar)
        captions = sidebar.query_one("#sidebar-captions", OptionList)
        assert captions.option_count == MAX_LISTED_CAPTIONS
        title = str(sidebar.query_one("#sidebar-captions-title", Static).render())
        assert f"Captions ({len(figures)}, the first {MAX_LISTED_CAPTIONS} listed)" in title


async def test_enter_on_a_long_article_shows_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.app.screens.main import INSTANT_WORDS, REST_SECONDS
    from tests.app.helpers import filler

    short = make_article("short", make_version("short.txt", paragraphs=("A short one.",)))
    words = filler(INSTANT_WORDS + 10, "long")
    long = make_article("long", make_version("long.txt", title="Long", paragraphs=(words,)))
    shows: list[str] = []
    real_show = ArticleView.show

    def counted(self: ArticleView, article: Article | None) -> None:
        shows.append(article.id if article is not None else "-")
        real_show(self, article)

    monkeypatch.setattr(ArticleView, "show", counted)
    app = ReaderApp(articles=[short, long])
    async with app.run_test(size=SIZE) as pilot:
        article_list, view = panes(app)
        start = article_list.shown.index(short)
        shows.clear()
        article_list.cursor = article_list.shown.index(long)  # its rest timer starts ...
        await pilot.press("enter")  # ... and enter shows it at once
        await pilot.pause(REST_SECONDS * 3)
        assert view.article is long
        assert shows == ["long"]
        assert start != article_list.cursor


async def test_a_long_article_opens_with_its_first_screen_then_lays_out_the_rest() -> None:
    from datetime import date

    paragraphs = tuple(f"Paragraph {n}. " + " ".join(["word"] * 80) for n in range(40))
    article = make_article(
        "long",
        make_version("l.txt", title="Long", published=date(2026, 1, 1), paragraphs=paragraphs),
    )
    app = ReaderApp(articles=[article])
    async with app.run_test(size=SIZE) as pilot:
        _, view = panes(app)
        await wait_until(pilot, lambda: view.article is article and view._lines.complete)
        view.show(None)
        await pilot.pause()
        view.show(article)
        # Before the next paint: what the pane opens with, not the whole page.
        assert not view._lines.complete
        assert "Long" in view._lines[0].text.plain
        await pilot.pause()
        assert view._lines.complete
        assert view.virtual_size.height == len(view._lines) > 2 * view.size.height
        view.focus()
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert "Paragraph 39." in shown(view)


async def test_a_long_list_keeps_its_last_column_and_its_scrollbar_follows_a_filter() -> None:
    # 150 rows "odd" or "even", enough to scroll at 40 lines; the odd ones have two versions.
    many = [
        make_article(
            f"a{n:03}",
            *[
                make_version(
                    f"a{n:03}-{copy}.txt", title=f"Story {n:03} {'odd' if n % 2 else 'even'}"
                )
                for copy in range(1 + n % 2)
            ],
        )
        for n in range(150)
    ]
    app = ReaderApp(articles=many)
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.pause()
        assert article_list.show_vertical_scrollbar
        # No horizontal scrollbar: rows are as wide as the space beside the vertical one.
        assert not article_list.show_horizontal_scrollbar
        width = article_list.scrollable_content_region.width
        row = article_list.render_line(1)  # the cursor's row is styled apart; any other will do
        assert row.cell_length == width
        assert article_list.shown[1].version_count == 2
        assert row.text.rstrip().endswith("×2")

        # A filter that still needs scrolling: the scrollbar stays and learns the new length.
        article_list.action_last()
        await pilot.press("slash", *"odd", "enter")
        await pilot.pause()
        assert len(article_list.shown) == 75
        assert article_list.virtual_size.height == 75
        assert article_list.vertical_scrollbar.window_virtual_size == 75
        assert 0 <= article_list.scroll_offset.y <= article_list.max_scroll_y
        assert all("×2" in article_list.render_line(y).text for y in range(5))

        # One that fits the pane: the scrollbar goes.
        await pilot.press("slash", "ctrl+u", *"story 001", "enter")
        await pilot.pause()
        assert [a.id for a in article_list.shown] == ["a001"]
        assert not article_list.show_vertical_scrollbar


async def test_only_a_slow_search_says_it_is_filtering() -> None:
    import threading

    from reader.store.cache import Header

    rows = [
        Header(n, f"h{n}", f"Story {n}", f"Story {n}", None, None, None, None, 10, 1)
        for n in range(30)
    ]
    release = threading.Event()

    def search(text: str) -> set[int] | None:
        if text == "slow":
            release.wait(5)
        return {n for n in range(30) if n % 3 == 0}

    app = ReaderApp(articles=[])
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.pause()
        # These rows have no cache behind them: the pane may say so, but must
        # not reload the (empty) folder in search of them.
        app.screen._reloaded_for_missing = True  # type: ignore[attr-defined]
        article_list.search = search
        article_list.set_articles(rows)
        article_list.apply_filter("fast")
        assert "filtering" not in str(article_list.border_subtitle)  # not at once
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(article_list.shown) == 10
        assert "filtering" not in str(article_list.border_subtitle)

        notes: list[str] = []
        article_list.apply_filter("slow")
        assert "filtering" not in str(article_list.border_subtitle)
        for _ in range(40):  # until the note shows, or 2 s
            await pilot.pause(0.05)
            notes.append(str(article_list.border_subtitle))
            if "filtering…" in notes[-1]:
                break
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "filtering…" in notes[-1]
        assert "filtering" not in str(article_list.border_subtitle)
        assert len(article_list.shown) == 10


async def test_cache_search_keeps_the_list_order_and_rows_follow_new_content() -> None:
    from reader.store.cache import Header

    def header(n: int, title: str) -> Header:
        return Header(n, f"h{n}", title, title, None, None, None, None, 10, 1)

    rows = [header(n, f"Story {n:02}") for n in range(40)]
    app = ReaderApp(articles=[])
    async with app.run_test(size=SIZE) as pilot:
        article_list, _ = panes(app)
        await pilot.pause()
        app.screen._reloaded_for_missing = True  # type: ignore[attr-defined]
        article_list.search = lambda text: {n for n in range(40) if n % 4 == 1}
        article_list.set_articles(rows)
        article_list.action_sort()  # by title: an order unlike the rows' numbers
        article_list.action_reverse()
        await pilot.pause()
        in_order = [a.id for a in article_list.shown]
        article_list.apply_filter("any")
        await app.workers.wait_for_complete()
        await pilot.pause()
        expected = [i for i in in_order if int(i[1:]) % 4 == 1]
        assert [a.id for a in article_list.shown] == expected
        assert "Story 37" in article_list.render_line(0).text

        # The same article again with a new title (its file changed): the row
        # drawn for the filter above must not be shown for it.
        article_list.set_articles([header(37, "Story 37, corrected"), *rows[:37], *rows[38:]])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [a.id for a in article_list.shown] == expected
        assert "Story 37, corrected" in article_list.render_line(0).text
