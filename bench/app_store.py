#!/usr/bin/env python3
"""The real app on a big cached folder: the figures of issue #5. Prints them; nothing is asserted.

    .venv/bin/python bench/app_store.py DIR [--cache-dir D] [--runs R] [--commit REV]
                                            [--no-cold-app]

DIR is a corpus folder (bench/make_corpus.py N DIR). The app runs headless
(`ReaderApp([DIR], store=open_store(D, data, config))` under
`run_test(size=(120, 40))`, animations off), each run in a fresh `python`
process, so interpreter start and imports count. The code measured is a
frozen copy of the package at REV (default HEAD, `git archive`), run by a
copy of this script: the cache's parser version is a digest of the loader's
source, so another engineer's edit made while this runs would otherwise make
the cache stale half-way.

1. A warm cache for DIR in D (default: a folder under /tmp named after DIR):
   when D holds no collection for DIR, a cold load
   (`load_cached([DIR], Cache(D))`, all cores) and `Cache(D).update_index()`,
   timed, in a process of their own.
2. Warm start, R runs. Times are from the parent's spawn of the process to
   the first *screen paint* at which the event holds (a paint probe wraps
   `Screen._compositor_refresh`, through which Textual composes every frame;
   headless, the frame is composed and then not written):
   - usable list: the first paint with `ArticleList.articles` non-empty
     (the cache's snapshot, `LoadFinished(checking=True)`);
   - full list: the first paint after `FilesChecked` (or a new
     `LoadFinished`) arrived, with the status no longer "checking";
   - RSS (VmRSS, and the peak: `ru_maxrss`) when the list is complete, and
     when the loader worker (re-check, then FTS index) has finished;
   - opening an article: the cursor is set to ~30 rows spread over the
     list; the time from setting it to the first paint at which
     `ArticleView.article` is that row's article. Articles longer than
     `INSTANT_WORDS` are shown only after the cursor rests `REST_SECONDS`:
     for those that deliberate wait (timer set -> `MainScreen._show` called)
     is taken out. Also printed: `MainScreen._show` alone (SQLite read +
     decode + `ArticleView.show` + sidebar) and `CachedArticles.article`
     alone (the SQLite read and decode);
   - a cursor key: "j" sent 50 times (`events.Key` posted to the app), each
     after the app is idle (`pilot.pause()`); wall and process-CPU ms from
     posting the key to the first paint after `action_cursor_down` ran (the
     list's), and wall ms to the paint of the pane with the new article
     (the app shows it in the frame after the list's);
   - search: `ArticleList.apply_filter(q)` with 20 queries drawn from the
     corpus (common, mid-frequency and rare words, quoted phrases, prefixes,
     `title:word`, `date:YYYY[-MM]`); the time from the call to the first
     paint with `_filtering` False (the FTS query ran in its thread and the
     list was rebuilt); also `Cache.search_rows` alone. The app's filter
     is as-you-type: a bare last word of 4+ letters is searched as a prefix.
   Percentiles pool the samples of all runs.
   Also counted: the gen-2 garbage collections during these measures
   (`gc.callbacks`), which explain most of the p95s.
3. Cold load in the app: an empty cache, one run: time to the first
   (provisional) rows painted, to the final list, to the loader's end
   (search index built), the app process's peak RSS, the longest
   event-loop stall after the first rows (a 10 ms ticker), and the latency
   of a "j" sent every 50 ms while the load runs (and while the index is
   built), without waiting for idle. Twice: the app as it is, and with
   multiprocessing's resource tracker started before the app (see
   `cold_child`: as it is, the cached loader fails inside the app and falls
   back to loading without the cache).

Each figure is followed by its target in brackets. The machine's load
average is printed with them: another benchmark running makes them worse.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZE = (120, 40)
OPENS = 30  # rows opened per run
READ_OPENS = 8  # ... and more, each after READING seconds with no input, as a reader pauses
READING = 1.5
KEYS = 50  # "j" presses per run
QUERIES = 20
KEY_GAP = 0.05  # seconds between keys while a cold load runs
GRACE = 300.0  # keys stop this long after the final list even if the loader still runs
WAIT = 60.0  # longest wait for one event (a stuck measure fails instead of hanging)
CHILD_TIMEOUT = 3600.0


# -- the parent: prepares, spawns the measuring processes, prints -------------------


def freeze_code(commit: str) -> tuple[Path, str]:
    """The package at `commit` and this script, in a temp folder; (folder, short hash)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", commit, "reader"], cwd=REPO, capture_output=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="app-store-code-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    shutil.copy(__file__, folder / Path(__file__).name)
    return folder, sha


