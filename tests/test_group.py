"""Grouping the versions of one story into articles, and keeping stories apart."""

from __future__ import annotations

import os
import random
import string
from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.load.group import fingerprint, group, make_article
from reader.model import Article, Caption, Kind, Version

BACKGROUND = (
    "Storm Ingrid brought gusts of more than ninety miles an hour to the west coast on "
    "Sunday night, bringing down trees and power lines and leaving some twelve thousand "
    "homes without electricity until Monday afternoon."
)

COUNCIL = (
    "The council has set aside two million pounds to repair the sea wall at Westhaven, "
    "which was breached in three places during the weekend's storm.",
    "Council leader Margaret Doyle said the work would begin within a fortnight and "
    "should be finished before the spring tides arrive in March.",
    BACKGROUND,
    "Residents of the seafront terraces, whose cellars flooded for the second time in "
    "five years, said they had warned the council about the state of the wall last summer.",
    "An engineer's report presented to councillors on Tuesday found that the concrete "
    "had been weakened by decades of salt water and was cracked along much of its length.",
    "The repairs will be paid for from reserves, and the council will ask the government "
    "to cover part of the cost under its emergency flood scheme.",
    "Opposition councillors welcomed the money but asked why the wall had not been "
    "inspected since 2016, and called for a review of all coastal defences in the county.",
    "Ms Doyle said a full inspection of the coast would be carried out next year and that "
    "the results would be published on the council's website.",
)

FERRIES = (
    "Ferry services to the islands were cancelled for a third day on Tuesday as the "
    "operator waited for the swell in the sound to die down.",
    BACKGROUND,
    "Island shops said they were running short of fresh milk and bread, and the health "
    "board arranged a helicopter to carry medicines to the surgery on the largest island.",
    "The operator said it hoped to run a reduced timetable from Wednesday morning, with "
    "priority given to lorries carrying food and fuel.",
)

CHANGED = (
    COUNCIL[0],
    COUNCIL[1].replace("within a fortnight", "next month"),  # changed
    COUNCIL[2],
    COUNCIL[3],
    # COUNCIL[4] removed
    COUNCIL[5],
    "A spokesman for the Environment Agency said it would send its own engineers to "
    "inspect the breach before the work begins.",  # added
    COUNCIL[6],
    COUNCIL[7],
)


def version(
    name: str,
    paragraphs: tuple[str, ...],
    kind: Kind = Kind.CLEAN,
    mtime: float = 0.0,
    **fields: object,
) -> Version:
    return Version(
        path=name,
        source=Path(name),
        kind=kind,
        paragraphs=paragraphs,
        mtime=mtime,
        **fields,  # type: ignore[arg-type]
    )


def partition(articles: list[Article]) -> set[frozenset[str]]:
    return {frozenset(v.path for v in article.versions) for article in articles}


def test_edited_rescrape_is_the_same_article() -> None:
    articles = group([version("before.txt", COUNCIL), version("after.txt", CHANGED)])
    assert partition(articles) == {frozenset({"before.txt", "after.txt"})}


def test_edited_short_story_is_the_same_article() -> None:
    added = (
        "The coastguard said a yacht had been blown onto rocks near the harbour mouth "
        "but its crew of three were rescued unhurt."
    )
    edited = (FERRIES[0].replace("third day", "fourth day"), FERRIES[1], added, FERRIES[3])
    articles = group([version("before.txt", FERRIES), version("after.txt", edited)])
    assert partition(articles) == {frozenset({"before.txt", "after.txt"})}


def test_raw_dump_and_clean_text_are_one_article() -> None:
    raw = version("page.txt", COUNCIL, Kind.RAW, title="Sea wall to be repaired")
    clean = version("story.txt", COUNCIL, Kind.CLEAN)
    [article] = group([raw, clean])
    assert {v.path for v in article.versions} == {"page.txt", "story.txt"}
    assert article.title == "Sea wall to be repaired"


def test_stories_sharing_a_background_paragraph_stay_apart() -> None:
    articles = group([version("council.txt", COUNCIL), version("ferries.txt", FERRIES)])
    assert partition(articles) == {frozenset({"council.txt"}), frozenset({"ferries.txt"})}


def test_every_version_grouped_with_its_own_story() -> None:
    versions = [
        version("council-1.txt", COUNCIL, Kind.RAW),
        version("ferries-1.txt", FERRIES, Kind.RAW),
        version("council-2.txt", CHANGED),
        version("ferries-2.txt", FERRIES),
        version("council-3.txt", COUNCIL),
    ]
    expected = {
        frozenset({"council-1.txt", "council-2.txt", "council-3.txt"}),
        frozenset({"ferries-1.txt", "ferries-2.txt"}),
    }
    assert partition(group(versions)) == expected
    shuffled = versions[:]
    random.Random(7).shuffle(shuffled)
    assert partition(group(shuffled)) == expected


