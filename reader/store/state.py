"""The user's own state: read marks, bookmarks, the last article, scroll positions.

Unlike the cache, this cannot be rebuilt from anything, so it is never thrown
away. A damaged file is moved aside (the user is told where) and a fresh one
started; a file from a newer reader is left alone and this run keeps its
marks in memory only. Every change is its own committed transaction: a
killed process loses nothing it had already shown the user as done.

Marks are keyed by article id (a hash of the story's oldest version), so they
survive clearing the cache and re-reading the files.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from reader.app.state import UserState
from reader.store.db import StoreError, connect, read_meta, transaction

SCHEMA_VERSION = 1
STATE_FILE = "state.sqlite"

_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE marks(article_id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
    " bookmarked INTEGER NOT NULL DEFAULT 0, changed REAL NOT NULL)",
    "CREATE TABLE positions(article_id TEXT PRIMARY KEY, scroll INTEGER NOT NULL,"
    " changed REAL NOT NULL)",
    "CREATE TABLE last_article(roots TEXT PRIMARY KEY, article_id TEXT NOT NULL,"
    " changed REAL NOT NULL)",
)


class StateDB:
    """The state file, opened safely. `notices` says what had to be done."""

    def __init__(self, folder: Path | None) -> None:
        self.notices: list[str] = []
        self.path: Path | None = None
        self.persistent = False
        self.db = self._open(folder)

    def _open(self, folder: Path | None) -> sqlite3.Connection:
        if folder is None:
            return self._in_memory()
        path = folder / STATE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.notices.append(
                f"state: cannot create {folder} ({error.strerror}); marks are not saved"
            )
            return self._in_memory()
        try:
            db = connect(path)
            self._prepare(db, check=True)
        except _Newer as error:
            self.notices.append(f"state: {path} {error}; marks are not saved this time")
            return self._in_memory()
        except (sqlite3.Error, StoreError) as error:
            if not os.access(folder, os.W_OK):
                self.notices.append(f"state: {folder} is read-only; marks are not saved")
                return self._in_memory()
            aside = self._move_aside(path)
            if aside is None:
                return self._in_memory()
            self.notices.append(
                f"state: {path} was damaged ({error}); it was moved to {aside} "
                "and a new one started"
            )
            try:
                db = connect(path)
                self._prepare(db, check=False)
            except (sqlite3.Error, StoreError) as again:
                self.notices.append(f"state: cannot start {path} ({again}); marks are not saved")
                return self._in_memory()
        self.path = path
        self.persistent = True
        return db

    def _in_memory(self) -> sqlite3.Connection:
        db = connect(":memory:")
        self._prepare(db, check=False)
        return db

    def _prepare(self, db: sqlite3.Connection, *, check: bool) -> None:
        if check:
            # The state file is small: a full check costs milliseconds and
            # finds a truncated or overwritten file before we trust it.
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise StoreError(str(result))
        meta = read_meta(db)
        if not meta:
            with transaction(db):
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        schema = meta.get("schema_version", "?")
        if schema.isdigit() and int(schema) > SCHEMA_VERSION:
            raise _Newer(f"was written by a newer reader (schema {schema})")
        if schema != str(SCHEMA_VERSION):
            raise StoreError(f"unknown schema {schema}")

    def _move_aside(self, path: Path) -> Path | None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        try:
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{path}{suffix}")
                if source.exists():
                    os.replace(source, Path(f"{aside}{suffix}"))
        except OSError as error:
            self.notices.append(
                f"state: {path} is damaged and cannot be moved aside ({error.strerror}); "
                "marks are not saved"
            )
            return None
        return aside

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # -- writes: one committed transaction each ---------------------------------

    def set_mark(self, article_id: str, column: str, value: bool) -> None:
        assert column in ("read", "bookmarked")
        with transaction(self.db):
            self.db.execute(
                f"INSERT INTO marks(article_id, {column}, changed) VALUES (?, ?, ?) "
                f"ON CONFLICT(article_id) DO UPDATE SET {column} = excluded.{column}, "
                "changed = excluded.changed",
                (article_id, int(value), time.time()),
            )

    def rename(self, old_id: str, new_id: str) -> None:
        """Move marks and position from a provisional id to the final one (merging)."""
        with transaction(self.db):
            old = self.db.execute(
                "SELECT read, bookmarked FROM marks WHERE article_id = ?", (old_id,)
            ).fetchone()
            if old is not None:
                self.db.execute(
                    "INSERT INTO marks VALUES (?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE "
                    "SET read = max(read, excluded.read), "
                    "bookmarked = max(bookmarked, excluded.bookmarked), changed = excluded.changed",
                    (new_id, old[0], old[1], time.time()),
                )
                self.db.execute("DELETE FROM marks WHERE article_id = ?", (old_id,))
            self.db.execute(
                "UPDATE OR REPLACE positions SET article_id = ? WHERE article_id = ?",
                (new_id, old_id),
            )

    def marks(self) -> tuple[set[str], set[str]]:
        read: set[str] = set()
        bookmarked: set[str] = set()
        for article_id, is_read, is_bookmarked in self.db.execute(
            "SELECT article_id, read, bookmarked FROM marks WHERE read OR bookmarked"
        ):
            if is_read:
                read.add(article_id)
            if is_bookmarked:
                bookmarked.add(article_id)
        return read, bookmarked

    def scroll(self, article_id: str) -> int | None:
        row = self.db.execute(
            "SELECT scroll FROM positions WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else int(row[0])

    def set_scroll(self, article_id: str, offset: int) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO positions VALUES (?, ?, ?)",
                (article_id, int(offset), time.time()),
            )

    def last_article(self, roots: str) -> str | None:
        row = self.db.execute(
            "SELECT article_id FROM last_article WHERE roots = ?", (roots,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_last_article(self, roots: str, article_id: str) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO last_article VALUES (?, ?, ?)",
                (roots, article_id, time.time()),
            )


class _Newer(StoreError):
    """A state file from a newer reader: keep it as it is."""


class PersistentUserState(UserState):
    """`UserState` whose every change is saved at once in the state database.

    The marks are read once into memory (the list asks `is_read` for every
    row it draws); each change is written through, and a write that fails
    (disk full, a lock held too long) keeps the change in memory and is
    reported in `notices` rather than raised into the UI.
    """

    def __init__(self, state: StateDB) -> None:
        read, bookmarked = state.marks()
        super().__init__(read, bookmarked)
        self.state = state
        self.notices: list[str] = []
        self._placed: set[str] = set()  # ids given a scroll position in this run

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == self.is_read(article_id):
            return
        super().mark_read(article_id, read)
        self._save(self.state.set_mark, article_id, "read", read)

    def toggle_bookmark(self, article_id: str) -> bool:
        added = super().toggle_bookmark(article_id)
        self._save(self.state.set_mark, article_id, "bookmarked", added)
        return added

    def rename(self, old_id: str, new_id: str) -> None:
        # A cold load renames every provisional row: only those the user
        # marked or read in cost a transaction (100k of them took 1.7 s).
        kept = self.is_read(old_id) or self.is_bookmarked(old_id) or old_id in self._placed
        super().rename(old_id, new_id)
        if kept:
            self._save(self.state.rename, old_id, new_id)
            self._placed.discard(old_id)
            self._placed.add(new_id)

    # Beyond UserState: where the user was.

    def scroll(self, article_id: str) -> int | None:
        return self.state.scroll(article_id)

    def set_scroll(self, article_id: str, offset: int) -> None:
        self._placed.add(article_id)
        self._save(self.state.set_scroll, article_id, offset)

    def last_article(self, roots: str) -> str | None:
        return self.state.last_article(roots)

    def set_last_article(self, roots: str, article_id: str) -> None:
        self._save(self.state.set_last_article, roots, article_id)

    def _save(self, write: Callable[..., None], *args: object) -> None:
        try:
            write(*args)
        except sqlite3.Error as error:
            self.notices.append(f"state: could not save a change ({error})")
