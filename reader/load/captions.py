"""Image captions and their photo credits.

A credit closes a caption — "(Alexander Nemenov/Pool/AP)", "Image: DC Thomson",
"Photograph: AFP via Getty", "Credit: EPA" — or sits on a line of its own
under it ("Michael Conroy, AP"). Agencies and credit labels are data, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.load.boilerplate import memo_lines
from reader.model import Caption

_LABEL = (
    r"(?:photo(?:graph)?s?|images?|pictures?|pics?|credits?|fotos?|source|image\s+source|"
    r"photo\s+credit|photo\s+illustration|courtesy|bild|crédito|crédit)"
)
AGENCIES = (
    "AP", "AFP", "Reuters", "Getty", "Getty Images", "EPA", "EPA-EFE", "PA", "PA Wire",
    "PA Media", "Shutterstock", "Alamy", "Bloomberg", "Associated Press", "Xinhua", "Sputnik",
    "Pool", "Handout", "Rex Features", "iStock", "iStockphoto", "NASA", "ESA", "Wikimedia",
    "Wikimedia Commons", "Corbis", "TASS", "ANP", "dpa", "Imago", "Sipa", "Press Association",
    "Supplied", "Submitted", "File", "Staff", "SNS", "SNS Group",
)  # fmt: skip


def _names(names: Iterable[str]) -> str:
    """A pattern for any of the names, the longest first, spaces as any."""
    longest_first = sorted(names, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in longest_first) + ")"


_AGENCIES = _names(AGENCIES)
_AGENCY_LAST_WORDS = frozenset(name.split()[-1].casefold() for name in AGENCIES)

# "(Alexander Nemenov/Pool/AP)", "(Photo: Getty Images)", "(onmeth.com)"
_PAREN_AT_END = re.compile(r"\s*\(\s*([^()]{2,120}?)\s*\)\s*$")
# "… Photograph: AFP via Getty", "…treatmentCredit: EPA", "… Photo by D. Bennet"
_LABEL_AT_END = re.compile(
    rf"(?:(?<=[\s.,;:|–—-])|(?<=[a-z]))(?P<label>{_LABEL})\s*(?::|by\b)\s*(?P<credit>[^:]{{1,100}})$",
    re.IGNORECASE,
)
# "… the drug. Getty"
_AGENCY_AT_END = re.compile(rf"(?<=[.!?”\"’])\s+(?P<credit>{_AGENCIES}(?:\s*/\s*\w+)*)$")

CREDIT_TAIL = 160  # characters at the end of a text that can hold its credit

# A line that is nothing but a credit. The name before an agency is one to
# four words, each opening with a letter, one space between them; written as
# repeated "letter, word characters, optional space" it matched the same lines
# but could split a word at any letter (IGNORECASE: any letter), a search of
# the fourth power of its length (0.1 s for one long word before "photo").
CREDIT_LINE = re.compile(
    rf"""^\(?(?:
        {_LABEL}\s*(?::|by\b)\s*(?P<credit>[^.!?]{{2,60}}?)
      | (?P<credit2>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}}\s*(?:,|/|\||–|-)\s*{_AGENCIES}
                    (?:\s*(?:/|\|)\s*[\w\ ]{{2,30}})*)
      | (?P<credit3>{_AGENCIES}(?:\s*(?:/|\||via)\s*[\w ]{{2,30}})*)
      | (?P<credit4>[\w.'’ -]{{2,60}}\s(?:photo|picture|image)s?)
    )\)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Every label above holds one of these: a text without any has none.
_LABEL_STEMS = ("photo", "image", "pic", "credit", "crédit", "foto", "source", "courtesy", "bild")
_LABEL_STEM = re.compile("|".join(map(re.escape, _LABEL_STEMS)))  # one scan, not one per stem
_AGENCY_WORDS = frozenset(word.casefold() for name in AGENCIES for word in name.split())
_WORD_BREAKS = re.compile(r"[\s,/|()–-]+")


_AGENCY_NAMES = frozenset(name.casefold() for name in AGENCIES)


def is_agency(text: str) -> bool:
    """The line is an agency's name and nothing else ("Getty Images")."""
    return " ".join(text.strip(" ()").split()).casefold() in _AGENCY_NAMES


