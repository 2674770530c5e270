"""Figures for the terminal app (issue 3). Prints them; nothing is asserted.

    .venv/bin/python bench/app.py            # all figures
    .venv/bin/python bench/app.py --rows 20000
    .venv/bin/python bench/app.py --stall    # only the event-loop stalls on huge pages

Times are medians. "CPU ms" is process CPU time from sending a key to the app
being idle and repainted (headless `run_test`: the compositor still renders),
which leaves out the Pilot's own waiting; wall times include everything.
A stall is the longest gap between the ticks of a 10 ms timer on the app's
loop (the median of --runs apps); the same resize with a small article shown
says what Textual and the garbage collector cost without our page.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.events import Resize  # noqa: E402
from textual.geometry import Size  # noqa: E402

from reader.model import Article, Kind, Version  # noqa: E402

SIZE = (120, 40)
WORDS = [
    "harbour",
    "storm",
    "council",
    "budget",
    "river",
    "ferry",
    "island",
    "school",
    "court",
    "laptop",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def synthetic(count: int, words: int = 60) -> list[Article]:
    base = date(2026, 1, 1)
    out = []
    for n in range(count):
        body = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(words))
        version = Version(
            path=f"gen/{n:06d}.txt",
            source=Path(f"/nonexistent/{n:06d}.txt"),
            kind=Kind.CLEAN,
            title=f"Story {n}: {WORDS[n % 10]} {WORDS[(n * 7) % 10]} and more news of the day",
            byline="By Bench Writer",
            publisher=f"Publisher {n % 37}",
            published=base - timedelta(days=n % 3000),
            paragraphs=(body,),
        )
        out.append(
            Article(
                id=f"a{n}",
                versions=(version,),
                title=version.title,
                byline=version.byline,
                publisher=version.publisher,
                published=version.published,
                paragraphs=version.paragraphs,
            )
        )
    return out


def long_article(words: int) -> Article:
    paragraphs = tuple(
        " ".join(f"{WORDS[(p + k) % 10]}{k % 7}" for k in range(50)) for p in range(words // 50)
    )
    version = Version(
        path="long.txt",
        source=Path("/nonexistent/long.txt"),
        kind=Kind.CLEAN,
        title=f"A long read of {words} words",
        byline="By Bench Writer",
        publisher="Bench",
        published=date(2026, 1, 1),
        paragraphs=paragraphs,
    )
    return Article(
        id=f"long{words}",
        versions=(version,),
        title=version.title,
        byline=version.byline,
        publisher=version.publisher,
        published=version.published,
        paragraphs=paragraphs,
    )


LAUNCH_SNIPPET = """
import time
start = time.perf_counter()
import asyncio, os
os.environ["TEXTUAL_ANIMATIONS"] = "none"
from reader.app.app import ReaderApp
from reader.app.samples import sample_folder
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.article_view import ArticleView

async def main():
    app = ReaderApp([str(sample_folder())])
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        while not app.screen.query_one(ArticleList).shown or view.article is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        print(time.perf_counter() - start, len(app.screen.query_one(ArticleList).shown))

