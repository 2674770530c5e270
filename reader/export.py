"""`reader export`: articles as JSON Lines (the contract is shared/EXPORT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import IO, Any

from reader.load import load
from reader.model import Article, Caption, LoadResult, Version
from reader.text import visible_controls

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2


def iso(value: date | datetime | None) -> str | None:
    """As precise as the source said: a day, or a day and a minute."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def captions_json(captions: tuple[Caption, ...]) -> list[dict[str, str | None]]:
    return [{"text": c.text, "credit": c.credit} for c in captions]


def version_json(version: Version) -> dict[str, Any]:
    return {
        "path": version.path,
        "kind": str(version.kind),
        "title": version.title,
        "published": iso(version.published),
        "captions": captions_json(version.captions),
        "paragraphs": list(version.paragraphs),
    }


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "byline": article.byline,
        "publisher": article.publisher,
        "section": article.section,
        "published": iso(article.published),
        "captions": captions_json(article.captions),
        "paragraphs": list(article.paragraphs),
        "word_count": article.word_count,
        "versions": [version_json(v) for v in article.versions],
    }


def write_jsonl(articles: tuple[Article, ...], out: IO[str]) -> None:
    for article in articles:
        out.write(json.dumps(article_json(article), ensure_ascii=False))
        out.write("\n")


def run_export(options: argparse.Namespace) -> int:
    if not options.paths:
        print("reader export: give at least one file or folder", file=sys.stderr)
        return EXIT_FAILED
    result = _load(options)
    for problem in result.problems:
        print(f"{visible_controls(problem.path)}: {problem.reason}", file=sys.stderr)
    try:
        if options.output:
            with open(options.output, "w", encoding="utf-8") as out:
                write_jsonl(result.articles, out)
        else:
            write_jsonl(result.articles, sys.stdout)
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output stopped early (`| head`): not an error.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        target = options.output or "standard output"
        print(f"reader export: cannot write {target}: {error.strerror}", file=sys.stderr)
        return EXIT_FAILED
    if not result.articles:
        return EXIT_FAILED
    return EXIT_SKIPPED if result.problems else EXIT_OK


def _load(options: argparse.Namespace) -> LoadResult:
    """Through the cache unless told not to: the same result, faster the second time."""
    if getattr(options, "no_cache", False):
        return load(options.paths)
    from reader.load.cached import load_cached
    from reader.store import Cache, store_dirs

    cache = Cache(store_dirs().cache)
    try:
        result = load_cached(options.paths, cache)
    finally:
        cache.close()
    for notice in cache.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return result
