"""The PyAV engine: opens streams as ``PyAVStream`` worker threads.

``open`` takes a ready ``StreamSource``; ``open_lazy`` takes a callable
that produces one on the worker thread, so that slow source resolution
(ONVIF calls) never blocks the caller, and a resolution failure is shown
and retried like any other stream failure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.core.model import Camera
from app.core.streams import Stream, StreamKey, StreamSource
from app.video.convert import keep_opencv_single_threaded
from app.video.packet_ring import PreEventBuffers, pre_event_buffers
from app.video.worker import PyAVStream, SourceFactory, Timings, stop_all

if TYPE_CHECKING:
    from app.config.settings import Settings

logger = logging.getLogger("app.video")


class PyAVEngine:
    """Engine backed by PyAV; one non-daemon worker thread per stream."""

    name = "pyav"

    def __init__(
        self,
        timings: Timings | None = None,
        decode_threads: int = 2,
        buffers: PreEventBuffers | None = None,
    ) -> None:
        """Create the engine.

        Args:
            timings: timeouts, stall limits and backoff (defaults suit live cameras).
            decode_threads: FFmpeg decoder threads per stream; 1 keeps latency lowest.
            buffers: where each stream keeps its last seconds of packets (None: nowhere).
        """
        self.timings = timings or Timings()
        self._decode_threads = decode_threads
        self.buffers = buffers

    def open(self, key: StreamKey, source: StreamSource) -> PyAVStream:
        """Start a worker that plays ``source`` until ``close``."""
        return self.open_lazy(key, lambda: source)

    def open_lazy(
        self, key: StreamKey, factory: SourceFactory, camera: Camera | None = None
    ) -> PyAVStream:
        """Start a worker that calls ``factory`` (on its own thread) before each attempt.

        ``camera`` is not needed: PyAV plays every camera the same way.
        """
        tap = self.buffers.tap(key) if self.buffers is not None else None
        stream = PyAVStream(key, factory, self.timings, self._decode_threads, tap)
        stream.start()
        return stream

    def close(self, stream: Stream) -> None:
        """Stop the worker and wait (bounded by ``timings.join_timeout``) for it."""
        self.close_many([stream])

    def close_many(self, streams: Iterable[Stream]) -> None:
        """Stop several workers together; the wait is bounded once for all of them."""
        ours = [s for s in streams if isinstance(s, PyAVStream)]
        for stream in stop_all(ours, self.timings.join_timeout):
            # It ends on its own once its blocked open times out; nothing waits for it.
            logger.warning("%s: worker still busy after stop; left to finish", stream.key)


def wall_engine(settings: Settings) -> PyAVEngine:
    """The engine as a wall runs it: the configured timings and decoder threads.

    ``wall.stall_seconds`` is the worker's stall rule as well as the tile's
    banner, so both say "no signal" at the same moment. OpenCV, which turns
    the wall's frames into pixels, is kept to one thread here too (see
    ``keep_opencv_single_threaded``). Each stream keeps its last
    ``video.pre_event_seconds`` of packets (``engine.buffers``).
    """
    keep_opencv_single_threaded()
    timings = Timings(
        open_timeout=settings.float_value("video.open_timeout_s"),
        backoff_cap=settings.float_value("video.reconnect_max_s"),
    )
    return PyAVEngine(
        timings.with_stall(settings.float_value("wall.stall_seconds")),
        decode_threads=settings.int_value("video.decode_threads"),
        buffers=pre_event_buffers(settings),
    )
