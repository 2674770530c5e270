"""The fields above an article's body: headline, byline, date, section,
publisher."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from reader.load import boilerplate
from reader.load.body import GOOD_CHARS, text_length
from reader.load.dates import find_date
from reader.load.units import WORD, Unit

HEAD_WINDOW = 30  # units above the body searched for the headline
ABOVE_TITLE = 3  # units above the headline where a byline may stand, its date below it


# "By Name", "Written by Name", "Posted by Name on …", "… | by Name": the
# word "by" opens the line or follows a separator, never mid-sentence.
_BYLINE = re.compile(
    r"(?:^(?:posted\s+|written\s+|words\s+|story\s+|text\s+|reporting\s+)?|[|·•]\s*)"
    r"(?:by|von|par|por|di|oleh|door|автор|текст)\s*[:\s]\s*"
    r"(?P<name>[^\W\d_][^|·•\n]{1,80})",
    re.IGNORECASE,
)


def _byline(text: str) -> re.Match[str] | None:
    """_BYLINE.search(text): the pattern matches at the start or at a
    separator, so it is tried elsewhere only when the text has a separator
    (a search tries it at every character)."""
    match = _BYLINE.match(text)
    if match is None and ("|" in text or "·" in text or "•" in text):
        match = _BYLINE.search(text, 1)  # pos=1: "^" cannot match there
    return match


_BYLINE_TAIL = re.compile(
    r"\s*(?:[-–—|,·•]\s*(?:staff|special|senior|contributor|correspondent|reporter|editor|news|published|updated|posted)\b.*"
    r"|\s+(?:on|am|le|el|il)\s+\w+\s+\d.*|\s+(?:published|updated|posted)\b.*|\s*\d{1,2}[:/.]\d.*|\s*\(.*|\s*@.*)$",
    re.IGNORECASE,
)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:›|»|>|/|\||→)\s*")


def find_byline(units: Sequence[Unit], lo: int, hi: int, title: int | None = None) -> str | None:
    """A "By …" line in the head; else a name on its own line, with its role
    ("Senior Contributor") or next to the date (never the headline at
    `title`, which may be as short and as capitalised)."""
    lo = max(0, lo)
    head = units[lo:hi]
    for unit in head:
        name = _named_by(unit.text)
        if name:
            return name
    for index, unit in enumerate(head):
        alone = _name_line(unit) if lo + index != title else None
        if alone is None:
            continue
        if alone.group("role"):
            return alone.group("name")
        beside = (*head[max(0, index - 1) : index], *head[index + 1 : index + 2])
        if any(find_date(other.text) is not None for other in beside):
            return alone.group("name")
    if title is not None:
        # Some pages print the byline, perhaps a section, and the date above
        # the headline.
        above = units[max(0, title - ABOVE_TITLE) : title]
        for index, unit in enumerate(above):
            if not any(find_date(u.text) is not None for u in above[index + 1 :]):
                continue
            name = _named_by(unit.text)
            if name is None and (alone := _name_line(unit)) is not None:
                name = alone.group("name")
            if name:
                return name
    return None


def _named_by(text: str) -> str | None:
    """The name in a "By …" line."""
    match = _byline(text) if len(text) <= 160 else None
    return _clean_byline(match.group("name")) if match else None


def _name_line(unit: Unit) -> re.Match[str] | None:
    text = unit.text
    if len(text) > 80 or boilerplate.is_furniture(text):
        return None
    return _NAME_LINE.match(text)


# "Debbie White", "Natasha Turak@NatashaTurak", "Bruce Y. Lee Senior Contributor",
# "Steve Peoples, AP National Political Writer": two to four capitalised words,
# perhaps a handle or a role after them (after a comma, a few words of it).
_NAME_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_NAME_LINE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s(?:[A-Z]\.|{_NAME_WORD})){{1,3}}?)"
    r"(?:\s*@\w+|(?P<role>(?:\s+(?i:senior\s+|staff\s+)?|\s*,\s*(?:[^\s,]+\s+){0,4})"
    r"(?i:contributor|writer|reporter|correspondent|editor)))?$"
)


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
        if words and words[0].lower() == "home" and 2 <= len(words) <= 6:
            return _last_crumb(words[1:], units)
    return None


def _last_crumb(words: list[str], units: Sequence[Unit]) -> str:
    """ "Home Weekend Long Read" has lost its separators: the last step is the
    longest ending that the page's menus also name, else the last word."""
    menu = {unit.text.casefold() for unit in units if len(unit.text) <= 30}
    for size in range(min(3, len(words)), 1, -1):
        crumb = " ".join(words[-size:])
        if crumb.casefold() in menu:
            return crumb
    return words[-1]


