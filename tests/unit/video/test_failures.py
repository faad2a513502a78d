"""Library exceptions map to the failure kinds that drive retries."""

from __future__ import annotations

import av.error
import pytest

from app.core.streams import Failure
from app.video.failures import classify, describe, status_subject


def _ffmpeg(cls: type[av.error.FFmpegError], code: int, text: str) -> av.error.FFmpegError:
    return cls(code, text, "rtsp://u:secret@h/x")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_ffmpeg(av.error.HTTPUnauthorizedError, -1, "Server returned 401"), Failure.AUTH),
        (
            _ffmpeg(av.error.HTTPNotFoundError, -1, "Server returned 404 Not Found"),
            Failure.NOT_FOUND,
        ),
        (
            _ffmpeg(av.error.ConnectionRefusedError, 111, "refused"),
            Failure.UNREACHABLE,
        ),
        (_ffmpeg(av.error.ProtocolNotFoundError, -1, "Protocol not found"), Failure.MALFORMED),
        (_ffmpeg(av.error.EOFError, -1, "End of file"), Failure.ENDED),
        (_ffmpeg(av.error.ExitError, -1, "Immediate exit requested"), Failure.TIMEOUT),
        (_ffmpeg(av.error.InvalidDataError, -1, "Invalid data"), Failure.PROTOCOL),
        # A 5xx is a server that is there and failing, not an unreachable one.
        (RuntimeError("Server returned 503 Service Unavailable"), Failure.SERVER_ERROR),
        (
            _ffmpeg(av.error.HTTPServerError, -1, "Server returned 5XX Server Error reply"),
            Failure.SERVER_ERROR,
        ),
        (RuntimeError("Server returned 401 Unauthorized"), Failure.AUTH),
        (OSError(5, "Input/output error"), Failure.UNREACHABLE),
        (ValueError("weird"), Failure.PROTOCOL),
    ],
)
def test_classify(exc: BaseException, kind: Failure) -> None:
    assert classify(exc) is kind


def test_failure_attribute_wins() -> None:
    exc = RuntimeError("no profiles")
    exc.failure = Failure.ONVIF  # type: ignore[attr-defined]
    assert classify(exc) is Failure.ONVIF


def test_describe_keeps_library_words_without_url() -> None:
    exc = _ffmpeg(av.error.HTTPNotFoundError, -1, "Server returned 404 Not Found")
    assert describe(exc) == "Server returned 404 Not Found"
    assert "secret" not in describe(exc)


@pytest.mark.parametrize(
    ("exc", "subject"),
    [
        (RuntimeError("Server returned 503 Service Unavailable"), "503"),
        (_ffmpeg(av.error.HTTPServerError, -1, "Server returned 5XX Server Error reply"), "5xx"),
    ],
)
def test_server_error_names_its_status(exc: BaseException, subject: str) -> None:
    assert status_subject(exc) == subject
