"""Pages too long to lay out on the event loop: laid out in a thread, the app still answering.

A page over THREAD_CHARS shows a placeholder until its lines arrive; a result
for a page, width or mode no longer asked for is dropped. Nothing here is
timed (bench/app.py --stall measures the stalls): the tests wait until the
pane says the page is shown, and check what it shows.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import THREAD_CHARS, ArticleView, LaidOut
from reader.load import load
from reader.model import Article, Caption
from tests.app.helpers import filler, make_article, make_version, shown, wait_until

SIZE = (120, 40)
HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
PARAGRAPHS = 120
LAST_WORDS = "and these are the very last words of the page"


def big_article(article_id: str = "big", title: str = "A very long read", **kw: Any) -> Article:
    """About twice THREAD_CHARS: numbered paragraphs, four figures, then the last words."""
    paragraphs = (
        *(
            f"Paragraph {n} of the long read about the harbour. {filler(70, 'tide')}"
            for n in range(PARAGRAPHS)
        ),
        f"The end, with zebra crossings, {LAST_WORDS}.",
    )
    captions = tuple(
        Caption(f"Figure {k} over the harbour", f"Photo: Lens {k}", position=30 * k + 5)
        for k in range(4)
    )
    article = make_article(
        article_id,
        make_version(
            f"{article_id}.clean.txt",
            title=title,
            paragraphs=paragraphs,
            captions=captions,
            **kw,
        ),
    )
    assert sum(map(len, paragraphs)) > THREAD_CHARS
    return article


def small_article() -> Article:
    return make_article(
        "small",
        make_version("small.clean.txt", title="A short note", paragraphs=("Only this.",)),
    )


def pane(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


async def settle(pilot: Pilot[Any], view: ArticleView, article: Article | None = None) -> None:
    """Until the page laid out in a thread (of `article`) is shown, or 30 s have gone by.

    The list shows a long article once its cursor rests: until then the pane may
    show nothing at all.
    """
    await wait_until(
        pilot, lambda: not view.laying_out and (article is None or view.article is article)
    )


async def scroll_key(pilot: Pilot[Any], key: str) -> None:
    """A key that scrolls, and the scroll done (the tests may run with animations on)."""
    await pilot.press(key)
    await pilot.wait_for_scheduled_animations()


def flat(text: str) -> str:
    """White space left out: words may wrap anywhere."""
    return "".join(text.split())


async def test_a_huge_page_shows_a_placeholder_then_the_page() -> None:
    app = ReaderApp(articles=[small_article()])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        await pilot.pause()
        view.show_message("Nothing yet.")
        view.show(small_article())
        assert not view.laying_out  # a short page is shown at once, as ever
        assert "Only this." in shown(view)
        big = big_article()
        view.show(big)
        # The loop has not run since: the thread cannot have finished yet.
        assert view.laying_out
        assert view.article is big
        assert "Laying out the page (" in shown(view)
        assert "very last words" not in view.text
        await settle(pilot, view)
        text = shown(view)
        assert "Laying out" not in text
        assert "A very long read" in text
        view.focus()
        await scroll_key(pilot, "G")
        assert flat(LAST_WORDS) in flat(shown(view))


async def test_the_page_of_ten_thousand_captions_opens_and_shows_its_end() -> None:
    loaded = load([str(HOSTILE / "captions-10000.txt")])
    (huge,) = loaded.articles
    app = ReaderApp(articles=[huge])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        app.screen.query_one(ArticleList).focus()
        await pilot.press("enter")
        await settle(pilot, view, huge)
        await scroll_key(pilot, "G")
        last = huge.captions[-1]
        assert flat(last.text)[-20:] in flat(shown(view))


async def test_a_page_laid_out_too_late_is_dropped_for_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first page's lines arrive after another page was asked for."""
    entered = threading.Event()
    release = threading.Event()
    arrived: list[str] = []

    real_on_laid_out = ArticleView.on_laid_out

    def on_laid_out(view: ArticleView, message: LaidOut) -> None:
        arrived.append(message.page.plains[0])
        real_on_laid_out(view, message)

    monkeypatch.setattr(ArticleView, "on_laid_out", on_laid_out)
    first = big_article("first", "First long read")
    second = big_article("second", "Second long read")
    app = ReaderApp(articles=[small_article()])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        real_post = view.post_message

        def held_post(message: Message) -> bool:
            # The thread's result for the first page, held on its way.
            if isinstance(message, LaidOut) and "First long read" in message.page.plains[0]:
                entered.set()
                release.wait(10)
            return real_post(message)

        monkeypatch.setattr(view, "post_message", held_post)
        await pilot.pause()

        async def held_then(show_next: Article, next_text: str) -> None:
            entered.clear()
            release.clear()
            arrived.clear()
            view.show(first)
            await pilot.pause()  # the worker starts
            assert entered.wait(10)  # and its thread has laid the page out
            view.show(show_next)
            await settle(pilot, view)
            assert next_text in shown(view)
            release.set()
            await wait_until(pilot, lambda: "First long read" in arrived)
            assert view.article is show_next
            assert not view.laying_out
            assert next_text in shown(view)
            assert "First long read" not in view.text

        await held_then(second, "Second long read")  # laid out in a thread too
        await held_then(small_article(), "Only this.")  # shown at once


