"""`reader cache info` and `reader cache clear`."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.store import Cache, StateDB, store_dirs
from reader.store.cache import CACHE_FILE
from reader.store.db import file_size
from reader.store.settings import SETTINGS_FILE
from reader.store.state import STATE_FILE

EXIT_OK, EXIT_FAILED = 0, 2


def run_cache(options: argparse.Namespace) -> int:
    dirs = store_dirs()
    if options.action == "clear":
        return clear(dirs.cache / CACHE_FILE)
    info(dirs.cache / CACHE_FILE, dirs.data / STATE_FILE, dirs.config / SETTINGS_FILE)
    return EXIT_OK


def clear(path: Path) -> int:
    """Delete the cache file; the next load parses every file again.

    Deleting (rather than emptying) also gets rid of a damaged file. A reader
    running meanwhile keeps its open copy and is not disturbed.
    """
    size = file_size(path)
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError as error:
        print(f"reader cache: cannot remove {path}: {error.strerror}")
        return EXIT_FAILED
    print(f"removed {path} ({_size(size)})" if size else f"no cache at {path}")
    return EXIT_OK


def info(cache_path: Path, state_path: Path, settings_path: Path) -> None:
    if cache_path.exists():
        cache = Cache(cache_path.parent)
        facts = cache.info()
        cache.close()
        for notice in cache.notices:
            print(f"  {notice}")
        print(f"cache     {facts.path}  {_size(facts.bytes)}")
        print(
            f"          {facts.files:,} files parsed, {facts.problems:,} without an article, "
            f"{facts.collections:,} folders, {facts.articles:,} articles "
            f"({facts.unindexed:,} not yet searchable); full-text search: "
            f"{'FTS5' if facts.fts5 else 'plain scan (no FTS5 in this SQLite)'}"
        )
    else:
        print(f"cache     {cache_path}  (none yet)")
    if state_path.exists():
        state = StateDB(state_path.parent)
        read, bookmarked = state.marks()
        state.close()
        for notice in state.notices:
            print(f"  {notice}")
        print(f"state     {state_path}  {_size(file_size(state_path))}")
        print(f"          {len(read):,} read, {len(bookmarked):,} bookmarked")
    else:
        print(f"state     {state_path}  (none yet)")
    exists = "" if settings_path.exists() else "  (defaults)"
    print(f"settings  {settings_path}{exists}")


def _size(count: int) -> str:
    if count < 1000:
        return f"{count:,} bytes"
    value = count / 1000
    for unit in ("KB", "MB"):
        if value < 1000:
            return f"{value:,.1f} {unit}"
        value /= 1000
    return f"{value:,.1f} GB"
