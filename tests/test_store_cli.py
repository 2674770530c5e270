"""`reader cache info|clear`, the --cache-dir/--data-dir options, and a cached export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.cli import main
from reader.export import write_jsonl
from reader.load import load

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "assets"
BENCH = REPO.parent / "shared" / "bench" / "corpus"


def uncached_export(folder: Path, out: Path) -> bytes:
    with open(out, "w", encoding="utf-8") as handle:
        write_jsonl(load([folder]).articles, handle)
    return out.read_bytes()


@pytest.mark.parametrize("folder", [ASSETS, BENCH], ids=["assets", "bench"])
def test_cached_export_is_byte_identical(folder: Path, tmp_path: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} not here")
    expected = uncached_export(folder, tmp_path / "expected.jsonl")
    cache = tmp_path / "cache"
    for run in ("cold", "warm"):
        out = tmp_path / f"{run}.jsonl"
        assert main(["export", str(folder), "-o", str(out), "--cache-dir", str(cache)]) == 0
        assert out.read_bytes() == expected, run
    assert (cache / "cache.sqlite").exists()
    out = tmp_path / "nocache.jsonl"
    assert main(["export", str(folder), "-o", str(out), "--no-cache"]) == 0
    assert out.read_bytes() == expected


def test_cached_export_after_changes(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ASSETS, folder)
    out = tmp_path / "out.jsonl"
    main(["export", str(folder), "-o", str(out)])
    victim = sorted(folder.iterdir())[0]
    victim.unlink()
    assert main(["export", str(folder), "-o", str(out)]) == 0
    assert out.read_bytes() == uncached_export(folder, tmp_path / "expected.jsonl")


def test_cache_info_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache, data = tmp_path / "c", tmp_path / "d"
    assert main(["cache", "info", "--cache-dir", str(cache), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"{cache / 'cache.sqlite'}  (none yet)" in out
    assert f"{data / 'state.sqlite'}  (none yet)" in out

    main(["export", str(ASSETS), "-o", str(tmp_path / "x.jsonl"), "--cache-dir", str(cache)])
    capsys.readouterr()
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    articles = len(load([ASSETS]).articles)
    assert f"{len(list(ASSETS.iterdir()))} files parsed" in out
    assert f"{articles} articles" in out
    assert "1 folders" in out

    assert main(["cache", "clear", "--cache-dir", str(cache)]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (cache / "cache.sqlite").exists()
    assert main(["cache", "clear", "--cache-dir", str(cache)]) == 0
    assert "no cache" in capsys.readouterr().out


def test_environment_chooses_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "env-cache"))
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "env-data"))
    main(["export", str(ASSETS), "-o", str(tmp_path / "x.jsonl")])
    assert (tmp_path / "env-cache" / "cache.sqlite").exists()
    main(["cache", "info"])
    out = capsys.readouterr().out
    assert str(tmp_path / "env-cache") in out
    assert str(tmp_path / "env-data") in out


def test_cache_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["cache"])
    assert "info" in capsys.readouterr().err
