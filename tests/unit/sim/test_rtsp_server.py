"""The RTSP server in-process: methods, auth, errors, states, and junk input."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine, Iterator
from fractions import Fraction
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sim.cameras import CameraState, SimCamera
from app.sim.encode import EncodedLoop, ProfileSpec
from app.sim.rtsp import RtspServer
from app.sim.streams import StreamTimer
from tests.unit.sim.rtspclient import RawRtsp

SPS = b"\x67\x42\xc0\x1e\xda\x02\x80\xbf\xe5\x84"
PPS = b"\x68\xce\x3c\x80"
PROFILE = ProfileSpec("main", 64, 64, Fraction(25), 2, 4)
T = TypeVar("T")
FRAMES = [[SPS, PPS, b"\x65" + bytes(3000)], [b"\x41\x9a" + bytes(50)]] * 2


class ServerThread:
    """An RtspServer on its own event loop in a thread."""

    def __init__(self) -> None:
        self.camera = SimCamera("cam1", "Camera 1", "admin", "occhio")
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.port = self.call(self._start())

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    async def _start(self) -> int:
        self.timer = StreamTimer(self.camera, EncodedLoop(PROFILE, FRAMES), 0.0)
        self.timer.t0 = asyncio.get_running_loop().time()
        self.timer.start()
        self.server = RtspServer({"cam1": self.camera}, {("cam1", "main"): self.timer}, "127.0.0.1")
        return await self.server.start(0)

    async def _stop(self) -> None:
        await self.server.close()
        await self.timer.stop()

    def stop(self) -> None:
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    srv = ServerThread()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def client(server: ServerThread) -> Iterator[RawRtsp]:
    server.camera.state = CameraState.NORMAL
    c = RawRtsp(server.port)
    try:
        yield c
    finally:
        c.close()


def url(server: ServerThread, path: str = "cam1/main") -> str:
    return f"rtsp://127.0.0.1:{server.port}/{path}"


def test_options(server: ServerThread, client: RawRtsp) -> None:
    status, head, _ = client.request("OPTIONS", "*")
    assert status == 200
    assert "DESCRIBE" in head["public"]


def test_describe_needs_auth_and_gives_sdp(server: ServerThread) -> None:
    bad = RawRtsp(server.port, password="wrong")
    try:
        assert bad.request("DESCRIBE", url(server))[0] == 401
    finally:
        bad.close()
    good = RawRtsp(server.port)
    try:
        status, head, body = good.request("DESCRIBE", url(server))
    finally:
        good.close()
    assert status == 200
    assert head["content-base"] == url(server) + "/"
    sdp = body.decode()
    assert "sprop-parameter-sets=Z0LAHtoCgL/lhA==,aM48gA==" in sdp
    assert "profile-level-id=42c01e" in sdp
    assert "a=control:trackID=0" in sdp


def test_unknown_path_is_404(server: ServerThread, client: RawRtsp) -> None:
    assert client.request("DESCRIBE", url(server, "nope/main"))[0] == 404
    assert client.request("DESCRIBE", url(server, "cam1/hd"))[0] == 404


def test_play_tcp_sends_rtp_from_an_idr(server: ServerThread, client: RawRtsp) -> None:
    session = client.play_tcp(url(server))
    channel, first = client.read_frame()
    assert channel == 0
    assert first[0] == 0x80
    assert first[12] & 0x1F == 7  # SPS leads: the client starts at an IDR
    markers = 0
    for _ in range(20):
        channel, pkt = client.read_frame()
        markers += channel == 0 and bool(pkt[1] & 0x80)
    assert markers >= 2
    status, _, _ = client.request("TEARDOWN", url(server), {"Session": session})
    assert status == 200


def test_dropped_camera_is_503_and_closes(server: ServerThread, client: RawRtsp) -> None:
    client.play_tcp(url(server))
    server.camera.state = CameraState.DROPPED
    server.loop.call_soon_threadsafe(server.server.drop_camera, "cam1")
    with pytest.raises((ConnectionError, OSError)):
        for _ in range(10_000):
            client.read_frame()
    other = RawRtsp(server.port)
    try:
        assert other.request("DESCRIBE", url(server))[0] == 503
    finally:
        other.close()


def test_frozen_camera_sends_nothing(server: ServerThread, client: RawRtsp) -> None:
    client.play_tcp(url(server))
    client.read_frame()
    server.camera.state = CameraState.FROZEN
    client.sock.settimeout(0.5)
    with pytest.raises(TimeoutError):
        for _ in range(10_000):  # drain what was sent before the freeze
            client.read_frame()
    server.camera.state = CameraState.NORMAL
    client.sock.settimeout(5)
    assert client.read_frame()[0] == 0


def test_session_errors(server: ServerThread, client: RawRtsp) -> None:
    assert client.request("PLAY", url(server), {"Session": "nope"})[0] == 454
    assert client.request("RECORD", url(server))[0] == 501
    status, _, _ = client.request(
        "SETUP", url(server) + "/trackID=0", {"Transport": "RTP/AVP;multicast"}
    )
    assert status == 461


def test_malformed_request_gets_400_and_close(server: ServerThread) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"this is not rtsp\r\n\r\n")
        reply = sock.recv(4096)
        assert reply.startswith(b"RTSP/1.0 400 ")
        assert sock.recv(4096) == b""


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=300))
def test_random_bytes_never_break_the_server(server: ServerThread, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(data)
    c = RawRtsp(server.port)
    try:
        assert c.request("OPTIONS", "*")[0] == 200
    finally:
        c.close()
