"""Where the sample articles are: the installed package, or a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_folder() -> Path | None:
    try:
        folder = resources.files("reader.assets")
    except (ModuleNotFoundError, TypeError):
        folder = None
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    if folder is not None:
        # assets/ has no __init__.py, so it is a namespace package: files()
        # gives a MultiplexedPath, whose children are real paths.
        for child in folder.iterdir():
            if isinstance(child, Path):
                return child.parent
    checkout = Path(__file__).resolve().parents[2] / "assets"
    return checkout if checkout.is_dir() else None
