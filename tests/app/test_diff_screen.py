"""The diff screen: Pilot tests of its keys, and snapshots of how it looks."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest
from textual.app import App

from reader.app.screens.diff import THREAD_CHARS, DiffScreen, PairPicker
from reader.app.widgets.diff_view import DiffView
from reader.markdown import page_chars
from reader.model import Article, Caption, Kind, Version
from tests.app.helpers import wait_until

SIZE = (110, 34)

INTRO = "The harbour board met on Tuesday to discuss the budget for the coming year."
DREDGING = "Councillors said the dredging plan would cost more than expected this time."
FISHERMEN = "Fishermen welcomed the decision but asked for more consultation on the plan."
QUOTE = "“We are pleased,” said a spokesman for the fishermen’s association."
LIBRARY = "The library in Fore Street will close on Saturdays from April."
SPOKESWOMAN = "A council spokeswoman said the figures would be published next week."
LATE = "Late on Tuesday the board also approved a new ferry timetable for summer."
UNCHANGED = [f"Unchanged paragraph number {n} about the town and its harbour." for n in range(6)]


def version(
    name: str,
    paragraphs,
    *,
    title="Harbour budget agreed",
    source=None,
    kind=Kind.CLEAN,
    captions=(),
    published=date(2026, 3, 3),
) -> Version:
    return Version(
        path=name,
        source=source or Path("/nonexistent") / name,
        kind=kind,
        title=title,
        published=published,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
    )


def article(*versions: Version) -> Article:
    return Article(
        id="harbour",
        versions=versions,
        title=versions[-1].title,
        paragraphs=versions[-1].paragraphs,
    )


def three_versions() -> Article:
    """v1 → v2: one paragraph inserted. v2 → v3: changed, trivial, moved, deleted, title."""
    v1 = version("v1.txt", [INTRO, DREDGING, FISHERMEN, *UNCHANGED, QUOTE, LIBRARY])
    v2 = version(
        "v2.txt",
        [INTRO, DREDGING, FISHERMEN, SPOKESWOMAN, *UNCHANGED, QUOTE, LIBRARY],
        captions=[Caption("The harbour at dawn", "Jo Lens")],
    )
    v3 = version(
        "v3.txt",
        [
            INTRO,
            DREDGING.replace("more than", "far more than"),  # changed words
            SPOKESWOMAN,
            *UNCHANGED,
            QUOTE.replace("“", '"').replace("”", '"'),  # trivial: quote style
            LIBRARY,
            FISHERMEN,  # moved to the end
            LATE,  # inserted
        ],
        title="Harbour budget finally agreed",
        captions=[Caption("The harbour at dawn", "Jo Lens"), Caption("The ferry", None)],
    )
    return article(v1, v2, v3)


class DiffTestApp(App[None]):
    """A bare app that opens the diff screen for one article."""

    def __init__(self, subject: Article) -> None:
        super().__init__()
        self.subject = subject

    def on_mount(self) -> None:
        self.push_screen(DiffScreen(self.subject))


def view_text(app: App[None]) -> str:
    view = app.screen.query_one(DiffView)
    return "\n".join(line.text for line in view.lay_out_all().lines)


def visible_text(app: App[None]) -> str:
    view = app.screen.query_one(DiffView)
    height = view.scrollable_content_region.height
    return "\n".join(view.render_line(y).text for y in range(height))


def header_text(app: App[None]) -> str:
    return str(app.screen.query_one("#diff-header").render())


# ─── Pilot ───────────────────────────────────────────────────────────────────


async def test_opens_on_the_newest_pair_with_the_summary():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.pair == (1, 2)
        header = header_text(app)
        assert "v2 v2.txt" in header and "v3 v3.txt" in header
        assert "¶ +1 −0 ~2 ↕1" in header  # LATE added; dredging + quote changed; moved
        assert "pair 2 of 2" in header
        text = view_text(app)
        assert "title: Harbour budget agreed" in text
        assert "title: Harbour budget finally agreed" in text
        assert "The ferry" in text  # the caption added
        assert "(moved to ¶ 12)" in text and "(moved from ¶ 3)" in text
        lines = text.splitlines()
        late = next(line for line in lines if "Late on Tuesday" in line)
        assert late.startswith("+ ") and "╱╱╱" in late.split("│")[0]  # filler on the left


async def test_n_and_N_step_through_the_changes():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        total = view.change_count
        # title, caption, changed, moved (2 ends), trivial, inserted
        assert total == 7
        await pilot.press("n")
        assert view.current_change == 0
        assert "change 1/7" in header_text(app)
        for _ in range(total + 2):  # past the end stays on the last
            await pilot.press("n")
        assert view.current_change == total - 1
        last_start = view.lay_out_all().change_starts[-1]
        assert view.scroll_offset.y <= last_start < view.scroll_offset.y + view.size.height
        assert "Late on Tuesday" in visible_text(app)
        await pilot.press("N")
        assert view.current_change == total - 2
        # the current change's gutter is highlighted with the cursor bar
        await pilot.press("N", "N", "N")
        start = view.lay_out_all().change_starts[view.current_change]
        end = view.lay_out_all().change_ends[view.current_change]
        if end - start > 1:
            assert view.render_line(start + 1 - view.scroll_offset.y).text.startswith("▌")


async def test_x_hides_trivial_changes():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        before = view.change_count
        quote_line = next(line for line in view_text(app).splitlines() if "We are pleased" in line)
        assert quote_line.startswith("~ ")
        await pilot.press("x")
        assert view.hide_trivial
        assert view.change_count == before - 1
        assert "trivial hidden" in header_text(app)
        # still in the text as context (next to the moved paragraph), but unmarked
        quote_lines = [line for line in view_text(app).splitlines() if "We are pleased" in line]
        assert all(line.startswith("  ") for line in quote_lines)
        await pilot.press("x")
        assert view.change_count == before


async def test_c_switches_between_context_and_whole_text():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        assert "unchanged paragraphs ⋯" in view_text(app)
        assert "Unchanged paragraph number 2" not in view_text(app)
        context_lines = len(view.lay_out_all().lines)
        await pilot.press("c")
        assert view.whole_text
        assert "whole text" in header_text(app)
        assert "unchanged paragraphs ⋯" not in view_text(app)
        assert "Unchanged paragraph number 2" in view_text(app)
        assert len(view.lay_out_all().lines) > context_lines
        assert view.virtual_size.height == len(view.lay_out_all().lines)


async def test_arrows_step_through_the_pairs_and_the_picker_chooses_any_two():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await pilot.press("left")
        assert screen.pair == (0, 1)
        assert "¶ +1 −0 ~0" in header_text(app)  # v1 → v2: only the spokeswoman
        await pilot.press("left")  # no older pair: stays
        assert screen.pair == (0, 1)
        await pilot.press("right")
        assert screen.pair == (1, 2)
        await pilot.press("p")
        assert isinstance(app.screen, PairPicker)
        # pairs are listed (0,1), (0,2), (1,2); the current one is highlighted
        await pilot.press("up", "enter")
        assert app.screen is screen
        assert screen.pair == (0, 2)
        assert "picked pair" in header_text(app)
        await pilot.press("p", "escape")
        assert screen.pair == (0, 2)


def long_pair() -> Article:
    """Two versions long enough to be compared in a thread: one sentence changed."""
    body = [f"Paragraph {n} of the long report on the harbour and its budget." for n in range(900)]
    edited = list(body)
    edited[450] = "Paragraph 450 of the long report on the harbour and its finances."
    return article(version("v1.txt", body), version("v2.txt", edited))


@pytest.fixture
def gated_diff(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The diff screen's diff_versions, held until the returned event is set:
    what a pair too long to compare at once looks like while it is compared."""
    from reader.app.screens import diff as diff_screen

    gate = threading.Event()
    real = diff_screen.diff_versions

    def held(old: Version, new: Version):  # type: ignore[no-untyped-def]
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(30)
        return real(old, new)

    monkeypatch.setattr(diff_screen, "diff_versions", held)
    return gate


