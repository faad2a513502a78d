"""The simulator process seen by a real client (PyAV/FFmpeg): play, auth, errors, states."""

from __future__ import annotations

import itertools
import time

import av
import pytest

from app.sim.strip import decode_strip
from tests.simproc import SimProcess

SIZES = {"main": (1280, 720), "sub": (640, 360)}


def read_frames(url: str, transport: str, count: int) -> list[tuple[int, int, int | None]]:
    """(width, height, strip index) of the first ``count`` decoded frames."""
    out = []
    with av.open(url, options={"rtsp_transport": transport}, timeout=5) as container:
        for frame in container.decode(video=0):
            out.append((frame.width, frame.height, decode_strip(frame.to_ndarray(format="bgr24"))))
            if len(out) >= count:
                break
    return out


@pytest.mark.parametrize("transport", ["tcp", "udp"])
@pytest.mark.parametrize("profile", ["main", "sub"])
def test_plays_and_index_advances(sim: SimProcess, profile: str, transport: str) -> None:
    frames = read_frames(sim.url(sim.cameras[0], profile), transport, 6)
    assert {(w, h) for w, h, _ in frames} == {SIZES[profile]}
    indexes = [i for _, _, i in frames]
    assert None not in indexes
    loop = sim.info["profiles"][profile]["loop_frames"]
    steps = [(b - a) % loop for a, b in itertools.pairwise(indexes)]
    if transport == "tcp":
        assert steps == [1] * len(steps)
    else:  # a datagram lost on a busy machine costs a frame, never reorders them
        assert all(1 <= step <= 3 for step in steps), indexes


def open_error(url: str) -> str:
    with pytest.raises(av.error.FFmpegError) as info:
        read_frames(url, "tcp", 1)
    return str(info.value)


def test_wrong_password_is_401(sim: SimProcess) -> None:
    cam = sim.cameras[1]
    url = sim.url(cam).replace(f":{sim.password(cam)}@", ":wrong@")
    assert "401" in open_error(url)


def test_unknown_path_is_404(sim: SimProcess) -> None:
    assert "404" in open_error(sim.url("no-such-camera"))


def test_drop_then_restore(sim: SimProcess) -> None:
    cam = sim.cameras[2]
    try:
        with av.open(sim.url(cam), options={"rtsp_transport": "tcp"}, timeout=5) as container:
            packets = container.demux(video=0)
            next(packets)
            assert sim.control(cam, "drop")["state"] == "dropped"
            # The open session ends: the demuxer runs dry (EOF) instead of blocking.
            got = sum(1 for _, p in zip(range(10_000), packets, strict=False) if p.size)
            assert got < 10_000
        # FFmpeg reports 503 as "5XX Server Error".
        assert "5XX" in open_error(sim.url(cam))
        assert sim.status()[cam]["state"] == "dropped"
    finally:
        sim.control(cam, "restore")
    assert len(read_frames(sim.url(cam), "tcp", 2)) == 2


def test_freeze_stops_packets(sim: SimProcess) -> None:
    cam = sim.cameras[3]
    url = sim.url(cam, "sub")
    try:
        with av.open(url, options={"rtsp_transport": "tcp"}, timeout=(5, 1.5)) as container:
            packets = container.demux(video=0)
            next(packets)
            assert sim.status()[cam]["sessions"] == 1
            sim.control(cam, "freeze")
            deadline = time.monotonic() + 15
            with pytest.raises(av.error.FFmpegError):  # the read times out
                while time.monotonic() < deadline:
                    next(packets)
            assert time.monotonic() < deadline
    finally:
        sim.control(cam, "restore")
    assert len(read_frames(url, "tcp", 2)) == 2


def test_password_change(sim: SimProcess) -> None:
    cam = sim.cameras[4]
    old_url = sim.url(cam)
    try:
        sim.control(cam, "password", "nuova-123")
        assert "401" in open_error(old_url)
        assert len(read_frames(sim.url(cam), "tcp", 1)) == 1
    finally:
        sim.control(cam, "password", "occhio")
