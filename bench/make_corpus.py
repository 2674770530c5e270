#!/usr/bin/env python3
"""Make a synthetic corpus of scraped news for the scale benchmark.

    python bench/make_corpus.py N DIR [--seed S] [--truth FILE]

Writes exactly N files into DIR (created; it must be empty or absent), the
same N files for the same seed; with --truth, FILE gets each file's story
number as JSON ({name: story}), which bench/grouping.py scores against.
Modelled on shared/seeds and the bench corpus (notes/scale.md describes
the measured generator it follows):

- publishers, each with its own page furniture: icon labels or a cookie
  banner above, "Most Read" / "More from …" lists of other stories' titles,
  `[[title]]` placeholders and copyright lines below;
- raw dumps in both styles: `innertext` (blocks separated by blank lines,
  the seed's style, 70%) and `lynx` (wrapped at 76 columns, indented three
  spaces, `[12]` link numbers, a References list, 30%);
- clean texts (` date YYYY-MM-DD <lead caption (credit)>`, then paragraphs);
- versions of one story: raw + clean, re-scrapes (a few words changed, a
  paragraph added or removed, the other raw style), edited clean texts;
- hard negatives: stories on one topic share background paragraphs word for
  word, and follow-ups reuse part of an earlier story;
- realistic lengths (raw dumps ~6-20 KB, clean ~3-15 KB), a few cp1252,
  BOM and CRLF files.

The words come from the sample articles in assets/ (so function words have
English frequencies, which the boilerplate detector relies on) plus made-up
words for a long tail: word salad, not English.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]
MONTHS += ["August", "September", "October", "November", "December"]
SECTIONS = ["News", "World", "Politics", "Business", "Sport", "Science", "Culture", "Local"]
PAPERS = ["Herald", "Post", "Times", "Courier", "Gazette", "Chronicle"]
AGENCIES = ["AP", "Reuters", "PA", "AFP", "Getty Images", "Pool"]
SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "va", "shi", "nel", "dru", "pa"]
SYLLABLES += ["bel", "cor", "ist", "an", "ov", "ul", "bra", "zen", "mor", "tia"]


@dataclass
class Words:
    """Words with Zipf-like weights: the samples' words, then a made-up tail."""

    words: list[str]
    cumulative: list[float]

    @classmethod
    def build(cls, rng: random.Random) -> Words:
        counts: Counter[str] = Counter()
        for path in sorted((REPO / "assets").glob("*.txt")):
            counts.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
        common = [word for word, _ in counts.most_common() if len(word) > 1 or word == "a"]
        tail = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(30_000)})
        words = common + tail
        weights = [1.0 / (rank + 2.7) for rank in range(len(words))]
        return cls(words, list(accumulate(weights)))

    def pick(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


@dataclass
class Publisher:
    name: str
    domain: str
    head: list[str]
    footer_kind: int


@dataclass
class Topic:
    names: list[str]
    background: list[str]  # paragraphs that stories on this topic share word for word


@dataclass
class Story:
    title: str
    byline: str
    published: date
    hour: int
    minute: int
    section: str
    publisher: Publisher
    captions: list[tuple[str, str]]  # text, credit
    paragraphs: list[str]
    versions: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = Words.build(self.rng)
        self.people = [self.name() for _ in range(3000)]
        self.publishers = [self.publisher(i) for i in range(24)]
        self.topics = [self.topic() for _ in range(800)]
        self.titles: list[str] = []  # recent titles, for other pages' "Most Read" lists
        self.earlier: list[Story] = []  # for follow-ups

    # -- text ---------------------------------------------------------------------

    def name(self) -> str:
        rng = self.rng
        first = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
        last = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
        return f"{first} {last}"

    def sentence(self, names: list[str]) -> str:
        rng = self.rng
        words = self.words.pick(rng, rng.randint(8, 26))
        if names and rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), rng.choice(names))
        if rng.random() < 0.15:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 9000)))
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if rng.random() < 0.1:
            return f"\u201c{text},\u201d {rng.choice(names or self.people)} said."
        return text + "."

    def paragraph(self, names: list[str]) -> str:
        return " ".join(self.sentence(names) for _ in range(self.rng.randint(3, 6)))

    def title(self, names: list[str]) -> str:
        words = self.words.pick(self.rng, self.rng.randint(5, 11))
        if names:
            words.insert(0, self.rng.choice(names))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def publisher(self, number: int) -> Publisher:
        rng = self.rng
        town = "".join(rng.choices(SYLLABLES, k=2)).capitalize()
        name = f"The {town} {rng.choice(PAPERS)}"
        if number % 2:
            icons = ["Calendar", "Email", "Facebook", "Profile", "Camera", "Clock", "Comment"]
            head = [
                " ".join(f"{icon} An icon of a {icon.lower()}." for icon in icons),
                "Search Menu Sign in Subscribe",
            ]
        else:
            head = [
                "We use cookies to improve your experience. By continuing you agree to our "
                "cookie policy. Accept all Manage preferences",
                f"{name} Subscribe Log in",
            ]
        domain = re.sub(r"\W", "", name.lower()) + ".example"
        return Publisher(name, domain, head, number % 3)

    def topic(self) -> Topic:
        names = [self.rng.choice(self.people) for _ in range(4)]
        return Topic(names, [self.paragraph(names) for _ in range(3)])

    def story(self) -> Story:
        rng = self.rng
        topic = rng.choice(self.topics)
        names = topic.names + [rng.choice(self.people) for _ in range(2)]
        count = max(3, int(rng.lognormvariate(2.6, 0.45)))  # p50 ~13 paragraphs
        paragraphs = [self.paragraph(names) for _ in range(count)]
        for shared in rng.sample(topic.background, rng.randint(0, 2)):
            paragraphs.insert(rng.randrange(1, len(paragraphs)), shared)
        if self.earlier and rng.random() < 0.04:  # a follow-up: a different article
            before = rng.choice(self.earlier[-200:])
            reused = rng.sample(before.paragraphs, max(1, len(before.paragraphs) // 3))
            paragraphs[1:1] = reused
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
        captions = [
            (self.sentence(names).rstrip("."), f"{rng.choice(self.people)}/{rng.choice(AGENCIES)}")
            for _ in range(rng.choice([0, 1, 1, 2, 3]))
        ]
        story = Story(
            title=self.title(names),
            byline=rng.choice(self.people),
            published=published,
            hour=rng.randrange(24),
            minute=rng.randrange(60),
            section=rng.choice(SECTIONS),
            publisher=rng.choice(self.publishers),
            captions=captions,
            paragraphs=paragraphs,
        )
        self.titles = [*self.titles[-300:], story.title]
        self.earlier = [*self.earlier[-300:], story]
        return story

    # -- versions -----------------------------------------------------------------

    def versions(self, story: Story) -> list[str]:
        """The files of one story: a raw dump, and often more."""
        rng = self.rng
        lynx = rng.random() < 0.3
        files = [self.raw(story, lynx)]
        roll = rng.random()
        if roll < 0.30:
            files.append(self.clean(story))
        elif roll < 0.38:
            files.append(self.raw(self.edited(story), not lynx))  # re-scrape
        elif roll < 0.43:
            files.append(self.clean(story))
            files.append(self.clean(self.edited(story)))
        return files

    def edited(self, story: Story) -> Story:
        """The story after an edit: words changed, a paragraph added or removed."""
        rng = self.rng
        paragraphs = list(story.paragraphs)
        index = rng.randrange(len(paragraphs))
        words = paragraphs[index].split()
        for _ in range(3):
            words[rng.randrange(len(words))] = self.words.pick(rng, 1)[0]
        paragraphs[index] = " ".join(words)
        if rng.random() < 0.5 and len(paragraphs) > 4:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        else:
            paragraphs.append(self.paragraph([]))
        return Story(**{**story.__dict__, "paragraphs": paragraphs})

    def dateline(self, story: Story) -> str:
        day = story.published
        form = self.rng.randrange(4)
        if form == 0:
            hour = story.hour % 12 or 12
            half = "am" if story.hour < 12 else "pm"
            return f"{MONTHS[day.month - 1]} {day.day}, {day.year}, {hour}:{story.minute:02} {half}"
        if form == 1:
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if form == 2:
            return f"Published {day.isoformat()}"
        return f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"

    def footer(self, story: Story) -> list[str]:
        rng = self.rng
        others = rng.sample(self.titles, min(5, len(self.titles)))
        kind = story.publisher.footer_kind
        if kind == 0:
            return ["Most Read", *[f"{n}\n{t}" for n, t in enumerate(others, 1)]]
        if kind == 1:
            return [f"More from {story.publisher.name}", *others, "[[title]]\n[[text]]"]
        return [
            "Sign up to our newsletter",
            "Already a subscriber? Sign in",
            f"\u00a9 {story.published.year} {story.publisher.name}. All rights reserved.",
        ]

    def raw(self, story: Story, lynx: bool) -> str:
        if lynx:
            return self.lynx(story)
        blocks = [*story.publisher.head, f"Home {story.publisher.name.split()[1]} {story.section}"]
        blocks += [story.title, f"By {story.byline}\n{self.dateline(story)}"]
        at = {self.rng.randrange(len(story.paragraphs)): c for c in story.captions}
        for index, paragraph in enumerate(story.paragraphs):
            if index in at:
                text, credit = at[index]
                blocks.append(f"{text}\n{text} ({credit})")
            blocks.append(paragraph)
        blocks += self.footer(story)
        return "\n\n".join(blocks) + "\n"

    def lynx(self, story: Story) -> str:
        links: list[str] = []

        def link(text: str) -> str:
            links.append(f"https://{story.publisher.domain}/{len(links)}")
            return f"[{len(links)}]{text}"

        def wrap(text: str) -> str:
            return textwrap.fill(text, 76, initial_indent="   ", subsequent_indent="   ")

        lines = [f"     * {link(s)}" for s in ["Home", *SECTIONS[:5]]]
        lines += ["", wrap(f"{link(story.publisher.name)}"), "", link(story.section), ""]
        lines += [story.title, ""]
        for text, credit in story.captions[:1]:
            lines += [wrap(f"[{text}]"), wrap(f"{text} ({credit})")]
        lines += [wrap(f"By {link(story.byline)} | {story.publisher.name}")]
        lines += [wrap(self.dateline(story)), ""]
        for paragraph in story.paragraphs:
            lines += [wrap(paragraph), ""]
        lines += ["Most Read", ""]
        lines += [f"     {n}. {link(t)}" for n, t in enumerate(self.titles[-5:], 1)]
        lines += ["", "References", ""]
        lines += [f"  {n:3}. {url}" for n, url in enumerate(links, 1)]
        return "\n".join(lines) + "\n"

    def clean(self, story: Story) -> str:
        head = f" date {story.published.isoformat()}"
        if story.captions:
            text, credit = story.captions[0]
            head += f" {text} ({credit})"
        return head + "\n\n" + "\n\n".join(story.paragraphs) + "\n"

    def encode(self, text: str) -> bytes:
        roll = self.rng.random()
        if roll < 0.02:
            return text.replace("\u201c", '"').replace("\u201d", '"').encode("cp1252", "replace")
        if roll < 0.03:
            return b"\xef\xbb\xbf" + text.encode()
        if roll < 0.04:
            return text.replace("\n", "\r\n").encode()
        return text.encode()


def make_corpus(count: int, folder: Path, seed: int) -> dict[str, int]:
    """Write the corpus; each file's name and the number of its story."""
    generator = Generator(seed)
    stories: dict[str, int] = {}
    numbers = list(range(count))
    random.Random(seed + 1).shuffle(numbers)  # file names say nothing about the story
    written = 0
    width = max(6, len(str(count)))
    story = 0
    while written < count:
        for text in generator.versions(generator.story())[: count - written]:
            data = generator.encode(text)
            digest = hashlib.sha256(data).hexdigest()[:16]
            name = f"{numbers[written]:0{width}}_{digest}.txt"
            (folder / name).write_bytes(data)
            stories[name] = story
            written += 1
        story += 1
    return stories


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", type=Path, help="write each file's story number here (JSON)")
    options = parser.parse_args()
    folder: Path = options.folder
    if folder.exists() and any(folder.iterdir()):
        print(f"make_corpus: {folder} is not empty", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    stories = make_corpus(options.count, folder, options.seed)
    if options.truth is not None:
        options.truth.write_text(json.dumps(stories, indent=0, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