def run_child(mode: str, spec: dict[str, Any], code: Path) -> dict[str, Any]:
    """Run the frozen copy of this file as `--child mode` in a fresh interpreter.

    The child prints one JSON object; `spawned` (wall clock, taken just
    before the process is started) is added to it.
    """
    env = {**os.environ, "PYTHONPATH": str(code), "TEXTUAL_ANIMATIONS": "none"}
    script = code / Path(__file__).name
    command = [sys.executable, str(script), "--child", mode, json.dumps(spec)]
    spawned = time.time()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"the {mode} process failed ({done.returncode}):\n{done.stderr[-4000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if not str(out.get("reader", "")).startswith(str(code)):
        raise SystemExit(f"the {mode} process imported reader from {out.get('reader')}")
    out["spawned"] = spawned
    return out


def default_cache_dir(folder: Path) -> Path:
    key = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"app-store-cache-{folder.name}-{key}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def p50_p95(samples: Sequence[float], digits: int = 1) -> str:
    """Samples in ms: 'p50 x ms, p95 y ms'."""
    if not samples:
        return "no samples"
    return (
        f"p50 {statistics.median(samples):.{digits}f} ms, "
        f"p95 {percentile(samples, 0.95):.{digits}f} ms"
    )


def ensure_warm_cache(folder: Path, cache_dir: Path, code: Path) -> dict[str, Any]:
    prepared = run_child("prepare", {"folder": str(folder), "cache": str(cache_dir)}, code)
    if prepared["cold_s"] is not None:
        print(
            f"cold load (load_cached, {prepared['workers']} processes): "
            f"{prepared['cold_s']:.1f} s, {prepared['files'] / prepared['cold_s']:,.0f} files/s; "
            f"peak RSS {prepared['peak_mb']:,.0f} MB   ({load_average()})"
        )
    else:
        print(f"warm cache found in {cache_dir}")
    if prepared["index_s"] is not None:
        print(f"search index (update_index): {prepared['index_s']:.1f} s")
    print(
        f"cache: {prepared['articles']:,} articles from {prepared['files']:,} files, "
        f"{prepared['cache_mb']:,.0f} MB on disk"
    )
    return prepared


def warm_runs(
    folder: Path, cache_dir: Path, code: Path, queries: list[str], runs: int
) -> list[dict[str, Any]]:
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="app-store-home-") as home:
            spec = {"folder": str(folder), "cache": str(cache_dir), "home": home}
            out.append(run_child("warm", {**spec, "queries": queries}, code))
    return out


def since_spawn(runs: list[dict[str, Any]], event: str) -> float:
    """Median over runs of seconds from spawn to `event` (nan: it never happened)."""
    times = [run["at"][event] - run["spawned"] for run in runs if event in run["at"]]
    return statistics.median(times) if times else float("nan")