asyncio.run(main())
"""


def launch_seconds(runs: int) -> tuple[float, int]:
    """A fresh interpreter each run: import, start, first article rows painted."""
    times = []
    rows = 0
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", LAUNCH_SNIPPET],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=True,
        )
        total = time.perf_counter() - started
        inner, rows_text = result.stdout.split()
        rows = int(rows_text)
        # The process's own clock misses interpreter start-up; the outer one
        # includes tearing down; report the outer time less the teardown guess.
        times.append(min(total, float(inner) + 0.05))
    return statistics.median(times), rows


async def list_figures(rows: int) -> dict[str, float]:
    from reader.app.app import ReaderApp
    from reader.app.widgets.article_list import ArticleList

    articles = synthetic(rows)
    before = rss_mb()
    app = ReaderApp(articles=[])
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        article_list = app.screen.query_one(ArticleList)
        await pilot.pause()
        start = time.perf_counter()
        article_list.set_articles(articles)
        await pilot.pause()
        figures["first_paint_s"] = time.perf_counter() - start
        figures["rss_mb"] = rss_mb() - before

        async def cpu_ms(key: str) -> float:
            start = time.process_time()
            await pilot.press(key)
            return (time.process_time() - start) * 1000

        downs = [await cpu_ms("down") for _ in range(60)]
        figures["down_cpu_ms"] = statistics.median(downs)
        ends = []
        homes = []
        for _ in range(10):
            ends.append(await cpu_ms("G"))
            homes.append(await cpu_ms("g"))
        figures["G_cpu_ms"] = statistics.median(ends)
        figures["g_cpu_ms"] = statistics.median(homes)
        start = time.perf_counter()
        article_list.apply_filter("harbour council")
        await app.workers.wait_for_complete()
        await pilot.pause()
        figures["filter_s"] = time.perf_counter() - start
        figures["filter_rows"] = len(article_list.shown)
        figures["empty_press_cpu_ms"] = statistics.median([await cpu_ms("f12") for _ in range(20)])
    return figures


async def pane_figures(words: int) -> tuple[float, float]:
    """Show an article: parse + lay out + draw one screen (CPU), and wall to idle."""
    from reader.app.app import ReaderApp
    from reader.app.widgets.article_view import ArticleView

    app = ReaderApp(articles=[])
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        cpu = []
        wall = []
        for n in range(5):
            article = long_article(words)
            article = Article(**{**_fields(article), "id": f"{article.id}-{n}"})
            start_cpu = time.process_time()
            start_wall = time.perf_counter()
            view.show(article)
            while view.laying_out:  # a long page is laid out in a thread
                await asyncio.sleep(0.001)
            for y in range(view.size.height):
                view.render_line(y)
            cpu.append((time.process_time() - start_cpu) * 1000)
            await pilot.pause()
            wall.append((time.perf_counter() - start_wall) * 1000)
        return statistics.median(cpu), statistics.median(wall)


HOSTILE = REPO / "tests" / "data" / "hostile"
HUGE_FILES = (
    "captions-10000.txt",  # 10,000 figures
    "paragraph-1mb.txt",  # one paragraph of a megabyte
    "dump-20000-lines.txt",  # a raw dump: a short article, a long source
    "word-100k.clean.txt",  # a word of 100,000 letters
)
TICK = 0.010  # the stall probe's interval


class StallProbe:
    """Ticks every 10 ms on the app's loop: the longest gap between ticks is the stall."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0


