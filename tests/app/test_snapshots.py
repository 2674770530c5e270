"""The main screen, the sidebar and the help at fixed sizes (SVG snapshots).

Update after a deliberate change with `pytest tests/app --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from reader.app.app import ReaderApp
from reader.model import Article


def test_main_screen(snap_compare: Any, articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    assert snap_compare(app, press=["j"], terminal_size=(120, 40))


def test_main_screen_narrow(snap_compare: Any, articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    assert snap_compare(app, press=["j", "j"], terminal_size=(60, 20))


def test_sidebar(snap_compare: Any, articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    assert snap_compare(app, press=["j", "enter", "i"], terminal_size=(120, 40))


def test_help(snap_compare: Any, articles: list[Article]) -> None:
    app = ReaderApp(articles=articles)
    assert snap_compare(app, press=["question_mark"], terminal_size=(100, 40))
