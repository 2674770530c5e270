"""Captions in a raw page: each figure between the headline and the end of the
body, once, with its credit, and where it stood among the paragraphs."""

from __future__ import annotations

import re

from reader.load import boilerplate
from reader.load.captions import credit_of_line, is_agency, split_credit
from reader.load.head import is_head_line
from reader.load.units import WORD, Unit
from reader.model import Caption


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
    if not text or len(text) > 600:
        return None, None, 1
    found = _caption_or_none(unit, nxt, own_credit, next_credit)
    # A byline or date line is never a caption; asked only of the few lines
    # that would be one, as the test costs more than the rest.
    if found[0] is not None and is_head_line(unit):
        return None, None, 1
    return found


def _caption_or_none(
    unit: Unit, nxt: Unit | None, own_credit: str | None, next_credit: str | None
) -> tuple[str | None, str | None, int]:
    text = unit.text
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
    return " ".join(WORD.findall(text.casefold()))
