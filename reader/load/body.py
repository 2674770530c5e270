"""Which units are body text: each judged by its text alone (length, sentence
punctuation, link density, a few furniture phrases) in the manner of jusText,
then the run of units with the most body text in it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.load import boilerplate
from reader.load.captions import caption_credit_at_end
from reader.load.units import Unit

GOOD_CHARS = 80  # a unit this long with sentence punctuation is body text
SHORT_CHARS = 40
MAX_GAP = 20  # units without body text that end a run whatever came before
END_PENALTY = 300  # a "Most Read" or "Related" heading splits runs unless the body goes on
MIN_BODY = 150  # characters of body text before the comments that make an article
LIST_RUN = 5  # units in a row without body text: a list ...
TAIL_SHARE = 0.2  # ... that ends the article when less body than this follows it
RESUME = 3  # ... unless this many paragraphs in a row follow it


# A sentence ends with a full stop; "…" after a word is a teaser cut short.
_SENTENCE_END = re.compile(r"(?:[.!?。！？]|\s…|\s\.\.\.)['\"”’»)\]]*$")
_ICON_LABEL = re.compile(r"\ban? icon\b|\bicon (?:an?|used|displaying)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def text_length(text: str) -> int:
    """Characters, with CJK characters counted as the words they stand for."""
    # Most lines have none: a search says so faster than findall lists none.
    if text.isascii() or _CJK.search(text) is None:
        return len(text)
    return len(text) + 2 * len(_CJK.findall(text))


def judge(unit: Unit) -> float:
    """Positive: worth that much as body text. Negative: page furniture."""
    text = unit.text
    if not text or unit.image:
        return -10.0
    furniture, unit.ends = boilerplate.line_verdicts(text)  # body_region asks the second
    # Most navigation is short, and only the furniture test matters for it. A
    # line too short to reach SHORT_CHARS even with every character counted
    # three times (as CJK) is short without being measured.
    if len(text) * 3 < SHORT_CHARS or (length := text_length(text)) < SHORT_CHARS:
        return -40.0 if furniture else -8.0
    if furniture or (("icon" in text or "Icon" in text) and len(_ICON_LABEL.findall(text)) >= 2):
        return -40.0
    if unit.links and unit.links * 4 >= text.count(" ") + 1:
        return -20.0
    unit.credit = caption_credit_at_end(text)
    if unit.credit is not None:
        return 0.0
    # In an innertext dump a paragraph is a block of its own; lines that share
    # a block are list items, teasers and widgets more often than body text.
    weight = 1.0 if unit.alone else 0.5
    sentence = _SENTENCE_END.search(text[-8:]) is not None
    if length >= GOOD_CHARS and (sentence or _reads_as_prose(text)):
        return length * weight
    if sentence:
        return length * 0.5 * weight
    return -8.0


_PUNCTUATION = re.compile(r"[.,;:!?،、，。]")
_INITIAL = re.compile(r"(\w)\w*")  # each word's first character: a word is not copied


def _reads_as_prose(text: str) -> bool:
    """Sentences without a closing full stop: punctuated, mostly lower case.

    A headline list or a tag cloud has neither commas nor lower-case runs."""
    initials = _INITIAL.findall(text)
    words = len(initials)
    if words < 12 or len(_PUNCTUATION.findall(text)) * 12 < words:
        return False
    return sum(map(str.islower, initials)) >= 0.5 * words


# ---------------------------------------------------------------- the body


def body_region(units: Sequence[Unit]) -> tuple[int, int]:
    """The [start, end) run of units with the most body text (Kadane's maximum
    subarray over the units' worth), stopped at a heading that ends articles
    and at a long stretch without any body text.

    Readers' comments are prose too, often more of it than the article: a run
    after they begin wins only when nothing before them looks like a body.
    """
    best = (0, 0)
    best_sum = 0.0
    before_comments: tuple[float, tuple[int, int]] | None = None
    running = 0.0
    start = 0
    gap = 0  # units since the last one with body text
    for index, unit in enumerate(units):
        # Headings and markers are never body text: only those are matched.
        marker = unit.good <= 0
        if (
            marker
            and before_comments is None
            and best_sum >= MIN_BODY  # before any body, "Comments" is a link
            and not unit.item
            and boilerplate.starts_comments(unit.text)
        ):
            before_comments = (best_sum, best)
            running, start = 0.0, index + 1
            continue
        worth = unit.good
        if marker and unit.ends:
            worth -= END_PENALTY
        gap = 0 if worth > 0 else gap + 1
        running += worth
        if running <= 0 or gap > MAX_GAP:
            running = 0.0
            start = index + 1
        elif running > best_sum:
            best_sum = running
            best = (start, index + 1)
    start, end = before_comments[1] if before_comments is not None else best
    return start, _end_before_trailing_list(units, start, end)


def _end_before_trailing_list(units: Sequence[Unit], start: int, end: int) -> int:
    """Where the body ends when a list of short lines (related headlines, a
    newsletter box, the site's blurbs) runs into it near its end.

    A run of LIST_RUN or more units that are not body text, after which the
    body holds less than TAIL_SHARE of what came before, closes the article:
    what follows is the page's, not the story's. A list inside the story is
    followed by more of the story, and stays; so does one after which the
    story resumes, RESUME paragraphs in a row (a recipe's steps after its
    ingredients), however short."""
    # Both measures of what follows a list, known in one pass beforehand:
    # the body text after a point, and the last place the story resumes.
    total = sum(unit.good for unit in units[start:end] if unit.good > 0)
    resumes_at = _last_resumption(units, start, end)
    before = 0.0
    index = start
    while index < end:
        if units[index].good >= 0:
            before += max(0.0, units[index].good)
            index += 1
            continue
        run_end = index
        while run_end < end and units[run_end].good <= 0:
            run_end += 1
        listed = sum(1 for unit in units[index:run_end] if unit.good < 0)
        after = total - before  # nothing in the run is body text
        if listed >= LIST_RUN and after < TAIL_SHARE * before and resumes_at < run_end:
            return index
        index = run_end
    return end


def _last_resumption(units: Sequence[Unit], start: int, end: int) -> int:
    """Where the last run of RESUME or more units of body text in a row
    begins in [start, end), or -1."""
    found = -1
    in_a_row = 0
    for index in range(start, end):
        in_a_row = in_a_row + 1 if units[index].good > 0 else 0
        if in_a_row >= RESUME:
            found = index - in_a_row + 1
    return found


def keep_in_body(unit: Unit) -> bool:
    if unit.caption >= 0 or unit.good <= -20:
        return False
    if unit.good > 0:
        return True
    # Short units inside the body: subheadings and list items stay, loose
    # fragments of page furniture (one-word lines between lines) go.
    words = len(unit.text.split())
    standalone = unit.alone or unit.heading or unit.item
    return (standalone and words >= 2) or text_length(unit.text) >= 25