def test_versions_oldest_first() -> None:
    articles = group(
        [version("b.txt", COUNCIL, mtime=200.0), version("a.txt", CHANGED, mtime=100.0)]
    )
    assert [v.path for v in articles[0].versions] == ["a.txt", "b.txt"]


def test_article_fields_best_of_versions() -> None:
    raw = version(
        "page.txt",
        COUNCIL,
        Kind.RAW,
        title="Sea wall to be repaired",
        byline="Jane Smith",
        published=datetime(2021, 3, 3, 9, 15),
        captions=(Caption("The breach", "Jane Smith/AP"), Caption("The seafront", None)),
    )
    clean = version(
        "story.txt",
        CHANGED,
        Kind.CLEAN,
        published=date(2021, 3, 3),
        captions=(Caption("The breach", "Jane Smith/AP"),),
    )
    article = make_article([raw, clean])
    assert article.title == "Sea wall to be repaired"
    assert article.byline == "Jane Smith"
    assert article.published == datetime(2021, 3, 3, 9, 15)
    assert len(article.captions) == 2
    assert article.paragraphs == CHANGED  # the clean text's body
    assert article.word_count == sum(len(p.split()) for p in CHANGED)


def test_article_id_stable() -> None:
    first = group([version("council.txt", COUNCIL), version("ferries.txt", FERRIES)])
    second = group([version("ferries.txt", FERRIES), version("council.txt", COUNCIL)])
    assert sorted(a.id for a in first) == sorted(a.id for a in second)
    assert len({a.id for a in first}) == 2


def test_a_name_with_stray_bytes_still_groups() -> None:
    # os.fsdecode gives a name's bytes that are not UTF-8 as lone surrogates
    # (found by bench/fuzz.py): the id must not depend on encoding them strictly.
    name = os.fsdecode(b"bad-\xff\xfe.txt")
    pair = [version(name, COUNCIL), version("council.clean.txt", COUNCIL)]
    articles = group(pair)
    assert len(articles) == 1
    assert articles[0].id == group(pair)[0].id


def test_fingerprint_ignores_case_and_paragraph_breaks() -> None:
    assert fingerprint(COUNCIL) == fingerprint(tuple(p.upper() for p in COUNCIL))
    assert fingerprint(COUNCIL) == fingerprint((" ".join(COUNCIL),))
    assert fingerprint(COUNCIL) != fingerprint(FERRIES)


def test_short_brief_and_its_copy_are_one_article() -> None:
    # A one-sentence news brief, scraped twice. Its fingerprint must not be
    # empty, or two copies of the same text are never grouped.
    brief = ("The harbour board has approved a budget of four million pounds for next year.",)
    articles = group([version("brief-1.txt", brief, Kind.RAW), version("brief-2.txt", brief)])
    assert partition(articles) == {frozenset({"brief-1.txt", "brief-2.txt"})}


def test_empty_input() -> None:
    assert group([]) == []


# ---------------------------------------------------------------- property


def random_body(seed: int, min_words: int = 8) -> tuple[str, ...]:
    """A body of random words: no two seeds give the same story."""
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(rng.randint(1, 8)):
        words = [
            "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10)))
            for _ in range(rng.randint(min_words, 60))
        ]
        paragraphs.append(" ".join(words).capitalize() + ".")
    return tuple(paragraphs)


@settings(max_examples=60, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 2**32 - 1), unique=True, max_size=40),
    kinds=st.lists(st.sampled_from(list(Kind)), min_size=40, max_size=40),
)
def test_distinct_bodies_stay_distinct_articles(seeds: list[int], kinds: list[Kind]) -> None:
    versions = [
        version(f"{i:03}.txt", random_body(seed), kinds[i], mtime=float(seed % 1000))
        for i, seed in enumerate(seeds)
    ]
    articles = group(versions)
    assert len(articles) == len(versions)
    paths = [v.path for article in articles for v in article.versions]
    assert sorted(paths) == sorted(v.path for v in versions)
    assert len({a.id for a in articles}) == len(articles)


@settings(max_examples=40, deadline=None)
@given(seeds=st.lists(st.integers(0, 2**32 - 1), unique=True, min_size=1, max_size=20))
def test_copies_join_their_own_story(seeds: list[int]) -> None:
    versions = []
    for i, seed in enumerate(seeds):
        body = random_body(seed, min_words=60)  # short bodies: see the test above
        versions.append(version(f"{i:03}-raw.txt", body, Kind.RAW))
        versions.append(version(f"{i:03}-clean.txt", body, Kind.CLEAN))
    articles = group(versions)
    assert len(articles) == len(seeds)
    for article in articles:
        prefixes = {v.path[:3] for v in article.versions}
        assert len(prefixes) == 1
        assert len(article.versions) == 2
