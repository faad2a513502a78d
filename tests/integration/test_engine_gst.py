"""The PyAV engine against a third-party RTSP server (GStreamer's)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from app.core.model import Transport
from app.core.streams import Failure, StreamKey, StreamSource, StreamState
from app.video.pyav_engine import PyAVEngine
from tests.integration.gstserver import GstServer, running_gst
from tests.waiting import wait_until

pytestmark = pytest.mark.thirdparty


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    with running_gst(user="admin", password="p@ss:w/rd", width=640, height=360, fps=25) as server:
        yield server


@pytest.mark.parametrize("transport", [Transport.TCP, Transport.UDP])
def test_plays_with_right_size_and_rate(gst: GstServer, transport: Transport) -> None:
    engine = PyAVEngine()
    source = StreamSource(gst.url(), "admin", "p@ss:w/rd", transport)
    stream = engine.open(StreamKey("gst"), source)
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 15)
        assert wait_until(lambda: stream.frames_decoded >= 60, 10)
        _, frame = stream.mailbox.latest()
        assert frame is not None
        assert (frame.width, frame.height) == (gst.width, gst.height)
        stats = stream.stats()
        assert stats.codec == "h264"
        assert 18 <= stats.fps_in <= 32
        assert stats.bitrate_kbps > 0
        assert stats.last_frame_age is not None and stats.last_frame_age < 0.5
    finally:
        engine.close(stream)
    assert stream.status.state is StreamState.IDLE


def test_wrong_password_fails_as_auth(gst: GstServer) -> None:
    engine = PyAVEngine()
    stream = engine.open(StreamKey("gst"), StreamSource(gst.url(), "admin", "wrong-password"))
    try:
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 10)
        status = stream.status
        assert status.failure is Failure.AUTH
        assert "401" in status.detail
        assert "wrong-password" not in status.detail
    finally:
        engine.close(stream)


class _FreezingProxy:
    """TCP relay in front of the server that can stop passing data to the client."""

    def __init__(self, target: int) -> None:
        self.frozen = threading.Event()
        self._done = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._target = target
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by close()
            upstream = socket.create_connection(("127.0.0.1", self._target), timeout=5)
            self._socks += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, downstream: bool) -> None:
        src.settimeout(0.2)
        while not self._done.is_set():
            if downstream and self.frozen.is_set():
                self._done.wait(0.05)  # hold data back while frozen
                continue
            try:
                data = src.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            try:
                dst.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        self._done.set()
        for sock in [*self._socks, self._server]:
            sock.close()


def test_frozen_stream_stalls_then_reconnects_and_recovers(gst: GstServer) -> None:
    proxy = _FreezingProxy(gst.port)
    engine = PyAVEngine()
    url = f"rtsp://127.0.0.1:{proxy.port}/test"
    stream = engine.open(StreamKey("gst"), StreamSource(url, "admin", "p@ss:w/rd"))
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 15)
        proxy.frozen.set()
        # Frames already in the socket buffers still play after the freeze
        # (up to ~2 s here), then one read waits out FFmpeg's socket timeout.
        assert wait_until(lambda: stream.status.state is StreamState.STALLED, 8)
        assert stream.stats().fps_in < 5
        assert wait_until(lambda: stream.status.state is StreamState.RECONNECTING, 6)
        assert stream.status.failure is Failure.TIMEOUT
        proxy.frozen.clear()
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 15)
    finally:
        engine.close(stream)
        proxy.close()
