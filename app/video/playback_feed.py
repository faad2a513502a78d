"""What a wall tile shows of a camera's recording: a Qt-free feed the tile paints.

A :class:`PlaybackFeed` has the interface of a live feed (``frame``,
``seq``, ``words``, ``state``, ``poll``/``refresh``, ``zoom``, ``close``),
so the tile paints recorded pictures the way it paints live ones, and the
wall decides per tile which kind it shows. It drives a
:class:`~app.video.playback.Player` (its own thread; the GUI never waits for
the recorder) and keeps the tile's :class:`~app.core.timeline.TimelineModel`:
what the recorder holds around the cursor (searched again when the operator
looks beyond what is known), alarms and plate hits as marks, and the cursor
following the picture while it plays.

Its state is never live: ``Health.RECORDED`` (amber) with the picture's
capture time in the words, so the tile says "REGISTRAZIONE 10:31:07".
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass

from app.core.model import Camera, Profile
from app.core.recording import RecordingIndex, Span, merge_spans
from app.core.streams import Stream, StreamProvider, VideoFrame
from app.core.tile_state import Health, Outage, Phrase, TileState
from app.core.timeline import TimelineMark, TimelineModel
from app.core.zoom import Zoom
from app.video.feed import Change, FeedWords
from app.video.playback import Opener, Picture, Player, PlayState

logger = logging.getLogger("app.video")

VIEW_S = 1800.0  # the timeline shows half an hour either side of the start
SEARCH_MARGIN = 1.0  # a search covers the view and as much again either side

RECORDED = TileState(Health.RECORDED, Phrase.RECORDED, False)
SEEKING = TileState(Health.RECORDED, Phrase.SEEKING, False)
SEEKING_NO_PICTURE = TileState(Health.RECORDED, Phrase.SEEKING, True)
UNAVAILABLE = TileState(Health.RECORDED, Phrase.UNAVAILABLE, True)

Search = Callable[[Span], Awaitable[RecordingIndex]]
Marks = Callable[[str, Span], list[TimelineMark]]


@dataclass(frozen=True)
class PlaybackSource:
    """Where a playback tile's pictures and recorded ranges come from.

    Attributes:
        opener: opens frame streams at a time and speed (on the player's loop).
        closer: releases the source (a recorder's sessions) when the tile closes.
        search: what is recorded in a span (on the player's loop, the same connection).
        from_buffer: the pictures come from Occhio's own pre-event buffer.
    """

    opener: Opener
    closer: Callable[[], Awaitable[None]] | None = None
    search: Search | None = None
    from_buffer: bool = False


@dataclass(frozen=True)
class PlaybackWords(FeedWords):
    """A live tile's words plus what a playback tile says.

    Attributes:
        speed: the speed asked (negative: backwards).
        playing: playing, not paused.
        synced: the tile follows the wall's shared timeline.
        failure: why the recording cannot be played (``ReplayFailure``'s value), "".
        from_buffer: the pictures come from Occhio's own buffer, not a recorder.
    """

    speed: float = 1.0
    playing: bool = False
    synced: bool = False
    failure: str = ""
    from_buffer: bool = False


class PlaybackFeed:
    """One tile's playback of one camera's recording.

    Args:
        camera_id: the camera whose recording is shown.
        camera: its configuration (None: not in the site).
        source: pictures and ranges (see :class:`PlaybackSource`).
        at: the time to show first.
        playing: play from ``at`` at once (instant replay).
        ident: the wall model's playback this feed shows (``PlaybackTile.ident``).
        marks: alarms and plate hits of a camera in a span (blocking: run off the GUI thread).
        hold: a live stream kept running while the tile plays its buffer, so
            the buffer goes on filling; given back to ``provider`` on close.
    """

    recorded = True
    stream: Stream | None = None  # recorded pictures come from no live stream
    previous: Stream | None = None
    profile: Profile | None = None
    outage: Outage | None = None  # a recording has no live outage

    def __init__(
        self,
        camera_id: str,
        camera: Camera | None,
        source: PlaybackSource,
        *,
        at: float,
        playing: bool = False,
        ident: int = 0,
        marks: Marks | None = None,
        hold: tuple[StreamProvider, Stream] | None = None,
    ) -> None:
        self.camera_id, self.camera, self.ident = camera_id, camera, ident
        self.source, self._marks, self._hold = source, marks, hold
        self.zoom = Zoom()
        self.frame: VideoFrame | None = None
        self.seq = -1
        self.state = SEEKING_NO_PICTURE
        self.synced = False
        self._title = f"{camera.number}  {camera.name}" if camera is not None else ""
        self.timeline = TimelineModel(Span(at - VIEW_S, at + VIEW_S), cursor=at)
        self.player = Player(camera_id, source.opener, source.closer)
        self.words: FeedWords = self._make_words()
        self._searched: Span | None = None
        self._search: Future[RecordingIndex] | None = None
        self._marks_job: Future[list[TimelineMark]] | None = None
        self.clock_offset_s: float | None = None
        self.player.seek(at, then_play=playing)
        self.want_index(self.timeline.view)

    # -- commands from the tile's bar (or the wall's shared timeline) -----------------

    def seek(self, t: float) -> None:
        """Show the picture at ``t``, paused (a scrub, a click on a mark)."""
        self.timeline.cursor = t
        self.player.seek(t)

    def play(self, speed: float = 1.0) -> None:
        """Play from the picture shown at ``speed`` (negative: backwards)."""
        self.player.play(speed)

    def pause(self) -> None:
        """Stop at the picture shown."""
        self.player.pause()

    def step(self) -> None:
        """The next frame."""
        self.player.step()

    @property
    def position(self) -> float:
        """The recorder time of the picture shown (or asked for)."""
        return self.player.position

    @property
    def playing(self) -> bool:
        """Playing (or about to), not paused."""
        return self.player.state is PlayState.PLAYING

    # -- the tile's interface ----------------------------------------------------

    def show(self, profile: Profile) -> None:
        """A recording has one stream whatever the tile's size: nothing to switch."""

    def streams(self) -> list[Stream]:
        """The live stream held for the buffer, if any."""
        return [self._hold[1]] if self._hold is not None else []

    @property
    def overlay(self) -> str:
        """Nobody moves a recording: who steers the live head is not shown on it."""
        return ""

    def set_overlay(self, text: str) -> Change:
        """A PTZ operator moves the live camera, not the recorded picture: nothing to show."""
        return Change.NONE

    def set_tour(self, label: str) -> Change:
        """A tile in playback runs no tour."""
        return Change.NONE

    def set_synced(self, synced: bool) -> Change:
        """Say that the tile follows the shared timeline."""
        if synced == self.synced:
            return Change.NONE
        self.synced = synced
        return self.refresh()

    def refresh(self) -> Change:
        """Work the words out again now."""
        words = self._make_words()
        if words == self.words:
            return Change.NONE
        self.words = words
        return Change.ALL

    def note_shown(self, frame: VideoFrame) -> None:
        """No live stream counts recorded pictures."""

    def poll(self, now: float | None = None) -> Change:
        """Take the player's newest picture, the search results, and say what changed."""
        self._take_index()
        picture = self.player.latest()
        old = self.frame
        if picture is not None and picture.seq != self.seq:
            self.frame = _frame(picture, time.monotonic() if now is None else now)
            self.seq = picture.seq
            if self.player.state is PlayState.PLAYING:
                self.timeline.cursor = picture.capture_time
        self.state = self._judge()
        words = self._make_words()
        if words == self.words and self.frame is old:
            return Change.NONE
        same_size = (
            old is not None
            and self.frame is not None
            and (old.width, old.height) == (self.frame.width, self.frame.height)
        )
        same_words = words == self.words
        self.words = words
        return Change.PICTURE if same_words and same_size else Change.ALL

    def close(self) -> None:
        """Stop the player (without waiting for it) and give the held stream back."""
        self.player.close()
        if self._hold is not None:
            provider, stream = self._hold
            self._hold = None
            provider.release(stream)

    # -- recorded ranges and marks ------------------------------------------------

    def want_index(self, view: Span) -> None:
        """Ask what is recorded (and what happened) around ``view`` unless already known."""
        searched = self._searched
        if searched is not None and searched.start <= view.start and view.end <= searched.end:
            return
        if self._search is not None and not self._search.done():
            return
        margin = view.seconds * SEARCH_MARGIN
        span = Span(view.start - margin, view.end + margin)
        self._searched = span
        if self.source.search is not None:
            self._search = self.player.submit(self.source.search(span))
        if self._marks is not None:
            self._marks_job = self.player.submit(_in_thread(self._marks, self.camera_id, span))

    def _take_index(self) -> None:
        search, marks = self._search, self._marks_job
        if search is not None and search.done():
            self._search = None
            try:
                index = search.result()
            except Exception as err:  # the timeline keeps what it knew; the log says why
                logger.warning("recordings of %s not searched: %s", self.camera_id, err)
                self._searched = None
            else:
                self.timeline.recorded = merge_spans(
                    [*self.timeline.recorded, *index.recorded], 0.0
                )
                self.clock_offset_s = index.clock_offset_s
        if marks is not None and marks.done():
            self._marks_job = None
            try:
                found = marks.result()
            except Exception:
                logger.exception("marks of %s not read", self.camera_id)
            else:
                known = {(m.t, m.kind, m.label) for m in self.timeline.marks}
                new = [m for m in found if (m.t, m.kind, m.label) not in known]
                self.timeline.marks = sorted(self.timeline.marks + new, key=lambda m: m.t)

    # -- helpers ------------------------------------------------------------------

    def _judge(self) -> TileState:
        state = self.player.state
        if state is PlayState.FAILED:
            return UNAVAILABLE
        if state is PlayState.SEEKING or self.frame is None:
            return SEEKING if self.frame is not None else SEEKING_NO_PICTURE
        return RECORDED

    def _make_words(self) -> PlaybackWords:
        frame = self.frame
        corner = f"{self.zoom.factor:.1f}x" if self.zoom.active else ""
        return PlaybackWords(
            self.camera_id,
            self._title,
            self.state,
            clock=int(frame.wallclock) if frame is not None else None,
            corner=corner,
            speed=self.player.speed,
            playing=self.player.state is PlayState.PLAYING,
            synced=self.synced,
            failure=self.player.failure if self.player.state is PlayState.FAILED else "",
            from_buffer=self.source.from_buffer,
        )


def _frame(picture: Picture, now: float) -> VideoFrame:
    """A recorded picture as the tile's frame: its wall-clock time is its capture time."""
    return VideoFrame(
        picture.image, picture.width, picture.height, picture.seq, now, picture.capture_time
    )


async def _in_thread(marks: Marks, camera_id: str, span: Span) -> list[TimelineMark]:
    return await asyncio.to_thread(marks, camera_id, span)
