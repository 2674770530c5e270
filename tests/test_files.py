"""Bad input for the loader, each in its own test, with real files on disk.

Every case ends in a correct article or a `Problem` that names the file and the
reason; nothing raises. The 1 MB lines run the whole parse path, so a regular
expression that backtracks catastrophically makes these tests hang visibly.
"""

from __future__ import annotations

import builtins
import os
import random
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from reader.load import discover, load, parse_file
from reader.load.files import MAX_FILE_BYTES, SourceText, decode, read
from reader.model import Kind, Problem, Version

CLEAN = (
    " date 2021-03-03 \n"
    "\n"
    "The harbour board has approved a budget of four million pounds for the coming "
    "year, its chair said on Tuesday evening after a long meeting.\n"
    "\n"
    "Members voted by seven to two in favour of the plan, which includes new cranes, "
    "a repaired pier and a larger staff for the summer season.\n"
    "\n"
    "Opponents said the money would be better spent on the town's roads, and promised "
    "to raise the matter again at the next meeting in the spring.\n"
)

RAW = (
    "Home News World\n"
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
    "a repaired pier and a larger staff for the summer season.\n"
    "\n"
    "Opponents said the money would be better spent on the town's roads, and promised "
    "to raise the matter again at the next meeting in the spring.\n"
    "\n"
    "Share\n"
    "Most Read\n"
)

PARAGRAPHS = (
    "The harbour board has approved a budget of four million pounds for the coming "
    "year, its chair said on Tuesday evening after a long meeting.",
    "Members voted by seven to two in favour of the plan, which includes new cranes, "
    "a repaired pier and a larger staff for the summer season.",
    "Opponents said the money would be better spent on the town's roads, and promised "
    "to raise the matter again at the next meeting in the spring.",
)


def parse_path(path: Path) -> Version | Problem:
    files, problems = discover([path])
    assert problems == []
    return parse_file(files[0])


def parse_bytes(tmp_path: Path, data: bytes, name: str = "story.txt") -> Version | Problem:
    path = tmp_path / name
    path.write_bytes(data)
    files, problems = discover([path])
    assert problems == []
    assert [f.display for f in files] == [name]
    return parse_file(files[0])


def read_bytes(tmp_path: Path, data: bytes, name: str = "story.txt") -> SourceText | Problem:
    path = tmp_path / name
    path.write_bytes(data)
    files, _ = discover([path])
    return read(files[0])


def assert_problem(result: object, name: str, *words: str) -> Problem:
    assert isinstance(result, Problem), result
    assert result.path == name
    for word in words:
        assert word in result.reason.lower(), result.reason
    return result


def assert_version(result: object) -> Version:
    assert isinstance(result, Version), result
    return result


# ---------------------------------------------------------------- binary, empty, size


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    data = b"Some text\x00\x00\x00 with NULs\x00 in it\n" * 50
    assert_problem(parse_bytes(tmp_path, data, "nul.txt"), "nul.txt", "binary")


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    data = random.Random(1).randbytes(64 * 1024)
    assert_problem(parse_bytes(tmp_path, data, "random.bin"), "random.bin", "binary")


def test_random_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    data = random.Random(2).randbytes(64 * 1024).replace(b"\x00", b"\x01")
    assert_problem(parse_bytes(tmp_path, data, "noise.dat"), "noise.dat", "binary")


def test_decode_refuses_binary() -> None:
    assert decode(bytes(range(256)) * 4) is None
    assert decode(b"\x00" * 100) is None


def test_16_bit_samples_are_binary(tmp_path: Path) -> None:
    # Little-endian 16-bit integers (PCM audio, a table of small numbers): a
    # NUL in every other byte, like UTF-16 text, but what it decodes to is
    # mostly controls and stray Latin-1 letters, not text.
    rng = random.Random(3)
    data = struct.pack("<8192h", *(rng.randrange(256) for _ in range(8192)))
    assert_problem(parse_bytes(tmp_path, data, "samples.raw"), "samples.raw", "binary")


def test_empty_file(tmp_path: Path) -> None:
    assert_problem(parse_bytes(tmp_path, b"", "empty.txt"), "empty.txt", "empty")


