"""Properties of the loader and the diff on any input (hypothesis).

The loader's parsers are pure functions of text, so they are tested on any
text: they raise nothing, are deterministic, never invent words, and once the
text went through `clean_text` no control character or bidi override is left
in any field. The diff's own properties live in tests/test_diff.py (small
vocabulary); here they are extended to any text, to whole Versions, to the
sentence-by-sentence mode for giant paragraphs and to the unified merge.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.diff
from reader.diff import (
    Op,
    caption_lines,
    diff_paragraphs,
    diff_versions,
    merged_words,
    summarize,
    word_diff,
)
from reader.load import head, parse_text
from reader.load.files import clean_decoded, clean_text, decode
from reader.load.formats import _is_lynx_by_lines, is_lynx
from reader.load.units import WORD, Unit, fold_spaces, word_set
from reader.model import Caption, Kind, Version

# ─── strategies ──────────────────────────────────────────────────────────────

# Pieces that reach the parsers' special cases: headers, credits, bylines,
# dates, lynx link numbers and references, boilerplate, escapes, markup.
PIECES = [
    " date 2026-02-10 ",
    " date 2026-02-30 A caption (Photo: AP)",
    "date 1999-12-31",
    "By Ann Reporter",
    "By ",
    "Published 10 February 2026 12:30",
    "10/02/2026",
    "(Alexander Nemenov/Pool/AP)",
    "Photograph: Getty Images",
    "Image: DC Thomson",
    "REUTERS",
    "Most Read",
    "Comments",
    "3 comments",
    "Ann says:",
    "Home › News › World",
    "Sign in",
    "An icon of a desk calendar.",
    "[[title]]",
    "[12]",
    "References",
    "   1. https://example.com/x",
    "      * item",
    "   ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\f",
    "\x1b[31m",
    "\x1b]52;c;eA==\x07",
    "\x9b",
    "\x85",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\x00",
    "[bold]",
    "[@click=app.quit]x[/]",
    "# heading",
    "…",
    "...",
    ". ",
    "日本語の文章です。",
]
VOCABULARY = (
    "The harbour board met on Tuesday to discuss the budget , and said it would cost "
    "more than expected . Fishermen welcomed the decision !"
)
SENTENCE = st.lists(
    st.sampled_from(tuple(VOCABULARY.split())),
    min_size=1,
    max_size=30,
).map(" ".join)
# A page: blocks of prose long enough to be body text, with hostile pieces
# inside and between them, one block per paragraph (innerText) or indented
# and wrapped like lynx.
PROSE = st.lists(
    st.one_of(SENTENCE.map(lambda s: s + "."), st.sampled_from(PIECES)), min_size=1, max_size=12
).map(" ".join)
BLOCK = st.one_of(PROSE, st.sampled_from(PIECES), SENTENCE)
PAGES = st.one_of(
    st.lists(BLOCK, max_size=25).map("\n\n".join),
    st.lists(st.lists(BLOCK, min_size=1, max_size=3).map("\n".join), max_size=25).map("\n\n".join),
    st.lists(BLOCK, max_size=25).map(lambda blocks: "\n\n".join("   " + b for b in blocks)),
)
TEXTS = st.one_of(
    PAGES,
    st.text(),
    st.text(st.characters(codec="utf-8"), max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), SENTENCE, st.text(max_size=20)), max_size=40).map(
        "".join
    ),
    st.lists(st.one_of(st.sampled_from(PIECES), SENTENCE), max_size=40).map("\n".join),
)

DROPPED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def parse(text: str) -> Version:
    return parse_text(text, path="p.txt", source=Path("p.txt"))


def fields(version: Version) -> list[str]:
    """Every text field of a version a view or the export shows."""
    texts = [version.title, version.byline, version.publisher, version.section]
    texts += version.paragraphs
    for caption in version.captions:
        texts += [caption.text, caption.credit]
    return [text for text in texts if text is not None]


def fold(text: str) -> str:
    return " ".join(text.split())


# ─── the loader ──────────────────────────────────────────────────────────────


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_parse_text_raises_nothing_and_is_deterministic(text):
    first = parse(text)
    assert parse(text) == first
    assert isinstance(first.paragraphs, tuple)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_paragraphs_and_captions_are_made_of_the_input(text):
    """Nothing is invented: every word shown came from the (normalised) text.

    Clean texts and browser (innerText) dumps keep each paragraph as one
    stretch of the input, with white space folded. A lynx dump re-joins
    wrapped lines and drops `[12]` link numbers and list bullets, so there
    each word is a piece of the input. Captions lose their credit and
    credits their brackets: each of their words is a piece of the input too.
    """
    text = clean_text(text)  # what the parsers get from the loader: line ends normalised
    version = parse(text)
    folded = fold(text)
    for paragraph in version.paragraphs:
        if version.style == "lynx":
            # Runs of spaces inside a lynx line are kept (as lynx laid them out).
            assert all(word in text for word in paragraph.split())
        else:
            assert paragraph == fold(paragraph)  # white space folded
            assert paragraph in folded
    for caption in version.captions:
        for part in (caption.text, caption.credit or ""):
            assert all(word in text for word in part.split())
    for field in (version.title, version.byline, version.publisher, version.section):
        assert all(word in text for word in (field or "").split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_no_control_or_bidi_override_survives_clean_text(text):
    cleaned = clean_text(text)
    assert not DROPPED.search(cleaned.replace("\n", "").replace("\t", ""))
    version = parse(cleaned)
    for field in fields(version):
        assert not DROPPED.search(field), repr(field)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.text(st.characters(codec="utf-8"))))
def test_word_set_is_the_set_of_regex_words(text):
    # word_set is a faster way to the same set: the title finder relies on it.
    assert word_set(text) == set(WORD.findall(text))


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.text(st.characters(codec="utf-8")), st.text(" \t\n\xa0\u3000ab")))
def test_fold_spaces_is_split_and_join(text):
    # fold_spaces skips the split when nothing needs folding; the result
    # must be the same as always splitting.
    assert fold_spaces(text) == " ".join(text.split())


LYNX_LINES = ("   indented text", "flush left", "", "   ", "      * item", "[1] link")


def _lines(counts: tuple[int, ...]) -> list[str]:
    return [line for line, n in zip(LYNX_LINES, counts, strict=True) for _ in range(n)]


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        TEXTS,
        st.text(" \n\t\xa0\u2028a[1]", max_size=60),
        # every share of indented lines, so that each count decides
        st.tuples(*[st.integers(0, 12)] * 6)
        .flatmap(lambda n: st.permutations(_lines(n)))
        .map("\n".join),
        st.tuples(*[st.integers(0, 12)] * 6).map(lambda n: "\n".join(_lines(n)) + "\n"),
    )
)
def test_is_lynx_counts_lines_as_the_rule_on_split_lines(text):
    # is_lynx counts lines in C when "\n" is the only line break; the
    # verdict must be the one the rule gives on the lines themselves.
    assert is_lynx(text) == _is_lynx_by_lines(text)


def _find_title_counting_all(units, start, body_words, page):
    """find_title as it was first written: every candidate counted."""
    best = None
    for index in range(max(0, start - head.HEAD_WINDOW), min(start + 1, len(units))):
        score = head._title_score(units[index], body_words)
        if score <= 0:
            continue
        if page.count(units[index].text) >= 2:
            score += 0.5
        score -= 0.02 * (start - index)
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


HEADLINES = [
    "Harbour board approves budget",
    "Harbour board approves new budget for the year",
    "Budget approved",
    "Fishermen welcome the harbour decision",
    "Council meets on Tuesday",
    "The harbour board met",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(HEADLINES), st.booleans()), min_size=1, max_size=40),
    st.lists(st.sampled_from(HEADLINES), max_size=6),
    st.integers(0, 45),
)
def test_find_title_counts_lazily_and_chooses_as_if_all_were_counted(lines, repeated, start):
    units = [Unit(text, index, alone) for index, (text, alone) in enumerate(lines)]
    page = "\n".join([text for text, _ in lines] + repeated)
    body_words = {"harbour", "budget", "board", "decision"}
    expected = _find_title_counting_all(units, start, body_words, page)
    assert head.find_title(units, start, body_words, page) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-2, 6), st.sampled_from("abc")), min_size=1, max_size=40),
    st.text("abc\n", max_size=30),
    st.integers(0, 45),
)
def test_find_title_breaks_ties_as_if_all_were_counted(scored, page, start):
    # Scores that make up for the distance penalty tie once it is taken off:
    # the first of equal scores must win, as when every candidate was counted.
    units = [Unit(text, score, True) for score, text in scored]
    index_of = {id(unit): index for index, unit in enumerate(units)}

    def score(unit, words):
        if unit.block <= 0:
            return 0.0
        return unit.block * 0.5 + 0.02 * (start - index_of[id(unit)])

    with mock.patch.object(head, "_title_score", score):
        expected = _find_title_counting_all(units, start, set(), page)
        assert head.find_title(units, start, set(), page) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "x", "News ", "3 ", "\n", "Posted "]),
            st.sampled_from(["", "|", "·", "•", " | "]),
            st.sampled_from(["By", "by", "BY", "von", "автор", "Di", "Bye"]),
            st.sampled_from([" ", ": ", "", "  "]),
            st.sampled_from(["Ann Smith", "3 May", "Ann", ""]),
        ).map("".join),
        min_size=1,
        max_size=3,
    ).map("".join)
)
def test_byline_finds_what_a_search_finds(text):
    # _byline tries the pattern past the start only at a separator.
    expected = head._BYLINE.search(text)
    found = head._byline(text)
    assert (found and (found.span(), found["name"])) == (
        expected and (expected.span(), expected["name"])
    )


def test_lynx_paragraphs_fold_white_space():
    line = "The harbour board met on Tuesday\tto discuss the budget, and said it would cost  more."
    version = parse("Harbour board budget talks\n\n" + "\n\n".join(["   " + line] * 4))
    assert version.style == "lynx"
    assert version.paragraphs
    for paragraph in version.paragraphs:
        assert paragraph == fold(paragraph)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_takes_any_bytes(data):
    decoded = decode(data)
    if decoded is not None:
        text, encoding = decoded
        assert isinstance(text, str) and encoding
        parse(clean_text(text))


# Bytes of every kind clean_text removes or rewrites, and their neighbours.
SPECIAL_BYTES = [
    b"\x00", b"\x08", b"\t", b"\x0b", b"\x0c", b"\r", b"\r\n", b"\x0e", b"\x1b", b"\x1b[31m",
    b"\x1f", b"\x7f", b"\xc2\x80", b"\xc2\x9f", b"\xc2\xa0", b"\xe2\x80\xaa", b"\xe2\x80\xae",
    b"\xe2\x80\xa9", b"\xe2\x80\xaf", b"\xe2\x80\x99", b"\xe2\x81\xa6", b"\xe2\x81\xa9",
    b"\xe2\x81\xaa", b"\xef\xbb\xbf", b"\xe2", b"\xc2", b"\xff", b"\x80",
]  # fmt: skip
BYTE_PIECES = [*(piece.encode("utf-8", "surrogatepass") for piece in PIECES), *SPECIAL_BYTES]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.lists(st.sampled_from(BYTE_PIECES)).map(b"".join),
        # one piece in plain text, where it alone decides
        st.tuples(SENTENCE, st.sampled_from(SPECIAL_BYTES), SENTENCE).map(
            lambda parts: b"".join(
                part.encode() if isinstance(part, str) else part for part in parts
            )
        ),
    )
)
def test_clean_decoded_is_clean_text(data):
    # read() looks at the bytes to skip clean_text's pattern when nothing is
    # to be dropped; the text must come out as clean_text makes it.
    decoded = decode(data)
    if decoded is not None:
        assert clean_decoded(data, *decoded) == clean_text(decoded[0])


@settings(max_examples=100, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.sampled_from(PIECES))
def test_clean_text_header_and_paragraphs(paragraphs, lead):
    """A clean text's paragraphs are its blank-line-separated blocks, folded."""
    text = " date 2026-02-10 " + fold(lead) + "\n\n" + "\n\n".join(paragraphs)
    version = parse(text)
    assert version.kind is Kind.CLEAN
    assert list(version.paragraphs) == [fold(p) for p in paragraphs]


