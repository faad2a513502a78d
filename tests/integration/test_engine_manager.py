"""Stream sharing: one worker per camera and profile, stopped by the last user."""

from __future__ import annotations

import socket
import threading

import pytest

from app.core.model import Camera, Profile
from app.core.streams import Failure, StreamKey, StreamSource, StreamState
from app.video.manager import SourceError, StreamManager, url_resolver
from app.video.pyav_engine import PyAVEngine
from tests.waiting import wait_until


def _threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _camera(cid: str = "cam-1", **urls: str) -> Camera:
    return Camera(id=cid, number=101, name="Piazza", site_id="chiavari", **urls)  # type: ignore[arg-type]


def test_two_users_share_one_worker_until_both_release() -> None:
    port = _closed_port()
    camera = _camera(main_url=f"rtsp://127.0.0.1:{port}/main")
    manager = StreamManager(PyAVEngine(), url_resolver)
    first = manager.acquire(camera, Profile.MAIN)
    second = manager.acquire(camera, Profile.MAIN)
    try:
        assert first is second
        assert manager.users(StreamKey(camera.id, Profile.MAIN)) == 2
        assert len(_threads("stream-cam-1-main")) == 1
        manager.release(first)
        assert manager.users(first.key) == 1
        assert len(_threads("stream-cam-1-main")) == 1
        manager.release(second)
        assert manager.users(first.key) == 0
        assert wait_until(lambda: not _threads("stream-cam-1-main"), 5)
    finally:
        manager.shutdown()


def test_profiles_get_their_own_workers_and_shutdown_stops_all() -> None:
    port = _closed_port()
    camera = _camera(main_url=f"rtsp://127.0.0.1:{port}/main")  # sub falls back to main
    manager = StreamManager(PyAVEngine())
    main = manager.acquire(camera, Profile.MAIN)
    sub = manager.acquire(camera, Profile.SUB)
    assert main is not sub
    assert len(manager.active()) == 2
    assert wait_until(lambda: sub.status.state is StreamState.RECONNECTING, 3)
    manager.shutdown()
    assert not _threads("stream-cam-1-main") and not _threads("stream-cam-1-sub")
    assert manager.active() == []


def test_acquire_does_not_wait_for_a_slow_resolver() -> None:
    gate = threading.Event()

    def slow(camera: Camera, profile: Profile) -> StreamSource:
        gate.wait(5)
        raise SourceError("no profiles", Failure.ONVIF)

    manager = StreamManager(PyAVEngine(), slow)
    try:
        stream = manager.acquire(_camera(), Profile.MAIN)
        assert stream.status.state in (StreamState.IDLE, StreamState.CONNECTING)
        gate.set()
        assert wait_until(lambda: stream.status.state is StreamState.RECONNECTING, 3)
        assert stream.status.failure is Failure.ONVIF
    finally:
        manager.shutdown()


def test_camera_without_urls_fails_as_malformed() -> None:
    manager = StreamManager(PyAVEngine())
    try:
        stream = manager.acquire(_camera(), Profile.MAIN)
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 3)
        assert stream.status.failure is Failure.MALFORMED
        assert "no stream URL" in stream.status.detail
    finally:
        manager.shutdown()


def test_sub_url_used_for_sub_profile() -> None:
    camera = _camera(main_url="rtsp://h/main", sub_url="rtsp://h/sub", username="admin")
    assert url_resolver(camera, Profile.SUB).url == "rtsp://h/sub"
    assert url_resolver(camera, Profile.MAIN).url == "rtsp://h/main"
    assert url_resolver(camera, Profile.SUB).username == "admin"
    with pytest.raises(SourceError):
        url_resolver(_camera(), Profile.SUB)
