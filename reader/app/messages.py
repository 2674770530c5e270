"""Messages that cross widgets: the screen routes them, widgets never reach into siblings."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.model import Article, Problem, Version


@dataclass
class VersionsParsed(Message):
    """A time-batch of files the loader finished (sent from the worker thread)."""

    versions: list[Version]
    problems: list[Problem]
    done: int
    total: int


@dataclass
class LoadStarted(Message):
    total: int
    problems: list[Problem]


@dataclass
class LoadFinished(Message):
    """The grouped articles that replace the provisional one-version rows."""

    articles: list[Article]
    problems: list[Problem]
    files_seen: int


@dataclass
class StoreNotices(Message):
    """What the store had to do (a damaged cache rebuilt, …): shown as warnings."""

    notices: list[str]


class SettingsChanged(Message):
    """The user changed the sort or the sidebar: the app saves its settings."""


@dataclass
class ArticleChosen(Message):
    """The user opened an article (enter / l): focus goes to the reading pane."""

    article: Article


@dataclass
class VersionShown(Message):
    """The reading pane switched to another version of its article."""

    article: Article
    index: int


@dataclass
class CaptionChosen(Message):
    index: int
