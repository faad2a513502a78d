"""Engine failures without any real camera: bad URLs, refusals, 401, 404.

A tiny RTSP responder written here answers every request with one status
code, and counts the connections the engine makes, so retry behaviour
(backoff, no storm, permanent failures left alone) can be checked.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from app.core.streams import Failure, StreamKey, StreamSource, StreamState
from app.video.pyav_engine import PyAVEngine
from app.video.worker import PyAVStream
from tests.waiting import wait_until


class StatusResponder:
    """Answers every RTSP request with ``code``; counts connections."""

    def __init__(self, code: int, reason: str) -> None:
        self.code, self.reason = code, reason
        self.connections = 0
        self._done = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(2)
        data = b""
        for _ in range(20):  # a few requests at most per connection
            try:
                chunk = conn.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            data += chunk
            while b"\r\n\r\n" in data:
                head, data = data.split(b"\r\n\r\n", 1)
                cseq = next(
                    (
                        ln.split(b":", 1)[1].strip()
                        for ln in head.split(b"\r\n")
                        if ln.lower().startswith(b"cseq:")
                    ),
                    b"1",
                )
                challenge = b'WWW-Authenticate: Digest realm="cam", nonce="n1"\r\n'
                extra = challenge if self.code == 401 else b""
                conn.sendall(
                    b"RTSP/1.0 %d %s\r\nCSeq: %s\r\n%sContent-Length: 0\r\n\r\n"
                    % (self.code, self.reason.encode(), cseq, extra)
                )

    def close(self) -> None:
        self._done.set()
        self._thread.join(2)
        self._server.close()


@pytest.fixture
def engine() -> Iterator[PyAVEngine]:
    engine = PyAVEngine()
    yield engine
    # Every test closes its streams; this only checks nothing was left behind.
    assert wait_until(lambda: not _stream_threads(), 5), _stream_threads()


def _stream_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("stream-")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("url", ["rtsp://", "htp:/x", "rtsp://127.0.0.1:0/x"])
def test_malformed_url_fails_at_once(engine: PyAVEngine, url: str) -> None:
    stream = engine.open(StreamKey("bad"), StreamSource(url))
    try:
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 2)
        status = stream.status
        assert status.failure is Failure.MALFORMED
        assert status.retry_at is not None
        assert status.retry_at - status.since >= 29
        assert stream.attempts == 0  # never handed to FFmpeg
    finally:
        engine.close(stream)


def test_refused_connection_backs_off_without_storm(engine: PyAVEngine) -> None:
    port = _free_port()  # bound then released: nothing listens there
    stream = engine.open(StreamKey("gone"), StreamSource(f"rtsp://127.0.0.1:{port}/x"))
    try:
        assert wait_until(lambda: stream.attempts >= 4, 20)  # 3.5-4.4 s of backoff, more under load
        waits = [
            s.retry_at - s.since
            for s in stream.history()
            if s.state is StreamState.RECONNECTING and s.retry_at is not None
        ]
        assert stream.status.failure is Failure.UNREACHABLE
        # Each wait is its backoff step lengthened by up to the jitter share.
        for wait, nominal in zip(waits[:3], [0.5, 1.0, 2.0], strict=True):
            assert nominal - 0.05 <= wait <= nominal * (1 + engine.timings.jitter) + 0.05
        assert waits == sorted(waits)
        assert stream.attempts <= 5
    finally:
        engine.close(stream)


@pytest.mark.parametrize(
    ("code", "reason", "kind"),
    [(401, "Unauthorized", Failure.AUTH), (404, "Not Found", Failure.NOT_FOUND)],
)
def test_permanent_failures_are_not_retried_soon(
    engine: PyAVEngine, code: int, reason: str, kind: Failure
) -> None:
    responder = StatusResponder(code, reason)
    source = StreamSource(f"rtsp://127.0.0.1:{responder.port}/cam", "admin", "secret-pw")
    stream = engine.open(StreamKey("perm"), source)
    try:
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 5)
        status = stream.status
        assert status.failure is kind
        assert str(code) in status.detail
        assert "secret-pw" not in status.detail
        assert status.retry_at is not None and status.retry_at - status.since >= 29
        # Give it a few seconds: a permanent failure must not be retried yet.
        assert not wait_until(lambda: responder.connections > 1, 3)
        assert stream.attempts == 1
    finally:
        engine.close(stream)
        responder.close()


def test_close_stops_a_reconnecting_worker_quickly(engine: PyAVEngine) -> None:
    stream = engine.open(StreamKey("gone"), StreamSource(f"rtsp://127.0.0.1:{_free_port()}/x"))
    assert isinstance(stream, PyAVStream)
    assert wait_until(lambda: stream.status.state is StreamState.RECONNECTING, 3)
    engine.close(stream)
    assert stream.join(0)
    assert stream.status.state is StreamState.IDLE
