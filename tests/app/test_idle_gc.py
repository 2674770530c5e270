"""Garbage collections wait for the user to pause."""

from __future__ import annotations

import gc
import weakref

import pytest

from reader.app import idle_gc
from reader.app.app import ReaderApp
from reader.model import Article


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_pause_collects_and_freezes_once_and_a_long_one_thaws_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(idle_gc.time, "monotonic", lambda: clock[0])
    frozen_before = gc.get_freeze_count()
    try:
        idle_gc.touch()
        assert not idle_gc.collect_if_idle()  # the user just pressed a key
        clock[0] += idle_gc.IDLE_SECONDS
        assert idle_gc.collect_if_idle()
        assert gc.get_freeze_count() >= frozen_before  # survivors frozen
        assert gc.get_count()[0] < 50  # a collection ran
        assert not idle_gc.collect_if_idle()  # once per pause

        frozen = Cycle()  # alive when frozen, garbage later
        seen = weakref.ref(frozen)
        idle_gc.touch()
        clock[0] += idle_gc.IDLE_SECONDS
        assert idle_gc.collect_if_idle()
        del frozen
        gc.collect()
        assert seen() is not None  # a frozen cycle outlives collections ...
        clock[0] += idle_gc.SWEEP_SECONDS
        assert idle_gc.collect_if_idle()  # ... until the long pause's sweep
        assert seen() is None
        assert not idle_gc.collect_if_idle()  # and that too once per pause
    finally:
        gc.unfreeze()


async def test_keys_and_cursor_moves_count_as_activity(articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    async with app.run_test(size=(120, 40)) as pilot:
        idle_gc._last_activity = 0.0
        await pilot.press("j")
        assert idle_gc._last_activity > 0.0
        idle_gc._last_activity = 0.0
        app.screen.query_one("#list").cursor = 0  # type: ignore[attr-defined]
        assert idle_gc._last_activity > 0.0
        assert app._idle_timer._task is not None  # the check keeps running


async def test_while_the_app_runs_full_collections_freeze_their_survivors(
    articles: list[Article],
) -> None:
    app = ReaderApp(articles=articles)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            survivor = Cycle()
            gc.unfreeze()
            gc.collect(1)  # the survivor reaches the oldest generation, unfrozen
            assert gc.get_freeze_count() == 0
            gc.collect()  # a full collection, as Python starts by itself
            assert gc.get_freeze_count() > 0
            assert gc.is_tracked(survivor)
        gc.unfreeze()
        gc.collect()
        assert gc.get_freeze_count() == 0  # the app is gone: no more freezing
    finally:
        gc.unfreeze()
