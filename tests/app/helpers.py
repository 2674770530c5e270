"""Helpers for the app tests: articles built inline, and what a widget shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from reader.model import Article, Caption, Kind, Version


def shown(widget: Widget) -> str:
    """The text of every line the widget currently draws."""
    height = widget.scrollable_content_region.height
    return "\n".join(widget.render_line(y).text for y in range(height))


def make_version(
    path: str,
    *,
    source: Path | None = None,
    kind: Kind = Kind.CLEAN,
    title: str | None = None,
    byline: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    paragraphs: tuple[str, ...] = (),
    captions: tuple[Caption, ...] = (),
) -> Version:
    return Version(
        path=path,
        source=source or Path("/nonexistent") / path,
        kind=kind,
        title=title,
        byline=byline,
        publisher=publisher,
        published=published,
        paragraphs=paragraphs,
        captions=captions,
    )


def make_article(article_id: str, *versions: Version) -> Article:
    best = versions[-1]
    return Article(
        id=article_id,
        versions=versions,
        title=best.title,
        byline=best.byline,
        publisher=best.publisher,
        published=best.published,
        captions=best.captions,
        paragraphs=best.paragraphs,
    )


def filler(words: int, seed: str = "word") -> str:
    return " ".join(f"{seed}{n % 97}" for n in range(words))


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(3000):  # 30 s at most
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("waited 30 s in vain")