async def test_find_on_a_huge_page() -> None:
    big = big_article()
    app = ReaderApp(articles=[big])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        view.focus()
        await settle(pilot, view, big)
        await pilot.press("slash", *"zebra", "enter")
        assert view.match_count == 1
        assert "zebra" in shown(view)  # jumped to the last paragraph
        await scroll_key(pilot, "g")
        await pilot.press("slash", "ctrl+u", *"of the long read", "enter")
        assert view.match_count == PARAGRAPHS
        assert view.current_match == 0
        await pilot.press("n", "n")
        assert view.current_match == 2
        assert "Paragraph 2 of the long read" in shown(view)
        await pilot.press("N", "N", "N")
        assert view.current_match == PARAGRAPHS - 1
        assert f"Paragraph {PARAGRAPHS - 1} of" in shown(view)


async def test_a_find_made_while_laying_out_is_done_when_the_page_shows() -> None:
    app = ReaderApp(articles=[small_article()])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        await pilot.pause()
        view.show(big_article())
        assert view.find("zebra") == 0  # nothing to search in yet
        await settle(pilot, view)
        assert view.match_count == 1
        assert view.current_match == 0
        assert "zebra" in shown(view)


async def test_resize_rewraps_a_huge_page_and_keeps_the_place() -> None:
    big = big_article()
    app = ReaderApp(articles=[big])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        await settle(pilot, view, big)
        wide_lines = len(view.lines)
        wide_width = view.virtual_size.width
        view.scroll_to(0, wide_lines // 2, animate=False, immediate=True)
        await pilot.pause()
        top = view.lines[view.scroll_offset.y]
        assert top.text.plain
        await pilot.resize_terminal(80, 40)
        await wait_until(
            pilot, lambda: not view.laying_out and view.virtual_size.width != wide_width
        )
        assert view.virtual_size.width < wide_width
        assert len(view.lines) > wide_lines
        room = view.virtual_size.width - 2  # the margins
        assert all(line.text.cell_len <= room for line in view.lines[::7])
        # The text that was at the top still is: the row showing its first character.
        now = view.lines[view.scroll_offset.y]
        assert now.block == top.block
        assert now.start <= top.start < now.start + len(now.text.plain) + 1
        assert flat(LAST_WORDS) in flat(view.text)


async def test_source_view_of_a_huge_page(tmp_path: Path) -> None:
    source = tmp_path / "big.raw.txt"
    body = "\n".join(f"raw line {n} {filler(12, 'byte')}" for n in range(600))
    source.write_text(body + "\nthe last line of the file\n", encoding="utf-8")
    assert source.stat().st_size > THREAD_CHARS
    big = big_article(source=source)
    app = ReaderApp(articles=[big])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        view.focus()
        await settle(pilot, view, big)
        await pilot.press("r")
        await settle(pilot, view)
        assert view.showing_source
        assert view.border_title == "Source"
        assert "raw line 0 byte0" in shown(view)
        await scroll_key(pilot, "G")
        assert "the last line of the file" in shown(view)
        await pilot.press("r")
        await settle(pilot, view)
        assert not view.showing_source
        assert "A very long read" in shown(view)


async def test_caption_jumps_and_versions_on_a_huge_page() -> None:
    shorter = make_version(
        "big.raw.txt",
        title="The first draft of the long read",
        paragraphs=tuple(f"Draft paragraph {n}. {filler(70, 'ebb')}" for n in range(PARAGRAPHS)),
    )
    big = big_article()
    big = make_article("big", shorter, *big.versions)
    app = ReaderApp(articles=[big])
    async with app.run_test(size=SIZE) as pilot:
        view = pane(app)
        await pilot.pause()
        view.show(small_article())
        view.show(big)
        view.scroll_to_figure(2)  # as the sidebar asks, before the page is there
        await settle(pilot, view)
        assert "Figure 2 over the harbour" in shown(view).splitlines()[0]
        view.scroll_to_figure(0)
        await pilot.pause()
        assert "Figure 0 over the harbour" in shown(view).splitlines()[0]

        view.focus()
        await pilot.press("v")
        assert view.version_index == 0
        await settle(pilot, view)
        assert "The first draft of the long read" in shown(view)
        assert "version 1/2" in str(view.border_subtitle)
        await pilot.press("v")
        await settle(pilot, view)
        assert "A very long read" in shown(view)
