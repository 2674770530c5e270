"""Raw page dumps: find the article among the page's boilerplate.

The page is cut into units (a line of a browser-innerText dump, a re-joined
paragraph of a `lynx -dump`). Each unit is judged by its text alone — length,
sentence punctuation, link density, a few furniture phrases — in the manner of
jusText; the body is the run of units with the most good text in it, and the
title, byline and date are looked for just above it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reader.load import boilerplate
from reader.load.captions import caption_credit_at_end, credit_of_line, is_agency, split_credit
from reader.load.dates import find_date
from reader.load.page import Page
from reader.model import Caption

LYNX_WIDTH = 76  # lynx -dump wraps at this column
GOOD_CHARS = 80  # a unit this long with sentence punctuation is body text
SHORT_CHARS = 40
HEAD_WINDOW = 30  # units above the body searched for the headline
MAX_GAP = 20  # units without body text that end a run whatever came before
END_PENALTY = 300  # a "Most Read" or "Related" heading splits runs unless the body goes on
MIN_BODY = 150  # characters of body text before the comments that make an article


@dataclass(slots=True)
class Unit:
    text: str
    block: int  # which blank-line-separated block it came from
    alone: bool  # the only unit of its block (a paragraph or a heading)
    heading: bool = False  # lynx: flush left
    item: bool = False  # a list item
    links: int = 0  # lynx: link numbers that were in it
    image: bool = False  # lynx: an `[alt text]` image placeholder
    good: float = 0.0  # how much body text it is worth (negative: furniture)
    credit: tuple[str, str] | None = None  # (caption, credit) when it ends with a credit
    caption: int = -1  # index into the captions found, or -1
    head: bool | None = None  # a byline or date line; None until asked (_is_head)


# ---------------------------------------------------------------- units

_LINK_NUMBER = re.compile(r"\[\d+\]")
# lynx indents list bullets (* + o # @) and numbers by at least five spaces;
# body text by three, so "# 1 seed" at the start of a paragraph is text.
_LYNX_ITEM = re.compile(r"^(\s{4,})(?:[*+o#@-]|\d+\.)\s+")
_LYNX_REFERENCES = re.compile(r"^\s*\d+\.\s+\S+:\S*$")


def _fold(line: str) -> str:
    """White space folded to single spaces (skipped when there is none to fold)."""
    if line.isascii() and "  " not in line and "\t" not in line and line.strip(" ") == line:
        return line
    return " ".join(line.split())


def innertext_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    for block_index, block in enumerate(re.split(r"\n[ \t]*\n", text)):
        lines = [_fold(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        for line in lines:
            units.append(Unit(line, block_index, alone=len(lines) == 1))
    return units


def lynx_units(text: str) -> list[Unit]:
    lines = _without_references(text.split("\n"))
    units: list[Unit] = []
    parts: list[list[str]] = []  # each unit's physical lines
    block = 0
    previous: str | None = None  # the last physical line of the current unit
    indent_of_unit = -1
    for raw_line in lines:
        stripped = raw_line.strip()
        if not stripped:
            block += 1
            previous = None
            continue
        indent = len(raw_line) - len(raw_line.lstrip(" "))
        item = _LYNX_ITEM.match(raw_line) if indent >= 4 else None
        if item:
            body_indent = item.end()
            content = raw_line[item.end() :].strip()
        else:
            body_indent = indent
            content = stripped
        wrapped = (
            previous is not None
            and not item
            and indent == indent_of_unit
            and len(previous) + 1 + len(content.split(" ", 1)[0]) > LYNX_WIDTH
        )
        if wrapped and parts:
            parts[-1].append(content)  # joined once at the end: no quadratic +=
        else:
            units.append(Unit(content, block, alone=False, heading=indent == 0, item=bool(item)))
            parts.append([content])
            indent_of_unit = body_indent
        previous = raw_line.rstrip()
    for unit, pieces in zip(units, parts, strict=True):
        if len(pieces) > 1:
            unit.text = " ".join(pieces)
    _finish_lynx(units)
    return units


def _without_references(lines: list[str]) -> list[str]:
    """Drop the `References` list of URLs that closes a lynx dump."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() == "References":
            following = [line for line in lines[index + 1 : index + 6] if line.strip()]
            if following and all(_LYNX_REFERENCES.match(line) for line in following):
                return lines[:index]
    return lines


