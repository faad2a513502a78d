"""Pre-event buffer and "Registra" on a live simulator stream."""

from __future__ import annotations

import time
from pathlib import Path

from app.core.streams import StreamKey, StreamSource
from app.video.local_record import LocalRecording
from app.video.packet_ring import PreEventBuffers
from app.video.pyav_engine import PyAVEngine
from tests.evidence import probe_frames
from tests.simproc import SimProcess
from tests.waiting import wait_until


def test_buffer_fills_and_recording_starts_with_the_past(sim: SimProcess, tmp_path: Path) -> None:
    camera = sim.cameras[3] if sim.cameras[3] not in sim.ptz_cameras else sim.cameras[5]
    buffers = PreEventBuffers(seconds=2)
    engine = PyAVEngine(buffers=buffers)
    key = StreamKey(camera)
    source = StreamSource(
        sim.url(camera, "main", with_credentials=False), sim.username, sim.password(camera)
    )
    stream = engine.open(key, source)
    try:
        ring = buffers.ring(key)
        assert ring is not None
        assert wait_until(lambda: len(ring.snapshot()) >= 100, 15)  # 4 s: more than the 2 asked
        past = ring.snapshot()
        assert past[0].key and past[-1].pts - past[0].pts >= 2.0
        clicked = time.time()
        recording = LocalRecording(ring, tmp_path / "registrazione.mp4")
        assert wait_until(lambda: recording.frames >= len(past) + 25, 10)
        recording.stop()
    finally:
        engine.close(stream)
    assert recording.error == ""
    assert past[0].wallclock < clicked - 2.0  # the file begins before the click
    assert int(probe_frames(tmp_path / "registrazione.mp4")) == recording.frames
