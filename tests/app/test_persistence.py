"""The app with the store: marks, cache and settings outlive one run."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from reader.app.app import ReaderApp
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.app.widgets.sidebar import Sidebar
from reader.model import Article
from reader.store import Header, Settings, open_store
from tests.app.helpers import filler, wait_until

SIZE = (120, 40)


async def test_marks_made_in_one_run_are_there_in_the_next(articles: list[Article]) -> None:
    store = open_store()
    try:
        app = ReaderApp(articles=articles, store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m", "j", "f")  # budget read, storm bookmarked
            assert app.state.is_read("budget") and app.state.is_bookmarked("storm")
    finally:
        store.close()

    again = open_store()
    try:
        assert again.user_state.is_read("budget")
        assert again.user_state.is_bookmarked("storm")
        assert not again.user_state.is_read("storm")
        app = ReaderApp(articles=articles, store=again)
        async with app.run_test(size=SIZE) as pilot:
            assert app.state is again.user_state
            article_list = app.screen.query_one(ArticleList)
            await pilot.press("F")
            assert [a.id for a in article_list.shown] == ["storm"]
    finally:
        again.close()


async def test_store_notices_are_shown_as_warnings(articles: list[Article]) -> None:
    store = open_store()
    store.notices.append("state: something had to be done")
    try:
        app = ReaderApp(articles=articles, store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = [(n.message, n.severity) for n in app._notifications]
            assert ("state: something had to be done", "warning") in shown
            assert store.notices == []
    finally:
        store.close()


def test_run_app_opens_the_store_and_closes_it(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.app import run_app

    seen: list[ReaderApp] = []

    def fake_run(self: ReaderApp) -> int:
        seen.append(self)
        return 0

    monkeypatch.setattr(ReaderApp, "run", fake_run)
    assert run_app(["/nonexistent"]) == 0
    (app,) = seen
    assert app.store is not None
    assert app.state is app.store.user_state
    with pytest.raises(sqlite3.ProgrammingError):  # closed on the way out
        app.store.state.db.execute("SELECT 1")
    if hasattr(os, "fork") and sys.platform != "darwin":  # a scan-ahead child, gone now
        assert app.ahead is not None
        with pytest.raises(ChildProcessError):
            os.waitpid(app.ahead.pid, os.WNOHANG)


def write_story(folder: Path, name: str, topic: str) -> None:
    (folder / name).write_text(
        f" date 2026-02-10 The {topic} story. Image: Someone\n\n"
        + "\n\n".join(f"{topic.title()} news, part {n}: {filler(30, topic)}." for n in range(8))
        + "\n",
        encoding="utf-8",
    )


def news_folder(tmp_path: Path, *topics: str) -> Path:
    """A folder `news` holding one story file per topic."""
    folder = tmp_path / "news"
    folder.mkdir()
    for topic in topics:
        write_story(folder, f"{topic}.txt", topic)
    return folder


async def loaded(app: ReaderApp, pilot: Pilot[int]) -> ArticleList:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(ArticleList)


async def test_a_folder_seen_before_opens_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = news_folder(tmp_path, "harbour", "bridge")
    (folder / "empty.txt").write_text("", encoding="utf-8")

    store = open_store()
    try:
        app = ReaderApp([str(folder)], store=store)
        async with app.run_test(size=SIZE) as pilot:
            first = [a.id for a in (await loaded(app, pilot)).shown]
            assert len(first) == 2
            assert len(app.screen.problems) == 1  # type: ignore[attr-defined]
        info = store.cache.info()
        assert (info.files, info.problems, info.articles) == (2, 1, 2)
    finally:
        store.close()

    # Nothing may be parsed now: every file is unchanged since the first run.
    import reader.app.loading
    import reader.load.cached

    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(reader.load.cached, "_parse_chunk", no_parsing)
    monkeypatch.setattr(reader.app.loading, "parse_file", no_parsing)
    again = open_store()
    try:
        app = ReaderApp([str(folder)], store=again)
        async with app.run_test(size=SIZE) as pilot:
            article_list = await loaded(app, pilot)
            assert [a.id for a in article_list.shown] == first
            screen = app.screen
            assert [p.path for p in screen.problems] == ["empty.txt"]  # type: ignore[attr-defined]
            status = str(screen.query_one("#status-text", Static).render())
            assert "2 articles · 3 files · 1 not read" in status
    finally:
        again.close()


async def test_without_a_store_the_folder_is_read_as_before(tmp_path: Path) -> None:
    write_story(tmp_path, "harbour.txt", "harbour")
    app = ReaderApp([str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        assert len((await loaded(app, pilot)).shown) == 1
    info = open_store().cache.info()
    assert info.files == 0


async def test_theme_sidebar_and_sort_are_kept_for_the_next_run(
    articles: list[Article],
) -> None:
    wide = (160, 40)
    store = open_store()
    try:
        app = ReaderApp(articles=articles, store=store)
        async with app.run_test(size=wide) as pilot:
            sidebar = app.screen.query_one(Sidebar)
            assert sidebar.display  # never saved: shown when there is room
            await pilot.press("s", "S", "i")
            app.theme = "textual-light"
            await pilot.pause()
            assert not sidebar.display
        assert store.settings == Settings(
            theme="textual-light", sidebar=False, sort="title", reverse=True
        )
    finally:
        store.close()

    again = open_store()
    try:
        assert again.settings.sort == "title"
        app = ReaderApp(articles=articles, store=again)
        async with app.run_test(size=wide) as pilot:
            await pilot.pause()
            assert app.theme == "textual-light"
            article_list = app.screen.query_one(ArticleList)
            assert (article_list.sort_key, article_list.reverse) == ("title", True)
            assert titles(article_list)[0].startswith("日本語")
            assert not app.screen.query_one(Sidebar).display
            await pilot.press("i")
            assert app.screen.query_one(Sidebar).display
        assert again.settings.sidebar
    finally:
        again.close()


async def test_a_sidebar_stepped_aside_for_a_narrow_terminal_is_still_wanted(
    articles: list[Article],
) -> None:
    store = open_store()
    try:
        app = ReaderApp(articles=articles, store=store)
        async with app.run_test(size=SIZE) as pilot:
            assert not app.screen.query_one(Sidebar).display  # 120 columns: too narrow
            await pilot.press("s")
        assert store.settings.sort == "title" and store.settings.sidebar
    finally:
        store.close()


async def test_a_theme_that_is_gone_falls_back_with_a_warning(articles: list[Article]) -> None:
    store = open_store()
    store.save_settings(Settings(theme="no-such-theme"))
    store.close()
    again = open_store()
    try:
        app = ReaderApp(articles=articles, store=again)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme != "no-such-theme"
            messages = [n.message for n in app._notifications]
            assert any("no-such-theme" in m for m in messages)
    finally:
        again.close()


def titles(article_list: ArticleList) -> list[str]:
    return [article.display_title for article in article_list.shown]


def test_a_failing_cache_falls_back_to_reading_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.load.cached
    from reader.app.loading import load_in_batches
    from reader.app.messages import LoadFinished, StoreNotices

    write_story(tmp_path, "harbour.txt", "harbour")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the cache")

    monkeypatch.setattr(reader.load.cached, "load_cached", broken)
    monkeypatch.setattr(reader.load.cached, "refresh", broken)
    posted: list[object] = []
    load_in_batches([str(tmp_path)], posted.append, lambda: False, tmp_path / "cache")
    notices = [m for m in posted if isinstance(m, StoreNotices)]
    assert notices and "RuntimeError" in notices[0].notices[0]
    finished = posted[-1]
    assert isinstance(finished, LoadFinished) and len(finished.articles) == 1


def test_the_cached_load_posts_what_the_uncached_one_does(tmp_path: Path) -> None:
    from reader.app.loading import load_in_batches
    from reader.app.messages import LoadFinished, LoadStarted, SearchIndexed, VersionsParsed

    folder = news_folder(tmp_path, "harbour", "bridge")
    finished: list[LoadFinished] = []
    for cache_dir in (None, tmp_path / "cache"):  # uncached, cold
        posted: list[object] = []
        load_in_batches([str(folder)], posted.append, lambda: False, cache_dir)
        assert isinstance(posted[0], LoadStarted) and posted[0].total == 2
        last = next(n for n, m in enumerate(posted) if isinstance(m, LoadFinished))
        assert all(isinstance(m, VersionsParsed) for m in posted[1:last])
        assert sum(len(m.rows) for m in posted[1:last]) == 2  # type: ignore[attr-defined]
        assert all(isinstance(m, SearchIndexed) for m in posted[last + 1 :])
        finished.append(posted[last])  # type: ignore[arg-type]
    uncached, cold = finished
    assert (len(cold.articles), cold.files_seen) == (2, 2)
    # Through the cache the list gets headers, not whole articles ...
    assert all(isinstance(a, Header) for a in cold.articles)
    assert all(isinstance(a, Article) for a in uncached.articles)
    assert {a.id for a in cold.articles} == {a.id for a in uncached.articles}
    # ... and each provisional row learns the id of its article.
    assert cold.renames == uncached.renames
    assert set(cold.renames) == {"file:harbour.txt", "file:bridge.txt"}
    assert set(cold.renames.values()) == {a.id for a in cold.articles}


def test_a_warm_start_shows_the_cached_list_then_checks_the_files(tmp_path: Path) -> None:
    from reader.app.loading import load_in_batches
    from reader.app.messages import FilesChecked, LoadFinished, LoadStarted

    folder = news_folder(tmp_path, "harbour", "bridge")
    cache = tmp_path / "cache"
    load_in_batches([str(folder)], lambda m: None, lambda: False, cache)

    posted: list[object] = []
    load_in_batches([str(folder)], posted.append, lambda: False, cache)
    first, checked = posted  # nothing else: no file changed, the index is complete
    assert isinstance(first, LoadFinished) and first.checking
    assert len(first.articles) == 2 and all(isinstance(a, Header) for a in first.articles)
    assert isinstance(checked, FilesChecked)

    write_story(folder, "pier.txt", "pier")  # a new file: the list is sent again
    posted = []
    load_in_batches([str(folder)], posted.append, lambda: False, cache)
    assert isinstance(posted[0], LoadFinished) and posted[0].checking
    assert len(posted[0].articles) == 2
    assert any(isinstance(m, LoadStarted) for m in posted)  # a file to parse: progress shown
    final = next(m for m in posted[1:] if isinstance(m, LoadFinished))
    assert not final.checking and len(final.articles) == 3
    assert all(isinstance(a, Header) for a in final.articles)


async def test_rows_from_the_cache_open_filter_and_keep_marks(tmp_path: Path) -> None:
    from reader.load import load

    folder = news_folder(tmp_path, "harbour", "bridge")
    expected = {a.id: a for a in load([str(folder)]).articles}
    for run in range(2):  # cold, then warm
        store = open_store()
        try:
            app = ReaderApp([str(folder)], store=store)
            async with app.run_test(size=SIZE) as pilot:
                article_list = await loaded(app, pilot)
                assert all(isinstance(a, Header) for a in article_list.shown)
                # The highlighted row's article is read from the cache, whole.
                view = app.screen.query_one(ArticleView)
                await wait_until(
                    pilot, lambda v=view: v.article is not None
                )  # after the list's paint
                assert view.article == expected[article_list.shown[0].id]
                # The filter finds a word of the body through the search index.
                article_list.apply_filter("bridge1")
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert [a.id for a in article_list.shown] == [
                    a.id for a in expected.values() if "bridge" in a.paragraphs[0].lower()
                ]
                article_list.apply_filter("")
                await pilot.pause()
                if run == 0:
                    await pilot.press("m")  # marks a header row read
                    marked = article_list.shown[0].id
                else:
                    assert app.state.is_read(marked)
        finally:
            store.close()


async def test_search_results_keep_the_lists_order_and_follow_a_new_one(tmp_path: Path) -> None:
    folder = news_folder(tmp_path, "harbour", "bridge", "ferry", "storm", "council")
    for day, story in enumerate(sorted(folder.iterdir()), 11):  # no two on one day
        story.write_text(story.read_text().replace("2026-02-10", f"2026-02-{day}"))
    store = open_store()
    try:
        async with ReaderApp([str(folder)], store=store).run_test(size=SIZE) as pilot:
            app = pilot.app
            article_list = await loaded(app, pilot)
            await pilot.press("S")  # reversed
            every = [a.id for a in article_list.shown]

            async def search(text: str) -> list[str]:
                article_list.apply_filter(text)
                await app.workers.wait_for_complete()
                await pilot.pause()
                return [a.id for a in article_list.shown]

            assert await search("news") == every  # every body has the word
            some = await search("ferry OR storm")  # (FTS5 syntax is not ours: no row has "or")
            assert some == []
            assert len(await search("ferry")) == 1
            assert await search("part") == every
            await pilot.press("S")  # the filtered rows in the new order
            now = [a.id for a in article_list.shown]
            assert now != every and sorted(now) == sorted(every)
            assert await search("") == now  # the whole list in that order: the same
    finally:
        store.close()


async def test_a_search_of_the_cache_holds_no_reference_to_each_row(tmp_path: Path) -> None:
    # A list of 67,000 references was visited in full when it was made and
    # again by each young garbage collection: the result keeps indexes.
    folder = news_folder(tmp_path, "harbour", "bridge", "ferry", "storm", "council")
    store = open_store()
    try:
        async with ReaderApp([str(folder)], store=store).run_test(size=SIZE) as pilot:
            app = pilot.app
            article_list = await loaded(app, pilot)
            assert all(isinstance(a, Header) for a in article_list.articles)
            before = [sys.getrefcount(a) for a in article_list.articles]
            article_list.apply_filter("news")  # in every article
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(article_list.shown) == len(article_list.articles) == 5
            assert [sys.getrefcount(a) for a in article_list.articles] == before
    finally:
        store.close()


async def test_the_search_connection_is_open_before_the_first_search(tmp_path: Path) -> None:
    # A fresh connection's first full-text query reads the index's layout
    # (~5 ms at 100k articles): done while the user looks at the list.
    folder = news_folder(tmp_path, "harbour", "bridge", "ferry")
    store = open_store()
    try:
        async with ReaderApp([str(folder)], store=store).run_test(size=SIZE) as pilot:
            app = pilot.app
            article_list = await loaded(app, pilot)
            cached = app.screen.cached
            assert cached is not None and cached._searcher is not None
            article_list.apply_filter("ferry")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [a.id for a in article_list.shown] == [
                a.id for a in article_list.articles if "ferry" in a.display_title.casefold()
            ]
    finally:
        store.close()


async def test_a_big_new_folder_loads_through_the_cache_in_the_app(tmp_path: Path) -> None:
    """Enough files for the process pool: the load ends as the cache's headers.
    (That the pool starts under Textual's capture of sys.stderr is tested in
    tests/test_store_load.py: under pytest, sys.stderr has a descriptor.)"""
    from reader.load.cached import POOL_MIN_FILES

    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(POOL_MIN_FILES):
        write_story(folder, f"story{n:03}.txt", f"topic{n}x")
    store = open_store()
    try:
        app = ReaderApp([str(folder)], store=store)
        async with app.run_test(size=SIZE) as pilot:
            article_list = await loaded(app, pilot)
            messages = [n.message for n in app._notifications]
            assert not any("cache" in m for m in messages), messages
            assert len(article_list.articles) == POOL_MIN_FILES
            assert all(isinstance(a, Header) for a in article_list.articles)
        assert store.cache.info().files == POOL_MIN_FILES
    finally:
        store.close()


async def test_an_article_missing_from_the_cache_reloads_the_list_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.app.library import CachedArticles
    from reader.app.screens.main import MainScreen

    folder = news_folder(tmp_path, "harbour", "bridge")
    store = open_store()
    try:
        app = ReaderApp([str(folder)], store=store)
        async with app.run_test(size=SIZE) as pilot:
            article_list = await loaded(app, pilot)
            loads: list[int] = []
            real_load = MainScreen.load_paths

            def counted(self: MainScreen) -> None:
                loads.append(1)
                real_load(self)

            monkeypatch.setattr(MainScreen, "load_paths", counted)
            monkeypatch.setattr(CachedArticles, "article", lambda self, row: None)
            for _ in range(4):  # every row's article is gone now
                await pilot.press("j", "k")
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert len(loads) == 1
            assert article_list.articles  # the list itself stays
            view = app.screen.query_one(ArticleView)
            assert "could not be read" in view.text
    finally:
        store.close()


def test_a_warm_start_sends_a_screenful_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.app.loading
    from reader.app.loading import load_in_batches
    from reader.app.messages import LoadFinished

    folder = news_folder(tmp_path, "harbour", "bridge", "pier")
    cache = tmp_path / "cache"
    load_in_batches([str(folder)], lambda m: None, lambda: False, cache)
    monkeypatch.setattr(reader.app.loading, "FIRST_ROWS", 2)
    posted: list[object] = []
    load_in_batches([str(folder)], posted.append, lambda: False, cache)
    lists = [m for m in posted if isinstance(m, LoadFinished)]
    assert [len(m.articles) for m in lists] == [2, 3]
    assert [a.id for a in lists[0].articles] == [a.id for a in lists[1].articles][:2]