def test_white_space_only_file(tmp_path: Path) -> None:
    result = parse_bytes(tmp_path, b" \n\t\r\n  \n", "blank.txt")
    assert_problem(result, "blank.txt")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 50 MB on paper, one byte on disk
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b"a")
    assert path.stat().st_size == 50 * 1024 * 1024 > MAX_FILE_BYTES
    files, problems = discover([tmp_path])
    assert problems == []
    problem = assert_problem(parse_file(files[0]), "huge.txt", "too large")
    assert "MB" in problem.reason
    result = load([tmp_path])
    assert result.articles == ()
    assert [p.path for p in result.problems] == ["huge.txt"]


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    with open(path, "wb") as handle:
        handle.write(CLEAN.encode())
        handle.seek(MAX_FILE_BYTES - 1)
        handle.write(b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    # Read, not refused: what it holds (mostly NUL bytes) decides the reason.
    problem = assert_problem(parse_path(path), "edge.txt", "binary")
    assert "too large" not in problem.reason
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    assert_problem(parse_path(path), "edge.txt", "too large")


# ---------------------------------------------------------------- encodings


def test_utf8_with_bom(tmp_path: Path) -> None:
    text = read_bytes(tmp_path, b"\xef\xbb\xbf" + "Caf\u00e9 \u201cquoted\u201d\n".encode())
    assert isinstance(text, SourceText)
    assert text.text == "Caf\u00e9 \u201cquoted\u201d\n"


def test_invalid_utf8_falls_back_and_is_still_an_article(tmp_path: Path) -> None:
    data = CLEAN.encode("utf-8").replace(b"four million", b"four \xff\xfe\xc3( million")
    version = assert_version(parse_bytes(tmp_path, data, "broken.txt"))
    assert version.kind is Kind.CLEAN
    assert len(version.paragraphs) == 3
    assert version.paragraphs[1:] == PARAGRAPHS[1:]
    assert version.paragraphs[0].startswith("The harbour board has approved a budget of four")


def test_invalid_utf8_keeps_the_valid_utf8_around_it(tmp_path: Path) -> None:
    # One stray byte in an otherwise UTF-8 file: the file is still UTF-8, so
    # "café" and the curly quotes must not turn into mojibake ("cafÃ©").
    text = "The caf\u00e9 \u201cLe Port\u201d reopened on Monday after a long winter.\n"
    data = text.encode("utf-8").replace(b"Monday", b"Mon\xffday")
    result = read_bytes(tmp_path, data)
    assert isinstance(result, SourceText)
    assert "caf\u00e9" in result.text
    assert "\u201cLe Port\u201d" in result.text


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + CLEAN.encode("utf-8").replace(b"four million", b"four \xff million"),
        b"\xff\xfe" + CLEAN.encode("utf-16-le") + b"\x00",  # cut off mid-character
    ],
    ids=["utf-8-bom-stray-byte", "utf-16-odd-length"],
)
def test_damaged_text_after_a_bom_is_still_an_article(tmp_path: Path, data: bytes) -> None:
    # A byte-order mark says what the text is; one bad byte does not make it binary.
    version = assert_version(parse_bytes(tmp_path, data, "damaged.txt"))
    assert version.paragraphs[1:] == PARAGRAPHS[1:]


def test_cp1252_text(tmp_path: Path) -> None:
    data = b"The \x93Caf\xe9 du Port\x94 reopened \x96 at last \x85 said the owner.\n"
    text = read_bytes(tmp_path, data)
    assert isinstance(text, SourceText)
    assert text.text == (
        "The \u201cCaf\u00e9 du Port\u201d reopened \u2013 at last \u2026 said the owner.\n"
    )


def test_cp1252_single_accent_in_ascii_text(tmp_path: Path) -> None:
    text = read_bytes(tmp_path, b"The caf\xe9 on the quay reopened on Monday.\n")
    assert isinstance(text, SourceText)
    assert text.text == "The caf\u00e9 on the quay reopened on Monday.\n"


def test_cp1252_french_paragraph(tmp_path: Path) -> None:
    french = (
        "L\u2019\u00e9t\u00e9 \u00e0 Montr\u00e9al\u00a0: la f\u00eate de No\u00ebl a "
        "\u00e9t\u00e9 c\u00e9l\u00e9br\u00e9e \u00e0 l\u2019h\u00f4tel de ville, "
        "o\u00f9 \u00e9l\u00e8ves et enseignants ont chant\u00e9 \u00ab\u00a0Douce "
        "nuit\u00a0\u00bb devant une foule nombreuse.\n"
    )
    text = read_bytes(tmp_path, french.encode("cp1252"))
    assert isinstance(text, SourceText)
    assert text.text == french


