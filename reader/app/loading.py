"""Loading in a worker thread: versions arrive in time-batches, then the groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from time import monotonic

from textual.message import Message

from reader.app.messages import LoadFinished, LoadStarted, VersionsParsed
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


def load_in_batches(
    paths: Sequence[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> None:
    """Discover, parse and group; everything reaches the app through `post`.

    No exception escapes: a file whose parsing fails becomes a Problem, so the
    user sees a reason in the problems panel, never a traceback.
    """
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
