"""The engine and ``occhio probe`` against the project's camera simulator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.core.model import Transport
from app.core.streams import StreamKey, StreamSource, StreamState
from app.video.pyav_engine import PyAVEngine
from tests.simproc import SimProcess
from tests.waiting import wait_until

SIZES = {"main": (1280, 720), "sub": (640, 360)}


@pytest.mark.parametrize("transport", [Transport.TCP, Transport.UDP])
@pytest.mark.parametrize("profile", ["main", "sub"])
def test_engine_plays_sim_profiles(sim: SimProcess, profile: str, transport: Transport) -> None:
    camera = sim.cameras[0]
    # Credentials given separately, as a site file does: the engine inserts them.
    url = sim.url(camera, profile, with_credentials=False)
    source = StreamSource(url, sim.username, sim.password(camera), transport)
    engine = PyAVEngine()
    stream = engine.open(StreamKey(camera), source)
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
        assert wait_until(lambda: stream.frames_decoded >= 15, 5)
        _, frame = stream.mailbox.latest()
        assert frame is not None
        assert (frame.width, frame.height) == SIZES[profile]
        assert stream.stats().fps_in > 5
    finally:
        engine.close(stream)


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_probe_sim_as_process(sim: SimProcess, transport: str) -> None:
    camera = sim.cameras[1]
    done = subprocess.run(
        [sys.executable, "-m", "app", "probe", sim.url(camera, "sub"), "--seconds", "1.5",
         "--transport", transport, "--json"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["width"], report["height"]) == SIZES["sub"]
    assert report["frames"] > 5
    assert sim.password(camera) not in done.stdout


def test_drop_and_restore(sim: SimProcess) -> None:
    camera = sim.cameras[min(12, len(sim.cameras) - 1)]  # one other tests leave alone
    source = StreamSource(sim.url(camera, "sub", with_credentials=False), sim.username,
                          sim.password(camera))  # fmt: skip
    engine = PyAVEngine()
    stream = engine.open(StreamKey(camera), source)
    try:
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 10)
        sim.control(camera, "drop")
        assert wait_until(lambda: stream.status.state is not StreamState.PLAYING, 3)
        sim.control(camera, "restore")
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 5)
    finally:
        sim.control(camera, "restore")
        engine.close(stream)
