"""The terminal app (Textual)."""

from __future__ import annotations


def run_app(paths: list[str]) -> int:
    # Imported late: `reader export` must not pay for importing Textual.
    from reader.app.app import run_app as run

    return run(paths)


__all__ = ["run_app"]
