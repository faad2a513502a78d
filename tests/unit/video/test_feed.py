"""The live feed decides what a tile shows, without Qt: states, words, hand-over."""

from __future__ import annotations

import time

from app.core.model import Camera, Profile
from app.core.streams import (
    Failure,
    StreamKey,
    StreamState,
    StreamStats,
    StreamStatus,
    VideoFrame,
)
from app.core.tile_state import Health, Phrase, describe, over_old_picture
from app.video.feed import Change, LiveFeed
from tests.fakes import FakeProvider, synthetic_image

CAMERA = Camera(id="cam-1", number=101, name="Piazza Matteotti", site_id="s")


def feed_of(provider: FakeProvider, **kwargs: object) -> LiveFeed:
    feed = LiveFeed(provider, CAMERA.id, CAMERA, **kwargs)  # type: ignore[arg-type]
    feed.show(Profile.SUB)
    return feed


def test_live_stream_is_live_with_its_clock_and_no_rate_to_show():
    provider = FakeProvider()
    feed = feed_of(provider)
    assert feed.poll() is Change.ALL
    assert feed.state.health is Health.LIVE and not feed.state.banner
    assert not feed.state.degraded
    assert feed.words.title == "101  Piazza Matteotti"
    assert feed.words.fps == 0  # healthy and live: the rate tells nothing
    assert feed.frame is not None and feed.words.clock == int(feed.frame.wallclock)
    assert feed.poll() is Change.NONE  # nothing new: nothing to repaint
    always = feed_of(provider, always_badge=True)
    always.poll()
    assert always.words.fps == 25


class SlowStream:
    """A stream arriving at 4 of its camera's 25 fps, or with an unknown source rate."""

    def __init__(self, source: float) -> None:
        self.source = source

    def stats(self) -> StreamStats:
        return StreamStats(fps_in=290.0 if not self.source else 4.0, fps_source=self.source)


def test_degraded_live_tile_shows_its_rate_and_startup_shows_no_impossible_rate():
    slow, burst = feed_of(FakeProvider()), feed_of(FakeProvider())  # a stream each
    assert slow.stream is not None and burst.stream is not None
    slow.stream.stats = SlowStream(25.0).stats  # type: ignore[method-assign]
    burst.stream.stats = SlowStream(0.0).stats  # type: ignore[method-assign]
    slow.poll()
    burst.poll()
    assert slow.state.degraded and slow.words.fps == 4
    assert burst.words.fps == 0 and not burst.state.degraded


def put_frame(stream: object, index: int, width: int = 320) -> VideoFrame:
    """A frame taken at a fixed wall-clock second, so only the picture differs."""
    frame = VideoFrame(synthetic_image(index, width), width, 180, index, time.monotonic(), 1000.0)
    stream.mailbox.put(frame)  # type: ignore[attr-defined]
    return frame


def test_new_frame_of_same_size_changes_only_the_picture():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    stream = provider.streams[StreamKey(CAMERA.id, Profile.SUB)]
    stream.status = StreamStatus(StreamState.PLAYING)
    put_frame(stream, 1)
    assert feed.poll() is Change.ALL  # the first picture: everything
    frame = put_frame(stream, 2)
    assert feed.poll() is Change.PICTURE and feed.frame is frame
    put_frame(stream, 3, width=640)  # a new size moves the picture: everything again
    assert feed.poll() is Change.ALL


def test_stalled_stream_says_since_when_and_keeps_the_picture():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider, stall_seconds=2.0)
    stream = provider.streams[StreamKey(CAMERA.id, Profile.SUB)]
    frame = stream.push(seed=1, age=12.4)
    feed.poll()
    assert feed.frame is frame
    assert feed.state.health is Health.STALLED and feed.state.banner
    assert (feed.state.phrase, feed.state.seconds) == (Phrase.NO_SIGNAL, 12)


def test_outage_keeps_its_reason_and_start_while_the_stream_retries():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    stream = provider.streams[StreamKey(CAMERA.id, Profile.SUB)]
    stream.push(seed=1, age=30.0)  # the last good picture, 30 s ago
    now = time.monotonic()
    stream.status = StreamStatus(StreamState.RECONNECTING, Failure.UNREACHABLE, retry_at=now + 3.2)
    feed.poll(now)
    state = feed.state
    assert (state.health, state.phrase, state.failure) == (
        Health.FAILED,
        Phrase.DOWN,
        Failure.UNREACHABLE,
    )
    assert (state.seconds, state.retry_in, state.banner) == (30, 4, True)
    # Connecting again says nothing new: same reason, same start, no yellow.
    stream.status = StreamStatus(StreamState.CONNECTING)
    feed.poll(now + 5)
    again = feed.state
    assert (again.health, again.phrase, again.failure) == (
        Health.FAILED,
        Phrase.DOWN,
        Failure.UNREACHABLE,
    )
    assert again.seconds == 35 and again.retry_in is None
    # A new reason replaces the old one, the start stays.
    stream.status = StreamStatus(StreamState.RECONNECTING, Failure.AUTH, retry_at=now + 9)
    feed.poll(now + 6)
    assert (feed.state.failure, feed.state.seconds) == (Failure.AUTH, 36)
    # A fresh picture ends the outage.
    stream.push(seed=2)
    feed.poll()
    assert feed.outage is None and feed.state.health is Health.LIVE


