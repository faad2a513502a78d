"""Playback of a recording as a Qt-free feed: seek, play at a speed, pause, step, reverse.

A :class:`PlaybackFeed` runs its own asyncio loop on a thread. It opens a
frame stream at the asked time (from a recorder, or from the pre-event
buffer for an instant replay), decodes with PyAV and keeps the newest
picture for the view to take; the view never waits for the network.

- **seek** opens a stream at the time asked, decodes from the key frame
  before it and shows the first picture at or after it (what a scrub
  release shows);
- **play** paces pictures by their capture times at the chosen speed; above
  4x only key frames are decoded (a fraction of the CPU, one picture a
  second of video);
- **reverse** steps back key frame by key frame (a seek each), so it works
  with any recorder, whether or not it can play backwards;
- **step** shows the next frame while paused.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import enum
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import av

from app.core.recording import START_CODE, RecordedFrame, StreamFormat
from app.video.packet_ring import PacketRing, as_frame

logger = logging.getLogger("app.video")

FAST_FROM = 4.0  # speeds above this decode key frames only
FRAME_S = 0.04


class FrameStream(Protocol):
    """Frames of a recording from some time on (a recorder's replay, a buffer)."""

    @property
    def stream_format(self) -> StreamFormat:
        """Codec and parameter sets."""

    def frames(self) -> AsyncIterator[RecordedFrame]:
        """The frames, in time order."""

    async def close(self) -> None:
        """Stop and release the connection."""


Opener = Callable[[float], Awaitable[FrameStream]]
"""Opens a frame stream starting at (the key frame before) a time."""


class PlayState(enum.StrEnum):
    """What a playback feed is doing."""

    IDLE = "idle"
    SEEKING = "seeking"
    PLAYING = "playing"
    PAUSED = "paused"
    FAILED = "failed"


@dataclass(frozen=True)
class Picture:
    """A decoded picture and the time it was captured."""

    image: Any  # av.VideoFrame
    capture_time: float
    width: int
    height: int
    seq: int


class PlaybackFeed:
    """One camera's recording, played on a thread of its own."""

    def __init__(
        self, camera_id: str, opener: Opener, closer: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.camera_id = camera_id
        self._opener = opener
        self._closer = closer  # releases the source (a recorder's sessions) on the feed's loop
        self._lock = threading.Lock()
        self._picture: Picture | None = None
        self._seq = 0
        self.state = PlayState.IDLE
        self.error = ""
        self.speed = 1.0
        self.position = 0.0
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Future[None] | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"playback-{camera_id}")
        self._thread.start()

    # -- commands (any thread) ----------------------------------------------

    def seek(self, t: float, then_play: bool = False) -> None:
        """Show the picture at ``t`` (and play from there when ``then_play``)."""
        self._start(self._seek(t, then_play))

    def play(self, speed: float = 1.0) -> None:
        """Play from the current position at ``speed`` (negative: backwards by key frames)."""
        self.speed = speed
        self._start(self._reverse(self.position) if speed < 0 else self._seek(self.position, True))

    def pause(self) -> None:
        """Stop at the picture shown."""
        self._start(self._idle())

    def step(self) -> None:
        """The next frame (while paused)."""
        self._start(self._seek(self.position + FRAME_S, False))

    def latest(self) -> Picture | None:
        """The newest picture (None before the first)."""
        with self._lock:
            return self._picture

    def close(self, timeout: float = 5.0) -> None:
        """Stop playing, release the source and end the thread."""
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout)
        except Exception:  # closing is best effort: the connection dies with the thread
            logger.exception("closing the playback of %s", self.camera_id)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._loop.close()

    def submit(self, job: Awaitable[Any]) -> concurrent.futures.Future[Any]:
        """Run a coroutine on the feed's loop (a search on the same recorder connection)."""
        return asyncio.run_coroutine_threadsafe(_awaited(job), self._loop)

    def wait_picture(self, after_seq: int, timeout: float) -> Picture | None:
        """Block until a picture newer than ``after_seq`` arrives (bench and tools)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            picture = self.latest()
            if picture is not None and picture.seq > after_seq:
                return picture
            if self.state is PlayState.FAILED:
                return None
            threading.Event().wait(0.005)
        return None

    # -- the loop thread --------------------------------------------------------

    def _start(self, job: Awaitable[None]) -> None:
        def swap() -> None:
            if self._task is not None:
                self._task.cancel()
            self._task = asyncio.ensure_future(job)

        self._loop.call_soon_threadsafe(swap)

    async def _shutdown(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._closer is not None:
            await self._closer()

    async def _idle(self) -> None:
        if self.state is not PlayState.FAILED:
            self.state = PlayState.PAUSED if self._picture is not None else PlayState.IDLE

    def _show(self, image: Any, t: float) -> None:
        with self._lock:
            self._seq += 1
            self._picture = Picture(image, t, image.width, image.height, self._seq)
        self.position = t

    async def _seek(self, t: float, then_play: bool) -> None:
        self.state = PlayState.SEEKING
        try:
            stream = await self._opener(t)
        except Exception as err:  # the recorder's failure, in words, for the view
            self._fail(err)
            return
        try:
            await self._run(stream, t, then_play)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            self._fail(err)
        finally:
            await stream.close()

    def _fail(self, err: Exception) -> None:
        self.state, self.error = PlayState.FAILED, str(getattr(err, "detail", err))
        logger.warning("playback of %s: %s", self.camera_id, self.error)

    async def _run(self, stream: FrameStream, t: float, then_play: bool) -> None:
        decoder = _decoder(stream.stream_format)
        clock: tuple[float, float] | None = None  # (capture time, monotonic) of the first shown
        async for frame in stream.frames():
            fast = then_play and self.speed > FAST_FROM
            decoder.skip_frame = "NONKEY" if fast else "DEFAULT"
            pictures = decoder.decode(av.Packet(frame.annexb()))
            if not pictures or frame.capture_time < t - FRAME_S / 2:
                continue  # pre-roll from the key frame before the time asked
            if clock is not None:
                due = clock[1] + (frame.capture_time - clock[0]) / self.speed
                await asyncio.sleep(max(0.0, due - time.monotonic()))
            self._show(pictures[-1], frame.capture_time)
            if not then_play:
                self.state = PlayState.PAUSED
                return
            self.state = PlayState.PLAYING
            clock = clock or (frame.capture_time, time.monotonic())
        self.state = PlayState.PAUSED

    async def _reverse(self, t: float) -> None:
        """Backwards: the key frame a second earlier, again and again, at the speed asked."""
        while True:
            t = t - t % 1.0 - 1.0 if t % 1.0 < 1e-6 else t - t % 1.0
            await self._seek(t, False)
            if self.state is PlayState.FAILED:
                return
            self.state = PlayState.PLAYING
            await asyncio.sleep(1.0 / abs(self.speed))


async def _awaited(job: Awaitable[Any]) -> Any:
    return await job


def _decoder(fmt: StreamFormat) -> Any:
    codec = av.CodecContext.create(fmt.codec.value, "r")
    if fmt.parameter_sets:
        codec.extradata = b"".join(START_CODE + p for p in fmt.parameter_sets)
    codec.thread_count = 2
    return codec


class ListStream:
    """A frame stream over frames already in memory (the pre-event buffer)."""

    def __init__(self, fmt: StreamFormat, frames: list[RecordedFrame]) -> None:
        self._format = fmt
        self._frames = frames

    @property
    def stream_format(self) -> StreamFormat:
        """Codec and parameter sets of the buffered stream."""
        return self._format

    async def frames(self) -> AsyncIterator[RecordedFrame]:
        """The frames from the one given first."""
        for frame in self._frames:
            yield frame
            await asyncio.sleep(0)

    async def close(self) -> None:
        """Let the frames go."""
        self._frames = []


def ring_opener(ring: PacketRing) -> Opener:
    """Open streams over a pre-event buffer (instant replay without a recorder)."""

    async def open_at(t: float) -> FrameStream:
        packets = ring.snapshot()
        fmt = ring.stream_format
        if not packets or fmt is None:
            raise LookupError("nothing in the buffer yet")
        frames = [as_frame(p, packets[0]) for p in packets]
        keys = [i for i, f in enumerate(frames) if f.key and f.capture_time <= t + FRAME_S / 2]
        return ListStream(fmt, frames[keys[-1] if keys else 0 :])

    return open_at
