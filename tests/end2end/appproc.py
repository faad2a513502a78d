"""Run ``python -m app`` as a process and follow its log lines.

The application logs to stderr; a reader thread collects the lines so a
test can wait for one (bounded) without sleeping.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path


class AppProcess:
    """The application running in a child process, offscreen."""

    def __init__(self, args: Sequence[str], home: Path, extra_env: dict[str, str] | None = None):
        env = dict(os.environ)
        env.update(
            {
                "QT_QPA_PLATFORM": "offscreen",
                "OCCHIO_HOME": str(home),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra_env or {})
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, pattern: str, timeout: float, start: int = 0) -> re.Match[str]:
        """The first log line from index ``start`` on matching ``pattern``.

        Raises AssertionError with the log tail when the deadline passes or
        the process ends first.
        """
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        index = start
        with self._cond:
            while True:
                while index < len(self.lines):
                    match = regex.search(self.lines[index])
                    index += 1
                    if match:
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and index >= len(self.lines)):
                    tail = "\n".join(self.lines[-40:])
                    raise AssertionError(f"no line matching {pattern!r} in {timeout} s:\n{tail}")
                self._cond.wait(min(left, 0.2))

    def wait_until(self, predicate: Callable[[list[str]], bool], timeout: float, what: str) -> None:
        """Wait until ``predicate(lines)`` holds; re-checked as lines arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self.lines):
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(self.lines[-40:])
                    raise AssertionError(f"not reached in {timeout} s: {what}\n{tail}")
                self._cond.wait(min(left, 0.2))

    def mark(self) -> int:
        """Index of the next log line, to wait only for lines after now."""
        with self._cond:
            return len(self.lines)

    def wait_exit(self, timeout: float) -> int:
        """Wait for the process to end by itself; returns its status.

        Raises AssertionError with the log tail when it is still running.
        """
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with self._cond:
                tail = "\n".join(self.lines[-30:])
            raise AssertionError(f"still running after {timeout} s\n{tail}") from None

    def stop(self) -> None:
        """Close stdin, terminate, and kill if it does not end in 10 s."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdin:
            self.proc.stdin.close()
        self._reader.join(timeout=5)
        if self.proc.stdout:
            self.proc.stdout.close()


def run_site_once(
    site: Path, home: Path, extra_env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app --site SITE`` offscreen to its end (a start that must fail).

    Only the variables given here reach the child, so the machine's own
    settings (a passphrase, a language) cannot change the outcome.
    """
    env = {"QT_QPA_PLATFORM": "offscreen", "OCCHIO_HOME": str(home), **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
