#!/usr/bin/env python3
"""Grouping accuracy and speed on a synthetic corpus whose stories are known.

    python bench/make_corpus.py 10000 DIR --truth TRUTH.json
    python bench/grouping.py DIR TRUTH.json [--code REPO]

Loads DIR with `reader.load.load` (the code under REPO, default this clone)
and prints pairwise precision, recall and F1 of the articles' versions
against the generator's stories, the pairs it got wrong, and how long the
grouping alone took (fingerprints, the shingle index, the pairs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    """Every pair of names that share a group."""
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("truth", type=Path, metavar="TRUTH")
    parser.add_argument("--code", type=Path, default=REPO, help="the clone whose loader is run")
    options = parser.parse_args()
    sys.path.insert(0, str(options.code))
    from reader.load import discover, group, parse_file
    from reader.model import Problem

    files, _ = discover([options.folder])
    versions = [v for v in map(parse_file, files) if not isinstance(v, Problem)]
    start = time.perf_counter()
    articles = group(versions)
    seconds = time.perf_counter() - start

    found = pairs_of([[Path(v.path).name for v in a.versions] for a in articles])
    stories: dict[int, list[str]] = defaultdict(list)
    for name, story in json.loads(options.truth.read_text()).items():
        stories[story].append(name)
    truth = pairs_of(list(stories.values()))
    right = len(found & truth)
    precision = right / len(found) if found else 1.0
    recall = right / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    print(f"{len(versions)} versions, {len(articles)} articles, {len(stories)} stories")
    print(f"pairs: found {len(found)}, true {len(truth)}, right {right}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(f"grouping {seconds * 1000:.0f} ms")
    for a, b in sorted(found - truth)[:10]:
        print(f"  wrongly together: {a} {b}")
    for a, b in sorted(truth - found)[:10]:
        print(f"  wrongly apart: {a} {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
