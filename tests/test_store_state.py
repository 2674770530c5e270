"""The store's files on their own: user state, settings, search, and every way a
file can be bad (from a newer reader, truncated, garbage, in a read-only folder)."""

from __future__ import annotations

import contextlib
import inspect
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.app.state import UserState
from reader.load import load
from reader.load.cached import load_cached
from reader.store import Cache, PersistentUserState, Settings, StateDB, open_store
from reader.store.cache import CACHE_FILE
from reader.store.search import fts_match, parse_search
from reader.store.settings import SETTINGS_FILE, load_settings, save_settings
from reader.store.state import STATE_FILE

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "assets"
BENCH = REPO.parent / "shared" / "bench" / "corpus"


def reopen(folder: Path) -> PersistentUserState:
    return PersistentUserState(StateDB(folder))


# -- user state ------------------------------------------------------------------


def test_same_methods_as_user_state() -> None:
    public = {name for name in dir(UserState) if not name.startswith("_")}
    for name in public:
        ours = getattr(PersistentUserState, name)
        theirs = getattr(UserState, name)
        if callable(theirs):
            assert inspect.signature(ours) == inspect.signature(theirs), name
    assert isinstance(reopen_in_memory(), UserState)


def reopen_in_memory() -> PersistentUserState:
    return PersistentUserState(StateDB(None))


def test_marks_survive_reopening(tmp_path: Path) -> None:
    state = reopen(tmp_path)
    assert state.state.persistent
    generation = state.generation
    state.mark_read("a")
    assert state.toggle_read("b") is True
    assert state.toggle_read("b") is False
    assert state.toggle_bookmark("c") is True
    assert state.toggle_bookmark("d") is True
    assert state.toggle_bookmark("d") is False
    state.set_scroll("a", 42)
    state.set_last_article('["/x"]', "a")
    assert state.generation > generation
    state.state.close()

    again = reopen(tmp_path)
    assert again.is_read("a") and not again.is_read("b")
    assert again.is_bookmarked("c") and not again.is_bookmarked("d")
    assert again.scroll("a") == 42 and again.scroll("b") is None
    assert again.last_article('["/x"]') == "a"
    assert not again.state.notices


def test_rename_carries_marks_over(tmp_path: Path) -> None:
    state = reopen(tmp_path)
    state.mark_read("file:x.txt")
    state.toggle_bookmark("file:x.txt")
    state.set_scroll("file:x.txt", 7)
    state.rename("file:x.txt", "abc")
    assert state.is_read("abc") and state.is_bookmarked("abc")
    again = reopen(tmp_path)
    assert again.is_read("abc") and again.is_bookmarked("abc")
    assert not again.is_read("file:x.txt")
    assert again.scroll("abc") == 7


def test_damaged_state_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_bytes(b"not a database at all, but the user's file" * 100)
    state = StateDB(tmp_path)
    assert state.persistent
    assert "moved to" in state.notices[0]
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"not a database")
    PersistentUserState(state).mark_read("a")
    assert reopen(tmp_path).is_read("a")


def test_truncated_state_is_moved_aside(tmp_path: Path) -> None:
    state = reopen(tmp_path)
    for number in range(2000):
        state.toggle_bookmark(f"article-{number:05}-{'x' * 40}")
    state.state.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state.state.close()
    path = tmp_path / STATE_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    again = StateDB(tmp_path)
    assert again.persistent
    assert any("damaged" in notice for notice in again.notices)
    assert any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_state_from_a_newer_reader_is_left_alone(tmp_path: Path) -> None:
    reopen(tmp_path).mark_read("a")
    db = sqlite3.connect(tmp_path / STATE_FILE)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    before = (tmp_path / STATE_FILE).read_bytes()
    state = StateDB(tmp_path)
    assert not state.persistent
    assert "newer reader" in state.notices[0]
    PersistentUserState(state).mark_read("b")  # works, in memory
    assert (tmp_path / STATE_FILE).read_bytes() == before


# -- settings --------------------------------------------------------------------


