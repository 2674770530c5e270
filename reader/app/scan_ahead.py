"""The folder's check for changes, begun in a child process before the app starts.

A warm start shows the cached list first, then lists and stats every file to
see whether any changed (at 100,000 files about a second). In the app's own
process that check can only begin once the list is read, and running it in a
thread beside the reading made both slower: each holds the interpreter lock.
A child forked at start-up does it on another core meanwhile, and hands back
the one line `refresh` compares with the cache: the collection's signature.

Forking is safe only while the process has a single thread, so the child is
started before Textual starts its own; where there is no fork (Windows), on
macOS (whose system libraries do not survive a fork without an exec, the
reason multiprocessing spawns there), or with threads running already, there
is no child and the loader checks the files itself, as it always could.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence

from reader.load.scan import Scanned, scan_signature

__all__ = ["ScanAhead"]


class ScanAhead:
    """`scan_signature(paths)` worked out in a child process."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self._pipe = pipe  # the read end; -1 once the child's answer is in
        self._answer: Scanned | None = None
        # The loader's thread waits for the answer; the app's, quitting, may
        # close meanwhile: one at a time, and the child is signalled only
        # before it is waited for (after, its pid may be another process's).
        self._lock = threading.Lock()

    @classmethod
    def start(cls, paths: Sequence[str]) -> ScanAhead | None:
        """The child, started; None where it cannot be (no fork, threads running)."""
        if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() > 1:
            return None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # pragma: no cover (the child leaves by os._exit: coverage cannot see it)
            _child(paths, read_end, write_end)
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> Scanned | None:
        """The signature and file count, once the child is done; None if it
        failed or could not tell (the loader then checks the files itself)."""
        with self._lock:
            if self._pipe >= 0:
                chunks = []
                try:
                    while chunk := os.read(self._pipe, 1 << 16):
                        chunks.append(chunk)
                except OSError:
                    chunks = []
                self._finish()
                self._answer = _decoded(b"".join(chunks))
            return self._answer

    def close(self) -> None:
        """Stop the child if its answer is no longer wanted (a cold load, a quit)."""
        with self._lock:
            if self._pipe >= 0:
                with contextlib.suppress(OSError):  # done already
                    os.kill(self.pid, signal.SIGKILL)
                self._finish()

    def _finish(self) -> None:
        os.close(self._pipe)
        self._pipe = -1
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)  # no zombie left behind


def _child(paths: Sequence[str], read_end: int, write_end: int) -> None:
    """In the forked child: the answer down the pipe, then out, at once.

    os._exit: no atexit handler, no buffered output and no finaliser of the
    parent's runs a second time here."""
    code = 1
    try:
        os.close(read_end)
        scanned = scan_signature(paths)
        answer = b"" if scanned is None else f"{scanned[0]} {scanned[1]}".encode("ascii")
        while answer:
            answer = answer[os.write(write_end, answer) :]
        code = 0
    finally:  # whatever was raised: nothing may go on in a forked child
        os._exit(code)


def _decoded(data: bytes) -> Scanned | None:
    signature, _, count = data.decode("ascii", "replace").partition(" ")
    if not signature or not count.isdigit():
        return None
    return signature, int(count)
