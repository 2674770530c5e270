"""Grouping versions of one story into articles.

Versions are compared by their normalised bodies, never by the raw files
(boilerplate would drown the signal). Each body becomes a set of hashed word
5-shingles; the bodies that share a sample of them (about one in eight) are
found by sorting every (shingle, body) pair, so the work grows with the
number of shingles, not with the square of the number of files. Two versions
are one story when the shingles they share cover most of the shorter one
(containment), which pairs a raw dump with its clean text and survives an
edited paragraph, while two stories on one event share far less.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from itertools import combinations, compress, islice, repeat
from operator import eq, not_, rshift

from reader.model import Article, Caption, Kind, Version

SHINGLE = 5  # words per shingle
ANCHOR = 5  # characters: a shingle is sampled when its first word is this long
CJK_SAMPLE = 8  # ... or, in CJK text, when its first character's hash is 0 modulo this
CJK_PROBE = 1000  # characters: a body is CJK text when its opening holds some
_CJK_MASK = CJK_SAMPLE - 1
DENSE_BELOW = 150  # words: a shorter body keeps every shingle, not a sample
MAX_WORDS = 2000  # enough of a body to know it again; bounds the work on long ones ...
MAX_CHARS = 6 * MAX_WORDS  # ... or, in text with spaces, about as many characters
MAX_POSTINGS = 10  # a shingle in more bodies than this is boilerplate or a stock phrase
MIN_SHARED = 3  # sampled shingles two versions must share ...
MIN_CONTAINMENT = 0.5  # ... covering at least this share of the shorter one
BUCKET_BITS = 6  # (shingle, body) keys are sorted in 2**6 parts, by the shingle's top bits

# Shingle hashes are crc32 values: kept four bytes each, not as Python ints.
HASH_CODE = next(code for code in "IL" if array(code).itemsize == 4)

_CJK_RANGES = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_RANGES}]")
_CJK_TOKEN = re.compile(f"[{_CJK_RANGES}]|[^\\s{_CJK_RANGES}]+")
# A shingle is SHINGLE words after a space, in a text of single spaces that
# starts with one; a lookahead, so that shingles may overlap. Literal spaces
# and [^ ] cost the regex engine a third less than \s and \S. The text is
# UTF-8 bytes: the shingles found are what crc32 hashes, with no encoding.
_NEXT_WORDS = rb" [^ ]+" * (SHINGLE - 1)
_SAMPLED = re.compile(rb" (?=([^ ]{%d}%s))" % (ANCHOR, _NEXT_WORDS))
_EVERY = re.compile(rb" (?=([^ ]+%s))" % _NEXT_WORDS)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A body's shingle hashes: a sample of them, or all of them for a short
    body (`dense`), whose sample could be too small to recognise it by.
    `hashes` is sorted and holds each once (array of HASH_CODE): at 100,000
    bodies, some 14 million of them."""

    hashes: array[int]
    sampled: int  # how many of the hashes are in the sample
    dense: bool


def fingerprint(paragraphs: Sequence[str]) -> Fingerprint:
    """The shingle hashes of a body.

    A shingle is sampled when it starts at an anchor: a word of ANCHOR bytes
    in UTF-8 (characters, in English), about one word in eight in every
    language written with spaces. So one passage is sampled alike in every
    body that holds it, and the sampled shingles are found by one regular
    expression whose search starts at a literal space (a C scan that skips
    the other words), then hashed by `map`: this is the hot loop of grouping
    a big folder. Shingles are hashed by crc32, the same in every process, unlike
    `hash()` of text.
    """
    text = " ".join(paragraphs)
    if not text.isascii() and _CJK.search(text, 0, CJK_PROBE) is not None:
        return _cjk_fingerprint(text.lower())
    # As UTF-8 bytes with the ASCII letters lowered: str.lower() looks up
    # every character of a text that is not all ASCII, which cost a quarter
    # of the whole. Other letters stay as written; a story's versions print
    # its body in the same case, and a heading set in capitals is not body.
    data = text[:MAX_CHARS].encode("utf-8", "surrogatepass").lower()
    # A Version's paragraphs are folded already; these are cheap to rule out
    # (other white space, if any, stays inside a word in every version alike).
    if b"  " in data or b"\n" in data or b"\t" in data:
        data = b" ".join(data.split())
    data = b" " + data.strip(b" ")
    words = data.count(b" ") if len(data) > 1 else 0
    if words < SHINGLE:
        whole = _hashed([data[1:]] if words else [])
        return Fingerprint(whole, len(whole), dense=True)
    sampled = _hashed(_SAMPLED.findall(data))
    if words >= DENSE_BELOW:
        return Fingerprint(sampled, len(sampled), dense=False)
    return Fingerprint(_hashed(_EVERY.findall(data)), len(sampled), dense=True)


