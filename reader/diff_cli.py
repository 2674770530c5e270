"""`reader diff`: two versions of an article, side by side or unified.

    reader diff A B                      two files, each one version
    reader diff --article ID PATH…       an article's newest version against the one before

Side by side fits the terminal's width; colour on a terminal, and plain text
with `-`/`+`/`~` gutter markers (and `[-…-]`/`{+…+}` around changed words) when
piped or when NO_COLOR is set. Exit status as diff's: 0 equal, 1 different,
2 trouble.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from reader.diff import (
    FieldChange,
    Fold,
    Op,
    Row,
    Span,
    VersionDiff,
    diff_versions,
    field_text,
    fold,
    is_shown_change,
    merged_words,
    printable,
    wrap_spans,
)
from reader.model import Problem, Version

EXIT_EQUAL, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2

# A piece of output text and what it is; a Writer turns the tag into colour.
Piece = tuple[str, str]
Line = list[Piece]

GUTTER = {Op.EQUAL: " ", Op.CHANGED: "~", Op.INSERTED: "+", Op.DELETED: "-", Op.MOVED: ">"}
SEPARATOR = " │ "
MIN_WIDTH = 30


class DiffError(Exception):
    """Something that keeps the diff from being made; the message is for the user."""


# ─── Arguments and versions ──────────────────────────────────────────────────


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader diff",
        description="Compare two versions of an article: two files, or an article's versions.",
        epilog="Exit status: 0 when equal, 1 when they differ, 2 on error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="two files (A B), or with --article the files and folders to load",
    )
    parser.add_argument(
        "--article",
        metavar="ID",
        help="compare the versions of the article with this id (or id prefix)",
    )
    parser.add_argument(
        "--versions",
        nargs=2,
        type=int,
        metavar=("OLD", "NEW"),
        help="with --article: which versions to compare, counted from 1 "
        "(default: the newest and the one before)",
    )
    parser.add_argument(
        "-u",
        "--unified",
        action="store_true",
        help="print a unified, word-marked diff instead of two columns",
    )
    parser.add_argument(
        "-a",
        "--all",
        action="store_true",
        help="show the whole text, not only the changes with context",
    )
    parser.add_argument(
        "-C",
        "--context",
        type=int,
        default=1,
        metavar="N",
        help="unchanged paragraphs shown around each change (default 1)",
    )
    parser.add_argument(
        "-x",
        "--ignore-trivial",
        action="store_true",
        help="treat changes of white space, punctuation, case and quote style as equal",
    )
    parser.add_argument(
        "-w", "--width", type=int, metavar="COLUMNS", help="output width (default: the terminal's)"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour: on a terminal unless NO_COLOR is set (auto), always, never",
    )
    return parser


def versions_to_compare(options: argparse.Namespace) -> tuple[Version, Version]:
    if options.article is not None:
        if not options.paths:
            raise DiffError("--article needs the files or folders to load (PATH…)")
        return article_versions(options.article, options.paths, options.versions)
    if options.versions is not None:
        raise DiffError("--versions only goes with --article")
    if len(options.paths) != 2:
        raise DiffError("give two files to compare (or --article ID PATH…)")
    return load_version(options.paths[0]), load_version(options.paths[1])


def load_version(path: str) -> Version:
    """The one version in file `path`."""
    from reader.load import discover, parse_file

    files, problems = discover([path])
    if problems:
        raise DiffError(f"{problems[0].path}: {problems[0].reason}")
    if len(files) != 1:
        raise DiffError(f"{path}: not a file (a folder holds many versions; use --article)")
    version = parse_file(files[0])
    if isinstance(version, Problem):
        raise DiffError(f"{version.path}: {version.reason}")
    return version


def article_versions(
    article_id: str, paths: Sequence[str], numbers: Sequence[int] | None
) -> tuple[Version, Version]:
    from reader.load import load

    result = load(paths)
    matches = [article for article in result.articles if article.id.startswith(article_id)]
    exact = [article for article in matches if article.id == article_id]
    if exact:
        matches = exact
    if not matches:
        raise DiffError(f"no article with id {article_id!r} under the given paths")
    if len(matches) > 1:
        raise DiffError(f"{article_id!r} is the start of {len(matches)} article ids; give more")
    versions = matches[0].versions
    if len(versions) < 2:
        raise DiffError(f"article {matches[0].id} has only one version")
    if numbers is None:
        return versions[-2], versions[-1]
    old, new = numbers
    for number in (old, new):
        if not 1 <= number <= len(versions):
            raise DiffError(f"article {matches[0].id} has versions 1 to {len(versions)}")
    return versions[old - 1], versions[new - 1]


# ─── What is shown ───────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Options:
    """How to lay the diff out; the writer decides how to colour it."""

    width: int
    plain: bool  # mark changed words with [-…-] / {+…+}, since there is no colour
    whole: bool  # the whole text, not the changes with context
    context: int
    hide_trivial: bool


def describe_version(version: Version) -> str:
    published = field_text(version.published) or "no date"
    return printable(f"{version.path} ({version.kind}, {published})")


def shown_rows(rows: Sequence[Row], options: Options) -> list[int | Fold]:
    if options.whole:
        return list(range(len(rows)))
    return fold(rows, options.context, hide_trivial=options.hide_trivial)


def fold_label(item: Fold, noun: str = "paragraph") -> str:
    return f"⋯ {item.count} unchanged {noun}{'s' if item.count != 1 else ''} ⋯"


def move_note(row: Row, rows: Sequence[Row]) -> str:
    """Where the other end of a moved paragraph is, as a paragraph number."""
    if row.partner is None:
        return ""
    partner = rows[row.partner]
    if row.old is not None and partner.new_index is not None:
        return f"(moved to ¶ {partner.new_index + 1})"
    if partner.old_index is not None:
        return f"(moved from ¶ {partner.old_index + 1})"
    return ""


def side_pieces(spans: Sequence[Span], side: str, word_marks: bool, plain: bool) -> Line:
    """One side of a row as pieces; marked spans tagged `deleted`/`inserted`.

    `word_marks` is false for whole inserted or deleted paragraphs: the gutter
    already says so, and brackets around a whole paragraph are noise.
    """
    tag = "deleted" if side == "old" else "inserted"
    pieces: Line = []
    for span in spans:
        text = printable(span.text)
        if not span.marked or not word_marks:
            pieces.append((text, tag if span.marked else ""))
        elif plain:
            opening, closing = ("[-", "-]") if side == "old" else ("{+", "+}")
            pieces.append((opening + text + closing, tag))
        else:
            pieces.append((text, tag))
    return pieces


def unmarked(spans: Sequence[Span]) -> tuple[Span, ...]:
    return tuple(Span(span.text) for span in spans)


# ─── Side by side ────────────────────────────────────────────────────────────


def side_by_side(diff: VersionDiff, options: Options) -> Iterator[Line]:
    column = max(8, (options.width - 2 - len(SEPARATOR)) // 2)
    yield from two_columns(
        [(describe_version(diff.old), "header")],
        [(describe_version(diff.new), "header")],
        " ",
        column,
    )
    yield from full_width([(diff.describe(), "summary")], options.width)
    for change in diff.fields:
        if options.hide_trivial and change.trivial:
            continue
        yield []
        yield from field_lines(change, column, options)
    caption_changes = [row for row in diff.captions if is_shown_change(row, options.hide_trivial)]
    if caption_changes or (options.whole and diff.captions):
        yield []
        yield [("Captions", "heading")]
        yield from body_lines(diff.captions, column, options, noun="caption")
    yield []
    yield [("Text", "heading")]
    yield from body_lines(diff.rows, column, options)


def field_lines(change: FieldChange, column: int, options: Options) -> Iterator[Line]:
    label = f"{change.name}: "
    left = [(label, "label"), *side_pieces(change.old_spans, "old", True, options.plain)]
    right = [(label, "label"), *side_pieces(change.new_spans, "new", True, options.plain)]
    if change.old is None:
        left = [(label, "label"), ("(none)", "filler")]
    if change.new is None:
        right = [(label, "label"), ("(none)", "filler")]
    yield from two_columns(left, right, "~", column)


def body_lines(
    rows: Sequence[Row], column: int, options: Options, noun: str = "paragraph"
) -> Iterator[Line]:
    for item in shown_rows(rows, options):
        yield []
        if isinstance(item, Fold):
            yield from full_width([("  " + fold_label(item, noun), "fold")], column)
            continue
        row = rows[item]
        left, right, marker = row_cells(row, rows, options)
        yield from two_columns(left, right, marker, column)


def row_cells(row: Row, rows: Sequence[Row], options: Options) -> tuple[Line, Line, str]:
    """The two cells and the gutter marker of one row."""
    old_spans, new_spans = row.old_spans, row.new_spans
    marker = GUTTER[row.op]
    if row.trivial and options.hide_trivial:
        old_spans, new_spans, marker = unmarked(old_spans), unmarked(new_spans), " "
    word_marks = row.op in (Op.CHANGED, Op.MOVED)
    left = side_pieces(old_spans, "old", word_marks, options.plain)
    right = side_pieces(new_spans, "new", word_marks, options.plain)
    if row.op is Op.MOVED:
        note = [(move_note(row, rows), "filler")]
        left, right = (left, note) if row.old is not None else (note, right)
    return left, right, marker


def two_columns(
    left: Line, right: Line, marker: str, column: int, hatch: str = ""
) -> Iterator[Line]:
    """Both cells wrapped to the column width, side by side, padded to equal height.

    With `hatch`, an empty cell (the side a paragraph is missing from) is
    filled with that character, tagged `hatch`.
    """
    left_lines = wrap_spans(left, column)
    right_lines = wrap_spans(right, column)
    fill: Line = [(hatch * column, "hatch")] if hatch else []
    left_empty, right_empty = not any(left_lines[0]), not any(right_lines[0])
    for index in range(max(len(left_lines), len(right_lines))):
        gutter = marker if index == 0 else " "
        left_line = left_lines[index] if index < len(left_lines) else []
        right_line = right_lines[index] if index < len(right_lines) else []
        if left_empty:
            left_line = fill
        if right_empty:
            right_line = fill
        used = sum(cell_width(text) for text, _ in left_line)
        yield [
            (gutter + " ", f"gutter{gutter}"),
            *left_line,
            (" " * (column - used), ""),
            (SEPARATOR, "rule"),
            *right_line,
        ]


def full_width(line: Line, width: int) -> Iterator[Line]:
    """A line that spans both columns, wrapped to the output width."""
    yield from wrap_spans(line, width)


def cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


# ─── Unified ─────────────────────────────────────────────────────────────────


def unified(diff: VersionDiff, options: Options) -> Iterator[Line]:
    yield [("--- " + describe_version(diff.old), "header")]
    yield [("+++ " + describe_version(diff.new), "header")]
    yield [(f"@@ {diff.describe()} @@", "summary")]
    for change in diff.fields:
        if not (options.hide_trivial and change.trivial):
            yield [
                ("~", "gutter~"),
                (f"{change.name}: ", "label"),
                *unified_field(change, options.plain),
            ]
    for row in diff.captions:
        if is_shown_change(row, options.hide_trivial):
            gutter, *rest = unified_row(row, diff.captions, options)
            yield [gutter, ("caption: ", "label"), *rest]
    for item in shown_rows(diff.rows, options):
        if isinstance(item, Fold):
            yield [(" " + fold_label(item), "fold")]
        else:
            yield unified_row(diff.rows[item], diff.rows, options)


def unified_row(row: Row, rows: Sequence[Row], options: Options) -> Line:
    if row.op is Op.EQUAL or (row.trivial and options.hide_trivial):
        return [(" ", "gutter "), (printable(row.new or row.old or ""), "")]
    if row.op is Op.DELETED:
        return [("-", "gutter-"), (printable(row.old or ""), "deleted")]
    if row.op is Op.INSERTED:
        return [("+", "gutter+"), (printable(row.new or ""), "inserted")]
    if row.op is Op.CHANGED:
        return [("~", "gutter~"), *merged_pieces(row.old or "", row.new or "", options.plain)]
    # A move: the paragraph where it was, with a note where it went (and back).
    partner = rows[row.partner] if row.partner is not None else row
    old, new = (row.old, partner.new) if row.old is not None else (partner.old, row.new)
    return [
        (">", "gutter>"),
        *merged_pieces(old or "", new or "", options.plain),
        (" " + move_note(row, rows), "filler"),
    ]


def unified_field(change: FieldChange, plain: bool) -> Line:
    """A metadata change on one line: word-marked, or old then new for a whole value."""
    whole = all(span.marked for span in (*change.old_spans, *change.new_spans))
    if not whole:
        return merged_pieces(change.old or "", change.new or "", plain)
    pieces: Line = []
    if change.old:
        pieces.append((f"[-{change.old}-]" if plain else change.old, "deleted"))
    if change.new:
        pieces.append((f"{{+{change.new}+}}" if plain else change.new, "inserted"))
    return [(printable(text), tag) for text, tag in pieces]


def merged_pieces(old: str, new: str, plain: bool) -> Line:
    pieces: Line = []
    for text, tag in merged_words(old, new):
        text = printable(text)
        if tag == "equal":
            pieces.append((text, ""))
            continue
        # White space at the edges of a change is shown but not marked:
        # "cost {+far+} more", not "cost {+far +}more".
        core = text.strip()
        before, after = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if plain:
            core = f"[-{core}-]" if tag == "deleted" else f"{{+{core}+}}"
        pieces.extend([(before, ""), (core, tag), (after, "")])
    return [(text, tag) for text, tag in pieces if text]


# ─── Writing ─────────────────────────────────────────────────────────────────

STYLES = {
    "deleted": "red strike",
    "inserted": "green underline",
    "gutter-": "bold red",
    "gutter+": "bold green",
    "gutter~": "bold yellow",
    "gutter>": "bold magenta",
    "header": "bold",
    "summary": "cyan",
    "heading": "bold underline",
    "label": "bold",
    "fold": "dim",
    "filler": "dim italic",
    "rule": "dim",
}


def write_plain(lines: Iterator[Line], out: IO[str]) -> None:
    for line in lines:
        out.write("".join(text for text, _ in line).rstrip() + "\n")


def write_colour(lines: Iterator[Line], out: IO[str]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out,
        force_terminal=True,
        color_system="standard",
        no_color=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in lines:
        text = Text(no_wrap=True)
        for piece, tag in line:
            text.append(piece, STYLES.get(tag, ""))  # Text.append takes text literally
        text.rstrip()
        console.print(text)


def use_colour(choice: str, out: IO[str]) -> bool:
    if choice != "auto":
        return choice == "always"
    return out.isatty() and not os.environ.get("NO_COLOR")


def run_diff(argv: list[str]) -> int:
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help exits 0, a usage error 2, like diff
        return EXIT_EQUAL if stop.code == 0 else EXIT_TROUBLE
    try:
        old, new = versions_to_compare(arguments)
    except DiffError as error:
        print(f"reader diff: {printable(str(error))}", file=sys.stderr)
        return EXIT_TROUBLE
    out = sys.stdout
    colour = use_colour(arguments.color, out)
    width = arguments.width or shutil.get_terminal_size((100, 24)).columns
    options = Options(
        width=max(MIN_WIDTH, width),
        plain=not colour,
        whole=arguments.all,
        context=max(0, arguments.context),
        hide_trivial=arguments.ignore_trivial,
    )
    diff = diff_versions(old, new)
    lines = unified(diff, options) if arguments.unified else side_by_side(diff, options)
    try:
        (write_colour if colour else write_plain)(lines, out)
        out.flush()
    except BrokenPipeError:  # `reader diff A B | head` is fine
        return EXIT_DIFFERENT if not is_equal(diff, options) else EXIT_EQUAL
    return EXIT_EQUAL if is_equal(diff, options) else EXIT_DIFFERENT


def is_equal(diff: VersionDiff, options: Options) -> bool:
    """Equal for the exit status: with --ignore-trivial, trivial changes do not count."""
    if not options.hide_trivial:
        return diff.is_equal
    rows = (*diff.rows, *diff.captions)
    return not any(is_shown_change(row, True) for row in rows) and all(
        change.trivial for change in diff.fields
    )
