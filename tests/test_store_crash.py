"""Killed processes and concurrent ones: nothing committed is lost, nothing is corrupted.

The children are real `python` processes writing real SQLite files; they are
stopped with SIGKILL (no cleanup, no atexit) while they write.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.load import load
from reader.load.cached import load_cached
from reader.store import Cache, PersistentUserState, StateDB
from reader.store.cache import CACHE_FILE
from reader.store.state import STATE_FILE

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "assets"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def kill_after(process: subprocess.Popen[str], lines: int, may_finish: bool = False) -> list[str]:
    """Read `lines` lines of the child's output, then SIGKILL it (unless it
    finished first and `may_finish`)."""
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line.strip())
        if len(seen) >= lines:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    if may_finish and process.returncode == 0:
        return seen
    # stderr is read only on failure: the pool's workers hold it open until
    # they notice that their parent is gone.
    assert process.returncode == -signal.SIGKILL, process.stderr and process.stderr.read()
    return seen


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


MARKER = """
    import sys
    from pathlib import Path
    from reader.store import PersistentUserState, StateDB
    state = PersistentUserState(StateDB(Path(sys.argv[1])))
    prefix = sys.argv[2]
    for number in range(int(sys.argv[3])):
        state.mark_read(f"{prefix}{number}")
        if number % 3 == 0:
            state.toggle_bookmark(f"{prefix}{number}")
        state.set_scroll(f"{prefix}{number}", number)
        print(number, flush=True)  # after the commits: this mark is saved
"""


def test_killed_while_writing_state(tmp_path: Path) -> None:
    printed = kill_after(child(MARKER, str(tmp_path), "a", "1000000"), 300)
    state = PersistentUserState(StateDB(tmp_path))
    assert not state.state.notices
    for number in map(int, printed):
        assert state.is_read(f"a{number}")
        assert state.is_bookmarked(f"a{number}") == (number % 3 == 0)
        assert state.scroll(f"a{number}") == number
    assert integrity(tmp_path / STATE_FILE) == "ok"


def test_two_processes_write_state_at_once(tmp_path: Path) -> None:
    StateDB(tmp_path).close()  # created first, so neither child races to make the tables
    children = [child(MARKER, str(tmp_path), prefix, "300") for prefix in ("a", "b")]
    for process in children:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    state = PersistentUserState(StateDB(tmp_path))
    for prefix in ("a", "b"):
        assert all(state.is_read(f"{prefix}{n}") for n in range(300))
        assert sum(state.is_bookmarked(f"{prefix}{n}") for n in range(300)) == 100
    assert integrity(tmp_path / STATE_FILE) == "ok"


def make_folder(folder: Path, copies: int) -> Path:
    """`copies` of the sample articles, each copy's texts made distinct."""
    folder.mkdir()
    for copy in range(copies):
        for source in sorted(ASSETS.iterdir()):
            text = source.read_text(encoding="utf-8")
            extra = f"\n\nA note added to copy {copy} of this text for the tests.\n"
            (folder / f"{copy:03}-{source.name}").write_text(text + extra, encoding="utf-8")
    return folder


BUILDER = """
    import sys
    from pathlib import Path
    from reader.load import cached
    from reader.store import Cache
    cached.WRITE_BATCH = 10
    cache = Cache(Path(sys.argv[1]))
    def progress(done, total):
        print(done, flush=True)
    result = cached.load_cached([sys.argv[2]], cache, progress, workers=int(sys.argv[3]))
    print("grouped", flush=True)
    cache.update_index(batch=2, progress=progress)
    print("done", len(result.articles), flush=True)
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_while_building_the_cache(tmp_path: Path, workers: str) -> None:
    folder = make_folder(tmp_path / "articles", 20)
    cache_dir = tmp_path / "cache"
    total = len(list(folder.iterdir()))
    kill_after(child(BUILDER, str(cache_dir), str(folder), workers), total // 2)
    cache = Cache(cache_dir)
    assert not cache.notices
    resumed = cache.info().files
    assert 0 < resumed < total  # whole batches were kept ...
    expected = load([folder])
    assert load_cached([folder], cache) == expected  # ... and the rest parsed now
    assert load_cached([folder], cache) == expected
    assert integrity(cache_dir / CACHE_FILE) == "ok"


def test_killed_at_every_stage(tmp_path: Path) -> None:
    """Kill the builder at many points (parsing, grouping, indexing); always recover."""
    folder = make_folder(tmp_path / "articles", 6)
    cache_dir = tmp_path / "cache"
    total = len(list(folder.iterdir()))
    stages: set[str] = set()
    for stop in range(1, 4 * total, 7):
        # Each run resumes what the killed one left: fewer files to parse, so
        # later kills land in the grouping and the indexing.
        printed = kill_after(child(BUILDER, str(cache_dir), str(folder), "1"), stop, True)
        stages.update(line.split()[0] for line in printed if not line.isdigit())
        if "done" in stages:
            break
    assert stages >= {"grouped", "done"}
    cache = Cache(cache_dir)
    assert not cache.notices
    expected = load([folder])
    assert load_cached([folder], cache) == expected
    cache.update_index()
    assert cache.search([folder], "harbour")
    assert integrity(cache_dir / CACHE_FILE) == "ok"


def test_two_processes_build_the_cache_at_once(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "articles", 10)
    cache_dir = tmp_path / "cache"
    Cache(cache_dir).close()
    children = [child(BUILDER, str(cache_dir), str(folder), "1") for _ in range(2)]
    outputs = []
    for process in children:
        out, errors = process.communicate(timeout=600)
        assert process.returncode == 0, errors
        outputs.append(out.strip().splitlines()[-1])
    expected = load([folder])
    assert outputs == [f"done {len(expected.articles)}"] * 2
    cache = Cache(cache_dir)
    assert load_cached([folder], cache) == expected
    assert integrity(cache_dir / CACHE_FILE) == "ok"


def test_state_survives_clearing_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    cache = Cache(tmp_path / "cache")
    first = load_cached([folder], cache).articles[0]
    state = PersistentUserState(StateDB(tmp_path / "data"))
    state.mark_read(first.id)
    cache.close()
    shutil.rmtree(tmp_path / "cache")
    again = load_cached([folder], Cache(tmp_path / "cache")).articles[0]
    assert again.id == first.id
    assert PersistentUserState(StateDB(tmp_path / "data")).is_read(again.id)
