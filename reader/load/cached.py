"""Loading through the cache: what `load()` returns, without re-reading unchanged files.

    discover ─► stat every file ─► unchanged (same size and mtime_ns): its cached
                                 │  problem or fingerprint (not its Version)
                                 └► new or changed: parse and fingerprint (a process
                                    pool when many), written to the cache in batches
                                    as they come
             ─► deleted files leave the cache
             ─► grouping: reused when the files (and their stamps) are the same as
                last time, found again from the fingerprints otherwise
             ─► articles: made story by story from the cached Versions, written to
                the cache as they come; kept only when the caller wants them
                (`load_cached`), not for the app (`refresh`, then `Cache.snapshot`)

Every Version, fresh or cached, goes through the same blob encoding, so a cold
load and a warm one give equal results by construction; the tests compare
both with `reader.load.load`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing import resource_tracker
from pathlib import Path
from typing import TypeVar

from reader.load import Progress, load, parse_file
from reader.load.files import SourceFile
from reader.load.group import (
    ShingleIndex,
    fingerprint,
    list_order,
    make_article,
    story_groups,
)
from reader.load.scan import Scanned, Stamp, scan, signature, stamp, storable, summed
from reader.model import Article, LoadResult, Pending, Problem, Version
from reader.store.cache import ArticleRow, Cache, FileRecord, article_row, roots_key
from reader.store.records import (
    decode_fingerprint,
    decode_version,
    encode_fingerprint,
    encode_version,
)

POOL_MIN_FILES = 200  # fewer files to parse than this: starting a pool costs more than it saves
WRITE_BATCH = 500  # parsed files per cache transaction (a killed build keeps all full batches)
READ_BATCH = 500  # cached files read from the cache at a time
BATCH_SECONDS = 0.1  # how often `on_parsed` hears of newly parsed files
CHUNK = 16  # files per task sent to a worker
STORY_BATCH = 100  # stories per task sent to a worker to be made into articles
AHEAD = 4  # tasks given to each worker ahead of the results used
PARENT_CHECK_SECONDS = 0.5  # how soon a worker notices that the loading process died

Task = TypeVar("Task")
Result = TypeVar("Result")
OnParsed = Callable[[Sequence[Pending], Sequence[Problem]], object]


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's parse, in a form cheap to send back from a worker process."""

    stamp: Stamp | None  # None when the file could not be stat'ed
    data: bytes | None  # the encoded Version ...
    problem: str | None  # ... or why there is none
    cacheable: bool  # False for problems that may go away by themselves (permissions …)
    fingerprint: bytes | None = None  # the encoded fingerprint of the Version's body
    pending: Pending | None = None  # the Version's row in a list that is loading


def load_cached(
    paths: Iterable[str | os.PathLike[str]],
    cache: Cache,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    on_parsed: OnParsed | None = None,
) -> LoadResult:
    """Every article under `paths`, as `reader.load.load` gives them, via the cache.

    `workers`: processes for parsing new files (default: all cores; 1 parses
    here). `on_parsed(versions, problems)` receives the newly parsed files
    about every BATCH_SECONDS while they are parsed, before grouping, so a
    list can fill during a cold load. A cache that turns out to be damaged
    while in use is rebuilt once; if that fails too, the files are loaded
    without it. Notices go to `cache.notices`.
    """
    paths = list(paths)
    for attempt in range(2):
        try:
            result = _sync(paths, cache, progress, workers, on_parsed)
        except sqlite3.OperationalError as error:
            # Locked for longer than the busy timeout, read-only, disk full:
            # the cache is fine but unusable now. Do without it this time.
            cache.notices.append(f"cache: not used this time ({error})")
            break
        except sqlite3.DatabaseError as error:
            if attempt == 0:
                cache.reset(f"is damaged ({error})")
                continue
            cache.notices.append(f"cache: not used this time ({error})")
            break
        assert result is not None
        return result
    return load(paths, progress)


