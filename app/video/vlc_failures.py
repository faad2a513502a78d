"""Reading libVLC's log into the engine's ``Failure`` kinds.

libVLC's events only say that a media "encountered an error"; why it
failed (404, wrong password, refused connection) is in its log lines, one
instance per stream, so the lines of one stream are its own. A 401 never
even raises the error event: the HTTP module waits for credentials from a
dialog nobody shows. So the engine reads every warning and error line and
keeps the strongest verdict of the attempt.

Log lines carry text the server sent (an HTTP reason phrase): they are
bounded and stripped to printable characters before they reach a log or a
tooltip.
"""

from __future__ import annotations

import re
import threading

from app.core import untrusted
from app.core.streams import Failure

#: libVLC log levels (``libvlc_log_level``).
LOG_WARNING = 3
LOG_ERROR = 4
#: Longest detail kept from one log line.
DETAIL_CHARS = 160

# Strongest first: a refused reconnect after a 401 is still a password problem.
_RULES: tuple[tuple[Failure, re.Pattern[str]], ...] = (
    (Failure.AUTH, re.compile(r"\b(HTTP|answer code|HTTP/\d\.\d) ?40[13]\b|unauthori[sz]ed", re.I)),
    (
        Failure.NOT_FOUND,
        re.compile(r"\b(HTTP|answer code|HTTP/\d\.\d) ?404\b|no such file or directory", re.I),
    ),
    (
        Failure.UNREACHABLE,
        re.compile(
            r"connection refused|cannot resolve|name or service not known|no route to host"
            r"|network is unreachable|\b(HTTP|answer code|HTTP/\d\.\d) ?5\d\d\b",
            re.I,
        ),
    ),
    (Failure.TIMEOUT, re.compile(r"timed out|timeout", re.I)),
    (Failure.NO_VIDEO, re.compile(r"no video (track|es)|cannot find any video", re.I)),
    (
        Failure.MALFORMED,
        re.compile(r"unknown protocol|no access module matched|only real/helix rtsp", re.I),
    ),
)
_STRENGTH = {failure: rank for rank, (failure, _) in enumerate(_RULES)}


def clean(text: str) -> str:
    """One bounded line of printable text (device words never reach a log raw)."""
    return untrusted.clean(text, DETAIL_CHARS)


def classify_line(text: str) -> Failure | None:
    """The failure a log line names, if any."""
    for failure, pattern in _RULES:
        if pattern.search(text):
            return failure
    return None


class LogVerdict:
    """The strongest failure named in one attempt's log, and its words; thread-safe.

    libVLC calls ``note`` from its own threads; the stream's thread reads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failure: Failure | None = None
        self._detail = ""
        self._last_error = ""

    def note(self, level: int, text: str) -> None:
        """One log line (lines below warning level are ignored)."""
        if level < LOG_WARNING:
            return
        failure = classify_line(text)
        with self._lock:
            if level >= LOG_ERROR:
                self._last_error = text
            if failure is None:
                return
            if self._failure is None or _STRENGTH[failure] < _STRENGTH[self._failure]:
                self._failure, self._detail = failure, text

    @property
    def failure(self) -> Failure | None:
        """The strongest failure named so far (None: none)."""
        with self._lock:
            return self._failure

    def outcome(self, default: Failure) -> tuple[Failure, str]:
        """The failure kind and detail to report (``default`` when the log named none)."""
        with self._lock:
            if self._failure is not None:
                return self._failure, clean(self._detail)
            return default, clean(self._last_error) or "libVLC could not play the stream"