async def stall_figures(name: str) -> dict[str, float]:
    """Longest event-loop stall (ms) while a huge page opens, re-wraps and shows its source."""
    from reader.app.app import ReaderApp
    from reader.app.page import PageStyles, parse_blocks, source_blocks
    from reader.app.source import read_source
    from reader.app.widgets.article_list import ArticleList
    from reader.app.widgets.article_view import ArticleView
    from reader.load import load
    from reader.markdown import to_markdown

    loaded = load([str(HOSTILE / name), str(HOSTILE / "lynx.txt")])
    huge = next(a for a in loaded.articles if a.versions[0].path.endswith(name))
    small = next(article for article in loaded.articles if article is not huge)
    # How the page and the source end, as the pane will show them.
    page_end = parse_blocks(to_markdown(huge), PageStyles()).plains[-1][-20:]
    source = source_blocks(read_source(huge.versions[0].source)).plains
    source_end = next(line for line in reversed(source) if line.strip())[-20:]
    app = ReaderApp(articles=list(loaded.articles))
    probe = StallProbe()
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        article_list = app.screen.query_one(ArticleList)
        view = app.screen.query_one(ArticleView)

        def ends_with(words: str) -> bool:
            # The last rows only: joining the whole page would stall the loop itself.
            # White space left out: the words may wrap anywhere.
            tail = "".join(line.text.plain for line in view.lines[-12:])
            return "".join(words.split()) in "".join(tail.split())

        async def measure(what: str, act: Callable[[], object], done: Callable[[], bool]) -> None:
            await pilot.pause()  # until no thread works any more
            await pilot.pause(0.1)
            probe.reset()
            start = time.perf_counter()
            act()
            while not done():
                if time.perf_counter() - start > 60:
                    raise TimeoutError(f"{what}: the page never showed")
                await asyncio.sleep(0.005)
            figures[f"{what}_wall_ms"] = (time.perf_counter() - start) * 1000
            await pilot.pause(0.05)
            figures[f"{what}_stall_ms"] = probe.longest * 1000

        def resize(columns: int) -> Callable[[], None]:
            def act() -> None:
                # What Pilot.resize_terminal does, without its waiting.
                size = Size(columns, SIZE[1])
                app._driver._size = size  # type: ignore[union-attr]
                app.post_message(Resize(size, size))

            return act

        # Start from the small article: the list's first row may be the huge one.
        article_list.cursor = next(n for n, a in enumerate(article_list.shown) if a is small)
        while view.article is not small:
            await pilot.pause(0.05)
        view._page_cache.clear()  # the huge page may have been parsed while the cursor was on it
        app.set_interval(TICK, probe.tick)
        # What the app costs anyway: the same resize with the small article shown.
        narrow = SIZE[0] - 20
        await measure("floor", resize(narrow), lambda: app.screen.size.width == narrow)
        await measure("back", resize(SIZE[0]), lambda: app.screen.size.width == SIZE[0])
        index = next(n for n, article in enumerate(article_list.shown) if article is huge)
        await measure(
            "open",
            lambda: setattr(article_list, "cursor", index),
            lambda: view.article is huge and ends_with(page_end),
        )
        width = view.virtual_size.width
        await measure(
            "resize",
            resize(narrow),
            lambda: view.virtual_size.width != width and ends_with(page_end),
        )
        await measure(
            "source",
            view.action_toggle_source,
            lambda: view.showing_source and ends_with(source_end),
        )
    return figures


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__slots__}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stall", action="store_true", help="only the stalls on huge pages")
    options = parser.parse_args()
    if options.stall:
        print_stalls(options.runs)
        return
    launch, sample_rows = launch_seconds(options.runs)
    print(f"launch to first screen (samples, {sample_rows} articles): {launch:.2f} s  [<= 1 s]")
    figures = asyncio.run(list_figures(options.rows))
    rows = f"{options.rows:,}"
    print(f"list of {rows}: first paint {figures['first_paint_s']:.3f} s  [<= 0.5 s]")
    print(f"list of {rows}: cursor key median {figures['down_cpu_ms']:.1f} CPU ms  [<= 16 ms]")
    print(
        f"list of {rows}: G {figures['G_cpu_ms']:.1f} / g {figures['g_cpu_ms']:.1f} "
        "CPU ms (median)  [<= 30 ms]"
    )
    print(f"list of {rows}: (a key bound to nothing: {figures['empty_press_cpu_ms']:.1f} CPU ms)")
    print(f"list of {rows}: RSS over the articles' own {figures['rss_mb']:.1f} MB  [<= 100 MB]")
    print(
        f"list of {rows}: filter 'harbour council' {figures['filter_s']:.2f} s "
        f"(in a thread; {figures['filter_rows']:,.0f} rows match)"
    )
    for words, bar in ((3_000, 50), (20_000, 300)):
        cpu, wall = asyncio.run(pane_figures(words))
        print(
            f"reading pane {words:,} words: {cpu:.0f} CPU ms to render and draw, "
            f"{wall:.0f} ms wall to idle  [<= {bar} ms]"
        )

    print_stalls(options.runs)


def print_stalls(runs: int) -> None:
    for name in HUGE_FILES:
        each = [asyncio.run(stall_figures(name)) for _ in range(runs)]
        stalls = {key: statistics.median(run[key] for run in each) for key in each[0]}
        for what in ("open", "resize", "source"):
            print(
                f"{name} {what}: longest event-loop stall {stalls[what + '_stall_ms']:.0f} ms, "
                f"{stalls[what + '_wall_ms']:.0f} ms wall until shown  [stall <= 50 ms]"
            )
        print(
            f"{name} (the same resize with a small article shown: "
            f"stall {stalls['floor_stall_ms']:.0f} ms)"
        )


if __name__ == "__main__":
    main()
