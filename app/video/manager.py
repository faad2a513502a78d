"""Sharing stream workers between the views that show them.

Every tile that shows camera X's sub-stream gets the same worker: the
manager counts users per ``StreamKey`` and stops the worker when the last
one lets go. ``acquire`` never blocks: the source is resolved (which may
mean ONVIF calls over the network) on the worker's own thread before each
connection attempt, so a slow or broken camera shows up as a stream state,
never as a frozen window. The resolver is given by the composition root
(``app.devices.sources.DeviceSourceResolver`` for a wall); the video layer
itself only knows configured URLs.
"""

from __future__ import annotations

import collections
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from app.core.model import Camera, Profile
from app.core.streams import Failure, Stream, StreamKey, StreamSource, VideoFrame

logger = logging.getLogger("app.video")

LAST_FRAMES_KEPT = 32  # sub-stream pictures are ~0.35 MB each

#: Turns a camera and profile into something to open; may block; called off the GUI thread.
Resolver = Callable[[Camera, Profile], StreamSource]


class SourceError(Exception):
    """A camera whose configuration gives no stream to open.

    Attributes:
        failure: the kind shown on the tile (MALFORMED: nothing usable configured).
    """

    def __init__(self, message: str, failure: Failure = Failure.MALFORMED) -> None:
        super().__init__(message)
        self.failure = failure


class LazyEngine(Protocol):
    """An engine that resolves sources on its worker threads (``PyAVEngine`` is one)."""

    name: str

    def open_lazy(
        self, key: StreamKey, factory: Callable[[], StreamSource], camera: Camera | None = None
    ) -> Stream:
        """Start a worker that calls ``factory`` before each connection attempt.

        ``camera`` is what the stream shows, for engines that choose by camera.
        """
        ...

    def close_many(self, streams: Iterable[Stream]) -> None:
        """Stop workers, waiting a bounded time for all of them together."""
        ...


def url_resolver(camera: Camera, profile: Profile) -> StreamSource:
    """The configured URL for ``profile`` (the sub-stream falls back to the main one)."""
    url = camera.main_url
    if profile is Profile.SUB and camera.sub_url:
        url = camera.sub_url
    if not url:
        raise SourceError(f"camera {camera.id!r} has no stream URL configured")
    return StreamSource(
        url,
        camera.username,
        camera.password,
        camera.transport,
        allow_basic_auth=camera.allow_basic_auth,
    )


@dataclass
class _Entry:
    stream: Stream
    users: int


class StreamManager:
    """Reference-counted, shared stream workers; thread-safe."""

    def __init__(self, engine: LazyEngine, resolver: Resolver = url_resolver) -> None:
        self._engine = engine
        self._resolver = resolver
        self._lock = threading.Lock()
        self._entries: dict[StreamKey, _Entry] = {}
        self._stopping: list[Stream] = []
        # The last picture of recently stopped streams, shown (dimmed) when the
        # camera is called up again, before its stream delivers.
        self._last: collections.OrderedDict[str, VideoFrame] = collections.OrderedDict()

    def acquire(self, camera: Camera, profile: Profile) -> Stream:
        """The shared stream for ``camera``/``profile``, started if needed; never blocks."""
        key = StreamKey(camera.id, profile)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                entry.users += 1
                return entry.stream
            factory = functools.partial(self._resolver, camera, profile)
            stream = self._engine.open_lazy(key, factory, camera)
            self._entries[key] = _Entry(stream, 1)
        logger.info("%s/%s: stream started", key.camera_id, key.profile)
        return stream

    def last_frame(self, camera_id: str) -> VideoFrame | None:
        """The newest picture seen of ``camera_id`` in any profile (None if none)."""
        with self._lock:
            streams = [e.stream for k, e in self._entries.items() if k.camera_id == camera_id]
            cached = self._last.get(camera_id)
        frames = [s.mailbox.latest()[1] for s in streams] + [cached]
        seen = [f for f in frames if f is not None]
        return max(seen, key=lambda f: f.received_at, default=None)

    def release(self, stream: Stream) -> None:
        """One user fewer; the last one's release stops the worker (without waiting)."""
        with self._lock:
            entry = self._entries.get(stream.key)
            if entry is None or entry.stream is not stream:
                logger.warning("%s: released a stream that is not held", stream.key)
                return
            entry.users -= 1
            if entry.users > 0:
                return
            del self._entries[stream.key]
            self._remember(stream)
            self._stopping = [s for s in self._stopping if _alive(s)]
            self._stopping.append(stream)
        _request_stop(stream)
        logger.info("%s/%s: stream stopped", stream.key.camera_id, stream.key.profile)

    def users(self, key: StreamKey) -> int:
        """How many users hold the stream for ``key`` (0 when none runs)."""
        with self._lock:
            entry = self._entries.get(key)
            return entry.users if entry else 0

    def active(self) -> list[Stream]:
        """The streams currently held by at least one user."""
        with self._lock:
            return [entry.stream for entry in self._entries.values()]

    def shutdown(self) -> None:
        """Stop every worker, waiting a bounded time for all of them together."""
        with self._lock:
            streams = [entry.stream for entry in self._entries.values()] + self._stopping
            self._entries.clear()
            self._stopping = []
        started = time.monotonic()
        self._engine.close_many(streams)
        logger.info("%d streams stopped in %.2f s", len(streams), time.monotonic() - started)

    def _remember(self, stream: Stream) -> None:
        """Keep a stopping stream's last picture (a few cameras' worth; lock held)."""
        _, frame = stream.mailbox.latest()
        if frame is None:
            return
        self._last[stream.key.camera_id] = frame
        self._last.move_to_end(stream.key.camera_id)
        while len(self._last) > LAST_FRAMES_KEPT:
            self._last.popitem(last=False)


def _request_stop(stream: Stream) -> None:
    """Ask a worker to stop without waiting for it."""
    request = getattr(stream, "request_stop", None)
    if callable(request):
        request()


def _alive(stream: Stream) -> bool:
    """Whether a stopping worker's thread still runs (unknown engines: assume so)."""
    join = getattr(stream, "join", None)
    return not (callable(join) and join(0))