def _finish_lynx(units: list[Unit]) -> None:
    blocks: dict[int, int] = {}
    for unit in units:
        blocks[unit.block] = blocks.get(unit.block, 0) + 1
    for unit in units:
        unit.alone = blocks[unit.block] == 1
        if "[" not in unit.text:
            continue
        unit.links = len(_LINK_NUMBER.findall(unit.text))
        text = " ".join(_LINK_NUMBER.sub(" ", unit.text).split())
        # `[alt text]` stands for an image; a caption may follow it.
        if text.startswith("[") and text.endswith("]") and "[" not in text[1:-1]:
            unit.image = True
        unit.text = "" if unit.image else text


# ---------------------------------------------------------------- judging units

# A sentence ends with a full stop; "…" after a word is a teaser cut short.
_SENTENCE_END = re.compile(r"(?:[.!?。！？]|\s…|\s\.\.\.)['\"”’»)\]]*$")
_ICON_LABEL = re.compile(r"\ban? icon\b|\bicon (?:an?|used|displaying)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")


def text_length(text: str) -> int:
    """Characters, with CJK characters counted as the words they stand for."""
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    return len(text) + 2 * cjk


def judge(unit: Unit) -> float:
    """Positive: worth that much as body text. Negative: page furniture."""
    text = unit.text
    if not text or unit.image:
        return -10.0
    length = text_length(text)
    if length < SHORT_CHARS:  # most navigation: only the furniture test matters
        return -40.0 if boilerplate.is_furniture(text) else -8.0
    if ("icon" in text or "Icon" in text) and len(_ICON_LABEL.findall(text)) >= 2:
        return -40.0
    if boilerplate.is_furniture(text):
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


def _reads_as_prose(text: str) -> bool:
    """Sentences without a closing full stop: punctuated, mostly lower case.

    A headline list or a tag cloud has neither commas nor lower-case runs."""
    words = _WORD.findall(text)
    if len(words) < 12:
        return False
    lowercase = sum(1 for w in words if w[:1].islower())
    return lowercase >= 0.5 * len(words) and len(_PUNCTUATION.findall(text)) * 12 >= len(words)


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
        if (
            before_comments is None
            and best_sum >= MIN_BODY  # before any body, "Comments" is a link
            and not unit.item
            and boilerplate.starts_comments(unit.text)
        ):
            before_comments = (best_sum, best)
            running, start = 0.0, index + 1
            continue
        worth = unit.good
        if boilerplate.ends_article(unit.text):
            worth -= END_PENALTY
        gap = 0 if worth > 0 else gap + 1
        running += worth
        if running <= 0 or gap > MAX_GAP:
            running = 0.0
            start = index + 1
        elif running > best_sum:
            best_sum = running
            best = (start, index + 1)
    return before_comments[1] if before_comments is not None else best


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


# ---------------------------------------------------------------- captions


def find_captions(units: list[Unit], start: int, end: int) -> list[Caption]:
    """Captions between the headline and the end of the body, each once.

    A caption is a line that ends with a photo credit, a line followed by a
    credit-only line, or a line printed twice (the second time with a credit).
    """
    captions: list[Caption] = []
    seen: set[str] = set()
    body_before = 0
    # The credit each line would be on its own, looked up once per line.
    start = max(0, start)
    line_credits = [credit_of_line(unit.text) for unit in units[start : end + 1]]
    line_credits.append(None)
    index = start
    while index < end:
        unit = units[index]
        nxt = units[index + 1] if index + 1 < len(units) else None
        credits = line_credits[index - start], line_credits[index - start + 1]
        text, credit, used = _caption_at(unit, nxt, *credits)
        if text is not None:
            after = units[index + used] if index + used < end else None
            if (
                after is not None
                and line_credits[index + used - start]
                and not _CREDIT_WORD.search(after.text)
            ):
                # "(Photo: Getty Images)" then "Getty" on a line of its own.
                credit = f"{credit} {after.text}" if credit else after.text
                used += 1
            for j in range(index, index + used):
                units[j].caption = len(captions)
            # Each caption once; a credit on its own once more, or an image
            # that advertises a subscription, is not one.
            key = _caption_key(credits[0] if credit is None and credits[0] else text)
            if key not in seen and not boilerplate.is_promotion(text):
                seen.add(key)
                if credit:
                    seen.add(_caption_key(credit))
                captions.append(Caption(text, credit, body_before))
            index += used
            continue
        if unit.good > 0:
            body_before += 1
        index += 1
    return captions


