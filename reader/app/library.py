"""The app's read side of the cache: the articles and search hits behind header rows.

After a warm start (or a cold load through the cache) the list holds headers
only, so 100,000 articles cost tens of megabytes, not gigabytes; an article's
versions are read from SQLite when it is shown. The loader's worker thread
writes the cache through its own connection; the ones here only read.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from reader.model import Article
from reader.store.cache import Cache


class CachedArticles:
    """Whole articles by header row (the UI thread) and the rows a search
    matches (the filter's threads).

    Two connections, so that a slow search (a scan of articles not yet
    indexed) never holds up showing an article. Each is opened on first use:
    by then the loader has prepared the file.
    """

    def __init__(self, folder: Path, paths: Sequence[str]) -> None:
        self.folder = folder
        self.paths = list(paths)
        self._reader: Cache | None = None
        self._searcher: Cache | None = None
        self._search_lock = threading.Lock()  # one search at a time on its connection

    def article(self, row: int) -> Article | None:
        """None when the cache no longer holds it (changed by a reload meanwhile)."""
        try:
            if self._reader is None:
                self._reader = Cache(self.folder)
            return self._reader.article(row)
        except sqlite3.Error:
            return None

    def search_rows(self, text: str) -> set[int] | None:
        """Rows of the headers matching `text` as typed; None: no terms, all match."""
        with self._search_lock:
            try:
                return self._searching().search_rows(self.paths, text, as_you_type=True)
            except sqlite3.Error:
                return set()

    @property
    def search_open(self) -> bool:
        return self._searcher is not None

    def prepare_search(self) -> None:
        """Open the search connection and its index before the first search."""
        # A failure here is the first search's to meet (it finds nothing).
        with self._search_lock, contextlib.suppress(sqlite3.Error):
            self._searching().prepare_search()

    def _searching(self) -> Cache:
        if self._searcher is None:
            self._searcher = Cache(self.folder)
        return self._searcher

    def close(self) -> None:
        for cache in (self._reader, self._searcher):
            if cache is not None:
                cache.close()
