"""The hostile corpus (tests/data/hostile): the loader, `reader export` and `reader diff`.

Nothing a scraped file holds may crash the loader, and nothing may reach a
terminal as a control sequence. The app's side is tests/app/test_hostile_app.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reader.load import discover, load, parse_file
from reader.model import Article, Problem, Version

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile"

_spec = importlib.util.spec_from_file_location("make_hostile", DATA / "make_hostile.py")
assert _spec is not None and _spec.loader is not None
make_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_hostile)

# What must never be in text meant for a terminal: C0 controls (a JSON or
# text line may end in a newline, and tabs are white space), DEL, C1 controls,
# bidi overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NO_ARTICLE = {"nul.txt", "empty.txt", "blank.txt", "only-controls.txt"}


def tree(folder: Path) -> dict[bytes, bytes]:
    root = os.fsencode(folder)
    found = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, root)] = handle.read()
    return found


def is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def texts(document: Article | Version) -> list[str]:
    shown = [document.title, document.byline, document.publisher, document.section]
    shown += document.paragraphs
    for caption in document.captions:
        shown += [caption.text, caption.credit]
    return [text for text in shown if text]


# ─── the corpus itself ───────────────────────────────────────────────────────


def test_committed_corpus_is_what_the_script_makes(tmp_path: Path) -> None:
    make_hostile.write(tmp_path)
    made, committed = tree(tmp_path), tree(HOSTILE)
    assert sorted(made) == sorted(committed)
    for name, data in made.items():
        assert committed[name] == data, name
    assert sum(len(data) for data in committed.values()) < 4_000_000  # a few MB at most


def test_corpus_covers_every_case() -> None:
    names = set(tree(HOSTILE))
    for expected in (
        b"dump-20000-lines.txt",
        b"paragraph-1mb.txt",
        b"word-100k.clean.txt",
        b"captions-10000.txt",
        b"pair/story.raw.txt",
        b"pair/story.clean.txt",
        *(b"names/" + name for name in make_hostile.NAMES),
    ):
        assert expected in names
    assert any(name.count(b"/") > 100 for name in names)  # deeply nested
    assert tree(HOSTILE)[b"dump-20000-lines.txt"].count(b"\n") >= 20_000
    assert len(tree(HOSTILE)[b"paragraph-1mb.txt"]) >= 1_000_000


# ─── the loader ──────────────────────────────────────────────────────────────


def test_every_file_loads_or_is_reported_and_no_control_survives() -> None:
    files, problems = discover([HOSTILE])
    assert not problems
    assert len(files) == len(tree(HOSTILE))
    for source in files:
        result = parse_file(source)
        if source.display in NO_ARTICLE:
            assert isinstance(result, Problem), source.display
            continue
        assert isinstance(result, Version), (source.display, result)
        for text in texts(result):
            assert not UNSAFE.search(text), (source.display, text[:200])


def corpus_paths() -> list[str]:
    """The corpus as separate arguments, the names that are not UTF-8 among them."""
    paths = [str(path) for path in sorted(HOSTILE.iterdir()) if path.name != "names"]
    return paths + [str(path) for path in sorted((HOSTILE / "names").iterdir())]


def test_loading_the_corpus_groups_the_pair_and_keeps_markup_literal() -> None:
    result = load(corpus_paths())
    assert {problem.path for problem in result.problems} == NO_ARTICLE
    for article in result.articles:
        for text in texts(article):
            assert not UNSAFE.search(text), text[:200]
    story = next(a for a in result.articles if any("story" in v.path for v in a.versions))
    assert len(story.versions) == 2
    assert any("[bold]please[/]" in paragraph for paragraph in story.paragraphs)
    everything = "\n".join(text for article in result.articles for text in texts(article))
    assert "[bold]Breaking[/bold] [@click=app.quit]news[/]" in everything
    markup = next(a for a in result.articles if a.versions[0].path == "markup.clean.txt")
    joined = "\n".join(markup.paragraphs)
    for piece in ("[@click=app.quit]quit the app[/]", "# A heading in the text", "<script>"):
        assert piece in joined


def test_a_file_name_with_invalid_utf8_loads() -> None:
    result = load([HOSTILE / "names"])
    assert len(result.articles) == len(make_hostile.NAMES)


def test_fifty_thousand_empty_files_are_each_reported(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    make_hostile.empty_files(folder)
    result = load([folder])
    assert result.articles == ()
    assert result.files_seen == 50_000
    assert len(result.problems) == 50_000
    assert {problem.reason for problem in result.problems} == {"empty file"}


def test_folders_nested_deeper_than_the_recursion_limit() -> None:
    # Not in tmp_path: pytest removes old temporary folders with shutil.rmtree,
    # which recurses too; this tree is made and removed here, bottom up.
    depth = sys.getrecursionlimit() + 100
    top = tempfile.mkdtemp(prefix="reader-deep-")
    deep = top
    try:
        for _ in range(depth):  # os.makedirs and Path.mkdir recurse
            deep += "/d"
            os.mkdir(deep)
        source = HOSTILE / make_hostile.deep_path()
        Path(deep, "deep.txt").write_bytes(source.read_bytes())
        result = load([top])
        assert [a.versions[0].path.count("/") for a in result.articles] == [depth]
    finally:
        if os.path.exists(os.path.join(deep, "deep.txt")):
            os.remove(os.path.join(deep, "deep.txt"))
        while deep != top:
            if os.path.isdir(deep):
                os.rmdir(deep)
            deep = os.path.dirname(deep)
        os.rmdir(top)


# ─── the command line ────────────────────────────────────────────────────────


def run(
    *args: str, colour: bool = False, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = encoding
    env.pop("NO_COLOR", None)
    if not colour:
        env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        cwd=HOSTILE,
        env=env,
        timeout=600,
        check=False,
    )


def assert_terminal_safe(output: bytes, own_colour: bool = False) -> str:
    """No escape (unless reader's own SGR colours), no C1, no bidi override."""
    text = output.decode("utf-8")
    if own_colour:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    found = UNSAFE.search(text.replace("\n", "").replace("\t", ""))
    assert found is None, repr(text[max(0, found.start() - 60) : found.end() + 60])
    return text


def test_export_of_the_corpus_is_terminal_safe_and_literal() -> None:
    paths = [os.path.relpath(path, HOSTILE) for path in corpus_paths() if "/names/" not in path]
    result = run("export", *paths)
    assert result.returncode == 1, result.stderr[-2000:]  # 1: some files had no article
    out = assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)
    articles = [json.loads(line) for line in out.splitlines()]
    assert len(articles) == len(paths) - len(NO_ARTICLE)  # the pair (one folder) is one article
    assert sum(len(article["versions"]) for article in articles) == len(articles) + 1
    shown = json.dumps(articles, ensure_ascii=False)
    assert "[bold]Breaking[/bold] [@click=app.quit]news[/]" in shown
    assert "red" in shown and "[31m" not in shown  # whole escape sequences dropped


