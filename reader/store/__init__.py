"""The store: what reader keeps between runs, in the user's folders.

    cache    (cache dir)  parsed versions, grouping, search index: rebuildable
    state    (data dir)   read marks, bookmarks, last article, scroll positions
    settings (config dir) theme, sidebar, sort order

    store = open_store()                       # folders from options/env/platformdirs
    store.notices                              # tell the user (damaged files, …)
    store.cache.snapshot(paths, limit=200)     # first screen from last time, no file read
    store.cache.snapshot(paths)                # the whole list (headers)
    store.cache.article(header.row)            # one whole Article, from the cache
    refresh(paths, cache) / load_cached(...)   # reader.load.cached: bring up to date
    cache.update_index()                       # FTS5 for new articles, in batches
    store.cache.search_rows(paths, "words")    # rows of matching headers (the `/` filter)
    store.user_state                           # PersistentUserState (a UserState)

A Cache holds one SQLite connection: give each thread its own
(`Cache(store.dirs.cache)`); the state and settings belong to the UI thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from reader.store.cache import Cache, CacheInfo, Header, Snapshot, roots_key
from reader.store.dirs import StoreDirs, store_dirs
from reader.store.settings import Settings, load_settings, save_settings
from reader.store.state import PersistentUserState, StateDB

__all__ = [
    "Cache",
    "CacheInfo",
    "Header",
    "PersistentUserState",
    "Settings",
    "Snapshot",
    "StateDB",
    "Store",
    "StoreDirs",
    "open_store",
    "roots_key",
    "store_dirs",
]


@dataclass
class Store:
    dirs: StoreDirs
    cache: Cache
    state: StateDB
    user_state: PersistentUserState
    settings: Settings
    notices: list[str] = field(default_factory=list)

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings
        notice = save_settings(self.dirs.config, settings)
        if notice:
            self.notices.append(notice)

    def close(self) -> None:
        self.cache.close()
        self.state.close()


def open_store(
    cache_dir: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    config_dir: str | os.PathLike[str] | None = None,
) -> Store:
    """Open (or create) the three parts. Never raises for a bad or missing file."""
    dirs = store_dirs(cache_dir, data_dir, config_dir)
    cache = Cache(dirs.cache)
    state = StateDB(dirs.data)
    settings, settings_notices = load_settings(dirs.config)
    return Store(
        dirs=dirs,
        cache=cache,
        state=state,
        user_state=PersistentUserState(state),
        settings=settings,
        notices=[*cache.notices, *state.notices, *settings_notices],
    )