def test_failure_words_are_the_failure_kind():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    provider.streams[StreamKey(CAMERA.id, Profile.SUB)].status = StreamStatus(
        StreamState.FAILED, Failure.AUTH
    )
    feed.poll()
    assert (feed.state.health, feed.state.phrase) == (Health.FAILED, Phrase.DOWN)
    assert feed.state.failure is Failure.AUTH and not feed.state.had_picture


def test_switch_to_main_keeps_last_picture_until_main_delivers():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    sub = provider.streams[StreamKey(CAMERA.id, Profile.SUB)]
    shown = sub.push(seed=3)
    feed.poll()
    feed.show(Profile.MAIN)
    main = provider.streams[StreamKey(CAMERA.id, Profile.MAIN)]
    assert feed.stream is main and feed.previous is sub
    feed.poll()
    assert feed.frame is shown  # no black frame while main connects
    assert sub.users == 1
    main.push(seed=4)
    feed.poll()
    assert feed.previous is None
    assert StreamKey(CAMERA.id, Profile.SUB) not in provider.streams  # handed back
    assert feed.frame is not shown and feed.state.health is Health.LIVE


def test_switch_gives_up_the_old_picture_when_the_new_stream_fails():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    provider.streams[StreamKey(CAMERA.id, Profile.SUB)].push(seed=3)
    feed.poll()
    feed.show(Profile.MAIN)
    provider.streams[StreamKey(CAMERA.id, Profile.MAIN)].status = StreamStatus(
        StreamState.FAILED, Failure.NOT_FOUND
    )
    feed.poll()
    assert feed.previous is None and provider.users(CAMERA.id) == 1
    assert feed.state.phrase is Phrase.DOWN


def test_called_up_camera_shows_its_old_picture_dimmed_until_live():
    provider = FakeProvider(auto_frames=False)
    old = FakeProvider().acquire(CAMERA, Profile.SUB).push(seed=9)
    feed = LiveFeed(provider, CAMERA.id, CAMERA, placeholder=old)
    feed.show(Profile.SUB)
    stream = provider.streams[StreamKey(CAMERA.id, Profile.SUB)]
    stream.status = StreamStatus(StreamState.BUFFERING)
    feed.poll()
    assert feed.frame is old
    assert feed.state.banner and feed.state.phrase is Phrase.WAITING
    stream.push(seed=10)
    feed.poll()
    assert feed.frame is not old and feed.state.health is Health.LIVE


def test_close_gives_every_stream_back():
    provider = FakeProvider(auto_frames=False)
    feed = feed_of(provider)
    provider.streams[StreamKey(CAMERA.id, Profile.SUB)].push(seed=1)
    feed.poll()
    feed.show(Profile.MAIN)  # a switch in progress holds two streams
    assert provider.users(CAMERA.id) == 2
    feed.close()
    assert provider.users(CAMERA.id) == 0 and feed.streams() == []


def test_unknown_camera_has_no_stream_and_an_empty_title():
    provider = FakeProvider()
    feed = LiveFeed(provider, "ghost", None)
    feed.show(Profile.MAIN)
    assert feed.stream is None and provider.acquired == []
    assert feed.poll() is Change.NONE
    assert (feed.words.camera_id, feed.words.title) == ("ghost", "")


def test_zoom_and_ptz_operator_are_part_of_the_words():
    provider = FakeProvider()
    feed = feed_of(provider)
    feed.poll()
    before = feed.words
    feed.zoom.zoom_at(3, 0.5, 0.5)
    assert feed.refresh() is Change.ALL
    assert feed.words.corner == f"{feed.zoom.factor:.1f}x" and feed.words != before
    assert feed.set_overlay("PTZ: agente 7") is Change.ALL
    assert feed.words.corner == "PTZ: agente 7"  # who moves the camera says more than zoom
    assert feed.set_overlay("PTZ: agente 7") is Change.NONE


class StatsStream:
    """Stats with bitrate and decoding time, as the PyAV worker reports them."""

    @staticmethod
    def stats() -> StreamStats:
        return StreamStats(fps_in=25.0, fps_source=25.0, bitrate_kbps=2456.4, decode_ms=3.14)


def test_tile_stats_only_when_asked():
    provider = FakeProvider()
    quiet, chatty = feed_of(provider), feed_of(provider, show_stats=True)
    for feed in (quiet, chatty):
        assert feed.stream is not None
        feed.stream.stats = StatsStream.stats  # type: ignore[method-assign]
        feed.poll()
    assert quiet.words.stats is None
    assert chatty.words.stats is not None
    assert (chatty.words.stats.kbps, chatty.words.stats.decode_ms) == (2456, 3.1)


def test_the_stall_rule_never_trusts_a_playing_stream_with_an_old_frame():
    now = time.monotonic()
    playing = StreamStatus(StreamState.PLAYING)
    assert describe(playing, 0.1, now, 2.0).health is Health.LIVE
    old = describe(playing, 2.0, now, 2.0)
    assert (old.health, old.banner, old.seconds) == (Health.STALLED, True, 2)
    # An outage says more than "waiting" over an old picture.
    down = describe(StreamStatus(StreamState.RECONNECTING, Failure.TIMEOUT), None, now)
    assert over_old_picture(down) is down
    waiting = over_old_picture(describe(StreamStatus(StreamState.CONNECTING), None, now))
    assert (waiting.phrase, waiting.banner) == (Phrase.WAITING, True)