def _cjk_fingerprint(text: str) -> Fingerprint:
    """Chinese, Japanese and Korean are written without spaces between words:
    each character counts as a word, and is an anchor when its hash is 0
    modulo CJK_SAMPLE."""
    words = _CJK_TOKEN.findall(text)[:MAX_WORDS]
    hashes = map(zlib.crc32, map(partial(str.encode, errors="surrogatepass"), words))
    anchors = list(map(not_, map(_CJK_MASK.__and__, hashes)))
    if len(words) < SHINGLE:
        whole = _compact({_shingle_hash(words, 0)} if words else set())
        return Fingerprint(whole, len(whole), dense=True)
    last = len(words) - SHINGLE + 1
    sampled = _compact({_shingle_hash(words, i) for i in compress(range(last), anchors)})
    if len(words) >= DENSE_BELOW:
        return Fingerprint(sampled, len(sampled), dense=False)
    every = _compact({_shingle_hash(words, i) for i in range(last)})
    return Fingerprint(every, len(sampled), dense=True)


def _hashed(shingles: list[bytes]) -> array[int]:
    """The distinct crc32 values of the shingles, compacted."""
    return _compact(set(map(zlib.crc32, shingles)))


def _compact(hashes: set[int]) -> array[int]:
    return array(HASH_CODE, sorted(hashes))


def _shingle_hash(words: list[str], start: int) -> int:
    shingle = " ".join(words[start : start + SHINGLE])
    return zlib.crc32(shingle.encode("utf-8", "surrogatepass"))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class ShingleIndex:
    """The bodies' shingles, added one body at a time, and the pairs of
    bodies that hold the same story.

    Only what comparing needs is kept of each fingerprint, so a caller can
    decode one, add it and drop it: no index of postings either (at 100,000
    bodies a dict of shingles held some 14 million entries, over a gigabyte).
    Every (shingle, body) pair is one 64-bit key, shingle first, so that
    sorted keys put the bodies of one shingle side by side; the keys go into
    2**BUCKET_BITS arrays by the shingle's top bits and are sorted one array
    at a time, which keeps the sort's list of ints small.
    """

    def __init__(self) -> None:
        self.count = 0
        self._buckets = [array("Q") for _ in range(1 << BUCKET_BITS)]
        self._sizes = array("q")  # each body's number of hashes, ...
        self._sampled = array("q")  # ... of them in the sample, ...
        self._dense = array("b")  # ... and whether it keeps them all

    def add(self, print_: Fingerprint) -> int:
        """Add the next body; its number."""
        body = self.count
        self.count += 1
        buckets, shift = self._buckets, 32 - BUCKET_BITS
        for value in print_.hashes:
            buckets[value >> shift].append(value << 32 | body)
        self._sizes.append(len(print_.hashes))
        self._sampled.append(print_.sampled)
        self._dense.append(print_.dense)
        return body

    def pairs(self) -> list[tuple[int, int]]:
        """Pairs (i, j), i < j, of bodies that hold the same story.

        Two bodies are compared by how many shingles they share, counting
        only shingles found in at most MAX_POSTINGS bodies (more: boilerplate
        or a stock phrase). Uses the keys up: the index is empty afterwards.
        """
        # Each shingle shared by bodies i and j adds one (i << 32 | j); one
        # Counter of them all, not one update per shingle.
        shared = Counter(self._pairs_sharing_a_shingle())
        found = []
        for key, count in shared.items():
            i, j = key >> 32, key & 0xFFFFFFFF
            if self._same_story(i, j, count):
                found.append((i, j))
        return found

    def _pairs_sharing_a_shingle(self) -> list[int]:
        """(i << 32 | j), i < j, once for each shingle in 2 to MAX_POSTINGS
        bodies that i and j both hold."""
        pairs: list[int] = []
        buckets = self._buckets
        for number in range(len(buckets)):
            keys = sorted(buckets[number])
            buckets[number] = array("Q")
            # Where a key's shingle is the next key's too: found in C, because
            # most shingles are in one body only.
            values = list(map(rshift, keys, repeat(32)))
            repeats = compress(range(len(keys) - 1), map(eq, values, islice(values, 1, None)))
            first = last = -1  # the run of equal shingles: keys[first : last + 1]
            for index in repeats:
                if index != last:
                    _add_pairs(pairs, keys, first, last)
                    first = index
                last = index + 1
            _add_pairs(pairs, keys, first, last)
        return pairs

    def _same_story(self, a: int, b: int, count: int) -> bool:
        if self._dense[a] and self._dense[b]:
            smaller = min(self._sizes[a], self._sizes[b])
        else:  # only the sampled hashes can meet
            smaller = min(self._sampled[a], self._sampled[b])
        return count >= min(MIN_SHARED, smaller) and count >= MIN_CONTAINMENT * max(1, smaller)


