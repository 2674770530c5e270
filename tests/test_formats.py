"""Recognising the kind of a text (clean, raw innertext, raw lynx) and normalising it."""

from __future__ import annotations

import re
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from reader.load import boilerplate, load
from reader.load.formats import detect, is_lynx, parse_text
from reader.load.units import LYNX_WIDTH, lynx_units
from reader.model import Caption, Kind, Version

PARAGRAPHS = (
    "The harbour board has approved a budget of four million pounds for the coming year, "
    "its chair said on Tuesday evening after a long and sometimes angry meeting at the "
    "town hall.",
    "Members voted by seven to two in favour of the plan, which includes new cranes, a "
    "repaired pier and a larger staff for the summer season, when the ferries run twice "
    "a day.",
    "Opponents said the money would be better spent on the town's roads, and promised to "
    "raise the matter again at the next meeting of the full council in the spring.",
)
TITLE = "Harbour board approves new budget for the coming year"


def parse(text: str) -> Version:
    return parse_text(text, path="story.txt", source=Path("story.txt"))


# ---------------------------------------------------------------- clean texts


CLEAN_WITH_DATE = " date 2021-03-03 \n\n" + "\n\n".join(PARAGRAPHS) + "\n"
CLEAN_WITH_CAPTION = (
    " date 2021-03-03 The new pier at dawn (Jane Smith/Harbour News)\n\n"
    + "\n\n".join(PARAGRAPHS)
    + "\n"
)
CLEAN_WITHOUT_DATE = "\n\n".join(PARAGRAPHS) + "\n"


def test_clean_with_date_header() -> None:
    assert detect(CLEAN_WITH_DATE) == (Kind.CLEAN, "clean")
    version = parse(CLEAN_WITH_DATE)
    assert version.kind is Kind.CLEAN
    assert version.published == date(2021, 3, 3)
    assert version.captions == ()
    assert version.paragraphs == PARAGRAPHS
    assert version.title is None


def test_clean_with_date_header_and_lead_caption() -> None:
    assert detect(CLEAN_WITH_CAPTION) == (Kind.CLEAN, "clean")
    version = parse(CLEAN_WITH_CAPTION)
    assert version.published == date(2021, 3, 3)
    assert version.captions == (Caption("The new pier at dawn", "Jane Smith/Harbour News", 0),)
    assert version.paragraphs == PARAGRAPHS  # the caption is not the first paragraph


def test_clean_lead_caption_without_credit() -> None:
    text = " date 2019-11-19 The Doobie Brothers perform at the Beacon.\n\n" + "\n\n".join(
        PARAGRAPHS
    )
    version = parse(text)
    assert version.published == date(2019, 11, 19)
    assert [(c.text, c.credit) for c in version.captions] == [
        ("The Doobie Brothers perform at the Beacon.", None)
    ]
    assert version.paragraphs == PARAGRAPHS


def test_clean_without_date_header() -> None:
    assert detect(CLEAN_WITHOUT_DATE) == (Kind.CLEAN, "clean")
    version = parse(CLEAN_WITHOUT_DATE)
    assert version.kind is Kind.CLEAN
    assert version.published is None
    assert version.paragraphs == PARAGRAPHS


def test_clean_without_date_header_one_paragraph() -> None:
    assert detect(PARAGRAPHS[0] + "\n") == (Kind.CLEAN, "clean")
    assert parse(PARAGRAPHS[0]).paragraphs == PARAGRAPHS[:1]


def test_clean_paragraph_white_space_folded() -> None:
    text = " date 2021-03-03 \n\n" + PARAGRAPHS[0].replace(" the ", "  the\t") + "\n"
    assert parse(text).paragraphs == PARAGRAPHS[:1]


def test_clean_header_with_leading_blank_lines() -> None:
    assert detect("\n\n" + CLEAN_WITH_DATE)[0] is Kind.CLEAN


# ---------------------------------------------------------------- raw innertext dumps


INNERTEXT = (
    "Skip to content\n"
    "Home\nNews\nSport\nWeather\n"
    "Sign in\n"
    "\n"
    "Home News Local\n"
    "\n"
    f"{TITLE}\n"
    "\n"
    "By Jane Smith\n"
    "March 3, 2021, 9:15 am\n"
    "Share\n"
    "\n" + "\n\n".join(PARAGRAPHS) + "\n\n"
    "Most Read\n"
    "Town fair cancelled after storm\n"
    "New ferry timetable announced\n"
    "\n"
    "\u00a9 2021 Harbour News. All rights reserved.\n"
)