def _may_be_credit_line(text: str) -> bool:
    """A cheap test before CREDIT_LINE: a credit label or an agency's name."""
    lower = text.casefold()
    if _LABEL_STEM.search(lower):
        return True
    return not _AGENCY_WORDS.isdisjoint(_WORD_BREAKS.split(lower))


# An agency, a slash or a label, in lower case for _lowered_as_ignorecase.
_AGENCY_WORD = re.compile(rf"\b{_names(name.lower() for name in AGENCIES)}\b|/|{_LABEL}\s*:")
# Under IGNORECASE "i" also matches "İ" and "ı", "s" matches "ſ" and "k" the
# Kelvin sign; those mapped, the lowered text (one character for one) matches
# a lower-case pattern where the text matches it under IGNORECASE. A pattern of
# names is tried at every word, and much faster without the flag.
_IGNORECASE_LETTERS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def _lowered_as_ignorecase(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_IGNORECASE_LETTERS).lower()


_NO_CREDIT: str | None = None


@memo_lines(100, _NO_CREDIT)  # credit lines repeat under every photo of a site
def credit_of_line(text: str) -> str | None:
    """The credit, when the whole line is one."""
    if not _may_be_credit_line(text):
        return None
    match = CREDIT_LINE.match(text)
    if not match:
        return None
    credit = next(g for g in match.group("credit", "credit2", "credit3", "credit4") if g)
    return credit.strip(" .()")


def caption_credit_at_end(text: str) -> tuple[str, str] | None:
    """(caption, credit) when `text` closes with a credit; None otherwise."""
    if not _may_end_with_credit(text[-60:]):
        return None  # most paragraphs, ruled out before the tail is cut
    if len(text) > CREDIT_TAIL:
        # A credit is short: only the end of a long text needs searching.
        found = caption_credit_at_end(text[-CREDIT_TAIL:])
        if found is None:
            return None
        return text[: len(text) - CREDIT_TAIL] + found[0], found[1]
    # The pattern is tried at every position: only a text that ends with ")"
    # can match it.
    paren = _PAREN_AT_END.search(text) if text.rstrip().endswith(")") else None
    if paren and paren.start() > 0 and _is_credit(paren.group(1)):
        credit = paren.group(1)
        return text[: paren.start()].rstrip(), credit.strip()
    # Both patterns are tried at every position: each only on a text that has
    # what it needs, a label or a last word (an agency's, or one after its slash).
    patterns: tuple[re.Pattern[str], ...] = (
        (_LABEL_AT_END,) if _LABEL_STEM.search(text.lower()) else ()
    )
    if _ends_with_word_character(text):
        patterns += (_AGENCY_AT_END,)
    for pattern in patterns:
        match = pattern.search(text)
        if match and match.start() > 0:
            head = text[: match.start()].rstrip(" |–—-")
            if len(head.split()) >= 2:
                credit = (
                    match.group(0).strip() if pattern is _LABEL_AT_END else match.group("credit")
                )
                return head, credit.strip()
    return None


def _ends_with_word_character(text: str) -> bool:
    """The last character, or the one before a final newline ("$" matches
    there too), is a `\\w` character."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return last.isalnum() or last == "_"


def _may_end_with_credit(tail: str) -> bool:
    """A cheap test that rules out most paragraphs before the patterns run: a
    credit ends in ")", follows a "Label:" or "by", or ends with an agency."""
    stripped = tail.rstrip()
    if not stripped:
        return False
    if stripped.endswith(")") or ":" in tail or "：" in tail or " by " in tail.casefold():
        return True
    last = stripped.rsplit(None, 1)[-1].rstrip(".").rsplit("/", 1)[-1]
    return last.casefold() in _AGENCY_LAST_WORDS


_WEB_ADDRESS = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _is_credit(inner: str) -> bool:
    """Parenthesised text is a credit when it names an agency, has a slash or a
    credit label, or looks like a web address; not "(16 and Matt Dumba"."""
    if _WEB_ADDRESS.fullmatch(inner):
        return True
    if _AGENCY_WORD.search(_lowered_as_ignorecase(inner)):
        return len(inner.split()) <= 12
    return False


def split_credit(text: str) -> tuple[str, str | None]:
    """A caption's text and its credit, when it ends with one."""
    text = " ".join(text.split())
    found = caption_credit_at_end(text)
    if found is None:
        return text, None
    return found


def make_caption(text: str, position: int = 0) -> Caption:
    body, credit = split_credit(text)
    return Caption(body, credit, position)
