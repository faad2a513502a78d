"""Mapping what PyAV/FFmpeg raise to the engine's ``Failure`` kinds.

The kind decides what the worker does next (permanent failures wait 30 s,
the others reconnect with backoff) and what the operator reads; the
library's own words are kept in the status detail for the log only. A
server that answers 5xx is there and failing, not unreachable: it gets its
own kind, with the status code when FFmpeg says it.
"""

from __future__ import annotations

import re

import av.error

from app.core.streams import Failure
from app.core.untrusted import clean

# Order matters: subclasses before their bases.
_BY_CLASS: tuple[tuple[type[BaseException], Failure], ...] = (
    (av.error.HTTPUnauthorizedError, Failure.AUTH),
    (av.error.HTTPForbiddenError, Failure.AUTH),
    (av.error.HTTPNotFoundError, Failure.NOT_FOUND),
    (av.error.ProtocolNotFoundError, Failure.MALFORMED),
    (av.error.DemuxerNotFoundError, Failure.MALFORMED),
    (av.error.HTTPServerError, Failure.SERVER_ERROR),
    (av.error.ConnectionRefusedError, Failure.UNREACHABLE),
    (av.error.ConnectionResetError, Failure.UNREACHABLE),
    (av.error.ConnectionAbortedError, Failure.UNREACHABLE),
    (av.error.BrokenPipeError, Failure.UNREACHABLE),
    (av.error.TimeoutError, Failure.TIMEOUT),
    (av.error.ExitError, Failure.TIMEOUT),  # PyAV's own timeout interrupts with AVERROR_EXIT
    (av.error.EOFError, Failure.ENDED),
    (av.error.InvalidDataError, Failure.PROTOCOL),
    (ConnectionRefusedError, Failure.UNREACHABLE),
    (TimeoutError, Failure.TIMEOUT),
)

# Status codes some FFmpeg builds only report in the message text.
_BY_TEXT: tuple[tuple[str, Failure], ...] = (
    ("401", Failure.AUTH),
    ("403", Failure.AUTH),
    ("404", Failure.NOT_FOUND),
    ("500", Failure.SERVER_ERROR),
    ("502", Failure.SERVER_ERROR),
    ("503", Failure.SERVER_ERROR),
    ("504", Failure.SERVER_ERROR),
    ("Connection refused", Failure.UNREACHABLE),
    ("timed out", Failure.TIMEOUT),
)


_STATUS_CODES = 7  # the first entries of _BY_TEXT are status codes
_STATUS = re.compile(r"\b([1-5][0-9][0-9])\b")


def status_subject(exc: BaseException) -> str:
    """The HTTP/RTSP status code an error names ("503"), or "5xx" when FFmpeg hides it."""
    subject = getattr(exc, "subject", "")
    if isinstance(subject, str) and subject:
        return subject[:8]
    match = _STATUS.search(str(exc))
    return match.group(1) if match else "5xx"


def classify(exc: BaseException) -> Failure:
    """The failure kind for an exception raised while opening or reading."""
    failure = getattr(exc, "failure", None)
    if isinstance(failure, Failure):
        return failure
    for cls, kind in _BY_CLASS:
        if isinstance(exc, cls):
            return kind
    text = str(exc)
    if "Server returned" in text:
        for code, kind in _BY_TEXT[:_STATUS_CODES]:
            if f" {code}" in text:
                return kind
    for words, kind in _BY_TEXT[_STATUS_CODES:]:
        if words in text:
            return kind
    if isinstance(exc, OSError):
        # Name resolution and routing failures come back as plain I/O errors.
        return Failure.UNREACHABLE
    return Failure.PROTOCOL


def describe(exc: BaseException) -> str:
    """A one-line detail in the library's words, e.g. "Server returned 404 Not Found"."""
    if isinstance(exc, av.error.FFmpegError) and exc.strerror:
        return str(exc.strerror)
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0] if text else type(exc).__name__


def subject_of(exc: BaseException) -> str:
    """What the operator's words name for ``exc`` (sanitised), if anything."""
    subject = getattr(exc, "subject", "")
    return clean(subject, 32) if isinstance(subject, str) else ""


def resolver_failure(exc: BaseException) -> Failure:
    """The failure kind of an exception raised while resolving a source."""
    failure = getattr(exc, "failure", None)
    if isinstance(failure, Failure):
        return failure
    if isinstance(failure, str) and failure in Failure._value2member_map_:
        return Failure(failure)
    return Failure.ONVIF
