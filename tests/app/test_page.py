"""The page the reading pane draws: scraped text in, the same text out, nothing interpreted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.app.page import BlockKind, PageStyles, layout, parse_blocks, source_blocks
from reader.markdown import one_line, to_markdown
from reader.model import Caption, Kind, Version

# Printable text biased towards the characters Markdown and Rich treat as syntax.
SYNTAX = "*_`#[]()<>!&\\|~-+=.:;'\"/{}^$%@ \t\n\x1b\x07\x00\u202e"
texts = st.text(
    alphabet=st.one_of(st.sampled_from(SYNTAX), st.characters(codec="utf-8")),
    max_size=80,
)


def version(paragraphs: tuple[str, ...], title: str = "T", captions=()) -> Version:
    return Version(
        path="x.txt",
        source=Path("/nonexistent/x.txt"),
        kind=Kind.CLEAN,
        title=title,
        byline="By Someone",
        publisher="Paper",
        published=date(2026, 1, 2),
        paragraphs=paragraphs,
        captions=captions,
    )


@settings(max_examples=300, deadline=None)
@given(paragraph=texts, title=texts)
def test_any_text_is_shown_as_it_is(paragraph: str, title: str) -> None:
    blocks = parse_blocks(to_markdown(version((paragraph,), title)), PageStyles())
    shown = [block.plain for block in blocks if block.kind is BlockKind.PARAGRAPH]
    assert shown == ([one_line(paragraph)] if one_line(paragraph) else [])
    titles = [block.plain for block in blocks if block.kind is BlockKind.TITLE]
    assert titles == ([one_line(title)] if one_line(title) else [])
    for block in blocks:
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in block.plain.replace("\n", ""))


def test_page_order_title_meta_body_and_figures_in_place() -> None:
    captions = (
        Caption("Second image", "B", position=2),
        Caption("Lead image", "Photo: A", position=0),
        Caption("Past the end", None, position=99),
    )
    page = version(("one", "two", "three"), captions=captions)
    blocks = parse_blocks(to_markdown(page), PageStyles())
    assert [(b.kind.value, b.plain) for b in blocks] == [
        ("title", "T"),
        ("meta", "By Someone · Paper · 2026-01-02"),
        ("figure", "Lead image\n— Photo: A"),
        ("paragraph", "one"),
        ("paragraph", "two"),
        ("figure", "Second image\n— B"),
        ("paragraph", "three"),
        ("figure", "Past the end"),
    ]
    assert [b.figure for b in blocks if b.kind is BlockKind.FIGURE] == [0, 1, 2]


def test_layout_wraps_to_width_and_records_offsets() -> None:
    words = " ".join(f"w{n}" for n in range(200))
    blocks = parse_blocks(to_markdown(version((words,))), PageStyles())
    lines, firsts = layout(blocks, 40)
    assert all(line.text.cell_len <= 40 - 2 for line in lines)
    body = [line for line in lines if blocks[line.block].kind is BlockKind.PARAGRAPH]
    for line in body:
        start = line.start
        assert blocks[line.block].plain[start : start + len(line.text.plain)] == line.text.plain
    assert len(firsts) == len(blocks)


def test_layout_can_stop_at_a_screenful_and_its_lines_are_the_whole_layouts() -> None:
    paragraphs = tuple(" ".join(f"p{p}w{n}" for n in range(60)) for p in range(20))
    blocks = parse_blocks(to_markdown(version(paragraphs)), PageStyles())
    whole, _ = layout(blocks, 40)
    first, _ = layout(blocks, 40, max_lines=12)
    assert whole.complete and not first.complete
    assert 12 <= len(first) < len(whole)
    assert [line.text.plain for line in first] == [line.text.plain for line in whole[: len(first)]]
    assert layout(blocks, 40, max_lines=len(whole) + 1)[0].complete


def test_source_lines_make_controls_visible() -> None:
    blocks = source_blocks("a\x1b[2Jb\r\nc\td\x00")
    assert [b.plain for b in blocks] == ["a␛[2Jb␍", "c→   d␀"]
