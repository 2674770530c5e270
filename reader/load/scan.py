"""What the files under a collection's paths are now, without reading one:
found, stat'ed, and summed up in one signature that changes whenever the
grouping could.

Kept light (no parser is imported with it): the app forks a child that runs
`scan_signature` while the app itself is still starting (reader/app/scan_ahead.py).
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.load.files import SourceFile, discover
from reader.model import Problem
from reader.store.cache import roots_key

Stamp = tuple[int, int]  # size, mtime_ns
Scanned = tuple[str, int]  # a collection's signature, and how many files it has


@dataclass(frozen=True, slots=True)
class Scan:
    """The files under the paths, in order, and the paths that failed."""

    found: list[SourceFile]
    keys: list[str]  # absolute paths as the cache stores them (storable)
    stamps: list[Stamp | None]  # None for a file that could not be stat'ed
    problems: list[Problem]


def scan(paths: Sequence[str | os.PathLike[str]]) -> Scan:
    found, problems = discover(paths)
    real = [source.path for source in found]  # absolute: discover() makes them so
    # The cache's keys: a name's bytes that are not UTF-8 would not go into
    # SQLite as text; only the key changes, files are opened by their real path.
    return Scan(found, [storable(path) for path in real], list(map(stamp, real)), problems)


def scan_signature(paths: Sequence[str | os.PathLike[str]]) -> Scanned | None:
    """The signature the files under `paths` have now, as the cached loader
    compares it with the cache's; None when a file could not be stat'ed (it
    must be looked at more closely)."""
    return summed(scan(paths), roots_key(paths))


def summed(now: Scan, key: str) -> Scanned | None:
    """`now`'s signature and file count, for the collection `key`; None when
    a file could not be stat'ed."""
    if None in now.stamps:
        return None
    return signature(key, now), len(now.found)


def signature(key: str, now: Scan, unstable: Iterable[int] = ()) -> str:
    """Changes whenever the grouping could: a file added, removed, renamed or
    changed, or one that could not be read (`unstable`: the files whose
    problem may go away by itself). Computed from stamps alone, so an
    unchanged folder is recognised without decoding anything."""
    # Whole columns at a time (100,000 files: 0.07-0.09 s, where a string
    # per file took 0.22-0.26 s); each part's length goes in too, so no two
    # different folders can run together into the same bytes.
    missing = (-1, -1)  # the stamp of a file that could not be stat'ed
    parts = [
        key,
        "\0".join(f"{problem.path}\0{problem.reason}" for problem in now.problems),
        "\0".join(now.keys),
        "\0".join([source.display for source in now.found]),
        ",".join(map(str, sorted(unstable))),
    ]
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    stamps = array("q", [n for one in now.stamps for n in one or missing])
    digest.update(stamps.tobytes())
    return digest.hexdigest()


def stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def storable(path: str) -> str:
    """A path as text SQLite takes: stray bytes of a name become \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