def refresh(
    paths: Iterable[str | os.PathLike[str]],
    cache: Cache,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    on_parsed: OnParsed | None = None,
    scanned: Scanned | None = None,
) -> bool:
    """Bring the cache up to date with the files; True when the list changed.

    For the app, whose list then comes from `Cache.snapshot`: the articles
    go to the cache one by one and none is kept, so a cold load of 100,000
    files holds little more than their fingerprints. When nothing changed it
    reads no file and decodes no cached version. `scanned`: what
    `reader.load.scan.scan_signature(paths)` gave just before (another process worked it
    out); when it is the cache's, the files are not even listed here.
    """
    try:
        paths = list(paths)
        if _unchanged(cache, roots_key(paths), scanned, progress):
            return False
        return _sync(paths, cache, progress, workers, on_parsed, want_result=False) is not None
    except sqlite3.DatabaseError as error:
        cache.notices.append(f"cache: could not be refreshed ({error})")
        return False


@dataclass
class _Files:
    """The files found under the paths, and what this load learnt of each."""

    found: list[SourceFile]
    keys: list[str]  # absolute paths as the cache stores them
    stamps: list[Stamp | None]
    problems: dict[int, Problem] = field(default_factory=dict)  # files that hold no Version
    # The files that hold a Version, in the order their fingerprints went
    # into `shingles` (as they were parsed, then the cached ones).
    versions: list[int] = field(default_factory=list)
    shingles: ShingleIndex = field(default_factory=ShingleIndex)
    loose: dict[int, bytes] = field(default_factory=dict)  # encoded Versions not in the cache
    unstable: set[int] = field(default_factory=set)  # problems that may go away by themselves

    def note(self, i: int, parsed: Parsed) -> Problem | None:
        """Keep what parsing file `i` gave; its Problem, if it holds no Version."""
        if parsed.data is None or parsed.fingerprint is None:
            problem = self.problems[i] = Problem(
                self.found[i].display, parsed.problem or "unreadable"
            )
            return problem
        self.add(i, parsed.fingerprint)
        return None

    def add(self, i: int, fingerprint: bytes) -> None:
        """File `i` holds a Version with this (encoded) fingerprint."""
        self.versions.append(i)
        self.shingles.add(decode_fingerprint(fingerprint))


def _sync(
    paths: Sequence[str | os.PathLike[str]],
    cache: Cache,
    progress: Progress | None,
    workers: int | None,
    on_parsed: OnParsed | None,
    *,
    want_result: bool = True,
) -> LoadResult | None:
    now = scan(paths)
    files = _Files(now.found, now.keys, now.stamps)
    problems = list(now.problems)  # the files' own are added to it below
    key = roots_key(paths)
    total = len(now.found)
    if not want_result and _unchanged(cache, key, summed(now, key), progress):
        return None

    roots = [storable(os.path.abspath(path)) for path in paths]
    known = cache.file_stamps(roots)
    todo = [
        i
        for i, path in enumerate(files.keys)
        if files.stamps[i] is None or known.get(path) != files.stamps[i]
    ]
    present = set(files.keys)
    gone = [path for path in known if path not in present]
    if gone:
        cache.drop_files(gone)

    if progress is not None and total:
        progress(total - len(todo), total)
    _parse_all(files, todo, cache, progress, workers, on_parsed)

    grouped = signature(key, now, files.unstable)
    grouped_before = cache.signature_of(key) == grouped
    _outline_the_rest(files, cache, problems)
    versions = files.versions
    stories = _stored_stories(cache, key, files, versions) if grouped_before else None
    articles: list[Article] = []
    if stories is None:
        groups = story_groups(files.shingles)
        batches = _batches(groups, files, versions, cache)
        if want_result:
            made = _kept(chain.from_iterable(map(_articles, batches)), articles)
            rows: Iterable[ArticleRow] = (article_row(*story) for story in made)
        else:
            rows = chain.from_iterable(_map(_rows, batches, len(groups), workers))
        cache.save_collection(key, grouped, rows, problems, total)
        articles.sort(key=list_order)
    else:
        if want_result:
            batches = _batches(stories, files, versions, cache)
            articles = [article for batch in batches for article, _ in _articles(batch)]
        cache.save_problems(key, problems, total)
    return LoadResult(tuple(articles), tuple(problems), total)


