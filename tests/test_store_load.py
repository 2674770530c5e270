"""Loading through the cache gives exactly what `reader.load.load` gives.

Cold (everything parsed), warm (everything from the cache) and after the
folder changed (a file edited, added, deleted, renamed): the articles, the
problems and the file count must equal an uncached load every time.
"""

from __future__ import annotations

import builtins
import os
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from reader.load import cached as cached_module
from reader.load import discover, load
from reader.load.cached import POOL_MIN_FILES, load_cached, refresh
from reader.model import LoadResult, Problem, Version
from reader.store import Cache
from tests.test_files import deny

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "assets"
SEEDS = REPO.parent / "shared" / "seeds"
BENCH = REPO.parent / "shared" / "bench" / "corpus"

EXTRA = (
    " date 2024-05-06\n\n"
    "The lighthouse keeper retired on Friday after forty years on the rock, "
    "handing the keys to the coastguard in a short ceremony on the quay.\n\n"
    "Nobody will replace him: the light has been automatic since the spring, "
    "and the cottage will become a museum of the island's shipwrecks.\n"
)


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def assert_same(result: LoadResult, expected: LoadResult) -> None:
    assert [a.id for a in result.articles] == [a.id for a in expected.articles]
    assert result.articles == expected.articles
    assert result.problems == expected.problems
    assert result.files_seen == expected.files_seen


def touch(path: Path, text: str) -> None:
    """Write and move the mtime on, so even a coarse clock sees the change."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(path.stat().st_mtime_ns, before + 2_000_000_000)
    os.utime(path, ns=(stamp, stamp))


@pytest.mark.parametrize("folder", [ASSETS, SEEDS, BENCH], ids=["assets", "seeds", "bench"])
def test_cold_and_warm_equal_uncached(cache: Cache, folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} not here")
    expected = load([folder])
    assert_same(load_cached([folder], cache), expected)  # cold
    assert_same(load_cached([folder], cache), expected)  # warm: grouping reused
    assert not cache.notices


def test_edit_add_delete_rename(cache: Cache, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    assert_same(load_cached([folder], cache), load([folder]))

    names = sorted(p.name for p in folder.iterdir())
    edited = folder / names[0]
    touch(edited, edited.read_text(encoding="utf-8") + "\nA paragraph added in an update.\n")
    assert_same(load_cached([folder], cache), load([folder]))

    touch(folder / "lighthouse.clean.txt", EXTRA)
    assert_same(load_cached([folder], cache), load([folder]))

    (folder / names[1]).unlink()
    assert_same(load_cached([folder], cache), load([folder]))

    (folder / names[2]).rename(folder / "renamed.txt")
    assert_same(load_cached([folder], cache), load([folder]))

    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    expected = load([folder])
    assert len(expected.problems) == 2
    assert_same(load_cached([folder], cache), expected)
    assert_same(load_cached([folder], cache), expected)


def test_regrouping_uses_the_stored_fingerprints(
    cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    load_cached([folder], cache, workers=1)
    stored = cache.records([str(path) for path in sorted(folder.iterdir())])
    assert stored and all(record.fingerprint for record in stored.values())

    made: list[tuple[str, ...]] = []
    real = cached_module.fingerprint

    def counted(paragraphs: Sequence[str]) -> Any:
        made.append(tuple(paragraphs))
        return real(paragraphs)

    monkeypatch.setattr(cached_module, "fingerprint", counted)
    edited = sorted(folder.iterdir())[0]
    touch(edited, edited.read_text(encoding="utf-8") + "\nA paragraph added in an update.\n")
    assert_same(load_cached([folder], cache, workers=1), load([folder]))
    # Only the edited file was fingerprinted again; the others came from the cache.
    assert len(made) == 1
    assert "A paragraph added in an update." in made[0]


def test_deleted_files_leave_the_cache(cache: Cache, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    load_cached([folder], cache)
    files = cache.info().files
    victim = next(folder.iterdir())
    victim.unlink()
    load_cached([folder], cache)
    assert cache.info().files == files - 1
    assert str(victim) not in cache.file_stamps([str(folder)])


def test_several_paths_and_a_single_file(cache: Cache, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    single = tmp_path / "one.txt"
    single.write_text(EXTRA, encoding="utf-8")
    paths = [folder, single, tmp_path / "missing"]
    expected = load(paths)
    assert_same(load_cached(paths, cache), expected)
    assert_same(load_cached(paths, cache), expected)
    # The same files opened another way get their own display paths.
    assert_same(load_cached([single], cache), load([single]))


def test_relative_paths(cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ASSETS, tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    expected = load(["articles"])
    assert_same(load_cached(["articles"], cache), expected)
    assert_same(load_cached(["articles"], cache), expected)


def test_process_pool(cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached_module, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(cached_module, "WRITE_BATCH", 7)
    monkeypatch.setattr(cached_module, "READ_BATCH", 5)
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    expected = load([folder])
    seen: list[tuple[int, int]] = []
    result = load_cached([folder], cache, lambda done, total: seen.append((done, total)), workers=2)
    assert_same(result, expected)
    assert seen[-1] == (expected.files_seen, expected.files_seen)
    assert_same(load_cached([folder], cache, workers=2), expected)


def assert_cache_holds(cache: Cache, folder: Path) -> None:
    """The cache's list and articles are those `load` makes of the folder."""
    snapshot = cache.snapshot([folder])
    assert snapshot is not None
    expected = load([folder]).articles
    assert [h.id for h in snapshot.headers] == [a.id for a in expected]
    for header, article in zip(snapshot.headers, expected, strict=True):
        assert (header.display_title, header.word_count) == (
            article.display_title,
            article.word_count,
        )
        opened = cache.article(header.row)
        assert opened is not None
        assert (opened.paragraphs, opened.captions) == (article.paragraphs, article.captions)
    files = dict(cache.article_files([folder]))
    assert files == {v.path: a.id for a in expected for v in a.versions}


