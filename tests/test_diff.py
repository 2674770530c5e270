"""reader.diff: aligning paragraphs, word spans, summary, source mode, layout."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.diff import (
    Fold,
    Op,
    RemovedBlock,
    Row,
    diff_paragraphs,
    diff_source,
    diff_versions,
    fold,
    is_trivial,
    printable,
    summarize,
    word_diff,
    wrap_spans,
)
from reader.model import Caption, Kind, Version

# ─── helpers ─────────────────────────────────────────────────────────────────


def old_side(rows: tuple[Row, ...]) -> list[str]:
    return [row.old for row in rows if row.old is not None]


def new_side(rows: tuple[Row, ...]) -> list[str]:
    return [row.new for row in rows if row.new is not None]


def ops(rows: tuple[Row, ...]) -> list[Op]:
    return [row.op for row in rows]


def marked(spans) -> list[str]:
    return [span.text for span in spans if span.marked]


def version(paragraphs=(), **fields) -> Version:
    return Version(
        path=fields.pop("path", "a.txt"),
        source=Path("a.txt"),
        kind=fields.pop("kind", Kind.CLEAN),
        paragraphs=tuple(paragraphs),
        **fields,
    )


A = "The harbour board met on Tuesday to discuss the budget."
B = "Councillors said the dredging plan would cost more than expected."
C = "Fishermen welcomed the decision but asked for more consultation."
D = "The next meeting is scheduled for March."
E = "A spokesman declined to comment on the figures."


# ─── each kind of row ────────────────────────────────────────────────────────


def test_identical_versions_give_only_equal_rows():
    rows = diff_paragraphs([A, B, C], [A, B, C])
    assert ops(rows) == [Op.EQUAL] * 3
    assert summarize(rows).is_equal
    assert summarize(rows).similarity == 100.0


def test_empty_versions():
    assert diff_paragraphs([], []) == ()
    assert ops(diff_paragraphs([], [A, B])) == [Op.INSERTED, Op.INSERTED]
    assert ops(diff_paragraphs([A, B], [])) == [Op.DELETED, Op.DELETED]
    summary = summarize(diff_paragraphs([], []))
    assert summary.is_equal and summary.similarity == 100.0
    assert summarize(diff_paragraphs([A], [])).similarity == 0.0


def test_inserted_paragraph_faces_filler():
    rows = diff_paragraphs([A, C], [A, B, C])
    assert ops(rows) == [Op.EQUAL, Op.INSERTED, Op.EQUAL]
    inserted = rows[1]
    assert inserted.old is None and inserted.new == B
    assert inserted.new_index == 1
    assert marked(inserted.new_spans) == [B]


def test_deleted_paragraph_faces_filler():
    rows = diff_paragraphs([A, B, C], [A, C])
    assert ops(rows) == [Op.EQUAL, Op.DELETED, Op.EQUAL]
    assert rows[1].new is None and rows[1].old == B


def test_changed_pair_marks_only_the_changed_words():
    old = "The board approved a budget of £4 million on Tuesday."
    new = "The board approved a budget of £4.5 million on Wednesday."
    rows = diff_paragraphs([A, old, C], [A, new, C])
    assert ops(rows) == [Op.EQUAL, Op.CHANGED, Op.EQUAL]
    changed = rows[1]
    assert marked(changed.old_spans) == ["Tuesday"]
    assert marked(changed.new_spans) == [".5", "Wednesday"]
    assert "".join(span.text for span in changed.old_spans) == old
    assert "".join(span.text for span in changed.new_spans) == new
    assert changed.counts.changed == 1  # Tuesday → Wednesday
    assert changed.counts.added == 1  # the 5 of 4.5


def test_dissimilar_paragraphs_are_deleted_and_inserted_not_paired():
    rows = diff_paragraphs([A, B, D], [A, E, D])
    assert ops(rows) == [Op.EQUAL, Op.DELETED, Op.INSERTED, Op.EQUAL]


def test_pairing_skips_an_inserted_paragraph_to_find_the_partner():
    edited = B.replace("more than", "far more than")
    rows = diff_paragraphs([A, B, C], [A, E, edited, C])
    assert ops(rows) == [Op.EQUAL, Op.INSERTED, Op.CHANGED, Op.EQUAL]
    assert rows[2].old == B and rows[2].new == edited


def test_adjacent_marked_words_join_into_one_span():
    old_spans, new_spans, _ = word_diff("the quick brown fox", "the slow red fox")
    assert marked(old_spans) == ["quick brown"]
    assert marked(new_spans) == ["slow red"]


def test_a_giant_paragraph_is_compared_by_sentence():
    sentences = [f"Sentence {n} tells of the harbour board and its budget." for n in range(400)]
    old = " ".join(sentences)
    new = " ".join(s.replace("budget", "money") if n == 7 else s for n, s in enumerate(sentences))
    (row,) = diff_paragraphs([old], [new])
    assert row.op is Op.CHANGED
    assert marked(row.old_spans) == [sentences[7] + " "]
    assert "".join(span.text for span in row.new_spans) == new
    assert row.counts.changed == 10 and row.counts.matched == 399 * 10


# ─── moves ───────────────────────────────────────────────────────────────────


def test_moved_paragraph_is_one_move_not_a_deletion_and_insertion():
    rows = diff_paragraphs([A, B, C, D], [B, C, D, A])
    assert Op.DELETED not in ops(rows) and Op.INSERTED not in ops(rows)
    moved = [index for index, row in enumerate(rows) if row.op is Op.MOVED]
    assert len(moved) == 2
    first, second = moved
    assert rows[first].old == A and rows[first].new is None
    assert rows[second].new == A and rows[second].old is None
    assert rows[first].partner == second and rows[second].partner == first
    summary = summarize(rows)
    assert summary.paragraphs_moved == 1
    assert summary.paragraphs_added == summary.paragraphs_removed == 0


def test_moved_and_edited_paragraph_keeps_its_word_changes():
    edited = A.replace("Tuesday", "Wednesday")
    rows = diff_paragraphs([A, B, C, D], [B, C, D, edited])
    moved = [row for row in rows if row.op is Op.MOVED]
    assert len(moved) == 2
    assert marked(moved[0].old_spans) == ["Tuesday"]
    assert marked(moved[1].new_spans) == ["Wednesday"]
    assert summarize(rows).words_changed == 1


# ─── trivial changes ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("He said “no limits”.", 'He said "no limits".'),
        ("It’s over", "It's over"),
        ("Two  spaces", "Two spaces"),
        ("lower case", "Lower Case"),
        ("Dot at the end.", "Dot at the end"),
    ],
)
def test_trivial_changes(old, new):
    assert is_trivial(old, new)
    (row,) = diff_paragraphs([old], [new])
    assert row.op is Op.CHANGED and row.trivial


@pytest.mark.parametrize(
    ("old", "new"), [("same", "same"), ("four million", "five million"), ("a b", "a b c")]
)
def test_not_trivial(old, new):
    assert not is_trivial(old, new)


def test_fold_hides_trivial_changes_when_asked():
    rows = diff_paragraphs([A, B, C, D, E], [A, B.lower(), C, D, E])
    assert rows[1].trivial
    assert fold(rows, context=1) == [0, 1, 2, Fold(3, 2)]
    assert fold(rows, context=1, hide_trivial=True) == [Fold(0, 5)]


def test_fold_keeps_context_around_changes_and_never_folds_one_row():
    paragraphs = [f"Paragraph number {n} of the story." for n in range(10)]
    changed = list(paragraphs)
    changed[5] = "An entirely new paragraph replaces it."
    rows = diff_paragraphs(paragraphs, changed)
    shown = fold(rows, context=1)
    assert shown[0] == Fold(0, 4)
    assert 4 in shown and 7 in shown  # context on both sides of rows 5 and 6
    assert shown[-1] == Fold(8, 3)  # 11 rows: the replaced paragraph is two


# ─── versions: metadata and captions ─────────────────────────────────────────


def test_metadata_changes():
    old = version(
        [A], title="Harbour budget agreed", byline="By Jo Bloggs", published=date(2023, 2, 22)
    )
    new = version(
        [A],
        title="Harbour budget finally agreed",
        byline="By Jo Bloggs",
        published=datetime(2023, 2, 22, 11, 53),
    )
    diff = diff_versions(old, new)
    by_name = {change.name: change for change in diff.fields}
    assert set(by_name) == {"title", "published"}
    assert marked(by_name["title"].new_spans) == ["finally"]
    assert not by_name["title"].trivial
    # the same day, now with a time: more precise, not different
    assert by_name["published"].trivial
    assert by_name["published"].new == "2023-02-22T11:53"
    assert not diff.is_equal


def test_caption_changes():
    lead = Caption("The harbour at dawn", "Jo Bloggs/DC Thomson")
    extra = Caption("The board in session")
    diff = diff_versions(version([A], captions=(lead, extra)), version([A], captions=(lead,)))
    assert ops(diff.captions) == [Op.EQUAL, Op.DELETED]
    assert diff.captions[0].old == "The harbour at dawn (Jo Bloggs/DC Thomson)"
    assert diff.summary.is_equal and not diff.is_equal
    assert diff.describe().endswith("100% similar · captions +0 −1 ~0")


def test_identical_versions_are_equal():
    one = version([A, B], title="T", captions=(Caption("x"),))
    assert diff_versions(one, one).is_equal


# ─── source mode ─────────────────────────────────────────────────────────────

RAW = """\
Home News World

