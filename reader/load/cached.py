"""Loading through the cache: what `load()` returns, without re-reading unchanged files.

    discover ─► stat every file ─► unchanged (same size and mtime_ns): the cached Version
                                 └► new or changed: parse and fingerprint (a process
                                    pool when many), written to the cache in batches
                                    as they come
             ─► deleted files leave the cache
             ─► grouping: reused when the files (and their stamps) are the same as
                last time, computed again by `group()` from the stored
                fingerprints otherwise

Every Version, fresh or cached, goes through the same blob encoding, so a cold
load and a warm one give equal results by construction; the tests compare
both with `reader.load.load`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from reader.load import Progress, discover, group, load, parse_file
from reader.load.files import SourceFile
from reader.load.group import Fingerprint, fingerprint, make_article
from reader.model import Article, LoadResult, Problem, Version
from reader.store.cache import Cache, FileRecord, roots_key
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
PARENT_CHECK_SECONDS = 0.5  # how soon a worker notices that the loading process died

Stamp = tuple[int, int]  # size, mtime_ns
OnParsed = Callable[[Sequence[Version], Sequence[Problem]], object]


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's parse, in a form cheap to send back from a worker process."""

    stamp: Stamp | None  # None when the file could not be stat'ed
    data: bytes | None  # the encoded Version ...
    problem: str | None  # ... or why there is none
    cacheable: bool  # False for problems that may go away by themselves (permissions …)
    fingerprint: bytes | None = None  # the encoded fingerprint of the Version's body


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
) -> bool:
    """Bring the cache up to date with the files; True when the list changed.

    For the app's background re-check after a warm start: when nothing
    changed it reads no file and decodes no cached version.
    """
    try:
        return _sync(list(paths), cache, progress, workers, None, want_result=False) is not None
    except sqlite3.DatabaseError as error:
        cache.notices.append(f"cache: could not be refreshed ({error})")
        return False


def _sync(
    paths: Sequence[str | os.PathLike[str]],
    cache: Cache,
    progress: Progress | None,
    workers: int | None,
    on_parsed: OnParsed | None,
    *,
    want_result: bool = True,
) -> LoadResult | None:
    files, problems = discover(paths)
    roots = [_storable(os.path.abspath(path)) for path in paths]
    real = [os.path.abspath(source.path) for source in files]
    # The cache's keys: a name's bytes that are not UTF-8 would not go into
    # SQLite as text; only the key changes, files are opened by their real path.
    absolute = [_storable(path) for path in real]
    stamps = [_stamp(path) for path in real]

    known = cache.file_stamps(roots)
    todo = [
        i for i, path in enumerate(absolute) if stamps[i] is None or known.get(path) != stamps[i]
    ]
    found = set(absolute)
    gone = [path for path in known if path not in found]
    if gone:
        cache.drop_files(gone)

    total = len(files)
    if progress is not None and total:
        progress(total - len(todo), total)
    fresh, fresh_prints, unstable = _parse_all(
        files, real, absolute, todo, cache, progress, workers, on_parsed
    )

    key = roots_key(paths)
    signature = _signature(key, files, absolute, stamps, unstable, problems)
    grouped_before = cache.signature_of(key) == signature
    if not want_result and not todo and grouped_before:
        return None

    versions: list[Version] = []
    prints: list[bytes | None] = []  # each version's encoded fingerprint, when known
    where: dict[int, str] = {}  # id(version) -> absolute path, to record each article's files
    cached: dict[str, FileRecord] = {}
    for i, source in enumerate(files):
        if i % READ_BATCH == 0:
            # Cached blobs are fetched a batch at a time and dropped once
            # decoded: at 100k files they would hold some 300 MB at once.
            batch = range(i, min(i + READ_BATCH, total))
            cached = cache.records([absolute[j] for j in batch if j not in fresh])
        result = fresh.pop(i, None)
        print_ = fresh_prints.pop(i, None)
        if result is None:
            record = cached.get(absolute[i])
            if record is None:  # another process dropped it meanwhile: parse it here
                record = _record(absolute[i], _parse(real[i], source.display))
            result = _decode(record.data, record.problem, source)
            print_ = record.fingerprint
        if isinstance(result, Problem):
            problems.append(result)
            continue
        versions.append(result)
        prints.append(print_)
        where[id(result)] = absolute[i]

    articles = _stored_grouping(cache, key, versions, where) if grouped_before else None
    if articles is None:
        articles = group(versions, _fingerprints(versions, prints))
        members = [[(where[id(v)], v.path) for v in article.versions] for article in articles]
        cache.save_collection(key, signature, articles, members, problems, total)
    else:
        cache.save_problems(key, problems, total)
    return LoadResult(tuple(articles), tuple(problems), total)


def _fingerprints(
    versions: Sequence[Version], encoded: Sequence[bytes | None]
) -> list[Fingerprint]:
    """Each version's fingerprint: as its worker made it, or made here for
    a version cached without one."""
    return [
        decode_fingerprint(blob) if blob is not None else fingerprint(version.paragraphs)
        for version, blob in zip(versions, encoded, strict=True)
    ]


