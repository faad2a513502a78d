"""Occhio's replay client against the simulator's recorder: ONVIF and vendor URLs, faults."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import av
import pytest

from app.core.recording import RecordedFrame, TimeSource
from app.devices.replay.client import PlayOptions, ReplayClient
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.devices.replay.times import format_clock
from app.sim.clock_read import shown_time
from tests.simproc import SimProcess

CAMERA, NAME = "chiavari-03", "Lungomare - Colmata"


def two_hours_ago() -> float:
    t = time.time() - 7200
    return t - t % 60


async def collect(
    url: str, options: PlayOptions, limit: int = 100_000, **kw: float
) -> tuple[list[RecordedFrame], list[str]]:
    frames: list[RecordedFrame] = []
    async with ReplayClient(url, "admin", "occhio", **kw) as client:
        await client.connect(onvif=options.onvif)
        await client.play(options)
        async for frame in client.frames():
            frames.append(frame)
            if len(frames) >= limit:
                break
        return frames, client.notes


def onvif_url(sim: SimProcess) -> str:
    return f"rtsp://{sim.host}:{sim.rtsp_port}/recording/rec-{CAMERA}"


@pytest.fixture
def fault(sim: SimProcess) -> Iterator[None]:
    yield
    sim.control(CAMERA, "replay-fault", "none")


def test_onvif_range_as_fast_as_possible_with_the_right_pictures(sim: SimProcess) -> None:
    start = two_hours_ago() + 5
    options = PlayOptions(start, start + 4, rate_control=False)
    frames, notes = asyncio.run(collect(onvif_url(sim), options))
    assert notes == []
    assert len(frames) == 100 and frames[0].capture_time == start
    assert all(f.time_source is TimeSource.ONVIF for f in frames)
    assert [f.key for f in frames[:26]] == [True] + [False] * 24 + [True]
    codec = av.CodecContext.create("h264", "r")
    for i, frame in enumerate(frames):
        pictures = codec.decode(av.Packet(frame.annexb()))
        if i % 20 == 7:
            t = frame.capture_time
            shown, _ = shown_time(
                pictures[-1].to_ndarray(format="bgr24"),
                CAMERA,
                NAME,
                [t - t % 1 - 1, t - t % 1, t - t % 1 + 1],
            )
            assert shown == t - t % 1


def test_hikvision_times_come_from_sender_reports(sim: SimProcess) -> None:
    start = two_hours_ago() + 20
    times = [format_clock(t, millis=False) for t in (start, start + 1)]
    url = (
        f"rtsp://{sim.host}:{sim.rtsp_port}/Streaming/tracks/301"
        f"?starttime={times[0]}&endtime={times[1]}"
    )
    frames, _ = asyncio.run(collect(url, PlayOptions(start, None, onvif=False), limit=30))
    assert [f.time_source for f in frames] == [TimeSource.RTCP] * 30
    assert [round(f.capture_time - start, 3) for f in frames[:3]] == [0.0, 0.04, 0.08]


def test_wrong_password_is_an_auth_failure(sim: SimProcess) -> None:
    async def attempt() -> None:
        async with ReplayClient(onvif_url(sim), "admin", "wrong") as client:
            await client.connect()

    with pytest.raises(ReplayError) as info:
        asyncio.run(attempt())
    assert info.value.failure is ReplayFailure.AUTH


def test_announce_is_answered_and_noted(sim: SimProcess, fault: None) -> None:
    sim.control(CAMERA, "replay-fault", "announce")
    start = two_hours_ago() + 30
    frames, notes = asyncio.run(
        collect(onvif_url(sim), PlayOptions(start, start + 3, rate_control=False))
    )
    assert notes == ["ANNOUNCE"] and len(frames) == 75


@pytest.mark.parametrize(
    ("kind", "failure"), [("stall", ReplayFailure.STALLED), ("close", ReplayFailure.CLOSED)]
)
def test_stall_and_close_mid_range(
    sim: SimProcess, fault: None, kind: str, failure: ReplayFailure
) -> None:
    sim.control(CAMERA, "replay-fault", kind)
    start = two_hours_ago() + 40
    got: list[RecordedFrame] = []

    async def run() -> None:
        async with ReplayClient(onvif_url(sim), "admin", "occhio", stall_timeout=1.5) as client:
            await client.connect()
            await client.play(PlayOptions(start, start + 10, rate_control=False))
            async for frame in client.frames():
                got.append(frame)

    with pytest.raises(ReplayError) as info:
        asyncio.run(run())
    assert info.value.failure is failure
    assert len(got) == 50  # what came before the fault is kept
