"""The loader: source files in, articles out.

    discover ─► read ─► parse (raw or clean) ─► group

`load()` is the one entry the app and the command line call; the steps are
public too, so the app can show progress and fill its list as files arrive.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.load.files import SourceFile, SourceText, discover, read
from reader.load.group import group
from reader.model import LoadResult, Problem, Version

if TYPE_CHECKING:
    from reader.load.formats import parse_text

__all__ = ["SourceFile", "discover", "group", "load", "parse_file", "parse_text", "read"]

Progress = Callable[[int, int], None]


def parse_file(source: SourceFile) -> Version | Problem:
    """Read one file and normalise it; a Problem when it holds no article."""
    text = read(source)
    if isinstance(text, Problem):
        return text
    return parse_source(text)


def parse_source(text: SourceText) -> Version | Problem:
    # The parsers are imported with the first file parsed, not with the
    # package: the app's warm start needs none of them (~75 ms of imports).
    from reader.load.formats import parse_text

    version = parse_text(
        text.text,
        path=text.file.display,
        source=Path(text.file.path),
        mtime=text.mtime,
        size=text.size,
    )
    if not version.paragraphs and not version.title:
        return Problem(text.file.display, "no article text found")
    return version


def __getattr__(name: str) -> object:
    """`reader.load.parse_text`, imported when first asked for (see parse_source)."""
    if name == "parse_text":
        from reader.load.formats import parse_text

        return parse_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None) -> LoadResult:
    """Every article under `paths`, and a Problem for each file that has none."""
    files, problems = discover(paths)
    versions: list[Version] = []
    for done, source in enumerate(files, 1):
        result = parse_file(source)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            versions.append(result)
        if progress is not None:
            progress(done, len(files))
    return LoadResult(tuple(group(versions)), tuple(problems), len(files))