# ─── the diff ────────────────────────────────────────────────────────────────

ANY_PARAGRAPH = st.one_of(st.text(max_size=60), SENTENCE)
ANY_VERSION = st.lists(ANY_PARAGRAPH, max_size=8)


def sides(rows):
    old = [row.old for row in rows if row.old is not None]
    new = [row.new for row in rows if row.new is not None]
    return old, new


@settings(max_examples=300, deadline=None)
@given(ANY_VERSION, ANY_VERSION)
def test_any_text_rows_rebuild_both_sides(old, new):
    rows = diff_paragraphs(old, new)
    assert sides(rows) == (old, new)
    for row in rows:
        if row.old is not None:
            assert "".join(span.text for span in row.old_spans) == row.old
        if row.new is not None:
            assert "".join(span.text for span in row.new_spans) == row.new


@settings(max_examples=300, deadline=None)
@given(ANY_VERSION, ANY_VERSION)
def test_any_text_counts_are_symmetric(old, new):
    forward, backward = summarize(diff_paragraphs(old, new)), summarize(diff_paragraphs(new, old))
    assert forward.paragraphs_added == backward.paragraphs_removed
    assert forward.paragraphs_removed == backward.paragraphs_added
    assert forward.paragraphs_changed == backward.paragraphs_changed
    assert forward.paragraphs_moved == backward.paragraphs_moved
    assert forward.words_added == backward.words_removed
    assert forward.words_removed == backward.words_added
    assert forward.words_changed == backward.words_changed
    assert forward.similarity == pytest.approx(backward.similarity)


