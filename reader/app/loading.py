"""Loading in a worker thread: versions arrive in time-batches, then the groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from textual.message import Message

from reader.app.messages import (
    FilesChecked,
    LoadFinished,
    LoadStarted,
    SearchIndexed,
    StoreNotices,
    VersionsParsed,
)
from reader.load import discover, group, parse_file
from reader.model import Article, Pending, Problem, Version, pending_id

if TYPE_CHECKING:
    from reader.app.scan_ahead import ScanAhead
    from reader.store import Cache, Snapshot

BATCH_SECONDS = 0.1
FIRST_ROWS = 200  # a warm start shows this many rows of the cached list first


def provisional(version: Version) -> Article:
    """A one-version article standing in the list until grouping is done."""
    return Article(
        id=pending_id(version.path),
        versions=(version,),
        title=version.title,
        byline=version.byline,
        publisher=version.publisher,
        section=version.section,
        published=version.published,
        captions=version.captions,
        paragraphs=version.paragraphs,
    )


class _Cancelled(Exception):
    """Raised from the loader's callbacks to stop a load nobody waits for."""


def load_in_batches(
    paths: Sequence[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
    cache_dir: Path | None = None,
    ahead: ScanAhead | None = None,
) -> None:
    """Discover, parse and group; everything reaches the app through `post`.

    With `cache_dir`, through the store's cache (its own connection, opened
    in this thread): unchanged files are not read again. Without it, or if
    the cache fails in a way the cached loader does not handle itself, the
    files are read as before. `ahead`: the check for changed files, begun in
    a child process at start-up (a warm start takes its answer).

    No exception escapes: a file whose parsing fails becomes a Problem, so the
    user sees a reason in the problems panel, never a traceback.
    """
    try:
        if cache_dir is not None:
            try:
                _load_cached(paths, post, cancelled, cache_dir, ahead)
                return
            except _Cancelled:
                return
            except Exception as error:  # the cache's own bug must not cost the user the folder
                if cancelled():
                    return
                post(StoreNotices([f"cache: not used this time ({type(error).__name__})"]))
        _load_uncached(paths, post, cancelled)
    finally:
        if ahead is not None:
            ahead.close()


def _load_cached(
    paths: Sequence[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
    cache_dir: Path,
    ahead: ScanAhead | None,
) -> None:
    """The same messages as `_load_uncached`, from the cache.

    A folder seen before shows at once as the cache's headers, then its files
    are checked for changes and the list is sent again only if they changed.
    A new folder fills the list with provisional rows as its files are
    parsed, then its headers replace them. Either way the list ends as
    headers: the bodies stay in the cache, not in memory. Last, the search
    index is built (in batches, so a quit or a new load stops it at once).
    """
    from reader.store import Cache

    cache = Cache(cache_dir)
    try:
        progress = _Progress(post, cancelled)
        first = cache.snapshot(paths, limit=FIRST_ROWS) if cache.path is not None else None
        if first is not None and len(first.headers) == FIRST_ROWS:
            # A screenful at once (ms); all 100k headers take ~0.5 s more.
            post(LoadFinished(list(first.headers), [], first.files_seen, checking=True))
        snapshot = cache.snapshot(paths) if first is not None else None
        if snapshot is not None:
            _warm(paths, cache, snapshot, progress, ahead)
        else:
            if ahead is not None:
                ahead.close()  # its answer is for a folder seen before
            _cold(paths, cache, progress)
        if cache.path is not None and not cancelled():
            cache.update_index(
                progress=lambda done, total: post(SearchIndexed(done, total)),
                cancelled=cancelled,
            )
    finally:
        cache.close()


def _warm(
    paths: Sequence[str],
    cache: Cache,
    snapshot: Snapshot,
    progress: _Progress,
    ahead: ScanAhead | None,
) -> None:
    from reader.load.cached import refresh

    post = progress.post
    post(
        LoadFinished(
            list(snapshot.headers), list(snapshot.problems), snapshot.files_seen, checking=True
        )
    )
    progress.quiet = True  # unchanged files are not news; changed ones are
    # No rows for the files parsed now: a changed one would stand in the list
    # twice (its old header too) until the new list comes.
    scanned = ahead.result() if ahead is not None else None
    changed = refresh(paths, cache, progress, scanned=scanned)
    _post_notices(post, cache.notices)
    fresh = cache.snapshot(paths) if changed else None
    if fresh is None:
        post(FilesChecked())
    else:
        post(LoadFinished(list(fresh.headers), list(fresh.problems), fresh.files_seen))


def _cold(paths: Sequence[str], cache: Cache, progress: _Progress) -> None:
    from reader.load.cached import load_cached, refresh

    post = progress.post
    # Headers need the UI to read the same file: a cache in memory (a
    # read-only folder) is this thread's alone.
    fresh = None
    if cache.path is not None:
        refresh(paths, cache, progress, on_parsed=progress.parsed)
        fresh = cache.snapshot(paths) if cache.path is not None else None
    if progress.cancelled():
        return
    if fresh is not None:
        if not progress.started:
            post(LoadStarted(fresh.files_seen, []))
        _post_notices(post, cache.notices)
        renames = {pending_id(path): article for path, article in cache.article_files(paths)}
        post(LoadFinished(list(fresh.headers), list(fresh.problems), fresh.files_seen, renames))
        return
    # No cache on disk, or it failed on the way: whole articles, kept here.
    shown = progress.started  # its rows are in the list already
    result = load_cached(
        paths, cache, progress=progress, on_parsed=None if shown else progress.parsed
    )
    if not progress.started:
        post(LoadStarted(result.files_seen, []))
    _post_notices(post, cache.notices)
    renames = _renames(result.articles)
    post(LoadFinished(result.articles, list(result.problems), result.files_seen, renames))


class _Progress:
    """The loader's callbacks, as messages: progress and time-batches of parsed files."""

    def __init__(self, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
        self.post = post
        self.cancelled = cancelled
        self.done = self.total = 0
        self.started = False
        self.quiet = False  # until a file needs parsing
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self.cancelled():
            raise _Cancelled
        self.done, self.total = done, total
        if self.quiet and done < total:
            self.quiet = False
        if self.quiet:
            return
        if not self.started:
            self.started = True
            self.post(LoadStarted(total, []))
            if done:  # files unchanged since last time: already done
                self.post(VersionsParsed([], [], done, total))
        elif monotonic() - self.last >= BATCH_SECONDS or done == total:
            self.last = monotonic()
            self.post(VersionsParsed([], [], done, total))

    def parsed(self, rows: Sequence[Pending], problems: Sequence[Problem]) -> None:
        if self.cancelled():
            raise _Cancelled
        self.last = monotonic()
        self.post(VersionsParsed(list(rows), list(problems), self.done, self.total))


def _post_notices(post: Callable[[Message], object], notices: list[str]) -> None:
    if notices:
        post(StoreNotices(list(notices)))
        notices.clear()


def _renames(articles: Sequence[Article]) -> dict[str, str]:
    """Each provisional row's id -> the id of the article its file joined."""
    return {pending_id(v.path): a.id for a in articles for v in a.versions}


def _load_uncached(
    paths: Sequence[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> None:
    try:
        files, problems = discover(paths)
    except Exception as error:  # the loader's own bug must not kill the app
        post(LoadFinished([], [Problem(", ".join(paths), f"could not list: {error}")], 0))
        return
    post(LoadStarted(len(files), list(problems)))
    versions: list[Version] = []
    batch: list[Version] = []
    batch_problems: list[Problem] = []
    last = monotonic()
    for done, source in enumerate(files, 1):
        if cancelled():
            return
        try:
            result = parse_file(source)
        except Exception as error:
            result = Problem(source.display, f"could not be parsed ({type(error).__name__})")
        if isinstance(result, Problem):
            batch_problems.append(result)
        else:
            batch.append(result)
        now = monotonic()
        if now - last >= BATCH_SECONDS or done == len(files):
            post(VersionsParsed([provisional(v) for v in batch], batch_problems, done, len(files)))
            versions.extend(batch)
            problems.extend(batch_problems)
            batch, batch_problems, last = [], [], now
    try:
        articles = group(versions)
    except Exception as error:
        problems.append(Problem("(grouping)", f"versions left ungrouped ({type(error).__name__})"))
        articles = [provisional(version) for version in versions]
    post(LoadFinished(articles, problems, len(files), _renames(articles)))