def _caption_at(
    unit: Unit, nxt: Unit | None, own_credit: str | None, next_credit: str | None
) -> tuple[str | None, str | None, int]:
    text = unit.text
    if not text or len(text) > 600 or _is_head(unit):
        return None, None, 1
    # "Image: Jose Mourinho has agreed a deal …": a labelled caption, no credit.
    if _LABELLED_CAPTION.match(text) and len(text.split()) >= 6:
        return text, None, 1
    # Printed twice: "caption" then "caption (Credit)".
    if nxt is not None and nxt.text.startswith(text) and len(nxt.text) > len(text):
        rest = nxt.text[len(text) :].strip()
        body, credit = split_credit(nxt.text)
        if credit and rest:
            return body, credit, 2
    if unit.credit is not None:
        return unit.credit[0], unit.credit[1], 1
    if own_credit is not None and _CREDIT_WORD.search(text) and not is_agency(text):
        # A credit on its own ("Photograph: Tim Robberts/Getty Images"); a bare
        # agency name ("REUTERS") is more often a byline.
        return text, None, 1
    # A line, then a credit-only line: "Michael Conroy, AP", "Image: Agency".
    if next_credit is not None and len(text.split()) >= 3 and not boilerplate.is_furniture(text):
        return text, next_credit, 2
    return None, None, 1


_CREDIT_WORD = re.compile(r"\b(?:photo|photograph|image|picture|credit|foto)s?\b", re.IGNORECASE)
_LABELLED_CAPTION = re.compile(r"^(?:image|photo|picture|foto|©)\s*:?\s", re.IGNORECASE)


def _caption_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


# ---------------------------------------------------------------- head fields

# "By Name", "Written by Name", "Posted by Name on …", "… | by Name": the
# word "by" opens the line or follows a separator, never mid-sentence.
_BYLINE = re.compile(
    r"(?:^(?:posted\s+|written\s+|words\s+|story\s+|text\s+|reporting\s+)?|[|·•]\s*)"
    r"(?:by|von|par|por|di|oleh|door|автор|текст)\s*[:\s]\s*"
    r"(?P<name>[^\W\d_][^|·•\n]{1,80})",
    re.IGNORECASE,
)
_BYLINE_TAIL = re.compile(
    r"\s*(?:[-–—|,·•]\s*(?:staff|special|senior|contributor|correspondent|reporter|editor|news|published|updated|posted)\b.*"
    r"|\s+(?:on|am|le|el|il)\s+\w+\s+\d.*|\s+(?:published|updated|posted)\b.*|\s*\d{1,2}[:/.]\d.*|\s*\(.*|\s*@.*)$",
    re.IGNORECASE,
)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:›|»|>|/|\||→)\s*")


def find_byline(units: Sequence[Unit], lo: int, hi: int) -> str | None:
    for unit in units[lo:hi]:
        text = unit.text
        if len(text) > 160:
            continue
        match = _BYLINE.search(text)
        if not match:
            continue
        name = _clean_byline(match.group("name"))
        if name:
            return name
    return None


def _clean_byline(name: str) -> str | None:
    date_found = find_date(name)
    if date_found is not None:
        name = name[: date_found[1]]
    name = _BYLINE_TAIL.sub("", name).strip(" ,.-–—|:")
    words = name.split()
    if not words or len(words) > 12 or not words[0][:1].isupper():
        return None
    return name


def find_section(units: Sequence[Unit], title_index: int) -> str | None:
    """The last step of the breadcrumb just above the title."""
    for unit in reversed(units[max(0, title_index - 6) : title_index]):
        text = unit.text
        parts = [p for p in _BREADCRUMB_SPLIT.split(text) if p]
        if len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts) and len(text) <= 80:
            return parts[-1]
        words = text.split()
        if words and words[0].lower() == "home" and 2 <= len(words) <= 5:
            return words[-1]
    return None


_PUBLISHER = re.compile(
    r"^(?:more\s+from|more\s+stories\s+from|©\s*(?:\d{4}\s+)?|copyright\s+(?:©\s*)?(?:\d{4}\s+)?)"
    r"\s*(?P<name>[A-Z][\w&'’. -]{1,50}?)[.,]?(?:\s+all rights reserved.*)?$",
    re.IGNORECASE,
)


def find_publisher(units: Sequence[Unit]) -> str | None:
    for unit in units:
        if len(unit.text) > 90:
            continue
        match = _PUBLISHER.match(unit.text)
        if match:
            name = match.group("name").strip(" .,")
            if name and not name[0].isdigit():
                return name
    return None


def find_title(units: Sequence[Unit], start: int, body_words: set[str], page: str) -> int | None:
    """The index of the headline: a standalone, title-like unit close above the
    body whose words the body uses, often repeated elsewhere on the page."""
    best: tuple[float, int] | None = None
    lo = max(0, start - HEAD_WINDOW)
    for index in range(lo, min(start + 1, len(units))):
        unit = units[index]
        score = _title_score(unit, body_words)
        if score <= 0:
            continue
        if page.count(unit.text) >= 2:
            score += 0.5
        score -= 0.02 * (start - index)
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