def test_export_of_hostile_names_is_terminal_safe() -> None:
    # Every name, those that are not UTF-8 too (os.fsdecode gives them as
    # surrogates): the export must print them as valid, visible text.
    names = [os.path.join("names", name) for name in sorted(os.listdir(HOSTILE / "names"))]
    assert not all(is_utf8(name) for name in names)
    result = run("export", *names)
    assert result.returncode == 0, result.stderr[-2000:]
    out = assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)
    paths = [v["path"] for line in out.splitlines() for v in json.loads(line)["versions"]]
    assert len(paths) == len(names)
    assert any("\\x" in path for path in paths), paths  # a stray byte shown as \xNN


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_export_of_the_whole_corpus(cache: list[str]) -> None:
    result = run("export", *cache, ".")
    assert b"Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    assert_terminal_safe(result.stdout)


@pytest.mark.parametrize("unified", [[], ["-u"]], ids=["side-by-side", "unified"])
def test_diff_of_the_pair_piped_has_no_escape_at_all(unified: list[str]) -> None:
    result = run("diff", *unified, "-a", "-w", "120", "pair/story.raw.txt", "pair/story.clean.txt")
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"\x1b" not in result.stdout
    out = assert_terminal_safe(result.stdout)
    assert "red" in out and "[31m" not in out  # whole escape sequences dropped
    assert "[bold]please[/]" in out
    assert "[@click=app.quit]" in out


@pytest.mark.parametrize("unified", [[], ["-u"]], ids=["side-by-side", "unified"])
def test_diff_in_colour_has_only_readers_own_colour_codes(unified: list[str]) -> None:
    result = run(
        "diff",
        *unified,
        "--color",
        "always",
        "-a",
        "-w",
        "120",
        "pair/story.raw.txt",
        "pair/story.clean.txt",
        colour=True,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"\x1b[" in result.stdout  # it is in colour
    assert_terminal_safe(result.stdout, own_colour=True)


@pytest.mark.parametrize(
    "pair",
    [
        ("escapes.raw.txt", "utf16-escapes.txt"),
        ("controls.raw.txt", "bidi.raw.txt"),
        ("markup.raw.txt", "markup.clean.txt"),
        ("lynx.txt", "escapes.raw.txt"),
        ("word-100k.clean.txt", "markup.clean.txt"),
    ],
)
def test_diff_of_hostile_files_is_terminal_safe(pair: tuple[str, str]) -> None:
    for colour in (False, True):
        args = ["--color", "always"] if colour else []
        result = run("diff", *args, "-a", "-w", "100", *pair, colour=colour)
        assert result.returncode in (0, 1), result.stderr[-2000:]
        assert_terminal_safe(result.stdout, own_colour=colour)
        assert_terminal_safe(result.stderr)


def test_diff_of_files_with_escapes_and_bidi_in_their_names_is_terminal_safe() -> None:
    names = HOSTILE / "names"
    esc = next(p for p in names.iterdir() if p.name.startswith("\x1b"))
    bidi = next(p for p in names.iterdir() if p.name.startswith("evil"))
    for colour in (False, True):
        args = ["--color", "always"] if colour else []
        result = run("diff", *args, str(esc), str(bidi), colour=colour)
        assert result.returncode in (0, 1), result.stderr[-2000:]
        assert_terminal_safe(result.stdout, own_colour=colour)


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_diff_of_files_whose_names_are_not_utf8_is_terminal_safe(errors: str) -> None:
    names = HOSTILE / "names"
    for path in sorted(names.iterdir()):
        if is_utf8(path.name):
            continue
        result = run("diff", str(path), "pair/story.raw.txt", encoding=f"utf-8:{errors}")
        assert b"Traceback" not in result.stderr, result.stderr[-2000:]
        assert result.returncode == 1, result.stderr[-2000:]
        assert_terminal_safe(result.stdout)  # raises on invalid UTF-8
        assert b"\x9b" not in result.stdout