def print_warm(runs: list[dict[str, Any]]) -> None:
    n = len(runs)
    print(
        f"warm start, usable list:  {ms(since_spawn(runs, 'rows'))}  [<= 1 s]  (spawn to first "
        f"painted rows, median of {n}; interpreter start {ms(since_spawn(runs, 'started'))}, "
        f"imports + store open {ms(since_spawn(runs, 'imported'))}, first paint "
        f"{ms(since_spawn(runs, 'screen'))}, snapshot arrived {ms(since_spawn(runs, 'snapshot'))})"
    )
    print(
        f"warm start, full list:    {ms(since_spawn(runs, 'complete'))}  [<= 2 s]  "
        f"({runs[0]['rows']:,} rows; files re-checked, FilesChecked painted; "
        f"re-check arrived {ms(since_spawn(runs, 'checked'))})"
    )
    loads = max(run["loads"] for run in runs)
    print(
        f"loader worker finished:   {ms(since_spawn(runs, 'indexed'))}  (re-check + FTS top-up; "
        f"loads started per run: at most {loads}, 1 expected)"
    )
    for when in ("list", "index"):
        rss = statistics.median(run["memory"][when]["VmRSS"] for run in runs)
        peak = statistics.median(run["memory"][when]["ru_maxrss"] for run in runs)
        label = "list complete" if when == "list" else "loader done  "
        print(f"RSS, {label}:     VmRSS {rss:,.0f} MB, peak {peak:,.0f} MB  [<= 300 MB]")

    opens = [o for run in runs for o in run["opens"]]
    good = [o for o in opens if o["painted_ms"] is not None]
    delayed = sum(o["delayed"] for o in good)
    print(
        f"open an article: {p50_p95([o['painted_ms'] for o in good])}  [<= 50 ms]  "
        f"(cursor set -> pane painted with it, {len(good)} rows over {n} runs, "
        f"{delayed} long ones with the {runs[0]['rest_ms']:.0f} ms rest taken out"
        + (f"; {len(opens) - len(good)} never shown" if len(good) < len(opens) else "")
        + ")"
    )
    print(
        f"  of which MainScreen._show (resolve + show): {p50_p95([o['show_ms'] for o in good])}; "
        f"CachedArticles.article (SQLite read + decode): {p50_p95([o['read_ms'] for o in good])}; "
        f"max {max(o['painted_ms'] for o in good):.1f} ms, "
        f"words p50 {statistics.median(o['words'] for o in good):,.0f}"
    )

    read = [o["painted_ms"] for run in runs for o in run.get("read_opens", [])]
    read = [t for t in read if t is not None]
    print(
        f"  after {READING:.1f} s of reading each: {p50_p95(read)}  ({len(read)} rows over "
        f"{n} runs; the app collects garbage while the user reads, reader/app/idle_gc.py)"
    )

    keys = [k for run in runs for k in run["keys"]]
    print(
        f"cursor key j (idle between keys): wall {p50_p95([k['wall_ms'] for k in keys])}  "
        f"[<= 16 ms median]; CPU {p50_p95([k['cpu_ms'] for k in keys])}  ({len(keys)} keys; "
        "key posted -> first paint after the move)"
    )
    panes = [k["pane_ms"] for k in keys if k.get("pane_ms") is not None]
    print(
        f"  the article under the cursor painted in the pane: wall {p50_p95(panes)}  "
        f"[<= 50 ms, as opening]  ({len(panes)} keys; the longer articles wait for the cursor "
        "to rest)"
    )

    searches = [s for run in runs for s in run["searches"]]
    shown = [s["painted_ms"] for s in searches if s["painted_ms"] is not None]
    print(
        f"search (/ filter): {p50_p95(shown)}  [<= 50 ms p95]  (apply_filter -> list painted, "
        f"{len(shown)} queries over {n} runs); search_rows alone "
        f"{p50_p95([s['search_ms'] for s in searches if s['search_ms'] is not None])}"
    )
    slowest = sorted(runs[0]["searches"], key=lambda s: -(s["painted_ms"] or 1e9))[:6]
    print(
        "  slowest (run 1): "
        + "; ".join(
            f"{s['query']} {s['painted_ms']:.0f} ms "
            f"({s['search_ms']:.0f} in search_rows, {s['hits']:,} hits)"
            for s in slowest
            if s["painted_ms"] is not None
        )
    )
    pauses = [p for run in runs for p in run["gc_ms"]]
    print(
        f"gen-2 garbage collections during the opens, keys and searches: {len(pauses)} over "
        f"{n} runs, {p50_p95(pauses, 0)} each"
    )