def test_innertext_detection() -> None:
    assert detect(INNERTEXT) == (Kind.RAW, "innertext")
    assert not is_lynx(INNERTEXT)


def test_innertext_page() -> None:
    version = parse(INNERTEXT)
    assert version.kind is Kind.RAW
    assert version.style == "innertext"
    assert version.title == TITLE
    assert version.byline == "Jane Smith"
    assert version.published == datetime(2021, 3, 3, 9, 15)
    assert version.section == "Local"
    assert version.publisher == "Harbour News"
    assert version.paragraphs == PARAGRAPHS


@pytest.mark.parametrize(
    "line, byline",
    [
        ("By Jane Smith and John Doe", "Jane Smith and John Doe"),
        ("Written by Jane Smith", "Jane Smith"),
        ("By Jane Smith | Published March 3, 2021", "Jane Smith"),
        ("Jane Smith", "Jane Smith"),  # a name alone, next to the date
        ("Jane Smith@janesmith", "Jane Smith"),
        ("Mary Jane Smith-Jones", "Mary Jane Smith-Jones"),
        ("Jane Smith Staff Writer", "Jane Smith"),
        ("Jane Smith, Harbour News Political Correspondent", "Jane Smith"),
    ],
)
def test_innertext_byline(line: str, byline: str) -> None:
    version = parse(INNERTEXT.replace("By Jane Smith", line))
    assert version.byline == byline
    assert version.paragraphs == PARAGRAPHS


def test_a_name_with_its_role_is_the_byline_without_a_date_beside_it() -> None:
    page = INNERTEXT.replace(
        "By Jane Smith\nMarch 3, 2021, 9:15 am\n", "Jane Smith Senior Contributor\n"
    )
    version = parse(page)
    assert version.byline == "Jane Smith"
    assert version.paragraphs == PARAGRAPHS


@pytest.mark.parametrize("line", ["By Jane Smith", "Jane Smith"])
def test_a_byline_above_the_headline_with_the_date_under_it(line: str) -> None:
    head = f"{TITLE}\n\nBy Jane Smith\nMarch 3, 2021, 9:15 am\n"
    page = INNERTEXT.replace(head, f"{line}\nLocal\nMarch 3, 2021, 9:15 am\n\n{TITLE}\n\n")
    version = parse(page)
    assert version.title == TITLE
    assert version.byline == "Jane Smith"
    assert version.published == datetime(2021, 3, 3, 9, 15)
    assert version.paragraphs == PARAGRAPHS


def test_a_menu_above_the_headline_is_not_the_byline() -> None:
    head = f"{TITLE}\n\nBy Jane Smith\nMarch 3, 2021, 9:15 am\n"
    # No date under them: menu entries, however much they look like names.
    page = INNERTEXT.replace(head, f"Local News\nHarbour Life\n\n{TITLE}\n\n")
    assert parse(page).byline is None


def test_a_title_case_headline_next_to_the_date_is_not_the_byline() -> None:
    page = INNERTEXT.replace(f"{TITLE}\n\nBy Jane Smith\n", "Harbour Budget Approved\n")
    version = parse(page)
    assert version.title == "Harbour Budget Approved"
    assert version.byline is None


def test_a_menu_word_next_to_the_date_is_not_the_byline() -> None:
    version = parse(INNERTEXT.replace("By Jane Smith\n", "Most Read\n"))
    assert version.byline is None


@pytest.mark.parametrize(
    "crumb", ["Home \u203a News \u203a Local", "Home / News / Local", "Home > News > Local"]
)
def test_innertext_section_from_breadcrumb(crumb: str) -> None:
    assert parse(INNERTEXT.replace("Home News Local", crumb)).section == "Local"


# A list of teasers with no heading that says so, then a promotion that reads
# as prose: the page's, not the story's.
TEASERS = (
    "Town fair cancelled after storm\n"
    "New ferry timetable announced\n"
    "Lifeboat crew honoured at palace\n"
    "School roof repairs delayed again\n"
    "Council tax to rise by three per cent\n"
    "\n"
    "Get the harbour's news in your inbox every morning, with the tides and the "
    "weather, free of charge.\n"
)