Harbour budget agreed
By Jo Bloggs

The harbour board met on Tuesday to discuss the budget.

Councillors said the dredging plan would cost more than expected.

Already a subscriber? Sign in

[[title]]

Most Read
1
A96 closed after crash
2
Man in court
"""

CLEAN = """\
 date 2023-02-22

The harbour board met on Tuesday to discuss the budget.

Councillors said the dredging plan would cost far more than expected.
"""


def test_source_diff_collapses_removed_runs_into_blocks():
    diff = diff_source(RAW, CLEAN)
    firsts = [block.first_line for block in diff.blocks]
    assert firsts == [
        "Home News World",
        "Harbour budget agreed",
        "Already a subscriber? Sign in",
        "[[title]]",
        "Most Read",
    ]
    most_read = diff.blocks[-1]
    assert most_read.line_count == 5
    assert most_read.rows[0].old_index == 13  # line numbers in the raw text


def test_source_diff_shows_a_body_change_as_word_change():
    diff = diff_source(RAW, CLEAN)
    changed = [item for item in diff.items if isinstance(item, Row) and item.op is Op.CHANGED]
    assert len(changed) == 1
    assert marked(changed[0].new_spans) == ["far"]
    inserted = [item for item in diff.items if isinstance(item, Row) and item.op is Op.INSERTED]
    assert [row.new for row in inserted] == [" date 2023-02-22"]


def test_source_diff_rebuilds_both_texts():
    diff = diff_source(RAW, CLEAN)
    rows = [
        row
        for item in diff.items
        for row in (item.rows if isinstance(item, RemovedBlock) else (item,))
    ]
    assert "\n".join(row.old for row in rows if row.old is not None) == "\n".join(
        line for line in RAW.splitlines() if line.strip()
    )
    assert [row.new for row in rows if row.new is not None] == [
        line for line in CLEAN.splitlines() if line.strip()
    ]


# ─── layout helpers ──────────────────────────────────────────────────────────


def test_wrap_spans_keeps_words_whole_and_cuts_long_ones():
    lines = wrap_spans([("hello world this is ", 0), ("unbelievably", 1), (" long", 0)], 10)
    texts = ["".join(text for text, _ in line) for line in lines]
    assert texts == ["hello", "world this", "is", "unbelievab", "ly long"]
    assert lines[3] == [("unbelievab", 1)]


def test_wrap_spans_counts_wide_characters_as_two_cells():
    lines = wrap_spans([("日本語のテキスト", 0)], 6)
    assert ["".join(text for text, _ in line) for line in lines] == ["日本語", "のテキ", "スト"]


def test_printable_removes_escape_sequences():
    assert printable("a\x1b[31mred\x1b[0m\tb\u202e") == "a[31mred[0m b"


# ─── properties ──────────────────────────────────────────────────────────────

# A small vocabulary makes repeated, similar and moved paragraphs likely.
WORDS = st.sampled_from(["the", "harbour", "board", "met", "budget", "Tuesday", "“no”", ",", "."])
PARAGRAPH = st.lists(WORDS, min_size=0, max_size=8).map(" ".join)
VERSION = st.lists(PARAGRAPH, max_size=12)


@settings(max_examples=300, deadline=None)
@given(VERSION, VERSION)
def test_both_sides_are_rebuilt_exactly_from_the_rows(old, new):
    rows = diff_paragraphs(old, new)
    assert old_side(rows) == old
    assert new_side(rows) == new
    assert [row.old_index for row in rows if row.old is not None] == list(range(len(old)))
    assert [row.new_index for row in rows if row.new is not None] == list(range(len(new)))
    for row in rows:
        if row.old is not None:
            assert "".join(span.text for span in row.old_spans) == row.old
        if row.new is not None:
            assert "".join(span.text for span in row.new_spans) == row.new


@settings(max_examples=200, deadline=None)
@given(VERSION)
def test_a_version_diffed_with_itself_has_only_equal_rows(paragraphs):
    rows = diff_paragraphs(paragraphs, paragraphs)
    assert all(row.op is Op.EQUAL for row in rows)
    assert len(rows) == len(paragraphs)


@settings(max_examples=300, deadline=None)
@given(VERSION, VERSION)
def test_counts_are_symmetric(old, new):
    forward, backward = summarize(diff_paragraphs(old, new)), summarize(diff_paragraphs(new, old))
    assert forward.paragraphs_added == backward.paragraphs_removed
    assert forward.paragraphs_removed == backward.paragraphs_added
    assert forward.paragraphs_changed == backward.paragraphs_changed
    assert forward.paragraphs_moved == backward.paragraphs_moved
    assert forward.words_added == backward.words_removed
    assert forward.words_removed == backward.words_added
    assert forward.words_changed == backward.words_changed
    assert forward.similarity == pytest.approx(backward.similarity)


@settings(max_examples=200, deadline=None)
@given(VERSION, VERSION)
def test_move_partners_point_at_each_other(old, new):
    rows = diff_paragraphs(old, new)
    for index, row in enumerate(rows):
        if row.op is Op.MOVED:
            assert row.partner is not None
            partner = rows[row.partner]
            assert partner.op is Op.MOVED and partner.partner == index
            assert (row.old is None) != (partner.old is None)
        else:
            assert row.partner is None


@settings(max_examples=200, deadline=None)
@given(VERSION, VERSION, st.integers(0, 3))
def test_fold_shows_every_change_and_accounts_for_every_row(old, new, context):
    rows = diff_paragraphs(old, new)
    shown = fold(rows, context)
    covered: list[int] = []
    for item in shown:
        covered.extend(
            range(item.start, item.start + item.count) if isinstance(item, Fold) else [item]
        )
    assert covered == list(range(len(rows)))
    folded = {
        index
        for item in shown
        if isinstance(item, Fold)
        for index in range(item.start, item.start + item.count)
    }
    assert not any(rows[index].is_change for index in folded)


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Mn", "Me"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.text(PRINTABLE, max_size=30), st.booleans()), max_size=6),
    st.integers(2, 20),
)
def test_wrapped_lines_fit_and_keep_every_non_space_character(spans, width):
    lines = wrap_spans(spans, width)
    for line in lines:
        assert sum(cell_len(text) for text, _ in line) <= width
    joined = "".join(text for line in lines for text, _ in line)
    original = "".join(text for text, _ in spans)
    assert "".join(joined.split()) == "".join(original.split())


# ─── the seed pair ───────────────────────────────────────────────────────────

SEEDS = [Path(__file__).parent / "data" / "seeds"]  # a copy of ../shared/seeds
INLINE_CAPTIONS = [
    "Russian President Vladimir Putin speaks to the Chinese Communist Party’s foreign policy "
    "chief Wang Yi at the Kremlin in Moscow",
    "Russian foreign minister Sergei Lavrov, right, and Wang Yi",
    "A Ukrainian serviceman smokes a cigarette from his position on the frontline near Bakhmut, "
    "Donetsk region, Ukraine",
]


def seed_versions() -> tuple[Version, Version, str, str]:
    from reader.load import discover, parse_file

    folder = next((path for path in SEEDS if path.is_dir()), None)
    if folder is None:
        pytest.skip("the seed pair is not available")
    files, _ = discover([folder])
    raw_file = next(file for file in files if file.display.startswith("000_"))
    clean_file = next(file for file in files if file.display.startswith("003_"))
    raw, clean = parse_file(raw_file), parse_file(clean_file)
    assert isinstance(raw, Version) and isinstance(clean, Version)
    return (
        raw,
        clean,
        Path(raw_file.path).read_text("utf-8"),
        Path(clean_file.path).read_text("utf-8"),
    )


def test_seed_pair_differs_only_by_the_three_inline_captions():
    raw, clean, _, _ = seed_versions()
    diff = diff_versions(raw, clean)
    differences = [
        row.old or row.new or "" for row in (*diff.rows, *diff.captions) if row.is_change
    ]
    assert len(differences) == 3
    for caption in INLINE_CAPTIONS:
        assert sum(caption in text for text in differences) == 1


def test_seed_source_diff_removes_icons_most_read_and_placeholder():
    _, _, raw_text, clean_text = seed_versions()
    diff = diff_source(raw_text, clean_text)
    removed = [block.first_line for block in diff.blocks]
    assert any(line.startswith("Calendar An icon of a desk calendar.") for line in removed)
    assert "[[title]]" in removed
    assert "Most Read" in removed
    # the body itself survived the cleaning
    body_rows = [item for item in diff.items if isinstance(item, Row) and item.op is Op.EQUAL]
    assert len(body_rows) >= 20


SOURCE_LINES = st.lists(
    st.sampled_from(
        ["", "Home", "[[title]]", "The board met.", "Most Read", "The board met today.", "  ", "1"]
    ),
    max_size=15,
)


@settings(max_examples=200, deadline=None)
@given(SOURCE_LINES, SOURCE_LINES)
def test_source_diff_rebuilds_both_sides_and_blocks_hold_only_deletions(raw, clean):
    raw_text, clean_text = "\n".join(raw), "\n".join(clean)
    diff = diff_source(raw_text, clean_text)
    rows: list[Row] = []
    for item in diff.items:
        if isinstance(item, RemovedBlock):
            assert all(row.op is Op.DELETED for row in item.rows)
            rows.extend(item.rows)
        else:
            rows.append(item)
    assert [row.old for row in rows if row.old is not None] == [
        line.rstrip() for line in raw if line.strip()
    ]
    assert [row.new for row in rows if row.new is not None] == [
        line.rstrip() for line in clean if line.strip()
    ]
