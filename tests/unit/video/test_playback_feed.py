"""The playback feed decides what a playback tile shows, without Qt."""

from __future__ import annotations

from app.core.model import Camera, Profile
from app.core.recording import Span, merge_spans
from app.core.tile_state import Health, Phrase
from app.core.timeline import MarkKind, TimelineMark
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.video.feed import Change
from app.video.playback import STILL
from app.video.playback_feed import PlaybackFeed, PlaybackSource, PlaybackWords
from tests.fakes import FakeProvider
from tests.recorded import T0, MemorySource
from tests.waiting import wait_until

CAMERA = Camera(id="cam-1", number=101, name="Piazza Matteotti", site_id="s")


def test_the_feed_shows_the_recorded_picture_in_amber_with_its_time() -> None:
    source = MemorySource()
    marks = [TimelineMark(T0 + 4, MarkKind.PLATE_HIT, "AB123CD (rubati)")]
    feed = PlaybackFeed(
        CAMERA.id, CAMERA, source.source(), at=T0 + 2.0, marks=lambda c, s: list(marks)
    )
    try:
        assert feed.state.health is Health.RECORDED and feed.state.banner  # no picture yet
        assert wait_until(lambda: feed.poll() is not Change.NONE and feed.frame is not None, 10)
        assert feed.frame is not None and feed.frame.wallclock == T0 + 2.0
        assert feed.state.phrase is Phrase.RECORDED and not feed.state.banner
        words = feed.words
        assert isinstance(words, PlaybackWords) and words.clock == int(T0 + 2.0)
        assert not words.playing and feed.recorded and feed.stream is None
        assert wait_until(lambda: (feed.poll(), feed.timeline.marks)[1] == marks, 10)
        assert feed.timeline.recorded == [Span(T0, T0 + 12)]
        assert source.searched[0].start < T0 + 2.0 - 1800  # the view and a margin
        feed.want_index(feed.timeline.view)  # already known: not asked again
        assert len(source.searched) == 1
    finally:
        feed.close()


def test_a_failing_recorder_is_said_and_a_held_stream_given_back() -> None:
    async def refused(t: float, scale: float = 1.0) -> MemorySource:
        raise ReplayError(ReplayFailure.AUTH, "401")

    provider = FakeProvider()
    stream = provider.acquire(CAMERA, Profile.SUB)
    feed = PlaybackFeed(CAMERA.id, CAMERA, PlaybackSource(refused), at=T0, hold=(provider, stream))
    assert feed.streams() == [stream]
    assert wait_until(lambda: (feed.poll(), feed.state.phrase)[1] is Phrase.UNAVAILABLE, 10)
    words = feed.words
    assert isinstance(words, PlaybackWords) and words.failure == "auth"
    feed.close()
    assert provider.users(CAMERA.id) == 0


def test_searches_merge_into_the_known_ranges() -> None:
    found = [Span(0, 10), Span(20, 30), Span(5, 22), Span(40, 50)]
    assert merge_spans(found, 0.0) == [Span(0, 30), Span(40, 50)]
    assert merge_spans([], 0.0) == []


def test_an_instant_replay_shows_a_still_first_then_plays() -> None:
    source = MemorySource()
    feed = PlaybackFeed(CAMERA.id, CAMERA, source.source(), at=T0 + 4.0, playing=True)
    try:
        assert wait_until(lambda: (feed.poll(), feed.playing)[1], 10)
        assert source.opened[:2] == [(T0 + 4.0, STILL), (T0 + 4.0, 1.0)]
    finally:
        feed.close()
