"""The cache: parsed versions, the grouping and the search index, in one SQLite file.

Everything in it can be rebuilt from the source files, so any trouble with it
(a file from an older or newer reader, a damaged or truncated file, a folder
we may not write to) ends in a notice and a fresh cache, never a crash. When
even a fresh file cannot be made, the cache lives in memory for this run.

Tables:
    meta         schema_version, parser_version
    files        one row per source file, by absolute path: its size and
                 mtime_ns when parsed, and the parsed Version (or the Problem)
    collections  one row per set of paths the user opened: the signature of
                 the versions it was grouped from, its problems
    articles     the grouped articles of each collection in list order, with
                 the header fields the list shows and the member files
    docs, search the text of each article and its FTS5 index (external content)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from reader.load.group import list_order, make_article
from reader.model import Article, Problem, Version
from reader.store.db import (
    StoreError,
    bulk_writes,
    connect,
    file_size,
    has_fts5,
    has_json_arrays,
    read_meta,
    transaction,
)
from reader.store.records import decode_date, decode_version
from reader.store.search import SearchQuery, fts_match, parse_search, scan_match

SCHEMA_VERSION = 4
CACHE_FILE = "cache.sqlite"
KEEP_COLLECTIONS = 20  # groupings of other folders kept for their warm start
INDEX_BATCH = 500  # articles per transaction when filling the search index
FEW_HITS = 5000  # up to this many search hits are looked up by key, more by a walk of the list

# files_stamps covers the re-check's query of every file's (size, mtime): the
# table's rows hold each file's parsed blob, and reading them for the stamps
# read the whole cache (1.6 GB at 100,000 files) from disk on a cold start.
# articles_listed holds the list's columns in list order: a warm start reads the
# list from the index alone (67,491 rows: 0.16-0.25 s), not row by row from the
# table in the order of an index (0.34-0.55 s).
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    problem TEXT,
    data BLOB,
    fingerprint BLOB
);
CREATE TABLE collections(
    id INTEGER PRIMARY KEY,
    roots TEXT UNIQUE NOT NULL,
    signature TEXT NOT NULL,
    files_seen INTEGER NOT NULL,
    problems TEXT NOT NULL,
    used REAL NOT NULL
);
CREATE TABLE articles(
    row INTEGER PRIMARY KEY,
    collection INTEGER NOT NULL,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    content_key TEXT NOT NULL,
    title TEXT,
    display_title TEXT NOT NULL,
    byline TEXT,
    publisher TEXT,
    section TEXT,
    published TEXT,
    word_count INTEGER NOT NULL,
    versions INTEGER NOT NULL,
    members TEXT NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_by_key ON articles(collection, content_key);
CREATE INDEX articles_unindexed ON articles(collection) WHERE indexed = 0;
CREATE INDEX articles_by_date ON articles(collection, published);
CREATE INDEX files_stamps ON files(path, size, mtime_ns);
CREATE INDEX articles_listed ON articles(collection, position, row, id, title, display_title,
    byline, publisher, section, published, word_count, versions);
CREATE TABLE docs(row INTEGER PRIMARY KEY, title TEXT, byline TEXT, publisher TEXT, body TEXT);
"""
# prefix='3': FTS5 also indexes the first three letters of every term, so that
# `abc*` reads one list of articles, not those of every word it begins. At
# 67,491 articles a 3-letter prefix of common words ("the*") took 69-90 ms,
# with the index 7-9 ms; the index grew 332 -> 546 MiB. Longer prefixes begin
# few words and gain little ("harb*" 4.5 -> 4.0 ms).
_FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE search USING fts5("
    "title, byline, publisher, body, content='docs', content_rowid='row', prefix='3')"
)