def cold_app_run(folder: Path, code: Path, tracker_first: bool) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="app-store-cold-") as cache,
        tempfile.TemporaryDirectory(prefix="app-store-home-") as home,
    ):
        spec = {"folder": str(folder), "cache": cache, "home": home, "tracker": tracker_first}
        return run_child("cold", spec, code)


def print_cold(run: dict[str, Any], label: str) -> None:
    def at(event: str) -> str:
        moment = run["at"].get(event)
        return "never" if moment is None else f"{moment - run['spawned']:.1f} s"

    print(
        f"cold load in the app ({label}): first rows {at('rows')}, final list {at('final')}  "
        f"[list usable meanwhile], loader done {at('indexed')}  (from spawn; {run['rows']:,} "
        f"rows, peak RSS {run['memory']['ru_maxrss']:,.0f} MB)"
    )
    notices = "; ".join(n for batch in run["notices"] for n in batch) or "none"
    print(
        f"  store notices: {notices}; cache afterwards: {run['cached']:,} articles, "
        f"{run['unindexed']:,} not in the search index; longest event-loop stall "
        f"{run['stall_ms']:,.0f} ms; loads started {run['loads']} (1 expected)"
        + (f"; loader still running {GRACE:.0f} s after the final list" if run["gave_up"] else "")
    )
    for phase, label in (("loading", "while loading"), ("indexing", "while indexing")):
        keys = [k for k in run["keys"] if k["phase"] == phase]
        if not keys:
            continue
        walls = [k["wall_ms"] for k in keys]
        print(
            f"  cursor key j {label}: wall {p50_p95(walls)}, max {max(walls):.0f} ms  "
            f"[<= 16 ms median]  ({len(keys)} keys, one every {KEY_GAP * 1000:.0f} ms + latency)"
        )