@settings(max_examples=300, deadline=None)
@given(ANY_PARAGRAPH, ANY_PARAGRAPH)
def test_merged_words_rebuild_both_sides(old, new):
    merged = merged_words(old, new)
    assert "".join(text for text, kind in merged if kind != "inserted") == old
    assert "".join(text for text, kind in merged if kind != "deleted") == new


@settings(max_examples=200, deadline=None)
@given(
    st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join),
    st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join),
)
def test_giant_paragraphs_compared_by_sentence_rebuild_both_sides(old, new):
    """Past MAX_TOKEN_PAIRS a pair is compared sentence by sentence; made small here."""
    with mock.patch.object(reader.diff, "MAX_TOKEN_PAIRS", 0):
        old_spans, new_spans, _ = word_diff(old, new)
        merged = merged_words(old, new)
        # word_diff itself need not be symmetric (difflib breaks ties by
        # position); diff_paragraphs always aligns one way and mirrors.
        forward = summarize(diff_paragraphs([old], [new]))
        backward = summarize(diff_paragraphs([new], [old]))
    assert "".join(span.text for span in old_spans) == old
    assert "".join(span.text for span in new_spans) == new
    assert "".join(text for text, kind in merged if kind != "inserted") == old
    assert "".join(text for text, kind in merged if kind != "deleted") == new
    assert (forward.words_added, forward.words_removed, forward.words_changed) == (
        backward.words_removed,
        backward.words_added,
        backward.words_changed,
    )


