"""A parsed Version as a compact blob, and back.

The blob holds everything parse_file() worked out, but not where the file was
found (`path`, `source`): those come from the current discovery, so the same
cached file opened through another argument gets the right display path.
JSON in zlib: C-speed both ways, readable when debugging, about a third of
the text's size.
"""

from __future__ import annotations

import json
import zlib
from array import array
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reader.load.group import HASH_CODE, Fingerprint
from reader.model import Caption, Kind, Version

LEVEL = 1  # zlib: level 1 is ~3x faster than the default for nearly the same size


def encode_version(version: Version) -> bytes:
    fields: list[Any] = [
        str(version.kind),
        version.style,
        version.title,
        version.byline,
        version.publisher,
        version.section,
        _encode_date(version.published),
        [[c.text, c.credit, c.position] for c in version.captions],
        list(version.paragraphs),
        version.mtime,
        version.size,
    ]
    return zlib.compress(json.dumps(fields, ensure_ascii=False).encode(), LEVEL)


def decode_version(blob: bytes, path: str, source: Path) -> Version:
    fields = json.loads(zlib.decompress(blob))
    (kind, style, title, byline, publisher, section, published, captions, paragraphs) = fields[:9]
    mtime, size = fields[9:]
    return Version(
        path=path,
        source=source,
        kind=Kind(kind),
        title=title,
        byline=byline,
        publisher=publisher,
        section=section,
        published=decode_date(published),
        captions=tuple(Caption(text, credit, position) for text, credit, position in captions),
        paragraphs=tuple(paragraphs),
        style=style,
        mtime=mtime,
        size=size,
    )


# A fingerprint: a header of the sampled count and the dense flag, then its
# hashes, four bytes each.


def encode_fingerprint(print_: Fingerprint) -> bytes:
    header = array(HASH_CODE, [print_.sampled, int(print_.dense)])
    return header.tobytes() + print_.hashes.tobytes()


def decode_fingerprint(blob: bytes) -> Fingerprint:
    values = array(HASH_CODE)
    values.frombytes(blob)
    return Fingerprint(values[2:], values[0], bool(values[1]))


def _encode_date(value: date | datetime | None) -> str | None:
    # isoformat keeps a datetime's seconds and offset; a bare day has no "T".
    return None if value is None else value.isoformat()


def decode_date(text: str | None) -> date | datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
