#!/usr/bin/env python3
"""Loader benchmark: speed on the development corpus, then the accuracy summaries.

    python bench/load.py [BENCH_DIR] [--seeds DIR] [--runs N]

BENCH_DIR is ../shared/bench (next to this repository) unless given; it holds
corpus/, truth.json, seed-truth.json and score.py. The seeds are BENCH_DIR/../seeds
unless --seeds says otherwise.

Speed is the whole load in one process — discover + read + normalise + group,
exactly what `reader export` and the app run — best of N runs, each in a fresh
interpreter so that nothing one run learnt (the loader memoises verdicts on
repeated lines) makes the next look faster than a first load. Accuracy is the
summary line of score.py for an export of the corpus (truth.json) and of the
seeds (seed-truth.json).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench"

sys.path.insert(0, str(REPO))  # run from a clone without installing

from reader.export import write_jsonl  # noqa: E402
from reader.load import load  # noqa: E402
from reader.model import LoadResult  # noqa: E402

# The parsers are imported by the first file parsed (reader.load keeps the app's
# start light): imported here before the clock starts, so that the figure is the
# load itself, as it always was, not the import of its modules.
_ONE_LOAD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from reader.load import load
import reader.load.formats
start = time.perf_counter()
load([sys.argv[2]])
print(time.perf_counter() - start)
"""


def timed_load(folder: Path, runs: int) -> float:
    """The best wall time of `runs` whole loads, each in a new process."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _ONE_LOAD, str(REPO), str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout))
    return min(times)


def summary(score: Path, truth: Path, result: LoadResult) -> str:
    """score.py's last line for an export of `result`."""
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export.jsonl"
        with open(export, "w", encoding="utf-8") as out:
            write_jsonl(result.articles, out)
        done = subprocess.run(
            [sys.executable, str(score), str(truth), str(export)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        return f"score.py failed ({done.returncode}): {done.stderr.strip()}"
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else "score.py printed nothing"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", type=Path, default=DEFAULT_BENCH, metavar="BENCH_DIR")
    parser.add_argument("--seeds", type=Path, default=None, help="the seed files' folder")
    parser.add_argument("--runs", type=int, default=5, help="loads to time (best is kept)")
    options = parser.parse_args(argv)
    bench: Path = options.bench.resolve()
    corpus, score = bench / "corpus", bench / "score.py"
    seeds: Path = (options.seeds or bench.parent / "seeds").resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2

    files = [p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".")]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    seconds = timed_load(corpus, max(1, options.runs))
    result = load([corpus])
    print(
        f"load {corpus}: {result.files_seen} files, {megabytes:.2f} MB, "
        f"{len(result.articles)} articles, {len(result.problems)} problems"
    )
    print(
        f"best of {max(1, options.runs)}: {seconds * 1000:.1f} ms  "
        f"{result.files_seen / seconds:,.0f} files/s  {megabytes / seconds:.2f} MB/s"
    )

    if not score.is_file():
        print(f"no score.py at {score}: accuracy not measured", file=sys.stderr)
        return 0
    truth = bench / "truth.json"
    if truth.is_file():
        print(f"dev   ({truth.name}): {summary(score, truth, result)}")
    seed_truth = bench / "seed-truth.json"
    if seed_truth.is_file() and seeds.is_dir():
        print(f"seeds ({seed_truth.name}): {summary(score, seed_truth, load([seeds]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
