"""Image captions and their photo credits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.load import captions
from reader.load.captions import CREDIT_LINE, credit_of_line, make_caption, split_credit
from reader.model import Caption


@pytest.mark.parametrize(
    "text, caption, credit",
    [
        (
            "Russian foreign minister Sergei Lavrov, right, and Wang Yi "
            "(Alexander Nemenov/Pool/AP)",
            "Russian foreign minister Sergei Lavrov, right, and Wang Yi",
            "Alexander Nemenov/Pool/AP",
        ),
        (
            "Russian President Vladimir Putin speaks to Wang Yi at the Kremlin in Moscow "
            "(Anton Novoderezhkin/Sputnik/Kremlin Pool Photo/AP)",
            "Russian President Vladimir Putin speaks to Wang Yi at the Kremlin in Moscow",
            "Anton Novoderezhkin/Sputnik/Kremlin Pool Photo/AP",
        ),
        (
            "The new fish market on the quay Image: DC Thomson",
            "The new fish market on the quay",
            "Image: DC Thomson",
        ),
        (
            "Protesters gather outside the government offices. Photograph: AFP via Getty",
            "Protesters gather outside the government offices.",
            "Photograph: AFP via Getty",
        ),
        (
            "Beijing Chaoyang Hospital, where plague-infected people sought treatmentCredit: EPA",
            "Beijing Chaoyang Hospital, where plague-infected people sought treatment",
            "Credit: EPA",
        ),
        (
            "Beijing Chaoyang Hospital, where plague-infected people sought treatment Credit: EPA",
            "Beijing Chaoyang Hospital, where plague-infected people sought treatment",
            "Credit: EPA",
        ),
    ],
)
def test_credit_split_off(text: str, caption: str, credit: str) -> None:
    assert split_credit(text) == (caption, credit)
    assert make_caption(text, 3) == Caption(caption, credit, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Members voted by seven to two in favour of the plan.",
        "Minnesota Wild Jonas Brodin (25) celebrates his goal with Jason Zucker (16 and "
        "Matt Dumba (25) during the second period",
        "The mayor (who was elected in May) opened the new pier",
    ],
)
def test_no_credit(text: str) -> None:
    assert split_credit(text) == (text, None)


def test_white_space_folded() -> None:
    assert split_credit("  The  pier\n at dawn   (Jane Smith/AP) ") == (
        "The pier at dawn",
        "Jane Smith/AP",
    )


@pytest.mark.parametrize(
    "line, credit",
    [
        ("Image: DC Thomson", "DC Thomson"),
        ("Photo: Getty Images", "Getty Images"),
        ("Michael Conroy, AP", "Michael Conroy, AP"),
        ("Getty", "Getty"),
        ("(Alexander Nemenov/Pool/AP)", "Alexander Nemenov/Pool/AP"),
    ],
)
def test_credit_only_line(line: str, credit: str) -> None:
    assert credit_of_line(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "Members voted by seven to two in favour of the plan.",
        "The harbour board has approved a budget of four million pounds",
        "x" * 500,
    ],
)
def test_not_a_credit_line(line: str) -> None:
    assert credit_of_line(line) is None


def test_long_caption_is_linear() -> None:
    # No assertion on time: a backtracking pattern would hang here visibly.
    for text in ("(" * 100_000, "Photo " * 20_000, "a/" * 50_000, "Credit: " * 10_000):
        caption = make_caption(text)
        assert isinstance(caption.text, str)


def test_long_word_before_a_credit_word_is_linear() -> None:
    # One long word before "photo" made the name-before-agency form try every
    # split of the word into four (0.1 s a line): hundreds of such lines hang.
    for n in range(300):
        line = f"A{n:03}" + "b" * 88 + " photo"
        assert credit_of_line(line) is None


# The name-before-agency form as first written: the same lines, by splitting
# the words at every letter. On short lines it is the reference.
_WORDS_AS_WRITTEN = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}"
_WORDS_AS_FIRST_WRITTEN = r"(?:[A-Z][\w.'’-]*\s?){1,4}"
FIRST_CREDIT_LINE = re.compile(
    CREDIT_LINE.pattern.replace(_WORDS_AS_WRITTEN, _WORDS_AS_FIRST_WRITTEN), CREDIT_LINE.flags
)
CREDIT_PIECES = [
    "A",
    "b",
    "ſ",
    "K",
    "ı",
    "İ",
    "-",
    ".",
    "'",
    "’",
    " ",
    "  ",
    "\t",
    ",",
    "/",
    "|",
    "–",
]
CREDIT_PIECES += [
    "AP",
    "Getty Images",
    "Reuters",
    "via",
    "photo",
    "Credit:",
    "(",
    ")",
    "Smith",
    "J.",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), min_size=1, max_size=14).map("".join))
def test_credit_line_matches_as_first_written(line: str) -> None:
    assert _WORDS_AS_WRITTEN in CREDIT_LINE.pattern
    found, expected = CREDIT_LINE.match(line), FIRST_CREDIT_LINE.match(line)
    assert (found and found.groupdict()) == (expected and expected.groupdict())


AGENCY_OR_LABEL = re.compile(
    rf"\b{captions._AGENCIES}\b|/|{captions._LABEL}\s*:", re.IGNORECASE
)  # as _is_credit first searched for them
NAME_PIECES = [
    "AP",
    "ap",
    "aP",
    "AFP",
    "getty",
    "GETTY  IMAGES",
    "Getty\nImages",
    "epa-efe",
    "pa wire",
]
NAME_PIECES += ["İstock", "ıstock", "Shutterſtock", "ſns", "\u212a", "PHOTO :", "Crédit:", "CRÉDIT"]
NAME_PIECES += ["crÉdito:", "image  source:", "x", "_", "3", " ", "-", ".", "/", "é", "İ", "ı", "ß"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=8).map("".join))
def test_lowered_names_are_found_where_ignorecase_finds_them(text: str) -> None:
    lowered = captions._lowered_as_ignorecase(text)
    assert len(lowered) == len(text)
    found = captions._AGENCY_WORD.search(lowered) is not None
    assert found == (AGENCY_OR_LABEL.search(text) is not None)
