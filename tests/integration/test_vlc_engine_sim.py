"""The VLC engine against the simulator's HTTP cameras, offscreen (video callbacks).

Debian's libVLC plays HTTP (MJPEG, MP4) but has no RTSP client: the RTSP
camera asked to play on libVLC must play through PyAV, with the notice.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from app.core.model import Camera, EngineName, Profile
from app.core.streams import (
    Failure,
    Notice,
    StreamKey,
    StreamSource,
    StreamState,
    VideoFrame,
    capabilities_of,
)
from app.video.engine_router import EngineRouter, NotedStream
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from app.video.vlc_engine import LibVlcInfo, VlcEngine, load_engine, probe
from app.video.vlc_stream import VlcStream
from app.video.worker import PyAVStream, Timings
from tests.simproc import SimProcess
from tests.waiting import wait_until

SIZES = {"main": (1280, 720), "sub": (640, 360)}
#: Short waits so failure tests finish quickly.
TIMINGS = Timings(open_timeout=4.0, backoff=(0.2,), permanent_retry=30.0, join_timeout=5.0)


@pytest.fixture(scope="module")
def libvlc() -> LibVlcInfo:
    info = probe()
    assert info is not None, "libVLC must be installed (packaging/dev.sh installs it)"
    return info


@pytest.fixture
def engine(libvlc: LibVlcInfo) -> Iterator[VlcEngine]:
    engine = VlcEngine(libvlc, TIMINGS)
    yield engine


def _native_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _open(engine: VlcEngine, url: str, user: str, password: str) -> VlcStream:
    # The simulator's HTTP cameras offer only Basic, as many MJPEG cameras do:
    # sending the password in clear is allowed for them explicitly.
    source = StreamSource(url, user, password, allow_basic_auth=True)
    return engine.open_lazy(StreamKey("cam"), lambda: source)


def _frames(stream: VlcStream, count: int) -> list[VideoFrame]:
    """``count`` different frames from the mailbox (bounded wait)."""
    seen: dict[int, VideoFrame] = {}

    def more() -> bool:
        seq, frame = stream.mailbox.latest()
        if frame is not None:
            seen[seq] = frame
        return len(seen) >= count

    assert wait_until(more, 15), f"only {len(seen)} frames; status {stream.status}"
    return list(seen.values())


@pytest.mark.parametrize(("kind", "profile"), [("mjpeg", "sub"), ("mjpeg", "main"), ("mp4", "sub")])
def test_vlc_plays_http_camera_offscreen(
    sim: SimProcess, engine: VlcEngine, kind: str, profile: str
) -> None:
    camera = sim.cameras[0]
    url = sim.http_url(camera, profile, kind)
    threads_before = _native_threads()
    stream = _open(engine, url, sim.username, sim.password(camera))
    try:
        frames = _frames(stream, 6)
        assert stream.status.state is StreamState.PLAYING
        for frame in frames:
            assert isinstance(frame.image, np.ndarray)
            assert frame.image.shape == (*SIZES[profile][::-1], 4)
            assert (frame.width, frame.height) == SIZES[profile]
        first, last = frames[0].image, frames[-1].image
        assert not np.array_equal(first, last), "the picture must change (moving scene)"
        assert stream.stats().codec in {"MJPG", "h264"}
        assert wait_until(lambda: stream.stats().fps_in > 5, 5)
    finally:
        engine.close(stream)
    assert not [t for t in threading.enumerate() if t.name.startswith("stream-vlc")]
    # libVLC's own threads end with its instance.
    assert wait_until(lambda: _native_threads() <= threads_before, 5), (
        threads_before,
        _native_threads(),
    )


def test_vlc_failures_map_to_kinds(sim: SimProcess, engine: VlcEngine) -> None:
    camera = sim.cameras[0]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]  # nothing listens once closed
    cases = [
        (
            sim.http_url("no-such-camera"),
            sim.password(camera),
            Failure.NOT_FOUND,
            StreamState.FAILED,
        ),
        (sim.http_url(camera), "wrong", Failure.AUTH, StreamState.FAILED),
        (
            f"http://127.0.0.1:{closed_port}/video.mjpg",
            "x",
            Failure.UNREACHABLE,
            StreamState.RECONNECTING,
        ),
    ]
    streams = [_open(engine, url, sim.username, pw) for url, pw, _, _ in cases]
    try:
        for stream, (url, _, failure, state) in zip(streams, cases, strict=True):
            assert _wait_failure(stream, failure), (url, stream.status)
            assert stream.status.state is state
            assert stream.mailbox.latest()[1] is None
    finally:
        engine.close_many(streams)
    assert not [t for t in threading.enumerate() if t.name.startswith("stream-vlc")]


def _wait_failure(stream: VlcStream, failure: Failure) -> bool:
    return wait_until(lambda: stream.status.failure is failure, 10)


def test_frozen_http_camera_stalls(sim: SimProcess, engine: VlcEngine) -> None:
    camera = sim.cameras[2]
    stream = _open(engine, sim.http_url(camera, "sub"), sim.username, sim.password(camera))
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
        sim.control(camera, "freeze")
        # libVLC keeps showing the last picture; the stream must not look alive.
        assert wait_until(lambda: stream.status.state is StreamState.STALLED, 10), stream.status
        sim.control(camera, "restore")
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 15), stream.status
    finally:
        sim.control(camera, "restore")
        engine.close(stream)


def test_rtsp_camera_on_vlc_plays_through_pyav_with_notice(sim: SimProcess) -> None:
    vlc, rtsp = load_engine(TIMINGS)
    if rtsp:
        pytest.skip("this libVLC has an RTSP client: nothing to fall back from")
    assert vlc is not None
    router = EngineRouter(PyAVEngine(TIMINGS), lambda: (vlc, rtsp), EngineName.PYAV)
    manager = StreamManager(router)
    cam_id = sim.cameras[1]
    rtsp_camera = Camera(
        cam_id, 1, "RTSP", "s", main_url=sim.url(cam_id, "sub"), engine=EngineName.VLC
    )
    http_camera = Camera(
        "http-cam",
        2,
        "MJPEG",
        "s",
        main_url=sim.http_url(cam_id, "sub"),
        username=sim.username,
        password=sim.password(cam_id),
        engine=EngineName.VLC,
        allow_basic_auth=True,  # the simulator's HTTP cameras offer only Basic
    )
    try:
        fallback = manager.acquire(rtsp_camera, Profile.MAIN)
        played = manager.acquire(http_camera, Profile.MAIN)
        assert isinstance(fallback, NotedStream)
        assert isinstance(fallback.inner, PyAVStream)
        assert isinstance(played, VlcStream)
        assert wait_until(lambda: fallback.status.state is StreamState.PLAYING, 10)
        assert fallback.status.notice is Notice.VLC_WITHOUT_RTSP
        assert fallback.mailbox.latest()[1] is not None  # a picture, never a black tile
        assert capabilities_of(fallback).snapshot is None
        assert wait_until(lambda: played.status.state is StreamState.PLAYING, 10)
        assert played.status.notice is Notice.NONE
    finally:
        manager.shutdown()
    leftover = [t.name for t in threading.enumerate() if t.name.startswith("stream-")]
    assert not leftover
