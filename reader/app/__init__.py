"""The terminal app (Textual)."""

from __future__ import annotations

import os

# Up to 120 frames a second, not Textual's 60 (read when Textual is first
# imported, which is after this): a cursor key paints the list at once and the
# reading pane in the next frame, which at 60 waits up to 16.7 ms for the frame
# timer. Frames are painted only when something changed. The user's own
# TEXTUAL_FPS wins.
os.environ.setdefault("TEXTUAL_FPS", "120")


def run_app(paths: list[str]) -> int:
    """Open the reader on `paths`, or on the sample articles when there are none."""
    from reader.app.scan_ahead import ScanAhead

    if not paths:
        from reader.app.samples import sample_folder

        folder = sample_folder()
        paths = [str(folder)] if folder is not None else []
    # The child that checks the files for changes, before Textual is even
    # imported: it starts ~0.3 s sooner, and Textual has no thread running yet.
    ahead = ScanAhead.start(paths)
    try:
        # Imported late: `reader export` must not pay for importing Textual.
        from reader.app.app import run_app as run

        return run(paths, ahead)
    finally:
        if ahead is not None:
            ahead.close()


__all__ = ["run_app"]
