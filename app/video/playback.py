"""A recording's player: seek, play at a speed, pause, step, reverse; Qt-free, on its own thread.

A :class:`Player` runs its own asyncio loop on a thread. It opens a frame
stream at the asked time (from a recorder, or from the pre-event buffer for
an instant replay), decodes with PyAV and keeps the newest picture for the
view to take; the view never waits for the network. A playback tile's feed
(``app.video.playback_feed``) drives one.

- **seek** opens a stream at the time asked, decodes from the key frame
  before it and shows the first picture at or after it (what a scrub
  release shows);
- **play** at 1x paces pictures here, by their capture times. At other
  speeds the stream is asked of the recorder at that ``Scale`` (ONVIF and
  RTSP's own way): where the recorder keeps to it, pictures are shown as
  they come, paced by the device, and fast forward sends key frames only;
  where it does not (or the source is the local buffer), pictures are paced
  here, and above 4x only key frames are decoded;
- **reverse** is played by the recorder where it allows a negative
  ``Scale`` (key frames, newest first), else stepped here key frame by key
  frame, one seek each, which works with any recorder;
- **step** shows the next frame while paused.

A stream that ends while playing (a replay covers a window of time) is
followed by the next window from where it stopped.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
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
CLOSE_TIMEOUT_S = 5.0
MAX_WINDOWS = 1000  # windows followed in one play (at 16x, more than a week of video)


class FrameStream(Protocol):
    """Frames of a recording from some time on (a recorder's replay, a buffer).

    A stream may also say ``device_paced = True``: the device sends it at
    the speed asked (``Scale``), so the player shows frames as they come.
    """

    @property
    def stream_format(self) -> StreamFormat:
        """Codec and parameter sets."""

    def frames(self) -> AsyncIterator[RecordedFrame]:
        """The frames, in the order of play (newest first when played backwards)."""

    async def close(self) -> None:
        """Stop and release the connection."""


Opener = Callable[[float, float], Awaitable[FrameStream]]
"""Opens a frame stream at (the key frame before) a time, at a speed (``Scale``; 1: normal;
``STILL``: only the picture at that time is wanted, as soon as the source can)."""
STILL = 0.0


class PlayState(enum.StrEnum):
    """What a player is doing."""

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


class Player:
    """One camera's recording, played on a thread of its own (see module doc)."""

    def __init__(
        self, camera_id: str, opener: Opener, closer: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.camera_id = camera_id
        self._opener = opener
        self._closer = closer  # releases the source (a recorder's sessions) on the player's loop
        self._lock = threading.Lock()
        self._picture: Picture | None = None
        self._seq = 0
        self.state = PlayState.IDLE
        self.error = ""  # the last failure's detail (English, for the log)
        self.failure = ""  # its kind (``ReplayFailure``'s value where the source gave one)
        self.speed = 1.0
        self.position = 0.0
        self.device_paced = False  # the recorder keeps to the speed (``Scale``) asked
        self._closing = False
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Future[object] | None = None
        self._thread = threading.Thread(target=self._serve, name=f"playback-{camera_id}")
        self._thread.start()

    # -- commands (any thread) ----------------------------------------------

    def seek(self, t: float, then_play: bool = False) -> None:
        """Show the picture at ``t`` (and play on from there at the speed set, ``then_play``)."""
        self.position = t
        self._start(self._play_from(t) if then_play else self._seek(t, False))

    def play(self, speed: float = 1.0) -> None:
        """Play from the current position at ``speed`` (negative: backwards)."""
        self.speed = speed
        self._start(self._play_from(self.position))

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

    def close(self, timeout: float = 0.0) -> None:
        """Stop playing, release the source and end the thread (waiting ``timeout`` s for it).

        The GUI closes players without waiting: a recorder that is slow to
        answer TEARDOWN must not freeze the wall.
        """
        if self._closing:
            return
        self._closing = True
        try:
            self._loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._shutdown()))
        except RuntimeError:  # the loop is already gone
            return
        if timeout > 0:
            self._thread.join(timeout)

    def submit(self, job: Awaitable[Any]) -> concurrent.futures.Future[Any]:
        """Run a coroutine on the player's loop (a search on the same recorder connection)."""
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

    def _serve(self) -> None:
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    def _start(self, job: Awaitable[object]) -> None:
        def swap() -> None:
            if self._task is not None:
                self._task.cancel()
            self._task = asyncio.ensure_future(job)

        if self._closing:
            _discard(job)
            return
        self._loop.call_soon_threadsafe(swap)

    async def _shutdown(self) -> None:
        """Cancel everything, release the source (bounded), then stop the loop."""
        try:
            current = asyncio.current_task()
            others = [t for t in asyncio.all_tasks() if t is not current]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            if self._closer is not None:
                await asyncio.wait_for(self._closer(), CLOSE_TIMEOUT_S)
        except Exception:  # closing is best effort: the connection dies with the thread
            logger.exception("closing the playback of %s", self.camera_id)
        finally:
            asyncio.get_running_loop().stop()

    async def _idle(self) -> None:
        if self.state is not PlayState.FAILED:
            self.state = PlayState.PAUSED if self._picture is not None else PlayState.IDLE

    def _show(self, image: Any, t: float) -> None:
        with self._lock:
            self._seq += 1
            self._picture = Picture(image, t, image.width, image.height, self._seq)
        self.position = t

    def _fail(self, err: Exception) -> None:
        self.state, self.error = PlayState.FAILED, str(getattr(err, "detail", err))
        self.failure = str(getattr(err, "failure", ""))
        logger.warning("playback of %s: %s", self.camera_id, self.error)

    async def _open(self, t: float, scale: float) -> FrameStream | None:
        """A stream at ``t`` (None, and FAILED, when the source refuses)."""
        self.state = PlayState.SEEKING
        try:
            stream = await self._opener(t, scale)
        except Exception as err:  # the recorder's failure, in words, for the view
            self._fail(err)
            return None
        self.failure = self.error = ""
        return stream

    async def _seek(self, t: float, then_play: bool) -> int:
        """Show ``t`` (and play on when ``then_play``); the number of pictures shown."""
        stream = await self._open(t, self.speed if then_play else STILL)
        if stream is None:
            return 0
        try:
            self.device_paced = bool(getattr(stream, "device_paced", False))
            return await self._run(stream, t, then_play)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            self._fail(err)
            return 0
        finally:
            await stream.close()

    async def _play_from(self, t: float) -> None:
        """Play on from ``t`` at the current speed, window after window."""
        if self.speed < 0:
            await self._reverse(t)
            return
        if self._picture is None:
            # Nothing on screen yet (an instant replay): the picture at ``t`` first, as
            # a still, which recorders send at once, then play from there. Played at
            # once, a recorder pacing itself would send the frames from the key frame
            # before ``t`` in real time first (up to a GOP, a second or more, of black).
            await self._seek(t, False)
            if self.state is PlayState.FAILED:
                return
        for _ in range(MAX_WINDOWS):
            shown = await self._seek(t, True)
            if self.state is PlayState.FAILED or shown == 0 or self.position <= t:
                break  # the end of the recording, or a failure
            t = self.position + FRAME_S
        if self.state is not PlayState.FAILED:
            self.state = PlayState.PAUSED

    async def _run(self, stream: FrameStream, t: float, then_play: bool) -> int:
        decoder = _decoder(stream.stream_format)
        clock: tuple[float, float] | None = None  # (capture time, monotonic) of the first shown
        shown = 0
        async for frame in stream.frames():
            fast = then_play and self.speed > FAST_FROM
            decoder.skip_frame = "NONKEY" if fast else "DEFAULT"
            pictures = decoder.decode(av.Packet(frame.annexb()))
            if not pictures or frame.capture_time < t - FRAME_S / 2:
                continue  # pre-roll from the key frame before the time asked
            if clock is not None and not self.device_paced:
                due = clock[1] + (frame.capture_time - clock[0]) / self.speed
                await asyncio.sleep(max(0.0, due - time.monotonic()))
            self._show(pictures[-1], frame.capture_time)
            shown += 1
            if not then_play:
                self.state = PlayState.PAUSED
                return shown
            self.state = PlayState.PLAYING
            clock = clock or (frame.capture_time, time.monotonic())
        return shown

    async def _reverse(self, t: float) -> None:
        """Backwards: played by the recorder where it can, else key frame by key frame here."""
        stream = await self._open(t, self.speed)
        if stream is None:
            return
        try:
            self.device_paced = bool(getattr(stream, "device_paced", False))
            if self.device_paced:
                await self._run_reverse(stream, t)
                if self.state is not PlayState.FAILED:
                    self.state = PlayState.PAUSED
                return
        except asyncio.CancelledError:
            raise
        except Exception as err:
            self._fail(err)
            return
        finally:
            await stream.close()
        await self._step_back(t)

    async def _run_reverse(self, stream: FrameStream, t: float) -> None:
        """Show the key frames a recorder sends backwards, as they come."""
        decoder = _decoder(stream.stream_format)
        async for frame in stream.frames():
            if frame.capture_time > t + FRAME_S / 2:
                continue
            pictures = decoder.decode(av.Packet(frame.annexb()))
            if not pictures:  # a decoder holding pictures back: flush it, start a new one
                pictures = decoder.decode(None)
                decoder = _decoder(stream.stream_format)
            if pictures:
                self._show(pictures[-1], frame.capture_time)
                self.state = PlayState.PLAYING

    async def _step_back(self, t: float) -> None:
        """The key frame a second earlier, again and again, at the speed asked."""
        while True:
            t = t - t % 1.0 - 1.0 if t % 1.0 < 1e-6 else t - t % 1.0
            await self._seek(t, False)
            if self.state is PlayState.FAILED:
                return
            self.state = PlayState.PLAYING
            await asyncio.sleep(1.0 / abs(self.speed))