async def test_a_long_pair_is_compared_in_a_thread_while_the_screen_says_so(gated_diff):
    subject = long_pair()
    assert page_chars(subject.versions[0]) + page_chars(subject.versions[1]) > THREAD_CHARS
    app = DiffTestApp(subject)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        view = screen.query_one(DiffView)
        await pilot.pause()
        assert view.diff is None and "Comparing the versions" in visible_text(app)
        await pilot.press("c")  # the screen still takes keys meanwhile
        assert "whole text" in header_text(app)
        gated_diff.set()
        await wait_until(pilot, lambda: view.diff is not None)
        assert "¶ +0 −0 ~1" in header_text(app)
        assert "· 1 change ·" in header_text(app)  # one, not "1 changes"
        assert "finances" in view_text(app)


async def test_a_pair_left_behind_while_its_thread_works_is_not_shown(gated_diff):
    app = DiffTestApp(long_pair())
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        view = screen.query_one(DiffView)
        await pilot.press("r")  # source mode before the diff came back
        await wait_until(pilot, lambda: "Cannot read the source file" in view.message)
        gated_diff.set()  # the diff of the pair left behind arrives now
        await wait_until(pilot, lambda: not any(w.is_running for w in screen.workers))
        await pilot.pause()
        assert view.diff is None and "Cannot read the source file" in view.message
        await pilot.press("escape")
        assert not isinstance(app.screen, DiffScreen)


