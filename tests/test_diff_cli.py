"""`reader diff`: side by side, unified, exit status, colour and escape safety."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.diff_cli import run_diff

A = "The harbour board met on Tuesday to discuss the budget for the coming year."
B = "Councillors said the dredging plan would cost more than expected this time."
C = "Fishermen welcomed the decision but asked for more consultation on the plan."
D = "A spokesman for the board declined to comment on the figures last night."


def clean_file(folder: Path, name: str, *paragraphs: str, published: str = "2023-02-22") -> str:
    path = folder / name
    path.write_text(f" date {published}\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return str(path)


@pytest.fixture
def pair(tmp_path):
    old = clean_file(tmp_path, "old.txt", A, B, C)
    new = clean_file(tmp_path, "new.txt", A, B.replace("more than", "far more than"), D)
    return old, new


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = run_diff(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_equal_files_exit_0(tmp_path, capsys):
    one = clean_file(tmp_path, "one.txt", A, B)
    two = clean_file(tmp_path, "two.txt", A, B)
    status, out, _ = run(capsys, one, two)
    assert status == 0
    assert "100% similar" in out


def test_different_files_exit_1_with_gutter_markers(pair, capsys):
    status, out, _ = run(capsys, *pair, "--width", "120")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("  old.txt (clean, 2023-02-22)")
    assert "new.txt (clean, 2023-02-22)" in lines[0]
    gutters = {line[:2] for line in lines}
    assert {"~ ", "- ", "+ "} <= gutters
    # piped: changed words marked in text, since there is no colour
    assert "{+far+}" in out
    assert "\x1b" not in out
    deleted = next(line for line in lines if line.startswith("- "))
    assert "Fishermen welcomed" in deleted
    _, right = deleted.split(" │", 1)
    assert right.strip() == ""  # filler opposite a deletion


def test_side_by_side_fits_the_width(pair, capsys):
    for width in (40, 80, 133):
        _, out, _ = run(capsys, *pair, "--width", str(width), "--all")
        assert max(len(line) for line in out.splitlines()) <= width


def test_context_folds_unchanged_paragraphs(tmp_path, capsys):
    many = [f"Paragraph number {n} of the story, long enough to read." for n in range(8)]
    edited = list(many)
    edited[6] = edited[6].replace("long", "short")
    old = clean_file(tmp_path, "old.txt", *many)
    new = clean_file(tmp_path, "new.txt", *edited)
    _, out, _ = run(capsys, old, new, "--context", "1")
    assert "⋯ 5 unchanged paragraphs ⋯" in out
    _, whole, _ = run(capsys, old, new, "--all")
    assert "unchanged paragraphs" not in whole
    assert "Paragraph number 0" in whole


def test_unified(pair, capsys):
    status, out, _ = run(capsys, *pair, "--unified")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "--- old.txt (clean, 2023-02-22)"
    assert lines[1] == "+++ new.txt (clean, 2023-02-22)"
    assert lines[2].startswith("@@ ¶ +1 −1 ~1")
    assert "~Councillors said the dredging plan would cost {+far+} more" in out
    assert f"-{C}" in lines
    assert f"+{D}" in lines


def test_ignore_trivial_changes(tmp_path, capsys):
    old = clean_file(tmp_path, "old.txt", A, B)
    new = clean_file(tmp_path, "new.txt", A.upper(), B.replace(".", "!"))
    assert run(capsys, old, new)[0] == 1
    status, out, _ = run(capsys, old, new, "-x")
    assert status == 0
    assert "\n~ " not in out


def test_metadata_change_is_shown(tmp_path, capsys):
    old = clean_file(tmp_path, "old.txt", A, published="2023-02-22")
    new = clean_file(tmp_path, "new.txt", A, published="2023-03-01")
    status, out, _ = run(capsys, old, new)
    assert status == 1
    assert "published:" in out


def test_errors_exit_2(tmp_path, capsys):
    one = clean_file(tmp_path, "one.txt", A)
    status, _, err = run(capsys, one, str(tmp_path / "missing.txt"))
    assert status == 2 and "missing.txt: no such file or folder" in err
    status, _, err = run(capsys, one)
    assert status == 2 and "two files" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    status, _, err = run(capsys, one, str(empty))
    assert status == 2 and "empty file" in err
    assert run(capsys, "--no-such-option")[0] == 2


def test_article_versions(tmp_path, capsys):
    clean_file(tmp_path, "1.txt", A, B, C, D)
    clean_file(tmp_path, "2.txt", A, B, C.replace("more", "further"), D)
    export = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    ids = re.findall(r'"id": "([0-9a-f]+)"', export.stdout)
    article_id = ids[0]
    status, out, _ = run(capsys, "--article", article_id[:6], str(tmp_path), "-u")
    assert status == 1
    assert "[-more-]{+further+}" in out
    status, _, err = run(capsys, "--article", "nothing", str(tmp_path))
    assert status == 2 and "no article" in err


def test_colour_on_request_and_no_escape_from_the_text(tmp_path, capsys):
    hostile = "Breaking \x1b]0;owned\x07 news \x1b[2J [bold]not markup[/bold] \u202egnp.exe"
    old = clean_file(tmp_path, "old\x1b[31m.txt", A, B)
    new = clean_file(tmp_path, "new.txt", A, B + " " + hostile)
    status, out, _ = run(capsys, old, new, "--color", "always", "--width", "200")
    assert status == 1
    assert "\x1b[" in out  # our colour
    assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out
    assert "\x1b[31m.txt" not in out  # nor from a file name
    assert "\u202e" not in out
    assert "[bold]not markup[/bold]" in out  # shown as text, not interpreted
    for code in re.findall(r"\x1b\[([0-9;]*)m", out):
        assert all(
            part in {"", "0", "1", "2", "3", "4", "9", "31", "32", "33", "35", "36"}
            for part in code.split(";")
        )


def test_no_color_environment_gives_plain_text(pair, monkeypatch, capsys):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    status, out, _ = run(capsys, *pair)
    assert status == 1
    assert "\x1b" not in out and "{+far+}" in out


def test_reader_diff_command(pair):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "diff", *pair, "--width", "100"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "{+far+}" in result.stdout


def test_seed_pair_shows_the_three_inline_captions(capsys):
    seeds = next(
        (p for p in (Path(__file__).parent / "data" / "seeds",) if p.is_dir()),
        None,
    )
    if seeds is None:
        pytest.skip("the seed pair is not available")
    raw, clean = sorted(str(path) for path in seeds.iterdir())[:2]
    status, out, _ = run(capsys, raw, clean, "--width", "120")
    assert status == 1
    removed = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(removed) == 3
    assert any("Russian President Vladimir Putin speaks" in line for line in removed)


def test_unified_marks_deleted_captions_and_dates_as_a_whole(tmp_path, capsys):
    old = tmp_path / "old.txt"
    old.write_text(f" date 2023-02-22 The quay at dawn (Jo Lens)\n\n{A}\n", "utf-8")
    new = clean_file(tmp_path, "new.txt", A, published="2023-03-01")
    status, out, _ = run(capsys, str(old), new, "-u")
    assert status == 1
    assert "~published: [-2023-02-22-]{+2023-03-01+}" in out
    assert "-caption: The quay at dawn (Jo Lens)" in out
