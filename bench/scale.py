#!/usr/bin/env python3
"""Scale benchmark of the store: cold load, warm start, search, memory, disk.

    python bench/scale.py DIR [DIR …] [--workers N] [--runs R] [--skip-single]

DIR is a corpus folder (bench/make_corpus.py N DIR). For each, printed:

- cold load, files/s: `refresh` into an empty cache (discover, read,
  parse, write, group: what the app does), with 1 process and with all of
  them, each in a fresh process, with its peak RSS;
- grouping: `group()` alone on the parsed versions;
- search index: `update_index()` after the cold load (FTS5 build);
- warm start, each in a fresh `python` process (so interpreter start and
  imports count): to a usable list (store open + first 200 headers), to the
  full list (all headers), and the full `load_cached` result (equal to
  `reader.load.load`), plus `refresh()` (the background re-check); with the
  RSS of that process at each point;
- opening an article (`Cache.article`), search latency p50/p95 over a set of
  queries (common, mid-frequency and rare words, phrases, prefixes, fields);
- the cache's size on disk.

Times are wall-clock medians of R runs where a run is cheap, one run where
it is not (the cold loads). Nothing here is asserted: these are figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Run a frozen copy of the package: the parser version is a digest of the
# loader's source, so an edit made to the clone while this runs would make
# the warm-start processes see a stale cache and rebuild it.
# Pool workers import this file again (as __mp_main__): they find the copy
# already first on the sys.path they inherit, and must not make another.
if __name__ == "__main__":
    CODE = Path(tempfile.mkdtemp(prefix="scale-code-"))
    shutil.copytree(REPO / "reader", CODE / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(CODE))

from reader.load import discover, group  # noqa: E402
from reader.load.cached import available_cores  # noqa: E402
from reader.store import Cache  # noqa: E402
from reader.store.db import file_size  # noqa: E402
from reader.store.records import decode_version  # noqa: E402

FIRST_SCREEN = 200

WARM = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from reader.store import Cache
folder, cache_dir, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[4]
def rss():
    # Peak RSS of this process (VmHWM): ru_maxrss would include the parent's,
    # inherited through fork.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {"import": time.time()}  # wall clock: the parent started us at a known time
cache = Cache(cache_dir)
if mode == "list":
    first = cache.snapshot([folder], limit=200)
    out["usable"] = time.time()
    full = cache.snapshot([folder])
    out["full"] = time.time()
    out["rows"] = len(full.headers)
    out["rss_list"] = rss()
    from reader.load.cached import refresh
    t = time.perf_counter()
    out["changed"] = refresh([folder], cache)
    out["refresh"] = time.perf_counter() - t
    out["rss_refresh"] = rss()
else:
    from reader.load.cached import load_cached
    t = time.perf_counter()
    result = load_cached([folder], cache)
    out["load"] = time.perf_counter() - t
    out["articles"] = len(result.articles)
    out["rss_load"] = rss()
print(json.dumps(out))
"""


COLD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from reader.load.cached import refresh
from reader.store import Cache
def main():
    folder, cache_dir, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[4])
    cache = Cache(cache_dir)
    start = time.perf_counter()
    refresh([folder], cache, workers=workers)
    seconds = time.perf_counter() - start
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(json.dumps({"seconds": seconds, "rss": peak / 1024}))
if __name__ == "__main__":  # the pool's workers import this file again
    main()