def test_cp1252_article(tmp_path: Path) -> None:
    data = CLEAN.replace("town's", "town\u2019s").encode("cp1252")
    version = assert_version(parse_bytes(tmp_path, data, "latin.txt"))
    assert version.paragraphs[2].startswith(
        "Opponents said the money would be better spent on the town\u2019s"
    )


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = CLEAN.replace("town's", "caf\u00e9\u2019s")
    version = assert_version(parse_bytes(tmp_path, bom + text.encode(codec), "wide.txt"))
    expected = assert_version(parse_bytes(tmp_path, text.encode("utf-8"), "narrow.txt"))
    assert version.kind is expected.kind is Kind.CLEAN
    assert version.paragraphs == expected.paragraphs
    assert "caf\u00e9\u2019s" in version.paragraphs[2]


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_raw_page_with_bom(tmp_path: Path, codec: str, bom: bytes) -> None:
    version = assert_version(parse_bytes(tmp_path, bom + RAW.encode(codec), "page.txt"))
    assert version.kind is Kind.RAW
    assert version.title == "Harbour board approves new budget for the coming year"
    assert version.paragraphs == PARAGRAPHS


# ---------------------------------------------------------------- line ends


@pytest.mark.parametrize("text", [CLEAN, RAW], ids=["clean", "raw"])
@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends(tmp_path: Path, text: str, ending: str) -> None:
    lf = assert_version(parse_bytes(tmp_path, text.encode(), "lf.txt"))
    other = assert_version(parse_bytes(tmp_path, text.replace("\n", ending).encode(), "other.txt"))
    assert other.kind is lf.kind
    assert other.paragraphs == lf.paragraphs == PARAGRAPHS
    assert other.title == lf.title
    assert other.published == lf.published


def test_read_normalises_line_ends(tmp_path: Path) -> None:
    text = read_bytes(tmp_path, b"one\r\ntwo\rthree\n\r\nfour")
    assert isinstance(text, SourceText)
    assert text.text == "one\ntwo\nthree\n\nfour"


# ---------------------------------------------------------------- long lines


LONG = 1_000_000


