"""Live OSD clock: fresh IDRs change only the clock, P-frames and the strip stay intact."""

from __future__ import annotations

import av
import numpy as np
import pytest

from app.sim import scene
from app.sim.cameras import SimCamera
from app.sim.clock import ClockIdr, shutdown_pool, splice_band
from app.sim.encode import SUB, EncodedLoop, encode_frames
from app.sim.rtp import FramePayloads
from app.sim.streams import StreamTimer
from app.sim.strip import decode_strip

WALL = 1_750_000_000.0


@pytest.fixture(scope="module")
def loop() -> EncodedLoop:
    return EncodedLoop(SUB, encode_frames("clock-test", "Orologio", SUB))


def decode(frames: list[list[bytes]]) -> list[np.ndarray]:
    codec = av.CodecContext.create("h264", "r")
    out = []
    for nals in frames:
        data = b"".join(b"\x00\x00\x00\x01" + n for n in nals)
        out += [f.to_ndarray(format="bgr24") for f in codec.decode(av.Packet(data))]
    return out


def gop_with_clock(loop: EncodedLoop, clock: ClockIdr, index: int, wall: float) -> list[np.ndarray]:
    idr = splice_band(loop.frames[index], clock.band_slice(index, wall))
    return decode([idr, *loop.frames[index + 1 : index + 8]])


def test_clock_changes_and_nothing_else(loop: EncodedLoop) -> None:
    clock = ClockIdr("clock-test", "Orologio", loop)
    cached = decode(loop.frames[:8])
    first = gop_with_clock(loop, clock, 0, WALL)
    later = gop_with_clock(loop, clock, 0, WALL + 2)
    x0, y0, x1, y1 = scene.clock_region(SUB.width, SUB.height)
    band = scene.clock_band(SUB.width, SUB.height)
    changed = np.abs(first[0][y0:y1, x0:x1].astype(int) - later[0][y0:y1, x0:x1]).max(axis=2)
    assert (changed > 60).sum() > 15  # the last digit of the seconds was redrawn
    for live, ref in zip(first, cached, strict=True):
        # Only deblocking across the slice edge may touch a few rows below the band.
        assert np.abs(live[band + 4 :].astype(int) - ref[band + 4 :]).max() == 0
        assert np.array_equal(live[y0:y1, x0:x1], first[0][y0:y1, x0:x1])  # P-frames copy it
    assert [decode_strip(img) for img in first + later] == list(range(8)) * 2


def test_placeholder_band_is_the_cached_slice(
    loop: EncodedLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scene, "clock_text", lambda wall: scene.CLOCK_PLACEHOLDER)
    clock = ClockIdr("clock-test", "Orologio", loop)
    for index in (0, SUB.gop_frames):  # both idr_pic_id values
        cached = next(n for n in loop.frames[index] if n[0] & 0x1F == 5)
        assert clock.band_slice(index, WALL) == cached


def test_timer_sends_clock_idrs_at_gop_starts(loop: EncodedLoop) -> None:
    cam = SimCamera("clock-test", "Orologio", "admin", "occhio")
    timer = StreamTimer(cam, loop, 0.0, ClockIdr("clock-test", "Orologio", loop))
    idr: FramePayloads = timer.frame(SUB.gop_frames)
    assert idr.idr and idr.payloads != timer.frames[SUB.gop_frames].payloads
    assert timer.frame(SUB.gop_frames + 1) is timer.frames[SUB.gop_frames + 1]
    plain = StreamTimer(cam, loop, 0.0)
    assert plain.frame(0) is plain.frames[0]
    shutdown_pool()
