"""Where the store keeps its files: the user's cache, data and config folders.

Each can be moved by an option or an environment variable, so tests and
benchmarks never touch the real ones:

    cache   READER_CACHE_DIR   or --cache-dir   (parsed versions, grouping, search index)
    data    READER_DATA_DIR    or --data-dir    (read marks, bookmarks, positions)
    config  READER_CONFIG_DIR                   (settings)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reader"
CACHE_ENV, DATA_ENV, CONFIG_ENV = "READER_CACHE_DIR", "READER_DATA_DIR", "READER_CONFIG_DIR"


@dataclass(frozen=True, slots=True)
class StoreDirs:
    cache: Path
    data: Path
    config: Path


def store_dirs(
    cache_dir: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    config_dir: str | os.PathLike[str] | None = None,
) -> StoreDirs:
    """The folders to use: an explicit argument, else the environment, else platformdirs."""
    return StoreDirs(
        cache=_pick(cache_dir, CACHE_ENV, platformdirs.user_cache_dir(APP_NAME)),
        data=_pick(data_dir, DATA_ENV, platformdirs.user_data_dir(APP_NAME)),
        config=_pick(config_dir, CONFIG_ENV, platformdirs.user_config_dir(APP_NAME)),
    )


def _pick(explicit: str | os.PathLike[str] | None, env: str, default: str) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(env)
    return Path(from_env).expanduser() if from_env else Path(default)
