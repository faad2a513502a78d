"""Counting what the wall paints, from outside the tiles.

A tile calls ``Stream.note_frame_taken`` once for every new frame it
converts to paint. The benchmark hands the wall a provider whose streams
wrap the real ones and count those calls, so painted frame rates, the
first painted picture and latency samples need no hook inside the tiles.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app.core.model import Camera, Profile
from app.core.streams import (
    DecodeMode,
    Stream,
    StreamProvider,
    StreamStats,
    StreamStatus,
    VideoFrame,
)

#: Called with the stream and the monotonic time of each painted new frame.
PaintHook = Callable[["CountedStream", float], None]


class CountedStream:
    """A ``Stream`` that counts the frames views take from it."""

    def __init__(self, inner: Stream, camera_id: str, profile: Profile) -> None:
        self.inner = inner
        self.key = inner.key
        self.mailbox = inner.mailbox
        self.camera_id, self.profile = camera_id, profile
        self.acquired_at = time.monotonic()
        self.taken = 0
        self.first_taken_at: float | None = None
        self.hook: PaintHook | None = None

    @property
    def status(self) -> StreamStatus:
        """The wrapped stream's state."""
        return self.inner.status

    def stats(self) -> StreamStats:
        """The wrapped stream's rates."""
        return self.inner.stats()

    def note_frame_taken(self) -> None:
        """Count one painted new frame, then tell the wrapped stream."""
        now = time.monotonic()
        self.taken += 1
        if self.first_taken_at is None:
            self.first_taken_at = now
        self.inner.note_frame_taken()
        if self.hook is not None:
            self.hook(self, now)

    def set_decode_mode(self, mode: DecodeMode) -> None:
        """Pass overload control's decision on to the wrapped stream."""
        self.inner.set_decode_mode(mode)

    def __getattr__(self, name: str) -> Any:
        # Whatever else views ask of a stream (engine extensions) goes through.
        return getattr(self.inner, name)


class CountingProvider:
    """A ``StreamProvider`` handing out ``CountedStream`` wrappers."""

    def __init__(self, inner: StreamProvider) -> None:
        self.inner = inner
        self.streams: list[CountedStream] = []
        self.hook: PaintHook | None = None

    def acquire(self, camera: Camera, profile: Profile) -> Stream:
        """Acquire from the real provider and wrap it."""
        stream = CountedStream(self.inner.acquire(camera, profile), camera.id, profile)
        stream.hook = self._on_taken
        self.streams.append(stream)
        return stream

    def release(self, stream: Stream) -> None:
        """Give the wrapped stream back."""
        if isinstance(stream, CountedStream):
            if stream in self.streams:
                self.streams.remove(stream)
            stream.hook = None
            stream = stream.inner
        self.inner.release(stream)

    def last_frame(self, camera_id: str) -> VideoFrame | None:
        """The real provider's last picture of ``camera_id``."""
        return self.inner.last_frame(camera_id)

    def latest_for(self, camera_id: str) -> CountedStream | None:
        """The newest wrapper held for ``camera_id``."""
        return next((s for s in reversed(self.streams) if s.camera_id == camera_id), None)

    def _on_taken(self, stream: CountedStream, now: float) -> None:
        if self.hook is not None:
            self.hook(stream, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