def test_a_list_near_the_end_closes_the_article() -> None:
    version = parse(INNERTEXT.replace("Most Read\n", TEASERS))
    assert version.paragraphs == PARAGRAPHS


def test_a_list_the_story_resumes_after_stays() -> None:
    steps = (
        "Ingredients\n8 ripe pears\n1 lemon\n1 tsp cinnamon\n1 tsp nutmeg\n1 jar honey\n\n"
        "Instructions\n"
        "Core and peel the pears, cut them into cubes and put them in a pot with the juice "
        "of the lemon and the spices.\n"
        "Add the honey and boil the mixture, stirring often, until the jam is thick enough "
        "to stick to the back of a spoon.\n"
        "Spoon the jam into the warm jars, put the lids on and boil them in a water bath "
        "for ten minutes before they cool.\n"
    )
    page = INNERTEXT.replace("\n\nMost Read\n", "\n\n" + steps + "\nMost Read\n")
    version = parse(page)
    assert version.paragraphs[: len(PARAGRAPHS)] == PARAGRAPHS
    assert [p.split()[0] for p in version.paragraphs[-3:]] == ["Core", "Add", "Spoon"]


@pytest.mark.parametrize(
    "marker",
    [
        "Вам также может быть интересно",
        "Das könnte Sie auch interessieren",
        "Potrebbe interessarti anche",
        "Artikel Terkait",
        "Добавить комментарий Отменить ответ",
        "Deixe um comentário",
        "Laisser un commentaire",
        "Tinggalkan Balasan",
    ],
)
def test_what_follows_an_end_marker_in_other_languages_is_not_the_story(marker: str) -> None:
    after = (
        "A reader wrote that the harbour board should have asked the fishermen first, and "
        "that the cranes will stand idle for most of the winter, as they did last year.\n"
    )
    version = parse(INNERTEXT.replace("Most Read\n", f"{marker}\n\n{after}\n"))
    assert version.paragraphs == PARAGRAPHS


@pytest.mark.parametrize("pattern", [boilerplate.FURNITURE, boilerplate.END_OF_ARTICLE])
def test_line_patterns_matched_against_the_lowered_line_are_lower_case(pattern) -> None:
    # They run on text.lower() without IGNORECASE: an upper-case letter in
    # one would never match. Escapes (\W, \S) are classes, not letters.
    letters = re.sub(r"\\.", "", pattern.pattern)
    assert letters == letters.lower()
    assert not pattern.flags & re.IGNORECASE


@pytest.mark.parametrize("line", ["MOST READ", "Most Read", "Related Articles", "Read more"])
def test_furniture_and_end_markers_match_whatever_their_case(line: str) -> None:
    assert boilerplate.is_furniture(line)
    if line != "Read more":
        assert boilerplate.ends_article(line)


def test_text_that_is_neither_is_raw() -> None:
    text = "Some line\nanother line\n\nand a third\nand a fourth\n"
    assert detect(text)[0] is Kind.RAW


# ---------------------------------------------------------------- raw lynx dumps


def lynx_paragraph(text: str) -> str:
    return textwrap.fill(
        text,
        width=LYNX_WIDTH,
        initial_indent="   ",
        subsequent_indent="   ",
        break_long_words=False,
        break_on_hyphens=False,
    )


LINKED = (
    PARAGRAPHS[0].replace("Tuesday", "[12]Tuesday").replace("town hall", "[13]town hall"),
    PARAGRAPHS[1],
    PARAGRAPHS[2].replace("roads", "[14]roads"),
)
NAV = "\n".join(
    f"     * [{i}]{name}"
    for i, name in enumerate(["Home", "News", "Sport", "Business", "Weather", "Opinion"], 1)
)
REFERENCES = "References\n\n" + "\n".join(
    f"  {i:>3}. https://harbour.example/page/{i}" for i in range(1, 17)
)
LYNX = (
    "\n\n".join(
        [
            "   [7]Harbour News\n" + NAV,
            TITLE,
            "   By [8]Jane Smith\n   March 3, 2021, 9:15 am",
            "   [The new pier at dawn]",
            *[lynx_paragraph(p) for p in LINKED],
            "     * [15]Share on Facebook\n     * [16]Share on Twitter",
            REFERENCES,
        ]
    )
    + "\n"
)


