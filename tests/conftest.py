"""For every test: the store's folders are temporary, never the user's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _temporary_store_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("READER_CACHE_DIR", str(root / "cache"))
    monkeypatch.setenv("READER_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(root / "config"))
    yield root
