"""The playback feed: seek shows the frame asked for, play paces, step and reverse move."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.core.recording import RecordedFrame, StreamFormat, VideoCodec
from app.sim.encode import SUB, encode_frames
from app.video.playback import STILL, ListStream, Player, PlayState
from tests.waiting import wait_until

FPS = 12.5
T0 = 1_780_000_000.0


@pytest.fixture(scope="module")
def frames() -> list[RecordedFrame]:
    loop = encode_frames("playback-test", "Prova", SUB)  # a key frame every 2 s
    out = []
    for n in range(3 * len(loop)):  # 12 s
        nals = tuple(loop[n % len(loop)])
        key = any(x[0] & 0x1F == 5 for x in nals)
        out.append(RecordedFrame(T0 + n / FPS, key, nals))
    return out


@pytest.fixture
def feed(frames: list[RecordedFrame]) -> Iterator[Player]:
    fmt = StreamFormat(VideoCodec.H264)
    opened: list[float] = []

    async def opener(t: float, scale: float = 1.0) -> ListStream:
        opened.append(t)
        start = max(i for i, f in enumerate(frames) if f.key and f.capture_time <= t + 0.01)
        return ListStream(fmt, frames[start:])

    playback = Player("cam", opener)
    try:
        yield playback
    finally:
        playback.close()


def test_seek_shows_the_frame_at_the_time_asked(feed: Player) -> None:
    feed.seek(T0 + 3.2)
    picture = feed.wait_picture(0, 10)
    assert picture is not None and picture.capture_time == pytest.approx(T0 + 3.2)
    assert (picture.width, picture.height) == (640, 360)
    assert feed.state is PlayState.PAUSED


def test_step_and_play(feed: Player) -> None:
    feed.seek(T0 + 1.0)
    first = feed.wait_picture(0, 10)
    assert first is not None
    feed.step()
    stepped = feed.wait_picture(first.seq, 10)
    assert stepped is not None and stepped.capture_time == pytest.approx(T0 + 1.0 + 1 / FPS)
    feed.play(8.0)
    later = feed.wait_picture(stepped.seq + 2, 10)
    assert later is not None and later.capture_time > stepped.capture_time


def test_reverse_goes_back_by_key_frames(feed: Player) -> None:
    feed.seek(T0 + 6.0)
    shown = feed.wait_picture(0, 10)
    assert shown is not None
    feed.play(-16.0)
    back = feed.wait_picture(shown.seq + 2, 10)
    assert back is not None and back.capture_time < shown.capture_time


def test_a_failing_source_is_reported() -> None:
    async def broken(t: float, scale: float = 1.0) -> ListStream:
        raise LookupError("nothing in the buffer yet")

    feed = Player("cam", broken)
    try:
        feed.seek(T0)
        assert feed.wait_picture(0, 5) is None
        assert feed.state is PlayState.FAILED and "buffer" in feed.error
    finally:
        feed.close()


class PacedStream(ListStream):
    """A stream a recorder sends at the speed asked (its frames in order of play)."""

    device_paced = True


def test_fast_forward_asks_the_source_for_the_speed(frames: list[RecordedFrame]) -> None:
    asked: list[float] = []

    async def opener(t: float, scale: float = 1.0) -> ListStream:
        asked.append(scale)
        keys = [f for f in frames if f.key and f.capture_time >= t - 0.01]
        return PacedStream(StreamFormat(VideoCodec.H264), keys)

    player = Player("cam", opener)
    try:
        player.seek(T0)
        first = player.wait_picture(0, 10)
        assert first is not None
        player.play(16.0)
        later = player.wait_picture(first.seq + 2, 10)
        assert later is not None and later.capture_time >= T0 + 4
        assert player.device_paced and asked[:2] == [STILL, 16.0]
    finally:
        player.close(timeout=5)


def test_reverse_from_the_recorder_shows_its_key_frames_newest_first(
    frames: list[RecordedFrame],
) -> None:
    async def opener(t: float, scale: float = 1.0) -> ListStream:
        if scale < 0:
            keys = [f for f in reversed(frames) if f.key and f.capture_time <= t + 0.01]
            return PacedStream(StreamFormat(VideoCodec.H264), keys)
        start = max(i for i, f in enumerate(frames) if f.key and f.capture_time <= t + 0.01)
        return ListStream(StreamFormat(VideoCodec.H264), frames[start:])

    player = Player("cam", opener)
    try:
        player.seek(T0 + 10.0)
        shown = player.wait_picture(0, 10)
        assert shown is not None
        player.play(-4.0)

        # Every key frame from 10 s back to 0 s is shown, one each, then it stops there.
        def done() -> bool:
            last = player.latest()
            return last is not None and last.capture_time == T0 and player.state is PlayState.PAUSED

        assert wait_until(done, 10)
        last = player.latest()
        assert last is not None and last.seq - shown.seq == 6
    finally:
        player.close(timeout=5)


def test_a_closed_player_ends_its_thread_and_ignores_commands(feed: Player) -> None:
    feed.close(timeout=5)
    assert not feed._thread.is_alive()
    feed.seek(T0)  # after close: nothing happens, nothing raises
    assert feed.latest() is None
