"""Where the sample articles are: the installed package, or a source checkout."""

from __future__ import annotations

from pathlib import Path


def sample_folder() -> Path | None:
    # Installed, pyproject maps the top-level assets/ folder into the package
    # as reader/assets; in a source checkout it sits beside the package.
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "assets", package.parent / "assets"):
        if folder.is_dir():
            return folder
    return None