def test_lynx_fixture_is_wrapped() -> None:
    lines = LYNX.splitlines()
    assert max(len(line) for line in lines) <= LYNX_WIDTH
    assert sum(1 for line in lines if line.startswith("   ") and len(line) > 60) >= 6


def test_lynx_detection() -> None:
    assert is_lynx(LYNX)
    assert detect(LYNX) == (Kind.RAW, "lynx")


def test_lynx_page() -> None:
    version = parse(LYNX)
    assert version.kind is Kind.RAW
    assert version.style == "lynx"
    assert version.title == TITLE
    assert version.byline == "Jane Smith"
    assert version.published == datetime(2021, 3, 3, 9, 15)


def test_lynx_wrapped_lines_rejoined() -> None:
    assert parse(LYNX).paragraphs == PARAGRAPHS


def test_lynx_link_numbers_and_images_removed() -> None:
    version = parse(LYNX)
    text = " ".join(version.paragraphs)
    assert "[" not in text
    assert "]" not in text
    assert "new pier at dawn" not in text
    for unit in lynx_units(LYNX):
        assert "[12]" not in unit.text
        assert "[The new pier at dawn]" not in unit.text


def test_lynx_references_dropped() -> None:
    units = lynx_units(LYNX)
    assert not any("harbour.example" in unit.text for unit in units)
    assert not any(unit.text == "References" for unit in units)
    assert "harbour.example" not in " ".join(parse(LYNX).paragraphs)


def test_lynx_unit_count() -> None:
    # Each wrapped paragraph is one unit, each list item another.
    texts = [unit.text for unit in lynx_units(LYNX)]
    for paragraph in PARAGRAPHS:
        assert texts.count(paragraph) == 1
    assert "Home" in texts
    assert "Share on Facebook" in texts


def test_lynx_and_innertext_give_the_same_body() -> None:
    assert parse(LYNX).paragraphs == parse(INNERTEXT).paragraphs


# ---------------------------------------------------------------- captions in raw dumps


def test_innertext_captions_each_once_not_in_the_body() -> None:
    page = INNERTEXT.replace(
        "Share\n\n",
        "Share\n"
        "The sea wall at Westhaven after the storm\n"
        "The sea wall at Westhaven after the storm (Jane Smith/AP)\n\n",
        1,
    ).replace(
        PARAGRAPHS[1] + "\n\n",
        PARAGRAPHS[1] + "\n\nCouncillors visit the breach on Tuesday\nMichael Conroy, AP\n\n",
    )
    version = parse(page)
    assert [(c.text, c.credit) for c in version.captions] == [
        ("The sea wall at Westhaven after the storm", "Jane Smith/AP"),
        ("Councillors visit the breach on Tuesday", "Michael Conroy, AP"),
    ]
    assert [c.position for c in version.captions] == [0, 2]
    assert version.paragraphs == PARAGRAPHS
    assert version.title == TITLE


def test_lynx_caption_after_an_image_not_in_the_body() -> None:
    page = LYNX.replace(
        "   [The new pier at dawn]",
        "   [The new pier at dawn]\n\n"
        "   The new pier at dawn, seen from the lighthouse (Photo: Getty Images)\n\n"
        "   Getty",
    )
    version = parse(page)
    assert [c.text for c in version.captions] == ["The new pier at dawn, seen from the lighthouse"]
    assert version.captions[0].credit is not None
    assert "Getty Images" in version.captions[0].credit
    assert version.paragraphs == PARAGRAPHS


def test_three_styles_of_one_story_load_as_one_article(tmp_path: Path) -> None:
    (tmp_path / "innertext.txt").write_text(INNERTEXT, encoding="utf-8")
    (tmp_path / "lynx.txt").write_text(LYNX, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN_WITH_CAPTION, encoding="utf-8")
    result = load([tmp_path])
    assert result.problems == ()
    [article] = result.articles
    styles = {v.path: (v.kind, v.style) for v in article.versions}
    assert styles == {
        "clean.txt": (Kind.CLEAN, "clean"),
        "innertext.txt": (Kind.RAW, "innertext"),
        "lynx.txt": (Kind.RAW, "lynx"),
    }
    assert article.title == TITLE
    assert article.paragraphs == PARAGRAPHS
    assert article.published == datetime(2021, 3, 3, 9, 15)
