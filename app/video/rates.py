"""Sliding-window rate meters for stream statistics.

Rates are computed over the last couple of seconds so that a stream that
slows down or freezes shows it at once instead of averaging it away.
"""

from __future__ import annotations

import collections
import threading
import time


class RateMeter:
    """Counts events (and their sizes) over a sliding time window; thread-safe."""

    def __init__(self, window: float = 2.0) -> None:
        self._window = window
        self._lock = threading.Lock()
        self._events: collections.deque[tuple[float, int]] = collections.deque()

    def add(self, size: int = 1, now: float | None = None) -> None:
        """Record one event of ``size`` units (1 for a frame, bytes for a packet)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._events.append((now, size))
            self._trim(now)

    def rate(self, now: float | None = None) -> float:
        """Units per second over the window (events per second for frames).

        Uses the span actually covered when the meter is younger than the
        window, so the first seconds of a stream do not read low.
        """
        now = time.monotonic() if now is None else now
        with self._lock:
            self._trim(now)
            if len(self._events) < 2:
                return 0.0
            first = self._events[0][0]
            span = max(now - first, 1e-3)
            if span < self._window / 2:
                # Too little history: measure between the events themselves.
                span = max(self._events[-1][0] - first, 1e-3)
                total = sum(size for _, size in list(self._events)[1:])
                return total / span
            return sum(size for _, size in self._events) / min(span, self._window)

    def clear(self) -> None:
        """Forget every event (e.g. after a reconnect)."""
        with self._lock:
            self._events.clear()

    def _trim(self, now: float) -> None:
        limit = now - self._window
        while self._events and self._events[0][0] < limit:
            self._events.popleft()


class SourceRate:
    """Frames per second of the source, from the frames' own time stamps.

    Arrival rates lie when a server sends a burst (a GOP sent at once on
    PLAY makes a 12.5 fps camera read 50 fps); the time stamps do not.
    """

    def __init__(self, frames: int = 50) -> None:
        self._lock = threading.Lock()
        self._times: collections.deque[float] = collections.deque(maxlen=frames)

    def add(self, stamp: float | None) -> None:
        """Record a frame's presentation time in seconds (None is ignored)."""
        if stamp is None:
            return
        with self._lock:
            if self._times and stamp <= self._times[-1]:
                self._times.clear()  # time stamps jumped back: a new stream
            self._times.append(stamp)

    def rate(self) -> float:
        """Frames per second over the frames kept, 0.0 with fewer than two."""
        with self._lock:
            if len(self._times) < 2:
                return 0.0
            span = self._times[-1] - self._times[0]
            return (len(self._times) - 1) / span if span > 0 else 0.0

    def clear(self) -> None:
        """Forget every frame (after a reconnect)."""
        with self._lock:
            self._times.clear()
