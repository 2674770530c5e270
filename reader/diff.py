"""How two versions of an article differ: pure functions, no Textual, no I/O.

The shape follows difflib's: sequences in, a list of rows out.

    diff_paragraphs(old, new)   paragraphs ─► rows: equal, changed, inserted, deleted, moved
    word_diff(old, new)         one changed pair ─► marked spans on each side + word counts
    diff_versions(old, new)     two Versions ─► metadata changes, caption rows, body rows, summary
    diff_source(raw, clean)     two source texts, line by line, removed runs grouped into blocks
    fold(rows, context)         runs of unchanged rows ─► Fold markers (changes with context)
    wrap_spans(spans, width)    the layout step both the command line and the screen share

Every row keeps both sides' text, so each side can be rebuilt exactly from the
rows (the tests check that): a deleted row has only an old side, an inserted
row only a new side, and a moved paragraph is two one-sided rows that point at
each other, one where it was and one where it is now.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TypeVar

from rich.cells import cell_len

from reader.model import Caption, Version

__all__ = [
    "FieldChange",
    "Fold",
    "Op",
    "RemovedBlock",
    "Row",
    "SourceDiff",
    "Span",
    "Summary",
    "VersionDiff",
    "WordCounts",
    "diff_paragraphs",
    "diff_source",
    "diff_versions",
    "field_text",
    "fold",
    "fold_flags",
    "is_trivial",
    "merged_words",
    "printable",
    "summarize",
    "word_diff",
    "words",
    "wrap_spans",
]

# Two paragraphs whose words are at least this similar are one changed
# paragraph, not a deletion plus an insertion.
PAIR_SIMILARITY = 0.5
# A paragraph deleted here and inserted there is "moved" when the two are at
# least this similar (exact copies always are).
MOVE_SIMILARITY = 0.6
# How far ahead, in paragraphs, the pairing inside a changed block looks for a
# partner; more finds more pairs in badly shuffled text, at quadratic cost.
LOOKAHEAD = 4
# Fuzzy move detection compares every leftover deletion with every leftover
# insertion; past this many comparisons only exact moves are looked for.
MOVE_COMPARISONS = 20_000
# difflib's matcher is quadratic in the worst case: past this many token
# pairs (two paragraphs of ~700 words), a pair is compared sentence by
# sentence instead of word by word, so that a page dumped as one giant
# paragraph cannot freeze the diff.
MAX_TOKEN_PAIRS = 2_000_000


class Op(StrEnum):
    """What happened to a row's paragraph between the two versions."""

    EQUAL = "equal"
    CHANGED = "changed"  # a pair of similar paragraphs
    INSERTED = "inserted"  # only in the new version
    DELETED = "deleted"  # only in the old version
    MOVED = "moved"  # one end of a paragraph that changed place


@dataclass(frozen=True, slots=True)
class Span:
    """A run of a paragraph's text; `marked` = deleted (old side) or inserted (new side)."""

    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class WordCounts:
    """Words compared in a row: matched on both sides, added, removed, or changed."""

    matched: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0

    def __add__(self, other: WordCounts) -> WordCounts:
        return WordCounts(
            self.matched + other.matched,
            self.added + other.added,
            self.removed + other.removed,
            self.changed + other.changed,
        )

    def mirrored(self) -> WordCounts:
        return WordCounts(self.matched, self.removed, self.added, self.changed)


