"""Loading in a worker thread: versions arrive in time-batches, then the groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from time import monotonic

from textual.message import Message

from reader.app.messages import LoadFinished, LoadStarted, StoreNotices, VersionsParsed
from reader.load import discover, group, parse_file
from reader.model import Article, Problem, Version

BATCH_SECONDS = 0.1


def provisional(version: Version) -> Article:
    """A one-version article standing in the list until grouping is done."""
    return Article(
        id=f"file:{version.path}",
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
) -> None:
    """Discover, parse and group; everything reaches the app through `post`.

    With `cache_dir`, through the store's cache (its own connection, opened
    in this thread): unchanged files are not read again. Without it, or if
    the cache fails in a way the cached loader does not handle itself, the
    files are read as before.

    No exception escapes: a file whose parsing fails becomes a Problem, so the
    user sees a reason in the problems panel, never a traceback.
    """
    if cache_dir is not None:
        try:
            _load_cached(paths, post, cancelled, cache_dir)
            return
        except _Cancelled:
            return
        except Exception as error:  # the cache's own bug must not cost the user the folder
            if cancelled():
                return
            post(StoreNotices([f"cache: not used this time ({type(error).__name__})"]))
    _load_uncached(paths, post, cancelled)


def _load_cached(
    paths: Sequence[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
    cache_dir: Path,
) -> None:
    """The same messages as `_load_uncached`, from `load_cached`."""
    from reader.load.cached import load_cached
    from reader.store import Cache

    cache = Cache(cache_dir)
    try:
        done, total, started = 0, 0, False

        def progress(now: int, of: int) -> None:
            nonlocal done, total, started
            if cancelled():
                raise _Cancelled
            done, total = now, of
            if not started:
                started = True
                post(LoadStarted(of, []))
                if now:  # files unchanged since last time: already done
                    post(VersionsParsed([], [], now, of))

        def on_parsed(versions: Sequence[Version], problems: Sequence[Problem]) -> None:
            if cancelled():
                raise _Cancelled
            post(VersionsParsed(list(versions), list(problems), done, total))

        result = load_cached(paths, cache, progress=progress, on_parsed=on_parsed)
        if cancelled():
            return
        notices = list(cache.notices)
    finally:
        cache.close()
    if not started:
        post(LoadStarted(result.files_seen, []))
    if notices:
        post(StoreNotices(notices))
    post(LoadFinished(list(result.articles), list(result.problems), result.files_seen))


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
            post(VersionsParsed(batch, batch_problems, done, len(files)))
            versions.extend(batch)
            problems.extend(batch_problems)
            batch, batch_problems, last = [], [], now
    try:
        articles = group(versions)
    except Exception as error:
        problems.append(Problem("(grouping)", f"versions left ungrouped ({type(error).__name__})"))
        articles = [provisional(version) for version in versions]
    post(LoadFinished(list(articles), problems, len(files)))