def _unchanged(cache: Cache, key: str, scanned: Scanned | None, progress: Progress | None) -> bool:
    """The very files, stamps and problems of the last load (none of them one
    that may go away by itself): nothing to read, drop or regroup, and no
    need to read the cache's 100,000 stamps to find that out."""
    if scanned is None or cache.signature_of(key) != scanned[0]:
        return False
    if progress is not None and scanned[1]:
        progress(scanned[1], scanned[1])
    return True


def _outline_the_rest(files: _Files, cache: Cache, problems: list[Problem]) -> None:
    """Learn of the files not parsed now whether they hold a Version, and
    its fingerprint; the files that hold none add their Problem to
    `problems`, in file order.

    What the cache knows is read a batch at a time, without the Versions
    themselves (decoding 100,000 of them costs seconds and gigabytes).
    """
    known = set(files.versions)
    for start in range(0, len(files.found), READ_BATCH):
        batch = range(start, min(start + READ_BATCH, len(files.found)))
        unknown = [i for i in batch if i not in files.problems and i not in known]
        outlines = cache.outlines([files.keys[i] for i in unknown])
        for i in unknown:
            outline = outlines.get(files.keys[i])
            if outline is None:  # another process dropped it meanwhile: parse it here
                parsed = _parse(files.found[i].path, files.found[i].display)
                if files.note(i, parsed) is None and parsed.data is not None:
                    files.loose[i] = parsed.data
            elif outline.problem is not None:
                files.problems[i] = Problem(files.found[i].display, outline.problem)
            elif outline.fingerprint is not None:
                files.add(i, outline.fingerprint)
            else:  # cached without a fingerprint: make it from the Version
                version = _version(i, files, cache.records([files.keys[i]]))
                paragraphs = version.paragraphs if version is not None else ()
                files.add(i, encode_fingerprint(fingerprint(paragraphs)))
        problems.extend(files.problems[i] for i in batch if i in files.problems)


Story = tuple[Article, list[tuple[str, str]]]  # an article, and its files: (key, display path)
# A file of a story to be made: its cache key, display path, path, and its
# encoded Version (None: gone from the cache, dropped by another process meanwhile).
Member = tuple[str, str, str, bytes | None]


def _batches(
    stories: Sequence[Sequence[int]], files: _Files, versions: Sequence[int], cache: Cache
) -> Iterator[list[list[Member]]]:
    """The stories a batch at a time, each as its files with their encoded
    Versions, read from the cache as the batch is wanted."""
    for start in range(0, len(stories), STORY_BATCH):
        batch = stories[start : start + STORY_BATCH]
        wanted = [versions[v] for story in batch for v in story]
        records = cache.records([files.keys[i] for i in wanted if i not in files.loose])
        yield [[_member(versions[v], files, records) for v in story] for story in batch]


def _member(i: int, files: _Files, records: dict[str, FileRecord]) -> Member:
    data = files.loose.get(i)
    if data is None:
        record = records.get(files.keys[i])
        data = record.data if record is not None else None
    source = files.found[i]
    return files.keys[i], source.display, source.path, data


def _articles(batch: Sequence[Sequence[Member]]) -> Iterator[Story]:
    """Each story's article, its versions decoded and dropped once it is made."""
    for members in batch:
        decoded = [(member[0], _decoded(member)) for member in members]
        where = {id(version): key for key, version in decoded if version is not None}
        if not where:
            continue  # every file of it changed under us; the next load has them
        article = make_article([version for _, version in decoded if version is not None])
        yield article, [(where[id(v)], v.path) for v in article.versions]