def _add_pairs(pairs: list[int], keys: list[int], first: int, last: int) -> None:
    """The pairs of bodies of keys[first : last + 1], one shingle's run."""
    if first < 0 or last - first >= MAX_POSTINGS:
        return
    if last == first + 1:  # most shared shingles are in two bodies
        pairs.append((keys[first] & 0xFFFFFFFF) << 32 | keys[last] & 0xFFFFFFFF)
        return
    bodies = [key & 0xFFFFFFFF for key in keys[first : last + 1]]
    pairs.extend(i << 32 | j for i, j in combinations(bodies, 2))


def group(
    versions: Sequence[Version], prints: Sequence[Fingerprint] | None = None
) -> list[Article]:
    """Versions of one story become one article; articles newest first.

    `prints`: each version's `fingerprint(version.paragraphs)`, when already
    known (the cached loader has its workers make them)."""
    if prints is None:
        prints = [fingerprint(v.paragraphs) for v in versions]
    articles = [make_article([versions[i] for i in members]) for members in story_groups(prints)]
    articles.sort(key=list_order)
    return articles


def story_groups(prints: Iterable[Fingerprint] | ShingleIndex) -> list[list[int]]:
    """The numbers of the bodies of each story, in order, by the story's first body."""
    index = prints if isinstance(prints, ShingleIndex) else _indexed(prints)
    stories = _UnionFind(index.count)
    for a, b in index.pairs():
        stories.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for body in range(index.count):
        members[stories.find(body)].append(body)
    return list(members.values())


def _indexed(prints: Iterable[Fingerprint]) -> ShingleIndex:
    index = ShingleIndex()
    for print_ in prints:
        index.add(print_)
    return index


def list_order(article: Article) -> tuple[int, str, str]:
    """The sort key of the article list: newest first, then by title."""
    published = article.published
    ordinal = 0
    if published is not None:
        ordinal = (
            published.toordinal()
            if not isinstance(published, datetime)
            else (published.date().toordinal())
        )
    return (-ordinal, article.display_title.casefold(), article.id)


def make_article(versions: Sequence[Version]) -> Article:
    """One article from its versions: the best of what they say."""
    ordered = tuple(sorted(versions, key=lambda v: (v.mtime, v.path)))
    raws = [v for v in ordered if v.kind is Kind.RAW]
    cleans = [v for v in ordered if v.kind is Kind.CLEAN]
    body_source = cleans[-1] if cleans else ordered[-1]
    return Article(
        id=article_id(ordered),
        versions=ordered,
        title=_first(v.title for v in reversed(raws)) or _first(v.title for v in ordered),
        byline=_first(v.byline for v in reversed(ordered)),
        publisher=_first(v.publisher for v in reversed(ordered)),
        section=_first(v.section for v in reversed(ordered)),
        published=_most_precise([v.published for v in ordered]),
        captions=_best_captions(ordered, body_source),
        paragraphs=body_source.paragraphs,
    )


def article_id(ordered: Sequence[Version]) -> str:
    """Stable for the same inputs: a hash of the oldest version's name and body."""
    first = ordered[0]
    digest = hashlib.blake2b(digest_size=8)
    # surrogatepass: a name's stray bytes (os.fsdecode) still make a stable id.
    digest.update(first.path.rsplit("/", 1)[-1].encode("utf-8", "surrogatepass"))
    for paragraph in first.paragraphs[:5]:
        digest.update(paragraph.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _first(values: Iterable[str | None]) -> str | None:
    return next((value for value in values if value), None)


def _most_precise(values: Iterable[date | datetime | None]) -> date | datetime | None:
    """A date and time rather than a bare day, when some version gives one."""
    dated = [value for value in values if value is not None]
    timed = [value for value in dated if isinstance(value, datetime)]
    return (timed or dated or [None])[0]


def _best_captions(ordered: Sequence[Version], body_source: Version) -> tuple[Caption, ...]:
    """The version with the most captions (a raw dump keeps every figure)."""
    best = max(ordered, key=lambda v: (len(v.captions), v is body_source))
    return best.captions
