"""Where the sample articles are: the installed package, or a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_folder() -> Path | None:
    try:
        folder = resources.files("reader.assets")
    except (ModuleNotFoundError, TypeError):
        folder = None
    if folder is not None:
        # A namespace or zipped package has no real path; only a folder works here.
        path = Path(str(folder))
        if path.is_dir():
            return path
    checkout = Path(__file__).resolve().parents[2] / "assets"
    return checkout if checkout.is_dir() else None