@pytest.mark.parametrize("pool", ["works", "breaks"])
def test_refresh_makes_the_articles_in_a_process_pool(
    cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: str
) -> None:
    monkeypatch.setattr(cached_module, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(cached_module, "STORY_BATCH", 2)
    monkeypatch.setattr(cached_module, "CHUNK", 3)
    if pool == "breaks":
        monkeypatch.setattr(cached_module, "ProcessPoolExecutor", _BreakingPool)
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    assert refresh([folder], cache, workers=2) is True
    assert_cache_holds(cache, folder)


def test_refresh_reports_changes(cache: Cache, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    assert refresh([folder], cache) is True
    assert refresh([folder], cache) is False
    touch(folder / "new.txt", EXTRA)
    assert refresh([folder], cache) is True
    # What refresh wrote article by article is each whole article, and its files.
    assert_cache_holds(cache, folder)


def test_snapshot_and_article(cache: Cache) -> None:
    expected = load([ASSETS])
    assert cache.snapshot([ASSETS]) is None
    load_cached([ASSETS], cache)
    snapshot = cache.snapshot([ASSETS])
    assert snapshot is not None
    assert snapshot.files_seen == expected.files_seen
    assert [h.id for h in snapshot.headers] == [a.id for a in expected.articles]
    first = cache.snapshot([ASSETS], limit=3)
    assert first is not None and len(first.headers) == 3
    for header, article in zip(snapshot.headers, expected.articles, strict=True):
        assert header.display_title == article.display_title
        assert header.published == article.published
        assert header.version_count == len(article.versions)
        opened = cache.article(header.row)
        assert opened is not None
        # Same article; only `source` differs (absolute here, as given there).
        assert opened.paragraphs == article.paragraphs
        assert [v.path for v in opened.versions] == [v.path for v in article.versions]
        assert opened.id == article.id


def test_parsed_files_are_reported_as_they_come(cache: Cache, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    (folder / "empty.txt").write_text("")
    batches: list[tuple[list[str], list[str]]] = []

    def on_parsed(versions: Sequence[Version], problems: Sequence[Problem]) -> None:
        batches.append(([v.path for v in versions], [p.path for p in problems]))

    result = load_cached([folder], cache, on_parsed=on_parsed)
    reported = sorted(path for versions, _ in batches for path in versions)
    assert reported == sorted(v.path for a in result.articles for v in a.versions)
    assert [path for _, problems in batches for path in problems] == ["empty.txt"]
    batches.clear()
    load_cached([folder], cache, on_parsed=on_parsed)
    assert batches == []  # nothing new to parse


class _BreakingPool:
    """A process pool whose workers die after two results."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> _BreakingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def submit(self, function: Any, task: Any) -> Future[Any]:
        self.given = getattr(self, "given", 0) + 1
        if self.given > 2:
            raise BrokenProcessPool("a worker died")
        future: Future[Any] = Future()
        future.set_result(function(task))
        return future


def test_broken_pool_falls_back_to_this_process(
    cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cached_module, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(cached_module, "ProcessPoolExecutor", _BreakingPool)
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    assert_same(load_cached([folder], cache, workers=2), load([folder]))


POOL_UNDER_CAPTURED_STDERR = r"""
import io, sys
from reader.load import cached

class Capture(io.StringIO):  # what Textual puts in sys.stderr while an app runs
    def fileno(self):
        return -1

def main():
    parsed_here = []
    real_parse = cached._parse
    cached._parse = lambda *job: parsed_here.append(job) or real_parse(*job)
    sys.stderr = Capture()
    jobs = [(f"/nonexistent/{n}.txt", f"{n}.txt") for n in range(cached.POOL_MIN_FILES)]
    results = list(cached._run(jobs, 2))
    sys.stdout.write(f"{len(results)} {len(parsed_here)}")

if __name__ == "__main__":  # the workers import this file again
    main()
"""


def test_the_pool_starts_while_stderr_has_no_descriptor(tmp_path: Path) -> None:
    # A fresh interpreter: multiprocessing's helper processes must not be
    # running yet, as at the app's first cold load.
    import subprocess
    import sys

    script = tmp_path / "pool.py"
    script.write_text(POOL_UNDER_CAPTURED_STDERR)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    results, parsed_here = map(int, done.stdout.split())
    assert results == POOL_MIN_FILES
    assert parsed_here == 0  # every file went to a worker, none fell back to this process


def test_the_recheck_reads_the_stamps_from_an_index_alone(cache: Cache, tmp_path: Path) -> None:
    """A warm start compares every file with its cached (size, mtime): read
    from a covering index, not from the rows, which hold each file's parsed
    blob (a cold start would read the whole cache from disk)."""
    load_cached([ASSETS], cache)
    cache.close()
    reopened = Cache(tmp_path / "cache")
    statements: list[str] = []
    reopened.db.set_trace_callback(statements.append)
    stamps = reopened.file_stamps([str(ASSETS)])
    reopened.db.set_trace_callback(None)
    assert len(stamps) == len(discover([ASSETS])[0]) > 0
    (query,) = [s for s in statements if "FROM files" in s]
    plan = " ".join(row[-1] for row in reopened.db.execute("EXPLAIN QUERY PLAN " + query))
    assert "COVERING INDEX files_stamps" in plan


def test_the_list_is_read_from_an_index_alone(cache: Cache, tmp_path: Path) -> None:
    """A warm start's list comes from a covering index in list order, not from
    the table row by row."""
    load_cached([ASSETS], cache)
    before = cache.snapshot([ASSETS])
    cache.close()
    reopened = Cache(tmp_path / "cache")
    statements: list[str] = []
    reopened.db.set_trace_callback(statements.append)
    assert reopened.snapshot([ASSETS]) == before
    reopened.db.set_trace_callback(None)
    (query,) = [s for s in statements if "FROM articles" in s]
    plan = " ".join(row[-1] for row in reopened.db.execute("EXPLAIN QUERY PLAN " + query))
    assert "COVERING INDEX articles_listed" in plan


def test_an_unchanged_folder_is_rechecked_without_reading_the_stamps(
    cache: Cache, tmp_path: Path
) -> None:
    """The re-check of a warm start: when the files, their stamps and their
    problems are those of the last load, the cache's stamps (100,000 rows at
    scale) are not read at all; any change still is."""
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    assert refresh([folder], cache) is True
    statements: list[str] = []
    cache.db.set_trace_callback(statements.append)
    assert refresh([folder], cache) is False
    assert not [s for s in statements if "FROM files" in s]
    touch(folder / "new.txt", EXTRA)
    assert refresh([folder], cache) is True
    assert [s for s in statements if "FROM files" in s]
    cache.db.set_trace_callback(None)


def test_a_file_that_could_not_be_opened_is_tried_again(
    cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem in reaching a file (permissions) may go away by itself, so an
    otherwise unchanged folder is not taken as unchanged while it has one."""
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    (folder / "later.txt").write_text(EXTRA, encoding="utf-8")
    # Root (as in CI) reads through chmod 0: refuse at both ways in.
    with monkeypatch.context() as patched:
        for where in (os, builtins):
            deny(patched, "later.txt", where, "open")
        assert refresh([folder], cache) is True
    snapshot = cache.snapshot([folder])
    assert snapshot is not None
    assert [p.path for p in snapshot.problems] == ["later.txt"]
    assert refresh([folder], cache) is True  # readable now: nothing else changed
    snapshot = cache.snapshot([folder])
    assert snapshot is not None
    assert snapshot.problems == ()
    assert len(snapshot.headers) == len(load([folder]).articles)


def test_a_grouping_is_written_with_a_big_page_cache_then_the_default_again(
    cache: Cache, tmp_path: Path
) -> None:
    from reader.store.db import BULK_CACHE_KIB

    default = cache.db.execute("PRAGMA cache_size").fetchone()[0]
    seen: list[int] = []
    save = cache.save_collection

    def watched(roots: str, signature: str, stories: Any, *rest: Any) -> None:
        def watching() -> Iterator[Any]:
            for story in stories:
                seen.append(cache.db.execute("PRAGMA cache_size").fetchone()[0])
                yield story

        save(roots, signature, watching(), *rest)

    cache.save_collection = watched  # type: ignore[method-assign]
    result = load_cached([ASSETS], cache)
    assert result.articles and seen and set(seen) == {-BULK_CACHE_KIB}
    assert cache.db.execute("PRAGMA cache_size").fetchone()[0] == default
