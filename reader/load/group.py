"""Grouping versions of one story into articles (placeholder: one article each)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reader.model import Article, Version


def group(versions: Sequence[Version]) -> list[Article]:
    return [
        Article(
            id=hashlib.sha256(v.path.encode()).hexdigest()[:16],
            versions=(v,),
            title=v.title,
            byline=v.byline,
            publisher=v.publisher,
            section=v.section,
            published=v.published,
            captions=v.captions,
            paragraphs=v.paragraphs,
        )
        for v in versions
    ]