def _rows(batch: Sequence[Sequence[Member]]) -> list[ArticleRow]:
    """The stories' rows for the cache (runs in a worker process during a cold load)."""
    return [article_row(*story) for story in _articles(batch)]


def _kept(stories: Iterable[Story], articles: list[Article]) -> Iterator[Story]:
    """The stories as they go by, each article kept in `articles`."""
    for story in stories:
        articles.append(story[0])
        yield story


def _decoded(member: Member) -> Version | None:
    """The member's Version; parsed again when the cache no longer has it."""
    _, display, path, data = member
    if data is None:
        data = _parse(path, display).data
    return None if data is None else decode_version(data, display, Path(path))


def _version(i: int, files: _Files, records: dict[str, FileRecord]) -> Version | None:
    """File `i`'s Version: loose, cached, or parsed again here."""
    return _decoded(_member(i, files, records))


def _stored_stories(
    cache: Cache, key: str, files: _Files, versions: Sequence[int]
) -> list[list[int]] | None:
    """The stories as grouped last time (numbers into `versions`), or None
    when they are not of these very files."""
    groups = cache.stored_groups(key)
    if groups is None:
        return None
    number = {files.keys[i]: n for n, i in enumerate(versions)}
    try:
        stories = [[number[path] for path in members] for members in groups]
    except KeyError:
        return None  # not the same files after all (changed by another process)
    if sum(len(story) for story in stories) != len(versions):
        return None
    return stories


# -- parsing ---------------------------------------------------------------------


def _parse_all(
    files: _Files,
    todo: Sequence[int],
    cache: Cache,
    progress: Progress | None,
    workers: int | None,
    on_parsed: OnParsed | None,
) -> None:
    """Parse the files at `todo` into `files`, storing each full batch in the
    cache at once (problems that may go away by themselves are not cached)."""
    if not todo:
        return
    jobs = [(files.found[i].path, files.found[i].display) for i in todo]
    records: list[FileRecord] = []
    shown: list[Pending] = []
    shown_problems: list[Problem] = []
    last = time.monotonic()
    total = len(files.found)
    done = total - len(todo)
    for i, parsed in zip(todo, _run(jobs, workers), strict=True):
        problem = files.note(i, parsed)
        if parsed.cacheable and parsed.stamp is not None:
            records.append(_record(files.keys[i], parsed))
        else:
            files.unstable.add(i)
            if parsed.data is not None:
                files.loose[i] = parsed.data
        if len(records) >= WRITE_BATCH:
            cache.put_files(records)
            records = []
        done += 1
        if progress is not None:
            progress(done, total)
        if on_parsed is not None:
            if problem is not None:
                shown_problems.append(problem)
            elif parsed.pending is not None:
                shown.append(parsed.pending)
            if time.monotonic() - last >= BATCH_SECONDS or done == total:
                on_parsed(shown, shown_problems)
                shown, shown_problems, last = [], [], time.monotonic()
    if records:
        cache.put_files(records)


def _record(path: str, parsed: Parsed) -> FileRecord:
    size, mtime_ns = parsed.stamp or (-1, -1)
    return FileRecord(path, size, mtime_ns, parsed.problem, parsed.data, parsed.fingerprint)


def _run(jobs: list[tuple[str, str]], workers: int | None) -> Iterable[Parsed]:
    """The jobs' results in their order, from a process pool when it pays."""
    chunks = (jobs[start : start + CHUNK] for start in range(0, len(jobs), CHUNK))
    return chain.from_iterable(_map(_parse_chunk, chunks, len(jobs), workers))


def _map(
    function: Callable[[Task], Result], tasks: Iterable[Task], size: int, workers: int | None
) -> Iterable[Result]:
    """`map(function, tasks)`, in a process pool when `size` (files or
    stories in all the tasks) makes starting one pay."""
    count = workers if workers is not None else available_cores()
    if count <= 1 or size < POOL_MIN_FILES:
        return map(function, tasks)
    return _pooled(function, tasks, count)