@dataclass(frozen=True, slots=True)
class Row:
    """One aligned row: a paragraph of the old version facing its counterpart.

    `old`/`new` are None on the side where the row has no paragraph (the view
    draws filler there). For a MOVED row, `partner` is the index of the row at
    the other end of the move. `trivial` is true for a change only in white
    space, punctuation, case or quote style.
    """

    op: Op
    old: str | None = None
    new: str | None = None
    old_spans: tuple[Span, ...] = ()
    new_spans: tuple[Span, ...] = ()
    old_index: int | None = None  # position in the old sequence
    new_index: int | None = None
    trivial: bool = False
    partner: int | None = None
    counts: WordCounts = field(default_factory=WordCounts)

    @property
    def is_change(self) -> bool:
        return self.op is not Op.EQUAL

    def mirrored(self) -> Row:
        """The same row seen from the other side (old and new swapped)."""
        op = {Op.INSERTED: Op.DELETED, Op.DELETED: Op.INSERTED}.get(self.op, self.op)
        return Row(
            op,
            self.new,
            self.old,
            self.new_spans,
            self.old_spans,
            self.new_index,
            self.old_index,
            self.trivial,
            self.partner,
            self.counts.mirrored(),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """The figures a diff's header shows."""

    paragraphs_added: int = 0
    paragraphs_removed: int = 0
    paragraphs_changed: int = 0
    paragraphs_moved: int = 0
    words_added: int = 0
    words_removed: int = 0
    words_changed: int = 0
    similarity: float = 100.0  # percent of words the two versions share

    @property
    def is_equal(self) -> bool:
        return not (
            self.paragraphs_added
            or self.paragraphs_removed
            or self.paragraphs_changed
            or self.paragraphs_moved
        )

    def describe(self, unit: str = "¶") -> str:
        """One line for a header: `¶ +2 −1 ~3 · words +40 −12 ~5 · 93% similar`."""
        paragraphs = (
            f"+{self.paragraphs_added} −{self.paragraphs_removed} ~{self.paragraphs_changed}"
        )
        if self.paragraphs_moved:
            paragraphs += f" ↕{self.paragraphs_moved}"
        words = f"+{self.words_added} −{self.words_removed} ~{self.words_changed}"
        return f"{unit} {paragraphs} · words {words} · {self.similarity:.0f}% similar"


# ─── Words ──────────────────────────────────────────────────────────────────

# A word keeps its inner apostrophes ("don't" is one word); every other
# character that is not a letter, digit or space is a token of its own.
_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def tokens(text: str) -> list[str]:
    """`text` cut into words, single punctuation marks and runs of white space."""
    return _TOKEN.findall(text)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# A sentence with the white space after it; the last may lack an end mark.
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)\s*")


def _comparable_tokens(old: str, new: str) -> tuple[list[str], list[str], bool]:
    """Both texts as word tokens, or as sentences when words would be too many.

    The flag says which: True for sentences.
    """
    old_tokens, new_tokens = tokens(old), tokens(new)
    if len(old_tokens) * len(new_tokens) <= MAX_TOKEN_PAIRS:
        return old_tokens, new_tokens, False
    sentences = [piece for piece in _SENTENCE.findall(old) if piece]
    new_sentences = [piece for piece in _SENTENCE.findall(new) if piece]
    return sentences, new_sentences, True


def _is_word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


def _count_words(token_list: Sequence[str], sentences: bool = False) -> int:
    if sentences:
        return sum(len(words(token)) for token in token_list)
    return sum(1 for token in token_list if _is_word(token))


