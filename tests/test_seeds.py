"""The seed pair in ../shared/seeds: one raw page dump and its clean text."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from reader.cli import main
from reader.load import load
from reader.model import Article, Kind

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = Path(__file__).parent / "data" / "seeds"  # a copy of ../shared/seeds
SCORE = SHARED / "bench" / "score.py"
SEED_TRUTH = SHARED / "bench" / "seed-truth.json"

if not SEEDS.is_dir():
    pytest.skip(f"no seed files at {SEEDS}", allow_module_level=True)

TITLE = "Russia and China show off ties amid manoeuvring over Ukraine"
CREDITS = [
    "Alexander Nemenov/Pool/AP",
    "Anton Novoderezhkin/Sputnik/Kremlin Pool Photo/AP",
    "Alexander Nemenov/Pool/AP",
    "Evgeniy Maloletka/AP",
]
LEAD = (
    "Russian foreign minister Sergei Lavrov, right, welcomes the Chinese Communist "
    "Party\u2019s foreign policy chief Wang Yi for their talks in Moscow"
)


@pytest.fixture(scope="module")
def article() -> Article:
    result = load([SEEDS])
    assert result.problems == ()
    assert result.files_seen == 2
    assert len(result.articles) == 1
    return result.articles[0]


def test_one_article_with_two_versions(article: Article) -> None:
    assert len(article.versions) == 2
    assert {v.kind for v in article.versions} == {Kind.RAW, Kind.CLEAN}
    assert sorted(v.path for v in article.versions) == [
        "000_1300f8048a6427b8.txt",
        "003_320ab1d8c7ae9e4c.txt",
    ]


def test_article_fields(article: Article) -> None:
    assert article.title == TITLE
    assert article.byline == "Press Association"
    assert article.published == datetime(2023, 2, 22, 11, 53)
    assert article.section == "World"
    assert article.publisher == "Press and Journal"


def test_four_captions_each_once_with_their_credits(article: Article) -> None:
    assert [c.credit for c in article.captions] == CREDITS
    texts = [c.text for c in article.captions]
    assert len(set(texts)) == 4
    assert texts[0] == LEAD
    assert texts[2] == "Russian foreign minister Sergei Lavrov, right, and Wang Yi"
    for caption in article.captions:
        assert caption.text not in article.paragraphs
        assert "(" not in caption.text
        assert not any(credit in caption.text for credit in CREDITS)


def test_raw_paragraphs_equal_clean_paragraphs(article: Article) -> None:
    raw = next(v for v in article.versions if v.kind is Kind.RAW)
    clean = next(v for v in article.versions if v.kind is Kind.CLEAN)
    assert raw.paragraphs == clean.paragraphs
    assert len(clean.paragraphs) == 21
    assert clean.paragraphs[0].startswith("Russia and China have showcased their deepening ties")
    assert article.paragraphs == clean.paragraphs


def test_version_fields(article: Article) -> None:
    raw = next(v for v in article.versions if v.kind is Kind.RAW)
    clean = next(v for v in article.versions if v.kind is Kind.CLEAN)
    assert raw.title == TITLE
    assert raw.published == datetime(2023, 2, 22, 11, 53)
    assert [c.credit for c in raw.captions] == CREDITS
    assert clean.title is None
    assert str(clean.published) == "2023-02-22"
    assert [(c.text, c.credit) for c in clean.captions] == [(LEAD, CREDITS[0])]


def test_score_of_the_seed_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SCORE.is_file() or not SEED_TRUTH.is_file():
        pytest.skip("no shared/bench/score.py or seed-truth.json")
    out = tmp_path / "seeds.jsonl"
    assert main(["export", str(SEEDS), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    scored = subprocess.run(
        [sys.executable, str(SCORE), str(SEED_TRUTH), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = scored.stdout.strip().splitlines()[-1]
    figures = dict(pair.split("=") for pair in summary.split())
    assert figures == {
        "body_f1": "1.000",
        "title_acc": "1.00",
        "date_acc": "1.00",
        "caption_f1": "1.00",
        "group_f1": "1.00",
        "missing": "0",
    }, summary
    assert re.search(r"exported articles: 1 +versions: 2 +matched: 2 +missing: 0\b", scored.stdout)
