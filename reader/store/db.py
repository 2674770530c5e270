"""Opening SQLite files the same way everywhere.

WAL lets a reader and a writer (two `reader` processes, or the app's worker
thread and its UI) work at once; `synchronous=NORMAL` in WAL mode loses no
committed transaction when the process is killed, only possibly the last ones
on a power cut, which is an acceptable price for a cache and for read marks.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000  # another process holding the write lock: wait, do not fail


class StoreError(Exception):
    """A database that cannot be used as it is (corrupt, foreign, from a newer reader)."""


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit: `with transaction(db)`)."""
    db = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # the app's loading worker and its UI share a store
    )
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if str(path) != ":memory:":
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use WAL mode here ({mode})")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


class transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on an exception.

    IMMEDIATE takes the write lock up front, so two processes queue on the
    busy timeout instead of one failing with "database is locked" halfway.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            self.db.execute("ROLLBACK")


BULK_CACHE_KIB = 128 * 1024  # SQLite's page cache while a grouping is written (default 2 MiB)


@contextlib.contextmanager
def bulk_writes(db: sqlite3.Connection) -> Iterator[None]:
    """A bigger page cache for one big write, then the default again.

    Storing the articles of 100,000 files touches the articles table, its four
    indexes and 800 MB of text: with the default 2 MiB cache SQLite read the
    same index pages back from the OS again and again (47 s of system time in
    a 74 s regrouping; with 128 MiB the write took 8 s less)."""
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")
        db.execute("PRAGMA shrink_memory")


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    """The meta table as a dict; empty for a new file. Raises StoreError for a foreign one."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return {}
    if "meta" not in tables:
        raise StoreError("not a reader database (no meta table)")
    return {str(key): str(value) for key, value in db.execute("SELECT key, value FROM meta")}


def has_fts5(db: sqlite3.Connection) -> bool:
    """Whether this Python's SQLite was built with FTS5 (some builds are not)."""
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        db.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError:
        return False
    return True


def has_json_arrays(db: sqlite3.Connection) -> bool:
    """Whether this SQLite has json_group_array (built in since 3.38, in JSON1 before)."""
    try:
        db.execute("SELECT json_group_array(1)").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


def file_size(path: Path) -> int:
    """Bytes on disk of a database with its WAL and shared-memory files."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            total += Path(f"{path}{suffix}").stat().st_size
    return total
