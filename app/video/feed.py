"""What a tile shows of one camera, live: a Qt-free model the tile paints.

A ``LiveFeed`` holds the camera's stream (main or sub profile), decides
which picture is on screen and what the tile says about it, and gives both
out as ``frame`` and ``words``. The tile widget only paints them and
forwards the operator's input (digital zoom). Everything that decides is
here, once:

- the sub/main switch: a new profile's stream is taken first and the old
  one keeps the picture on screen until the new one has a frame (no black
  flash), then the feed gives it back itself;
- a camera called up again shows its last known picture, dimmed, until its
  stream delivers;
- the stall rule and the state words (``app.core.tile_state``).

The wall polls feeds at display rate, mostly to find nothing new, so
``poll`` is written to be cheap on that path.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass

from app.core.model import Camera, Profile
from app.core.streams import Stream, StreamProvider, StreamState, StreamStats, VideoFrame
from app.core.tile_state import (
    DEFAULT_STALL_SECONDS,
    DEGRADED,
    IDLE,
    Health,
    Outage,
    TileState,
    describe,
    is_degraded,
    next_outage,
    over_old_picture,
)
from app.core.zoom import Zoom

SWITCH_GIVE_UP_S = 10.0  # a new profile without a picture by then: stop holding the old one
#: The frame rate (and the other statistics) is read this often: rates are
#: two-second averages, so reading them at every refresh (16 tiles x 50 Hz)
#: cost GUI time and showed nothing new.
STATS_EVERY_S = 0.5
#: Without a new frame, the state words (stall seconds, reconnect countdown)
#: are worked out again this often.
STATE_EVERY_S = 0.2


class Change(enum.IntEnum):
    """What a poll found, so the tile repaints no more than it must."""

    NONE = 0  # nothing the operator sees changed
    PICTURE = 1  # a new picture of the same size under the same words
    ALL = 2  # words, or the picture's size, changed


@dataclass(frozen=True)
class TileStats:
    """Technical figures shown on the tile when ``ui.show_tile_stats`` is on."""

    kbps: int
    decode_ms: float


@dataclass(frozen=True)
class FeedWords:
    """Everything a tile writes over its picture; its caption caches are keyed on this.

    Attributes:
        camera_id: the camera's id (the title of an unknown camera).
        title: "101  Piazza Matteotti" ("" for a camera not in the site).
        state: the stream's state as the tile shows it.
        fps: the frame rate to show (0: none; a healthy live tile shows none
            unless the station asks for it always).
        clock: the shown picture's wall-clock second (None: no picture).
        corner: the PTZ operator moving the camera, or the digital zoom ("2.5x").
        stats: bitrate and decoding time, when asked for.
        tour: where the tile's tour is ("SEQ 2/5 · 8 s"), "" without one.
    """

    camera_id: str
    title: str
    state: TileState
    fps: int = 0
    clock: int | None = None
    corner: str = ""
    stats: TileStats | None = None
    tour: str = ""


class LiveFeed:
    """One tile's live view of one camera.

    Args:
        provider: where streams are acquired and released.
        camera_id: the camera the tile shows.
        camera: its configuration (None: not in the site, nothing to play).
        stall_seconds: a picture this old counts as lost (``wall.stall_seconds``).
        show_stats: include bitrate and decoding time in the words.
        always_badge: show "In diretta" and the frame rate on healthy live
            tiles too (by default only where they tell something: not live,
            or live at well under the camera's rate).
        placeholder: the camera's last known picture, shown dimmed until
            its stream delivers.
    """

    recorded = False  # live pictures (a ``PlaybackFeed`` shows recorded ones)

    def __init__(
        self,
        provider: StreamProvider,
        camera_id: str,
        camera: Camera | None,
        *,
        stall_seconds: float = DEFAULT_STALL_SECONDS,
        show_stats: bool = False,
        always_badge: bool = False,
        placeholder: VideoFrame | None = None,
    ) -> None:
        self.camera_id, self.camera = camera_id, camera
        self.stall_seconds, self.show_stats = stall_seconds, show_stats
        self.always_badge = always_badge
        #: Why and since when the camera is down (None: it is not).
        self.outage: Outage | None = None
        self.zoom = Zoom()
        self.stream: Stream | None = None
        self.profile: Profile | None = None
        #: During a profile switch, the old stream whose picture stays on screen.
        self.previous: Stream | None = None
        self.frame: VideoFrame | None = None
        #: Identity of ``frame`` for conversion caches: never equal across streams.
        self.seq = -1
        self.state = IDLE
        self._provider = provider
        self._overlay = ""
        self._tour = ""
        self._previous_since = 0.0
        self._placeholder = placeholder
        self._title = f"{camera.number}  {camera.name}" if camera is not None else ""
        self.words = FeedWords(camera_id, self._title, IDLE)
        self._taken: VideoFrame | None = None
        self._stats: StreamStats | None = None
        self._stats_read: tuple[float, Stream | None] = (float("-inf"), None)
        # The (stream, frame) seen by the last full poll, and when its words are due again.
        self._polled: tuple[Stream | None, int] = (None, -1)
        self._state_due = float("-inf")

    # -- streams -----------------------------------------------------------
    def show(self, profile: Profile) -> None:
        """Show the camera's ``profile`` stream; the old one keeps the picture until then."""
        if self.camera is None or profile is self.profile:
            return
        new = self._provider.acquire(self.camera, profile)
        old, self.stream, self.profile = self.stream, new, profile
        self._polled = (None, -1)
        if old is None:
            return
        hand_over = new.mailbox.latest()[1] is None and old.mailbox.latest()[1] is not None
        if self.previous is None and hand_over:
            self.previous, self._previous_since = old, time.monotonic()
        else:
            # The new stream already has a picture (it was shared), or the old
            # one has none to show, or an older one holds the screen.
            self._provider.release(old)

    def close(self) -> None:
        """Give every stream back; the feed shows nothing more."""
        for stream in (self.previous, self.stream):
            if stream is not None:
                self._provider.release(stream)
        self.previous = self.stream = None
        self.profile = None
        self._taken = None

    def streams(self) -> list[Stream]:
        """The streams held now (the old one too during a switch)."""
        return [s for s in (self.stream, self.previous) if s is not None]

    # -- what the operator sees --------------------------------------------
    @property
    def overlay(self) -> str:
        """Who is moving a PTZ camera ("" when nobody is)."""
        return self._overlay

    def set_overlay(self, text: str) -> Change:
        """Show ``text`` (who is moving a PTZ camera) in the corner, "" for none."""
        if text == self._overlay:
            return Change.NONE
        self._overlay = text
        return self.refresh()

    def set_tour(self, label: str) -> Change:
        """Show where the tile's tour is ("" for no tour)."""
        if label == self._tour:
            return Change.NONE
        self._tour = label
        return self.refresh()

    def refresh(self) -> Change:
        """Work the words out again now (after the zoom changed, for instance)."""
        words = self._make_words(self.state, self.words.fps, self.frame)
        if words == self.words:
            return Change.NONE
        self.words = words
        return Change.ALL

    def poll(self, now: float | None = None) -> Change:
        """Take the stream's news and say what changed on screen."""
        if self.stream is None:
            return Change.NONE
        now = time.monotonic() if now is None else now
        source = self._source(now)
        seq, frame = source.mailbox.latest()
        if source is not self.stream:
            seq = -2 - seq  # never equal to a sequence number of the new stream
        if (source, seq) == self._polled and now < self._state_due:
            return Change.NONE  # no new frame, and the words are fresh enough
        self._polled, self._state_due = (source, seq), now + STATE_EVERY_S
        age = None if frame is None else max(0.0, now - frame.received_at)
        state = self._judge(source, frame, age, now)
        if frame is None and self._placeholder is not None:
            frame, seq, state = self._placeholder, -1, over_old_picture(state)
        elif frame is not None:
            self._placeholder = None
        fps, degraded = (
            self._rate(state, self._read_stats(source, now)) if frame is not None else (0, False)
        )
        if degraded:
            state = DEGRADED
        words = self._make_words(state, fps, frame)
        if seq == self.seq and frame is self.frame and words == self.words:
            return Change.NONE
        old = self.frame
        same_size = (
            old is not None
            and frame is not None
            and (old.width, old.height)
            == (
                frame.width,
                frame.height,
            )
        )
        same_words = words == self.words
        self.frame, self.seq, self.state, self.words = frame, seq, state, words
        return Change.PICTURE if same_words and same_size else Change.ALL

    def note_shown(self, frame: VideoFrame) -> None:
        """The tile painted ``frame``: counts once towards the stream's shown rate."""
        if frame is not self._taken and self.stream is not None:
            self._taken = frame
            self.stream.note_frame_taken()

    # -- helpers -------------------------------------------------------------
    def _judge(
        self, source: Stream, frame: VideoFrame | None, age: float | None, now: float
    ) -> TileState:
        """The state to show, remembering an outage across the stream's retries."""
        status = source.status
        if frame is not None and age is not None and age < self.stall_seconds:
            self.outage = None  # a fresh picture ends any outage
        last_picture = now - age if age is not None else self._placeholder_time(now)
        self.outage = next_outage(self.outage, status, last_picture, now)
        return describe(status, age, now, self.stall_seconds, self.outage)

    def _placeholder_time(self, now: float) -> float | None:
        """When the remembered picture was taken (None without one)."""
        held = self._placeholder
        return None if held is None else min(now, held.received_at)

    def _rate(self, state: TileState, stats: StreamStats) -> tuple[int, bool]:
        """The rate to show (0: none), and whether the tile is live but degraded.

        A rate is shown only where it tells the operator something: on a
        tile that is not live, or live at well under its camera's own rate
        (degraded), or everywhere when the station asks for it. The source's
        own rate must be known first: a burst at start-up is not a faster
        camera, and an impossible number is worse than none.
        """
        if stats.fps_source <= 0:
            return 0, False
        shown = stats.fps_shown
        live = state.health is Health.LIVE
        degraded = live and is_degraded(shown, stats.fps_source)
        visible = degraded or self.always_badge or not live
        return (max(1, round(shown)) if visible else 0), degraded

    def _make_words(self, state: TileState, fps: int, frame: VideoFrame | None) -> FeedWords:
        corner = self._overlay or (f"{self.zoom.factor:.1f}x" if self.zoom.active else "")
        stats = None
        if self.show_stats and self._stats is not None and frame is not None:
            stats = TileStats(round(self._stats.bitrate_kbps), round(self._stats.decode_ms, 1))
        clock = int(frame.wallclock) if frame is not None else None
        return FeedWords(self.camera_id, self._title, state, fps, clock, corner, stats, self._tour)

    def _read_stats(self, source: Stream, now: float) -> StreamStats:
        """The statistics of ``source``, read at most every ``STATS_EVERY_S``."""
        read_at, read_from = self._stats_read
        if self._stats is None or read_from is not source or now - read_at >= STATS_EVERY_S:
            self._stats = source.stats()
            self._stats_read = (now, source)
        return self._stats

    def _source(self, now: float) -> Stream:
        """The stream whose picture to show: the old one while the new has none."""
        assert self.stream is not None
        old = self.previous
        if old is None:
            return self.stream
        _, frame = self.stream.mailbox.latest()
        given_up = (
            self.stream.status.state is StreamState.FAILED
            or now - self._previous_since > SWITCH_GIVE_UP_S
        )
        if frame is not None or given_up or old.mailbox.latest()[1] is None:
            self.previous = None
            self._provider.release(old)
            return self.stream
        return old
