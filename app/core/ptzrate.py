"""Rate limiting of PTZ ContinuousMove commands, one limiter per camera.

A joystick or a mouse drag produces dozens of velocity changes a second;
cameras choke on that (many queue requests and keep moving long after the
operator let go). The limiter lets at most one move through per interval
(10 per second by default) and keeps only the *latest* velocity while it
waits, so the camera always ends up with what the operator holds now. A stop
(an explicit Stop, or a zero velocity) is never delayed or dropped: it goes
out at once and discards anything pending.

Plain data and a clock: the caller (the PTZ panel's driver) asks what to send
and when to ask again; nothing here does I/O or sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Velocity:
    """Pan, tilt and zoom speeds in -1..1 (ONVIF's generic velocity space)."""

    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0

    def __post_init__(self) -> None:
        for name in ("pan", "tilt", "zoom"):
            value = getattr(self, name)
            if not -1.0 <= value <= 1.0:  # also refuses NaN
                raise ValueError(f"{name} velocity {value!r} is outside -1..1")

    @property
    def is_stop(self) -> bool:
        """True when every axis is still: sending it is a Stop."""
        return self.pan == 0.0 and self.tilt == 0.0 and self.zoom == 0.0


STOP = Velocity()


class MoveRateLimiter:
    """Coalesce velocity changes to at most one command per ``interval`` seconds.

    ``offer`` returns the velocity to send now, or None when it was kept as
    pending; ``due`` says when to call ``poll`` to send the pending one. A
    stop always returns at once.
    """

    def __init__(self, max_per_second: float = 10.0, clock: Clock = time.monotonic) -> None:
        if max_per_second <= 0:
            raise ValueError("max_per_second must be positive")
        self.interval = 1.0 / max_per_second
        self._clock = clock
        self._last_sent: float | None = None
        self._current: Velocity = STOP  # what the camera was last told
        self._pending: Velocity | None = None
        self.coalesced = 0  # velocities replaced before being sent (for statistics)

    @property
    def pending(self) -> Velocity | None:
        """The velocity waiting for its slot, if any."""
        return self._pending

    def offer(self, velocity: Velocity) -> Velocity | None:
        """A new wish of the operator; returns what to send now (or None: wait)."""
        if velocity.is_stop:
            return self.stop()
        if velocity == self._current and self._pending is None:
            return None  # the camera already does this
        now = self._clock()
        if self._last_sent is None or now - self._last_sent >= self.interval:
            return self._send(velocity, now)
        if self._pending is not None:
            self.coalesced += 1
        self._pending = velocity
        return None

    def stop(self) -> Velocity:
        """Stop now: drops the pending velocity, never waits for the slot."""
        if self._pending is not None:
            self.coalesced += 1
        self._pending = None
        return self._send(STOP, self._clock())

    def due(self) -> float | None:
        """Clock time at which ``poll`` will release the pending velocity; None if none."""
        if self._pending is None or self._last_sent is None:
            return None
        return self._last_sent + self.interval

    def poll(self) -> Velocity | None:
        """The pending velocity if its slot has come, else None."""
        due = self.due()
        if due is None or self._clock() < due:
            return None
        velocity, self._pending = self._pending, None
        return self._send(velocity, self._clock()) if velocity is not None else None

    def _send(self, velocity: Velocity, now: float) -> Velocity:
        self._last_sent = now
        self._current = velocity
        return velocity
