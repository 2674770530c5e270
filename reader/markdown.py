"""An article (or one of its versions) as Markdown source.

The article's own text is scraped and untrusted: every character that
Markdown could read as syntax is backslash-escaped, and control characters
are replaced by visible symbols, so the rendered page shows exactly the words
of the source and nothing is ever interpreted.

Layout of the source (the reading pane relies on it):

    # Title
    *byline · publisher · date*
    paragraphs, with each caption as a block quote where it stood:
    > caption
    >
    > — credit
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Protocol

from reader.model import Caption
from reader.text import visible_controls

# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all
# of it is always safe and never changes the text shown.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_SPACE_RUNS = re.compile(r"\s+")


class Document(Protocol):
    """What Article and Version share: the fields a page is drawn from."""

    @property
    def title(self) -> str | None: ...
    @property
    def byline(self) -> str | None: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def published(self) -> date | datetime | None: ...
    @property
    def captions(self) -> tuple[Caption, ...]: ...
    @property
    def paragraphs(self) -> tuple[str, ...]: ...


def one_line(text: str) -> str:
    """White space runs as one space, other controls visible: safe on one line."""
    if text.isprintable() and "  " not in text:
        # Already one line (the loader folds a paragraph's white space): the
        # space is the only printable white space. On a 1 MB paragraph the
        # substitution is one call that holds the interpreter for ~30 ms.
        return text.strip(" ")
    return visible_controls(_SPACE_RUNS.sub(" ", text).strip())


def escape(text: str) -> str:
    """Inline text that Markdown shows literally, on one line."""
    return _PUNCTUATION.sub(r"\\\1", one_line(text))


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour == value.minute == 0 and value.tzinfo is None:
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def meta_line(doc: Document) -> str:
    """byline · publisher · date, the parts that are known."""
    parts = [doc.byline, doc.publisher, format_date(doc.published)]
    return " · ".join(p.strip() for p in parts if p and p.strip())


def page_chars(doc: Document) -> int:
    """About how long a document's page is: its paragraphs and captions, in
    characters (what laying it out or comparing it costs grows with this)."""
    captions = sum(len(c.text) + len(c.credit or "") for c in doc.captions)
    return sum(map(len, doc.paragraphs)) + captions


def to_markdown(doc: Document) -> str:
    """The Markdown source of the page the reading pane shows."""
    out: list[str] = []
    title = doc.title or ""
    if title.strip():
        out.append("# " + escape(title))
    meta = meta_line(doc)
    if meta:
        out.append("*" + escape(meta) + "*")
    pending = iter(figure_order(doc.captions))
    figure = next(pending, None)
    for index, paragraph in enumerate(doc.paragraphs):
        while figure is not None and figure.position <= index:
            out.append(_figure(figure))
            figure = next(pending, None)
        text = escape(paragraph)
        if text:
            out.append(text)
    while figure is not None:
        out.append(_figure(figure))
        figure = next(pending, None)
    return "\n\n".join(out) + "\n"


def figure_order(captions: tuple[Caption, ...]) -> list[Caption]:
    """Captions in the order the page shows them (by position, stable)."""
    return sorted(captions, key=lambda caption: caption.position)


def _figure(caption: Caption) -> str:
    lines = ["> " + (escape(caption.text) or "\\(no caption\\)")]
    if caption.credit and caption.credit.strip():
        lines += [">", "> — " + escape(caption.credit)]
    return "\n".join(lines)