async def _awaited(job: Awaitable[Any]) -> Any:
    return await job


def _discard(job: Awaitable[object]) -> None:
    """Close a coroutine that will never run (no "never awaited" warning)."""
    close = getattr(job, "close", None)
    if callable(close):
        close()


def _decoder(fmt: StreamFormat) -> Any:
    codec = av.CodecContext.create(fmt.codec.value, "r")
    if fmt.parameter_sets:
        codec.extradata = b"".join(START_CODE + p for p in fmt.parameter_sets)
    codec.thread_count = 2
    return codec


class ListStream:
    """A frame stream over frames already in memory (the pre-event buffer)."""

    device_paced = False

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
    """Open streams over a pre-event buffer (instant replay without a recorder).

    The buffer cannot play at another speed by itself: the player paces it.
    """

    async def open_at(t: float, scale: float = 1.0) -> FrameStream:
        frames = ring_frames(ring)
        fmt = ring.stream_format
        if not frames or fmt is None:
            raise LookupError("nothing in the buffer yet")
        keys = [i for i, f in enumerate(frames) if f.key and f.capture_time <= t + FRAME_S / 2]
        return ListStream(fmt, frames[keys[-1] if keys else 0 :])

    return open_at


def ring_frames(ring: PacketRing) -> list[RecordedFrame]:
    """The buffer's packets as frames, timed on this computer's clock."""
    packets = ring.snapshot()
    return [as_frame(p, packets[0]) for p in packets] if packets else []
