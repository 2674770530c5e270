"""Image captions and their photo credits."""

from __future__ import annotations

import re

from reader.model import Caption

# A credit closes a caption: "(Alexander Nemenov/Pool/AP)", "Image: DC Thomson",
# "Photo: Getty Images", "Credit: …", "(AP Photo/Jeffrey T. Barnes)".
_CREDIT_WORDS = r"(?:image|images|photo|photos|photograph|picture|pictures|pic|credit|source|foto|bild|video)"
_PAREN_CREDIT = re.compile(r"\s*\(([^()]{2,120})\)\s*$")
_LABEL_CREDIT = re.compile(
    rf"(?:^|[\s.,;:|–—-])\s*(?:\w+\s)?{_CREDIT_WORDS}(?: credit| by)?\s*[:：]\s*(\S[^:]{{1,100}})$",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"\b(?:AP|AFP|Reuters|Getty|EPA|PA|Shutterstock|Alamy|Pool|Sputnik|Xinhua|Bloomberg|"
    r"Photo|Image|Images|Handout|Courtesy|Press|Wire|Staff|News)\b|/",
    re.IGNORECASE,
)


def split_credit(text: str) -> tuple[str, str | None]:
    """A caption's text and its credit, when it ends with one."""
    text = " ".join(text.split())
    paren = _PAREN_CREDIT.search(text)
    if paren and _looks_like_credit(paren.group(1)):
        return text[: paren.start()].rstrip(), paren.group(1).strip()
    label = _LABEL_CREDIT.search(text)
    if label:
        head = text[: label.start()].rstrip(" .,;:|–—-")
        credit = label.group(1).strip().rstrip(".")
        if head:
            return head + ("" if head.endswith((".", "!", "?")) else ""), credit
        return text, None
    return text, None


def _looks_like_credit(inner: str) -> bool:
    """Parenthesised text is a credit when it names an agency or has a slash,
    or is a short run of capitalised names ("(John Smith)")."""
    if _AGENCY.search(inner):
        return True
    words = inner.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words)


def make_caption(text: str, position: int = 0) -> Caption:
    body, credit = split_credit(text)
    return Caption(body, credit, position)
