"""Textual's Footer, rebuilt only when the keys it would show have changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips rebuilds which would show the same keys.

    Textual's Footer recomposes on every bindings signal, and a screen sends
    several while it starts (focus set, screen resumed, after the first
    refresh): each re-mounts a dozen keys and lays the screen out again,
    ~35 ms apiece on the way to the first screen, all showing the same keys.
    """

    _composed: tuple[object, ...] | None = None  # what the last compose showed

    def _keys(self) -> tuple[object, ...]:
        bindings = tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return (self.show_command_palette, self.combine_groups, bindings)

    def compose(self) -> ComposeResult:
        # Before the first bindings signal Textual's compose shows nothing.
        self._composed = self._keys() if self._bindings_ready else None
        yield from super().compose()

    async def recompose(self) -> None:
        if self._composed is not None and self.is_attached and self._keys() == self._composed:
            return
        await super().recompose()
