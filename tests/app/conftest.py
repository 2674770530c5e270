"""Shared fixtures for the app tests: small articles built inline, no loader involved."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

# Set before Textual is imported anywhere: no animation, so a key's effect is
# complete once the app is idle.
os.environ["TEXTUAL_ANIMATIONS"] = "none"

import pytest

from reader.model import Article, Caption, Kind
from tests.app.helpers import filler, make_article, make_version


@pytest.fixture
def articles(tmp_path: Path) -> list[Article]:
    """Four stories: one with two versions and captions, one with markup-like text."""
    storm_old = tmp_path / "storm.raw.txt"
    storm_old.write_text("Storm hits coast\nraw dump \x1b[31mred\x1b[0m text\n", encoding="utf-8")
    storm_new = tmp_path / "storm.clean.txt"
    storm_new.write_text(" date 2026-02-10 Storm hits coast\n", encoding="utf-8")
    storm_paragraphs = tuple(
        f"Paragraph {n} about the storm and the harbour wall. {filler(40, 'gale')}"
        for n in range(12)
    )
    storm = make_article(
        "storm",
        make_version(
            "storm.raw.txt",
            source=storm_old,
            kind=Kind.RAW,
            title="Storm hits coast (first draft)",
            published=date(2026, 2, 10),
            paragraphs=storm_paragraphs[:6],
        ),
        make_version(
            "storm.clean.txt",
            source=storm_new,
            title="Storm hits coast",
            byline="By Ann Reporter",
            publisher="Westmoor Herald",
            published=date(2026, 2, 10),
            paragraphs=storm_paragraphs,
            captions=(
                Caption("Waves over the sea wall", "Photo: Jo Lens", position=1),
                Caption("The closed bridge at dusk", "Image: Herald", position=10),
            ),
        ),
    )
    budget = make_article(
        "budget",
        make_version(
            "budget.clean.txt",
            title="Council sets harbour budget",
            byline="By Sam Clerk",
            publisher="Harbour Gazette",
            published=date(2026, 6, 18),
            paragraphs=("The council agreed a budget of £4m for the harbour.", "More next week."),
        ),
    )
    markup = make_article(
        "markup",
        make_version(
            "markup.clean.txt",
            title="Prices [bold]rise[/] and *stars* fall",
            byline="By [red]Nobody[/red]",
            publisher="Zeta News",
            published=date(2025, 1, 5),
            paragraphs=(
                "# Not a heading, and [link](http://example.com) is not a link.",
                "Escape \x1b[2J here and [/] there and <b>html</b> too.",
                "1. not a list",
            ),
        ),
    )
    wide = make_article(
        "wide",
        make_version(
            "wide.clean.txt",
            title="日本語の見出しはとても長いのでここで切られるはずです 😀😀😀 and more",
            publisher="東京新聞",
            published=date(2024, 3, 3),
            paragraphs=("本文です。",),
        ),
    )
    return [storm, budget, markup, wide]