def test_settings_round_trip(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == (Settings(), [])
    wanted = Settings(theme="nord", sidebar=True, sort="title", reverse=True)
    assert save_settings(tmp_path, wanted) is None
    assert load_settings(tmp_path) == (wanted, [])


def test_bad_settings_fall_back(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text('{"sort": "colour", "sidebar": true, "future": 1}')
    settings, notices = load_settings(tmp_path)
    assert settings == Settings(sidebar=True)
    assert "sort" in notices[0]
    save_settings(tmp_path, settings)
    assert '"future": 1' in (tmp_path / SETTINGS_FILE).read_text()  # kept for a newer reader
    (tmp_path / SETTINGS_FILE).write_text("{broken")
    settings, notices = load_settings(tmp_path)
    assert settings == Settings() and "using defaults" in notices[0]


def test_open_store_uses_the_three_folders(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c", tmp_path / "d", tmp_path / "s")
    assert store.notices == []
    store.user_state.mark_read("x")
    store.save_settings(Settings(theme="nord"))
    store.close()
    assert (tmp_path / "c" / CACHE_FILE).exists()
    assert (tmp_path / "d" / STATE_FILE).exists()
    assert (tmp_path / "s" / SETTINGS_FILE).exists()
    again = open_store(tmp_path / "c", tmp_path / "d", tmp_path / "s")
    assert again.user_state.is_read("x") and again.settings.theme == "nord"


# -- a bad cache is rebuilt, with a notice ---------------------------------------


def built_cache(folder: Path) -> Path:
    cache = Cache(folder)
    load_cached([ASSETS], cache)
    cache.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    return folder / CACHE_FILE


def set_meta(path: Path, key: str, value: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))


def assert_works(cache: Cache) -> None:
    expected = load([ASSETS])
    assert load_cached([ASSETS], cache) == expected
    assert load_cached([ASSETS], cache) == expected


def test_cache_from_a_newer_reader(tmp_path: Path) -> None:
    path = built_cache(tmp_path)
    set_meta(path, "schema_version", "99")
    cache = Cache(tmp_path)
    assert "newer reader" in cache.notices[0] and "rebuilding" in cache.notices[0]
    assert cache.path == path
    assert_works(cache)


def test_cache_from_an_older_reader_is_rebuilt_with_its_prefix_index(tmp_path: Path) -> None:
    """Schema 3 had no prefix index in its FTS table: such a cache is replaced."""
    path = built_cache(tmp_path)
    set_meta(path, "schema_version", "3")
    cache = Cache(tmp_path)
    assert "older reader (schema 3)" in cache.notices[0] and "rebuilding" in cache.notices[0]
    assert_works(cache)
    if cache.fts:
        (sql,) = cache.db.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()
        assert "prefix='3'" in sql


def test_cache_from_an_older_parser(tmp_path: Path) -> None:
    path = built_cache(tmp_path)
    set_meta(path, "parser_version", "old")
    cache = Cache(tmp_path)
    assert "loader has changed" in cache.notices[0]
    assert cache.info().files == 0
    assert_works(cache)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty-meta", "zeroed-tail"])
def test_damaged_cache(tmp_path: Path, damage: str) -> None:
    path = built_cache(tmp_path)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "empty-meta":
        db = sqlite3.connect(path)
        db.execute("DROP TABLE meta")
        db.commit()
        db.close()
    else:  # pages overwritten with zeros, same length: found only when read
        path.write_bytes(data[:8192] + bytes(len(data) - 8192))
    cache = Cache(tmp_path)
    assert_works(cache)
    assert cache.notices, damage
    assert all("rebuilding" in notice or "damaged" in notice for notice in cache.notices)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only_folder(folder):
        yield folder


def test_read_only_cache_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    built_cache(folder)
    with read_only_folder(folder):
        cache = Cache(folder)
        assert "read-only" in cache.notices[0]
        assert cache.path is None  # in memory
        assert_works(cache)


def test_read_only_empty_folders(read_only: Path) -> None:
    store = open_store(read_only / "cache", read_only / "data", read_only / "config")
    assert any("cache" in notice for notice in store.notices)
    assert any("marks are not saved" in notice for notice in store.notices)
    assert_works(store.cache)
    store.user_state.mark_read("a")
    assert store.user_state.is_read("a")
    store.save_settings(Settings(theme="nord"))
    assert "cannot save" in store.notices[-1]


class read_only_folder:
    """A folder nobody may write to, root included (root ignores mode bits)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = os.geteuid() == 0

    def __enter__(self) -> Path:
        if self.root:
            if subprocess.run(["chattr", "+i", str(self.folder)], capture_output=True).returncode:
                pytest.skip("cannot make a folder read-only for root here")
        else:
            self.folder.chmod(0o555)
        return self.folder

    def __exit__(self, *exc: object) -> None:
        if self.root:
            subprocess.run(["chattr", "-i", str(self.folder)], check=True)
        else:
            self.folder.chmod(0o755)


# -- search ----------------------------------------------------------------------


def test_user_input_is_quoted() -> None:
    for text in ['a"b', "NEAR(x y)", "-minus", "col:umn", "x OR y", "(", '"', "*", "^a", "a:"]:
        match = fts_match(parse_search(text))
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(title, byline, publisher, body)")
        if match is not None:
            db.execute("SELECT * FROM t WHERE t MATCH ?", (match,)).fetchall()


def test_query_syntax() -> None:
    query = parse_search('title:pier "new  Budget" harb* by:smith date:2021-03 ab*')
    assert [(t.text, t.column, t.prefix, t.phrase) for t in query.terms] == [
        ("pier", "title", False, False),
        ("new  budget", None, False, True),
        ("harb", None, True, False),
        ("smith", "byline", False, False),
        ("ab", None, False, False),  # too short to be a prefix
    ]
    assert query.date == "2021-03"
    assert parse_search("harbo", as_you_type=True).terms[0].prefix
    assert not parse_search("har", as_you_type=True).terms[0].prefix
    assert parse_search("har*", as_you_type=True).terms[0].prefix
    assert not parse_search("harbo ", as_you_type=True).terms[0].prefix


@pytest.fixture
def searchable(tmp_path: Path) -> Cache:
    if not BENCH.is_dir():
        pytest.skip("bench corpus not here")
    cache = Cache(tmp_path)
    load_cached([BENCH], cache)
    cache.update_index()
    return cache


def test_search_finds_words_phrases_prefixes_fields(searchable: Cache) -> None:
    articles = {a.id: a for a in load([BENCH]).articles}

    def text(article_id: str) -> str:
        a = articles[article_id]
        return " ".join([a.title or "", a.byline or "", a.publisher or "", *a.paragraphs]).lower()

    hits = searchable.search([BENCH], "europa")
    assert hits and all("europa" in text(i) for i in hits)
    phrase = searchable.search([BENCH], '"water on europa"')
    assert phrase and set(phrase) <= set(hits)
    prefix = searchable.search([BENCH], "europ*")
    assert prefix is not None and set(hits) <= set(prefix)
    titled = searchable.search([BENCH], "title:europa")
    assert titled and all("europa" in (articles[i].title or "").lower() for i in titled)
    order = [a for a in articles if a in set(hits)]
    assert hits == order  # list order kept
    assert searchable.search([BENCH], "") is None
    assert searchable.search([BENCH], "zzzzqqqq") == []
    assert searchable.search([BENCH], 'a"b NEAR( -x') == []
    assert searchable.search([BENCH], "europa", limit=1) == hits[:1]


def test_hits_as_one_json_array_or_row_by_row_agree(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    load_cached([ASSETS], cache)
    cache.update_index()
    # "the" is in nearly every article: the case the JSON array is for.
    queries = ["the", "harbour", "harb*", '"the harbour"', "title:harbour", "zzzzqqqq"]
    assert cache.json_arrays  # this SQLite has json_group_array
    as_array = {q: cache.search_rows([ASSETS], q) for q in queries}
    cache.json_arrays = False  # as on an SQLite without the JSON functions
    for query in queries:
        assert cache.search_rows([ASSETS], query) == as_array[query], query
    assert len(as_array["the"] or ()) >= 5
    assert as_array["harbour"] and not as_array["zzzzqqqq"]


def test_scan_fallback_agrees(searchable: Cache) -> None:
    queries = ["europa", "plague", "title:europa", '"water on europa"', "china plague"]
    indexed = {q: searchable.search([BENCH], q) for q in queries}
    searchable.fts = False  # as on a Python whose SQLite lacks FTS5
    for query in queries:
        scanned = searchable.search([BENCH], query)
        assert scanned is not None and indexed[query] is not None
        # Substrings are looser than tokens: the scan finds at least as much.
        assert set(indexed[query] or []) <= set(scanned), query


def test_unindexed_articles_are_scanned(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    load_cached([folder], cache)
    assert cache.info().unindexed > 0
    before = cache.search([folder], "harbour")
    assert before
    assert cache.update_index() > 0 and cache.info().unindexed == 0
    assert cache.search([folder], "harbour") == before
    # A regrouped folder drops old rows from the index and adds the new ones.
    victim = next(p for p in sorted(folder.iterdir()) if "harbour" in p.name)
    victim.unlink()
    load_cached([folder], cache)
    cache.update_index()
    after = cache.search([folder], "harbour")
    expected = [a.id for a in load([folder]).articles if a.id in set(after or [])]
    assert after == expected
    assert cache.db.execute("INSERT INTO search(search) VALUES ('integrity-check')")


def test_cache_locked_by_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Locked past the busy timeout: used by someone else, so left alone, not rebuilt."""
    path = built_cache(tmp_path)
    monkeypatch.setattr("reader.store.db.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = Cache(tmp_path)
        assert "no cache this time" in cache.notices[0]
        assert cache.path is None
        assert_works(cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Cache(tmp_path).info().files > 0  # still there, still whole


def test_search_rows_and_dates(searchable: Cache) -> None:
    snapshot = searchable.snapshot([BENCH])
    assert snapshot is not None
    for text in ["europa", "title:europa", '"water on europa"', "plag*"]:
        rows = searchable.search_rows([BENCH], text)
        assert rows is not None
        assert [h.id for h in snapshot.headers if h.row in rows] == searchable.search([BENCH], text)
    assert searchable.search_rows([BENCH], "  ") is None
    month = next(a.published for a in load([BENCH]).articles if a.published).isoformat()[:7]
    dated = searchable.search([BENCH], f"date:{month}")
    expected = [
        a.id
        for a in load([BENCH]).articles
        if a.published and a.published.isoformat().startswith(month)
    ]
    assert dated == expected and dated
    both = searchable.search_rows([BENCH], f"date:{month} europa")
    alone = searchable.search_rows([BENCH], "europa")
    by_date = searchable.search_rows([BENCH], f"date:{month}")
    assert both is not None and alone is not None and by_date is not None
    assert both == alone & by_date


def test_rename_of_an_untouched_row_writes_nothing(tmp_path: Path) -> None:
    state = reopen(tmp_path)
    state.set_scroll("file:read.txt", 3)  # only a position
    writes: list[tuple[str, str]] = []
    real = state.state.rename
    state.state.rename = lambda old, new: writes.append((old, new)) or real(old, new)  # type: ignore[method-assign]
    state.rename("file:untouched.txt", "abc")
    state.rename("file:read.txt", "def")
    assert writes == [("file:read.txt", "def")]
    assert reopen(tmp_path).scroll("def") == 3


def test_a_file_shorter_than_its_header_is_truncated_unless_a_log_holds_pages(
    tmp_path: Path,
) -> None:
    from reader.store.cache import _truncated

    path = tmp_path / "cache.sqlite"
    header = bytearray(b"SQLite format 3\x00" + bytes(84))
    header[16:18] = (4096).to_bytes(2, "big")
    header[28:32] = (100).to_bytes(4, "big")  # says 100 pages; the file holds one
    path.write_bytes(bytes(header) + bytes(4096 - 100))
    assert _truncated(path) == f"is truncated (4096 of {100 * 4096} bytes)"
    # Mid-checkpoint: the header already counts pages still being copied from the log.
    Path(f"{path}-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    assert _truncated(path) is None
