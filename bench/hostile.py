"""Loading the hostile corpus against a normal corpus of the same size.

    .venv/bin/python bench/hostile.py [--runs N] [--normal FOLDER]

The hostile corpus is tests/data/hostile, every file of it. The normal corpus is
made of the files of --normal (default ../shared/bench/corpus, else the
seeds), copied into a temporary folder, one copy after another, until it
holds as many bytes as the hostile one. Both are loaded with
`reader.load.load` (discover, read, decode, parse, group), page cache warm,
median of --runs (default 5). The target: hostile ≤ 2× normal.

It also prints each hostile file's parse time and throughput next to the
normal corpus's, so a slow case shows which file it is, and the time for the
cases made on the fly: 50,000 empty files, a file 250/500/1000 folders down.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.load import discover, load, parse_file  # noqa: E402

HOSTILE = ROOT / "tests" / "data" / "hostile"
SHARED_CORPUS = ROOT.parent / "shared" / "bench" / "corpus"
SEEDS = ROOT / "tests" / "data" / "seeds"


def size_of(paths: list[str]) -> int:
    total = 0
    for path in paths:
        if os.path.isdir(path):
            for dirpath, _dirs, names in os.walk(path):
                total += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names)
        else:
            total += os.path.getsize(path)
    return total


def normal_corpus(source: Path, target: Path, size: int) -> int:
    """Copies of `source`'s files under `target` until `size` bytes; returns the file count."""
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"no files in {source}")
    written = count = copy = 0
    while written < size:
        folder = target / f"copy{copy:03d}"
        folder.mkdir(parents=True)
        for file in files:
            if written >= size:
                break
            shutil.copyfile(file, folder / file.name)
            written += file.stat().st_size
            count += 1
        copy += 1
    return count


def timed_load(paths: list[str], runs: int) -> tuple[float, int, int]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = load(paths)
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), len(result.articles), len(result.problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--normal", type=Path, default=None)
    options = parser.parse_args(argv)
    source = options.normal or (SHARED_CORPUS if SHARED_CORPUS.is_dir() else SEEDS)

    hostile = [str(HOSTILE)]
    hostile_bytes = size_of(hostile)
    hostile_files = len(discover(hostile)[0])
    with tempfile.TemporaryDirectory(prefix="reader-normal-") as tmp:
        normal_files = normal_corpus(source, Path(tmp), hostile_bytes)
        normal = [tmp]
        normal_bytes = size_of(normal)
        load(normal), load(hostile)  # warm the page cache and the imports
        normal_time, normal_articles, _ = timed_load(normal, options.runs)
        hostile_time, hostile_articles, hostile_problems = timed_load(hostile, options.runs)

    print(f"normal : {normal_bytes / 1e6:6.2f} MB, {normal_files:4d} files from {source}")
    print(
        f"         load {normal_time:6.3f} s  ({normal_bytes / 1e6 / normal_time:5.2f} MB/s), "
        f"{normal_articles} articles"
    )
    print(f"hostile: {hostile_bytes / 1e6:6.2f} MB, {hostile_files:4d} files from {HOSTILE}")
    print(
        f"         load {hostile_time:6.3f} s  ({hostile_bytes / 1e6 / hostile_time:5.2f} MB/s), "
        f"{hostile_articles} articles, {hostile_problems} problems"
    )
    ratio = hostile_time / normal_time
    verdict = "within" if ratio <= 2 else "OVER"
    print(f"hostile / normal = {ratio:.2f}×  ({verdict} the 2× target)")

    print("\nper hostile file (parse only, median of 3):")
    files, _ = discover(hostile)
    rows = []
    for file in files:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            parse_file(file)
            times.append(time.perf_counter() - start)
        rows.append((statistics.median(times), os.stat(file.path).st_size, file.display))
    for seconds, size, name in sorted(rows, reverse=True)[:12]:
        rate = f"{size / 1e6 / seconds:6.2f} MB/s" if size else "      -     "
        print(f"  {seconds * 1000:8.1f} ms  {size:>9,} B  {rate}  {name[:60]!r}")

    print("\ncases made on the fly (one run each):")
    with tempfile.TemporaryDirectory(prefix="reader-empty-") as tmp:
        for n in range(50_000):
            open(os.path.join(tmp, f"{n:05d}.txt"), "wb").close()
        start = time.perf_counter()
        result = load([tmp])
        took = time.perf_counter() - start
        print(f"  50,000 empty files: load {took:.2f} s, {len(result.problems):,} problems")
    for depth in (250, 500, 1000):
        top = tempfile.mkdtemp(prefix="reader-deep-")
        deep = top
        for _ in range(depth):
            deep += "/d"
            os.mkdir(deep)
        Path(deep, "a.txt").write_text("A short text. " * 20, encoding="utf-8")
        start = time.perf_counter()
        discover([top])
        took = time.perf_counter() - start
        print(f"  a file {depth} folders down: discover {took:.2f} s")
        os.remove(os.path.join(deep, "a.txt"))
        while deep != top:  # bottom up: shutil.rmtree recurses
            os.rmdir(deep)
            deep = os.path.dirname(deep)
        os.rmdir(top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