def word_diff(old: str, new: str) -> tuple[tuple[Span, ...], tuple[Span, ...], WordCounts]:
    """The changed words of a paragraph pair, as marked spans on each side."""
    old_tokens, new_tokens, sentences = _comparable_tokens(old, new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_pieces: list[tuple[str, bool]] = []
    new_pieces: list[tuple[str, bool]] = []
    counts = WordCounts()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = old_tokens[i1:i2], new_tokens[j1:j2]
        old_pieces.extend((token, tag != "equal") for token in old_part)
        new_pieces.extend((token, tag != "equal") for token in new_part)
        counts += _count_opcode(
            tag, _count_words(old_part, sentences), _count_words(new_part, sentences)
        )
    return _spans(old_pieces), _spans(new_pieces), counts


def merged_words(old: str, new: str) -> list[tuple[str, str]]:
    """A changed pair as one text for a unified diff: (piece, "equal"|"deleted"|"inserted").

    Each replaced run shows its deleted words before its inserted ones.
    """
    old_tokens, new_tokens, _ = _comparable_tokens(old, new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    merged: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            merged.append(("".join(old_tokens[i1:i2]), "equal"))
            continue
        if i2 > i1:
            merged.append(("".join(old_tokens[i1:i2]), "deleted"))
        if j2 > j1:
            merged.append(("".join(new_tokens[j1:j2]), "inserted"))
    return merged


def _count_opcode(tag: str, old_words: int, new_words: int) -> WordCounts:
    if tag == "equal":
        return WordCounts(matched=old_words)
    # A replaced run pairs its words off as changed; the excess on either side
    # was added or removed. This keeps the counts symmetric.
    changed = min(old_words, new_words)
    return WordCounts(added=new_words - changed, removed=old_words - changed, changed=changed)


def _spans(pieces: list[tuple[str, bool]]) -> tuple[Span, ...]:
    """Adjacent pieces with the same mark joined into spans.

    White space takes its mark from its neighbours: between two marked words it
    is marked ("the [quick brown] fox", not "the [quick] [brown] fox"), at the
    edge of a change it is not ("far more", not "[far ]more"). Only a change of
    white space alone stays marked as it is.
    """
    marks = [marked for _, marked in pieces]
    for index, (text, _) in enumerate(pieces):
        if not text.isspace():
            continue
        before = marks[index - 1] if index > 0 else False
        after = marks[index + 1] if index + 1 < len(pieces) else False
        if before and after:
            pieces[index] = (text, True)
        elif before or after:
            pieces[index] = (text, False)
    spans: list[Span] = []
    for text, marked in pieces:
        if spans and spans[-1].marked == marked:
            spans[-1] = Span(spans[-1].text + text, marked)
        else:
            spans.append(Span(text, marked))
    return tuple(spans)


# ─── Trivial changes ─────────────────────────────────────────────────────────


def _fold_trivia(text: str) -> str:
    """`text` without what a trivial change may touch: case, punctuation, spacing."""
    kept = (
        char if char.isalnum() or char == "_" else " "
        for char in unicodedata.normalize("NFKC", text).casefold()
    )
    return " ".join("".join(kept).split())


def is_trivial(old: str, new: str) -> bool:
    """True when the two texts differ only in white space, punctuation, case or quotes."""
    return old != new and _fold_trivia(old) == _fold_trivia(new)


# ─── Aligning paragraphs ─────────────────────────────────────────────────────


class _Similarity:
    """Word-level similarity of two paragraphs, with cheap bounds tried first.

    The bounds are difflib's `real_quick_ratio` and `quick_ratio`, worked
    out here from each paragraph's words and word counts (made once per
    paragraph): a SequenceMatcher indexes its second sequence when it is
    made, and a run of 20,000 unlike lines (tried in pairs as the window
    slides along them) spent most of its time making matchers to reject.
    """

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._counts: dict[str, Counter[str]] = {}

    def words_of(self, text: str) -> list[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = [word.casefold() for word in words(text)]
        return found

    def _counts_of(self, text: str) -> Counter[str]:
        found = self._counts.get(text)
        if found is None:
            found = self._counts[text] = Counter(self.words_of(text))
        return found

    def at_least(self, old: str, new: str, threshold: float) -> bool:
        if old == new:
            return True
        old_words, new_words = self.words_of(old), self.words_of(new)
        size = len(old_words) + len(new_words)
        if size and 2.0 * min(len(old_words), len(new_words)) / size < threshold:
            return False
        shared = (self._counts_of(old) & self._counts_of(new)).total()
        if size and 2.0 * shared / size < threshold:
            return False
        if len(old_words) * len(new_words) > MAX_TOKEN_PAIRS:
            return True  # the shared vocabulary is a good enough sign at this size
        return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio() >= threshold


def diff_paragraphs(
    old: Sequence[str], new: Sequence[str], *, detect_moves: bool = True
) -> tuple[Row, ...]:
    """Align two sequences of paragraphs into rows, in reading order of both sides."""
    # difflib breaks ties by position, so diff(a, b) and diff(b, a) could align
    # differently. Always aligning in one canonical direction and mirroring
    # keeps every figure symmetric.
    if tuple(new) < tuple(old):
        rows = [row.mirrored() for row in _align(new, old, detect_moves)]
    else:
        rows = _align(old, new, detect_moves)
    return tuple(_deletions_first(rows))


def _align(old: Sequence[str], new: Sequence[str], detect_moves: bool) -> list[Row]:
    similarity = _Similarity()
    rows: list[Row] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(_equal_row(old[i], i, j1 + i - i1) for i in range(i1, i2))
        else:
            rows.extend(_pair_block(old, range(i1, i2), new, range(j1, j2), similarity))
    if detect_moves:
        _find_moves(rows, similarity)
    return rows


def _equal_row(text: str, old_index: int, new_index: int) -> Row:
    counts = WordCounts(matched=len(words(text)))
    spans = (Span(text),) if text else ()
    return Row(Op.EQUAL, text, text, spans, spans, old_index, new_index, counts=counts)


def _deleted_row(text: str, index: int) -> Row:
    spans = (Span(text, True),) if text else ()
    return Row(
        Op.DELETED,
        old=text,
        old_spans=spans,
        old_index=index,
        counts=WordCounts(removed=len(words(text))),
    )


def _inserted_row(text: str, index: int) -> Row:
    spans = (Span(text, True),) if text else ()
    return Row(
        Op.INSERTED,
        new=text,
        new_spans=spans,
        new_index=index,
        counts=WordCounts(added=len(words(text))),
    )


def _changed_row(old: str, new: str, old_index: int, new_index: int) -> Row:
    old_spans, new_spans, counts = word_diff(old, new)
    return Row(
        Op.CHANGED,
        old,
        new,
        old_spans,
        new_spans,
        old_index,
        new_index,
        trivial=is_trivial(old, new),
        counts=counts,
    )


def _pair_block(
    old: Sequence[str],
    old_range: range,
    new: Sequence[str],
    new_range: range,
    similarity: _Similarity,
) -> list[Row]:
    """Rows for a replaced block: similar paragraphs paired in order, the rest one-sided.

    Greedy: from the current position, the nearest similar pair within
    LOOKAHEAD paragraphs on each side wins; what it skips over is deleted or
    inserted. Pairs never cross, so both sides stay in reading order.
    """
    rows: list[Row] = []
    i, j = old_range.start, new_range.start
    tried = (i, j)  # every pair before both of these was found not similar
    while i < old_range.stop and j < new_range.stop:
        pair = _nearest_pair(
            old, range(i, old_range.stop), new, range(j, new_range.stop), similarity, tried
        )
        if pair is None:
            # The window slides on by one: its pairs need not be tried again.
            tried = (
                i + min(LOOKAHEAD, old_range.stop - i),
                j + min(LOOKAHEAD, new_range.stop - j),
            )
            # Nothing similar in reach: give up on one paragraph, from the side
            # with more left, so the window slides along the longer run of
            # extras (boilerplate, inserted paragraphs) towards the partner.
            if old_range.stop - i >= new_range.stop - j:
                rows.append(_deleted_row(old[i], i))
                i += 1
            else:
                rows.append(_inserted_row(new[j], j))
                j += 1
            continue
        pi, pj = pair
        rows.extend(_deleted_row(old[k], k) for k in range(i, pi))
        rows.extend(_inserted_row(new[k], k) for k in range(j, pj))
        rows.append(_changed_row(old[pi], new[pj], pi, pj))
        i, j = pi + 1, pj + 1
    rows.extend(_deleted_row(old[k], k) for k in range(i, old_range.stop))
    rows.extend(_inserted_row(new[k], k) for k in range(j, new_range.stop))
    return rows


def _nearest_pair(
    old: Sequence[str],
    old_range: range,
    new: Sequence[str],
    new_range: range,
    similarity: _Similarity,
    tried: tuple[int, int],
) -> tuple[int, int] | None:
    """The first similar pair, nearest first; pairs before both `tried` are known not to be."""
    depth_old = min(LOOKAHEAD, len(old_range))
    depth_new = min(LOOKAHEAD, len(new_range))
    for distance in range(depth_old + depth_new - 1):
        for di in range(max(0, distance - depth_new + 1), min(distance, depth_old - 1) + 1):
            i, j = old_range.start + di, new_range.start + distance - di
            if i < tried[0] and j < tried[1]:
                continue
            if similarity.at_least(old[i], new[j], PAIR_SIMILARITY):
                return i, j
    return None


def _find_moves(rows: list[Row], similarity: _Similarity) -> None:
    """Turn a deletion and an insertion of the same (or a similar) paragraph into a move."""
    deleted = [index for index, row in enumerate(rows) if row.op is Op.DELETED]
    inserted = [index for index, row in enumerate(rows) if row.op is Op.INSERTED]
    if not deleted or not inserted:
        return
    by_text: dict[str, list[int]] = {}
    for index in inserted:
        by_text.setdefault(_text(rows[index].new), []).append(index)
    unmatched: list[int] = []
    for index in deleted:
        same = by_text.get(_text(rows[index].old))
        if same:
            _make_move(rows, index, same.pop(0))
        else:
            unmatched.append(index)
    remaining = [index for index in inserted if rows[index].op is Op.INSERTED]
    if len(unmatched) * len(remaining) > MOVE_COMPARISONS:
        return
    for index in unmatched:
        for other in remaining:
            if rows[other].op is Op.INSERTED and similarity.at_least(
                _text(rows[index].old), _text(rows[other].new), MOVE_SIMILARITY
            ):
                _make_move(rows, index, other)
                break


def _text(side: str | None) -> str:
    return side if side is not None else ""


def _make_move(rows: list[Row], from_index: int, to_index: int) -> None:
    """Rows `from_index` (deleted) and `to_index` (inserted) become the two ends of a move."""
    source, target = rows[from_index], rows[to_index]
    old_text, new_text = _text(source.old), _text(target.new)
    old_spans, new_spans, counts = word_diff(old_text, new_text)
    trivial = is_trivial(old_text, new_text)
    # The words are counted once, on the end where the paragraph was.
    rows[from_index] = replace(
        source, op=Op.MOVED, old_spans=old_spans, trivial=trivial, partner=to_index, counts=counts
    )
    rows[to_index] = replace(
        target,
        op=Op.MOVED,
        new_spans=new_spans,
        trivial=trivial,
        partner=from_index,
        counts=WordCounts(),
    )


def _deletions_first(rows: list[Row]) -> list[Row]:
    """Inside each run of one-sided rows, old-side rows before new-side ones.

    Such rows face filler, so reordering them within a run keeps both sides in
    order; it gives mirrored alignments the same familiar shape as diff's.
    """
    result: list[Row] = []
    run: list[tuple[int, Row]] = []
    moved_to: dict[int, int] = {}

    def flush() -> None:
        ordered = [item for item in run if item[1].old is not None]
        ordered += [item for item in run if item[1].old is None]
        for old_position, row in ordered:
            moved_to[old_position] = len(result)
            result.append(row)
        run.clear()

    for position, row in enumerate(rows):
        if row.old is None or row.new is None:
            run.append((position, row))
            continue
        flush()
        moved_to[position] = len(result)
        result.append(row)
    flush()
    return [
        replace(row, partner=moved_to[row.partner]) if row.partner is not None else row
        for row in result
    ]


# ─── Summary ─────────────────────────────────────────────────────────────────


def summarize(rows: Iterable[Row]) -> Summary:
    """Paragraphs and words added, removed, changed, and how similar the two sides are."""
    added = removed = changed = moved = 0
    counts = WordCounts()
    for row in rows:
        counts += row.counts
        if row.op is Op.INSERTED:
            added += 1
        elif row.op is Op.DELETED:
            removed += 1
        elif row.op is Op.CHANGED:
            changed += 1
        elif row.op is Op.MOVED and row.old is not None:
            moved += 1
    compared = 2 * (counts.matched + counts.changed) + counts.added + counts.removed
    similarity = 100.0 * 2 * counts.matched / compared if compared else 100.0
    return Summary(
        added, removed, changed, moved, counts.added, counts.removed, counts.changed, similarity
    )


# ─── Whole versions ──────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A metadata field (title, byline, published) that differs between versions."""

    name: str
    old: str | None
    new: str | None
    old_spans: tuple[Span, ...]
    new_spans: tuple[Span, ...]
    trivial: bool = False


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Everything the diff screen and `reader diff` show for a pair of versions."""

    old: Version
    new: Version
    fields: tuple[FieldChange, ...]
    captions: tuple[Row, ...]
    rows: tuple[Row, ...]
    summary: Summary

    @property
    def is_equal(self) -> bool:
        captions_equal = all(row.op is Op.EQUAL for row in self.captions)
        return self.summary.is_equal and not self.fields and captions_equal

    def describe(self) -> str:
        """The summary line, with the caption and metadata changes when there are any."""
        parts = [self.summary.describe()]
        captions = summarize(self.captions)
        if not captions.is_equal:
            moved = f" ↕{captions.paragraphs_moved}" if captions.paragraphs_moved else ""
            parts.append(
                f"captions +{captions.paragraphs_added} −{captions.paragraphs_removed} "
                f"~{captions.paragraphs_changed}{moved}"
            )
        if self.fields:
            parts.append("changed " + ", ".join(change.name for change in self.fields))
        return " · ".join(parts)


COMPARED_FIELDS = ("title", "byline", "published")


def diff_versions(old: Version, new: Version) -> VersionDiff:
    rows = diff_paragraphs(old.paragraphs, new.paragraphs)
    return VersionDiff(
        old=old,
        new=new,
        fields=diff_fields(old, new),
        captions=diff_paragraphs(caption_lines(old.captions), caption_lines(new.captions)),
        rows=rows,
        summary=summarize(rows),
    )


def diff_fields(old: Version, new: Version) -> tuple[FieldChange, ...]:
    changes: list[FieldChange] = []
    for name in COMPARED_FIELDS:
        old_value, new_value = getattr(old, name), getattr(new, name)
        old_text, new_text = field_text(old_value), field_text(new_value)
        if old_text == new_text:
            continue
        if isinstance(old_value, str | None) and isinstance(new_value, str | None):
            old_spans, new_spans, _ = word_diff(old_text or "", new_text or "")
        else:  # a date reads better changed as a whole than digit by digit
            old_spans = (Span(old_text, True),) if old_text else ()
            new_spans = (Span(new_text, True),) if new_text else ()
        changes.append(
            FieldChange(
                name,
                old_text,
                new_text,
                old_spans,
                new_spans,
                _is_trivial_field(old_value, new_value, old_text, new_text),
            )
        )
    return tuple(changes)


def field_text(value: object) -> str | None:
    """A metadata value as the diff shows it: dates as ISO 8601 to the minute."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
    return str(value)


def _is_trivial_field(
    old_value: object, new_value: object, old_text: str | None, new_text: str | None
) -> bool:
    # The same day told with and without a time of day is a change of precision,
    # not of fact.
    if isinstance(old_value, date) and isinstance(new_value, date):
        return _day(old_value) == _day(new_value)
    if old_text is None or new_text is None:
        return False
    return is_trivial(old_text, new_text)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def caption_lines(captions: Iterable[Caption]) -> tuple[str, ...]:
    """Captions as the lines a diff compares: text, then the credit in parentheses."""
    return tuple(
        f"{caption.text} ({caption.credit})" if caption.credit else caption.text
        for caption in captions
    )


# ─── Source mode ─────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A run of consecutive source lines that only the old side has, shown collapsed."""

    rows: tuple[Row, ...]

    @property
    def first_line(self) -> str:
        return _text(self.rows[0].old)

    @property
    def line_count(self) -> int:
        return len(self.rows)

    @property
    def word_count(self) -> int:
        return sum(row.counts.removed for row in self.rows)


@dataclass(frozen=True, slots=True)
class SourceDiff:
    """The raw dump's lines against the clean text's: rows, deletions grouped in blocks."""

    items: tuple[Row | RemovedBlock, ...]
    summary: Summary

    @property
    def blocks(self) -> tuple[RemovedBlock, ...]:
        return tuple(item for item in self.items if isinstance(item, RemovedBlock))


def source_lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of a source text with their 0-based line numbers."""
    return [
        (number, line.rstrip()) for number, line in enumerate(text.splitlines()) if line.strip()
    ]


def diff_source(raw: str, clean: str) -> SourceDiff:
    """Line-by-line diff of two source texts, typically a raw dump against its clean text.

    Blank lines only separate blocks, so they are not compared. A row's
    `old_index`/`new_index` is the line number in its text. Consecutive deleted
    lines of the raw text (not separated by a blank line) form one RemovedBlock.
    """
    old_lines, new_lines = source_lines(raw), source_lines(clean)
    # Moves are not looked for: a line the cleaner kept in another place is
    # rare, and a RemovedBlock must hold deletions only.
    rows = diff_paragraphs(
        [line for _, line in old_lines], [line for _, line in new_lines], detect_moves=False
    )
    rows = tuple(_with_line_numbers(row, old_lines, new_lines) for row in rows)
    return SourceDiff(_group_removed(rows), summarize(rows))


def _with_line_numbers(
    row: Row, old_lines: list[tuple[int, str]], new_lines: list[tuple[int, str]]
) -> Row:
    old_index = old_lines[row.old_index][0] if row.old_index is not None else None
    new_index = new_lines[row.new_index][0] if row.new_index is not None else None
    return replace(row, old_index=old_index, new_index=new_index)


def _group_removed(rows: Sequence[Row]) -> tuple[Row | RemovedBlock, ...]:
    items: list[Row | RemovedBlock] = []
    block: list[Row] = []

    def flush() -> None:
        if block:
            items.append(RemovedBlock(tuple(block)))
            block.clear()

    for row in rows:
        if row.op is Op.DELETED:
            previous = block[-1].old_index if block else None
            if previous is not None and row.old_index != previous + 1:
                flush()  # a blank line (or a kept line) ends a block
            block.append(row)
            continue
        flush()
        items.append(row)
    flush()
    return tuple(items)


# ─── Changes with context ────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Fold:
    """`count` unchanged rows, starting at row `start`, hidden behind one line."""

    start: int
    count: int


def is_shown_change(row: Row, hide_trivial: bool) -> bool:
    """Whether the row counts as a change once trivial changes may be hidden."""
    return row.is_change and not (hide_trivial and row.trivial)


def fold(rows: Sequence[Row], context: int = 1, *, hide_trivial: bool = False) -> list[int | Fold]:
    """Row indices to show, with runs of unchanged rows away from changes folded.

    Each change keeps `context` unchanged rows before and after it; a fold
    replaces a hidden run only when it hides at least two rows (a fold line in
    place of one row saves nothing).
    """
    return fold_flags([is_shown_change(row, hide_trivial) for row in rows], context)


def fold_flags(changes: Sequence[bool], context: int = 1) -> list[int | Fold]:
    """`fold` for any sequence of items, given which of them are changes."""
    keep = [False] * len(changes)
    for index, is_change in enumerate(changes):
        if is_change:
            for near in range(max(0, index - context), min(len(changes), index + context + 1)):
                keep[near] = True
    shown: list[int | Fold] = []
    index = 0
    while index < len(changes):
        if keep[index]:
            shown.append(index)
            index += 1
            continue
        end = index
        while end < len(changes) and not keep[end]:
            end += 1
        if end - index >= 2:
            shown.append(Fold(index, end - index))
        else:
            shown.extend(range(index, end))
        index = end
    return shown


# ─── Layout shared by the command line and the screen ────────────────────────

# Controls that must never reach a terminal: C0 except newline, DEL and C1,
# plus the bidirectional overrides that can make text display in another
# order than it is stored. The loader already drops them; this is a second
# fence, because file names and hand-built versions skip the loader.
_UNPRINTABLE: dict[int, str | None] = {code: None for code in range(0x20) if code != 0x0A}
_UNPRINTABLE[0x09] = " "
_UNPRINTABLE.update({code: None for code in range(0x7F, 0xA0)})
_UNPRINTABLE.update({code: None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def printable(text: str) -> str:
    """`text` with every control character removed (tabs become spaces)."""
    return text.translate(_UNPRINTABLE)


S = TypeVar("S")
_PIECE = re.compile(r"\S*\s*")


def wrap_spans(
    spans: Sequence[tuple[str, S]], width: int, measure: Callable[[str], int] = cell_len
) -> list[list[tuple[str, S]]]:
    """Styled text wrapped into lines of at most `width` cells, words kept whole.

    Styles are opaque (`S`): the command line passes flags, the screen Rich
    styles. A word longer than a line is cut; white space is dropped at the
    start and end of a line, so a column never overflows.
    """
    width = max(1, width)
    lines: list[list[tuple[str, S]]] = [[]]
    used = 0

    def new_line() -> None:
        nonlocal used
        lines.append([])
        used = 0

    for text, style in spans:
        for piece in _PIECE.findall(text):
            word = piece.rstrip()
            space = piece[len(word) :]
            if word and used and used + measure(word) > width:
                new_line()
            while word and measure(word) > width - used:
                head = _cut(word, width - used, measure) or word[0]
                lines[-1].append((head, style))
                new_line()
                word = word[len(head) :]
            if word:
                lines[-1].append((word, style))
                used += measure(word)
            if space and used and used < width:
                fitted = space[: width - used]
                lines[-1].append((fitted, style))
                used += measure(fitted)
    return [_tidy_line(line) for line in lines]


def _cut(word: str, room: int, measure: Callable[[str], int]) -> str:
    """The longest head of `word` that fits in `room` cells."""
    used = 0
    for index, char in enumerate(word):
        used += measure(char)
        if used > room:
            return word[:index]
    return word


def _tidy_line(line: list[tuple[str, S]]) -> list[tuple[str, S]]:
    """Trailing white space dropped and neighbouring pieces of one style joined."""
    while line and not line[-1][0].rstrip():
        line.pop()
    if line:
        text, style = line[-1]
        line[-1] = (text.rstrip(), style)
    joined: list[tuple[str, S]] = []
    for text, style in line:
        if joined and joined[-1][1] == style:
            joined[-1] = (joined[-1][0] + text, style)
        else:
            joined.append((text, style))
    return joined
