"""The app on the hostile corpus: nothing crashes, nothing reaches the terminal.

The Pilot opens tests/data/hostile, walks every article (down, enter), shows
the sidebar, the source view (`r`), the diff screen (`d`) and its source mode
where an article has two versions, and the problems panel. After every step
the whole screen, as the compositor would send it to the terminal, is
checked: no control segment, no ESC or other C0/C1 control, no bidi override;
scraped markup shows as the literal text it is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.app.screens.diff import DiffScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView
from reader.app.widgets.sidebar import Sidebar

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
SIZE = (150, 45)  # wide enough for list, pane and sidebar side by side
# Every test runs with notifications on (run_test turns them off by default):
# a toast is screen text too.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def utf8_paths() -> list[str]:
    """The corpus as arguments, without the two names that are not UTF-8 (tested apart)."""
    paths = [str(path) for path in sorted(HOSTILE.iterdir()) if path.name != "names"]
    names = HOSTILE / "names"
    paths += [str(path) for path in sorted(names.iterdir()) if is_utf8(str(path))]
    return paths


def screen_segments(app: App[Any]) -> list[Segment]:
    """Every segment of the screen as the compositor renders it for the terminal."""
    strips = app.screen._compositor.render_strips()
    return [segment for strip in strips for segment in strip]


def screen_text(app: App[Any]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


class Checker:
    """Checks the screen after each step and collects what was seen."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.seen: list[str] = []
        self.steps = 0

    def __call__(self, step: str) -> str:
        self.steps += 1
        for segment in screen_segments(self.app):
            assert segment.control is None, (step, segment)
            found = UNSAFE.search(segment.text)
            assert found is None, (step, repr(segment.text))
            # What the terminal gets must encode: a lone surrogate (a file name
            # that is not UTF-8, as os.fsdecode gives it) would not.
            assert is_utf8(segment.text), (step, repr(segment.text))
        text = screen_text(self.app)
        self.seen.append(text)
        return text


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def walk(app: ReaderApp, pilot: Pilot[Any], check: Checker) -> dict[str, int]:
    """Every article: open it, sidebar, source view, diff (two versions), back."""
    await settle(pilot)
    screen = app.screen
    article_list = screen.query_one(ArticleList)
    view = screen.query_one(ArticleView)
    check("loaded")
    counts = {"articles": 0, "sources": 0, "diffs": 0}
    total = len(article_list.shown)
    assert total > 0
    for index in range(total):
        article_list.focus()
        await pilot.pause()
        await pilot.press("down" if index else "g")
        assert article_list.cursor == index
        await pilot.press("enter")
        await settle(pilot)
        article = view.article
        assert article is not None and article is article_list.shown[index]
        counts["articles"] += 1
        check(f"article {index}")
        check.seen.append(view.text)  # every line of the pane, not only the first screen
        await pilot.press("end")
        await pilot.pause()
        check(f"article end {index}")
        await pilot.press("g")
        await pilot.press("i")  # the sidebar, on and off
        await pilot.pause()
        check(f"sidebar {index}")
        await pilot.press("i")
        await pilot.press("r")  # the source file as it is
        await settle(pilot)
        assert view.showing_source
        counts["sources"] += 1
        check(f"source {index}")
        check.seen.append(view.text)
        await pilot.press("end")
        await pilot.pause()
        check(f"source end {index}")
        await pilot.press("r")
        await pilot.pause()
        if len(article.versions) >= 2:
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, DiffScreen)
            counts["diffs"] += 1
            check(f"diff {index}")
            await pilot.press("r")  # source mode: raw lines against the clean text
            await settle(pilot)
            check(f"diff source {index}")
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
    await pilot.press("p")  # the problems panel lists the files without an article
    await pilot.pause()
    check("problems")
    await pilot.press("escape")
    return counts


async def test_every_article_of_the_hostile_corpus_is_safe_to_show() -> None:
    app = ReaderApp(utf8_paths())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        check = Checker(app)
        counts = await walk(app, pilot, check)
        article_list = app.screen.query_one(ArticleList)
        assert counts["articles"] == len(article_list.shown) >= 12
        assert counts["sources"] == counts["articles"]
        assert counts["diffs"] >= 1  # the raw + clean pair
    seen = "\n".join(check.seen)
    # Markup and Markdown show as the text they are.
    for literal in (
        "[bold]",
        "[@click=app.quit]",
        "[link=https://evil.example]",
        "[$text-error]",
        "# A heading in the text",
        "![an image](https://evil.example/pixel.png)",
        "<script>alert(1)</script>",
        "| col a | col b |",
    ):
        assert literal in seen, literal
    # Escapes: dropped whole by the loader in the article, pictured in the
    # source view.
    assert "[31mred" not in seen.replace("␛[31mred", "")
    assert "␛[31m" in seen
    assert "␛]52;c;" in seen  # the OSC 52 clipboard write, visible, not sent