CAPTION = st.builds(Caption, ANY_PARAGRAPH, st.one_of(st.none(), ANY_PARAGRAPH))
OPTIONAL_TEXT = st.one_of(st.none(), st.text(max_size=20))
VERSIONS = st.builds(
    Version,
    path=st.just("v.txt"),
    source=st.just(Path("v.txt")),
    kind=st.sampled_from(Kind),
    title=OPTIONAL_TEXT,
    byline=OPTIONAL_TEXT,
    published=st.one_of(st.none(), st.dates(), st.datetimes()),
    captions=st.lists(CAPTION, max_size=4).map(tuple),
    paragraphs=ANY_VERSION.map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(VERSIONS, VERSIONS)
def test_version_diff_rebuilds_captions_and_paragraphs_and_is_symmetric(old, new):
    forward, backward = diff_versions(old, new), diff_versions(new, old)
    assert sides(forward.rows) == (list(old.paragraphs), list(new.paragraphs))
    assert sides(forward.captions) == (
        list(caption_lines(old.captions)),
        list(caption_lines(new.captions)),
    )
    assert [change.name for change in forward.fields] == [c.name for c in backward.fields]
    for there, back in zip(forward.fields, backward.fields, strict=True):
        assert (there.old, there.new, there.trivial) == (back.new, back.old, back.trivial)
    mirrored = {Op.INSERTED: Op.DELETED, Op.DELETED: Op.INSERTED}
    assert sorted(mirrored.get(row.op, row.op) for row in backward.captions) == sorted(
        row.op for row in forward.captions
    )
    assert forward.is_equal == backward.is_equal
    assert diff_versions(old, old).is_equal


@given(st.lists(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u200b\u3000x"), max_size=30)))
def test_words_are_counted_as_split_counts_them(paragraphs: list[str]) -> None:
    from reader.model import count_words, is_folded

    assert count_words(tuple(paragraphs)) == sum(len(p.split()) for p in paragraphs)
    for text in paragraphs:
        assert is_folded(text) == (text == " ".join(text.split()) and text.isprintable())
