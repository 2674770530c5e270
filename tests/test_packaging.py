"""An installed reader carries its sample articles (not only a source checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_holds_the_sample_articles(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("reader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    samples = {
        Path(name).name
        for name in names
        if name.startswith("reader/assets/") and name.endswith(".txt")
    }
    sources = {path.name for path in (REPO / "assets").glob("*.txt")}
    assert sources and samples == sources
    assert "reader/app/reader.tcss" in names


def test_sample_folder_is_found_from_the_package() -> None:
    from reader.app.samples import sample_folder

    folder = sample_folder()
    assert folder is not None
    assert len(list(folder.glob("*.txt"))) >= 8
