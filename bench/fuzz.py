"""Fuzz the loader and the diff with mutated seed files and the hostile corpus.

    .venv/bin/python bench/fuzz.py [SECONDS] [--seed N] [--out DIR] [--extra FOLDER…]

For SECONDS (default 600) it takes a file from tests/data/seeds and
tests/data/hostile (and any --extra folder), mutates its bytes (bit flips,
spliced escape sequences, markup, bidi overrides, NUL, BOMs, truncation,
repeated lines, splices of two files) and drives the whole pipeline:

    decode ─► clean_text ─► parse_text ─► group ─► diff_versions / diff_source ─► export JSON
                                                 └─► to_markdown ─► parse_blocks ─► layout

with oracles besides "raises nothing": no control character or bidi override
in the export's JSON, in the reading pane's wrapped lines, in the diff's spans.

Every 50th input goes through `read()` from a real file instead of `decode()`.
An input that raises, or takes longer in one stage than --slow seconds
(default 4) per megabyte of text the stage works on (and at least --slow:
time in proportion to the input is expected, time growing faster is not),
is saved under --out (default /tmp/reader-fuzz) with its traceback and the
file it was compared with (`finding-NNN.bin`, `.base.bin`, `.txt`);
a hard alarm at --hang seconds (default 60) interrupts a real hang. The last
line printed is the summary: duration, executions, findings.
Findings are deduplicated by the kind of failure and the line it came from.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.app.page import PageStyles, layout, parse_blocks  # noqa: E402
from reader.diff import (  # noqa: E402
    VersionDiff,
    diff_source,
    diff_versions,
    printable,
)
from reader.export import write_jsonl  # noqa: E402
from reader.load import group, parse_text  # noqa: E402
from reader.load.files import SourceFile, clean_text, decode, read  # noqa: E402
from reader.markdown import page_chars, to_markdown  # noqa: E402
from reader.model import Article, Version  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "seeds"
HOSTILE = ROOT / "tests" / "data" / "hostile"

TOKENS = [
    b"\x1b[31m",
    b"\x1b[0m",
    b"\x1b[2J\x1b[H",
    b"\x1b]52;c;cm0gLXJmIH4vKgo=\x07",
    b"\x1b]8;;https://evil.example/\x1b\\",
    b"\x1b]0;title\x07",
    b"\x1bP1$r0m\x1b\\",
    "\x9b31m".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
    "\u2069".encode(),
    "\ufeff".encode(),
    b"\x00",
    b"\r",
    b"\r\n",
    b"\x0c",
    b"\x85",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe2\x80",
    b"[bold]",
    b"[/]",
    b"[@click=app.quit]x[/]",
    b"[link=https://evil.example]x[/link]",
    b"$accent",
    b"# heading\n",
    b"![img](x.png)",
    b"<script>x</script>",
    b"| a | b |\n|---|---|\n",
    b"\n\n",
    b"\n",
    b" date 2026-02-30 ",
    b" date 9999-99-99 caption (Photo: AP)",
    b"By ",
    b"(Jo Lens/AP)",
    b"Photograph: Getty Images",
    b"Most Read",
    b"Comments",
    b"References\n\n   1. https://x.example/\n",
    b"   [12]",
    b"\t",
    "日本語の文章です。".encode(),
    "😀".encode(),
    b"\xcc\x81" * 20,  # combining marks
    b"A" * 5000,
    b". " * 2000,
    b"(" * 500,
    b"[" * 500,
]


# What must never reach a terminal: C0 controls but newline, DEL, C1, bidi overrides.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Unsafe(Exception):
    """An oracle failed: text meant for the terminal holds a control character."""


def check_safe(where: str, text: str) -> None:
    found = UNSAFE.search(text)
    if found:
        raise Unsafe(f"{where}: {text[max(0, found.start() - 40) : found.end() + 40]!r}")


class Hang(Exception):
    """Raised by the alarm when one execution runs past the hard limit."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang("execution passed the hard time limit")


def corpus_files(folders: list[Path]) -> list[bytes]:
    files: list[bytes] = []
    for folder in folders:
        if not folder.exists():
            continue
        for dirpath, _dirs, names in os.walk(os.fsencode(folder)):
            for name in sorted(names):
                with open(os.path.join(dirpath, name), "rb") as handle:
                    files.append(handle.read())
    return files


def mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """A few random edits to `data`."""
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 10))):
        op = rng.randrange(9)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a bit
            at = min(pos, len(buf) - 1)
            buf[at] ^= 1 << rng.randrange(8)
        elif op in (1, 2):  # insert a hostile token
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 3:  # delete a run
            del buf[pos : pos + rng.randrange(1, 200)]
        elif op == 4:  # truncate
            del buf[pos:]
        elif op == 5 and buf:  # repeat a chunk
            end = min(len(buf), pos + rng.randrange(1, 400))
            buf[pos:pos] = bytes(buf[pos:end]) * rng.randrange(2, 50)
        elif op == 6 and others:  # splice in a piece of another file
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[start : start + rng.randrange(1, 4000)]
        elif op == 7:  # random bytes
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        else:  # shuffle some lines
            lines = bytes(buf).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                buf = bytearray(b"\n".join(lines))
    return bytes(buf)


def random_text(rng: random.Random) -> bytes:
    """Text built from tokens and random code points, no seed involved."""
    pieces = []
    for _ in range(rng.randrange(1, 80)):
        if rng.random() < 0.5:
            pieces.append(rng.choice(TOKENS))
        else:
            word = "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 12)))
            pieces.append(word.encode("utf-8", "surrogatepass") + b" ")
    return b"".join(pieces)


PATHS = [
    "fuzz/a.txt",
    "fuzz/b.clean.txt",
    "x",
    "evil\u202etxt.exe",
    "\x1b[31mred.txt",
    os.fsdecode(b"names/bad-utf8-\xff\xfe.txt"),  # what discover() gives for such a name
]


