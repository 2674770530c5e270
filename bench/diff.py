"""Figures for the diff: rows, first paint, scroll step (issue 4).

    .venv/bin/python bench/diff.py [--runs N]

Two synthetic versions of an article (seeded, so every run compares the same
text): paragraphs of ~70 words; the newer version has 10% of its paragraphs
edited (a few words each), some inserted and deleted, and 3 moved. Prints
medians; targets from the issue in brackets. Nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.diff import diff_versions
from reader.model import Article, Kind, Version

WORDS_PER_PARAGRAPH = 70
SIZE = (120, 40)


def make_pair(words: int, seed: int = 4) -> tuple[Version, Version]:
    """An older and a newer version of about `words` words, 10% of paragraphs changed."""
    rng = random.Random(seed)
    vocabulary = [f"{rng.choice('bcdfghklmnprstvw')}{rng.choice('aeiou')}{n}" for n in range(3000)]

    def sentence() -> str:
        body = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 20)))
        return body.capitalize() + "."

    def paragraph() -> str:
        text: list[str] = []
        while sum(len(s.split()) for s in text) < WORDS_PER_PARAGRAPH:
            text.append(sentence())
        return " ".join(text)

    old = [paragraph() for _ in range(max(2, words // WORDS_PER_PARAGRAPH))]
    new = list(old)
    changed = rng.sample(range(len(new)), max(1, len(new) // 10))
    for index in changed:  # edit a few words
        tokens = new[index].split()
        for _ in range(4):
            tokens[rng.randrange(len(tokens))] = rng.choice(vocabulary)
        new[index] = " ".join(tokens)
    for _ in range(max(1, len(new) // 50)):  # insert and delete
        new.insert(rng.randrange(len(new)), paragraph())
        del new[rng.randrange(len(new))]
    for _ in range(3):  # move
        moved = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), moved)
    return version("old.txt", old), version("new.txt", new)


def version(name: str, paragraphs: list[str]) -> Version:
    return Version(
        path=name,
        source=Path(name),
        kind=Kind.CLEAN,
        title="Synthetic story",
        paragraphs=tuple(paragraphs),
    )


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def measure_screen(old: Version, new: Version, scroll_keys: int) -> dict[str, float]:
    """First paint of the diff screen, and CPU per scroll step, in one headless app.

    "first paint" = from pushing the screen to the first line of the diff
    being drawn (DiffView.render_line); "to idle" = until the app is idle
    again, which includes Pilot's own waiting, so an empty screen is measured
    the same way as a baseline.
    """
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    from reader.app.screens.diff import DiffScreen
    from reader.app.widgets.diff_view import DiffView

    article = Article(id="bench", versions=(old, new), title="Synthetic story")
    first_line: list[float] = []
    render_line = DiffView.render_line

    def timed_render_line(view: DiffView, y: int):  # type: ignore[no-untyped-def]
        strip = render_line(view, y)
        if not first_line and strip.text.strip():
            first_line.append(time.perf_counter())
        return strip

    class EmptyScreen(Screen[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("baseline")
            yield Footer()

    app: App[None] = App()
    figures: dict[str, float] = {}
    DiffView.render_line = timed_render_line  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            await app.push_screen(EmptyScreen())
            await pilot.pause()
            figures["baseline_idle"] = (time.perf_counter() - start) * 1000
            app.pop_screen()
            await pilot.pause()
            start = time.perf_counter()
            await app.push_screen(DiffScreen(article))
            await pilot.pause()
            figures["to_idle"] = (time.perf_counter() - start) * 1000
            figures["first_paint"] = (first_line[0] - start) * 1000
            view = app.screen.query_one(DiffView)
            figures["lines"] = len(view.lay_out_all().lines)
            await pilot.press("c")  # the whole text, so there is something to scroll
            figures["whole_lines"] = len(view.lay_out_all().lines)
            cpu: list[float] = []
            for _ in range(scroll_keys):
                cpu_start = time.process_time()
                await pilot.press("down")
                cpu.append((time.process_time() - cpu_start) * 1000)
            figures["scroll_cpu"] = statistics.median(cpu)
            # What a scroll step costs the view itself: one screenful of render_line.
            height = view.scrollable_content_region.height

            def render_screen() -> None:
                view.scroll_to(y=view.scroll_offset.y + 1, animate=False, immediate=True)
                for y in range(height):
                    view.render_line(y)

            figures["scroll_render"] = median_ms(render_screen, 50)
    finally:
        DiffView.render_line = render_line  # type: ignore[method-assign]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    old5, new5 = make_pair(5_000)
    diff5 = diff_versions(old5, new5)
    s = diff5.summary
    print(
        f"5,000 words: {len(old5.paragraphs)} → {len(new5.paragraphs)} paragraphs, "
        f"{old5.word_count} → {new5.word_count} words; {s.describe()}"
    )
    rows_ms = median_ms(lambda: diff_versions(old5, new5), runs)
    print(f"  rows (diff_versions)        {rows_ms:7.1f} ms   [≤ 50 ms]")

    screens = [
        asyncio.run(measure_screen(old5, new5, scroll_keys=20)) for _ in range(max(3, runs // 2))
    ]

    def med(key: str) -> float:
        return statistics.median(figures[key] for figures in screens)

    print(
        f"  screen first paint          {med('first_paint'):7.1f} ms   [≤ 150 ms]  "
        f"(push → first diff line drawn; {screens[0]['lines']:.0f} lines with context, "
        f"{screens[0]['whole_lines']:.0f} whole)"
    )
    print(
        f"  screen push → idle          {med('to_idle'):7.1f} ms   "
        f"(an empty screen with a Footer: {med('baseline_idle'):.1f} ms)"
    )
    print(
        f"  scroll step (down key)      {med('scroll_cpu'):7.1f} ms CPU"
        "   [≤ 16 ms]  (key → idle and repainted, headless)"
    )
    print(
        f"  scroll step (view only)     {med('scroll_render'):7.2f} ms"
        "   (scroll one line + render_line for a screenful)"
    )

    old50, new50 = make_pair(50_000, seed=5)
    diff50 = diff_versions(old50, new50)
    print(
        f"50,000 words: {len(old50.paragraphs)} → {len(new50.paragraphs)} paragraphs; "
        f"{diff50.summary.describe()}"
    )
    print(
        f"  rows (diff_versions)        {median_ms(lambda: diff_versions(old50, new50), 3):7.1f} ms"
        "   [≤ 500 ms]"
    )
    big = asyncio.run(measure_screen(old50, new50, scroll_keys=10))
    print(
        f"  screen first paint          {big['first_paint']:7.1f} ms   "
        f"(push → idle {big['to_idle']:.0f} ms; {big['lines']:.0f} lines with context, "
        f"{big['whole_lines']:.0f} whole)"
    )
    print(f"  scroll step (down key)      {big['scroll_cpu']:7.1f} ms CPU")


if __name__ == "__main__":
    main()