_MORE_FROM = re.compile(r"^more\s+(?:stories\s+)?from\s+(?P<name>\S.{1,50}?)\W*$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?"
    r"(?P<name>[^\W\d][^\d.,;|]{1,60}?)\s*(?=(?:19|20)\d\d|[.,;|]|$)",
    re.IGNORECASE,
)
# How the two lines above can begin: a cheap test before their patterns.
_PUBLISHER_LINE_STARTS = frozenset("MmCc©(")
_LEGAL_FORM = re.compile(r"\s+(?:ltd|limited|inc|llc|plc|gmbh|ag|s\.?a|corp|co)\.?$", re.IGNORECASE)


def find_publisher(units: Sequence[Unit]) -> str | None:
    """The brand of a "More from …" list when the copyright line agrees (it
    may also name a section), else the copyright holder."""
    more_from = copyright_holder = None
    for unit in units:
        text = unit.text
        if len(text) > 200 or text[:1] not in _PUBLISHER_LINE_STARTS:
            continue
        if more_from is None and (match := _MORE_FROM.match(text)):
            more_from = match.group("name")
        elif copyright_holder is None and (match := _COPYRIGHT.match(text)):
            copyright_holder = _LEGAL_FORM.sub("", match.group("name").strip())
    if more_from and (copyright_holder is None or _shares_a_word(more_from, copyright_holder)):
        return more_from
    return copyright_holder or None


def _shares_a_word(a: str, b: str) -> bool:
    words = {w.casefold() for w in WORD.findall(a) if len(w) > 3}
    return bool(words & {w.casefold() for w in WORD.findall(b)})


REPEATED = 0.5  # a headline is often printed twice: as the page's title, as its heading


def find_title(units: Sequence[Unit], start: int, body_words: set[str], page: str) -> int | None:
    """The index of the headline: a standalone, title-like unit close above the
    body whose words the body uses, often repeated elsewhere on the page.

    The best score wins, the first of equal ones. Counting a text in the page
    costs more than scoring it, so the candidates are counted best first, and
    only while one could still win with the bonus for a repeated text."""
    lo = max(0, start - HEAD_WINDOW)
    candidates = []  # (the most it can score, the least, index)
    for index in range(lo, min(start + 1, len(units))):
        score = _title_score(units[index], body_words)
        if score > 0:
            distance = 0.02 * (start - index)
            candidates.append((score + REPEATED - distance, score - distance, index))
    best: tuple[float, int] | None = None
    for most, least, index in sorted(candidates, key=lambda c: (-c[0], c[2])):
        if best is not None and (most, -index) <= (best[0], -best[1]):
            break  # nor can any after it
        score = most if page.count(units[index].text) >= 2 else least
        if best is None or (score, -index) > (best[0], -best[1]):
            best = (score, index)
    return best[1] if best else None


_FULL_STOP_END = re.compile(r"\.['\"”’»)]*$")
_TWO_SENTENCES = re.compile(r"[^\W\d_]{2}[.!?] +[A-Z]")  # not "No. 1" or "U.S. Army"


def _title_score(unit: Unit, body_words: set[str]) -> float:
    text = unit.text
    if not 10 <= len(text) <= 300 or unit.credit or unit.caption >= 0 or unit.image or unit.item:
        return 0.0
    words = WORD.findall(text)
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
    elif (". " in text or "! " in text or "? " in text) and _TWO_SENTENCES.search(text):
        # (the pattern is tried at every letter: only where a sentence ends)
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


def is_head_line(unit: Unit) -> bool:
    """Byline and date lines that sit inside the first lines of the body."""
    if unit.head is None:
        text = unit.text
        unit.head = len(text) <= 120 and (
            _byline(text[:30]) is not None
            or (find_date(text) is not None and len(text.split()) <= 14)
        )
    return unit.head


def find_published(
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