def _pooled(
    function: Callable[[Task], Result], tasks: Iterable[Task], count: int
) -> Iterator[Result]:
    """The results in the order of `tasks`, which are taken only AHEAD per
    worker ahead of the results used (so a lazy `tasks` stays lazy)."""
    # forkserver, not fork: the app calls this from a thread, and forking a
    # process that has threads can copy a lock held by one of them.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    tasks = iter(tasks)
    waiting: deque[tuple[Task, Future[Result] | None]] = deque()  # given out, in order
    try:
        with _real_stderr():
            resource_tracker.ensure_running()  # once per process; the pool needs it
        with ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context(method),
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        ) as pool:
            for task in tasks:
                waiting.append((task, None))  # kept if the pool breaks on submitting it
                waiting[-1] = (task, pool.submit(function, task))
                while len(waiting) >= AHEAD * count:
                    yield _first_result(waiting)
            while waiting:
                yield _first_result(waiting)
    except (BrokenProcessPool, OSError, ValueError):
        # No pool here (a worker died, or could not start: e.g. a main module
        # that cannot be imported again, as from `python -`): do the rest in
        # this process, slower but the same.
        while waiting:
            yield function(waiting.popleft()[0])
        yield from map(function, tasks)


def _first_result(waiting: deque[tuple[Task, Future[Result] | None]]) -> Result:
    """The oldest task's result, the task dropped only once it has one."""
    future = waiting[0][1]
    assert future is not None
    result = future.result()
    waiting.popleft()
    return result


def _real_stderr() -> contextlib.AbstractContextManager[object]:
    """sys.stderr as a real file while multiprocessing starts its resource tracker.

    The tracker is handed sys.stderr's file descriptor. Inside the app,
    sys.stderr is Textual's capture of prints, whose fileno() is -1, and
    starting the tracker there fails ("bad value(s) in fds_to_keep"): the
    pool would never start.
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        return contextlib.nullcontext()
    return contextlib.redirect_stderr(sys.__stderr__)


def _watch_parent(pid: int) -> None:
    """In each worker: exit when the loading process is gone.

    A killed reader (SIGKILL, a crash) cannot shut its pool down, and the
    workers, waiting on a queue they themselves hold open, would wait forever.
    """

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:
                pass  # alive, but not ours to signal

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _parse_chunk(jobs: Sequence[tuple[str, str]]) -> list[Parsed]:
    for path, _ in jobs:
        _read_ahead(path)
    return [_parse(*job) for job in jobs]


def _read_ahead(path: str) -> None:
    """Ask the system to start reading the file now: the chunk's later files
    come from the disk while its first ones are parsed."""
    if not hasattr(os, "posix_fadvise"):
        return
    try:
        # Non-blocking: opening a named pipe for reading would wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return  # parsing it will say why
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _parse(path: str, display: str) -> Parsed:
    """Stat, read, parse and fingerprint one file (runs in a worker process)."""
    stamped = stamp(path)
    try:
        result = parse_file(SourceFile(path, display))
        if isinstance(result, Problem):
            # A problem in the file's content stays until the file changes; one
            # in reaching it (permissions, a vanished file, a pipe) may not.
            return Parsed(stamped, None, result.reason, _readable(path))
        print_ = encode_fingerprint(fingerprint(result.paragraphs))
    except Exception as error:  # a loader bug: one Problem, not a failed load
        return Parsed(stamped, None, f"could not be parsed ({type(error).__name__})", False)
    return Parsed(stamped, encode_version(result), None, True, print_, Pending.of(result))


def _readable(path: str) -> bool:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb"):
            return True
    except OSError:
        return False


__all__ = ["available_cores", "load_cached", "refresh"]