async def test_escape_and_q_go_back():
    for key in ("escape", "q"):
        app = DiffTestApp(three_versions())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DiffScreen)
            await pilot.press(key)
            assert not isinstance(app.screen, DiffScreen)


async def test_one_version_has_nothing_to_compare():
    app = DiffTestApp(article(version("only.txt", [INTRO])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "only one version" in view_text(app)
        await pilot.press("n", "x", "c", "r", "left", "p")  # nothing breaks
        assert isinstance(app.screen, DiffScreen)


async def test_text_is_never_interpreted():
    hostile = "Prices [bold]rise[/] and [/] fall \x1b[2J now [link=http://x]y[/link]"
    app = DiffTestApp(
        article(version("a.txt", [INTRO]), version("b.txt", [INTRO, hostile], title="[red]T[/red]"))
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = view_text(app)
        assert "[bold]rise[/]" in text and "[link=http://x]y[/link]" in text
        assert "\x1b" not in text
        assert "[red]T[/red]" in text


RAW = """\
Home News World

Harbour budget agreed
By Jo Bloggs

The harbour board met on Tuesday to discuss the budget for the coming year.

Councillors said the dredging plan would cost more than expected this time.

Already a subscriber? Sign in

[[title]]

Most Read
1
A96 closed after crash
2
Man in court
"""

CLEAN = """\
 date 2026-03-03

The harbour board met on Tuesday to discuss the budget for the coming year.

Councillors said the dredging plan would cost far more than expected this time.
"""


def raw_and_clean(folder: Path) -> Article:
    raw, clean = folder / "story.raw.txt", folder / "story.clean.txt"
    raw.write_text(RAW, "utf-8")
    clean.write_text(CLEAN, "utf-8")
    return article(
        version("story.raw.txt", [INTRO, DREDGING], source=raw, kind=Kind.RAW),
        version("story.clean.txt", [INTRO, DREDGING.replace("more", "far more")], source=clean),
    )


async def test_source_mode_collapses_removed_blocks_and_enter_expands_them(tmp_path):
    app = DiffTestApp(raw_and_clean(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        await pilot.press("r")
        assert view.source is not None
        assert "source lines" in header_text(app)
        text = view_text(app)
        assert "- ▸ 5 lines removed: Most Read" in text
        assert "[[title]]" in text
        assert "A96 closed after crash" not in text  # collapsed
        # the body change is a word change, not a removed block
        dredging = next(line for line in text.splitlines() if "Councillors said" in line)
        assert dredging.startswith("~ ")
        # go to the last change (the Most Read block) and open it
        await pilot.press("N", "enter")
        text = view_text(app)
        assert "▾ 5 lines removed" in text
        assert "A96 closed after crash" in text
        await pilot.press("enter")
        assert "A96 closed after crash" not in view_text(app)
        await pilot.press("r")
        assert view.diff is not None and view.source is None


async def test_source_mode_with_a_missing_file_says_so():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert "Cannot read the source file" in view_text(app)


async def test_resize_lays_out_again():
    app = DiffTestApp(three_versions())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        wide = len(view.lay_out_all().lines)
        await pilot.resize_terminal(60, 34)
        await pilot.pause()
        assert len(view.lay_out_all().lines) > wide
        assert all(line.cell_length <= 60 for line in view.lay_out_all().lines)


# ─── Snapshots ───────────────────────────────────────────────────────────────


def test_snapshot_first_paint(snap_compare):
    assert snap_compare(DiffTestApp(three_versions()), terminal_size=SIZE)


def test_snapshot_whole_text_at_the_third_change(snap_compare):
    assert snap_compare(
        DiffTestApp(three_versions()), press=["c", "n", "n", "n"], terminal_size=SIZE
    )


@pytest.fixture
def source_article(tmp_path):
    return raw_and_clean(tmp_path)


def test_snapshot_source_mode(snap_compare, source_article):
    # the paths shown in the header are the versions' names, not tmp_path
    assert snap_compare(DiffTestApp(source_article), press=["r"], terminal_size=SIZE)


async def test_deleted_words_struck_and_inserted_words_underlined():
    old = version("a.txt", [INTRO, DREDGING])
    new = version("b.txt", [INTRO.replace("Tuesday", "Monday"), DREDGING])
    app = DiffTestApp(article(old, new))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DiffView)
        line = next(
            strip for strip in view.lay_out_all().lines if "The harbour board" in strip.text
        )
        styles = {segment.text: segment.style for segment in line if segment.text.strip()}
        assert styles["Tuesday"] is not None and styles["Tuesday"].strike
        assert not styles["Tuesday"].underline
        assert styles["Monday"] is not None and styles["Monday"].underline
        assert not styles["Monday"].strike
        assert styles["~ "] is not None and styles["~ "].bold  # the gutter marker