def measure(options: argparse.Namespace) -> None:
    folder: Path = options.folder.resolve()
    cache_dir: Path = (options.cache_dir or default_cache_dir(folder)).resolve()
    code, sha = freeze_code(options.commit)
    try:
        files = sum(1 for entry in os.scandir(folder) if entry.is_file())
        print(
            f"\n== {folder}: {files:,} entries · reader at {sha} · {os.cpu_count()} cores · "
            f"{load_average()} =="
        )
        prepared = ensure_warm_cache(folder, cache_dir, code)
        runs = warm_runs(folder, cache_dir, code, prepared["queries"], options.runs)
        print_warm(runs)
        print(f"({load_average()})")
        if not options.no_cold_app:
            print_cold(cold_app_run(folder, code, False), "empty cache, the app as it is")
            print(f"({load_average()})")
            run = cold_app_run(folder, code, True)
            print_cold(run, "empty cache, multiprocessing's resource tracker started first")
            print(f"({load_average()})")
    finally:
        shutil.rmtree(code, ignore_errors=True)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        return child_main(sys.argv[2], json.loads(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--cache-dir", type=Path, help="the warm cache (default: under /tmp)")
    parser.add_argument("--runs", type=int, default=3, help="warm-start runs (default 3)")
    parser.add_argument("--commit", default="HEAD", help="the code to measure (default HEAD)")
    parser.add_argument("--no-cold-app", action="store_true", help="skip the cold load in the app")
    measure(parser.parse_args())
    return 0


# -- the children: each runs in a fresh interpreter ------------------------------------

STARTED = time.time()  # in a child: right after interpreter start and this file's imports


def child_main(mode: str, spec: dict[str, Any]) -> int:
    if mode == "prepare":
        out = prepare(spec)
    elif mode == "warm":
        out = asyncio.run(warm_child(spec))
    else:
        out = asyncio.run(cold_child(spec))
    import reader

    out["reader"] = reader.__file__
    print(json.dumps(out))
    return 0


def memory() -> dict[str, float]:
    """MB: VmRSS and VmHWM from /proc/self/status, and ru_maxrss."""
    out = {"ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                out[name] = int(value.split()[0]) / 1024
    return out


def prepare(spec: dict[str, Any]) -> dict[str, Any]:
    """A warm, indexed cache for the folder; the queries for the search figures."""
    from reader.load.cached import available_cores, load_cached
    from reader.store import Cache
    from reader.store.db import file_size

    folder, cache_dir = spec["folder"], Path(spec["cache"])
    cache = Cache(cache_dir)
    cold_s = index_s = None
    if cache.snapshot([folder], limit=1) is None:
        start = time.perf_counter()
        load_cached([folder], cache)
        cold_s = time.perf_counter() - start
    files = len(cache.file_stamps([folder]))
    if cache.info().unindexed:
        start = time.perf_counter()
        cache.update_index()
        index_s = time.perf_counter() - start
    snapshot = cache.snapshot([folder])
    assert snapshot is not None
    queries = pick_queries(cache)
    cache.close()
    return {
        "cold_s": cold_s,
        "index_s": index_s,
        "workers": available_cores(),
        "files": files,
        "articles": len(snapshot.headers),
        "cache_mb": file_size(cache_dir / "cache.sqlite") / 1e6,
        "peak_mb": memory()["ru_maxrss"],
        "queries": queries,
    }


def pick_queries(cache: Any) -> list[str]:
    """QUERIES searches from the corpus's own words, the same ones every time."""
    rng = random.Random(5)
    bodies = [b for (b,) in cache.db.execute("SELECT body FROM docs ORDER BY row LIMIT 2000")]
    titles = [t for (t,) in cache.db.execute("SELECT title FROM docs ORDER BY row LIMIT 2000")]
    counts: Counter[str] = Counter()
    for body in bodies:
        counts.update(set(re.findall(r"[a-z]{4,}", (body or "").lower())))
    ranked = [word for word, _ in counts.most_common()]
    common, mid = ranked[:40], ranked[200:600]
    rare = sorted(word for word, n in counts.items() if n == 1)
    title_words = sorted({w for t in titles for w in re.findall(r"[a-z]{5,}", (t or "").lower())})

    def phrase(words: int) -> str:
        tokens = re.findall(r"[A-Za-z]+", rng.choice(bodies) or "a b c")
        start = rng.randrange(max(1, len(tokens) - words))
        return '"' + " ".join(tokens[start : start + words]) + '"'

    harbour = next((w for w in ranked if w.startswith("harb")), None)
    made = [
        *(common[i] for i in (0, 4, 12, 30)),
        *rng.sample(mid, 2),
        *rng.sample(rare, 3),
        phrase(2),
        phrase(2),
        phrase(3),
        "harb*" if harbour else rng.choice(mid)[:4] + "*",
        rng.choice(mid)[:4] + "*",
        rng.choice(common)[:3] + "*",
        *(f"title:{w}" for w in rng.sample(title_words, 2)),
        "date:2023",
        "date:2024-05",
        f"{rng.choice(mid)} {rng.choice(common)}",
    ]
    return made[:QUERIES]


@dataclass(frozen=True)
class Stamp:
    wall: float  # time.time(): comparable with the parent's spawn time
    perf: float
    cpu: float  # process CPU (all threads)


def stamp() -> Stamp:
    return Stamp(time.time(), time.perf_counter(), time.process_time())


class PaintProbe:
    """The first screen paint at which a condition holds.

    Wraps the screen's `_compositor_refresh`, which composes every frame
    Textual paints (the headless driver then writes nothing). An instance
    attribute shadows the method, so the app's own calls go through it.
    """

    def __init__(self, screen: Any) -> None:
        self._refresh = screen._compositor_refresh
        screen._compositor_refresh = self._painted
        self._waiting: list[tuple[Callable[[], bool], asyncio.Future[Stamp]]] = []

    def when(self, condition: Callable[[], bool]) -> asyncio.Future[Stamp]:
        future: asyncio.Future[Stamp] = asyncio.get_running_loop().create_future()
        self._waiting.append((condition, future))
        return future

    def _painted(self) -> None:
        self._refresh()
        if not self._waiting:
            return
        now = stamp()
        waiting = []
        for condition, future in self._waiting:
            if future.done():
                continue
            if _holds(condition):
                future.set_result(now)
            else:
                waiting.append((condition, future))
        self._waiting = waiting


def _holds(condition: Callable[[], bool]) -> bool:
    try:
        return condition()
    except Exception:  # asked before the screen is composed
        return False


class CallTimer:
    """Times every call of `owner.name` (an instance attribute shadows the method)."""

    def __init__(self, owner: Any, name: str) -> None:
        self.calls: list[tuple[float, float]] = []  # (perf_counter at start, seconds)
        inner = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.calls.append((start, time.perf_counter() - start))

        setattr(owner, name, timed)


class GcPauses:
    """Gen-2 garbage collections: how many, and how long each took (ms)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._start) * 1000)


class Messages:
    """When the loader's messages reached the screen (run_test's message_hook).

    The hook sees a message at every pump it reaches (a bubbling one again
    at the app): the first time is the screen's.
    """

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.final = False  # the list as it will stay: no "checking" to follow
        self.notices: list[list[str]] = []  # what the store told the user

    def hook(self, message: Any) -> None:
        name = type(message).__name__
        if name == "LoadFinished":
            self.at.setdefault("snapshot" if message.checking else "final", time.time())
            self.final = self.final or not message.checking
        elif name == "FilesChecked":
            self.at.setdefault("checked", time.time())
            self.final = True
        elif name == "StoreNotices" and message.notices not in self.notices:
            self.notices.append(message.notices)


def make_app(spec: dict[str, Any], on_screen: Callable[[Any], None]) -> Any:
    """The reader on the folder, with the store's folders from `spec`."""
    # As `reader.app.run_app` does: the check for changed files begins in a
    # child before Textual is imported.
    from reader.app.scan_ahead import ScanAhead

    ahead = ScanAhead.start([spec["folder"]])

    from reader.app import app as app_module
    from reader.app.app import ReaderApp
    from reader.store import open_store

    home = Path(spec["home"])
    store = open_store(spec["cache"], home / "data", home / "config")

    class BenchApp(ReaderApp):
        # A relative CSS_PATH is taken from the file defining the class: this one.
        CSS_PATH = str(Path(app_module.__file__).with_name(str(ReaderApp.CSS_PATH)))

        def get_default_screen(self) -> Any:
            screen = super().get_default_screen()
            on_screen(screen)  # before its first paint
            return screen

    return BenchApp([spec["folder"]], store=store, ahead=ahead)


class Session:
    """One app run: the screen's probes and the moments of the milestones."""

    def __init__(self) -> None:
        self.messages = Messages()
        self.at: dict[str, float] = {"started": STARTED}
        self.milestones: dict[str, asyncio.Future[Stamp]] = {}
        self.screen: Any = None
        self.probe: PaintProbe | None = None
        self.loads: CallTimer | None = None

    def attach(self, screen: Any) -> None:
        self.screen = screen
        self.probe = PaintProbe(screen)
        self.loads = CallTimer(screen, "load_paths")  # 1 unless the app reloads
        self.milestones = {
            "screen": self.probe.when(lambda: True),
            "rows": self.probe.when(lambda: bool(screen.article_list.articles)),
            "complete": self.probe.when(
                lambda: self.messages.final and "checking" not in screen._status_note
            ),
        }

    async def reached(self, name: str) -> None:
        self.at[name] = (await asyncio.wait_for(self.milestones[name], CHILD_TIMEOUT)).wall

    def times(self) -> dict[str, float]:
        return {**self.messages.at, **self.at}


def loader_running(app: Any) -> bool:
    return any(w.group == "load" and not w.is_finished for w in app.workers)


async def warm_child(spec: dict[str, Any]) -> dict[str, Any]:
    session = Session()
    app = make_app(spec, session.attach)  # first: it imports the app as `reader` would

    from reader.app.screens.main import REST_SECONDS

    session.at["imported"] = time.time()
    out: dict[str, Any] = {"rest_ms": REST_SECONDS * 1000}
    async with app.run_test(size=SIZE, message_hook=session.messages.hook) as pilot:
        for name in ("screen", "rows", "complete"):
            await session.reached(name)
        out["memory"] = {"list": memory()}
        screen = session.screen
        while loader_running(app):
            await asyncio.sleep(0.005)
        session.at["indexed"] = time.time()
        await pilot.pause()
        out["memory"]["index"] = memory()
        out["rows"] = len(screen.article_list.articles)
        collections = GcPauses()
        out["opens"] = await open_figures(pilot, session)
        out["read_opens"] = await open_figures(pilot, session, READ_OPENS, READING)
        out["keys"] = await key_figures(pilot, session)
        out["searches"] = await search_figures(pilot, session, spec["queries"])
        out["gc_ms"] = collections.pauses
        out["loads"] = len(session.loads.calls) if session.loads else 0
    app.store.close()
    out["at"] = session.times()
    return out


def spread(count: int, among: int) -> list[int]:
    return sorted({min(among - 1, round((k + 0.5) * among / count)) for k in range(count)})


def showing(view: Any, article_id: str) -> Callable[[], bool]:
    return lambda: view.article is not None and view.article.id == article_id


async def open_figures(
    pilot: Any, session: Session, count: int = OPENS, pause: float = 0.0
) -> list[dict[str, Any]]:
    """Jump the cursor to rows over the whole list; until the pane is painted
    with each. `pause`: seconds without input before each (reading)."""
    from reader.app.screens.main import INSTANT_WORDS

    screen, probe = session.screen, session.probe
    assert probe is not None
    article_list, view = screen.article_list, screen.article_view
    shows = CallTimer(screen, "_show")
    reads = CallTimer(screen.cached, "article")
    out = []
    offset = 1 if pause else 0  # other rows than the plain opens'
    for index in spread(count, len(article_list.shown) - offset):
        index += offset
        if index == article_list.cursor:
            continue
        entry = article_list.shown[index]
        await pilot.pause(pause or None)
        shows.calls.clear()
        reads.calls.clear()
        painted = probe.when(showing(view, entry.id))
        start = stamp()
        article_list.cursor = index
        moved = time.perf_counter()
        try:
            done: Stamp | None = await asyncio.wait_for(painted, WAIT)
        except TimeoutError:
            done = None
        delayed = entry.word_count > INSTANT_WORDS
        rest = shows.calls[-1][0] - moved if delayed and shows.calls else 0.0
        out.append(
            {
                "painted_ms": None if done is None else (done.perf - start.perf - rest) * 1000,
                "show_ms": sum(s for _, s in shows.calls) * 1000,
                "read_ms": sum(s for _, s in reads.calls) * 1000,
                "delayed": delayed,
                "words": entry.word_count,
            }
        )
    return out


class KeyCount:
    """How many times the list's cursor_down action has run."""

    def __init__(self, article_list: Any) -> None:
        self.count = 0
        inner = article_list.action_cursor_down

        def counted() -> None:
            inner()
            self.count += 1

        article_list.action_cursor_down = counted


async def press_j(screen: Any, probe: PaintProbe, keys: KeyCount) -> dict[str, Any] | None:
    """Post one "j"; wall and CPU ms until the first paint after the cursor
    moved, and wall ms until the pane is painted with the article under it
    (None for an article that is shown only once the cursor rests)."""
    from textual import events

    from reader.app.screens.main import INSTANT_WORDS

    rows = screen.article_list.shown
    entry = rows[min(screen.article_list.cursor + 1, len(rows) - 1)]
    target = keys.count + 1
    painted = probe.when(lambda: keys.count >= target)
    pane = probe.when(showing(screen.article_view, entry.id))
    start = stamp()
    screen.app.post_message(events.Key("j", "j"))
    try:
        done = await asyncio.wait_for(painted, WAIT)
        shown = await asyncio.wait_for(pane, WAIT) if entry.word_count <= INSTANT_WORDS else None
    except TimeoutError:
        return None
    return {
        "wall_ms": (done.perf - start.perf) * 1000,
        "cpu_ms": (done.cpu - start.cpu) * 1000,
        "pane_ms": None if shown is None else (shown.perf - start.perf) * 1000,
    }


async def key_figures(pilot: Any, session: Session) -> list[dict[str, Any]]:
    screen, probe = session.screen, session.probe
    assert probe is not None
    screen.article_list.cursor = 0
    keys = KeyCount(screen.article_list)
    out = []
    for _ in range(KEYS):
        await pilot.pause()
        figure = await press_j(screen, probe, keys)
        if figure is not None:
            out.append(figure)
    return out


def filtered(article_list: Any, text: str) -> Callable[[], bool]:
    return lambda: not article_list._filtering and article_list.query_text == text


async def search_figures(pilot: Any, session: Session, queries: list[str]) -> list[dict[str, Any]]:
    screen, probe = session.screen, session.probe
    assert probe is not None
    article_list = screen.article_list
    searches = CallTimer(article_list, "search")
    out = []
    for query in queries:
        await pilot.pause()
        searches.calls.clear()
        painted = probe.when(filtered(article_list, query.strip()))
        start = stamp()
        article_list.apply_filter(query)
        try:
            done: Stamp | None = await asyncio.wait_for(painted, WAIT)
        except TimeoutError:
            done = None
        out.append(
            {
                "query": query,
                "painted_ms": None if done is None else (done.perf - start.perf) * 1000,
                "search_ms": searches.calls[-1][1] * 1000 if searches.calls else None,
                "hits": len(article_list.shown),
            }
        )
    article_list.apply_filter("")
    return out


class StallProbe:
    """Ticks every 10 ms on the app's loop: the longest gap between ticks is the longest stall."""

    def __init__(self, app: Any) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        app.set_interval(0.01, self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


async def cold_child(spec: dict[str, Any]) -> dict[str, Any]:
    """The app on an empty cache; keys sent while it loads.

    `tracker`: start multiprocessing's resource tracker before the app. Once
    the app runs, sys.stderr is Textual's print capture, whose fileno() is
    -1, and starting the tracker then (as the loader's process pool does)
    fails with "ValueError: bad value(s) in fds_to_keep".
    """
    if spec["tracker"]:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    session = Session()
    app = make_app(spec, session.attach)
    session.at["imported"] = time.time()
    async with app.run_test(size=SIZE, message_hook=session.messages.hook) as pilot:
        await session.reached("rows")
        stalls = StallProbe(app)
        keys = KeyCount(session.screen.article_list)
        assert session.probe is not None
        figures = []
        while loader_running(app) and not overdue(session.messages):
            phase = "indexing" if session.messages.final else "loading"
            figure = await press_j(app, session.probe, keys)
            if figure is not None:
                figures.append({**figure, "phase": phase})
            await asyncio.sleep(KEY_GAP)
        gave_up = loader_running(app)
        session.at["indexed"] = time.time()
        final = session.milestones["complete"]
        if final.done():
            session.at["final"] = final.result().wall
        await pilot.pause()
        rows = len(session.screen.article_list.articles)
    app.store.close()
    return {
        "at": session.times(),
        "keys": figures,
        "rows": rows,
        "memory": memory(),
        "notices": session.messages.notices,
        "stall_ms": stalls.longest * 1000,
        "loads": len(session.loads.calls) if session.loads else 0,
        "gave_up": gave_up,
        **cache_contents(spec),
    }


def overdue(messages: Messages) -> bool:
    final = messages.at.get("final")
    return final is not None and time.time() - final > GRACE


def cache_contents(spec: dict[str, Any]) -> dict[str, int]:
    from reader.store import Cache

    cache = Cache(Path(spec["cache"]))
    info = cache.info()
    cache.close()
    return {"cached": info.articles, "unindexed": info.unindexed}


if __name__ == "__main__":
    sys.exit(main())
