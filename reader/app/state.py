"""The user's own marks on articles: read state and bookmarks.

Kept in memory for now; the store issue swaps in a persistent class with the
same methods, so widgets only ever see this interface.
"""

from __future__ import annotations

from collections.abc import Iterable


class UserState:
    """Which articles the user has read or bookmarked, by article id."""

    def __init__(self, read: Iterable[str] = (), bookmarked: Iterable[str] = ()) -> None:
        self._read = set(read)
        self._bookmarked = set(bookmarked)
        # Bumped on every change so views can tell their cached rows are stale.
        self.generation = 0

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in self._bookmarked

    def mark_read(self, article_id: str, read: bool = True) -> None:
        if read == (article_id in self._read):
            return
        if read:
            self._read.add(article_id)
        else:
            self._read.discard(article_id)
        self.generation += 1

    def toggle_read(self, article_id: str) -> bool:
        """Flip the read mark; returns the new state."""
        now_read = article_id not in self._read
        self.mark_read(article_id, now_read)
        return now_read

    def toggle_bookmark(self, article_id: str) -> bool:
        """Flip the bookmark; returns the new state."""
        if article_id in self._bookmarked:
            self._bookmarked.discard(article_id)
        else:
            self._bookmarked.add(article_id)
        self.generation += 1
        return article_id in self._bookmarked

    def rename(self, old_id: str, new_id: str) -> None:
        """Carry marks over when a provisional article is replaced by its group."""
        if old_id in self._read:
            self._read.discard(old_id)
            self._read.add(new_id)
            self.generation += 1
        if old_id in self._bookmarked:
            self._bookmarked.discard(old_id)
            self._bookmarked.add(new_id)
            self.generation += 1