@pytest.mark.parametrize(
    "line",
    ["a" * LONG, "word " * (LONG // 5), "(" * LONG, "[" * LONG, "(" * LONG + "x)"],
    ids=["letters", "words", "parens", "brackets", "parens-closed"],
)
@pytest.mark.parametrize("where", ["alone", "in-page", "in-lynx", "clean-header"])
def test_one_megabyte_line(tmp_path: Path, line: str, where: str) -> None:
    if where == "alone":
        text = line
    elif where == "in-page":
        text = RAW.replace("Share\n", line + "\n\nShare\n")
    elif where == "in-lynx":
        text = "   " + line + "\n" + "\n".join(f"   [{i}]Link {i}" for i in range(10))
    else:
        text = f" date 2021-03-03 {line}\n\n{PARAGRAPHS[0]}\n"
    result = parse_bytes(tmp_path, text.encode(), "long.txt")
    assert isinstance(result, Version | Problem)
    assert result.path == "long.txt"
    if where == "in-page":
        version = assert_version(result)
        assert version.title == "Harbour board approves new budget for the coming year"
        assert set(PARAGRAPHS) <= set(version.paragraphs)
    if where == "clean-header":
        version = assert_version(result)
        assert PARAGRAPHS[0] in version.paragraphs


def test_one_megabyte_line_of_spaces(tmp_path: Path) -> None:
    result = parse_bytes(tmp_path, b" " * LONG, "spaces.txt")
    assert_problem(result, "spaces.txt")


def test_one_megabyte_line_of_spaces_in_a_page(tmp_path: Path) -> None:
    text = RAW.replace("Share\n", " " * LONG + "x\n\nShare\n")
    version = assert_version(parse_bytes(tmp_path, text.encode(), "page.txt"))
    assert version.paragraphs == PARAGRAPHS


def test_one_megabyte_line_through_load(tmp_path: Path) -> None:
    (tmp_path / "letters.txt").write_text("a" * LONG)
    (tmp_path / "spaces.txt").write_text(" " * LONG)
    (tmp_path / "parens.txt").write_text("(" * LONG)
    (tmp_path / "story.txt").write_text(CLEAN)
    result = load([tmp_path])
    paths = sorted(
        [p.path for p in result.problems] + [v.path for a in result.articles for v in a.versions]
    )
    assert paths == ["letters.txt", "parens.txt", "spaces.txt", "story.txt"]
    assert any(a.paragraphs == PARAGRAPHS for a in result.articles)


# ---------------------------------------------------------------- disappearing files


def test_file_deleted_between_discovery_and_reading(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text(CLEAN)
    files, problems = discover([tmp_path])
    assert problems == []
    assert [f.display for f in files] == ["gone.txt"]
    path.unlink()
    assert_problem(parse_file(files[0]), "gone.txt", "vanished")


def deny(monkeypatch: pytest.MonkeyPatch, name: str, where: object, function: str) -> None:
    """Make `where.function` refuse paths ending in `name`, the way a mode-000
    file or folder refuses anyone but root. Root (as in CI) reads through
    chmod 0, so there the refusal has to be made at this edge."""
    real = getattr(where, function, None) or getattr(builtins, function)

    def refusing(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith(name):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(where, function, refusing, raising=False)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(CLEAN)
    (tmp_path / "open.txt").write_text(CLEAN)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root: chmod 0 does not stop it
            deny(monkeypatch, "secret.txt", os, "open")
        files, _ = discover([tmp_path])
        secret = next(f for f in files if f.display == "secret.txt")
        assert_problem(parse_file(secret), "secret.txt", "permission denied")
        result = load([tmp_path])
        assert [p.path for p in result.problems] == ["secret.txt"]
        assert [v.path for a in result.articles for v in a.versions] == ["open.txt"]
    finally:
        path.chmod(0o644)


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(CLEAN)
    (tmp_path / "open.txt").write_text(CLEAN)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root: chmod 0 does not stop it
            deny(monkeypatch, "locked", os, "scandir")
        result = load([tmp_path])
        assert [p.path for p in result.problems] == [str(locked)]  # the folder, as found
        assert "permission denied" in result.problems[0].reason
        assert [v.path for a in result.articles for v in a.versions] == ["open.txt"]
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_given_directly(tmp_path: Path) -> None:
    # A FIFO with no writer: opening it for reading waits for a writer forever.
    # The loader must report "not a regular file" instead of waiting. Run in a
    # child process so that, if it does wait, this test fails instead of hanging
    # the suite (the limit is a hang guard, not a speed figure).
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = (
        "import sys\n"
        "from reader.load import discover, parse_file\n"
        "files, problems = discover([sys.argv[1]])\n"
        "assert problems == [], problems\n"
        "result = parse_file(files[0])\n"
        "print(type(result).__name__, result.path, result.reason, sep='|')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(fifo)],
            capture_output=True,
            text=True,
            env=env,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading a named pipe with no writer blocked (open before the S_ISREG check)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Problem|pipe.txt|not a regular file"


def test_missing_argument(tmp_path: Path) -> None:
    files, problems = discover([tmp_path / "nowhere"])
    assert files == []
    assert problems == [Problem(str(tmp_path / "nowhere"), "no such file or folder")]


# ---------------------------------------------------------------- finding files


def test_symlink_loop(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "top.txt").write_text(CLEAN)
    (root / "a" / "one.txt").write_text(CLEAN)
    (root / "a" / "b" / "two.txt").write_text(CLEAN)
    (root / "a" / "b" / "back").symlink_to(root / "a", target_is_directory=True)
    (root / "self").symlink_to(root, target_is_directory=True)
    files, problems = discover([root])
    names = [f.display for f in files]
    assert sorted(names) == ["a/b/two.txt", "a/one.txt", "top.txt"]
    assert len({Path(f.path).resolve() for f in files}) == len(files) == 3
    assert problems == []
    result = load([root])
    assert sum(len(a.versions) for a in result.articles) == 3


def test_self_referencing_file_symlink(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(CLEAN)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    result = load([tmp_path])  # must not raise
    assert [v.path for a in result.articles for v in a.versions] == ["story.txt"]
    assert all(p.path.endswith("loop.txt") for p in result.problems)


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "story.txt").write_text(CLEAN)
    (tmp_path / "sub" / ".cache").mkdir(parents=True)
    (tmp_path / "sub" / ".cache" / "story.txt").write_text(CLEAN)
    (tmp_path / ".hidden.txt").write_text(CLEAN)
    (tmp_path / "sub" / ".also-hidden.txt").write_text(CLEAN)
    (tmp_path / "sub" / "seen.txt").write_text(CLEAN)
    files, problems = discover([tmp_path])
    assert [f.display for f in files] == ["sub/seen.txt"]
    assert problems == []


def test_hidden_file_named_directly_is_taken(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text(CLEAN)
    files, _ = discover([tmp_path / ".hidden.txt"])
    assert [f.display for f in files] == [".hidden.txt"]


def _make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLEAN)


def test_stable_recursive_order(tmp_path: Path) -> None:
    names = ["b/d/e.txt", "z.txt", "b/c.txt", "a.txt", "b/a/x.txt", "B.txt", "m/n.txt"]
    first, second = tmp_path / "first", tmp_path / "second"
    _make_tree(first, names)
    _make_tree(second, list(reversed(names)))
    order = [f.display for f in discover([first])[0]]
    assert sorted(order) == sorted(names)
    assert order == [f.display for f in discover([first])[0]]
    assert order == [f.display for f in discover([second])[0]]
    # Within a folder, names come in sorted order.
    for folder in {name.rpartition("/")[0] for name in names}:
        inside = [n for n in order if n.rpartition("/")[0] == folder]
        assert inside == sorted(inside)


def test_paths_relative_to_each_argument(tmp_path: Path) -> None:
    _make_tree(tmp_path / "one", ["x/a.txt"])
    _make_tree(tmp_path / "two", ["b.txt"])
    files, _ = discover([tmp_path / "one", tmp_path / "two" / "b.txt"])
    assert [f.display for f in files] == ["x/a.txt", "b.txt"]
    assert files[0].path == str(tmp_path / "one" / "x" / "a.txt")


# ---------------------------------------------------------------- control characters


def test_control_characters_removed(tmp_path: Path) -> None:
    text = (
        "Col\x1b[31mour\x1b[0m\tand tab\n"
        "C1\u0085\u0090\u009b here and bell\x07 and DEL\x7f\n"
        "Bidi \u202eevil\u202c and \u2066isolate\u2069 end\n"
        "Back\bspace, vertical\x0btab\n"
    )
    result = read_bytes(tmp_path, text.encode())
    assert isinstance(result, SourceText)
    for char in ("\x1b", "\x07", "\x7f", "\x08", "\x0b", "\u0085", "\u0090", "\u009b"):
        assert char not in result.text
    for char in ("\u202e", "\u202c", "\u2066", "\u2069"):
        assert char not in result.text
    assert result.text == (
        "Colour\tand tab\n"  # the whole escape sequence goes, not only its ESC
        "C1 here and bell and DEL\n"
        "Bidi evil and isolate end\n"
        "Backspace, verticaltab\n"
    )


def test_control_characters_removed_from_the_article(tmp_path: Path) -> None:
    data = CLEAN.replace("Tuesday", "Tues\u202eday\x1b").replace("pier", "pi\u009ber").encode()
    version = assert_version(parse_bytes(tmp_path, data))
    assert version.paragraphs == PARAGRAPHS


# ---------------------------------------------------------------- load goes on


def test_load_goes_on_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a-binary.txt").write_bytes(b"\x00\x01\x02" * 1000)
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-good.txt").write_text(CLEAN)
    (tmp_path / "d-page.txt").write_text(RAW.replace("harbour", "port"))
    with open(tmp_path / "e-huge.txt", "wb") as handle:
        handle.seek(MAX_FILE_BYTES + 10)
        handle.write(b"a")
    (tmp_path / "f-other.txt").write_text(
        "A quite different story about a school choir that won a national prize, "
        "the first in the town's long history of singing competitions.\n"
    )
    result = load([tmp_path])
    assert result.files_seen == 6
    problems = {p.path: p.reason for p in result.problems}
    assert set(problems) == {"a-binary.txt", "b-empty.txt", "e-huge.txt"}
    loaded = sorted(v.path for a in result.articles for v in a.versions)
    assert loaded == ["c-good.txt", "d-page.txt", "f-other.txt"]


def test_load_reports_progress(tmp_path: Path) -> None:
    _make_tree(tmp_path, ["a.txt", "b.txt", "c/d.txt"])
    (tmp_path / "bad.txt").write_bytes(b"")
    seen: list[tuple[int, int]] = []
    load([tmp_path], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
