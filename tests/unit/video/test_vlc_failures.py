"""libVLC log lines into failure kinds; device text bounded and printable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.streams import Failure
from app.video.vlc_failures import (
    DETAIL_CHARS,
    LOG_ERROR,
    LOG_WARNING,
    LogVerdict,
    classify_line,
    clean,
)


# Lines as Debian's libVLC 3.0 writes them (seen against the simulator).
@pytest.mark.parametrize(
    ("line", "failure"),
    [
        ("HTTP 404 error", Failure.NOT_FOUND),
        ("error: HTTP/1.0 404 Not Found", Failure.NOT_FOUND),
        ("HTTP 401 error", Failure.AUTH),
        ("HTTP 403 error", Failure.AUTH),
        ("connection failed: Connection refused", Failure.UNREACHABLE),
        ("HTTP 503 error", Failure.UNREACHABLE),
        ("cannot resolve nowhere.invalid port 80 : Name or service not known", Failure.UNREACHABLE),
        ("only real/helix rtsp servers supported for now", Failure.MALFORMED),
        ("Password in a URI is DEPRECATED", None),
        ("picture is too late to be displayed (missing 40 ms)", None),
    ],
)
def test_lines_classified(line: str, failure: Failure | None) -> None:
    assert classify_line(line) is failure


def test_strongest_failure_wins_and_chatter_is_ignored() -> None:
    verdict = LogVerdict()
    verdict.note(0, "HTTP 404 error")  # debug level: ignored
    assert verdict.failure is None
    verdict.note(LOG_ERROR, "HTTP 401 error")
    verdict.note(LOG_ERROR, "cannot connect: Connection refused")  # the retry after a 401
    assert verdict.outcome(Failure.PROTOCOL) == (Failure.AUTH, "HTTP 401 error")


def test_no_named_failure_gives_default_with_last_error() -> None:
    verdict = LogVerdict()
    verdict.note(LOG_WARNING, "Password in a URI is DEPRECATED")
    verdict.note(LOG_ERROR, "Your input can't be opened")
    assert verdict.outcome(Failure.PROTOCOL) == (Failure.PROTOCOL, "Your input can't be opened")
    assert LogVerdict().outcome(Failure.ENDED)[0] is Failure.ENDED


@given(st.text(max_size=2000))
def test_clean_is_bounded_printable_and_classify_never_fails(text: str) -> None:
    line = clean(text)
    assert len(line) <= DETAIL_CHARS
    assert line.isprintable()
    assert "\n" not in line and "\x1b" not in line
    classify_line(text)  # any device text: a kind or None, never an exception
    verdict = LogVerdict()
    verdict.note(LOG_ERROR, text)
    failure, detail = verdict.outcome(Failure.PROTOCOL)
    assert isinstance(failure, Failure) and len(detail) <= DETAIL_CHARS
