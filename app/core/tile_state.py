"""What a tile says about the stream it shows, decided without Qt.

A feed (``app.video.feed``) turns a stream's status and the age of its last
frame into a ``TileState``: a health (the colour), a phrase (which sentence;
the UI words it in the operator's language), whether it goes in the red
banner over a dimmed picture, and the number the sentence carries. Keeping
the rule here means that "a frozen camera never looks alive" is tested
without painting anything.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from app.core.streams import Failure, StreamState, StreamStatus

DEFAULT_STALL_SECONDS = 2.0


class Health(enum.StrEnum):
    """How a tile's state is coloured (also the camera tree's dots)."""

    IDLE = "idle"
    CONNECTING = "connecting"
    LIVE = "live"
    STALLED = "stalled"
    FAILED = "failed"


class Phrase(enum.StrEnum):
    """Which sentence the tile shows; the UI words it."""

    IDLE = "idle"  # nobody asked for a picture yet
    CONNECTING = "connecting"
    WAITING = "waiting"  # connected, or an old picture shown: waiting for pictures
    LIVE = "live"
    NO_SIGNAL = "no_signal"  # ``seconds`` without a new picture
    RECONNECTING = "reconnecting"  # in ``seconds`` (None: now), after ``failure`` if any
    FAILED = "failed"  # ``failure`` says why


@dataclass(frozen=True)
class TileState:
    """What the tile shows about its stream right now; compared whole by caches.

    Attributes:
        health: the colour.
        phrase: the sentence.
        banner: True for the red banner over a dimmed picture (no signal,
            failures, an old picture), False for a small caption.
        seconds: the number in the sentence (stall age, reconnect countdown).
        failure: why the stream is down, for failure and reconnect sentences.
    """

    health: Health
    phrase: Phrase
    banner: bool
    seconds: int | None = None
    failure: Failure = Failure.NONE


IDLE = TileState(Health.IDLE, Phrase.IDLE, False)
LIVE = TileState(Health.LIVE, Phrase.LIVE, False)
#: An old picture shown while the stream has none yet: dimmed, never taken for live.
WAITING_OVER_OLD_PICTURE = TileState(Health.CONNECTING, Phrase.WAITING, True)


def describe(
    status: StreamStatus,
    frame_age: float | None,
    now: float,
    stall_seconds: float = DEFAULT_STALL_SECONDS,
) -> TileState:
    """The tile state for ``status`` when the last frame is ``frame_age`` s old.

    A stream reported as playing whose last frame is older than
    ``stall_seconds`` is shown as stalled: the view does not trust the
    worker to notice a frozen source before the operator does.
    """
    state = status.state
    if state is StreamState.PLAYING and (frame_age is None or frame_age < stall_seconds):
        return LIVE  # every new frame asks: the common case first
    if state in (StreamState.PLAYING, StreamState.STALLED):
        seconds = int(frame_age) if frame_age is not None else int(now - status.since)
        return TileState(Health.STALLED, Phrase.NO_SIGNAL, True, seconds)
    if state is StreamState.RECONNECTING:
        wait = None if status.retry_at is None else max(0, math.ceil(status.retry_at - now))
        return TileState(Health.CONNECTING, Phrase.RECONNECTING, True, wait, status.failure)
    if state is StreamState.FAILED:
        return TileState(Health.FAILED, Phrase.FAILED, True, None, status.failure)
    return _waiting(state, frame_age)


def _waiting(state: StreamState, frame_age: float | None) -> TileState:
    """Connecting, waiting for pictures, or idle."""
    # An old picture under "Connessione..." must also look dead: banner + dim.
    old_picture = frame_age is not None
    if state is StreamState.CONNECTING:
        return TileState(Health.CONNECTING, Phrase.CONNECTING, old_picture)
    if state is StreamState.BUFFERING:
        return TileState(Health.CONNECTING, Phrase.WAITING, old_picture)
    return TileState(Health.IDLE, Phrase.IDLE, old_picture)


def over_old_picture(state: TileState) -> TileState:
    """The state to show over a remembered picture while the stream has none of its own.

    Failures and stalls say more than "waiting", and so does a reconnect
    countdown; anything else becomes a dimmed "waiting for pictures".
    """
    if state.health in (Health.FAILED, Health.STALLED):
        return state
    if state.health is Health.CONNECTING and state.banner:
        return state
    return WAITING_OVER_OLD_PICTURE
