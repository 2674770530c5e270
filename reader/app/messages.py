"""Messages that cross widgets: the screen routes them, widgets never reach into siblings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.message import Message

from reader.app.listing import Entry
from reader.model import Article, Problem


@dataclass
class VersionsParsed(Message):
    """A time-batch of files the loader finished (sent from the worker thread):
    their rows until grouping (model.Pending, or one-version Articles)."""

    rows: Sequence[Entry]
    problems: list[Problem]
    done: int
    total: int


@dataclass
class LoadStarted(Message):
    total: int
    problems: list[Problem]


@dataclass
class LoadFinished(Message):
    """The grouped articles that replace the list's rows.

    Whole articles, or the cache's headers of them. `renames`: the id each
    provisional one-version row (`file:…`) now has, so marks made on it
    while the folder loaded follow the article. `checking`: the list as the
    cache last saw it, while the files are checked for changes.
    """

    articles: Sequence[Entry]
    problems: list[Problem]
    files_seen: int
    renames: dict[str, str] = field(default_factory=dict)
    checking: bool = False


@dataclass
class FilesChecked(Message):
    """The re-check after a warm start found the list unchanged."""


@dataclass
class SearchIndexed(Message):
    """How far the full-text index of the list has been built."""

    done: int
    total: int


@dataclass
class StoreNotices(Message):
    """What the store had to do (a damaged cache rebuilt, …): shown as warnings."""

    notices: list[str]


class SettingsChanged(Message):
    """The user changed the sort or the sidebar: the app saves its settings."""


@dataclass
class ArticleChosen(Message):
    """The user opened an article (enter / l): focus goes to the reading pane."""

    article: Entry


@dataclass
class VersionShown(Message):
    """The reading pane switched to another version of its article."""

    article: Article
    index: int


@dataclass
class CaptionChosen(Message):
    index: int
