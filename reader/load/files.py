"""Finding source files and reading them into text.

Everything that touches the disk for the loader lives here; the parsers that
follow are pure functions of the text this module returns.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from reader.model import Problem
from reader.text import visible_controls

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger files are reported, not parsed
BINARY_CONTROL_SHARE = 0.10  # more control bytes than this: not a text file
MIN_LETTER_SHARE = 0.60  # fewer letters and spaces than this in a non-UTF-8 file: binary
MAX_WESTERN_HIGH_SHARE = 0.50  # more non-ASCII bytes than this in cp1252: binary
CYRILLIC_RUN_SHARE = 0.5  # high bytes in runs of four or more: a Cyrillic code page


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found under one of the user's paths."""

    path: str  # on disk; absolute and normalised when found by discover()
    display: str  # relative to the argument it was found under; printable (display_name)


def display_name(name: str) -> str:
    """A file name as text that is safe to print, store and encode: a name is
    bytes, and may hold escape sequences, bidi overrides or bytes that are not
    UTF-8; each becomes visible. Ordinary names are unchanged."""
    return visible_controls(name)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text, decoded and with its line ends and controls normalised."""

    file: SourceFile
    text: str
    encoding: str
    size: int
    mtime: float


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[SourceFile], list[Problem]]:
    """Every file under `paths`, folders searched recursively in a stable order.

    Hidden files and folders (a leading dot) are skipped inside folders, but a
    hidden file named directly is taken. Symlinked folders are followed once:
    a loop back to a folder already seen is ignored.
    """
    found: list[SourceFile] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    for arg in paths:
        given = os.fspath(arg)
        try:
            is_dir = os.path.isdir(given)
            exists = is_dir or os.path.lexists(given)
        except (OSError, ValueError) as error:
            problems.append(Problem(display_name(given), _describe(error)))
            continue
        if not exists:
            problems.append(Problem(display_name(given), "no such file or folder"))
        elif is_dir:
            _walk(given, found, problems, seen)
        else:
            found.append(SourceFile(os.path.abspath(given), display_name(os.path.basename(given))))
    return found, problems


def _walk(
    given: str,
    found: list[SourceFile],
    problems: list[Problem],
    seen: set[tuple[int, int]],
) -> None:
    """The files under the folder `given`, as strings all the way: at 100,000
    files a Path per file (and relative_to for its name) cost a second."""
    root = os.path.abspath(given)
    skip = len(root) + (not root.endswith(os.sep))  # a file's display name follows

    def shown(path: str) -> str:  # a folder in a message, as the user named it
        return display_name(os.path.join(given, path[skip:]) if len(path) > len(root) else given)

    # An explicit stack, not recursion: deeply nested folders must not hit
    # Python's recursion limit.
    stack = [root]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except (OSError, ValueError) as error:
            problems.append(Problem(shown(current), _describe(error)))
            continue
        # A folder is known by its device and inode: a symlink back to one
        # already walked is skipped, and no path is resolved (which would cost
        # time in the depth of the folder at every level).
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            continue
        seen.add(identity)
        try:
            with os.scandir(current) as entries:
                children = sorted(entries, key=_NAME)
        except OSError as error:
            problems.append(Problem(shown(current), _describe(error)))
            continue
        # A file's display name is its folder's (made once) and its own:
        # display_name works character by character, so the parts can be
        # made apart, and most names need no change (a C test says so).
        folder = display_name(_posix(os.path.join(current[skip:], "")))
        subfolders = []
        for entry in children:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    subfolders.append(entry.path)
                elif entry.is_file():
                    shown_name = name if name.isprintable() else display_name(name)
                    found.append(SourceFile(entry.path, folder + shown_name))
            except OSError as error:
                problems.append(Problem(shown(entry.path), _describe(error)))
        stack.extend(reversed(subfolders))


_NAME = attrgetter("name")


def _posix(name: str) -> str:
    return name if os.sep == "/" else name.replace(os.sep, "/")


def read(source: SourceFile) -> SourceText | Problem:
    """The file's text, or the reason it has none."""
    name = source.display
    try:
        handle = os.open(source.path, _READ_FLAGS)
    except FileNotFoundError:
        return Problem(name, "vanished before it could be read")
    except OSError as error:
        return Problem(name, _describe(error))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return Problem(name, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return Problem(
                name,
                f"too large: {info.st_size / 1e6:.1f} MB "
                f"(the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)",
            )
        data = _read_all(handle, info.st_size)
    except OSError as error:
        return Problem(name, _describe(error))
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        return Problem(name, "grew past the size limit while being read")
    if not data.strip():
        return Problem(name, "empty file")
    decoded = decode(data)
    if decoded is None:
        return Problem(name, "binary content, not text")
    text, encoding = decoded
    text = clean_decoded(data, text, encoding)
    if not text.strip():
        return Problem(name, "no text (only white space or control characters)")
    return SourceText(source, text, encoding, info.st_size, info.st_mtime)


# Non-blocking: opening a named pipe must not wait for a writer (fstat then
# tells it from a file); on a regular file the flag changes nothing.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_all(handle: int, expected: int) -> bytes:
    """Up to MAX_FILE_BYTES + 1 bytes: the size fstat gave in one read, more
    only if the file grew meanwhile. (A read of the limit itself would
    allocate 20 MB for every file.)"""
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_FILE_BYTES:
        chunk = os.read(handle, min(max(expected + 1 - total, 1 << 16), MAX_FILE_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def decode(data: bytes) -> tuple[str, str] | None:
    """Bytes to text: UTF-16/32 by their byte-order mark, UTF-8, else cp1252.

    A few damaged bytes in a file that is otherwise in one encoding become
    U+FFFD rather than costing the whole file. Returns None for binary content.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            unit = 4 if "32" in codec else 2 if "16" in codec else 1
            body = body[: len(body) - len(body) % unit]  # a file cut mid-character
            return body.decode(codec, errors="replace"), codec
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return (text, utf16) if _control_share_of_text(text) <= BINARY_CONTROL_SHARE else None
    if b"\x00" in data or _control_share(data) > BINARY_CONTROL_SHARE:
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    valid_multibyte = sum(1 for char in text if char > "\x7f") - damaged
    if valid_multibyte > damaged:
        # Real UTF-8 sequences do not happen by chance in another encoding:
        # this is UTF-8 with a few broken bytes.
        return text, "utf-8"
    # Web pages that are not UTF-8 are almost always Windows-1252 (a superset
    # of Latin-1 for printable text; its five unassigned bytes become U+FFFD),
    # or Windows-1251 for Cyrillic, whose words are runs of high bytes.
    sample = data[:65536]
    high = len(sample.translate(None, _ASCII))
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(sample))
    codec = "cp1251" if high and in_runs >= CYRILLIC_RUN_SHARE * high else "cp1252"
    if codec == "cp1252" and high > MAX_WESTERN_HIGH_SHARE * len(sample):
        return None  # Western text is mostly ASCII; this is data
    text = data.decode(codec, errors="replace")
    if _letter_share(text[:32768]) < MIN_LETTER_SHARE:
        return None  # random bytes decode to as many symbols as letters
    return text, codec


_HIGH_RUN = re.compile(rb"[\xc0-\xff]{4,}")
_LETTER_OR_SPACE = re.compile(r"[^\W\d_]|\s")


def _letter_share(text: str) -> float:
    return len(_LETTER_OR_SPACE.findall(text)) / len(text) if text else 0.0


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


_ASCII = bytes(range(128))
# Every byte that is not a control character found in binary files.
_NOT_BINARY = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\x1b")


_TEXT_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share_of_text(text: str) -> float:
    sample = text[:32768]
    return len(_TEXT_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = len(sample.translate(None, _NOT_BINARY))
    return controls / len(sample) if sample else 0.0


# Controls that must never reach a terminal or a parser: C0 except tab and
# newline, DEL, C1, and the bidirectional overrides and isolates that can make
# text display in another order than it is stored.
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


# Whole terminal escape sequences, so that what they carried does not stay
# behind as text ("[31m", "]0;title"): CSI, and OSC and the other string
# commands up to their terminator (bounded, so an unterminated one cannot eat
# the page). A lone ESC or C1 character goes with the other controls, not the
# letters after it, which may be the article's.
_ESCAPE_SEQUENCE = re.compile(
    "\x1b\\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b[\\]PX^_][^\x07\x1b\n]{0,1024}(?:\x07|\x1b\\\\)"
)


def clean_text(text: str) -> str:
    """Newlines for CRLF and CR; escape sequences, control and bidi-override
    characters removed."""
    text = _unify_line_ends(text)
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _DROPPED.sub("", text)


def clean_decoded(data: bytes, text: str, encoding: str) -> str:
    """clean_text(text) for `text` decoded from `data`.

    Most files are UTF-8 without a single character to drop, and their bytes
    say so faster than the text can (a pattern over every character): a byte
    table for the ASCII controls, and a search for the lead byte of each
    other kind. CR and FF are not looked for: they only become newlines."""
    if encoding != "utf-8" or data.translate(None, _NOT_DROPPED_ASCII):
        return clean_text(text)
    if _DROPPED_UTF8_C1.search(data) or _DROPPED_UTF8_BIDI.search(data) or b"\xef\xbb\xbf" in data:
        return clean_text(text)
    return _unify_line_ends(text)


def _unify_line_ends(text: str) -> str:
    if "\r" in text:  # a search for one character is much cheaper than for "\r\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\f", "\n")


# The bytes of _DROPPED's characters in UTF-8 (ESC among the controls).
_NOT_DROPPED_ASCII = bytes(b for b in range(256) if not (b < 0x20 or b == 0x7F) or b in b"\t\n\r\f")
_DROPPED_UTF8_C1 = re.compile(b"\xc2[\x80-\x9f]")  # U+0080-U+009F
_DROPPED_UTF8_BIDI = re.compile(b"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")  # U+202A-E, U+2066-9


def _describe(error: BaseException) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, RuntimeError):
        return "symlink loop"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
