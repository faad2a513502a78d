"""What a stream shows when the RTSP server answers badly, or not at all.

Against the hostile server: a server that accepts and never answers is a
camera that does not answer (not a stream error); a 5xx is a server error
with its status; a giant header line or SDP is refused with its limit; a
server that offers only Basic over plain RTSP never receives the password;
an unknown codec is named.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator

import pytest

from app.core.streams import Failure, StreamKey, StreamSource, StreamState, StreamStatus
from app.video.pyav_engine import PyAVEngine
from app.video.timings import Timings
from tests.hostile.http import BasicOnlyCamera
from tests.hostile.rtsp import HostileRtspServer, Script
from tests.waiting import wait_until

PASSWORD = "secret-pw-42"


@pytest.fixture
def engine() -> Iterator[PyAVEngine]:
    engine = PyAVEngine(Timings(open_timeout=2.0), decode_threads=1)
    yield engine
    assert wait_until(
        lambda: not [t for t in threading.enumerate() if t.name.startswith("stream-")], 5
    )


def _first_failure(engine: PyAVEngine, script: Script, allow_basic: bool = False) -> StreamStatus:
    """The status of the first failed attempt against a server playing ``script``."""
    with HostileRtspServer(script) as server:
        source = StreamSource(server.url, "admin", PASSWORD, allow_basic_auth=allow_basic)
        stream = engine.open(StreamKey("hostile"), source)
        try:
            down = (StreamState.RECONNECTING, StreamState.FAILED)
            assert wait_until(lambda: stream.status.state in down, 10), stream.history()
            return stream.status
        finally:
            engine.close(stream)


def test_server_that_never_answers_is_a_camera_that_does_not_answer(
    engine: PyAVEngine,
) -> None:
    status = _first_failure(engine, Script(never_answer=True))
    assert status.failure is Failure.TIMEOUT
    assert "did not answer" in status.detail


def test_server_error_is_not_unreachable_and_keeps_its_status(engine: PyAVEngine) -> None:
    status = _first_failure(engine, Script(status=503))
    assert status.failure is Failure.SERVER_ERROR
    assert status.subject == "503"
    assert status.state is StreamState.RECONNECTING  # the server may recover


@pytest.mark.parametrize(
    ("script", "limit"),
    [(Script(header_bytes=20_000_000), "8192"), (Script(sdp_bytes=5_000_000), "65536")],
)
def test_giant_answers_are_refused_with_the_limit(
    engine: PyAVEngine, script: Script, limit: str
) -> None:
    status = _first_failure(engine, script)
    assert status.failure is Failure.OVERSIZED
    assert limit in status.detail
    assert "127.0.0.1" in status.detail
    assert status.state is StreamState.FAILED  # not retried at once


def test_basic_only_server_never_gets_the_password(engine: PyAVEngine) -> None:
    with HostileRtspServer(Script(auth="basic")) as server:
        stream = engine.open(StreamKey("basic"), StreamSource(server.url, "admin", PASSWORD))
        try:
            assert wait_until(lambda: stream.status.state is StreamState.FAILED, 10)
            assert stream.status.failure is Failure.INSECURE_AUTH
            assert server.authorizations == []
        finally:
            engine.close(stream)


def test_basic_allowed_by_the_installer_plays(engine: PyAVEngine) -> None:
    with HostileRtspServer(Script(auth="basic")) as server:
        source = StreamSource(server.url, "admin", PASSWORD, allow_basic_auth=True)
        stream = engine.open(StreamKey("basic-ok"), source)
        try:
            assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
            token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
            assert f"Basic {token}" in server.authorizations
        finally:
            engine.close(stream)


def test_digest_server_gets_no_password_in_clear(engine: PyAVEngine) -> None:
    with HostileRtspServer(Script(auth="digest")) as server:
        stream = engine.open(StreamKey("digest"), StreamSource(server.url, "admin", PASSWORD))
        try:
            assert wait_until(lambda: bool(server.authorizations), 10)
            assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
        finally:
            engine.close(stream)
    assert all(a.startswith("Digest ") for a in server.authorizations)
    assert not any(PASSWORD in a for a in server.authorizations)


def test_unknown_codec_is_named(engine: PyAVEngine) -> None:
    status = _first_failure(engine, Script(codec="H266"))
    assert status.failure is Failure.UNSUPPORTED_CODEC
    assert status.subject == "H266"
    assert status.state is StreamState.FAILED


def test_http_camera_asking_basic_never_gets_the_password(engine: PyAVEngine) -> None:
    with BasicOnlyCamera() as camera:
        stream = engine.open(StreamKey("http"), StreamSource(camera.url, "admin", PASSWORD))
        try:
            assert wait_until(lambda: stream.status.state is StreamState.FAILED, 10)
            assert stream.status.failure is Failure.INSECURE_AUTH
            assert camera.requests >= 1 and camera.authorizations == []
        finally:
            engine.close(stream)
