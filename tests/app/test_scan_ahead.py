"""The check for changed files, begun in a forked child before the app starts."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from reader.app.loading import load_in_batches
from reader.app.messages import FilesChecked, LoadFinished
from reader.app.scan_ahead import ScanAhead
from reader.load import discover
from reader.load.cached import refresh
from reader.load.scan import scan_signature
from reader.store import Cache
from tests.app.test_persistence import news_folder, write_story
from tests.test_files import deny

ASSETS = Path(__file__).resolve().parents[2] / "assets"

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="no scan-ahead child here"
)


def started(paths: list[str]) -> ScanAhead:
    ahead = ScanAhead.start(paths)
    # The tests run with one thread: a None here would mean no child at all.
    assert ahead is not None, f"not started; threads: {threading.enumerate()}"
    return ahead


def reaped(pid: int) -> bool:
    """The child is gone and waited for: no zombie left."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_answers_what_refresh_compares(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    cache = Cache(tmp_path / "cache")
    assert refresh([folder], cache) is True

    ahead = started([str(folder)])
    scanned = ahead.result()
    assert scanned is not None
    assert scanned == scan_signature([str(folder)])
    assert scanned[1] == len(discover([folder])[0]) > 0
    assert reaped(ahead.pid)
    assert ahead.result() == scanned  # asked again: the same answer, no second wait

    # Its answer is the cache's: the files are not even listed again, and
    # the cache's stamps are not read.
    statements: list[str] = []
    cache.db.set_trace_callback(statements.append)
    assert refresh([folder], cache, scanned=scanned) is False
    cache.db.set_trace_callback(None)
    assert not [s for s in statements if "FROM files" in s]


def test_a_change_the_child_saw_is_looked_at(tmp_path: Path) -> None:
    folder = news_folder(tmp_path, "harbour", "bridge")
    cache = Cache(tmp_path / "cache")
    assert refresh([folder], cache) is True
    write_story(folder, "pier.txt", "pier")
    scanned = started([str(folder)]).result()
    assert scanned is not None and scanned[1] == 3
    assert refresh([folder], cache, scanned=scanned) is True
    snapshot = cache.snapshot([folder])
    assert snapshot is not None and len(snapshot.headers) == 3


def test_a_file_that_cannot_be_stated_leaves_the_answer_to_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = news_folder(tmp_path, "harbour", "bridge")
    # Listed, then gone (or refused) before its stat: the child, forked from
    # this process, meets the same refusal.
    deny(monkeypatch, "bridge.txt", os, "stat")
    assert scan_signature([str(folder)]) is None
    assert started([str(folder)]).result() is None


def test_close_stops_the_child_and_leaves_no_process(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):
        (folder / f"{n}.txt").write_text("x", encoding="utf-8")
    ahead = started([str(folder)])
    ahead.close()
    assert reaped(ahead.pid)
    assert ahead.result() is None  # closed unasked: no answer, and no error
    ahead.close()  # twice is harmless


def test_no_child_while_other_threads_run() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert ScanAhead.start(["."]) is None
    finally:
        release.set()
        other.join()


def test_a_warm_start_takes_the_childs_answer_and_a_cold_one_stops_it(tmp_path: Path) -> None:
    folder = news_folder(tmp_path, "harbour", "bridge")
    cache = tmp_path / "cache"

    cold = started([str(folder)])
    posted: list[object] = []
    load_in_batches([str(folder)], posted.append, lambda: False, cache, cold)
    assert reaped(cold.pid)
    assert any(isinstance(m, LoadFinished) and len(m.articles) == 2 for m in posted)

    warm = started([str(folder)])
    posted = []
    load_in_batches([str(folder)], posted.append, lambda: False, cache, warm)
    first, checked = posted  # the cached list, then: nothing changed
    assert isinstance(first, LoadFinished) and first.checking
    assert isinstance(checked, FilesChecked)
    assert warm.result() is not None  # answered, and the answer was used
    assert reaped(warm.pid)
