"""Fast and reverse playback asked of the simulator's recorder (RTSP ``Scale``), not paced here."""

from __future__ import annotations

import asyncio

import pytest

from app.core.model import RecorderKind
from app.core.recording import RecordedFrame
from app.devices.playback_source import STILL, STILL_SCALE, RecorderSource
from app.sim.clock_read import shown_time
from app.video.playback import Player, PlayState
from tests.evidence import minute_ago
from tests.integration.test_recorders_sim import CAMERA, camera
from tests.simproc import SimProcess
from tests.waiting import wait_until

NAME = "Corso Garibaldi"


async def first_frames(source: RecorderSource, t: float, scale: float, count: int) -> tuple:  # type: ignore[type-arg]
    """(stream.scale, device_paced, the first ``count`` frames) of a replay at ``scale``."""
    stream = await source.open(t, scale)
    frames: list[RecordedFrame] = []
    try:
        async for frame in stream.frames():
            frames.append(frame)
            if len(frames) == count:
                break
    finally:
        await stream.close()
        await source.close()
    return stream.scale, stream.device_paced, frames


@pytest.mark.parametrize("kind", [RecorderKind.CAMERA, RecorderKind.HIKVISION])
def test_fast_forward_is_paced_by_the_recorder(sim: SimProcess, kind: RecorderKind) -> None:
    start = minute_ago(3) + 10
    source = RecorderSource(camera(sim, kind))
    scale, paced, frames = asyncio.run(first_frames(source, start, 8.0, 12))
    assert scale == 8.0 and paced and source.scale_ok
    times = [f.capture_time for f in frames]
    assert times == sorted(times) and times[0] == start
    if kind is RecorderKind.CAMERA:  # ONVIF: key frames only above 4x (Frames: intra)
        assert all(f.key for f in frames) and times[-1] - times[0] == pytest.approx(11.0)


def test_reverse_is_played_by_an_onvif_recorder(sim: SimProcess) -> None:
    start = minute_ago(3) + 10.52
    source = RecorderSource(camera(sim, RecorderKind.CAMERA))
    scale, paced, frames = asyncio.run(first_frames(source, start, -4.0, 6))
    assert scale == -4.0 and paced
    assert [f.capture_time for f in frames] == [start - start % 1 - k for k in range(6)]
    assert all(f.key for f in frames)


def test_vendor_urls_are_not_asked_to_go_backwards(sim: SimProcess) -> None:
    start = minute_ago(3) + 10
    source = RecorderSource(camera(sim, RecorderKind.HIKVISION))
    scale, paced, frames = asyncio.run(first_frames(source, start, -4.0, 3))
    assert scale == 1.0 and not paced  # a plain replay: the player steps back itself
    assert frames[0].capture_time == start  # forwards from the time asked
    assert source.scale_ok is None  # not asked: nothing learnt
    # A still (a scrub) is asked at 8x of a vendor URL: its pre-roll comes quickly.
    scale, paced, frames = asyncio.run(first_frames(source, start + 0.52, STILL, 3))
    assert scale == STILL_SCALE and paced and frames[0].capture_time == start


def current(player: Player) -> float:
    picture = player.latest()
    return picture.capture_time if picture is not None else 0.0


def test_player_shows_the_recorders_pace_and_the_right_pictures(sim: SimProcess) -> None:
    start = minute_ago(3) + 20
    source = RecorderSource(camera(sim, RecorderKind.CAMERA))
    player = Player(CAMERA, source.open, source.close)
    try:
        player.seek(start)
        shown = player.wait_picture(0, 15)
        assert shown is not None and shown.capture_time == start
        player.play(16.0)
        later = player.wait_picture(shown.seq + 3, 15)
        assert later is not None and later.capture_time >= start + 3
        assert player.device_paced and player.state is PlayState.PLAYING
        second = later.capture_time - later.capture_time % 1
        image = later.image.to_ndarray(format="bgr24")
        assert shown_time(image, CAMERA, NAME, [second - 1, second, second + 1])[0] == second
        player.pause()
        assert wait_until(lambda: player.state is PlayState.PAUSED, 5)
        paused = player.latest()
        assert paused is not None
        player.play(-8.0)
        assert wait_until(lambda: current(player) < paused.capture_time - 2, 15)
        assert player.device_paced
    finally:
        player.close(timeout=10)