@functools.cache  # the source does not change under a running process: read it once
def parser_version() -> str:
    """A digest of the loader's own source: any change to how files are parsed
    or grouped makes older cached results stale, without anyone having to
    remember to bump a number. Not `cached.py`: it is this cache's own
    bookkeeping (what to re-read, when to regroup), not how a file is parsed
    or grouped, and a change to it leaves every stored result valid."""
    import reader.load
    import reader.model

    digest = hashlib.sha256()
    folder = Path(reader.load.__file__).parent
    loader = [path for path in sorted(folder.glob("*.py")) if path.name != "cached.py"]
    for path in [*loader, Path(reader.model.__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What the cache knows of one source file."""

    path: str  # absolute
    size: int
    mtime_ns: int
    problem: str | None  # why it holds no article ...
    data: bytes | None  # ... or its parsed Version (records.encode_version)
    fingerprint: bytes | None = None  # and its body's (records.encode_fingerprint)


@dataclass(frozen=True, slots=True)
class Outline:
    """A cached file without its Version."""

    problem: str | None
    fingerprint: bytes | None


class Header(NamedTuple):
    """One row of the article list, straight from the cache: no source file read.

    A named tuple rather than a frozen dataclass: a warm start makes one per
    article (100,000), and a tuple is made in a third of the time."""

    row: int  # the cache's key for this article (for `Cache.article`)
    id: str
    title: str | None
    display_title: str
    byline: str | None
    publisher: str | None
    section: str | None
    published: date | datetime | None
    word_count: int
    version_count: int


class ArticleRow(NamedTuple):
    """An article as `save_collection` stores it: its row of `articles` and
    of `docs`, worked out beforehand (by `article_row`, in a worker process
    during a cold load) so that storing it is only the INSERTs."""

    content_key: str  # same key, same article: an existing row stays
    members: str  # the member files as JSON: [[cache key, display path], …]
    order: tuple[int, str, str]  # the list order (`list_order`)
    id: str
    title: str | None
    display_title: str
    byline: str | None
    publisher: str | None
    section: str | None
    published: str | None  # ISO
    word_count: int
    versions: int
    body: str  # the paragraphs, one per line, for the search index


def article_row(article: Article, members: Sequence[tuple[str, str]]) -> ArticleRow:
    """What the cache stores of `article`, whose files are `members` (cache key, display path)."""
    encoded = json.dumps(members)
    published = None if article.published is None else article.published.isoformat()
    return ArticleRow(
        content_key=_content_key(article, encoded),
        members=encoded,
        order=list_order(article),
        id=article.id,
        title=article.title,
        display_title=article.display_title,
        byline=article.byline,
        publisher=article.publisher,
        section=article.section,
        published=published,
        word_count=article.word_count,
        versions=len(article.versions),
        body="\n".join(article.paragraphs),
    )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A collection as the cache last saw it: the list, in order, and its problems."""

    headers: tuple[Header, ...]
    problems: tuple[Problem, ...]
    files_seen: int


@dataclass(frozen=True, slots=True)
class CacheInfo:
    path: str
    bytes: int
    files: int
    problems: int
    collections: int
    articles: int
    unindexed: int
    fts5: bool


def roots_key(paths: Iterable[str | os.PathLike[str]]) -> str:
    """A collection is the list of paths the user gave, made absolute, in order."""
    return json.dumps([os.path.abspath(path) for path in paths])


class Cache:
    """The cache file, or a stand-in in memory. Never raises for a bad file:
    read `notices` for what went wrong and what was done about it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self.path: Path | None = None
        self.parser_version = parser_version()
        self.db = self._open(folder)
        self.fts = has_fts5(self.db) and self._has_table("search")
        self.json_arrays = has_json_arrays(self.db)

    # -- opening -----------------------------------------------------------------

    def _open(self, folder: Path | None) -> sqlite3.Connection:
        if folder is None:
            return self._in_memory()
        path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.notices.append(f"cache: cannot create {folder} ({error.strerror}); no cache")
            return self._in_memory()
        if not os.access(folder, os.W_OK):
            self.notices.append(f"cache: {folder} is read-only; working without a cache")
            return self._in_memory()
        for attempt in range(2):
            try:
                problem = _truncated(path)
                if problem:
                    raise StoreError(problem)
                db = connect(path)
                self._prepare(db)
            except sqlite3.OperationalError as error:
                # Locked by another process past the timeout, unreadable, an
                # I/O error: the file may be fine, and may be another reader's.
                # Leave it alone and do without it this time.
                self.notices.append(f"cache: cannot open {path} ({error}); no cache this time")
                return self._in_memory()
            except (sqlite3.DatabaseError, StoreError) as error:
                # Not a database, damaged, or from another version: ours to replace.
                if attempt == 1 or not self._discard(path, f"{error}"):
                    self.notices.append(f"cache: cannot use {path} ({error}); no cache")
                    return self._in_memory()
                continue
            self.path = path
            return db
        raise AssertionError("unreachable")

    def _in_memory(self) -> sqlite3.Connection:
        db = connect(":memory:")
        self._prepare(db)
        self.path = None
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Create the tables, or check that the file's are ours and current."""
        meta = read_meta(db)
        if not meta:
            with transaction(db):
                # Statement by statement: executescript() would commit mid-transaction.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                if has_fts5(db):
                    db.execute(_FTS_SCHEMA)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("schema_version", str(SCHEMA_VERSION)),
                        ("parser_version", self.parser_version),
                    ],
                )
            return
        schema = meta.get("schema_version", "?")
        if schema != str(SCHEMA_VERSION):
            newer = schema.isdigit() and int(schema) > SCHEMA_VERSION
            raise StoreError(
                f"written by a {'newer' if newer else 'older'} reader (schema {schema})"
            )
        if meta.get("parser_version") != self.parser_version:
            # Same layout, but the loader changed: every parsed result is stale.
            with transaction(db):
                for table in ("files", "collections", "articles", "docs"):
                    db.execute(f"DELETE FROM {table}")
                if self._has_table("search", db):
                    db.execute("INSERT INTO search(search) VALUES ('delete-all')")
                db.execute(
                    "UPDATE meta SET value = ? WHERE key = 'parser_version'",
                    (self.parser_version,),
                )
            self.notices.append("cache: the loader has changed; every file will be read again")

    def _discard(self, path: Path, why: str) -> bool:
        """Delete a cache file we cannot use, so a fresh one can be made."""
        self.notices.append(f"cache: {path} {why}; rebuilding it")
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as error:
            self.notices.append(f"cache: cannot remove {path} ({error.strerror})")
            return False
        return True

    def reset(self, why: str) -> None:
        """Start again with an empty cache (after an error met while using it)."""
        self.close()
        if self.path is not None:
            self._discard(self.path, why)
        else:
            self.notices.append(f"cache: {why}; starting afresh")
        self.db = self._open(self.folder if self.path is not None else None)
        self.fts = has_fts5(self.db) and self._has_table("search")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def _has_table(self, name: str, db: sqlite3.Connection | None = None) -> bool:
        row = (
            (db or self.db)
            .execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,))
            .fetchone()
        )
        return row is not None

    # -- files -------------------------------------------------------------------

    def file_stamps(self, roots: Sequence[str]) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every cached file under the given absolute roots."""
        stamps: dict[str, tuple[int, int]] = {}
        for root in roots:
            for path, size, mtime_ns in self._under(root, "path, size, mtime_ns"):
                stamps[path] = (size, mtime_ns)
        return stamps

    def _under(self, root: str, columns: str) -> Iterator[Any]:
        """Rows of `files` for the file `root` or anything below the folder `root`."""
        low = root.rstrip(os.sep) + os.sep
        high = low[:-1] + chr(ord(os.sep) + 1)  # every path starting with low sorts below it
        yield from self.db.execute(
            f"SELECT {columns} FROM files WHERE path = ? OR (path >= ? AND path < ?)",
            (root, low, high),
        )

    def records(self, paths: Sequence[str]) -> dict[str, FileRecord]:
        found: dict[str, FileRecord] = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT path, size, mtime_ns, problem, data, fingerprint FROM files "
                f"WHERE path IN ({marks})",
                chunk,
            ):
                found[row[0]] = FileRecord(*row)
        return found

    def outlines(self, paths: Sequence[str]) -> dict[str, Outline]:
        """What grouping needs of each cached file: its problem or its fingerprint."""
        found: dict[str, Outline] = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for path, problem, print_ in self.db.execute(
                f"SELECT path, problem, fingerprint FROM files WHERE path IN ({marks})", chunk
            ):
                found[path] = Outline(problem, print_)
        return found

    def put_files(self, records: Sequence[FileRecord]) -> None:
        """Store a batch of parsed files in one transaction."""
        with transaction(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                [(r.path, r.size, r.mtime_ns, r.problem, r.data, r.fingerprint) for r in records],
            )

    def drop_files(self, paths: Sequence[str]) -> None:
        with transaction(self.db):
            self.db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])

    # -- collections and their grouping ------------------------------------------

    def signature_of(self, roots: str) -> str | None:
        row = self.db.execute(
            "SELECT signature FROM collections WHERE roots = ?", (roots,)
        ).fetchone()
        return None if row is None else str(row[0])

    def stored_groups(self, roots: str) -> list[list[str]] | None:
        """The member paths (absolute) of each article, in list order."""
        row = self.db.execute("SELECT id FROM collections WHERE roots = ?", (roots,)).fetchone()
        if row is None:
            return None
        return [
            [member[0] for member in json.loads(members)]
            for (members,) in self.db.execute(
                "SELECT members FROM articles WHERE collection = ? ORDER BY position", (row[0],)
            )
        ]

    def save_collection(
        self,
        roots: str,
        signature: str,
        stories: Iterable[ArticleRow],
        problems: Sequence[Problem],
        files_seen: int,
    ) -> None:
        """Store a new grouping: each article's row (`article_row`), in any
        order (the list order is the articles').

        Articles that did not change keep their row (and their search index
        entry), the others are replaced. The rows are taken one by one and
        not kept, so a big folder's bodies are never all in memory.
        """
        with bulk_writes(self.db), transaction(self.db):
            collection = self._collection_id(roots, signature, problems, files_seen)
            old = {
                key: row
                for row, key in self.db.execute(
                    "SELECT row, content_key FROM articles WHERE collection = ?", (collection,)
                )
            }
            order: list[tuple[tuple[int, str, str], int]] = []
            moved: list[tuple[str, int]] = []
            for story in stories:
                row = old.pop(story.content_key, None)
                if row is not None:
                    moved.append((story.members, row))
                else:
                    row = self._insert_article(collection, story)
                order.append((story.order, row))
            self.db.executemany("UPDATE articles SET members = ? WHERE row = ?", moved)
            order.sort()
            self.db.executemany(
                "UPDATE articles SET position = ? WHERE row = ?",
                [(position, row) for position, (_, row) in enumerate(order)],
            )
            self._delete_articles(list(old.values()))
            self._forget_old_collections()

    def save_problems(self, roots: str, problems: Sequence[Problem], files_seen: int) -> None:
        """The grouping stands, but the list of problems may have changed."""
        with transaction(self.db):
            self.db.execute(
                "UPDATE collections SET problems = ?, files_seen = ?, used = ? WHERE roots = ?",
                (_problems_json(problems), files_seen, time.time(), roots),
            )

    def _collection_id(
        self, roots: str, signature: str, problems: Sequence[Problem], files_seen: int
    ) -> int:
        self.db.execute(
            "INSERT INTO collections(roots, signature, files_seen, problems, used) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(roots) DO UPDATE SET "
            "signature = excluded.signature, files_seen = excluded.files_seen, "
            "problems = excluded.problems, used = excluded.used",
            (roots, signature, files_seen, _problems_json(problems), time.time()),
        )
        row = self.db.execute("SELECT id FROM collections WHERE roots = ?", (roots,)).fetchone()
        return int(row[0])

    def _insert_article(self, collection: int, story: ArticleRow) -> int:
        """A new row for the article (placed in the list by the caller); its row number."""
        cursor = self.db.execute(
            "INSERT INTO articles(collection, position, id, content_key, title, display_title, "
            "byline, publisher, section, published, word_count, versions, members) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                collection,
                -1,
                story.id,
                story.content_key,
                story.title,
                story.display_title,
                story.byline,
                story.publisher,
                story.section,
                story.published,
                story.word_count,
                story.versions,
                story.members,
            ),
        )
        row = int(cursor.lastrowid or 0)
        self.db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (row, story.title or story.display_title, story.byline, story.publisher, story.body),
        )
        return row

    def _delete_articles(self, rows: Sequence[int]) -> None:
        for row in rows:
            indexed = self.db.execute(
                "SELECT indexed FROM articles WHERE row = ?", (row,)
            ).fetchone()
            if self.fts and indexed and indexed[0]:
                # External-content FTS5 forgets a row only when told its old text.
                self.db.execute(
                    "INSERT INTO search(search, rowid, title, byline, publisher, body) "
                    "SELECT 'delete', row, title, byline, publisher, body FROM docs WHERE row = ?",
                    (row,),
                )
            self.db.execute("DELETE FROM docs WHERE row = ?", (row,))
            self.db.execute("DELETE FROM articles WHERE row = ?", (row,))

    def _forget_old_collections(self) -> None:
        stale = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM collections ORDER BY used DESC LIMIT -1 OFFSET ?",
                (KEEP_COLLECTIONS,),
            )
        ]
        for collection in stale:
            rows = [
                r[0]
                for r in self.db.execute(
                    "SELECT row FROM articles WHERE collection = ?", (collection,)
                )
            ]
            self._delete_articles(rows)
            self.db.execute("DELETE FROM collections WHERE id = ?", (collection,))

    # -- the warm start ----------------------------------------------------------

    def snapshot(
        self, paths: Iterable[str | os.PathLike[str]], limit: int | None = None
    ) -> Snapshot | None:
        """The list as it was last time, without touching the source files.

        None when these paths were never loaded. `limit` gives the first rows
        only: enough for a first screen while the rest is read.
        """
        roots = roots_key(paths)
        row = self.db.execute(
            "SELECT id, problems, files_seen FROM collections WHERE roots = ?", (roots,)
        ).fetchone()
        if row is None:
            return None
        collection, problems, files_seen = row
        rows = self.db.execute(
            "SELECT row, id, title, display_title, byline, publisher, section, published, "
            "word_count, versions FROM articles WHERE collection = ? ORDER BY position LIMIT ?",
            (collection, -1 if limit is None else limit),
        )
        headers = tuple(
            Header(key, id_, title, shown, byline, publisher, section, decode_date(day), words, n)
            for key, id_, title, shown, byline, publisher, section, day, words, n in rows
        )
        problem_list = tuple(Problem(path, reason) for path, reason in json.loads(problems))
        return Snapshot(headers, problem_list, int(files_seen))

    def article_files(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str]]:
        """(display path, article id) of every file in a collection's articles."""
        collection = self._collection_of(paths)
        if collection is None:
            return
        for article_id, members in self.db.execute(
            "SELECT id, members FROM articles WHERE collection = ?", (collection,)
        ):
            for _, display in json.loads(members):
                yield display, article_id

    def article(self, row: int) -> Article | None:
        """The whole article behind a header, from the cached versions (no file read)."""
        found = self.db.execute("SELECT members FROM articles WHERE row = ?", (row,)).fetchone()
        if found is None:
            return None
        members: list[list[str]] = json.loads(found[0])
        records = self.records([path for path, _ in members])
        versions: list[Version] = []
        for path, display in members:
            record = records.get(path)
            if record is None or record.data is None:
                return None  # the cache changed under us; the caller reloads
            versions.append(decode_version(record.data, display, Path(path)))
        return make_article(versions)

    # -- search ------------------------------------------------------------------

    def update_index(
        self,
        batch: int = INDEX_BATCH,
        progress: Callable[[int, int], object] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Add the articles not yet in the search index; returns how many.

        Runs in batches of one transaction each, so it can be stopped
        (`cancelled`, or the process killed) at any point and carried on later;
        searches meanwhile scan the articles not yet indexed. `progress` gets
        (done, total) after each batch.
        """
        if not self.fts:
            return 0
        total = int(
            self.db.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0]
        )
        done = 0
        while cancelled is None or not cancelled():
            with transaction(self.db):
                rows = [
                    r[0]
                    for r in self.db.execute(
                        "SELECT row FROM articles WHERE indexed = 0 LIMIT ?", (batch,)
                    )
                ]
                if not rows:
                    break
                marks = ",".join("?" * len(rows))
                self.db.execute(
                    "INSERT INTO search(rowid, title, byline, publisher, body) "
                    f"SELECT row, title, byline, publisher, body FROM docs WHERE row IN ({marks})",
                    rows,
                )
                self.db.execute(f"UPDATE articles SET indexed = 1 WHERE row IN ({marks})", rows)
            done += len(rows)
            if progress is not None:
                progress(done, max(total, done))
        return done

    def search_rows(
        self, paths: Iterable[str | os.PathLike[str]], text: str, *, as_you_type: bool = False
    ) -> set[int] | None:
        """The `Header.row` of every matching article: the fast path for a list
        of headers, which keeps those whose row is in the set.

        None when the text holds no terms (show everything). The set may hold
        rows of other collections too (FTS5 indexes them all, and filtering
        would cost a lookup per hit); they match no header of this one.
        """
        query = parse_search(text, as_you_type=as_you_type)
        if query.empty:
            return None
        collection = self._collection_of(paths)
        if collection is None:
            return set()
        return self._matching_rows(query, collection)

    def search(
        self,
        paths: Iterable[str | os.PathLike[str]],
        text: str,
        *,
        as_you_type: bool = False,
        limit: int | None = None,
    ) -> list[str] | None:
        """Ids of the articles of a collection that match `text`, in list order.

        None when the text holds no terms (show everything). Uses FTS5 for
        indexed articles and a plain scan for the rest (all of them when this
        SQLite lacks FTS5).
        """
        query = parse_search(text, as_you_type=as_you_type)
        if query.empty:
            return None
        collection = self._collection_of(paths)
        if collection is None:
            return []
        found = self._matching_rows(query, collection)
        if len(found) <= FEW_HITS:
            # Few hits: look them up by key rather than walking the whole list.
            hits: list[tuple[int, str]] = []
            rows = sorted(found)
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                marks = ",".join("?" * len(chunk))
                hits.extend(
                    self.db.execute(
                        f"SELECT position, id FROM articles WHERE row IN ({marks})"
                        " AND collection = ?",
                        [*chunk, collection],
                    )
                )
            hits.sort()
            return [article_id for _, article_id in hits[:limit]]
        ids: list[str] = []
        for row_id, article_id in self.db.execute(
            "SELECT row, id FROM articles WHERE collection = ? ORDER BY position", (collection,)
        ):
            if row_id in found:
                ids.append(article_id)
                if limit is not None and len(ids) >= limit:
                    break
        return ids

    def prepare_search(self) -> None:
        """Have FTS5 read its index's layout now: a connection's first query
        does, and at 100k articles that made the first search ~5 ms slower."""
        if self.fts:
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.execute(
                    "SELECT rowid FROM search WHERE search MATCH ? LIMIT 1", ('"0"',)
                ).fetchall()

    def _collection_of(self, paths: Iterable[str | os.PathLike[str]]) -> int | None:
        row = self.db.execute(
            "SELECT id FROM collections WHERE roots = ?", (roots_key(paths),)
        ).fetchone()
        return None if row is None else int(row[0])

    def _matching_rows(self, query: SearchQuery, collection: int) -> set[int]:
        """Rows matching the terms: FTS5 for indexed articles, a scan for the rest."""
        found: set[int] = set()
        match = fts_match(query)
        if match is None:  # only a date
            return self._dated(query.date or "", collection)
        if self.fts:
            # Every term is quoted, so FTS5 should parse any input; if it still
            # cannot, nothing matches rather than the app failing.
            with contextlib.suppress(sqlite3.OperationalError):
                found.update(self._fts_rows(match))
            found.update(self._scan(query, "collection = ? AND indexed = 0", collection))
        else:
            found.update(self._scan(query, "collection = ?", collection))
        if query.date:
            found &= self._dated(query.date, collection)
        return found

    def _fts_rows(self, match: str) -> list[int]:
        """The rowids FTS5 finds for `match`.

        As one JSON array made in SQLite, where it can be: a common word is
        in nearly every article, and 67,467 rows one by one through the
        cursor took 34 ms, the array 12 ms (of which 3 are FTS5's own)."""
        sql = "SELECT {} FROM search WHERE search MATCH ?"
        if self.json_arrays:
            (array,) = self.db.execute(sql.format("json_group_array(rowid)"), (match,)).fetchone()
            rows: list[int] = json.loads(array)
            return rows
        return [row for (row,) in self.db.execute(sql.format("rowid"), (match,))]

    def _dated(self, prefix: str, collection: int) -> set[int]:
        """Rows published in the year, month or day `prefix` (ISO) stands for."""
        # A range, not LIKE: ISO dates hold only characters below DEL, and a
        # comparison is cheaper than a case-blind pattern on every row.
        return {
            r[0]
            for r in self.db.execute(
                "SELECT row FROM articles WHERE collection = ? AND published >= ? "
                "AND published < ?",
                (collection, prefix, prefix + "\x7f"),
            )
        }

    def _scan(self, query: SearchQuery, where: str, collection: int) -> Iterator[int]:
        if not query.terms:
            return
        for row, title, byline, publisher, body in self.db.execute(
            "SELECT docs.row, docs.title, docs.byline, docs.publisher, docs.body "
            f"FROM articles JOIN docs ON docs.row = articles.row WHERE {where}",
            (collection,),
        ):
            fields = {
                "title": (title or "").casefold(),
                "byline": (byline or "").casefold(),
                "publisher": (publisher or "").casefold(),
                "body": (body or "").casefold(),
            }
            if scan_match(query, fields):
                yield int(row)

    # -- upkeep ------------------------------------------------------------------

    def info(self) -> CacheInfo:
        def count(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        return CacheInfo(
            path=str(self.path) if self.path else "(in memory)",
            bytes=file_size(self.path) if self.path else 0,
            files=count("SELECT count(*) FROM files WHERE data IS NOT NULL"),
            problems=count("SELECT count(*) FROM files WHERE problem IS NOT NULL"),
            collections=count("SELECT count(*) FROM collections"),
            articles=count("SELECT count(*) FROM articles"),
            unindexed=count("SELECT count(*) FROM articles WHERE indexed = 0"),
            fts5=self.fts,
        )


def _content_key(article: Article, members: str) -> str:
    """Same key, same article text: the row (and its index entry) can stay."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(article.id.encode())
    digest.update(members.encode())
    for version in article.versions:
        digest.update(f"{version.size}:{version.mtime!r}".encode())
    return digest.hexdigest()


def _problems_json(problems: Sequence[Problem]) -> str:
    return json.dumps([[p.path, p.reason] for p in problems], ensure_ascii=False)


def _truncated(path: Path) -> str | None:
    """A database file shorter than its own header says (cut off by a crash or a copy)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if not header:
        return None  # an empty file is a new database to SQLite
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "is not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and size < pages * page_size and not _has_wal(path):
        return f"is truncated ({size} of {pages * page_size} bytes)"
    return None


def _has_wal(path: Path) -> bool:
    """Whether a write-ahead log holds pages of the database.

    Then the file alone need not be as long as its header says: while a
    checkpoint copies pages from the log, another process reads the new page
    count before the file has grown (a reader judging by size alone deleted
    a cache that was being written). A file truncated under a live log is
    still caught, by SQLite, when its missing pages are read.
    """
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False