_FULL_STOP_END = re.compile(r"\.['\"”’»)]*$")
_TWO_SENTENCES = re.compile(r"[^\W\d_]{2}[.!?] +[A-Z]")  # not "No. 1" or "U.S. Army"


def _title_score(unit: Unit, body_words: set[str]) -> float:
    text = unit.text
    if not 10 <= len(text) <= 300 or unit.credit or unit.caption >= 0 or unit.image or unit.item:
        return 0.0
    words = _WORD.findall(text)
    length = text_length(text)
    if len(words) < 2 or length < 10 or length > 300 or len(words) > 30:
        return 0.0
    if boilerplate.is_furniture(text):
        return 0.0
    if text.endswith(("…", "...")) or "://" in text or text.startswith("www."):
        return 0.0
    if find_date(text) is not None or _BYLINE.match(text):
        return 0.0
    score = 1.0
    if unit.good >= GOOD_CHARS:
        score -= 1.0  # a body paragraph
    if unit.heading:  # lynx sets headings flush left, the rest indented
        score += 1.5
    elif unit.alone:
        score += 1.0
    if unit.links:
        score -= 0.7
    if _FULL_STOP_END.search(text[-6:]):
        score -= 1.5  # headlines are not sentences with full stops
    elif _TWO_SENTENCES.search(text):
        score -= 0.7  # nor two of them, though a quoted slogan may have one
    content = {w.casefold() for w in words if len(w) >= 4 or not w.isascii()}
    # The share of its words the body uses, smoothed so that a two-word
    # section name does not outscore a headline.
    score += 2.0 * len(content & body_words) / (len(content) + 2)
    if 4 <= len(words) <= 25:
        score += 0.3
    elif len(words) <= 3 and all(w[:1].isupper() for w in words):
        score -= 0.5  # a name: the author's, the site's
    return score


# ---------------------------------------------------------------- the page


def parse_raw(text: str, *, lynx: bool = False) -> Page:
    units = lynx_units(text) if lynx else innertext_units(text)
    for unit in units:
        unit.good = judge(unit)
    start, end = body_region(units)
    if start >= end:
        return Page()
    body_words = set(
        _WORD.findall(" ".join(u.text for u in units[start:end] if u.good > 0).casefold())
    )
    # The headline sits above the first real paragraph, which may come some
    # way into the run when the run began on a stray block of text.
    first = next(
        (i for i in range(start, end) if units[i].alone and units[i].good >= GOOD_CHARS), start
    )
    title_index = find_title(units, first, body_words, text)
    if title_index is not None and title_index >= start:
        start = title_index + 1
    head_start = title_index if title_index is not None else max(0, start - 8)
    captions = find_captions(units, head_start + (title_index is not None), end)
    paragraphs = tuple(
        unit.text for unit in units[start:end] if keep_in_body(unit) and not _is_head(unit)
    )
    published = _published(units, head_start, start, end)
    return Page(
        title=units[title_index].text if title_index is not None else None,
        byline=find_byline(units, head_start, min(len(units), start + 4)),
        publisher=find_publisher(units),
        section=find_section(units, title_index) if title_index is not None else None,
        published=published,
        captions=tuple(captions),
        paragraphs=paragraphs,
    )


def _is_head(unit: Unit) -> bool:
    """Byline and date lines that sit inside the first lines of the body."""
    if unit.head is None:
        text = unit.text
        unit.head = len(text) <= 120 and (
            _BYLINE.search(text[:30]) is not None
            or (find_date(text) is not None and len(text.split()) <= 14)
        )
    return unit.head


def _published(
    units: Sequence[Unit], head_start: int, start: int, end: int
) -> date | datetime | None:
    """The date nearest the headline: in the head, just above it, in the body,
    after it (a "Posted on" footer, the first comment), at last the masthead."""
    for lo, hi in (
        (head_start, start + 4),
        (head_start - 10, head_start),
        (start, end),
        (end, len(units)),
        (0, head_start - 10),
    ):
        found = _first_date(units[max(0, lo) : max(0, hi)])
        if found is not None:
            return found
    return None


def _first_date(units: Sequence[Unit]) -> date | datetime | None:
    for unit in units:
        if len(unit.text) > 200 or unit.caption >= 0:
            continue
        found = find_date(unit.text)
        if found is not None:
            return found[0]
    return None
