"""Full garbage collections wait for the user to pause."""

from __future__ import annotations

import gc

import pytest

from reader.app import idle_gc
from reader.app.app import ReaderApp
from reader.model import Article


def test_a_full_collection_runs_only_when_idle_and_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    idle_gc.start()
    try:
        assert gc.get_threshold() == (*before[:2], idle_gc.LATE_FULL)
        gc.collect(1)  # something reached the oldest generation
        assert gc.get_count()[2] > 0
        idle_gc.touch()
        assert not idle_gc.collect_if_idle()  # the user just pressed a key
        monkeypatch.setattr(idle_gc, "IDLE_SECONDS", 0.0)
        assert idle_gc.collect_if_idle()
        assert gc.get_count()[2] == 0  # a full collection ran
        assert not idle_gc.collect_if_idle()  # and nothing is due until more comes
    finally:
        idle_gc.stop()
    assert gc.get_threshold() == before


async def test_the_app_raises_the_threshold_while_it_runs_and_keys_count_as_activity(
    articles: list[Article],
) -> None:
    before = gc.get_threshold()
    app = ReaderApp(articles=articles)
    async with app.run_test(size=(120, 40)) as pilot:
        assert gc.get_threshold()[2] == idle_gc.LATE_FULL
        idle_gc._last_activity = 0.0
        await pilot.press("j")
        assert idle_gc._last_activity > 0.0
    assert gc.get_threshold() == before
