"""Archive frames: key frames each second, gaps skipped, and the picture shows its time."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import av
import numpy as np
import pytest

from app.sim.clock_read import shown_time
from app.sim.encode import REC, EncodedLoop, encode_frames
from app.sim.rec_schedule import RecordingPlan
from app.sim.rec_source import RecordingSource, SimRecorder
from app.sim.rtp import nal_units
from app.sim.strip import decode_strip

CAM, NAME = "rec-test", "Registrazione"


@pytest.fixture(scope="module")
def loop() -> EncodedLoop:
    return EncodedLoop(REC, encode_frames(CAM, NAME, REC))


@pytest.fixture
def source(loop: EncodedLoop) -> Iterator[RecordingSource]:
    with ThreadPoolExecutor(2) as pool:
        yield RecordingSource(CAM, NAME, loop, RecordingPlan(CAM, days=2), pool)


def decode(source: RecordingSource, ks: list[int]) -> list[np.ndarray]:
    async def payloads() -> list[bytes]:
        out = []
        for k in ks:
            frame = await source.payloads(k)
            out.append(b"".join(b"\x00\x00\x00\x01" + n for n in nal_units(frame.payloads)))
        return out

    codec = av.CodecContext.create("h264", "r")
    pictures = []
    for data in asyncio.run(payloads()):
        pictures += [f.to_ndarray(format="bgr24") for f in codec.decode(av.Packet(data))]
    return pictures


def test_slots_start_on_a_key_frame_and_skip_gaps(source: RecordingSource) -> None:
    plan = source.plan
    gap_start, gap_end = plan.gaps()[0]
    slots = list(source.slots(gap_start - 2.5, gap_end + 1.0))
    assert slots[0].key and source.time_of(slots[0].k) == gap_start - 3.0
    times = [source.time_of(s.k) for s in slots]
    assert not any(gap_start <= t < gap_end for t in times)
    after = next(s for s in slots if source.time_of(s.k) >= gap_end)
    assert after.discont and after.key and source.time_of(after.k) == gap_end
    before = slots[slots.index(after) - 1]
    assert before.last and source.time_of(before.k) == pytest.approx(gap_start - 0.04)
    assert [s.key for s in slots[:26]] == [True] + [False] * 24 + [True]


def test_reverse_sends_key_frames_newest_first(source: RecordingSource) -> None:
    start = source.plan.first() + 3600
    slots = list(source.slots_reverse(start, start + 5))
    assert [source.time_of(s.k) for s in slots] == [start + 4 - i for i in range(5)]


def test_each_frame_shows_its_own_second(source: RecordingSource) -> None:
    second = int(source.plan.first()) + 7 * 3600 + 31 * 60 + 7
    ks = list(range(second * 25 - 25, second * 25 + 25))  # the second before and this one
    pictures = decode(source, ks)
    assert len(pictures) == len(ks)
    for k, picture in zip(ks[::8], pictures[::8], strict=True):
        t = k / 25
        candidates = [float(second - 1), float(second), float(second + 1)]
        assert shown_time(picture, CAM, NAME, candidates)[0] == t - t % 1
        assert decode_strip(picture) == k % REC.loop_frames


def test_recorder_faults_and_clock(source: RecordingSource) -> None:
    recorder = SimRecorder({CAM: source}, ["ptz", CAM])
    assert recorder.channels == {2: CAM}
    assert recorder.fault(CAM) == "none"
    recorder.set_fault(CAM, "stall")
    assert recorder.fault(CAM) == "stall"
    with pytest.raises(ValueError):
        recorder.set_fault(CAM, "explode")
    try:
        recorder.set_clock_offset(-600)
        assert source.plan.clock_offset_s == -600
        assert recorder.device_now() == pytest.approx(source.plan.device_now(), abs=0.1)
    finally:
        recorder.set_clock_offset(0)
