"""Full garbage collections while the user reads, not in the middle of a key.

A full collection walks every container the app still holds. The list's
100,000 rows are frozen out of it once they arrive (MainScreen), but what
drawing keeps (Textual's strips, seven small caches each) is ~30,000 objects
after a few dozen articles, and Python walked them every one or two article
opens: 24 ms at the median, 66 ms at p95, inside the key that happened to
trigger it. Here automatic full collections are made rarer and the app runs
one itself once no key, click or cursor move has come for IDLE_SECONDS.

The collector is process-wide, like the setting it changes: `start` keeps
the old thresholds and `stop` puts them back.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 1.0  # no input for this long: the user is reading
CHECK_SECONDS = 0.5  # how often the app looks
LATE_FULL = 100  # gen-1 collections between automatic full ones (Python's default: 10)

_last_activity = time.monotonic()
_saved: tuple[int, int, int] | None = None


def touch() -> None:
    """The user did something: no collection of our own for IDLE_SECONDS."""
    global _last_activity
    _last_activity = time.monotonic()


def start() -> None:
    global _saved
    if _saved is None:
        _saved = gc.get_threshold()
        young, middle, _ = _saved
        gc.set_threshold(young, middle, LATE_FULL)
    touch()


def stop() -> None:
    global _saved
    if _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None


def collect_if_idle() -> bool:
    """A full collection, when the user is idle and one may find something:
    objects reached the oldest generation since the last (a gen-1 collection
    happened). True when it ran."""
    if time.monotonic() - _last_activity < IDLE_SECONDS or gc.get_count()[2] == 0:
        return False
    gc.collect()
    return True
