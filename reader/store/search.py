"""The list's `/` filter as a full-text query, and the plain scan behind it.

The user types words; FTS5 has its own query language, in which `-`, `:`,
`(`, `*`, `NEAR` and quotes mean something. Every term therefore reaches FTS5
inside double quotes (a quote in it doubled), and only the syntax we choose
to offer is translated:

    harbour budget      both words, anywhere (title, byline, publisher, body)
    "new pier"          a phrase
    harb*               a prefix, when at least 3 letters come before the star
    title:pier  by:smith  pub:ap      one field
    date:2021-03        articles published in that month (or year, or day)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_PREFIX = 3  # shorter prefixes match half the index and are slow (notes/scale.md)
# While typing, the word under the cursor becomes a prefix only from 4 letters:
# three letters typed are as often a whole word ("the", "new") as the start of
# one. An explicit `abc*` is honoured, and fast: the index keeps 3-letter
# prefixes (cache.py, _FTS_SCHEMA).
AUTO_PREFIX = 4

FIELDS = {"title": "title", "by": "byline", "pub": "publisher"}
_TOKEN = re.compile(r'(\w+:)?"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # casefolded
    column: str | None = None  # title, byline, publisher; None = any
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[Term, ...] = ()
    date: str | None = None  # an ISO prefix: "2021", "2021-03", "2021-03-03"

    @property
    def empty(self) -> bool:
        return not self.terms and not self.date


def parse_search(text: str, *, as_you_type: bool = False) -> SearchQuery:
    """The user's text as terms. `as_you_type`: the last bare word is a prefix
    (the word being typed), so the list narrows with every key."""
    terms: list[Term] = []
    date: str | None = None
    for match in _TOKEN.finditer(text):
        field, quoted, bare = match.group(1), match.group(2), match.group(3)
        column: str | None = None
        if quoted is not None:
            name = field[:-1].lower() if field else ""
            column = FIELDS.get(name)
            if quoted.strip():
                terms.append(Term(quoted.casefold(), column, phrase=True))
            continue
        name, colon, value = bare.partition(":")
        if colon and name.lower() == "date":
            date = value or None
            continue
        if colon and name.lower() in FIELDS:
            column, bare = FIELDS[name.lower()], value
        if not bare:
            continue
        prefix = bare.endswith("*")
        word = bare.rstrip("*")
        if not word.strip("*"):
            continue
        terms.append(Term(word.casefold(), column, prefix=prefix and len(word) >= MIN_PREFIX))
    if as_you_type and terms and not text[-1:].isspace():
        last = terms[-1]
        if not last.phrase and len(last.text) >= AUTO_PREFIX:
            terms[-1] = Term(last.text, last.column, prefix=True)
    return SearchQuery(tuple(terms), date)


def fts_match(query: SearchQuery) -> str | None:
    """An FTS5 MATCH expression for the terms (None when there are none)."""
    parts = []
    for term in query.terms:
        quoted = '"' + term.text.replace('"', '""') + '"'
        if term.prefix:
            quoted += " *"
        parts.append(f"{term.column} : {quoted}" if term.column else quoted)
    return " AND ".join(parts) if parts else None


def scan_match(query: SearchQuery, fields: dict[str, str]) -> bool:
    """The plain scan used without FTS5: every term a substring of its field.

    `fields` maps title, byline, publisher and body to casefolded text.
    Substrings are looser than FTS5's whole tokens; the fall-back errs on
    showing more.
    """
    everything: str | None = None
    for term in query.terms:
        if term.column:
            haystack = fields.get(term.column, "")
        else:
            if everything is None:
                everything = "\n".join(fields.values())
            haystack = everything
        if term.text not in haystack:
            return False
    return True
