"""The installed `reader` in a real terminal (tmux, 120x40) on the shared seeds."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "data" / "seeds"  # a copy of ../shared/seeds

pytestmark = [
    pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds folder is not here"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def reader_command() -> list[str]:
    """The `reader` script installed next to this Python, else the module."""
    script = Path(sys.executable).parent / "reader"
    if script.exists():
        return [str(script)]
    found = shutil.which("reader")
    return [found] if found else [sys.executable, "-m", "reader"]


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def press(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.session, key], check=True)

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        missing = [text for text in texts if text not in screen]
        raise AssertionError(f"not on screen: {missing}\n{screen}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    env = {
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
        "PYTHONPATH": str(REPO),
        # The store's folders from tests/conftest.py: never the user's own.
        **{name: value for name, value in os.environ.items() if name.startswith("READER_")},
    }
    exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    command = " ".join(shlex.quote(part) for part in [*reader_command(), str(SEEDS.resolve())])
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "40",
            f"cd {shlex.quote(str(REPO))} && env {exports} {command}",
        ],
        check=True,
        env={**os.environ, "TMUX": ""},
    )
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def test_reader_opens_seeds_and_cycles_versions(terminal: Terminal) -> None:
    terminal.wait_for("1 article · 2 files")
    terminal.press("Enter")
    screen = terminal.wait_for("Russia and China show off ties", "Press Association")
    assert "2023-02-22" in screen
    assert "Russian foreign minister Sergei Lavrov, right" in screen
    assert "— Alexander Nemenov/Pool/AP" in screen
    assert "combined from 2 versions" in screen
    # The reading pane has focus once the footer shows its keys.
    terminal.wait_for("v Version")
    terminal.press("v")
    terminal.wait_for("version 1/2 · raw")
    terminal.press("v")
    screen = terminal.wait_for("version 2/2 · clean · 003_320ab1d8c7ae9e4c.txt")
    assert "— Alexander Nemenov/Pool/AP" in screen
    terminal.press("q")