"""


def cold(folder: Path, workers: int) -> tuple[float, Path, float]:
    """One cold load into a fresh cache, as the app does it (`refresh`: the
    articles go to the cache, none is kept), in a fresh process; (seconds,
    cache dir, peak RSS of that process in MB, workers not counted)."""
    cache_dir = Path(tempfile.mkdtemp(prefix="scale-cache-"))
    script = cache_dir.parent / f"{cache_dir.name}-cold.py"
    script.write_text(COLD)
    done = subprocess.run(
        [sys.executable, str(script), str(folder), str(cache_dir), str(CODE), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    script.unlink()
    out = json.loads(done.stdout.splitlines()[-1])
    return out["seconds"], cache_dir, out["rss"]


def grouping_time(folder: Path, cache: Cache) -> tuple[float, int]:
    """`group()` alone, on the versions the cold load left in the cache."""
    files, _ = discover([folder])
    records = cache.records([os.path.abspath(f.path) for f in files])
    versions = []
    for source in files:
        record = records.get(os.path.abspath(source.path))
        if record is not None and record.data is not None:
            versions.append(decode_version(record.data, source.display, Path(source.path)))
    start = time.perf_counter()
    articles = group(versions)
    return time.perf_counter() - start, len(articles)


def warm(folder: Path, cache_dir: Path, mode: str) -> dict[str, float]:
    """Run WARM in a fresh process; its wall-clock points made relative to its launch."""
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", WARM, str(folder), str(cache_dir), str(CODE), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    out = dict(json.loads(done.stdout))
    for key in ("import", "usable", "full"):
        if key in out:
            out[key] -= launched
    return out


def median_of(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def queries(cache: Cache, count: int) -> list[str]:
    """Words of the corpus by frequency: common, mid, rare; phrases, prefixes, fields."""
    rng = random.Random(7)
    words: Counter[str] = Counter()
    for (body,) in cache.db.execute("SELECT body FROM docs ORDER BY row LIMIT 2000"):
        words.update(set(re.findall(r"[a-z]{4,}", body.lower())))
    ranked = [w for w, _ in words.most_common()]
    third = max(1, len(ranked) // 3)
    common, mid, rare = ranked[:30], ranked[third : third + 200], ranked[-400:]
    phrases = [
        " ".join(body.split()[i : i + 2])
        for (body,) in cache.db.execute("SELECT body FROM docs ORDER BY random() LIMIT 40")
        for i in [rng.randrange(max(1, len(body.split()) - 3))]
    ]
    made: list[str] = []
    for _ in range(count):
        kind = rng.randrange(7)
        if kind == 0:
            made.append(rng.choice(common))
        elif kind == 1:
            made.append(rng.choice(mid))
        elif kind == 2:
            made.append(rng.choice(rare))
        elif kind == 3:
            made.append('"' + re.sub(r"[^\w ]", "", rng.choice(phrases)) + '"')
        elif kind == 4:
            made.append(rng.choice(mid)[:4] + "*")
        elif kind == 5:
            made.append("title:" + rng.choice(mid))
        else:
            made.append(f"{rng.choice(mid)} {rng.choice(common)}")
    return made


def measure(folder: Path, workers: int, runs: int, skip_single: bool) -> None:
    files = sum(1 for _ in discover([folder])[0])
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"\n== {folder}: {files:,} files, {size / 1e6:,.0f} MB, {workers} cores ==")

    if not skip_single:
        seconds, single_dir, peak = cold(folder, 1)
        shutil.rmtree(single_dir)
        print(
            f"cold load, 1 process:     {seconds:7.1f} s  {files / seconds:8,.0f} files/s"
            f"   peak RSS {peak:,.0f} MB"
        )
    seconds, cache_dir, peak = cold(folder, workers)
    print(
        f"cold load, {workers} processes:   {seconds:7.1f} s  {files / seconds:8,.0f} files/s"
        f"   peak RSS {peak:,.0f} MB (the loading process; each worker has its own)"
    )
    cache = Cache(cache_dir)
    start = time.perf_counter()
    indexed = cache.update_index()
    print(f"search index (FTS5):      {time.perf_counter() - start:7.1f} s  ({indexed:,} articles)")
    cache.close()

    lists = [warm(folder, cache_dir, "list") for _ in range(runs)]
    print(
        f"warm start, usable list:  {median_of(lists, 'usable') * 1000:7.0f} ms "
        f"(first {FIRST_SCREEN} rows, from process launch; of which Python start and "
        f"imports {median_of(lists, 'import') * 1000:.0f} ms)"
    )
    print(
        f"warm start, full list:    {median_of(lists, 'full') * 1000:7.0f} ms "
        f"({int(lists[0]['rows']):,} articles)   RSS {median_of(lists, 'rss_list'):.0f} MB"
    )
    print(
        f"background re-check:      {median_of(lists, 'refresh') * 1000:7.0f} ms "
        f"(refresh(), nothing changed: {not lists[0]['changed']})   "
        f"RSS {median_of(lists, 'rss_refresh'):.0f} MB"
    )
    loads = [warm(folder, cache_dir, "load") for _ in range(max(1, runs // 2))]
    print(
        f"warm load_cached (full):  {median_of(loads, 'load'):7.1f} s  "
        f"(every article with its text, = load())   RSS {median_of(loads, 'rss_load'):.0f} MB"
    )

    cache = Cache(cache_dir)
    rows = [r for (r,) in cache.db.execute("SELECT row FROM articles")]
    rng = random.Random(3)
    opened = []
    for row in rng.sample(rows, min(200, len(rows))):
        start = time.perf_counter()
        cache.article(row)
        opened.append(time.perf_counter() - start)
    print(f"open an article:          {percentiles(opened)}")
    asked = queries(cache, 140)
    latencies, hits = [], []
    for query in asked:
        start = time.perf_counter()
        found = cache.search([folder], query)
        latencies.append(time.perf_counter() - start)
        hits.append(len(found or []))
    print(
        f"search (all matching ids, list order): {percentiles(latencies)} "
        f"over {len(asked)} queries, median {statistics.median(hits):.0f} hits, max {max(hits):,}"
    )
    header_rows = []
    for query in asked:
        start = time.perf_counter()
        cache.search_rows([folder], query)
        header_rows.append(time.perf_counter() - start)
    print(f"search_rows (set of header rows): {percentiles(header_rows)} over {len(asked)} queries")
    typed = []
    for query in asked[:40]:
        word = query.strip('"').split(":")[-1].rstrip("*")
        for end in range(3, len(word) + 1):
            start = time.perf_counter()
            cache.search_rows([folder], word[:end], as_you_type=True)
            typed.append(time.perf_counter() - start)
    print(f"search_rows as you type (per key): {percentiles(typed)} over {len(typed)} keys")
    cache.fts = False
    scanned = []
    for query in asked[:10]:
        start = time.perf_counter()
        cache.search([folder], query)
        scanned.append(time.perf_counter() - start)
    print(f"search without FTS5 (scan):   {percentiles(scanned)} over {len(scanned)} queries")

    seconds, count = grouping_time(folder, cache)
    print(f"grouping (group() alone): {seconds:7.1f} s  ({count:,} articles)")
    cache.close()
    print(f"cache on disk:            {file_size(cache_dir / 'cache.sqlite') / 1e6:7.0f} MB")
    shutil.rmtree(cache_dir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    parser.add_argument("--workers", type=int, default=available_cores())
    parser.add_argument("--runs", type=int, default=5, help="warm-start runs (median)")
    parser.add_argument("--skip-single", action="store_true", help="no 1-process cold load")
    options = parser.parse_args()
    try:
        for folder in options.folders:
            measure(folder, options.workers, options.runs, options.skip_single)
    finally:
        shutil.rmtree(CODE, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
