"""`reader export`: the JSON Lines contract of shared/EXPORT.md, exit status, problems."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "data" / "seeds"  # a copy of ../shared/seeds

ARTICLE_KEYS = {
    "id",
    "title",
    "byline",
    "publisher",
    "section",
    "published",
    "captions",
    "paragraphs",
    "word_count",
    "versions",
}
VERSION_KEYS = {"path", "kind", "title", "published", "captions", "paragraphs"}
CAPTION_KEYS = {"text", "credit"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$")

STORY = (
    " date 2021-03-03 The new pier at dawn (Jane Smith/Harbour News)\n"
    "\n"
    "The harbour board has approved a budget of four million pounds for the coming "
    "year, its chair said on Tuesday evening after a long meeting.\n"
    "\n"
    "Members voted by seven to two in favour of the plan, which includes new cranes, "
    "a repaired pier and a larger staff for the summer season at the caf\u00e9.\n"
    "\n"
    "Opponents said the money would be better spent on the town's roads, and promised "
    "to raise the matter again at the next meeting in the spring.\n"
)
PAGE = (
    "Home News Local\n"
    "\n"
    "Harbour board approves new budget for the coming year\n"
    "\n"
    "By Jane Smith\n"
    "March 3, 2021, 9:15 am\n"
    "\n"
    "The harbour board has approved a budget of four million pounds for the coming "
    "year, its chair said on Tuesday evening after a long meeting.\n"
    "\n"
    "Members voted by seven to two in favour of the plan, which includes new cranes, "
    "a repaired pier and a larger staff for the summer season at the caf\u00e9.\n"
    "\n"
    "Opponents said the money would be better spent on the town's roads, and promised "
    "to raise the matter again at the next meeting in the spring.\n"
    "\n"
    "Most Read\n"
)
OTHER = (
    "A school choir from the valley has won the national prize for young singers, the "
    "first win in the town's long history of singing competitions.\n"
    "\n"
    "The twenty-four children sang three songs in the final, held in the capital's "
    "concert hall in front of an audience of two thousand people.\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    (root / "harbour").mkdir(parents=True)
    (root / "harbour" / "page.txt").write_text(PAGE, encoding="utf-8")
    (root / "harbour" / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "choir.txt").write_text(OTHER, encoding="utf-8")
    return root


def export(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_module(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "reader", "export", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or REPO,
        env=env,
        timeout=120,
    )


def parse_lines(out: str) -> list[dict[str, Any]]:
    lines = out.splitlines()
    assert all(line.strip() for line in lines)
    articles = [json.loads(line) for line in lines]
    assert all(isinstance(a, dict) for a in articles)
    return articles


def check_contract(article: dict[str, Any]) -> None:
    assert set(article) >= ARTICLE_KEYS
    assert isinstance(article["id"], str) and article["id"]
    for key in ("title", "byline", "publisher", "section", "published"):
        assert article[key] is None or isinstance(article[key], str)
    assert isinstance(article["paragraphs"], list)
    assert all(isinstance(p, str) and p == " ".join(p.split()) for p in article["paragraphs"])
    assert article["word_count"] == sum(len(p.split()) for p in article["paragraphs"])
    check_captions(article["captions"])
    check_published(article["published"])
    assert article["versions"]
    for version in article["versions"]:
        assert set(version) >= VERSION_KEYS
        assert version["kind"] in {"raw", "clean"}
        assert isinstance(version["path"], str) and not version["path"].startswith("/")
        assert version["title"] is None or isinstance(version["title"], str)
        assert isinstance(version["paragraphs"], list)
        check_captions(version["captions"])
        check_published(version["published"])


def check_captions(captions: Any) -> None:
    assert isinstance(captions, list)
    for caption in captions:
        assert set(caption) >= CAPTION_KEYS
        assert isinstance(caption["text"], str)
        assert caption["credit"] is None or isinstance(caption["credit"], str)


def check_published(value: Any) -> None:
    if value is not None:
        assert ISO.match(value), value
        datetime.fromisoformat(value)


# ---------------------------------------------------------------- the contract


def test_every_key_present(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = export([str(folder)], capsys)
    assert (status, err) == (0, "")
    articles = parse_lines(out)
    assert len(articles) == 2
    for article in articles:
        check_contract(article)


def test_fields_of_an_article(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export([str(folder)], capsys)
    harbour = next(a for a in parse_lines(out) if len(a["versions"]) == 2)
    assert harbour["title"] == "Harbour board approves new budget for the coming year"
    assert harbour["byline"] == "Jane Smith"
    assert harbour["published"] == "2021-03-03T09:15"
    assert len(harbour["paragraphs"]) == 3
    assert "caf\u00e9" in harbour["paragraphs"][1]
    assert {v["kind"] for v in harbour["versions"]} == {"raw", "clean"}
    clean = next(v for v in harbour["versions"] if v["kind"] == "clean")
    assert clean["published"] == "2021-03-03"
    assert clean["title"] is None
    assert clean["captions"] == [
        {"text": "The new pier at dawn", "credit": "Jane Smith/Harbour News"}
    ]


def test_nulls_and_empty_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "choir.txt").write_text(OTHER, encoding="utf-8")
    _, out, _ = export([str(tmp_path)], capsys)
    [article] = parse_lines(out)
    check_contract(article)
    assert article["byline"] is None
    assert article["publisher"] is None
    assert article["section"] is None
    assert article["published"] is None
    assert article["captions"] == []
    assert article["versions"][0]["captions"] == []


def test_seeds_published_iso(capsys: pytest.CaptureFixture[str]) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"no seed files at {SEEDS}")
    status, out, _ = export([str(SEEDS)], capsys)
    assert status == 0
    [article] = parse_lines(out)
    check_contract(article)
    assert article["published"] == "2023-02-22T11:53"
    published = {v["path"]: v["published"] for v in article["versions"]}
    assert published == {
        "000_1300f8048a6427b8.txt": "2023-02-22T11:53",
        "003_320ab1d8c7ae9e4c.txt": "2023-02-22",
    }


def test_paths_relative_to_the_argument(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export([str(folder)], capsys)
    paths = sorted(v["path"] for a in parse_lines(out) for v in a["versions"])
    assert paths == ["choir.txt", "harbour/page.txt", "harbour/story.txt"]


def test_bare_name_for_a_file_argument(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = export([str(folder / "harbour" / "story.txt")], capsys)
    [article] = parse_lines(out)
    assert [v["path"] for v in article["versions"]] == ["story.txt"]


def test_several_arguments(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = export([str(folder / "harbour"), str(folder / "choir.txt")], capsys)
    assert status == 0
    paths = sorted(v["path"] for a in parse_lines(out) for v in a["versions"])
    assert paths == ["choir.txt", "page.txt", "story.txt"]


def test_versions_oldest_first(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.utime(folder / "harbour" / "story.txt", (1_600_000_000, 1_600_000_000))
    os.utime(folder / "harbour" / "page.txt", (1_700_000_000, 1_700_000_000))
    _, out, _ = export([str(folder)], capsys)
    harbour = next(a for a in parse_lines(out) if len(a["versions"]) == 2)
    assert [v["path"] for v in harbour["versions"]] == ["harbour/story.txt", "harbour/page.txt"]
    os.utime(folder / "harbour" / "story.txt", (1_800_000_000, 1_800_000_000))
    _, out, _ = export([str(folder)], capsys)
    harbour = next(a for a in parse_lines(out) if len(a["versions"]) == 2)
    assert [v["path"] for v in harbour["versions"]] == ["harbour/page.txt", "harbour/story.txt"]


def test_ids_stable_across_runs(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = export([str(folder)], capsys)
    _, second, _ = export([str(folder)], capsys)
    assert first == second
    ids = [a["id"] for a in parse_lines(first)]
    assert len(set(ids)) == len(ids) == 2
    again = run_module([str(folder)])
    assert [a["id"] for a in parse_lines(again.stdout)] == ids


def test_ids_do_not_depend_on_where_the_folder_is(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, first, _ = export([str(folder)], capsys)
    moved = folder.rename(tmp_path / "elsewhere")
    _, second, _ = export([str(moved)], capsys)
    assert sorted(a["id"] for a in parse_lines(first)) == sorted(
        a["id"] for a in parse_lines(second)
    )


# ---------------------------------------------------------------- problems and status


def test_problems_on_stderr(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "empty.txt").write_bytes(b"")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(5).randbytes(2000)
    (folder / "harbour" / "binary.dat").write_bytes(png)
    status, out, err = export([str(folder)], capsys)
    assert status == 1
    assert len(parse_lines(out)) == 2  # the articles are still written
    lines = sorted(err.splitlines())
    assert len(lines) == 2
    assert re.fullmatch(r"empty\.txt: .*empty.*", lines[0])
    assert re.fullmatch(r"harbour/binary\.dat: .*binary.*", lines[1])


def test_status_0_when_everything_loads(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = export([str(folder)], capsys)
    assert (status, err) == (0, "")


def test_status_2_without_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = export([], capsys)
    assert status == 2
    assert out == ""
    assert err.strip()


def test_status_2_when_nothing_is_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.dat").write_bytes(b"\x00" * 100)
    status, out, err = export([str(tmp_path)], capsys)
    assert status == 2
    assert out == ""
    assert sorted(line.split(":")[0] for line in err.splitlines()) == ["binary.dat", "empty.txt"]


def test_status_2_for_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    status, out, err = export([str(missing)], capsys)
    assert status == 2
    assert out == ""
    assert err.startswith(f"{missing}: ")


def test_status_2_for_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = export([str(tmp_path)], capsys)
    assert status == 2
    assert out == ""


def test_status_1_for_a_missing_path_among_good_ones(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = export([str(folder), str(folder / "nowhere")], capsys)
    assert status == 1
    assert len(parse_lines(out)) == 2
    assert err.startswith(f"{folder / 'nowhere'}: ")


def test_output_file(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.jsonl"
    status, out, err = export([str(folder), "-o", str(target)], capsys)
    assert (status, out, err) == (0, "", "")
    written = target.read_text(encoding="utf-8")
    assert written.endswith("\n")
    articles = parse_lines(written)
    assert len(articles) == 2
    _, printed, _ = export([str(folder)], capsys)
    assert written == printed


def test_output_file_that_cannot_be_written(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = export(
        [str(folder), "-o", str(tmp_path / "no" / "such" / "x.jsonl")], capsys
    )
    assert status == 2
    assert out == ""
    assert "x.jsonl" in err


# ---------------------------------------------------------------- python -m reader export


def test_module_export(folder: Path) -> None:
    done = run_module([str(folder)])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    articles = parse_lines(done.stdout)
    assert len(articles) == 2
    for article in articles:
        check_contract(article)
    assert any("caf\u00e9" in p for a in articles for p in a["paragraphs"])


def test_module_export_relative_argument(folder: Path) -> None:
    done = run_module(["harbour"], cwd=folder)
    assert done.returncode == 0, done.stderr
    [article] = parse_lines(done.stdout)
    assert sorted(v["path"] for v in article["versions"]) == ["page.txt", "story.txt"]


def test_module_export_problems_and_status(folder: Path, tmp_path: Path) -> None:
    (folder / "harbour" / "empty.txt").write_bytes(b"")
    target = tmp_path / "out.jsonl"
    done = run_module([str(folder), "-o", str(target)])
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["harbour/empty.txt: empty file"]
    assert len(parse_lines(target.read_text(encoding="utf-8"))) == 2


def test_module_export_usage_error() -> None:
    done = run_module([])
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip()


def test_module_export_nothing_readable(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    done = run_module([str(tmp_path)])
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["empty.txt: empty file"]


def test_control_characters_in_a_path_are_made_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "choir.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "bad\x1b[2Jname.txt").write_bytes(b"")
    status, _, err = export([str(tmp_path)], capsys)
    assert status == 1
    assert "\x1b" not in err
    assert err == "bad␛[2Jname.txt: empty file\n"


def test_module_export_into_a_closed_pipe(tmp_path: Path) -> None:
    # `reader export DIR | head -1`: the reader of the pipe goes away early.
    # That is not a failure of the export: no error message, status 0.
    rng = random.Random(11)
    for index in range(300):
        words = (
            "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9)))
            for _ in range(400)
        )
        (tmp_path / f"{index:03}.txt").write_text(" ".join(words) + ".\n", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "export", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode("utf-8", "replace")
    status = process.wait(timeout=120)
    assert json.loads(first)["versions"]
    assert "cannot write" not in err
    assert (status, err) == (0, "")