class Runner:
    def __init__(self, out: Path, slow: float, hang: float) -> None:
        self.out = out
        self.slow = slow
        self.hang = hang
        self.executions = 0
        self.findings: dict[str, Path] = {}
        self.counts: dict[str, int] = {}
        self.slowest: tuple[float, str, str] = (0.0, "", "")
        self.base = b""
        self.worst: dict[str, float] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="reader-fuzz-files-"))

    def stage(self, name: str, data: bytes, fn: Callable[[], Any], work: int = 0) -> Any:
        """Run one stage of the pipeline on `data`. `work`: the characters it
        handles when that is more than `data` (the base file too, or every
        document laid out), for a budget in proportion: time linear in the
        input is not a finding, time that grows faster soon leaves the budget."""
        budget = self.slow * max(1.0, max(work, len(data)) / 1e6)
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, self.hang)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - start
            if took > self.slowest[0]:
                self.slowest = (took, name, f"{len(data):,} bytes")
            if took > budget:
                self.record(f"slow:{name}", data, f"{name} took {took:.2f} s\n", took)

    def record(self, key: str, data: bytes, report: str, took: float = 0.0) -> None:
        """Save the first input of each kind of failure; for a slow stage, the slowest."""
        self.counts[key] = self.counts.get(key, 0) + 1
        if key in self.findings:
            if took <= self.worst.get(key, 0.0):
                return
            path = self.findings[key]
        else:
            path = self.out / f"finding-{len(self.findings):03d}.bin"
        self.worst[key] = took
        number = int(path.stem.split("-")[1])
        path.write_bytes(data)
        # The unmutated file it was compared with (group, diff, source diff).
        path.with_suffix(".base.bin").write_bytes(self.base)
        path.with_suffix(".txt").write_text(f"{key}\n\n{report}", encoding="utf-8")
        if key not in self.findings:
            print(f"  finding {number}: {key} -> {path}", flush=True)
        self.findings[key] = path

    def run_one(self, rng: random.Random, data: bytes, base: bytes) -> None:
        """The whole pipeline on `data`, compared with the unmutated `base`."""
        self.executions += 1
        self.base = base
        path = rng.choice(PATHS) if rng.random() < 0.1 else "fuzz/input.txt"
        try:
            if self.executions % 50 == 0:
                file = self.tmp / "input.txt"
                file.write_bytes(data)
                result = self.stage("read", data, lambda: read(SourceFile(str(file), path)))
                text = None if not hasattr(result, "text") else result.text
            else:
                decoded = self.stage("decode", data, lambda: decode(data))
                text = None if decoded is None else clean_text(decoded[0])
            if text is None:
                return
            version = self.stage("parse", data, lambda: self._parse(text, path))
            base_text = decode(base)
            other = self._parse(clean_text(base_text[0]), "fuzz/base.txt") if base_text else None
            versions = [version] if other is None else [version, other]
            both = len(data) + len(base)  # the text of the stages that take the two
            articles = self.stage("group", data, lambda: group(versions), work=both)
            if other is not None:
                self.stage(
                    "diff",
                    data,
                    lambda: (diff_versions(other, version), diff_versions(version, other)),
                    work=2 * both,  # a diff each way
                )
                if len(text) + len(base_text[0]) < 400_000:  # type: ignore[index]
                    base_clean = clean_text(base_text[0])  # type: ignore[index]
                    self.stage(
                        "source-diff", data, lambda: diff_source(base_clean, text), work=both
                    )
            out = io.StringIO()
            self.stage("export", data, lambda: write_jsonl(tuple(articles), out), work=both)
            if path == "fuzz/input.txt":  # hostile names are a known bug in export
                check_safe("export", out.getvalue())
            # The reading pane lays out ~1 MB/s: big inputs only now and then.
            if len(data) < 200_000 or self.executions % 10 == 0:
                shown = sum(page_chars(document) for a in articles for document in (a, *a.versions))
                self.stage("render", data, lambda: self._render(articles), work=shown)
            if other is not None:
                self._check_diff(diff_versions(other, version))
        except Hang:
            self.record("hang", data, traceback.format_exc())
        except Exception as error:  # the point: anything the pipeline raises
            frames = traceback.extract_tb(error.__traceback__)
            ours = [f for f in frames if "/reader/" in f.filename] or frames
            where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
            self.record(f"{type(error).__name__}@{where}", data, traceback.format_exc())

    @staticmethod
    def _render(articles: list[Article]) -> None:
        """The reading pane's pipeline: Markdown source, blocks, wrapped lines."""
        for article in articles:
            documents: tuple[Article | Version, ...] = (article, *article.versions)
            for document in documents:
                blocks = parse_blocks(to_markdown(document), PageStyles())
                for line in layout(blocks, 60)[0]:
                    check_safe("reading pane", line.text.plain)

    @staticmethod
    def _check_diff(diff: VersionDiff) -> None:
        """What the diff screen and `reader diff` draw goes through printable()."""
        for row in (*diff.rows, *diff.captions):
            for spans in (row.old_spans, row.new_spans):
                for span in spans:
                    check_safe("diff", printable(span.text))

    @staticmethod
    def _parse(text: str, path: str) -> Version:
        return parse_text(text, path=path, source=Path(path), size=len(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/reader-fuzz"))
    parser.add_argument("--slow", type=float, default=4.0)
    parser.add_argument("--hang", type=float, default=60.0)
    parser.add_argument("--extra", type=Path, nargs="*", default=[])
    options = parser.parse_args(argv)
    seed = options.seed if options.seed is not None else int(time.time())
    rng = random.Random(seed)
    options.out.mkdir(parents=True, exist_ok=True)
    files = corpus_files([SEEDS, HOSTILE, *options.extra])
    if not files:
        print("no seed files found", file=sys.stderr)
        return 2
    small = [f for f in files if len(f) < 200_000]
    signal.signal(signal.SIGALRM, _alarm)
    runner = Runner(options.out, options.slow, options.hang)
    print(
        f"fuzzing for {options.seconds:.0f} s, seed {seed}, {len(files)} files "
        f"({len(small)} small), findings under {options.out}",
        flush=True,
    )
    start = time.monotonic()
    next_report = start + 60
    while (now := time.monotonic()) - start < options.seconds:
        if now >= next_report:
            print(
                f"  {now - start:.0f} s: {runner.executions:,} executions, "
                f"{len(runner.findings)} findings",
                flush=True,
            )
            next_report = now + 60
        choice = rng.random()
        # Big files are slow; most executions use the small ones.
        base = rng.choice(files if rng.random() < 0.05 else small)
        if choice < 0.1:
            data = random_text(rng)
        elif choice < 0.15:
            data = base
        else:
            data = mutate(rng, base, small)
        runner.run_one(rng, data, base)
    elapsed = time.monotonic() - start
    print(f"slowest stage: {runner.slowest[1]} {runner.slowest[0]:.2f} s ({runner.slowest[2]})")
    for key, path in runner.findings.items():
        worst = f" (worst {runner.worst[key]:.2f} s)" if key.startswith("slow:") else ""
        print(f"  {runner.counts[key]:>6}× {key}{worst}  {path}")
    print(
        f"fuzz: {elapsed:.0f} s, {runner.executions:,} executions "
        f"({runner.executions / elapsed:.0f}/s), {len(runner.findings)} distinct findings, "
        f"{sum(runner.counts.values())} failing executions, seed {seed}"
    )
    return 1 if runner.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