async def test_source_view_shows_escapes_controls_and_overrides_visibly() -> None:
    app = ReaderApp([str(HOSTILE / "escapes.raw.txt"), str(HOSTILE / "bidi.raw.txt")])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        check = Checker(app)
        view = app.screen.query_one(ArticleView)
        article_list = app.screen.query_one(ArticleList)
        shown = {}
        for index in range(len(article_list.shown)):
            article_list.cursor = index
            await pilot.pause()
            article_list.focus()
            await pilot.press("enter")
            await pilot.press("r")
            await settle(pilot)
            shown[article_list.shown[index].versions[0].path] = view.text
            check(f"source {index}")
    escapes, bidi = shown["escapes.raw.txt"], shown["bidi.raw.txt"]
    assert "␛[31m" in escapes  # colour
    assert "␛[2J␛[H" in escapes  # clear screen, cursor home
    assert "␛]52;c;cm0gLXJmIH4vKgo=␇" in escapes  # OSC 52, ended by BEL
    assert "␛]8;;https://evil.example/␛\\" in escapes  # OSC 8 link
    assert "␛]0;pwned window title␇" in escapes  # window title
    assert "<U+009B>31m" in escapes  # the 8-bit CSI
    assert "<U+202E>" in bidi and "<U+2066>" in bidi


async def test_sidebar_and_list_show_hostile_file_names_visibly() -> None:
    names = [str(p) for p in sorted((HOSTILE / "names").iterdir()) if is_utf8(str(p))]
    app = ReaderApp(names)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        check = Checker(app)
        article_list = app.screen.query_one(ArticleList)
        article_list.focus()
        await pilot.press("enter")
        sidebar = app.screen.query_one(Sidebar)
        if not sidebar.display:
            await pilot.press("i")
        await pilot.pause()
        check("sidebar")
        assert sidebar.display
        seen = []
        for index in range(len(article_list.shown)):
            article_list.cursor = index
            await pilot.pause()
            await pilot.press("v")  # one version: a notice, nothing else
            await pilot.pause()
            seen.append(check(f"name {index}"))
        text = "\n".join(seen)
        assert "␛[31mred␛[0m-␛]0;title␇" in text
        assert "evil<U+202E>txt" in text
        assert "line␊break" in text
        assert "[bold]markup[-bold]" in text


async def test_the_whole_corpus_with_names_that_are_not_utf8_opens() -> None:
    """With the names that are not UTF-8: no crash, nothing unsafe on screen."""
    app = ReaderApp([str(HOSTILE)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        check = Checker(app)
        text = check("loaded")
        assert "article" in text
        article_list = app.screen.query_one(ArticleList)
        article_list.focus()
        for _ in range(len(article_list.shown)):
            await pilot.press("down")
        check("end of list")
        await pilot.press("p")
        await pilot.pause()
        check("problems")


async def test_names_that_are_not_utf8_do_not_stop_grouping() -> None:
    app = ReaderApp([str(HOSTILE)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        problems = app.screen.problems  # type: ignore[attr-defined]
        reasons = [problem.reason for problem in problems]
        assert not any("ungrouped" in reason for reason in reasons), reasons
        article_list = app.screen.query_one(ArticleList)
        assert any(len(article.versions) == 2 for article in article_list.shown)


def test_utf8_paths_leave_out_only_the_two_bad_names() -> None:
    everything = sum(len(files) for _, _, files in os.walk(os.fsencode(HOSTILE)))
    kept = len(utf8_paths())
    assert kept < everything


async def test_names_that_are_not_utf8_show_without_surrogates() -> None:
    names = [str(p) for p in sorted((HOSTILE / "names").iterdir()) if not is_utf8(str(p))]
    assert len(names) == 2
    app = ReaderApp(names)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        check = Checker(app)
        article_list = app.screen.query_one(ArticleList)
        article_list.focus()
        for index in range(len(article_list.shown)):
            await pilot.press("down" if index else "g")
            await pilot.pause()
            check(f"name {index}")


async def test_copy_path_toast_shows_the_name_visibly() -> None:
    names = [str(p) for p in sorted((HOSTILE / "names").iterdir()) if is_utf8(str(p))]
    app = ReaderApp(names)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        check = Checker(app)
        article_list = app.screen.query_one(ArticleList)
        article_list.focus()
        for index in range(len(article_list.shown)):
            await pilot.press("down" if index else "g")
            await pilot.press("y")
            await pilot.pause(0.1)
            text = check(f"copied {index}")
            assert "Copied" in text
            app.clear_notifications()


async def test_fifty_thousand_empty_files_are_reported_while_keys_still_work(
    tmp_path: Path,
) -> None:
    from reader.app.screens.help import HelpScreen

    folder = tmp_path / "empty"
    folder.mkdir()
    for n in range(50_000):
        (folder / f"{n:05d}.txt").touch()
    app = ReaderApp([str(folder)])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Loading runs in a worker: the help screen opens and closes meanwhile.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        check = Checker(app)
        text = check("loaded")
        assert "50,000 not read" in text
        await pilot.press("p")
        await pilot.pause()
        text = check("problems")
        assert "00000.txt" in text and "empty file" in text
