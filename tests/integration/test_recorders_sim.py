"""Recorder access in its three dialects against the simulator's recorder."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from app.core.model import Camera, OnvifAddress, RecorderAddress, RecorderKind
from app.core.recording import RecordedFrame, Span
from app.devices.recorder import Recorder, open_recorder
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.sim.rec_schedule import RecordingPlan
from tests.onvifcmd import onvif_json
from tests.simproc import SimProcess

CAMERA = "chiavari-02"  # channel 2 of the simulated NVR
KINDS = [RecorderKind.CAMERA, RecorderKind.ONVIF, RecorderKind.HIKVISION, RecorderKind.DAHUA]


def camera(sim: SimProcess, kind: RecorderKind) -> Camera:
    onvif = OnvifAddress(sim.host, sim.onvif_ports[CAMERA], "admin", "occhio")
    if kind is RecorderKind.CAMERA:
        recorder = RecorderAddress(kind)
    else:
        recorder = RecorderAddress(
            kind, sim.host, sim.http_port, sim.rtsp_port, 2, "", "admin", "occhio"
        )
    return Camera(CAMERA, 1, "Corso Garibaldi", "s", onvif=onvif, recorder=recorder)


async def with_recorder(cam: Camera, job):  # type: ignore[no-untyped-def]
    recorder = await open_recorder(cam)
    try:
        return await job(recorder)
    finally:
        await recorder.close()


@pytest.fixture
def reset(sim: SimProcess) -> Iterator[None]:
    yield
    sim.control(CAMERA, "replay-fault", "none")
    sim.control(CAMERA, "clock", "0")


@pytest.mark.parametrize("kind", KINDS)
def test_search_finds_the_gaps(sim: SimProcess, kind: RecorderKind) -> None:
    plan = RecordingPlan(CAMERA)
    night = plan.gaps()[-1] if plan.gaps()[-1][1] - plan.gaps()[-1][0] == 1200 else plan.gaps()[-2]
    wanted = Span(night[0] - 3600, night[1] + 3600)

    async def job(recorder: Recorder):  # type: ignore[no-untyped-def]
        return await recorder.search(wanted)

    index = asyncio.run(with_recorder(camera(sim, kind), job))
    assert [(g.start, g.end) for g in index.gaps] == [night]
    assert index.clock_offset_s is not None and abs(index.clock_offset_s) < 2


async def replay_frames(recorder: Recorder, wanted: Span, fast: bool = True) -> list[RecordedFrame]:
    stream = await recorder.replay(wanted, fast=fast)
    try:
        return [f async for f in stream.frames()]
    finally:
        await stream.close()


@pytest.mark.parametrize("kind", KINDS)
def test_replay_stops_at_the_end_asked(sim: SimProcess, kind: RecorderKind) -> None:
    start = time.time() - 5400
    start -= start % 60
    wanted = Span(start + 3, start + 5)
    frames = asyncio.run(
        with_recorder(camera(sim, kind), lambda r: replay_frames(r, wanted, fast=True))
    )
    # Vendors ignore endtime and play in real time: Occhio stops at the end by time stamps.
    assert frames[0].capture_time == start + 3 and frames[0].key
    assert frames[-1].capture_time == pytest.approx(start + 5 - 0.04, abs=1e-3)
    assert len(frames) == 50


def test_identity_of_each_dialect(sim: SimProcess) -> None:
    for kind, model in [(RecorderKind.ONVIF, "SimCam 720"), (RecorderKind.HIKVISION, "SIM-NVR-16")]:

        async def job(recorder: Recorder):  # type: ignore[no-untyped-def]
            return await recorder.identity()

        identity = asyncio.run(with_recorder(camera(sim, kind), job))
        assert identity.model == model


def test_live_video_instead_of_the_range_is_refused(sim: SimProcess, reset: None) -> None:
    sim.control(CAMERA, "replay-fault", "live")
    start = time.time() - 4000
    with pytest.raises(ReplayError) as info:
        asyncio.run(
            with_recorder(
                camera(sim, RecorderKind.ONVIF), lambda r: replay_frames(r, Span(start, start + 5))
            )
        )
    assert info.value.failure is ReplayFailure.WRONG_TIME


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_search_answers_are_a_clear_error(
    sim: SimProcess, reset: None, kind: RecorderKind
) -> None:
    sim.control(CAMERA, "replay-fault", "badxml")
    start = time.time() - 4000

    async def job(recorder: Recorder):  # type: ignore[no-untyped-def]
        return await recorder.search(Span(start, start + 600))

    with pytest.raises(ReplayError) as info:
        asyncio.run(with_recorder(camera(sim, kind), job))
    assert info.value.failure is ReplayFailure.SEARCH


def test_a_clock_ten_minutes_off_is_measured(sim: SimProcess, reset: None) -> None:
    sim.control(CAMERA, "clock", "600")
    for kind in (RecorderKind.CAMERA, RecorderKind.HIKVISION, RecorderKind.DAHUA):

        async def job(recorder: Recorder):  # type: ignore[no-untyped-def]
            return await recorder.clock_offset()

        offset = asyncio.run(with_recorder(camera(sim, kind), job))
        assert offset is not None and 598 < offset < 602, kind


def test_onvif_command_says_whether_recordings_are_offered(sim: SimProcess) -> None:
    data = onvif_json(f"{sim.host}:{sim.onvif_ports[CAMERA]}", "admin", "occhio")
    assert data["recordings"]["offered"] is True and data["recordings"]["recordings"] == 1
    ptz = sim.ptz_cameras[0]
    data = onvif_json(f"{sim.host}:{sim.onvif_ports[ptz]}", "admin", "occhio")
    assert data["recordings"] == {"offered": False}