def _stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _signature(
    key: str,
    files: Sequence[SourceFile],
    absolute: Sequence[str],
    stamps: Sequence[Stamp | None],
    unstable: set[int],
    problems: Sequence[Problem],
) -> str:
    """Changes whenever the grouping could: a file added, removed, renamed or
    changed, or one that could not be read. Computed from stamps alone, so an
    unchanged folder is recognised without decoding anything."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(key.encode())
    for problem in problems:  # from discovery: folders that could not be listed
        digest.update(f"\0{problem.path}\0{problem.reason}".encode())
    for i, source in enumerate(files):
        flag = i in unstable
        digest.update(f"\n{absolute[i]}\0{source.display}\0{stamps[i]}\0{flag}".encode())
    return digest.hexdigest()


def _stored_grouping(
    cache: Cache, key: str, versions: Sequence[Version], where: dict[int, str]
) -> list[Article] | None:
    """The articles as grouped last time, rebuilt from the cached versions."""
    groups = cache.stored_groups(key)
    if groups is None:
        return None
    by_path = {where[id(version)]: version for version in versions}
    try:
        articles = [make_article([by_path[path] for path in members]) for members in groups]
    except KeyError:
        return None  # not the same files after all (changed by another process)
    if sum(len(members) for members in groups) != len(versions):
        return None
    return articles


# -- parsing ---------------------------------------------------------------------


def _parse_all(
    files: Sequence[SourceFile],
    real: Sequence[str],
    absolute: Sequence[str],
    todo: Sequence[int],
    cache: Cache,
    progress: Progress | None,
    workers: int | None,
    on_parsed: OnParsed | None,
) -> tuple[dict[int, Version | Problem], dict[int, bytes], set[int]]:
    """Parse the files at `todo`, storing each full batch in the cache at once.

    Returns each file's Version or Problem, the encoded fingerprint of each
    Version, and the files whose problem may go away by itself (those are
    not cached).
    """
    fresh: dict[int, Version | Problem] = {}
    prints: dict[int, bytes] = {}
    unstable: set[int] = set()
    if not todo:
        return fresh, prints, unstable
    jobs = [(real[i], files[i].display) for i in todo]
    pending: list[FileRecord] = []
    shown: list[Version] = []
    shown_problems: list[Problem] = []
    last = time.monotonic()
    done = len(files) - len(todo)
    for i, parsed in zip(todo, _run(jobs, workers), strict=True):
        result = fresh[i] = _decode(parsed.data, parsed.problem, files[i])
        if parsed.fingerprint is not None:
            prints[i] = parsed.fingerprint
        if parsed.cacheable and parsed.stamp is not None:
            pending.append(_record(absolute[i], parsed))
        else:
            unstable.add(i)
        if len(pending) >= WRITE_BATCH:
            cache.put_files(pending)
            pending = []
        done += 1
        if progress is not None:
            progress(done, len(files))
        if on_parsed is not None:
            if isinstance(result, Problem):
                shown_problems.append(result)
            else:
                shown.append(result)
            if time.monotonic() - last >= BATCH_SECONDS or done == len(files):
                on_parsed(shown, shown_problems)
                shown, shown_problems, last = [], [], time.monotonic()
    if pending:
        cache.put_files(pending)
    return fresh, prints, unstable


def _decode(data: bytes | None, problem: str | None, source: SourceFile) -> Version | Problem:
    if data is None:
        return Problem(source.display, problem or "unreadable")
    return decode_version(data, source.display, source.path)


def _record(path: str, parsed: Parsed) -> FileRecord:
    size, mtime_ns = parsed.stamp or (-1, -1)
    return FileRecord(path, size, mtime_ns, parsed.problem, parsed.data, parsed.fingerprint)


def _run(jobs: list[tuple[str, str]], workers: int | None) -> Iterable[Parsed]:
    """Results in the order of `jobs`, from a process pool when it pays."""
    count = workers if workers is not None else available_cores()
    if count <= 1 or len(jobs) < POOL_MIN_FILES:
        return (_parse_job(job) for job in jobs)
    return _pooled(jobs, count)


def _pooled(jobs: list[tuple[str, str]], count: int) -> Iterable[Parsed]:
    # forkserver, not fork: the app calls this from a thread, and forking a
    # process that has threads can copy a lock held by one of them.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    given = 0
    try:
        with ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context(method),
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        ) as pool:
            for result in pool.map(_parse_job, jobs, chunksize=CHUNK):
                yield result
                given += 1
    except (BrokenProcessPool, OSError):
        # No pool here (a worker died, or could not start: e.g. a main module
        # that cannot be imported again, as from `python -`): parse the rest
        # in this process, slower but the same.
        yield from (_parse_job(job) for job in jobs[given:])


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


def _storable(path: str) -> str:
    """A path as text SQLite takes: stray bytes of a name become \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _parse_job(job: tuple[str, str]) -> Parsed:
    return _parse(*job)


def _parse(path: str, display: str) -> Parsed:
    """Stat, read, parse and fingerprint one file (runs in a worker process)."""
    stamp = _stamp(path)
    try:
        result = parse_file(SourceFile(Path(path), display))
        if isinstance(result, Problem):
            # A problem in the file's content stays until the file changes; one
            # in reaching it (permissions, a vanished file, a pipe) may not.
            return Parsed(stamp, None, result.reason, _readable(path))
        print_ = encode_fingerprint(fingerprint(result.paragraphs))
    except Exception as error:  # a loader bug: one Problem, not a failed load
        return Parsed(stamp, None, f"could not be parsed ({type(error).__name__})", False)
    return Parsed(stamp, encode_version(result), None, True, print_)


def _readable(path: str) -> bool:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb"):
            return True
    except OSError:
        return False


__all__ = ["available_cores", "load_cached", "refresh"]
