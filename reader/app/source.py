"""A source file's text exactly as it is on disk, safe to show."""

from __future__ import annotations

from pathlib import Path

from reader.load.files import decode

SHOWN_BYTES = 2 * 1024 * 1024  # a bigger file is cut; the reading pane is no hex viewer


def source_size(path: Path) -> int:
    """The file's size in bytes; 0 if it cannot be stat'ed (read_source says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_source(path: Path) -> str:
    """The file's text (controls still in it: the view makes them visible)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(SHOWN_BYTES + 1)
    except OSError as error:
        return f"(could not read {path}: {error.strerror or error})"
    cut = len(data) > SHOWN_BYTES
    data = data[:SHOWN_BYTES]
    decoded = decode(data)
    text = decoded[0] if decoded is not None else data.decode("latin-1")
    if cut:
        text += f"\n(only the first {SHOWN_BYTES // (1024 * 1024)} MB are shown)"
    return text
