"""What a tile says about the stream it shows, decided without Qt.

A feed (``app.video.feed``) turns a stream's status, the age of its last
frame and the outage it may be in into a ``TileState``: a health (the
colour), a phrase (which sentence; the UI words it in the operator's
language), whether it goes in the banner over a dimmed picture, and the
numbers the sentence carries. Keeping the rule here means that "a frozen
camera never looks alive" and "a dead camera's banner does not change its
words while it retries" are tested without painting anything.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from app.core.streams import Failure, Notice, StreamState, StreamStatus

DEFAULT_STALL_SECONDS = 2.0


class Health(enum.StrEnum):
    """How a tile's state is coloured (also the camera tree's marks)."""

    IDLE = "idle"  # grey: nobody asked for a picture
    CONNECTING = "connecting"  # yellow: a first connection, nothing wrong yet
    LIVE = "live"  # green
    STALLED = "stalled"  # orange: connected, but no picture for a while
    FAILED = "failed"  # red: down (refused, unreachable, wrong password, server error)
    RECORDED = "recorded"  # amber: a recording, never to be taken for live video


class Phrase(enum.StrEnum):
    """Which sentence the tile shows; the UI words it."""

    IDLE = "idle"  # nobody asked for a picture yet
    CONNECTING = "connecting"
    WAITING = "waiting"  # connected, or an old picture shown: waiting for pictures
    LIVE = "live"
    NO_SIGNAL = "no_signal"  # connected, ``seconds`` without a new picture
    DOWN = "down"  # ``failure`` for ``seconds``; retrying in ``retry_in``
    RECORDED = "recorded"  # a recorded picture, playing or paused (``app.video.playback_feed``)
    SEEKING = "seeking"  # asking the recorder for the picture at a time
    UNAVAILABLE = "unavailable"  # the recording could not be played (the feed says why)


@dataclass(frozen=True)
class Outage:
    """A camera that is down: why, and since when.

    Kept by the feed across its stream's retries, so the reason stays on the
    tile while the stream connects again (a retry says nothing new).

    Attributes:
        failure: the latest reason the stream gave.
        since: monotonic time of the last good picture, or of the first
            failure when there never was one.
        had_picture: the camera showed pictures before going down.
        subject: what the reason's words name (a status code, a codec).
    """

    failure: Failure
    since: float
    had_picture: bool
    subject: str = ""


@dataclass(frozen=True)
class TileState:
    """What the tile shows about its stream right now; compared whole by caches.

    Attributes:
        health: the colour.
        phrase: the sentence.
        banner: True for the banner over a dimmed picture (no signal, down,
            an old picture), False for a small caption.
        seconds: the number in the sentence: seconds without a picture.
        failure: why the camera is down.
        retry_in: seconds to the next attempt (None: trying now, or not down).
        had_picture: a down camera had shown pictures before.
        degraded: live, but well below the camera's own frame rate.
        notice: something the operator should know while it plays (another
            engine than the one asked for).
        subject: what the failure's words name (a status code, a codec).
    """

    health: Health
    phrase: Phrase
    banner: bool
    seconds: int | None = None
    failure: Failure = Failure.NONE
    retry_in: int | None = None
    had_picture: bool = False
    degraded: bool = False
    notice: Notice = Notice.NONE
    subject: str = ""


IDLE = TileState(Health.IDLE, Phrase.IDLE, False)
LIVE = TileState(Health.LIVE, Phrase.LIVE, False)
DEGRADED = TileState(Health.LIVE, Phrase.LIVE, False, degraded=True)
#: An old picture shown while the stream has none yet: dimmed, never taken for live.
WAITING_OVER_OLD_PICTURE = TileState(Health.CONNECTING, Phrase.WAITING, True)

_DOWN_STATES = (StreamState.RECONNECTING, StreamState.FAILED)


def next_outage(
    outage: Outage | None, status: StreamStatus, last_picture: float | None, now: float
) -> Outage | None:
    """The outage after seeing ``status`` (None: the camera is not down).

    A failure starts an outage (since the last picture, if any); further
    failures update its reason but not its start; only a new picture ends it.
    """
    failure = status.failure
    if status.state not in _DOWN_STATES or failure is Failure.NONE:
        return outage
    if outage is None:
        since = last_picture if last_picture is not None else now
        return Outage(failure, since, last_picture is not None, status.subject)
    if outage.failure is failure and outage.subject == status.subject:
        return outage
    return Outage(failure, outage.since, outage.had_picture, status.subject)


def describe(
    status: StreamStatus,
    frame_age: float | None,
    now: float,
    stall_seconds: float = DEFAULT_STALL_SECONDS,
    outage: Outage | None = None,
) -> TileState:
    """The tile state for ``status`` when the last frame is ``frame_age`` s old.

    A stream reported as playing whose last frame is older than
    ``stall_seconds`` is shown as stalled: the view does not trust the
    worker to notice a frozen source before the operator does. A camera in
    an ``outage`` shows it, in the same words, until a picture comes back,
    whatever its stream is trying meanwhile.
    """
    state = status.state
    if state is StreamState.PLAYING and (frame_age is None or frame_age < stall_seconds):
        if status.notice is not Notice.NONE:
            return TileState(Health.LIVE, Phrase.LIVE, False, notice=status.notice)
        return LIVE  # every new frame asks: the common case first
    if state in (StreamState.PLAYING, StreamState.STALLED):
        seconds = int(frame_age) if frame_age is not None else int(now - status.since)
        return TileState(Health.STALLED, Phrase.NO_SIGNAL, True, seconds)
    if outage is None and state in _DOWN_STATES:
        # Asked without the feed's memory (a stream seen once): this failure is the outage.
        since = now - frame_age if frame_age is not None else status.since
        outage = Outage(status.failure, since, frame_age is not None, status.subject)
    if outage is not None:
        retry_in = None
        if state in _DOWN_STATES and status.retry_at is not None:
            retry_in = max(0, math.ceil(status.retry_at - now))
        seconds = int(now - outage.since)
        return TileState(
            Health.FAILED,
            Phrase.DOWN,
            True,
            seconds,
            outage.failure,
            retry_in,
            outage.had_picture,
            subject=outage.subject,
        )
    return _waiting(state, frame_age)


def _waiting(state: StreamState, frame_age: float | None) -> TileState:
    """Connecting, waiting for pictures, or idle (nothing has gone wrong yet)."""
    # An old picture under "Connessione..." must also look dead: banner + dim.
    old_picture = frame_age is not None
    if state is StreamState.CONNECTING:
        return TileState(Health.CONNECTING, Phrase.CONNECTING, old_picture)
    if state is StreamState.BUFFERING:
        return TileState(Health.CONNECTING, Phrase.WAITING, old_picture)
    return TileState(Health.IDLE, Phrase.IDLE, old_picture)


def over_old_picture(state: TileState) -> TileState:
    """The state to show over a remembered picture while the stream has none of its own.

    An outage or a stall says more than "waiting"; anything else becomes a
    dimmed "waiting for pictures".
    """
    if state.health in (Health.FAILED, Health.STALLED):
        return state
    return WAITING_OVER_OLD_PICTURE


def is_degraded(fps_shown: float, fps_source: float) -> bool:
    """Live, but at well under the camera's own rate (overload, a bad link)."""
    return fps_source > 0 and fps_shown < 0.6 * fps_source
